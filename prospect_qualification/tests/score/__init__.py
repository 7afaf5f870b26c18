# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The score explained (breakdown) and calibrated against closed
opportunities."""

from . import test_score_breakdown
from . import test_score_breakdown_tour
from . import test_score_calibration
from . import test_score_statistics
