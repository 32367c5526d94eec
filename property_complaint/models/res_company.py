from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_general_manager_id = fields.Many2one(
        "res.users",
        "General manager",
        help="Told of a collective complaint when the service-center manager "
        "so decides (4.5.1).",
    )
