# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .test_sla_reports import SlaReportFixtures

DASHBOARD_URL = (
    "/odoo/action-prospect_qualification.prospect_qualification_dashboard_action"
)


class DashboardTourCase(SlaReportFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls._setup_sla_fixtures()


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
