# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The qualification analysis: funnel, time in each state, the dashboard."""

from . import prospect_funnel_report
from . import prospect_state_duration_report
from . import prospect_qualification_dashboard
