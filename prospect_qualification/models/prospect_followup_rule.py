# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import threading
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

_logger = logging.getLogger(__name__)

FOLLOWUP_TRIGGERS = [
    ("lead_created", "New lead or opportunity"),
    ("stage_entered", "Stage entered"),
    ("idle", "Idle lead"),
    ("first_response_missed", "First-response deadline missed"),
    ("customer_inactive", "Customer became inactive"),
]
# Triggers the cron evaluates; a record runs at most one cadence of such a
# rule at a time (otherwise every run would start a new one).
TIME_TRIGGERS = ("idle", "first_response_missed")
# States of an execution whose activity is still open.
OPEN_STATES = ("planned", "overdue")
# Leads a cadence may run on: not archived (lost) and not won.
OPEN_LEAD_DOMAIN = [
    ("active", "=", True),
    "|",
    ("stage_id", "=", False),
    ("stage_id.is_won", "=", False),
]
# Database errors of a batch that another worker processed at the same time:
# the batch is rolled back to its savepoint and left to the next run.
CONCURRENCY_ERRORS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)


class ProspectFollowupRule(models.Model):
    """A follow-up rule: when its trigger fires on a lead that passes its
    scope (company, sales teams, filter), it starts a cadence of activities
    (its steps), one after the other: step n+1 is scheduled when step n is
    marked done."""

    _name = "prospect.followup.rule"
    _description = "Follow-up Rule"
    _order = "sequence, id"
    _check_company_auto = True

    # Leads handled per transaction by the cron (commit between batches).
    _cron_batch_size = 500

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to apply the rule to the leads of every company.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        "prospect_followup_rule_crm_team_rel",
        "rule_id",
        "team_id",
        string="Sales Teams",
        check_company=True,
        help="Leave empty to apply the rule to the leads of every sales team.",
    )
    trigger = fields.Selection(
        FOLLOWUP_TRIGGERS,
        required=True,
        default="lead_created",
        help="New lead or opportunity: as soon as it is created (speed to lead).\n"
        "Stage entered: when a lead moves into the stage below.\n"
        "Idle lead: no activity done and no message exchanged for the days "
        "below.\n"
        "First-response deadline missed: nobody answered the lead in time "
        "(escalation).\n"
        "Customer became inactive: a reactivation opportunity is created for "
        "the customer and the cadence runs on it.",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        ondelete="set null",
        help="The cadence starts when a lead enters this stage and stops when "
        "it leaves it.",
    )
    idle_days = fields.Integer(
        string="Idle For (Days)",
        default=14,
        help="Days without a completed activity and without any message "
        "exchanged with the contact.",
    )
    filter_domain = fields.Char(
        string="Apply To",
        default="[]",
        help="Only the leads matching this filter get the cadence.",
    )
    step_ids = fields.One2many(
        "prospect.followup.step", "rule_id", string="Cadence", copy=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Gets the activities when the lead has no salesperson and its "
        "team has no leader.",
    )
    stop_on_reply = fields.Boolean(
        string="Stop When the Customer Replies",
        default=True,
        help="Cancel the cadence when an e-mail or message arrives from the "
        "lead's contact.",
    )
    single_cadence = fields.Boolean(
        string="One Running Cadence per Lead",
        default=True,
        help="Do not start the cadence again on a lead while a previous run "
        "of it is not finished. Rules run by the scheduler (idle leads, "
        "missed deadlines) always work this way.",
    )
    notify_assignees = fields.Boolean(
        string="Notify Assignees by E-mail",
        help="Send the usual 'activity assigned to you' e-mail for every "
        "activity this rule schedules. Off by default: a rule may schedule "
        "hundreds of activities at once.",
    )
    step_count = fields.Integer(compute="_compute_step_count")
    execution_ids = fields.One2many(
        "prospect.followup.execution", "rule_id", string="Executions"
    )
    execution_count = fields.Integer(compute="_compute_execution_count")

    _sql_constraints = [
        (
            "idle_days_positive",
            "CHECK(idle_days > 0)",
            "The idle period of a follow-up rule must be at least one day.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("step_ids")
    def _compute_step_count(self):
        for rule in self:
            rule.step_count = len(rule.step_ids)

    def _compute_execution_count(self):
        counts = dict(
            self.env["prospect.followup.execution"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.execution_count = counts.get(rule, 0)

    @api.constrains("trigger", "stage_id")
    def _check_stage(self):
        for rule in self:
            if rule.trigger == "stage_entered" and not rule.stage_id:
                raise ValidationError(
                    self.env._(
                        "The follow-up rule “%(rule)s” starts when a lead enters "
                        "a stage: choose the stage.",
                        rule=rule.name,
                    )
                )

    @api.constrains("filter_domain")
    def _check_filter_domain(self):
        Lead = self.env["crm.lead"]
        for rule in self:
            try:
                domain = rule._get_filter_domain()
                # Run it once, on no record: unknown fields, bad operators and
                # values of the wrong type fail here rather than in the cron.
                with self.env.cr.savepoint(flush=False):
                    Lead.with_context(active_test=False).search_count(
                        expression.AND([domain, [("id", "=", 0)]])
                    )
            except Exception as error:  # any error means "invalid"
                raise ValidationError(
                    self.env._(
                        "The filter of the follow-up rule “%(rule)s” is not a valid "
                        "filter on leads: %(error)s. Fix it with the filter editor.",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    def _get_filter_domain(self):
        """The rule's filter as a domain, evaluated now (it may use uid,
        user, context_today(), datetime, relativedelta)."""
        self.ensure_one()
        if not self.filter_domain:
            return []
        domain = safe_eval(
            self.filter_domain,
            {
                "uid": self.env.uid,
                "user": self.env.user,
                "time": safe_time,
                "datetime": safe_datetime,
                "relativedelta": relativedelta,
                "context_today": lambda: fields.Date.context_today(self),
            },
        )
        if not isinstance(domain, list | tuple):
            raise TypeError(self.env._("a filter is a list of conditions"))
        return list(domain)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_executions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "prospect_qualification.prospect_followup_execution_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------

    def _get_lead_scope_domain(self):
        """Domain of the open leads this rule applies to."""
        self.ensure_one()
        domain = list(OPEN_LEAD_DOMAIN)
        if self.company_id:
            domain.append(("company_id", "=", self.company_id.id))
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return expression.AND([domain, self._get_filter_domain()])

    def _filter_leads(self, leads):
        """The leads of `leads` (sudo) this rule applies to: one query."""
        self.ensure_one()
        if not leads:
            return leads
        domain = expression.AND(
            [[("id", "in", leads.ids)], self._get_lead_scope_domain()]
        )
        return leads.search(domain, order="id")

    def _get_running_lead_ids(self, leads):
        """Ids of the leads on which a cadence of this rule is running."""
        self.ensure_one()
        groups = (
            self.env["prospect.followup.execution"]
            .sudo()
            ._read_group(
                [
                    ("rule_id", "=", self.id),
                    ("lead_id", "in", leads.ids),
                    ("state", "in", OPEN_STATES),
                ],
                ["lead_id"],
            )
        )
        return {lead.id for (lead,) in groups}

    # ------------------------------------------------------------------
    # Starting cadences
    # ------------------------------------------------------------------

    def _start_cadences(self, leads):
        """Schedule the first step of each rule of `self` on the leads of
        `leads` it applies to. A few queries per rule, whatever the number of
        leads. Returns the executions created."""
        executions = self.env["prospect.followup.execution"]
        if self.env.context.get("mail_activity_automation_skip") or not leads:
            return executions
        # The engine applies configuration on behalf of whoever caused the
        # event (a salesperson, the mail gateway, the cron): it must see every
        # rule and lead concerned and create activities for other users.
        leads = leads.sudo()
        for rule in self.sudo():
            if not rule.active or not rule.step_ids:
                continue
            targets = rule._filter_leads(leads)
            if targets and (rule.single_cadence or rule.trigger in TIME_TRIGGERS):
                running = rule._get_running_lead_ids(targets)
                targets = targets.filtered(
                    lambda lead, running=running: lead.id not in running
                )
            if targets:
                executions |= rule.step_ids[0]._schedule(targets)
        return executions

    @api.model
    def _get_rules(self, triggers):
        # sudo: rules are configuration, applied whoever triggers them.
        return self.sudo().search([("trigger", "in", list(triggers))])

    @api.model
    def _on_leads_created(self, leads):
        """Event: leads were created (speed to lead; they entered a stage)."""
        skip = self.env.context.get("prospect_followup_skip_triggers") or ()
        triggers = [t for t in ("lead_created", "stage_entered") if t not in skip]
        if not leads or not triggers:
            return
        rules = self._get_rules(triggers)
        rules.filtered(lambda r: r.trigger == "lead_created")._start_cadences(leads)
        self._start_stage_cadences(
            rules.filtered(lambda r: r.trigger == "stage_entered"), leads
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
            skip = self.env.context.get("prospect_followup_skip_triggers") or ()
            if moved and "stage_entered" not in skip:
                self._start_stage_cadences(self._get_rules(["stage_entered"]), moved)

    @api.model
    def _start_stage_cadences(self, rules, leads):
        for stage, stage_rules in rules.grouped("stage_id").items():
            if stage:
                stage_rules._start_cadences(
                    leads.filtered(lambda lead, stage=stage: lead.stage_id == stage)
                )

    @api.model
    def _on_customer_replied(self, lead):
        """Event: the lead's contact wrote to us: stop the cadences of the
        rules that say so."""
        Execution = self.env["prospect.followup.execution"].sudo()
        running = Execution.search(
            [
                ("lead_id", "=", lead.id),
                ("state", "in", OPEN_STATES),
                ("rule_id.stop_on_reply", "=", True),
            ]
        )
        running._cancel("replied")

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
        opportunities = Lead.with_context(
            prospect_followup_skip_triggers=("lead_created",)
        ).create(vals_list)
        self._get_rules(["customer_inactive"])._start_cadences(opportunities)
        return opportunities

    # ------------------------------------------------------------------
    # Cron: time triggers
    # ------------------------------------------------------------------

    @api.model
    def _cron_run_followup(self, batch_size=None, limit=None):
        """Every 15 minutes: mark overdue steps, escalate leads whose
        first-response deadline passed, start the cadences of idle leads.

        Works in batches of `batch_size` records, each in its own savepoint,
        committed and reported to the cron (done / remaining) outside tests,
        so that a large database never holds one long transaction. After
        `limit` records it stops and reports the rest as remaining: the cron
        runs again at once. Safe to run twice or in two workers: each batch
        locks its records (SKIP LOCKED) and a unique index forbids two open
        executions of the same step of a rule for one lead."""
        batch_size = batch_size or self._cron_batch_size
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        now = fields.Datetime.now()
        jobs = self._cron_collect_jobs(now)
        total = sum(len(ids) for _label, ids, _process in jobs)
        if auto_commit:
            # Each batch then starts a fresh transaction (and snapshot) with
            # its lock: it sees what other workers committed meanwhile.
            self.env.cr.commit()  # pylint: disable=invalid-commit
        done = 0
        for label, ids, process in jobs:
            for batch_ids in split_every(batch_size, ids):
                try:
                    with self.env.cr.savepoint():
                        process(batch_ids, now)
                except CONCURRENCY_ERRORS as error:
                    _logger.info(
                        "Follow-up cron: batch of %s (%s records) left to the next "
                        "run, processed concurrently: %s",
                        label,
                        len(batch_ids),
                        error,
                    )
                done += len(batch_ids)
                self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
                if auto_commit:
                    # Batches are independent: keep what is done (cron only,
                    # never in tests), like Odoo's own batched crons.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                if limit and done >= limit and done < total:
                    return done
        return done

    @api.model
    def _cron_collect_jobs(self, now):
        """[(label, record ids, processor)] of the work due at `now`."""
        Execution = self.env["prospect.followup.execution"].sudo()
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        jobs = [
            (
                "overdue steps",
                Execution.search(
                    [("state", "=", "planned"), ("date_deadline", "<", now)],
                    order="id",
                ).ids,
                Execution._cron_mark_overdue,
            ),
            (
                "missed first responses",
                Lead.search(
                    [
                        ("first_response_deadline", "<", now),
                        ("first_response_date", "=", False),
                        ("first_response_missed", "=", False),
                    ],
                    order="id",
                ).ids,
                self._cron_escalate_first_responses,
            ),
        ]
        for rule in self._get_rules(["idle"]):
            jobs.append(
                (
                    f"idle leads of rule {rule.id}",
                    rule._get_idle_lead_ids(now),
                    rule._cron_start_idle_cadences,
                )
            )
        return jobs

    def _get_idle_lead_ids(self, now):
        """Ids of the open leads in the scope of this idle rule with no
        completed activity and no message exchanged (e-mail or chatter
        message; internal notes and tracking do not count) for its idle days,
        and no running cadence of this rule. One query."""
        self.ensure_one()
        cutoff = now - timedelta(days=self.idle_days)
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        query = (
            self.env["crm.lead"]
            .sudo()
            ._search(
                expression.AND(
                    [self._get_lead_scope_domain(), [("create_date", "<", cutoff)]]
                ),
                order="id",
            )
        )
        query.add_where(
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM mail_message message
                     WHERE message.model = 'crm.lead'
                       AND message.res_id = crm_lead.id
                       AND message.date >= %(cutoff)s
                       AND (message.mail_activity_type_id IS NOT NULL
                            OR (message.message_type IN ('email', 'comment')
                                AND message.subtype_id IS DISTINCT FROM %(note)s)))
                   AND NOT EXISTS (
                    SELECT 1 FROM prospect_followup_execution execution
                     WHERE execution.lead_id = crm_lead.id
                       AND execution.rule_id = %(rule)s
                       AND execution.state IN %(open)s)""",
                cutoff=cutoff,
                note=note,
                rule=self.id,
                open=OPEN_STATES,
            )
        )
        return [row[0] for row in self.env.execute_query(query.select())]

    @api.model
    def _lock_leads(self, lead_ids):
        """Lock the leads of this batch; those another worker holds are
        skipped (it is processing them)."""
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM crm_lead WHERE id IN %s ORDER BY id "
                "FOR NO KEY UPDATE SKIP LOCKED",
                tuple(lead_ids),
            )
        )
        return (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .browse([row[0] for row in rows])
        )

    def _cron_start_idle_cadences(self, lead_ids, now):
        self.ensure_one()
        self._start_cadences(self._lock_leads(lead_ids))

    @api.model
    def _cron_escalate_first_responses(self, lead_ids, now):
        """The first-response deadline of these leads passed without an
        answer: their SLA state becomes breached, they are marked as missed
        (so that they are escalated once) and the open ones are escalated by
        the rules of that trigger."""
        leads = self._lock_leads(lead_ids).filtered(
            lambda lead: not lead.first_response_missed and not lead.first_response_date
        )
        if not leads:
            return
        leads.write({"first_response_missed": True})
        leads._recompute_first_response_sla()
        self._get_rules(["first_response_missed"])._start_cadences(leads)
