"""The quality records (4.3, 4.6, 4.7.1, 4.12, 6.0) printed from a real database:
the complaint record form, the duty log, the special event report and the
monthly property service report as PDF (wkhtmltopdf, read back with
pdftotext), the quality department's monthly statistics as XLSX (read back
with openpyxl), the wizards that print them and the monthly cron that mails
the statistics."""

import base64
import io
import os
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from datetime import date, datetime
from typing import NamedTuple
from unittest.mock import patch

import openpyxl
import pytz
from PIL import Image

from odoo import Command
from odoo.tests import HttpCase, freeze_time, tagged

from odoo.addons.property_complaint.models import (
    property_complaint_statistics as statistics,
)

from .common import ClockCase, PropertyComplaintCase


def _png_signature():
    """A real image: the record form prints the owner's signature as <img>."""
    stream = io.BytesIO()
    Image.new("RGB", (60, 20), "navy").save(stream, "PNG")
    return base64.b64encode(stream.getvalue())


PNG_SIGNATURE = _png_signature()
RECORD_FORM = "property_complaint.action_report_complaint_record_form"
DUTY_LOG = "property_complaint.action_report_duty_log"
SPECIAL_EVENT = "property_complaint.action_report_special_event"
MONTHLY_SERVICE = "property_complaint.action_report_monthly_service"
STATISTICS = "property_complaint.action_report_monthly_statistics_xlsx"
# Any CJK ideograph: a title in Chinese has some.
CJK = re.compile(r"[\u4e00-\u9fff]")
# The text pdftotext reads back from the CJK font: a glyph the font draws for
# several code points is read as the lowest of them. NFKC maps the Kangxi
# radicals back (⽔ to 水); these are the others met in the forms' text, with
# Noto Sans CJK SC (add any new one a test meets).
FONT_ALIASES = str.maketrans(
    {
        "\u2ec5": "\u89c1",  # CJK radical C-simplified see: 见
        "\u2ed4": "\u95e8",  # CJK radical C-simplified gate: 门
        "\u6236": "\u6237",  # 戶: 户
    }
)


def _normalize(text):
    return unicodedata.normalize("NFKC", text).translate(FONT_ALIASES)


class PdfPage(NamedTuple):
    text: str
    compact: str


class ReportCase(ClockCase, HttpCase):
    """November 2026 in two service centers: Sunny Garden (Asia/Shanghai) and
    Lake View (UTC). Each complaint is received at a chosen moment (UTC below);
    the comments give the local time where the month or day depends on it.

    An HttpCase: wkhtmltopdf fetches the report's assets from this server,
    which answers during Odoo's own test run only in an HttpCase's test mode
    (a plain TransactionCase keeps the registry locked and the print hangs).

    ==============  =================  ====  ===========  ============  ========
    complaint       received (UTC)     unit  category     channel       type
    ==============  =================  ====  ===========  ============  ========
    t_prev          10-31 15:00 (Oct)  302   Fees         phone         valid
    t_first_day     10-31 17:00 (Nov)  302   Fees         letter        valid
    t_eve           11-04 15:30        302   Noise        e-mail        (none)
    t_night         11-04 16:30        302   Lift         face to face  invalid
    t_form          11-05 02:00        301   Water leak   phone         valid
    t_spot          11-05 03:00        302   Water leak   face to face  valid
    t_lake          11-05 05:00 (UTC)  lake  Water leak   phone         invalid
    t_midnight      11-05 16:10        301   Lift         phone         assisted
    t_lake_breach   11-06 05:00 (UTC)  lake  Noise        phone         invalid
    t_event (x5)    11-12 01:00        303+  Water supply phone         valid
    t_repeat        11-20 02:00        301   Water leak   phone         valid
    t_last          11-30 16:30 (Dec)  301   Fees         phone         valid
    ==============  =================  ====  ===========  ============  ========
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())
        cls.center_lake.timeliness_target = 40.0
        cls.Contact = cls.env["property.complaint.contact"]
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_lift = Category.create({"name": "Lift"})
        cls.category_noise = Category.create({"name": "Noise"})
        cls.category_fees = Category.create({"name": "Fees"})
        cls.category_water = Category.create({"name": "Water supply"})
        cls.event_units = cls._create_neighbours(5)
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.zh_manager = cls._create_user(
            "pct_zh_manager",
            "property_complaint.group_complaint_manager",
            "张经理",
            lang="zh_CN",
        )
        # Staff of Sunny Garden, whose forms the manager prints.
        cls.center_sunny.user_ids |= cls.zh_manager
        cls.zh_quality = cls._create_user(
            "pct_zh_quality",
            "property_complaint.group_complaint_quality",
            "品质部李",
            lang="zh_CN",
        )
        cls._create_month()

    # ------------------------------------------------------------ the month
    @classmethod
    def _at(cls, moment, **values):
        """A complaint taken by the front desk at `moment` (UTC)."""
        with freeze_time(moment):
            return cls._create_complaint(cls.front_desk, **values)

    @classmethod
    def _lake(cls, moment, **values):
        return cls._at(
            moment,
            team_id=cls.center_lake.id,
            unit_id=cls.unit_lake.id,
            complaint_type="invalid",
            complaint_cause="other",
            **values,
        )

    @classmethod
    def _create_month(cls):
        unit_302 = cls.unit_302
        # 31 October 23:00 in Shanghai: October.
        cls.t_prev = cls._at(
            "2026-10-31 15:00:00",
            name="Management fee bill wrong",
            unit_id=unit_302.id,
            category_id=cls.category_fees.id,
            complaint_type="valid",
            complaint_cause="service_center",
        )
        # 1 November 01:00 in Shanghai: November.
        cls.t_first_day = cls._at(
            "2026-10-31 17:00:00",
            name="Parking fee charged twice",
            unit_id=unit_302.id,
            category_id=cls.category_fees.id,
            channel_id=cls.channel_letter.id,
            complaint_type="valid",
            complaint_cause="service_center",
        )
        # 4 November 23:30 in Shanghai: not on the duty log of the 5th.
        cls.t_eve = cls._at(
            "2026-11-04 15:30:00",
            name="Dog barking all evening",
            unit_id=unit_302.id,
            category_id=cls.category_noise.id,
            channel_id=cls.channel_email.id,
        )
        # 5 November 00:30 in Shanghai: the first of the duty log of the 5th.
        cls.t_night = cls._at(
            "2026-11-04 16:30:00",
            name="Lift noisy at night",
            unit_id=unit_302.id,
            category_id=cls.category_lift.id,
            channel_id=cls.channel_face_to_face.id,
            complaint_type="invalid",
            complaint_cause="other",
        )
        # The clocks of these four breach at midnight and climb one step per
        # run: at 02:00, then on the 6th at 07:00 to the quality department.
        cls._run_enforcement("2026-11-05 00:00:00")
        cls._run_enforcement("2026-11-05 02:00:00")
        cls._create_record_form_complaint()
        # Fixed on the spot (4.7.1): on the duty log with the owner's opinion.
        cls.t_spot = cls._at(
            "2026-11-05 03:00:00",
            name="Tap dripping in lobby",
            unit_id=unit_302.id,
            channel_id=cls.channel_face_to_face.id,
            complaint_type="valid",
            complaint_cause="service_center",
        )
        with freeze_time("2026-11-05 03:20:00"):
            cls.t_spot.with_user(cls.front_desk).action_fixed_on_the_spot()
            cls._end_request()
        with freeze_time("2026-11-05 04:00:00"):
            cls._set_reply(
                cls.t_spot,
                result="Washer replaced.",
                reply_method="oral",
                owner_opinion="Quick fix, thanks",
                satisfaction="basically_satisfied",
            )
            cls._close(cls.t_spot, cls.assistant)
        cls.t_lake = cls._lake(
            "2026-11-05 05:00:00",
            name="Leaking gutter",
            category_id=cls.category_leak.id,
        )
        with freeze_time("2026-11-05 06:00:00"):
            cls._set_reply(
                cls.t_lake,
                complaint_type="invalid",
                complaint_cause="other",
                result="The gutter is the city's.",
            )
            cls._close(cls.t_lake, cls.assistant)
        # 6 November 00:10 in Shanghai: not on the duty log of the 5th.
        cls.t_midnight = cls._at(
            "2026-11-05 16:10:00",
            name="Lift stuck on floor 9",
            unit_id=cls.unit_301.id,
            category_id=cls.category_lift.id,
            complaint_type="assisted",
            complaint_cause="developer",
        )
        # Never replied: breached at 07:00, then the manager at 09:00.
        cls.t_lake_breach = cls._lake(
            "2026-11-06 05:00:00",
            name="Noisy pump room",
            category_id=cls.category_noise.id,
        )
        for moment in ("2026-11-06 07:00:00", "2026-11-06 09:00:00"):
            cls._run_enforcement(moment)
        cls._create_collective_event()
        cls.t_repeat = cls._at(
            "2026-11-20 02:00:00",
            name="Ceiling leaking again",
            repeat_of_id=cls.t_form.id,
            complaint_type="valid",
            complaint_cause="service_center",
        )
        # 1 December 00:30 in Shanghai: December.
        cls.t_last = cls._at(
            "2026-11-30 16:30:00",
            name="Garage fee raised",
            category_id=cls.category_fees.id,
            complaint_type="valid",
            complaint_cause="service_center",
        )
        cls.november = (
            cls.t_first_day
            | cls.t_eve
            | cls.t_night
            | cls.t_form
            | cls.t_spot
            | cls.t_lake
            | cls.t_midnight
            | cls.t_lake_breach
            | cls.t_events
            | cls.t_repeat
        )

    @classmethod
    def _create_record_form_complaint(cls):
        """A complaint through its whole record form: Chinese content, two
        contacts, the result, a home visit signed by the owner, the
        supervisor's review and the manager's sign-off."""
        cls.t_form = cls._at(
            "2026-11-05 02:00:00",
            name="卫生间天花板漏水",
            description="<p>楼上卫生间渗水导致天花板发霉。</p>",
            requested_remedy="尽快维修并赔偿吊顶",
            complaint_type="valid",
            complaint_cause="service_center",
            user_id=cls.assistant.id,
        )
        Contact = cls.Contact.with_user(cls.assistant)
        with freeze_time("2026-11-05 03:00:00"):
            Contact.create(
                {
                    "ticket_id": cls.t_form.id,
                    "method": "phone",
                    "summary": "电话联系业主约定上门",
                    "agreed_reply_at": "2026-11-06 06:00:00",
                }
            )
            cls._end_request()
        with freeze_time("2026-11-06 02:00:00"):
            Contact.create(
                {
                    "ticket_id": cls.t_form.id,
                    "method": "home_visit",
                    "summary": "上门查看排水管破裂",
                }
            )
            cls._set_reply(
                cls.t_form,
                result="更换楼上排水管并修复吊顶",
                reply_method="home_visit",
                owner_signature=PNG_SIGNATURE,
                owner_opinion="维修及时很满意",
                satisfaction="satisfied",
            )
            cls._close(cls.t_form, cls.assistant)
        with freeze_time("2026-11-06 03:00:00"):
            ticket = cls.t_form.with_user(cls.supervisor)
            ticket.review_opinion = "处理及时记录完整"
            ticket.action_review()
            cls._end_request()
        with freeze_time("2026-11-06 04:00:00"):
            ticket = cls.t_form.with_user(cls.manager)
            ticket.sign_off_opinion = "同意结案"
            ticket.action_sign_off()
            cls._end_request()

    @classmethod
    def _create_collective_event(cls):
        """Five households without water on 12 November: a collective event,
        reported, decided, replied to by home visits and signed."""
        cls.t_events = cls.env["helpdesk.ticket"]
        for unit in cls.event_units:
            cls.t_events |= cls._at(
                "2026-11-12 01:00:00",
                name="No water since morning",
                unit_id=unit.id,
                category_id=cls.category_water.id,
                complaint_type="valid",
                complaint_cause="developer",
            )
        with freeze_time("2026-11-12 01:05:00"):
            cls.event = (
                cls.env["property.complaint.event"]
                .with_user(cls.front_desk)
                .create(
                    {
                        "name": "Block 2 without water",
                        "team_id": cls.center_sunny.id,
                        "category_id": cls.category_water.id,
                        "description": "<p>The booster pump of block 2 failed.</p>",
                    }
                )
            )
            cls.t_events.with_user(cls.front_desk).write(
                {"collective_event_id": cls.event.id}
            )
            cls._end_request()
        # The event's creation date is the database's clock, which freeze_time
        # does not move: put it on the day it was made.
        cls.env.cr.execute(
            "UPDATE property_complaint_event SET create_date = %s WHERE id = %s",
            ("2026-11-12 01:05:00", cls.event.id),
        )
        cls.event.invalidate_recordset(["create_date"])
        with freeze_time("2026-11-12 01:10:00"):
            cls.event.with_user(cls.front_desk).action_report_to_manager()
            cls._end_request()
        event = cls.event.with_user(cls.manager)
        with freeze_time("2026-11-12 02:00:00"):
            event.write(
                {
                    "tell_general_manager": True,
                    "tell_developer_cs": True,
                    "decision_note": "Pump under developer warranty.",
                }
            )
            event.action_record_decision()
            cls._end_request()
        with freeze_time("2026-11-12 06:00:00"):
            event.write(
                {
                    "handling": "Pump replaced by the developer.",
                    "reply": "Water is back; cuts announced a day ahead.",
                    "agreed_reply_at": "2026-11-13 02:00:00",
                }
            )
            event.action_send_reply()
            cls._end_request()
        Visit = cls.env["property.complaint.event.visit"].with_user(cls.assistant)
        with freeze_time("2026-11-12 08:00:00"):
            for index, unit in enumerate(cls.event_units):
                Visit.create(
                    {
                        "event_id": cls.event.id,
                        "unit_id": unit.id,
                        "visited_at": f"2026-11-12 08:0{index}:00",
                        "opinion": f"Visit opinion {index + 1}",
                        "signature": PNG_SIGNATURE,
                        "satisfaction": "basically_satisfied"
                        if index == 4
                        else "satisfied",
                    }
                )
            cls._end_request()
        with freeze_time("2026-11-12 09:00:00"):
            for ticket in cls.t_events:
                cls._close(ticket, cls.assistant)
        with freeze_time("2026-11-12 10:00:00"):
            event.action_sign_report()
            cls._end_request()

    @classmethod
    def _run_enforcement(cls, moment):
        """One run of the enforcement cron: a breach climbs one step per run."""
        with freeze_time(moment):
            cls.env["property.complaint.clock"]._cron_enforce_clocks()
        cls._end_request()

    # ------------------------------------------------------------ reading
    def _render_pdf(self, report, res_ids, data=None, user=None, lang=None):
        """The PDF as wkhtmltopdf prints it, as `user` in `lang`."""
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        context = {"force_report_rendering": True}
        if lang:
            context["lang"] = lang
        content, kind = Report.with_context(**context)._render_qweb_pdf(
            report, res_ids, data=dict(data) if data else None
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), content[:200])
        if os.environ.get("PC_TEST_PDF_DIR"):
            # Keep the PDFs for a look: PC_TEST_PDF_DIR=/tmp/pdfs scripts/test.sh
            name = f"{self._testMethodName}-{report.split('.')[-1]}-{lang or 'en'}.pdf"
            with open(os.path.join(os.environ["PC_TEST_PDF_DIR"], name), "wb") as file:
                file.write(content)
        return content

    @staticmethod
    def _poppler(content, program, *options):
        """The output of a poppler tool run on the PDF."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(content)
            file.flush()
            command = [program, *options, file.name]
            if program == "pdftotext":
                command.append("-")  # to stdout
            return subprocess.run(
                command, check=True, capture_output=True
            ).stdout.decode()

    def _pdf_pages(self, content):
        """The PDF's text page by page, as laid out (`text`) and, for cells
        that wrap inside a narrow column, in drawing order without any
        white space (`compact`)."""
        layout = _normalize(self._poppler(content, "pdftotext", "-layout"))
        raw = _normalize(self._poppler(content, "pdftotext", "-raw"))
        pages = [
            PdfPage(text, re.sub(r"\s+", "", compact))
            for text, compact in zip(layout.split("\f"), raw.split("\f"), strict=True)
            if text.strip()
        ]
        return pages

    def _pdf_text(self, report, res_ids, data=None, user=None, lang=None):
        """The text of each page of the printed report."""
        content = self._render_pdf(report, res_ids, data=data, user=user, lang=lang)
        return [page.text for page in self._pdf_pages(content)]

    def _pdf_image_count(self, content):
        listing = self._poppler(content, "pdfimages", "-list")
        # Two header lines, then one line per image.
        return len(listing.strip().splitlines()) - 2

    def assertInText(self, values, text):
        for value in values:
            self.assertIn(_normalize(value), text)

    def assertNotInText(self, values, text):
        for value in values:
            self.assertNotIn(_normalize(value), text)

    def assertInCompact(self, values, page):
        """Each value in the page, whatever white space it wrapped at."""
        for value in values:
            self.assertIn(re.sub(r"\s+", "", _normalize(value)), page.compact)

    def assertRow(self, cells, text):
        """The cells on one line of the text, in this order."""
        pattern = r"\s+".join(re.escape(str(cell)) for cell in cells)
        self.assertRegex(text, pattern)

    def _render_xlsx(self, estates, month="2026-11-01", user=None, lang=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        if lang:
            Report = Report.with_context(lang=lang)
        content, kind = Report._render_xlsx(
            STATISTICS, estates.ids, {"month": month, "estate_ids": estates.ids}
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))


@tagged("post_install", "-at_install")
class TestQualityRecordForms(ReportCase):
    """The four quality records as PDF (6.0)."""

    def test_complaint_record_form(self):
        ticket = self.t_form
        self.assertTrue(ticket.is_locked)
        # Printed by the supervisor: times in Shanghai (+8).
        content = self._render_pdf(RECORD_FORM, ticket.ids, user=self.supervisor)
        [page] = [page.text for page in self._pdf_pages(content)]
        self.assertInText(
            [
                "Complaint record form",
                "Sunny Garden Service Center",
                "24-hour hotline 400-800-1234",
                ticket.number,
                "11/05/2026 10:00",
                "Wang Fang 13800138000",
                "2-1-301",
                "Phone",
                "Front Desk",
                "Valid",
                "Service center",
                "Water leak",
                "Engineering",
                "卫生间天花板漏水",
                "楼上卫生间渗水导致天花板发霉。",
                "尽快维修并赔偿吊顶",
                "CS Assistant",
                # The agreed reply time and the contact log (4.4.1, 4.4.2).
                "11/06/2026 14:00",
                "电话联系业主约定上门",
                "上门查看排水管破裂",
                "更换楼上排水管并修复吊顶",
                "Home visit",
                "11/06/2026 10:00",
                "Satisfied",
                "维修及时很满意",
                # The supervisor's review and the manager's sign-off (4.12).
                "处理及时记录完整",
                "CS Supervisor 11/06/2026 11:00",
                "同意结案",
                "Center Manager 11/06/2026 12:00",
            ],
            page,
        )
        self.assertRow(["Number", ticket.number, "Received at"], page)
        # The contact log, oldest first, one line per contact.
        self.assertRow(["11/05/2026 11:00", "Phone", "CS Assistant"], page)
        self.assertRow(["11/06/2026 10:00", "Home visit", "CS Assistant"], page)
        self.assertLess(page.index("电话联系业主"), page.index("上门查看排水管"))
        # Another complaint's content is not on the form.
        self.assertNotInText(
            [self.t_spot.number, "Tap dripping", "Li Lei", "13900139000"], page
        )
        # The owner's signature of the home visit (4.7.3) is printed.
        self.assertEqual(self._pdf_image_count(content), 1)

    def test_times_in_the_service_center_time_zone(self):
        """Printed in London, the form still shows Shanghai's times, to the
        minute (the complaint was received at 02:00 UTC)."""
        self.quality.tz = "Europe/London"
        content = self._render_pdf(RECORD_FORM, self.t_form.ids, user=self.quality)
        [page] = [page.text for page in self._pdf_pages(content)]
        self.assertRow(["Received at", "11/05/2026 10:00"], page)
        self.assertNotIn("11/05/2026 02:00", page)
        self.assertNotRegex(page, r"\d\d:\d\d:\d\d")

    def test_two_complaints_at_once(self):
        """Several documents go through wkhtmltopdf one by one and are
        merged: both forms, in order, one page each."""
        tickets = self.t_form | self.t_spot
        pages = self._pdf_text(RECORD_FORM, tickets.ids, user=self.supervisor)
        self.assertEqual(len(pages), 2)
        self.assertInText(["Complaint record form", self.t_form.number], pages[0])
        self.assertIn("卫生间天花板漏水", pages[0])
        self.assertNotIn(self.t_spot.number, pages[0])
        self.assertInText(
            [
                "Complaint record form",
                self.t_spot.number,
                "Tap dripping in lobby",
                "Li Lei 13900139000",
                "2-1-302",
                "Washer replaced.",
            ],
            pages[1],
        )
        self.assertNotIn(self.t_form.number, pages[1])

    def test_duty_log(self):
        """The complaints received on 5 November in each service center's
        time zone (4.3), and the owner's opinion on an on-the-spot fix (4.7.1)."""
        centers = self.center_sunny | self.center_lake
        content = self._render_pdf(
            DUTY_LOG,
            centers.ids,
            data={"team_ids": centers.ids, "date": "2026-11-05"},
            user=self.supervisor,
        )
        sunny, lake = self._pdf_pages(content)
        self.assertInText(
            [
                "Duty log",
                "Sunny Garden Service Center · 11/05/2026",
                "24-hour hotline 400-800-1234",
            ],
            sunny.text,
        )
        # 00:30, 10:00 and 11:00 in Shanghai, in that order (the day is in
        # the heading, the rows show the time), each with its building and
        # room, owner, channel, content and taker.
        on_the_log = [
            (self.t_night, "00:30", "Lift noisy at night"),
            (self.t_form, "10:00", "卫生间天花板漏水"),
            (self.t_spot, "11:00", "Tap dripping in lobby"),
        ]
        positions = [sunny.compact.index(ticket.number) for ticket, *_ in on_the_log]
        self.assertEqual(positions, sorted(positions))
        for ticket, received, content in on_the_log:
            self.assertInCompact(
                [
                    received
                    + ticket.number
                    + ticket.unit_id.building_id.name
                    + ticket.unit_id.name
                    + ticket.partner_id.name
                    + ticket.channel_id.name
                    + content
                    + "Front Desk"
                ],
                sunny,
            )
        # Fixed on the spot at 11:20, with the owner's opinion.
        self.assertInCompact(["11:20 Quick fix, thanks"], sunny)
        # The evening before and the night after in Shanghai are other days;
        # Lake View's complaints are on its own log.
        self.assertNotInText(
            [
                self.t_eve.number,
                self.t_midnight.number,
                self.t_lake.number,
                "Dog barking",
                "Lift stuck",
            ],
            sunny.compact,
        )
        # Lake View counts the day in UTC.
        self.assertInText(["Duty log", "Lake View Service Center"], lake.text)
        self.assertInCompact(
            ["05:00" + self.t_lake.number + "Block 1 1-1-101"],
            lake,
        )
        self.assertInCompact(["Zhao Min", "Leaking gutter"], lake)
        self.assertNotInText(
            [self.t_lake_breach.number, self.t_form.number, "WangFang"], lake.compact
        )

    def test_duty_log_of_a_quiet_day(self):
        [page] = self._pdf_text(
            DUTY_LOG,
            self.center_sunny.ids,
            data={"team_ids": self.center_sunny.ids, "date": "2026-11-08"},
            user=self.front_desk,
        )
        self.assertInText(["Duty log", "No complaint received."], page)

    def test_special_event_report(self):
        event = self.event
        self.assertEqual(event.household_count, 5)
        pages = self._pdf_text(SPECIAL_EVENT, event.ids, user=self.manager)
        text = "\n".join(pages)
        self.assertInText(
            [
                "Special event report",
                "Sunny Garden Service Center",
                "Block 2 without water",
                "The booster pump of block 2 failed.",
                "Center Manager",
                # The manager's decision and whom it told (4.5.1).
                "Pump under developer warranty.",
                "General Manager",
                "Developer CS Center",
                "Pump replaced by the developer.",
                "Water is back; cuts announced a day ahead.",
                "Home visits",
            ],
            text,
        )
        self.assertRow(["Households", "5"], text)
        # Every household's home visit, with its satisfaction and opinion.
        for index, unit in enumerate(self.event_units):
            self.assertIn(unit.name, text)
            self.assertIn(f"Visit opinion {index + 1}", text)
        self.assertIn("Basically satisfied", text)
        # Signed by the manager.
        self.assertRegex(text, r"Manager's signature\s+Center Manager")

    def _service_report(self, titles=None, texts=None):
        """Sunny Garden's November report, prepared by the supervisor, its
        matters written and published by the manager."""
        report = (
            self.env["property.complaint.service.report"]
            .with_user(self.supervisor)
            .create({"team_id": self.center_sunny.id, "month": "2026-11-01"})
        )
        for line, title, text in zip(
            report.line_ids, titles or [], texts or [], strict=True
        ):
            line.write({"title": title, "owner_text": text})
        report.with_user(self.manager).action_publish()
        self._end_request()
        return report.with_env(self.env)

    def test_monthly_service_report(self):
        """For the owners of Sunny Garden (4.6): the month's figures, the
        collective event with what the center tells owners, the timeliness
        rate against its target, the hotline, and no complainant.

        The report now prints from its own record (the center writes it and
        publishes it), no longer from the estate with the month in `data`;
        the categories of fewer households than the center's threshold (3)
        are no matter of their own: November's Water leak (2 households),
        Lift (2), Noise and Fees (1); Water supply is the event's."""
        report = self._service_report(
            ["Water cut in block 2"], ["Pump replaced; cuts announced a day ahead."]
        )
        [pdf_page] = self._pdf_pages(
            self._render_pdf(MONTHLY_SERVICE, report.ids, user=self.manager)
        )
        page = pdf_page.text
        self.assertInText(
            [
                "Monthly property service report",
                "Sunny Garden",
                "November 2026",
                "received 12 complaints",
                "7 of them are handled and closed",
                "Matters concerning many owners",
                "Water cut in block 2",
                "24-hour hotline 400-800-1234",
            ],
            page,
        )
        self.assertInCompact(["Pump replaced; cuts announced a day ahead."], pdf_page)
        self.assertRow(["Matter", "Complaints", "Households"], page)
        self.assertRow(["Water cut in block 2", 5, 5], page)
        timeliness = self.env["property.complaint.timeliness"].search(
            [("team_id", "=", self.center_sunny.id), ("month", "=", "2026-11-01")]
        )
        self.assertTrue(timeliness.clock_count)
        self.assertInText(
            [
                f"Timeliness rate of complaint handling: {timeliness.rate:.1f} %",
                "(target 90.0 %)",
            ],
            " ".join(page.split()),
        )
        # No personal data of a complainant (4.6): names, phones, units,
        # complaint numbers and texts; nor the internal handling.
        complainants = self.november.partner_id
        self.assertTrue(complainants)
        for partner in complainants:
            self.assertNotIn(partner.name, page)
            for phone in filter(None, [partner.phone, partner.mobile]):
                self.assertNotIn(phone, page)
        for unit in self.november.unit_id:
            self.assertNotIn(unit.name, page)
        for ticket in self.november:
            self.assertNotIn(ticket.number, page)
        self.assertNotInText(
            [
                "No water since morning",
                "Pump replaced by the developer.",
                "Water is back; cuts announced a day ahead.",
                "Lake View",
            ],
            page,
        )

    def test_monthly_service_report_in_chinese(self):
        """Printed for Chinese owners, the report has no English word but the
        estate's own name."""
        report = self._service_report(["2栋停水"], ["水泵已更换并恢复供水。"])
        pages = self._pdf_pages(
            self._render_pdf(
                MONTHLY_SERVICE, report.ids, user=self.zh_manager, lang="zh_CN"
            )
        )
        [page] = pages
        self.assertInText(["月度物业服务报告", "2026年11月", "2栋停水"], page.text)
        self.assertInCompact(["水泵已更换并恢复供水。"], page)
        words = set(re.findall(r"[A-Za-z]{2,}", page.text))
        self.assertEqual(words - {"Sunny", "Garden", "Service", "Center"}, set())

    def test_forms_in_chinese(self):
        """Printed by a Chinese-speaking user, the forms carry their Chinese
        titles."""
        for report, records, data, title in [
            (RECORD_FORM, self.t_form, None, "客户投诉记录表"),
            (
                DUTY_LOG,
                self.center_sunny,
                {"team_ids": self.center_sunny.ids, "date": "2026-11-05"},
                "值班记录表",
            ),
            (SPECIAL_EVENT, self.event, None, "特别事件报告"),
        ]:
            with self.subTest(report=report):
                text = "\n".join(
                    self._pdf_text(
                        report,
                        records.ids,
                        data=data,
                        user=self.zh_manager,
                        lang="zh_CN",
                    )
                )
                self.assertIn(title, text)
                if report == RECORD_FORM:
                    self.assertInText([self.t_form.number, "卫生间天花板漏水"], text)


@tagged("post_install", "-at_install")
class TestMonthlyStatistics(ReportCase):
    """The quality department's monthly statistics (4.12), XLSX."""

    @staticmethod
    def _rows(sheet):
        return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]

    def _table(self, sheet, title, width=2):
        """The data rows of the table titled `title`: the rows after its
        header, up to the first empty one."""
        rows = self._rows(sheet)
        start = next(i for i, row in enumerate(rows) if row[0] == title)
        table = []
        for row in rows[start + 2 :]:
            if row[0] is None:
                break
            table.append(row[:width])
        return table

    def _summary_value(self, sheet, label):
        return next(row[1] for row in self._rows(sheet) if row[0] == label)

    def _expected_breaches(self, centers):
        """Breached clocks by kind label and level, due in the month in each
        center's own time zone: counted here clock by clock."""
        clocks = self.env["property.complaint.clock"].search(
            [("team_id", "in", centers.ids), ("state", "=", "breached")]
        )
        labels = dict(clocks._fields["kind"]._description_selection(self.env))
        counts = Counter()
        for clock in clocks:
            local = pytz.utc.localize(clock.due_at).astimezone(
                pytz.timezone(clock.team_id.tz)
            )
            if (local.year, local.month) == (2026, 11):
                counts[(labels[clock.kind], clock.escalation_level)] += 1
        return sorted((kind, level, count) for (kind, level), count in counts.items())

    def _expected_timeliness(self, center):
        """(decided, met) clocks of the center due in November, its time zone."""
        decided = met = 0
        tz = pytz.timezone(center.tz)
        for clock in self.env["property.complaint.clock"].search(
            [("team_id", "=", center.id), ("state", "in", ("met", "breached"))]
        ):
            local = pytz.utc.localize(clock.due_at).astimezone(tz)
            if (local.year, local.month) == (2026, 11):
                decided += 1
                met += clock.state == "met"
        return decided, met

    def test_statistics_figures(self):
        estates = self.estate_sunny | self.estate_lake
        workbook = self._render_xlsx(estates, user=self.quality)
        self.assertEqual(workbook.sheetnames, ["Summary", "Breaches", "Cases"])
        summary = workbook["Summary"]
        self.assertEqual(summary["A1"].value, "Monthly complaint statistics 2026-11")
        self.assertEqual(self._summary_value(summary, "Complaints"), 14)
        self.assertEqual(len(self.november), 14)
        self.assertEqual(self._summary_value(summary, "Repeat complaints"), 1)
        self.assertEqual(self._summary_value(summary, "Collective events"), 1)
        self.assertCountEqual(
            self._table(summary, "Estate"), [("Sunny Garden", 12), ("Lake View", 2)]
        )
        self.assertCountEqual(
            self._table(summary, "Complaint type"),
            [("Valid", 9), ("Invalid", 3), ("Assisted", 1), ("Not set", 1)],
        )
        self.assertCountEqual(
            self._table(summary, "Cause"),
            [
                ("Developer", 6),
                ("Service center", 4),
                ("Other", 3),
                ("Not set", 1),
            ],
        )
        self.assertCountEqual(
            self._table(summary, "Category"),
            [
                ("Water supply", 5),
                ("Water leak", 4),
                ("Lift", 2),
                ("Noise", 2),
                ("Fees", 1),
            ],
        )
        self.assertCountEqual(
            self._table(summary, "Channel"),
            [
                (self.channel_phone.name, 10),
                (self.channel_face_to_face.name, 2),
                (self.channel_letter.name, 1),
                (self.channel_email.name, 1),
            ],
        )
        # Largest first.
        self.assertEqual(self._table(summary, "Category")[0], ("Water supply", 5))
        # Of the closed complaints: t_form, t_spot, t_lake and the event's five.
        self.assertCountEqual(
            self._table(summary, "Satisfaction"),
            [("Satisfied", 6), ("Basically satisfied", 2)],
        )

    def test_statistics_timeliness(self):
        estates = self.estate_sunny | self.estate_lake
        workbook = self._render_xlsx(estates, user=self.quality)
        summary = workbook["Summary"]
        rows = self._rows(summary)
        header = (
            next(i for i, row in enumerate(rows) if row[0] == "Timeliness rate") + 1
        )
        self.assertEqual(
            rows[header][:5],
            (
                "Service center",
                "Decided clocks",
                "Met on time",
                "Rate (%)",
                "Target (%)",
            ),
        )
        lines = {
            row[0]: (row, header + 1 + i)
            for i, row in enumerate(rows[header + 1 :])
            if row[0]
        }
        self.assertEqual(
            set(lines), {"Sunny Garden Service Center", "Lake View Service Center"}
        )
        # Sunny Garden: 9 of 18 clocks met (the event's five first contacts
        # came with the reply, four clocks climbed to the quality department).
        self.assertEqual(self._expected_timeliness(self.center_sunny), (18, 9))
        sunny, sunny_row = lines["Sunny Garden Service Center"]
        self.assertEqual(sunny[1:5], (18, 9, 50.0, 90.0))
        # Lake View: 1 of 2, above its own target of 40 %.
        self.assertEqual(self._expected_timeliness(self.center_lake), (2, 1))
        lake, lake_row = lines["Lake View Service Center"]
        self.assertEqual(lake[1:5], (2, 1, 50.0, 40.0))
        # Below target shows in red (4.4.10).
        red = summary.cell(sunny_row + 1, 4).font.color
        self.assertEqual(red and red.rgb, "FFC00000")
        black = summary.cell(lake_row + 1, 4).font.color
        self.assertNotEqual(black and black.rgb, "FFC00000")

    def test_archived_complaints_still_count(self):
        """Issue 10, point 4: archiving takes a complaint off the desk's
        lists, not out of its month's figures and timeliness."""
        archived = self.t_lake | self.t_lake_breach
        archived.with_user(self.manager).action_archive()
        self._end_request()
        self.assertFalse(any(archived.mapped("active")))
        estates = self.estate_sunny | self.estate_lake
        workbook = self._render_xlsx(estates, user=self.quality)
        summary = workbook["Summary"]
        self.assertEqual(self._summary_value(summary, "Complaints"), 14)
        self.assertIn(("Lake View", 2), self._table(summary, "Estate"))
        lake = next(
            row for row in self._rows(summary) if row[0] == "Lake View Service Center"
        )
        self.assertEqual(lake[1:5], (2, 1, 50.0, 40.0))
        numbers = {row[0] for row in self._rows(workbook["Cases"])}
        self.assertLessEqual(set(archived.mapped("number")), numbers)

    def test_statistics_breaches(self):
        estates = self.estate_sunny | self.estate_lake
        workbook = self._render_xlsx(estates, user=self.quality)
        sheet = workbook["Breaches"]
        rows = self._rows(sheet)
        self.assertEqual(rows[0][0], "Breached clocks by kind and escalation level")
        self.assertEqual(rows[1], ("Clock", "Escalation level", "Breached clocks"))
        expected = [
            # The event's five households: contacted only with the reply.
            ("First contact", 0, 5),
            # t_prev (due 1 November 01:00 in Shanghai) and t_first_day,
            # up to the quality department.
            ("First contact", 3, 2),
            ("Invalid complaint reply", 2, 1),
            ("Invalid complaint reply", 3, 1),
            ("Triage", 3, 1),
        ]
        self.assertEqual(self._expected_breaches(estates.team_ids), expected)
        self.assertEqual(sorted(rows[2:]), expected)

    def test_statistics_cases(self):
        estates = self.estate_sunny | self.estate_lake
        workbook = self._render_xlsx(estates, user=self.quality)
        rows = self._rows(workbook["Cases"])
        self.assertEqual(
            rows[0],
            (
                "Number",
                "Received at",
                "Estate",
                "Unit",
                "Category",
                "Complaint type",
                "Cause",
                "Channel",
                "Stage",
                "Satisfaction",
                "Repeat",
                "Collective",
                "Title",
                "Result",
            ),
        )
        cases = {row[0]: row for row in rows[1:]}
        self.assertEqual(set(cases), set(self.november.mapped("number")))
        # Received order; the first is 1 November 01:00 in Shanghai.
        numbers = [row[0] for row in rows[1:]]
        self.assertEqual(numbers[0], self.t_first_day.number)
        self.assertEqual(cases[self.t_first_day.number][1], datetime(2026, 11, 1, 1))
        self.assertEqual(
            cases[self.t_form.number],
            (
                self.t_form.number,
                datetime(2026, 11, 5, 10),
                "Sunny Garden",
                self.unit_301.display_name,
                "Water leak",
                "Valid",
                "Service center",
                self.channel_phone.name,
                self.stage_done.name,
                "Satisfied",
                "No",
                "No",
                "卫生间天花板漏水",
                "更换楼上排水管并修复吊顶",
            ),
        )
        self.assertEqual(
            cases[self.t_night.number][1:4],
            (datetime(2026, 11, 5, 0, 30), "Sunny Garden", self.unit_302.display_name),
        )
        self.assertEqual(
            cases[self.t_repeat.number][9:13],
            (None, "Yes", "No", "Ceiling leaking again"),
        )
        for ticket in self.t_events:
            self.assertEqual(cases[ticket.number][11], "Yes")
        self.assertEqual(cases[self.t_eve.number][5:7], (None, None))

    def test_statistics_each_center_in_its_time_zone(self):
        """The month and the times of each estate are its service center's:
        30 November 20:00 UTC is November at Lake View (UTC), December at
        Sunny Garden (Asia/Shanghai); whichever estate comes first."""
        t_lake_edge = self._lake(
            "2026-11-30 20:00:00",
            name="Gate left open",
            category_id=self.category_noise.id,
        )
        for estates in (
            self.estate_sunny | self.estate_lake,
            self.estate_lake | self.estate_sunny,
        ):
            with self.subTest(first=estates[0].name):
                workbook = self._render_xlsx(estates, user=self.quality)
                summary = workbook["Summary"]
                # Each estate's month and times in its own center's time zone,
                # whatever order the estates come in.
                self.assertEqual(self._summary_value(summary, "Complaints"), 15)
                self.assertCountEqual(
                    self._table(summary, "Estate"),
                    [("Sunny Garden", 12), ("Lake View", 3)],
                )
                cases = {row[0]: row for row in self._rows(workbook["Cases"])[1:]}
                self.assertEqual(
                    set(cases),
                    set((self.november | t_lake_edge).mapped("number")),
                )
                self.assertEqual(
                    cases[self.t_first_day.number][1], datetime(2026, 11, 1, 1)
                )
                self.assertEqual(cases[self.t_lake.number][1], datetime(2026, 11, 5, 5))
                self.assertEqual(
                    cases[t_lake_edge.number][1], datetime(2026, 11, 30, 20)
                )

    def test_statistics_in_chinese(self):
        workbook = self._render_xlsx(
            self.estate_sunny | self.estate_lake, user=self.zh_quality, lang="zh_CN"
        )
        self.assertEqual(len(workbook.sheetnames), 3)
        for title in workbook.sheetnames:
            with self.subTest(sheet=title):
                self.assertNotIn(title, ("Summary", "Breaches", "Cases"))
                self.assertRegex(title, CJK)
        # The figures do not change with the language.
        summary = workbook.worksheets[0]
        self.assertEqual(summary["B3"].value, 14)
        cases = workbook.worksheets[2]
        self.assertEqual(cases.max_row, 15)

    def _count_xlsx_queries(self, estates):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._render_xlsx(estates, user=self.quality)
        return self.env.cr.sql_log_count - before

    def test_statistics_queries_do_not_grow_with_the_month(self):
        """Grouped queries and one fetch: more complaints, units, owners,
        categories and channels in the month cost no more queries."""
        estates = self.estate_sunny | self.estate_lake
        self._count_xlsx_queries(estates)  # warm the registry's caches
        queries = self._count_xlsx_queries(estates)
        Category = self.env["helpdesk.ticket.category"]
        for number in range(10):
            owner = self.env["res.partner"].create({"name": f"Owner {number}"})
            unit = self.env["property.unit"].create(
                {
                    "name": f"2-2-{number:03d}",
                    "building_id": self.building_sunny.id,
                    "owner_ids": [Command.set(owner.ids)],
                }
            )
            self._at(
                f"2026-11-2{number % 5} 03:00:00",
                name=f"Complaint {number}",
                unit_id=unit.id,
                category_id=Category.create({"name": f"Category {number}"}).id,
                channel_id=(self.channel_email, self.channel_letter)[number % 2].id,
                complaint_type=("valid", "invalid", "assisted")[number % 3],
                complaint_cause="other",
            )
        self.assertEqual(self._count_xlsx_queries(estates), queries)

    def _read_cases(self, estates):
        """The case rows as the quality department reads them, cold ORM
        cache, and the queries that took."""
        Statistics = self.env["property.complaint.statistics"].with_user(self.quality)
        domain = Statistics._get_ticket_domain(estates, date(2026, 11, 1))
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        rows = list(Statistics._get_cases(domain))
        return rows, self.env.cr.sql_log_count - before

    def test_statistics_cases_read_in_one_query(self):
        """Issue 14: the case rows are one query (a server-side cursor, its
        fetches, its close), not a fetch per related model and per thousand
        complaints; batch by batch, the same rows."""
        estates = self.estate_sunny | self.estate_lake
        self._read_cases(estates)  # warm the registry's caches
        rows, queries = self._read_cases(estates)
        self.assertEqual(len(rows), 14)
        # The record rules' own two, then the case query: declared, fetched,
        # closed.
        self.assertEqual(queries, 2 + 3)
        with patch.object(statistics, "CASE_BATCH", 5):
            batched, batched_queries = self._read_cases(estates)
        self.assertEqual(batched, rows)
        # Three fetches of at most five rows instead of one.
        self.assertEqual(batched_queries, queries + 2)

    def test_statistics_of_a_month_without_complaints(self):
        workbook = self._render_xlsx(self.estate_sunny, month="2026-08-01")
        self.assertEqual(self._summary_value(workbook["Summary"], "Complaints"), 0)
        self.assertEqual(self._rows(workbook["Breaches"])[2:], [])
        self.assertEqual(workbook["Cases"].max_row, 1)


@tagged("post_install", "-at_install")
class TestReportWizards(PropertyComplaintCase):
    """The wizards print the reports of the month, estates, day and centers
    chosen."""

    @freeze_time("2026-12-03 02:00:00")
    def test_statistics_wizard(self):
        Wizard = self.env["property.complaint.statistics.wizard"].with_user(
            self.quality
        )
        # Last month and the company's estates by default.
        defaults = Wizard.create({})
        self.assertEqual(defaults.month, date(2026, 11, 1))
        self.assertLessEqual(self.estate_sunny | self.estate_lake, defaults.estate_ids)
        wizard = Wizard.create(
            {
                "month": "2026-11-17",
                "estate_ids": [Command.set((self.estate_sunny | self.estate_lake).ids)],
            }
        )
        data = {
            "month": "2026-11-01",
            "estate_ids": (self.estate_sunny | self.estate_lake).sorted().ids,
        }
        action = wizard.action_export_statistics()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(
            action["report_name"], "property_complaint.monthly_statistics_xlsx"
        )
        self.assertEqual(action["data"]["month"], data["month"])
        self.assertCountEqual(action["data"]["estate_ids"], data["estate_ids"])
        self.assertCountEqual(action["context"]["active_ids"], data["estate_ids"])
        # The action's data prints the statistics.
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.quality)
            ._render_xlsx(action["report_name"], [], action["data"])
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            workbook["Summary"]["A1"].value, "Monthly complaint statistics 2026-11"
        )
        # The owners' report is a record of its own: the wizard opens the
        # month's reports of the estates.
        action = wizard.action_open_service_reports()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "property.complaint.service.report")
        month, (field, operator, estates) = action["domain"]
        self.assertEqual(month, ("month", "=", "2026-11-01"))
        self.assertEqual((field, operator), ("estate_id", "in"))
        self.assertCountEqual(estates, data["estate_ids"])
        self.assertEqual(action["context"], {"default_month": "2026-11-01"})

    @freeze_time("2026-11-05 02:00:00")
    def test_duty_log_wizard(self):
        Wizard = self.env["property.complaint.duty.log.wizard"].with_user(
            self.front_desk
        )
        defaults = Wizard.create({})
        # Today in the user's time zone (Shanghai, 10:00), every service
        # center, not the plain helpdesk team.
        self.assertEqual(defaults.date, date(2026, 11, 5))
        self.assertIn(self.center_sunny, defaults.team_ids)
        self.assertNotIn(self.team_it, defaults.team_ids)
        wizard = Wizard.create(
            {"date": "2026-11-04", "team_ids": [Command.set(self.center_sunny.ids)]}
        )
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "qweb-pdf")
        self.assertEqual(action["report_name"], "property_complaint.report_duty_log")
        self.assertEqual(
            action["data"], {"team_ids": self.center_sunny.ids, "date": "2026-11-04"}
        )
        self.assertEqual(action["context"]["active_ids"], self.center_sunny.ids)


@tagged("post_install", "-at_install")
class TestMonthlyStatisticsMail(PropertyComplaintCase):
    """Early each month, last month's statistics go to the quality department,
    once per company and month (4.12)."""

    def _statistics_mails(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.quality.partner_id.ids)]
        )

    def test_monthly_cron_waits_for_a_quality_department(self):
        company = self.estate_sunny.company_id
        key = f"property_complaint.statistics_sent.{company.id}"
        params = self.env["ir.config_parameter"].sudo()
        params.search([("key", "=", key)]).unlink()
        quality = self.env.ref("property_complaint.group_complaint_quality")
        members = quality.users.filtered(lambda user: user.company_id == company)
        quality.users -= members
        before = self._statistics_mails()
        Estate = self.env["property.estate"]
        with freeze_time("2026-12-02 01:00:00"):
            Estate._cron_send_monthly_statistics()
        self.assertFalse(self._statistics_mails() - before)
        self.assertFalse(params.get_param(key))
        # The department is set up: the next run sends the month after all.
        quality.users += members
        with freeze_time("2026-12-03 01:00:00"):
            Estate._cron_send_monthly_statistics()
        self.assertEqual(len(self._statistics_mails() - before), 1)
        self.assertEqual(params.get_param(key), "2026-11-01")

    def test_monthly_cron_sends_once(self):
        with freeze_time("2026-11-05 02:00:00"):
            ticket = self._create_complaint(self.front_desk)
        company = self.estate_sunny.company_id
        key = f"property_complaint.statistics_sent.{company.id}"
        self.env["ir.config_parameter"].sudo().search([("key", "=", key)]).unlink()
        before = self._statistics_mails()
        Estate = self.env["property.estate"]
        with freeze_time("2026-12-02 01:00:00"):
            Estate._cron_send_monthly_statistics()
        mail = self._statistics_mails() - before
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Complaint statistics 2026-11")
        self.assertEqual(mail.state, "outgoing")
        # To the company's quality department, and only to it.
        quality = self.env.ref("property_complaint.group_complaint_quality").users
        self.assertIn(self.quality.partner_id, mail.recipient_ids)
        self.assertLessEqual(
            mail.recipient_ids,
            quality.filtered(lambda u: u.company_id == company).partner_id,
        )
        self.assertIn("Sunny Garden", mail.body_html)
        attachment = mail.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.name, "Complaint statistics 2026-11.xlsx")
        self.assertEqual(
            attachment.mimetype,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(
            workbook["Summary"]["A1"].value, "Monthly complaint statistics 2026-11"
        )
        numbers = [row[0].value for row in workbook["Cases"].iter_rows(min_row=2)]
        self.assertIn(ticket.number, numbers)
        # Again the same month, even days later: nothing more.
        for moment in ("2026-12-02 01:00:00", "2026-12-05 01:00:00"):
            with freeze_time(moment):
                Estate._cron_send_monthly_statistics()
        self.assertEqual(self._statistics_mails() - before, mail)
        # The next month is sent anew.
        with freeze_time("2027-01-02 01:00:00"):
            Estate._cron_send_monthly_statistics()
        january = self._statistics_mails() - before - mail
        self.assertEqual(len(january), 1)
        self.assertEqual(january.subject, "Complaint statistics 2026-12")
