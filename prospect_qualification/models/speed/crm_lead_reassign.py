# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reassignment on breach: in a team that asks for it, a lead whose
first-response deadline passes unanswered goes to the next available member,
with a new deadline of the team's target counted from then; after the
team's number of reassignments, the team leader gets it.

Available: an active member, within their working hours now (their own
calendar, else the team's first-response hours, else the company's), not on
leave (the leaves of their resource and the public holidays), and under
crm's assignment limit (crm.team.member._get_assignment_quota). Round robin:
the available member who waited longest for a reassigned lead.

It runs in a cron of its own (`_cron_reassign_first_responses`,
prospect_followup_engine.py), in batches whose leads are locked (SKIP
LOCKED): two workers never reassign a lead twice. The lead's SLA
(first_response_deadline) is not moved: the breach stays a breach in the
speed report."""

from datetime import datetime, timedelta

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.tools import SQL

from ...tools.work_time import to_aware


class CrmLead(models.Model):
    _inherit = "crm.lead"

    first_response_reassign_due = fields.Datetime(
        string="Reassign After",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the lead goes to another member of its team if it is still "
        "not answered (teams that reassign missed first responses).",
    )
    first_response_reassign_count = fields.Integer(
        string="Reassignments",
        readonly=True,
        copy=False,
        help="How many times the lead was given to another member because its "
        "first response was missed.",
    )

    first_response_missed_user_ids = fields.Many2many(
        "res.users",
        "crm_lead_first_response_missed_user_rel",
        "lead_id",
        "user_id",
        string="Missed By",
        readonly=True,
        copy=False,
        help="The salespeople who had the lead when its first response was "
        "missed: it is not given back to them.",
    )

    def _prospect_reassign_missed(self, now):
        """Reassign these leads (sudo, locked by the caller) whose
        reassignment is due at `now`."""
        leads = self.filtered(
            lambda lead: (
                lead.active
                and not lead.first_response_date
                and lead.first_response_reassign_due
                and lead.first_response_reassign_due <= now
                and lead.team_id.first_response_reassign
            )
        )
        # Answered, but the write of the answer was skipped (a concurrent
        # change of the lead): recorded now, not reassigned.
        leads -= leads._followup_record_first_answers()
        leads = leads.sorted(lambda lead: (lead.first_response_reassign_due, lead.id))
        moves = []  # (lead, previous user, new user, to the leader)
        for team in leads.team_id:
            members = team._prospect_available_members(now)
            quota = {member: member._get_assignment_quota() for member in members}
            for lead in leads.filtered(lambda lead, team=team: lead.team_id == team):
                previous = lead.user_id
                missed_by = previous | lead.first_response_missed_user_ids
                candidates = [
                    member
                    for member in members
                    if member.user_id not in missed_by and quota[member] > 0
                ]
                if (
                    lead.first_response_reassign_count
                    < team.first_response_reassign_max
                    and candidates
                ):
                    # Round robin: who waited longest for one.
                    member = min(
                        candidates,
                        key=lambda member: (
                            member.prospect_reassign_date or datetime.min,
                            member.id,
                        ),
                    )
                    member.prospect_reassign_date = now
                    quota[member] -= 1
                    moves.append((lead, previous, member.user_id, False))
                elif team.user_id and team.user_id != previous:
                    moves.append((lead, previous, team.user_id, True))
                else:
                    # Nobody else to give it to: it stays, no more tries.
                    lead.first_response_reassign_due = False
                    lead.first_response_missed_user_ids |= previous
        if not moves:
            return
        by_user = {}
        for lead, _previous, user, _leader in moves:
            by_user[user] = by_user.get(user, self.browse()) | lead
        for user, user_leads in by_user.items():
            user_leads.write({"user_id": user.id})
        # The new owner's deadline: the team's target, from now.
        deadlines = self.browse(
            [lead.id for lead, _p, _u, leader in moves if not leader]
        )._prospect_first_response_deadlines(
            {lead: now for lead, _p, _u, leader in moves if not leader}
        )
        for lead, previous, user, leader in moves:
            lead.write(
                {
                    "first_response_reassign_count": (
                        lead.first_response_reassign_count + 1
                    ),
                    # The leader keeps it: no further reassignment.
                    "first_response_reassign_due": (
                        False if leader else deadlines.get(lead, False)
                    ),
                    "first_response_missed_user_ids": [Command.link(previous.id)]
                    if previous
                    else [],
                }
            )
            lead._prospect_log_reassignment(previous, user, leader)

    def _prospect_log_reassignment(self, previous, user, leader):
        """A note in the chatter that notifies both salespeople (a note is
        not a response to the lead); returns it."""
        self.ensure_one()
        body = self.env["ir.qweb"]._render(
            "prospect_qualification.crm_lead_reassign_note",
            {"lead": self, "previous": previous, "user": user, "leader": leader},
            minimal_qcontext=True,
        )
        return self.message_post(
            body=Markup(body),
            subtype_xmlid="mail.mt_note",
            partner_ids=(previous | user).partner_id.ids,
        )


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("first_response_reassign"):
            # The leads already waiting are reassigned at their deadline too.
            # One UPDATE (each lead's own deadline), whatever their number.
            self.env["crm.lead"].flush_model(
                [
                    "team_id",
                    "first_response_date",
                    "first_response_deadline",
                    "first_response_reassign_due",
                    "first_response_reassign_count",
                ]
            )
            rows = self.env.execute_query(
                SQL(
                    """UPDATE crm_lead
                          SET first_response_reassign_due = first_response_deadline
                        WHERE team_id IN %s
                          AND first_response_date IS NULL
                          AND first_response_deadline IS NOT NULL
                          AND COALESCE(first_response_reassign_count, 0) = 0
                    RETURNING id""",
                    tuple(self.ids),
                )
            )
            leads = self.env["crm.lead"].sudo().browse(row[0] for row in rows)
            leads.invalidate_recordset(["first_response_reassign_due"])
            self.env["prospect.followup.engine"]._followup_wake_up_earlier_at_commit(
                leads
            )
        return res

    def _prospect_available_members(self, now):
        """Members of this team who may take a lead at `now`: active, within
        their working hours and not on leave (crm's assignment limits are
        checked by the caller, who counts what it gives)."""
        self.ensure_one()
        start = to_aware(now)
        stop = start + timedelta(minutes=1)
        available = self.env["crm.team.member"]
        for member in self.crm_team_member_ids.filtered(
            lambda member: member.active and member.user_id.active
        ):
            resource = member.user_id.resource_ids[:1]
            calendar = (
                resource.calendar_id
                or self.first_response_calendar_id
                or (self.company_id or self.env.company).resource_calendar_id
            )
            if calendar:
                intervals = calendar._work_intervals_batch(
                    start, stop, resources=resource or None
                )
                if not intervals[resource.id if resource else False]:
                    continue  # not working now, or on leave
            available |= member
        return available
