# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The score explained (breakdown) and calibrated against closed
opportunities."""

from . import crm_lead_score_breakdown
from . import crm_lead_calibration
from . import prospect_score_calibration
