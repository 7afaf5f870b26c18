# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging leads: what the duplicates knew survives on the lead kept."""

from . import crm_lead_merge
