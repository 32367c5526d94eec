from datetime import date, datetime

from odoo.tests import tagged

from .common import PropertyComplaintCase


@tagged("post_install", "-at_install")
class TestServiceCenterTime(PropertyComplaintCase):
    """The one home of a service center's time: its days, months and how its
    moments read, with one fallback (UTC) for a center without a time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.center_sunny.tz = "Asia/Shanghai"

    def test_day_and_month_bounds_are_the_centers(self):
        center = self.center_sunny
        # Shanghai's 1 December runs from 16:00 UTC the day before.
        self.assertEqual(
            center._get_day_bounds(date(2026, 12, 1)),
            (datetime(2026, 11, 30, 16, 0), datetime(2026, 12, 1, 16, 0)),
        )
        self.assertEqual(
            center._get_month_bounds(date(2026, 12, 1)),
            (datetime(2026, 11, 30, 16, 0), datetime(2026, 12, 31, 16, 0)),
        )
        # 20:00 UTC on 30 November is already December there.
        self.assertEqual(
            center._get_month_of(datetime(2026, 11, 30, 20, 0)), date(2026, 12, 1)
        )
        self.assertEqual(
            center._get_end_of_day(datetime(2026, 11, 30, 20, 0)),
            datetime(2026, 12, 1, 15, 59, 59),
        )

    def test_one_fallback_without_time_zone(self):
        self.center_lake.tz = False
        no_center = self.env["helpdesk.ticket.team"]
        for center in (self.center_lake, no_center):
            self.assertEqual(center._get_tz_name(), "UTC")
            self.assertEqual(
                center._get_day_bounds(date(2026, 12, 1)),
                (datetime(2026, 12, 1), datetime(2026, 12, 2)),
            )

    def test_moments_read_in_the_readers_date_format(self):
        moment = datetime(2026, 11, 30, 20, 5, 33)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(
            self.center_sunny.with_context(lang="zh_CN")._format_moment(moment),
            "2026-12-01 04:05",
        )
