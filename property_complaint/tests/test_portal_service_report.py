"""The monthly property service reports on the owners' portal (4.12.2): an
owner lists and downloads the published reports of the estates the owner has
a unit in, and nothing else, whatever id is asked for."""

import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestPortalServiceReport(PropertyComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf fetches the report's assets from the test server.
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())
        cls.owner_user = cls._create_portal_user(cls.owner_wang, "pct-sr-wang")
        cls.lake_user = cls._create_portal_user(cls.owner_zhao, "pct-sr-zhao")
        Report = cls.env["property.complaint.service.report"]
        cls.sunny_november = Report.create(
            {"team_id": cls.center_sunny.id, "month": "2026-11-01"}
        )
        cls.sunny_october = Report.create(
            {"team_id": cls.center_sunny.id, "month": "2026-10-01"}
        )
        cls.sunny_december = Report.create(
            {"team_id": cls.center_sunny.id, "month": "2026-12-01"}
        )
        cls.lake_november = Report.create(
            {"team_id": cls.center_lake.id, "month": "2026-11-01"}
        )
        (cls.sunny_november | cls.sunny_october | cls.lake_november).with_user(
            cls.manager
        ).action_publish()

    @classmethod
    def _create_portal_user(cls, partner, login):
        return cls.env["res.users"].create(
            {
                "name": partner.name,
                "login": login,
                "password": login,
                "lang": "en_US",
                "partner_id": partner.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _pdf_url(self, report_id):
        return f"/my/service-reports/{report_id}/pdf"

    def test_owner_lists_own_estates_published_months(self):
        self.authenticate("pct-sr-wang", "pct-sr-wang")
        response = self.url_open("/my/service-reports")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("November 2026", page)
        self.assertIn("October 2026", page)
        self.assertLess(page.index("November 2026"), page.index("October 2026"))
        self.assertIn(self._pdf_url(self.sunny_november.id), page)
        self.assertIn(self._pdf_url(self.sunny_october.id), page)
        # The draft and the other estate's report are not listed.
        self.assertNotIn("December 2026", page)
        self.assertNotIn(self._pdf_url(self.sunny_december.id), page)
        self.assertNotIn(self._pdf_url(self.lake_november.id), page)
        self.assertNotIn("Lake View", page)
        self.assertIn('href="tel:400-800-1234"', page)

    def test_owner_of_another_estate(self):
        self.authenticate("pct-sr-zhao", "pct-sr-zhao")
        page = self.url_open("/my/service-reports").text
        self.assertIn(self._pdf_url(self.lake_november.id), page)
        self.assertNotIn(self._pdf_url(self.sunny_november.id), page)
        self.assertNotIn("Sunny Garden", page)

    def test_owner_downloads_own_report(self):
        self.authenticate("pct-sr-wang", "pct-sr-wang")
        response = self.url_open(self._pdf_url(self.sunny_november.id))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # Odoo's test mode renders a PDF report as its HTML (the printed PDF
        # is test_reports.py's); it is this report's.
        self.assertIn(b"Monthly property service report", response.content)
        self.assertIn(b"November 2026", response.content)
        self.assertEqual(
            response.headers["Content-Disposition"],
            "inline; filename*=UTF-8''Sunny%20Garden%20November%202026.pdf",
        )

    def test_draft_other_estate_and_guessed_ids_refused(self):
        last = self.env["property.complaint.service.report"].search(
            [], order="id desc", limit=1
        )
        self.authenticate("pct-sr-wang", "pct-sr-wang")
        for report_id in (
            self.sunny_december.id,
            self.lake_november.id,
            last.id + 1,
            last.id + 1000,
        ):
            with self.subTest(report_id=report_id):
                response = self.url_open(self._pdf_url(report_id))
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"%PDF", response.content)

    def test_anonymous_visitor_refused(self):
        response = self.url_open(
            self._pdf_url(self.sunny_november.id), allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_staff_without_estate_unit_refused(self):
        """A user owning no unit gets nothing, whatever else the user may
        read in the back office."""
        self.authenticate("pct_quality", "pct_quality")
        response = self.url_open(self._pdf_url(self.sunny_november.id))
        self.assertEqual(response.status_code, 404)

    def test_portal_home_entry(self):
        self.authenticate("pct-sr-wang", "pct-sr-wang")
        home = self.url_open("/my").text
        self.assertIn('href="/my/service-reports"', home)
        self.assertIn('data-placeholder_count="service_report_count"', home)
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["service_report_count"]}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"], {"service_report_count": 2})
