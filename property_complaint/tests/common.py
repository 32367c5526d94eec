"""The world every complaint test runs in, built once per test class.

Two estates, each run by a service center (a helpdesk team with an estate), their
buildings, units and owners, one user per role of the procedure (3.0, 4.5) and a
plain helpdesk team whose tickets are not complaints. Nothing here relies on demo
data: every record a test reads is created below.
"""

import base64
import json
from contextlib import contextmanager

from odoo import Command, fields
from odoo.tests import TransactionCase, freeze_time, new_test_user

# Any bytes do for the owner's signature on the record form (4.7.3).
SIGNATURE = base64.b64encode(b"owner's signature")
# The moment the procedure's clocks are read at, unless a test says otherwise.
NOW = "2026-11-05 10:00:00"


class PropertyComplaintCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The messages asserted are the English ones, whatever the database's
        # language.
        cls.env = cls.env(
            context=dict(cls.env.context, lang="en_US", no_reset_password=True)
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.channel_face_to_face = cls.env.ref(
            "property_complaint.helpdesk_ticket_channel_face_to_face"
        )
        cls.channel_phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.channel_email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.channel_letter = cls.env.ref(
            "property_complaint.helpdesk_ticket_channel_letter"
        )
        cls.channel_developer = cls.env.ref(
            "property_complaint.helpdesk_ticket_channel_developer"
        )
        cls.channel_portal = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        cls._create_users()
        cls._create_estates()
        cls._create_service_centers()
        cls.category_leak = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Water leak",
                "responsible_post": "Engineering",
                "responsible_user_ids": [Command.set(cls.engineer.ids)],
            }
        )

    # ------------------------------------------------------------ the world
    @classmethod
    def _create_user(cls, login, groups, name, lang="en_US"):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            name=name,
            lang=lang,
            tz="Asia/Shanghai",
        )

    @classmethod
    def _create_portal_user(cls, partner, login, lang="en_US"):
        """An owner's portal login (password = login)."""
        return cls.env["res.users"].create(
            {
                "name": partner.name,
                "login": login,
                "password": login,
                "lang": lang,
                "partner_id": partner.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    @classmethod
    def _load_chinese(cls):
        """zh_CN active, with this addon's translations, whatever the database."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["property_complaint"], ["zh_CN"], overwrite=True
        )

    @classmethod
    def _create_neighbours(cls, count):
        """`count` more households of Sunny Garden (2-1-303 on), one owner
        each with a phone, and the company's general manager (4.5.1)."""
        names = ["Sun Yue", "Zhou Tao", "Wu Hong", "Zheng Qiang", "Feng Jie"]
        names += ["Chen Ling"]
        cls.neighbours = cls.env["res.partner"].create(
            [
                {"name": f"Neighbour {name}", "phone": f"136555{303 + index:04d}"}
                for index, name in enumerate(names[:count])
            ]
        )
        units = cls.env["property.unit"]
        for index, owner in enumerate(cls.neighbours):
            units |= units.create(
                {
                    "name": f"2-1-{303 + index}",
                    "building_id": cls.building_sunny.id,
                    "owner_ids": [Command.set(owner.ids)],
                }
            )
        cls.general_manager = cls._create_user(
            "pct_general_manager", "base.group_user", "General Manager"
        )
        cls.center_sunny.company_id.complaint_general_manager_id = cls.general_manager
        return units

    @classmethod
    def _create_users(cls):
        prefix = "property_complaint"
        cls.front_desk = cls._create_user(
            "pct_front_desk", f"{prefix}.group_complaint_front_desk", "Front Desk"
        )
        cls.assistant = cls._create_user(
            "pct_assistant", f"{prefix}.group_complaint_assistant", "CS Assistant"
        )
        cls.supervisor = cls._create_user(
            "pct_supervisor", f"{prefix}.group_complaint_supervisor", "CS Supervisor"
        )
        cls.manager = cls._create_user(
            "pct_manager", f"{prefix}.group_complaint_manager", "Center Manager"
        )
        cls.quality = cls._create_user(
            "pct_quality", f"{prefix}.group_complaint_quality", "Quality Dept"
        )
        cls.complaint_admin = cls._create_user(
            "pct_complaint_admin",
            f"{prefix}.group_complaint_admin",
            "Property-company Administrator",
        )
        # The responsible post of a category: staff outside the complaint roles.
        cls.engineer = cls._create_user(
            "pct_engineer", "base.group_user", "Maintenance Engineer"
        )
        cls.administrator = cls._create_user(
            "pct_administrator",
            "base.group_system,helpdesk_mgmt.group_helpdesk_manager",
            "Administrator",
        )

    @classmethod
    def _create_estates(cls):
        Partner = cls.env["res.partner"]
        cls.owner_wang = Partner.create(
            {
                "name": "Wang Fang",
                "phone": "13800138000",
                "email": "pct.wang.fang@example.com",
            }
        )
        cls.owner_li = Partner.create({"name": "Li Lei", "mobile": "13900139000"})
        cls.owner_zhao = Partner.create({"name": "Zhao Min", "phone": "13700137000"})
        cls.stranger = Partner.create({"name": "Passer-by Chen"})

        Estate = cls.env["property.estate"]
        cls.estate_sunny = Estate.create({"name": "Sunny Garden", "code": "PCT-SG"})
        cls.estate_lake = Estate.create({"name": "Lake View", "code": "PCT-LV"})
        Building = cls.env["property.building"]
        cls.building_sunny = Building.create(
            {"name": "Block 2", "estate_id": cls.estate_sunny.id}
        )
        cls.building_lake = Building.create(
            {"name": "Block 1", "estate_id": cls.estate_lake.id}
        )
        Unit = cls.env["property.unit"]
        cls.unit_301 = Unit.create(
            {
                "name": "2-1-301",
                "building_id": cls.building_sunny.id,
                "owner_ids": [Command.set(cls.owner_wang.ids)],
            }
        )
        cls.unit_302 = Unit.create(
            {
                "name": "2-1-302",
                "building_id": cls.building_sunny.id,
                "owner_ids": [Command.set(cls.owner_li.ids)],
            }
        )
        cls.unit_lake = Unit.create(
            {
                "name": "1-1-101",
                "building_id": cls.building_lake.id,
                "owner_ids": [Command.set(cls.owner_zhao.ids)],
            }
        )

    @classmethod
    def _create_service_centers(cls):
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "pct-estates.example.com"}
        )
        cls.center_sunny = cls._create_service_center(
            cls.estate_sunny,
            name="Sunny Garden Service Center",
            hotline="400-800-1234",
            alias_name="pct-sunny-complaints",
            alias_domain_id=cls.alias_domain.id,
        )
        cls.center_lake = cls._create_service_center(
            cls.estate_lake, name="Lake View Service Center"
        )
        # A team without an estate: its tickets are not complaints.
        cls.team_it = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "IT support",
                "user_ids": [Command.set((cls.front_desk | cls.assistant).ids)],
            }
        )

    @classmethod
    def _create_service_center(cls, estate, company=None, **values):
        return cls.env["helpdesk.ticket.team"].create(
            {
                "name": f"{estate.name} Service Center",
                "estate_id": estate.id,
                "company_id": (company or estate.company_id).id,
                "manager_id": cls.manager.id,
                "supervisor_ids": [Command.set(cls.supervisor.ids)],
                "user_ids": [Command.set((cls.front_desk | cls.assistant).ids)],
                "tz": "Asia/Shanghai",
                **values,
            }
        )

    # ------------------------------------------------------------ helpers
    def _json(self, url, params):
        """A JSON-RPC call over HTTP (in an HttpCase), its decoded answer."""
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    @classmethod
    def _create_complaint(cls, user=None, **values):
        """A complaint about unit 2-1-301 taken by phone, created as `user`."""
        vals = {
            "name": "Water leaking from the ceiling",
            "description": "<p>The ceiling of the bathroom leaks.</p>",
            "team_id": cls.center_sunny.id,
            "unit_id": cls.unit_301.id,
            "channel_id": cls.channel_phone.id,
            "category_id": cls.category_leak.id,
            **values,
        }
        Ticket = cls.env["helpdesk.ticket"]
        if user:
            Ticket = Ticket.with_user(user)
        ticket = Ticket.create(vals).with_env(cls.env)
        cls._end_request()
        return ticket

    @classmethod
    def _end_request(cls):
        """Run what the end of a request runs before its commit: tracking, and
        the e-mails of stage templates. Without it, a record created earlier in
        the same transaction is not tracked."""
        cls.env.flush_all()
        cls.env.cr.flush()

    @classmethod
    def _create_company_center(cls, name):
        """A fresh company with an estate and its service center."""
        company = cls.env["res.company"].create({"name": name})
        estate = cls.env["property.estate"].create(
            {"name": f"{name} Estate", "company_id": company.id}
        )
        return company, cls._create_service_center(estate, company=company)

    @classmethod
    def _set_reply(cls, ticket, **values):
        """Record a reply that lets the complaint close, then apply `values`."""
        ticket.write(
            {
                "complaint_type": "valid",
                "complaint_cause": "service_center",
                "result": "The pipe was replaced.",
                "reply_method": "phone",
                "replied_at": fields.Datetime.now(),
                "owner_opinion": "Thanks, it is fixed.",
                "satisfaction": "satisfied",
                **values,
            }
        )

    @classmethod
    def _log_contact(cls, ticket, user=None, **values):
        """A phone call to the owner logged on `ticket` (4.4.2), by `user`
        (the assistant by default)."""
        contact = (
            cls.env["property.complaint.contact"]
            .with_user(user or cls.assistant)
            .create(
                {
                    "ticket_id": ticket.id,
                    "method": "phone",
                    "summary": "Called the owner back.",
                    **values,
                }
            )
        )
        cls._end_request()
        return contact

    @classmethod
    def _close(cls, ticket, user, stage=None):
        ticket.with_user(user).write({"stage_id": (stage or cls.stage_done).id})
        cls._end_request()

    @classmethod
    def _reply_and_close(cls, ticket, stage=None):
        """The assistant records a proper reply and closes the complaint."""
        cls._set_reply(ticket)
        cls._close(ticket, cls.assistant, stage)

    @classmethod
    def _review(cls, ticket):
        """The supervisor's review of the record form."""
        ticket = ticket.with_user(cls.supervisor)
        ticket.review_opinion = "Handled well and in time."
        ticket.action_review()

    @classmethod
    def _sign_off(cls, ticket, closing_stage=None):
        """Close, review and sign off the record form, each as its role and
        each in its own request."""
        cls._reply_and_close(ticket, closing_stage)
        cls._review(ticket)
        cls._end_request()
        ticket = ticket.with_user(cls.manager)
        ticket.sign_off_opinion = "Agreed."
        ticket.action_sign_off()
        cls._end_request()

    @contextmanager
    def assertRefused(self, exception, regex):
        """assertRaisesRegex that rolls back what the refused call did, as the
        request that made it would be."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _activities(self, ticket, user):
        return ticket.activity_ids.filtered(lambda activity: activity.user_id == user)

    def _tracked_field_names(self, ticket):
        """Names of the fields tracked in the ticket's history."""
        self._end_request()
        ticket.invalidate_recordset(["message_ids"])
        return set(ticket.message_ids.tracking_value_ids.field_id.mapped("name"))


class ClockCase(PropertyComplaintCase):
    """The clocks' world: the shipped policies, two service centers in known
    time zones (Sunny Garden in Asia/Shanghai, Lake View in UTC), the
    developer's CS center, and the enforcement run at a chosen moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Clock = cls.env["property.complaint.clock"]
        cls.Escalation = cls.env["property.complaint.clock.escalation"]
        cls.enforcement_cron = cls.env.ref("property_complaint.ir_cron_enforce_clocks")
        cls.developer_cs = cls.env["res.partner"].create(
            {"name": "Developer CS Center", "email": "pct.cs@developer.example.com"}
        )
        cls.center_sunny.write(
            {"tz": "Asia/Shanghai", "developer_cs_partner_id": cls.developer_cs.id}
        )
        cls.center_lake.tz = "UTC"
        cls.quality_users = cls.env.ref(
            "property_complaint.group_complaint_quality"
        ).users
        # Clocks already in the database (demo complaints) are not the tests':
        # taken off the enforcement's queue, they cannot change what it does.
        cls.Clock.search([("next_check_at", "!=", False)]).write(
            {"next_check_at": False}
        )

    def _policy(self, kind):
        return self.env.ref(f"property_complaint.clock_policy_{kind}")

    def _clocks(self, ticket, kind):
        """The ticket's clocks of this kind, oldest first."""
        ticket.invalidate_recordset(["clock_ids"])
        return ticket.clock_ids.filtered(lambda clock: clock.kind == kind).sorted("id")

    def _enforce_clocks(self, moment, max_batches=50):
        """Run the enforcement cron at `moment` until no clock is due, as the
        cron worker does (it calls the method again while some remain)."""
        Clock = self.env["property.complaint.clock"]
        with freeze_time(moment):
            for _batch in range(max_batches):
                Clock._cron_enforce_clocks()
                if not Clock.search_count(
                    [("next_check_at", "<=", fields.Datetime.now())]
                ):
                    break
            else:
                self.fail(f"clocks still due after {max_batches} enforcement runs")
        self._end_request()

    def _escalation_messages(self, ticket):
        """The escalation lines of the ticket's history, oldest first."""
        ticket.invalidate_recordset(["message_ids"])
        return ticket.message_ids.filtered(
            lambda message: "Escalated to" in (message.body or "")
        ).sorted("id")

    def _warning_messages(self, ticket):
        ticket.invalidate_recordset(["message_ids"])
        return ticket.message_ids.filtered(
            lambda message: "falls due at" in (message.body or "")
        ).sorted("id")

    def _notified_partners(self, message):
        """Who got a notification (inbox or e-mail) of the message."""
        return (
            self.env["mail.notification"]
            .search([("mail_message_id", "=", message.id)])
            .res_partner_id
        )

    def _notifications(self, partner, text):
        """The notifications `partner` received (inbox or e-mail) saying `text`."""
        return (
            self.env["mail.notification"]
            .search(
                [
                    ("res_partner_id", "=", partner.id),
                    ("mail_message_id.body", "ilike", text),
                ]
            )
            .mail_message_id
        )
