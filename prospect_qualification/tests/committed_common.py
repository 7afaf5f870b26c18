# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tests that commit through real cursors of the registry (a TransactionCase
hides its data from other connections: concurrency, faults) and delete what
they created at the end."""

import time
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import BaseCase, get_db_name


class CommittedCase(BaseCase):
    """Data committed through real cursors, deleted at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        # odoo-bin runs the tests while its main thread holds Registry._lock:
        # a thread of these tests opening an environment on a new cursor
        # would wait for it forever. As HttpCase does (enter_test_mode), the
        # lock is a dummy for the class; pytest-odoo holds no lock.
        saved_lock = Registry._lock
        Registry._lock = DummyRLock()
        cls.addClassCleanup(setattr, Registry, "_lock", saved_lock)

    def _wait_for_lock(self, pid, thread=None, timeout=30):
        """Wait until the backend `pid` waits for a lock (True), or `thread`
        ended, or `timeout` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (thread is None or thread.is_alive()):
            # A new transaction each time: pg_stat_activity is a snapshot.
            with self._env() as env:
                env.cr.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                    [pid],
                )
                row = env.cr.fetchone()
            if row and row[0] == "Lock":
                return True
            time.sleep(0.05)
        return False

    @contextmanager
    def _env(self, uid=SUPERUSER_ID):
        """An environment on a new cursor, committed at the end."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, uid, {})


class IdleLeadsCase(CommittedCase):
    """`count` unassigned leads of a team of their own, idle for 3 days, and
    the only active follow-up rule: an idle rule of one call (the others
    are paused and come back at the end)."""

    def _setup_idle_leads(self, name, count):
        with self._env() as env:
            Rule = env["prospect.followup.rule"]
            self.paused_rule_ids = Rule.search([]).ids
            Rule.browse(self.paused_rule_ids).write({"active": False})
            self.team_id = env["crm.team"].create({"name": f"PQ {name}"}).id
            rule = Rule.create(
                {
                    "name": f"PQ {name} idle rule",
                    "trigger": "idle",
                    "idle_days": 1,
                    "company_id": False,
                    "team_ids": [(6, 0, [self.team_id])],
                    "user_id": env.ref("base.user_admin").id,
                    "step_ids": [
                        (
                            0,
                            0,
                            {
                                "activity_type_id": env.ref(
                                    "mail.mail_activity_data_call"
                                ).id,
                                "summary": f"{name} call",
                            },
                        )
                    ],
                }
            )
            self.rule_id, self.step_id = rule.id, rule.step_ids.id
            leads = (
                env["crm.lead"]
                .with_context(mail_create_nolog=True, mail_notrack=True)
                .create(
                    [
                        {
                            "name": f"PQ {name} {index}",
                            "type": "opportunity",
                            "team_id": self.team_id,
                            "user_id": False,
                        }
                        for index in range(count)
                    ]
                )
            )
            env.flush_all()
            env.cr.execute(
                "UPDATE crm_lead SET create_date = create_date - interval '3 days' "
                "WHERE id IN %s",
                [tuple(leads.ids)],
            )
            env["prospect.followup.engine"]._followup_wake_up_earlier(leads)
            self.lead_ids = sorted(leads.ids)
        self.addCleanup(self._cleanup_idle_leads)

    def _cleanup_idle_leads(self):
        with self._env() as env:
            env["crm.lead"].with_context(active_test=False).browse(
                self.lead_ids
            ).exists().unlink()
            env["prospect.followup.rule"].browse(self.rule_id).exists().unlink()
            env["crm.team"].browse(self.team_id).exists().unlink()
            env["prospect.followup.rule"].browse(self.paused_rule_ids).exists().write(
                {"active": True}
            )
