# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mail gateway (odoo-mailgate, the incoming-mail cron) turns every
e-mail into a lead with the cadences of its team, whatever the number of
rules that start on it and whoever their assignees are: no e-mail is lost."""

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from ..followup_common import FollowupFixtures

EMAIL = """Return-Path: <{sender}>
To: ventas@empresa.example
From: Ana Cliente <{sender}>
Subject: Presupuesto para 20 licencias ({token})
Message-ID: <{token}@cliente.example>
Date: Mon, 02 Mar 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hola, necesitamos un presupuesto.
"""


@tagged("post_install", "-at_install")
class TestMailGatewayCadences(FollowupFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_followup_fixtures()
        # A leader and one member; e-mails come to the team.
        cls.mail_team = cls.env["crm.team"].create(
            {
                "name": "Equipo Correo",
                "company_id": cls.company.id,
                "user_id": cls.user_manager.id,
                "member_ids": [Command.set(cls.user_salesman.ids)],
            }
        )

    def _process(self, token="a1", sender="ana@cliente.example", team=None):
        lead_id = self.env["mail.thread"].message_process(
            "crm.lead",
            EMAIL.format(token=token, sender=sender),
            custom_values={"team_id": (team or self.mail_team).id},
        )
        return self.env["crm.lead"].browse(lead_id)

    def _team_rule(self, name, team=None, **values):
        return self._make_rule(
            name=name,
            team_ids=[Command.set((team or self.mail_team).ids)],
            stop_on_reply=True,
            **values,
        )

    def _activities(self, lead, rules):
        return self.Execution.search(
            [
                ("lead_id", "=", lead.id),
                ("rule_id", "in", rules.ids),
                ("state", "in", ("planned", "overdue")),
            ]
        ).activity_id

    def test_one_rule_of_the_team(self):
        rule = self._team_rule("Equipo: llamar")
        lead = self._process()
        self.assertEqual(lead.prospecting_type, "inbound")
        activity = self._open_activities(lead, rule)
        self.assertEqual(len(activity), 1)
        # No salesperson yet: the team leader calls.
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertIn(
            self.user_manager.partner_id, lead.message_follower_ids.partner_id
        )

    def test_several_rules_for_one_assignee(self):
        """Three cadences start on the lead for the team leader: one
        activity each, and the leader follows the lead once."""
        rules = (
            self._team_rule("Equipo: llamar")
            | self._team_rule(
                "Equipo: correo", steps=[{"activity_type_id": self.type_email.id}]
            )
            | self._make_rule(name="Todas: bienvenida", stop_on_reply=True)
        )
        lead = self._process()
        self.assertTrue(lead, "the e-mail became a lead")
        for rule in rules:
            self.assertEqual(len(self._open_activities(lead, rule)), 1, rule.name)
        self.assertEqual(
            lead.activity_ids.user_id, self.user_manager, "all for the leader"
        )
        followers = lead.message_follower_ids.partner_id
        self.assertEqual(len(followers), len(set(followers.ids)))
        self.assertIn(self.user_manager.partner_id, followers)

    def test_rules_for_several_assignees(self):
        """A team without a leader: each rule's responsible gets its
        activities, two rules share one responsible."""
        leaderless = self.env["crm.team"].create(
            {
                "name": "Equipo Sin Jefe",
                "company_id": self.company.id,
                "member_ids": [Command.set(self.user_salesman.ids)],
            }
        )
        first = self._team_rule("A", team=leaderless, user_id=self.user_salesman.id)
        second = self._team_rule("B", team=leaderless, user_id=self.user_salesman.id)
        third = self._team_rule(
            "C", team=leaderless, user_id=self.user_salesman_other.id
        )
        lead = self._process(team=leaderless)
        self.assertEqual(len(self._activities(lead, first | second)), 2)
        self.assertEqual(
            self._activities(lead, first | second).user_id, self.user_salesman
        )
        self.assertEqual(
            self._activities(lead, third).user_id, self.user_salesman_other
        )
        self.assertLessEqual(
            (self.user_salesman | self.user_salesman_other).partner_id,
            lead.message_follower_ids.partner_id,
        )

    def test_many_leads_many_rules_in_one_batch(self):
        """The engine creates the activities of many leads and rules at once:
        only the activities that share a lead and an assignee go to separate
        batches."""
        rules = self._team_rule("Uno") | self._team_rule("Dos")
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Lote {index}",
                    "team_id": self.mail_team.id,
                    "user_id": self.user_salesman.id if index % 2 else False,
                    "company_id": self.company.id,
                }
                for index in range(6)
            ]
        )
        for lead in leads:
            activities = self._activities(lead, rules)
            self.assertEqual(len(activities), 2)
            self.assertEqual(
                activities.user_id, lead.user_id or self.user_manager, lead.name
            )

    def test_two_promises_on_one_lead_at_once(self):
        """Two promises to one contact for a colleague who does not follow
        the lead yet, recorded in one call: both activities are planned."""
        lead = self._create_leads(1)
        self.assertNotIn(
            self.user_salesman_other.partner_id, lead.message_follower_ids.partner_id
        )
        promises = self.env["prospect.promise"].create(
            [
                {
                    "lead_id": lead.id,
                    "name": name,
                    "user_id": self.user_salesman_other.id,
                    "date_due": fields.Date.today(),
                }
                for name in ("Enviar presupuesto", "Llamar al gerente")
            ]
        )
        self.assertEqual(len(promises.activity_id), 2)
        self.assertEqual(
            promises.mapped("activity_id.summary"),
            ["Enviar presupuesto", "Llamar al gerente"],
        )
