# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .. import trust
from ..promise.prospect_promise import PROMISE_ACTIVITY_TYPE
from .prospect_followup_execution import OPEN_STATES


def _waves_of_distinct_assignments(vals_list):
    """Split `vals_list` (indexes, in order) into as few batches as possible
    in which no two activities are on one record for one user.

    mail's create() subscribes each assignee to the records of their
    activities in one call per user; two activities of a batch on one record
    for one user insert that follower twice and the whole batch fails (a
    unique violation on mail_followers): a lead created by the mail gateway
    with two cadences for one salesperson was lost. One wave in the usual
    case, so the batch costs what it did."""
    waves, seen = [], []
    for index, vals in enumerate(vals_list):
        key = (
            vals.get("res_model_id") or vals.get("res_model"),
            vals.get("res_id"),
            vals.get("user_id"),
        )
        wave = next(
            (number for number, keys in enumerate(seen) if key not in keys),
            len(waves),
        )
        if wave == len(waves):
            waves.append([])
            seen.append(set())
        waves[wave].append(index)
        seen[wave].add(key)
    return waves


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
        waves = _waves_of_distinct_assignments(vals_list)
        if len(waves) <= 1:
            activities = super().create(vals_list)
        else:
            created = {}
            for wave in waves:
                wave_activities = super().create([vals_list[index] for index in wave])
                created.update(zip(wave, wave_activities.ids, strict=True))
            # In the order of vals_list: callers zip them.
            activities = self.browse([created[index] for index in range(len(created))])
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
        # With the user's rights, as a promise recorded from its form.
        self.env["prospect.promise"]._check_lead_access(
            self.env["crm.lead"].browse(scheduled.mapped("res_id"))
        )
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
