# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Speed to lead in working minutes: the first-response deadline and the
response time count the team's working hours (night, weekend, public
holiday, time zone), and the answers fall in bands (5 min, 1 h, 24 h,
later, never) in the speed report and the dashboard."""

import importlib.util
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestSpeedBusinessHours(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Monday to Friday, 9:00-13:00 and 14:00-18:00 in Madrid.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "PQ Madrid Office",
                "tz": "Europe/Madrid",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, hour_from, hour_to in (
                        ("morning", 9, 13),
                        ("afternoon", 14, 18),
                    )
                ],
            }
        )
        # Thursday 19 March 2026: a public holiday (all day, Madrid).
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "San José",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 3, 18, 23, 0),
                "date_to": datetime(2026, 3, 19, 22, 59, 59),
            }
        )
        cls.team.write(
            {
                "first_response_calendar_id": cls.calendar.id,
                "first_response_minutes_inbound": 5,
                "first_response_minutes_outbound": 480,
            }
        )

    def _lead_at(self, utc, **values):
        """A lead created at `utc` (the database's clock sets create_date:
        freezegun does not move it)."""
        lead = self._create_leads(1, **{"prospecting_type": "inbound", **values})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s", (utc, lead.id)
        )
        lead.invalidate_recordset(["create_date"])
        lead._followup_set_first_response_deadline()
        self.env.flush_all()  # the SLA state of now (frozen or not)
        return lead

    def _answer(self, lead, utc):
        with freeze_time(utc):
            lead.with_user(self.user_salesman).message_post(
                body="Hola", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def test_within_working_hours(self):
        # Tuesday 10:00 in Madrid (UTC+1 in March).
        lead = self._lead_at("2026-03-10 09:00:00")
        self.assertEqual(lead.first_response_deadline, datetime(2026, 3, 10, 9, 5))
        outbound = self._lead_at("2026-03-10 09:00:00", prospecting_type="outbound")
        # 480 working minutes: Wednesday 10:00 (lunch breaks do not count).
        self.assertEqual(outbound.first_response_deadline, datetime(2026, 3, 11, 9, 0))

    def test_night_counts_from_the_next_morning(self):
        lead = self._lead_at("2026-03-10 21:00:00")  # Tuesday 22:00
        self.assertEqual(lead.first_response_deadline, datetime(2026, 3, 11, 8, 5))

    def test_weekend_is_skipped(self):
        lead = self._lead_at("2026-03-13 16:58:00")  # Friday 17:58
        # 2 minutes on Friday, 3 on Monday at 9:00.
        self.assertEqual(lead.first_response_deadline, datetime(2026, 3, 16, 8, 3))

    def test_public_holiday_is_skipped(self):
        lead = self._lead_at("2026-03-18 21:00:00")  # Wednesday 22:00
        # Thursday is San José: Friday 9:05.
        self.assertEqual(lead.first_response_deadline, datetime(2026, 3, 20, 8, 5))

    def test_time_zone_of_the_calendar(self):
        mexico = self.calendar.copy({"name": "PQ Mexico Office"})
        mexico.tz = "America/Mexico_City"  # UTC-6, no summer time
        madrid_lead = self._lead_at("2026-03-10 22:00:00")  # 23:00 in Madrid
        self.team.first_response_calendar_id = mexico
        mexico_lead = self._lead_at("2026-03-10 22:00:00")  # 16:00 in Mexico
        self.assertEqual(
            madrid_lead.first_response_deadline, datetime(2026, 3, 11, 8, 5)
        )
        self.assertEqual(
            mexico_lead.first_response_deadline, datetime(2026, 3, 10, 22, 5)
        )

    def test_company_calendar_without_team_calendar(self):
        self.team.first_response_calendar_id = False
        self.company.resource_calendar_id = self.calendar
        lead = self._lead_at("2026-03-10 21:00:00")
        self.assertEqual(lead.first_response_deadline, datetime(2026, 3, 11, 8, 5))

    def test_response_minutes_and_bands(self):
        night = "2026-03-10 21:00:00"  # Tuesday 22:00
        with freeze_time(night):
            leads = {
                band: self._lead_at(night, name=band)
                for band in ("5min", "1h", "24h", "later", "never")
            }
        self._answer(leads["5min"], "2026-03-11 08:03:00")  # Wed 9:03
        self._answer(leads["1h"], "2026-03-11 08:50:00")  # Wed 9:50
        self._answer(leads["24h"], "2026-03-13 08:00:00")  # Fri 9:00
        self._answer(leads["later"], "2026-03-17 08:00:00")  # next Tue 9:00
        self.assertEqual(leads["5min"].first_response_minutes, 3)
        self.assertEqual(leads["1h"].first_response_minutes, 50)
        # Wed and Thu: 16 working hours.
        self.assertEqual(leads["24h"].first_response_minutes, 960)
        self.assertEqual(leads["later"].first_response_minutes, 1920)
        self.assertFalse(leads["never"].first_response_band, "still within")
        with freeze_time("2026-03-11 09:00:00"):
            self._run_cron()

        for band, lead in leads.items():
            with self.subTest(band=band):
                self.assertEqual(lead.first_response_band, band)
        self.assertEqual(leads["5min"].first_response_sla_state, "met")
        self.assertEqual(leads["1h"].first_response_sla_state, "breached")

        # Per team and per salesperson, in the report and the dashboard.
        self.env.flush_all()
        Report = self.env["prospect.speed.report"]
        with freeze_time("2026-03-20 12:00:00"):
            [row] = Report._read_group(
                [("team_id", "=", self.team.id)],
                [],
                [f"band_{band}:sum" for band in leads],
            )
            self.assertEqual(row, (1, 1, 1, 1, 1))
            bands = (
                self.env["prospect.qualification.dashboard"]
                .with_user(self.user_manager)
                .get_dashboard_data(period_days=0, team_id=self.team.id)[
                    "speed_to_lead"
                ]["bands"]
            )
        self.assertEqual(
            [label[0] for label in bands["labels"]],
            ["5min", "1h", "24h", "later", "never"],
        )
        expected = {"5min": 1, "1h": 1, "24h": 1, "later": 1, "never": 1}
        self.assertEqual(bands["total"], expected)
        self.assertEqual(
            bands["teams"],
            [{"id": self.team.id, "name": self.team.display_name, **expected}],
        )
        self.assertEqual(
            bands["users"],
            [
                {
                    "id": self.user_salesman.id,
                    "name": self.user_salesman.display_name,
                    **expected,
                }
            ],
        )

    def test_migration_of_the_team_hours(self):
        """18.0.1.3.0: a team's own hours become working minutes; the former
        defaults become the new ones."""
        path = file_path(
            "prospect_qualification/migrations/18.0.1.3.0/post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("pq_migration_1_3_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        custom = self.env["crm.team"].create({"name": "PQ Custom"})
        defaults = self.env["crm.team"].create({"name": "PQ Defaults"})
        self.env.flush_all()
        cr = self.env.cr
        # The columns of 18.0.1.2.0 (rolled back with the test).
        for kind in ("inbound", "outbound"):
            cr.execute(
                f"ALTER TABLE crm_team ADD COLUMN IF NOT EXISTS "
                f"first_response_hours_{kind} double precision"
            )
        cr.execute(
            "UPDATE crm_team SET first_response_hours_inbound = 0.25, "
            "first_response_hours_outbound = 1000 WHERE id = %s",
            (custom.id,),
        )
        cr.execute(
            "UPDATE crm_team SET first_response_hours_inbound = 1, "
            "first_response_hours_outbound = 24 WHERE id = %s",
            (defaults.id,),
        )
        migration.migrate(cr, "18.0.1.2.0")
        (custom | defaults).invalidate_recordset()
        self.assertEqual(custom.first_response_minutes_inbound, 15)
        self.assertEqual(custom.first_response_minutes_outbound, 28800)
        self.assertEqual(defaults.first_response_minutes_inbound, 5)
        self.assertEqual(defaults.first_response_minutes_outbound, 480)
