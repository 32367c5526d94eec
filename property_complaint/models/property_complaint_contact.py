from odoo import api, fields, models


class PropertyComplaintContact(models.Model):
    """One contact with the owner about a complaint (4.4.2): the contact log."""

    _name = "property.complaint.contact"
    _inherit = [
        "property.complaint.recorded.time.mixin",
        "property.complaint.history.mixin",
    ]
    _description = "Owner contact"
    _order = "contacted_at desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    contacted_at = fields.Datetime(
        "When", required=True, default=fields.Datetime.now, tracking=True
    )
    method = fields.Selection(
        [
            ("phone", "Phone"),
            ("home_visit", "Home visit"),
            ("face_to_face", "At the service center"),
            ("written", "In writing"),
            ("message", "Message / e-mail"),
        ],
        "How",
        required=True,
        default="phone",
    )
    user_id = fields.Many2one(
        "res.users", "By", required=True, default=lambda self: self.env.user
    )
    summary = fields.Text("What was said", required=True)
    agreed_reply_at = fields.Datetime(
        "Reply agreed for",
        tracking=True,
        help="The reply time agreed with the owner in this contact, if any.",
    )
    shown_to_owner = fields.Boolean(
        "Shown to the owner",
        help="The owner reads this contact on the portal, under what the service "
        "center told them; other contacts stay internal.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")]
        )._check_form_not_locked()
        contacts = super().create(vals_list)
        contacts._log_on_ticket()
        for contact in contacts.filtered("agreed_reply_at"):
            contact.ticket_id.agreed_reply_at = contact.agreed_reply_at
        # The first contact stops the first-contact clock.
        contacts.ticket_id._sync_clocks()
        return contacts

    def write(self, vals):
        # The contact log is part of the signed-off record form.
        tickets = self.ticket_id.browse(vals.get("ticket_id")) | self.ticket_id
        tickets._check_form_not_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_form(self):
        self.ticket_id._check_form_not_locked()

    def _get_recorded_time_fields(self):
        return ["contacted_at"]

    def _get_agreed_time_fields(self):
        return ["agreed_reply_at"]

    def _get_recorded_time_complaints(self):
        self.ensure_one()
        return self.ticket_id

    def _get_history_thread(self):
        self.ensure_one()
        return self.ticket_id

    def _log_on_ticket(self):
        method_names = dict(self._fields["method"]._description_selection(self.env))
        for contact in self:
            contact.ticket_id.message_post(
                body=self.env._(
                    "Owner contacted (%(method)s) by %(user)s: %(summary)s",
                    method=method_names[contact.method],
                    user=contact.user_id.name,
                    summary=contact.summary,
                ),
                subtype_xmlid="mail.mt_note",
            )
