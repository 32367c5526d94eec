from datetime import datetime

from odoo import fields, models


class MonthlyStatisticsXlsx(models.AbstractModel):
    """The quality department's monthly statistics of all record forms (4.12),
    as XLSX: every figure comes from one grouped query, so the size of the
    month does not multiply the queries."""

    _name = "report.property_complaint.monthly_statistics_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly complaint statistics (XLSX)"

    def get_workbook_options(self):
        return {
            **super().get_workbook_options(),
            # Rows go to disk as they are written: a month of a million cases
            # is never held in memory. Every sheet is written in row order.
            "constant_memory": True,
            # The owners' free texts are text: never a formula or a link
            # (and not searched for one, cell by cell).
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    def _get_objs_for_report(self, docids, data):
        return self.env["property.estate"].browse(data.get("estate_ids") or docids)

    def generate_xlsx_report(self, workbook, data, estates):
        month = fields.Date.to_date(data["month"])
        Statistics = self.env["property.complaint.statistics"]
        stats = Statistics._get_figures(estates, month)
        self.env["property.complaint.data.access"]._log_access_domain(
            "xlsx",
            Statistics._get_ticket_domain(estates, month),
            report_name=self.env._(
                "Monthly complaint statistics %s", stats["month_label"]
            ),
        )
        styles = self._get_styles(workbook)
        self._write_summary_sheet(workbook, styles, stats)
        self._write_breaches_sheet(workbook, styles, stats)
        self._write_cases_sheet(workbook, styles, stats)

    def _get_styles(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1}
            ),
            "cell": workbook.add_format({"border": 1}),
            "percent": workbook.add_format({"border": 1, "num_format": "0.0"}),
            "alert": workbook.add_format(
                {"border": 1, "num_format": "0.0", "font_color": "#C00000"}
            ),
            "datetime": workbook.add_format(
                {"border": 1, "num_format": "yyyy-mm-dd hh:mm"}
            ),
        }

    def _write_table(
        self, sheet, row, styles, title, headers, rows, widths=None, cells=None
    ):
        """A table from `row` on, under its title if any; returns the row two
        after it. `cells` names each column's style (default "cell"); a value
        given as (value, style) has a style of its own. `rows` may be an
        iterator, written as it goes."""
        if title:
            sheet.write(row, 0, title, styles["title"])
            row += 1
        formats = [styles[cell] for cell in cells or ["cell"] * len(headers)]
        for col, header in enumerate(headers):
            sheet.write(row, col, header, styles["header"])
            if widths:
                sheet.set_column(col, col, widths[col])
        # Each value's own writer, as sheet.write would pick it, without its
        # dispatch per cell: a million rows make it count.
        typed = {
            str: sheet.write_string,
            int: sheet.write_number,
            float: sheet.write_number,
            datetime: sheet.write_datetime,
        }
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                cell_format = formats[col]
                if isinstance(value, tuple):
                    value, style = value
                    cell_format = styles[style]
                write = typed.get(type(value)) if value != "" else None
                (write or sheet.write)(row, col, value, cell_format)
        return row + 2

    def _write_summary_sheet(self, workbook, styles, stats):
        sheet = workbook.add_worksheet(self.env._("Summary"))
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 4, 14)
        sheet.write(
            0,
            0,
            self.env._("Monthly complaint statistics %s", stats["month_label"]),
            styles["title"],
        )
        row = 2
        sheet.write(row, 0, self.env._("Complaints"), styles["header"])
        sheet.write(row, 1, stats["total"], styles["cell"])
        sheet.write(row + 1, 0, self.env._("Repeat complaints"), styles["header"])
        sheet.write(row + 1, 1, stats["repeat"], styles["cell"])
        sheet.write(row + 2, 0, self.env._("Collective events"), styles["header"])
        sheet.write(row + 2, 1, stats["collective_events"], styles["cell"])
        row += 4
        for key, title in self._get_count_tables():
            row = self._write_table(
                sheet,
                row,
                styles,
                title,
                [title, self.env._("Complaints")],
                stats["by"][key],
            )
        row = self._write_table(
            sheet,
            row,
            styles,
            self.env._("Satisfaction"),
            [self.env._("Satisfaction"), self.env._("Complaints")],
            stats["satisfaction"],
        )
        self._write_table(
            sheet,
            row,
            styles,
            self.env._("Timeliness rate"),
            [
                self.env._("Service center"),
                self.env._("Decided clocks"),
                self.env._("Met on time"),
                self.env._("Rate (%)"),
                self.env._("Target (%)"),
            ],
            [
                (
                    line["team"],
                    line["count"],
                    line["met"],
                    (line["rate"], "alert" if line["below_target"] else "percent"),
                    line["target"],
                )
                for line in stats["timeliness"]
            ],
            cells=["cell", "cell", "cell", "percent", "percent"],
        )

    def _get_count_tables(self):
        return [
            ("estate", self.env._("Estate")),
            ("complaint_type", self.env._("Complaint type")),
            ("complaint_cause", self.env._("Cause")),
            ("category", self.env._("Category")),
            ("channel", self.env._("Channel")),
        ]

    def _write_breaches_sheet(self, workbook, styles, stats):
        sheet = workbook.add_worksheet(self.env._("Breaches"))
        self._write_table(
            sheet,
            0,
            styles,
            self.env._("Breached clocks by kind and escalation level"),
            [
                self.env._("Clock"),
                self.env._("Escalation level"),
                self.env._("Breached clocks"),
            ],
            stats["breaches"],
            widths=[32, 16, 16],
        )

    def _write_cases_sheet(self, workbook, styles, stats):
        sheet = workbook.add_worksheet(self.env._("Cases"))
        columns = self.env["property.complaint.statistics"]._get_case_columns()
        end = self._write_table(
            sheet,
            0,
            styles,
            None,
            [col["header"] for col in columns],
            stats["cases"],
            widths=[col["width"] for col in columns],
            cells=[col["cell"] for col in columns],
        )
        sheet.freeze_panes(1, 0)
        # The last case is on the row two before the table's end.
        sheet.autofilter(0, 0, max(end - 2, 1), len(columns) - 1)
