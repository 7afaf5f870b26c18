# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer classes: current, active or inactive customers, from their
purchases; announces the customers who turn inactive."""

from . import test_customer_class
