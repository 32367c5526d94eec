"""The enforcement's cost in queries, per batch (style: query counts on batch
paths): clocks not due cost nothing, and a batch of due clocks costs about the
same as a single one."""

from datetime import datetime, timedelta

from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase


@tagged("post_install", "-at_install", "is_query_count")
class TestEnforcementQueries(ClockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Breaches only; the warnings are measured on their own.
        cls.env.ref("property_complaint.clock_policy_triage").warning_type = "none"

    def _complaints(self, count, received_at):
        """`count` untriaged complaints: their triage clocks fall due 2 h on."""
        with freeze_time(received_at):
            return [
                self._create_complaint(self.front_desk, user_id=self.assistant.id)
                for _i in range(count)
            ]

    def _not_due_clocks(self, count):
        """`count` running clocks, due tomorrow at the earliest."""
        ticket = self._create_complaint(self.front_desk, complaint_type="assisted")
        self.Clock.create(
            [
                {
                    "ticket_id": ticket.id,
                    "policy_id": self._policy("triage").id,
                    "kind": "triage",
                    "started_at": datetime(2026, 11, 5, 9),
                    "due_at": datetime(2026, 11, 6, 10) + timedelta(minutes=minute),
                }
                for minute in range(count)
            ]
        )
        self._end_request()

    def _queries_of_one_run(self):
        """Queries of one enforcement run, its writes included, from an empty
        cache as in a cron worker's new transaction."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["property.complaint.clock"]._cron_enforce_clocks()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _count_enforcement(self, moment, expected_done):
        """Queries of one enforcement run at `moment`, its writes included,
        from an empty cache as in a cron worker's new transaction."""
        Clock = self.env["property.complaint.clock"]
        with freeze_time(moment):
            count = self._queries_of_one_run()
            # The run did the work measured, and all of it.
            self.assertEqual(
                self.Clock.search_count([("escalation_ids.escalated_at", "=", moment)]),
                expected_done,
            )
            self.assertFalse(Clock.search_count([("next_check_at", "<=", moment)]))
        return count

    @freeze_time(NOW)
    def test_nothing_due_costs_two_queries(self):
        self._not_due_clocks(200)
        Clock = self.env["property.complaint.clock"]
        with freeze_time("2026-11-05 11:59:00"):
            Clock._cron_enforce_clocks()  # warms the caches (batch size)
        with freeze_time("2026-11-05 12:00:00"), self.assertQueryCount(2):
            # The locking select and the count of what remains.
            Clock._cron_enforce_clocks()

    @freeze_time(NOW)
    def test_not_due_clocks_cost_nothing(self):
        self._complaints(1, "2026-11-05 10:00:00")  # warms the caches
        self._complaints(1, "2026-11-05 10:10:00")
        self._complaints(1, "2026-11-05 10:20:00")
        self._count_enforcement("2026-11-05 12:00:00", 1)
        one_due = self._count_enforcement("2026-11-05 12:10:00", 1)
        self._not_due_clocks(200)
        one_due_among_200 = self._count_enforcement("2026-11-05 12:20:00", 1)
        self.assertEqual(one_due_among_200, one_due)

    @freeze_time(NOW)
    def test_due_clocks_cost_stays_flat(self):
        """A batch of breaches costs the same whatever its size: one write of
        the clocks, one create of the activities, of the escalations and of
        the history lines, one notification per person told. Only
        mail.activity's own create reads once per activity it creates.

        Measured: 1 due: 54 queries; 2 due: 55; 20 due: 73."""
        self._complaints(1, "2026-11-05 10:00:00")  # warms the caches
        self._complaints(1, "2026-11-05 10:10:00")
        self._complaints(2, "2026-11-05 10:20:00")
        self._complaints(20, "2026-11-05 10:30:00")
        self._count_enforcement("2026-11-05 12:00:00", 1)
        one, two, twenty = (
            self._count_enforcement("2026-11-05 12:10:00", 1),
            self._count_enforcement("2026-11-05 12:20:00", 2),
            self._count_enforcement("2026-11-05 12:30:00", 20),
        )
        self.assertLessEqual(two - one, 1)
        self.assertLessEqual(twenty - one, 19)

    @freeze_time(NOW)
    def test_warnings_cost_stays_flat(self):
        """One chatter batch and one notification per handler: 1 warning and
        20 warnings for one handler cost the same (measured: 31 and 31)."""
        self._policy("triage").warning_type = "minutes"
        self._complaints(1, "2026-11-05 10:00:00")  # warms the caches
        self._complaints(1, "2026-11-05 10:10:00")
        self._complaints(20, "2026-11-05 10:20:00")
        Clock = self.env["property.complaint.clock"]
        counts = []
        for moment, warned in [
            ("2026-11-05 11:30:00", 1),
            ("2026-11-05 11:40:00", 1),
            ("2026-11-05 11:50:00", 20),
        ]:
            with freeze_time(moment):
                counts.append(self._queries_of_one_run())
                self.assertEqual(
                    Clock.search_count([("warned_at", "=", moment)]), warned
                )
        self.assertEqual(counts[1], counts[2])
