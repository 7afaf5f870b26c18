# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The outcome of a cadence attempt, given in one tap when its activity is
marked done (the "Mark Done" popover shows the outcomes of the activity's
channel): stored on the execution, written in the chatter with the
feedback, and followed by the step's branch for it."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..selections import CHANNEL_OUTCOMES


class MailActivity(models.Model):
    _inherit = "mail.activity"

    prospect_outcome_options = fields.Json(
        string="Outcomes",
        compute="_compute_prospect_outcome_options",
        help="[[key, label]] of the outcomes this activity asks for when it is "
        "marked done: the cadence steps of a contact channel.",
    )

    def _compute_prospect_outcome_options(self):
        # Read with every chatter: no query for the activities of other
        # documents or of types without a contact channel.
        reachable = self.filtered(
            lambda activity: (
                activity.res_model == "crm.lead"
                and activity.activity_type_id.prospect_contact_channel
                in CHANNEL_OUTCOMES
            )
        )
        in_cadence = reachable._get_followup_executions().activity_id
        labels = dict(
            self.env["prospect.followup.execution"]
            ._fields["outcome"]
            ._description_selection(self.env)
        )
        for activity in self:
            keys = (
                CHANNEL_OUTCOMES[activity.activity_type_id.prospect_contact_channel]
                if activity in in_cadence
                else []
            )
            activity.prospect_outcome_options = [[key, labels[key]] for key in keys]

    def action_prospect_done_with_outcome(self, outcome, feedback=False):
        """Mark this cadence activity done with the outcome of its attempt.
        Returns the id of the message posted, as action_feedback does."""
        self.ensure_one()
        # Whoever may mark it done (the outcome is then written as sudo).
        self.check_access("write")
        options = dict(self.prospect_outcome_options or [])
        if outcome not in options:
            raise UserError(
                self.env._(
                    "“%(outcome)s” is not an outcome of the activity “%(activity)s”. "
                    "Choose one of: %(options)s.",
                    outcome=outcome,
                    activity=self.display_name,
                    options=", ".join(options.values()) or self.env._("none"),
                )
            )
        self._get_followup_executions().write({"outcome": outcome})
        # The chatter message of the done activity says it first.
        text = self.env._("Outcome: %(outcome)s", outcome=options[outcome])
        return self.action_feedback(
            feedback=f"{text}\n{feedback}" if feedback else text
        )
