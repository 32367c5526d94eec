"""Enforcement: the clocks' cron with nothing due and with 1 000 clocks due,
against a time-based automation rule doing the same check on the same data.

Everything runs in one transaction rolled back at the end, on the shared
pc_bench_<N> database: the open clocks are first rebased so that nothing is
due now, as at the generation.

    bench_enforcement.py --config CONF --database pc_bench_100000 --size 100000
"""

import statistics
import time
from datetime import timedelta
from unittest.mock import patch

from common import count_queries, env_as, open_registry, report, section_parser
from generator import ensure_generated, rebase_clocks, sync_next_deadlines

from odoo import fields

SECTION = "enforcement"
CRON_XMLID = "property_complaint.ir_cron_enforce_clocks"
AUTOMATION_CRON = "base_automation.ir_cron_data_base_automation_check"
# Goal of the issue: the rule's check, at 100 000 complaints, over ours.
RATIO_GOAL = 100


def parse_args():
    parser = section_parser(__doc__)
    parser.add_argument("--runs", type=int, default=5, help="nothing-due runs")
    parser.add_argument("--due", type=int, default=1000, help="clocks made due")
    return parser.parse_args()


def run_cron_once(env, xmlid=CRON_XMLID):
    """One call of a cron's job as `ir.cron._run_job` makes it: the cron's
    user and context, a fresh progress record, the server action and the
    flush, caches cold. Returns the progress."""
    env.invalidate_all()
    cron = env.ref(xmlid)
    cron = cron.with_env(
        env(
            user=cron.user_id.id,
            context={"lastcall": cron.lastcall, "cron_id": cron.id},
        )
    )
    cron, progress = cron._add_progress()
    cron._callback(cron.cron_name, cron.ir_actions_server_id.id)
    return progress


def timed(cr, function):
    with count_queries(cr) as queries:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    return seconds, queries.count, result


def bench_nothing_due(env, size, runs):
    Clock = env["property.complaint.clock"]
    now = fields.Datetime.now()
    due = Clock.sudo().search_count([("next_check_at", "<=", now)])
    queued = Clock.sudo().search_count([("next_check_at", "!=", False)])
    print(f"  queue: {queued} clocks with a next check, {due} due now")
    if due:
        # The data should have none: act on them first, so that the runs
        # below time what they say.
        print(f"  warning: {due} clocks due after the rebase, enforced first")
        while run_cron_once(env).remaining:
            pass
    samples = [timed(env.cr, lambda: run_cron_once(env)) for _run in range(runs)]
    seconds = statistics.median(s for s, _q, _p in samples)
    queries = statistics.median(q for _s, q, _p in samples)
    print(
        f"  nothing due: {seconds * 1000:.1f} ms, {queries} queries (median of {runs})"
    )
    report(
        SECTION,
        "cron, nothing due",
        size,
        round(seconds * 1000, 2),
        "ms",
        goal="flat as the data grows",
        queries=queries,
        queued=queued,
    )
    return seconds


def make_clocks_due(env, count):
    """`count` running clocks (fewer if the data has fewer) fall due a minute
    ago, their warning already given, as if due between two polls."""
    env.flush_all()
    env.cr.execute(
        """
        WITH picked AS (
            SELECT id FROM property_complaint_clock
             WHERE state = 'running' AND done_at IS NULL
               AND next_check_at IS NOT NULL AND escalation_level = 0
             ORDER BY id LIMIT %s
        )
        UPDATE property_complaint_clock c
           SET due_at = %s, warning_at = %s, warned_at = %s, next_check_at = %s
          FROM picked WHERE c.id = picked.id
        RETURNING c.id, c.ticket_id
        """,
        [
            count,
            *[fields.Datetime.now() - timedelta(minutes=m) for m in (1, 31, 31, 1)],
        ],
    )
    rows = env.cr.fetchall()
    ids = [clock_id for clock_id, _ticket_id in rows]
    # Their complaints' next deadline follows, as the ORM keeps it.
    sync_next_deadlines(env.cr, sorted({ticket for _id, ticket in rows}))
    env.invalidate_all()
    return ids


def bench_due(env, size, count):
    Clock = env["property.complaint.clock"].sudo()
    ids = make_clocks_due(env, count)
    print(f"  {len(ids)} running clocks made due")

    def drain():
        calls = 0
        while True:
            calls += 1
            progress = run_cron_once(env)
            if not progress.remaining:
                return calls

    seconds, queries, calls = timed(env.cr, drain)
    escalated = Clock.search_count([("id", "in", ids), ("escalation_level", "=", 1)])
    print(
        f"  {len(ids)} due: drained in {seconds:.2f} s, {calls} calls,"
        f" {queries} queries ({queries / max(len(ids), 1):.1f} per clock),"
        f" {escalated} escalated"
    )
    report(
        SECTION,
        f"cron, {count} clocks due, until drained",
        size,
        round(seconds, 3),
        "s",
        queries=queries,
        calls=calls,
        clocks_due=len(ids),
        escalated=escalated,
        ok=escalated == len(ids),
        goal="every due clock escalated once",
    )


def create_rule(env, variant):
    """A time-based automation rule an administrator would set up instead:
    on the complaint's next deadline (or the clock's due time), the open ones,
    acting on the clocks past their due time."""
    if variant == "ticket":
        model, date_field = "helpdesk.ticket", "next_due_at"
        domain = "[('stage_id.closed', '=', False)]"
        code = (
            "now = datetime.datetime.now()\n"
            "records.clock_ids.filtered(lambda c: c.is_open and c.due_at <= now)"
            "._enforce(now)"
        )
    else:
        model, date_field = "property.complaint.clock", "due_at"
        domain = "[('done_at', '=', False), ('state', 'in', ('running', 'breached'))]"
        code = "records._enforce(datetime.datetime.now())"
    model_id = env["ir.model"]._get_id(model)
    rule = env["base.automation"].create(
        {
            "name": f"Bench: enforce the clocks ({variant})",
            "model_id": model_id,
            "trigger": "on_time",
            "trg_date_id": env["ir.model.fields"]._get(model, date_field).id,
            "trg_date_range": 0,
            "trg_date_range_type": "minutes",
            "filter_domain": domain,
            # As if it last ran one poll ago.
            "last_run": fields.Datetime.now() - timedelta(minutes=1),
        }
    )
    env["ir.actions.server"].create(
        {
            "name": rule.name,
            "model_id": model_id,
            "base_automation_id": rule.id,
            "usage": "base_automation",
            "state": "code",
            "code": code,
        }
    )
    return rule


def bench_rule(env, size, runs, ours):
    """Time base_automation's cron job (`_check`) the same way as ours, once
    per variant; other time-based rules (the addon has none) switched off."""
    Automation = env["base.automation"]
    others = Automation.search(
        [("trigger", "in", ("on_time", "on_time_created", "on_time_updated"))]
    )
    others.active = False
    for variant, open_records in (
        ("ticket", [("stage_id.closed", "=", False)]),
        ("clock", [("done_at", "=", False), ("state", "in", ("running", "breached"))]),
    ):
        rule = create_rule(env, variant)
        count = env[rule.model_name].sudo().search_count(open_records)
        samples = []
        for _run in range(runs):
            rule.last_run = fields.Datetime.now() - timedelta(minutes=1)
            # Its job, `_check(True)`, commits after each rule: not in this
            # transaction, rolled back at the end.
            with patch.object(env.cr, "commit", lambda: None):
                samples.append(
                    timed(env.cr, lambda: run_cron_once(env, AUTOMATION_CRON))
                )
        seconds = statistics.median(s for s, _q, _r in samples)
        queries = statistics.median(q for _s, q, _r in samples)
        ratio = seconds / ours if ours else None
        print(
            f"  automation rule on {variant}s ({count} open): {seconds * 1000:.0f} ms,"
            f" {queries} queries: {ratio:.0f}x the cron's nothing-due run"
        )
        report(
            SECTION,
            f"base.automation on_time rule on the {variant}, nothing due",
            size,
            round(seconds * 1000, 2),
            "ms",
            queries=queries,
            open_records=count,
        )
        report(
            SECTION,
            f"rule on the {variant} / our cron, nothing due",
            size,
            round(ratio, 1),
            "x",
            # The rule is the one on the open complaints; the one on
            # the clocks searches the (smaller) open clocks, shown beside it.
            goal=f">= {RATIO_GOAL}x at 100 000" if variant == "ticket" else None,
            ok=ratio >= RATIO_GOAL if size >= 100000 and variant == "ticket" else None,
        )
        rule.active = False


def main():
    args = parse_args()
    registry = open_registry(args.config, args.database)
    marker = ensure_generated(registry, args.size)
    with env_as(registry, "admin") as env:
        rebase_clocks(env, marker)
        env.flush_all()
        print(f"Enforcement at {args.size} complaints")
        ours = bench_nothing_due(env, args.size, args.runs)
        bench_rule(env, args.size, args.runs, ours)
        bench_due(env, args.size, args.due)


if __name__ == "__main__":
    main()
