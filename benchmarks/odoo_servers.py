"""Real Odoo servers for the latency and two-server sections: a copy of the
size database to run them on, the servers (prefork workers with a cron
worker), XML-RPC to them as the staff, and what their logs say."""

import os
import random
import re
import signal
import subprocess
import time
import xmlrpc.client
from contextlib import ExitStack, contextmanager
from pathlib import Path

from common import copy_db, drop_db, odoo_cmd
from generator import ensure_generated, get_marker, rebase_clocks

import odoo
from odoo import SUPERUSER_ID, api, fields

ENFORCEMENT_CRON = "property_complaint.ir_cron_enforce_clocks"
# What must never be in a server's log while clocks are enforced.
LOG_PROBLEMS = re.compile(
    r"deadlock|could not serialize|serialization|\bERROR\b|Traceback", re.IGNORECASE
)
LOG_RETRIES = re.compile(r"(SERIALIZATION_FAILURE|DEADLOCK_DETECTED), \d+ tries left")


@contextmanager
def database_copy(registry, size, suffix, keep=False):
    """A copy of the size database for real commits, its open clocks rebased
    to now and every other cron postponed by a day: the section measures the
    enforcement, not whichever daily job happens to be due at the start
    (the monthly statistics alone would hold the one cron worker)."""
    source = registry.db_name
    ensure_generated(registry, size)
    target = f"{source}_{suffix}"
    # CREATE DATABASE ... TEMPLATE wants no one else on the source.
    odoo.modules.registry.Registry.delete(source)
    odoo.sql_db.close_db(source)
    copy_db(source, target)
    copy = odoo.modules.registry.Registry(target)
    with copy.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        rebase_clocks(env, get_marker(env))
        now = fields.Datetime.now()
        enforcement = env.ref(ENFORCEMENT_CRON)
        env["ir.cron"].search(
            [("id", "!=", enforcement.id)]
        ).nextcall = fields.Datetime.add(now, days=1)
        # The generation's triggers, back-dated with the data, that the crons
        # would have consumed long ago; left, the auto-vacuum deletes them
        # while the enforcement deletes its own: a serialization failure in
        # ir.cron that production, whose crons run, does not have.
        cr.execute("DELETE FROM ir_cron_trigger WHERE call_at < %s", [now])
    try:
        yield copy
    finally:
        odoo.modules.registry.Registry.delete(target)
        odoo.sql_db.close_db(target)
        if not keep:
            drop_db(target)


class OdooServer:
    """One `python -m odoo` in its own process group, logging to a file."""

    def __init__(self, config_file, database, http_port, log_dir, workers=2):
        self.database = database
        self.port = http_port
        self.url = f"http://127.0.0.1:{http_port}"
        self.log_path = Path(log_dir) / f"odoo-{http_port}.log"
        self.argv = odoo_cmd(
            config_file,
            "--database",
            database,
            "--db-filter",
            f"^{database}$",
            f"--workers={workers}",
            "--max-cron-threads=1",
            "--http-port",
            str(http_port),
            # Two servers on one machine: their long-polling ports apart too.
            "--gevent-port",
            str(http_port + 1),
            "--limit-time-real=600",
            "--log-level=info",
            "--logfile",
            str(self.log_path),
        )
        self.process = None

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_text("")
        self.process = subprocess.Popen(self.argv, start_new_session=True)
        return self

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server on {self.port} exited: see {self.log_path}"
                )
            try:
                xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common").version()
                return self
            except OSError:
                time.sleep(1)
        raise RuntimeError(f"the server on {self.port} did not answer in {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            # The whole group: the prefork master and its workers.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def rpc(self, login):
        return StaffRpc(self.url, self.database, login)

    def cron_poll_intervals(self):
        """The cron workers' poll interval: 60 s + pid % 10 (prefork)."""
        pids = re.findall(
            r"Worker WorkerCron \((\d+)\) alive", self.log_path.read_text()
        )
        return sorted({60 + int(pid) % 10 for pid in pids})

    def log_lines(self, since=0):
        """The log's lines from line `since` on (a phase's, from its start)."""
        return self.log_path.read_text(errors="replace").splitlines()[since:]

    def log_problems(self, since=0):
        return [line for line in self.log_lines(since) if LOG_PROBLEMS.search(line)]

    def log_retries(self, since=0):
        """Requests Odoo rolled back and ran again (serialization failures)."""
        return sum(1 for line in self.log_lines(since) if LOG_RETRIES.search(line))


@contextmanager
def running_servers(config_file, database, ports, log_dir):
    with ExitStack() as stack:
        servers = []
        for port in ports:
            server = OdooServer(config_file, database, port, log_dir).start()
            stack.callback(server.stop)
            servers.append(server)
        for server in servers:
            server.wait_ready()
        yield servers


class StaffRpc:
    """XML-RPC as one of the generated staff (password = login)."""

    def __init__(self, url, database, login):
        self.database, self.password = database, login
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(database, login, login, {})
        if not self.uid:
            raise RuntimeError(f"{login} cannot log in on {url}")
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.database, self.uid, self.password, model, method, list(args), kwargs
        )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def spread(count, seconds, rng=None):
    """`count` moments at random over the next `seconds`, as offsets."""
    rng = rng or random.Random(20261101)
    return sorted(rng.uniform(0, seconds) for _ in range(count))
