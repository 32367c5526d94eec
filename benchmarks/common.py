"""What every benchmark section shares: opening Odoo on a database, acting
as a user, counting queries and memory, copying databases, and the one
machine-readable line per figure that ``run.py`` gathers into its summary."""

import argparse
import json
import os
import resource
import shutil
import sys
from contextlib import closing, contextmanager

import odoo
from odoo import api
from odoo.service import db as db_service
from odoo.tools import SQL, config

RESULT_PREFIX = "RESULT "


def section_parser(doc):
    """The arguments every sized section takes, its description from `doc`."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--size", type=int, required=True, help="complaints")
    return parser


def open_registry(config_file, database, *odoo_args):
    """Odoo configured from the benchmarks' file, its registry on `database`
    (no HTTP, no cron thread: the section drives everything itself)."""
    config.parse_config(
        [
            "--config",
            config_file,
            "--database",
            database,
            "--log-level",
            "warn",
            "--max-cron-threads",
            "0",
            *odoo_args,
        ]
    )
    odoo.netsvc.init_logger()
    return odoo.modules.registry.Registry(database)


@contextmanager
def env_as(registry, login, **context):
    """An environment of the user `login`, in a transaction rolled back at
    the end: a section never leaves its traces in the shared database."""
    with registry.cursor() as cr:
        root = api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = root["res.users"].search([("login", "=", login)])
        if not user:
            raise SystemExit(f"{cr.dbname} has no user {login}")
        context = {"lang": user.lang, "tz": user.tz, **context}
        try:
            yield api.Environment(cr, user.id, context)
        finally:
            cr.rollback()


class QueryCounter:
    def __init__(self, cr):
        self.cr = cr
        self.start = cr.sql_log_count
        self.end = None

    @property
    def count(self):
        end = self.cr.sql_log_count if self.end is None else self.end
        return end - self.start


@contextmanager
def count_queries(cr):
    """The queries run on `cr` inside the block: `counter.count`."""
    counter = QueryCounter(cr)
    yield counter
    counter.end = cr.sql_log_count


def peak_rss_mib():
    """This process's peak resident memory so far, in MiB (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(section, label, size, value, unit, goal=None, ok=None, **extra):
    """One figure, for people and for run.py's summary."""
    verdict = "" if ok is None else ("  goal met" if ok else "  GOAL MISSED")
    shown = f"{value:.3g}" if isinstance(value, float) else value
    goal_text = f"  (goal: {goal})" if goal else ""
    print(f"  {label}: {shown} {unit}{goal_text}{verdict}", flush=True)
    line = {
        "section": section,
        "label": label,
        "size": size,
        "value": value,
        "unit": unit,
        "goal": goal,
        "ok": ok,
        **extra,
    }
    print(RESULT_PREFIX + json.dumps(line, ensure_ascii=False, default=str), flush=True)


def copy_db(source, target):
    """A fresh copy of `source` (database and filestore) as `target`, for a
    section that commits or runs real servers; an older copy is replaced."""
    drop_db(target)
    db_service.exp_duplicate_database(source, target)


def drop_db(database):
    # Not db_service.exp_drop: with --database set, its list of databases is
    # that one alone, and a copy would never be dropped.
    odoo.modules.registry.Registry.delete(database)
    odoo.sql_db.close_db(database)
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(
            SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(database))
        )
    shutil.rmtree(config.filestore(database), ignore_errors=True)


def odoo_cmd(config_file, *args):
    """The argv that starts an Odoo server with the benchmarks' configuration:
    the virtualenv's odoo script, run by this Python, as prefork spawns its
    gevent worker with `python argv[0]` (`-m odoo` would give it a package's
    __main__.py)."""
    script = os.path.join(os.path.dirname(sys.executable), "odoo")
    return [sys.executable, script, "--config", config_file, *args]
