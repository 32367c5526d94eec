from odoo import fields, models


class PropertyComplaintEvent(models.Model):
    """One event that several households of an estate complain about (4.1.4)."""

    _name = "property.complaint.event"
    _description = "Collective complaint event"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, tracking=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True)
    description = fields.Html()
    ticket_ids = fields.One2many("helpdesk.ticket", "collective_event_id", "Complaints")
