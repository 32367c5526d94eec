"""Classification and handling paths (4.1, 4.3, 4.7.1)."""

from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import NOW, PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestHandlingPath(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received before the frozen moments of the tests.
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk)

    def test_supervisor_defaults_from_service_center(self):
        self.assertEqual(self.ticket.supervisor_id, self.supervisor)
        self.assertEqual(self.ticket.handling_level, "handler")
        self.assertEqual(self.ticket.responsible_post, "Engineering")

    def test_classification_values(self):
        self.assertFalse(self.ticket.complaint_type)
        self.ticket.with_user(self.assistant).write(
            {
                "complaint_type": "assisted",
                "complaint_cause": "public_facility",
                "is_collective": True,
            }
        )
        self.assertEqual(self.ticket.complaint_type, "assisted")
        self.assertEqual(self.ticket.complaint_cause, "public_facility")
        self.assertTrue(self.ticket.is_collective)

    @freeze_time(NOW)
    def test_open_record_form(self):
        self.ticket.with_user(self.assistant).action_open_record_form()
        self.assertEqual(self.ticket.handling_path, "record_form")
        self.assertEqual(self.ticket.record_form_opened_at, datetime(2026, 11, 5, 10))
        # The responsible post of the category is notified and follows it.
        post_activity = self._activities(self.ticket, self.engineer)
        self.assertEqual(len(post_activity), 1)
        self.assertIn(self.ticket.number, post_activity.summary)
        self.assertIn("Engineering", post_activity.summary)
        self.assertEqual(
            post_activity.activity_type_id,
            self.env.ref("mail.mail_activity_data_todo"),
        )
        self.assertIn(self.engineer.partner_id, self.ticket.message_partner_ids)
        # Following it, the engineer can read the complaint.
        self.assertEqual(
            self.ticket.with_user(self.engineer).read(["number"])[0]["number"],
            self.ticket.number,
        )
        # The supervisor is told and tracks it.
        supervisor_activity = self._activities(self.ticket, self.supervisor)
        self.assertEqual(len(supervisor_activity), 1)
        self.assertIn(self.ticket.number, supervisor_activity.summary)
        self.assertIn("record form opened", supervisor_activity.summary)

    def test_open_record_form_without_category_staff(self):
        self.ticket.category_id = False
        self.ticket.with_user(self.assistant).action_open_record_form()
        self.assertEqual(self.ticket.handling_path, "record_form")
        self.assertFalse(self._activities(self.ticket, self.engineer))
        self.assertEqual(len(self._activities(self.ticket, self.supervisor)), 1)

    def test_mark_quick(self):
        self.ticket.with_user(self.front_desk).action_mark_quick()
        self.assertEqual(self.ticket.handling_path, "quick")
        self.assertFalse(self.ticket.fixed_on_the_spot_at)
        self.assertFalse(self.ticket.record_form_opened_at)
        self.assertFalse(self.ticket.activity_ids)

    @freeze_time(NOW)
    def test_fixed_on_the_spot(self):
        self.ticket.with_user(self.front_desk).action_fixed_on_the_spot()
        self.assertEqual(self.ticket.handling_path, "quick")
        self.assertEqual(self.ticket.fixed_on_the_spot_at, datetime(2026, 11, 5, 10))
