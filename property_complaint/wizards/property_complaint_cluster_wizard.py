from odoo import Command, api, fields, models


class PropertyComplaintClusterWizard(models.TransientModel):
    """The suggested clusters of a service center: complaints of one category
    from several households within the window, not yet linked to an event."""

    _name = "property.complaint.cluster.wizard"
    _description = "Suggested collective complaint clusters"

    team_id = fields.Many2one("helpdesk.ticket.team", "Service center", required=True)
    line_ids = fields.One2many(
        "property.complaint.cluster.wizard.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("team_id")
    def _compute_line_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for wizard in self:
            clusters = Ticket._find_collective_clusters(wizard.team_id)
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "category_id": tickets.category_id.id,
                        "ticket_ids": [Command.set(tickets.ids)],
                    }
                )
                for tickets in clusters
            ]


class PropertyComplaintClusterWizardLine(models.TransientModel):
    _name = "property.complaint.cluster.wizard.line"
    _description = "Suggested collective complaint cluster"

    wizard_id = fields.Many2one(
        "property.complaint.cluster.wizard", required=True, ondelete="cascade"
    )
    category_id = fields.Many2one("helpdesk.ticket.category")
    ticket_ids = fields.Many2many("helpdesk.ticket", string="Complaints")
    household_count = fields.Integer(compute="_compute_household_count")

    @api.depends("ticket_ids")
    def _compute_household_count(self):
        for line in self:
            line.household_count = len(
                line.ticket_ids.unit_id | line.ticket_ids.co_unit_ids
            )

    def action_link(self):
        """Link the cluster's complaints into one event."""
        self.ensure_one()
        return self.ticket_ids._link_into_event()._get_form_action()
