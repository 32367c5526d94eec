"""Warnings and the escalation ladder: handler, supervisor, manager, quality
department and the developer's CS center (the procedure's "The clocks", 4.5.2)."""

from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import NOW, ClockCase


@tagged("post_install", "-at_install")
class TestWarning(ClockCase):
    @freeze_time(NOW)
    def test_warning_before_breach_once(self):
        ticket = self._create_complaint(self.front_desk, user_id=self.assistant.id)
        triage = self._clocks(ticket, "triage")
        self._enforce_clocks("2026-11-05 11:29:00")
        self.assertFalse(triage.warned_at)
        self.assertFalse(self._warning_messages(ticket))

        self._enforce_clocks("2026-11-05 11:30:00")
        self.assertRecordValues(
            triage,
            [
                {
                    "warned_at": datetime(2026, 11, 5, 11, 30),
                    "state": "running",
                    "escalation_level": 0,
                    "next_check_at": datetime(2026, 11, 5, 12),
                }
            ],
        )
        warning = self._warning_messages(ticket)
        self.assertEqual(len(warning), 1)
        # Due 12:00 UTC, shown in the center's time zone (Shanghai).
        self.assertIn(
            f"Triage of {ticket.number} falls due at 11/05/2026 20:00: 30 min left.",
            warning.body,
        )
        self.assertEqual(warning.subtype_id, self.env.ref("mail.mt_note"))
        # The handler is told, once, in a notification of their own.
        notice = self._notifications(self.assistant.partner_id, "Triage of")
        self.assertEqual(len(notice), 1)
        self.assertIn(f"Triage of {ticket.number} falls due", notice.body)
        self.assertFalse(triage.escalation_ids)
        self.assertFalse(self._activities(ticket, self.supervisor))

        # Later runs before the due time do not warn again.
        self._enforce_clocks("2026-11-05 11:30:00")
        self._enforce_clocks("2026-11-05 11:59:59")
        self.assertEqual(len(self._warning_messages(ticket)), 1)
        self.assertEqual(
            len(self._notifications(self.assistant.partner_id, "falls due")), 1
        )
        self.assertFalse(triage.escalation_ids)

    @freeze_time(NOW)
    def test_warning_goes_to_taker_without_handler(self):
        ticket = self._create_complaint(self.front_desk)
        ticket.user_id = False
        self._enforce_clocks("2026-11-05 11:30:00")
        warning = self._warning_messages(ticket)
        self.assertEqual(len(warning), 1)
        self.assertTrue(self._notifications(self.front_desk.partner_id, "falls due"))
        self.assertFalse(self._notifications(self.assistant.partner_id, "falls due"))

    @freeze_time(NOW)
    def test_no_warning_when_met_first(self):
        ticket = self._create_complaint(self.front_desk, user_id=self.assistant.id)
        with freeze_time("2026-11-05 11:00:00"):
            # Assisted, handled at the handler's level: no clock follows triage.
            ticket.complaint_type = "assisted"
        self.assertEqual(ticket.clock_ids.state, "met")
        self._enforce_clocks("2026-11-05 11:30:00")
        self.assertFalse(self._warning_messages(ticket))
        self.assertFalse(self._clocks(ticket, "triage").warned_at)

    @freeze_time(NOW)
    def test_no_warning_policy(self):
        self._policy("triage").warning_type = "none"
        ticket = self._create_complaint(self.front_desk, user_id=self.assistant.id)
        triage = self._clocks(ticket, "triage")
        self.assertFalse(triage.warning_at)
        self.assertEqual(triage.next_check_at, datetime(2026, 11, 5, 12))
        self._enforce_clocks("2026-11-05 11:59:00")
        self.assertFalse(self._warning_messages(ticket))

    @freeze_time(NOW)
    def test_warning_share_of_the_time(self):
        self._policy("triage").write({"warning_type": "share", "warning_share": 75})
        ticket = self._create_complaint(self.front_desk, user_id=self.assistant.id)
        self.assertEqual(
            self._clocks(ticket, "triage").warning_at, datetime(2026, 11, 5, 11, 30)
        )


@tagged("post_install", "-at_install")
class TestEscalationLadder(ClockCase):
    """Breach: supervisor; 2 h later still open: manager; 2 h later: quality
    department (and the developer's CS center for a developer cause); then it
    stops."""

    def _assert_step(self, ticket, clock, level, role, users, partners, at):
        escalation = clock.escalation_ids.sorted("level")[-1]
        self.assertRecordValues(
            escalation,
            [{"level": level, "role": role, "escalated_at": at}],
        )
        self.assertEqual(escalation.user_ids, users)
        self.assertEqual(clock.escalation_level, level)
        self.assertEqual(clock.state, "breached")
        # The activity for each person at this step.
        for user in users:
            # Each in the user's language: the number and due time in all.
            activities = self._activities(ticket, user).filtered(
                lambda activity: "20:00" in (activity.summary or "")
            )
            self.assertEqual(len(activities), 1, f"{user.name} gets one activity")
            if user.lang == "en_US":
                self.assertEqual(
                    activities.summary,
                    f"Triage of {ticket.number} breached (due 11/05/2026 20:00)",
                )
            self.assertEqual(
                activities.activity_type_id,
                self.env.ref("mail.mail_activity_data_todo"),
            )
        # The line in the complaint's history, and a notification for each.
        message = self._escalation_messages(ticket)[-1]
        self.assertIn(f"step {level}:", message.body)
        for partner in partners:
            self.assertIn(partner.name, message.body)
            notices = self._notifications(partner, ticket.number)
            self.assertEqual(len(notices), 1, f"{partner.name} is told once")
        return message

    @freeze_time(NOW)
    def test_whole_ladder(self):
        ticket = self._create_complaint(
            self.front_desk, user_id=self.assistant.id, complaint_cause="developer"
        )
        triage = self._clocks(ticket, "triage")

        # Due 12:00: the supervisor.
        self._enforce_clocks("2026-11-05 12:00:00")
        message = self._assert_step(
            ticket,
            triage,
            1,
            "supervisor",
            self.supervisor,
            self.supervisor.partner_id,
            datetime(2026, 11, 5, 12),
        )
        self.assertIn(
            "Escalated to Supervisor (CS Supervisor), step 1: Triage of", message.body
        )
        self.assertEqual(triage.next_check_at, datetime(2026, 11, 5, 14))
        self.assertFalse(triage.done_at)
        self.assertEqual(ticket.next_due_at, datetime(2026, 11, 5, 12))
        with freeze_time("2026-11-05 12:00:01"):
            ticket.invalidate_recordset(["is_overdue"])
            self.assertTrue(ticket.is_overdue)

        # Not yet the interval: nothing more.
        self._enforce_clocks("2026-11-05 13:59:00")
        self.assertEqual(len(triage.escalation_ids), 1)

        # Still open 2 h later: the manager.
        self._enforce_clocks("2026-11-05 14:00:00")
        self._assert_step(
            ticket,
            triage,
            2,
            "manager",
            self.manager,
            self.manager.partner_id,
            datetime(2026, 11, 5, 14),
        )
        self.assertEqual(triage.next_check_at, datetime(2026, 11, 5, 16))

        # Then the quality department and, the cause being the developer,
        # the developer's CS center.
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertIn(self.quality, self.quality_users)
        message = self._assert_step(
            ticket,
            triage,
            3,
            "quality",
            self.quality_users,
            self.quality_users.partner_id | self.developer_cs,
            datetime(2026, 11, 5, 16),
        )
        self.assertIn("Developer CS Center", message.body)
        # The top of the ladder: no next check, no more steps.
        self.assertFalse(triage.next_check_at)
        self._enforce_clocks("2026-11-05 18:00:00")
        self._enforce_clocks("2026-11-06 12:00:00")
        self.assertEqual(triage.escalation_ids.mapped("level"), [1, 2, 3])
        self.assertEqual(len(self._escalation_messages(ticket)), 3)
        self.assertEqual(triage.state, "breached")
        self.assertFalse(triage.done_at)

    @freeze_time(NOW)
    def test_quality_step_without_developer_cause(self):
        ticket = self._create_complaint(
            self.front_desk, complaint_cause="service_center"
        )
        triage = self._clocks(ticket, "triage")
        self._enforce_clocks("2026-11-05 12:00:00")
        self._enforce_clocks("2026-11-05 14:00:00")
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertEqual(triage.escalation_ids.mapped("role")[-1], "quality")
        # Each in their own language: the number reads the same in all.
        text = ticket.number
        for partner in self.quality_users.partner_id:
            self.assertTrue(self._notifications(partner, text))
        self.assertFalse(self._notifications(self.developer_cs, text))

    @freeze_time(NOW)
    def test_late_run_climbs_one_step_per_run(self):
        """A cron down for hours catches up one step at a time, not at once."""
        ticket = self._create_complaint(self.front_desk)
        triage = self._clocks(ticket, "triage")
        self._enforce_clocks("2026-11-05 20:00:00")
        self.assertRecordValues(
            triage,
            [
                {
                    "escalation_level": 1,
                    "warned_at": False,
                    "next_check_at": datetime(2026, 11, 5, 22),
                }
            ],
        )
        self.assertEqual(triage.escalation_ids.role, "supervisor")
        self.assertFalse(self._warning_messages(ticket))

    @freeze_time(NOW)
    def test_no_escalation_after_stop_event(self):
        ticket = self._create_complaint(self.front_desk)
        triage = self._clocks(ticket, "triage")
        self._enforce_clocks("2026-11-05 12:00:00")
        self.assertEqual(triage.escalation_level, 1)
        with freeze_time("2026-11-05 13:00:00"):
            ticket.with_user(self.assistant).complaint_type = "assisted"
            self._end_request()
        self.assertRecordValues(
            triage,
            [
                {
                    "done_at": datetime(2026, 11, 5, 13),
                    "state": "breached",
                    "escalation_level": 1,
                    "next_check_at": False,
                }
            ],
        )
        self._enforce_clocks("2026-11-05 14:00:00")
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertEqual(len(triage.escalation_ids), 1)
        self.assertFalse(self._activities(ticket, self.manager))
        self.assertEqual(len(self._escalation_messages(ticket)), 1)

    @freeze_time(NOW)
    def test_no_escalation_after_closing(self):
        """A closed complaint is handled: closing needs the reply's time, which
        stops the reply clocks, so nothing is escalated afterwards."""
        ticket = self._create_complaint(self.front_desk, complaint_type="invalid")
        with freeze_time("2026-11-05 11:00:00"):
            # A proper reply, as the closure rules ask for it.
            self._set_reply(ticket, complaint_type="invalid", complaint_cause="other")
            self._close(ticket, self.assistant)
        self.assertTrue(ticket.closed)
        self._enforce_clocks("2026-11-05 12:00:00")
        self._enforce_clocks("2026-11-05 14:00:00")
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertFalse(ticket.clock_ids.escalation_ids)
        self.assertFalse(self._escalation_messages(ticket))
        self.assertNotIn("running", ticket.clock_ids.mapped("state"))
        self.assertFalse(ticket.clock_ids.filtered("next_check_at"))

    @freeze_time(NOW)
    def test_no_escalation_after_cancel(self):
        ticket = self._create_complaint(self.front_desk, complaint_type="valid")
        first_contact = self._clocks(ticket, "first_contact")
        with freeze_time("2026-11-05 11:00:00"):
            ticket.complaint_type = "assisted"
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertEqual(first_contact.state, "cancelled")
        self.assertFalse(first_contact.escalation_ids)
        self.assertFalse(self._escalation_messages(ticket))

    @freeze_time(NOW)
    def test_ladder_starting_at_manager(self):
        """The same-day reply goes to the manager on breach, then quality."""
        ticket = self._create_complaint(self.front_desk, complaint_type="assisted")
        ticket.with_user(self.assistant).action_pass_up()
        same_day = self._clocks(ticket, "same_day_reply")
        # Due at the end of 5 November in Shanghai.
        self.assertEqual(same_day.due_at, datetime(2026, 11, 5, 15, 59, 59))
        self._enforce_clocks("2026-11-05 16:00:00")
        self.assertEqual(same_day.escalation_ids.role, "manager")
        self.assertEqual(same_day.escalation_ids.user_ids, self.manager)
        self.assertEqual(same_day.next_check_at, datetime(2026, 11, 5, 18))
        self._enforce_clocks("2026-11-05 18:00:00")
        self.assertEqual(same_day.escalation_ids.mapped("role"), ["manager", "quality"])
        self.assertFalse(same_day.next_check_at)


@tagged("post_install", "-at_install")
class TestEnforcementCron(ClockCase):
    @freeze_time(NOW)
    def test_cron_record(self):
        self.assertEqual(
            self.enforcement_cron.model_id.model, "property.complaint.clock"
        )
        self.assertEqual(
            self.enforcement_cron.code.strip(), "model._cron_enforce_clocks()"
        )
        self.assertTrue(self.enforcement_cron.active)
        ticket = self._create_complaint(self.front_desk)
        with freeze_time("2026-11-05 12:00:00"):
            self.enforcement_cron.method_direct_trigger()
        self.assertEqual(self._clocks(ticket, "triage").escalation_level, 1)

    @freeze_time(NOW)
    def test_new_clock_triggers_cron_at_its_next_check(self):
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", self.enforcement_cron.id)])
        self._create_complaint(self.front_desk)
        triggers = Trigger.search([("cron_id", "=", self.enforcement_cron.id)]) - before
        # The triage warning at 11:30.
        self.assertEqual(triggers.mapped("call_at"), [datetime(2026, 11, 5, 11, 30)])

    @freeze_time(NOW)
    def test_one_batch_per_call_with_progress(self):
        self.env["ir.config_parameter"].set_param(
            "property_complaint.enforcement_batch_size", 2
        )
        tickets = [self._create_complaint(self.front_desk) for _i in range(3)]
        cron = self.enforcement_cron
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Clock = self.Clock.with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-11-05 12:00:00"):
            Clock._cron_enforce_clocks()
            self.assertRecordValues(progress, [{"done": 2, "remaining": 1}])
            levels = [self._clocks(t, "triage").escalation_level for t in tickets]
            self.assertEqual(sorted(levels), [0, 1, 1])
            Clock._cron_enforce_clocks()
            self.assertRecordValues(progress, [{"done": 1, "remaining": 0}])
            Clock._cron_enforce_clocks()
            self.assertRecordValues(progress, [{"done": 0, "remaining": 0}])
        levels = [self._clocks(t, "triage").escalation_level for t in tickets]
        self.assertEqual(levels, [1, 1, 1])

    @freeze_time(NOW)
    def test_due_clocks_left_wake_the_cron_at_once(self):
        """ir.cron runs ten batches per call, then waits for a worker's next
        poll: with due clocks left, the enforcement triggers its cron now,
        which notifies the workers (bench_servers: 5 000 due clocks waited a
        minute per 2 000). Nothing left, no trigger."""
        self.env["ir.config_parameter"].set_param(
            "property_complaint.enforcement_batch_size", 2
        )
        for _i in range(3):
            self._create_complaint(self.front_desk)
        Trigger = self.env["ir.cron.trigger"]
        cron = self.enforcement_cron
        with freeze_time("2026-11-05 12:00:00"):
            now = datetime(2026, 11, 5, 12)
            due_now = [("cron_id", "=", cron.id), ("call_at", "<=", now)]
            Trigger.search(due_now).unlink()
            self.Clock._cron_enforce_clocks()
            self.assertEqual(Trigger.search(due_now).mapped("call_at"), [now])
            Trigger.search(due_now).unlink()
            self.Clock._cron_enforce_clocks()
            self.assertFalse(Trigger.search(due_now))
