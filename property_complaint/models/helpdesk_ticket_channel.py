from odoo import api, fields, models


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    complaint_channel = fields.Selection(
        [
            ("face_to_face", "Face to face"),
            ("phone", "Phone (24-hour hotline)"),
            ("email", "E-mail"),
            ("letter", "Written letter"),
            ("developer_transfer", "Transfer from the developer's CS center"),
            ("portal", "Owners' portal"),
        ],
        help="Which channel of the complaint procedure (4.2) this is: it decides "
        "the rules that apply, such as a written reply to a written complaint.",
    )

    @api.model
    def _get_helpdesk_channel_mapping(self):
        """helpdesk_mgmt's channels and the procedure's channel each one is."""
        return {
            "helpdesk_mgmt.helpdesk_ticket_channel_web": "portal",
            "helpdesk_mgmt.helpdesk_ticket_channel_email": "email",
            "helpdesk_mgmt.helpdesk_ticket_channel_phone": "phone",
        }

    @api.model
    def _map_helpdesk_channels(self):
        for xmlid, channel_type in self._get_helpdesk_channel_mapping().items():
            channel = self.env.ref(xmlid, raise_if_not_found=False)
            if channel and not channel.complaint_channel:
                channel.complaint_channel = channel_type
