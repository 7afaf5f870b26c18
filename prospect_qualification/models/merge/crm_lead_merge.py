# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging leads (crm's merge wizard, _merge_opportunity): what the
duplicates knew survives on the lead they are merged into, the head (the
first of crm's confidence order).

- Answers: a known answer (no, partial, yes) wins over unknown; between known
  answers, the head's stays.
- Qualification notes are joined, interests united; the other fields of the
  contact profile and the prospecting type take the first value set.
- The lifecycle history, the gate overrides, the follow-up executions and
  the promises of the duplicates move to the head (crm deletes the
  duplicates); a cadence running on both is cancelled on the duplicate; the
  earliest first response counts.
"""

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..followup.prospect_followup_execution import OPEN_STATES
from ..followup.prospect_followup_rule import TIME_TRIGGERS
from ..qualification.crm_lead_qualification import QUALIFICATION_FIELDS

# The first value set wins, head first (crm's rule for plain fields).
FIRST_SET_FIELDS = [
    "preferred_contact_channel",
    "buying_style",
    "decision_maker_name",
    "decision_maker_role",
    "prospecting_type",
]
# Taken together from one lead, or the hours would not fit each other.
CONTACT_HOUR_FIELDS = ("preferred_contact_hour_from", "preferred_contact_hour_to")
MERGED_FIELDS = (
    *QUALIFICATION_FIELDS,
    "qualification_notes",
    *CONTACT_HOUR_FIELDS,
    *FIRST_SET_FIELDS,
)


def _merge_answer(fname, leads):
    """The first known answer (head first), unknown when none is."""
    return next(
        (lead[fname] for lead in leads if lead[fname] not in (False, "unknown")),
        "unknown",
    )


def _merge_notes(fname, leads):
    notes = []
    for note in leads.mapped(fname):
        if note and note.strip() and note not in notes:
            notes.append(note)
    return "\n\n".join(notes) or False


def _merge_contact_hours(fname, leads):
    source = next(
        (
            lead
            for lead in leads
            if any(lead[hour_fname] for hour_fname in CONTACT_HOUR_FIELDS)
        ),
        leads[:1],
    )
    return source[fname]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _merge_get_fields_specific(self):
        specific = super()._merge_get_fields_specific()
        specific.update(dict.fromkeys(QUALIFICATION_FIELDS, _merge_answer))
        specific.update(dict.fromkeys(CONTACT_HOUR_FIELDS, _merge_contact_hours))
        specific["qualification_notes"] = _merge_notes
        specific["interest_tag_ids"] = lambda fname, leads: [
            Command.set(leads.interest_tag_ids.ids)
        ]
        return specific

    def _merge_get_fields(self):
        return super()._merge_get_fields() + FIRST_SET_FIELDS

    def _merge_data(self, fnames=None):
        # `self`: the merged leads, head first. Like crm does for the
        # salesperson and the team, leave out what the head has already: a
        # written answer recomputes the score, a written prospecting type
        # the first-response deadline.
        data = super()._merge_data(fnames)
        head = self[:1]
        for fname in MERGED_FIELDS:
            if fname in data and data[fname] == head[fname]:
                del data[fname]
        tags = data.get("interest_tag_ids")
        if tags and set(tags[0][2]) == set(head.interest_tag_ids.ids):
            del data["interest_tag_ids"]
        return data

    def _merge_dependences(self, opportunities):
        # Before crm moves the activities: mail_activity.py follows the
        # activities of executions that are still on a duplicate; those moved
        # here are already on the head and are left alone.
        self._merge_prospect_records(opportunities)
        return super()._merge_dependences(opportunities)

    def _merge_prospect_records(self, opportunities):
        """Move the lifecycle history, gate overrides and follow-up executions
        of `opportunities` (the duplicates, in crm's confidence order) to
        `self`, the head, and keep the earliest first response."""
        self.ensure_one()
        if not opportunities:
            return
        # sudo: these are records of the server (users only read them) and
        # the first-response date is a field the server owns; whoever may
        # merge the leads may keep what the duplicates recorded.
        head, tails = self.sudo(), opportunities.sudo()
        found = self._merge_find_prospect_records(head, tails)
        if len(set(found["running"].values())) > 1:
            head._merge_cancel_duplicate_cadences(
                tails, found["executions"].browse(list(found["running"]))
            )
        found["executions"].write({"lead_id": head.id})
        found["overrides"].write({"lead_id": head.id})
        found["promises"].write({"lead_id": head.id})
        # Only the head's current state stays open: the duplicates left
        # theirs now.
        found["open_history"].write({"date_end": fields.Datetime.now()})
        (found["history"] | found["open_history"]).write({"lead_id": head.id})
        answered = (head | tails).filtered("first_response_date")
        first = min(answered.mapped("first_response_date"), default=False)
        if first and first != head.first_response_date:
            head.write({"first_response_date": first})

    @api.model
    def _merge_find_prospect_records(self, head, tails):
        """What the merge moves from `tails` to `head`, in one query for the
        three models (crm's lead assignment merges duplicates head after
        head): {"executions", "overrides", "history" (closed rows),
        "open_history"} records (sudo) of the tails, and "running": {open
        execution id: lead id} of the head and the tails."""
        Execution = self.env["prospect.followup.execution"].sudo()
        Override = self.env["prospect.gate.override"].sudo()
        History = self.env["prospect.state.history"].sudo()
        Execution.flush_model(["lead_id", "state"])
        Override.flush_model(["lead_id"])
        History.flush_model(["lead_id", "date_end"])
        Promise = self.env["prospect.promise"].sudo()
        Promise.flush_model(["lead_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT 'execution', id, lead_id, state IN %(open)s
                     FROM prospect_followup_execution
                    WHERE lead_id IN %(leads)s
                UNION ALL
                   SELECT 'override', id, lead_id, FALSE
                     FROM prospect_gate_override
                    WHERE lead_id IN %(tails)s
                UNION ALL
                   SELECT 'history', id, lead_id, date_end IS NULL
                     FROM prospect_state_history
                    WHERE lead_id IN %(tails)s
                UNION ALL
                   SELECT 'promise', id, lead_id, FALSE
                     FROM prospect_promise
                    WHERE lead_id IN %(tails)s""",
                open=OPEN_STATES,
                leads=tuple((head | tails).ids),
                tails=tuple(tails.ids),
            )
        )
        ids = defaultdict(list)
        running = {}
        for kind, record_id, lead_id, is_open in rows:
            if kind == "execution" and is_open:
                running[record_id] = lead_id
            if lead_id == head.id:
                continue
            if kind == "history" and is_open:
                kind = "open_history"
            ids[kind].append(record_id)
        return {
            "executions": Execution.browse(ids["execution"]),
            "running": running,
            "overrides": Override.browse(ids["override"]),
            "history": History.browse(ids["history"]),
            "open_history": History.browse(ids["open_history"]),
            "promises": Promise.browse(ids["promise"]),
        }

    def _merge_cancel_duplicate_cadences(self, tails, running):
        """Cancel the executions among `running` (open, sudo) of `tails`
        whose cadence runs on `self` (the head) or on a duplicate before them:
        the same step of a rule, or any step of a rule that runs once per
        lead. The head's cadences go on; a cadence of the duplicates alone
        moves with them."""
        position = {lead.id: index for index, lead in enumerate(self | tails)}
        owners, duplicates = {}, running.browse()
        for execution in running.sorted(
            lambda execution: (position[execution.lead_id.id], execution.id)
        ):
            rule = execution.rule_id
            once_per_lead = rule.single_cadence or rule.trigger in TIME_TRIGGERS
            key = rule.id if once_per_lead else (rule.id, execution.step_id.id)
            owner = owners.setdefault(key, execution.lead_id)
            if owner != execution.lead_id:
                duplicates |= execution
        duplicates._cancel("merged")
