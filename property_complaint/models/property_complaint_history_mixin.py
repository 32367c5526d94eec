from odoo import models


class PropertyComplaintHistoryMixin(models.AbstractModel):
    """A record without a chatter of its own (an owner contact, a home
    visit) whose tracked fields change in the history of the record it
    belongs to, as tracking values like that record's own."""

    _name = "property.complaint.history.mixin"
    _description = "Tracked in a complaint's history"

    def _valid_field_parameter(self, field, name):
        # `tracking`, as on mail.thread: tracked in the parent's history.
        return name == "tracking" or super()._valid_field_parameter(field, name)

    def write(self, vals):
        tracked = [
            name for name in vals if getattr(self._fields.get(name), "tracking", None)
        ]
        initial = {
            record.id: {name: record[name] for name in tracked} for record in self
        }
        result = super().write(vals)
        if tracked:
            self._log_changes_in_history(tracked, initial)
        return result

    def _get_history_thread(self):
        """The record whose chatter holds this one's history."""
        self.ensure_one()
        raise NotImplementedError

    def _log_changes_in_history(self, names, initial_values):
        tracked_fields = self.fields_get(names)
        title = self.env["ir.model"]._get(self._name).name
        for record in self:
            __, tracking = record._mail_track(tracked_fields, initial_values[record.id])
            if tracking:
                record._get_history_thread()._message_log(
                    body=self.env._("%(what)s changed", what=title),
                    tracking_value_ids=tracking,
                )
