"""pytest rules for the whole run: the addon's, top-level and helpdesk_mgmt's tests."""

import re
import unittest

import pytest

from odoo.tests import common as odoo_tests

# Odoo skips a browser tour when it cannot run a browser; here that is a failure.
BROWSER_SKIP = re.compile(r"chrome|websocket|browser", re.IGNORECASE)


# Odoo gives Chromium 10 s to open its debugging port, then skips the tour.
# The first start in a run on a busy two-core machine has taken longer: it
# gets 60 s, so a slow start is not taken for a missing browser.
BROWSER_START_CHECKS = 600


class BrowserSkipIsFailure:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if (
            report.skipped
            and call.excinfo is not None
            and call.excinfo.errisinstance((unittest.SkipTest, pytest.skip.Exception))
            and BROWSER_SKIP.search(str(call.excinfo.value))
        ):
            report.outcome = "failed"
            report.longrepr = (
                f"browser test skipped, counted as failed: {call.excinfo.value}"
            )

    def pytest_collection_modifyitems(self, config, items):
        # A test module may import or subclass another addon's test class
        # (helpdesk_mgmt's test_js subclasses web's WebSuite): the tests that
        # other addon defines run under its own loader only, not a second time here.
        kept, dropped = [], []
        for item in items:
            function = getattr(item, "function", None)
            if function is not None and _addon(function.__module__) != _addon(
                item.module.__name__
            ):
                dropped.append(item)
            else:
                kept.append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept


def _addon(module_name):
    """The addon a Python module belongs to, or the module itself outside addons."""
    parts = module_name.split(".")
    return (
        parts[2] if parts[:2] == ["odoo", "addons"] and len(parts) > 2 else module_name
    )


def pytest_configure(config):
    # Registered as a plugin, not left as conftest hooks, so that it also
    # applies to tests outside this directory (helpdesk_mgmt's).
    config.pluginmanager.register(BrowserSkipIsFailure(), "browser-skip-is-failure")
    odoo_tests.CHECK_BROWSER_ITERATIONS = max(
        odoo_tests.CHECK_BROWSER_ITERATIONS, BROWSER_START_CHECKS
    )
