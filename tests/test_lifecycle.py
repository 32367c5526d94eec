"""The addon installs, upgrades and uninstalls cleanly beside helpdesk_mgmt,
in a database of its own (dropped afterwards)."""

import os
import subprocess
import sys
import textwrap

import psycopg2
import pytest

import odoo.tools

DB = "property_complaint_lifecycle"


def _odoo(*args, stdin=None):
    conf, python = (
        os.environ["PC_ODOO_CONF"],
        os.environ.get("PC_PYTHON", sys.executable),
    )
    return subprocess.run(
        [
            python,
            "-m",
            "odoo",
            *args,
            "-c",
            conf,
            "-d",
            DB,
            "--no-http",
            "--log-level=warn",
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _connect(dbname):
    # The database settings scripts/test.sh gave pytest-odoo.
    config = odoo.tools.config
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"] or None,
    )


def _drop_database():
    conn = _connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{DB}"')
    conn.close()


@pytest.fixture
def scratch_database():
    if not os.environ.get("PC_ODOO_CONF"):
        pytest.fail("PC_ODOO_CONF must be set: run the tests with scripts/test.sh")
    _drop_database()
    yield
    _drop_database()


def _state(module):
    conn = _connect(DB)
    with conn.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
        (state,) = cr.fetchone()
    conn.close()
    return state


def test_install_upgrade_uninstall(scratch_database):
    installed = _odoo(
        "-i", "property_complaint", "--without-demo=all", "--stop-after-init"
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    assert "ERROR" not in installed.stderr, installed.stderr[-3000:]
    assert _state("property_complaint") == "installed"

    upgraded = _odoo("-u", "property_complaint", "--stop-after-init")
    assert upgraded.returncode == 0, upgraded.stderr[-3000:]
    assert "ERROR" not in upgraded.stderr, upgraded.stderr[-3000:]
    assert _state("property_complaint") == "installed"

    uninstalled = _odoo(
        "shell",
        stdin=textwrap.dedent(
            """
            addon = env.ref("base.module_property_complaint")
            addon.button_immediate_uninstall()
            env.cr.commit()
            """
        ),
    )
    assert uninstalled.returncode == 0, uninstalled.stderr[-3000:]
    assert "Traceback" not in uninstalled.stderr, uninstalled.stderr[-3000:]
    assert _state("property_complaint") == "uninstalled"
    assert _state("helpdesk_mgmt") == "installed"
    conn = _connect(DB)
    with conn.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'helpdesk_ticket' AND column_name = 'unit_id'"
        )
        assert cr.fetchone()[0] == 0, "the addon's columns are gone with it"
        cr.execute("SELECT to_regclass('property_complaint_clock')")
        assert cr.fetchone()[0] is None, "and so are its tables"
    conn.close()
