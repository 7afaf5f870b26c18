# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One time zone resolver for every feature (models/working_time.py): a
salesperson, a team leader or a contact without a time zone of their own
gets their company's, the contact-rate report's SQL says the same as the
Python, and a country with several time zones is no guess."""

import random
from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..models.working_time import company_tz, user_tz
from .followup_common import MONDAY, FollowupCase

# UTC+14: its day starts ten hours before Madrid's.
KIRITIMATI = "Pacific/Kiritimati"


@tagged("post_install", "-at_install")
class TestWorkingTime(FollowupCase):
    def test_company_time_zone(self):
        self.calendar.tz = KIRITIMATI
        self.assertEqual(company_tz(self.company), KIRITIMATI)
        self.company.resource_calendar_id = False
        self.company.partner_id.tz = "America/Lima"
        self.assertEqual(company_tz(self.company), "America/Lima")
        self.company.partner_id.tz = False
        self.assertEqual(company_tz(self.company), "UTC")

    def test_promise_reminder_on_the_company_s_day(self):
        """A salesperson without a time zone is reminded on their company's
        day (it was UTC's)."""
        self.user_salesman.tz = False
        self.calendar.tz = KIRITIMATI
        lead = self._create_leads(1)
        promise = (
            self.env["prospect.promise"]
            .with_user(self.user_salesman)
            .create(
                {
                    "lead_id": lead.id,
                    "name": "Enviar la cotización",
                    "date_due": date(2026, 3, 14),
                }
            )
        )
        # 12 March, 19:00 UTC: 13 March, 09:00 in Kiritimati, the day before.
        with freeze_time("2026-03-12 19:00:00"):
            self.env["prospect.promise"]._cron_settle_promises()
        self.assertEqual(promise.date_reminded, date(2026, 3, 12))

    def test_leader_digest_on_the_company_s_day(self):
        self.user_manager.tz = False
        self.calendar.tz = KIRITIMATI
        self.env["crm.team"].search(
            [("id", "!=", self.team.id)]
        ).prospect_digest = False
        self.team.write({"prospect_digest": True, "prospect_digest_hour": 8})
        with freeze_time("2026-03-12 19:00:00"):
            self.env["crm.team"]._cron_send_leader_digests()
        self.assertEqual(self.team.prospect_digest_date, date(2026, 3, 13))

    def test_contact_of_a_country_with_several_time_zones(self):
        """Mexico has several time zones: the company's, told as such (noon
        is the lunch break: 13:00)."""
        self._make_rule(steps=[{"delay": 0, "delay_unit": "hours"}])
        contact = self.env["res.partner"].create(
            {"name": "PQ Monterrey", "country_id": self.env.ref("base.mx").id}
        )
        with freeze_time(MONDAY):
            lead = self._create_leads(1, partner_id=contact.id)
        note = self._executions(lead).activity_id.note
        self.assertIn("13:00 their time (Europe/Madrid)", note)

    def test_report_sql_agrees_with_the_resolver(self):
        """The contact-rate report reads the hour on the salesperson's
        clock in SQL: the same as user_tz() on random time zones."""
        rng = random.Random(22)
        zones = [False, "UTC", "Europe/Madrid", "America/Bogota", KIRITIMATI]
        rule = self._make_rule(active=False)
        step = rule.step_ids
        companies = self.env["res.company"].create(
            [{"name": f"PQ Company {index}"} for index in range(4)]
        )
        companies[0].resource_calendar_id = False
        cases = []
        for index in range(24):
            company = rng.choice(companies)
            company.partner_id.tz = rng.choice(zones)
            if company.resource_calendar_id:
                company.resource_calendar_id.tz = rng.choice(zones[1:])
            user = self.env["res.users"].create(
                {
                    "name": f"PQ Clock {index}",
                    "login": f"pq_clock_{index}",
                    "tz": rng.choice(zones),
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                }
            )
            done = datetime(2026, 1, 5, 0, 0) + timedelta(minutes=rng.randrange(20000))
            cases.append((user, company, done))
        executions = self.env["prospect.followup.execution"].create(
            [
                {
                    "lead_id": self._create_leads(
                        1, company_id=company.id, team_id=False, user_id=False
                    ).id,
                    "rule_id": rule.id,
                    "step_id": step.id,
                    "user_id": user.id,
                    "company_id": company.id,
                    "state": "done",
                    "date_planned": done - timedelta(hours=1),
                    "date_deadline": done + timedelta(hours=1),
                    "date_done": done,
                    "outcome": "no_answer",
                    "activity_type_id": self.type_call.id,
                }
                for user, company, done in cases
            ]
        )
        self.env.flush_all()
        report = self.env["prospect.contact.rate.report"].search(
            [("execution_id", "in", executions.ids)]
        )
        hours = {row.execution_id: row.hour_of_day for row in report}
        for execution, (user, company, done) in zip(executions, cases, strict=True):
            with self.subTest(user=user.tz, company=company.name):
                local = pytz.utc.localize(done).astimezone(
                    pytz.timezone(user_tz(user, company))
                )
                self.assertEqual(hours[execution], local.hour)
