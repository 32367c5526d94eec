from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintTours(HttpCase):
    """The duty desk takes a phone complaint through the quick-entry dialog;
    the supervisor reviews a record form and the manager signs it off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="pc_tour_manager",
            name="PC Tour Manager",
            groups="property_complaint.group_complaint_manager",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="pc_tour_supervisor",
            name="PC Tour Supervisor",
            groups="property_complaint.group_complaint_supervisor",
        )
        cls.desk_user = new_test_user(
            cls.env,
            login="pc_tour_desk",
            name="PC Tour Desk",
            groups="property_complaint.group_complaint_front_desk",
            # The tour reads English labels, whatever the database's default.
            lang="en_US",
        )
        cls.estate = cls.env["property.estate"].create(
            {"name": "PC Tour Estate", "code": "PCTOUR"}
        )
        cls.building = cls.env["property.building"].create(
            {"name": "PC Tour Building", "estate_id": cls.estate.id}
        )
        cls.owner = cls.env["res.partner"].create(
            {"name": "PC Tour Owner 9909", "phone": "13900009999"}
        )
        cls.unit = cls.env["property.unit"].create(
            {
                "name": "9-9-909",
                "building_id": cls.building.id,
                "owner_ids": [(6, 0, cls.owner.ids)],
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "PC Tour Service Center",
                "estate_id": cls.estate.id,
                "manager_id": cls.manager.id,
                "supervisor_ids": [(6, 0, cls.supervisor.ids)],
                "user_ids": [
                    (6, 0, (cls.desk_user | cls.supervisor | cls.manager).ids)
                ],
            }
        )
        cls.channel_phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")

    def test_intake_at_duty_desk(self):
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search([])
        self.start_tour(
            "/odoo/action-property_complaint.helpdesk_ticket_action_quick",
            "property_complaint_intake_tour",
            login=self.desk_user.login,
        )
        new_tickets = Ticket.search([]) - before
        self.assertEqual(len(new_tickets), 1, "the tour creates exactly one ticket")
        ticket = new_tickets
        self.assertEqual(Ticket.search([("unit_id", "=", self.unit.id)]), ticket)
        self.assertEqual(ticket.unit_id, self.unit)
        self.assertEqual(ticket.partner_id, self.owner)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.channel_phone)
        self.assertEqual(ticket.taken_by_id, self.desk_user)
        self.assertEqual(ticket.create_uid, self.desk_user)
        self.assertTrue(ticket.number.startswith("TS"), ticket.number)
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.estate_id, self.estate)
        self.assertEqual(ticket.name, "Water leaking from the ceiling")
        self.assertIn("The ceiling of the bathroom drips", ticket.description)

    def test_review_and_sign_off(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Lift out of order",
                "description": "<p>The lift stops between floors.</p>",
                "team_id": self.team.id,
                "unit_id": self.unit.id,
                "channel_id": self.channel_phone.id,
                "complaint_type": "valid",
                "complaint_cause": "service_center",
            }
        )
        # Replied after it was received: given at create, the reply's time
        # could fall a second before the received time the server stamps.
        ticket.write(
            {
                "result": "The lift was repaired.",
                "reply_method": "phone",
                "replied_at": fields.Datetime.now(),
                "satisfaction": "satisfied",
            }
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        action = "action-property_complaint.helpdesk_ticket_action_complaints"
        url = f"/odoo/{action}/{ticket.id}"
        self.start_tour(
            url, "property_complaint_review_tour", login=self.supervisor.login
        )
        self.assertEqual(ticket.reviewed_by_id, self.supervisor)
        self.assertEqual(ticket.review_opinion, "Handled well and in time.")
        self.assertTrue(ticket.reviewed_at)
        self.assertFalse(ticket.is_locked)
        self.start_tour(
            url, "property_complaint_sign_off_tour", login=self.manager.login
        )
        self.assertEqual(ticket.signed_off_by_id, self.manager)
        self.assertEqual(ticket.sign_off_opinion, "Agreed.")
        self.assertTrue(ticket.is_locked)


@tagged("post_install", "-at_install")
class TestPortalOwnerTour(HttpCase):
    """An owner of two units files a complaint with a photo from the phone
    and follows it on the portal, in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        estate = cls.env["property.estate"].create(
            {"name": "PC Portal Estate", "code": "PCPORTAL"}
        )
        building = cls.env["property.building"].create(
            {"name": "PC Portal Building", "estate_id": estate.id}
        )
        owner = cls.env["res.partner"].create(
            {"name": "PC Portal Owner", "email": "pc.portal.owner@example.com"}
        )
        cls.units = cls.env["property.unit"].create(
            [
                {
                    "name": name,
                    "building_id": building.id,
                    "owner_ids": [(6, 0, owner.ids)],
                }
                for name in ("9-9-901", "9-9-902")
            ]
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "PC Portal Service Center",
                "estate_id": estate.id,
                "hotline": "400-900-9999",
                "manager_id": new_test_user(
                    cls.env,
                    login="pc_portal_manager",
                    groups="property_complaint.group_complaint_manager",
                ).id,
            }
        )
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "PC Portal Leak",
                "responsible_post": "Engineering",
                "show_in_portal": True,
            }
        )
        cls.team.company_id.helpdesk_mgmt_portal_select_category = True
        cls.owner_user = cls.env["res.users"].create(
            {
                "name": owner.name,
                "login": "pc_portal_owner",
                "password": "pc_portal_owner",
                "lang": "zh_CN",
                "partner_id": owner.id,
                "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
            }
        )

    def test_owner_files_and_follows_a_complaint(self):
        self.start_tour(
            "/my/tickets",
            "property_complaint_portal_owner_tour",
            login="pc_portal_owner",
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.owner_user.partner_id.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.unit_id, self.units[1])
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.channel_type, "portal")
        self.assertEqual(ticket.name, "卫生间漏水")
        self.assertEqual(ticket.requested_remedy, "请尽快上门维修")
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["ceiling.png"])
        self.assertEqual(ticket.attachment_ids.mimetype, "image/png")
        self.assertTrue(ticket.clock_ids.filtered(lambda c: c.state == "running"))
