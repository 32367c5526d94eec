from odoo import api, models
from odoo.exceptions import AccessError


class PropertyComplaintDecisionMixin(models.AbstractModel):
    """Fields that record the procedure's decisions and the server's own figures.

    The review, the sign-off, the stamps the clocks start from and the stored
    computations (estate, channel type, next deadline...) are what the quality
    records and the timeliness rate rest on. The ORM does not enforce a field's
    ``readonly`` on ``write()`` or ``create()``, so this mixin does: a stored
    field of this addon that is read-only and has no inverse is set only by the
    action or computation that owns it, never by a caller's values, whatever
    the form or the external API sends.
    """

    _name = "property.complaint.decision.mixin"
    _description = "Decisions set by their actions only"

    @api.model
    def _get_decision_fields(self):
        """The fields no caller may set: read-only stored fields of this addon."""
        return {
            name
            for name, field in self._fields.items()
            if field.store
            and field.readonly
            and not field.inverse
            and field._module == "property_complaint"
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._check_decision_values(set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._check_decision_values(vals)
        return super().write(vals)

    @api.model
    def _check_decision_values(self, names):
        # The actions and the server's own computations write as superuser.
        if self.env.su:
            return
        refused = self._get_decision_fields() & set(names)
        if refused:
            labels = sorted(
                self._fields[name]._description_string(self.env) for name in refused
            )
            raise AccessError(
                self.env._(
                    "%s: recorded by the procedure's own actions and by the "
                    "server, never written directly.",
                    ", ".join(labels),
                )
            )

    def _write_decision(self, vals):
        """Record what an action decided, once it has checked who may decide.

        The caller must be allowed to change these records at all: their own
        rights are checked first, then the values are written as superuser.
        """
        self.check_access("write")
        # sudo: decision fields refuse every user's write(); the calling action
        # has checked that this user takes this decision on these records.
        return self.sudo().write(vals)
