"""The timeliness rate of a service center (4.4.10): met and breached clocks
per month of the center's time zone, the rate, and the manager told once
when it falls below the center's target."""

from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common import ClockCase


@tagged("post_install", "-at_install")
class TestTimeliness(ClockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Timeliness = cls.env["property.complaint.timeliness"]

    def _invalid_complaint(self, center):
        """An invalid complaint: its reply is due 2 h after reception."""
        values = {"complaint_type": "invalid"}
        if center == self.center_lake:
            values.update(team_id=center.id, unit_id=self.unit_lake.id)
        return self._create_complaint(self.front_desk, **values)

    def _reply(self, ticket):
        ticket.with_user(self.assistant).write(
            {"reply_method": "phone", "replied_at": datetime.now()}
        )
        self._end_request()

    def _month(self, center, month):
        return self.Timeliness.search(
            [("team_id", "=", center.id), ("month", "=", month)]
        )

    def _below_target_messages(self, center):
        center.invalidate_recordset(["message_ids"])
        return center.message_ids.filtered(
            lambda message: "below the target" in (message.body or "")
        )

    def test_rate_per_center_and_month(self):
        self.assertEqual(self.center_sunny.tz, "Asia/Shanghai")
        self.assertEqual(self.center_lake.tz, "UTC")
        with freeze_time("2026-11-10 02:00:00"):
            sunny_met = self._invalid_complaint(self.center_sunny)
            sunny_late = self._invalid_complaint(self.center_sunny)
            lake_late = self._invalid_complaint(self.center_lake)
        with freeze_time("2026-11-10 03:00:00"):
            self._reply(sunny_met)
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [
                {
                    "clock_count": 1,
                    "met_count": 1,
                    "rate": 100.0,
                    "target": 90.0,
                    "below_target": False,
                    "manager_told_at": False,
                }
            ],
        )
        # The enforcement breaches the two others at their due time.
        self._enforce_clocks("2026-11-10 04:00:00")
        self.assertEqual(self._clocks(sunny_late, "invalid_reply").state, "breached")
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [
                {
                    "clock_count": 2,
                    "met_count": 1,
                    "rate": 50.0,
                    "below_target": True,
                    "manager_told_at": datetime(2026, 11, 10, 4),
                }
            ],
        )
        self.assertRecordValues(
            self._month(self.center_lake, date(2026, 11, 1)),
            [{"clock_count": 1, "met_count": 0, "rate": 0.0, "below_target": True}],
        )
        # Replied late afterwards: still one breach, not two.
        with freeze_time("2026-11-10 05:00:00"):
            self._reply(sunny_late)
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [{"clock_count": 2, "met_count": 1, "rate": 50.0}],
        )

        # Due at 17:00 UTC on 30 November: 1 December in Shanghai, still
        # November in UTC.
        with freeze_time("2026-11-30 15:00:00"):
            sunny_december = self._invalid_complaint(self.center_sunny)
            lake_november = self._invalid_complaint(self.center_lake)
        with freeze_time("2026-11-30 16:00:00"):
            self._reply(sunny_december)
            self._reply(lake_november)
        self.assertEqual(
            self._clocks(sunny_december, "invalid_reply").due_at,
            datetime(2026, 11, 30, 17),
        )
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 12, 1)),
            [{"clock_count": 1, "met_count": 1, "rate": 100.0, "below_target": False}],
        )
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [{"clock_count": 2, "met_count": 1, "rate": 50.0}],
        )
        self.assertRecordValues(
            self._month(self.center_lake, date(2026, 11, 1)),
            [{"clock_count": 2, "met_count": 1, "rate": 50.0, "below_target": True}],
        )
        self.assertFalse(self._month(self.center_lake, date(2026, 12, 1)))
        self.assertEqual(lake_late.clock_ids.state, "breached")

        # The rate of the center's current month, in its time zone; none (not
        # 100 %) in a month where nothing fell due yet.
        for moment, sunny_rate, lake_rate in [
            ("2026-11-20 12:00:00", 50.0, 50.0),
            # 1 December 01:00 in Shanghai, still 30 November in UTC.
            ("2026-11-30 17:00:00", 100.0, 50.0),
            ("2026-12-05 12:00:00", 100.0, None),
        ]:
            with freeze_time(moment):
                centers = self.center_sunny | self.center_lake
                centers.invalidate_recordset(
                    [
                        "timeliness_rate",
                        "timeliness_below_target",
                        "timeliness_has_data",
                    ]
                )
                self.assertEqual(
                    [
                        center.timeliness_rate if center.timeliness_has_data else None
                        for center in centers
                    ],
                    [sunny_rate, lake_rate],
                    moment,
                )
                self.assertEqual(
                    centers.mapped("timeliness_below_target"),
                    [
                        rate is not None and rate < 90
                        for rate in (sunny_rate, lake_rate)
                    ],
                    moment,
                )

    def test_manager_told_once_below_target(self):
        with freeze_time("2026-11-10 02:00:00"):
            met = self._invalid_complaint(self.center_sunny)
            late = [self._invalid_complaint(self.center_sunny) for _i in range(2)]
        with freeze_time("2026-11-10 03:00:00"):
            self._reply(met)
        self.assertFalse(self._below_target_messages(self.center_sunny))
        with freeze_time("2026-11-10 05:00:00"):
            self._reply(late[0])
        message = self._below_target_messages(self.center_sunny)
        self.assertEqual(len(message), 1)
        self.assertIn(
            "The timeliness rate of Sunny Garden Service Center for 2026-11 is "
            "50.0 %, below the target of 90.0 %.",
            message.body,
        )
        self.assertEqual(message.partner_ids, self.manager.partner_id)
        self.assertIn(self.manager.partner_id, self._notified_partners(message))
        # Lower still: the manager already knows this month.
        with freeze_time("2026-11-10 06:00:00"):
            self._reply(late[1])
        self.assertAlmostEqual(
            self._month(self.center_sunny, date(2026, 11, 1)).rate, 100 / 3
        )
        self.assertEqual(len(self._below_target_messages(self.center_sunny)), 1)
        # A new month is told anew.
        with freeze_time("2026-12-10 02:00:00"):
            december = self._invalid_complaint(self.center_sunny)
        with freeze_time("2026-12-10 05:00:00"):
            self._reply(december)
        self.assertEqual(len(self._below_target_messages(self.center_sunny)), 2)

    def test_target_per_center(self):
        self.center_lake.timeliness_target = 40.0
        with freeze_time("2026-11-10 02:00:00"):
            met = self._invalid_complaint(self.center_lake)
            late = self._invalid_complaint(self.center_lake)
        with freeze_time("2026-11-10 03:00:00"):
            self._reply(met)
        with freeze_time("2026-11-10 05:00:00"):
            self._reply(late)
        self.assertRecordValues(
            self._month(self.center_lake, date(2026, 11, 1)),
            [
                {
                    "rate": 50.0,
                    "target": 40.0,
                    "below_target": False,
                    "manager_told_at": False,
                }
            ],
        )
        self.assertFalse(self._below_target_messages(self.center_lake))

    def test_cancelled_clocks_do_not_count(self):
        with freeze_time("2026-11-10 02:00:00"):
            ticket = self._invalid_complaint(self.center_sunny)
            other = self._invalid_complaint(self.center_sunny)
        with freeze_time("2026-11-10 02:30:00"):
            # Reclassified: its invalid-reply clock no longer applies.
            ticket.complaint_type = "assisted"
            self._reply(other)
        self.assertEqual(ticket.clock_ids.state, "cancelled")
        self._enforce_clocks("2026-11-10 06:00:00")
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [{"clock_count": 1, "met_count": 1, "rate": 100.0}],
        )

    def test_breach_kept_when_agreed_time_moved_late(self):
        """A missed agreed time stays missed when a new time is agreed: the
        breached clock is ended, not cancelled, so the month still counts it
        and agreeing a new time cannot raise the timeliness rate (4.4.10)."""
        with freeze_time("2026-11-10 02:00:00"):
            ticket = self._create_complaint(self.front_desk, complaint_type="assisted")
            ticket.agreed_reply_at = "2026-11-10 06:00:00"
        missed = self._clocks(ticket, "agreed_reply")
        self._enforce_clocks("2026-11-10 06:00:00")
        self.assertRecordValues(missed, [{"state": "breached", "escalation_level": 1}])
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [{"clock_count": 1, "met_count": 0}],
        )
        with freeze_time("2026-11-10 07:00:00"):
            ticket.with_user(self.assistant).agreed_reply_at = "2026-11-11 06:00:00"
        clocks = self._clocks(ticket, "agreed_reply")
        self.assertEqual(len(clocks), 2)
        with freeze_time("2026-11-11 05:00:00"):
            self._reply(ticket)
        self.assertEqual(clocks[1].state, "met")
        # The missed time is still a breach, no longer enforced, and counted.
        self.assertRecordValues(
            clocks[0],
            [
                {
                    "due_at": datetime(2026, 11, 10, 6),
                    "state": "breached",
                    "escalation_level": 1,
                    "next_check_at": False,
                }
            ],
        )
        self.assertRecordValues(
            self._month(self.center_sunny, date(2026, 11, 1)),
            [{"clock_count": 2, "met_count": 1, "rate": 50.0}],
        )
