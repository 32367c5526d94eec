import itertools

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

# Case rows fetched per round trip: a month of cases is streamed, not loaded.
CASE_BATCH = 5000
# Names of the server-side cursors, unique in the process.
CURSOR_NUMBERS = itertools.count()


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
        workbook, the values it takes from the case query (keys of
        _get_case_selects) and the cell made of them. The case rows, the
        XLSX's header, widths and formats all come from here."""
        Ticket = self.env["helpdesk.ticket"]
        yes, no = self.env._("Yes"), self.env._("No")
        # The quality department's file names no owner: their names and any
        # phone number in the texts are masked (PIPL art. 51).
        mask = self.env["property.complaint.personal.data"]._mask_owner_values
        owner = ["owner_name", "partner_name", "owner_phone", "owner_mobile"]

        def column(header, width, selects, value=None, cell="cell"):
            return {
                "header": header,
                "width": width,
                "selects": selects,
                "value": value,
                "cell": cell,
            }

        def label(name):
            # Translated once, not per complaint.
            labels = dict(Ticket._fields[name]._description_selection(self.env))
            return lambda value: labels.get(value, "")

        def text(value):
            return value or ""

        return [
            column(self.env._("Number"), 16, ["number"]),
            # Each case's time as its service center reads it.
            column(self.env._("Received at"), 17, ["received_at"], cell="datetime"),
            column(self.env._("Estate"), 14, ["estate"], text),
            column(self.env._("Unit"), 18, ["unit"], text),
            column(self.env._("Category"), 14, ["category"], text),
            column(
                self.env._("Complaint type"),
                12,
                ["complaint_type"],
                label("complaint_type"),
            ),
            column(
                self.env._("Cause"),
                14,
                ["complaint_cause"],
                label("complaint_cause"),
            ),
            column(self.env._("Channel"), 12, ["channel"], text),
            column(self.env._("Stage"), 12, ["stage"], text),
            column(
                self.env._("Satisfaction"), 12, ["satisfaction"], label("satisfaction")
            ),
            column(
                self.env._("Repeat"),
                8,
                ["is_repeat"],
                lambda value: yes if value else no,
            ),
            column(
                self.env._("Collective"),
                8,
                ["is_collective"],
                lambda value: yes if value else no,
            ),
            column(self.env._("Title"), 30, ["name", *owner], mask),
            column(
                self.env._("Result"),
                40,
                ["result", *owner],
                lambda result, *owner: mask(result or "", *owner),
            ),
        ]

    @api.model
    def _get_case_selects(self, query):
        """{key: SQL expression} of what the case columns read, the joins
        added to `query` (on helpdesk_ticket). Names in the reader's
        language."""
        Ticket = self.env["helpdesk.ticket"]
        ticket = query.table

        def field(alias, model, name):
            return self.env[model]._field_to_sql(alias, name, query)

        def join(alias, column, model):
            return query.left_join(alias, column, self.env[model]._table, "id", column)

        team = join(ticket, "team_id", "helpdesk.ticket.team")
        estate = join(ticket, "estate_id", "property.estate")
        unit = join(ticket, "unit_id", "property.unit")
        unit_estate = join(unit, "estate_id", "property.estate")
        building = join(unit, "building_id", "property.building")
        category = join(ticket, "category_id", "helpdesk.ticket.category")
        channel = join(ticket, "channel_id", "helpdesk.ticket.channel")
        stage = join(ticket, "stage_id", "helpdesk.ticket.stage")
        # The owner's name and phones only mask the texts, whoever reads
        # them: read without the reader's field rights, as the ORM's sudo.
        self.env["res.partner"].flush_model(["name", "phone", "mobile"])
        owner = join(ticket, "partner_id", "res.partner")
        selects = {
            name: Ticket._field_to_sql(ticket, name, query)
            for name in (
                "number",
                "complaint_type",
                "complaint_cause",
                "satisfaction",
                "is_repeat",
                "is_collective",
                "name",
                "result",
                "partner_name",
            )
        }
        return {
            **selects,
            # As helpdesk.ticket.team._to_local: UTC without a zone.
            "received_at": SQL(
                "timezone(COALESCE(%s, 'UTC'), timezone('UTC', %s))",
                field(team, "helpdesk.ticket.team", "tz"),
                Ticket._field_to_sql(ticket, "received_at", query),
            ),
            "estate": field(estate, "property.estate", "name"),
            # As property.unit's display name.
            "unit": SQL(
                "concat_ws(' ', NULLIF(%s, ''), NULLIF(%s, ''), NULLIF(%s, ''))",
                field(unit_estate, "property.estate", "name"),
                field(building, "property.building", "name"),
                field(unit, "property.unit", "name"),
            ),
            "category": field(category, "helpdesk.ticket.category", "name"),
            "channel": field(channel, "helpdesk.ticket.channel", "name"),
            "stage": field(stage, "helpdesk.ticket.stage", "name"),
            "owner_name": SQL.identifier(owner, "name"),
            "owner_phone": SQL.identifier(owner, "phone"),
            "owner_mobile": SQL.identifier(owner, "mobile"),
        }

    @api.model
    def _get_cases(self, domain):
        """The month's case list, for the case write-ups (4.12.1): one row of
        values per complaint, in the order of the case columns, received
        order. An iterator over one query, read batch by batch through a
        server-side cursor so that a month of a million complaints is never
        in memory at once: consume it once, in this transaction."""
        columns = self._get_case_columns()
        query = self.env["helpdesk.ticket"]._search(domain, order="received_at, id")
        selects = self._get_case_selects(query)
        keys = list(selects)
        cells = []
        for col in columns:
            positions = [keys.index(key) for key in col["selects"]]
            cells.append((col["value"], positions))
        sql = query.select(*selects.values())
        for row in self._iter_query(sql):
            yield tuple(
                value(*[row[i] for i in positions]) if value else row[positions[0]]
                for value, positions in cells
            )

    @api.model
    def _iter_query(self, sql):
        """The rows of `sql`, fetched CASE_BATCH at a time from a server-side
        cursor: one query, the memory of one batch."""
        self.env.flush_query(sql)
        cr = self.env.cr
        name = SQL.identifier(f"property_complaint_rows_{next(CURSOR_NUMBERS)}")
        cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", name, sql))
        while True:
            cr.execute(SQL("FETCH FORWARD %s FROM %s", CASE_BATCH, name))
            rows = cr.fetchall()
            yield from rows
            if len(rows) < CASE_BATCH:
                break
        cr.execute(SQL("CLOSE %s", name))

    @api.model
    def _get_previous_month(self, today):
        return today.replace(day=1) - relativedelta(months=1)
