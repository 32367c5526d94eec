import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

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
    done_at = fields.Datetime()
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

    # ------------------------------------------------------------ business
    def _stop(self, done_at):
        """The clock's stop event happened at `done_at`: met or breached."""
        for clock in self:
            clock.write(
                {
                    "done_at": done_at,
                    "state": "met" if done_at <= clock.due_at else "breached",
                    "next_check_at": False,
                }
            )
        self._update_timeliness()

    def _cancel(self):
        """No longer applies (reclassified, rescheduled): kept, not deleted.
        A clock that already breached stays breached: ending it later does not
        undo the breach, or the rate would rise by moving a missed time."""
        breached = self.filtered(lambda c: c.state == "breached")
        breached.write({"done_at": fields.Datetime.now(), "next_check_at": False})
        breached._update_timeliness()
        (self - breached).write({"state": "cancelled", "next_check_at": False})

    def _schedule_next_check(self):
        for clock in self:
            clock.next_check_at = clock._get_next_check_at()
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
        if moments:
            cron = self.env.ref(
                "property_complaint.ir_cron_enforce_clocks", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger(min(moments))

    @api.model
    def _get_enforcement_batch_size(self):
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
        newly_breached = to_escalate.filtered(lambda c: c.state == "running")
        to_warn._warn(now)
        to_escalate._escalate(now)
        self._schedule_next_check()
        newly_breached._update_timeliness()

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
            clock.state = "breached"
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
            due=self._format_in_team_tz(self.due_at),
            left=self._format_time_left(self.due_at, now),
        )

    def _get_breach_summary(self):
        self.ensure_one()
        return self.env._(
            "%(clock)s of %(number)s breached (due %(due)s)",
            clock=self._get_kind_label(),
            number=self.ticket_id.number,
            due=self._format_in_team_tz(self.due_at),
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

    def _format_in_team_tz(self, moment):
        """`moment` as the center lives it, to the minute, in the reader's
        language's date format."""
        tz = self.ticket_id.team_id.tz or self.env.user.tz or "UTC"
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return fields.Datetime.context_timestamp(
            self.with_context(tz=tz), moment
        ).strftime(
            f"{lang.date_format or '%Y-%m-%d'} {lang.short_time_format or '%H:%M'}"
        )

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
