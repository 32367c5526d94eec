"""Intake (4.2, 4.3): every channel, the complaint number, who took it and when."""

import base64
from datetime import datetime

from odoo import Command
from odoo.tests import Form, freeze_time, tagged

from .common import NOW, PropertyComplaintCase

EMAIL = """From: Wang Fang <pct.wang.fang@example.com>
To: {to}
Subject: {subject}
Message-ID: <{message_id}@example.com>
{headers}Date: Thu, 05 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

{body}
"""


@tagged("post_install", "-at_install")
class TestIntakeChannels(PropertyComplaintCase):
    def _assert_complaint(self, ticket, channel_type):
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.channel_type, channel_type)
        self.assertEqual(ticket.estate_id, self.estate_sunny)
        self.assertRegex(ticket.number, r"^TS\d{6}\d{4}$")

    def _receive_email(self, headers="", **values):
        """What the fetchmail cron does with an e-mail to the center's alias."""
        Thread = self.env["mail.thread"].with_context(fetchmail_cron_running=True)
        message = EMAIL.format(
            to=self.center_sunny.alias_id.alias_full_name, headers=headers, **values
        )
        return Thread.message_process(False, message)

    def test_face_to_face(self):
        ticket = self._create_complaint(
            self.front_desk, channel_id=self.channel_face_to_face.id
        )
        self._assert_complaint(ticket, "face_to_face")
        self.assertEqual(ticket.partner_id, self.owner_wang)

    def test_phone(self):
        ticket = self._create_complaint(self.front_desk)
        self._assert_complaint(ticket, "phone")

    def test_email_through_the_service_center_alias(self):
        self.assertEqual(
            self.center_sunny.alias_id.alias_full_name,
            "pct-sunny-complaints@pct-estates.example.com",
        )
        ticket_id = self._receive_email(
            subject="Lift out of order",
            message_id="pct-lift",
            body="The lift of block 2 has been out of order since yesterday.",
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.center_sunny)
        self.assertEqual(ticket.name, "Lift out of order")
        self.assertEqual(ticket.channel_id, self.channel_email)
        self.assertEqual(ticket.partner_id, self.owner_wang)
        # The owner has one unit in the estate: the complaint is about it.
        self.assertEqual(ticket.unit_id, self.unit_301)
        self._assert_complaint(ticket, "email")
        self.assertIn("out of order since yesterday", ticket.description)
        # The owner's answer goes to the same complaint.
        reply_id = self._receive_email(
            subject="Re: Lift out of order",
            message_id="pct-lift-reply",
            headers="In-Reply-To: <pct-lift@example.com>\n",
            body="Still broken this morning.",
        )
        self.assertEqual(reply_id, ticket.id)
        self.assertIn(
            "Still broken this morning.", "".join(ticket.message_ids.mapped("body"))
        )

    def test_written_letter_with_attachment(self):
        letter = self.env["ir.attachment"].create(
            {"name": "letter.pdf", "datas": base64.b64encode(b"%PDF-1.4 letter")}
        )
        ticket = self._create_complaint(
            self.front_desk,
            channel_id=self.channel_letter.id,
            letter_attachment_ids=[Command.set(letter.ids)],
        )
        self._assert_complaint(ticket, "letter")
        self.assertEqual(ticket.letter_attachment_ids, letter)

    def test_developer_transfer(self):
        ticket = self._create_complaint(
            self.front_desk,
            channel_id=self.channel_developer.id,
            developer_reference="DEV-2026-0042",
        )
        self._assert_complaint(ticket, "developer_transfer")
        self.assertEqual(ticket.developer_reference, "DEV-2026-0042")

    def test_developer_transfer_form_requires_reference(self):
        form = Form(self.env["helpdesk.ticket"].with_user(self.front_desk))
        form.name = "Cracked wall"
        form.description = "<p>Transferred by the developer.</p>"
        form.team_id = self.center_sunny
        form.unit_id = self.unit_301
        form.channel_id = self.channel_developer
        with self.assertRefused(AssertionError, "developer_reference"):
            form.save()
        form.developer_reference = "DEV-2026-0043"
        self.assertEqual(form.save().developer_reference, "DEV-2026-0043")

    def test_portal(self):
        # What helpdesk_mgmt's portal controller creates for a logged-in owner.
        portal_owner = self.env["res.users"].create(
            {
                "login": "pct_portal_wang",
                "partner_id": self.owner_wang.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(portal_owner)
            .sudo()
            .create(
                {
                    "name": "Broken street lamp",
                    "description": "<p>The lamp near block 2 is broken.</p>",
                    "channel_id": self.channel_portal.id,
                    "team_id": self.center_sunny.id,
                    "partner_id": portal_owner.partner_id.id,
                    "user_id": False,
                }
            )
        )
        self._assert_complaint(ticket, "portal")
        self.assertEqual(ticket.partner_id, self.owner_wang)
        self.assertEqual(ticket.unit_id, self.unit_301)
        self.assertIn(
            ticket, self.env["helpdesk.ticket"].with_user(portal_owner).search([])
        )

    def test_owner_unit_found_only_when_unambiguous(self):
        """Without a unit, the owner's only unit in the estate is taken."""
        no_unit = {"unit_id": False}
        ticket = self._create_complaint(partner_id=self.owner_li.id, **no_unit)
        self.assertEqual(ticket.unit_id, self.unit_302)
        # Zhao owns a unit in another estate only.
        ticket = self._create_complaint(partner_id=self.owner_zhao.id, **no_unit)
        self.assertFalse(ticket.unit_id)
        ticket = self._create_complaint(partner_id=self.stranger.id, **no_unit)
        self.assertFalse(ticket.unit_id)
        # Li owning two units of the estate, the desk has to choose.
        self.unit_301.owner_ids |= self.owner_li
        ticket = self._create_complaint(partner_id=self.owner_li.id, **no_unit)
        self.assertFalse(ticket.unit_id)

    @freeze_time(NOW)
    def test_received_at_and_taken_by_defaults(self):
        ticket = self._create_complaint(self.front_desk)
        self.assertEqual(ticket.received_at, datetime(2026, 11, 5, 10, 0))
        self.assertEqual(ticket.taken_by_id, self.front_desk)
        # The desk may record when the owner actually called.
        earlier = self._create_complaint(
            self.assistant, received_at="2026-11-05 08:30:00"
        )
        self.assertEqual(earlier.received_at, datetime(2026, 11, 5, 8, 30))
        self.assertEqual(earlier.taken_by_id, self.assistant)


@tagged("post_install", "-at_install")
class TestComplaintNumber(PropertyComplaintCase):
    """TS + year + month + a 4-digit counter per company, reset each month."""

    @freeze_time(NOW)
    def test_number_per_company_and_month(self):
        company, center = self._create_company_center("PCT Property East")
        first = self._create_complaint(team_id=center.id, unit_id=False)
        second = self._create_complaint(team_id=center.id, unit_id=False)
        self.assertEqual(first.company_id, company)
        self.assertEqual(first.number, "TS2026110001")
        self.assertEqual(second.number, "TS2026110002")

        other_company, other_center = self._create_company_center("PCT Property West")
        other = self._create_complaint(team_id=other_center.id, unit_id=False)
        self.assertEqual(other.company_id, other_company)
        self.assertEqual(other.number, "TS2026110001")
        third = self._create_complaint(team_id=center.id, unit_id=False)
        self.assertEqual(third.number, "TS2026110003")

    def test_number_reset_next_month(self):
        _company, center = self._create_company_center("PCT Property North")
        with freeze_time("2026-11-30 12:00:00"):
            november = self._create_complaint(team_id=center.id, unit_id=False)
        with freeze_time("2026-12-01 12:00:00"):
            december = self._create_complaint(team_id=center.id, unit_id=False)
        with freeze_time("2027-01-04 12:00:00"):
            january = self._create_complaint(team_id=center.id, unit_id=False)
        self.assertEqual(november.number, "TS2026110001")
        self.assertEqual(december.number, "TS2026120001")
        self.assertEqual(january.number, "TS2027010001")

    @freeze_time(NOW)
    def test_number_as_desk_user(self):
        """The desk has no rights on sequences: the number is still given."""
        ticket = self._create_complaint(self.front_desk)
        self.assertRegex(ticket.number, r"^TS202611\d{4}$")

    @freeze_time(NOW)
    def test_copy_gets_complaint_number(self):
        _company, center = self._create_company_center("PCT Property South")
        ticket = self._create_complaint(team_id=center.id, unit_id=False)
        duplicate = ticket.copy()
        self.assertEqual(duplicate.team_id, center)
        self.assertEqual(ticket.number, "TS2026110001")
        self.assertEqual(duplicate.number, "TS2026110002")

    def test_non_complaint_keeps_helpdesk_numbering(self):
        ticket = self._create_complaint(
            self.front_desk, team_id=self.team_it.id, unit_id=False
        )
        self.assertFalse(ticket.is_complaint)
        self.assertTrue(ticket.number.startswith("HT"), ticket.number)
