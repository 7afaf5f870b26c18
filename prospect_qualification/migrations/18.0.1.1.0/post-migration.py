# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The follow-up cron moved from prospect.followup.rule to the follow-up
engine (prospect.followup.engine). Its record is noupdate: point it to the
engine, keeping what an administrator set (interval, next call, active)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref(
        "prospect_qualification.ir_cron_prospect_followup", raise_if_not_found=False
    )
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("prospect.followup.engine"),
                "code": "model._cron_run_followup()",
            }
        )
