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

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        units = self._get_owner_units()
        # sudo: owners cannot read service centers; their hotline and the
        # company's retention period are what the notice shows.
        centers = units.estate_id.team_ids.sudo()
        if units:
            values["categories"] = self._get_owner_categories(values["categories"])
        values.update(
            {
                "units": units,
                # What the owner typed, shown again when the form is refused.
                "form_values": kw,
                "hotline_centers": centers.filtered("hotline"),
                "retention_notice": request.env._(
                    "They are kept for %s years after the complaint is closed, "
                    "then anonymised.",
                    (
                        centers.company_id[:1] or request.env.company
                    ).complaint_retention_years,
                ),
            }
        )
        return values

    def _get_owner_categories(self, categories):
        """The categories an owner chooses from: the complaint categories,
        which name the post responsible for them (4.3), not the helpdesk's
        others (helpdesk_mgmt's own IT categories, say)."""
        return categories.filtered("responsible_post")

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        vals["requested_remedy"] = kw.get("requested_remedy") or False
        unit = self._get_chosen_unit(**kw)
        if unit:
            vals["unit_id"] = unit.id
            if not vals.get("team_id"):
                # The complaint goes to the service center of the unit's estate.
                team = unit.estate_id.team_ids[:1]
                vals.update(
                    {
                        "team_id": team.id,
                        "company_id": team.company_id.id,
                        "stage_id": team._get_applicable_stages()[:1].id,
                    }
                )
        return vals

    def _get_chosen_team(self, **kw):
        return request.env["helpdesk.ticket.team"].browse(to_id(kw.get("team")))

    def _get_owner_units(self):
        """The units of the owner's household, the ones the owner files for."""
        # sudo: owners cannot read units (staff data); these are their own.
        return request.env.user.partner_id.sudo()._get_owned_units()

    def _get_chosen_unit(self, **kw):
        """The owner's unit the complaint is about: the one chosen, or the
        owner's only unit (of the chosen service center, if any)."""
        team = self._get_chosen_team(**kw)
        # sudo: which estate a team runs is not the owner's to read.
        estate = team.sudo().estate_id
        if team and not estate:
            # A team that is not a service center: its tickets are no unit's.
            return request.env["property.unit"]
        units = self._get_owner_units()
        if kw.get("unit"):
            return units.filtered(lambda unit: unit.id == to_id(kw["unit"]))
        if estate:
            units = units.filtered(lambda unit: unit.estate_id == estate)
        return units if len(units) == 1 else units.browse()

    def _get_submit_ticket_error(self, **kw):
        """Why the owner may not file this ticket, or None: its team must be one
        the form offers the owner, its category one the portal offers for it."""
        team = self._get_chosen_team(**kw)
        if kw.get("team") and team not in self._get_teams():
            return request.env._(
                "You can only file a ticket with the service center of your own "
                "estate. Choose it in the list."
            )
        unit_error = self._get_unit_error(**kw)
        if unit_error:
            return unit_error
        category = request.env["helpdesk.ticket.category"].browse(
            to_id(kw.get("category"))
        )
        if kw.get("category") and not self._is_category_offered(category, team):
            return request.env._(
                "This category is not offered for your ticket. Choose one in the list."
            )
        return None

    def _get_unit_error(self, **kw):
        """Why the unit chosen cannot be the complaint's, or None: it must be
        one of the owner's, of the chosen service center's estate; an owner of
        several units says which one."""
        team = self._get_chosen_team(**kw)
        # sudo: which estate a team runs is not the owner's to read.
        estate = team.sudo().estate_id
        if team and not estate:
            return None
        unit = self._get_chosen_unit(**kw)
        if kw.get("unit") and not unit:
            return request.env._(
                "This unit is not one of yours. Choose one of your units in the list."
            )
        if unit and estate and unit.estate_id != estate:
            return request.env._(
                "Unit %(unit)s is not looked after by this service center. "
                "Choose the unit's own service center.",
                unit=unit.display_name,
            )
        if not unit and self._get_owner_units() and (estate or not team):
            return request.env._("Choose the unit your complaint is about.")
        return None

    def _is_category_offered(self, category, team):
        """Whether the portal offers the category for the team: helpdesk_mgmt
        takes a category even when its form shows none, so the test is the
        portal's categories (the user's companies), not the form's list."""
        offered = request.env["helpdesk.ticket.category"].search(
            [("show_in_portal", "=", True)]
        )
        if self._get_owner_units():
            offered = self._get_owner_categories(offered)
        if category not in offered:
            return False
        # A company's category is for its own service centers only.
        return (
            not (team and category.company_id) or category.company_id == team.company_id
        )
