import logging
from itertools import groupby

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.models import fix_import_export_id_paths
from odoo.osv import expression
from odoo.tools import is_html_empty

_logger = logging.getLogger(__name__)

# Marks the server's own anonymisation in the context (see _is_anonymising).
ANONYMISING = object()


class PropertyComplaintOwnerDataMixin(models.AbstractModel):
    """The owner's personal data on a complaint (PIPL arts. 6, 19, 45, 47,
    51): who reads it in clear, the retention that anonymises it, the owner's
    own requests and the log of who printed or exported it."""

    _name = "property.complaint.owner.data.mixin"
    _description = "Owner's personal data of a complaint"

    may_see_owner_identity = fields.Boolean(
        "Sees the owner in clear",
        compute="_compute_owner_identity_display",
        help="The current user reads the owner's name and phone in clear.",
    )
    owner_name_display = fields.Char(
        "Owner's name", compute="_compute_owner_identity_display"
    )
    owner_phone_display = fields.Char(
        "Owner's phone", compute="_compute_owner_identity_display"
    )
    owner_email_display = fields.Char(
        "Owner's e-mail", compute="_compute_owner_identity_display"
    )
    anonymised_at = fields.Datetime(
        "Anonymised at",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the owner's personal data was taken out of the complaint; "
        "its figures, times and clocks stay.",
    )

    @api.depends_context("uid")
    @api.depends(
        "partner_id.name",
        "partner_id.phone",
        "partner_id.mobile",
        "partner_id.email",
        "partner_name",
        "partner_email",
        "user_id",
        "taken_by_id",
        "team_id.supervisor_ids",
        "team_id.manager_id",
    )
    def _compute_owner_identity_display(self):
        Masking = self.env["property.complaint.personal.data"]
        for ticket in self:
            # sudo: the rule below decides what the reader sees, not whether
            # the reader (an owner on the portal) may read the contact.
            owner = ticket.sudo().partner_id
            name = owner.name or ticket.partner_name or ""
            phone = owner.mobile or owner.phone or ""
            email = ticket.partner_email or owner.email or ""
            clear = ticket._may_see_owner_identity()
            ticket.may_see_owner_identity = clear
            ticket.owner_name_display = name if clear else Masking._mask_name(name)
            ticket.owner_phone_display = phone if clear else Masking._mask_phone(phone)
            ticket.owner_email_display = email if clear else Masking._mask_email(email)

    def export_data(self, fields_to_export):
        """A list export shows the owner only as the views do (masked for
        whoever may not see it in clear), and is logged."""
        if not self.filtered("is_complaint"):
            return super().export_data(fields_to_export)
        Masking = self.env["property.complaint.personal.data"]
        masked_columns = [
            (index, path)
            for index, path in enumerate(
                "/".join(fix_import_export_id_paths(name)) for name in fields_to_export
            )
            if self._is_owner_export_path(path)
        ]
        rows = []
        # Consecutive runs, not odoo.tools.groupby: the rows keep the order asked.
        # pylint: disable=bad-builtin-groupby
        for clear, group in groupby(self, key=lambda t: t.may_see_owner_identity):
            run = self.browse([ticket.id for ticket in group]).with_prefetch(
                self._prefetch_ids
            )
            run_rows = super(PropertyComplaintOwnerDataMixin, run).export_data(
                fields_to_export
            )
            for row in run_rows["datas"]:
                for index, path in masked_columns if not clear else ():
                    row[index] = Masking._mask_export_value(path, row[index])
                rows.append(row)
        self.env["property.complaint.data.access"]._log_access("export", self)
        return {"datas": rows}

    def _mask_owner_text_for_reader(self, text):
        """Free text of this complaint as the current user may read it: the
        owner's name and any phone number masked unless the reader sees the
        owner in clear (the printed forms)."""
        self.ensure_one()
        if not text or self.may_see_owner_identity:
            return text
        masked = self.env["property.complaint.personal.data"]._mask_owner_text(
            str(text), self
        )
        # Only names and digits changed in sanitised HTML: still HTML.
        return Markup(masked) if isinstance(text, Markup) else masked

    def _may_see_owner_identity(self):
        """Whether the current user reads this complaint's owner in clear.

        The minimum necessary (PIPL art. 6): those who deal with the owner
        about this complaint (its handler, who took it, the supervisors and
        the manager of its service center) and the owner. Everyone else (the
        desk of other shifts, other assistants, the responsible post, the
        quality department, the company's administrators) reads 张*,
        138****1234. Tickets that are not complaints keep helpdesk_mgmt's
        ways; the server itself (mail, crons) reads in clear.
        """
        self.ensure_one()
        if self.env.su or not self.is_complaint:
            return True
        user = self.env.user
        # sudo: the center's staff decide it, whether or not the reader (an
        # owner on the portal) may read the team.
        ticket = self.sudo()
        owners = ticket.partner_id | ticket.partner_id.commercial_partner_id
        return user in ticket._get_owner_identity_users() or user.partner_id in owners

    def _get_owner_identity_users(self):
        """The staff who read this complaint's owner in clear."""
        self.ensure_one()
        return (
            self.user_id
            | self.taken_by_id
            | self.team_id.supervisor_ids
            | self.team_id.manager_id
        )

    @api.model
    def _get_owner_export_paths(self):
        """Export columns that reach the owner: masked for a reader who may
        not see the owner in clear."""
        return (
            "partner_id",
            "commercial_partner_id",
            "partner_name",
            "partner_email",
            "message_partner_ids",
            "message_follower_ids",
            "unit_id/owner_ids",
            "co_unit_ids/owner_ids",
        )

    @api.model
    def _is_owner_export_path(self, path):
        return any(
            path == prefix or path.startswith(f"{prefix}/")
            for prefix in self._get_owner_export_paths()
        )

    # ------------------------------------------------------------ anonymisation
    def _is_anonymising(self):
        """The server is anonymising (`_anonymise_personal_data`): the guards
        of signed-off forms let the owner's data go. The context holds a
        Python object no request can send (a caller's context is JSON), and
        the guards themselves read as superuser, so neither a context key nor
        sudo() opens them."""
        return self.env.context.get("property_complaint_anonymise") is ANONYMISING

    @api.model
    def _get_anonymisation_batch_size(self):
        # sudo: system parameters are read by administrators only.
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("property_complaint.anonymisation_batch_size", 100)
        )

    def _get_anonymised_placeholder(self):
        return self.env._("[Anonymised]")

    def _get_anonymised_text_fields(self):
        """Free text that the owner gave or that tells about the owner:
        replaced whole by the placeholder."""
        return [
            "description",
            "requested_remedy",
            "owner_opinion",
            "written_report",
            "result",
        ]

    def _get_redacted_text_fields(self):
        """Staff's text about the complaint: only the owner's name, phone and
        e-mail are taken out."""
        return ["name", "developer_result", "review_opinion", "sign_off_opinion"]

    def _get_owner_identity_terms(self):
        """What names the owner in free text."""
        self.ensure_one()
        owner = self.partner_id
        return [
            owner.name,
            owner.phone,
            owner.mobile,
            owner.email,
            self.partner_name,
            self.partner_email,
        ]

    def _prepare_anonymised_values(self, placeholder, now):
        """The complaint's own fields without its owner. Unit, households,
        category, type, cause, channel, stage, times, satisfaction and
        clocks stay: the statistics and the timeliness rate read them."""
        self.ensure_one()
        Masking = self.env["property.complaint.personal.data"]
        terms = self._get_owner_identity_terms()
        values = {
            "partner_id": False,
            "partner_name": False,
            "partner_email": False,
            "anonymised_at": now,
        }
        for name in self._get_anonymised_text_fields():
            if self[name]:
                values[name] = placeholder
        for name in self._get_redacted_text_fields():
            if self[name]:
                values[name] = Masking._redact_text(self[name], terms, placeholder)
        return values

    def _get_expired_complaints_domain(self, now):
        """Closed complaints past their company's retention period."""
        # sudo: every company's retention period, whoever runs the cron.
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("complaint_retention_years", ">", 0)])
        )
        return expression.AND(
            [
                [
                    ("is_complaint", "=", True),
                    ("closed", "=", True),
                    ("anonymised_at", "=", False),
                ],
                expression.OR(
                    [
                        [
                            ("company_id", "=", company.id),
                            (
                                "closed_date",
                                "<",
                                now
                                - relativedelta(
                                    years=company.complaint_retention_years
                                ),
                            ),
                        ]
                        for company in companies
                    ]
                ),
            ]
        )

    def _anonymise_personal_data(self, reason):
        """Take the owner out of these closed complaints (PIPL art. 47, GB/T
        35273 de-identification): the owner link, name, e-mail, free text,
        contact log, home visits, files and messages. `reason(env, ticket)`
        says why, in that env's language, for the note on each complaint.

        Signed-off forms freeze their files, contact log and visits, and
        decision fields refuse every caller: this passes both on purpose, as
        superuser with the server's anonymise marker (`_is_anonymising`). A
        user's own writes still meet every guard. Returns the complaints anonymised.
        """
        # sudo: the owner's data is in records no single user may all change
        # (signed-off forms, messages, the anonymisation stamp).
        tickets = (
            self.sudo()
            .with_context(
                property_complaint_anonymise=ANONYMISING,
                mail_notrack=True,
                active_test=False,
            )
            .filtered(lambda t: t.is_complaint and t.closed and not t.anonymised_at)
        )
        if not tickets:
            return self.browse()
        now = fields.Datetime.now()
        placeholders = {
            ticket: ticket.with_context(
                lang=ticket.team_id._get_lang()
            )._get_anonymised_placeholder()
            for ticket in tickets
        }
        tickets._anonymise_related_records(placeholders)
        for ticket in tickets:
            owners = ticket.partner_id | ticket.partner_id.commercial_partner_id
            ticket.message_unsubscribe(partner_ids=owners.ids)
            ticket.write(ticket._prepare_anonymised_values(placeholders[ticket], now))
        for ticket in tickets:
            env = ticket.with_context(lang=ticket.team_id._get_lang()).env
            ticket.message_post(
                body=env._(
                    "The owner's personal data was anonymised: %s.",
                    reason(env, ticket),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return tickets.with_env(self.env)

    def _anonymise_related_records(self, placeholders):
        """The contact log, home visits, files and messages of these
        complaints, before their owner link goes."""
        for placeholder, contacts in self.contact_ids.grouped(
            lambda contact: placeholders[contact.ticket_id]
        ).items():
            contacts.write({"summary": placeholder})
        # A visit answers every complaint of its household in the event: it
        # goes once none of them keeps its owner.
        visits = self.collective_event_id.visit_ids.filtered(
            lambda visit: (
                visit._get_tickets() & self
                and all(t in self or t.anonymised_at for t in visit._get_tickets())
            )
        )
        for visit in visits:
            placeholder = placeholders[(visit._get_tickets() & self)[:1]]
            visit.write({"opinion": visit.opinion and placeholder, "signature": False})
        self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                "&",
                ("res_model", "=", "property.complaint.contact"),
                ("res_id", "in", self.contact_ids.ids),
                # The owner's signature is a binary field's attachment.
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        ).union(self.letter_attachment_ids).unlink()
        self.invalidate_recordset(["owner_signature", "letter_attachment_ids"])
        self._anonymise_messages(placeholders)

    def _anonymise_messages(self, placeholders):
        """The complaints' history: every message's text (the owner's e-mails
        and portal messages, and the notes that quote them) and the tracked
        old values of the owner's fields. Who wrote when, and the tracked
        stages, types and times, stay."""
        messages = self.env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        )
        owners = self.partner_id | self.partner_id.commercial_partner_id
        tracked_names = {
            "partner_id",
            "partner_name",
            "partner_email",
            *self._get_anonymised_text_fields(),
            *self._get_redacted_text_fields(),
        }
        by_placeholder = messages.grouped(
            lambda message: placeholders[self.browse(message.res_id)]
        )
        for placeholder, group in by_placeholder.items():
            group.filtered(lambda m: not is_html_empty(m.body)).write(
                {"body": Markup("<p>%s</p>") % placeholder, "subject": False}
            )
            group.filtered(lambda m: not m.author_id or m.author_id in owners).write(
                {"author_id": False, "email_from": False}
            )
            for tracking in group.tracking_value_ids.filtered(
                lambda t: t.field_id.name in tracked_names
            ):
                values = {
                    name: placeholder
                    for name in (
                        "old_value_char",
                        "new_value_char",
                        "old_value_text",
                        "new_value_text",
                    )
                    if tracking[name]
                }
                tracking.write(dict(values, old_value_integer=0, new_value_integer=0))

    @api.model
    def _cron_anonymise_expired_complaints(self):
        """Anonymise closed complaints past their company's retention period,
        one batch per call: the cron runs it again while some remain
        (ir.cron's progress API). Anonymised ones are stamped, so a second
        run, or two at once after the first commits, changes nothing."""
        now = fields.Datetime.now()
        Ticket = self.with_context(active_test=False)
        domain = Ticket._get_expired_complaints_domain(now)
        tickets = Ticket.search(
            domain, limit=self._get_anonymisation_batch_size(), order="closed_date, id"
        )
        done = tickets._anonymise_personal_data(
            lambda env, ticket: env._(
                "%s years after closure, the retention period has passed",
                ticket.company_id.complaint_retention_years,
            )
        )
        remaining = Ticket.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=remaining)
        _logger.info("Anonymised %s expired complaints, %s left", len(done), remaining)
