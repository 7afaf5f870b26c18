# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ...models import trust
from ..followup_common import FOLLOWUP_CRONS, FollowupCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestFollowupCron(FollowupCase):
    """The cron: idempotent, batched, reporting progress, with a query count
    that does not grow with the number of leads; no e-mail storm."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idle_rule = cls._make_rule(
            name="Idle",
            trigger="idle",
            team_ids=[(6, 0, cls.team.ids)],
            idle_days=14,
            steps=[{"summary": "Get back in touch"}, {"summary": "Again", "delay": 3}],
        )
        cls.escalation_rule = cls._make_rule(
            name="Escalation",
            trigger="first_response_missed",
            team_ids=[(6, 0, cls.team.ids)],
            steps=[{"summary": "Answer it", "assign_to": "team_leader"}],
        )
        cls._clear_due_dates()

    def _idle_leads(self, count, **values):
        leads = self._create_leads(count, **values)
        self._backdate(leads, fields.Datetime.now() - timedelta(days=30))
        return leads

    def _counts(self, leads):
        executions = self._executions(leads)
        return len(executions), len(executions.activity_id), len(leads.activity_ids)

    def test_twice_is_idempotent(self):
        idle = self._idle_leads(5)
        missed = self._create_leads(4)
        # Their deadline passed an hour ago (the state is still pending).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET first_response_deadline = %s WHERE id IN %s",
            [fields.Datetime.now() - timedelta(hours=1), tuple(missed.ids)],
        )
        missed.invalidate_recordset(["first_response_deadline"])
        self.Engine._followup_wake_up_earlier(missed)
        self._run_cron()
        # 5 idle cadences and 4 escalations, one open activity each.
        first = self._counts(idle | missed)
        self.assertEqual(first, (9, 9, 9))
        self.assertEqual(self._executions(missed).rule_id, self.escalation_rule)
        self.assertTrue(all(missed.mapped("first_response_missed")))
        self._run_cron()
        self._run_cron(batch_size=2)
        self.assertEqual(self._counts(idle | missed), first)
        # Escalated once: done, it does not come back.
        self._executions(missed).activity_id.action_feedback()
        self._run_cron()
        self.assertEqual(len(self._executions(missed)), 4)

    def test_batches_and_progress(self):
        leads = self._idle_leads(10)
        self._commit_hooks()
        cron = self.env.ref("prospect_qualification.ir_cron_prospect_followup_idle")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        Engine = self.Engine.with_context(
            ir_cron_progress_id=progress.id, cron_id=cron.id
        )
        # Stops after the limit and reports the rest as remaining...
        self.assertEqual(Engine._cron_start_idle_cadences(batch_size=3, limit=4), 6)
        self.assertEqual((progress.done, progress.remaining), (6, 4))
        self.assertEqual(len(self._executions(leads)), 6)
        # ...which the next run (ir.cron calls again at once) processes: the
        # 10 leads are still awake, 4 of them idle.
        self.assertEqual(Engine._cron_start_idle_cadences(batch_size=3), 4)
        self.assertEqual((progress.done, progress.remaining), (4, 0))
        self.assertEqual(len(self._executions(leads)), 10)
        # The cron of the wake-ups: their first-response deadline or their
        # next step, whichever comes first, is what they wait for now.
        self.assertEqual(self.Engine._cron_set_wake_ups(batch_size=3), 10)
        self.assertEqual(
            leads.mapped("followup_due_date"),
            [
                min(lead.first_response_deadline, execution.date_deadline)
                for lead, execution in zip(leads, self._executions(leads), strict=True)
            ],
        )

    def test_each_job_has_its_cron(self):
        """Each follow-up job is a cron of its own, visible to an admin, that
        calls an existing method of the engine; none calls another."""
        crons = (
            self.env["ir.cron"]
            .with_context(active_test=False)
            .search([("model_id.model", "=", "prospect.followup.engine")])
        )
        self.assertTrue(all(crons.mapped("active")))
        self.assertEqual(
            sorted(crons.mapped("code")),
            sorted(f"model.{name}()" for name in FOLLOWUP_CRONS),
        )
        for name in FOLLOWUP_CRONS:
            self.assertTrue(callable(getattr(self.Engine, name)), name)
        # The wake-ups are set after the jobs due with them.
        wake_up = self.env.ref(
            "prospect_qualification.ir_cron_prospect_followup_wake_up"
        )
        self.assertEqual(max(crons.mapped("priority")), wake_up.priority)
        self.assertEqual((crons - wake_up).mapped("priority"), [5] * 5)

    def test_overdue_steps(self):
        leads = self._idle_leads(3)
        self._run_cron()
        executions = self._executions(leads)
        executions[:2].write(
            {"date_deadline": fields.Datetime.now() - timedelta(minutes=1)}
        )
        self._run_cron(batch_size=1)
        self.assertEqual(executions.mapped("state"), ["overdue", "overdue", "planned"])
        self.assertEqual(executions.mapped("is_late"), [True, True, False])

    def test_query_count_does_not_grow_with_leads(self):
        """The cron over 100 or 1000 idle leads (one batch): the same queries,
        but for the ORM's chunks of 100 rows (activities and executions
        inserted, activities' stored fields updated)."""
        sizes, counts, timings = (100, 1000), [], []
        for size in sizes:
            leads = self._idle_leads(size)
            self.env.flush_all()
            self.env.invalidate_all()
            before, start = self.cr.sql_log_count, time.perf_counter()
            # Six crons, each reading its rules and the working calendars.
            with self.assertQueryCount(90):
                self._run_cron(batch_size=5000)
            counts.append(self.cr.sql_log_count - before)
            timings.append(time.perf_counter() - start)
            self.assertEqual(len(self._executions(leads)), size)
        _logger.info(
            "Follow-up cron on 100 / 1000 idle leads: %s queries, %.2f / %.2f s",
            counts,
            *timings,
        )
        self.assertGrowthIsOrmChunking(counts, sizes, tables=3)

    def test_event_trigger_query_count_is_flat(self):
        """The new-lead trigger of a create() of 20 or 200 leads: the same
        number of queries."""
        self._make_rule(steps=[{"summary": "Call"}, {"summary": "E-mail"}])

        def make_leads(size):
            # Created without the trigger, which the operation then fires.
            return trust.with_switches(
                self.env["crm.lead"],
                skip_triggers=("lead_created", "stage_entered"),
            ).create(
                [
                    {
                        "name": f"Lead {index}",
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "user_id": self.user_salesman.id,
                        "stage_id": self.stage_new.id,
                    }
                    for index in range(size)
                ]
            )

        counts = self.assertFlatQueryCount(
            make_leads, self.Engine._on_leads_created, max_queries=40
        )
        _logger.info("New-lead trigger on 20 / 200 leads: %s queries", counts)
        self.assertGrowthIsOrmChunking(counts, (20, 200), tables=3)

    def _notifications(self):
        # E-mail notifications, not mail.mail: odoo-bin "sends" them at once
        # and deletes them, pytest-odoo leaves them queued.
        return (
            self.env["mail.notification"].search_count(
                [("notification_type", "=", "email")]
            ),
            self.env["mail.message"].search_count(
                [("message_type", "=", "user_notification")]
            ),
        )

    def _create_quietly(self, count, **switches):
        """Leads of the salesperson created by another user, without crm's own
        "lead assigned to you" notification: only activities could notify."""
        return trust.with_switches(
            self.env["crm.lead"].with_context(mail_auto_subscribe_no_notify=True),
            **switches,
        ).create(
            [
                {
                    "name": f"Quiet {index}",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "user_id": self.user_salesman.id,
                    "stage_id": self.stage_new.id,
                }
                for index in range(count)
            ]
        )

    def test_no_email_storm(self):
        rule = self._make_rule(steps=[{"summary": "Call"}, {"summary": "Again"}])
        before = self._notifications()
        leads = self._create_quietly(30)
        self.assertEqual(len(leads.activity_ids), 30)
        leads.activity_ids.action_feedback()  # the next steps, by another user
        self.assertEqual(len(leads.activity_ids), 30)
        idle = self._create_quietly(30, skip_triggers=("lead_created",))
        self._backdate(idle, fields.Datetime.now() - timedelta(days=30))
        self._run_cron()  # 30 idle cadences
        self.assertEqual(len(self._executions(idle, self.idle_rule)), 30)
        self.assertEqual(self._notifications(), before)
        # A rule may ask for the usual "assigned to you" notification.
        rule.notify_assignees = True
        self._create_quietly(5)
        mails, messages = self._notifications()
        self.assertEqual(messages - before[1], 5)
        self.assertEqual(mails - before[0], 5)

    def test_internal_messages_do_not_touch_the_lead(self):
        """A message of any internal subtype (not only the internal note)
        stays between colleagues: the lead is still idle, and it is no
        first response."""
        lead = self._idle_leads(1)
        internal = self.env["mail.message.subtype"].create(
            {"name": "PQ Internal", "internal": True}
        )
        lead.with_user(self.user_salesman).message_post(
            body="Entre nosotros", message_type="comment", subtype_id=internal.id
        )
        self.assertFalse(lead.first_response_date)
        self._run_cron()
        self.assertEqual(len(self._executions(lead, self.idle_rule)), 1)
