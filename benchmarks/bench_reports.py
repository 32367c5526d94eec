"""The reports section: property_complaint's reports on the generated month,
side by side with what a quality clerk would do instead.

At ``--size N`` complaints (the month of ``generator.py``, made once per
database) it times, as the quality department:

- Odoo's own list export of the month's complaints with the case list's
  columns (``export_data``, then the web client's XLSX writer), once;
- the addon's whole monthly statistics workbook, median of ``--runs``, with
  the process's peak memory, and its ratio to Odoo's export (goal at most 0.25 times);

and, as the service-center manager, each PDF form: the complaint record
form, the duty log of the busiest day, the special event report and the
monthly property service report. Every run is in a transaction rolled back
at its end, with a cold ORM cache.
"""

import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import time
from types import SimpleNamespace
from unittest.mock import patch

from common import (
    count_queries,
    env_as,
    open_registry,
    peak_rss_mib,
    report,
    section_parser,
)
from generator import MONTH, ensure_generated, world

import odoo
import odoo.http
from odoo.service import server
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

SECTION = "reports"
WORKBOOK_GOAL = 0.25
PDF_GOAL = 2.0
STATISTICS = "property_complaint.action_report_monthly_statistics_xlsx"
RECORD_FORM = "property_complaint.action_report_complaint_record_form"
DUTY_LOG = "property_complaint.action_report_duty_log"
SPECIAL_EVENT = "property_complaint.action_report_special_event"
MONTHLY_SERVICE = "property_complaint.action_report_monthly_service"
# The statistics' case columns as a clerk picks them in the export dialog:
# each a field of the complaint, a many2one exported as its display name.
CASE_LIST_FIELDS = [
    "number",
    "received_at",
    "estate_id",
    "unit_id",
    "category_id",
    "complaint_type",
    "complaint_cause",
    "channel_id",
    "stage_id",
    "satisfaction",
    "is_repeat",
    "is_collective",
    "name",
    "result",
]


def parse_args():
    parser = section_parser(__doc__)
    parser.add_argument(
        "--http-port", type=int, default=8580, help="serves the PDFs' assets"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per report")
    parser.add_argument(
        "--skip-odoo-export",
        action="store_true",
        help="no Odoo list export (it takes minutes at a million)",
    )
    parser.add_argument("--skip-workbook", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one workbook render"
    )
    parser.add_argument("--keep-pdf", metavar="DIR", help="save the PDFs there")
    return parser.parse_args()


# ---------------------------------------------------------------- timing
class Bench:
    def __init__(self, registry, marker, size, runs, keep_pdf=None):
        self.registry = registry
        self.marker = marker
        self.size = size
        self.runs = runs
        self.keep_pdf = keep_pdf

    def time_runs(self, func):
        """Median seconds of `func` over the runs, each in a transaction of
        its own with a cold ORM cache; `func` returns its seconds."""
        durations = [func() for _run in range(self.runs)]
        print(f"    runs: {', '.join(f'{d:.2f}' for d in durations)} s", flush=True)
        return statistics.median(durations)

    def month(self, env):
        estates, teams = world(env)
        Statistics = env["property.complaint.statistics"]
        return estates, teams, Statistics._get_ticket_domain(estates, MONTH)

    # ------------------------------------------------ the statistics workbook
    def bench_workbook(self, profile):
        """The addon's whole workbook; run before Odoo's export so that the
        process's peak memory is the workbook's."""
        print("\n== Monthly statistics workbook (XLSX), as the quality department ==")
        with env_as(self.registry, "bench_quality") as env:
            estates, _teams, domain = self.month(env)
            count = env["helpdesk.ticket"].search_count(domain)
        print(f"  {count} complaints in {MONTH:%Y-%m}, {len(estates)} estates")
        data = {"month": str(MONTH), "estate_ids": estates.ids}
        before = peak_rss_mib()

        def render():
            with env_as(self.registry, "bench_quality") as env:
                start = time.perf_counter()
                with count_queries(env.cr) as queries:
                    content, _kind = env["ir.actions.report"]._render_xlsx(
                        STATISTICS, estates.ids, dict(data)
                    )
                self.workbook_info = (len(content), queries.count)
                return time.perf_counter() - start

        median = self.time_runs(render)
        peak = peak_rss_mib()
        size, queries = self.workbook_info
        print(f"  {size / 1024 / 1024:.1f} MiB of XLSX, {queries} queries")
        report(
            SECTION,
            "statistics workbook, whole",
            self.size,
            median,
            "s",
            queries=queries,
            xlsx_mib=round(size / 1024 / 1024, 1),
        )
        report(
            SECTION,
            "statistics workbook, process peak memory",
            self.size,
            round(peak),
            "MiB",
            before_mib=round(before),
        )
        self.workbook_parts(estates)
        if profile:
            self.profile_workbook(estates, data)
        return median

    def workbook_parts(self, estates):
        """Where the time goes: the grouped figures, the case rows read (an
        iterator: consumed here), the rest is the access log and xlsxwriter."""
        with env_as(self.registry, "bench_quality") as env:
            Statistics = env["property.complaint.statistics"]
            start = time.perf_counter()
            with count_queries(env.cr) as queries:
                stats = Statistics._get_figures(estates.with_env(env), MONTH)
                figures = time.perf_counter() - start
                rows = sum(1 for _row in stats["cases"])
            cases = time.perf_counter() - start - figures
        print(
            f"  of which: grouped figures {figures:.2f} s, case rows"
            f" ({rows}) {cases:.2f} s, {queries.count} queries together"
        )

    def profile_workbook(self, estates, data):
        print("\n  cProfile of one workbook (top functions by own time):")
        with env_as(self.registry, "bench_quality") as env:
            profiler = cProfile.Profile()
            profiler.enable()
            env["ir.actions.report"]._render_xlsx(STATISTICS, estates.ids, dict(data))
            profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
        text = out.getvalue().replace(os.path.dirname(odoo.__path__[0]) + "/", "")
        print("\n".join("    " + line for line in text.splitlines()))

    # ------------------------------------------------ Odoo's own export
    def bench_odoo_export(self):
        """The month's complaints through the list view's export dialog, as
        web/controllers/export.py does it: search, export_data, then its
        XLSX writer (which reads request.env: given this env)."""
        # Importable once the registry has set the addons path up.
        from odoo.addons.web.controllers import export as web_export  # noqa: PLC0415

        print(
            "\n== Odoo's list export of the case list (XLSX), as the quality clerk =="
        )
        with env_as(self.registry, "bench_quality", import_compat=False) as env:
            # The clerk may export (base.group_allow_export), in this rolled
            # back transaction only.
            env.user.sudo().groups_id |= env.ref("base.group_allow_export")
            env.invalidate_all()
            _estates, _teams, domain = self.month(env)
            Ticket = env["helpdesk.ticket"]
            described = Ticket.fields_get(CASE_LIST_FIELDS, ["string", "type"])
            columns = [
                {
                    "name": name,
                    "label": described[name]["string"],
                    "type": described[name]["type"],
                }
                for name in CASE_LIST_FIELDS
            ]
            start = time.perf_counter()
            with (
                count_queries(env.cr) as queries,
                patch.object(web_export, "request", SimpleNamespace(env=env)),
            ):
                records = Ticket.search(domain, offset=0, limit=False, order=False)
                rows = records.export_data(CASE_LIST_FIELDS).get("datas", [])
                exported = time.perf_counter() - start
                content = web_export.ExcelExport().from_data(
                    columns, [column["label"] for column in columns], rows
                )
            duration = time.perf_counter() - start
        print(
            f"  {len(rows)} rows, {len(CASE_LIST_FIELDS)} columns:"
            f" export_data {exported:.2f} s, XLSX {duration - exported:.2f} s,"
            f" {len(content) / 1024 / 1024:.1f} MiB, {queries.count} queries"
        )
        report(
            SECTION,
            "Odoo list export of the case list (export_data + XLSX)",
            self.size,
            duration,
            "s",
            queries=queries.count,
            columns=len(CASE_LIST_FIELDS),
        )
        return duration

    # ------------------------------------------------ PDF
    def busiest_day(self, env, team):
        """The center's local day of the month with the most complaints."""
        env.cr.execute(
            """
            SELECT (timezone(%s, timezone('UTC', received_at)))::date AS day
              FROM helpdesk_ticket
             WHERE team_id = %s AND is_complaint
             GROUP BY day ORDER BY count(*) DESC, day LIMIT 1
            """,
            (team.tz or "UTC", team.id),
        )
        return env.cr.fetchone()[0]

    def bench_pdfs(self):
        print("\n== PDF forms, as the service-center manager ==")
        with env_as(self.registry, "bench_manager") as env:
            estates, teams = world(env)
            ticket = env["helpdesk.ticket"].browse(self.marker["showcase_ticket_id"])
            event = env["property.complaint.event"].browse(
                self.marker["showcase_event_id"]
            )
            day = self.busiest_day(env, teams[0])
            duty = env["report.property_complaint.report_duty_log"]._get_tickets(
                teams[0], day
            )
            forms = [
                ("complaint record form", RECORD_FORM, ticket.ids, None, {}),
                (
                    "duty log of the busiest day",
                    DUTY_LOG,
                    teams[:1].ids,
                    {"team_ids": teams[:1].ids, "date": str(day)},
                    {"day": str(day), "complaints": len(duty)},
                ),
                (
                    "special event report",
                    SPECIAL_EVENT,
                    event.ids,
                    None,
                    {"households": event.household_count},
                ),
                (
                    "monthly property service report",
                    MONTHLY_SERVICE,
                    lambda env: self.service_report(env, teams[0]).ids,
                    None,
                    {"estate": estates[0].name},
                ),
            ]
        for label, report_name, res_ids, data, extra in forms:
            self.bench_pdf(label, report_name, res_ids, data, extra)

    def service_report(self, env, team):
        """The center's month's report as its manager prints it: prepared by
        the supervisor, published by the manager (in the run's transaction)."""
        supervisor = env["res.users"].search([("login", "=", "bench_supervisor")])
        report = (
            env["property.complaint.service.report"]
            .with_user(supervisor)
            .create({"team_id": team.id, "month": str(MONTH)})
        )
        for line in report.line_ids:
            line.write({"title": "停水", "owner_text": "供水已恢复。"})
        report.with_user(env.user).action_publish()
        return report

    def bench_pdf(self, label, report_name, res_ids, data, extra):
        """`res_ids` may be made in each run's transaction: env -> ids."""
        print(f"  {label} {extra or ''}", flush=True)

        def ids_in(env):
            return res_ids(env) if callable(res_ids) else res_ids

        # The first print compiles the report assets (the HTTP server commits
        # them, as a running server keeps them), so the runs time the
        # printing alone.
        with env_as(self.registry, "bench_manager") as env:
            start = time.perf_counter()
            env["ir.actions.report"]._render_qweb_pdf(
                report_name, ids_in(env), data=dict(data) if data else None
            )
            print(f"    first print: {time.perf_counter() - start:.2f} s")

        def render():
            with env_as(self.registry, "bench_manager") as env:
                ids = ids_in(env)
                env.invalidate_all()
                start = time.perf_counter()
                with count_queries(env.cr) as queries:
                    content, kind = env["ir.actions.report"]._render_qweb_pdf(
                        report_name, ids, data=dict(data) if data else None
                    )
                duration = time.perf_counter() - start
                assert kind == "pdf" and content.startswith(b"%PDF"), kind
                if self.keep_pdf:
                    name = report_name.split(".")[1]
                    with open(os.path.join(self.keep_pdf, f"{name}.pdf"), "wb") as out:
                        out.write(content)
                self.pdf_info = (_pages(content), queries.count)
                return duration

        median = self.time_runs(render)
        pages, queries = self.pdf_info
        report(
            SECTION,
            f"{label} (PDF)",
            self.size,
            median,
            "s",
            goal=f"≤ {PDF_GOAL:g} s",
            ok=median <= PDF_GOAL,
            pages=pages,
            queries=queries,
            **extra,
        )


def _pages(content):
    return len(PdfFileReader(io.BytesIO(content)).pages)


# ---------------------------------------------------------------- main
def start_http(port):
    """The PDFs' CSS is fetched by wkhtmltopdf from the report URL: serve it
    from this process (HTTP only, no cron thread)."""
    config["http_port"] = port
    config["http_interface"] = "127.0.0.1"
    server.load_server_wide_modules()
    http_server = server.ThreadedServer(odoo.http.root)
    http_server.http_spawn()
    return f"http://127.0.0.1:{port}"


def main():
    args = parse_args()
    registry = open_registry(args.config, args.database)
    # Debian's wkhtmltopdf warns on every print that it ignores the header
    # and footer switches (unpatched Qt): noise here.
    logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(
        logging.ERROR
    )
    marker = ensure_generated(registry, args.size)
    bench = Bench(registry, marker, args.size, args.runs, args.keep_pdf)
    workbook = None if args.skip_workbook else bench.bench_workbook(args.profile)
    if not args.skip_odoo_export:
        export = bench.bench_odoo_export()
        if workbook:
            ratio = workbook / export
            report(
                SECTION,
                "statistics workbook / Odoo list export",
                args.size,
                round(ratio, 3),
                "x",
                goal=f"≤ {WORKBOOK_GOAL:g}x",
                ok=ratio <= WORKBOOK_GOAL,
            )
    if not args.skip_pdf:
        url = start_http(args.http_port)
        # wkhtmltopdf fetches the assets from this process's server; patched
        # rather than set in report.url, a change a later section would see.
        Report = registry["ir.actions.report"]
        with patch.object(Report, "_get_report_url", lambda self, layout=None: url):
            bench.bench_pdfs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
