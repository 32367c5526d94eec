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

    def _get_owned_units(self):
        """The units the contact, or the company it belongs to, owns."""
        return self.commercial_partner_id.property_unit_ids | self.property_unit_ids
