"""The owner is e-mailed when the reply time is agreed or moved and when the
reply is recorded, in the owner's language, with the link to the page (issue
12, item 7)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestPortalMail(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.assistant.email = "pct.assistant@example.com"
        cls.ticket = cls._create_complaint()
        cls.agreed = fields.Datetime.now() + timedelta(days=1)

    def _owner_messages(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.ticket.id),
                ("partner_ids", "in", self.owner_wang.ids),
            ]
        )

    def _emailed(self):
        """Who the owner's messages went to by e-mail (the mail itself may be
        sent and deleted already)."""
        notifications = self._owner_messages().notification_ids
        return notifications.filtered(
            lambda n: n.notification_type == "email"
        ).res_partner_id

    def test_agreed_reply_time_mail_in_english(self):
        self.ticket.with_user(self.assistant).agreed_reply_at = self.agreed
        message = self._owner_messages()
        self.assertEqual(len(message), 1)
        self.assertIn(self.ticket.number, message.subject)
        self.assertIn("we will reply by", message.subject)
        self.assertIn(f"/my/ticket/{self.ticket.id}?access_token=", message.body)
        self.assertIn(self.ticket._format_in_team_tz(self.agreed), message.body)
        self.assertEqual(self._emailed(), self.owner_wang)
        self.assertNotIn("pct.assistant@example.com", message.email_from or "")

    def test_agreed_reply_time_mail_in_chinese(self):
        self.owner_wang.lang = "zh_CN"
        self.ticket.with_user(self.assistant).agreed_reply_at = self.agreed
        message = self._owner_messages()
        self.assertEqual(len(message), 1)
        self.assertIn("我们将于", message.subject)
        self.assertIn("查看投诉进展", message.body)
        self.assertIn(f"/my/ticket/{self.ticket.id}?access_token=", message.body)

    def test_agreed_time_moved_sends_again_unchanged_does_not(self):
        as_assistant = self.ticket.with_user(self.assistant)
        as_assistant.agreed_reply_at = self.agreed
        as_assistant.agreed_reply_at = self.agreed
        self.assertEqual(len(self._owner_messages()), 1)
        as_assistant.agreed_reply_at = self.agreed + timedelta(hours=3)
        self.assertEqual(len(self._owner_messages()), 2)

    def test_agreed_in_a_contact_log_entry_mails_the_owner(self):
        self._log_contact(self.ticket, agreed_reply_at=self.agreed)
        self.assertEqual(len(self._owner_messages()), 1)

    def test_reply_recorded_mail(self):
        self.owner_wang.lang = "zh_CN"
        self._set_reply(self.ticket.with_user(self.assistant))
        message = self._owner_messages()
        self.assertEqual(len(message), 1)
        self.assertIn("已回复", message.subject)
        self.assertIn("The pipe was replaced.", message.body)
        self.assertIn(f"/my/ticket/{self.ticket.id}?access_token=", message.body)
        self.assertEqual(self._emailed(), self.owner_wang)
        # Recording the reply again, later, tells nothing new.
        self.ticket.replied_at = fields.Datetime.now()
        self.assertEqual(len(self._owner_messages()), 1)

    def test_no_mail_for_tickets_that_are_not_complaints(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer",
                "description": "<p>Jammed.</p>",
                "team_id": self.team_it.id,
                "partner_id": self.stranger.id,
            }
        )
        self.assertFalse(ticket.is_complaint)
        self._end_request()
        messages = ticket.message_ids
        ticket.agreed_reply_at = self.agreed
        self.assertEqual(ticket.message_ids, messages)
