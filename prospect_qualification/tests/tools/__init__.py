# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The plain Python of tools/, tested without the database."""

from . import test_time_zone
from . import test_work_time
from . import test_followup_planning
