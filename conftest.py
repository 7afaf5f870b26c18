"""Suite-wide pytest hooks.

Odoo skips a browser test (tour) when Chromium or websocket-client is missing,
and pytest-odoo skips HttpCase tests without --odoo-http; either way the run
would still look green. Here a skipped HttpCase test is a failure.
"""

import pytest


def _is_http_case(item):
    try:
        from odoo.tests import HttpCase
    except ImportError:  # pragma: no cover - odoo is always importable here
        return False
    return isinstance(getattr(item, "instance", None), HttpCase)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _is_http_case(item):
        reason = (
            report.longrepr[2]
            if isinstance(report.longrepr, tuple)
            else report.longrepr
        )
        report.outcome = "failed"
        report.longrepr = (
            f"Browser test was skipped ({reason}). Install Debian's chromium and "
            "websocket-client and run pytest with --odoo-http."
        )
