# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle: the state of every lead (lead, prospect, qualified, customer,
disqualified) and the history of its changes."""

from . import test_prospect_state
