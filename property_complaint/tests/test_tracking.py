"""What changes on a complaint is kept in its history (4.3: recorded truthfully)."""

from odoo.tests import freeze_time, tagged

from .common import NOW, PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestTracking(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received before the times the tests record on it.
        with freeze_time(NOW):
            cls.ticket = cls._create_complaint(cls.front_desk)

    def _tracking_values(self, field_name):
        self.assertIn(field_name, self._tracked_field_names(self.ticket))
        return self.ticket.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == field_name
        )

    def test_complaint_type_tracked(self):
        self.ticket.with_user(self.assistant).complaint_type = "invalid"
        value = self._tracking_values("complaint_type")
        self.assertEqual(value.old_value_char, "")
        self.assertEqual(value.new_value_char, "Invalid")
        self.assertEqual(value.mail_message_id.author_id, self.assistant.partner_id)

    def test_unit_tracked(self):
        self.ticket.with_user(self.assistant).write(
            {"unit_id": self.unit_302.id, "partner_id": self.owner_li.id}
        )
        value = self._tracking_values("unit_id")
        self.assertEqual(value.old_value_integer, self.unit_301.id)
        self.assertEqual(value.new_value_integer, self.unit_302.id)

    def test_agreed_reply_at_tracked(self):
        self.ticket.with_user(self.assistant).agreed_reply_at = "2026-11-06 09:00:00"
        value = self._tracking_values("agreed_reply_at")
        self.assertEqual(str(value.new_value_datetime), "2026-11-06 09:00:00")

    def test_untouched_fields_not_tracked(self):
        self.ticket.with_user(self.assistant).result = "Fixed."
        tracked = self._tracked_field_names(self.ticket)
        self.assertIn("result", tracked)
        self.assertNotIn("complaint_type", tracked)
        self.assertNotIn("agreed_reply_at", tracked)
