from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.models.res_partner import _lang_get, _tz_get


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team is a service center (服务中心) when it runs an estate."""

    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.ticket.team", "property.complaint.holder.mixin"]

    estate_id = fields.Many2one(
        "property.estate",
        tracking=True,
        ondelete="restrict",
        help="The estate this service center runs.",
    )
    supervisor_ids = fields.Many2many(
        "res.users",
        "helpdesk_team_supervisor_rel",
        "team_id",
        "user_id",
        string="Supervisors",
        help="Customer-service supervisors: they track and review complaints.",
    )
    manager_id = fields.Many2one(
        "res.users",
        "Service-center manager",
        tracking=True,
        help="Supervises the center, owns collective events, signs record forms.",
    )
    hotline = fields.Char(
        "24-hour hotline", tracking=True, help="Shown wherever owners see the center."
    )
    lang = fields.Selection(
        _lang_get,
        "Language",
        default=lambda self: self.env.company.partner_id.lang or self.env.lang,
        help="The language the server writes the complaints' history in "
        "(deadline warnings, escalations). Each person told reads their own.",
    )
    tz = fields.Selection(
        _tz_get,
        "Time zone",
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
        help="Deadlines such as 'the same day' are counted in this time zone.",
    )

    developer_cs_partner_id = fields.Many2one(
        "res.partner",
        "Developer's CS center",
        help="Told of what the service center cannot solve when the developer "
        "caused it, and of the result of complaints it transferred.",
    )
    collective_threshold = fields.Integer(
        "Collective from (households)",
        default=5,
        help="Distinct households complaining about one event that make it a "
        "collective complaint (4.1.4).",
    )
    collective_window_hours = fields.Float(
        "Same event within (hours)",
        default=24.0,
        help="Complaints of one category from different households within this "
        "time are offered to be linked into one event.",
    )
    monthly_report_household_threshold = fields.Integer(
        "Monthly report from (households)",
        default=3,
        help="A category of complaints raised by at least this many households "
        "in a month gets its own matter in the monthly property service report "
        "to the owners (4.12.2).",
    )
    general_manager_id = fields.Many2one(
        related="company_id.complaint_general_manager_id", readonly=False
    )
    timeliness_target = fields.Float(
        "Timeliness target (%)",
        default=90.0,
        help="The share of clocks to meet on time (4.4.10).",
    )
    timeliness_ids = fields.One2many(
        "property.complaint.timeliness", "team_id", "Timeliness by month"
    )
    timeliness_rate = fields.Float(
        "Timeliness this month (%)", compute="_compute_timeliness_rate"
    )
    timeliness_below_target = fields.Boolean(compute="_compute_timeliness_rate")
    timeliness_has_data = fields.Boolean(
        "Timeliness measured this month",
        compute="_compute_timeliness_rate",
        help="Some clock of the center fell due or stopped this month.",
    )

    def _compute_timeliness_rate(self):
        Timeliness = self.env["property.complaint.timeliness"]
        now = fields.Datetime.now()
        records = Timeliness.search(
            [
                ("team_id", "in", self.ids),
                ("month", ">=", fields.Date.today() - relativedelta(months=1)),
            ]
        )
        for team in self:
            month = team._get_month_of(now)
            record = records.filtered(
                lambda r, t=team, m=month: r.team_id == t and r.month == m
            )
            # Nothing was due yet: no rate, rather than a flattering 100 %.
            team.timeliness_has_data = bool(record)
            team.timeliness_rate = record.rate
            team.timeliness_below_target = record.below_target

    @api.constrains("estate_id", "manager_id", "supervisor_ids")
    def _check_service_center_staff(self):
        for team in self.filtered("estate_id"):
            if not team.manager_id:
                raise ValidationError(
                    self.env._(
                        "Service center %s runs an estate: it needs a manager.",
                        team.name,
                    )
                )

    @api.constrains(
        "collective_threshold",
        "collective_window_hours",
        "timeliness_target",
        "monthly_report_household_threshold",
    )
    def _check_complaint_settings(self):
        for team in self:
            if team.collective_threshold < 2:
                raise ValidationError(
                    self.env._(
                        "Service center %(team)s: a collective complaint takes at "
                        "least 2 households, not %(value)s.",
                        team=team.name,
                        value=team.collective_threshold,
                    )
                )
            if team.collective_window_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Service center %(team)s: the time within which complaints "
                        "are one event must be positive, not %(value)s hours.",
                        team=team.name,
                        value=team.collective_window_hours,
                    )
                )
            if team.monthly_report_household_threshold < 1:
                raise ValidationError(
                    self.env._(
                        "Service center %(team)s: a category enters the monthly "
                        "report from at least 1 household, not %(value)s.",
                        team=team.name,
                        value=team.monthly_report_household_threshold,
                    )
                )
            if not 0 <= team.timeliness_target <= 100:
                raise ValidationError(
                    self.env._(
                        "Service center %(team)s: the timeliness target is a share "
                        "between 0 and 100 %%, not %(value)s %%.",
                        team=team.name,
                        value=team.timeliness_target,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if teams.filtered("estate_id"):
            self._clear_complaint_scope_cache()
        return teams

    def write(self, vals):
        if "estate_id" in vals:
            self._check_estate_change(vals["estate_id"])
        result = super().write(vals)
        if set(vals) & self._get_complaint_scope_fields():
            self._clear_complaint_scope_cache()
        return result

    def unlink(self):
        centers = self.filtered("estate_id")
        result = super().unlink()
        if centers:
            self._clear_complaint_scope_cache()
        return result

    def _get_complaint_scope_fields(self):
        """The fields that decide who works in a service center."""
        return {
            "estate_id",
            "company_id",
            "active",
            "user_ids",
            "supervisor_ids",
            "manager_id",
        }

    @api.model
    def _clear_complaint_scope_cache(self):
        """The record rules of complaints are cached per user, and so is the
        users' list of centers: a change of staff must show at once."""
        self.env["res.users"].invalidate_model(
            ["complaint_team_ids", "complaint_read_team_ids"]
        )
        self.env.registry.clear_cache()

    def _get_staff(self):
        """The users the team lists: members, supervisors and its manager."""
        self.ensure_one()
        return self.user_ids | self.supervisor_ids | self.manager_id

    # ------------------------------------------------------------ time
    # The service center's own time: its days and months and how its moments
    # read. The clocks, the timeliness rates, the statistics, the duty log and
    # the reports all count here, with one fallback: a center without a time
    # zone, or no center, counts in UTC.
    def _get_tz_name(self):
        return self[:1].tz or "UTC"

    def _to_local(self, moment):
        """A naive UTC `moment` as the center's naive local time."""
        tz = pytz.timezone(self._get_tz_name())
        return pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)

    def _to_utc(self, local_moment):
        """A naive local time of the center as naive UTC."""
        tz = pytz.timezone(self._get_tz_name())
        return tz.localize(local_moment).astimezone(pytz.utc).replace(tzinfo=None)

    def _get_day_bounds(self, day):
        """The center's `day`, from its midnight to the next, in naive UTC."""
        start = datetime.combine(day, time.min)
        return self._to_utc(start), self._to_utc(start + timedelta(days=1))

    def _get_month_of(self, moment):
        """The first day of the month `moment` (naive UTC) falls in, there."""
        return self._to_local(moment).date().replace(day=1)

    def _get_month_bounds(self, month):
        """The month starting on `month`, there, in naive UTC."""
        start = datetime.combine(month, time.min)
        return self._to_utc(start), self._to_utc(start + relativedelta(months=1))

    def _get_end_of_day(self, moment):
        """The last second of the center's day that `moment` falls in."""
        day = self._to_local(moment).date()
        return self._to_utc(datetime.combine(day, time.max).replace(microsecond=0))

    def _format_moment(self, moment):
        """`moment` (naive UTC) to the minute as the center lives it, in the
        date format of the reader's language."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return self._to_local(moment).strftime(
            f"{lang.date_format or '%Y-%m-%d'} {lang.short_time_format or '%H:%M'}"
        )

    def _get_lang(self):
        """The center's language, for what the server writes in its history."""
        self.ensure_one()
        return self.lang or self.env.lang

    def _filter_open_to_owner(self, partner):
        """The teams `partner` may file with from the portal: the service centers
        of the estates the partner owns a unit in, and every team that is not a
        service center."""
        # sudo: owners cannot read units (staff data); only their estates are used.
        estates = partner.sudo()._get_owned_units().estate_id
        return self.filtered(
            lambda team: not team.estate_id or team.estate_id in estates
        )

    def _get_held_complaint_domain(self):
        return [("team_id", "in", self.ids)]

    def _check_estate_change(self, estate_id):
        """Its complaints would leave their estate, or stop being complaints."""
        for team in self.filtered(lambda t: t.estate_id.id != (estate_id or False)):
            complaints = team._get_held_complaints(limit=5)
            if complaints:
                raise UserError(
                    self.env._(
                        "Service center %(team)s has complaints (%(numbers)s): the "
                        "estate it runs cannot change.",
                        team=team.name,
                        numbers=", ".join(complaints.mapped("number")),
                    )
                )

    def _get_default_supervisor(self):
        """The supervisor a new complaint of this center goes to (none if empty)."""
        return self.supervisor_ids[:1]

    def _retrieve_dashboard(self):
        # helpdesk_mgmt's own _() reads only its translation files, which have
        # no zh_CN: the cards' names are said again here, where ours apply.
        sections = super()._retrieve_dashboard()
        names = self._get_dashboard_section_names()
        for section in sections:
            section["name"] = names.get(section.get("action"), section["name"])
        return sections

    def _get_dashboard_section_names(self):
        """The dashboard cards' names, by the action each card opens."""
        return {
            "helpdesk_mgmt.helpdesk_ticket_action_unassigned": self.env._(
                "Open Tickets without team"
            ),
            "helpdesk_mgmt.helpdesk_ticket_action_opened": self.env._("Open Tickets"),
        }
