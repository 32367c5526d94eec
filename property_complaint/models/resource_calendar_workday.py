from odoo import fields, models


class ResourceCalendarWorkday(models.Model):
    """A weekend day that is a working day (调休上班), as China's public
    holiday schedule makes them each year: the days off are the calendar's
    global leaves, these are the days worked in exchange."""

    _name = "resource.calendar.workday"
    _description = "Make-up working day"
    _order = "date"

    calendar_id = fields.Many2one(
        "resource.calendar", "Working time", required=True, ondelete="cascade"
    )
    date = fields.Date(required=True)
    name = fields.Char("Reason", help="e.g. the holiday it makes up for.")
    dayofweek = fields.Selection(
        selection=lambda self: (
            self.env["resource.calendar.attendance"]._fields["dayofweek"].selection
        ),
        string="Works as",
        required=True,
        default="0",
        help="The weekday whose working hours apply on this day.",
    )

    _sql_constraints = [
        (
            "calendar_date_uniq",
            "unique(calendar_id, date)",
            "A day is a make-up working day of a working time only once.",
        ),
    ]
