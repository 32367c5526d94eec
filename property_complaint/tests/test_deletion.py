"""Complaints are quality records: never deleted by staff, archived instead."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestDeletion(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)

    def test_staff_cannot_delete(self):
        for user in (self.assistant, self.supervisor, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.ticket.with_user(user).unlink()
        self.assertTrue(self.ticket.exists())

    def test_manager_is_told_to_archive(self):
        # The manager has the right to delete helpdesk tickets: the procedure
        # refuses it for a complaint.
        with self.assertRefused(UserError, "Archive the complaint instead"):
            self.ticket.with_user(self.manager).unlink()
        self.assertTrue(self.ticket.exists())

    def test_administrator_can_delete(self):
        self.ticket.with_user(self.administrator).unlink()
        self.assertFalse(self.ticket.exists())

    def test_staff_deletes_non_complaint(self):
        ticket = self._create_complaint(
            self.assistant, team_id=self.team_it.id, unit_id=False
        )
        ticket.with_user(self.manager).unlink()
        self.assertFalse(ticket.exists())

    def test_archive(self):
        self.ticket.with_user(self.assistant).action_archive()
        self.assertFalse(self.ticket.active)
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(
            self.ticket, Ticket.search([("unit_id", "=", self.unit_301.id)])
        )
        self.ticket.with_user(self.assistant).action_unarchive()
        self.assertTrue(self.ticket.active)

    def test_archive_signed_off(self):
        self._sign_off(self.ticket)
        self.ticket.with_user(self.manager).action_archive()
        self.assertFalse(self.ticket.active)
