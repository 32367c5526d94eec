"""Two Odoo servers (prefork, one cron worker each) on one database:

1. 5 000 clocks fall due at once, while the supervisor works on their
   complaints through both servers: every one escalated exactly once per
   step, no step skipped or repeated, nothing wrong in either log, and the
   time until none of them is due any more;
2. intake through both servers at once as the month's first complaints (the
   current month's numbering range removed first): every TS number unique,
   and every number skipped explained by a transaction rolled back.

    bench_servers.py --config CONF --database pc_bench_100000 --size 100000
"""

import random
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from common import open_registry, report, section_parser
from generator import sync_next_deadlines, world
from odoo_servers import (
    ENFORCEMENT_CRON,
    database_copy,
    running_servers,
)

from odoo import SUPERUSER_ID, api, fields

SECTION = "servers"
NUMBER = re.compile(r"^TS(\d{6})(\d+)$")


def parse_args():
    parser = section_parser(__doc__)
    parser.add_argument("--clocks", type=int, default=5000)
    parser.add_argument("--complaints", type=int, default=200, help="intake")
    parser.add_argument("--threads", type=int, default=4, help="per server")
    parser.add_argument("--http-ports", default="8486,8488")
    parser.add_argument("--log-dir", default="/tmp/pc-bench-servers")
    parser.add_argument("--drain-timeout", type=int, default=900)
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    return parser.parse_args()


# ---------------------------------------------------------------- clocks
def make_clocks_due(registry, count):
    """`count` open clocks due a minute ago (warned if running), the
    enforcement triggered now: both cron workers are woken at once."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        now = fields.Datetime.now()
        cr.execute(
            """
            WITH picked AS (
                SELECT id FROM property_complaint_clock
                 WHERE done_at IS NULL AND state IN ('running', 'breached')
                 ORDER BY id LIMIT %(count)s
            )
            UPDATE property_complaint_clock c
               SET state = 'running', decided_at = NULL, escalation_level = 0,
                   due_at = %(due)s, warning_at = %(warned)s,
                   warned_at = %(warned)s, next_check_at = %(due)s
              FROM picked WHERE c.id = picked.id
            RETURNING c.id, c.ticket_id
            """,
            {
                "count": count,
                "due": now - timedelta(minutes=1),
                "warned": now - timedelta(minutes=31),
            },
        )
        rows = cr.fetchall()
        ids = [clock_id for clock_id, _ticket_id in rows]
        tickets = sorted({ticket_id for _clock_id, ticket_id in rows})
        # Their complaints' next deadline follows, as the ORM keeps it: a
        # stale one would make the cron update the complaints the desk edits.
        sync_next_deadlines(cr, tickets)
        # Their earlier steps are not this run's: start every ladder afresh.
        cr.execute(
            "DELETE FROM property_complaint_clock_escalation WHERE clock_id = ANY(%s)",
            [ids],
        )
        env.ref(ENFORCEMENT_CRON)._trigger()
    return ids, tickets, now


def clocks_left(registry, ids, now):
    with registry.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*) FROM property_complaint_clock"
            " WHERE id = ANY(%s) AND next_check_at <= %s",
            [ids, now],
        )
        return cr.fetchone()[0]


def check_escalations(registry, ids):
    """Per clock: the levels it climbed, each once, from 1 up."""
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT c.id, c.escalation_level, array_agg(e.level ORDER BY e.level)
              FROM property_complaint_clock c
              LEFT JOIN property_complaint_clock_escalation e ON e.clock_id = c.id
             WHERE c.id = ANY(%s)
             GROUP BY c.id
            """,
            [ids],
        )
        rows = cr.fetchall()
    duplicates = skipped = never = 0
    for _clock_id, level, levels in rows:
        levels = [lvl for lvl in levels if lvl is not None]
        if not levels:
            never += 1
        elif len(levels) != len(set(levels)):
            duplicates += 1
        elif levels != list(range(1, len(levels) + 1)) or level != len(levels):
            skipped += 1
    return {"never": never, "duplicates": duplicates, "skipped": skipped}


class DeskWrites(threading.Thread):
    """The supervisor at work on the complaints the cron is escalating, on
    one server: a change of priority each, as in the form, until stopped."""

    def __init__(self, server, ticket_ids, seed):
        super().__init__()
        self.desk = server.rpc("bench_supervisor")
        self.ticket_ids = ticket_ids
        self.rng = random.Random(seed)
        self.done = threading.Event()
        self.writes, self.failures = 0, []

    def run(self):
        while not self.done.is_set():
            ticket_id = self.rng.choice(self.ticket_ids)
            try:
                self.desk.call(
                    "helpdesk.ticket",
                    "write",
                    [ticket_id],
                    {"priority": self.rng.choice("0123")},
                )
                self.writes += 1
            except Exception as error:  # counted and reported below
                self.failures.append(str(error)[:200])


def bench_clocks(args, copy, servers):
    ids, tickets, now = make_clocks_due(copy, args.clocks)
    start = time.monotonic()
    print(f"{len(ids)} clocks made due, enforcement triggered")
    # Each server's desk on complaints of its own: two users editing one
    # complaint at once is Odoo's retry to make, not the enforcement's.
    desks = [
        DeskWrites(server, tickets[index :: len(servers)], index)
        for index, server in enumerate(servers)
    ]
    for desk in desks:
        desk.start()
    left = len(ids)
    while left and time.monotonic() - start < args.drain_timeout:
        time.sleep(5)
        left = clocks_left(copy, ids, now)
        print(f"  {time.monotonic() - start:5.0f} s: {left} still due")
    drained = time.monotonic() - start
    for desk in desks:
        desk.done.set()
        desk.join()
    writes = sum(desk.writes for desk in desks)
    desk_failures = [failure for desk in desks for failure in desk.failures]
    print(f"  meanwhile {writes} desk writes, {len(desk_failures)} refused")
    for failure in desk_failures[:5]:
        print("    " + failure)
    found = check_escalations(copy, ids)
    problems = [line for server in servers for line in server.log_problems()]
    retries = sum(server.log_retries() for server in servers)
    print(
        f"  drained in {drained:.0f} s; {found}; {len(problems)} log problems,"
        f" {retries} requests retried after a serialization failure"
    )
    for line in problems[:10]:
        print("    " + line)
    runs = {
        server.port: server.log_path.read_text().count(
            "Job 'Complaints: enforce the clocks'"
        )
        for server in servers
    }
    exact = not any(found.values()) and not left and not desk_failures
    report(
        SECTION,
        f"{args.clocks} clocks due, two servers: time to drain",
        args.size,
        round(drained, 1),
        "s",
        clocks=len(ids),
        left=left,
        cron_log_lines=runs,
    )
    report(
        SECTION,
        f"{args.clocks} clocks due, two servers: each escalated once per step",
        args.size,
        sum(found.values()) + left,
        "clocks wrong",
        goal="0, no log problem",
        ok=exact and not problems,
        log_problems=len(problems),
        desk_writes=writes,
        desk_writes_refused=len(desk_failures),
        requests_retried=retries,
        **found,
    )


# ---------------------------------------------------------------- intake
def complaint_values(registry):
    """What the front desk fills in for a complaint, on each service center."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        _estates, teams = world(env)
        channel = env["helpdesk.ticket.channel"].search([], limit=1)
        values = []
        for team in teams:
            unit = env["property.unit"].search(
                [("estate_id", "=", team.estate_id.id)], limit=1
            )
            category = env["helpdesk.ticket.category"].search(
                [("responsible_post", "!=", False)], limit=1
            )
            values.append(
                {
                    "name": "月初投诉",
                    "description": "<p>楼道灯不亮。</p>",
                    "team_id": team.id,
                    "unit_id": unit.id,
                    "channel_id": channel.id,
                    "category_id": category.id,
                }
            )
        return values


def remove_month_range(registry):
    """The month starts now for the numbering: its range not made yet."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tz_today = fields.Date.context_today(
            env["helpdesk.ticket"].with_user(
                env["res.users"].search([("login", "=", "bench_front_desk")])
            )
        )
        ranges = env["ir.sequence.date_range"].search(
            [
                ("sequence_id.code", "=", "property.complaint"),
                ("date_from", "<=", tz_today),
                ("date_to", ">=", tz_today),
            ]
        )
        print(f"  removed {len(ranges)} numbering ranges of {tz_today:%Y-%m}")
        ranges.unlink()
        return tz_today


def bench_intake(args, copy, servers, log_starts):
    values = complaint_values(copy)
    month = remove_month_range(copy)
    created, failures = [], []
    lock = threading.Lock()
    per_thread = args.complaints // (len(servers) * args.threads)

    def intake(server, index):
        desk = server.rpc("bench_front_desk")
        for n in range(per_thread):
            try:
                ticket_id = desk.call(
                    "helpdesk.ticket", "create", values[(index + n) % len(values)]
                )
            except Exception as error:  # counted and reported below
                with lock:
                    failures.append(str(error)[:200])
            else:
                with lock:
                    created.append(ticket_id)

    threads = [
        threading.Thread(target=intake, args=(server, index))
        for server in servers
        for index in range(args.threads)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - start
    with copy.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tickets = env["helpdesk.ticket"].browse(created)
        numbers = tickets.mapped("number")
        ranges = env["ir.sequence.date_range"].search(
            [
                ("sequence_id.code", "=", "property.complaint"),
                ("date_from", "<=", month),
                ("date_to", ">=", month),
            ]
        )
        counters = {r.sequence_id.company_id.name: r.number_next_actual for r in ranges}
    counts = Counter(numbers)
    duplicates = {number: n for number, n in counts.items() if n > 1}
    by_prefix = {}
    for number in counts:
        match = NUMBER.match(number or "")
        if match:
            by_prefix.setdefault(match[1], []).append(int(match[2]))
    # A number is skipped when the counter moved and no complaint kept it:
    # a rolled-back transaction (a failed create, or a request the server
    # retried after a serialization failure, logged as such) does that.
    gaps = sum(max(n) - len(set(n)) for n in by_prefix.values())
    rollbacks = len(failures) + sum(
        server.log_retries(start)
        for server, start in zip(servers, log_starts, strict=True)
    )
    print(
        f"  {len(created)} complaints in {seconds:.1f} s through {len(servers)}"
        f" servers x {args.threads} threads; {len(failures)} failed;"
        f" {len(ranges)} numbering ranges for the month {counters};"
        f" {len(duplicates)} duplicate numbers; {gaps} skipped, {rollbacks}"
        " rolled back"
    )
    for failure in failures[:5]:
        print("    " + failure)
    report(
        SECTION,
        "month's first complaints, two servers: duplicate TS numbers",
        args.size,
        len(duplicates),
        "numbers",
        goal="0",
        ok=not duplicates and len(ranges) <= len(by_prefix),
        complaints=len(created),
        failed=len(failures),
        month_ranges=len(ranges),
        examples=dict(list(duplicates.items())[:5]),
    )
    report(
        SECTION,
        "month's first complaints, two servers: creates refused",
        args.size,
        len(failures),
        "complaints",
        goal="0: the front desk never sees the race",
        ok=not failures,
        errors=sorted({failure[:120] for failure in failures})[:3],
    )
    report(
        SECTION,
        "month's first complaints, two servers: skipped TS numbers",
        args.size,
        gaps,
        "numbers",
        goal="each one a rolled-back transaction",
        ok=gaps <= rollbacks,
        rolled_back=rollbacks,
        complaints_per_s=round(len(created) / seconds, 1),
    )


def main():
    args = parse_args()
    registry = open_registry(args.config, args.database)
    ports = [int(port) for port in args.http_ports.split(",")]
    with (
        database_copy(registry, args.size, "servers", args.keep) as copy,
        running_servers(args.config, copy.db_name, ports, args.log_dir) as servers,
    ):
        bench_clocks(args, copy, servers)
        bench_intake(args, copy, servers, [len(s.log_lines()) for s in servers])


if __name__ == "__main__":
    main()
