from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import image, plaintext2html


class PropertyComplaintOwnerPortalMixin(models.AbstractModel):
    """The complaint as its owner meets it on the portal (4.2, 4.7 to 4.11):
    filing and following it, closing it, saying whether the reply satisfies,
    signing the home visit, and the e-mails that lead back to its page."""

    _name = "property.complaint.owner.portal.mixin"
    _description = "Complaint on the owners' portal"

    # ------------------------------------------------------------ closing
    def _get_portal_closing_stages(self):
        """The stages the owner may close the ticket with from the portal."""
        self.ensure_one()
        return self.team_id._get_applicable_stages().filtered("close_from_portal")

    def _close_from_portal(self, stage):
        """The owner closes the ticket with one of its portal closing stages;
        the closure rules apply as to anyone. Refused, it changes nothing.
        The portal route calls it as sudo once it has checked the owner's
        access: owners only read tickets."""
        self.ensure_one()
        if self.closed:
            raise UserError(self.env._("Ticket %s is already closed.", self.number))
        if stage not in self._get_portal_closing_stages():
            raise UserError(
                self.env._("Ticket %s cannot be closed with this stage.", self.number)
            )
        with self.env.cr.savepoint():
            self.stage_id = stage

    def _get_internal_note_attachments(self):
        """The files of the ticket's messages that only employees read (internal
        notes): they stay internal."""
        Message = self.env["mail.message"]
        # sudo: an owner cannot read internal notes, which is why their files
        # must be found to be hidden.
        messages = Message.sudo().search(
            [
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                ("attachment_ids", "!=", False),
                "!",
                *Message._get_search_domain_share(),
            ]
        )
        return messages.attachment_ids

    def _get_portal_attachments(self):
        """The ticket's files an owner sees on the portal."""
        return self.attachment_ids - self._get_internal_note_attachments()

    # ------------------------------------------------ owner's answer on the portal
    # Issue 12, items 3 and 4: after the reply the owner says whether they are
    # satisfied (4.4.7; not satisfied opens a repeat complaint at once, 4.11)
    # and signs the record of the home visit (4.7.3). The portal routes call
    # _rate_from_portal and _sign_from_portal as sudo once they have checked
    # that the owner reads the complaint: owners only read tickets.
    def _get_portal_satisfaction_values(self):
        """The answers the portal offers, on the complaint's own scale."""
        return ["satisfied", "not_satisfied"]

    def _get_portal_satisfaction_choices(self):
        """(value, label) of the portal's answers, in the reader's language."""
        labels = dict(self._selection_satisfaction())
        return [
            (value, labels[value]) for value in self._get_portal_satisfaction_values()
        ]

    def _get_owner_rate_refusal(self):
        """Why the user may not say on the portal now whether they are
        satisfied, or False: an owner, once, after the reply, while the
        complaint is open."""
        self.ensure_one()
        if self.env.user._is_public():
            return self.env._("Log in to answer for your complaint.")
        if not self.env.user.share:
            return self.env._(
                "Staff record the owner's satisfaction on the complaint's form."
            )
        if not self.is_complaint:
            return self.env._(
                "Ticket %s does not ask whether you are satisfied.", self.number
            )
        if self.is_locked:
            return self.env._(
                "The record form of %s is signed off: it can no longer be rated.",
                self.number,
            )
        if self.closed:
            return self.env._(
                "Complaint %s is closed: it can no longer be rated.", self.number
            )
        if self.owner_rated_at:
            return self.env._(
                "You already said whether you are satisfied with complaint %s.",
                self.number,
            )
        if not self.replied_at:
            return self.env._(
                "The service center has not replied to complaint %s yet: say "
                "whether you are satisfied once it has.",
                self.number,
            )
        return False

    def _rate_from_portal(self, satisfaction, comment):
        """The owner's answer to the reply, in their own words. Not satisfied
        opens the repeat complaint at once and tells its supervisor. Refused,
        it changes nothing. Returns the repeat complaint, if one was opened."""
        self.ensure_one()
        refusal = self._get_owner_rate_refusal()
        if refusal:
            raise UserError(refusal)
        if satisfaction not in self._get_portal_satisfaction_values():
            raise UserError(self.env._("Choose whether you are satisfied."))
        comment = (comment or "").strip()
        repeat = self.browse()
        with self.env.cr.savepoint():
            self.write(
                {
                    "satisfaction": satisfaction,
                    "owner_portal_satisfaction": satisfaction,
                    "owner_portal_comment": comment or False,
                    "owner_rated_at": fields.Datetime.now(),
                }
            )
            if satisfaction == "not_satisfied":
                repeat = self._open_repeat(self._prepare_portal_repeat_values(comment))
                repeat._notify_supervisor_of_portal_repeat(self, comment)
        return repeat

    def _prepare_portal_repeat_values(self, comment):
        """A repeat the owner opens on the portal: filed through the portal,
        the owner's comment above the earlier complaint's text."""
        self.ensure_one()
        values = {}
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_web", raise_if_not_found=False
        )
        if channel:
            values["channel_id"] = channel.id
        if comment:
            values["description"] = plaintext2html(comment) + Markup(
                self.description or ""
            )
        return values

    def _notify_supervisor_of_portal_repeat(self, earlier, comment):
        """The supervisor reads in their own language that the owner is not
        satisfied, in an internal note of the repeat complaint."""
        self.ensure_one()
        supervisor = self.supervisor_id
        if not supervisor:
            return
        reader_env = self.with_context(lang=supervisor.lang or self.env.lang).env
        body = reader_env._(
            "%(owner)s is not satisfied with the handling of %(number)s and "
            "complained again on the portal: %(comment)s",
            owner=self.partner_id.name,
            number=earlier.number,
            comment=comment or reader_env._("no comment"),
        )
        self.message_post(
            body=body,
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=supervisor.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _get_portal_signature_target(self):
        """The record the owner signs and its field: in an event, the home
        visit of the owner's household, which carries its signature to the
        complaint (and would overwrite one signed on the complaint itself);
        otherwise the complaint's own record form."""
        self.ensure_one()
        if self.collective_event_id:
            return self.collective_event_id._get_visit(self), "signature"
        return self, "owner_signature"

    def _get_owner_sign_refusal(self):
        """Why the user may not sign the home-visit record on the portal now,
        or False: an owner, once, on a record form not signed off."""
        self.ensure_one()
        if self.env.user._is_public():
            return self.env._("Log in to answer for your complaint.")
        if not self.env.user.share:
            return self.env._(
                "Staff take the owner's signature on the complaint's form."
            )
        if self.is_locked:
            return self.env._(
                "The record form of %s is signed off: it can no longer be signed.",
                self.number,
            )
        record, field_name = self._get_portal_signature_target()
        if record == self and self.reply_method != "home_visit":
            return self.env._(
                "Complaint %s was not answered by a home visit: there is no visit "
                "record to sign.",
                self.number,
            )
        if not record:
            return self.env._(
                "The home visit to your household is not recorded yet: you can "
                "sign once it is."
            )
        if record[field_name]:
            return self.env._(
                "The home-visit record of %s is already signed.", self.number
            )
        return False

    def _sign_from_portal(self, signature, name):
        """The owner signs the home-visit record on the portal (4.7.3), instead
        of on the staff's tablet. Refused, it changes nothing."""
        self.ensure_one()
        refusal = self._get_owner_sign_refusal()
        if refusal:
            raise UserError(refusal)
        if not signature:
            raise UserError(self.env._("Sign in the box first."))
        # Anything but an image (a forged request) is refused, as bad input.
        image.base64_to_image(signature)
        record, field_name = self._get_portal_signature_target()
        signer = (name or "").strip() or self.env.user.partner_id.name
        with self.env.cr.savepoint():
            record.with_context(owner_signed_by=signer).write({field_name: signature})
            if record != self:
                self._message_log(
                    body=self.env._(
                        "%(name)s signed the home-visit record of %(event)s on "
                        "the portal.",
                        name=signer,
                        event=self.collective_event_id.name,
                    )
                )

    def _stamp_owner_signature(self):
        """Who signed and when, however the signature came: the portal gives
        the name the owner signed with, the staff's tablet signs as the owner."""
        signer = self.env.context.get("owner_signed_by")
        now = fields.Datetime.now()
        for ticket in self:
            signed = bool(ticket.owner_signature)
            # sudo: the stamp is the server's record of the signature.
            ticket.sudo().write(
                {
                    "owner_signed_at": signed and now,
                    "owner_signed_by": signed
                    and (signer or ticket.partner_id.name or False),
                }
            )

    # ============================================================ owners' portal
    # Issue 12, items 1, 2, 6, 7: the owner files and follows a complaint on
    # the portal, and is e-mailed when the reply time is agreed or the reply
    # is recorded.
    owner_stage = fields.Selection(
        [
            ("received", "Received"),
            ("in_progress", "In progress"),
            ("replied", "Replied"),
            ("done", "Done"),
        ],
        "Progress",
        compute="_compute_owner_stage",
        help="The stage in the words the owner reads on the portal.",
    )
    agreed_reply_state = fields.Selection(
        [
            ("running", "Awaiting the reply"),
            ("met", "Kept"),
            ("breached", "Not kept"),
        ],
        "Agreed reply time kept",
        compute="_compute_agreed_reply_state",
        help="Whether the reply came by the time agreed with the owner.",
    )
    unit_owner_ids = fields.Many2many(
        "res.partner",
        "helpdesk_ticket_unit_owner_rel",
        "ticket_id",
        "partner_id",
        string="Household",
        compute="_compute_unit_owner_ids",
        store=True,
        help="The owners of the complaint's unit: each reads it on the portal.",
    )
    work_photo_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_work_photo_rel",
        "ticket_id",
        "attachment_id",
        string="Photos of the finished work",
        copy=False,
        help="Shown to the owner on the portal with the result.",
    )

    @api.depends("unit_id.owner_ids")
    def _compute_unit_owner_ids(self):
        # Stored: the owners' record rule searches it, and owners cannot
        # read units.
        for ticket in self:
            ticket.unit_owner_ids = ticket.unit_id.owner_ids

    @api.depends("stage_id", "closed", "replied_at", "complaint_type")
    def _compute_owner_stage(self):
        # sudo: owners may not read the service center's stages, which the
        # words are worked out from; they read only the words.
        for ticket in self:
            ticket.owner_stage = ticket.sudo()._get_owner_stage()

    @api.depends("clock_ids.state", "clock_ids.due_at")
    def _compute_agreed_reply_state(self):
        now = fields.Datetime.now()
        for ticket in self:
            clock = ticket._get_agreed_reply_clock()
            state = clock.state or False
            # Past due and not yet decided by the enforcement: already late.
            if state == "running" and clock.due_at < now:
                state = "breached"
            ticket.agreed_reply_state = state

    def _get_owner_stage(self):
        """Where the complaint stands, as the owner understands it: received
        until the center starts on it (classified or moved on from the first
        stage), then in progress, replied once the reply is recorded, done
        when closed."""
        self.ensure_one()
        if self.closed:
            return "done"
        if self.replied_at:
            return "replied"
        first_stage = self.team_id._get_applicable_stages()[:1]
        if self.complaint_type or (self.stage_id and self.stage_id != first_stage):
            return "in_progress"
        return "received"

    def _get_agreed_reply_clock(self):
        """The clock of the reply time now agreed with the owner, if any."""
        self.ensure_one()
        # sudo: clocks are staff records; the owner reads only this outcome.
        clocks = self.sudo().clock_ids.filtered(
            lambda c: c.kind == "agreed_reply" and c.state != "cancelled"
        )
        return clocks.sorted("id")[-1:]

    def _get_owner_contacts(self):
        """The contact-log entries staff marked as shown to the owner."""
        self.ensure_one()
        # sudo: the contact log is staff-only; the marked entries are the
        # owner's to read.
        return self.sudo().contact_ids.filtered("shown_to_owner")

    def _get_portal_work_photos(self):
        """The photos of the finished work, for the portal page."""
        self.ensure_one()
        return self.work_photo_ids.filtered(
            lambda a: (a.mimetype or "").startswith("image/")
        )

    def _get_owner_told_values(self):
        """{ticket id: (agreed reply time, replied at)} as they stand, to
        tell what a write changed for the owner."""
        return {t.id: (t.agreed_reply_at, t.replied_at) for t in self}

    def _notify_owner_of_changes(self, before, changed):
        """E-mail the owner when the agreed reply time is set or moved and
        when the reply is recorded; `before` holds the values before the
        change (empty at creation)."""
        # While the modules load (their data and demo), times written are
        # history, not news for the owner.
        if not {"agreed_reply_at", "replied_at"} & set(changed) or not (
            self.env.registry.ready
        ):
            return
        for ticket in self.filtered(lambda t: t.is_complaint and t.partner_id):
            agreed_before, replied_before = before.get(ticket.id, (False, False))
            if ticket.agreed_reply_at and ticket.agreed_reply_at != agreed_before:
                ticket._send_owner_mail(
                    "property_complaint.mail_template_owner_agreed_reply"
                )
            if ticket.replied_at and not replied_before:
                ticket._send_owner_mail("property_complaint.mail_template_owner_reply")

    def _send_owner_mail(self, template_xmlid):
        """Post the template's message to the owner, rendered in the owner's
        language (the template's `lang`), with the link to the portal page."""
        self.ensure_one()
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        # sudo: the message is the center's to the owner, whoever recorded
        # the change (a supervisor, the desk, the cron); it goes out under the
        # company's address, never the handler's.
        self.sudo().message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
