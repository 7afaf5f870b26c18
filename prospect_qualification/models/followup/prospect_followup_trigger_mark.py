# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What already started a cadence of a scanned rule on a lead (the e-mail
left without a reply, the date): the cron does not start it again for the
same one."""

from odoo import fields, models


class ProspectFollowupTriggerMark(models.Model):
    _name = "prospect.followup.trigger.mark"
    _description = "Follow-up Trigger Fired"
    _log_access = False

    rule_id = fields.Many2one(
        "prospect.followup.rule", required=True, ondelete="cascade", index=True
    )
    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    # The id of the e-mail (no reply) or the date (ISO) the cadence started for.
    key = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        (
            "rule_lead_key_uniq",
            "unique (rule_id, lead_id, key)",
            "A follow-up rule starts once per lead for the same e-mail or date.",
        ),
    ]
