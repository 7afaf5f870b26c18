# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..common import ProspectGateCase


@tagged("post_install", "-at_install")
class TestPromotionWizard(ProspectGateCase):
    def _wizard_form(self, leads, user=None):
        Wizard = (
            self.env["prospect.promotion.wizard"]
            .with_context(lang=leads.env.lang)
            .with_user(user or self.user_salesman)
        )
        return Form(Wizard.with_context(active_model="crm.lead", active_ids=leads.ids))

    def _promotion_notes(self, lead):
        return lead.message_ids.filtered(
            lambda message: (
                message.message_type == "comment" and "Promoted from" in message.body
            )
        )

    # ------------------------------------------------------------------
    # Single record
    # ------------------------------------------------------------------

    def test_single_record_passes(self):
        lead = self._create_leads(
            1, name="Ferretería López", **self._answers(fit="yes", access="yes")
        )
        form = self._wizard_form(lead)
        # Default target: the next stage of the team's pipeline.
        self.assertEqual(form.target_stage_id, self.stage_prospect)
        self.assertIn("Ferretería López 0", form.checklist_html)
        self.assertIn("Fit: Yes", form.checklist_html)
        self.assertIn("Access: Yes", form.checklist_html)
        self.assertIn("Ready", form.checklist_html)
        self.assertEqual((form.ready_count, form.blocked_count), (1, 0))
        form.note = "Visitado en feria"
        wizard = form.save()
        action = wizard.action_promote()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(lead.stage_id, self.stage_prospect)
        self.assertEqual(lead.prospect_state, "prospect")
        notes = self._promotion_notes(lead)
        self.assertEqual(len(notes), 1)
        self.assertIn("Promoted from PQ New to PQ Prospect", notes.body)
        self.assertIn("Score: 40", notes.body)
        self.assertIn("Visitado en feria", notes.body)
        self.assertIn("fa-check-circle", notes.body)
        self.assertEqual(notes.author_id, self.user_salesman.partner_id)

    def test_single_record_fails(self):
        lead = self._create_leads(1, **self._answers(fit="yes"))
        form = self._wizard_form(lead)
        self.assertEqual(form.target_stage_id, self.stage_prospect)
        self.assertIn("Blocked", form.checklist_html)
        self.assertIn("Access: Yes (now Unknown)", form.checklist_html)
        self.assertEqual((form.ready_count, form.blocked_count), (0, 1))
        # A salesperson cannot override: the field is not even offered.
        self.assertFalse(form.can_override)
        wizard = form.save()
        action = wizard.action_promote()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.failed_lead_ids, lead)
        self.assertFalse(wizard.promoted_lead_ids)
        self.assertIn("Access: Yes (now Unknown)", wizard.result_html)
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertFalse(self._promotion_notes(lead))

    # ------------------------------------------------------------------
    # Many records
    # ------------------------------------------------------------------

    def test_many_records_partial_success(self):
        ready = self._create_leads(2, name="Lista", **self._qualified_answers())
        not_ready = self._create_leads(1, name="Pendiente", **self._answers(need="yes"))
        leads = ready | not_ready
        leads.write(
            {
                "stage_id": self.stage_prospect.id,
                **self._answers(fit="yes", access="yes"),
            }
        )
        form = self._wizard_form(leads)
        self.assertEqual(form.target_stage_id, self.stage_qualified)
        self.assertEqual((form.ready_count, form.blocked_count), (2, 1))
        wizard = form.save()
        wizard.action_promote()
        self.assertEqual(wizard.promoted_lead_ids, ready)
        self.assertEqual(wizard.failed_lead_ids, not_ready)
        self.assertEqual(ready.stage_id, self.stage_qualified)
        # The failing one is untouched: stage, state, chatter.
        self.assertEqual(not_ready.stage_id, self.stage_prospect)
        self.assertEqual(not_ready.prospect_state, "prospect")
        self.assertFalse(self._promotion_notes(not_ready))
        self.assertIn("Pendiente 0", wizard.result_html)
        self.assertIn("Score of at least 70 (now 60)", wizard.result_html)
        for lead in ready:
            self.assertEqual(len(self._promotion_notes(lead)), 1)

    def test_default_target_is_next_stage_of_least_advanced(self):
        early = self._create_leads(1)
        late = self._create_leads(1, **self._qualified_answers())
        late.stage_id = self.stage_qualified
        form = self._wizard_form(early | late)
        self.assertEqual(form.target_stage_id, self.stage_prospect)
        self.assertIn("already further in the pipeline", form.checklist_html)

    def test_records_that_cannot_be_promoted_are_listed(self):
        lost, there, won = self._create_leads(3, **self._qualified_answers())
        lost.action_set_lost()
        there.stage_id = self.stage_prospect
        won.action_set_won()
        wizard = self._wizard_form(lost | there | won).save()
        wizard.target_stage_id = self.stage_prospect
        wizard.action_promote()
        self.assertEqual(wizard.failed_lead_ids, lost | there | won)
        self.assertIn("It is lost", wizard.result_html)
        self.assertIn("already in this stage", wizard.result_html)
        self.assertIn("already won", wizard.result_html)
        self.assertEqual(won.stage_id, self.stage_won)

    # ------------------------------------------------------------------
    # The whole way: skipped stages, no Won target
    # ------------------------------------------------------------------

    def test_checklist_shows_the_whole_way(self):
        lead = self._create_leads(1, name="Salto", **self._answers(fit="yes"))
        wizard = self._wizard_form(lead).save()
        wizard.target_stage_id = self.stage_qualified
        html = wizard.checklist_html
        # The skipped stage's block gate and the target's own.
        self.assertIn("PQ Prospect", html)
        self.assertIn("(a stage on the way)", html)
        self.assertIn("Access: Yes (now Unknown)", html)
        self.assertIn("Need: Yes (now Unknown)", html)
        self.assertIn("Blocked", html)
        wizard.action_promote()
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertIn("Missing for PQ Prospect: Access: Yes", wizard.result_html)
        self.assertIn("Missing for PQ Qualified: Need: Yes", wizard.result_html)
        # Meeting every gate on the way, the jump is promoted.
        lead.write(self._qualified_answers())
        wizard = self._wizard_form(lead).save()
        wizard.target_stage_id = self.stage_qualified
        self.assertIn("Ready", wizard.checklist_html)
        wizard.action_promote()
        self.assertEqual(lead.stage_id, self.stage_qualified)
        body = self._promotion_notes(lead).body
        self.assertIn("PQ Prospect", body)
        self.assertIn("Budget: Yes", body)

    def test_won_is_not_a_target(self):
        lead = self._create_leads(1, **self._qualified_answers())
        lead.stage_id = self.stage_proposal
        form = self._wizard_form(lead)
        # After the last open stage there is nothing to promote to.
        self.assertFalse(form.target_stage_id)
        # The stages the field offers (its domain, with the wizard's teams).
        domain = form._view["fields"]["target_stage_id"]["domain"]
        offered = self.env["crm.stage"].search(
            safe_eval(domain, {"team_ids": self.team.ids})
        )
        self.assertIn(self.stage_proposal, offered)
        self.assertNotIn(self.stage_won, offered)
        with self.assertRaises(UserError) as error:
            lead.with_user(self.user_salesman)._prospect_promote(self.stage_won)
        self.assertIn("Won button", str(error.exception))
        self.assertEqual(lead.stage_id, self.stage_proposal)

    def test_unknown_target_stage_is_a_clear_error(self):
        Wizard = self.env["prospect.promotion.wizard"].with_user(self.user_salesman)
        lead = self._create_leads(1)
        missing_id = self.env["crm.stage"].search([], order="id desc", limit=1).id + 1
        for values in (
            {"lead_ids": [(6, 0, lead.ids)], "target_stage_id": missing_id},
        ):
            with self.assertRaises(UserError) as error:
                Wizard.create(values)
            self.assertIn("does not exist", str(error.exception))
        wizard = Wizard.create({"lead_ids": [(6, 0, lead.ids)]})
        with self.assertRaises(UserError):
            wizard.write({"target_stage_id": missing_id})

    def test_result_html_is_sanitized(self):
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_salesman)
            .create({"lead_ids": [(6, 0, self._create_leads(1).ids)]})
        )
        wizard.write({"result_html": "<p>ok</p><script>alert(1)</script>"})
        self.assertNotIn("<script>", wizard.result_html)
        self.assertIn("<p>ok</p>", wizard.result_html)

    # ------------------------------------------------------------------
    # Lead → opportunity
    # ------------------------------------------------------------------

    def test_leads_are_converted_to_opportunities(self):
        existing = self.env["res.partner"].create(
            {"name": "Bazar Ruiz", "email": "compras@bazarruiz.es"}
        )
        Lead = self.env["crm.lead"]
        common = {
            "type": "lead",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            **self._answers(fit="yes", access="yes"),
        }
        known, new_a, new_b, anonymous = Lead.create(
            [
                {
                    "name": "Pedido Bazar",
                    "email_from": "Compras <compras@bazarruiz.es>",
                    **common,
                },
                {
                    "name": "Catálogo",
                    "contact_name": "Ana López",
                    "email_from": "ana@lopez.es",
                    **common,
                },
                {
                    "name": "Presupuesto",
                    "contact_name": "Ana López",
                    "email_from": "ANA@lopez.es",
                    **common,
                },
                {"name": "Consulta sin datos", **common},
            ]
        )
        leads = known | new_a | new_b | anonymous
        partners_before = self.env["res.partner"].search_count([])
        wizard = self._wizard_form(leads).save()
        wizard.target_stage_id = self.stage_prospect
        wizard.action_promote()
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(leads.stage_id, self.stage_prospect)
        self.assertEqual(set(leads.mapped("prospect_state")), {"prospect"})
        # Linked to the existing customer, one new customer for Ana, none
        # for a lead without contact data.
        self.assertEqual(known.partner_id, existing)
        self.assertTrue(new_a.partner_id)
        self.assertEqual(new_b.partner_id, new_a.partner_id)
        self.assertEqual(new_a.partner_id.name, "Ana López")
        self.assertFalse(anonymous.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 1)
        # Salesperson and team kept.
        self.assertEqual(leads.user_id, self.user_salesman)
        self.assertEqual(leads.team_id, self.team)
        self.assertEqual(new_a.partner_id.user_id, self.user_salesman)
        self.assertIn("Converted to an opportunity", self._promotion_notes(new_a).body)

    # ------------------------------------------------------------------
    # Override
    # ------------------------------------------------------------------

    def test_manager_overrides_blocking_gate(self):
        ready = self._create_leads(1, **self._answers(fit="yes", access="yes"))
        blocked = self._create_leads(1, name="Urgente", **self._answers(fit="yes"))
        form = self._wizard_form(ready | blocked, user=self.user_manager)
        self.assertTrue(form.can_override)
        form.override_reason = "Cliente estratégico: lo llevo yo"
        wizard = form.save()
        wizard.action_promote()
        self.assertEqual((ready | blocked).stage_id, self.stage_prospect)
        override = self.env["prospect.gate.override"].search(
            [("lead_id", "=", blocked.id)]
        )
        self.assertEqual(len(override), 1)
        self.assertEqual(override.user_id, self.user_manager)
        self.assertEqual(override.stage_from_id, self.stage_new)
        self.assertEqual(override.stage_id, self.stage_prospect)
        self.assertEqual(override.reason, "Cliente estratégico: lo llevo yo")
        self.assertIn("Access: Yes (now Unknown)", override.missing_requirements)
        self.assertFalse(
            self.env["prospect.gate.override"].search([("lead_id", "=", ready.id)])
        )
        body = self._promotion_notes(blocked).body
        self.assertIn("overridden by a sales manager", body)
        self.assertIn("Cliente estratégico", body)
        self.assertNotIn("overridden", self._promotion_notes(ready).body)

    def test_overrides_are_never_written_by_hand(self):
        lead = self._create_leads(1)
        Override = self.env["prospect.gate.override"]
        values = {
            "lead_id": lead.id,
            "stage_id": self.stage_prospect.id,
            "reason": "Porque sí",
        }
        for user in (self.user_manager, self.user_salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Override.with_user(user).create(values)
        # Even server code cannot record one without a reason, for another
        # user or at another date.
        with self.assertRaises(ValidationError):
            Override.create({**values, "reason": "   "})
        override = (
            Override.with_user(self.user_manager)
            .sudo()
            .create(
                {
                    **values,
                    "user_id": self.user_salesman.id,
                    "date": "2020-01-01 00:00:00",
                }
            )
        )
        self.assertEqual(override.user_id, self.user_manager)
        self.assertGreater(override.date.year, 2020)
        with self.assertRaises(AccessError):
            override.with_user(self.user_manager).write({"reason": "Otra"})

    def test_salesperson_cannot_override(self):
        blocked = self._create_leads(1, **self._answers(fit="yes"))
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_salesman)
            .create(
                {
                    "lead_ids": [(6, 0, blocked.ids)],
                    "target_stage_id": self.stage_prospect.id,
                    "override_reason": "Me lo salto",
                }
            )
        )
        with self.assertRaises(UserError) as error:
            wizard.action_promote()
        self.assertIn("Only sales managers", str(error.exception))
        self.assertEqual(blocked.stage_id, self.stage_new)
        self.assertFalse(
            self.env["prospect.gate.override"].search([("lead_id", "=", blocked.id)])
        )
        # The override field is for managers only in the form.
        with self.assertRaises(AssertionError):
            self._wizard_form(blocked).override_reason = "Me lo salto"

    # ------------------------------------------------------------------
    # Warn
    # ------------------------------------------------------------------

    def test_warn_gate_promotes_with_one_message(self):
        lead = self._create_leads(1, **self._qualified_answers())
        lead.stage_id = self.stage_qualified
        form = self._wizard_form(lead)
        self.assertEqual(form.target_stage_id, self.stage_proposal)
        self.assertIn("Moves with a warning", form.checklist_html)
        form.save().action_promote()
        self.assertEqual(lead.stage_id, self.stage_proposal)
        notes = lead.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )
        # One message: the promotion note includes what is missing.
        self.assertEqual(len(notes), 1)
        self.assertIn("Expected Revenue", notes.body)
        self.assertIn("fa-times-circle", notes.body)

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------

    def test_note_is_escaped(self):
        lead = self._create_leads(1, **self._answers(fit="yes", access="yes"))
        form = self._wizard_form(lead)
        form.note = "<script>alert('x')</script> <b>ok</b>"
        form.save().action_promote()
        body = self._promotion_notes(lead).body
        self.assertNotIn("<script>", body)
        self.assertNotIn("<b>ok</b>", body)
        self.assertIn("&lt;b&gt;ok&lt;/b&gt;", body)

    def test_promotion_query_count_is_flat(self):
        stage = self.stage_prospect

        def promote(leads):
            leads._prospect_promote(stage, note="Campaña de marzo")

        counts = self.assertFlatQueryCount(
            lambda size: (
                self._create_leads(size, **self._qualified_answers())
                .with_user(self.user_salesman)
                .with_context(tracking_disable=True)
            ),
            promote,
            max_queries=45,
        )
        self.assertLessEqual(counts[1], counts[0])

    # ------------------------------------------------------------------
    # Spanish
    # ------------------------------------------------------------------

    def test_checklist_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["prospect_qualification"], ["es_ES"], overwrite=True
        )
        self.user_salesman.lang = "es_ES"
        lead = self._create_leads(1, **self._answers(fit="yes"))
        form = self._wizard_form(lead.with_context(lang="es_ES"))
        self.assertIn("Accesibilidad: Sí (ahora Desconocido)", form.checklist_html)
        self.assertIn("Bloqueado", form.checklist_html)
        wizard = form.save()
        wizard.target_stage_id = self.stage_prospect
        wizard.action_promote()
        self.assertIn(
            "Falta para PQ Prospect: Accesibilidad: Sí (ahora Desconocido)",
            wizard.result_html,
        )
