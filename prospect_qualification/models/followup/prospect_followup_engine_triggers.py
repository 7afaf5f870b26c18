# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The triggers a cron of their own looks for once an hour, whatever the
leads' wake-ups (`followup_due_date`):

- no reply: our last message sent to the contact of the lead has had no
  reply of theirs for the rule's days (both as `contact_notions` defines
  them);
- date: the rule's days before or after a date of the lead or of its contact
  (renewal, anniversary, last purchase).

Each rule is looked for in one query, whatever the number of leads, within
its scope (company, teams, filter, open leads). Like the other time triggers
a lead runs one cadence of such a rule at a time; and it starts once per
e-mail or date: what started it is marked (prospect.followup.trigger.mark)."""

from datetime import timedelta
from functools import partial

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .. import contact_notions
from .prospect_followup_execution import OPEN_STATES
from .prospect_followup_rule import SCANNED_TRIGGERS

# A date rule catches up with the dates it missed for this many days (the
# cron was stopped, the rule just created), not with older ones.
DATE_CATCH_UP_DAYS = 7


class ProspectFollowupEngine(models.AbstractModel):
    _inherit = "prospect.followup.engine"

    @api.model
    @tools.ormcache()
    def _followup_has_scanned_rules(self):
        """Whether a no-reply or date rule is active (cached: their cron
        costs no query when there is none; cleared when a rule is created,
        archived or its trigger changes)."""
        return bool(self._get_rules(SCANNED_TRIGGERS))

    @api.model
    def _cron_start_scanned_cadences(self, batch_size=None, limit=None):
        """Cron (hourly: their days do not need more, and each look reads the
        leads in scope): start the cadences of the no-reply and date rules
        (one job per rule). No query when no such rule is active."""
        if not self._followup_has_scanned_rules():
            return 0
        now = fields.Datetime.now()
        return self._cron_run(
            [
                self._cron_rule_job(
                    f"{rule.trigger} leads of rule {rule.id}",
                    rule,
                    list(targets),
                    partial(self._batch_start_scanned_cadences, rule, now=now),
                )
                for rule, targets in self._cron_collect_scanned_leads(now).items()
            ],
            batch_size,
            limit,
        )

    @api.model
    def _cron_collect_scanned_leads(self, now):
        """{no-reply or date rule: {lead id: what fires it}}. A rule that
        cannot be evaluated is left out (and its error stored)."""
        found = self._cron_collect_by_rule(
            self._get_rules(SCANNED_TRIGGERS), self._get_scanned_targets, now
        )
        return {rule: targets for rule, targets in found.items() if targets}

    @api.model
    def _batch_start_scanned_cadences(self, rule, lead_ids, now):
        """Start the cadence of the no-reply or date rule `rule` on these
        leads, still waiting for it once locked, and mark what fired it."""
        leads = self._lock_leads(lead_ids)
        if not leads:
            return
        targets = self._get_scanned_targets(rule, now, leads.ids)
        executions = self._start_cadences(rule, leads.browse(list(targets)))
        started = executions.lead_id
        self.env["prospect.followup.trigger.mark"].sudo().create(
            [
                {"rule_id": rule.id, "lead_id": lead.id, "key": targets[lead.id]}
                for lead in started
            ]
        )

    @api.model
    def _get_scanned_targets(self, rule, now, lead_ids=None):
        """{lead id: key of what fires the rule} of the open leads in the
        scope of the no-reply or date rule `rule` (among `lead_ids` when
        given) that it fires on at `now`: not running its cadence, and not
        started already for the same e-mail or date. One query."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        domain = rule._get_lead_scope_domain()
        if lead_ids is not None:
            domain = [("id", "in", list(lead_ids)), *domain]
        scope = Lead._search(domain, order="id").subselect()
        if rule.trigger == "no_reply":
            query = self._no_reply_query(rule, now, scope)
        else:
            query = self._date_query(rule, now, scope)
        return {
            lead_id: str(key)
            for lead_id, key in self.env.execute_query(
                SQL(
                    """%(query)s
                       AND NOT EXISTS (
                        SELECT 1 FROM prospect_followup_execution execution
                         WHERE execution.lead_id = lead.id
                           AND execution.rule_id = %(rule)s
                           AND execution.state IN %(open)s)
                     ORDER BY lead.id""",
                    query=query,
                    rule=rule.id,
                    open=OPEN_STATES,
                )
            )
        }

    @api.model
    def _no_reply_query(self, rule, now, scope):
        """SELECT lead.id, id of our last message ... WHERE ...: the leads
        of `scope` whose last message sent by us is older than the rule's
        days, has no reply of theirs after it (`contact_notions`) and did
        not start the rule yet."""
        rule._check_no_reply_days()  # a value stored out of bounds
        lead = SQL.identifier("lead")
        return SQL(
            """SELECT lead.id, last.id
                 FROM crm_lead lead
                 CROSS JOIN LATERAL (
                    SELECT message.id, message.date
                      FROM mail_message message
                     WHERE %(sent)s
                     ORDER BY message.date DESC, message.id DESC
                     LIMIT 1) last
                WHERE lead.id IN (%(scope)s)
                  AND last.date <= %(cutoff)s
                  AND NOT EXISTS (
                    SELECT 1 FROM mail_message message
                     WHERE %(replies)s
                       AND (message.date, message.id) > (last.date, last.id))
                  AND NOT EXISTS (
                    SELECT 1 FROM prospect_followup_trigger_mark mark
                     WHERE mark.rule_id = %(rule)s
                       AND mark.lead_id = lead.id
                       AND mark.key = last.id::varchar)""",
            sent=contact_notions.sent_by_us_sql(self.env, lead),
            replies=contact_notions.replies_sql(self.env, lead),
            scope=scope,
            cutoff=now - timedelta(days=rule.no_reply_days),
            rule=rule.id,
        )

    @api.model
    def _date_query(self, rule, now, scope):
        """SELECT lead.id, the date ... WHERE ...: the leads of `scope` whose
        date (of the lead or of its contact) plus the rule's offset is
        today or in the few days before, and did not start the rule yet."""
        rule._check_date_trigger()  # a field since removed
        model, fname, link = rule._get_date_field(rule.date_field)
        table = SQL.identifier(self.env[model]._table)
        if link:
            source = SQL(
                "JOIN %s record ON record.id = lead.%s",
                table,
                SQL.identifier(link),
            )
        else:
            source = SQL("JOIN %s record ON record.id = lead.id", table)
        value = SQL("record.%s::date", SQL.identifier(fname))
        today = now.date()
        return SQL(
            """SELECT lead.id, %(value)s
                 FROM crm_lead lead
                 %(source)s
                WHERE lead.id IN (%(scope)s)
                  AND %(value)s + %(offset)s BETWEEN %(since)s AND %(today)s
                  AND NOT EXISTS (
                    SELECT 1 FROM prospect_followup_trigger_mark mark
                     WHERE mark.rule_id = %(rule)s
                       AND mark.lead_id = lead.id
                       AND mark.key = to_char(%(value)s, 'YYYY-MM-DD'))""",
            value=value,
            source=source,
            scope=scope,
            offset=rule.date_offset_days,
            since=today - timedelta(days=DATE_CATCH_UP_DAYS),
            today=today,
            rule=rule.id,
        )
