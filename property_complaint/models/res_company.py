from odoo import fields, models


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
        help="How many years after closure a complaint keeps the owner's personal "
        "data (PIPL art. 19); the owners' portal states it before they file.",
    )
