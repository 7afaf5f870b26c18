"""Suite-wide pytest hooks.

Odoo skips a browser test (tour) when Chromium or websocket-client is missing,
and pytest-odoo skips HttpCase tests without --odoo-http; either way the run
would still look green. Here a skipped HttpCase test is a failure, wherever
the test lives: setup/test.sh also runs Odoo's own crm tests, outside this
folder, and pytest only applies a conftest's per-test hooks to the tests
below it, so the check is registered as a plugin of the whole run.

One run collects several test folders (ours and crm's): a folder named on
the command line that yields no test fails the run, as pytest does when the
whole run collects nothing.
"""

import os
from pathlib import Path

import pytest


def _is_http_case(item):
    try:
        from odoo.tests import HttpCase
    except ImportError:  # pragma: no cover - odoo is always importable here
        return False
    return isinstance(getattr(item, "instance", None), HttpCase)


class _SkippedBrowserTestFails:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        # An expected failure (tests/peers/conftest.py) is reported as skipped.
        expected_failure = hasattr(report, "wasxfail")
        if report.skipped and not expected_failure and _is_http_case(item):
            reason = (
                report.longrepr[2]
                if isinstance(report.longrepr, tuple)
                else report.longrepr
            )
            report.outcome = "failed"
            report.longrepr = (
                f"Browser test was skipped ({reason}). Install Debian's chromium "
                "and websocket-client and run pytest with --odoo-http."
            )


def _give_chromium_time_to_start():
    """Odoo waits 10 s for a new Chromium to open its devtools port, then
    skips the tour (which fails the run, above). On a loaded 2-core machine
    a cold start has taken longer: wait up to 60 s. Only the start-up wait
    changes; a tour still fails on its own timeouts."""
    from odoo.tests import common

    common.CHECK_BROWSER_ITERATIONS = max(common.CHECK_BROWSER_ITERATIONS, 600)


def pytest_configure(config):
    config.pluginmanager.register(_SkippedBrowserTestFails(), "pq_skipped_browser")
    _give_chromium_time_to_start()


def _leave_out_tours_when_quick(config, items):
    """setup/test.sh --quick (PQ_QUICK=1): the browser tests are left out
    (deselected, not skipped), so that a developer's run takes minutes."""
    if not os.environ.get("PQ_QUICK"):
        return
    from odoo.tests import HttpCase

    tours = [
        item
        for item in items
        if isinstance(getattr(item, "cls", None), type)
        and issubclass(item.cls, HttpCase)
    ]
    if tours:
        config.hook.pytest_deselected(items=tours)
        left_out = set(map(id, tours))
        items[:] = [item for item in items if id(item) not in left_out]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    # tryfirst: before -k / -m deselect, which may leave a folder empty on purpose.
    folders = {
        Path(config.invocation_params.dir, arg).resolve()
        for arg in config.args
        if Path(config.invocation_params.dir, arg).is_dir()
    }
    found = {item.path.resolve() for item in items}
    empty = sorted(
        str(folder)
        for folder in folders
        if not any(folder in path.parents for path in found)
    )
    if empty:
        raise pytest.UsageError(f"No test collected in {', '.join(empty)}.")
    _leave_out_tours_when_quick(config, items)
