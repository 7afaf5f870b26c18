"""With the Sales app installed, confirmed sale orders count as purchases in
the customer classification. Our test database has no `sale` (the addon does
not depend on it), so this runs that test in a database of its own, through
Odoo's test runner, and checks that it ran rather than skipped."""

import os
import re
import socket

import pytest
from odoo_cli import drop_database, run_odoo

pytestmark = pytest.mark.lifecycle

TEST = "TestCustomerClassUpdates.test_confirmed_sale_orders_count"


@pytest.fixture(scope="module")
def sale_database():
    db = f"pq_sale_{os.getpid()}"
    drop_database(db)
    try:
        yield db
    finally:
        drop_database(db)


def _free_port():
    # Odoo's test mode starts its HTTP server even with --no-http.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sale_orders_counted_when_sale_installed(sale_database):
    log = run_odoo(
        sale_database,
        "-i",
        "sale,prospect_qualification",
        "--without-demo=all",
        f"--test-tags=/prospect_qualification:{TEST}",
        "--log-level=test",
        f"--http-port={_free_port()}",
    )
    stats = re.search(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", log)
    assert stats, log[-3000:]
    assert stats.groups() == ("0", "0", "1"), log[-3000:]
    assert "skipped" not in log.lower(), log[-3000:]
