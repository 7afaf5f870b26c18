# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import Form, tagged

from ...models import trust
from ..common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestProspectState(ProspectQualificationCase):
    def _history(self, lead):
        return self.env["prospect.state.history"].search(
            [("lead_id", "=", lead.id)], order="id"
        )

    def test_lead_type_is_lead(self):
        lead = self._create_leads(1, type="lead", stage_id=self.stage_qualified.id)
        self.assertEqual(lead.prospect_state, "lead")

    def test_opportunity_takes_state_of_stage(self):
        opportunity = self._create_leads(1)
        self.assertEqual(opportunity.prospect_state, "lead")
        opportunity.stage_id = self.stage_prospect
        self.assertEqual(opportunity.prospect_state, "prospect")
        opportunity.stage_id = self.stage_qualified
        self.assertEqual(opportunity.prospect_state, "qualified")
        opportunity.stage_id = self.stage_new
        self.assertEqual(opportunity.prospect_state, "lead")

    def test_won_is_customer_lost_is_disqualified(self):
        won, lost = self._create_leads(2, stage_id=self.stage_qualified.id)
        won.action_set_won()
        self.assertEqual(won.stage_id, self.stage_won)
        self.assertEqual(won.prospect_state, "customer")
        lost.action_set_lost()
        self.assertEqual(lost.prospect_state, "disqualified")
        lost.toggle_active()  # restore
        self.assertEqual(lost.prospect_state, "qualified")

    def test_lead_converted_to_opportunity(self):
        lead = self._create_leads(1, type="lead", stage_id=self.stage_prospect.id)
        self.assertEqual(lead.prospect_state, "lead")
        lead.convert_opportunity(self.env["res.partner"])
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.prospect_state, lead.stage_id.prospect_state)

    def test_stage_state_change_moves_its_leads(self):
        leads = self._create_leads(3, stage_id=self.stage_prospect.id)
        self.stage_prospect.prospect_state = "qualified"
        self.assertEqual(set(leads.mapped("prospect_state")), {"qualified"})
        for lead in leads:
            last = self._history(lead)[-1]
            self.assertEqual(
                (last.state_from, last.state_to), ("prospect", "qualified")
            )

    def test_stage_state_change_in_batches(self):
        """A stage holding many cards: its leads are handled in batches, with
        the same queries per batch, and none is forgotten."""
        stage_model = type(self.env["crm.stage"])

        def change_state(leads):
            self.stage_prospect.prospect_state = (
                "qualified"
                if self.stage_prospect.prospect_state == "prospect"
                else "prospect"
            )

        with patch.object(stage_model, "_prospect_state_batch", 5):
            counts = self.assertFlatQueryCount(
                lambda size: self._create_leads(size, stage_id=self.stage_prospect.id),
                change_state,
                200,
                sizes=(5, 50),
            )
        in_stage = self.env["crm.lead"].search(
            [("stage_id", "=", self.stage_prospect.id)]
        )
        state = self.stage_prospect.prospect_state
        self.assertEqual(set(in_stage.mapped("prospect_state")), {state})
        self.assertEqual(
            set(in_stage.mapped(lambda lead: self._history(lead)[-1].state_to)),
            {state},
        )
        # 10 times more leads, 10 times more batches: a few queries each.
        self.assertLess(counts[1] - counts[0], 9 * 12, counts)

    def test_won_stage_is_customer(self):
        stage = self.env["crm.stage"].create({"name": "PQ Signed", "is_won": True})
        self.assertEqual(stage.prospect_state, "customer")
        self.assertEqual(self.stage_prospect.prospect_state, "prospect")

    def test_history_rows(self):
        with freeze_time("2026-03-02 09:00:00"):
            lead = self._create_leads(1)[0].with_user(self.user_salesman)
        with freeze_time("2026-03-05 10:00:00"):
            lead.stage_id = self.stage_prospect
        with freeze_time("2026-03-09 11:00:00"):
            lead.stage_id = self.stage_qualified
        with freeze_time("2026-03-20 12:00:00"):
            lead.action_set_won()
        rows = self._history(lead)
        self.assertEqual(
            [(r.state_from or False, r.state_to) for r in rows],
            [
                (False, "lead"),
                ("lead", "prospect"),
                ("prospect", "qualified"),
                ("qualified", "customer"),
            ],
        )
        self.assertEqual(
            [str(r.date) for r in rows],
            [
                "2026-03-02 09:00:00",
                "2026-03-05 10:00:00",
                "2026-03-09 11:00:00",
                "2026-03-20 12:00:00",
            ],
        )
        self.assertEqual(
            [str(r.date_end) if r.date_end else False for r in rows],
            [
                "2026-03-05 10:00:00",
                "2026-03-09 11:00:00",
                "2026-03-20 12:00:00",
                False,
            ],
        )
        self.assertEqual(rows[1:].user_id, self.user_salesman)
        self.assertEqual(rows.team_id, self.team)
        self.assertEqual(rows.salesperson_id, self.user_salesman)
        # Other writes do not add rows.
        lead.write({"description": "Llamar el lunes", "qualification_need": "yes"})
        self.assertEqual(len(self._history(lead)), 4)

    def test_skip_history_switch_only_for_server_code(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        lead = Lead.with_context(prospect_skip_history=True).create(
            {
                "name": "Sin historia",
                "type": "opportunity",
                "team_id": self.team.id,
                "user_id": self.user_salesman.id,
                "stage_id": self.stage_new.id,
            }
        )
        lead.with_context(prospect_skip_history=True).stage_id = self.stage_prospect
        self.assertEqual(
            [(r.state_from or False, r.state_to) for r in self._history(lead)],
            [(False, "lead"), ("lead", "prospect")],
        )
        # Superuser mode does not make the key count (sudo() keeps the
        # caller's context); server code writing the rows itself may skip
        # them with the switch.
        lead.sudo().with_context(
            prospect_skip_history=True
        ).stage_id = self.stage_qualified
        self.assertEqual(len(self._history(lead)), 3)
        trust.with_switches(lead, skip_history=True).stage_id = self.stage_prospect
        self.assertEqual(len(self._history(lead)), 3)

    def test_history_of_batch_write(self):
        leads = self._create_leads(40)
        History = self.env["prospect.state.history"]
        self.assertEqual(History.search_count([("lead_id", "in", leads.ids)]), 40)
        leads.write({"stage_id": self.stage_prospect.id})
        rows = History.search(
            [("lead_id", "in", leads.ids), ("state_to", "=", "prospect")]
        )
        self.assertEqual(len(rows), 40)
        self.assertEqual(set(rows.mapped("state_from")), {"lead"})
        open_rows = History.search(
            [("lead_id", "in", leads.ids), ("date_end", "=", False)]
        )
        self.assertEqual(open_rows, rows)

    def test_history_query_count_is_flat(self):
        # Without the chatter, whose tracking messages are one per lead.
        self.assertFlatQueryCount(
            lambda size: self._create_leads(size).with_context(tracking_disable=True),
            lambda leads: leads.write({"stage_id": self.stage_prospect.id}),
            max_queries=40,
        )

    def test_state_change_in_history_not_tracked_twice(self):
        """The history records every change of state: the chatter shows the
        stage move, not a second tracking value for the state (crm's own
        tests count the tracking values of a stage change)."""
        lead = self._create_leads(1)
        # Tracking is written at commit time; a record created in the same
        # transaction is not tracked.
        self.env.cr.precommit.run()
        lead.stage_id = self.stage_prospect
        self.env.cr.precommit.run()
        tracked = lead.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("stage_id", tracked)
        self.assertNotIn("prospect_state", tracked)
        self.assertEqual(self._history(lead)[-1].state_to, "prospect")

    def test_form_shows_state(self):
        lead = self._create_leads(1)
        with Form(lead) as form:
            form.qualification_need = "yes"
            form.qualification_fit = "yes"
            self.assertEqual(form.qualification_score, 40)
            self.assertEqual(form.qualification_level, "warm")
            form.stage_id = self.stage_prospect
        self.assertEqual(lead.prospect_state, "prospect")
