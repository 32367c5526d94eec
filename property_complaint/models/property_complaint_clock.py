import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models

from .property_complaint_clock_policy import CLOCK_KINDS, ESCALATION_ROLES

_logger = logging.getLogger(__name__)


class PropertyComplaintClock(models.Model):
    """One deadline of the procedure running on one complaint."""

    _name = "property.complaint.clock"
    _description = "Complaint clock"
    _order = "due_at, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    policy_id = fields.Many2one(
        "property.complaint.clock.policy", required=True, ondelete="restrict"
    )
    kind = fields.Selection(CLOCK_KINDS, required=True)
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    started_at = fields.Datetime(required=True)
    due_at = fields.Datetime(required=True)
    warning_at = fields.Datetime()
    warned_at = fields.Datetime(readonly=True)
    done_at = fields.Datetime(help="When its stop event happened, as recorded.")
    decided_at = fields.Datetime(
        "Outcome decided at",
        readonly=True,
        help="When the server decided the clock met, breached or cancelled. A "
        "stop recorded after the due time is a breach, whenever it says it "
        "happened.",
    )
    state = fields.Selection(
        [
            ("running", "Running"),
            ("met", "Met"),
            ("breached", "Breached"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="running",
        index=True,
    )
    escalation_level = fields.Integer(
        default=0, readonly=True, help="0: not escalated; 1: the first step..."
    )
    # The enforcement's work queue: set while the clock has something left to
    # do (warn, breach, climb), empty otherwise, so its index stays small.
    next_check_at = fields.Datetime(readonly=True, index="btree_not_null")
    escalation_ids = fields.One2many(
        "property.complaint.clock.escalation", "clock_id", "Escalations"
    )
    is_open = fields.Boolean(
        compute="_compute_is_open", help="Not done and not cancelled."
    )
    time_left = fields.Char(compute="_compute_time_left")

    @api.depends("state", "done_at")
    def _compute_is_open(self):
        for clock in self:
            clock.is_open = not clock.done_at and clock.state != "cancelled"

    @api.depends("due_at", "is_open")
    def _compute_time_left(self):
        now = fields.Datetime.now()
        for clock in self:
            clock.time_left = clock.is_open and self._format_time_left(
                clock.due_at, now
            )

    @api.model
    def _format_time_left(self, due_at, now):
        """How long is left until `due_at`, or how late it is: '1 h 20 min left'."""
        if not due_at:
            return False
        minutes = int((due_at - now).total_seconds() // 60)
        hours, rest = divmod(abs(minutes), 60)
        duration = (
            self.env._("%(h)s h %(m)s min", h=hours, m=rest)
            if hours
            else self.env._("%s min", rest)
        )
        if minutes >= 0:
            return self.env._("%s left", duration)
        return self.env._("overdue by %s", duration)

    @api.model_create_multi
    def create(self, vals_list):
        clocks = super().create(vals_list)
        clocks._schedule_next_check()
        return clocks

    # ------------------------------------------------------------ transitions
    def _get_transition(self, event, at, now):
        """Where `event` takes this clock: the values to write, {} if none.

        The one place that decides a clock's transitions; the complaint only
        says what happened. Events: "stop" (its stop event happened at `at`,
        as recorded), "cancel" (it no longer applies), "retime" (its start or
        due time moved), "breach" (the enforcement found it due at `now`).

        - Met, cancelled, and breached and ended clocks are final.
        - A breach is final: a breached clock never becomes met or cancelled;
          a stop or a cancellation ends it (done_at set), still breached.
        - Late is judged by the server's clock, never by a time staff give:
          a stop recorded after the due time is a breach even when it says it
          happened in time, and even before the enforcement has run. Staff
          may record a stop afterwards (done_at keeps when it happened), but
          back-dating cannot turn a missed deadline into a met one.
        - A retimed clock gives way to a new one only if its policy starts
          anew after a breach (a new agreed time is a new promise); a late
          clock of any other policy keeps its start and due and runs on.
        """
        self.ensure_one()
        if not self.is_open:
            return {}
        if event == "breach":
            # Due at the due moment: the enforcement breaches from it on.
            if now < self.due_at:
                return {}
            return self._get_outcome_values("breached", now)
        late = self.state == "breached" or now > self.due_at
        if event == "stop":
            outcome = "breached" if late or at > self.due_at else "met"
            return {
                **self._get_outcome_values(outcome, now),
                "done_at": at,
                "next_check_at": False,
            }
        starts_anew = self.policy_id._starts_anew_after_breach()
        if event == "retime" and late and not starts_anew:
            return self._get_outcome_values("breached", now)
        if late:
            return {
                **self._get_outcome_values("breached", now),
                "done_at": now,
                "next_check_at": False,
            }
        return {**self._get_outcome_values("cancelled", now), "next_check_at": False}

    def _get_outcome_values(self, state, now):
        """Leaving `running` for `state`; a clock already decided keeps its
        outcome and the moment it was decided."""
        self.ensure_one()
        if self.state != "running":
            return {}
        return {"state": state, "decided_at": now}

    def _decide(self, event, at=None, now=None):
        """Apply `event` to these clocks, as `_get_transition` decides, and
        recount the rates of those that became met or breached."""
        if not self:
            # A new complaint's sync asks each policy's (absent) clock.
            return
        now = now or (self._is_loading_history() and at) or fields.Datetime.now()
        decided = self.browse()
        for clock in self:
            values = clock._get_transition(event, at or now, now)
            if values.get("state", clock.state) != clock.state:
                decided |= clock
            if values:
                clock.write(values)
        decided.filtered(lambda c: c.state != "cancelled")._update_timeliness()

    @api.model
    def _is_loading_history(self):
        """A module's own data files (the demo) record past events as they
        happened: loaded by the superuser itself, their times are judged as
        given. No user can be the superuser, so no one else back-dates."""
        return self.env.uid == SUPERUSER_ID and bool(
            self.env.context.get("install_filename")
        )

    @api.model
    def _may_start(self, policy, started_at, clocks):
        """Whether a clock of `policy` starts at `started_at` on a complaint
        whose clocks of that policy are `clocks`: not while one runs, not
        twice from one start, and not after a breach unless the policy starts
        anew (else a corrected time or a reclassification back would give a
        missed deadline a second chance)."""
        if clocks.filtered("is_open"):
            return False
        if clocks.filtered(
            lambda c: c.started_at == started_at and c.state != "cancelled"
        ):
            return False
        return policy._starts_anew_after_breach() or not clocks.filtered(
            lambda c: c.state == "breached"
        )

    # ------------------------------------------------------------ business
    def _schedule_next_check(self):
        # One write per moment, not per clock: a batch's clocks share them.
        by_moment = defaultdict(list)
        for clock in self:
            by_moment[clock._get_next_check_at()].append(clock.id)
        for moment, clock_ids in by_moment.items():
            self.browse(clock_ids).next_check_at = moment
        self._trigger_enforcement()

    def _get_next_check_at(self):
        """The next moment the enforcement has something to do on this clock."""
        self.ensure_one()
        if not self.is_open:
            return False
        if not self.escalation_level:
            if self.warning_at and not self.warned_at and self.state == "running":
                return self.warning_at
            return self.due_at
        if not self.policy_id._get_escalation_role(self.escalation_level + 1):
            return False
        last = max(self.escalation_ids.mapped("escalated_at"), default=self.due_at)
        return last + timedelta(hours=self.policy_id.repeat_interval_hours)

    def _trigger_enforcement(self):
        """Wake the enforcement at the earliest next check, not at the next poll."""
        moments = {at for at in self.mapped("next_check_at") if at}
        cron = moments and self._get_enforcement_cron()
        if cron:
            cron._trigger(min(moments))

    @api.model
    def _get_enforcement_cron(self):
        cron = self.env.ref(
            "property_complaint.ir_cron_enforce_clocks", raise_if_not_found=False
        )
        # sudo: scheduling the cron is the server's, not the user's.
        return cron and cron.sudo()

    @api.model
    def _get_enforcement_batch_size(self):
        # sudo: system parameters are read by administrators only.
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("property_complaint.enforcement_batch_size", 200)
        )

    @api.model
    def _lock_due_clocks(self, now, limit):
        """Due clocks no other worker holds, locked for this transaction.

        The ORM has no SKIP LOCKED: two workers at once each take other clocks,
        and a clock one of them escalated is no longer due for the other.
        """
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id FROM property_complaint_clock
             WHERE next_check_at <= %s
             ORDER BY next_check_at
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            (now, limit),
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _enforce(self, now):
        """Warn, breach or climb one step, whichever is due, for the whole
        batch at once: one write, one activity create, one chatter batch and
        one notification per person told, however many clocks."""
        actionable = self.filtered(lambda c: c.is_open and c.next_check_at)
        to_warn = actionable.filtered(lambda c: now < c.due_at)
        to_escalate = actionable - to_warn
        to_warn._warn(now)
        to_escalate._decide("breach", now=now)
        to_escalate.filtered(lambda c: c.state == "breached")._escalate(now)
        self._schedule_next_check()

    def _warn(self, now):
        """Tell each handler what falls due soon, and note it on the complaint."""
        notes = defaultdict(list)
        told = defaultdict(lambda: self.browse())
        for clock in self:
            ticket = clock.ticket_id
            notes[ticket.id].append(
                clock._in_lang(ticket.team_id._get_lang())._get_warning_line(now)
            )
            told[(ticket.user_id or ticket.taken_by_id).partner_id] |= clock
        self.warned_at = now
        self._log_on_tickets(notes)
        self._notify_partners(
            told,
            lambda clock: clock._get_warning_line(now),
            lambda env: env._("Complaint deadlines due soon"),
        )

    def _escalate(self, now):
        """One step up the ladder: an activity for the person at that step, a
        notification, a line in the complaint's history, an escalation row.
        Each reads it in their own language; the history in the center's."""
        activities, escalations = [], []
        notes = defaultdict(list)
        told = defaultdict(lambda: self.browse())
        for clock in self:
            level = clock.escalation_level + 1
            role = clock.policy_id._get_escalation_role(level)
            if not role:
                continue
            ticket = clock.ticket_id
            users = ticket._get_escalation_users(role)
            partners = users.partner_id | ticket._get_escalation_partners(role)
            activities += [
                ticket._prepare_complaint_activity_values(
                    user, lambda env, c=clock: c.with_env(env)._get_breach_summary()
                )
                for user in users
            ]
            notes[ticket.id].append(
                clock._in_lang(ticket.team_id._get_lang())._get_escalation_line(
                    role, level, partners
                )
            )
            for partner in partners:
                told[partner] |= clock
            escalations.append(
                {
                    "clock_id": clock.id,
                    "level": level,
                    "role": role,
                    "user_ids": [fields.Command.set(users.ids)],
                    "escalated_at": now,
                }
            )
            clock.escalation_level = level
        # The notification below tells the people; the activities need not mail.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )
        self.env["property.complaint.clock.escalation"].create(escalations)
        self._log_on_tickets(notes)
        self._notify_partners(
            told,
            lambda clock: clock._get_breach_summary(),
            lambda env: env._("Complaint deadlines breached"),
        )

    def _get_warning_line(self, now):
        self.ensure_one()
        return self.env._(
            "%(clock)s of %(number)s falls due at %(due)s: %(left)s.",
            clock=self._get_kind_label(),
            number=self.ticket_id.number,
            due=self.ticket_id._format_in_team_tz(self.due_at),
            left=self._format_time_left(self.due_at, now),
        )

    def _get_breach_summary(self):
        self.ensure_one()
        return self.env._(
            "%(clock)s of %(number)s breached (due %(due)s)",
            clock=self._get_kind_label(),
            number=self.ticket_id.number,
            due=self.ticket_id._format_in_team_tz(self.due_at),
        )

    def _get_escalation_line(self, role, level, partners):
        self.ensure_one()
        role_labels = dict(
            self.env["property.complaint.clock.escalation"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        return self.env._(
            "Escalated to %(role)s (%(who)s), step %(level)s: %(summary)s",
            role=role_labels[role],
            who=", ".join(partners.mapped("name")) or self.env._("no one"),
            level=level,
            summary=self._get_breach_summary(),
        )

    def _in_lang(self, lang):
        return self.with_context(lang=lang or self.env.lang)

    def _log_on_tickets(self, notes):
        """One chatter line per complaint, written in one batch."""
        if notes:
            self.env["helpdesk.ticket"].browse(list(notes))._message_log_batch(
                bodies={
                    ticket_id: Markup("<br/>").join(lines)
                    for ticket_id, lines in notes.items()
                }
            )

    def _notify_partners(self, told, line, subject):
        """One notification per person, listing every clock that concerns
        them, written in that person's language: `line(clock)` and
        `subject(env)` are rendered in it."""
        for partner, clocks in told.items():
            if not partner:
                continue
            clocks = clocks._in_lang(partner.lang)
            self.env["mail.thread"].message_notify(
                partner_ids=partner.ids,
                subject=subject(clocks.env),
                body=Markup("<br/>").join(line(clock) for clock in clocks),
                subtype_xmlid="mail.mt_note",
            )

    def _get_kind_label(self):
        self.ensure_one()
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _update_timeliness(self):
        # The rate is the server's figure, whoever's action decided the clock.
        self.env["property.complaint.timeliness"].sudo()._refresh_for_clocks(self)

    @api.model
    def _cron_enforce_clocks(self):
        """Act on due clocks, one batch per call: the cron runs it again while
        some remain, committing between batches (ir.cron's progress API)."""
        now = fields.Datetime.now()
        clocks = self._lock_due_clocks(now, self._get_enforcement_batch_size())
        clocks._enforce(now)
        remaining = self.search_count([("next_check_at", "<=", now)])
        self.env["ir.cron"]._notify_progress(done=len(clocks), remaining=remaining)
        if remaining and (cron := self._get_enforcement_cron()):
            # ir.cron runs ten batches per call, then leaves the job to a
            # worker's next poll, a minute away: a trigger due now notifies
            # the workers on commit, and the one that ran these batches (or
            # another server's) takes the rest as soon as the job is free.
            cron._trigger()
        _logger.info("Enforced %s clocks, %s due ones left", len(clocks), remaining)


class PropertyComplaintClockEscalation(models.Model):
    """One step a breached clock climbed: who was told, and when."""

    _name = "property.complaint.clock.escalation"
    _description = "Clock escalation"
    _order = "escalated_at, id"

    clock_id = fields.Many2one(
        "property.complaint.clock", required=True, ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one(related="clock_id.ticket_id", store=True)
    level = fields.Integer(required=True)
    role = fields.Selection(ESCALATION_ROLES, required=True)
    user_ids = fields.Many2many("res.users", string="Told")
    escalated_at = fields.Datetime(required=True)
