# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What server code may skip is a switch only Python code can make
(models/trust.py). A salesperson sending the former context keys, or the
switches' key with any value JSON can carry, through every public path that
reads a switch or runs in sudo() on their behalf, skips nothing; server code
with the real switch still does."""

import copy
import json
import pickle
from contextlib import closing
from datetime import timedelta

from odoo import api, fields
from odoo.tests import Form, HttpCase, tagged

from ..models import trust
from .followup_common import FollowupCase, FollowupFixtures

# The switches and what each did before, as context keys.
FORMER_KEYS = {
    "skip_history": "prospect_skip_history",
    "skip_triggers": "prospect_followup_skip_triggers",
    "skip_cadences": "mail_activity_automation_skip",
    "count_purchases": "prospect_count_purchases",
    "pls_at_entry": "prospect_pls_at_entry",
    "promise_planning": "prospect_promise_planning",
}
TRIGGERS = ["lead_created", "stage_entered", "customer_inactive"]


def forged_contexts(stage_id):
    """{name: context} a hostile client may send (JSON types only): each
    former key alone (install_mode too), then every switch under the
    switches' key as a dict, a list, a string and a boolean."""
    values = {
        "skip_history": True,
        "skip_triggers": TRIGGERS,
        "skip_cadences": True,
        "count_purchases": True,
        "pls_at_entry": stage_id,
        "promise_planning": True,
    }
    assert set(values) == set(trust.SWITCHES), "every switch is forged"
    contexts = {FORMER_KEYS[name]: {FORMER_KEYS[name]: values[name]} for name in values}
    contexts["install_mode"] = {"install_mode": True}
    key = trust.SWITCHES_KEY
    contexts.update(
        {
            "dict": {key: values},
            "list": {key: [[name, value] for name, value in values.items()]},
            "string": {key: ",".join(values)},
            "true": {key: True},
        }
    )
    return contexts


class TrustCase(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "prospect_current_min_purchases": 3,
                "prospect_customer_window_days": 365,
                "prospect_regularity_tolerance": 50,
            }
        )
        cls.rule_created = cls._make_rule(
            name="PQ New lead",
            steps=[{"summary": "Call"}, {"summary": "Call again"}, {"summary": "Mail"}],
        )
        cls.call, cls.call_again, cls.mail = cls.rule_created.step_ids
        cls.env["prospect.followup.branch"].create(
            {
                "step_id": cls.call.id,
                "outcome": "connected",
                "action": "stage",
                "stage_id": cls.stage_prospect.id,
            }
        )
        cls.rule_stage = cls._make_rule(
            name="PQ Prospect",
            trigger="stage_entered",
            stage_id=cls.stage_prospect.id,
            steps=[{"summary": "Qualify"}],
        )
        cls.rule_inactive = cls._make_rule(
            name="PQ Inactive",
            trigger="customer_inactive",
            steps=[{"summary": "Win the customer back"}],
        )
        cls.forged = forged_contexts(cls.stage_won.id)

    def _for_each_forged(self, check):
        """check(context) for each forged context, each in a subtest whose
        records are rolled back after it."""
        for name, context in self.forged.items():
            with self.subTest(forged=name), closing(self.env.cr.savepoint()):
                check(context)
            self.env.registry.clear_cache()  # criteria rolled back

    def _history(self, lead):
        return [
            (row.state_from or False, row.state_to)
            for row in self.env["prospect.state.history"].search(
                [("lead_id", "=", lead.id)], order="id"
            )
        ]

    def _lead(self, **values):
        return self._create_leads(1, **values)

    def _as_client(self, records, context, user=None):
        return records.with_user(user or self.user_salesman).with_context(**context)


@tagged("post_install", "-at_install")
class TestForgedSwitches(TrustCase):
    """Each public path, for each forged context: nothing is skipped."""

    def test_lead_create_and_write(self):
        def check(context):
            lead = self._as_client(self.env["crm.lead"], context).create(
                {
                    "name": "Formulario web",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "user_id": self.user_salesman.id,
                    "stage_id": self.stage_new.id,
                }
            )
            self.assertEqual(self._history(lead), [(False, "lead")])
            self.assertEqual(self._executions(lead).rule_id, self.rule_created)
            lead.write({"stage_id": self.stage_prospect.id})
            self.assertEqual(
                self._history(lead), [(False, "lead"), ("lead", "prospect")]
            )
            self.assertEqual(
                self._executions(lead).rule_id, self.rule_created | self.rule_stage
            )

        self._for_each_forged(check)

    def test_pls_probability(self):
        """The automated probability is crm's, never one computed as if the
        lead stood in a stage the client chose (here a won one: 100)."""
        vals = {
            "name": "Probabilidad",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "stage_id": self.stage_new.id,
        }
        Lead = self.env["crm.lead"].with_user(self.user_salesman)

        def check(context):
            honest = Lead.create(vals)
            self.assertLess(honest.automated_probability, 100)
            lead = self._as_client(self.env["crm.lead"], context).create(vals)
            self.assertEqual(lead.automated_probability, honest.automated_probability)
            (lead | honest).write({"stage_id": self.stage_prospect.id})
            self.assertEqual(lead.automated_probability, honest.automated_probability)

        self._for_each_forged(check)

    def test_outcome_and_feedback(self):
        """The one-tap outcome and the activity done schedule the next step;
        an outcome that moves the lead records its history and starts the
        stage's cadence."""

        def check(context):
            lead, moved = self._lead(), self._lead()
            first = self._as_client(self._open_activities(lead), context)
            first.action_prospect_done_with_outcome("no_answer")
            second = self._open_activities(lead)
            self.assertEqual(second.summary, "Call again")
            self._as_client(second, context).action_feedback("Sin respuesta")
            self.assertEqual(self._open_activities(lead).summary, "Mail")
            self._as_client(
                self._open_activities(moved), context
            ).action_prospect_done_with_outcome("connected")
            self.assertEqual(moved.stage_id, self.stage_prospect)
            self.assertEqual(
                self._history(moved), [(False, "lead"), ("lead", "prospect")]
            )
            self.assertEqual(
                self._open_activities(moved, self.rule_stage).summary, "Qualify"
            )

        self._for_each_forged(check)

    def test_promises(self):
        """A Promise activity a client schedules (the chatter's dialog creates
        it) records its promise; a promise a client records gets one activity
        and no second promise; done, it is kept."""
        Promise = self.env["prospect.promise"]
        promise_type = self.env.ref("prospect_qualification.mail_activity_type_promise")
        today = fields.Date.today()

        def check(context):
            lead = self._lead()
            activity = self._as_client(self.env["mail.activity"], context).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                    "activity_type_id": promise_type.id,
                    "date_deadline": today + timedelta(days=2),
                    "summary": "Enviar precios",
                    "user_id": self.user_salesman.id,
                }
            )
            self.assertEqual(
                Promise.search([("activity_id", "=", activity.id)]).name,
                "Enviar precios",
            )
            promise = self._as_client(Promise, context).create(
                {
                    "lead_id": lead.id,
                    "name": "Llamar el lunes",
                    "date_due": today + timedelta(days=3),
                }
            )
            self.assertTrue(promise.activity_id)
            self.assertEqual(Promise.search_count([("lead_id", "=", lead.id)]), 2)
            self._as_client(promise.activity_id, context).action_feedback("Hecho")
            self.assertEqual(promise.state, "kept")

        self._for_each_forged(check)

    def test_won_taken_back_reactivates_the_customer(self):
        """Taking a won opportunity back turns its customer inactive (in
        sudo(): the class is shared data): the reactivation opportunity
        records its history and starts its cadence whatever the client sent."""
        long_ago = fields.Datetime.now() - timedelta(days=400)

        def check(context):
            customer = self.env["res.partner"].create(
                {"name": "Ferretería Gómez SL", "is_company": True}
            )
            old, recent = self._create_leads(2, partner_id=customer.id)
            (old | recent).stage_id = self.stage_won
            old.date_closed = long_ago
            customer._prospect_update_customer_class()
            self.assertEqual(customer.customer_class, "active")
            self._as_client(recent, context).write(
                {"stage_id": self.stage_qualified.id}
            )
            self.assertEqual(customer.customer_class, "inactive")
            reactivation = self.env["crm.lead"].search(
                [("partner_id", "=", customer.id), ("is_reactivation", "=", True)]
            )
            self.assertEqual(len(reactivation), 1)
            self.assertEqual(self._history(reactivation), [(False, "lead")])
            self.assertEqual(self._executions(reactivation).rule_id, self.rule_inactive)

        self._for_each_forged(check)

    def test_new_partner_counts_no_purchases(self):
        """A partner a client creates counts no purchases (the count is the
        classification's, with its switch)."""
        counted = []
        Partner = type(self.env["res.partner"])
        purchase_days = Partner._prospect_purchase_days

        def spy(partners):
            counted.append(partners.ids)
            return purchase_days(partners)

        self.patch(Partner, "_prospect_purchase_days", spy)

        def check(context):
            counted.clear()
            partner = self._as_client(self.env["res.partner"], context).create(
                {"name": "Bodega Nueva SL", "is_company": True}
            )
            partner.flush_recordset()
            self.assertEqual(partner.customer_class, "none")
            self.assertFalse(counted)

        self._for_each_forged(check)

    def test_criteria_rescore(self):
        """A manager creating or reweighting a criterion gets the leads
        rescored, whatever the context (install_mode included)."""
        lead = self._lead(**self._answers(need="yes"))
        self.assertEqual(lead.qualification_score, 20)
        Criterion = self.env["prospect.qualification.criterion"]

        def check(context):
            criterion = self._as_client(Criterion, context, self.user_manager).create(
                {
                    "name": "Necesidad (empresa)",
                    "code": "need",
                    "weight": 4,
                    "company_id": self.company.id,
                }
            )
            self.assertEqual(lead.qualification_score, 50)
            criterion.write({"weight": 1})
            self.assertEqual(lead.qualification_score, 20)

        self._for_each_forged(check)

    def test_stage_state_change(self):
        """A manager changing a stage's lifecycle state gets the history of
        its leads."""

        def check(context):
            lead = self._lead(stage_id=self.stage_prospect.id)
            self._as_client(self.stage_prospect, context, self.user_manager).write(
                {"prospect_state": "qualified"}
            )
            self.assertEqual(
                self._history(lead), [(False, "prospect"), ("prospect", "qualified")]
            )

        self._for_each_forged(check)

    def test_promotion_wizard(self):
        def check(context):
            lead = self._lead()
            Wizard = self._as_client(
                self.env["prospect.promotion.wizard"], context
            ).with_context(active_model="crm.lead", active_ids=lead.ids)
            form = Form(Wizard)
            form.target_stage_id = self.stage_prospect
            form.save().action_promote()
            self.assertEqual(lead.stage_id, self.stage_prospect)
            self.assertEqual(
                self._history(lead), [(False, "lead"), ("lead", "prospect")]
            )
            self.assertEqual(
                self._open_activities(lead, self.rule_stage).summary, "Qualify"
            )

        self._for_each_forged(check)

    def test_message_post(self):
        """The salesperson's message is the lead's first response (written in
        sudo()); its history and cadences stay as they were."""

        def check(context):
            lead = self._lead()
            self._as_client(lead, context).message_post(
                body="Hola, le llamo mañana",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertTrue(lead.first_response_date)
            self.assertEqual(self._history(lead), [(False, "lead")])
            self.assertEqual(self._open_activities(lead).summary, "Call")

        self._for_each_forged(check)


@tagged("post_install", "-at_install")
class TestServerSwitches(TrustCase):
    """Server code with the real switches still skips; the switches hold
    through the environment's changes and never pass for a client's value."""

    def test_unknown_switch_is_an_error(self):
        with self.assertRaises(ValueError):
            trust.with_switches(self.env["crm.lead"], skip_everything=True)
        with self.assertRaises(ValueError):
            trust.switch(self.env, "skip_everything")
        with self.assertRaises(TypeError):
            trust.with_switches(self.env["crm.lead"], skip_triggers=["lead_created"])

    def test_switches_survive_the_environment(self):
        Lead = trust.with_switches(self.env["crm.lead"], skip_history=True)
        Lead = trust.with_switches(Lead, skip_triggers=("lead_created",))
        variants = {
            "sudo": Lead.sudo(),
            "with_user": Lead.with_user(self.user_salesman),
            "with_user sudo": Lead.with_user(self.user_salesman).sudo(),
            "sudo(False)": Lead.sudo().sudo(False),
            "with_context": Lead.with_context(lang="es_ES", active_test=False),
            "with_company": Lead.with_company(self.company),
            "browse": Lead.sudo().browse(self._lead().ids),
        }
        for name, records in variants.items():
            with self.subTest(variant=name):
                self.assertIs(trust.switch(records.env, "skip_history"), True)
                self.assertEqual(
                    trust.switch(records.env, "skip_triggers"), ("lead_created",)
                )
                self.assertIs(trust.switch(records.env, "skip_cadences"), False)
        # A value equal to the default unsets the switch; the others stay.
        unset = trust.with_switches(Lead, skip_history=False)
        self.assertIs(trust.switch(unset.env, "skip_history"), False)
        self.assertEqual(trust.switch(unset.env, "skip_triggers"), ("lead_created",))
        # Immutable, copied as itself, never serialized.
        switches = Lead.env.context[trust.SWITCHES_KEY]
        with self.assertRaises(AttributeError):
            switches._items = ()
        self.assertIs(
            copy.deepcopy(dict(Lead.env.context))[trust.SWITCHES_KEY], switches
        )
        with self.assertRaises(TypeError):
            pickle.dumps(switches)

    def test_environments_hash_and_never_mix_with_forged_values(self):
        """Environments are looked up by their context (compared, hashed): the
        same switches find the same environment; a client's dict with the same
        content is another context."""
        Lead = trust.with_switches(self.env["crm.lead"], skip_history=True)
        self.assertIsInstance(hash(Lead.env.context), int)
        again = trust.with_switches(self.env["crm.lead"], skip_history=True)
        self.assertIs(again.env, Lead.env)
        forged = dict(self.env.context, **{trust.SWITCHES_KEY: {"skip_history": True}})
        self.assertNotEqual(forged, dict(Lead.env.context))
        env = api.Environment(self.env.cr, self.env.uid, forged)
        self.assertIsNot(env, Lead.env)
        self.assertIs(trust.switch(env, "skip_history"), False)

    def test_server_code_skips_history(self):
        lead = self._lead()
        trust.with_switches(lead, skip_history=True).stage_id = self.stage_prospect
        self.assertEqual(self._history(lead), [(False, "lead")])

    def test_server_code_skips_triggers_and_cadences(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        vals = {
            "name": "Importado",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "stage_id": self.stage_new.id,
        }
        skipped = trust.with_switches(Lead, skip_triggers=tuple(TRIGGERS)).create(vals)
        skipped.stage_id = self.stage_prospect  # the records keep their switches
        quiet = trust.with_switches(Lead, skip_cadences=True).create(vals)
        self.assertFalse(self._executions(skipped | quiet))
        # Done without cadences: no next step either.
        lead = Lead.create(vals)
        activity = trust.with_switches(self._open_activities(lead), skip_cadences=True)
        activity.action_feedback("Hecho")
        self.assertFalse(self._open_activities(lead))

    def test_server_code_counts_purchases(self):
        """The classification counts the purchases of a customer created in
        the same transaction; a plain recompute does not."""
        customer = self.env["res.partner"].create(
            {"name": "Almacenes Sur SL", "is_company": True}
        )
        self._lead(partner_id=customer.id, stage_id=self.stage_won.id)
        self.env.add_to_compute(customer._fields["customer_class"], customer)
        customer.flush_recordset()
        self.assertEqual(customer.customer_class, "none")
        customer._prospect_update_customer_class()
        self.assertEqual(customer.customer_class, "active")

    def test_server_code_asks_pls_at_entry(self):
        lead = self._lead()
        probabilities = trust.with_switches(
            lead, pls_at_entry=self.stage_won.id
        )._pls_get_naive_bayes_probabilities()
        self.assertEqual(probabilities, {lead.id: 100})
        self.assertNotEqual(lead._pls_get_naive_bayes_probabilities().get(lead.id), 100)

    def test_server_code_plans_promise_activities(self):
        lead = self._lead()
        Activity = trust.with_switches(
            self.env["mail.activity"].sudo(), promise_planning=True
        )
        activity = Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                "res_id": lead.id,
                "activity_type_id": self.env.ref(
                    "prospect_qualification.mail_activity_type_promise"
                ).id,
                "summary": "Planificada",
                "user_id": self.user_salesman.id,
            }
        )
        self.assertFalse(
            self.env["prospect.promise"].search([("activity_id", "=", activity.id)])
        )

    def test_modules_loading_skips_the_rescoring(self):
        """While modules load (the registry is not ready) new criteria wait
        for the post-init hook's rescoring."""
        lead = self._lead(**self._answers(need="yes"))
        self.assertFalse(trust.modules_loading(self.env))
        self.patch(self.env.registry, "ready", False)
        self.assertTrue(trust.modules_loading(self.env))
        self.env["prospect.qualification.criterion"].create(
            {
                "name": "Necesidad (empresa)",
                "code": "need",
                "weight": 4,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(lead.qualification_score, 20)


@tagged("post_install", "-at_install")
class TestForgedSwitchesRpc(FollowupFixtures, HttpCase):
    """Over JSON-RPC, as the web client sends them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_followup_fixtures()
        cls.rule = cls._make_rule(steps=[{"summary": "Call"}])

    def test_create_over_rpc(self):
        self.authenticate(self.user_salesman.login, self.user_salesman.login)
        for name, context in forged_contexts(self.stage_won.id).items():
            with self.subTest(forged=name):
                payload = {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": "crm.lead",
                        "method": "create",
                        "args": [
                            {
                                "name": f"RPC {name}",
                                "type": "opportunity",
                                "team_id": self.team.id,
                                "user_id": self.user_salesman.id,
                                "stage_id": self.stage_new.id,
                            }
                        ],
                        "kwargs": {"context": context},
                    },
                }
                response = self.url_open(
                    "/web/dataset/call_kw/crm.lead/create",
                    data=json.dumps(payload),
                    headers={"Content-Type": "application/json"},
                )
                body = response.json()
                self.assertNotIn("error", body)
                lead = self.env["crm.lead"].browse(body["result"])
                history = self.env["prospect.state.history"].search(
                    [("lead_id", "=", lead.id)]
                )
                self.assertEqual(history.mapped("state_to"), ["lead"])
                self.assertEqual(self._executions(lead).rule_id, self.rule)
                self.assertLess(lead.automated_probability, 100)
