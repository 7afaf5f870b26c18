# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merging leads keeps what the duplicates knew: answers, notes, interests,
contact profile, lifecycle history, gate overrides, follow-up executions and
the earliest first response."""

from datetime import datetime

from odoo.tests import Form, tagged

from ..common import CRITERIA_FIELDS
from ..followup_common import FollowupCase


@tagged("post_install", "-at_install")
class TestLeadMerge(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tags = cls.env["prospect.interest.tag"].create(
            [{"name": name} for name in ("Solar", "Baterías", "Cargadores")]
        )

    def _make_leads(self, count=3):
        """`count` opportunities of the fixture team, all in stage New;
        the first is the head of crm's confidence order (highest
        probability), the others follow in order."""
        leads = self._create_leads(count, name="Duplicado")
        for lead, probability in zip(leads, (60, 40, 20, 10, 5), strict=False):
            lead.probability = probability
        return leads

    def _merge_with_wizard(self, leads, user):
        Wizard = self.env["crm.merge.opportunity"].with_user(user)
        context = {
            "active_model": "crm.lead",
            "active_ids": leads.ids,
            "active_id": False,
        }
        with Form(Wizard.with_context(**context)) as form:
            self.assertEqual(len(form.opportunity_ids), len(leads))
        result = form.record.action_merge()
        return self.env["crm.lead"].browse(result["res_id"])

    def test_wizard_merges_answers_notes_interests_and_profile(self):
        head, tail_1, tail_2 = leads = self._make_leads()
        head.write(
            {
                **self._answers(budget="no", access="partial"),
                "qualification_notes": "Quiere placas en la nave.",
                "interest_tag_ids": [(6, 0, self.tags[0].ids)],
                "decision_maker_name": "Ana Díaz",
            }
        )
        tail_1.write(
            {
                **self._answers(need="yes", budget="yes"),
                "interest_tag_ids": [(6, 0, self.tags[1].ids)],
                "decision_maker_name": "Luis Pérez",
                "decision_maker_role": "Gerente",
                "preferred_contact_channel": "phone",
                "preferred_contact_hour_from": 15,
                "prospecting_type": "outbound",
            }
        )
        tail_2.write(
            {
                **self._answers(need="no", fit="partial"),
                "qualification_notes": "Pidió presupuesto por correo.",
                "interest_tag_ids": [(6, 0, (self.tags[0] | self.tags[2]).ids)],
                "preferred_contact_channel": "email",
                "preferred_contact_hour_from": 9,
                "preferred_contact_hour_to": 12,
                "buying_style": "consults",
                "prospecting_type": "inbound",
            }
        )
        merged = self._merge_with_wizard(leads, self.user_salesman)
        self.assertEqual(merged, head)
        self.assertFalse((tail_1 | tail_2).exists())
        self.assertEqual(
            {fname: merged[fname] for fname in CRITERIA_FIELDS.values()},
            {
                # unknown on the head: the first known answer
                "qualification_need": "yes",
                # known on the head: it stays, whatever the others say
                "qualification_budget": "no",
                # unknown everywhere
                "qualification_authority": "unknown",
                "qualification_access": "partial",
                "qualification_fit": "partial",
            },
        )
        self.assertEqual(merged.qualification_score, 40)
        self.assertEqual(
            merged.qualification_notes,
            "Quiere placas en la nave.\n\nPidió presupuesto por correo.",
        )
        self.assertEqual(merged.interest_tag_ids, self.tags)
        self.assertEqual(
            [
                merged.decision_maker_name,
                merged.decision_maker_role,
                merged.preferred_contact_channel,
                merged.buying_style,
                merged.prospecting_type,
            ],
            ["Ana Díaz", "Gerente", "phone", "consults", "outbound"],
        )
        # The hours come as a pair from the first lead that has any: 15:00
        # with 12:00 of another lead would not even be valid.
        self.assertEqual(
            (merged.preferred_contact_hour_from, merged.preferred_contact_hour_to),
            (15, 0),
        )

    def test_merge_moves_history_overrides_and_first_response(self):
        head, tail_1, tail_2 = leads = self._make_leads()
        # tail_1 went to Prospect and came back.
        tail_1.stage_id = self.stage_prospect
        tail_1.stage_id = self.stage_new
        History = self.env["prospect.state.history"]
        history = History.search([("lead_id", "in", leads.ids)])
        self.assertEqual(len(history), 5)
        override = self.env["prospect.gate.override"].create(
            {
                "lead_id": tail_2.id,
                "stage_from_id": self.stage_new.id,
                "stage_id": self.stage_prospect.id,
                "reason": "El cliente firmó en la feria.",
            }
        )
        head.sudo().first_response_date = datetime(2026, 3, 2, 15, 0)
        tail_2.sudo().first_response_date = datetime(2026, 3, 2, 10, 0)
        head_open_row = History.search(
            [("lead_id", "=", head.id), ("date_end", "=", False)]
        )

        merged = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .browse(leads.ids)
            ._merge_opportunity()
        )

        self.assertEqual(merged, head)
        self.assertEqual(history.exists(), history)
        self.assertEqual(history.lead_id, head)
        self.assertEqual(
            History.search([("lead_id", "=", head.id), ("date_end", "=", False)]),
            head_open_row,
        )
        self.assertEqual(override.exists().lead_id, head)
        self.assertEqual(head.first_response_date, datetime(2026, 3, 2, 10, 0))
        self.assertEqual(head.first_response_sla_state, "met")

    def test_merge_keeps_first_response_of_a_duplicate(self):
        head, tail = leads = self._make_leads(2)
        tail.sudo().first_response_date = datetime(2026, 3, 2, 10, 0)
        self._merge_with_wizard(leads, self.user_salesman)
        self.assertEqual(head.first_response_date, datetime(2026, 3, 2, 10, 0))

    def test_merge_moves_executions_and_deduplicates_cadences(self):
        steps = [{"summary": "Llamada"}, {"summary": "Correo", "delay": 2}]
        once = self._make_rule(name="Una vez", steps=steps)
        repeated = self._make_rule(name="Cada vez", steps=steps, single_cadence=False)
        head, _tail_1, tail_2 = leads = self._make_leads()
        # tail_2 has done the first step of both cadences: the second ones
        # are open there.
        self._open_activities(tail_2).with_user(self.user_salesman).action_feedback(
            "Hecho"
        )
        executions = self._executions(leads)
        self.assertEqual(len(executions), 8)

        merged = self._merge_with_wizard(leads, self.user_salesman)

        self.assertEqual(merged, head)
        self.assertEqual(executions.exists(), executions)
        self.assertEqual(executions.lead_id, head)
        running = self._executions(head, states=("planned", "overdue"))
        self.assertEqual(
            sorted((e.rule_id.name, e.step_id.summary) for e in running),
            [
                # a step of a repeatable cadence the head does not run (tail_2's)
                ("Cada vez", "Correo"),
                # the head's own cadences go on
                ("Cada vez", "Llamada"),
                ("Una vez", "Llamada"),
            ],
        )
        cancelled = executions.filtered(lambda e: e.state == "cancelled")
        self.assertEqual(
            sorted((e.rule_id.name, e.step_id.summary) for e in cancelled),
            [
                ("Cada vez", "Llamada"),  # tail_1's: the head runs this step
                ("Una vez", "Correo"),  # tail_2's: the rule runs once per lead
                ("Una vez", "Llamada"),  # tail_1's
            ],
        )
        self.assertEqual(set(cancelled.mapped("stop_reason")), {"merged"})
        self.assertEqual(len(executions.filtered(lambda e: e.state == "done")), 2)
        # One open activity per running step, all on the head.
        self.assertEqual(
            head.activity_ids.sorted("id"), running.activity_id.sorted("id")
        )
        self.assertEqual(once | repeated, executions.rule_id)

    def test_merge_query_count_is_flat(self):
        """What the addon moves costs the same few queries whatever the
        number of duplicates (crm's lead assignment merges them in bulk)."""

        def assert_merge_queries(max_queries):
            # Warm registry caches (the Promise activity type's id).
            self.env["mail.activity"]._get_promises()
            for size in (2, 5):
                leads = self._make_leads(size)
                leads.sudo().first_response_date = datetime(2026, 3, 2, 10, 0)
                head = leads[0].with_user(self.user_salesman)
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(max_queries):
                    head._merge_prospect_records(leads[1:])
                    self.env.flush_all()

        # Most merges: the leads' dates, what to move, the history moved.
        assert_merge_queries(3)
        # With cadences to deduplicate: the duplicates' are cancelled with
        # their activities, and the head's next due date follows its steps.
        self._make_rule(steps=[{"summary": "Llamada"}])
        assert_merge_queries(18)
