# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead: first-response deadlines in working time, the live queue,
reassignment on breach and the leaders' digest."""

from . import crm_lead_speed
from . import crm_lead_queue
from . import crm_lead_reassign
from . import crm_team
from . import crm_team_member
from . import crm_team_digest
