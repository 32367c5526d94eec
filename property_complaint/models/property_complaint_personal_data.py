import io
import re

import xlsxwriter

from odoo import api, fields, models
from odoo.tools import html2plaintext

# A Chinese (or Japanese, Korean) name: masked after its first character.
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A mainland mobile number inside free text, with or without +86 and spaces.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)")


class PropertyComplaintPersonalData(models.AbstractModel):
    """Owners' personal data: how it is masked wherever a reader may not see
    it in clear (PIPL art. 51, GB/T 35273 de-identification), in one place so
    a company with another convention overrides it once; and the owner's own
    copy of it (PIPL art. 45)."""

    _name = "property.complaint.personal.data"
    _description = "Owners' personal data"

    @api.model
    def _mask_name(self, name):
        """张三 -> 张*, 欧阳娜娜 -> 欧***, John Smith -> J*** S****."""
        name = (name or "").strip()
        if not name:
            return ""
        if CJK.search(name):
            return name[0] + "*" * max(len(name) - 1, 1)
        return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())

    @api.model
    def _mask_phone(self, phone):
        """13812341234 -> 138****1234: the carrier prefix and the last four
        digits stay, to tell numbers apart on the phone."""
        digits = re.sub(r"\D", "", phone or "")
        if not digits:
            return ""
        prefix = ""
        if len(digits) == 13 and digits.startswith("86"):
            prefix, digits = "+86 ", digits[2:]
        if len(digits) > 7:
            return f"{prefix}{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
        return prefix + "*" * (len(digits) - 2) + digits[-2:]

    @api.model
    def _mask_email(self, email):
        """wang.fang@example.com -> w***@example.com."""
        local, at, domain = (email or "").strip().partition("@")
        if not local:
            return ""
        return f"{local[0]}***{at}{domain}"

    @api.model
    def _mask_text(self, text, names=(), phones=()):
        """Free text with the given names and phones, and any mobile number,
        masked."""
        if not text:
            return text
        for name in sorted(filter(None, names), key=len, reverse=True):
            text = text.replace(name, self._mask_name(name))
        for phone in filter(None, phones):
            text = text.replace(phone, self._mask_phone(phone))
        return MOBILE_IN_TEXT.sub(lambda match: self._mask_phone(match[0]), text)

    @api.model
    def _mask_owner_text(self, text, ticket):
        """Free text of a complaint with its owner's name and phone masked."""
        # sudo: the text is masked whoever reads it, owner readable or not.
        owner = ticket.sudo().partner_id
        return self._mask_owner_values(
            text, owner.name, ticket.partner_name, owner.phone, owner.mobile
        )

    @api.model
    def _mask_owner_values(self, text, owner_name, partner_name, phone, mobile):
        """_mask_owner_text from the owner's values read already, for the
        lists read in one SQL query."""
        return self._mask_text(
            text, names=[owner_name, partner_name], phones=[phone, mobile]
        )

    @api.model
    def _redact_text(self, text, terms, placeholder):
        """Free text with each of `terms` (names, phones, e-mails of an owner)
        replaced by `placeholder`, and any mobile number too."""
        if not text:
            return text
        for term in sorted(filter(None, terms), key=len, reverse=True):
            text = text.replace(term, placeholder)
        return MOBILE_IN_TEXT.sub(placeholder, text)

    @api.model
    def _mask_export_value(self, path, value):
        """One cell of a list export that reaches an owner (see
        helpdesk.ticket._get_owner_export_paths), masked: names and phones as
        everywhere, other contact data (address, tax id...) left out."""
        last = path.split("/")[-1]
        if not value or last in ("id", ".id"):
            return value
        if "phone" in last or last == "mobile":
            return self._mask_phone(str(value))
        if "email" in last:
            return self._mask_email(str(value))
        if path.count("/") == 0 or last in ("name", "display_name", "complete_name"):
            return self._mask_name(str(value))
        return ""

    # ------------------------------------------------------------ the owner's copy
    @api.model
    def _build_owner_workbook(self, partner, complaints):
        """Everything kept about `partner` as an XLSX in this env's language:
        contact data and units, complaints with their texts, the contact log
        and the home visits, one sheet each."""
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for title, records, names in self._get_owner_sheets(partner, complaints):
            sheet = workbook.add_worksheet(title)
            sheet.set_column(0, len(names) - 1, 20, wrap)
            sheet.write_row(
                0,
                0,
                [records._fields[name]._description_string(self.env) for name in names],
                header,
            )
            for row, record in enumerate(records, start=1):
                sheet.write_row(
                    row, 0, [self._get_owner_cell(record, name) for name in names]
                )
            sheet.freeze_panes(1, 0)
        workbook.close()
        return stream.getvalue()

    @api.model
    def _get_owner_sheets(self, partner, complaints):
        """(sheet title, records, field names) of the owner's copy."""
        visits = complaints.collective_event_id.visit_ids.filtered(
            lambda visit: visit.unit_id in complaints.unit_id
        )
        return [
            (
                self.env._("Owner"),
                partner,
                ["name", "phone", "mobile", "email", "contact_address", "lang"],
            ),
            (
                self.env._("Units"),
                partner._get_owned_units(),
                ["display_name", "floor_area"],
            ),
            (
                self.env._("Complaints"),
                complaints,
                [
                    "number",
                    "received_at",
                    "team_id",
                    "unit_id",
                    "channel_id",
                    "category_id",
                    "name",
                    "description",
                    "requested_remedy",
                    "stage_id",
                    "user_id",
                    "agreed_reply_at",
                    "result",
                    "reply_method",
                    "replied_at",
                    "owner_opinion",
                    "satisfaction",
                    "closed_date",
                    "repeat_of_id",
                    "anonymised_at",
                ],
            ),
            (
                self.env._("Owner contacts"),
                complaints.contact_ids.sorted("contacted_at"),
                ["ticket_id", "contacted_at", "method", "user_id", "summary"],
            ),
            (
                self.env._("Home visits"),
                visits.sorted("visited_at"),
                [
                    "event_id",
                    "unit_id",
                    "visited_at",
                    "visited_by_id",
                    "satisfaction",
                    "opinion",
                ],
            ),
        ]

    @api.model
    def _get_owner_cell(self, record, name):
        """One value as the owner reads it: labels, names, local times."""
        field = record._fields[name]
        value = record[name]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "datetime":
            return self._format_owner_time(record, value) if value else ""
        if field.type == "html":
            return html2plaintext(value or "")
        return value or ""

    @api.model
    def _format_owner_time(self, record, moment):
        """A time as the owner's service center lives it, to the minute."""
        team_path = {
            "helpdesk.ticket": "team_id",
            "property.complaint.contact": "ticket_id.team_id",
            "property.complaint.event.visit": "event_id.team_id",
        }.get(record._name)
        team = record.mapped(team_path) if team_path else None
        if not team:
            return fields.Datetime.to_string(moment)[:16]
        return team[:1]._to_local(moment).strftime("%Y-%m-%d %H:%M")
