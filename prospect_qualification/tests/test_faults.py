# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Faults a production database meets: a cron worker killed (or its query
cancelled) in the middle of a batch, two transactions writing one lead at
once, a mail server that does not answer.

As test_followup_concurrency.py, these tests commit through real cursors of
the registry (a TransactionCase hides its data from other connections) and
delete what they created at the end. The cron runs in a thread of its own,
as in a cron worker: it commits between its batches and, outside the test
thread, mails really go to the (dead) mail server."""

import socket
import threading
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.modules import module as odoo_module
from odoo.service import model as service_model
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models import cron_batches
from .committed_common import IdleLeadsCase
from .followup_common import run_followup_crons

LEADS = 20
BATCH = 6
ENGINE_LOGGER = (
    "odoo.addons.prospect_qualification.models.followup.prospect_followup_engine"
)


class FaultCase(IdleLeadsCase):
    """Committed data, and a worker thread of its own."""

    def _in_thread(self, function):
        """Run function(env) on a new cursor in a thread of its own (not a
        test thread: the cron commits its batches, mails are really sent),
        committed at the end. Returns (thread, state): state["pid"] is the
        PostgreSQL backend of the cursor once state["started"] is set,
        state["error"] what the thread raised."""
        state = {"started": threading.Event()}

        def target():
            try:
                # Committed at the end, as _env().
                with self.registry.cursor() as cr:
                    state["pid"] = cr._cnx.get_backend_pid()
                    state["started"].set()
                    function(api.Environment(cr, SUPERUSER_ID, {}))
            except Exception as error:  # noqa: BLE001 - reported to the test
                state["error"] = error
            finally:
                state["started"].set()

        thread = threading.Thread(target=target, name="pq-fault-worker")
        thread.start()
        return thread, state


@tagged("post_install", "-at_install")
class TestCronKilledMidBatch(FaultCase):
    """The follow-up cron dies (its backend terminated) or has its query
    cancelled while it holds a batch: what it committed stays, the batch is
    rolled back, and the next run does the rest: no step twice, none lost."""

    def setUp(self):
        super().setUp()
        self._setup_idle_leads("Fault", LEADS)
        # As in a cron worker, the cron commits between its batches: tests
        # are running, but its cursors are real ones.
        self.patch(cron_batches, "running_tests", lambda: False)

    def _executions(self):
        """{lead id: number of executions} of our leads, committed."""
        with self._env() as env:
            env.cr.execute(
                "SELECT lead_id, count(*) FROM prospect_followup_execution "
                "WHERE lead_id IN %s GROUP BY lead_id",
                [tuple(self.lead_ids)],
            )
            return dict(env.cr.fetchall())

    def _run_cron(self, env):
        run_followup_crons(env, batch_size=BATCH)

    def _hold_a_batch(self, fault):
        """Another transaction holds the open step of a lead of the second
        batch (inserted, not committed): the cron, inserting the same step,
        waits on the unique index. Then `fault` is done to the cron's
        backend: pg_terminate_backend (the worker is killed) or
        pg_cancel_backend (its query is cancelled)."""
        held = self.lead_ids[BATCH + 1]
        with closing(self.registry.cursor()) as blocker:
            # Plain SQL: the ORM would also lock the lead, which the cron
            # would then skip instead of waiting.
            blocker.execute(
                SQL(
                    """INSERT INTO prospect_followup_execution
                       (lead_id, rule_id, step_id, state, date_planned, date_deadline)
                       VALUES (%s, %s, %s, 'planned', now(), now())""",
                    held,
                    self.rule_id,
                    self.step_id,
                )
            )
            thread, state = self._in_thread(self._run_cron)
            state["started"].wait(30)
            self.assertIn("pid", state, state.get("error"))
            if not self._wait_for_lock(state["pid"]):
                self.fail("The cron never waited for the held step.")
            with self._env() as env:
                env.cr.execute(SQL("SELECT %s(%s)", SQL(fault), state["pid"]))
            thread.join(60)
            self.assertFalse(thread.is_alive())
            blocker.rollback()
        return held, state

    def _assert_one_step_per_lead(self):
        self.assertEqual(self._executions(), dict.fromkeys(self.lead_ids, 1))
        with self._env() as env:
            activities = env["mail.activity"].search_count(
                [("res_model", "=", "crm.lead"), ("res_id", "in", self.lead_ids)]
            )
        self.assertEqual(activities, LEADS)

    @mute_logger(ENGINE_LOGGER, "odoo.sql_db")
    def test_cron_worker_killed(self):
        held, state = self._hold_a_batch("pg_terminate_backend")
        self.assertIn("error", state, "the killed worker cannot have finished")
        done = self._executions()
        # The first batch was committed before the kill; the batch held
        # when the worker died was rolled back whole; nothing twice.
        self.assertEqual(set(done.values()), {1})
        self.assertTrue(set(self.lead_ids[:BATCH]) <= set(done))
        self.assertNotIn(held, done)
        self.assertLess(len(done), LEADS)
        thread, state = self._in_thread(self._run_cron)
        thread.join(120)
        self.assertNotIn("error", state)
        self._assert_one_step_per_lead()

    @mute_logger(ENGINE_LOGGER, "odoo.sql_db")
    def test_cron_query_cancelled(self):
        held, state = self._hold_a_batch("pg_cancel_backend")
        # The run survives a cancelled batch: it goes on with the others.
        self.assertNotIn("error", state)
        done = self._executions()
        self.assertEqual(set(done.values()), {1})
        self.assertNotIn(held, done)
        self.assertEqual(len(done), LEADS - BATCH)
        thread, state = self._in_thread(self._run_cron)
        thread.join(120)
        self.assertNotIn("error", state)
        self._assert_one_step_per_lead()
        with self._env() as env:
            self.assertFalse(
                env["prospect.followup.rule"].browse(self.rule_id).last_error,
                "the rule recovered: its error of the cancelled batch is gone",
            )


@tagged("post_install", "-at_install")
class TestConcurrentLeadWrites(FaultCase):
    """Two transactions qualify the same lead at once: the second one's
    UPDATE meets PostgreSQL's serialization failure; Odoo's RPC layer
    (odoo.service.model.retrying) rolls back and runs it again on a new
    snapshot, and the lead ends with both answers and their score."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            self.lead_id = (
                env["crm.lead"]
                .create({"name": "PQ Fault concurrent writes", "type": "opportunity"})
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            env["crm.lead"].browse(self.lead_id).exists().unlink()

    @mute_logger("odoo.sql_db")
    def test_serialization_failure_retried(self):
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # Both transactions take their snapshot of the lead.
            self.assertEqual(
                env1["crm.lead"].browse(self.lead_id).qualification_score, 0
            )
            self.assertEqual(
                env2["crm.lead"].browse(self.lead_id).qualification_score, 0
            )
            env1["crm.lead"].browse(self.lead_id).write(
                {"qualification_need": "yes", "qualification_budget": "yes"}
            )
            env1.flush_all()
            cr1.commit()
            tries = []

            def qualify():
                tries.append(cr2.now())
                env2["crm.lead"].browse(self.lead_id).write(
                    {"qualification_authority": "yes", "qualification_fit": "partial"}
                )

            # No real wait between the tries.
            with patch.object(service_model, "time"):
                service_model.retrying(qualify, env2)
            cr2.commit()
        self.assertEqual(len(tries), 2, "the first try failed, the second passed")
        with self._env() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            answers = {
                "qualification_need": "yes",
                "qualification_budget": "yes",
                "qualification_authority": "yes",
                "qualification_fit": "partial",
            }
            self.assertRecordValues(lead, [answers])
            # The score of all four answers, not of the loser's stale snapshot.
            expected = env["crm.lead"].new(dict(answers, company_id=lead.company_id.id))
            self.assertEqual(lead.qualification_score, expected.qualification_score)
            self.assertEqual(lead.qualification_level, expected.qualification_level)
            self.assertGreater(lead.qualification_score, 0)

    @mute_logger("odoo.sql_db")
    def test_answer_while_a_colleague_qualifies(self):
        """A salesperson answers the lead (a chatter message) while a
        colleague's qualification of it commits: the answer does not fail
        nor replay, only the first-response write is skipped, and the
        scheduler takes the answer from the chatter instead of escalating
        the lead when its deadline passes."""
        with self._env() as env:
            admin = env.ref("base.user_admin").id
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, admin, {})
            self.assertFalse(env2["crm.lead"].browse(self.lead_id).first_response_date)
            env1["crm.lead"].browse(self.lead_id).write({"qualification_need": "yes"})
            env1.flush_all()
            cr1.commit()
            tries = []

            def answer():
                tries.append(cr2.now())
                env2["crm.lead"].browse(self.lead_id).message_post(
                    body="We can meet on Monday",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

            with patch.object(service_model, "time"):
                service_model.retrying(answer, env2)
            cr2.commit()
        self.assertEqual(len(tries), 1, "no serialization failure, no replay")
        with self._env() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            self.assertEqual(lead.qualification_need, "yes")
            self.assertFalse(lead.first_response_date)
            answered_on = lead.message_ids.filtered(
                lambda message: "Monday" in (message.body or "")
            ).date
            self.assertTrue(answered_on)
            # The deadline was the minute of the answer; the scheduler runs
            # an hour later.
            env.cr.execute(
                "UPDATE crm_lead SET first_response_deadline = %s, "
                "followup_due_date = %s WHERE id = %s",
                [answered_on, answered_on, self.lead_id],
            )
            lead.invalidate_recordset()
            with freeze_time(answered_on + timedelta(hours=1)):
                env["prospect.followup.engine"]._cron_escalate_first_responses()
            self.assertEqual(lead.first_response_date, answered_on)
            self.assertFalse(lead.first_response_missed)
            self.assertEqual(lead.first_response_sla_state, "met")


@tagged("post_install", "-at_install")
class TestDeadMailServer(FaultCase):
    """The outgoing mail server is down (nothing listens on its port):
    qualifying and promoting a lead still work, the chatter message to the
    customer is saved, and the mail queue cron leaves its e-mail in
    exception (with the reason) without failing."""

    def setUp(self):
        super().setUp()
        # odoo-bin marks the running test (pytest-odoo does not), and Odoo
        # then skips the SMTP connection: these tests need the real one.
        patcher = patch.object(odoo_module, "current_test", None)
        patcher.start()
        self.addCleanup(patcher.stop)
        # A port nobody listens on: connections are refused.
        with closing(socket.socket()) as sock:
            sock.bind(("127.0.0.1", 0))
            dead_port = sock.getsockname()[1]
        with self._env() as env:
            Server = env["ir.mail_server"]
            self.paused_server_ids = Server.search([]).ids
            Server.browse(self.paused_server_ids).write({"active": False})
            self.server_id = Server.create(
                {
                    "name": "PQ dead mail server",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": dead_port,
                    "sequence": 0,
                }
            ).id
            # Left by an interrupted run: gone first.
            env["res.users"].with_context(active_test=False).search(
                [("login", "=", "pq_fault_salesperson")]
            ).unlink()
            self.user_id = (
                env["res.users"]
                .create(
                    {
                        "name": "PQ Fault Salesperson",
                        "login": "pq_fault_salesperson",
                        "email": "pq.fault.salesperson@example.com",
                        "groups_id": [
                            (6, 0, [env.ref("sales_team.group_sale_salesman").id])
                        ],
                    }
                )
                .id
            )
            self.customer_id = (
                env["res.partner"]
                .create({"name": "PQ Fault Customer", "email": "pq.fault@example.com"})
                .id
            )
            self.lead_id = (
                env["crm.lead"]
                .create(
                    {
                        "name": "PQ Fault dead mail server",
                        "type": "opportunity",
                        "user_id": self.user_id,
                        "partner_id": self.customer_id,
                    }
                )
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            env["mail.mail"].search(
                [("model", "=", "crm.lead"), ("res_id", "=", self.lead_id)]
            ).unlink()
            env["crm.lead"].browse(self.lead_id).exists().unlink()
            env["ir.mail_server"].browse(self.server_id).unlink()
            env["ir.mail_server"].browse(self.paused_server_ids).write({"active": True})
            user = env["res.users"].browse(self.user_id)
            partners = user.partner_id | env["res.partner"].browse(self.customer_id)
            user.unlink()
            partners.unlink()

    @mute_logger(
        "odoo.addons.mail.models.mail_mail", "odoo.addons.base.models.ir_mail_server"
    )
    def test_qualify_and_promote_with_the_mail_server_down(self):
        def work(env):
            env = env(user=self.user_id)
            lead = env["crm.lead"].browse(self.lead_id)
            lead.write(
                {
                    f"qualification_{code}": "yes"
                    for code in ("need", "budget", "authority", "access", "fit")
                }
            )
            env.cr.commit()
            context = {"active_model": "crm.lead", "active_ids": [self.lead_id]}
            wizard = (
                env["prospect.promotion.wizard"]
                .with_context(**context)
                .create({"lead_ids": [(6, 0, [self.lead_id])], "note": "Down"})
            )
            state["stage_before"] = lead.stage_id.id
            wizard.action_promote()
            # Queued, not sent at once: the mail queue cron sends it.
            lead.with_context(mail_notify_force_send=False).message_post(
                body="Our offer",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=[self.customer_id],
            )
            env.cr.commit()
            Mail = env["mail.mail"].sudo()
            queued = Mail.search(
                [("model", "=", "crm.lead"), ("res_id", "=", self.lead_id)]
            )
            state["queued"] = queued.mapped("state")
            # The mail queue cron, on these mails only (the database may
            # hold others): each one is refused.
            Mail.process_email_queue(ids=queued.ids)

        state = {}
        thread, result = self._in_thread(work)
        thread.join(120)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", result)
        with self._env() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            self.assertEqual(lead.qualification_score, 100)
            self.assertNotEqual(lead.stage_id.id, state["stage_before"])
            self.assertTrue(
                any("Down" in (body or "") for body in lead.message_ids.mapped("body")),
                "the promotion note is in the chatter",
            )
            mails = env["mail.mail"].search(
                [("model", "=", "crm.lead"), ("res_id", "=", self.lead_id)]
            )
            self.assertIn("outgoing", state["queued"], "the e-mail was queued")
            self.assertEqual(set(mails.mapped("state")), {"exception"})
            self.assertTrue(all(mails.mapped("failure_reason")))

    @mute_logger(
        "odoo.addons.mail.models.mail_mail", "odoo.addons.base.models.ir_mail_server"
    )
    def test_slow_mail_server_does_not_hold_the_promotion(self):
        """The mail server accepts the connection and does not answer: the
        e-mail to the customer is sent after the commit, so the promotion
        and the message are saved (and seen by others) while the sender
        still waits; when the server hangs up, the e-mail is in exception."""
        listener = socket.socket()
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        connected, connections = threading.Event(), []

        def accept():
            try:
                connection, _address = listener.accept()
            except OSError:  # closed by the cleanup: nobody came
                return
            connections.append(connection)
            connected.set()

        threading.Thread(target=accept, daemon=True).start()
        with self._env() as env:
            env["ir.mail_server"].browse(
                self.server_id
            ).smtp_port = listener.getsockname()[1]
            stage_before = env["crm.lead"].browse(self.lead_id).stage_id.id

        def work(env):
            env = env(user=self.user_id)
            lead = env["crm.lead"].browse(self.lead_id)
            lead.write(
                {
                    f"qualification_{code}": "yes"
                    for code in ("need", "budget", "authority", "access", "fit")
                }
            )
            context = {"active_model": "crm.lead", "active_ids": [self.lead_id]}
            env["prospect.promotion.wizard"].with_context(**context).create(
                {"lead_ids": [(6, 0, [self.lead_id])]}
            ).action_promote()
            # Sent at once, after the commit (mail's force_send).
            lead.message_post(
                body="Our offer",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=[self.customer_id],
            )

        thread, result = self._in_thread(work)
        self.assertTrue(connected.wait(60), "the e-mail went to the slow server")
        # The sender waits for the server's greeting; the work is committed.
        self.assertTrue(thread.is_alive())
        with self._env() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            self.assertEqual(lead.qualification_score, 100)
            self.assertNotEqual(lead.stage_id.id, stage_before)
            self.assertTrue(
                any(
                    "Our offer" in (body or "")
                    for body in lead.message_ids.mapped("body")
                )
            )
        for connection in connections:
            connection.close()
        thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", result)
        with self._env() as env:
            mails = env["mail.mail"].search(
                [("model", "=", "crm.lead"), ("res_id", "=", self.lead_id)]
            )
            self.assertTrue(mails)
            self.assertEqual(set(mails.mapped("state")), {"exception"})
