# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestFirstResponse(FollowupCase):
    """Speed to lead: deadline per team and prospecting type, the first
    response by an internal user, and the SLA state."""

    def test_deadline_per_team_and_type(self):
        self.team.write(
            {
                "first_response_minutes_inbound": 120,
                "first_response_minutes_outbound": 2880,
            }
        )
        inbound = self._create_leads(1, prospecting_type="inbound")
        outbound = self._create_leads(1, prospecting_type="outbound")
        unknown = self._create_leads(1, prospecting_type=False)
        expected = {inbound: 120, outbound: 2880, unknown: 120}
        for lead, minutes in expected.items():
            with self.subTest(lead=lead.name):
                self.assertEqual(
                    lead.first_response_deadline,
                    lead.create_date + timedelta(minutes=minutes),
                )
                self.assertEqual(lead.first_response_sla_state, "pending")
        # Without a team: 5 and 480 working minutes of the company's hours
        # (test_speed_business_hours.py counts them).
        self.company.resource_calendar_id = self.calendar_always
        no_team_in = self._create_leads(
            1, team_id=False, user_id=False, prospecting_type="inbound"
        )
        no_team_out = self._create_leads(
            1, team_id=False, user_id=False, prospecting_type="outbound"
        )
        for lead, minutes in ((no_team_in, 5), (no_team_out, 480)):
            self.assertEqual(
                lead.first_response_deadline,
                lead.create_date + timedelta(minutes=minutes),
            )

    def test_team_defaults_and_validation(self):
        team = self.env["crm.team"].create({"name": "PQ New Team"})
        self.assertEqual(team.first_response_minutes_inbound, 5)
        self.assertEqual(team.first_response_minutes_outbound, 480)
        self.assertFalse(team.first_response_calendar_id, "the company's hours")
        with self.assertRaises(ValidationError):
            team.first_response_minutes_inbound = 0

    def test_deadline_follows_team_and_type_while_pending(self):
        other_team = self.env["crm.team"].create(
            {
                "name": "PQ Slow Team",
                "first_response_minutes_inbound": 480,
                "first_response_calendar_id": self.calendar_always.id,
            }
        )
        lead = self._create_leads(1, prospecting_type="inbound")
        lead.write({"team_id": other_team.id, "user_id": False})
        self.assertEqual(
            lead.first_response_deadline, lead.create_date + timedelta(hours=8)
        )
        lead.prospecting_type = "outbound"
        self.assertEqual(
            lead.first_response_deadline, lead.create_date + timedelta(hours=8)
        )
        other_team.first_response_minutes_outbound = 1440
        lead.prospecting_type = "inbound"
        lead.prospecting_type = "outbound"
        self.assertEqual(
            lead.first_response_deadline, lead.create_date + timedelta(hours=24)
        )

    def test_outgoing_message_is_a_response(self):
        lead = self._create_leads(1, prospecting_type="inbound")
        with freeze_time(lead.create_date + timedelta(minutes=30)):
            lead.with_user(self.user_salesman).message_post(
                body="Hello, thanks for your request",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertAlmostEqual(
            lead.first_response_date,
            lead.create_date + timedelta(minutes=30),
            delta=timedelta(seconds=1),
        )
        self.assertAlmostEqual(lead.first_response_hours, 0.5, places=3)
        self.assertEqual(lead.first_response_sla_state, "met")
        # Only the first response counts.
        with freeze_time(lead.create_date + timedelta(hours=3)):
            lead.with_user(self.user_salesman).message_post(
                body="Again", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertAlmostEqual(lead.first_response_hours, 0.5, places=3)

    def test_completed_activity_is_a_response(self):
        lead = self._create_leads(1, prospecting_type="inbound")
        activity = lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_salesman.id
        )
        with freeze_time(lead.create_date + timedelta(hours=2)):
            activity.with_user(self.user_salesman).action_feedback("Called, no answer")
        self.assertAlmostEqual(lead.first_response_hours, 2, places=3)
        self.assertEqual(lead.first_response_sla_state, "breached")

    def test_what_is_not_a_response(self):
        customer = self.env["res.partner"].create({"name": "Ana", "email": "a@x.com"})
        lead = self._create_leads(1, partner_id=customer.id)
        lead.with_user(self.user_salesman).message_post(
            body="Internal: looks promising", subtype_xmlid="mail.mt_note"
        )
        lead.message_post(body="Hi", message_type="email", author_id=customer.id)
        # OdooBot (automations, the superuser) does not answer leads.
        lead.message_post(
            body="Automatic", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(lead.first_response_date)
        self.assertEqual(lead.first_response_sla_state, "pending")

    def test_cron_marks_missed_deadlines(self):
        leads = self._create_leads(2, prospecting_type="inbound")
        with freeze_time(leads[0].create_date + timedelta(minutes=59)):
            self._run_cron()
        self.assertEqual(set(leads.mapped("first_response_sla_state")), {"pending"})
        with freeze_time(leads[0].create_date + timedelta(minutes=61)):
            self._run_cron()
        self.assertEqual(set(leads.mapped("first_response_sla_state")), {"breached"})
        # Answered late: still breached, with its response time.
        with freeze_time(leads[0].create_date + timedelta(hours=3)):
            leads[0].with_user(self.user_salesman).message_post(
                body="Sorry for the delay",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(leads[0].first_response_sla_state, "breached")
        self.assertAlmostEqual(leads[0].first_response_hours, 3, places=3)

    def test_leads_before_the_install_have_no_sla(self):
        lead = self._create_leads(1)
        lead.write({"first_response_deadline": False})
        self.assertFalse(lead.first_response_sla_state)
        self._run_cron()
        self.assertFalse(lead.first_response_sla_state)

    def test_search_filters(self):
        met, pending = self._create_leads(2)
        met.with_user(self.user_salesman).message_post(
            body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        Lead = self.env["crm.lead"]
        self.assertEqual(
            Lead.search(
                [
                    ("id", "in", (met | pending).ids),
                    ("first_response_sla_state", "=", "pending"),
                ]
            ),
            pending,
        )
