from odoo import api, models
from odoo.exceptions import UserError


class PropertyComplaintHolderMixin(models.AbstractModel):
    """What complaints belong to: a service center, an estate, a building, a
    unit. Archiving or deleting one would take its complaints out of the
    quality records and the statistics, so it is refused while it has some."""

    _name = "property.complaint.holder.mixin"
    _description = "Holder of complaints"
    # A category may be retired (archived) and still name its complaints;
    # only its deletion would empty them.
    _complaint_holder_archivable = False

    def write(self, vals):
        if (
            not self._complaint_holder_archivable
            and "active" in vals
            and not vals["active"]
        ):
            self._check_holds_no_complaint()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_holds_complaint(self):
        self._check_holds_no_complaint()

    def _get_held_complaint_domain(self):
        """The complaints that belong to these records."""
        raise NotImplementedError

    def _get_held_complaints(self, limit=None):
        # Every complaint counts, archived ones and those of centers the user
        # cannot read: sudo and active_test=False.
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("is_complaint", "=", True), *self._get_held_complaint_domain()],
                limit=limit,
            )
        )

    def _check_holds_no_complaint(self):
        complaints = self._get_held_complaints(limit=5)
        if complaints:
            raise UserError(
                self.env._(
                    "%(records)s cannot be archived or deleted: complaints "
                    "%(numbers)s belong to it, and complaints are kept as quality "
                    "records.",
                    records=", ".join(self.mapped("display_name")),
                    numbers=", ".join(complaints.mapped("number")),
                )
            )
