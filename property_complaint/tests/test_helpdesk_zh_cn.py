"""helpdesk_mgmt in Chinese: a zh_CN user meets none of its English terms.

helpdesk_mgmt ships no zh_CN; the addon's i18n_extra/zh_CN.po does. The English
terms looked for are helpdesk_mgmt's own .pot, not a list typed here.
"""

import importlib.util
import re

import polib
from lxml import etree, html

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import code_translations

LANG = "zh_CN"
TAG = re.compile(r"<[^>]+>")
# The attributes a user reads in a view or a page.
READ_ATTRIBUTES = ("string", "placeholder", "help", "title", "confirm", "sum")
EXTRA_PO = "property_complaint/i18n_extra/zh_CN.po"
HELPDESK_VIEWS = ("form", "list", "kanban", "search")


def _label(text):
    """A text as a user reads it: one line, no trailing colon."""
    return " ".join((text or "").split()).rstrip(":")


def _arch_texts(arch):
    tree = etree.fromstring(arch)
    for node in tree.iter():
        if isinstance(node.tag, str):
            yield node.text
            yield from (node.get(name) for name in READ_ATTRIBUTES)
        yield node.tail


def _fields_texts(fields):
    for description in fields.values():
        yield description.get("string")
        yield description.get("help")
        for _value, label in description.get("selection") or ():
            yield label


@tagged("post_install", "-at_install")
class TestHelpdeskChinese(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Chinese for every module, as loading the language does: a new
        # database (Odoo's runner at install) has none yet.
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations([LANG])
        # The terms are written in SQL: what was read before is stale.
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()
        cls.terms = cls._english_terms()
        cls.desk_manager = new_test_user(
            cls.env,
            login="pct-zh-desk-manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            name="服务台经理",
            lang=LANG,
        )
        cls.owner = new_test_user(
            cls.env,
            login="pct-zh-owner",
            password="pct-zh-owner",
            groups="base.group_portal",
            name="业主",
            lang=LANG,
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "客服团队",
                "user_ids": [Command.set(cls.desk_manager.ids)],
                "show_in_portal": True,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "电梯故障",
                "description": "<p>电梯停在三楼。</p>",
                "team_id": team.id,
                "partner_id": cls.owner.partner_id.id,
            }
        )

    @classmethod
    def _english_terms(cls):
        """helpdesk_mgmt's terms as a user would read them, minus those that read
        the same in Chinese (ID, Odoo): those cannot be told apart."""
        template = polib.pofile(file_path("helpdesk_mgmt/i18n/helpdesk_mgmt.pot"))
        chinese = {e.msgid: e.msgstr for e in polib.pofile(file_path(EXTRA_PO))}
        return {
            label
            for entry in template
            if (label := _label(TAG.sub(" ", entry.msgid)))
            and label not in chinese.get(entry.msgid, "")
        }

    def _assert_chinese(self, texts, where):
        english = {_label(text) for text in texts if text} & self.terms
        self.assertFalse(english, f"English terms of helpdesk_mgmt in {where}")

    def _views_texts(self, model, view_types, lang=LANG):
        """{where: texts} of the views and fields a user of lang is sent."""
        result = (
            self.env[model]
            .with_user(self.desk_manager)
            .with_context(lang=lang)
            .get_views([(False, view_type) for view_type in view_types])
        )
        texts = {
            f"{model} {view_type}": list(_arch_texts(view["arch"]))
            for view_type, view in result["views"].items()
        }
        for name, description in result["models"].items():
            texts[f"{name} fields"] = list(_fields_texts(description["fields"]))
        return texts

    def _assert_views_chinese(self, model, view_types):
        for where, texts in self._views_texts(model, view_types).items():
            self._assert_chinese(texts, where)

    def test_every_record_term_is_loaded(self):
        """Each record the file translates reads Chinese, stages included (its
        own, or one Odoo already gave a shared record, e.g. a model's name)."""
        english = {}
        views = set()
        for entry in polib.pofile(file_path(EXTRA_PO)):
            for occurrence, _line in entry.occurrences:
                kind, _sep, target = occurrence.partition(":")
                if kind == "model_terms" and target.startswith("ir.ui.view,"):
                    views.add(target.split(":")[1])
                if kind != "model":
                    continue
                model_field, xmlid = target.split(":")
                _model, field = model_field.split(",")
                record = self.env.ref(xmlid, raise_if_not_found=False)
                if record is None:  # demo data not loaded
                    continue
                value = record.with_context(lang=LANG)[field]
                if value == entry.msgid != entry.msgstr:
                    english[xmlid, field] = value
        self.assertEqual(english, {})
        self.assertGreater(len(views), 10)
        # Views and templates, settings and those no test below renders included.
        for xmlid in views:
            view = self.env.ref(xmlid).with_context(lang=LANG)
            self._assert_chinese(_arch_texts(view.arch_db), xmlid)
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        self.assertEqual(stage.with_context(lang=LANG).name, "等待中")

    def test_menus_actions_and_stages(self):
        menus = (
            self.env["ir.ui.menu"]
            .with_user(self.desk_manager)
            .with_context(lang=LANG)
            .load_menus(False)
        )
        app = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        self.assertEqual(menus[app.id]["name"], "服务台")
        self._assert_chinese((menu["name"] for menu in menus.values()), "menus")
        env = self.env(user=self.desk_manager, context={"lang": LANG})
        actions = self.env["ir.model.data"].search(
            [
                ("module", "=", "helpdesk_mgmt"),
                ("model", "in", ("ir.actions.act_window", "ir.actions.server")),
            ]
        )
        self._assert_chinese(
            (env[data.model].browse(data.res_id).sudo().name for data in actions),
            "actions",
        )
        stages = env["helpdesk.ticket.stage"].search([])
        self._assert_chinese(stages.mapped("name"), "stages")
        self.assertIn("处理中", stages.mapped("name"))

    def test_ticket_views(self):
        self._assert_views_chinese("helpdesk.ticket", (*HELPDESK_VIEWS, "pivot"))
        # The same look in English finds the terms the issue saw: the check works.
        in_english = self._views_texts("helpdesk.ticket", ("form",), "en_US")
        english = {
            _label(text) for texts in in_english.values() for text in texts if text
        }
        self.assertLessEqual(
            {"Team", "Assigned user", "Contact", "Category", "Tags", "Priority"},
            english & self.terms,
        )
        for model in (
            "helpdesk.ticket.stage",
            "helpdesk.ticket.category",
            "helpdesk.ticket.tag",
            "helpdesk.ticket.channel",
        ):
            self._assert_views_chinese(model, ("form", "list", "search"))

    def test_dashboard(self):
        self._assert_views_chinese("helpdesk.ticket.team", HELPDESK_VIEWS)
        Team = self.env["helpdesk.ticket.team"].with_user(self.desk_manager)
        cards = Team.with_context(lang=LANG).retrieve_dashboard()
        self.assertIn("未关闭的工单", [card["name"] for card in cards])
        self._assert_chinese((card["name"] for card in cards), "dashboard cards")
        # Whoever reads English keeps it.
        english_cards = Team.with_context(lang="en_US").retrieve_dashboard()
        self.assertIn("Open Tickets", [card["name"] for card in english_cards])

    def test_portal_pages(self):
        self.authenticate("pct-zh-owner", "pct-zh-owner")
        for url in (
            "/my",
            "/my/tickets",
            "/my/tickets?groupby=stage",
            f"/my/ticket/{self.ticket.id}",
            "/new/ticket",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            page = html.fromstring(response.content)
            for script in page.xpath("//script | //style"):
                script.drop_tree()
            texts = page.xpath("//text()") + page.xpath(
                "//@placeholder | //@title | //@aria-label"
            )
            self._assert_chinese(texts, url)
        page = self.url_open("/new/ticket").text
        self.assertIn("提交新工单", page)
        self.assertIn("提交工单", page)
        # The form's one script message: the browser's terms are one dictionary,
        # so the addon's entry serves helpdesk_mgmt's new_ticket.esm.js.
        web = code_translations.get_web_translations("property_complaint", LANG)
        strings = {message["id"]: message["string"] for message in web["messages"]}
        too_big = strings.get(
            "The selected file (%sB) is over the maximum allowed file size (%sB)."
        )
        self.assertTrue(too_big and too_big.startswith("所选文件"))

    def test_upgrade_replaces_english_left_in_chinese(self):
        """18.0.1.1.0: a zh_CN value still English gives way to the file's;
        one somebody wrote in Chinese stays."""
        awaiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        awaiting.with_context(lang=LANG).name = "Awaiting"
        done.with_context(lang=LANG).name = "已办结"
        path = file_path("property_complaint/migrations/18.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("post_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.0.0")
        # What the upgrade does right after the script.
        self.env.ref("base.module_property_complaint")._update_translations(LANG)
        self.assertEqual(awaiting.with_context(lang=LANG).name, "等待中")
        self.assertEqual(done.with_context(lang=LANG).name, "已办结")
        self.assertEqual(awaiting.with_context(lang="en_US").name, "Awaiting")
