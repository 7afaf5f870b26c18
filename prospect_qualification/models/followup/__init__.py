# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up cadences: rules and their steps, the engine that starts, moves
on and stops cadences, outcomes and branches, smart exits."""

from . import crm_lead_mail_gateway
from . import crm_lead_followup
from . import crm_lead_followup_exit
from . import crm_lead_whatsapp
from . import prospect_followup_rule
from . import prospect_followup_rule_flow
from . import prospect_followup_step
from . import prospect_followup_branch
from . import prospect_followup_execution
from . import prospect_followup_engine
from . import prospect_followup_engine_due
from . import prospect_followup_engine_outcome
from . import prospect_followup_engine_exit
from . import prospect_followup_trigger_mark
from . import prospect_followup_engine_triggers
from . import mail_activity
from . import mail_activity_outcome
from . import mail_blacklist
from . import calendar_event
from . import res_partner
from . import mail_activity_type
