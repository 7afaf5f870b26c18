# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead by lead."""

from . import prospect_speed_report
