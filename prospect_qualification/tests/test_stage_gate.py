# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ProspectGateCase, ProspectGateFixtures


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

    # ------------------------------------------------------------------
    # Block
    # ------------------------------------------------------------------

    def test_block_refuses_and_names_record_and_missing(self):
        lead = self._create_leads(
            1, name="Ferretería López", **self._answers(need="yes")
        )
        with self.assertRaises(UserError) as error:
            lead.with_user(self.user_salesman).write(
                {"stage_id": self.stage_qualified.id}
            )
        message = str(error.exception)
        self.assertIn("Ferretería López 0", message)
        self.assertIn("PQ Qualified", message)
        self.assertIn("Budget: Yes (now Unknown)", message)
        self.assertIn("Authority: Yes (now Unknown)", message)
        self.assertIn("Score of at least 70 (now 20)", message)
        self.assertNotIn("Need: Yes", message)
        self.assertEqual(lead.stage_id, self.stage_new)

    def test_block_batch_is_all_or_nothing(self):
        ready = self._create_leads(2, **self._qualified_answers())
        not_ready = self._create_leads(2, name="Sin calificar")
        leads = (ready | not_ready).with_user(self.user_salesman)
        with self._assertRefused(
            "These 2 cards cannot enter the stage “PQ Qualified”.*\n"
            "- Sin calificar 0: Need: Yes \\(now Unknown\\).*\n"
            "- Sin calificar 1: "
        ):
            leads.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(leads.stage_id, self.stage_new)
        self.assertEqual(set(leads.mapped("prospect_state")), {"lead"})

    def test_values_written_with_the_stage_count(self):
        lead = self._create_leads(1).with_user(self.user_salesman)
        lead.write({"stage_id": self.stage_qualified.id, **self._qualified_answers()})
        self.assertEqual(lead.stage_id, self.stage_qualified)
        self.assertEqual(lead.prospect_state, "qualified")

    def test_backward_move_is_never_blocked(self):
        lead = self._create_leads(1, **self._qualified_answers())
        lead.stage_id = self.stage_qualified
        lead = lead.with_user(self.user_salesman)
        lead.write(self._answers(fit="no", need="no"))
        # Prospect now fails (fit is no), but it is an earlier stage.
        lead.stage_id = self.stage_prospect
        self.assertEqual(lead.stage_id, self.stage_prospect)
        # Forward again into the same gates: refused.
        with self.assertRaises(UserError):
            lead.stage_id = self.stage_qualified

    def test_stage_of_another_team_compares_sequences(self):
        lead = self._create_leads(1, **self._qualified_answers())
        lead.stage_id = self.stage_qualified
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
        lead.stage_id = other_early  # sequence 2 < 3: backward
        self.assertEqual(lead.stage_id, other_early)
        with self._assertRefused("Score of at least 100 \\(now 80\\)"):
            lead.stage_id = other_late

    # ------------------------------------------------------------------
    # Warn
    # ------------------------------------------------------------------

    def test_warn_lets_through_and_logs_one_note_per_record(self):
        without_revenue = self._create_leads(2, **self._qualified_answers())
        with_revenue = self._create_leads(
            1, expected_revenue=5000, **self._qualified_answers()
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
    # Bypass: only trusted server code
    # ------------------------------------------------------------------

    def test_skip_key_is_only_honoured_in_superuser_mode(self):
        lead = self._create_leads(1)
        for key in ("prospect_skip_gate", "install_mode"):
            with self.assertRaises(UserError):
                lead.with_user(self.user_manager).with_context(**{key: True}).write(
                    {"stage_id": self.stage_qualified.id}
                )
        # Superuser without the key is checked too.
        with self.assertRaises(UserError):
            lead.sudo().write({"stage_id": self.stage_qualified.id})
        lead.sudo().with_context(prospect_skip_gate=True).write(
            {"stage_id": self.stage_qualified.id}
        )
        self.assertEqual(lead.stage_id, self.stage_qualified)

    # ------------------------------------------------------------------
    # Won
    # ------------------------------------------------------------------

    def test_won_button_on_ungated_won_stage(self):
        unqualified, qualified = self._create_leads(2)
        qualified.write(
            {**self._qualified_answers(), "stage_id": self.stage_qualified.id}
        )
        (unqualified | qualified).with_user(self.user_salesman).action_set_won()
        self.assertEqual((unqualified | qualified).stage_id, self.stage_won)
        self.assertEqual(
            set((unqualified | qualified).mapped("prospect_state")), {"customer"}
        )

    def test_gate_on_won_stage_applies_to_won_button(self):
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
        lead = self._create_leads(1, name="Sin cliente")
        with self._assertRefused(
            "“Sin cliente 0” cannot enter the stage “PQ Won” yet. Missing:\n- Customer"
        ):
            lead.with_user(self.user_salesman).action_set_won()
        lead.partner_id = self.env["res.partner"].create({"name": "Bazar Ruiz"})
        lead.with_user(self.user_salesman).action_set_won()
        self.assertEqual(lead.stage_id, self.stage_won)

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
        missing = self.stage_proposal._prospect_gate_check(lead)[lead.id]
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
        self.assertEqual(self.stage_proposal._prospect_gate_check(lead)[lead.id], [])

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
        result = self.stage_proposal._prospect_gate_check(nothing | email | phone)
        self.assertEqual(result[nothing.id], ["E-mail or phone"])
        self.assertEqual(result[email.id], [])
        self.assertEqual(result[phone.id], [])

    def test_policy_none_checks_nothing(self):
        self.stage_qualified.gate_policy = "none"
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
        with self._assertRefused("from 0 to 100", ValidationError):
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
        # Once qualified, the same drop goes through; back is always allowed.
        lead.write(self._qualified_answers())
        body = self._web_save(lead, self.stage_qualified)
        self.assertNotIn("error", body)
        lead.write(self._answers(need="no"))
        body = self._web_save(lead, self.stage_new)
        self.assertNotIn("error", body)
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.stage_new)
