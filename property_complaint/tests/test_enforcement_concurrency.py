"""The enforcement beside the desk, on several servers: under PostgreSQL's
repeatable read, a batch that updates a row some user's request committed
meanwhile fails whole, and ir.cron then waits for its next call. So the
batch updates only the clocks it holds locked (and what it creates), never
the complaints the desk is editing (benchmarks/bench_servers.py drains
5 000 due clocks while the supervisor edits their complaints)."""

from datetime import timedelta
from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase


@tagged("post_install", "-at_install")
class TestEnforcementConcurrency(ClockCase):
    def _updated_tables(self, function):
        """The tables `function` updates, its flush included."""
        cr = self.env.cr
        execute = cr.execute
        tables = set()

        def spy(query, params=None, log_exceptions=True):
            text = str(getattr(query, "code", query)).lstrip()
            if text.upper().startswith("UPDATE"):
                tables.add(text.split()[1].strip('"'))
            return execute(query, params, log_exceptions)

        with patch.object(cr, "execute", spy):
            function()
            self.env.flush_all()
        return tables

    @freeze_time(NOW)
    def test_breach_leaves_the_complaint_row_alone(self):
        """A breached clock stays open: the complaint's next deadline does
        not move, so the batch must not update the complaint (the row the
        desk edits), only the clock it holds locked."""
        ticket = self._create_complaint(self.front_desk, user_id=self.assistant.id)
        triage = ticket.clock_ids.filtered(lambda c: c.kind == "triage")
        deadline = ticket.next_due_at
        self.env.invalidate_all()
        with freeze_time(triage.due_at + timedelta(minutes=1)):
            tables = self._updated_tables(
                self.env["property.complaint.clock"]._cron_enforce_clocks
            )
        self.assertEqual(triage.state, "breached")
        self.assertEqual(triage.escalation_level, 1)
        self.assertEqual(ticket.next_due_at, deadline)
        self.assertNotIn("helpdesk_ticket", tables)
