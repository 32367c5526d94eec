"""Closure rules (4.4.7, 4.7.3, 4.8) and repeat complaints (4.11)."""

import base64

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIGNATURE, PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestClosureRules(PropertyComplaintCase):
    """The assistant moves the complaint to Done: refused unless the reply fits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)

    def _assert_close_refused(self, message):
        with self.assertRefused(UserError, message):
            self._close(self.ticket, self.assistant)
        self.assertFalse(self.ticket.closed)

    def test_close_when_all_is_right(self):
        self._reply_and_close(self.ticket)
        self.assertEqual(self.ticket.stage_id, self.stage_done)
        self.assertTrue(self.ticket.closed)
        self.assertTrue(self.ticket.closed_date)

    def test_nothing_recorded(self):
        self._assert_close_refused(
            "(?s)cannot be closed.*complaint type is not set"
            ".*reply to the owner \\(how and when\\) is not recorded"
            ".*satisfaction is not recorded"
        )

    def test_complaint_type_missing(self):
        self._set_reply(self.ticket, complaint_type=False)
        self._assert_close_refused("The complaint type is not set")

    def test_collective_needs_home_visit(self):
        self._set_reply(self.ticket, is_collective=True)
        self._assert_close_refused("collective complaint must be replied to by home")
        self.ticket.write({"reply_method": "home_visit", "owner_signature": SIGNATURE})
        self._close(self.ticket, self.assistant)
        self.assertTrue(self.ticket.closed)

    def test_written_letter_needs_written_reply(self):
        self._set_reply(self.ticket, channel_id=self.channel_letter.id)
        self._assert_close_refused("A written complaint must get a written reply")
        self._assert_close_refused("Attach the scanned letter")
        self.ticket.reply_method = "written"
        self._assert_close_refused("Attach the scanned letter")
        letter = self.env["ir.attachment"].create(
            {"name": "letter.pdf", "datas": base64.b64encode(b"%PDF-1.4 letter")}
        )
        self.ticket.letter_attachment_ids = [Command.set(letter.ids)]
        self._close(self.ticket, self.assistant)
        self.assertTrue(self.ticket.closed)

    def test_home_visit_needs_signature(self):
        self._set_reply(self.ticket, reply_method="home_visit")
        self._assert_close_refused("A home visit needs the owner's signature")
        self.ticket.owner_signature = SIGNATURE
        self._close(self.ticket, self.assistant)
        self.assertTrue(self.ticket.closed)

    def test_satisfaction_missing(self):
        self._set_reply(self.ticket, satisfaction=False)
        self._assert_close_refused("satisfaction is not recorded")

    def test_not_satisfied(self):
        self._set_reply(self.ticket, satisfaction="not_satisfied")
        self._assert_close_refused("The owner is not satisfied")
        self.ticket.satisfaction = "basically_satisfied"
        self._close(self.ticket, self.assistant)
        self.assertTrue(self.ticket.closed)

    def test_closed_complaint_keeps_the_rules(self):
        self._reply_and_close(self.ticket)
        with self.assertRefused(UserError, "The owner is not satisfied"):
            self.ticket.with_user(self.assistant).satisfaction = "not_satisfied"
        self.assertEqual(self.ticket.satisfaction, "satisfied")

    def test_created_closed_is_checked(self):
        with self.assertRefused(UserError, "cannot be closed"):
            self._create_complaint(self.assistant, stage_id=self.stage_done.id)

    def test_non_complaint_closes_freely(self):
        ticket = self._create_complaint(
            self.assistant, team_id=self.team_it.id, unit_id=False
        )
        self._close(ticket, self.assistant)
        self.assertTrue(ticket.closed)


@tagged("post_install", "-at_install")
class TestRepeatComplaint(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)

    def test_reopen_as_repeat(self):
        self._reply_and_close(self.ticket)
        action = self.ticket.with_user(self.assistant).action_reopen_as_repeat()
        repeat = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertNotEqual(repeat, self.ticket)
        self.assertEqual(repeat.repeat_of_id, self.ticket)
        self.assertTrue(repeat.is_repeat)
        self.assertFalse(self.ticket.is_repeat)
        self.assertEqual(self.ticket.repeat_ids, repeat)
        self.assertEqual(repeat.unit_id, self.unit_301)
        self.assertEqual(repeat.partner_id, self.owner_wang)
        self.assertEqual(repeat.team_id, self.center_sunny)
        self.assertEqual(repeat.complaint_type, "valid")
        self.assertFalse(repeat.closed)
        self.assertNotEqual(repeat.number, self.ticket.number)
        self.assertRegex(repeat.number, r"^TS\d{10}$")
        # The supervisor reviews the earlier handling.
        activity = self._activities(repeat, self.supervisor)
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.summary,
            f"Repeat complaint: review the handling of {self.ticket.number}",
        )
        repeats = self.env["helpdesk.ticket"].search(
            [("is_repeat", "=", True), ("repeat_of_id", "=", self.ticket.id)]
        )
        self.assertEqual(repeats, repeat)
