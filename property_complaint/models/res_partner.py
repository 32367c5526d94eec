from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_unit_ids = fields.Many2many(
        "property.unit",
        "property_unit_owner_rel",
        "partner_id",
        "unit_id",
        string="Units owned",
    )

    def _get_owned_units(self):
        """The units the contact, or the company it belongs to, owns."""
        return self.commercial_partner_id.property_unit_ids | self.property_unit_ids

    # ------------------------------------------------------------ owner's requests
    def action_export_personal_data(self):
        """The owner asks for everything kept about them (PIPL art. 45): a
        workbook in the owner's language, downloaded at once."""
        self.ensure_one()
        self._check_personal_data_request()
        return {
            "type": "ir.actions.act_url",
            "url": f"/property_complaint/personal_data/{self.id}",
            "target": "download",
        }

    def action_anonymise_closed_complaints(self):
        """The owner asks to be forgotten (PIPL art. 47): their closed
        complaints are anonymised now rather than after the retention period.
        Open ones keep the owner until they are closed."""
        self.ensure_one()
        self._check_personal_data_request()
        complaints = self._get_personal_data_complaints()
        user = self.env.user
        done = complaints.filtered("closed")._anonymise_personal_data(
            lambda env, ticket: env._("at the owner's request, by %s", user.name)
        )
        if not done:
            raise UserError(
                self.env._(
                    "%s has no closed complaint left to anonymise.", self.display_name
                )
            )
        self._post_personal_data_note(
            self.env._(
                "Closed complaints anonymised at the owner's request by %(user)s: "
                "%(numbers)s.",
                user=user.name,
                numbers=", ".join(done.mapped("number")),
            )
        )
        self.env["property.complaint.data.access"]._log_access(
            "anonymise", done, partner=self
        )
        return True

    # ------------------------------------------------------------ business
    def _get_personal_data_centers(self):
        """The service centers the owner deals with: those of the estates of
        their units and of their complaints."""
        self.ensure_one()
        # sudo: which centers they are decides who may answer the request.
        units = self.sudo()._get_owned_units()
        return units.estate_id.team_ids | self._get_personal_data_complaints().team_id

    def _check_personal_data_request(self):
        """An owner's request is answered by a supervisor or the manager of
        one of the owner's service centers."""
        self.ensure_one()
        centers = self._get_personal_data_centers()
        if self.env.su or self.env.user in (
            centers.supervisor_ids | centers.manager_id
        ):
            return
        raise AccessError(
            self.env._(
                "Only a supervisor or the manager of %s's service center may answer "
                "the owner's request about their personal data.",
                self.display_name,
            )
        )

    def _get_personal_data_complaints(self):
        """Every complaint kept about the owner in the user's companies,
        archived ones too."""
        self.ensure_one()
        # sudo: the owner's request covers their complaints in every service
        # center, not only those the user works in.
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("is_complaint", "=", True),
                    ("partner_id", "child_of", self.ids),
                    ("company_id", "in", self.env.user.company_ids.ids),
                ],
                order="received_at, id",
            )
        )

    def _export_personal_data(self):
        """(file name, XLSX content) of everything kept about the owner, the
        request noted on the owner and each complaint and logged."""
        self.ensure_one()
        self._check_personal_data_request()
        complaints = self._get_personal_data_complaints()
        content = (
            self.env["property.complaint.personal.data"]
            .with_context(lang=self.lang or self.env.lang)
            ._build_owner_workbook(self, complaints)
        )
        self._post_personal_data_note(
            self.env._(
                "Personal data exported at the owner's request by %s.",
                self.env.user.name,
            )
        )
        for ticket in complaints:
            env = ticket.with_context(lang=ticket.team_id._get_lang()).env
            ticket.message_post(
                body=env._(
                    "Personal data exported at the owner's request by %s.",
                    self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.env["property.complaint.data.access"]._log_access(
            "personal_data",
            complaints,
            report_name=self.env._("Personal data"),
            partner=self,
        )
        return f"personal-data-{self.id}.xlsx", content

    def _post_personal_data_note(self, body):
        # sudo: the note is the server's record of the request, on a contact
        # the supervisor may not otherwise write.
        self.sudo().message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
