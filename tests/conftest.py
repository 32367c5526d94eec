"""A real Odoo server, in its own process, for the tests that drive it from outside."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import pytest


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server():
    """URL and database of an Odoo server started on the test database."""
    conf, db = os.environ.get("PC_ODOO_CONF"), os.environ.get("PC_DB")
    if not conf or not db:
        pytest.fail(
            "PC_ODOO_CONF and PC_DB must be set: run the tests with scripts/test.sh"
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            os.environ.get("PC_PYTHON", sys.executable),
            "-m",
            "odoo",
            "-c",
            conf,
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--http-port={port}",
            "--gevent-port",
            str(_free_port()),
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(
                        f"the Odoo server stopped: {process.stderr.read()[-2000:]}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail("the Odoo server did not answer within 120 s")
                time.sleep(0.5)
        yield {"url": url, "db": db}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def admin_rpc(odoo_server):
    """An XML-RPC caller logged in as admin: rpc(model, method, *args, **kwargs)."""
    common = xmlrpc.client.ServerProxy(f"{odoo_server['url']}/xmlrpc/2/common")
    uid = common.authenticate(odoo_server["db"], "admin", "admin", {})
    assert uid, "admin/admin cannot log in"
    models = xmlrpc.client.ServerProxy(
        f"{odoo_server['url']}/xmlrpc/2/object", allow_none=True
    )

    def rpc(model, method, *args, **kwargs):
        return models.execute_kw(
            odoo_server["db"], uid, "admin", model, method, list(args), kwargs
        )

    return rpc
