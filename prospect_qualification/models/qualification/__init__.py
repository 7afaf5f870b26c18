# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Qualification: the criteria and their answers on every lead, the weighted
score and its level, the contact profile, inbound or outbound prospecting."""

from . import prospect_qualification_criterion
from . import prospect_interest_tag
from . import res_company
from . import res_config_settings
from . import utm_medium
from . import prospect_weekday
from . import crm_lead_qualification
from . import crm_lead_contact_profile
from . import crm_lead_prospecting
from . import crm_lead_analysis
