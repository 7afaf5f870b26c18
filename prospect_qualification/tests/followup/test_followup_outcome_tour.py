# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from ..common import ProspectQualificationFixtures


class OutcomeTourCase(ProspectQualificationFixtures, HttpCase):
    """The shipped branching "Prospecting cadence": a call with no answer
    leads to the WhatsApp step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()
        # The tour reads English labels, whatever languages the database has.
        cls.user_salesman.lang = "en_US"
        cls.rule = cls.env.ref(
            "prospect_qualification.prospect_followup_rule_prospecting"
        )
        (cls.env["prospect.followup.rule"].search([]) - cls.rule).active = False
        cls.rule.active = True
        cls.lead = cls._create_leads(
            1, name="Talleres Ruiz", prospecting_type="outbound"
        )

    def _run_tour(self, tour):
        self.assertEqual(self.lead.activity_ids.summary, "First call")
        self.start_tour(
            f"/odoo/crm/{self.lead.id}", tour, login=self.user_salesman.login
        )
        executions = self.lead.followup_execution_ids.sorted("id")
        self.assertEqual(executions.mapped("state"), ["done", "planned"])
        self.assertEqual(executions[0].outcome, "no_answer")
        self.assertEqual(
            executions[1].step_id,
            self.env.ref(
                "prospect_qualification.prospect_followup_step_prospecting_whatsapp_missed"
            ),
        )
        self.assertEqual(executions[1].channel, "whatsapp")
        self.assertEqual(self.lead.activity_ids.user_id, self.user_salesman)


@tagged("post_install", "-at_install")
class TestOutcomeTourDesktop(OutcomeTourCase):
    def test_call_no_answer_on_desktop(self):
        self._run_tour("prospect_outcome_desktop_tour")


@tagged("post_install", "-at_install")
class TestOutcomeTourMobile(OutcomeTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_call_no_answer_on_phone(self):
        self._run_tour("prospect_outcome_mobile_tour")
