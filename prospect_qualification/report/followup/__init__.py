# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up compliance and contact rate, by step."""

from . import prospect_followup_step_report_mixin
from . import prospect_followup_compliance_report
from . import prospect_contact_rate_report
