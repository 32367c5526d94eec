"""Running the enforcement twice, in two workers at once, or after a crash
never escalates twice (the procedure's "The clocks", last paragraph)."""

import uuid
from datetime import datetime, timedelta
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tests import freeze_time, tagged

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.property_complaint.models.property_complaint_clock import (
    PropertyComplaintClock,
)

from .common import NOW, ClockCase


@tagged("post_install", "-at_install")
class TestEnforcementTwice(ClockCase):
    @freeze_time(NOW)
    def test_twice_at_the_same_moment(self):
        ticket = self._create_complaint(self.front_desk)
        triage = self._clocks(ticket, "triage")
        Clock = self.env["property.complaint.clock"]
        with freeze_time("2026-11-05 12:00:00"):
            Clock._cron_enforce_clocks()
            Clock._cron_enforce_clocks()
            self._end_request()
        self.assertEqual(len(triage.escalation_ids), 1)
        self.assertEqual(triage.escalation_level, 1)
        self.assertEqual(len(self._escalation_messages(ticket)), 1)
        self.assertEqual(len(self._activities(ticket, self.supervisor)), 1)

    @freeze_time(NOW)
    def test_crash_mid_batch_rolls_back_then_escalates_once(self):
        tickets = [self._create_complaint(self.front_desk) for _i in range(3)]
        clocks = self.Clock.browse(
            [self._clocks(ticket, "triage").id for ticket in tickets]
        )
        calls = []

        def crash_after_the_steps(clocks, told, line, subject):
            # The steps are written, the activities and the history lines
            # created: the worker dies before telling anyone.
            if not told:  # the (empty) warnings of the batch
                return
            calls.append(clocks.mapped("escalation_level"))
            raise RuntimeError("worker killed mid-batch")

        Clock = self.env["property.complaint.clock"]
        with freeze_time("2026-11-05 12:00:00"):
            with (
                patch.object(
                    PropertyComplaintClock, "_notify_partners", crash_after_the_steps
                ),
                self.assertRaisesRegex(RuntimeError, "worker killed mid-batch"),
                self.env.cr.savepoint(),
            ):
                Clock._cron_enforce_clocks()
        self.assertEqual(calls, [[1, 1, 1]], "the steps were taken, then the crash")
        # The batch's transaction is rolled back: its steps too.
        clocks.invalidate_recordset()
        self.assertEqual(clocks.mapped("escalation_level"), [0, 0, 0])
        self.assertEqual(clocks.mapped("state"), ["running"] * 3)
        self.assertEqual(
            clocks.mapped("next_check_at"), [datetime(2026, 11, 5, 11, 30)] * 3
        )
        self.assertFalse(self.Escalation.search([("clock_id", "in", clocks.ids)]))
        for ticket in tickets:
            self.assertFalse(self._escalation_messages(ticket))
            self.assertFalse(self._activities(ticket, self.supervisor))

        # The next run, unpatched, does each clock's step exactly once.
        self._enforce_clocks("2026-11-05 12:00:00")
        self._enforce_clocks("2026-11-05 12:05:00")
        self.assertEqual(clocks.mapped("escalation_level"), [1, 1, 1])
        for clock, ticket in zip(clocks, tickets, strict=True):
            self.assertEqual(len(clock.escalation_ids), 1)
            self.assertEqual(clock.escalation_ids.role, "supervisor")
            self.assertEqual(len(self._escalation_messages(ticket)), 1)
            self.assertEqual(len(self._activities(ticket, self.supervisor)), 1)


@tagged("post_install", "-at_install")
class TestEnforcementTwoWorkers(ClockCase):
    """Two cron workers at once, each with its own database connection.

    The test's own transaction is invisible to other connections, so the data
    is created and committed through a real cursor, and removed at the end."""

    def _cursor(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})

    def _create_committed_complaint(self):
        """A service center and a complaint whose triage clock fell due an
        hour ago, committed. Returns their ids."""
        cr = self._cursor()
        env = self._env(cr)
        last_trigger_id = self._last_trigger_id(env)
        tag = uuid.uuid4().hex[:8]
        estate = env["property.estate"].create(
            {"name": f"Workers Estate {tag}", "code": f"PCT-W-{tag}"}
        )
        team = env["helpdesk.ticket.team"].create(
            {
                "name": f"Workers Service Center {tag}",
                "estate_id": estate.id,
                "manager_id": env.ref("base.user_admin").id,
                "tz": "UTC",
                # One breach puts the month below any positive target: no
                # manager's message to clean up.
                "timeliness_target": 0,
            }
        )
        now = fields.Datetime.now().replace(microsecond=0)
        ticket = env["helpdesk.ticket"].create(
            {
                # Given, so that the complaint numbering is not consumed.
                "number": f"PCT-WORKERS-{tag}",
                "name": "Two workers",
                "description": "<p>Enforced by two workers at once.</p>",
                "team_id": team.id,
                "user_id": False,
                "received_at": now - timedelta(hours=3),
            }
        )
        clock = ticket.clock_ids
        self.assertEqual(clock.kind, "triage")
        self.assertEqual(clock.next_check_at, now - timedelta(hours=1, minutes=30))
        # Seen by the workers' connections only once committed.
        cr.commit()  # pylint: disable=invalid-commit
        ids = {"estate": estate.id, "team": team.id, "ticket": ticket.id}
        self.addCleanup(self._remove_committed, ids, last_trigger_id)
        return ids, clock.id

    def _last_trigger_id(self, env):
        env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_cron_trigger")
        return env.cr.fetchone()[0]

    def _remove_committed(self, ids, last_trigger_id):
        """Leave the database as it was: the complaint (its clock, escalation,
        messages go with it), its service center, estate and cron triggers."""
        with odoo.sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            # Test data only: removed as uninstalling removes it, since
            # nothing else deletes a complaint or what it belongs to.
            env = self._env(cr)(context={MODULE_UNINSTALL_FLAG: True})
            env["helpdesk.ticket"].browse(ids["ticket"]).exists().unlink()
            env["property.complaint.timeliness"].search(
                [("team_id", "=", ids["team"])]
            ).unlink()
            env["helpdesk.ticket.team"].browse(ids["team"]).exists().unlink()
            env["property.estate"].browse(ids["estate"]).exists().unlink()
            cron = env.ref("property_complaint.ir_cron_enforce_clocks")
            env["ir.cron.trigger"].search(
                [("cron_id", "=", cron.id), ("id", ">", last_trigger_id)]
            ).unlink()
            cr.commit()  # pylint: disable=invalid-commit
            cr.execute(
                "SELECT COUNT(*) FROM helpdesk_ticket WHERE id = %s", [ids["ticket"]]
            )
            assert not cr.fetchone()[0], "the committed complaint is left behind"

    def test_two_workers_escalate_once(self):
        ids, clock_id = self._create_committed_complaint()
        cr_a, cr_b = self._cursor(), self._cursor()
        env_a, env_b = self._env(cr_a), self._env(cr_b)
        now = fields.Datetime.now()

        # Worker A takes the due clock and acts on it, not committed yet.
        locked = env_a["property.complaint.clock"]._lock_due_clocks(now, 200)
        self.assertIn(clock_id, locked.ids)
        locked.filtered(lambda clock: clock.id == clock_id)._enforce(now)
        env_a.flush_all()

        # Worker B meanwhile: the clock is locked, B skips it without waiting.
        Clock_b = env_b["property.complaint.clock"]
        lock_due_clocks = PropertyComplaintClock._lock_due_clocks
        taken_by_b = []

        def spy(model, now, limit):
            clocks = lock_due_clocks(model, now, limit)
            taken_by_b.extend(clocks.ids)
            return clocks

        with patch.object(PropertyComplaintClock, "_lock_due_clocks", spy):
            cr_b.execute("SET LOCAL lock_timeout = '5s'")
            Clock_b._cron_enforce_clocks()
        self.assertNotIn(clock_id, taken_by_b)
        self.assertFalse(Clock_b.browse(clock_id).escalation_ids)
        # B's transaction ends (rolled back: the shared database may hold
        # other due clocks, which B must not change for real).
        cr_b.rollback()

        cr_a.commit()

        # B's next run, in a new transaction: A's step is done, nothing due.
        env_b.invalidate_all()
        taken_by_b.clear()
        with patch.object(PropertyComplaintClock, "_lock_due_clocks", spy):
            Clock_b._cron_enforce_clocks()
        self.assertNotIn(clock_id, taken_by_b)
        clock_b = Clock_b.browse(clock_id)
        self.assertEqual(clock_b.escalation_level, 1)
        self.assertEqual(len(clock_b.escalation_ids), 1)
        self.assertGreater(clock_b.next_check_at, now)
        cr_b.rollback()

        # What is committed: exactly one step.
        with odoo.sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute(
                "SELECT level, role FROM property_complaint_clock_escalation "
                "WHERE clock_id = %s",
                [clock_id],
            )
            self.assertEqual(cr.fetchall(), [(1, "supervisor")])
            cr.execute(
                "SELECT COUNT(*) FROM mail_message WHERE model = 'helpdesk.ticket' "
                "AND res_id = %s AND body LIKE %s",
                [ids["ticket"], "%Escalated to%"],
            )
            self.assertEqual(cr.fetchone()[0], 1)
