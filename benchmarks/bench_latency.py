"""Breach latency under the server's own cron scheduling: 100 agreed reply
times set by the supervisor to fall due at random moments over the next ten
minutes, on one real Odoo server (prefork, one cron worker), and the seconds
from each due time to its breach and its first escalation.

    bench_latency.py --config CONF --database pc_bench_100000 --size 100000
"""

import time
from datetime import timedelta

from common import open_registry, report, section_parser
from odoo_servers import database_copy, percentile, running_servers, spread

from odoo import SUPERUSER_ID, api, fields

SECTION = "latency"
GOAL_SECONDS = 60


def parse_args():
    parser = section_parser(__doc__)
    parser.add_argument("--clocks", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=10, help="the window")
    parser.add_argument("--http-port", type=int, default=8480)
    parser.add_argument("--log-dir", default="/tmp/pc-bench-latency")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    return parser.parse_args()


def pick_open_complaints(registry, count):
    """Open complaints whose agreed reply clock runs, as the desk has them."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        clocks = env["property.complaint.clock"].search(
            [
                ("kind", "=", "agreed_reply"),
                ("state", "=", "running"),
                ("done_at", "=", False),
                ("ticket_id.stage_id.closed", "=", False),
            ],
            limit=count,
        )
        return clocks.ticket_id.ids


def read_outcomes(registry, due_by_ticket):
    """Per complaint: its agreed reply clock due at the time set, when it was
    decided and when it climbed its first step (None while not yet)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        clocks = env["property.complaint.clock"].search(
            [
                ("ticket_id", "in", list(due_by_ticket)),
                ("kind", "=", "agreed_reply"),
                ("due_at", "in", list(due_by_ticket.values())),
            ]
        )
        outcomes = {}
        for clock in clocks:
            if clock.due_at != due_by_ticket[clock.ticket_id.id]:
                continue
            first = clock.escalation_ids.filtered(lambda e: e.level == 1)[:1]
            outcomes[clock.ticket_id.id] = (
                clock.due_at,
                clock.state == "breached" and clock.decided_at,
                first.escalated_at,
            )
        return outcomes


def main():
    args = parse_args()
    registry = open_registry(args.config, args.database)
    with database_copy(registry, args.size, "latency", args.keep) as copy:
        tickets = pick_open_complaints(copy, args.clocks)
        with running_servers(
            args.config, copy.db_name, [args.http_port], args.log_dir
        ) as (server,):
            supervisor = server.rpc("bench_supervisor")
            start = fields.Datetime.now() + timedelta(seconds=30)
            due_by_ticket = {
                ticket_id: (start + timedelta(seconds=offset)).replace(microsecond=0)
                for ticket_id, offset in zip(
                    tickets, spread(len(tickets), args.minutes * 60), strict=True
                )
            }
            # One write per complaint, as the supervisor would in the form:
            # the clocks are retimed and their triggers made by the addon.
            for ticket_id, due in due_by_ticket.items():
                supervisor.call(
                    "helpdesk.ticket",
                    "write",
                    [ticket_id],
                    {"agreed_reply_at": fields.Datetime.to_string(due)},
                )
            print(
                f"{len(due_by_ticket)} agreed reply times set,"
                f" due from {start:%H:%M:%S}"
                f" over {args.minutes:g} min; cron polls every"
                f" {server.cron_poll_intervals() or '?'} s"
            )
            last_due = max(due_by_ticket.values())
            outcomes = {}
            # Wait past the last due time by two polls at most.
            deadline = last_due + timedelta(seconds=150)
            while fields.Datetime.now() < deadline:
                time.sleep(10)
                outcomes = read_outcomes(copy, due_by_ticket)
                escalated = sum(1 for _d, _b, e in outcomes.values() if e)
                print(f"  {fields.Datetime.now():%H:%M:%S} {escalated} escalated")
                if escalated == len(due_by_ticket):
                    break
            problems = server.log_problems()
            polls = server.cron_poll_intervals()
    breaches = [(b - d).total_seconds() for d, b, _e in outcomes.values() if b]
    escalations = [(e - d).total_seconds() for d, _b, e in outcomes.values() if e]
    missing = len(due_by_ticket) - len(escalations)
    print(f"  cron poll intervals: {polls} s; log problems: {len(problems)}")
    for line in problems[:10]:
        print("    " + line)
    for label, values in (("breach", breaches), ("escalation", escalations)):
        if not values:
            continue
        worst = max(values)
        print(
            f"  due to {label}: p50 {percentile(values, 0.5):.0f} s,"
            f" p95 {percentile(values, 0.95):.0f} s, max {worst:.0f} s"
        )
        for name, share in (("p50", 0.5), ("p95", 0.95)):
            report(
                SECTION,
                f"due to {label}, {name}",
                args.size,
                percentile(values, share),
                "s",
                clocks=len(values),
            )
        report(
            SECTION,
            f"due to {label}, max",
            args.size,
            worst,
            "s",
            goal=f"<= {GOAL_SECONDS} s",
            ok=worst <= GOAL_SECONDS and not missing,
            clocks=len(values),
            not_escalated=missing,
            cron_poll_s=polls,
            log_problems=len(problems),
        )


if __name__ == "__main__":
    main()
