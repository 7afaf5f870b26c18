# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stage gates: what a card needs to enter a stage, the one service every
path into a stage asks, the promotion and the overrides."""

from . import crm_stage
from . import crm_lead_gate
from . import crm_lead_promotion
from . import crm_lost_reason
from . import prospect_gate
from . import prospect_gate_override
