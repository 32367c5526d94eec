from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team is a service center (服务中心) when it runs an estate."""

    _inherit = "helpdesk.ticket.team"

    estate_id = fields.Many2one(
        "property.estate", tracking=True, help="The estate this service center runs."
    )
    supervisor_ids = fields.Many2many(
        "res.users",
        "helpdesk_team_supervisor_rel",
        "team_id",
        "user_id",
        string="Supervisors",
        help="Customer-service supervisors: they track and review complaints.",
    )
    manager_id = fields.Many2one(
        "res.users",
        "Service-center manager",
        tracking=True,
        help="Supervises the center, owns collective events, signs record forms.",
    )
    hotline = fields.Char(
        "24-hour hotline", tracking=True, help="Shown wherever owners see the center."
    )
    tz = fields.Selection(
        _tz_get,
        "Time zone",
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
        help="Deadlines such as 'the same day' are counted in this time zone.",
    )

    @api.constrains("estate_id", "manager_id", "supervisor_ids")
    def _check_service_center_staff(self):
        for team in self.filtered("estate_id"):
            if not team.manager_id:
                raise ValidationError(
                    self.env._(
                        "Service center %s runs an estate: it needs a manager.",
                        team.name,
                    )
                )

    def _get_default_supervisor(self):
        """The supervisor a new complaint of this center goes to (none if empty)."""
        return self.supervisor_ids[:1]
