from datetime import datetime

from pytz import timezone

from odoo import fields, models

from odoo.addons.resource.models.utils import Intervals, float_to_time


class ResourceCalendar(models.Model):
    """Working time that also knows the weekend days worked instead of a
    holiday: Odoo's calendars have days off (leaves) but no extra days on."""

    _inherit = "resource.calendar"

    workday_ids = fields.One2many(
        "resource.calendar.workday", "calendar_id", "Make-up working days"
    )

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        tz = tz or timezone(self.tz or "UTC")
        workdays = self.workday_ids.filtered(
            lambda day: (
                start_dt.astimezone(tz).date()
                <= day.date
                <= end_dt.astimezone(tz).date()
            )
        )
        if not workdays:
            return result
        extra = Intervals(
            self._get_workday_intervals(workdays, start_dt, end_dt, tz, lunch)
        )
        return {
            resource_id: intervals | extra for resource_id, intervals in result.items()
        }

    def _get_workday_intervals(self, workdays, start_dt, end_dt, tz, lunch):
        """The working hours of each make-up day, those of the weekday it
        works as, within [start_dt, end_dt]."""
        self.ensure_one()
        attendances = self.attendance_ids.filtered(
            lambda a: (
                not a.resource_id
                and not a.display_type
                and (a.day_period == "lunch") == lunch
            )
        )
        intervals = []
        for workday in workdays:
            for attendance in attendances.filtered(
                lambda a, d=workday: a.dayofweek == d.dayofweek
            ):
                start = tz.localize(
                    datetime.combine(workday.date, float_to_time(attendance.hour_from))
                )
                stop = tz.localize(
                    datetime.combine(workday.date, float_to_time(attendance.hour_to))
                )
                start, stop = max(start, start_dt), min(stop, end_dt)
                if start < stop:
                    intervals.append((start, stop, attendance))
        return intervals
