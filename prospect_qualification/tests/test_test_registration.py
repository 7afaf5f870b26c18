# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own runner (`odoo-bin --test-enable`, what Odoo.sh and the OCA's
CI run) only runs the test modules its loader finds: the `test_*` names of
the `tests` package. pytest-odoo finds every test_*.py file. A module left
out of an __init__.py, or a feature package whose modules the tests
package does not re-export (`from .<feature> import *`), would pass here and
never run there."""

from pathlib import Path

from odoo.tests import BaseCase, loader, tagged

TESTS = Path(__file__).resolve().parent


@tagged("post_install", "-at_install")
class TestEveryTestModuleRuns(BaseCase):
    def test_odoo_runner_finds_every_test_module(self):
        found = {
            Path(module.__file__).resolve()
            for module in loader.get_test_modules("prospect_qualification")
        }
        on_disk = set(TESTS.rglob("test_*.py"))
        missing = sorted(str(path.relative_to(TESTS)) for path in on_disk - found)
        self.assertFalse(
            missing,
            "Test modules that odoo-bin --test-enable would never run: import "
            "them in their package's __init__.py (and the package in "
            f"tests/__init__.py with `from .<feature> import *`): {missing}",
        )
        self.assertIn(Path(__file__).resolve(), found)
