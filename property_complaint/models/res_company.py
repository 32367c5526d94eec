from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_general_manager_id = fields.Many2one(
        "res.users",
        "General manager",
        help="Told of a collective complaint when the service-center manager "
        "so decides (4.5.1).",
    )
    complaint_retention_years = fields.Integer(
        "Complaint retention (years)",
        default=3,
        help="How many years after closure a complaint keeps its owner's "
        "personal data; then it is anonymised (PIPL art. 19). The owners' "
        "portal states it before they file.",
    )

    @api.constrains("complaint_retention_years")
    def _check_complaint_retention_years(self):
        if any(company.complaint_retention_years < 1 for company in self):
            raise ValidationError(
                self.env._(
                    "Complaints are kept at least one year after closure: set a "
                    "retention period of 1 year or more."
                )
            )
