# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ProspectPromotionWizard(models.TransientModel):
    """Promote leads and opportunities to a stage: shows the checklist of the
    stage's requirements for each record, then promotes those that meet them
    (crm.lead._prospect_promote does the work)."""

    _name = "prospect.promotion.wizard"
    _inherit = ["prospect.input.check.mixin"]
    _description = "Promote to a Stage"

    state = fields.Selection(
        [("draft", "Checklist"), ("done", "Result")],
        default="draft",
        required=True,
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "prospect_promotion_wizard_lead_rel",
        "wizard_id",
        "lead_id",
        string="Leads and Opportunities",
        # Lost records selected in a list are shown (and skipped), not hidden.
        context={"active_test": False},
    )
    lead_count = fields.Integer(compute="_compute_lead_count")
    team_ids = fields.Many2many("crm.team", compute="_compute_team_ids")
    target_stage_id = fields.Many2one(
        "crm.stage",
        string="Promote To",
        compute="_compute_target_stage_id",
        store=True,
        readonly=False,
        domain="[('is_won', '=', False), '|', ('team_id', '=', False), "
        "('team_id', 'in', team_ids)]",
        help="The stage to move the records to. By default the next stage of "
        "the least advanced record, among the stages of its sales team. Won "
        "stages are not offered: mark cards as won with the Won button.",
    )
    note = fields.Text(
        help="Logged in the chatter of each promoted record.",
    )
    override_reason = fields.Text(
        help="Sales managers only: records that do not meet the blocking "
        "requirements of the stage are promoted too, and this reason is "
        "recorded with the override.",
    )
    checklist_html = fields.Html(
        string="Checklist",
        compute="_compute_checklist",
        # Built from escaped values by the compute; nothing comes from input.
        sanitize=False,
    )
    ready_count = fields.Integer(compute="_compute_checklist")
    blocked_count = fields.Integer(compute="_compute_checklist")
    can_override = fields.Boolean(compute="_compute_checklist")
    promoted_lead_ids = fields.Many2many(
        "crm.lead",
        "prospect_promotion_wizard_promoted_rel",
        "wizard_id",
        "lead_id",
        string="Promoted",
        readonly=True,
    )
    failed_lead_ids = fields.Many2many(
        "crm.lead",
        "prospect_promotion_wizard_failed_rel",
        "wizard_id",
        "lead_id",
        string="Not Promoted",
        readonly=True,
        context={"active_test": False},
    )
    # Stored on the wizard record, which its user can write over RPC: sanitized.
    result_html = fields.Html(string="Result", readonly=True)

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        context = self.env.context
        if (
            "lead_ids" in fields_list
            and not result.get("lead_ids")
            and context.get("active_model") == "crm.lead"
            and context.get("active_ids")
        ):
            result["lead_ids"] = [Command.set(context["active_ids"])]
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_target_stage(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_target_stage(vals)
        return super().write(vals)

    @api.model
    def _check_target_stage(self, vals):
        """A stage id that does not exist (deleted meanwhile, or sent by a
        client) gets a clear message rather than a database error."""
        stage_id = vals.get("target_stage_id")
        if stage_id and not self.env["crm.stage"].browse(stage_id).exists():
            raise UserError(
                self.env._(
                    "The stage to promote to (id %(id)s) does not exist: it may "
                    "have been deleted. Choose another stage.",
                    id=stage_id,
                )
            )

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        for wizard in self:
            wizard.lead_count = len(wizard.lead_ids)

    @api.depends("lead_ids.team_id")
    def _compute_team_ids(self):
        for wizard in self:
            wizard.team_ids = wizard.lead_ids.team_id

    @api.depends("lead_ids")
    def _compute_target_stage_id(self):
        for wizard in self:
            if not wizard.target_stage_id:
                wizard.target_stage_id = wizard.lead_ids._prospect_next_stage()

    @api.depends("lead_ids", "target_stage_id")
    def _compute_checklist(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for wizard in self:
            stage = wizard.target_stage_id
            if not stage or not wizard.lead_ids:
                wizard.checklist_html = False
                wizard.ready_count = wizard.blocked_count = 0
                wizard.can_override = False
                continue
            preview = wizard.lead_ids._prospect_promotion_preview(stage)
            cards, ready, blocked, policies = [], 0, 0, set()
            for lead in wizard.lead_ids:
                reason, verdict = preview[lead.id]
                steps = verdict.steps if verdict else []
                policies.update(step.policy for step in steps)
                if reason:
                    status = ("text-bg-secondary", self.env._("Skipped"))
                elif verdict.met:
                    ready += 1
                    status = ("text-bg-success", self.env._("Ready"))
                elif verdict.blocking:
                    blocked += 1
                    status = ("text-bg-danger", self.env._("Blocked"))
                else:
                    ready += 1
                    status = ("text-bg-warning", self.env._("Moves with a warning"))
                cards.append(
                    {
                        "lead": lead,
                        "status_class": status[0],
                        "status": status[1],
                        "subtitle": self.env._(
                            "%(from)s → %(to)s · score %(score)s",
                            **{
                                "from": lead.stage_id.name or self.env._("no stage"),
                                "to": stage.name,
                                "score": lead.qualification_score,
                            },
                        ),
                        "reason": reason,
                        "steps": steps,
                    }
                )
            summary = self.env._(
                "Ready to promote to %(stage)s: %(ready)s of %(total)s.",
                ready=ready,
                total=len(wizard.lead_ids),
                stage=stage.name,
            )
            if blocked:
                summary += " " + self.env._("Blocked: %(count)s.", count=blocked)
            wizard.checklist_html = self.env["prospect.gate"]._render(
                "prospect_qualification.promotion_wizard_checklist",
                summary=summary,
                cards=cards,
                policy=next((p for p in ("block", "warn") if p in policies), "none"),
            )
            wizard.ready_count = ready
            wizard.blocked_count = blocked
            wizard.can_override = bool(blocked) and is_manager

    def action_promote(self):
        self.ensure_one()
        if not self.lead_ids:
            raise UserError(self.env._("Select the records to promote."))
        if not self.target_stage_id:
            raise UserError(self.env._("Choose the stage to promote to."))
        stage = self.target_stage_id
        result = self.lead_ids._prospect_promote(
            stage, note=self.note, override_reason=self.override_reason
        )
        promoted = result["promoted"]
        not_promoted = {**result["failed"], **result["skipped"]}
        if not not_promoted:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "Promoted to %(stage)s: %(count)s.",
                        count=len(promoted),
                        stage=stage.name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        failed = self.lead_ids.filtered(lambda lead: lead.id in not_promoted)
        self.write(
            {
                "state": "done",
                "promoted_lead_ids": [Command.set(promoted.ids)],
                "failed_lead_ids": [Command.set(failed.ids)],
                "result_html": self._render_result(stage, promoted, failed, result),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promotion Result"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "medium"},
        }

    def _render_result(self, stage, promoted, failed, result):
        Gate = self.env["prospect.gate"]
        details = {}
        for lead in failed:
            verdict = result["failed"].get(lead.id)
            details[lead.id] = (
                [
                    self.env._(
                        "Missing for %(stage)s: %(missing)s",
                        stage=step.stage.name,
                        missing=Gate._missing_text(step),
                    )
                    for step in verdict.blocking
                ]
                if verdict
                else [result["skipped"][lead.id]]
            )
        return Gate._render(
            "prospect_qualification.promotion_wizard_result",
            summary=self.env._(
                "Promoted to %(stage)s: %(count)s. Not promoted: %(failed)s.",
                count=len(promoted),
                stage=stage.name,
                failed=len(failed),
            ),
            failed=failed,
            details=details,
        )
