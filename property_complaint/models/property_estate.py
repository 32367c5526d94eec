import base64

from odoo import api, fields, models


class PropertyEstate(models.Model):
    """A residential estate (小区), run by one service center."""

    _name = "property.estate"
    _description = "Estate"
    _inherit = ["mail.thread", "property.complaint.holder.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(help="Short code printed on the estate's forms.", tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    street = fields.Char(string="Address")
    building_ids = fields.One2many("property.building", "estate_id", "Buildings")
    unit_ids = fields.One2many("property.unit", "estate_id", "Units")
    team_ids = fields.One2many(
        "helpdesk.ticket.team", "estate_id", string="Service centers"
    )
    building_count = fields.Integer(compute="_compute_counts")
    unit_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "An estate code is unique within a company.",
        ),
    ]

    @api.depends("building_ids", "unit_ids")
    def _compute_counts(self):
        buildings = dict(
            self.env["property.building"]._read_group(
                [("estate_id", "in", self.ids)], ["estate_id"], ["__count"]
            )
        )
        units = dict(
            self.env["property.unit"]._read_group(
                [("estate_id", "in", self.ids)], ["estate_id"], ["__count"]
            )
        )
        for estate in self:
            estate.building_count = buildings.get(estate, 0)
            estate.unit_count = units.get(estate, 0)

    def _get_held_complaint_domain(self):
        return [("estate_id", "in", self.ids)]

    @api.model
    def _cron_send_monthly_statistics(self):
        """On the first days of a month, send last month's statistics to the
        quality department, once per company and month."""
        Statistics = self.env["property.complaint.statistics"]
        month = Statistics._get_previous_month(fields.Date.context_today(self))
        # sudo: the cron's bookkeeping of sent months is a system parameter.
        params = self.env["ir.config_parameter"].sudo()
        estates = self.search([("company_id", "!=", False)])
        for company, company_estates in estates.grouped("company_id").items():
            key = f"property_complaint.statistics_sent.{company.id}"
            if params.get_param(key) == str(month):
                continue
            # Marked sent only once someone got it: a quality department set
            # up later in the month still receives it.
            if company_estates._send_monthly_statistics(month):
                params.set_param(key, str(month))

    def _send_monthly_statistics(self, month):
        """E-mail the statistics of these estates for `month` to the quality
        department."""
        quality = self.env.ref("property_complaint.group_complaint_quality").users
        recipients = quality.filtered(
            lambda user: user.company_id in self.company_id
        ).partner_id
        mails = self.env["mail.mail"]
        # Each reader gets the mail and the workbook in their own language.
        for lang, readers in recipients.grouped(
            lambda partner: partner.lang or self.env.lang
        ).items():
            mails |= self.with_context(lang=lang)._prepare_statistics_mail(
                month, readers
            )
        return mails

    def _prepare_statistics_mail(self, month, recipients):
        content, _ext = self.env["ir.actions.report"]._render_xlsx(
            "property_complaint.action_report_monthly_statistics_xlsx",
            self.ids,
            {"month": fields.Date.to_string(month), "estate_ids": self.ids},
        )
        name = self.env._("Complaint statistics %s", month.strftime("%Y-%m"))
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "datas": base64.b64encode(content),
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return self.env["mail.mail"].create(
            {
                "subject": name,
                "body_html": self.env._(
                    "<p>The monthly complaint statistics of %s are attached.</p>",
                    ", ".join(self.mapped("name")),
                ),
                "recipient_ids": [fields.Command.set(recipients.ids)],
                "attachment_ids": [fields.Command.set(attachment.ids)],
            }
        )
