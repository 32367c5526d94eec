"""Times property_complaint's reports on a month of 100 000 complaints.

Run it through ``benchmarks/run.sh``, which makes the database (the addon
without demo data). The first run generates the month: two estates of a few
thousand households with their owners, service centers, users, categories,
the complaints (inserted in chunks, with their clocks), twenty collective
events, one complaint through its whole record form and one fully handled
collective event; later runs reuse it. Then it times:

- the quality department's monthly statistics (XLSX) of the month, target 10 s,
  with the time of each part (queries, case list, xlsxwriter) and, when over
  target or asked with --profile, a cProfile of the whole;
- each PDF form once per run, target 2 s: the complaint record form, the duty
  log of one service center's day, the special event report and the monthly
  property service report.
"""

# The generated complaints are in Chinese, with its full-width punctuation.

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

import xlsxwriter
from generator import ESTATES, MONTH, TZ_NAME, ensure_generated

import odoo
import odoo.http
from odoo import api
from odoo.service import server
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

XLSX_TARGET = 10.0
PDF_TARGET = 2.0
STATISTICS = "property_complaint.action_report_monthly_statistics_xlsx"
RECORD_FORM = "property_complaint.action_report_complaint_record_form"
DUTY_LOG = "property_complaint.action_report_duty_log"
SPECIAL_EVENT = "property_complaint.action_report_special_event"
MONTHLY_SERVICE = "property_complaint.action_report_monthly_service"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--http-port", type=int, default=8269)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per report")
    parser.add_argument("--seed", type=int, default=20261101)
    parser.add_argument(
        "--profile", action="store_true", help="profile the XLSX even on target"
    )
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--keep-pdf", metavar="DIR", help="save the PDFs there")
    return parser.parse_args()


# ---------------------------------------------------------------- timing
class Bench:
    def __init__(self, registry, marker, runs, keep_pdf=None):
        self.registry = registry
        self.marker = marker
        self.runs = runs
        self.keep_pdf = keep_pdf
        self.results = []

    @contextmanager
    def env(self, login):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            user = env["res.users"].search([("login", "=", login)])
            yield api.Environment(cr, user.id, {"lang": "en_US", "tz": TZ_NAME})
            cr.rollback()

    def world(self, env):
        estates = env["property.estate"].search(
            [("code", "in", [code for code, _n, _b in ESTATES])], order="code"
        )
        return estates, estates.team_ids.sorted("id")

    def time_runs(self, label, target, func):
        """Each run in a transaction of its own, cold ORM cache."""
        durations = []
        for _run in range(self.runs):
            durations.append(func())
        self.results.append((label, target, durations))
        first, best = durations[0], min(durations)
        median = statistics.median(durations)
        verdict = "ok" if median < target else "OVER TARGET"
        print(
            f"{label:<58} first {first:6.2f} s  median {median:6.2f} s"
            f"  best {best:6.2f} s  (target {target:g} s: {verdict})",
            flush=True,
        )
        return median

    # ------------------------------------------------ XLSX
    def bench_xlsx(self, profile):
        print("\n== Monthly statistics (XLSX), as the quality department ==")
        with self.env("bench_quality") as env:
            estates, _teams = self.world(env)
            domain = env["property.complaint.statistics"]._get_ticket_domain(
                estates, MONTH
            )
            count = env["helpdesk.ticket"].search_count(domain)
            print(f"{count} complaints in {MONTH:%Y-%m} for {len(estates)} estates")
        data = {"month": str(MONTH), "estate_ids": estates.ids}

        def render():
            with self.env("bench_quality") as env:
                start = time.perf_counter()
                queries = env.cr.sql_log_count
                content, _kind = env["ir.actions.report"]._render_xlsx(
                    STATISTICS, estates.ids, dict(data)
                )
                duration = time.perf_counter() - start
                self.xlsx_info = (len(content), env.cr.sql_log_count - queries)
                return duration

        median = self.time_runs("XLSX monthly statistics", XLSX_TARGET, render)
        size, queries = self.xlsx_info
        print(f"  {size / 1024 / 1024:.1f} MiB, {queries} SQL queries")
        self.xlsx_parts(estates, data)
        if profile or median > XLSX_TARGET:
            self.profile_xlsx(estates, data)

    def xlsx_parts(self, estates, data):
        """Where the time goes: each query of the figures, the case list (its
        fetch, then the rows built from it) and xlsxwriter, separately."""
        print("\n  Where the time goes (one warm run each, cold ORM cache):")
        with self.env("bench_quality") as env:
            Statistics = env["property.complaint.statistics"]
            Ticket = env["helpdesk.ticket"]
            estates = estates.with_env(env)
            domain = Statistics._get_ticket_domain(estates, MONTH)
            case_fields = Statistics._get_case_fields()
            parts = [
                ("search_count (total)", lambda: Ticket.search_count(domain)),
                (
                    "search_count (repeat)",
                    lambda: Ticket.search_count([*domain, ("is_repeat", "=", True)]),
                ),
                (
                    "_count_collective_events",
                    lambda: Statistics._count_collective_events(estates, MONTH),
                ),
                *[
                    (
                        f"_count_by {name}",
                        lambda name=name: Statistics._count_by(domain, name),
                    )
                    for name in (
                        "estate_id",
                        "complaint_type",
                        "complaint_cause",
                        "category_id",
                        "channel_id",
                    )
                ],
                (
                    "_count_by satisfaction (closed)",
                    lambda: Statistics._count_by(
                        [*domain, ("closed", "=", True)], "satisfaction"
                    ),
                ),
                ("_get_timeliness", lambda: Statistics._get_timeliness(estates, MONTH)),
                ("_get_breaches", lambda: Statistics._get_breaches(estates, MONTH)),
                (
                    "_get_cases: search_fetch only",
                    lambda: Ticket.search_fetch(
                        domain, case_fields, order="received_at, id"
                    ),
                ),
                ("_get_cases: whole", lambda: Statistics._get_cases(domain)),
                (
                    "_get_figures: whole",
                    lambda: Statistics._get_figures(estates, MONTH),
                ),
            ]
            timings = {}
            for label, func in parts:
                env.invalidate_all()
                queries = env.cr.sql_log_count
                start = time.perf_counter()
                result = func()
                timings[label] = time.perf_counter() - start
                print(
                    f"    {label:<40} {timings[label]:6.2f} s"
                    f"  {env.cr.sql_log_count - queries:3d} queries"
                )
            rows = (
                timings["_get_cases: whole"] - timings["_get_cases: search_fetch only"]
            )
            print(f"    {'_get_cases: rows built in Python':<40} {rows:6.2f} s")
            stats = result
            Report = env["report.property_complaint.monthly_statistics_xlsx"]
            with patch.object(
                type(Statistics), "_get_figures", lambda self, estates, month: stats
            ):
                stream = io.BytesIO()
                workbook = xlsxwriter.Workbook(stream, Report.get_workbook_options())
                start = time.perf_counter()
                Report.generate_xlsx_report(workbook, dict(data), estates)
                written = time.perf_counter() - start
                workbook.close()
                closed = time.perf_counter() - start - written
            print(f"    {'xlsxwriter: writing the cells':<40} {written:6.2f} s")
            print(f"    {'xlsxwriter: close (XML + zip)':<40} {closed:6.2f} s")
            env.cr.rollback()

    def profile_xlsx(self, estates, data):
        print("\n  cProfile of one XLSX render (top functions by own time):")
        with self.env("bench_quality") as env:
            profiler = cProfile.Profile()
            profiler.enable()
            env["ir.actions.report"]._render_xlsx(STATISTICS, estates.ids, dict(data))
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(30)
        text = out.getvalue().replace(os.path.dirname(odoo.__path__[0]) + "/", "")
        print("\n".join("    " + line for line in text.splitlines()))

    # ------------------------------------------------ PDF
    def bench_pdfs(self):
        print("\n== PDF forms, as the service-center manager ==")
        with self.env("bench_manager") as env:
            estates, teams = self.world(env)
            ticket = env["helpdesk.ticket"].browse(self.marker["showcase_ticket_id"])
            event = env["property.complaint.event"].browse(
                self.marker["showcase_event_id"]
            )
            day = date(2026, 11, 15)
            duty = env["report.property_complaint.report_duty_log"]._get_tickets(
                teams[0], day
            )
            forms = [
                (
                    f"complaint record form ({ticket.number})",
                    RECORD_FORM,
                    ticket.ids,
                    None,
                ),
                (
                    f"duty log ({teams[0].name}, {day}, {len(duty)} complaints)",
                    DUTY_LOG,
                    teams[:1].ids,
                    {"team_ids": teams[:1].ids, "date": str(day)},
                ),
                (
                    f"special event report ({event.household_count} households)",
                    SPECIAL_EVENT,
                    event.ids,
                    None,
                ),
                (
                    f"monthly property service report ({estates[0].name})",
                    MONTHLY_SERVICE,
                    estates[:1].ids,
                    {"estate_ids": estates[:1].ids, "month": str(MONTH)},
                ),
            ]
        for label, report, res_ids, data in forms:
            # The first print compiles the report assets: kept (committed), as
            # a server keeps them, so the runs time the printing alone.
            with self.registry.cursor() as cr:
                env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
                start = time.perf_counter()
                env["ir.actions.report"]._render_qweb_pdf(
                    report, res_ids, data=dict(data) if data else None
                )
                print(
                    f"  (first print, assets compiled: "
                    f"{time.perf_counter() - start:.2f} s)",
                    flush=True,
                )

            def render(report=report, res_ids=res_ids, data=data):
                with self.env("bench_manager") as env:
                    Report = env["ir.actions.report"]
                    start = time.perf_counter()
                    html, _kind = Report._render_qweb_html(
                        report, res_ids, data=dict(data) if data else None
                    )
                    html_time = time.perf_counter() - start
                    start = time.perf_counter()
                    content, kind = Report._render_qweb_pdf(
                        report, res_ids, data=dict(data) if data else None
                    )
                    duration = time.perf_counter() - start
                    assert kind == "pdf" and content.startswith(b"%PDF"), kind
                    if self.keep_pdf:
                        path = os.path.join(
                            self.keep_pdf, f"{report.split('.')[1]}.pdf"
                        )
                        with open(path, "wb") as file:
                            file.write(content)
                    self.pdf_info = (
                        html_time,
                        len(html),
                        len(content),
                        _pages(content),
                    )
                    return duration

            self.time_runs(label, PDF_TARGET, render)
            html_time, html_size, size, pages = self.pdf_info
            print(
                f"  {pages} page(s), {size / 1024:.0f} KiB; of which the HTML"
                f" ({html_size / 1024:.0f} KiB) takes {html_time:.2f} s,"
                " wkhtmltopdf the rest"
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
    config.parse_config(
        [
            "--config",
            args.config,
            "--database",
            args.database,
            "--log-level",
            "warn",
            "--max-cron-threads",
            "0",
        ]
    )
    odoo.netsvc.init_logger()
    # Debian's wkhtmltopdf warns on every print that it ignores the header
    # and footer switches (unpatched Qt): noise here.
    logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(
        logging.ERROR
    )
    registry = odoo.modules.registry.Registry(args.database)
    marker = ensure_generated(registry, args.complaints, args.seed)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        url = start_http(args.http_port)
        env["ir.config_parameter"].set_param("report.url", url)
    bench = Bench(registry, marker, args.runs, args.keep_pdf)
    bench.bench_xlsx(args.profile)
    if not args.skip_pdf:
        bench.bench_pdfs()
    print("\n== Summary (median of the runs) ==")
    failed = False
    for label, target, durations in bench.results:
        median = statistics.median(durations)
        failed |= median >= target
        verdict = "ok" if median < target else "OVER"
        print(f"  {median:6.2f} s / {target:g} s  {verdict:<4}  {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
