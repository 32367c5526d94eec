from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

# Where a refused answer waits for the ticket page, with what the owner wrote.
ANSWER_ERROR_KEY = "property_complaint_answer_error"


class CustomerPortalOwnerAnswer(CustomerPortalHelpdesk):
    """The owner's answer to the reply, on the ticket page: satisfied or not
    (not satisfied opens a repeat complaint, 4.11) and the signature of the
    home-visit record (4.7.3). Only an owner who reads the complaint answers;
    the ticket's own rules decide whether it may be answered now."""

    @http.route(
        "/my/ticket/<int:ticket_id>/rate", type="http", auth="user", methods=["POST"]
    )
    def portal_ticket_rate(self, ticket_id, satisfaction=None, comment=None, **kw):
        ticket = self._get_owner_answer_ticket(ticket_id)
        if not ticket:
            return request.redirect("/my")
        try:
            # sudo: owners only read tickets; the owner's access is checked above
            # and _rate_from_portal writes nothing but the owner's own answer.
            ticket.sudo()._rate_from_portal(satisfaction, comment)
        except UserError as error:
            # Refused: the owner gets the reason, and what they wrote back.
            request.session[ANSWER_ERROR_KEY] = {
                "ticket_id": ticket.id,
                "message": str(error),
                "satisfaction": satisfaction,
                "comment": comment,
            }
        return request.redirect(f"/my/ticket/{ticket.id}#owner_answer")

    @http.route("/my/ticket/<int:ticket_id>/sign", type="json", auth="user")
    def portal_ticket_sign(self, ticket_id, name=None, signature=None):
        ticket = self._get_owner_answer_ticket(ticket_id)
        if not ticket:
            return {"error": request.env._("This complaint is not yours to sign.")}
        try:
            # sudo: as for the rating; _sign_from_portal writes nothing but the
            # signature of the owner's own home-visit record.
            ticket.sudo()._sign_from_portal(signature, name)
        except UserError as error:
            return {"error": str(error)}
        return {
            "force_refresh": True,
            "redirect_url": f"/my/ticket/{ticket.id}#owner_answer",
        }

    def _get_owner_answer_ticket(self, ticket_id):
        """The ticket, if the user reads it (the portal's rule: the owner's
        household's complaints); an empty recordset otherwise."""
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            return ticket.browse()
        return ticket

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values.update(self._get_owner_answer_values(ticket))
        return values

    def _get_owner_answer_values(self, ticket):
        """What the page's answer block shows: the rating form while the owner
        may rate, the owner's answer and repeat complaints once given, the
        signature of the home-visit record."""
        # helpdesk_mgmt's page gives the ticket as the superuser: the rules
        # ask about the user, so the ticket is read as the user, with sudo.
        ticket = ticket.with_user(request.env.user).sudo()
        kept = request.session.get(ANSWER_ERROR_KEY) or {}
        if kept.get("ticket_id") == ticket.id:
            request.session.pop(ANSWER_ERROR_KEY)
        else:
            kept = {}
        signed_record, signature_field = ticket._get_portal_signature_target()
        return {
            "owner_answer_kept": kept,
            "owner_may_rate": not ticket._get_owner_rate_refusal(),
            "satisfaction_choices": ticket._get_portal_satisfaction_choices(),
            # The repeats the owner reads: their household's.
            "owner_repeats": ticket.repeat_ids.with_env(request.env)._filtered_access(
                "read"
            ),
            "owner_may_sign": not ticket._get_owner_sign_refusal(),
            "owner_signature_image": signed_record[signature_field]
            if signed_record
            else False,
        }
