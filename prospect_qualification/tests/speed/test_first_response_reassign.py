# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reassignment on breach: a lead not answered by its deadline goes round
robin to the next available member (active, within working hours, not on
leave, under crm's assignment limit), both are notified in the chatter;
after N reassignments the team leader gets it."""

from contextlib import closing
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..committed_common import CommittedCase
from ..followup_common import FollowupCase, run_followup_crons

NOW = datetime(2026, 3, 10, 10, 0)  # a Tuesday
LEADS = 20


@tagged("post_install", "-at_install")
class TestFirstResponseReassign(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_third = cls._make_user("pq_salesman_third", "Rita Tercera")
        cls.team.write(
            {
                "member_ids": [Command.link(cls.user_third.id)],
                "first_response_reassign": True,
                "first_response_reassign_max": 2,
            }
        )
        # Room for many leads a day (crm's limit is tested on its own).
        cls.team.crm_team_member_ids.assignment_max = 300
        cls.member = {member.user_id: member for member in cls.team.crm_team_member_ids}

    def _breached_leads(self, count=1, **values):
        """Leads of Sara created an hour and a half before NOW: their
        60-minute deadline has passed."""
        leads = self._create_leads(count, prospecting_type="inbound", **values)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id IN %s",
            (NOW - timedelta(minutes=90), tuple(leads.ids)),
        )
        leads.invalidate_recordset(["create_date"])
        leads._followup_set_first_response_deadline()
        self.env.flush_all()
        return leads

    def _run_at(self, moment):
        with freeze_time(moment):
            self._run_cron()

    def test_round_robin_with_a_new_deadline(self):
        leads = self._breached_leads(3)
        self._run_at(NOW)
        owners = leads.mapped("user_id")
        # Otto and Rita take turns (who waited longest first).
        self.assertEqual(
            [lead.user_id for lead in leads],
            [self.user_salesman_other, self.user_third, self.user_salesman_other],
        )
        self.assertNotIn(self.user_salesman, owners)
        for lead in leads:
            self.assertEqual(lead.first_response_reassign_count, 1)
            self.assertEqual(
                lead.first_response_reassign_due, NOW + timedelta(minutes=60)
            )
            self.assertEqual(lead.first_response_sla_state, "breached", "kept")
        # Both are notified, in the chatter (a note: not a response).
        note = leads[0].message_ids.filtered(
            lambda message: "first response was missed" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(
            note.partner_ids,
            (self.user_salesman | self.user_salesman_other).partner_id,
        )
        self.assertTrue(note.subtype_id.internal)
        self.assertFalse(leads[0].first_response_date)
        # Nothing more until the new deadline.
        self._run_at(NOW + timedelta(minutes=30))
        self.assertEqual(leads[0].first_response_reassign_count, 1)

    def test_leader_after_n_reassignments(self):
        lead = self._breached_leads()
        self._run_at(NOW)
        self.assertEqual(lead.user_id, self.user_salesman_other)
        self._run_at(NOW + timedelta(minutes=61))
        self.assertEqual(lead.user_id, self.user_third)
        self._run_at(NOW + timedelta(minutes=122))
        self.assertEqual(lead.user_id, self.user_manager, "the team leader")
        self.assertEqual(lead.first_response_reassign_count, 3)
        self.assertFalse(lead.first_response_reassign_due, "the leader keeps it")
        self._run_at(NOW + timedelta(days=1))
        self.assertEqual(lead.user_id, self.user_manager)

    def test_team_option_turned_on_later(self):
        self.team.first_response_reassign = False
        lead = self._breached_leads()
        self.assertFalse(lead.first_response_reassign_due)
        self._run_at(NOW)
        self.assertEqual(lead.user_id, self.user_salesman)
        self.team.first_response_reassign = True
        self.assertEqual(lead.first_response_reassign_due, lead.first_response_deadline)
        self._run_at(NOW)
        self.assertEqual(lead.user_id, self.user_salesman_other)

    def test_answered_and_other_teams_are_left_alone(self):
        answered, plain = self._breached_leads(2)
        answered.with_user(self.user_salesman).message_post(
            body="Hola", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.team.first_response_reassign = False
        self._run_at(NOW)
        self.assertEqual((answered | plain).user_id, self.user_salesman)
        self.team.first_response_reassign = True
        self._run_at(NOW)
        self.assertEqual(answered.user_id, self.user_salesman)
        self.assertEqual(plain.user_id, self.user_salesman_other)

    def test_member_on_leave_is_skipped(self):
        resource = self.env["resource.resource"].create(
            {
                "name": "Otto",
                "user_id": self.user_salesman_other.id,
                "calendar_id": self.calendar_always.id,
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Vacaciones",
                "resource_id": resource.id,
                "calendar_id": self.calendar_always.id,
                "date_from": NOW - timedelta(days=1),
                "date_to": NOW + timedelta(days=1),
            }
        )
        lead = self._breached_leads()
        self._run_at(NOW)
        self.assertEqual(lead.user_id, self.user_third)

    def test_member_outside_working_hours_is_skipped(self):
        office = self.env["resource.calendar"].create(
            {
                "name": "PQ Mornings",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 6,
                            "hour_to": 9,
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        self.env["resource.resource"].create(
            {
                "name": "Otto",
                "user_id": self.user_salesman_other.id,
                "calendar_id": office.id,
            }
        )
        lead = self._breached_leads()
        self._run_at(NOW)  # 10:00 UTC: Otto's day is over
        self.assertEqual(lead.user_id, self.user_third)

    def test_assignment_limits(self):
        # crm's daily quota: 30 leads in 30 days, one a day (Otto has none
        # left once given one); Rita takes none.
        self.member[self.user_salesman_other].assignment_max = 30
        self.member[self.user_third].assignment_max = 0
        first, second = self._breached_leads(2)
        self._run_at(NOW)
        self.assertEqual(first.user_id, self.user_salesman_other)
        self.assertEqual(second.user_id, self.user_manager, "nobody else: the leader")


@tagged("post_install", "-at_install")
class TestReassignConcurrency(CommittedCase):
    """Two workers run the follow-up cron at once: no lead is reassigned
    twice. Committed data through real cursors, deleted at the end (as
    test_followup_concurrency.py)."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            users = env["res.users"].create(
                [
                    {
                        "name": f"PQ Concurrent {name}",
                        "login": f"pq_concurrent_reassign_{name}",
                        "groups_id": [
                            Command.link(env.ref("sales_team.group_sale_salesman").id)
                        ],
                    }
                    for name in ("owner", "b", "c")
                ]
            )
            calendar = env["resource.calendar"].create(
                {
                    "name": "PQ Concurrent Always",
                    "tz": "UTC",
                    "company_id": False,
                    "attendance_ids": [
                        Command.create(
                            {
                                "name": f"Day {day}",
                                "dayofweek": str(day),
                                "hour_from": 0.0,
                                "hour_to": 24.0,
                            }
                        )
                        for day in range(7)
                    ],
                }
            )
            team = env["crm.team"].create(
                {
                    "name": "PQ Concurrent Reassign",
                    "member_ids": [Command.set(users.ids)],
                    "first_response_reassign": True,
                    "first_response_reassign_max": 5,
                    "first_response_calendar_id": calendar.id,
                }
            )
            team.crm_team_member_ids.assignment_max = 3000
            leads = (
                env["crm.lead"]
                .with_context(mail_create_nolog=True, mail_notrack=True)
                .create(
                    [
                        {
                            "name": f"PQ Concurrent reassign {index}",
                            "type": "opportunity",
                            "team_id": team.id,
                            "user_id": users[0].id,
                        }
                        for index in range(LEADS)
                    ]
                )
            )
            env.flush_all()
            env.cr.execute(
                "UPDATE crm_lead SET first_response_reassign_due = "
                "(NOW() AT TIME ZONE 'UTC') - interval '1 minute', "
                "followup_due_date = (NOW() AT TIME ZONE 'UTC') - interval '1 minute' "
                "WHERE id IN %s",
                [tuple(leads.ids)],
            )
            self.ids = {
                "users": users.ids,
                "calendar": calendar.id,
                "team": team.id,
                "leads": leads.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            env["crm.lead"].with_context(active_test=False).browse(
                self.ids["leads"]
            ).exists().unlink()
            env["crm.team"].browse(self.ids["team"]).exists().unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).exists().unlink()
            users = env["res.users"].browse(self.ids["users"]).exists()
            partners = users.partner_id
            try:
                with env.cr.savepoint():
                    users.unlink()
                    partners.unlink()
            except Exception:  # noqa: BLE001 - referenced elsewhere: archived
                users.write({"active": False})

    def _run_cron(self, env):
        run_followup_crons(env, batch_size=7)
        env.flush_all()

    def _assert_reassigned_once(self):
        with self._env() as env:
            leads = env["crm.lead"].browse(self.ids["leads"])
            self.assertEqual(set(leads.mapped("first_response_reassign_count")), {1})
            self.assertNotIn(self.ids["users"][0], leads.user_id.ids)
            # One chatter note per lead.
            notes = env["mail.message"].search_count(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    ("body", "ilike", "first response was missed"),
                ]
            )
            self.assertEqual(notes, LEADS)

    def test_two_workers_at_once(self):
        """Worker 1 holds its batches while worker 2 runs: worker 2 skips
        the locked leads; after worker 1 committed, nothing is due."""
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            self._run_cron(env1)
            self._run_cron(env2)
            self.assertFalse(
                env2["crm.lead"].search_count(
                    [
                        ("id", "in", self.ids["leads"]),
                        ("first_response_reassign_count", ">", 0),
                    ]
                )
            )
            cr1.commit()
            cr2.rollback()
            self._run_cron(env2)
            cr2.commit()
        self._assert_reassigned_once()

    @mute_logger("odoo.sql_db")
    def test_worker_with_an_old_snapshot(self):
        """Worker 2's snapshot predates worker 1's commit: locking the leads
        worker 1 changed fails, its batches are left to the next run."""
        with (
            closing(self.registry.cursor()) as cr1,
            closing(self.registry.cursor()) as cr2,
        ):
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            env2.cr.execute("SELECT 1 FROM crm_lead LIMIT 1")
            self._run_cron(env1)
            cr1.commit()
            self._run_cron(env2)
            cr2.commit()
        self._assert_reassigned_once()
