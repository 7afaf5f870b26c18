# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..speed.test_sla_reports import SlaReportFixtures

DASHBOARD_URL = (
    "/odoo/action-prospect_qualification.prospect_qualification_dashboard_action"
)


class DashboardTourCase(SlaReportFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls._setup_sla_fixtures()
        # What came of the calls done: 3 of the 7 reached someone (42.9 %).
        outcomes = {
            "E1": "connected",
            "E2": "no_answer",
            "E3": "connected",
            "E8": "no_answer",
            "E9": "voicemail",
            "E11": "meeting_booked",
            "E12": "no_answer",
        }
        call = cls.env.ref("mail.mail_activity_data_call")
        for name, outcome in outcomes.items():
            # sudo: the outcome is given when an activity is marked done.
            cls.steps[name].sudo().write(
                {"activity_type_id": call.id, "outcome": outcome}
            )


@tagged("post_install", "-at_install")
class TestDashboardTourDesktop(DashboardTourCase):
    def test_dashboard_on_desktop(self):
        self.start_tour(
            DASHBOARD_URL,
            "prospect_qualification_dashboard_desktop_tour",
            login=self.user_manager.login,
        )


@tagged("post_install", "-at_install")
class TestDashboardTourMobile(DashboardTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_dashboard_on_phone(self):
        self.start_tour(
            DASHBOARD_URL,
            "prospect_qualification_dashboard_mobile_tour",
            login=self.user_manager.login,
        )
