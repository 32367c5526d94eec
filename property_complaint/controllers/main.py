from werkzeug.utils import redirect

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers import main

# Where a refused closure waits to be shown on the ticket page.
CLOSE_ERROR_KEY = "property_complaint_close_error"


def to_id(value):
    """A record id from a form value; 0 for anything else."""
    return int(value) if str(value or "").isdigit() else 0


class HelpdeskTicketController(main.HelpdeskTicketController):
    """helpdesk_mgmt's portal routes act with sudo: here they first check who
    asks. An owner closes only a ticket the owner may read, and files only with
    the owner's own service center."""

    @http.route(methods=["POST"])
    def support_ticket_close(self, **kw):
        ticket = request.env["helpdesk.ticket"].browse(to_id(kw.get("ticket_id")))
        try:
            # The portal's rule: the owner's tickets and those the owner follows.
            ticket.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        stage = request.env["helpdesk.ticket.stage"].browse(to_id(kw.get("stage_id")))
        try:
            # sudo: owners only read tickets; the owner's access is checked above
            # and _close_from_portal allows nothing but the portal's closing stages.
            ticket.sudo()._close_from_portal(stage)
        except UserError as error:
            request.session[CLOSE_ERROR_KEY] = {
                "ticket_id": ticket.id,
                "message": str(error),
            }
        return redirect(f"/my/ticket/{ticket.id}")

    def _get_teams(self):
        return super()._get_teams()._filter_open_to_owner(request.env.user.partner_id)

    @http.route()
    def submit_ticket(self, **kw):
        error = self._get_submit_ticket_error(**kw)
        if error:
            values = self._get_create_new_ticket_values(**kw)
            values["error_message"] = error
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        return super().submit_ticket(**kw)

    def _get_submit_ticket_error(self, **kw):
        """Why the owner may not file this ticket, or None: its team must be one
        the form offers the owner, its category one the portal offers for it."""
        team = request.env["helpdesk.ticket.team"].browse(to_id(kw.get("team")))
        if kw.get("team") and team not in self._get_teams():
            return request.env._(
                "You can only file a ticket with the service center of your own "
                "estate. Choose it in the list."
            )
        category = request.env["helpdesk.ticket.category"].browse(
            to_id(kw.get("category"))
        )
        if kw.get("category") and not self._is_category_offered(category, team):
            return request.env._(
                "This category is not offered for your ticket. Choose one in the list."
            )
        return None

    def _is_category_offered(self, category, team):
        """Whether the portal offers the category for the team: helpdesk_mgmt
        takes a category even when its form shows none, so the test is the
        portal's categories (the user's companies), not the form's list."""
        offered = request.env["helpdesk.ticket.category"].search(
            [("show_in_portal", "=", True)]
        )
        if category not in offered:
            return False
        # A company's category is for its own service centers only.
        return (
            not (team and category.company_id) or category.company_id == team.company_id
        )
