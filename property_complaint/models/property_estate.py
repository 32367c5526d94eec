from odoo import api, fields, models


class PropertyEstate(models.Model):
    """A residential estate (小区), run by one service center."""

    _name = "property.estate"
    _description = "Estate"
    _inherit = ["mail.thread"]
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
