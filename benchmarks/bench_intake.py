"""Intake: complaints per second with this addon against plain helpdesk_mgmt's
tickets and OCA helpdesk_mgmt_sla's (three SLAs), each product in a database of
its own on this machine.

For each product, 2 000 tickets in one create() batch and 2 000 one by one
(separate create calls, one transaction), tracking on and off
(``tracking_disable``), created by a desk user (not the superuser) with what a
desk records: team, customer, category, channel, description, and for the
addon a household's unit and its owner. Each run is one transaction rolled
back afterwards; each figure is the best of ``--runs``. Printed: tickets per
second, queries per ticket, and the addon's rate as a share of plain's.

    bench_intake.py --config CONF [--count 2000] [--runs 2] [--profile]
"""

import argparse
import cProfile
import pstats
import sys
import time
from dataclasses import dataclass

from common import count_queries, open_registry, report
from generator import ensure_generated, world

import odoo
from odoo import Command, api

SECTION = "intake"
# (key, database, label): run.sh's ensure_intake_dbs makes the databases.
PRODUCTS = [
    ("plain", "pc_bench_intake_plain", "plain helpdesk_mgmt"),
    ("sla", "pc_bench_intake_sla", "helpdesk_mgmt_sla, three SLAs"),
    ("addon", "pc_bench_intake_addon", "property_complaint"),
]
MODES = [("batch", "batch"), ("single", "one by one")]
TRACKING = [(False, "tracking off"), (True, "tracking on")]
GOAL_RATIO = 0.9
CATEGORIES = ["Water leak", "Noise", "Parking", "Cleaning", "Elevator", "Security"]
DESCRIPTION = "<p>The ceiling of the bathroom leaks since this morning.</p>"


@dataclass
class World:
    """Who creates the tickets, and the values of `count` of them."""

    user: object
    values: object  # values(count) -> [vals, ...]


def helpdesk_world(env, with_sla=False):
    """A helpdesk team with its desk user, customers and categories, made in
    the measured transaction (rolled back with it)."""
    user = env["res.users"].create(
        {
            "name": "Desk user",
            "login": "bench_intake_desk",
            "groups_id": [
                Command.set(env.ref("helpdesk_mgmt.group_helpdesk_user").ids)
            ],
        }
    )
    team = env["helpdesk.ticket.team"].create(
        {"name": "Customer service", "user_ids": [Command.set(user.ids)]}
    )
    categories = env["helpdesk.ticket.category"].create(
        [{"name": name} for name in CATEGORIES]
    )
    if with_sla:
        _configure_slas(env, team, categories)
    customers = env["res.partner"].create(
        [
            {"name": f"Customer {index}", "mobile": f"139{index:08d}"}
            for index in range(3000)
        ]
    )
    requesters = [{"partner_id": customer.id} for customer in customers]
    return World(user, lambda count: desk_values(team, categories, requesters, count))


def desk_values(team, categories, requesters, count):
    """What a desk records for `count` tickets, the requesters (customer,
    or a unit and its owner) and categories taken in turn."""
    channel = team.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
    return [
        {
            "name": f"Water leaking from the ceiling {index}",
            "description": DESCRIPTION,
            "team_id": team.id,
            "category_id": categories[index % len(categories)].id,
            "channel_id": channel.id,
            **requesters[index % len(requesters)],
        }
        for index in range(count)
    ]


def _configure_slas(env, team, categories):
    """Three SLAs on the team, as a helpdesk_mgmt_sla user would set them."""
    team.use_sla = True
    done = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
    env["helpdesk.sla"].create(
        [
            {"name": "First answer", "team_ids": [Command.set(team.ids)], "hours": 2},
            {
                "name": "Resolution",
                "team_ids": [Command.set(team.ids)],
                "days": 1,
                "stage_id": done.id,
            },
            {
                "name": "Water leaks",
                "team_ids": [Command.set(team.ids)],
                "category_ids": [Command.set(categories[:1].ids)],
                "hours": 4,
            },
        ]
    )


def addon_world(env):
    """The benchmark's world (benchmarks/generator.py, committed once): the
    front desk, a service center, its households and complaint categories."""
    _estates, teams = world(env)
    team = teams[:1]
    user = env["res.users"].search([("login", "=", "bench_front_desk")])
    units = env["property.unit"].search([("estate_id", "=", team.estate_id.id)])
    households = [
        {"unit_id": unit.id, "partner_id": unit.owner_ids[:1].id} for unit in units
    ]
    categories = env["helpdesk.ticket.category"].search(
        [("responsible_post", "!=", False)]
    )
    return World(user, lambda count: desk_values(team, categories, households, count))


def _ensure_numbering(registry):
    """The company's complaint numbering and this month's range, committed
    as after its first complaint: a run measures the month's next ones."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Ticket = env["helpdesk.ticket"]
        sequence = Ticket._get_complaint_sequence(env.company)
        Ticket._ensure_monthly_range(sequence, odoo.fields.Date.context_today(Ticket))


WORLDS = {
    "plain": helpdesk_world,
    "sla": lambda env: helpdesk_world(env, with_sla=True),
    "addon": addon_world,
}


def measure(registry, product, count, batch, tracking, profile=None):
    """Seconds and queries to create `count` tickets as the desk user, in a
    transaction rolled back afterwards."""
    with registry.cursor() as cr:
        root = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        world = WORLDS[product](root)
        context = {"lang": "en_US", "tz": "Asia/Shanghai"}
        if not tracking:
            context["tracking_disable"] = True
        env = api.Environment(cr, world.user.id, context)
        vals_list = world.values(count)
        Ticket = env["helpdesk.ticket"]
        env.flush_all()
        env.invalidate_all()
        if profile:
            profile.enable()
        start = time.perf_counter()
        with count_queries(cr) as counter:
            if batch:
                tickets = Ticket.create(vals_list)
            else:
                tickets = Ticket.browse()
                for vals in vals_list:
                    tickets |= Ticket.create(vals)
            # What the end of the request runs: tracking, then the last writes.
            cr.flush()
        elapsed = time.perf_counter() - start
        if profile:
            profile.disable()
        queries = counter.count
        if len(tickets) != count or len(set(tickets.mapped("number"))) != count:
            raise SystemExit(f"{product}: {count} tickets, not all numbered apart")
        cr.rollback()
    return elapsed, queries


def registry_of(config, database):
    """The registry of `database`: Odoo's configuration is parsed once per
    process, the other products' databases open on it."""
    if not odoo.tools.config.get("db_name"):
        return open_registry(config, database)
    return odoo.modules.registry.Registry(database)


def run_product(config, product, database, label, args, rates):
    registry = registry_of(config, database)
    if product == "addon":
        ensure_generated(registry, 0)
        _ensure_numbering(registry)
    print(f"{label} ({database}):", flush=True)
    for mode, mode_label in MODES:
        for tracking, tracking_label in TRACKING:
            runs = [
                measure(registry, product, args.count, mode == "batch", tracking)
                for _run in range(args.runs)
            ]
            seconds = min(elapsed for elapsed, _queries in runs)
            queries = min(queries for _elapsed, queries in runs) / args.count
            rate = args.count / seconds
            rates[(product, mode, tracking)] = rate
            name = f"{mode_label}, {tracking_label}, {label}"
            report(SECTION, name, None, rate, "tickets/s", count=args.count)
            report(SECTION, f"{name}, queries", None, queries, "queries/ticket")


def profile_addon(config, count):
    """Where the addon's batch intake spends its time (tracking off)."""
    registry = registry_of(config, "pc_bench_intake_addon")
    profile = cProfile.Profile()
    measure(registry, "addon", count, True, False, profile)
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(40)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--count", type=int, default=2000, help="tickets per run")
    parser.add_argument("--runs", type=int, default=2, help="runs, best of")
    parser.add_argument(
        "--products", default="plain,sla,addon", help="which of plain,sla,addon"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the addon")
    # run.py passes these to sized sections; the intake has databases of its own.
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        profile_addon(args.config, args.count)
        return
    wanted = args.products.split(",")
    rates = {}
    for product, database, label in PRODUCTS:
        if product in wanted:
            run_product(args.config, product, database, label, args, rates)
    if "plain" in wanted and "addon" in wanted:
        for mode, mode_label in MODES:
            for tracking, tracking_label in TRACKING:
                ratio = (
                    rates[("addon", mode, tracking)] / rates[("plain", mode, tracking)]
                )
                report(
                    SECTION,
                    f"{mode_label}, {tracking_label}, addon / plain helpdesk_mgmt",
                    None,
                    ratio,
                    "x plain",
                    goal=f"≥ {GOAL_RATIO}x plain",
                    ok=ratio >= GOAL_RATIO,
                )


if __name__ == "__main__":
    main()
