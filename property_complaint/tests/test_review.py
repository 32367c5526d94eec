"""Review of the record form (4.12): the supervisor reviews, the manager signs."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import NOW, PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestReview(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received before the frozen moments of the tests.
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk)

    def test_review_only_by_supervisors(self):
        self.ticket.review_opinion = "Fine."
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.assistant).action_review()
        self.assertFalse(self.ticket.reviewed_at)

    def test_review_needs_opinion(self):
        with self.assertRefused(UserError, "Write the review opinion first"):
            self.ticket.with_user(self.supervisor).action_review()
        self.assertFalse(self.ticket.reviewed_at)

    @freeze_time(NOW)
    def test_review(self):
        self._review(self.ticket)
        self.assertEqual(self.ticket.reviewed_by_id, self.supervisor)
        self.assertEqual(self.ticket.reviewed_at, datetime(2026, 11, 5, 10))
        self.assertEqual(self.ticket.review_opinion, "Handled well and in time.")

    def test_sign_off_only_by_managers(self):
        self._reply_and_close(self.ticket)
        self._review(self.ticket)
        for user in (self.assistant, self.supervisor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.ticket.with_user(user).action_sign_off()
        self.assertFalse(self.ticket.signed_off_at)

    def test_sign_off_needs_review(self):
        self._reply_and_close(self.ticket)
        with self.assertRefused(UserError, "not been reviewed"):
            self.ticket.with_user(self.manager).action_sign_off()
        self.assertFalse(self.ticket.is_locked)

    def test_sign_off_needs_closed_complaint(self):
        self._review(self.ticket)
        with self.assertRefused(UserError, "is not closed"):
            self.ticket.with_user(self.manager).action_sign_off()
        self.assertFalse(self.ticket.is_locked)

    @freeze_time(NOW)
    def test_sign_off(self):
        self.assertFalse(self.ticket.is_locked)
        self._sign_off(self.ticket)
        self.assertEqual(self.ticket.signed_off_by_id, self.manager)
        self.assertEqual(self.ticket.signed_off_at, datetime(2026, 11, 5, 10))
        self.assertEqual(self.ticket.sign_off_opinion, "Agreed.")
        self.assertTrue(self.ticket.is_locked)


@tagged("post_install", "-at_install")
class TestLockedRecordForm(PropertyComplaintCase):
    """A signed-off record form is read only; its chatter stays open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received and signed off before the times the tests record on it.
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk)
            cls._sign_off(cls.ticket)

    def test_staff_cannot_change_it(self):
        for user, values in (
            (self.assistant, {"result": "Something else."}),
            (self.manager, {"result": "Something else."}),
            (self.supervisor, {"review_opinion": "Second thoughts."}),
            (self.assistant, {"stage_id": self.stage_new.id}),
        ):
            with (
                self.subTest(user=user.login, values=values),
                self.assertRefused(UserError, "signed off by the manager"),
            ):
                self.ticket.with_user(user).write(values)
        self.assertEqual(self.ticket.result, "The pipe was replaced.")
        self.assertEqual(self.ticket.stage_id, self.stage_done)

    def test_contact_cannot_change_agreed_time(self):
        with self.assertRefused(UserError, "signed off by the manager"):
            self.env["property.complaint.contact"].with_user(self.assistant).create(
                {
                    "ticket_id": self.ticket.id,
                    "summary": "Called again.",
                    "agreed_reply_at": "2026-12-01 09:00:00",
                }
            )

    def test_chatter_still_works(self):
        message = self.ticket.with_user(self.assistant).message_post(
            body="Owner called to say thanks.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("thanks.txt", b"Thank you letter")],
        )
        self.assertIn(message, self.ticket.message_ids)
        self.assertEqual(message.author_id, self.assistant.partner_id)
        self.assertEqual(message.attachment_ids.name, "thanks.txt")

    def test_message_to_owner_after_sign_off(self):
        # Notifying the owner makes portal.mixin write access_token on the
        # ticket: the lock lets it (here no token was made before sign-off).
        resolved = self.env["helpdesk.ticket.stage"].create(
            {"name": "Resolved", "closed": True, "sequence": 50}
        )
        ticket = self._create_complaint(self.front_desk)
        self._sign_off(ticket, closing_stage=resolved)
        self.assertTrue(ticket.is_locked)
        message = ticket.with_user(self.assistant).message_post(
            body="The record form of your complaint is signed off.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.owner_wang.ids,
        )
        self._end_request()
        self.assertIn(message, ticket.message_ids)
        self.assertIn(self.owner_wang, message.notification_ids.res_partner_id)

    def test_repeat_of_signed_off_complaint(self):
        """The owner may still complain again about a signed-off complaint."""
        action = self.ticket.with_user(self.assistant).action_reopen_as_repeat()
        repeat = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(repeat.repeat_of_id, self.ticket)
        self.assertFalse(repeat.is_locked)
