from odoo import fields, models


class PropertyBuilding(models.Model):
    _name = "property.building"
    _description = "Building"
    _inherit = ["property.complaint.holder.mixin"]
    _order = "estate_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    estate_id = fields.Many2one(
        "property.estate", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="estate_id.company_id", store=True)
    unit_ids = fields.One2many("property.unit", "building_id", "Units")

    _sql_constraints = [
        (
            "name_estate_uniq",
            "unique(name, estate_id)",
            "A building name is unique within its estate.",
        ),
    ]

    def _compute_display_name(self):
        for building in self:
            building.display_name = (
                f"{building.estate_id.name} {building.name}"
                if building.estate_id
                else building.name
            )

    def _get_held_complaint_domain(self):
        return [("building_id", "in", self.ids)]
