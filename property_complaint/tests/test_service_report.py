"""The monthly property service report to the owners (4.6, 4.12.2): which
matters it tells, the center's texts, publishing, who may do what, and no
household's personal data in what it prints."""

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import PropertyComplaintCase

NOVEMBER = "2026-11-01"


@tagged("post_install", "-at_install")
class ServiceReportCase(PropertyComplaintCase):
    """November 2026 in Sunny Garden (Asia/Shanghai), recorded in December:

    - Lift: three households (301 on 1 November 01:00 local, i.e. 31 October
      UTC; 302; 303), and 301 again on 1 December 00:30 local (December);
    - Noise: two households (301, 302);
    - Water supply: five households (303-307) in a collective event, made
      in December about the cut of 12 November.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_lift = Category.create({"name": "Lift"})
        cls.category_noise = Category.create({"name": "Noise"})
        cls.category_water = Category.create({"name": "Water supply"})
        cls.event_units = cls._create_neighbours(5)
        cls.Report = cls.env["property.complaint.service.report"]
        with freeze_time("2026-12-02 02:00:00"):
            cls._create_month()

    @classmethod
    def _received(cls, moment, unit, category, **values):
        return cls._create_complaint(
            cls.front_desk,
            received_at=moment,
            unit_id=unit.id,
            category_id=category.id,
            **values,
        )

    @classmethod
    def _create_month(cls):
        lift, noise = cls.category_lift, cls.category_noise
        cls.t_lift = (
            cls._received("2026-10-31 17:00:00", cls.unit_301, lift)
            | cls._received(
                "2026-11-03 02:00:00",
                cls.unit_302,
                lift,
                name="Lift stuck with Li Lei inside",
                description="<p>Li Lei of 2-1-302 was stuck for an hour.</p>",
            )
            | cls._received("2026-11-04 02:00:00", cls.event_units[0], lift)
        )
        cls.t_lift_december = cls._received("2026-11-30 16:30:00", cls.unit_301, lift)
        cls.t_noise = cls._received(
            "2026-11-05 02:00:00", cls.unit_301, noise
        ) | cls._received("2026-11-06 02:00:00", cls.unit_302, noise)
        cls.event = cls.env["property.complaint.event"].create(
            {
                "name": "Block 2 without water",
                "team_id": cls.center_sunny.id,
                "category_id": cls.category_water.id,
                "handling": "Internal: the pump contractor Wang was late.",
                "reply": "Internal reply to each household.",
            }
        )
        cls.t_event = cls.env["helpdesk.ticket"]
        for unit in cls.event_units:
            cls.t_event |= cls._received(
                "2026-11-12 01:00:00",
                unit,
                cls.category_water,
                name="No water since morning",
                collective_event_id=cls.event.id,
            )
        cls._end_request()

    def _new_report(self, user=None, month=NOVEMBER, center=None):
        Report = self.Report.with_user(user or self.supervisor)
        return Report.create(
            {"team_id": (center or self.center_sunny).id, "month": month}
        )

    def _lines(self, report):
        """{event or category: (complaints, households, closed)}"""
        report.invalidate_recordset()
        return {
            line.event_id or line.category_id: (
                line.complaint_count,
                line.household_count,
                line.closed_count,
            )
            for line in report.line_ids
        }

    def _write_texts(self, report, user=None):
        for line in report.line_ids.with_user(user or self.supervisor):
            line.owner_text = f"Done about {line.title}."


class TestServiceReportMatters(ServiceReportCase):
    def test_matters_of_the_month(self):
        self.assertTrue(self.event.is_collective)
        # The event was made, and became collective, in December.
        self.assertEqual(self.event.collective_since.month, 12)
        report = self._new_report()
        self.assertEqual(report.month.isoformat(), NOVEMBER)
        self.assertEqual(report.estate_id, self.estate_sunny)
        # The event whole, then the categories of three households; the
        # event's own complaints are not told again under their category.
        self.assertEqual(
            self._lines(report),
            {self.event: (5, 5, 0), self.category_lift: (3, 3, 0)},
        )
        self.assertEqual(report.line_ids[0].event_id, self.event)
        self.assertEqual(report.line_ids[0].title, "Block 2 without water")
        self.assertEqual(report.line_ids[1].title, "Lift")
        # 3 lift + 2 noise + 5 water in November, local time.
        self.assertEqual(report.complaint_count, 10)
        self.assertEqual(report.closed_count, 0)

    def test_month_in_the_centers_time_zone(self):
        october = self._new_report(month="2026-10-20")
        self.assertEqual(october.month.isoformat(), "2026-10-01")
        self.assertEqual(october.complaint_count, 0)
        self.assertFalse(october.line_ids)
        december = self._new_report(month="2026-12-01")
        # December: 301's lift complaint of 1 December 00:30, and the event,
        # collective since 2 December.
        self.assertEqual(december.complaint_count, 1)
        self.assertEqual(self._lines(december), {self.event: (5, 5, 0)})

    def test_threshold_of_the_center(self):
        self.assertEqual(self.center_sunny.monthly_report_household_threshold, 3)
        center = self.center_sunny.with_user(self.complaint_admin)
        center.monthly_report_household_threshold = 2
        report = self._new_report()
        self.assertIn(self.category_noise, self._lines(report))
        self.assertEqual(self._lines(report)[self.category_noise], (2, 2, 0))
        center.monthly_report_household_threshold = 4
        report.action_prepare_lines()
        self.assertEqual(set(self._lines(report)), {self.event})
        for value in (0, -3):
            with self.assertRefused(ValidationError, "at least 1 household"):
                center.monthly_report_household_threshold = value
        self.assertEqual(self.center_sunny.monthly_report_household_threshold, 4)

    def test_prepare_keeps_the_texts(self):
        self.event.with_user(self.manager).owner_summary = "Water back by noon."
        report = self._new_report()
        event_line, lift_line = report.line_ids
        self.assertEqual(event_line.owner_text, "Water back by noon.")
        self.assertFalse(lift_line.owner_text)
        # The event's text written after the line was made fills it.
        event_line.owner_text = False
        self.event.with_user(self.manager).owner_summary = "Water back at noon."
        report.with_user(self.supervisor).action_prepare_lines()
        self.assertEqual(event_line.owner_text, "Water back at noon.")
        lift_line.with_user(self.supervisor).write(
            {"title": "Lifts of block 2", "owner_text": "Both lifts serviced."}
        )
        event_line.with_user(self.supervisor).owner_text = "Pump replaced."
        # A fourth household; and noise reaches the threshold.
        with freeze_time("2026-12-02 03:00:00"):
            self._received(
                "2026-11-20 02:00:00", self.event_units[1], self.category_lift
            )
            self._received(
                "2026-11-21 02:00:00", self.event_units[2], self.category_noise
            )
        report.with_user(self.supervisor).action_prepare_lines()
        self.assertEqual(
            self._lines(report),
            {
                self.event: (5, 5, 0),
                self.category_lift: (4, 4, 0),
                self.category_noise: (3, 3, 0),
            },
        )
        self.assertEqual(report.line_ids[:2], event_line | lift_line)
        self.assertEqual(lift_line.title, "Lifts of block 2")
        self.assertEqual(lift_line.owner_text, "Both lifts serviced.")
        self.assertEqual(event_line.owner_text, "Pump replaced.")
        # A matter that no longer qualifies goes; the center's own stays.
        own = (
            self.env["property.complaint.service.report.line"]
            .with_user(self.supervisor)
            .create(
                {
                    "report_id": report.id,
                    "title": "Car park",
                    "owner_text": "Repainted.",
                }
            )
        )
        self.center_sunny.with_user(
            self.complaint_admin
        ).monthly_report_household_threshold = 4
        report.with_user(self.supervisor).action_prepare_lines()
        self.assertEqual(
            set(self._lines(report)),
            {self.event, self.category_lift, self.env["helpdesk.ticket.category"]},
        )
        self.assertIn(own, report.line_ids)

    def test_counts_and_sources_are_the_servers(self):
        report = self._new_report()
        line = report.line_ids.with_user(self.supervisor)[1]
        for values in (
            {"household_count": 99},
            {"category_id": self.category_noise.id},
        ):
            with self.assertRefused(AccessError, "never written directly"):
                line.write(values)
        with self.assertRefused(AccessError, "never written directly"):
            report.with_user(self.supervisor).write({"state": "published"})
        self.assertEqual(line.household_count, 3)
        self.assertEqual(report.state, "draft")

    def test_timeliness_against_the_target(self):
        report = self._new_report()
        self.assertFalse(report.timeliness_measured)
        self.assertEqual(report.timeliness_target, 90.0)
        self.env["property.complaint.timeliness"].create(
            {
                "team_id": self.center_sunny.id,
                "month": NOVEMBER,
                "clock_count": 20,
                "met_count": 17,
                "rate": 85.0,
                "target": 92.0,
            }
        )
        report.with_user(self.supervisor).action_prepare_lines()
        self.assertTrue(report.timeliness_measured)
        self.assertEqual(report.timeliness_rate, 85.0)
        self.assertEqual(report.timeliness_target, 92.0)


class TestServiceReportPublishing(ServiceReportCase):
    def test_publish_refused_without_texts(self):
        report = self._new_report()
        report.line_ids[0].owner_text = "Pump replaced."
        with self.assertRefused(UserError, r"before publishing \(missing: Lift\)"):
            report.with_user(self.manager).action_publish()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.published_at)
        report.line_ids[1].owner_text = "   "
        with self.assertRefused(UserError, "missing: Lift"):
            report.with_user(self.manager).action_publish()
        self.assertEqual(report.state, "draft")

    def test_only_the_manager_publishes(self):
        report = self._new_report()
        self._write_texts(report)
        with self.assertRefused(AccessError, "Only the service-center manager"):
            report.with_user(self.supervisor).action_publish()
        self.assertEqual(report.state, "draft")
        with freeze_time("2026-12-03 01:00:00"):
            report.with_user(self.manager).action_publish()
            self._end_request()
        self.assertEqual(report.state, "published")
        self.assertEqual(report.published_by_id, self.manager)
        self.assertEqual(report.published_at.isoformat(), "2026-12-03T01:00:00")
        self.assertIn("state", self._tracked_field_names(report.with_env(self.env)))

    def test_published_report_never_changes(self):
        report = self._new_report()
        self._write_texts(report)
        report.with_user(self.manager).action_publish()
        line = report.line_ids[0]
        text = line.owner_text
        for action in (
            lambda: report.with_user(self.manager).write({"month": "2026-10-01"}),
            lambda: line.with_user(self.manager).write({"owner_text": "Changed."}),
            lambda: report.with_user(self.manager).action_prepare_lines(),
            lambda: report.with_user(self.manager).action_publish(),
            lambda: line.with_user(self.manager).unlink(),
            lambda: report.with_user(self.manager).unlink(),
            lambda: report.with_user(self.complaint_admin).unlink(),
            lambda: (
                self.env["property.complaint.service.report.line"]
                .with_user(self.manager)
                .create({"report_id": report.id, "title": "More"})
            ),
        ):
            with self.assertRefused(UserError, "never changed or deleted"):
                action()
        self.assertTrue(report.exists())
        self.assertEqual(report.month.isoformat(), NOVEMBER)
        self.assertEqual(line.owner_text, text)
        self.assertEqual(len(report.line_ids), 2)
        # A draft may go.
        draft = self._new_report(month="2026-10-01")
        draft.with_user(self.supervisor).unlink()
        self.assertFalse(draft.exists())

    def test_one_report_per_center_and_month(self):
        self._new_report()
        with (
            self.assertRaises(psycopg2.IntegrityError),
            self.cr.savepoint(),
            mute_logger("odoo.sql_db"),
        ):
            self._new_report(month="2026-11-15")


class TestServiceReportRights(ServiceReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = "property_complaint"
        cls.supervisor_hill = cls._create_user(
            "pct_sr_supervisor_hill", f"{prefix}.group_complaint_supervisor", "Hill"
        )
        cls.manager_hill = cls._create_user(
            "pct_sr_manager_hill", f"{prefix}.group_complaint_manager", "Hill Mgr"
        )
        estate_hill = cls.env["property.estate"].create({"name": "Hill Side"})
        cls.center_hill = cls._create_service_center(
            estate_hill,
            manager_id=cls.manager_hill.id,
            supervisor_ids=[Command.set(cls.supervisor_hill.ids)],
            user_ids=[Command.clear()],
        )

    def test_quality_reads_only(self):
        report = self._new_report()
        as_quality = report.with_user(self.quality)
        self.assertEqual(
            as_quality.line_ids.mapped("title"), ["Block 2 without water", "Lift"]
        )
        for action in (
            lambda: as_quality.write({"month": "2026-10-01"}),
            lambda: as_quality.line_ids[0].write({"owner_text": "Quality says."}),
            lambda: as_quality.action_prepare_lines(),
            lambda: self._new_report(self.quality, month="2026-10-01"),
        ):
            with self.assertRaises(AccessError):
                action()
        self.assertFalse(report.line_ids[0].owner_text)
        self.assertFalse(
            self.Report.search_count(
                [("team_id", "=", self.center_sunny.id), ("month", "=", "2026-10-01")]
            )
        )

    def test_front_desk_reads_only(self):
        report = self._new_report()
        self.assertEqual(report.with_user(self.front_desk).complaint_count, 10)
        with self.assertRaises(AccessError):
            report.line_ids[0].with_user(self.front_desk).owner_text = "Desk says."

    def test_supervisor_writes_own_center_only(self):
        report = self._new_report()
        report.line_ids[0].with_user(self.supervisor).owner_text = "Pump replaced."
        self.assertEqual(report.line_ids[0].owner_text, "Pump replaced.")
        hill = self._new_report(self.supervisor_hill, center=self.center_hill)
        self.assertEqual(hill.team_id, self.center_hill)
        with self.assertRaises(AccessError):
            hill.with_user(self.supervisor).read(["month"])
        with self.assertRaises(AccessError):
            hill.with_user(self.supervisor).action_prepare_lines()
        with self.assertRaises(AccessError):
            self._new_report(
                self.supervisor, month="2026-10-01", center=self.center_hill
            )
        with self.assertRaises(AccessError):
            report.with_user(self.supervisor_hill).read(["month"])
        self.assertFalse(
            self.Report.with_user(self.supervisor_hill).search(
                [("team_id", "=", self.center_sunny.id)]
            )
        )
        # Nor does the other center's manager publish it.
        self._write_texts(report)
        with self.assertRaises(AccessError):
            report.with_user(self.manager_hill).action_publish()
        self.assertEqual(report.state, "draft")


class TestServiceReportPersonalData(ServiceReportCase):
    def test_no_household_in_the_report(self):
        """What the owners get names no household (4.6): the center's texts
        and the counts, never an owner, a unit, a phone, a complaint's text
        or the internal handling."""
        self.event.owner_summary = "The pump was replaced; water is back."
        report = self._new_report()
        report.line_ids[1].owner_text = "Both lifts were serviced."
        report.with_user(self.manager).action_publish()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(report._get_report_ref(), report.ids)
        )
        html = html.decode()
        for text in (
            "Monthly property service report",
            "Sunny Garden",
            "November 2026",
            "Block 2 without water",
            "The pump was replaced; water is back.",
            "Both lifts were serviced.",
            "received 10 complaints",
            "400-800-1234",
        ):
            self.assertIn(text, html)
        self.assertRegex(html, r"<td>5</td>\s*<td>5</td>")
        self.assertRegex(html, r"<td>3</td>\s*<td>3</td>")
        complaints = self.t_lift | self.t_noise | self.t_event
        partners = complaints.partner_id | complaints.unit_id.owner_ids
        self.assertGreaterEqual(len(partners), 7)
        for partner in partners:
            self.assertNotIn(partner.name, html)
            for phone in filter(None, [partner.phone, partner.mobile]):
                self.assertNotIn(phone, html)
        for unit in complaints.unit_id:
            self.assertNotIn(unit.name, html)
        for ticket in complaints:
            self.assertNotIn(ticket.number, html)
            self.assertNotIn(ticket.name, html)
        for internal in (self.event.handling, self.event.reply, "Li Lei"):
            self.assertNotIn(internal, html)
