from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_unit_ids = fields.Many2many(
        "property.unit",
        "property_unit_owner_rel",
        "partner_id",
        "unit_id",
        string="Units owned",
    )
