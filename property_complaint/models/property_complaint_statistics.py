from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.osv import expression


class PropertyComplaintStatistics(models.AbstractModel):
    """The month's figures of a set of estates, for the quality department's
    statistics and the owners' monthly report: grouped queries only."""

    _name = "property.complaint.statistics"
    _description = "Complaint statistics"

    @api.model
    def _get_month_bounds(self, estates, month):
        """The month of the estates' service center, in its own time zone, as
        naive UTC datetimes."""
        return estates.team_ids[:1]._get_month_bounds(month)

    @api.model
    def _get_month_domain(self, estates, month, team_field, date_field):
        """Records of the month, each service center's month in its own time
        zone: one block per center, OR-ed."""
        blocks = []
        for team in estates.team_ids:
            start, end = team._get_month_bounds(month)
            blocks.append(
                [
                    (team_field, "=", team.id),
                    (date_field, ">=", start),
                    (date_field, "<", end),
                ]
            )
        return expression.OR(blocks) if blocks else expression.FALSE_DOMAIN

    @api.model
    def _get_ticket_domain(self, estates, month):
        # An archived complaint still counts in the figures of its month.
        return expression.AND(
            [
                [
                    ("is_complaint", "=", True),
                    ("estate_id", "in", estates.ids),
                    ("active", "in", (True, False)),
                ],
                self._get_month_domain(estates, month, "team_id", "received_at"),
            ]
        )

    @api.model
    def _get_figures(self, estates, month):
        """Every figure of the month for these estates."""
        Ticket = self.env["helpdesk.ticket"]
        domain = self._get_ticket_domain(estates, month)
        return {
            "month_label": month.strftime("%Y-%m"),
            "total": Ticket.search_count(domain),
            "repeat": Ticket.search_count([*domain, ("is_repeat", "=", True)]),
            "collective_events": self._count_collective_events(estates, month),
            "by": {
                "estate": self._count_by(domain, "estate_id"),
                "complaint_type": self._count_by(domain, "complaint_type"),
                "complaint_cause": self._count_by(domain, "complaint_cause"),
                "category": self._count_by(domain, "category_id"),
                "channel": self._count_by(domain, "channel_id"),
            },
            "satisfaction": self._count_by(
                [*domain, ("closed", "=", True)], "satisfaction"
            ),
            "timeliness": self._get_timeliness(estates, month),
            "breaches": self._get_breaches(estates, month),
            "cases": self._get_cases(domain),
        }

    @api.model
    def _count_by(self, domain, field_name):
        """[(label, count)] of the complaints grouped by one field."""
        Ticket = self.env["helpdesk.ticket"]
        field = Ticket._fields[field_name]
        labels = (
            dict(field._description_selection(self.env))
            if field.type == "selection"
            else None
        )
        rows = []
        for value, count in Ticket._read_group(domain, [field_name], ["__count"]):
            if labels is not None:
                label = labels.get(value) or self.env._("Not set")
            else:
                label = value.display_name or self.env._("Not set")
            rows.append((label, count))
        return sorted(rows, key=lambda row: -row[1])

    @api.model
    def _count_collective_events(self, estates, month):
        return self.env["property.complaint.event"].search_count(
            expression.AND(
                [
                    [("is_collective", "=", True)],
                    self._get_month_domain(
                        estates, month, "team_id", "collective_since"
                    ),
                ]
            )
        )

    @api.model
    def _get_timeliness(self, estates, month):
        records = self.env["property.complaint.timeliness"].search(
            [("team_id", "in", estates.team_ids.ids), ("month", "=", month)]
        )
        return [
            {
                "team": record.team_id.display_name,
                "count": record.clock_count,
                "met": record.met_count,
                "rate": round(record.rate, 1),
                "target": record.target,
                "below_target": record.below_target,
            }
            for record in records
        ]

    @api.model
    def _get_breaches(self, estates, month):
        Clock = self.env["property.complaint.clock"]
        kinds = dict(Clock._fields["kind"]._description_selection(self.env))
        groups = Clock._read_group(
            expression.AND(
                [
                    [("state", "=", "breached")],
                    self._get_month_domain(estates, month, "team_id", "due_at"),
                ]
            ),
            ["kind", "escalation_level"],
            ["__count"],
        )
        return sorted((kinds[kind], level, count) for kind, level, count in groups)

    @api.model
    def _get_case_columns(self):
        """The case list's columns, declared once: header, width in the
        workbook, the fields read and the value of each complaint. The case
        rows, the XLSX's header, widths and formats all come from here."""
        Ticket = self.env["helpdesk.ticket"]
        labels = {
            name: dict(Ticket._fields[name]._description_selection(self.env))
            for name in ("complaint_type", "complaint_cause", "satisfaction")
        }
        yes, no = self.env._("Yes"), self.env._("No")
        # The quality department's file names no owner: their names and any
        # phone number in the texts are masked (PIPL art. 51).
        mask = self.env["property.complaint.personal.data"]._mask_owner_text

        def column(header, width, fields, value, cell="cell"):
            return {
                "header": header,
                "width": width,
                "fields": fields,
                "value": value,
                "cell": cell,
            }

        def label(name):
            return lambda ticket: labels[name].get(ticket[name], "")

        return [
            column(self.env._("Number"), 16, ["number"], lambda t: t.number),
            column(
                self.env._("Received at"),
                17,
                ["received_at", "team_id"],
                # Each case's time as its service center reads it.
                lambda t: t.team_id._to_local(t.received_at),
                cell="datetime",
            ),
            column(
                self.env._("Estate"),
                14,
                ["estate_id"],
                lambda t: t.estate_id.name or "",
            ),
            column(
                self.env._("Unit"),
                18,
                ["unit_id"],
                lambda t: t.unit_id.display_name or "",
            ),
            column(
                self.env._("Category"),
                14,
                ["category_id"],
                lambda t: t.category_id.name or "",
            ),
            column(
                self.env._("Complaint type"),
                12,
                ["complaint_type"],
                label("complaint_type"),
            ),
            column(
                self.env._("Cause"), 14, ["complaint_cause"], label("complaint_cause")
            ),
            column(
                self.env._("Channel"),
                12,
                ["channel_id"],
                lambda t: t.channel_id.name or "",
            ),
            column(
                self.env._("Stage"), 12, ["stage_id"], lambda t: t.stage_id.name or ""
            ),
            column(
                self.env._("Satisfaction"), 12, ["satisfaction"], label("satisfaction")
            ),
            column(
                self.env._("Repeat"),
                8,
                ["is_repeat"],
                lambda t: yes if t.is_repeat else no,
            ),
            column(
                self.env._("Collective"),
                8,
                ["is_collective"],
                lambda t: yes if t.is_collective else no,
            ),
            column(
                self.env._("Title"),
                30,
                ["name", "partner_id"],
                lambda t: mask(t.name, t),
            ),
            column(
                self.env._("Result"),
                40,
                ["result", "partner_id"],
                lambda t: mask(t.result or "", t),
            ),
        ]

    @api.model
    def _get_case_fields(self, columns=None):
        """What the case list reads of each complaint."""
        columns = columns or self._get_case_columns()
        return list(dict.fromkeys(name for col in columns for name in col["fields"]))

    @api.model
    def _get_cases(self, domain):
        """The month's case list, for the case write-ups (4.12.1): one row of
        values per complaint, in the order of the case columns."""
        columns = self._get_case_columns()
        tickets = self.env["helpdesk.ticket"].search_fetch(
            domain, self._get_case_fields(columns), order="received_at, id"
        )
        values = [col["value"] for col in columns]
        return [tuple(value(ticket) for value in values) for ticket in tickets]

    @api.model
    def _get_previous_month(self, today):
        return today.replace(day=1) - relativedelta(months=1)
