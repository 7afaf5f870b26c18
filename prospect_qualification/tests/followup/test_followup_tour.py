# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..common import ProspectQualificationFixtures


class FollowupTourCase(ProspectQualificationFixtures, HttpCase):
    """The shipped rule "Respond to new inbound leads today" at work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        cls.rule = cls.env.ref(
            "prospect_qualification.prospect_followup_rule_new_inbound"
        )
        (cls.env["prospect.followup.rule"].search([]) - cls.rule).active = False
        cls.rule.active = True
        cls.lead = cls._create_leads(
            1, name="Ferretería López", prospecting_type="inbound"
        )

    def _run_tour(self, tour):
        executions = self.lead.followup_execution_ids
        self.assertEqual(executions.activity_id.summary, "Call the new lead")
        self.start_tour(
            f"/odoo/crm/{self.lead.id}", tour, login=self.user_salesman.login
        )
        executions = self.lead.followup_execution_ids.sorted("id")
        self.assertEqual(executions.mapped("state"), ["done", "planned"])
        self.assertEqual(executions[1].step_id, self.rule.step_ids[1])
        self.assertEqual(self.lead.activity_ids.summary, "Send what you agreed on")
        self.assertEqual(self.lead.activity_ids.user_id, self.user_salesman)
        self.assertEqual(self.lead.first_response_sla_state, "met")


@tagged("post_install", "-at_install")
class TestFollowupTourDesktop(FollowupTourCase):
    def test_mark_first_call_done_on_desktop(self):
        self._run_tour("prospect_followup_desktop_tour")


@tagged("post_install", "-at_install")
class TestFollowupTourMobile(FollowupTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_mark_first_call_done_on_phone(self):
        self._run_tour("prospect_followup_mobile_tour")
