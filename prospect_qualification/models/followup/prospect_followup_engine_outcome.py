# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Branches of a cadence: when a step is done with an outcome, the step's
branch for it (prospect.followup.branch) decides what comes next."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEETING_TYPE = "mail.mail_activity_data_meeting"
TODO_TYPE = "mail.mail_activity_data_todo"


class ProspectFollowupEngine(models.AbstractModel):
    _inherit = "prospect.followup.engine"

    @api.model
    def _followup_next_steps(self, executions):
        """{execution: the step that follows it} for `executions` (sudo,
        done, on open leads): the branch of its step for its outcome, or else
        the next step. The branches that end the cadence are carried out
        here; their executions get no next step."""
        next_steps = {}
        ended = self.env["prospect.followup.execution"].sudo()
        by_action = {}
        for execution in executions:
            branch = (
                execution.step_id._get_branch(execution.outcome)
                if execution.step_id and execution.outcome
                else None
            )
            if not branch:
                next_steps[execution] = execution._get_next_step()
            elif branch.action == "goto":
                # Steps reordered since the branch was saved: a cadence never
                # goes back (it always ends), the next step follows instead.
                target = branch.target_step_id
                forward = target._get_position() > execution.step_id._get_position()
                next_steps[execution] = (
                    target if forward else execution._get_next_step()
                )
            elif branch.action == "stage" and not self._followup_branch_move(
                execution, branch
            ):
                # Refused by the stage's gate: the cadence goes on.
                next_steps[execution] = execution._get_next_step()
            else:
                ended |= execution
                by_action.setdefault(branch.action, ended.browse())
                by_action[branch.action] |= execution
        if ended:
            ended.write(
                {"stop_reason": "outcome", "date_stopped": fields.Datetime.now()}
            )
        self._followup_branch_stop_no_access(by_action.get("stop_no_access"))
        self._followup_branch_schedule(by_action.get("disqualify"), "disqualify")
        self._followup_branch_schedule(by_action.get("meeting"), "meeting")
        return next_steps

    @api.model
    def _followup_branch_move(self, execution, branch):
        """Move the lead of `execution` to the branch's stage through its
        gate, as the user who gave the outcome; False when refused (the
        refusal is noted in the chatter)."""
        lead = execution.lead_id
        try:
            with self.env.cr.savepoint():
                # Not sudo: the stage gate and the user's rights decide.
                lead.sudo(False).write({"stage_id": branch.stage_id.id})
        except (UserError, ValidationError) as error:
            lead.message_post(
                body=self.env._(
                    "The outcome “%(outcome)s” should move the lead to %(stage)s, "
                    "but the stage refused it: %(reason)s The cadence goes on.",
                    outcome=branch._outcome_label(),
                    stage=branch.stage_id.name,
                    reason=error.args[0] if error.args else "",
                ),
                subtype_xmlid="mail.mt_note",
            )
            return False
        return True

    @api.model
    def _followup_branch_stop_no_access(self, executions):
        """A wrong number: the Access criterion is answered No."""
        if not executions:
            return
        for lead in executions.lead_id:
            try:
                with self.env.cr.savepoint():
                    # Not sudo: as the user who gave the outcome (crm's rules).
                    lead.sudo(False).write({"qualification_access": "no"})
            except UserError as error:  # AccessError included
                body = self.env._(
                    "Wrong number: the cadence stopped, but Access could not be "
                    "set to “No”: %(reason)s",
                    reason=error.args[0] if error.args else "",
                )
            else:
                body = self.env._(
                    "Wrong number: Access is now “No” and the cadence stopped. "
                    "Find another way to reach the contact."
                )
            lead.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _followup_branch_schedule(self, executions, kind):
        """The activity the branch plans for the salesperson: deciding on a
        disqualification, or the meeting booked."""
        if not executions:
            return
        xmlid = MEETING_TYPE if kind == "meeting" else TODO_TYPE
        activity_type = self.env.ref(xmlid, raise_if_not_found=False)
        if not activity_type:
            return
        today = fields.Date.context_today(self)
        vals_list = []
        for execution in executions:
            lead = execution.lead_id
            user = lead.user_id or execution.user_id or self.env.user
            lang = user.lang or self.env.lang
            translated = self.with_context(lang=lang).env
            if kind == "meeting":
                summary = translated._("Plan the meeting booked on the call")
            else:
                summary = translated._(
                    "Not interested: disqualify the lead? (%(step)s)",
                    step=execution.summary or "",
                )
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "date_deadline": today,
                    "user_id": user.id,
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)
