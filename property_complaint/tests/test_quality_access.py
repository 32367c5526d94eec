"""The quality department reads every complaint and edits nothing."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestQualityAccess(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)
        cls.lake_ticket = cls._create_complaint(
            cls.front_desk, team_id=cls.center_lake.id, unit_id=cls.unit_lake.id
        )
        cls.env["property.complaint.contact"].create(
            {"ticket_id": cls.ticket.id, "summary": "Owner informed."}
        )

    def test_quality_reads_all_complaints(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.quality)
        found = Ticket.search([("is_complaint", "=", True)])
        self.assertIn(self.ticket, found)
        self.assertIn(self.lake_ticket, found)
        ticket = self.ticket.with_user(self.quality)
        self.assertEqual(ticket.unit_id, self.unit_301)
        self.assertEqual(ticket.partner_id.name, "Wang Fang")
        self.assertEqual(ticket.contact_ids.summary, "Owner informed.")

    def test_quality_cannot_write(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.quality).write({"result": "Changed."})
        with self.assertRaises(AccessError):
            self.ticket.contact_ids.with_user(self.quality).write({"summary": "No."})
        self.assertFalse(self.ticket.result)

    def test_quality_cannot_create_or_delete(self):
        with self.assertRaises(AccessError):
            self._create_complaint(self.quality)
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.quality).unlink()

    def test_internal_user_sees_only_own(self):
        """Without the quality role, an employee sees no one else's complaint."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.engineer)
        self.assertNotIn(self.ticket, Ticket.search([]))
