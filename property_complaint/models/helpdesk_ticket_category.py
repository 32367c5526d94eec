from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    """A complaint category names the post responsible for it (4.3)."""

    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "property.complaint.holder.mixin"]
    _complaint_holder_archivable = True

    responsible_post = fields.Char(
        translate=True, help="The post that handles this category, e.g. Engineering."
    )
    responsible_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_category_responsible_rel",
        "category_id",
        "user_id",
        string="Notified staff",
        help="Notified when a complaint of this category needs the record form.",
    )

    def _get_held_complaint_domain(self):
        return [("category_id", "in", self.ids)]
