# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""When each lead next needs the follow-up scheduler: its wake-up.

`crm.lead.followup_due_date` (the wake-up) is the earliest time a follow-up
cron may have work on a lead: its first-response deadline (unanswered, not
escalated yet), the deadline of its next planned step, or the day it turns
idle for an idle rule whose scope it is in. The crons read only the leads
whose wake-up has come (one indexed range query): when nothing is due, their
cost does not grow with the number of leads.

The wake-up may be early, never late. Events that can bring work nearer
bring it forward: `_followup_wake_up_earlier` (a rule changed) and, once
before the commit for the whole transaction,
`_followup_wake_up_earlier_at_commit` (a lead created or moved, a deadline
set, a step planned). Events that push work later (a reply, a step done, a
lead won) leave it early; the cron of the wake-ups then sets it to the exact
time of the next work (`_followup_set_exact_wake_up`)."""

from datetime import timedelta

import psycopg2

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .. import contact_notions
from ..bounds import BOUNDS
from .prospect_followup_engine import _try_rule
from .prospect_followup_execution import OPEN_STATES

# The wake-up of a lead for its first response (unanswered, not escalated
# yet, or to reassign) and for its next planned step: SQL on the row `lead`.
WAKE_UP_WITHOUT_IDLE = """LEAST(
    CASE WHEN lead.first_response_date IS NULL
          AND lead.first_response_missed IS NOT TRUE
         THEN lead.first_response_deadline END,
    CASE WHEN lead.first_response_date IS NULL
          AND EXISTS (SELECT 1 FROM crm_team team
                       WHERE team.id = lead.team_id
                         AND team.first_response_reassign)
         THEN lead.first_response_reassign_due END,
    (SELECT MIN(execution.date_deadline)
       FROM prospect_followup_execution execution
      WHERE execution.lead_id = lead.id AND execution.state = 'planned'))"""

# Key of the leads whose wake-up is brought forward before the commit.
WAKE_UP_EARLIER_AT_COMMIT = "prospect_qualification.followup_wake_up_earlier"


class ProspectFollowupEngine(models.AbstractModel):
    _inherit = "prospect.followup.engine"

    @api.model
    def _followup_wake_up_earlier(self, leads=None):
        """Bring the wake-up of `leads` (every open lead when None) forward,
        at least as near as what they may need: the first-response deadline,
        the next planned step, and their creation plus the shortest idle
        period of the active idle rules. One query; leads that wake up
        earlier already are left alone."""
        if leads is not None and not leads:
            return
        self.env.flush_all()
        where = (
            SQL("lead.id IN %s", tuple(leads.ids))
            if leads is not None
            else SQL("lead.active")
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead lead
                   SET followup_due_date = due.date
                  FROM (
                    SELECT lead.id, LEAST(
                        %(without_idle)s,
                        lead.create_date + make_interval(days => LEAST(
                            (SELECT MIN(rule.idle_days)
                               FROM prospect_followup_rule rule
                              WHERE rule.active AND rule.trigger = 'idle'),
                            %(idle_max)s))
                    ) AS date
                      FROM crm_lead lead
                     WHERE %(where)s
                  ) due
                 WHERE lead.id = due.id
                   AND due.date IS NOT NULL
                   AND (lead.followup_due_date IS NULL
                        OR lead.followup_due_date > due.date)
                RETURNING lead.id
                """,
                where=where,
                without_idle=SQL(WAKE_UP_WITHOUT_IDLE),
                idle_max=BOUNDS["idle_days"].high,
            )
        )
        lowered = [row[0] for row in self.env.cr.fetchall()]
        self.env["crm.lead"].browse(lowered).invalidate_recordset(["followup_due_date"])

    @api.model
    def _followup_wake_up_earlier_at_commit(self, leads):
        """`_followup_wake_up_earlier(leads)` once, before the transaction
        commits, for every lead collected meanwhile: lead writes come one by
        one (crm's assignment, imports) and must not each flush and query."""
        if not leads:
            return
        precommit = self.env.cr.precommit
        lead_ids = precommit.data.setdefault(WAKE_UP_EARLIER_AT_COMMIT, set())
        if not lead_ids:
            engine = self.sudo()

            @precommit.add
            def wake_up_earlier():
                ids = precommit.data.pop(WAKE_UP_EARLIER_AT_COMMIT, set())
                engine._followup_wake_up_earlier(
                    engine.env["crm.lead"].browse(ids).exists()
                )

        lead_ids.update(leads._origin.ids)

    @api.model
    def _followup_set_exact_wake_up(self, lead_ids):
        """Set the exact wake-up of the leads `lead_ids`: the earliest of
        their first-response deadline (unanswered, not escalated), their next
        planned step and, for each active idle rule that runs no cadence on
        the lead and whose scope holds it, its last touch (its creation, or a
        message that touched it, as `contact_notions` says) plus the rule's
        idle days. A rule whose filter depends on the date (it uses
        context_today, datetime...) may take a lead in any day: the leads its
        filter leaves out are looked at again the next day. A rule that
        cannot be evaluated gives no date (the cron of idle leads stores its
        error). Empty when nothing will be due. A few queries, plus one per
        idle rule, whatever the number of leads."""
        if not lead_ids:
            return
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        leads = Lead.browse(lead_ids)
        idle_rules = self._get_rules(["idle"])
        self.env.flush_all()
        dates = {
            lead_id: [date]
            for lead_id, date in self.env.execute_query(
                SQL(
                    "SELECT lead.id, %s FROM crm_lead lead WHERE lead.id IN %s",
                    SQL(WAKE_UP_WITHOUT_IDLE),
                    tuple(leads.ids),
                )
            )
        }
        if idle_rules:
            self._followup_idle_wake_ups(leads, idle_rules, dates)
        self.env.cr.execute(
            SQL(
                """UPDATE crm_lead lead SET followup_due_date = due.date
                     FROM (SELECT UNNEST(%s::int[]) AS id,
                                  UNNEST(%s::timestamp[]) AS date) due
                    WHERE lead.id = due.id
                      AND lead.followup_due_date IS DISTINCT FROM due.date""",
                list(leads.ids),
                [
                    min(filter(None, dates.get(lead_id, ())), default=None)
                    for lead_id in leads.ids
                ],
            )
        )
        leads.invalidate_recordset(["followup_due_date"])

    @api.model
    def _followup_idle_wake_ups(self, leads, idle_rules, dates):
        """Add to `dates` {lead id: [dates]} the day each lead of `leads`
        turns idle for each rule of `idle_rules` that may take it."""
        running = set(
            self.env["prospect.followup.execution"]
            .sudo()
            ._read_group(
                [
                    ("lead_id", "in", leads.ids),
                    ("rule_id", "in", idle_rules.ids),
                    ("state", "in", OPEN_STATES),
                ],
                ["lead_id", "rule_id"],
            )
        )
        touched = dict(
            self.env.execute_query(
                SQL(
                    """SELECT lead.id, GREATEST(lead.create_date, (
                                SELECT MAX(message.date) FROM mail_message message
                                 WHERE %s))
                         FROM crm_lead lead WHERE lead.id IN %s""",
                    contact_notions.touches_sql(SQL.identifier("lead")),
                    tuple(leads.ids),
                )
            )
        )
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        for rule, in_scope in self._followup_idle_scopes(leads, idle_rules).items():
            idle = timedelta(days=rule.idle_days)
            left_out = (
                leads - in_scope if rule._filter_depends_on_date() else leads.browse()
            )
            for lead in in_scope | left_out:
                if (lead, rule) in running or not touched.get(lead.id):
                    continue
                date = touched[lead.id] + idle
                if lead in left_out:
                    date = max(date, tomorrow)
                dates.setdefault(lead.id, []).append(date)

    @api.model
    def _followup_idle_scopes(self, leads, idle_rules):
        """{idle rule: the leads of `leads` in its scope} for the rules of
        `idle_rules` that can be evaluated: an idle period saved out of
        bounds, a filter that no longer parses or that the database refuses
        leave the rule out."""

        def scopes(rules):
            found, failed = {}, {}
            for rule in rules:
                _try_rule(failed, rule, rule._check_idle_days)
                in_scope = (
                    None
                    if rule in failed
                    else _try_rule(failed, rule, rule._filter_leads, leads)
                )
                if rule not in failed:
                    found[rule] = in_scope
            return found

        try:
            with self.env.cr.savepoint():
                return scopes(idle_rules)
        except psycopg2.Error:
            # The database refused the filter of a rule: each rule in a
            # savepoint of its own (only on this rare path).
            found = {}
            for rule in idle_rules:
                try:
                    with self.env.cr.savepoint():
                        found.update(scopes(rule))
                except psycopg2.Error:
                    continue
            return found

    @api.model
    def _followup_awake_lead_ids(self, now):
        """Ids of the leads whose wake-up has come: one indexed range
        query."""
        return [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT id FROM crm_lead WHERE followup_due_date <= %s ORDER BY id",
                    now,
                )
            )
        ]

    @api.model
    @tools.ormcache()
    def _followup_idle_scope_fields(self):
        """Names of the lead fields whose change may bring a lead into the
        scope of an idle rule: team, company and the fields of the rules'
        filters (cached; cleared when a rule changes)."""
        # Leaving a won stage or being restored is told by the lead's write.
        names = {"team_id", "company_id"}
        for rule in self._get_rules(["idle"]):
            try:
                domain = rule._get_filter_domain()
            except Exception:  # noqa: BLE001, S112 - the engine skips the rule
                continue
            names.update(
                leaf[0].split(".")[0]
                for leaf in domain
                if isinstance(leaf, list | tuple) and leaf and isinstance(leaf[0], str)
            )
        return frozenset(names)
