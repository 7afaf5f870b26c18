# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from . import trust
from .prospect_followup_rule import OPEN_STATES
from .prospect_promise import PROMISE_ACTIVITY_TYPE


class MailActivity(models.Model):
    """Cadences move on when their activities are done: step n+1 is
    scheduled when step n is marked done, counted from then. An activity
    cancelled by hand stops its cadence."""

    _inherit = "mail.activity"

    def _get_followup_executions(self):
        # sudo: executions are system records; salespeople only read theirs.
        if not self.ids:
            return self.env["prospect.followup.execution"].sudo()
        return (
            self.env["prospect.followup.execution"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "in", OPEN_STATES)])
        )

    def _get_promises(self):
        # sudo: promises are settled by their activities, whoever does them.
        Promise = self.env["prospect.promise"].sudo()
        # Only activities of the Promise type have one (no query for others).
        promise_type = self.env["ir.model.data"]._xmlid_to_res_id(
            PROMISE_ACTIVITY_TYPE, raise_if_not_found=False
        )
        activities = self.filtered(
            lambda activity: (
                activity.id and activity.activity_type_id.id == promise_type
            )
        )
        if not activities:
            return Promise
        return Promise.search([("activity_id", "in", activities.ids)])

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._record_promises()
        return activities

    def _record_promises(self):
        """A Promise activity scheduled on a lead (from the chatter, the
        activity views or a phone) is a promise: record it, with this
        activity as its own (the promises' own activities are skipped)."""
        promise_type = self.env["ir.model.data"]._xmlid_to_res_id(
            PROMISE_ACTIVITY_TYPE, raise_if_not_found=False
        )
        scheduled = self.filtered(
            lambda activity: (
                activity.res_model == "crm.lead"
                and activity.activity_type_id.id == promise_type
            )
        )
        if not scheduled or trust.switch(self.env, "promise_planning"):
            return
        # sudo: the promise takes its activity (a field of the server's).
        Promise = self.env["prospect.promise"].sudo()
        leads = self.env["crm.lead"].browse(scheduled.mapped("res_id"))
        # The user must be allowed to record a promise on these leads.
        leads.check_access("read")
        Promise.create(
            [
                {
                    "lead_id": activity.res_id,
                    "name": activity.summary
                    or activity.activity_type_id.summary
                    or activity.activity_type_id.name,
                    "user_id": activity.user_id.id or self.env.user.id,
                    "date_due": activity.date_deadline,
                    "activity_id": activity.id,
                }
                for activity in scheduled
            ]
        )

    def _action_done(self, feedback=False, attachment_ids=None):
        # Settled before the activity disappears, so that unlink() below does
        # not take it for a cancellation.
        self._get_promises()._on_activities_done()
        executions = self._get_followup_executions()
        # Done before the activity disappears, so that unlink() below does not
        # take it for a cancellation.
        executions._mark_done()
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        self.env["prospect.followup.engine"]._on_steps_done(executions)
        return result

    def unlink(self):
        self._get_promises()._on_activities_cancelled()
        self._get_followup_executions().write(
            {
                "state": "cancelled",
                "stop_reason": "activity_cancelled",
                "date_stopped": fields.Datetime.now(),
            }
        )
        return super().unlink()

    def write(self, vals):
        res = super().write(vals)
        if "res_id" in vals:
            # crm's merge moves the activities to the surviving lead.
            self._get_followup_executions()._follow_activities()
        elif "user_id" in vals:
            self._get_followup_executions().write({"user_id": vals["user_id"]})
            # The promise follows its activity when it is handed over.
            self._get_promises().filtered(
                lambda promise: promise.user_id.id != vals["user_id"]
            ).write({"user_id": vals["user_id"]})
        return res
