"""The clocks table: what starts, stops and cancels each clock, and when it
falls due (the procedure's "The clocks", 4.3, 4.4.1, 4.4.4, 4.5.1, 4.5.3, 4.7)."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase


@tagged("post_install", "-at_install")
class TestClockTable(ClockCase):
    """One test per row of the table: start, due, stop, met or breached."""

    def _log_contact(self, ticket, **values):
        return (
            self.env["property.complaint.contact"]
            .with_user(self.assistant)
            .create(
                {
                    "ticket_id": ticket.id,
                    "method": "phone",
                    "summary": "Called the owner back.",
                    **values,
                }
            )
        )

    def _reply(self, ticket, **values):
        ticket.with_user(self.assistant).write(
            {"reply_method": "phone", "replied_at": datetime.now(), **values}
        )
        self._end_request()

    @freeze_time(NOW)
    def test_triage_met_when_classified(self):
        ticket = self._create_complaint(self.front_desk)
        triage = self._clocks(ticket, "triage")
        self.assertRecordValues(
            triage,
            [
                {
                    "policy_id": self._policy("triage").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "warning_at": datetime(2026, 11, 5, 11, 30),
                    "done_at": False,
                    "state": "running",
                    "escalation_level": 0,
                    "next_check_at": datetime(2026, 11, 5, 11, 30),
                }
            ],
        )
        self.assertEqual(ticket.next_due_at, datetime(2026, 11, 5, 12))
        # No other clock runs on an untriaged complaint.
        self.assertEqual(ticket.clock_ids, triage)

        with freeze_time("2026-11-05 11:20:00"):
            ticket.with_user(self.assistant).complaint_type = "valid"
            self._end_request()
        self.assertRecordValues(
            triage,
            [
                {
                    "done_at": datetime(2026, 11, 5, 11, 20),
                    "state": "met",
                    "next_check_at": False,
                }
            ],
        )
        # Valid from now on: the first-contact clock runs from reception.
        self.assertRecordValues(
            self._clocks(ticket, "first_contact"),
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "state": "running",
                }
            ],
        )

    @freeze_time(NOW)
    def test_triage_breached_when_classified_late(self):
        ticket = self._create_complaint(self.front_desk)
        with freeze_time("2026-11-05 12:00:01"):
            ticket.with_user(self.assistant).complaint_type = "invalid"
        self.assertRecordValues(
            self._clocks(ticket, "triage"),
            [
                {
                    "done_at": datetime(2026, 11, 5, 12, 0, 1),
                    "state": "breached",
                    "escalation_level": 0,
                    "next_check_at": False,
                }
            ],
        )

    @freeze_time(NOW)
    def test_first_contact_valid_met_by_first_contact(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        self.assertRecordValues(
            first_contact,
            [
                {
                    "policy_id": self._policy("first_contact").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        self.assertFalse(self._clocks(ticket, "triage"))
        with freeze_time("2026-11-05 11:15:00"):
            self._log_contact(ticket)
        with freeze_time("2026-11-05 11:45:00"):
            self._log_contact(ticket, summary="Second call: plumber on his way.")
        # The first contact decides it; the second changes nothing.
        self.assertRecordValues(
            first_contact,
            [{"done_at": datetime(2026, 11, 5, 11, 15), "state": "met"}],
        )
        self.assertEqual(len(self._clocks(ticket, "first_contact")), 1)

    @freeze_time(NOW)
    def test_first_contact_quick_breached_by_late_contact(self):
        ticket = self._create_complaint(self.front_desk)
        self.assertFalse(self._clocks(ticket, "first_contact"))
        with freeze_time("2026-11-05 10:05:00"):
            ticket.with_user(self.front_desk).action_mark_quick()
        # Quick to solve: the owner is contacted within 2 h of reception.
        first_contact = self._clocks(ticket, "first_contact")
        self.assertRecordValues(
            first_contact,
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "state": "running",
                }
            ],
        )
        with freeze_time("2026-11-05 12:30:00"):
            self._log_contact(ticket)
        self.assertRecordValues(
            first_contact,
            [
                {
                    "done_at": datetime(2026, 11, 5, 12, 30),
                    "state": "breached",
                    "escalation_level": 0,
                    "next_check_at": False,
                }
            ],
        )

    @freeze_time(NOW)
    def test_invalid_reply_met_by_reply(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="invalid")
        invalid_reply = self._clocks(ticket, "invalid_reply")
        self.assertRecordValues(
            invalid_reply,
            [
                {
                    "policy_id": self._policy("invalid_reply").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        # Invalid: no first contact, no triage, only the reply.
        self.assertEqual(ticket.clock_ids, invalid_reply)
        with freeze_time("2026-11-05 11:40:00"):
            self._reply(ticket)
        self.assertRecordValues(
            invalid_reply,
            [{"done_at": datetime(2026, 11, 5, 11, 40), "state": "met"}],
        )

    @freeze_time(NOW)
    def test_on_the_spot_reply_met_by_reply(self):
        ticket = self._create_complaint(self.front_desk)
        with freeze_time("2026-11-05 10:30:00"):
            ticket.with_user(self.front_desk).action_fixed_on_the_spot()
        on_the_spot = self._clocks(ticket, "on_the_spot_reply")
        self.assertRecordValues(
            on_the_spot,
            [
                {
                    "policy_id": self._policy("on_the_spot_reply").id,
                    "started_at": datetime(2026, 11, 5, 10, 30),
                    "due_at": datetime(2026, 11, 5, 12, 30),
                    "warning_at": datetime(2026, 11, 5, 12),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        with freeze_time("2026-11-05 12:10:00"):
            self._reply(ticket, owner_opinion="Fixed, thank you.")
        self.assertRecordValues(
            on_the_spot,
            [{"done_at": datetime(2026, 11, 5, 12, 10), "state": "met"}],
        )

    @freeze_time("2026-11-05 02:00:00")
    def test_same_day_reply_met_by_reply(self):
        # 10:00 in Shanghai: the same day ends at 23:59:59 there, 15:59:59 UTC.
        ticket = self._create_complaint(self.front_desk)
        self.assertFalse(self._clocks(ticket, "same_day_reply"))
        with freeze_time("2026-11-05 03:00:00"):
            ticket.with_user(self.assistant).action_pass_up()
        self.assertEqual(ticket.handling_level, "supervisor")
        self.assertEqual(ticket.supervisor_reached_at, datetime(2026, 11, 5, 3))
        same_day = self._clocks(ticket, "same_day_reply")
        self.assertRecordValues(
            same_day,
            [
                {
                    "policy_id": self._policy("same_day_reply").id,
                    "started_at": datetime(2026, 11, 5, 3),
                    "due_at": datetime(2026, 11, 5, 15, 59, 59),
                    "warning_at": datetime(2026, 11, 5, 14, 59, 59),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        # Passed up once more, to the manager: the same day still counts
        # from when it first reached the supervisor.
        with freeze_time("2026-11-05 05:00:00"):
            ticket.with_user(self.supervisor).action_pass_up()
        self.assertEqual(self._clocks(ticket, "same_day_reply"), same_day)
        self.assertEqual(same_day.started_at, datetime(2026, 11, 5, 3))
        with freeze_time("2026-11-05 15:00:00"):
            self._reply(ticket)
        self.assertRecordValues(
            same_day, [{"done_at": datetime(2026, 11, 5, 15), "state": "met"}]
        )

    @freeze_time("2026-11-05 02:00:00")
    def test_same_day_reply_cancelled_by_agreed_time(self):
        ticket = self._create_complaint(self.front_desk)
        with freeze_time("2026-11-05 03:00:00"):
            ticket.with_user(self.assistant).action_pass_up()
        same_day = self._clocks(ticket, "same_day_reply")
        # The supervisor cannot reply today: a reply time is agreed (4.7.2).
        with freeze_time("2026-11-05 09:00:00"):
            self._log_contact(ticket, agreed_reply_at="2026-11-06 06:00:00")
        self.assertRecordValues(
            same_day,
            [
                {
                    "started_at": datetime(2026, 11, 5, 3),
                    "due_at": datetime(2026, 11, 5, 15, 59, 59),
                    "done_at": False,
                    "state": "cancelled",
                    "next_check_at": False,
                }
            ],
        )
        self.assertRecordValues(
            self._clocks(ticket, "agreed_reply"),
            [
                {
                    "started_at": datetime(2026, 11, 5, 9),
                    "due_at": datetime(2026, 11, 6, 6),
                    "state": "running",
                }
            ],
        )

    @freeze_time(NOW)
    def test_agreed_reply_moved_keeps_history(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        ticket.with_user(self.assistant).agreed_reply_at = "2026-11-06 09:00:00"
        self._end_request()
        first = self._clocks(ticket, "agreed_reply")
        self.assertRecordValues(
            first,
            [
                {
                    "policy_id": self._policy("agreed_reply").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 6, 9),
                    "warning_at": datetime(2026, 11, 6, 8),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        with freeze_time("2026-11-05 11:00:00"):
            ticket.with_user(self.assistant).agreed_reply_at = "2026-11-07 09:00:00"
            self._end_request()
        clocks = self._clocks(ticket, "agreed_reply")
        self.assertEqual(len(clocks), 2)
        self.assertEqual(clocks[0], first)
        self.assertRecordValues(
            clocks,
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 6, 9),
                    "done_at": False,
                    "state": "cancelled",
                    "next_check_at": False,
                },
                {
                    "started_at": datetime(2026, 11, 5, 11),
                    "due_at": datetime(2026, 11, 7, 9),
                    "done_at": False,
                    "state": "running",
                    "next_check_at": datetime(2026, 11, 7, 8),
                },
            ],
        )
        with freeze_time("2026-11-07 08:30:00"):
            self._reply(ticket)
        self.assertRecordValues(
            clocks,
            [
                {"state": "cancelled", "done_at": False},
                {"state": "met", "done_at": datetime(2026, 11, 7, 8, 30)},
            ],
        )

    @freeze_time(NOW)
    def test_agreed_reply_moved_at_the_same_moment(self):
        """Moved twice within the same second: still a new clock each time."""
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        ticket.agreed_reply_at = "2026-11-06 09:00:00"
        ticket.agreed_reply_at = "2026-11-06 10:00:00"
        self.assertRecordValues(
            self._clocks(ticket, "agreed_reply"),
            [
                {"due_at": datetime(2026, 11, 6, 9), "state": "cancelled"},
                {"due_at": datetime(2026, 11, 6, 10), "state": "running"},
            ],
        )

    @freeze_time(NOW)
    def test_report_to_manager_started_by_collective_flag(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        self.assertFalse(self._clocks(ticket, "report_manager"))
        ticket.with_user(self.front_desk).is_collective = True
        self._end_request()
        # The automation stamps the flag and tells the manager at once.
        self.assertEqual(ticket.collective_at, datetime(2026, 11, 5, 10))
        manager_activity = self._activities(ticket, self.manager)
        self.assertEqual(len(manager_activity), 1)
        self.assertIn("Collective complaint", manager_activity.summary)
        report = self._clocks(ticket, "report_manager")
        self.assertRecordValues(
            report,
            [
                {
                    "policy_id": self._policy("report_manager").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 10, 15),
                    "warning_at": False,
                    "done_at": False,
                    "state": "running",
                    "next_check_at": datetime(2026, 11, 5, 10, 15),
                }
            ],
        )
        with freeze_time("2026-11-05 10:10:00"):
            ticket.with_user(self.front_desk).action_report_to_manager()
            self._end_request()
        self.assertEqual(ticket.manager_reported_at, datetime(2026, 11, 5, 10, 10))
        self.assertRecordValues(
            report, [{"done_at": datetime(2026, 11, 5, 10, 10), "state": "met"}]
        )

    @freeze_time(NOW)
    def test_report_to_manager_breach_goes_to_quality(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        ticket.with_user(self.front_desk).is_collective = True
        self._end_request()
        report = self._clocks(ticket, "report_manager")
        self._enforce_clocks("2026-11-05 10:15:00")
        self.assertRecordValues(
            report,
            [{"state": "breached", "escalation_level": 1, "next_check_at": False}],
        )
        self.assertRecordValues(
            report.escalation_ids,
            [
                {
                    "level": 1,
                    "role": "quality",
                    "escalated_at": datetime(2026, 11, 5, 10, 15),
                }
            ],
        )
        self.assertIn(self.quality, report.escalation_ids.user_ids)
        self.assertEqual(report.escalation_ids.user_ids, self.quality_users)
        self.assertEqual(len(self._activities(ticket, self.quality)), 1)
        # Quality is the top of the ladder: nothing more, however long it waits.
        self._enforce_clocks("2026-11-06 10:15:00")
        self.assertEqual(len(report.escalation_ids), 1)

    def _transferred_complaint(self):
        return self._create_complaint(
            self.front_desk,
            channel_id=self.channel_developer.id,
            developer_reference="DEV-2026-0042",
            complaint_type="valid",
            complaint_cause="developer",
        )

    @freeze_time(NOW)
    def test_report_to_developer_started_when_handling_complete(self):
        ticket = self._transferred_complaint()
        self._set_reply(ticket, complaint_cause="developer")
        self.assertFalse(self._clocks(ticket, "report_developer"))
        self._close(ticket, self.assistant)
        self.assertEqual(ticket.handling_completed_at, datetime(2026, 11, 5, 10))
        report = self._clocks(ticket, "report_developer")
        self.assertRecordValues(
            report,
            [
                {
                    "policy_id": self._policy("report_developer").id,
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 22),
                    "warning_at": datetime(2026, 11, 5, 20),
                    "done_at": False,
                    "state": "running",
                }
            ],
        )
        with freeze_time("2026-11-05 21:00:00"):
            ticket.with_user(self.supervisor).action_report_to_developer()
            self._end_request()
        self.assertEqual(ticket.developer_reported_at, datetime(2026, 11, 5, 21))
        self.assertRecordValues(
            report, [{"done_at": datetime(2026, 11, 5, 21), "state": "met"}]
        )

    @freeze_time(NOW)
    def test_report_to_developer_breach_goes_to_manager(self):
        ticket = self._transferred_complaint()
        self._set_reply(ticket, complaint_cause="developer")
        self._close(ticket, self.assistant)
        report = self._clocks(ticket, "report_developer")
        self._enforce_clocks("2026-11-05 22:00:00")
        self.assertRecordValues(
            report.escalation_ids,
            [
                {
                    "level": 1,
                    "role": "manager",
                    "escalated_at": datetime(2026, 11, 5, 22),
                }
            ],
        )
        self.assertEqual(report.escalation_ids.user_ids, self.manager)
        self.assertRecordValues(
            report,
            [
                {
                    "state": "breached",
                    "escalation_level": 1,
                    # Still open 4 h later: the next step.
                    "next_check_at": datetime(2026, 11, 6, 2),
                }
            ],
        )

    @freeze_time(NOW)
    def test_report_to_developer_only_for_transferred(self):
        ticket = self._create_complaint(self.front_desk)
        self._set_reply(ticket)
        self._close(ticket, self.assistant)
        self.assertFalse(ticket.handling_completed_at)
        self.assertFalse(self._clocks(ticket, "report_developer"))


@tagged("post_install", "-at_install")
class TestReclassification(ClockCase):
    @freeze_time(NOW)
    def test_reclassification_cancels_and_keeps(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        self.assertEqual(first_contact.state, "running")
        with freeze_time("2026-11-05 10:30:00"):
            ticket.with_user(self.assistant).complaint_type = "invalid"
        # No longer valid: the first contact is cancelled, not deleted, and
        # not decided either way.
        self.assertRecordValues(
            first_contact,
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "done_at": False,
                    "state": "cancelled",
                    "next_check_at": False,
                }
            ],
        )
        invalid_reply = self._clocks(ticket, "invalid_reply")
        self.assertRecordValues(
            invalid_reply,
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": datetime(2026, 11, 5, 12),
                    "state": "running",
                }
            ],
        )
        with freeze_time("2026-11-05 10:40:00"):
            ticket.with_user(self.assistant).complaint_type = "assisted"
        self.assertEqual(invalid_reply.state, "cancelled")
        self.assertEqual(
            ticket.clock_ids.sorted("id").mapped("state"), ["cancelled", "cancelled"]
        )
        self.assertEqual(self.Clock.search_count([("ticket_id", "=", ticket.id)]), 2)
        self.assertFalse(ticket.next_due_at)
        # Cancelled clocks are not enforced.
        self._enforce_clocks("2026-11-05 14:00:00")
        self.assertFalse(ticket.clock_ids.escalation_ids)

    @freeze_time(NOW)
    def test_reclassified_back_starts_afresh(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        ticket.complaint_type = "invalid"
        ticket.complaint_type = "valid"
        self.assertEqual(
            self._clocks(ticket, "first_contact").mapped("state"),
            ["cancelled", "running"],
        )


@tagged("post_install", "-at_install")
class TestSameDayInTimeZone(ClockCase):
    """'The same day' is the service center's day, not the server's (4.7.2)."""

    @freeze_time("2026-11-05 17:30:00")
    def test_same_day_in_shanghai(self):
        # 01:30 on 6 November in Shanghai: the day ends at 23:59:59 local time.
        ticket = self._create_complaint(self.front_desk)
        ticket.with_user(self.assistant).action_pass_up()
        self.assertRecordValues(
            self._clocks(ticket, "same_day_reply"),
            [
                {
                    "started_at": datetime(2026, 11, 5, 17, 30),
                    "due_at": datetime(2026, 11, 6, 15, 59, 59),
                }
            ],
        )

    @freeze_time("2026-11-05 17:30:00")
    def test_same_day_in_utc(self):
        self.assertEqual(self.center_lake.tz, "UTC")
        ticket = self._create_complaint(
            self.front_desk, team_id=self.center_lake.id, unit_id=self.unit_lake.id
        )
        ticket.with_user(self.assistant).action_pass_up()
        self.assertRecordValues(
            self._clocks(ticket, "same_day_reply"),
            [
                {
                    "started_at": datetime(2026, 11, 5, 17, 30),
                    "due_at": datetime(2026, 11, 5, 23, 59, 59),
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestWorkingTimeClock(ClockCase):
    """A policy may count its hours in a working time, holidays excluded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Sunny Garden office hours",
                "tz": "Asia/Shanghai",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        # Thursday 5 November 2026 is a holiday, the whole day in Shanghai.
        cls.holiday = cls.env["resource.calendar.leaves"].create(
            {
                "name": "Service center holiday",
                "calendar_id": cls.calendar.id,
                "resource_id": False,
                "date_from": "2026-11-04 16:00:00",
                "date_to": "2026-11-05 15:59:59",
            }
        )
        cls.policy_office = cls.env["property.complaint.clock.policy"].create(
            {
                "name": "Contact within 2 office hours",
                "kind": "first_contact",
                "ticket_domain": "[]",
                "start_event": "received",
                "stop_event": "owner_contacted",
                "duration_hours": 2,
                "calendar_id": cls.calendar.id,
                "estate_ids": [Command.set(cls.estate_sunny.ids)],
            }
        )

    # Wednesday 4 November, 16:30 in Shanghai: half an hour left that day.
    @freeze_time("2026-11-04 08:30:00")
    def test_holiday_pushes_deadline(self):
        ticket = self._create_complaint(self.front_desk)
        clock = ticket.clock_ids.filtered(
            lambda clock: clock.policy_id == self.policy_office
        )
        # 16:30-17:00 on Wednesday, Thursday off, 09:00-10:30 on Friday.
        self.assertRecordValues(
            clock,
            [
                {
                    "kind": "first_contact",
                    "started_at": datetime(2026, 11, 4, 8, 30),
                    "due_at": datetime(2026, 11, 6, 2, 30),
                    "state": "running",
                }
            ],
        )
        # Without the holiday it would have fallen due on Thursday.
        self.holiday.unlink()
        self.assertEqual(
            self.policy_office._compute_due_at(ticket, datetime(2026, 11, 4, 8, 30)),
            datetime(2026, 11, 5, 2, 30),
        )

    @freeze_time("2026-11-04 08:30:00")
    def test_wall_clock_without_calendar(self):
        self.policy_office.calendar_id = False
        ticket = self._create_complaint(self.front_desk)
        clock = ticket.clock_ids.filtered(
            lambda clock: clock.policy_id == self.policy_office
        )
        self.assertEqual(clock.due_at, datetime(2026, 11, 4, 10, 30))


@tagged("post_install", "-at_install")
class TestPolicyFilterResync(ClockCase):
    """A policy's filter is the administrator's: whatever field it reads, a
    change of that field re-syncs the clocks, with no list to keep by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_lift = cls.env["helpdesk.ticket.category"].create(
            {"name": "Lift breakdown", "responsible_post": "Engineering"}
        )
        cls.policy_lift = cls.env["property.complaint.clock.policy"].create(
            {
                "name": "Lift complaints: contact within 1 hour",
                "kind": "first_contact",
                "ticket_domain": repr([("category_id", "=", cls.category_lift.id)]),
                "start_event": "received",
                "stop_event": "owner_contacted",
                "duration_hours": 1,
            }
        )

    def _lift_clocks(self, ticket):
        ticket.invalidate_recordset(["clock_ids"])
        return ticket.clock_ids.filtered(lambda c: c.policy_id == self.policy_lift)

    @freeze_time(NOW)
    def test_new_category_starts_and_cancels_the_policy_clock(self):
        ticket = self._create_complaint(self.front_desk)
        self.assertFalse(self._lift_clocks(ticket))
        ticket.with_user(self.assistant).category_id = self.category_lift
        self.assertRecordValues(
            self._lift_clocks(ticket),
            [{"state": "running", "due_at": ticket.received_at + timedelta(hours=1)}],
        )
        ticket.with_user(self.assistant).category_id = self.category_leak
        self.assertRecordValues(self._lift_clocks(ticket), [{"state": "cancelled"}])

    def test_fields_follow_the_policies_filters(self):
        Ticket = self.env["helpdesk.ticket"]
        self.assertIn("category_id", Ticket._get_clock_fields())
        # A filter on a stored related field re-syncs on what it follows.
        self.assertIn("channel_id", Ticket._get_clock_fields())
        self.assertNotIn("tag_ids", Ticket._get_clock_fields())
        self.policy_lift.ticket_domain = "[('tag_ids', '!=', False)]"
        self.assertIn("tag_ids", Ticket._get_clock_fields())

    def test_policy_events_come_from_the_event_table(self):
        Policy = self.env["property.complaint.clock.policy"]
        starts = {key for key, _label in Policy._fields["start_event"].selection}
        stops = {key for key, _label in Policy._fields["stop_event"].selection}
        self.assertFalse(starts & stops)
        ticket = self._create_complaint(self.front_desk)
        # Every event a policy can name is one the complaint can answer.
        for event in starts | stops:
            ticket._get_clock_event_at(event)
        self.assertEqual(ticket._get_clock_event_at("received"), ticket.received_at)
        self.assertFalse(ticket._get_clock_event_at("reply_given"))
