from odoo import api, models


class IrAttachment(models.Model):
    """The scanned letter and the owner's signature of a signed-off record
    form are frozen with it; its chatter still takes attachments."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        ticket_ids = [
            vals.get("res_id")
            for vals in vals_list
            if vals.get("res_model") == "helpdesk.ticket" and vals.get("res_field")
        ]
        if ticket_ids:
            self._search_locked_tickets(
                [("id", "in", ticket_ids)]
            )._check_form_not_locked()
        return super().create(vals_list)

    def write(self, vals):
        self._get_locked_tickets()._check_form_not_locked()
        result = super().write(vals)
        if {"res_model", "res_id", "res_field"} & set(vals):
            self._get_locked_tickets()._check_form_not_locked()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_form(self):
        self._get_locked_tickets()._check_form_not_locked()

    def _get_locked_tickets(self):
        """The signed-off record forms these attachments are part of: as their
        scanned letter, or as a binary field such as the owner's signature."""
        if not self:
            return self.env["helpdesk.ticket"]
        field_ticket_ids = [
            attachment.res_id
            for attachment in self.sudo()
            if attachment.res_model == "helpdesk.ticket" and attachment.res_field
        ]
        return self._search_locked_tickets(
            [
                "|",
                ("letter_attachment_ids", "in", self.ids),
                ("id", "in", field_ticket_ids),
            ]
        )

    def _search_locked_tickets(self, domain):
        # Every path counts, the ORM's own sudo writes of binary fields
        # included, whoever may read the ticket: searched as superuser.
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search([("signed_off_at", "!=", False), *domain])
        )
