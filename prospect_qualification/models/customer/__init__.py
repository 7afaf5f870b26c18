# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer classes: current, active or inactive customers, from their
purchases; announces the customers who turn inactive."""

from . import crm_lead_customer_class
from . import res_partner
from . import res_partner_server_fields
