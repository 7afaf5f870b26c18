# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProspectGateOverride(models.Model):
    """A card promoted by a sales manager into a stage whose blocking
    requirements it did not meet: who, when, why and what was missing.

    Written only by the promotion (`_record`), never by hand: users only read
    these records, and who and when are always the acting user and now."""

    _name = "prospect.gate.override"
    _description = "Stage Requirements Override"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one(
        "crm.lead", required=True, index=True, ondelete="cascade", readonly=True
    )
    stage_from_id = fields.Many2one(
        "crm.stage", string="From Stage", ondelete="set null", readonly=True
    )
    stage_id = fields.Many2one(
        "crm.stage", string="To Stage", ondelete="set null", readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Overridden By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
    )
    reason = fields.Text(required=True, readonly=True)
    missing_requirements = fields.Text(readonly=True)
    # The lead's company when the override was made, like the rest of the
    # record: a plain field (a stored compute on lead_id.company_id would be
    # looked up at every change of a lead's team or salesperson).
    company_id = fields.Many2one("res.company", index=True, readonly=True)

    @api.constrains("reason")
    def _check_reason(self):
        for override in self:
            if not (override.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "An override of the stage requirements needs a reason: "
                        "say why the card enters the stage anyway."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # The record says who overrode and when: always the acting user, now.
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.update(user_id=self.env.uid, date=now)
        return super().create(vals_list)

    @api.model
    def _record(self, leads, stages_from, stage, reason, verdicts):
        """Record that `leads` enter `stage` by a manager's override
        (`stages_from`: {lead id: stage left}; `verdicts`: {lead id:
        GateVerdict}, for what was missing)."""
        Gate = self.env["prospect.gate"]
        # sudo: nobody creates overrides by hand; the promotion does, once it
        # has checked that the user is a sales manager.
        return self.sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "company_id": lead.company_id.id,
                    "stage_from_id": stages_from[lead.id].id,
                    "stage_id": stage.id,
                    "reason": reason,
                    "missing_requirements": "\n".join(
                        self.env._(
                            "%(stage)s: %(missing)s",
                            stage=step.stage.name,
                            missing=Gate._missing_text(step),
                        )
                        for step in verdicts[lead.id].blocking
                    ),
                }
                for lead in leads
            ]
        )
