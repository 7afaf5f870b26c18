# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The follow-up engine: applies the follow-up rules (prospect.followup.rule,
their steps) to leads. The events of a lead (created, moved, closed, its
contact replied, a step done) and the crons (overdue steps, missed first
responses, idle leads, no reply, dates) start, move on and stop cadences;
the engine schedules their activities and records every step as an
execution.

A rule that cannot be evaluated (its filter no longer works, a number saved
out of bounds) is skipped: its error is logged and stored on the rule for the
managers, and the other rules run. Lead creation never fails because of a
rule."""

import logging
from collections import defaultdict
from datetime import timedelta
from functools import partial

import psycopg2
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ...tools.followup_planning import DeadlinePlanner
from .. import contact_notions, trust
from ..cron_batches import BatchJob, lock_rows, run_in_batches
from ..working_time import user_tz, work_schedule, working_calendar
from .prospect_followup_execution import OPEN_STATES
from .prospect_followup_rule import OPEN_LEAD_DOMAIN, TIME_TRIGGERS
from .prospect_followup_step import GENERIC_FOLLOWUP_TYPE

_logger = logging.getLogger(__name__)

# A broken rule meets every lead created: the date of its stored error is
# refreshed at most this often (the message is stored whenever it changes).
ERROR_REFRESH = timedelta(hours=1)


class ProspectFollowupEngine(models.AbstractModel):
    """Event API (called by crm.lead, mail.activity and res.partner):
    `_on_leads_created(leads)`, `_on_leads_written(leads, fnames,
    stages_before)`, `_on_customer_replied(lead)`, `_on_steps_done(executions)`
    and `_fire_customer_inactive(partners)`; the crons run the `_cron_*`
    methods (data/ir_cron_data.xml)."""

    _name = "prospect.followup.engine"
    _description = "Follow-up Engine"

    # Records handled per transaction by the crons (commit between batches).
    _cron_batch_size = 500

    # ------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------

    def _skipped_triggers(self):
        """Triggers that server code (only) asked not to fire, e.g. the demo
        data creating months-old leads."""
        return trust.switch(self.env, "skip_triggers")

    @api.model
    def _on_leads_created(self, leads):
        """Event: leads were created (speed to lead; they entered a stage)."""
        skip = self._skipped_triggers()
        triggers = [t for t in ("lead_created", "stage_entered") if t not in skip]
        if not leads or not triggers:
            return
        rules = self._get_rules(triggers)
        self._start_cadences_by_rule(
            [(rule, leads) for rule in rules if rule.trigger == "lead_created"]
            + self._stage_assignments(
                rules.filtered(lambda rule: rule.trigger == "stage_entered"), leads
            )
        )

    @api.model
    def _on_leads_written(self, leads, fnames, stages_before):
        """Event: `fnames` of `leads` were written; `stages_before` maps lead
        ids to their stage id before the write."""
        leads = leads.sudo()
        Execution = self.env["prospect.followup.execution"].sudo()
        if {"stage_id", "active", "probability"} & fnames:
            closed = leads.filtered(
                lambda lead: not lead.active or lead.stage_id.is_won
            )
            Execution._stop_cadences(closed.filtered(lambda lead: lead.active), "won")
            Execution._stop_cadences(
                closed.filtered(lambda lead: not lead.active), "lost"
            )
            leads -= closed
        if "stage_id" in fnames and leads:
            moved = leads.filtered(
                lambda lead: stages_before.get(lead.id) != lead.stage_id.id
            )
            Execution._stop_stage_cadences(moved)
            if moved and "stage_entered" not in self._skipped_triggers():
                self._start_cadences_by_rule(
                    self._stage_assignments(self._get_rules(["stage_entered"]), moved)
                )

    @api.model
    def _on_customer_replied(self, lead, reason="replied"):
        """Event: the lead's contact (or, with reason "company_replied",
        someone else of its company) wrote to us: stop the cadences of the
        rules that say so, on this lead and on the other open leads of the
        same company (prospect_followup_engine_exit.py)."""
        self._followup_exit(lead, reason)
        lead = lead.sudo()
        customer = lead.partner_id.commercial_partner_id
        if customer:
            self._followup_exit(
                self._followup_company_leads(customer, lead.company_id) - lead,
                "company_replied",
            )

    @api.model
    def _on_steps_done(self, executions):
        """Event: the activities of `executions` were marked done: schedule
        the step that follows each (by its outcome's branch, else the next),
        counted from now, while the lead is open, the rule active and (for
        stage rules) the lead still in the rule's stage.
        Returns the executions created."""
        now = fields.Datetime.now()
        leads_by_step = defaultdict(lambda: self.env["crm.lead"].sudo())
        going_on = executions.sudo().filtered(
            lambda execution: (
                execution.rule_id.active
                and execution.lead_id.active
                and not execution.lead_id.stage_id.is_won
                and (
                    execution.rule_id.trigger != "stage_entered"
                    or execution.lead_id.stage_id == execution.rule_id.stage_id
                )
            )
        )
        # The step's branch for the outcome, or the next step
        # (prospect_followup_engine_outcome.py).
        for execution, next_step in self._followup_next_steps(going_on).items():
            if next_step:
                leads_by_step[next_step] |= execution.lead_id
        failed = {}
        created = self._schedule_steps(
            [(step, leads, False) for step, leads in leads_by_step.items()],
            start=now,
            failed=failed,
        )
        self._store_rule_errors(
            self.env["prospect.followup.rule"]
            .sudo()
            .browse(list({step.rule_id.id for step in leads_by_step})),
            failed,
        )
        return created

    @api.model
    def _fire_customer_inactive(self, partners):
        """The customers `partners` (res.partner) became inactive: give each
        one a reactivation opportunity (outbound, team and salesperson of its
        last won opportunity) and start on it the cadences of the rules
        triggered by inactive customers. A customer that already has an open
        reactivation opportunity gets no second one. Returns the
        opportunities created."""
        # sudo: called by the customer classification (a cron) on customers
        # whatever the rights of its user; it only creates opportunities.
        Lead = self.env["crm.lead"].sudo()
        partners = partners.sudo().exists()
        if not partners:
            return Lead
        already = Lead.search(
            expression.AND(
                [
                    OPEN_LEAD_DOMAIN,
                    [
                        ("is_reactivation", "=", True),
                        ("partner_id", "in", partners.ids),
                    ],
                ]
            )
        ).partner_id
        partners -= already
        if not partners:
            return Lead
        # The customer is the commercial entity: its contacts' wins count.
        last_won = {}
        for opportunity in Lead.search(
            [
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", True),
            ],
            order="date_closed desc, id desc",
        ):
            last_won.setdefault(
                opportunity.partner_id.commercial_partner_id, opportunity
            )
        vals_list = []
        for partner in partners:
            won = last_won.get(partner, Lead)
            salesperson = won.user_id or partner.user_id
            # Named in the language of whoever will work on it.
            lang = salesperson.lang or partner.lang or self.env.lang
            vals_list.append(
                {
                    "name": self.with_context(lang=lang).env._(
                        "Reactivation: %(partner)s", partner=partner.display_name
                    ),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "team_id": won.team_id.id,
                    "user_id": salesperson.id,
                    "company_id": (
                        won.company_id or partner.company_id or self.env.company
                    ).id,
                    "prospecting_type": "outbound",
                    "is_reactivation": True,
                }
            )
        # The inactive-customer rules start the cadence, not the new-lead ones.
        opportunities = trust.with_switches(
            Lead, skip_triggers=("lead_created",)
        ).create(vals_list)
        self._start_cadences(self._get_rules(["customer_inactive"]), opportunities)
        return opportunities

    # ------------------------------------------------------------------
    # Starting cadences
    # ------------------------------------------------------------------

    @api.model
    def _get_rules(self, triggers):
        # sudo: rules are configuration, applied whoever triggers them.
        return (
            self.env["prospect.followup.rule"]
            .sudo()
            .search([("trigger", "in", list(triggers))])
        )

    @api.model
    def _stage_assignments(self, rules, leads):
        """[(rule, leads)] of the stage rules `rules` and the leads of `leads`
        that sit in the stage of each."""
        assignments = []
        for stage, stage_rules in rules.grouped("stage_id").items():
            in_stage = stage and leads.filtered(
                lambda lead, stage=stage: lead.stage_id == stage
            )
            if in_stage:
                assignments += [(rule, in_stage) for rule in stage_rules]
        return assignments

    @api.model
    def _start_cadences(self, rules, leads):
        """Schedule the first step of each rule of `rules` on the leads of
        `leads` it applies to. Returns the executions created."""
        return self._start_cadences_by_rule([(rule, leads) for rule in rules])

    @api.model
    def _start_cadences_by_rule(self, assignments):
        """Schedule the first step of each rule of `assignments` [(rule,
        leads)] on those of its leads it applies to, all at once: a few
        queries per rule, whatever the number of leads. A rule that cannot be
        evaluated is skipped (and its error stored); the others run. Returns
        the executions created."""
        Execution = self.env["prospect.followup.execution"].sudo()
        if not assignments or trust.switch(self.env, "skip_cadences"):
            return Execution
        # The engine applies configuration on behalf of whoever caused the
        # event (a salesperson, the mail gateway, the cron): it must see every
        # rule and lead concerned and create activities for other users.
        evaluated = self.env["prospect.followup.rule"].sudo()
        failed, plan = {}, []
        for rule, leads in assignments:
            rule, leads = rule.sudo(), leads.sudo()
            if not leads or not rule.active or not rule.step_ids:
                continue
            evaluated |= rule
            # A filter that no longer parses fails here, before any SQL.
            targets = _try_rule(failed, rule, rule._filter_leads, leads)
            if rule in failed:
                continue
            if targets:
                single = rule.single_cadence or rule.trigger in TIME_TRIGGERS
                plan.append((rule.step_ids[0], targets, single))
        executions = self._schedule_steps(plan, failed=failed)
        self._store_rule_errors(evaluated, failed)
        return executions

    @api.model
    def _schedule_steps(self, plan, start=None, failed=None):
        """Schedule the steps of `plan` [(step, leads, single)]: one activity
        and one execution per lead, created in batch for all the steps. Leads
        on which the step is already open are skipped, and with `single` the
        leads on which its rule runs at all. The rules whose step cannot be
        planned are added to `failed` {rule: error} and skipped. Returns the
        executions created."""
        Execution = self.env["prospect.followup.execution"].sudo()
        failed = {} if failed is None else failed
        plan = [(step, leads, single) for step, leads, single in plan if leads]
        if not plan or trust.switch(self.env, "skip_cadences"):
            return Execution
        open_steps = defaultdict(set)  # (rule id, lead id): open step ids
        for rule, lead, step in Execution._read_group(
            [
                ("rule_id", "in", list({step.rule_id.id for step, _l, _s in plan})),
                (
                    "lead_id",
                    "in",
                    list({lead_id for _s, leads, _s2 in plan for lead_id in leads.ids}),
                ),
                ("state", "in", OPEN_STATES),
            ],
            ["rule_id", "lead_id", "step_id"],
        ):
            open_steps[rule.id, lead.id].add(step.id)
        scheduling = StepScheduling(self.env, start or fields.Datetime.now())
        rows_by_notify = defaultdict(list)  # notify_assignees: [(activity, execution)]
        for step, leads, single in plan:
            rule = step.rule_id
            if rule in failed:
                continue
            targets = leads.filtered(
                lambda lead, rule=rule, step=step, single=single: (
                    not open_steps[rule.id, lead.id]
                    if single
                    else step.id not in open_steps[rule.id, lead.id]
                )
            )
            if not targets:
                continue
            rows = _try_rule(failed, rule, scheduling.prepare, step, targets)
            if rule in failed:
                continue
            rows_by_notify[rule.notify_assignees] += rows
        execution_vals = []
        for notify, rows in rows_by_notify.items():
            # Without notify_assignees, no "activity assigned to you" e-mail
            # per activity (the switch Odoo uses when editing activities fast).
            activities = (
                self.env["mail.activity"]
                .sudo()
                .with_context(mail_activity_quick_update=not notify)
                .create([activity_vals for activity_vals, _vals in rows])
            )
            for (_activity_vals, vals), activity in zip(rows, activities, strict=True):
                execution_vals.append(dict(vals, activity_id=activity.id))
        return Execution.create(execution_vals)

    # ------------------------------------------------------------------
    # Rules that fail
    # ------------------------------------------------------------------

    @api.model
    def _store_rule_errors(self, rules, failed):
        """Log the error of each rule of `failed` {rule: error} and store it
        on the rule, for the managers; the rules of `rules` that ran fine
        forget their previous error."""
        now = fields.Datetime.now()
        for rule, error in failed.items():
            # Our own messages (bounds) say what to fix; others need their kind.
            message = (
                str(error.args[0])
                if isinstance(error, UserError)
                else f"{type(error).__name__}: {error}"
            )
            _logger.warning(
                "Follow-up rule %r (id %s) skipped, it cannot be applied: %s",
                rule.name,
                rule.id,
                message,
            )
            rule = rule.sudo()
            if (
                rule.last_error != message
                or not rule.last_error_date
                or rule.last_error_date < now - ERROR_REFRESH
            ):
                rule.write({"last_error": message, "last_error_date": now})
        recovered = rules.sudo().filtered(
            lambda rule: rule.last_error and rule not in failed
        )
        if recovered:
            recovered.write({"last_error": False, "last_error_date": False})

    # ------------------------------------------------------------------
    # Crons: time triggers
    # ------------------------------------------------------------------
    # One ir.cron per job (data/ir_cron_data.xml), each run in batches by
    # models/cron_batches.py: a batch in a savepoint, committed outside
    # tests, its progress reported; a batch that fails is rolled back,
    # logged (and its rule's error stored), and the run goes on. Each batch
    # locks its records (SKIP LOCKED) and a unique index forbids two open
    # executions of a step of a rule on a lead: two workers may run a cron at
    # once. The jobs that start from the leads' wake-up
    # (prospect_followup_engine_due.py) read only the leads whose wake-up
    # has come; the cron of the wake-ups then sets their next one. Each
    # returns the number of records it processed.

    @api.model
    def _cron_run(self, jobs, batch_size=None, limit=None):
        """Run the BatchJobs `jobs` in batches of `batch_size` (the engine's
        by default); after `limit` records, stop and report the rest as
        remaining (ir.cron calls again at once)."""
        return run_in_batches(
            self.env, jobs, batch_size or self._cron_batch_size, limit, _logger
        )

    @api.model
    def _cron_rule_job(self, label, rule, ids, process):
        """A BatchJob of `rule` whose failed batches store the rule's error."""
        return BatchJob(
            label,
            ids,
            process,
            lambda error: self._store_rule_errors(rule, {rule: error}),
        )

    @api.model
    def _awake(self, now):
        """Domain of the leads whose wake-up has come at `now`."""
        return [("followup_due_date", "<=", now)]

    @api.model
    def _cron_run_on(self, label, ids, process, now, batch_size, limit):
        """Run `process(batch ids, now=now)` on `ids`, in batches."""
        return self._cron_run(
            [BatchJob(label, ids, partial(process, now=now))], batch_size, limit
        )

    @api.model
    def _cron_mark_overdue_steps(self, batch_size=None, limit=None):
        """Cron: the planned steps whose deadline passed become overdue."""
        now = fields.Datetime.now()
        steps = (
            self.env["prospect.followup.execution"]
            .sudo()
            .search(
                [
                    ("state", "=", "planned"),
                    ("date_deadline", "<", now),
                    ("lead_id", "any", self._awake(now)),
                ],
                order="id",
            )
        )
        return self._cron_run_on(
            "overdue steps", steps.ids, self._batch_mark_overdue, now, batch_size, limit
        )

    @api.model
    def _cron_escalate_first_responses(self, batch_size=None, limit=None):
        """Cron: the leads whose first-response deadline passed without an
        answer are escalated (`_batch_escalate_first_responses`)."""
        now = fields.Datetime.now()
        leads = self.env["crm.lead"].sudo().with_context(active_test=False)
        missed = leads.search(
            [
                *self._awake(now),
                ("first_response_deadline", "<", now),
                ("first_response_date", "=", False),
                ("first_response_missed", "=", False),
            ],
            order="id",
        )
        return self._cron_run_on(
            "missed first responses",
            missed.ids,
            self._batch_escalate_first_responses,
            now,
            batch_size,
            limit,
        )

    @api.model
    def _cron_reassign_first_responses(self, batch_size=None, limit=None):
        """Cron: the unanswered leads of the teams that reassign missed first
        responses, whose reassignment is due (crm_lead_reassign.py); their
        wake-up is at most their reassignment's."""
        now = fields.Datetime.now()
        due = (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    *self._awake(now),
                    ("first_response_reassign_due", "<=", now),
                    ("first_response_date", "=", False),
                    ("team_id.first_response_reassign", "=", True),
                ],
                order="first_response_reassign_due, id",
            )
        )
        return self._cron_run_on(
            "first-response reassignments",
            due.ids,
            self._batch_reassign_missed,
            now,
            batch_size,
            limit,
        )

    @api.model
    def _cron_start_idle_cadences(self, batch_size=None, limit=None):
        """Cron: start the cadences of the idle rules on their idle leads
        (one job per rule). A rule that cannot be evaluated is skipped (and
        its error stored)."""
        now = fields.Datetime.now()
        if not self._followup_awake_lead_ids(now):
            return 0
        return self._cron_run(
            [
                self._cron_rule_job(
                    f"idle leads of rule {rule.id}",
                    rule,
                    lead_ids,
                    partial(self._batch_start_idle_cadences, rule, now=now),
                )
                for rule, lead_ids in self._cron_collect_idle_leads(now).items()
            ],
            batch_size,
            limit,
        )

    @api.model
    def _cron_set_wake_ups(self, batch_size=None, limit=None):
        """Cron: the leads whose wake-up has come get their next one, the
        exact time of their next work (`_followup_set_exact_wake_up`). Run
        after the other jobs when they are due together (its priority): the
        work left undone keeps a lead awake whatever the order."""
        now = fields.Datetime.now()
        return self._cron_run_on(
            "next wake-ups",
            self._followup_awake_lead_ids(now),
            self._batch_set_wake_ups,
            now,
            batch_size,
            limit,
        )

    @api.model
    def _cron_collect_idle_leads(self, now):
        """{idle rule: ids of its idle leads}. A rule that cannot be
        evaluated is left out (and its error stored)."""
        return self._cron_collect_by_rule(
            self._get_rules(["idle"]), self._get_idle_lead_ids, now
        )

    @api.model
    def _cron_collect_by_rule(self, rules, find, now):
        """{rule: find(rule, now)} for `rules`. A rule that cannot be
        evaluated is left out (and its error stored)."""
        failed = {}

        def collect(rules):
            found = {}
            for rule in rules:
                targets = _try_rule(failed, rule, find, rule, now)
                if rule not in failed:
                    found[rule] = targets
            return found

        try:
            with self.env.cr.savepoint():
                found = collect(rules)
        except psycopg2.Error:
            # The database refused the filter of a rule: find which, each
            # rule in a savepoint of its own (only on this rare path).
            failed.clear()
            found = {}
            for rule in rules:
                try:
                    with self.env.cr.savepoint():
                        found.update(collect(rule))
                except psycopg2.Error as error:
                    failed[rule] = error
        self._store_rule_errors(rules, failed)
        return found

    @api.model
    def _get_idle_lead_ids(self, rule, now):
        """Ids of the open leads in the scope of the idle rule `rule`, awake
        at `now` (`followup_due_date`), not touched (`contact_notions`) for
        its idle days, and with no running cadence of this rule. One
        query."""
        rule._check_idle_days()  # a value stored out of bounds
        cutoff = now - timedelta(days=rule.idle_days)
        query = (
            self.env["crm.lead"]
            .sudo()
            ._search(
                expression.AND(
                    [
                        rule._get_lead_scope_domain(),
                        [("create_date", "<", cutoff), *self._awake(now)],
                    ]
                ),
                order="id",
            )
        )
        query.add_where(
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM mail_message message
                     WHERE %(touch)s AND message.date >= %(cutoff)s)
                   AND NOT EXISTS (
                    SELECT 1 FROM prospect_followup_execution execution
                     WHERE execution.lead_id = crm_lead.id
                       AND execution.rule_id = %(rule)s
                       AND execution.state IN %(open)s)""",
                touch=contact_notions.touches_sql(SQL.identifier("crm_lead")),
                cutoff=cutoff,
                rule=rule.id,
                open=OPEN_STATES,
            )
        )
        return [row[0] for row in self.env.execute_query(query.select())]

    # ------------------------------------------------------------------
    # Batches of the crons: `ids` locked first
    # ------------------------------------------------------------------

    @api.model
    def _lock_leads(self, lead_ids):
        """The leads of this batch; those another worker holds are skipped
        (it is processing them)."""
        return (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .browse(lock_rows(self.env, "crm_lead", lead_ids))
        )

    @api.model
    def _batch_mark_overdue(self, execution_ids, now):
        executions = (
            self.env["prospect.followup.execution"]
            .sudo()
            .browse(lock_rows(self.env, "prospect_followup_execution", execution_ids))
        )
        executions.filtered(
            lambda execution: (
                execution.state == "planned" and execution.date_deadline < now
            )
        ).write({"state": "overdue"})

    @api.model
    def _batch_escalate_first_responses(self, lead_ids, now):
        """The first-response deadline of these leads passed without an
        answer: their SLA state becomes breached, they are marked as missed
        (so that they are escalated once) and the open ones are escalated by
        the rules of that trigger."""
        leads = self._lock_leads(lead_ids).filtered(
            lambda lead: not lead.first_response_missed and not lead.first_response_date
        )
        # Answered, but the write of the answer was skipped (a concurrent
        # change of the lead): recorded now, not escalated.
        leads -= leads._followup_record_first_answers()
        if not leads:
            return
        leads.write({"first_response_missed": True})
        leads._recompute_first_response_sla()
        self._start_cadences(self._get_rules(["first_response_missed"]), leads)

    @api.model
    def _batch_reassign_missed(self, lead_ids, now):
        """Reassign these leads; those another worker holds are left to it,
        and a lead it reassigned meanwhile is no longer due."""
        leads = self._lock_leads(lead_ids)
        # What this worker read before the lock may be stale.
        leads.invalidate_recordset()
        leads._prospect_reassign_missed(now)

    @api.model
    def _batch_start_idle_cadences(self, rule, lead_ids, now):
        self._start_cadences(rule, self._lock_leads(lead_ids))

    @api.model
    def _batch_set_wake_ups(self, lead_ids, now):
        """The work due on these leads is done: set their next wake-up (those
        another worker holds are left to it)."""
        self._followup_set_exact_wake_up(self._lock_leads(lead_ids).ids)


def _try_rule(failed, rule, function, *args):
    """`function(*args)`, or None when it raises a Python error, which is
    recorded in `failed` {rule: error} (the rule is skipped, the others run).
    Database errors propagate: the transaction is aborted, the caller's
    savepoint decides."""
    try:
        return function(*args)
    except psycopg2.Error:
        raise
    except Exception as error:  # noqa: BLE001 - any error skips the rule
        failed[rule] = error
        return None


def _with_contact_time(note, env, moment, tz_name):
    """The activity's `note` (HTML) with, in the language of `env`, when
    the step is planned for the contact: `moment` (naive UTC) in their time
    zone `tz_name`."""
    local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name))
    line = env._(
        "Planned for the contact: %(time)s their time (%(tz)s)",
        time=local.strftime("%H:%M"),
        tz=tz_name,
    )
    return Markup("%s<p>%s</p>") % (note or "", line)


class StepScheduling:
    """The values of the activities and executions of steps scheduled at
    `start`, with what is looked up once per run (activity types, the model,
    deadline planners, the company schedules, the step texts per language)."""

    def __init__(self, env, start):
        self.env, self.start = env, start
        # By id (cached by the registry): env.ref() would query its existence.
        self.generic_type = env["mail.activity.type"].browse(
            env["ir.model.data"]._xmlid_to_res_id(
                GENERIC_FOLLOWUP_TYPE, raise_if_not_found=False
            )
        )
        self.channel_types = env["mail.activity.type"]._get_prospect_channel_types()
        self.model_id = env["ir.model"]._get_id("crm.lead")
        # {calendar: WorkSchedule}: each company schedule is read once per run.
        self.schedules = {}

    def schedule(self, company):
        """The WorkSchedule of `company`'s working hours (None: none)."""
        calendar = working_calendar(company)
        if calendar not in self.schedules:
            self.schedules[calendar] = work_schedule(calendar)
        return self.schedules[calendar]

    def prepare(self, step, leads, start=None):
        """[(activity vals, execution vals)] of `step` on `leads` (sudo, open,
        in the rule's scope), scheduled at `start` (naive UTC; the run's
        moment by default). Python only: a step whose settings are out of
        bounds or give no date fails here, before anything is written."""
        step._check_delay()  # a value stored out of bounds
        env, start, rule = self.env, start or self.start, step.rule_id
        position = step._get_position()
        planner = DeadlinePlanner(step.delay, step.delay_unit, step.working_days)
        texts = {}
        rows = []
        for lead in leads:
            user = step._get_assignee(lead)
            activity_type = step._get_activity_type(
                lead, self.generic_type, self.channel_types
            )
            company = lead.company_id or env.company
            # Within the hours and days when the contact may be reached.
            window = lead._followup_contact_window()
            deadline, due_date, moment = planner.plan_in_window(
                start, self.schedule(company), user_tz(user, company), window
            )
            lang = user.lang or env.lang
            if lang not in texts:
                translated = step.with_context(lang=lang)
                texts[lang] = (translated.summary, translated.note, translated.env)
            summary, note, lang_env = texts[lang]
            note = _with_contact_time(
                note or activity_type.default_note, lang_env, moment, window.tz
            )
            rows.append(
                (
                    {
                        "res_model_id": self.model_id,
                        "res_id": lead.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary or activity_type.summary,
                        "note": note,
                        "date_deadline": due_date,
                        "user_id": user.id,
                        "automated": True,
                    },
                    {
                        "lead_id": lead.id,
                        "rule_id": rule.id,
                        "step_id": step.id,
                        "step_sequence": position,
                        "activity_type_id": activity_type.id,
                        "summary": summary or activity_type.name,
                        "user_id": user.id,
                        "team_id": lead.team_id.id,
                        "company_id": company.id,
                        "date_planned": start,
                        "date_deadline": deadline,
                        "state": "planned",
                    },
                )
            )
        return rows
