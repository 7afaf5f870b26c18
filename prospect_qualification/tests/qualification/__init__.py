# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Qualification: the criteria and their answers on every lead, the weighted
score and its level, the contact profile, inbound or outbound prospecting."""

from . import test_qualification_score
from . import test_prospecting_type
from . import test_qualification_access
from . import test_qualification_tour
from . import test_qualification_reports
from . import test_qualification_dashboard_tour
