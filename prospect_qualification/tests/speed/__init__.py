# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead: first-response deadlines in working time, the live queue,
reassignment on breach and the leaders' digest."""

from . import test_first_response
from . import test_sla_reports
from . import test_speed_business_hours
from . import test_first_response_queue
from . import test_first_response_reassign
from . import test_leader_digest
