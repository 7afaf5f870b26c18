# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up cadences on the lead: the events of a lead (created, moved,
won, lost, archived, the contact replied) start and stop the cadences of the
follow-up rules."""

from odoo import api, fields, models

from .. import contact_notions

# Fields whose change starts or stops cadences.
FOLLOWUP_TRIGGER_FIELDS = {"stage_id", "active", "probability"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    followup_execution_ids = fields.One2many(
        "prospect.followup.execution",
        "lead_id",
        string="Follow-up Steps",
        readonly=True,
    )
    is_reactivation = fields.Boolean(
        string="Reactivation",
        readonly=True,
        copy=False,
        index=True,
        help="Opportunity created to win back a customer who became inactive.",
    )
    # The lead's wake-up (prospect_followup_engine_due.py).
    followup_due_date = fields.Datetime(
        string="Next Follow-up Check",
        readonly=True,
        copy=False,
        index=True,
        help="The earliest time the follow-up scheduler may have work on this "
        "lead (first-response deadline, next step, the day it turns idle).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        engine = self.env["prospect.followup.engine"]
        engine._on_leads_created(leads)
        engine._followup_wake_up_earlier_at_commit(leads)
        return leads

    def write(self, vals):
        followup_before = self._followup_before_write(vals)
        res = super().write(vals)
        engine = self.env["prospect.followup.engine"]
        if followup_before is not None:
            engine._on_leads_written(
                self, followup_before["fnames"], followup_before["stages"]
            )
        if engine._followup_idle_scope_fields() & set(vals):
            # It may have entered the scope of an idle rule.
            engine._followup_wake_up_earlier_at_commit(self)
        elif followup_before is not None:
            # Open again (taken out of a won stage, restored): it may turn
            # idle again.
            stages = followup_before["stages"]
            reopened = self.filtered(
                lambda lead: (
                    vals.get("active")
                    or (stages.get(lead.id) in followup_before["won_stages"])
                )
            )
            engine._followup_wake_up_earlier_at_commit(reopened)
        return res

    def _followup_before_write(self, vals):
        """What the follow-up needs to know before a write: the stages (to
        tell which leads enter a stage), or None when the write is none of its
        business."""
        if not FOLLOWUP_TRIGGER_FIELDS & set(vals):
            return None
        if vals.get("active") is False:
            self._followup_stop_archived()
        stages = {lead.id: lead.stage_id for lead in self} if "stage_id" in vals else {}
        return {
            "fnames": set(vals),
            "stages": {lead_id: stage.id for lead_id, stage in stages.items()},
            "won_stages": {stage.id for stage in stages.values() if stage.is_won},
        }

    def toggle_active(self):
        self._followup_stop_archived()
        return super().toggle_active()

    def _followup_stop_archived(self):
        """mail's activity mixin deletes the activities of the records it
        archives (lost leads): stop their cadences first, as lost."""
        self.env["prospect.followup.execution"].sudo()._stop_cadences(
            self.filtered("active"), "lost"
        )

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        # A reply of the contact (or of its company) stops the cadences of
        # the rules that stop on reply.
        replied = contact_notions.reply_from(self, message)
        if replied:
            self.env["prospect.followup.engine"]._on_customer_replied(
                self,
                "replied"
                if replied == contact_notions.REPLY_FROM_CONTACT
                else "company_replied",
            )
        return res
