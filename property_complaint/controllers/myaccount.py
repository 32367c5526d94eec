from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers import myaccount

from .main import CLOSE_ERROR_KEY


class CustomerPortalHelpdesk(myaccount.CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values.update(
            {
                "closed_stages": ticket._get_portal_closing_stages(),
                "ticket_attachments": ticket._get_portal_attachments(),
                "owner_contacts": ticket._get_owner_contacts(),
                "work_photos": ticket._get_portal_work_photos(),
                "agreed_reply_clock": ticket._get_agreed_reply_clock(),
            }
        )
        # The photos open with the page's own access, like its attachments.
        for photo in values["work_photos"]:
            photo.generate_access_token()
        close_error = request.session.get(CLOSE_ERROR_KEY)
        if close_error and close_error["ticket_id"] == ticket.id:
            values["close_error"] = request.session.pop(CLOSE_ERROR_KEY)["message"]
        return values
