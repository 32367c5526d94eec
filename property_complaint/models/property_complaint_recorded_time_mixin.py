from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

TOLERANCE_PARAMETER = "property_complaint.recorded_time_tolerance_minutes"
# Used when the system parameter shipped in the data was removed.
DEFAULT_TOLERANCE_MINUTES = 5


class PropertyComplaintRecordedTimeMixin(models.AbstractModel):
    """Times staff record on a complaint, checked as they are entered.

    What happened (received, contacted, replied, visited, reported...)
    happened neither before the complaint was received nor later than now;
    a reply time agreed with the owner may lie ahead, but not before the
    complaint was received. "Now" allows a few minutes (the tolerance, a
    system parameter) for the clocks of phones and desks that differ.
    """

    _name = "property.complaint.recorded.time.mixin"
    _description = "Times recorded on a complaint"

    @api.constrains(
        lambda self: [
            *self._get_recorded_time_fields(),
            *self._get_agreed_time_fields(),
        ]
    )
    def _check_recorded_times(self):
        latest = fields.Datetime.now() + self._get_recorded_time_tolerance()
        happened = self._get_recorded_time_fields()
        for record in self:
            for name in [*happened, *self._get_agreed_time_fields()]:
                moment = record[name]
                if not moment:
                    continue
                for ticket in record._get_recorded_time_complaints():
                    if name in happened and moment > latest:
                        raise ValidationError(
                            self.env._(
                                "%(field)s of complaint %(number)s cannot be in "
                                "the future (%(time)s): record when it happened.",
                                field=record._get_field_label(name),
                                number=ticket.number,
                                time=ticket._format_in_team_tz(moment),
                            )
                        )
                    if ticket.received_at and moment < ticket.received_at:
                        raise ValidationError(
                            self.env._(
                                "%(field)s of complaint %(number)s (%(time)s) "
                                "cannot be before the complaint was received "
                                "(%(received)s).",
                                field=record._get_field_label(name),
                                number=ticket.number,
                                time=ticket._format_in_team_tz(moment),
                                received=ticket._format_in_team_tz(ticket.received_at),
                            )
                        )

    def _get_recorded_time_fields(self):
        """The fields holding when something happened on the complaint."""
        return []

    def _get_agreed_time_fields(self):
        """The fields holding a time agreed for later."""
        return []

    def _get_recorded_time_complaints(self):
        """The complaints this record's times belong to."""
        self.ensure_one()
        return self.env["helpdesk.ticket"]

    @api.model
    def _get_recorded_time_tolerance(self):
        # A system parameter, which desk users may not read themselves.
        minutes = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(TOLERANCE_PARAMETER, DEFAULT_TOLERANCE_MINUTES)
        )
        return timedelta(minutes=float(minutes))

    def _get_field_label(self, name):
        return self._fields[name]._description_string(self.env)
