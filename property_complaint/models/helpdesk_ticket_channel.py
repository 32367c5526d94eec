from odoo import fields, models


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
