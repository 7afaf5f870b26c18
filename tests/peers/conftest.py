"""The run of Odoo's CRM apps with the addon installed (setup/test_peers.sh).

Known failures of that run are named here: each shows as XFAIL with its
reason in the run's summary, and is strict unless said otherwise: once the
test passes, the run fails, so that its entry is removed. An entry matches
one test by Odoo's id (module.Class.method, whatever the addons path) and the
text of its failure: another failure of the same test still fails the run.

Not pytest's xfail mark: Odoo's `@users` tests fail in subtests, which the
mark cannot see (the test itself would "pass", a strict XPASS).
"""

import re
import socket
from dataclasses import dataclass
from functools import cache

import pytest


@cache
def _google_fonts_unreachable():
    try:
        socket.create_connection(("fonts.googleapis.com", 443), timeout=5).close()
    except OSError:
        return True
    return False


@dataclass(frozen=True)
class ExpectedFailure:
    test: str  # Odoo's id of the test
    reason: str
    failure: str  # regular expression its failure's text matches
    only_if: object = None  # a condition (callable); None: always
    strict: bool = True  # False: a race decides, passing is no news


SINGLE_LEAD_QUERIES = (
    "waiting for the performance issue (single-lead query count): a "
    "salesperson's lead create costs more queries with the addon"
)
PERFORMANCE = "odoo.addons.test_crm_full.tests.test_performance.TestCrmPerformance"
WEBSITE_EDITOR_OFFLINE = (
    "fails without the addon too: no internet (the website editor's CSS "
    "imports Google Fonts, and Chromium refuses the stylesheet)"
)
WEBSITE_CRM = "odoo.addons.website_crm.tests.test_website_crm.TestWebsiteCrm"

EXPECTED_FAILURES = [
    *(
        ExpectedFailure(
            f"{PERFORMANCE}.{test}",
            SINGLE_LEAD_QUERIES,
            r"Query count more than expected",
        )
        for test in (
            "test_lead_create_batch_mixed",
            "test_lead_create_single_address",
            "test_lead_create_single_partner",
            # One query over its bound (146 > 145) since main's issue 22
            # merges, with or without this branch.
            "test_lead_create_form_address",
        )
    ),
    # The desktop tour drags a new opportunity to the third column, Qualified
    # with the addon (its Prospect stage comes second), whose gate refuses
    # it: the tour passes when it finds the card there before the kanban
    # puts it back, and fails when it does not.
    ExpectedFailure(
        "odoo.addons.test_main_flows.tests.test_flow.TestUi.test_01_main_flow_tour",
        "the stage gate refuses the tour's drop of a new opportunity on "
        "Qualified; it passes only when the tour looks before the kanban puts "
        "the card back",
        r"Tour main_flow_tour → Step Click on an opportunity to zoom to it",
        strict=False,
    ),
    *(
        ExpectedFailure(
            f"{WEBSITE_CRM}.{test}",
            WEBSITE_EDITOR_OFFLINE,
            r"backend_assets_all_wysiwyg|Wait for the edit mode to be started",
            only_if=_google_fonts_unreachable,
        )
        for test in ("test_tour", "test_catch_logged_partner_info_tour")
    ),
]

_EXPECTED = pytest.StashKey[ExpectedFailure]()
_FAILED = pytest.StashKey[bool]()
_FINISHED = pytest.StashKey[bool]()


def _odoo_test_id(item):
    cls = getattr(item, "cls", None)
    if cls is None:
        return item.nodeid
    return f"{cls.__module__}.{cls.__qualname__}.{item.name}"


def _expect(report, reason):
    report.outcome = "skipped"
    report.wasxfail = reason


class _ExpectedFailures:
    def __init__(self, expected):
        self.expected = {entry.test: entry for entry in expected}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            entry = self.expected.get(_odoo_test_id(item))
            if entry and (entry.only_if is None or entry.only_if()):
                item.stash[_EXPECTED] = entry

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        yield
        # The next report of the call is the test's own, after its subtests'.
        item.stash[_FINISHED] = True

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        entry = item.stash.get(_EXPECTED, None)
        if entry is None or call.when != "call":
            return
        report = outcome.get_result()
        if report.failed and re.search(entry.failure, str(report.longrepr)):
            item.stash[_FAILED] = True
            _expect(report, entry.reason)
        elif report.passed and item.stash.get(_FINISHED, False):
            if item.stash.get(_FAILED, False):
                _expect(report, entry.reason)
            elif entry.strict:
                report.outcome = "failed"
                report.longrepr = (
                    f"[XPASS(strict)] {entry.reason}: the test passes now, "
                    f"remove it from EXPECTED_FAILURES in {__file__}."
                )


def pytest_configure(config):
    # A plugin of the whole run: Odoo's test folders lie outside this one.
    config.pluginmanager.register(
        _ExpectedFailures(EXPECTED_FAILURES), "pq_peer_expected_failures"
    )
