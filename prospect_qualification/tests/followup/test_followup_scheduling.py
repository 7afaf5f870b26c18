# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..followup_common import FRIDAY, MONDAY, SATURDAY, FollowupCase


@tagged("post_install", "-at_install")
class TestFollowupScope(FollowupCase):
    """Which leads a rule applies to: company, sales teams, filter."""

    def test_filter(self):
        self._make_rule(filter_domain="[('prospecting_type', '=', 'inbound')]")
        inbound = self._create_leads(2, prospecting_type="inbound")
        outbound = self._create_leads(2, prospecting_type="outbound")
        self.assertEqual(self._executions(inbound | outbound).lead_id, inbound)

    def test_filter_with_dates_and_user(self):
        self._make_rule(
            filter_domain="[('user_id', '=', uid), "
            "('create_date', '>=', context_today() - relativedelta(days=1))]"
        )
        leads = self._create_leads(1, user_id=self.env.uid)
        others = self._create_leads(1)
        self.assertEqual(self._executions(leads | others).lead_id, leads)

    def test_teams(self):
        other_team = self.env["crm.team"].create({"name": "PQ Other Team"})
        self._make_rule(team_ids=[(6, 0, self.team.ids)])
        mine = self._create_leads(2)
        theirs = self._create_leads(2, team_id=other_team.id, user_id=False)
        self.assertEqual(self._executions(mine | theirs).lead_id, mine)

    def test_no_team_means_all_teams(self):
        other_team = self.env["crm.team"].create({"name": "PQ Other Team"})
        self._make_rule()
        leads = self._create_leads(2) | self._create_leads(
            1, team_id=other_team.id, user_id=False
        )
        self.assertEqual(self._executions(leads).lead_id, leads)

    def test_company(self):
        other_company = self.env["res.company"].create({"name": "PQ Other Company"})
        self._make_rule()  # of self.company
        shared = self._make_rule(name="Shared", company_id=False)
        ours = self._create_leads(1)
        theirs = self._create_leads(
            1, company_id=other_company.id, team_id=False, user_id=False
        )
        self.assertEqual(len(self._executions(ours)), 2)
        self.assertEqual(self._executions(theirs).rule_id, shared)

    def test_closed_leads_get_no_cadence(self):
        rule = self._make_rule(trigger="stage_entered", stage_id=self.stage_won.id)
        lead = self._create_leads(1)
        lead.action_set_won()
        self.assertFalse(self._executions(lead, rule))


@tagged("post_install", "-at_install")
class TestFollowupAssignment(FollowupCase):
    """Who gets the activity, and the fallbacks."""

    def _assignee(self, lead, rule):
        return self._executions(lead, rule).activity_id.user_id

    def test_salesperson_then_team_leader_then_responsible(self):
        rule = self._make_rule()
        with_salesperson = self._create_leads(1)
        without_salesperson = self._create_leads(1, user_id=False)
        without_team = self._create_leads(1, user_id=False, team_id=False)
        self.assertEqual(self._assignee(with_salesperson, rule), self.user_salesman)
        self.assertEqual(self._assignee(without_salesperson, rule), self.user_manager)
        self.assertEqual(self._assignee(without_team, rule), rule.user_id)

    def test_team_leader(self):
        responsible = self.user_salesman_other
        rule = self._make_rule(
            user_id=responsible.id, steps=[{"assign_to": "team_leader"}]
        )
        lead = self._create_leads(1)
        self.assertEqual(self._assignee(lead, rule), self.user_manager)
        self.team.user_id = False
        lead = self._create_leads(1)
        self.assertEqual(self._assignee(lead, rule), responsible)

    def test_given_user(self):
        rule = self._make_rule(
            steps=[{"assign_to": "user", "user_id": self.user_salesman_other.id}]
        )
        lead = self._create_leads(1)
        self.assertEqual(self._assignee(lead, rule), self.user_salesman_other)

    def test_archived_salesperson(self):
        rule = self._make_rule()
        lead = self._create_leads(1)
        lead.activity_ids.unlink()
        self.user_salesman.active = False
        self.Engine._start_cadences(rule, lead)
        self.assertEqual(
            self._executions(lead, rule)
            .filtered(lambda e: e.state == "planned")
            .user_id,
            self.user_manager,
        )


@tagged("post_install", "-at_install")
class TestFollowupChannel(FollowupCase):
    """The generic Follow-up type becomes the lead's preferred channel."""

    def test_preferred_channel_replaces_generic_type(self):
        rule = self._make_rule(steps=[{"activity_type_id": self.type_followup.id}])
        expected = {
            "phone": self.type_call,
            "email": self.type_email,
            "whatsapp": self.type_whatsapp,
            "meeting": self.type_meeting,
            False: self.type_followup,
        }
        for channel, activity_type in expected.items():
            with self.subTest(channel=channel):
                lead = self._create_leads(1, preferred_contact_channel=channel)
                execution = self._executions(lead, rule)
                self.assertEqual(execution.activity_id.activity_type_id, activity_type)
                self.assertEqual(execution.activity_type_id, activity_type)

    def test_specific_type_is_kept(self):
        rule = self._make_rule(steps=[{"activity_type_id": self.type_email.id}])
        lead = self._create_leads(1, preferred_contact_channel="whatsapp")
        self.assertEqual(
            self._executions(lead, rule).activity_id.activity_type_id, self.type_email
        )

    def test_channel_type_is_configurable(self):
        sms = self.env["mail.activity.type"].create(
            {
                "name": "PQ Phone (leads)",
                "res_model": "crm.lead",
                "prospect_contact_channel": "phone",
            }
        )
        rule = self._make_rule(steps=[{"activity_type_id": self.type_followup.id}])
        lead = self._create_leads(1, preferred_contact_channel="phone")
        self.assertEqual(self._executions(lead, rule).activity_id.activity_type_id, sms)

    def test_used_types_cannot_be_deleted(self):
        self._make_rule(steps=[{"activity_type_id": self.type_whatsapp.id}])
        self._create_leads(1)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.type_whatsapp.unlink()
        self.assertTrue(self.type_whatsapp.exists())


@tagged("post_install", "-at_install")
class TestFollowupDelays(FollowupCase):
    """Delays in hours or days, optionally in working time."""

    def _due(self, when, **step):
        rule = self._make_rule(steps=[step])
        with freeze_time(when):
            lead = self._create_leads(1)
        execution = self._executions(lead, rule)
        return execution.activity_id.date_deadline, execution.date_deadline

    def test_calendar_days(self):
        due, deadline = self._due(MONDAY, delay=1)
        self.assertEqual(due, date(2026, 3, 3))
        self.assertEqual(deadline, datetime(2026, 3, 3, 22, 59, 59))
        # Due on Saturday: never on a weekend, the contact is reached on Monday.
        due, deadline = self._due(FRIDAY, delay=1)
        self.assertEqual(due, date(2026, 3, 9))
        self.assertEqual(deadline, datetime(2026, 3, 9, 22, 59, 59))

    def test_working_days_skip_the_weekend(self):
        self.assertEqual(
            self._due(FRIDAY, delay=1, working_days=True)[0], date(2026, 3, 9)
        )
        self.assertEqual(
            self._due(FRIDAY, delay=0, working_days=True)[0], FRIDAY.date()
        )
        # Due "today" on a Saturday: the next working day.
        self.assertEqual(
            self._due(SATURDAY, delay=0, working_days=True)[0], date(2026, 3, 9)
        )
        self.assertEqual(
            self._due(MONDAY, delay=5, working_days=True)[0], date(2026, 3, 9)
        )

    def test_working_days_skip_public_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "PQ Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 8, 23, 0),
                "date_to": datetime(2026, 3, 9, 22, 59, 59),
            }
        )
        self.assertEqual(
            self._due(FRIDAY, delay=1, working_days=True)[0], date(2026, 3, 10)
        )

    def test_hours(self):
        due, deadline = self._due(FRIDAY, delay=3, delay_unit="hours")
        self.assertEqual(deadline, FRIDAY + timedelta(hours=3))
        self.assertEqual(due, FRIDAY.date())

    def test_working_hours(self):
        # Friday 16:00 in Madrid + 3 working hours: Monday 10:00 (8-12, 13-17).
        friday_4pm = fields.Datetime.to_datetime("2026-03-06 15:00:00")
        due, deadline = self._due(
            friday_4pm, delay=3, delay_unit="hours", working_days=True
        )
        self.assertEqual(deadline, datetime(2026, 3, 9, 9, 0))
        self.assertEqual(due, date(2026, 3, 9))

    def test_without_calendar_monday_to_friday(self):
        self.company.resource_calendar_id = False
        self.assertEqual(
            self._due(FRIDAY, delay=1, working_days=True)[0], date(2026, 3, 9)
        )
        self.assertEqual(
            self._due(SATURDAY, delay=0, working_days=True)[0], date(2026, 3, 9)
        )

    def test_timezone_of_the_assignee(self):
        # 23:30 UTC on Monday is already Tuesday in Madrid.
        late = MONDAY.replace(hour=23, minute=30)
        self.assertEqual(self._due(late, delay=0)[0], date(2026, 3, 3))
        # The contact may be reached then (17:30 in Mexico, by a company open
        # day and night): the day is the assignee's.
        self.company.resource_calendar_id = self.calendar_always
        self.user_salesman.tz = "America/Mexico_City"
        rule = self._make_rule(steps=[{"delay": 0}])
        contact = self.env["res.partner"].create(
            {"name": "PQ Mexico", "tz": "America/Mexico_City"}
        )
        with freeze_time(late):
            lead = self._create_leads(
                1,
                partner_id=contact.id,
                preferred_contact_hour_from=9,
                preferred_contact_hour_to=20,
            )
        activity = self._executions(lead, rule).activity_id
        self.assertEqual(activity.date_deadline, date(2026, 3, 2))
