# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own runner (`odoo-bin --test-enable`, what Odoo.sh and the OCA's
CI run) only runs the test modules that the `tests` package imports;
pytest-odoo finds every test_*.py file. A module left out of an
__init__.py would pass here and never run there."""

import ast
from pathlib import Path

from odoo.tests import BaseCase, tagged

TESTS = Path(__file__).resolve().parent


def imported_modules(package):
    """Paths of the modules and packages `package`/__init__.py imports
    relatively (`from . import name`), followed into sub-packages."""
    tree = ast.parse((package / "__init__.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            for alias in node.names:
                path = package / alias.name
                if (path / "__init__.py").is_file():
                    found |= {path} | imported_modules(path)
                else:
                    found.add(path.with_suffix(".py"))
    return found


@tagged("post_install", "-at_install")
class TestEveryTestModuleRuns(BaseCase):
    def test_every_test_module_is_imported(self):
        imported = imported_modules(TESTS)
        missing = sorted(
            str(path.relative_to(TESTS))
            for path in TESTS.rglob("test_*.py")
            if path not in imported
        )
        self.assertFalse(
            missing,
            "Test modules that odoo-bin --test-enable would never run: import "
            f"them in their package's __init__.py: {missing}",
        )

    def test_imports_name_existing_modules(self):
        """The check above reads the imports; a module imported but missing
        would fail the import itself, so the two lists must agree."""
        imported = imported_modules(TESTS)
        self.assertTrue(all(path.exists() for path in imported), imported)
        self.assertIn(TESTS / "test_test_registration.py", imported)
