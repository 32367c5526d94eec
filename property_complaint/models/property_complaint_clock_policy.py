from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .property_complaint_clocked_mixin import START_EVENTS, STOP_EVENTS

CLOCK_KINDS = [
    ("triage", "Triage"),
    ("first_contact", "First contact"),
    ("invalid_reply", "Invalid complaint reply"),
    ("on_the_spot_reply", "On-the-spot reply"),
    ("same_day_reply", "Same-day reply"),
    ("agreed_reply", "Agreed reply"),
    ("report_manager", "Report to manager"),
    ("report_developer", "Report to developer CS"),
]

# The procedure's one ladder, from the bottom (4.4.9, 4.5.2): who handles a
# complaint as it is passed up, and who a breach goes to, step by step.
LADDER = [
    ("handler", "Handler"),
    ("supervisor", "Supervisor"),
    ("manager", "Service-center manager"),
    ("quality", "Quality department"),
]
LADDER_ROLES = [role for role, _label in LADDER]
# A complaint is handled within the service center; the quality department
# above it is told of breaches, it does not handle.
HANDLING_LEVELS = LADDER[:3]
# A breach is never the handler's own to hear of: it goes above.
ESCALATION_ROLES = LADDER[1:]


class PropertyComplaintClockPolicy(models.Model):
    """One row of the procedure's clocks table, as configuration."""

    _name = "property.complaint.clock.policy"
    _description = "Complaint clock policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Empty: the policy applies to every company."
    )
    kind = fields.Selection(CLOCK_KINDS, required=True)
    # Which complaints
    estate_ids = fields.Many2many(
        "property.estate", string="Estates", help="Empty: every estate."
    )
    ticket_domain = fields.Char(
        "Applies to",
        default="[]",
        required=True,
        help="Which complaints the clock runs for: type, cause, channel, "
        "collective, transferred from the developer...",
    )
    # What starts and stops it
    start_event = fields.Selection(START_EVENTS, required=True)
    stop_event = fields.Selection(STOP_EVENTS, required=True)
    # How long
    duration_type = fields.Selection(
        [
            ("hours", "Hours"),
            ("end_of_day", "End of that day"),
            ("agreed_time", "The agreed reply time"),
        ],
        required=True,
        default="hours",
    )
    duration_hours = fields.Float("Hours", default=2.0)
    calendar_id = fields.Many2one(
        "resource.calendar",
        "Working time",
        help="Count the hours in this working time, holidays excluded. "
        "Empty: wall-clock hours (the hotline is staffed around the clock).",
    )
    warning_type = fields.Selection(
        [
            ("none", "No warning"),
            ("minutes", "Minutes before"),
            ("share", "Share of the time"),
        ],
        "Warning",
        required=True,
        default="minutes",
    )
    warning_minutes = fields.Integer(default=30)
    warning_share = fields.Float(
        "Warning at (% of the time)", default=75.0, help="e.g. 75: at three quarters."
    )
    # Who is told on breach
    escalation_start = fields.Selection(
        ESCALATION_ROLES,
        "On breach, goes to",
        required=True,
        default="supervisor",
        help="The first step of the ladder; each repeat interval climbs one more.",
    )
    repeat_interval_hours = fields.Float(
        "Climb again after (hours)",
        default=2.0,
        help="Still open this long after a step: the next step of the ladder.",
    )

    @api.constrains("ticket_domain")
    def _check_ticket_domain(self):
        for policy in self:
            try:
                self.env["helpdesk.ticket"].search_count(policy._get_ticket_domain())
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The complaints of policy %(policy)s are not a valid "
                        "filter: %(error)s",
                        policy=policy.name,
                        error=error,
                    )
                ) from error

    @api.constrains("duration_type", "duration_hours", "repeat_interval_hours")
    def _check_durations(self):
        for policy in self:
            if policy.duration_type == "hours" and policy.duration_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the hours must be positive, not %(value)s.",
                        policy=policy.name,
                        value=policy.duration_hours,
                    )
                )
            if policy.repeat_interval_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %s: the interval between two escalation steps "
                        "must be positive.",
                        policy.name,
                    )
                )

    @api.constrains(
        "warning_type",
        "warning_minutes",
        "warning_share",
        "duration_type",
        "duration_hours",
    )
    def _check_warning(self):
        """A warning falls after the start and before the due time."""
        for policy in self:
            if policy.warning_type == "minutes" and (
                policy.warning_minutes <= 0
                or (
                    policy.duration_type == "hours"
                    and policy.warning_minutes >= policy.duration_hours * 60
                )
            ):
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: a warning %(value)s minutes before the "
                        "due time does not fall between the start and the due time.",
                        policy=policy.name,
                        value=policy.warning_minutes,
                    )
                )
            if policy.warning_type == "share" and not 0 < policy.warning_share < 100:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the warning is a share of the time "
                        "between 0 and 100 %%, not %(value)s %%.",
                        policy=policy.name,
                        value=policy.warning_share,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        # The fields that re-sync the clocks follow the policies' filters.
        self.env.registry.clear_cache()
        return policies

    def write(self, vals):
        result = super().write(vals)
        if "ticket_domain" in vals:
            self.env.registry.clear_cache()
        return result

    def _get_ticket_domain(self):
        self.ensure_one()
        return safe_eval(self.ticket_domain or "[]")

    def _applies_to(self, tickets):
        """The tickets (among these) this policy's clock runs for."""
        self.ensure_one()
        tickets = tickets.filtered(
            lambda t: (
                t.is_complaint
                and (not self.company_id or t.company_id == self.company_id)
                and (not self.estate_ids or t.estate_id in self.estate_ids)
            )
        )
        return tickets.filtered_domain(self._get_ticket_domain())

    def _compute_due_at(self, ticket, started_at):
        """When a clock of this policy started at `started_at` falls due."""
        self.ensure_one()
        if self.duration_type == "agreed_time":
            return ticket.agreed_reply_at
        if self.duration_type == "end_of_day":
            return ticket.team_id._get_end_of_day(started_at)
        if self.calendar_id:
            due = self.calendar_id.plan_hours(
                self.duration_hours,
                pytz.utc.localize(started_at),
                compute_leaves=True,
            )
            return due.astimezone(pytz.utc).replace(tzinfo=None)
        return started_at + timedelta(hours=self.duration_hours)

    def _compute_warning_at(self, started_at, due_at):
        self.ensure_one()
        if self.warning_type == "minutes" and self.warning_minutes:
            warning_at = due_at - timedelta(minutes=self.warning_minutes)
        elif self.warning_type == "share" and self.warning_share:
            warning_at = started_at + (due_at - started_at) * (self.warning_share / 100)
        else:
            return False
        return warning_at if warning_at > started_at else False

    def _starts_anew_after_breach(self):
        """Whether a new start after a breach runs a new clock. A new agreed
        time is a new promise to the owner, with its own clock; any other
        start (a corrected reception time, a reclassification back) is the
        same deadline, already missed."""
        self.ensure_one()
        return self.start_event == "agreed_time_set"

    def _get_escalation_role(self, level):
        """The ladder's role at escalation `level` (1 = first breach), or False."""
        self.ensure_one()
        index = LADDER_ROLES.index(self.escalation_start) + level - 1
        return LADDER_ROLES[index] if index < len(LADDER_ROLES) else False
