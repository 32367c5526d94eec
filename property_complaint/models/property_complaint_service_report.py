from babel.dates import format_skeleton

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.misc import babel_locale_parse, get_lang


class PropertyComplaintServiceReport(models.Model):
    """月度物业服务报告: what a service center tells its estate's owners of a
    month (4.6, 4.12.2): each collective event and each category many
    households raised, with what was done in words the center writes for
    owners, the month's timeliness rate and the hotline. It names no
    household. Once published it is the owners' record: never changed or
    deleted."""

    _name = "property.complaint.service.report"
    _description = "Monthly property service report"
    _inherit = ["mail.thread", "property.complaint.decision.mixin"]
    _order = "month desc, team_id"

    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "Service center",
        required=True,
        domain=[("estate_id", "!=", False)],
        tracking=True,
        index=True,
    )
    estate_id = fields.Many2one(
        "property.estate", related="team_id.estate_id", store=True, index=True
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    month = fields.Date(
        required=True,
        tracking=True,
        help="Any day of the month: the report keeps the month's first day.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    published_at = fields.Datetime(readonly=True, tracking=True, copy=False)
    published_by_id = fields.Many2one(
        "res.users", "Published by", readonly=True, tracking=True, copy=False
    )
    line_ids = fields.One2many(
        "property.complaint.service.report.line", "report_id", "Matters", copy=False
    )
    complaint_count = fields.Integer("Complaints received", readonly=True)
    closed_count = fields.Integer("Complaints handled and closed", readonly=True)
    timeliness_measured = fields.Boolean(
        readonly=True, help="Some clock of the center fell due in the month."
    )
    timeliness_rate = fields.Float("Timeliness rate (%)", readonly=True)
    timeliness_target = fields.Float("Timeliness target (%)", readonly=True)
    hotline = fields.Char(related="team_id.hotline")
    household_threshold = fields.Integer(
        related="team_id.monthly_report_household_threshold"
    )

    _sql_constraints = [
        (
            "team_month_uniq",
            "unique(team_id, month)",
            "One monthly property service report per service center and month.",
        ),
    ]

    @api.depends("team_id", "month")
    def _compute_display_name(self):
        for report in self:
            report.display_name = " ".join(
                filter(None, [report.estate_id.name, report._get_month_label()])
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_month(vals)
        reports = super().create(vals_list)
        reports._prepare_lines()
        return reports

    def write(self, vals):
        self._check_draft()
        self._normalize_month(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self._check_draft()

    # ------------------------------------------------------------ actions
    def action_prepare_lines(self):
        """(Re)find the month's matters, keeping the texts already written."""
        self._check_draft()
        self._prepare_lines()

    def action_publish(self):
        """The manager publishes the report to the estate's owners, with the
        figures as they are at that moment."""
        self._check_can_publish()
        self._check_draft()
        self._prepare_lines()
        self._check_texts()
        self.with_context(property_complaint_publishing=True)._write_decision(
            {
                "state": "published",
                "published_at": fields.Datetime.now(),
                "published_by_id": self.env.user.id,
            }
        )

    # ------------------------------------------------------------ business
    @api.model
    def _normalize_month(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)

    def _check_draft(self):
        if self.env.context.get("property_complaint_publishing"):
            return
        published = self.filtered(lambda report: report.state == "published")
        if published:
            raise UserError(
                self.env._(
                    "%s is published to the owners: it is kept as it was "
                    "published, never changed or deleted.",
                    ", ".join(published.mapped("display_name")),
                )
            )

    def _check_can_publish(self):
        if not self.env.user.has_group("property_complaint.group_complaint_manager"):
            raise AccessError(
                self.env._(
                    "Only the service-center manager publishes the monthly "
                    "property service report."
                )
            )

    def _check_texts(self):
        for report in self:
            missing = report.line_ids.filtered(
                lambda line: (
                    not (line.title or "").strip()
                    or not (line.owner_text or "").strip()
                )
            )
            if missing:
                raise UserError(
                    self.env._(
                        "%(report)s: write the title and what was done, for the "
                        "owners, of every matter before publishing (missing: "
                        "%(matters)s).",
                        report=report.display_name,
                        matters=", ".join(
                            missing.mapped(lambda line: line._get_source_name())
                        ),
                    )
                )

    @api.model
    def _get_portal_domain(self, partner):
        """The reports an owner reads: published, of an estate the owner (or
        the owner's household) has a unit in."""
        # sudo: owners cannot read units (staff data); only their estates are used.
        estates = partner.sudo()._get_owned_units().estate_id
        return [("state", "=", "published"), ("estate_id", "in", estates.ids)]

    @api.model
    def _get_portal_reports(self, partner):
        # sudo: owners have no access to the staff's records; the domain
        # limits them to what the report publishes to this owner.
        return self.sudo().search(self._get_portal_domain(partner))

    def _render_portal_pdf(self):
        """The PDF as the owner downloads it, in the owner's language."""
        self.ensure_one()
        # sudo: the report reads the center's records the owner has no access
        # to; it prints only what is published to the owner (counts, the
        # center's own texts, the hotline). The caller checked the owner's
        # estate.
        return (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "property_complaint.action_report_monthly_service", self.ids
            )
        )

    @api.model
    def _get_report_ref(self):
        return "property_complaint.action_report_monthly_service"

    def _get_month_label(self):
        """The month as owners read it in their language (2026年11月)."""
        self.ensure_one()
        if not self.month:
            return ""
        locale = babel_locale_parse(get_lang(self.env).code)
        return format_skeleton("yMMMM", self.month, locale=locale)

    def _get_ticket_domain(self):
        """The center's complaints received in the month, in its time zone."""
        self.ensure_one()
        return expression.AND(
            [
                self.env["property.complaint.statistics"]._get_ticket_domain(
                    self.estate_id, self.month
                ),
                [("team_id", "=", self.team_id.id)],
            ]
        )

    def _get_events(self, tickets):
        """The collective events of the month: those that became collective
        in it, and those that households complained about in it."""
        self.ensure_one()
        month = self.env["property.complaint.statistics"]._get_month_domain(
            self.estate_id, self.month, "team_id", "collective_since"
        )
        events = self.env["property.complaint.event"].search(
            expression.AND([[("team_id", "=", self.team_id.id)], month])
        )
        return (events | tickets.collective_event_id).filtered("is_collective")

    def _get_event_line_values(self, events):
        """{('event', event id): values} of the events' lines: each event
        whole, whatever month its households joined in."""
        closed = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("collective_event_id", "in", events.ids), ("closed", "=", True)],
                ["collective_event_id"],
                ["__count"],
            )
        )
        return {
            ("event", event.id): {
                "event_id": event.id,
                "complaint_count": event.ticket_count,
                "household_count": event.household_count,
                "closed_count": closed.get(event, 0),
            }
            for event in events
        }

    def _get_category_line_values(self, tickets):
        """{('category', category id): values} of the categories that at
        least the center's threshold of households raised in the month, those
        of the most households first."""
        self.ensure_one()
        lines = []
        for category, group in (
            tickets.filtered("category_id").grouped("category_id").items()
        ):
            households = group.unit_id | group.co_unit_ids
            if len(households) >= self.household_threshold:
                lines.append(
                    {
                        "category_id": category.id,
                        "complaint_count": len(group),
                        "household_count": len(households),
                        "closed_count": len(group.filtered("closed")),
                    }
                )
        lines.sort(
            key=lambda values: (-values["household_count"], values["category_id"])
        )
        return {("category", values["category_id"]): values for values in lines}

    def _get_timeliness_values(self):
        self.ensure_one()
        record = self.env["property.complaint.timeliness"].search(
            [("team_id", "=", self.team_id.id), ("month", "=", self.month)], limit=1
        )
        return {
            "timeliness_measured": bool(record.clock_count),
            "timeliness_rate": record.rate,
            "timeliness_target": record.target
            if record
            else self.team_id.timeliness_target,
        }

    def _prepare_lines(self):
        """Count the month's complaints and find its matters: a line per
        collective event, then per category many households raised. A line
        already there keeps its title and text; one that no longer qualifies
        goes; one the center added itself (no event, no category) stays."""
        self.check_access("write")
        Line = self.env["property.complaint.service.report.line"]
        for report in self:
            tickets = self.env["helpdesk.ticket"].search_fetch(
                report._get_ticket_domain(),
                ["category_id", "unit_id", "co_unit_ids", "collective_event_id"],
            )
            events = report._get_events(tickets)
            found = report._get_event_line_values(events)
            # A collective event's complaints are told once, in its own line.
            found.update(
                report._get_category_line_values(
                    tickets.filtered(lambda t, e=events: t.collective_event_id not in e)
                )
            )
            existing = {line._get_key(): line for line in report.line_ids}
            # sudo: the counts and sources are the server's, never a user's
            # (decision fields); the user's right to change the report is
            # checked above.
            stale = report.line_ids.filtered(
                lambda line, f=found: line._get_key() and line._get_key() not in f
            )
            stale.sudo().unlink()
            new_lines = []
            for sequence, (key, values) in enumerate(found.items(), start=1):
                values["sequence"] = sequence
                line = existing.get(key)
                if line:
                    # An event's text for owners written since fills an empty line.
                    if not line.owner_text:
                        values["owner_text"] = Line._prepare_defaults(values)[
                            "owner_text"
                        ]
                    line.sudo().write(values)
                else:
                    new_lines.append(
                        {**Line._prepare_defaults(values), "report_id": report.id}
                    )
            Line.sudo().create(new_lines)
            report.sudo().write(
                {
                    "complaint_count": len(tickets),
                    "closed_count": self.env["helpdesk.ticket"].search_count(
                        [*report._get_ticket_domain(), ("closed", "=", True)]
                    ),
                    **report._get_timeliness_values(),
                }
            )


class PropertyComplaintServiceReportLine(models.Model):
    """One matter of the monthly report: a collective event or a category,
    with the counts the server found and what the center tells owners."""

    _name = "property.complaint.service.report.line"
    _description = "Matter of a monthly property service report"
    _inherit = ["property.complaint.decision.mixin"]
    _order = "report_id, sequence, id"

    report_id = fields.Many2one(
        "property.complaint.service.report",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    sequence = fields.Integer(default=100)
    event_id = fields.Many2one(
        "property.complaint.event", "Collective event", readonly=True
    )
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    title = fields.Char(
        "Matter", help="As owners read it: no household, owner or unit in it."
    )
    complaint_count = fields.Integer("Complaints", readonly=True)
    household_count = fields.Integer("Households", readonly=True)
    closed_count = fields.Integer("Closed", readonly=True)
    owner_text = fields.Text(
        "What was done (for owners)",
        help="What the service center did, written for the estate's owners: "
        "not the internal handling, and no household's personal data.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        reports = self.env["property.complaint.service.report"].browse(
            vals["report_id"] for vals in vals_list if vals.get("report_id")
        )
        reports._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.report_id._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self.report_id._check_draft()

    def _get_key(self):
        """What the line is about, as the report's preparation finds it."""
        self.ensure_one()
        if self.event_id:
            return ("event", self.event_id.id)
        if self.category_id:
            return ("category", self.category_id.id)
        return None

    def _get_source_name(self):
        self.ensure_one()
        return (
            self.title
            or self.event_id.name
            or self.category_id.name
            or self.env._("Matter")
        )

    @api.model
    def _prepare_defaults(self, values):
        """A new line's title and text: the event's own text for owners."""
        event = self.env["property.complaint.event"].browse(values.get("event_id"))
        category = self.env["helpdesk.ticket.category"].browse(
            values.get("category_id")
        )
        return {
            "title": event.name or category.name,
            "owner_text": event.owner_summary or False,
            **values,
        }
