from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        compute="_compute_complaint_team_ids",
        string="Service centers worked in",
        help="The service centers whose complaints the user handles: those "
        "whose team lists the user (member, supervisor, manager), and every "
        "center of the user's companies for administrators.",
    )
    complaint_read_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        compute="_compute_complaint_team_ids",
        string="Service centers read",
        help="The service centers whose complaints the user reads: those worked "
        "in, and every center of the user's companies for the quality "
        "department.",
    )

    @api.depends("groups_id", "company_ids")
    def _compute_complaint_team_ids(self):
        # sudo: record rules read these fields to decide what the user may
        # see, so they cannot be found through the user's own rules (nor those
        # of the company selected at the moment).
        centers = (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .with_context(active_test=False)
            .search([("estate_id", "!=", False)])
        )
        for user in self:
            staffed = centers.filtered(lambda team, u=user: u in team._get_staff())
            company_centers = centers.filtered(
                lambda team, u=user: (
                    not team.company_id or team.company_id in u.company_ids
                )
            )
            worked = staffed
            if user._is_complaint_scope("configure"):
                worked |= company_centers
            user.complaint_team_ids = worked
            user.complaint_read_team_ids = (
                worked | company_centers if user._is_complaint_scope("read") else worked
            )

    def _get_complaint_scope_groups(self):
        """The groups whose users reach every service center of their
        companies, by what they reach it for: `configure` also lets them
        change complaints, `read` only read them."""
        return {
            "configure": [
                "property_complaint.group_complaint_admin",
                "base.group_system",
            ],
            "read": ["property_complaint.group_complaint_quality"],
        }

    def _is_complaint_scope(self, scope):
        self.ensure_one()
        return any(
            self.has_group(xmlid) for xmlid in self._get_complaint_scope_groups()[scope]
        )

    def write(self, vals):
        result = super().write(vals)
        if "helpdesk_team_ids" in vals:
            # Joining a team from the user's side changes what the rules let
            # the user see, as joining it from the team's side does.
            self.env["helpdesk.ticket.team"]._clear_complaint_scope_cache()
        return result
