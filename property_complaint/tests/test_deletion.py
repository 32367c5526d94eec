"""Complaints are quality records (issue 10, point 4): nothing deletes one, not
an unlink by any role, not making it a non-complaint first, not detaching,
archiving or deleting what it belongs to. Archiving is the manager's tracked
action, and an archived complaint still counts in its month."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyComplaintCase

QUALITY_RECORD = "Archive the complaint instead"
HOLDS_COMPLAINTS = "cannot be archived or deleted: complaints"


@tagged("post_install", "-at_install")
class TestDeletion(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)

    def test_staff_cannot_delete(self):
        for user in (self.assistant, self.supervisor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.ticket.with_user(user).unlink()
        self.assertTrue(self.ticket.exists())

    def test_manager_nor_administrator_delete(self):
        # Both have the right to delete helpdesk tickets: the procedure refuses
        # it for a complaint (the administrator could before issue 10).
        for user in (self.manager, self.administrator):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, QUALITY_RECORD),
            ):
                self.ticket.with_user(user).unlink()
        self.assertTrue(self.ticket.exists())

    def test_code_as_superuser_does_not_delete(self):
        with self.assertRefused(UserError, QUALITY_RECORD):
            self.ticket.sudo().unlink()
        self.assertTrue(self.ticket.exists())

    def test_not_by_making_it_a_non_complaint_first(self):
        ticket = self.ticket.with_user(self.manager)
        # The flag is the server's: refused to the manager.
        with self.assertRaises(AccessError):
            ticket.write({"is_complaint": False})
        # Forced in the database all the same, the unlink is still refused.
        self.ticket.sudo().write({"is_complaint": False})
        with self.assertRefused(UserError, QUALITY_RECORD):
            ticket.unlink()
        self.assertTrue(self.ticket.exists())

    def test_not_by_moving_it_out_of_its_service_center(self):
        for team in (self.team_it, self.env["helpdesk.ticket.team"]):
            with (
                self.subTest(team=team.name),
                self.assertRefused(UserError, "a complaint stays a complaint"),
            ):
                self.ticket.with_user(self.manager).write({"team_id": team.id})
        self.assertEqual(self.ticket.team_id, self.center_sunny)
        self.assertTrue(self.ticket.is_complaint)

    def test_moving_to_another_service_center(self):
        self.ticket.with_user(self.manager).write(
            {
                "team_id": self.center_lake.id,
                "unit_id": self.unit_lake.id,
                "partner_id": self.owner_zhao.id,
            }
        )
        self.assertEqual(self.ticket.team_id, self.center_lake)
        self.assertTrue(self.ticket.is_complaint)

    def test_staff_deletes_non_complaint(self):
        ticket = self._create_complaint(
            self.assistant, team_id=self.team_it.id, unit_id=False
        )
        ticket.with_user(self.manager).unlink()
        self.assertFalse(ticket.exists())


@tagged("post_install", "-at_install")
class TestDetaching(PropertyComplaintCase):
    """What a complaint belongs to stays while it has complaints, even
    archived ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)
        cls.ticket.with_user(cls.manager).action_archive()
        cls.ticket.co_unit_ids = [Command.set(cls.unit_302.ids)]

    def _holders(self):
        return (
            self.center_sunny,
            self.estate_sunny,
            self.building_sunny,
            self.unit_301,
            # A household that joined the complaint.
            self.unit_302,
        )

    def test_holders_not_deleted(self):
        for record in self._holders():
            for user in (self.manager, self.administrator):
                with (
                    self.subTest(record=record.display_name, user=user.login),
                    self.assertRefused(UserError, HOLDS_COMPLAINTS),
                ):
                    record.with_user(user).sudo().unlink()
            self.assertTrue(record.exists())
        self.assertEqual(self.ticket.unit_id, self.unit_301)

    def test_holders_not_archived(self):
        for record in self._holders():
            with (
                self.subTest(record=record.display_name),
                self.assertRefused(UserError, HOLDS_COMPLAINTS),
            ):
                record.with_user(self.administrator).action_archive()
            self.assertTrue(record.active)

    def test_category_not_deleted_but_retired(self):
        """Deleting it would empty the complaints' category; retiring
        (archiving) it keeps it."""
        with self.assertRefused(UserError, HOLDS_COMPLAINTS):
            self.category_leak.sudo().unlink()
        self.category_leak.action_archive()
        self.assertFalse(self.category_leak.active)
        self.assertEqual(self.ticket.category_id, self.category_leak)

    def test_service_center_keeps_its_estate(self):
        for estate in (self.estate_lake, self.env["property.estate"]):
            with (
                self.subTest(estate=estate.name),
                self.assertRefused(UserError, "the estate it runs cannot change"),
            ):
                self.center_sunny.with_user(self.administrator).estate_id = estate
        self.assertEqual(self.center_sunny.estate_id, self.estate_sunny)
        self.assertTrue(self.ticket.is_complaint)

    def test_empty_holders_go(self):
        estate = self.env["property.estate"].create({"name": "Empty Estate"})
        building = self.env["property.building"].create(
            {"name": "Block 9", "estate_id": estate.id}
        )
        unit = self.env["property.unit"].create(
            {"name": "9-1-101", "building_id": building.id}
        )
        center = self._create_service_center(estate)
        center.action_archive()
        unit.action_archive()
        self.assertFalse(center.active or unit.active)
        center.estate_id = False
        for record in (unit, building, estate):
            record.sudo().unlink()
            self.assertFalse(record.exists())


@tagged("post_install", "-at_install")
class TestArchive(PropertyComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_complaint(cls.front_desk)

    def test_manager_archives_tracked(self):
        self.ticket.with_user(self.manager).action_archive()
        self.assertFalse(self.ticket.active)
        self.assertIn("active", self._tracked_field_names(self.ticket))
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(
            self.ticket, Ticket.search([("unit_id", "=", self.unit_301.id)])
        )
        self.ticket.with_user(self.manager).action_unarchive()
        self.assertTrue(self.ticket.active)

    def test_others_do_not_archive(self):
        for user in (self.front_desk, self.assistant, self.supervisor):
            with (
                self.subTest(user=user.login),
                self.assertRefused(AccessError, "Only .*Service-center manager"),
            ):
                self.ticket.with_user(user).action_archive()
        self.assertTrue(self.ticket.active)

    def test_archive_signed_off_refused(self):
        self._sign_off(self.ticket)
        for ticket in (
            self.ticket.with_user(self.manager),
            # Code running for a user as superuser does not either.
            self.ticket.with_user(self.manager).sudo(),
        ):
            with self.assertRefused(UserError, "signed off by the manager"):
                ticket.action_archive()
        self.assertTrue(self.ticket.active)
