from odoo import api, fields, models


class ReportDutyLog(models.AbstractModel):
    """值班记录表: every complaint a service center received on one day, with
    the owners' opinions on what was fixed on the spot (4.3, 4.7.1)."""

    _name = "report.property_complaint.report_duty_log"
    _description = "Duty log"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        teams = self.env["helpdesk.ticket.team"].browse(data.get("team_ids") or docids)
        day = fields.Date.to_date(data.get("date")) or fields.Date.context_today(self)
        return {
            "doc_ids": teams.ids,
            "doc_model": "helpdesk.ticket.team",
            "docs": teams,
            "day": day,
            "tickets_by_team": {
                team.id: self._get_tickets(team, day) for team in teams
            },
        }

    @api.model
    def _get_tickets(self, team, day):
        start, end = team._get_day_bounds(day)
        return self.env["helpdesk.ticket"].search(
            [
                ("team_id", "=", team.id),
                ("received_at", ">=", start),
                ("received_at", "<", end),
            ],
            order="received_at, id",
        )
