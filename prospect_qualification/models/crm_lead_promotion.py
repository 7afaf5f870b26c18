# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promotion of leads and opportunities to a stage, with its checklist
(the wizard collects the input; the work is done here)."""

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _prospect_next_stage(self):
        """The stage after the current one, in the pipeline's order, among
        the stages of the team of the least advanced of these leads (shared
        stages included); an empty recordset after the last one."""
        if not self:
            return self.env["crm.stage"]
        first = self.sorted(lambda lead: (lead.stage_id.sequence, lead.stage_id.id))[0]
        stages = first._stage_find(limit=None, order=self.env["crm.stage"]._order)
        current = first.stage_id
        if not current:
            return stages[:1]
        if current in stages:
            index = stages.ids.index(current.id)
            return stages[index + 1 : index + 2]
        return stages.filtered(lambda stage: stage.sequence > current.sequence)[:1]

    def _prospect_promotion_skip_reason(self, stage):
        """Why this lead cannot be promoted to `stage` at all (whatever the
        gate), or False."""
        self.ensure_one()
        if not self.active:
            return self.env._("It is lost: restore it first.")
        if self.stage_id.is_won and self.type == "opportunity":
            return self.env._("It is already won.")
        if self.stage_id == stage:
            return self.env._("It is already in this stage.")
        if self.stage_id and stage.sequence < self.stage_id.sequence:
            return self.env._(
                "It is already further in the pipeline (%(stage)s).",
                stage=self.stage_id.name,
            )
        if stage.team_id and stage.team_id != self.team_id:
            return self.env._(
                "The stage belongs to the sales team %(team)s.",
                team=stage.team_id.name,
            )
        return False

    def _prospect_promotion_preview(self, stage):
        """{lead id: (reason, [GateResult])}: why a lead cannot be promoted
        to `stage` at all (False when it can), and its checklist for the
        stage's gate. The gate is evaluated once for the whole batch."""
        reasons = {
            lead.id: lead._prospect_promotion_skip_reason(stage) for lead in self
        }
        checklist = stage._prospect_gate_checklist(
            self.filtered(lambda lead: not reasons[lead.id])
        )
        return {
            lead.id: (reasons[lead.id], checklist.get(lead.id, [])) for lead in self
        }

    def _prospect_promote(self, stage, note=False, override_reason=False):
        """Promote these leads to `stage`, through its gate.

        Leads that meet the gate (or fail a warning gate) move; leads that
        fail a blocking gate stay untouched, unless a sales manager gives an
        `override_reason` (the override is recorded). Leads of type lead are
        converted to opportunities first, as Odoo's conversion does. Each
        promoted lead gets one chatter note: from and to stage, score,
        checklist, note and override reason.

        :return: dict with ``promoted`` (crm.lead), ``failed`` ({lead id:
            [missing requirements]}) and ``skipped`` ({lead id: reason}).
        """
        override_reason = (override_reason or "").strip()
        if override_reason and not self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            raise UserError(
                self.env._(
                    "Only sales managers can promote cards that do not meet the "
                    "requirements of a stage. Leave the override reason empty."
                )
            )
        self.check_access("write")
        preview = self._prospect_promotion_preview(stage)
        skipped = {
            lead_id: reason for lead_id, (reason, _results) in preview.items() if reason
        }
        candidates = self.filtered(lambda lead: lead.id not in skipped)
        checklist = {lead.id: preview[lead.id][1] for lead in candidates}
        blocking = stage.sudo().gate_policy == "block"
        failing = candidates.filtered(
            lambda lead: not all(result.met for result in checklist[lead.id])
        )
        overridden = failing if blocking and override_reason else self.browse()
        refused = failing - overridden if blocking else self.browse()
        promoted = candidates - refused
        if promoted:
            promoted._prospect_move_to_stage(
                stage,
                checklist,
                note=note,
                override_reason=override_reason,
                overridden=overridden,
            )
        return {
            "promoted": promoted,
            "failed": {
                lead.id: [
                    _missing_label(self.env, result)
                    for result in checklist[lead.id]
                    if not result.met
                ]
                for lead in refused
            },
            "skipped": skipped,
        }

    def _prospect_move_to_stage(
        self, stage, checklist, note=False, override_reason=False, overridden=None
    ):
        """Convert, move and log the leads the promotion lets through; the
        gate was checked by the caller (`checklist`: {lead id: [GateResult]})."""
        stages_from = {lead.id: lead.stage_id for lead in self}
        to_convert = self.filtered(lambda lead: lead.type == "lead")
        to_convert._prospect_convert_to_opportunity()
        # The gate was just evaluated for exactly these leads, overrides
        # included: the write must not check it again. The skip key is only
        # honoured in superuser mode; write access was checked by the caller.
        self.sudo().with_context(prospect_skip_gate=True).write({"stage_id": stage.id})
        overridden = overridden or self.browse()
        if overridden:
            self.env["prospect.gate.override"].create(
                [
                    {
                        "lead_id": lead.id,
                        "stage_from_id": stages_from[lead.id].id,
                        "stage_id": stage.id,
                        "reason": override_reason,
                        "missing_requirements": "\n".join(
                            _missing_label(self.env, result)
                            for result in checklist[lead.id]
                            if not result.met
                        ),
                    }
                    for lead in overridden
                ]
            )
        bodies = {
            lead.id: lead._prospect_promotion_message(
                stages_from[lead.id],
                stage,
                checklist[lead.id],
                note=note,
                override_reason=override_reason if lead in overridden else False,
                converted=lead in to_convert,
            )
            for lead in self
        }
        self._message_log_batch(bodies, message_type="comment")

    def _prospect_promotion_message(
        self,
        stage_from,
        stage_to,
        results,
        note=False,
        override_reason=False,
        converted=False,
    ):
        self.ensure_one()
        body = Markup("<p><strong>%s</strong></p>") % self.env._(
            "Promoted from %(from)s to %(to)s",
            **{
                "from": stage_from.name or self.env._("no stage"),
                "to": stage_to.name,
            },
        )
        if converted:
            body += Markup("<p>%s</p>") % self.env._("Converted to an opportunity.")
        body += Markup("<p>%s</p>") % self.env._(
            "Score: %(score)s", score=self.qualification_score
        )
        body += stage_to._prospect_gate_render_checklist(results)
        if note:
            body += Markup("<p>%s %s</p>") % (self.env._("Note:"), note)
        if override_reason:
            body += Markup("<p><strong>%s</strong> %s</p>") % (
                self.env._("Requirements overridden by a sales manager:"),
                override_reason,
            )
        return body

    def _prospect_convert_to_opportunity(self):
        """Convert leads to opportunities as Odoo's conversion does: link the
        customer found by e-mail, or create one from the lead's contact data,
        and keep salesperson and team. Leads of this batch that share an
        e-mail share one new customer, never two."""
        if not self:
            return
        emails = {
            lead.email_normalized
            for lead in self
            if not lead.partner_id and lead.email_normalized
        }
        customers = {}
        if emails:
            for partner in self.env["res.partner"].search(
                [("email_normalized", "in", list(emails))], order="id"
            ):
                customers.setdefault(partner.email_normalized, partner)
        for lead in self:
            customer = lead.partner_id or customers.get(lead.email_normalized)
            if not customer and (
                lead.contact_name or lead.partner_name or lead.email_from
            ):
                # As Odoo's conversion wizard: the new customer belongs to
                # the lead's salesperson.
                lead.with_context(
                    default_user_id=lead.user_id.id
                )._handle_partner_assignment(create_missing=True)
                customer = lead.partner_id
                if lead.email_normalized:
                    customers[lead.email_normalized] = customer
            lead.convert_opportunity(customer)


def _missing_label(env, result):
    return env["crm.stage"]._prospect_gate_missing_label(result)
