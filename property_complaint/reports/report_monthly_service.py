from odoo import api, fields, models


class ReportMonthlyService(models.AbstractModel):
    """月度物业服务报告: for the owners of an estate, the month's complaints
    touching many owners' shared interests and what was done (4.6). It names
    no complainant: categories, counts and events only."""

    _name = "report.property_complaint.report_monthly_service"
    _description = "Monthly property service report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        estates = self.env["property.estate"].browse(data.get("estate_ids") or docids)
        month = fields.Date.to_date(data.get("month")) or fields.Date.context_today(
            self
        ).replace(day=1)
        return {
            "doc_ids": estates.ids,
            "doc_model": "property.estate",
            "docs": estates,
            "month": month,
            "sections": {
                estate.id: self._get_section(estate, month) for estate in estates
            },
        }

    @api.model
    def _get_section(self, estate, month):
        Statistics = self.env["property.complaint.statistics"]
        domain = Statistics._get_ticket_domain(estate, month)
        Ticket = self.env["helpdesk.ticket"]
        closed = dict(
            Ticket._read_group(
                [*domain, ("closed", "=", True)], ["category_id"], ["__count"]
            )
        )
        common = [
            {
                "category": category.name or self.env._("Other"),
                "count": count,
                "households": households,
                "closed": closed.get(category, 0),
            }
            for category, count, households in Ticket._read_group(
                domain, ["category_id"], ["__count", "unit_id:count_distinct"]
            )
        ]
        start, end = Statistics._get_month_bounds(estate, month)
        events = self.env["property.complaint.event"].search(
            [
                ("estate_id", "=", estate.id),
                ("create_date", "<", end),
                "|",
                ("state", "=", "open"),
                ("replied_at", ">=", start),
            ]
        )
        return {
            "total": Ticket.search_count(domain),
            "closed": Ticket.search_count([*domain, ("closed", "=", True)]),
            "common": sorted(common, key=lambda row: -row["households"]),
            "events": events,
            "hotline": estate.team_ids[:1].hotline,
        }
