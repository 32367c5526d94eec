"""Estates, buildings, units, owners and the service centers that run them."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestProperty(PropertyComplaintCase):
    def test_estate_buildings_units_owners(self):
        self.assertEqual(self.estate_sunny.building_ids, self.building_sunny)
        self.assertEqual(self.estate_sunny.unit_ids, self.unit_301 | self.unit_302)
        self.assertEqual(self.estate_sunny.building_count, 1)
        self.assertEqual(self.estate_sunny.unit_count, 2)
        self.assertEqual(self.estate_sunny.company_id, self.env.company)
        self.assertEqual(self.unit_301.estate_id, self.estate_sunny)
        self.assertEqual(self.unit_301.company_id, self.env.company)
        self.assertEqual(self.unit_301.display_name, "Sunny Garden Block 2 2-1-301")
        self.assertEqual(self.building_sunny.display_name, "Sunny Garden Block 2")
        self.assertEqual(self.owner_wang.property_unit_ids, self.unit_301)

    @mute_logger("odoo.sql_db")
    def test_unit_number_unique_in_building(self):
        with self.assertRaises(IntegrityError):
            self.env["property.unit"].create(
                {"name": "2-1-301", "building_id": self.building_sunny.id}
            )

    def test_same_unit_number_in_another_building(self):
        unit = self.env["property.unit"].create(
            {"name": "2-1-301", "building_id": self.building_lake.id}
        )
        self.assertEqual(unit.estate_id, self.estate_lake)

    def test_master_data_rights(self):
        """The administrator keeps estates and buildings, the assistant units
        and owners."""
        estate = (
            self.env["property.estate"]
            .with_user(self.complaint_admin)
            .create({"name": "Pine Hill"})
        )
        building = (
            self.env["property.building"]
            .with_user(self.complaint_admin)
            .create({"name": "Block 9", "estate_id": estate.id})
        )
        unit = (
            self.env["property.unit"]
            .with_user(self.assistant)
            .create({"name": "9-1-101", "building_id": building.id})
        )
        unit.with_user(self.assistant).owner_ids = self.owner_li
        self.assertEqual(self.owner_li.property_unit_ids, self.unit_302 | unit)
        for user in (self.assistant, self.manager):
            with self.assertRaises(AccessError):
                self.env["property.estate"].with_user(user).create(
                    {"name": "Oak Court"}
                )
        with self.assertRaises(AccessError):
            self.env["property.unit"].with_user(self.front_desk).create(
                {"name": "9-1-102", "building_id": building.id}
            )
        with self.assertRaises(AccessError):
            self.unit_301.with_user(self.quality).name = "2-1-399"

    def test_unit_ticket_count(self):
        self._create_complaint()
        self._create_complaint()
        self.unit_301.invalidate_recordset(["ticket_count"])
        self.assertEqual(self.unit_301.ticket_count, 2)
        self.assertEqual(self.unit_302.ticket_count, 0)

    def test_service_center_fields(self):
        center = self.center_sunny
        self.assertEqual(center.estate_id, self.estate_sunny)
        self.assertEqual(center.manager_id, self.manager)
        self.assertEqual(center.supervisor_ids, self.supervisor)
        self.assertEqual(center.hotline, "400-800-1234")
        self.assertEqual(center.tz, "Asia/Shanghai")
        self.assertEqual(center._get_default_supervisor(), self.supervisor)
        self.assertEqual(self.estate_sunny.team_ids, center)

    def test_service_center_needs_manager(self):
        with self.assertRefused(ValidationError, "needs a manager"):
            self.env["helpdesk.ticket.team"].create(
                {"name": "Headless center", "estate_id": self.estate_lake.id}
            )
        with self.assertRefused(ValidationError, "needs a manager"):
            self.center_lake.manager_id = False

    def test_team_without_estate_needs_no_manager(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Sales support"})
        self.assertFalse(team.manager_id)
        self.assertFalse(
            self._create_complaint(team_id=team.id, unit_id=False).is_complaint
        )


@tagged("post_install", "-at_install")
class TestUnitSearch(PropertyComplaintCase):
    """The desk finds a unit by its number, its owner's name or phone."""

    def _search_units(self, text):
        Unit = self.env["property.unit"].with_user(self.front_desk)
        return Unit.browse([unit_id for unit_id, _name in Unit.name_search(text)])

    def test_search_by_unit_number(self):
        self.assertEqual(self._search_units("2-1-301"), self.unit_301)
        self.assertEqual(self._search_units("2-1-30"), self.unit_301 | self.unit_302)

    def test_search_by_owner_name(self):
        self.assertEqual(self._search_units("Wang Fang"), self.unit_301)
        self.assertEqual(self._search_units("zhao"), self.unit_lake)

    def test_search_by_owner_phone(self):
        self.assertEqual(self._search_units("13800138000"), self.unit_301)
        self.assertEqual(self._search_units("1380013"), self.unit_301)
        # An owner's mobile works as well as the phone.
        self.assertEqual(self._search_units("13900139000"), self.unit_302)

    def test_search_domain_on_display_name(self):
        units = self.env["property.unit"].search(
            [("display_name", "ilike", "13700137000")]
        )
        self.assertEqual(units, self.unit_lake)

    def test_search_finds_nothing_for_a_stranger(self):
        self.assertFalse(self._search_units("Passer-by Chen"))


@tagged("post_install", "-at_install")
class TestUnitOwner(PropertyComplaintCase):
    """Choosing a unit fills its owner; the owner and unit must fit the center."""

    def test_onchange_unit_fills_owner(self):
        with Form(self.env["helpdesk.ticket"].with_user(self.front_desk)) as form:
            form.name = "Noise at night"
            form.description = "<p>Loud music after midnight.</p>"
            form.team_id = self.center_sunny
            form.unit_id = self.unit_302
            self.assertEqual(form.partner_id, self.owner_li)
            form.unit_id = self.unit_301
            self.assertEqual(form.partner_id, self.owner_wang)
        ticket = form.record
        self.assertEqual(ticket.partner_id, self.owner_wang)
        self.assertEqual(ticket.estate_id, self.estate_sunny)
        self.assertEqual(ticket.building_id, self.building_sunny)

    def test_onchange_unit_replaces_contact_who_is_not_owner(self):
        form = Form(self.env["helpdesk.ticket"].with_user(self.front_desk))
        form.team_id = self.center_sunny
        form.partner_id = self.stranger
        form.unit_id = self.unit_301
        self.assertEqual(form.partner_id, self.owner_wang)

    def test_quick_form_unit_fills_owner_and_center(self):
        form = Form(
            self.env["helpdesk.ticket"].with_user(self.front_desk),
            view="property_complaint.helpdesk_ticket_view_form_quick",
        )
        form.unit_id = self.unit_lake
        self.assertEqual(form.partner_id, self.owner_zhao)
        self.assertEqual(form.team_id, self.center_lake)

    def test_create_without_owner_fills_owner(self):
        ticket = self._create_complaint(self.front_desk, unit_id=self.unit_302.id)
        self.assertEqual(ticket.partner_id, self.owner_li)
        self.assertTrue(ticket.is_complaint)

    def test_create_without_team_fills_service_center(self):
        ticket = self._create_complaint(
            self.front_desk, team_id=False, unit_id=self.unit_lake.id
        )
        self.assertEqual(ticket.team_id, self.center_lake)
        self.assertEqual(ticket.partner_id, self.owner_zhao)

    def test_create_with_owner_of_unit(self):
        ticket = self._create_complaint(
            self.front_desk, unit_id=self.unit_302.id, partner_id=self.owner_li.id
        )
        self.assertEqual(ticket.partner_id, self.owner_li)

    def test_create_refuses_owner_not_of_unit(self):
        with self.assertRefused(ValidationError, "is not an owner of unit"):
            self._create_complaint(
                self.front_desk, unit_id=self.unit_301.id, partner_id=self.stranger.id
            )

    def test_write_refuses_owner_not_of_unit(self):
        ticket = self._create_complaint(self.front_desk)
        with self.assertRefused(ValidationError, "is not an owner of unit"):
            ticket.with_user(self.front_desk).partner_id = self.stranger
        with self.assertRefused(ValidationError, "is not an owner of unit"):
            ticket.with_user(self.front_desk).unit_id = self.unit_302

    def test_owner_contact_person_of_company_owner(self):
        company_owner = self.env["res.partner"].create(
            {"name": "Sunny Shop Ltd", "is_company": True}
        )
        clerk = self.env["res.partner"].create(
            {"name": "Shop clerk", "parent_id": company_owner.id}
        )
        self.unit_302.owner_ids = company_owner
        ticket = self._create_complaint(self.front_desk, unit_id=self.unit_302.id)
        ticket.with_user(self.front_desk).partner_id = clerk
        self.assertEqual(ticket.partner_id, clerk)

    def test_unit_outside_estate_refused(self):
        with self.assertRefused(ValidationError, "is not in estate Sunny Garden"):
            self._create_complaint(self.front_desk, unit_id=self.unit_lake.id)
        ticket = self._create_complaint(self.front_desk)
        with self.assertRefused(ValidationError, "is not in estate Sunny Garden"):
            ticket.with_user(self.front_desk).write(
                {"unit_id": self.unit_lake.id, "partner_id": self.owner_zhao.id}
            )
