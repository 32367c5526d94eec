from odoo import api, fields, models


class PropertyComplaintTimeliness(models.Model):
    """A service center's timeliness rate of one month (4.4.10), kept up to
    date as clocks are decided, so dashboards and reports read it at once."""

    _name = "property.complaint.timeliness"
    _description = "Timeliness rate"
    _order = "month desc, team_id"
    _rec_name = "team_id"

    team_id = fields.Many2one(
        "helpdesk.ticket.team", "Service center", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    month = fields.Date(required=True, help="The month's first day.")
    clock_count = fields.Integer("Decided clocks")
    met_count = fields.Integer("Met on time")
    rate = fields.Float("Timeliness rate (%)", aggregator="avg")
    target = fields.Float("Target (%)")
    below_target = fields.Boolean(compute="_compute_below_target", store=True)
    manager_told_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "team_month_uniq",
            "unique(team_id, month)",
            "One timeliness record per service center and month.",
        ),
    ]

    @api.depends("rate", "target", "clock_count")
    def _compute_below_target(self):
        for record in self:
            record.below_target = (
                bool(record.clock_count) and record.rate < record.target
            )

    @api.model
    def _refresh_for_clocks(self, clocks):
        """Recount the months of these clocks' service centers."""
        keys = {
            (clock.team_id, clock.team_id._get_month_of(clock.due_at))
            for clock in clocks
            if clock.team_id and clock.state in ("met", "breached")
        }
        for team, month in keys:
            self._refresh(team, month)

    @api.model
    def _refresh(self, team, month):
        """A clock counts in the month it fell due; met ones count as on time."""
        start, end = team._get_month_bounds(month)
        counts = dict(
            self.env["property.complaint.clock"]._read_group(
                [
                    ("team_id", "=", team.id),
                    ("due_at", ">=", start),
                    ("due_at", "<", end),
                    ("state", "in", ("met", "breached")),
                ],
                ["state"],
                ["__count"],
            )
        )
        total = counts.get("met", 0) + counts.get("breached", 0)
        values = {
            "clock_count": total,
            "met_count": counts.get("met", 0),
            "rate": 100.0 * counts.get("met", 0) / total if total else 100.0,
            "target": team.timeliness_target,
        }
        record = self.search([("team_id", "=", team.id), ("month", "=", month)])
        if record:
            record.write(values)
        else:
            record = self.create({"team_id": team.id, "month": month, **values})
        record._tell_manager_below_target()
        return record

    def _tell_manager_below_target(self):
        """Once a month, the manager hears the rate dropped below target."""
        for record in self.filtered(lambda r: r.below_target and not r.manager_told_at):
            manager = record.team_id.manager_id
            if not manager:
                continue
            record.team_id.message_post(
                body=self.env._(
                    "The timeliness rate of %(team)s for %(month)s is %(rate).1f %%, "
                    "below the target of %(target).1f %%.",
                    team=record.team_id.name,
                    month=record.month.strftime("%Y-%m"),
                    rate=record.rate,
                    target=record.target,
                ),
                partner_ids=manager.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            record.manager_told_at = fields.Datetime.now()
