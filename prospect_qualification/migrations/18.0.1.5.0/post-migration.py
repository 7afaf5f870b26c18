# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The follow-up scheduler runs one cron per job (data/ir_cron_data.xml),
which the data update has just created. The single cron they replace is
noupdate data, which an update never deletes: delete it (and its server
action), so that it does not call a method that no longer exists. An
administrator who had deactivated it had stopped the follow-up: the crons
that replace it are deactivated too. The no-reply and date rules have a
cron of their own, hourly: the parameter that timed them goes."""

from odoo import SUPERUSER_ID, api

OLD_CRON = "prospect_qualification.ir_cron_prospect_followup"
LAST_SCAN_PARAM = "prospect_qualification.followup_last_scan"
NEW_CRONS = (
    "prospect_qualification.ir_cron_prospect_followup_overdue_steps",
    "prospect_qualification.ir_cron_prospect_first_response_escalation",
    "prospect_qualification.ir_cron_prospect_first_response_reassign",
    "prospect_qualification.ir_cron_prospect_followup_idle",
    "prospect_qualification.ir_cron_prospect_followup_no_reply_date",
    "prospect_qualification.ir_cron_prospect_followup_wake_up",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    env["ir.config_parameter"].set_param(LAST_SCAN_PARAM, False)
    old = env.ref(OLD_CRON, raise_if_not_found=False)
    if not old:
        return
    if not old.active:
        env["ir.cron"].browse([env.ref(xmlid).id for xmlid in NEW_CRONS]).active = False
    action = old.ir_actions_server_id
    old.unlink()
    action.unlink()
