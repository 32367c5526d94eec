"""What owners see of their complaints on the portal (4.2)."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestPortal(PropertyComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_user = cls.env["res.users"].create(
            {
                "name": cls.unit_301.owner_ids[:1].name,
                "login": "pct-portal-owner",
                "password": "pct-portal-owner",
                "partner_id": cls.unit_301.owner_ids[:1].id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def test_ticket_page_shows_the_hotline(self):
        ticket = self._create_complaint()
        self.authenticate("pct-portal-owner", "pct-portal-owner")
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ticket.number, response.text)
        self.assertIn("400-800-1234", response.text)
        self.assertIn('href="tel:400-800-1234"', response.text)

    def test_no_hotline_block_without_a_hotline(self):
        self.center_sunny.hotline = False
        ticket = self._create_complaint()
        self.authenticate("pct-portal-owner", "pct-portal-owner")
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ticket.number, response.text)
        self.assertNotIn('name="hotline"', response.text)
