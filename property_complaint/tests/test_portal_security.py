"""The portal routes check who asks (issue 10, points 2 and 6): an owner closes,
files and reads only what is the owner's, and never the staff's side of the
record form."""

import json

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestPortalSecurity(PropertyComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_user = cls._create_portal_user(cls.owner_wang, "pct-owner-wang")
        cls.neighbour_user = cls._create_portal_user(cls.owner_li, "pct-owner-li")
        cls.company = cls.center_sunny.company_id
        cls.company.write(
            {
                "helpdesk_mgmt_portal_select_team": True,
                "helpdesk_mgmt_portal_select_category": True,
            }
        )
        (cls.center_sunny | cls.center_lake | cls.team_it).show_in_portal = True

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post_close(self, ticket, stage=None):
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_id": ticket.id,
                "stage_id": (stage or self.stage_done).id,
            },
            allow_redirects=False,
        )

    def _submit(self, team, category, files=None, **values):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "team": team.id,
                "category": category.id,
                "subject": "Lift out of order",
                "description": "The lift of block 2 stopped.",
                **values,
            },
            files=files,
        )

    def _owner_tickets(self, user, subject="Lift out of order"):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", user.partner_id.id), ("name", "=", subject)]
        )

    # ------------------------------------------------------------ closing
    def test_owner_closes_own_complaint(self):
        ticket = self._create_complaint()
        self._set_reply(ticket)
        self._login(self.owner_user)
        response = self._post_close(ticket)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket.id}")
        )
        self.assertEqual(ticket.stage_id, self.stage_done)

    def test_owner_cannot_close_a_neighbours_complaint(self):
        ticket = self._create_complaint(unit_id=self.unit_302.id)
        self._set_reply(ticket)
        self.assertEqual(ticket.partner_id, self.owner_li)
        self._login(self.owner_user)
        response = self._post_close(ticket)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertFalse(ticket.closed)

    def test_closing_needs_a_post(self):
        """A link (GET) cannot close a ticket behind the owner's back."""
        ticket = self._create_complaint()
        self._set_reply(ticket)
        self._login(self.owner_user)
        response = self.url_open(
            f"/ticket/close?ticket_id={ticket.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertRegex(page.text, r'<form method="POST"[^>]*action="/ticket/close"')

    def test_owner_closes_only_with_a_stage_of_the_service_center(self):
        """A closing stage shown in the portal, but another team's."""
        stage = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Solved by IT",
                "closed": True,
                "close_from_portal": True,
                "team_ids": [Command.set(self.team_it.ids)],
            }
        )
        ticket = self._create_complaint()
        self._set_reply(ticket)
        self._login(self.owner_user)
        response = self._post_close(ticket, stage)
        self.assertEqual(response.status_code, 302)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn(
            f"Ticket {ticket.number} cannot be closed with this stage.", page.text
        )

    def test_refused_closure_is_shown_in_the_owners_language(self):
        self.owner_user.lang = "zh_CN"
        self.env["res.lang"]._activate_lang("zh_CN")
        ticket = self._create_complaint()
        self._login(self.owner_user)
        response = self._post_close(ticket)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket.id}")
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new)
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="close_error"', page.text)
        self.assertIn(f"投诉 {ticket.number} 无法关闭", page.text)
        self.assertIn("尚未设置投诉类型。", page.text)
        # Shown once: the message is not carried to the next visit.
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertNotIn('name="close_error"', page.text)

    # ------------------------------------------------------------ reading
    def test_owner_cannot_open_a_neighbours_ticket(self):
        ticket = self._create_complaint(unit_id=self.unit_302.id)
        self._login(self.owner_user)
        response = self.url_open(f"/my/ticket/{ticket.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    def _post_files(self, ticket):
        """A comment to the owner and an internal note, each with a file."""
        ticket = ticket.with_user(self.assistant)
        ticket.message_post(
            body="We will come on Monday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("pct-visit-plan.txt", b"visit plan")],
        )
        ticket.message_post(
            body="The owner's neighbour caused it.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("pct-internal-report.txt", b"internal report")],
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        return (
            attachments.filtered(lambda a: a.name == "pct-visit-plan.txt"),
            attachments.filtered(lambda a: a.name == "pct-internal-report.txt"),
        )

    def test_files_of_internal_notes_stay_off_the_ticket_page(self):
        ticket = self._create_complaint()
        public, internal = self._post_files(ticket)
        self._login(self.owner_user)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("pct-visit-plan.txt", page.text)
        self.assertNotIn("pct-internal-report.txt", page.text)
        self.assertNotIn(f"/web/content/{internal.id}", page.text)
        response = self.url_open(f"/web/content/{internal.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"internal report", response.content)
        self.assertEqual(
            self.url_open(
                f"/web/content/{public.id}?download=true"
                f"&access_token={public.sudo().access_token}"
            ).content,
            b"visit plan",
        )

    def test_files_of_internal_notes_stay_out_of_the_chatter(self):
        ticket = self._create_complaint()
        self._post_files(ticket)
        # Whoever has the ticket's link (its token) lists its files, not the
        # internal notes' ones.
        data = json.dumps(
            self._json(
                "/mail/thread/data",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": ticket.id,
                    "request_list": ["attachments"],
                    "token": ticket.sudo()._portal_ensure_token(),
                },
            )
        )
        self.assertIn("pct-visit-plan.txt", data)
        self.assertNotIn("pct-internal-report.txt", data)

    def test_neighbour_cannot_fetch_the_owners_files(self):
        ticket = self._create_complaint()
        public, _internal = self._post_files(ticket)
        self._login(self.neighbour_user)
        response = self.url_open(f"/web/content/{public.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"visit plan", response.content)

    # ------------------------------------------------------------ staff fields
    def test_owner_cannot_read_the_staff_side(self):
        ticket = self._create_complaint()
        self._sign_off(ticket)
        staff_fields = ["review_opinion", "sign_off_opinion", "clock_ids"]
        as_owner = ticket.with_user(self.owner_user)
        for field_name in [*staff_fields, "written_report", "contact_ids"]:
            with self.assertRaises(AccessError):
                as_owner.read([field_name])
        with self.assertRaises(AccessError):
            as_owner.search_read([("id", "=", ticket.id)], ["review_opinion"])
        self.assertTrue(set(staff_fields).isdisjoint(as_owner.fields_get()))
        # Staff still read them.
        self.assertEqual(
            ticket.with_user(self.assistant).read(["review_opinion"])[0][
                "review_opinion"
            ],
            "Handled well and in time.",
        )
        # Over the external API too.
        self._login(self.owner_user)
        data = self._json(
            "/web/dataset/call_kw",
            {
                "model": "helpdesk.ticket",
                "method": "read",
                "args": [[ticket.id], ["review_opinion", "sign_off_opinion"]],
                "kwargs": {},
            },
        )
        self.assertIn("error", data)
        self.assertNotIn("Handled well", json.dumps(data))
        # Nor on the printed record form.
        report = self.url_open(
            f"/report/html/property_complaint.report_complaint_record_form/{ticket.id}"
        )
        self.assertNotIn("Handled well", report.text)
        self.assertEqual(self.url_open(f"/my/ticket/{ticket.id}").status_code, 200)

    # ------------------------------------------------------------ filing
    def test_new_ticket_form_offers_the_owners_service_center(self):
        self._login(self.owner_user)
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.center_sunny.name, page.text)
        self.assertIn(self.team_it.name, page.text)
        self.assertNotIn(self.center_lake.name, page.text)

    def test_owner_files_with_own_service_center(self):
        other = self._create_complaint(unit_id=self.unit_302.id)
        self._login(self.owner_user)
        response = self._submit(
            self.center_sunny,
            self.category_leak,
            files=[("attachment", ("pct-photo.txt", b"photo", "text/plain"))],
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._owner_tickets(self.owner_user)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.center_sunny)
        self.assertEqual(ticket.category_id, self.category_leak)
        self.assertEqual(ticket.unit_id, self.unit_301)
        photo = self.env["ir.attachment"].search([("name", "=", "pct-photo.txt")])
        self.assertEqual(len(photo), 1)
        self.assertEqual(
            (photo.res_model, photo.res_id), ("helpdesk.ticket", ticket.id)
        )
        self.assertFalse(other.attachment_ids)

    def test_owner_cannot_file_with_another_service_center(self):
        self._login(self.owner_user)
        response = self._submit(self.center_lake, self.category_leak)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "You can only file a ticket with the service center of your own estate.",
            response.text,
        )
        self.assertFalse(self._owner_tickets(self.owner_user))

    def test_owner_cannot_file_with_a_category_not_offered(self):
        hidden = self.env["helpdesk.ticket.category"].create(
            {"name": "Staff only", "show_in_portal": False}
        )
        other_company, _center = self._create_company_center("PCT Other Estates")
        foreign = self.env["helpdesk.ticket.category"].create(
            {"name": "Foreign", "company_id": other_company.id}
        )
        self._login(self.owner_user)
        for category in hidden | foreign:
            response = self._submit(self.center_sunny, category)
            self.assertEqual(response.status_code, 200)
            self.assertIn(
                "This category is not offered for your ticket.", response.text
            )
        self.assertFalse(self._owner_tickets(self.owner_user))

    def test_owner_files_with_a_plain_helpdesk_team(self):
        """Teams that are not service centers stay open to every owner."""
        self._login(self.owner_user)
        response = self._submit(self.team_it, self.category_leak)
        self.assertNotIn('name="error_message"', response.text)
        self.assertEqual(len(self._owner_tickets(self.owner_user)), 1)
