"""The owner files a complaint for one of their units on the portal and follows
it there (issue 12, items 1 and 2)."""

import base64
from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, freeze_time, tagged

from .common import PropertyComplaintCase

# The smallest PNG: a photo from the phone, as far as the server can tell.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


class PortalOwnerCase(PropertyComplaintCase, HttpCase):
    """Owner Wang Fang (unit 2-1-301) with a portal login; her neighbour Li Lei
    (2-1-302) with another."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_user = cls._create_portal_user(cls.owner_wang, "pct-owner-wang")
        cls.neighbour_user = cls._create_portal_user(cls.owner_li, "pct-owner-li")
        cls.center_sunny.company_id.helpdesk_mgmt_portal_select_category = True
        cls.category_leak.show_in_portal = True

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _submit(self, files=None, **values):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "category": self.category_leak.id,
                "subject": "Water in the bathroom",
                "description": "Water drips from the bathroom ceiling.",
                **values,
            },
            files=files,
        )

    def _tickets_of(self, partner, subject="Water in the bathroom"):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", partner.id), ("name", "=", subject)]
        )


@tagged("post_install", "-at_install")
class TestPortalFiling(PortalOwnerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_309 = cls.env["property.unit"].create(
            {
                "name": "2-1-309",
                "building_id": cls.building_sunny.id,
                "owner_ids": [Command.set(cls.owner_wang.ids)],
            }
        )

    def test_form_offers_the_owners_units_only(self):
        self._login(self.owner_user)
        page = self.url_open("/new/ticket").text
        self.assertIn('name="unit"', page)
        self.assertIn(self.unit_301.display_name, page)
        self.assertIn(self.unit_309.display_name, page)
        self.assertNotIn(self.unit_302.display_name, page)
        self.assertNotIn(self.unit_lake.display_name, page)
        # Several units: the owner chooses, nothing preselected.
        self.assertIn("Choose the unit", page)
        self.assertNotRegex(page, r"<option[^>]*selected")

    def test_an_only_unit_is_preselected(self):
        self.unit_309.owner_ids = False
        self._login(self.owner_user)
        page = self.url_open("/new/ticket").text
        self.assertRegex(page, rf'<option value="{self.unit_301.id}" selected=')
        self.assertNotIn("Choose the unit", page)

    def test_form_tells_the_owner_about_personal_data_and_the_hotline(self):
        self.center_sunny.company_id.complaint_retention_years = 5
        self._login(self.owner_user)
        page = self.url_open("/new/ticket").text
        self.assertIn('name="privacy_notice"', page)
        self.assertIn("your name, phone number, unit", page)
        self.assertIn("kept for 5 years after the complaint is closed", page)
        self.assertIn("quality department", page)
        self.assertIn('href="tel:400-800-1234"', page)
        self.assertRegex(page, r'<input[^>]*name="attachment"[^>]*accept="image/\*"')
        self.assertRegex(page, r'<input[^>]*name="attachment"[^>]*capture=')
        self.assertIn('name="requested_remedy"', page)
        self.assertRegex(page, r'<textarea[^>]*name="description"[^>]*></textarea>')

    def test_retention_period_defaults_to_three_years(self):
        company = self.env["res.company"].create({"name": "PCT New Company"})
        self.assertEqual(company.complaint_retention_years, 3)

    def test_owner_files_for_a_chosen_unit(self):
        self._login(self.owner_user)
        before = fields.Datetime.now()
        response = self._submit(
            unit=self.unit_309.id,
            requested_remedy="Repair the ceiling.",
            # Not the owner's to say: the server stamps the time received.
            received_at="2020-01-01 08:00:00",
            files=[("attachment", ("bathroom.png", PHOTO, "image/png"))],
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets_of(self.owner_wang)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.unit_id, self.unit_309)
        self.assertEqual(ticket.team_id, self.center_sunny)
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.channel_id, self.channel_portal)
        self.assertEqual(ticket.channel_type, "portal")
        self.assertEqual(ticket.requested_remedy, "Repair the ceiling.")
        self.assertGreaterEqual(ticket.received_at, before - timedelta(seconds=1))
        # Its clocks start as for any channel: not triaged yet.
        triage = ticket.clock_ids.filtered(lambda c: c.kind == "triage")
        self.assertEqual(triage.state, "running")
        self.assertEqual(triage.started_at, ticket.received_at)
        photo = ticket.attachment_ids
        self.assertEqual(photo.name, "bathroom.png")
        self.assertEqual(photo.mimetype, "image/png")
        # The owner lands on the complaint's page.
        self.assertIn(ticket.number, response.text)
        self.assertIn("Received", response.text)

    def test_owner_of_several_units_must_choose_one(self):
        self._login(self.owner_user)
        response = self._submit()
        self.assertIn("Choose the unit your complaint is about.", response.text)
        self.assertFalse(self._tickets_of(self.owner_wang))

    def test_a_unit_not_the_owners_is_refused_and_the_text_kept(self):
        self._login(self.owner_user)
        for unit in self.unit_302 | self.unit_lake:
            response = self._submit(
                unit=unit.id, requested_remedy="Send a plumber tonight."
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("This unit is not one of yours.", response.text)
            self.assertIn('value="Water in the bathroom"', response.text)
            self.assertIn("Water drips from the bathroom ceiling.", response.text)
            self.assertIn("Send a plumber tonight.", response.text)
            self.assertNotIn(unit.display_name, response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Water in the bathroom")])
        )

    def test_owners_choose_complaint_categories_only(self):
        # A helpdesk category of no responsible post (helpdesk_mgmt's own IT
        # ones, say) is not a complaint category: owners neither see nor file it.
        it_category = self.env["helpdesk.ticket.category"].create(
            {"name": "Printer repair", "show_in_portal": True}
        )
        self._login(self.owner_user)
        page = self.url_open("/new/ticket").text
        self.assertIn(self.category_leak.name, page)
        self.assertNotIn(it_category.name, page)
        response = self._submit(unit=self.unit_301.id, category=it_category.id)
        self.assertIn("This category is not offered for your ticket.", response.text)
        self.assertFalse(self._tickets_of(self.owner_wang))

    def test_refusal_in_the_owners_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.owner_user.lang = "zh_CN"
        self._login(self.owner_user)
        response = self._submit(unit=self.unit_302.id)
        self.assertIn("该房屋不是您的", response.text)
        self.assertIn("您的个人信息", response.text)
        self.assertFalse(self._tickets_of(self.owner_wang))


@tagged("post_install", "-at_install")
class TestPortalFollowing(PortalOwnerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assistant.email = "pct.assistant@example.com"
        cls.ticket = cls._create_complaint(
            channel_id=cls.channel_portal.id, user_id=cls.assistant.id
        )

    def _page(self, ticket=None):
        self._login(self.owner_user)
        response = self.url_open(f"/my/ticket/{(ticket or self.ticket).id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_owner_stage_words(self):
        ticket = self.ticket
        self.assertEqual(ticket.owner_stage, "received")
        ticket.complaint_type = "valid"
        self.assertEqual(ticket.owner_stage, "in_progress")
        self._set_reply(ticket)
        self.assertEqual(ticket.owner_stage, "replied")
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.owner_stage, "done")
        self.assertIn("Done", self._page())

    def test_stage_words_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.owner_user.lang = "zh_CN"
        page = self._page()
        self.assertIn("受理中", page)
        self.assertIn(self.ticket.number, page)
        listing = self.url_open("/my/tickets").text
        self.assertIn("受理中", listing)
        self._set_reply(self.ticket)
        self.assertIn("已回复", self._page())

    def test_handler_name_without_e_mail(self):
        page = self._page()
        self.assertIn("CS Assistant", page)
        self.assertNotIn("pct.assistant@example.com", page)

    def test_only_contacts_shown_to_the_owner(self):
        self._log_contact(
            self.ticket, summary="A plumber comes on Monday.", shown_to_owner=True
        )
        self._log_contact(self.ticket, summary="The owner was rude on the phone.")
        page = self._page()
        self.assertIn("A plumber comes on Monday.", page)
        self.assertNotIn("The owner was rude on the phone.", page)

    def test_reply_and_result_shown(self):
        self._set_reply(self.ticket, result="The pipe above was replaced.")
        page = self._page()
        self.assertIn('name="reply"', page)
        self.assertIn("The pipe above was replaced.", page)

    def test_agreed_reply_time_and_whether_it_was_kept(self):
        now = fields.Datetime.now()
        self.ticket.agreed_reply_at = now + timedelta(days=1)
        self.assertEqual(self.ticket.agreed_reply_state, "running")
        page = self._page()
        self.assertIn('name="agreed_reply"', page)
        self.assertIn("Awaiting the reply", page)
        self._set_reply(self.ticket)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.agreed_reply_state, "met")
        self.assertIn("Kept", self._page())

    def test_agreed_reply_past_due_is_not_kept(self):
        now = fields.Datetime.now()
        self.ticket.agreed_reply_at = now + timedelta(hours=1)
        with freeze_time(now + timedelta(hours=2)):
            self.ticket.invalidate_recordset()
            self.assertEqual(self.ticket.agreed_reply_state, "breached")

    def test_photos_of_the_finished_work(self):
        Attachment = self.env["ir.attachment"]
        done, other = Attachment.create(
            [
                {
                    "name": name,
                    "raw": PHOTO,
                    "res_model": "helpdesk.ticket",
                    "res_id": self.ticket.id,
                }
                for name in ("pct-ceiling-done.png", "pct-staff-only.png")
            ]
        )
        self.ticket.with_user(self.assistant).work_photo_ids = done
        page = self._page()
        self.assertIn('name="work_photos"', page)
        self.assertRegex(page, rf"/web/image/{done.id}/600x600\?access_token=\w+")
        self.assertNotIn(f"/web/image/{other.id}/600x600", page)
        token = done.sudo().access_token
        self.assertEqual(
            self.url_open(f"/web/image/{done.id}?access_token={token}").status_code,
            200,
        )

    def test_phones_get_a_card_list(self):
        self._login(self.owner_user)
        listing = self.url_open("/my/tickets").text
        self.assertIn('name="ticket_cards"', listing)
        self.assertIn(f'data-ticket-number="{self.ticket.number}"', listing)
        self.assertIn("table-responsive border-0 d-none d-md-block", listing)
