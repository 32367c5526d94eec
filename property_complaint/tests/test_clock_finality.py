"""A clock's outcome is final (issue 10, point 3): once breached, it never
becomes met, whatever is edited afterwards, and the timeliness rate (4.4.10)
cannot be raised by back-dating. Late is judged by the server's clock: a stop
recorded after the due time is a breach, whatever time it gives."""

from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase

# Every complaint below is received at NOW (10:00 UTC): its 2-hour clocks
# fall due at noon.
DUE = datetime(2026, 11, 5, 12)


@tagged("post_install", "-at_install")
class TestClockFinality(ClockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Timeliness = cls.env["property.complaint.timeliness"]

    def _reply(self, ticket, replied_at):
        ticket.with_user(self.assistant).write(
            {"reply_method": "phone", "replied_at": replied_at}
        )
        self._end_request()

    def _november(self):
        """Sunny Garden's decided clocks of November: (count, met)."""
        month = self.Timeliness.search(
            [("team_id", "=", self.center_sunny.id), ("month", "=", date(2026, 11, 1))]
        )
        return month.clock_count, month.met_count

    @freeze_time(NOW)
    def test_back_dated_contact_after_escalation_stays_breached(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        self._enforce_clocks("2026-11-05 12:00:00")
        self.assertRecordValues(
            first_contact,
            [{"state": "breached", "escalation_level": 1, "decided_at": DUE}],
        )
        self.assertEqual(self._november(), (1, 0))
        # An hour later the contact is logged "at 11:30", inside the window.
        with freeze_time("2026-11-05 13:00:00"):
            self._log_contact(ticket, contacted_at="2026-11-05 11:30:00")
        self.assertRecordValues(
            first_contact,
            [
                {
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 11, 30),
                    "decided_at": DUE,
                    "escalation_level": 1,
                    "next_check_at": False,
                }
            ],
        )
        self.assertEqual(self._clocks(ticket, "first_contact"), first_contact)
        self.assertEqual(self._november(), (1, 0))

    @freeze_time(NOW)
    def test_loading_context_does_not_back_date(self):
        """The module's data files record history as given; a user who sends
        their context keys over the API is still judged by the server."""
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        with freeze_time("2026-11-05 12:30:00"):
            self.env["property.complaint.contact"].with_user(
                self.assistant
            ).with_context(install_filename="demo/forged.xml").create(
                {
                    "ticket_id": ticket.id,
                    "summary": "Called the owner back.",
                    "contacted_at": "2026-11-05 11:30:00",
                }
            )
        self.assertEqual(first_contact.state, "breached")

    @freeze_time(NOW)
    def test_module_data_is_judged_as_recorded(self):
        """The demo, loaded from the module's files by the superuser."""
        ticket = self._create_complaint(complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        with freeze_time("2026-11-20 12:30:00"):
            self.env["property.complaint.contact"].with_context(
                install_filename="demo/helpdesk_ticket_demo.xml"
            ).create(
                {
                    "ticket_id": ticket.id,
                    "summary": "Called the owner back.",
                    "contacted_at": "2026-11-05 11:30:00",
                }
            )
        self.assertRecordValues(
            first_contact,
            [{"state": "met", "done_at": datetime(2026, 11, 5, 11, 30)}],
        )

    @freeze_time(NOW)
    def test_back_dated_contact_before_the_enforcement_ran_is_breached(self):
        """The enforcement has not run yet: the stop is late all the same."""
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        with freeze_time("2026-11-05 12:30:00"):
            self._log_contact(ticket, contacted_at="2026-11-05 11:30:00")
        self.assertRecordValues(
            first_contact,
            [
                {
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 11, 30),
                    "decided_at": datetime(2026, 11, 5, 12, 30),
                    "next_check_at": False,
                }
            ],
        )
        self.assertEqual(self._november(), (1, 0))

    @freeze_time(NOW)
    def test_back_dated_reply_after_breach_stays_breached(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="invalid")
        invalid_reply = self._clocks(ticket, "invalid_reply")
        self._enforce_clocks("2026-11-05 12:00:00")
        self.assertEqual(invalid_reply.state, "breached")
        with freeze_time("2026-11-05 13:00:00"):
            self._reply(ticket, "2026-11-05 11:40:00")
        self.assertRecordValues(
            invalid_reply,
            [
                {
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 11, 40),
                    "decided_at": DUE,
                    "next_check_at": False,
                }
            ],
        )
        self.assertEqual(self._november(), (1, 0))

    @freeze_time(NOW)
    def test_new_received_at_after_breach_stays_breached(self):
        """A corrected reception time gives the missed contact no new clock."""
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        self._enforce_clocks("2026-11-05 12:00:00")
        with freeze_time("2026-11-05 12:30:00"):
            ticket.with_user(self.assistant).received_at = "2026-11-05 12:00:00"
            self._end_request()
        # Kept with its times, still open: the ladder climbs on at 14:00.
        self.assertRecordValues(
            first_contact,
            [
                {
                    "started_at": datetime(2026, 11, 5, 10),
                    "due_at": DUE,
                    "done_at": False,
                    "state": "breached",
                    "next_check_at": datetime(2026, 11, 5, 14),
                }
            ],
        )
        self.assertEqual(self._clocks(ticket, "first_contact"), first_contact)
        with freeze_time("2026-11-05 12:45:00"):
            self._log_contact(ticket, contacted_at="2026-11-05 12:45:00")
        self.assertRecordValues(
            self._clocks(ticket, "first_contact"),
            [{"state": "breached", "done_at": datetime(2026, 11, 5, 12, 45)}],
        )
        self.assertEqual(self._november(), (1, 0))

    @freeze_time(NOW)
    def test_new_agreed_time_after_the_due_time_keeps_the_breach(self):
        """Agreed anew once the agreed time passed, before the enforcement
        ran: the missed time is a breach, not a cancelled clock."""
        ticket = self._create_complaint(self.front_desk, complaint_type="assisted")
        ticket.with_user(self.assistant).agreed_reply_at = "2026-11-05 12:00:00"
        missed = self._clocks(ticket, "agreed_reply")
        with freeze_time("2026-11-05 12:30:00"):
            ticket.with_user(self.assistant).agreed_reply_at = "2026-11-06 10:00:00"
        self.assertRecordValues(
            missed,
            [
                {
                    "due_at": DUE,
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 12, 30),
                    "next_check_at": False,
                }
            ],
        )
        self.assertEqual(self._november(), (1, 0))
        # The new promise has its own clock, kept or not on its own.
        with freeze_time("2026-11-06 09:00:00"):
            self._reply(ticket, "2026-11-06 09:00:00")
        self.assertEqual(
            self._clocks(ticket, "agreed_reply").mapped("state"), ["breached", "met"]
        )
        self.assertEqual(self._november(), (2, 1))

    @freeze_time(NOW)
    def test_new_agreed_time_already_past_cannot_be_met_by_back_dating(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="assisted")
        ticket.with_user(self.assistant).agreed_reply_at = "2026-11-05 12:00:00"
        self._enforce_clocks("2026-11-05 12:00:00")
        # At 13:00 a time of 12:30 is "agreed", then a reply "at 12:20".
        with freeze_time("2026-11-05 13:00:00"):
            ticket.with_user(self.assistant).agreed_reply_at = "2026-11-05 12:30:00"
        with freeze_time("2026-11-05 13:05:00"):
            self._reply(ticket, "2026-11-05 12:20:00")
        self.assertRecordValues(
            self._clocks(ticket, "agreed_reply"),
            [
                # Ended when the new time was agreed.
                {
                    "due_at": DUE,
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 13),
                },
                {
                    "due_at": datetime(2026, 11, 5, 12, 30),
                    "state": "breached",
                    "done_at": datetime(2026, 11, 5, 12, 20),
                },
            ],
        )
        self.assertEqual(self._november(), (2, 0))

    @freeze_time(NOW)
    def test_classified_after_triage_breach_contact_cannot_be_back_dated(self):
        ticket = self._create_complaint(self.front_desk)
        triage = self._clocks(ticket, "triage")
        self._enforce_clocks("2026-11-05 12:00:00")
        with freeze_time("2026-11-05 13:00:00"):
            ticket.with_user(self.assistant).complaint_type = "valid"
            self._end_request()
        self.assertRecordValues(
            triage,
            [{"state": "breached", "done_at": datetime(2026, 11, 5, 13)}],
        )
        # The first contact runs from reception: already missed at noon.
        first_contact = self._clocks(ticket, "first_contact")
        self.assertRecordValues(
            first_contact,
            [{"started_at": datetime(2026, 11, 5, 10), "due_at": DUE}],
        )
        with freeze_time("2026-11-05 13:05:00"):
            self._log_contact(ticket, contacted_at="2026-11-05 11:00:00")
        self.assertRecordValues(
            first_contact,
            [{"state": "breached", "done_at": datetime(2026, 11, 5, 11)}],
        )
        self.assertEqual(self._november(), (2, 0))

    @freeze_time(NOW)
    def test_reclassified_after_breach_gets_no_second_chance(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        self._enforce_clocks("2026-11-05 12:00:00")
        with freeze_time("2026-11-05 12:30:00"):
            ticket.with_user(self.assistant).complaint_type = "invalid"
            self._end_request()
        # No longer valid: the breach is ended, not cancelled.
        self.assertRecordValues(
            first_contact,
            [{"state": "breached", "done_at": datetime(2026, 11, 5, 12, 30)}],
        )
        invalid_reply = self._clocks(ticket, "invalid_reply")
        with freeze_time("2026-11-05 12:45:00"):
            self._reply(ticket, "2026-11-05 11:50:00")
        self.assertRecordValues(
            invalid_reply,
            [{"state": "breached", "done_at": datetime(2026, 11, 5, 11, 50)}],
        )
        # Valid again: the missed first contact does not start anew.
        with freeze_time("2026-11-05 13:00:00"):
            ticket.with_user(self.assistant).complaint_type = "valid"
            self._end_request()
        self.assertEqual(self._clocks(ticket, "first_contact"), first_contact)
        self.assertEqual(self._november(), (2, 0))


@tagged("post_install", "-at_install")
class TestClockTransitions(ClockCase):
    """The one method that decides: every state against every event."""

    @freeze_time(NOW)
    def test_transition_table(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        clock = self._clocks(ticket, "first_contact")
        in_time = datetime(2026, 11, 5, 11)
        late = datetime(2026, 11, 5, 13)
        off = {"next_check_at": False}
        running = {"state": "running", "done_at": False}
        breached = {"state": "breached", "done_at": False}
        # The clock, the event, when it says it happened, the server's time,
        # and what is written (a new state comes with decided_at: the
        # server's time).
        table = [
            (running, "stop", in_time, in_time, {"state": "met", "done_at": in_time}),
            (running, "stop", late, late, {"state": "breached", "done_at": late}),
            # Recorded late, however early it says it happened.
            (running, "stop", in_time, late, {"state": "breached", "done_at": in_time}),
            (running, "cancel", None, in_time, {"state": "cancelled"}),
            (running, "cancel", None, late, {"state": "breached", "done_at": late}),
            (running, "retime", None, in_time, {"state": "cancelled"}),
            # Late and retimed: breached, and it runs on to its stop.
            (running, "retime", None, late, {"state": "breached", "running": 1}),
            (running, "breach", None, in_time, {}),
            (running, "breach", None, DUE, {"state": "breached", "running": 1}),
            # Breached: ended by a stop or a cancellation, never met.
            (breached, "stop", in_time, late, {"done_at": in_time}),
            (breached, "cancel", None, late, {"done_at": late}),
            (breached, "retime", None, late, {}),
            (breached, "breach", None, late, {}),
        ]
        for start, event, at, now, outcome in table:
            with self.subTest(start=start["state"], event=event, at=at, now=now):
                clock.write(start)
                expected = dict(outcome)
                if expected and not expected.pop("running", False):
                    expected.update(off)
                if "state" in expected:
                    expected["decided_at"] = now
                self.assertEqual(clock._get_transition(event, at or now, now), expected)
        # Final clocks: nothing moves them.
        for final in [
            {"state": "met", "done_at": in_time},
            {"state": "cancelled", "done_at": False},
            {"state": "breached", "done_at": late},
        ]:
            clock.write(final)
            for event in ("stop", "cancel", "retime", "breach"):
                with self.subTest(final=final, event=event):
                    self.assertEqual(clock._get_transition(event, in_time, late), {})

    @freeze_time(NOW)
    def test_agreed_time_starts_anew_others_do_not(self):
        starts_anew = {
            kind: self._policy(kind)._starts_anew_after_breach()
            for kind in ("first_contact", "invalid_reply", "agreed_reply", "triage")
        }
        self.assertEqual(
            starts_anew,
            {
                "first_contact": False,
                "invalid_reply": False,
                "agreed_reply": True,
                "triage": False,
            },
        )
