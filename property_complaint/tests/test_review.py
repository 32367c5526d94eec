"""Review of the record form (4.12): the supervisor reviews, the manager signs."""

import base64
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import NOW, SIGNATURE, PropertyComplaintCase

SIGNED_OFF = "signed off by the manager"


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
    """A signed-off record form is read only by every path (issue 10, point
    5): its fields, contact log, letter, signature and archive state. Its
    chatter stays open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received and signed off before the times the tests record on it.
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk)
            cls.contact = (
                cls.env["property.complaint.contact"]
                .with_user(cls.assistant)
                .create({"ticket_id": cls.ticket.id, "summary": "Called the owner."})
            )
            cls._sign_off(cls.ticket)
            cls.letter = cls.env["ir.attachment"].create(
                {"name": "letter.pdf", "datas": base64.b64encode(b"%PDF-1.4 letter")}
            )
            cls.written = cls._create_complaint(
                cls.front_desk,
                channel_id=cls.channel_letter.id,
                letter_attachment_ids=[Command.set(cls.letter.ids)],
            )
            cls._set_reply(
                cls.written, reply_method="written", owner_signature=SIGNATURE
            )
            cls._close(cls.written, cls.assistant)
            cls._review(cls.written)
            signed = cls.written.with_user(cls.manager)
            signed.sign_off_opinion = "Agreed."
            signed.action_sign_off()
            cls._end_request()

    def _signature_attachment(self):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.written.id),
                    ("res_field", "=", "owner_signature"),
                ]
            )
        )

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

    def test_contact_log_frozen(self):
        contact = self.contact.with_user(self.assistant)
        with self.assertRefused(UserError, SIGNED_OFF):
            contact.summary = "Said something else."
        # No role deletes contacts; code running as superuser does not either.
        with self.assertRefused(UserError, SIGNED_OFF):
            self.contact.sudo().unlink()
        self.assertEqual(self.contact.summary, "Called the owner.")

    def test_contact_not_moved_onto_it(self):
        other = self._create_complaint(self.front_desk)
        contact = self.env["property.complaint.contact"].create(
            {"ticket_id": other.id, "summary": "Called."}
        )
        with self.assertRefused(UserError, SIGNED_OFF):
            contact.with_user(self.assistant).ticket_id = self.ticket
        self.assertEqual(contact.ticket_id, other)
        self.assertEqual(self.ticket.contact_ids, self.contact)

    def test_letter_frozen(self):
        letter = self.letter.with_user(self.assistant)
        for values in (
            {"datas": base64.b64encode(b"%PDF-1.4 another letter")},
            {"res_model": "res.partner", "res_id": self.owner_wang.id},
        ):
            with self.subTest(values=values), self.assertRefused(UserError, SIGNED_OFF):
                letter.write(values)
        # The administrator may delete attachments: not this one.
        with self.assertRefused(UserError, SIGNED_OFF):
            self.letter.with_user(self.administrator).unlink()
        self.assertEqual(self.written.letter_attachment_ids, self.letter)
        self.assertEqual(self.letter.raw, b"%PDF-1.4 letter")

    def test_signature_frozen(self):
        signature = self._signature_attachment()
        self.assertEqual(len(signature), 1)
        with self.assertRefused(UserError, SIGNED_OFF):
            signature.write({"datas": base64.b64encode(b"forged")})
        with self.assertRefused(UserError, SIGNED_OFF):
            signature.unlink()
        with self.assertRefused(UserError, SIGNED_OFF):
            self.env["ir.attachment"].sudo().create(
                {
                    "name": "owner_signature",
                    "res_model": "helpdesk.ticket",
                    "res_id": self.ticket.id,
                    "res_field": "owner_signature",
                    "datas": base64.b64encode(b"forged"),
                }
            )
        self.assertEqual(self.written.owner_signature, SIGNATURE)
        self.assertFalse(self.ticket.owner_signature)

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
