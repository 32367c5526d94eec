"""Clocks in working time across China's public holidays and make-up days."""

from datetime import datetime

from odoo.tests import tagged

from .common import ClockCase


@tagged("post_install", "-at_install")
class TestWorkingCalendar(ClockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("property_complaint.resource_calendar_cn_office")
        cls.policy = cls.env.ref("property_complaint.clock_policy_first_contact")
        cls.policy.calendar_id = cls.calendar
        cls.ticket = cls._create_complaint()

    def _due(self, hours, started_at):
        """The due time (UTC) of an `hours` clock started at `started_at` (UTC)."""
        self.policy.duration_hours = hours
        return self.policy._compute_due_at(self.ticket, started_at)

    def test_national_day_holidays_are_skipped(self):
        # Wed 30 Sep 16:00 in Shanghai: two hours that day, then 1-7 October
        # off, and the last two hours on Thursday 8 October, 9:00-11:00.
        due = self._due(4, datetime(2026, 9, 30, 8, 0))
        self.assertEqual(due, datetime(2026, 10, 8, 3, 0))

    def test_make_up_saturday_is_a_working_day(self):
        # Fri 9 Oct 14:00: four hours that afternoon, then Saturday 10 October
        # is worked (调休): 9:00-12:00 and one hour after lunch.
        due = self._due(8, datetime(2026, 10, 9, 6, 0))
        self.assertEqual(due, datetime(2026, 10, 10, 6, 0))

    def test_ordinary_saturday_is_not(self):
        # The Saturday after, 17 October, is off: Friday 16 Oct 14:00 plus
        # eight hours ends on Monday 19 October at 14:00.
        due = self._due(8, datetime(2026, 10, 16, 6, 0))
        self.assertEqual(due, datetime(2026, 10, 19, 6, 0))

    def test_make_up_day_removed(self):
        """An administrator corrects the schedule: without the make-up day the
        Friday clock runs to Monday."""
        self.calendar.workday_ids.filtered(
            lambda day: str(day.date) == "2026-10-10"
        ).unlink()
        due = self._due(8, datetime(2026, 10, 9, 6, 0))
        self.assertEqual(due, datetime(2026, 10, 12, 6, 0))

    def test_schedule_of_2026_is_shipped(self):
        leaves = self.calendar.global_leave_ids
        self.assertEqual(len(leaves), 7)
        self.assertEqual(
            sorted(str(day) for day in self.calendar.workday_ids.mapped("date")),
            [
                "2026-01-04",
                "2026-02-14",
                "2026-02-28",
                "2026-05-09",
                "2026-09-20",
                "2026-10-10",
            ],
        )
