from odoo import fields, models


class PropertyComplaintStatisticsWizard(models.TransientModel):
    """Choose the month and estates of the monthly statistics (XLSX), or
    open the month's monthly property service reports to the owners."""

    _name = "property.complaint.statistics.wizard"
    _description = "Monthly complaint reports"

    month = fields.Date(
        required=True,
        default=lambda self: self.env[
            "property.complaint.statistics"
        ]._get_previous_month(fields.Date.context_today(self)),
        help="Any day of the month.",
    )
    estate_ids = fields.Many2many(
        "property.estate",
        string="Estates",
        required=True,
        default=lambda self: self.env["property.estate"].search(
            [("company_id", "in", self.env.companies.ids)]
        ),
    )

    def _prepare_report_data(self):
        self.ensure_one()
        return {
            "month": fields.Date.to_string(self.month.replace(day=1)),
            "estate_ids": self.estate_ids.ids,
        }

    def action_export_statistics(self):
        return self.env.ref(
            "property_complaint.action_report_monthly_statistics_xlsx"
        ).report_action(self.estate_ids, data=self._prepare_report_data())

    def action_open_service_reports(self):
        """The month's monthly property service reports of the estates: the
        owners' report is a record the center writes and publishes."""
        self.ensure_one()
        month = self.month.replace(day=1)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_complaint.property_complaint_service_report_action"
        )
        action["domain"] = [
            ("month", "=", fields.Date.to_string(month)),
            ("estate_id", "in", self.estate_ids.ids),
        ]
        action["context"] = {"default_month": fields.Date.to_string(month)}
        return action


class PropertyComplaintDutyLogWizard(models.TransientModel):
    _name = "property.complaint.duty.log.wizard"
    _description = "Duty log"

    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Service centers",
        required=True,
        domain=[("estate_id", "!=", False)],
        default=lambda self: self.env["helpdesk.ticket.team"].search(
            [("estate_id", "!=", False), ("company_id", "in", self.env.companies.ids)]
        ),
    )
    date = fields.Date(required=True, default=fields.Date.context_today)

    def action_print(self):
        self.ensure_one()
        return self.env.ref("property_complaint.action_report_duty_log").report_action(
            self.team_ids,
            data={
                "team_ids": self.team_ids.ids,
                "date": fields.Date.to_string(self.date),
            },
        )
