# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up cadences: rules and their steps, the engine that starts, moves
on and stops cadences, outcomes and branches, smart exits."""

from . import test_followup_triggers
from . import test_followup_cadence
from . import test_followup_stop
from . import test_followup_working_week
from . import test_followup_scheduling
from . import test_followup_cron
from . import test_followup_rule
from . import test_whatsapp
from . import test_followup_concurrency
from . import test_followup_tour
from . import test_followup_outcome
from . import test_followup_exit
from . import test_followup_outcome_tour
from . import test_contact_rate_report
from . import test_followup_contact_hours
from . import test_followup_reply_date_triggers
from . import test_followup_due
from . import test_followup_isolation
from . import test_mail_gateway
from . import test_mail_gateway_concurrency
