"""The desk section: the service-center supervisor's screens through the web
client's own RPCs, time and query count of each, to compare across sizes.

As bench_supervisor (zh_CN), at ``--size N`` complaints of the generated
month, each screen loaded as the web client loads it: ``get_views`` of the
action's views, a specification made of the view's fields, then

- the complaint list (the complaints action's list view, nearest deadline
  first): ``web_search_read``, 80 rows, counted up to 10 000;
- its kanban, grouped by stage: ``web_read_group``, the progress bars, then
  ``web_search_read`` of 40 cards in each open column;
- the helpdesk dashboard (the service centers' kanban of helpdesk_mgmt with
  the addon's timeliness): ``web_search_read`` and ``retrieve_dashboard``;
- one complaint's form: ``web_read``.

Median of ``--runs`` (default 5), each run in a transaction rolled back at
its end with a cold ORM cache (the registry's caches warm, as on a running
server). Goal: flat as the data grows.
"""

import json
import statistics
import sys
import time

from common import count_queries, env_as, open_registry, report, section_parser
from generator import ensure_generated
from lxml import etree

from odoo.tools.safe_eval import safe_eval

SECTION = "desk"
LOGIN = "bench_supervisor"
COMPLAINTS_ACTION = "property_complaint.helpdesk_ticket_action_complaints"
DASHBOARD_ACTION = "helpdesk_mgmt.helpdesk_ticket_dashboard_action"
# The web client's defaults (web/static/src/model/relational_model).
LIST_LIMIT = 80
KANBAN_LIMIT = 40
COUNT_LIMIT = 10_000


def parse_args():
    parser = section_parser(__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per screen")
    return parser.parse_args()


# ---------------------------------------------------------------- views
def specification(node, model_fields, models):
    """The fields a view's arch shows, as the web client asks for them:
    relational ones with their display name, or their own sub-view's fields;
    fields inside a sub-view belong to that sub-view, not to the view."""
    spec = {}
    for child in node.iterchildren(tag=etree.Element):
        if child.tag != "field":
            spec.update(specification(child, model_fields, models))
            continue
        name = child.get("name")
        field = model_fields.get(name)
        if field is None:
            continue
        if field["type"] not in ("many2one", "one2many", "many2many"):
            spec.setdefault(name, {})
            continue
        comodel = field["relation"]
        subview = next(
            (sub for sub in child if sub.tag in ("list", "kanban", "form")), None
        )
        if subview is not None and comodel in models:
            sub_spec = specification(subview, models[comodel]["fields"], models)
            spec[name] = {"fields": sub_spec, "limit": LIST_LIMIT}
        else:
            spec[name] = {"fields": {"display_name": {}}}
            if field["type"] != "many2one":
                spec[name]["limit"] = LIST_LIMIT
    return spec


def load_views(env, action_xmlid):
    """The action's model, domain and {view type: (arch, specification)},
    as get_views returns them to this user: loaded once, as the web client
    keeps them."""
    # sudo: as /web/action/load reads the action for the user.
    action = env.ref(action_xmlid).sudo()
    views = [[view_id or False, kind] for view_id, kind in action.views]
    result = (
        env[action.res_model]
        .with_env(env)
        .get_views(views, {"action_id": action.id, "toolbar": True})
    )
    models = result["models"]
    loaded = {}
    for kind, view in result["views"].items():
        arch = etree.fromstring(view["arch"])
        fields = models[action.res_model]["fields"]
        loaded[kind] = (arch, specification(arch, fields, models))
    return {
        "model": action.res_model,
        "domain": safe_eval(action.domain or "[]"),
        "views": loaded,
    }


def list_order(arch):
    """The list's default order as the web client sends it."""
    parts = []
    for part in (arch.get("default_order") or "").split(","):
        words = part.split()
        if words:
            direction = words[1].upper() if len(words) > 1 else "ASC"
            parts.append(f"{words[0]} {direction}")
    return ", ".join(parts) or None


# ---------------------------------------------------------------- screens
def complaint_list(env, action):
    arch, spec = action["views"]["list"]
    return env[action["model"]].web_search_read(
        action["domain"],
        spec,
        offset=0,
        limit=LIST_LIMIT,
        order=list_order(arch),
        count_limit=COUNT_LIMIT + 1,
    )


def complaint_kanban(env, action):
    arch, spec = action["views"]["kanban"]
    Model = env[action["model"]]
    domain = action["domain"]
    group_by = arch.get("default_group_by")
    groups = Model.web_read_group(domain, [], [group_by], lazy=True)["groups"]
    for bar in arch.iter("progressbar"):
        Model.read_progress_bar(
            domain,
            group_by,
            {
                "field": bar.get("field"),
                "colors": json.loads(bar.get("colors") or "{}"),
            },
        )
    cards = 0
    for group in groups:
        if group.get("__fold") or not group[f"{group_by}_count"]:
            continue
        value = group[group_by][0] if group[group_by] else False
        result = Model.web_search_read(
            [*domain, (group_by, "=", value)], spec, limit=KANBAN_LIMIT
        )
        cards += len(result["records"])
    return cards


def dashboard(env, action):
    _arch, spec = action["views"]["kanban"]
    Team = env[action["model"]]
    result = Team.web_search_read(
        action["domain"],
        spec,
        limit=KANBAN_LIMIT,
        count_limit=COUNT_LIMIT + 1,
    )
    Team.retrieve_dashboard()
    return len(result["records"])


def ticket_form(env, action, ticket_id):
    _arch, spec = action["views"]["form"]
    return env[action["model"]].browse(ticket_id).web_read(spec)


# ---------------------------------------------------------------- timing
def time_screen(registry, label, size, runs, load):
    """Median seconds and queries of `load(env)` over the runs."""
    durations, queries = [], []
    for _run in range(runs):
        with env_as(registry, LOGIN) as env:
            env.invalidate_all()
            start = time.perf_counter()
            with count_queries(env.cr) as counter:
                load(env)
            durations.append(time.perf_counter() - start)
            queries.append(counter.count)
    median = statistics.median(durations)
    report(
        SECTION,
        label,
        size,
        round(median * 1000, 1),
        "ms",
        queries=statistics.median(queries),
        runs=[round(d * 1000, 1) for d in durations],
    )
    return median


def main():
    args = parse_args()
    registry = open_registry(args.config, args.database)
    marker = ensure_generated(registry, args.size)
    print(f"\n== The desk's screens, as {LOGIN}, at {args.size} complaints ==")

    with env_as(registry, LOGIN) as env:
        complaints = load_views(env, COMPLAINTS_ACTION)
        teams = load_views(env, DASHBOARD_ACTION)
    ticket_id = marker["showcase_ticket_id"]
    screens = [
        (
            "complaint list, nearest deadline first",
            lambda env: complaint_list(env, complaints),
        ),
        ("complaint kanban, by stage", lambda env: complaint_kanban(env, complaints)),
        ("helpdesk dashboard", lambda env: dashboard(env, teams)),
        ("complaint form", lambda env: ticket_form(env, complaints, ticket_id)),
    ]
    for label, load in screens:
        time_screen(registry, label, args.size, args.runs, load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
