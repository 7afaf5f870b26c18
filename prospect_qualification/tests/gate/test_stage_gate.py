# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..common import ProspectGateCase, ProspectGateFixtures


@tagged("post_install", "-at_install")
class TestStageGate(ProspectGateCase):
    @contextmanager
    def _assertRefused(self, pattern, exception=UserError):
        """assertRaises (which rolls back to a savepoint, unlike
        assertRaisesRegex), then the message must match `pattern`."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def _notes(self, lead):
        return lead.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )

    def _in_stage(self, stage, count=1, **values):
        """Cards put in `stage` by server code (fixtures are not gated)."""
        leads = self._create_leads(count, **values)
        leads.write({"stage_id": stage.id})
        return leads

    def _gate(self):
        return self.env["prospect.gate"]

    # ------------------------------------------------------------------
    # Block
    # ------------------------------------------------------------------

    def test_block_refuses_and_names_record_and_missing(self):
        lead = self._in_stage(
            self.stage_prospect,
            name="Ferretería López",
            **self._answers(need="yes", fit="yes", access="yes"),
        )
        with self.assertRaises(UserError) as error:
            lead.with_user(self.user_salesman).write(
                {"stage_id": self.stage_qualified.id}
            )
        message = str(error.exception)
        self.assertIn(
            "“Ferretería López 0” cannot enter the stage “PQ Qualified” yet.\n"
            "Missing for “PQ Qualified”:\n",
            message,
        )
        self.assertIn("- Budget: Yes (now Unknown)", message)
        self.assertIn("- Authority: Yes (now Unknown)", message)
        self.assertIn("- Score of at least 70 (now 60)", message)
        self.assertNotIn("Need: Yes", message)
        self.assertEqual(lead.stage_id, self.stage_prospect)

    def test_block_batch_is_all_or_nothing(self):
        ready = self._in_stage(self.stage_prospect, 2, **self._qualified_answers())
        not_ready = self._in_stage(
            self.stage_prospect,
            2,
            name="Sin calificar",
            **self._answers(fit="yes", access="yes"),
        )
        leads = (ready | not_ready).with_user(self.user_salesman)
        with self._assertRefused(
            "These 2 cards cannot enter the stage “PQ Qualified”.*\n"
            "- Sin calificar 0: PQ Qualified: Need: Yes \\(now Unknown\\).*\n"
            "- Sin calificar 1: "
        ):
            leads.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(leads.stage_id, self.stage_prospect)
        self.assertEqual(set(leads.mapped("prospect_state")), {"prospect"})

    def test_values_written_with_the_stage_count(self):
        lead = self._create_leads(1).with_user(self.user_salesman)
        lead.write({"stage_id": self.stage_qualified.id, **self._qualified_answers()})
        self.assertEqual(lead.stage_id, self.stage_qualified)
        self.assertEqual(lead.prospect_state, "qualified")

    # ------------------------------------------------------------------
    # 1. Skipping stages: a forward move meets every block gate it skips
    # ------------------------------------------------------------------

    def test_skipping_stages_meets_their_block_gates(self):
        # A score-0 card written from New straight to a warn stage.
        lead = self._create_leads(1, name="Salto").with_user(self.user_salesman)
        with self.assertRaises(UserError) as error:
            lead.write({"stage_id": self.stage_proposal.id})
        message = str(error.exception)
        self.assertIn("cannot enter the stage “PQ Proposal”", message)
        self.assertIn("Missing for “PQ Prospect”, a stage it would skip:", message)
        self.assertIn("Missing for “PQ Qualified”, a stage it would skip:", message)
        self.assertIn("- Fit: Yes (now Unknown)", message)
        self.assertIn("- Score of at least 70 (now 0)", message)
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertEqual(lead.prospect_state, "lead")
        # Meeting the skipped gates, the same jump goes through; the warn
        # gate of the target is logged.
        lead.write({"stage_id": self.stage_proposal.id, **self._qualified_answers()})
        self.assertEqual(lead.stage_id, self.stage_proposal)
        self.assertIn("Expected Revenue", self._notes(lead).body)

    def test_skipped_warn_gates_are_not_required(self):
        # A block gate after a warn one: jumping over the warn stage does not
        # require what it warns about.
        stage_contract = self.env["crm.stage"].create(
            {
                "name": "PQ Contract",
                "sequence": 5,
                "team_id": self.team.id,
                "prospect_state": "qualified",
                "gate_policy": "block",
                "gate_require_contact": True,
            }
        )
        lead = self._in_stage(
            self.stage_qualified, email_from="ana@lopez.es", **self._qualified_answers()
        ).with_user(self.user_salesman)
        lead.stage_id = stage_contract
        self.assertEqual(lead.stage_id, stage_contract)
        self.assertFalse(self._notes(lead))

    def test_create_in_a_later_stage_meets_the_earlier_gates(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        values = {
            "name": "Creada en Propuesta",
            "type": "opportunity",
            "team_id": self.team.id,
            "stage_id": self.stage_proposal.id,
        }
        with self._assertRefused("a stage it would skip"):
            Lead.create(values)
        lead = Lead.create({**values, **self._qualified_answers()})
        self.assertEqual(lead.stage_id, self.stage_proposal)

    def test_stage_of_another_team_compares_sequences(self):
        lead = self._in_stage(self.stage_qualified, **self._qualified_answers())
        lead.write(self._answers(need="no"))
        other_early = self.env["crm.stage"].create(
            {
                "name": "Norte Prospect",
                "sequence": 2,
                "team_id": self.other_team.id,
                "gate_policy": "block",
                "gate_min_score": 100,
            }
        )
        other_late = other_early.copy({"name": "Norte Later", "sequence": 30})
        lead = lead.with_user(self.user_manager)
        # Back to an earlier stage of another pipeline: its gate applies.
        with self._assertRefused("Score of at least 100 \\(now 80\\)"):
            lead.stage_id = other_early
        other_early.gate_min_score = 80
        lead.stage_id = other_early
        self.assertEqual(lead.stage_id, other_early)
        with self._assertRefused("Score of at least 100 \\(now 80\\)"):
            lead.stage_id = other_late

    # ------------------------------------------------------------------
    # 2. Past and back: entering a stage from either direction
    # ------------------------------------------------------------------

    def test_moving_back_enters_through_the_gate(self):
        lead = self._create_leads(1, **self._qualified_answers()).with_user(
            self.user_salesman
        )
        lead.stage_id = self.stage_proposal
        lead.write(self._answers(need="no"))
        # Back to Qualified, which the card no longer meets: refused.
        with self._assertRefused(
            "cannot enter the stage “PQ Qualified” yet.\nMissing for “PQ "
            "Qualified”:\n- Need: Yes \\(now No\\)"
        ):
            lead.stage_id = self.stage_qualified
        self.assertEqual(lead.stage_id, self.stage_proposal)
        # Further back, to a stage it still meets, and to one without gate.
        lead.stage_id = self.stage_prospect
        self.assertEqual(lead.stage_id, self.stage_prospect)
        lead.stage_id = self.stage_new
        self.assertEqual(lead.stage_id, self.stage_new)

    def test_moving_back_logs_a_warn_gate(self):
        lead = self._in_stage(self.stage_won, **self._qualified_answers())
        lead.with_user(self.user_salesman).stage_id = self.stage_proposal
        self.assertEqual(lead.stage_id, self.stage_proposal)
        self.assertIn("Expected Revenue", self._notes(lead).body)

    def test_won_then_back_enters_through_the_gate(self):
        lead = self._create_leads(1, name="Ganada sin calificar")
        lead = lead.with_user(self.user_salesman)
        lead.action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)
        self.assertEqual(lead.prospect_state, "customer")
        # Reopened into Qualified, a stage it never met: refused.
        with self._assertRefused("Missing for “PQ Qualified”"):
            lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.stage_id, self.stage_won)
        # Back to New, without gate: fine.
        lead.write({"stage_id": self.stage_new.id})
        self.assertEqual(lead.prospect_state, "lead")

    def test_restore_enters_the_stage_again(self):
        lead = self._in_stage(self.stage_qualified, **self._qualified_answers())
        lead = lead.with_user(self.user_salesman)
        lead.action_set_lost()
        lead.write(self._answers(budget="no"))
        with self._assertRefused("Missing for “PQ Qualified”:\n- Budget: Yes"):
            lead.toggle_active()
        self.assertFalse(lead.active)
        with self._assertRefused("Budget: Yes"):
            lead.action_unarchive()
        # Restored with what the stage needs, or into an earlier stage.
        lead.write({"stage_id": self.stage_prospect.id, "active": True})
        self.assertTrue(lead.active)
        self.assertEqual(lead.prospect_state, "prospect")

    def test_copy_into_a_stage_goes_through_the_gates(self):
        unqualified = self._create_leads(1, name="Original")
        with self._assertRefused("cannot enter the stage “PQ Qualified”"):
            unqualified.with_user(self.user_salesman).copy(
                {"stage_id": self.stage_qualified.id}
            )
        qualified = self._create_leads(1, **self._qualified_answers())
        copy = qualified.with_user(self.user_salesman).copy(
            {"stage_id": self.stage_qualified.id}
        )
        self.assertEqual(copy.stage_id, self.stage_qualified)
        # A plain copy lands in the team's first stage: nothing to check.
        self.assertEqual(
            unqualified.with_user(self.user_salesman).copy().stage_id, self.stage_new
        )

    def test_merge_into_a_stage_goes_through_the_gate(self):
        # The head (an opportunity, crm's first in confidence) has no stage:
        # the merge gives it the stage of the other card, a lead that server
        # code put in Qualified.
        head = self._create_leads(1, name="Cabeza")
        tail = self._create_leads(1, name="Cola", type="lead")
        head.write({"stage_id": False})
        tail.write({"stage_id": self.stage_qualified.id})
        with self._assertRefused("“Cabeza 0” cannot enter the stage “PQ Qualified”"):
            (head | tail).with_user(self.user_salesman)._merge_opportunity(
                auto_unlink=False
            )
        self.assertFalse(head.stage_id)
        # Qualified, the merged card goes in.
        head.write(self._qualified_answers())
        merged = (
            (head | tail)
            .with_user(self.user_salesman)
            ._merge_opportunity(auto_unlink=False)
        )
        self.assertEqual(merged, head)
        self.assertEqual(head.stage_id, self.stage_qualified)

    # ------------------------------------------------------------------
    # Won: a fact, never refused, and logged
    # ------------------------------------------------------------------

    def test_won_is_never_refused_and_logs_what_it_skipped(self):
        unqualified, qualified = self._create_leads(2)
        qualified.write(
            {**self._qualified_answers(), "stage_id": self.stage_qualified.id}
        )
        (unqualified | qualified).with_user(self.user_salesman).action_set_won()
        self.assertEqual((unqualified | qualified).stage_id, self.stage_won)
        self.assertEqual(
            set((unqualified | qualified).mapped("prospect_state")), {"customer"}
        )
        note = self._notes(unqualified)
        self.assertEqual(len(note), 1)
        self.assertIn("Won without meeting the requirements", note.body)
        self.assertIn("PQ Prospect", note.body)
        self.assertIn("Fit: Yes (now Unknown)", note.body)
        self.assertIn("Score of at least 70 (now 0)", note.body)
        self.assertFalse(self._notes(qualified))

    def test_gate_on_won_stage_is_logged_not_enforced(self):
        self.stage_won.write(
            {
                "gate_policy": "block",
                "gate_field_ids": [
                    Command.set(
                        self.env["ir.model.fields"]._get("crm.lead", "partner_id").ids
                    )
                ],
            }
        )
        lead = self._in_stage(self.stage_qualified, **self._qualified_answers())
        lead.with_user(self.user_salesman).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)
        self.assertIn("Customer", self._notes(lead).body)
        # A lost card is won without being checked in its old stage first.
        lost = self._in_stage(self.stage_qualified, **self._qualified_answers())
        lost.action_set_lost()
        lost.write(self._answers(need="no"))
        lost.with_user(self.user_salesman).action_set_won()
        self.assertTrue(lost.active)
        self.assertEqual(lost.stage_id, self.stage_won)

    # ------------------------------------------------------------------
    # Warn
    # ------------------------------------------------------------------

    def test_warn_lets_through_and_logs_one_note_per_record(self):
        without_revenue = self._in_stage(
            self.stage_qualified, 2, **self._qualified_answers()
        )
        with_revenue = self._in_stage(
            self.stage_qualified,
            expected_revenue=5000,
            **self._qualified_answers(),
        )
        leads = (without_revenue | with_revenue).with_user(self.user_salesman)
        leads.write({"stage_id": self.stage_proposal.id})
        self.assertEqual(leads.stage_id, self.stage_proposal)
        for lead in without_revenue:
            notes = self._notes(lead)
            self.assertEqual(len(notes), 1)
            self.assertIn("PQ Proposal", notes.body)
            self.assertIn("Expected Revenue", notes.body)
            self.assertEqual(notes.author_id, self.user_salesman.partner_id)
        self.assertFalse(self._notes(with_revenue))

    # ------------------------------------------------------------------
    # Create (import, RPC, kanban quick create)
    # ------------------------------------------------------------------

    def test_create_into_gated_stage(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        values = {
            "name": "Importada",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
        }
        with self._assertRefused("Importada"):
            Lead.create({**values, "stage_id": self.stage_qualified.id})
        lead = Lead.create(
            {**values, "stage_id": self.stage_qualified.id, **self._qualified_answers()}
        )
        self.assertEqual(lead.prospect_state, "qualified")
        # A card created in a kanban column gets the column as default.
        with self._assertRefused("Rápida"):
            Lead.with_context(default_stage_id=self.stage_prospect.id).create(
                {**values, "name": "Rápida"}
            )

    def test_import_into_gated_stage(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        fields = ["name", "type", "team_id/.id", "stage_id/.id", "qualification_need"]
        rows = [
            [
                "Importada lista",
                "opportunity",
                self.team.id,
                self.stage_prospect.id,
                "yes",
            ],
            [
                "Importada sin datos",
                "opportunity",
                self.team.id,
                self.stage_prospect.id,
                "no",
            ],
        ]
        result = Lead.load(fields, rows)
        self.assertFalse(result["ids"])
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertIn("Importada", messages)
        self.assertIn("Fit: Yes (now Unknown)", messages)
        self.assertFalse(Lead.search([("name", "like", "Importada")]))
        # With the answers in the file, the same rows go in.
        fields += ["qualification_fit", "qualification_access"]
        result = Lead.load(fields, [row + ["yes", "yes"] for row in rows])
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        self.assertEqual(Lead.browse(result["ids"]).stage_id, self.stage_prospect)

    def test_create_in_default_stage_is_never_checked(self):
        # Even a gate on the team's first stage does not stop new leads
        # that get it by default (web forms, e-mails, quick create).
        self.stage_new.write({"gate_policy": "block", "gate_min_score": 50})
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .create({"name": "Formulario web", "team_id": self.team.id})
        )
        self.assertEqual(lead.stage_id, self.stage_new)

    # ------------------------------------------------------------------
    # Bypass: only server code, never a context key
    # ------------------------------------------------------------------

    def test_context_keys_never_skip_the_gate(self):
        lead = self._create_leads(1)
        for key in ("prospect_skip_gate", "install_mode", "prospect_gate_pass"):
            with self.subTest(key=key), self.assertRaises(UserError):
                lead.with_user(self.user_manager).with_context(**{key: True}).write(
                    {"stage_id": self.stage_qualified.id}
                )
        self.assertEqual(lead.stage_id, self.stage_new)

    def test_server_code_is_not_gated(self):
        # Superuser mode is the server itself (data files, crons, Odoo's own
        # sudo() internals, crm's tests): it places cards where it must.
        lead = self._create_leads(1)
        lead.with_user(self.user_salesman).sudo().write(
            {"stage_id": self.stage_qualified.id}
        )
        self.assertEqual(lead.stage_id, self.stage_qualified)
        self.assertFalse(self._notes(lead))

    # ------------------------------------------------------------------
    # Requirements
    # ------------------------------------------------------------------

    def _gate_fields(self, *names):
        Fields = self.env["ir.model.fields"]
        return [Command.set([Fields._get("crm.lead", name).id for name in names])]

    def test_field_requirements_mean_set(self):
        self.stage_proposal.write(
            {
                "gate_policy": "block",
                "gate_field_ids": self._gate_fields(
                    "expected_revenue", "partner_name", "tag_ids", "date_deadline"
                ),
            }
        )
        lead = self._create_leads(1, partner_name="   ")
        missing = self._gate()._missing(self.stage_proposal, lead)[lead.id]
        self.assertEqual(
            sorted(missing),
            ["Company Name", "Expected Closing", "Expected Revenue", "Tags"],
        )
        lead.write(
            {
                "expected_revenue": 1200,
                "partner_name": "Bazar Ruiz SL",
                "tag_ids": [Command.create({"name": "Mayorista"})],
                "date_deadline": "2026-06-30",
            }
        )
        self.assertEqual(self._gate()._missing(self.stage_proposal, lead)[lead.id], [])

    def test_contact_requirement_is_email_or_phone(self):
        self.stage_proposal.write(
            {
                "gate_policy": "block",
                "gate_require_contact": True,
                "gate_field_ids": [Command.clear()],
            }
        )
        nothing, email, phone = self._create_leads(3)
        email.email_from = "ana@lopez.es"
        phone.phone = "+34 600 000 000"
        result = self._gate()._missing(self.stage_proposal, nothing | email | phone)
        self.assertEqual(result[nothing.id], ["E-mail or phone"])
        self.assertEqual(result[email.id], [])
        self.assertEqual(result[phone.id], [])

    def test_policy_none_checks_nothing(self):
        (self.stage_prospect | self.stage_qualified).gate_policy = "none"
        lead = self._create_leads(1)
        lead.with_user(self.user_salesman).stage_id = self.stage_qualified
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_only_sensible_fields_can_be_required(self):
        stage = self.stage_proposal.with_user(self.user_manager)
        for name in ("qualification_need", "qualification_score", "message_ids"):
            with (
                self.subTest(field=name),
                self._assertRefused("cannot be required", ValidationError),
            ):
                stage.gate_field_ids = self._gate_fields(name)
        # Computed fields users cannot edit are refused as well.
        for name in ("day_open", "email_normalized"):
            with self.subTest(field=name), self.assertRaises(ValidationError):
                stage.gate_field_ids = self._gate_fields(name)
        offered = self.env["ir.model.fields"].search(
            self.env["crm.stage"]
            ._fields["gate_field_ids"]
            .get_domain_list(self.env["crm.stage"])
        )
        self.assertIn("expected_revenue", offered.mapped("name"))
        self.assertIn("partner_id", offered.mapped("name"))
        self.assertFalse(
            {"qualification_need", "qualification_score", "day_open"}
            & set(offered.mapped("name"))
        )
        with self._assertRefused("must be between 0 and 100 points", ValidationError):
            stage.gate_min_score = 120

    def test_salesperson_cannot_configure_gates(self):
        with self.assertRaises(AccessError):
            self.stage_qualified.with_user(self.user_salesman).gate_policy = "none"

    # ------------------------------------------------------------------
    # Default data
    # ------------------------------------------------------------------

    def test_default_gates(self):
        prospect = self.env.ref("prospect_qualification.crm_stage_prospect")
        qualified = self.env.ref("crm.stage_lead2")
        proposition = self.env.ref("crm.stage_lead3")
        new = self.env.ref("crm.stage_lead1")
        # Tests moved the shared stages to another team: compare gates only.
        for stage in (prospect, qualified, proposition, new):
            stage.write(
                {
                    "gate_policy": "none",
                    "gate_min_score": 0,
                    "gate_criterion_ids": [Command.clear()],
                    "gate_field_ids": [Command.clear()],
                }
            )
        self.env["crm.stage"]._prospect_gate_set_default_gates()
        self.assertEqual(prospect.gate_policy, "block")
        self.assertEqual(
            set(prospect.gate_criterion_ids.mapped("code")), {"fit", "access"}
        )
        self.assertEqual(qualified.gate_policy, "block")
        self.assertEqual(qualified.gate_min_score, 70)
        self.assertEqual(
            set(qualified.gate_criterion_ids.mapped("code")),
            {"need", "budget", "authority"},
        )
        self.assertEqual(proposition.gate_policy, "warn")
        self.assertEqual(
            proposition.gate_field_ids.mapped("name"), ["expected_revenue"]
        )
        # New leads land in New: it has no gate.
        self.assertEqual(new.gate_policy, "none")

    def test_default_gates_skip_deleted_stages(self):
        proposition = self.env.ref("crm.stage_lead3")
        proposition.gate_policy = "none"
        self.env["ir.model.data"].search(
            [("module", "=", "crm"), ("name", "=", "stage_lead3")]
        ).unlink()
        self.env["crm.stage"]._prospect_gate_set_default_gates()
        self.assertEqual(proposition.gate_policy, "none")

    # ------------------------------------------------------------------
    # Batch: one evaluation for a write on many records
    # ------------------------------------------------------------------

    def test_gate_check_query_count_is_flat(self):
        counts = self.assertFlatQueryCount(
            lambda size: (
                self._create_leads(size, **self._qualified_answers())
                .with_user(self.user_salesman)
                .with_context(tracking_disable=True)
            ),
            lambda leads: leads.write({"stage_id": self.stage_qualified.id}),
            max_queries=35,
        )
        # The bound: 200 records cost no more queries than 20.
        self.assertLessEqual(counts[1], counts[0])

    def test_warn_query_count_is_flat(self):
        self.assertFlatQueryCount(
            lambda size: (
                self._create_leads(size, **self._qualified_answers())
                .with_user(self.user_salesman)
                .with_context(tracking_disable=True)
            ),
            lambda leads: leads.write({"stage_id": self.stage_proposal.id}),
            max_queries=45,
        )

    def test_refusal_query_count_is_flat(self):
        def refused_write(leads):
            with self.assertRaises(UserError):
                leads.write({"stage_id": self.stage_qualified.id})

        self.assertFlatQueryCount(
            lambda size: (
                self._create_leads(size)
                .with_user(self.user_salesman)
                .with_context(tracking_disable=True)
            ),
            refused_write,
            max_queries=30,
        )

    # ------------------------------------------------------------------
    # Spanish
    # ------------------------------------------------------------------

    def test_refusal_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        self.user_salesman.lang = "es_ES"
        lead = self._create_leads(1, name="Ferretería")
        with self.assertRaises(UserError) as error:
            lead.with_user(self.user_salesman).with_context(lang="es_ES").write(
                {"stage_id": self.stage_qualified.id}
            )
        message = str(error.exception)
        self.assertIn("«Ferretería 0» todavía no puede entrar en la etapa", message)
        self.assertIn("Necesidad: Sí (ahora Desconocido)", message)
        self.assertIn("Puntuación mínima de 70 (ahora 0)", message)


@tagged("post_install", "-at_install")
class TestStageGateRpc(ProspectGateFixtures, HttpCase):
    """What the web client sends when a card is dropped in a kanban column
    (web_save of the stage), from a salesperson's session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate_fixtures()

    def _web_save(self, lead, stage, context=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "crm.lead",
                "method": "web_save",
                "args": [lead.ids, {"stage_id": stage.id}],
                "kwargs": {
                    "specification": {"stage_id": {}},
                    "context": context or {},
                },
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/crm.lead/web_save",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_drop_refused_over_rpc(self):
        lead = self._create_leads(1, name="Arrastrada")
        self.authenticate(self.user_salesman.login, self.user_salesman.login)
        for context in ({}, {"prospect_skip_gate": True, "install_mode": True}):
            with self.subTest(context=context):
                body = self._web_save(lead, self.stage_qualified, context)
                error = body.get("error", {}).get("data", {})
                self.assertEqual(error.get("name"), "odoo.exceptions.UserError")
                self.assertIn("Arrastrada 0", error.get("message"))
                self.assertIn("Need: Yes", error.get("message"))
                lead.invalidate_recordset()
                self.assertEqual(lead.stage_id, self.stage_new)
        # Dropped two columns further: the skipped stages' gates apply.
        body = self._web_save(lead, self.stage_proposal)
        message = body.get("error", {}).get("data", {}).get("message", "")
        self.assertIn("Missing for “PQ Prospect”, a stage it would skip", message)
        # Once qualified, the drops go through; back into a stage it no
        # longer meets is refused, back to one without gate is not.
        lead.write(self._qualified_answers())
        body = self._web_save(lead, self.stage_proposal)
        self.assertNotIn("error", body)
        lead.write(self._answers(need="no"))
        body = self._web_save(lead, self.stage_qualified)
        self.assertIn("Need: Yes (now No)", body["error"]["data"]["message"])
        body = self._web_save(lead, self.stage_new)
        self.assertNotIn("error", body)
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.stage_new)
