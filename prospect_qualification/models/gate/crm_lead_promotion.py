# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promotion of leads and opportunities to a stage, with the checklist of
their way there (the wizard collects the input; the work is done here, the
gate service judges)."""

from odoo import models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _prospect_next_stage(self):
        """The stage after the current one, in the pipeline's order, among
        the stages of the team of the least advanced of these leads (shared
        stages included); won stages are not offered (winning is done with
        the Won button). An empty recordset after the last one."""
        if not self:
            return self.env["crm.stage"]
        first = self.sorted(lambda lead: (lead.stage_id.sequence, lead.stage_id.id))[0]
        stages = first._stage_find(
            domain=[("is_won", "=", False)],
            limit=None,
            order=self.env["crm.stage"]._order,
        )
        current = first.stage_id
        if not current:
            return stages[:1]
        rank = (current.sequence, current.id)
        return stages.filtered(lambda stage: (stage.sequence, stage.id) > rank)[:1]

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
        if self.stage_id and (stage.sequence, stage.id) < (
            self.stage_id.sequence,
            self.stage_id.id,
        ):
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
        """{lead id: (reason, GateVerdict or None)}: why a lead cannot be
        promoted to `stage` at all (False when it can), and the verdict of
        the gate service on its way there. One evaluation for the batch."""
        reasons = {
            lead.id: lead._prospect_promotion_skip_reason(stage) for lead in self
        }
        candidates = self.filtered(lambda lead: not reasons[lead.id])
        verdicts = self.env["prospect.gate"]._evaluate(
            candidates,
            stage,
            origins={lead.id: lead.stage_id for lead in candidates},
        )
        return {lead.id: (reasons[lead.id], verdicts.get(lead.id)) for lead in self}

    def _prospect_promote(self, stage, note=False, override_reason=False):
        """Promote these leads to `stage`, through the gates of their way.

        Leads that meet them (or miss a warning gate) move; leads that miss a
        blocking gate stay untouched, unless a sales manager gives an
        `override_reason` (the override is recorded). Leads of type lead are
        converted to opportunities first, as Odoo's conversion does. Each
        promoted lead gets one chatter note: from and to stage, score,
        checklist, note and override reason. Won stages are refused: winning
        is done with the Won button.

        :return: dict with ``promoted`` (crm.lead), ``failed`` ({lead id:
            GateVerdict}) and ``skipped`` ({lead id: reason}).
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
        if stage.is_won:
            raise UserError(
                self.env._(
                    "“%(stage)s” is a won stage: mark the cards as won with the "
                    "Won button. Promote moves cards along the pipeline.",
                    stage=stage.name,
                )
            )
        self.check_access("write")
        preview = self._prospect_promotion_preview(stage)
        skipped = {
            lead_id: reason for lead_id, (reason, _verdict) in preview.items() if reason
        }
        candidates = self.filtered(lambda lead: lead.id not in skipped)
        verdicts = {lead.id: preview[lead.id][1] for lead in candidates}
        blocked = candidates.filtered(lambda lead: verdicts[lead.id].blocking)
        overridden = blocked if override_reason else self.browse()
        refused = blocked - overridden
        promoted = candidates - refused
        if promoted:
            promoted._prospect_move_to_stage(
                stage,
                verdicts,
                note=note,
                override_reason=override_reason,
                overridden=overridden,
            )
        return {
            "promoted": promoted,
            "failed": {lead.id: verdicts[lead.id] for lead in refused},
            "skipped": skipped,
        }

    def _prospect_move_to_stage(
        self, stage, verdicts, note=False, override_reason=False, overridden=None
    ):
        """Convert, move and log the leads the promotion lets through
        (`verdicts`: {lead id: GateVerdict} of the gate service, which judged
        them; `overridden`: those a manager lets in without meeting it)."""
        Gate = self.env["prospect.gate"]
        overridden = overridden or self.browse()
        stages_from = {lead.id: lead.stage_id for lead in self}
        to_convert = self.filtered(lambda lead: lead.type == "lead")
        to_convert._prospect_convert_to_opportunity()
        if overridden:
            self.env["prospect.gate.override"]._record(
                overridden, stages_from, stage, override_reason, verdicts
            )
        # The move is the user's own write (their access rights apply); the
        # service judged these entries just now and logs them below, so the
        # write does not check them again.
        with Gate._entry_pass(self, stage):
            self.write({"stage_id": stage.id})
        self._message_log_batch(
            {
                lead.id: Gate._render(
                    "prospect_qualification.promotion_note",
                    title=self.env._(
                        "Promoted from %(from)s to %(to)s",
                        **{
                            "from": stages_from[lead.id].name or self.env._("no stage"),
                            "to": stage.name,
                        },
                    ),
                    lead=lead,
                    steps=verdicts[lead.id].steps,
                    note=note,
                    override_reason=override_reason if lead in overridden else False,
                    converted=lead in to_convert,
                )
                for lead in self
            },
            message_type="comment",
        )

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
