# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The follow-up cron reads only the leads whose due date has come
(crm.lead.followup_due_date, new): give every open lead its date, early
rather than late. One UPDATE; the first run of the cron sets the exact
dates of the leads it looks at."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["prospect.followup.engine"]._followup_wake_up_earlier()
