from odoo import api, fields, models
from odoo.osv import expression


class PropertyUnit(models.Model):
    """A unit (room): one household."""

    _name = "property.unit"
    _description = "Unit"
    _inherit = ["mail.thread", "property.complaint.holder.mixin"]
    _order = "estate_id, building_id, name"

    name = fields.Char(
        "Unit number", required=True, tracking=True, help="For example 2-1-301."
    )
    active = fields.Boolean(default=True)
    building_id = fields.Many2one(
        "property.building", required=True, ondelete="restrict", index=True
    )
    estate_id = fields.Many2one(
        related="building_id.estate_id", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one(related="estate_id.company_id", store=True)
    floor_area = fields.Float("Floor area (m²)")
    owner_ids = fields.Many2many(
        "res.partner",
        "property_unit_owner_rel",
        "unit_id",
        "partner_id",
        string="Owners",
        tracking=True,
    )
    ticket_ids = fields.One2many("helpdesk.ticket", "unit_id", "Complaints")
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    _sql_constraints = [
        (
            "name_building_uniq",
            "unique(name, building_id)",
            "A unit number is unique within its building.",
        ),
    ]

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
        )
        for unit in self:
            unit.ticket_count = counts.get(unit, 0)

    @api.depends("name", "building_id.name", "estate_id.name")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = " ".join(
                part
                for part in (unit.estate_id.name, unit.building_id.name, unit.name)
                if part
            )

    @api.model
    def _search_display_name(self, operator, value):
        """The desk finds a unit by its number, its owner's name or phone."""
        if operator not in ("ilike", "=ilike", "like", "=like", "=") or not value:
            return super()._search_display_name(operator, value)
        return expression.OR(
            [
                [("name", operator, value)],
                [("building_id.name", operator, value)],
                [("owner_ids.name", operator, value)],
                [("owner_ids.phone", operator, value)],
                [("owner_ids.mobile", operator, value)],
            ]
        )

    def _get_held_complaint_domain(self):
        # A household that joined another's complaint holds it too.
        return ["|", ("unit_id", "in", self.ids), ("co_unit_ids", "in", self.ids)]
