# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may do what: one table of (model, operation) → subjects allowed, run
as the real users (never sudo in the assertions), then the buttons, the
wizard, the reports, the dashboard and the company boundaries.

The subjects: a salesperson who sees their own documents (``own``), one who
sees all documents (``all``), a sales manager (``manager``), a portal user
(``portal``) and a salesperson with all documents of a second company
(``other_co``). The records acted on belong to the first company and to the
``own`` salesperson's lead."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ProspectQualificationCase
from .followup_common import run_followup_crons

SUBJECTS = ("own", "all", "manager", "portal", "other_co")
SALES = frozenset({"own", "all", "manager"})
NOBODY = frozenset()
MANAGER = frozenset({"manager"})
# Tags have no company: every salesperson shares them.
EVERY_SALESPERSON = SALES | {"other_co"}

# The access matrix: what each subject may do with a record of the first
# company (on the `own` salesperson's lead for lead-bound records).
MATRIX = {
    "prospect.qualification.criterion": {
        "read": SALES,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "prospect.interest.tag": {
        "read": EVERY_SALESPERSON,
        "write": EVERY_SALESPERSON,
        "create": EVERY_SALESPERSON,
        "unlink": MANAGER,
    },
    # Written by the server only (lifecycle changes, promotions, cron).
    "prospect.state.history": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    # Reserved to managers and append-only: nobody writes one by hand.
    "prospect.gate.override": {
        "read": MANAGER,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.followup.rule": {
        "read": SALES,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "prospect.followup.step": {
        "read": SALES,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "prospect.followup.branch": {
        "read": SALES,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "prospect.followup.execution": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    # Salespeople record and edit the promises of their leads; a promise
    # is settled by its activity, not deleted (managers may clean up).
    "prospect.promise": {
        "read": SALES,
        "write": SALES,
        "create": SALES,
        "unlink": MANAGER,
    },
    "prospect.score.calibration": {
        "read": MANAGER,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    "prospect.score.calibration.line": {
        "read": MANAGER,
        "write": MANAGER,
        "create": MANAGER,
        "unlink": MANAGER,
    },
    # A wizard is its creator's; nobody deletes one (the vacuum does).
    "prospect.promotion.wizard": {
        "create": EVERY_SALESPERSON,
        "unlink": NOBODY,
    },
    "prospect.funnel.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.state.duration.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.speed.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.followup.compliance.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.promise.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "prospect.contact.rate.report": {
        "read": SALES,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    # Data of the module: the days of the week.
    "prospect.weekday": {
        "read": EVERY_SALESPERSON,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    # Written by the follow-up cron only.
    "prospect.followup.trigger.mark": {
        "read": MANAGER,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
}

# Fields a client sends to write each model (any writable field will do).
WRITE_VALUES = {
    "prospect.qualification.criterion": {"description": "¿Lo necesitan ya?"},
    "prospect.interest.tag": {"color": 3},
    "prospect.state.history": {"state_to": "customer"},
    "prospect.gate.override": {"reason": "Forged afterwards"},
    "prospect.followup.rule": {"sequence": 5},
    "prospect.followup.step": {"sequence": 5},
    "prospect.followup.branch": {"action": "stop"},
    "prospect.followup.execution": {"state": "done"},
    "prospect.promise": {"name": "Enviar el presupuesto el lunes"},
    "prospect.promise.report": {"name": "Forged"},
    "prospect.score.calibration": {"team_id": False},
    "prospect.score.calibration.line": {"coefficient": 1.0},
    "prospect.funnel.report": {"prospect_state": "customer"},
    "prospect.state.duration.report": {"state": "customer"},
    "prospect.speed.report": {"team_id": False},
    "prospect.followup.compliance.report": {"summary": "Forged"},
    "prospect.contact.rate.report": {"reached": 1},
    "prospect.weekday": {"name": "Forged"},
    "prospect.followup.trigger.mark": {"key": "Forged"},
}

REPORTS = (
    "prospect.funnel.report",
    "prospect.state.duration.report",
    "prospect.speed.report",
    "prospect.followup.compliance.report",
    "prospect.promise.report",
    "prospect.contact.rate.report",
)
# Reports of follow-up steps: one row per step.
STEP_REPORTS = ("prospect.followup.compliance.report", "prospect.contact.rate.report")
# Reports whose rows name the lead's salesperson apart (lead_user_id).
LEAD_USER_REPORTS = (*STEP_REPORTS, "prospect.promise.report")


@tagged("post_install", "-at_install")
class TestAccessMatrix(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Distribuciones Sur"})
        cls.user_all = cls._make_user(
            "pq_salesman_all",
            "Ana Todos",
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.user_portal = mail_new_test_user(
            cls.env, login="pq_portal", name="Pablo Portal", groups="base.group_portal"
        )
        cls.user_other_co = mail_new_test_user(
            cls.env,
            login="pq_salesman_b",
            name="Bea Sur",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.users = {
            "own": cls.user_salesman,
            "all": cls.user_all,
            "manager": cls.user_manager,
            "portal": cls.user_portal,
            "other_co": cls.user_other_co,
        }
        cls.env["prospect.followup.rule"].search([]).active = False
        cls.lead_own = cls._create_leads(1, name="Propio", phone="+34 600 111 222")
        cls.lead_other = cls._create_leads(
            1, name="Ajeno", user_id=cls.user_salesman_other.id
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Equipo Sur", "company_id": cls.company_b.id}
        )
        cls.lead_b = cls.env["crm.lead"].create(
            {
                "name": "Sur",
                "type": "opportunity",
                "company_id": cls.company_b.id,
                "team_id": cls.team_b.id,
                "user_id": cls.user_other_co.id,
            }
        )
        cls.rule = cls._new_record("prospect.followup.rule")
        cls.step = cls.rule.step_ids
        cls.records = {}
        for model in MATRIX:
            if model not in REPORTS and model != "prospect.promotion.wizard":
                cls.records[model] = cls._new_record(model)
        cls.env.flush_all()
        for model in REPORTS:
            field = "execution_id" if model in STEP_REPORTS else "lead_id"
            target = (
                cls.records["prospect.followup.execution"]
                if field == "execution_id"
                else cls.lead_own
            )
            cls.records[model] = cls.env[model].search(
                [(field, "=", target.id)], limit=1
            )
            assert cls.records[model], f"no {model} row for the fixture"

    # ------------------------------------------------------------------
    # Record factories (superuser: the fixtures, not the assertions)
    # ------------------------------------------------------------------

    @classmethod
    def _create_values(cls, model):
        """Values of a new record of `model` in the first company."""
        now = fields.Datetime.now()
        call = cls.env.ref("mail.mail_activity_data_call")
        cls._counter = getattr(cls, "_counter", 0) + 1
        values = {
            "prospect.qualification.criterion": lambda: {
                "name": "Urgencia",
                "code": "need",
                "company_id": cls.company.id,
            },
            "prospect.interest.tag": lambda: {"name": f"Interés {cls._counter}"},
            "prospect.state.history": lambda: {
                "lead_id": cls.lead_own.id,
                "state_to": "prospect",
                "company_id": cls.company.id,
            },
            "prospect.gate.override": lambda: {
                "lead_id": cls.lead_own.id,
                "stage_id": cls.stage_qualified.id,
                "reason": "Written by hand",
                "company_id": cls.company.id,
            },
            "prospect.followup.rule": lambda: {
                "name": "Llamar",
                "trigger": "lead_created",
                "company_id": cls.company.id,
                "active": False,
                "step_ids": [Command.create({"activity_type_id": call.id})],
            },
            "prospect.followup.step": lambda: {
                "rule_id": cls.rule.id,
                "activity_type_id": call.id,
            },
            # A step of its own: one branch per outcome of a step.
            "prospect.followup.branch": lambda: {
                "step_id": cls.env["prospect.followup.step"]
                .create({"rule_id": cls.rule.id, "activity_type_id": call.id})
                .id,
                "outcome": "no_answer",
                "action": "meeting",
            },
            "prospect.promise": lambda: {
                "lead_id": cls.lead_own.id,
                "name": "Enviar la propuesta",
                "user_id": cls.user_salesman.id,
                "date_due": fields.Date.today() + timedelta(days=3),
            },
            "prospect.followup.execution": lambda: {
                "lead_id": cls.lead_own.id,
                "rule_id": cls.rule.id,
                "step_id": cls.step.id,
                "company_id": cls.company.id,
                "user_id": cls.user_salesman.id,
                "date_planned": now,
                "date_deadline": now + timedelta(days=1),
                "state": "done",
                "date_done": now,
                # An attempt that reached someone: a row of the contact rate.
                "outcome": "connected",
            },
            "prospect.weekday": lambda: {
                "name": f"Día {cls._counter}",
                "dayofweek": f"x{cls._counter}",
            },
            "prospect.followup.trigger.mark": lambda: {
                "rule_id": cls.rule.id,
                "lead_id": cls.lead_own.id,
                "key": f"k{cls._counter}",
            },
            "prospect.score.calibration": lambda: {"company_id": cls.company.id},
            "prospect.score.calibration.line": lambda: {
                "calibration_id": cls.records["prospect.score.calibration"].id,
                "criterion_id": cls.criteria["budget"].id,
            },
            "prospect.promotion.wizard": lambda: {
                "lead_ids": [Command.set(cls.lead_own.ids)],
                "target_stage_id": cls.stage_prospect.id,
            },
        }
        return values[model]()

    @classmethod
    def _new_record(cls, model):
        return cls.env[model].create(cls._create_values(model))

    def _attempt(self, subject, model, operation):
        """Run `operation` on `model` as `subject`: True when it is done,
        False when it is refused with an AccessError."""
        user = self.users[subject]
        record = self.records.get(model)
        try:
            with self.env.cr.savepoint():
                if operation == "read":
                    record.with_user(user).read(list(WRITE_VALUES[model]))
                elif operation == "write":
                    record.with_user(user).write(WRITE_VALUES[model])
                elif operation == "create":
                    values = (
                        dict(WRITE_VALUES[model])
                        if model in REPORTS
                        else self._create_values(model)
                    )
                    if model == "prospect.qualification.criterion":
                        values["code"] = "fit"  # one per code and company
                    self.env[model].with_user(user).create(values)
                else:
                    target = record if model in REPORTS else self._unlink_target(model)
                    target.with_user(user).unlink()
                self.env.flush_all()
        except AccessError:
            return False
        return True

    def _unlink_target(self, model):
        if model == "prospect.qualification.criterion":
            return self.env[model].create(
                {"name": "Otra", "code": "access", "company_id": self.company.id}
            )
        if model == "prospect.score.calibration.line":
            return self.env[model].create(
                {
                    "calibration_id": self.records["prospect.score.calibration"].id,
                    "criterion_id": self.criteria["fit"].id,
                }
            )
        return self._new_record(model)

    # ------------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------------

    def test_access_matrix(self):
        mismatches = []
        for model, operations in MATRIX.items():
            for operation, allowed in operations.items():
                for subject in SUBJECTS:
                    done = self._attempt(subject, model, operation)
                    if done != (subject in allowed):
                        mismatches.append(
                            f"{model} {operation} as {subject}: "
                            f"{'done' if done else 'refused'}"
                        )
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_matrix_covers_every_model_of_the_addon(self):
        """Every model the addon adds with access rights is in the matrix."""
        access = self.env["ir.model.access"].search(
            [("id", "in", self._addon_ids("ir.model.access"))]
        )
        models_with_access = set(access.model_id.mapped("model")) - {"ir.model.fields"}
        self.assertEqual(models_with_access - set(MATRIX), set())

    def _addon_ids(self, model):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "prospect_qualification"), ("model", "=", model)])
            .mapped("res_id")
        )

    # ------------------------------------------------------------------
    # Overrides: managers only, through the promotion, append-only
    # ------------------------------------------------------------------

    def test_override_only_through_the_promotion_by_a_manager(self):
        self.stage_prospect.write(
            {
                "gate_policy": "block",
                "gate_criterion_ids": [Command.set(self.criteria["fit"].ids)],
            }
        )
        lead = self._create_leads(1, user_id=self.user_salesman.id)
        # A salesperson cannot give an override reason.
        with self.assertRaisesRegex(UserError, "Only sales managers"):
            lead.with_user(self.user_salesman)._prospect_promote(
                self.stage_prospect, override_reason="Porque sí"
            )
        Override = self.env["prospect.gate.override"]
        self.assertFalse(Override.search([("lead_id", "=", lead.id)]))
        # The manager's override is recorded as theirs, now, whatever is sent.
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_manager)
            .with_context(active_model="crm.lead", active_ids=lead.ids)
            .create(
                {
                    "target_stage_id": self.stage_prospect.id,
                    "override_reason": "Cliente estratégico",
                }
            )
        )
        wizard.action_promote()
        override = Override.with_user(self.user_manager).search(
            [("lead_id", "=", lead.id)]
        )
        self.assertEqual(override.user_id, self.user_manager)
        self.assertEqual(override.reason, "Cliente estratégico")
        # Append-only, even for the manager who made it.
        for operation in (
            lambda: override.write({"reason": "Otra cosa"}),
            lambda: override.write({"user_id": self.user_salesman.id}),
            override.unlink,
            lambda: Override.with_user(self.user_manager).create(
                {"lead_id": lead.id, "reason": "Falsa", "user_id": self.uid}
            ),
        ):
            with self.assertRaises(AccessError):
                operation()
        self.assertEqual(override.reason, "Cliente estratégico")
        # Another company's manager does not see it.
        manager_b = mail_new_test_user(
            self.env,
            login="pq_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        self.assertFalse(
            Override.with_user(manager_b).search([("lead_id", "=", lead.id)])
        )

    # ------------------------------------------------------------------
    # Buttons and the wizard
    # ------------------------------------------------------------------

    def test_promotion_wizard_follows_crm_rules(self):
        def promote(user, lead):
            wizard = Form(
                self.env["prospect.promotion.wizard"]
                .with_user(user)
                .with_context(active_model="crm.lead", active_ids=lead.ids)
            ).save()
            return wizard.action_promote()

        promote(self.user_salesman, self.lead_own)
        self.assertEqual(self.lead_own.stage_id, self.stage_prospect)
        for user in (self.user_salesman, self.user_portal, self.user_other_co):
            with self.assertRaises(AccessError, msg=user.login):
                promote(user, self.lead_other)
        self.assertEqual(self.lead_other.stage_id, self.stage_new)
        # Sent straight to the wizard's model, the lead stays out of reach:
        # the wizard does not even see it.
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_salesman)
            .create(
                {
                    "lead_ids": [Command.set(self.lead_other.ids)],
                    "target_stage_id": self.stage_prospect.id,
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_promote()
        self.assertEqual(self.lead_other.stage_id, self.stage_new)
        promote(self.user_all, self.lead_other)
        self.assertEqual(self.lead_other.stage_id, self.stage_prospect)

    def test_wizard_belongs_to_its_creator(self):
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_salesman)
            .create(self._create_values("prospect.promotion.wizard"))
        )
        wizard.note = "Mío"
        for user in (self.user_salesman_other, self.user_all, self.user_portal):
            with self.assertRaises(AccessError):
                wizard.with_user(user).read(["note"])

    def test_whatsapp_button(self):
        action = self.lead_own.with_user(self.user_salesman).action_open_whatsapp()
        self.assertIn("wa.me/34600111222", action["url"])
        self.lead_other.phone = "+34 600 333 444"
        for user in (self.user_salesman, self.user_portal, self.user_other_co):
            with self.assertRaises(AccessError):
                self.lead_other.with_user(user).action_open_whatsapp()

    def test_disqualify_button(self):
        reason = self.env["crm.lost.reason"].create(
            {"name": "Sin presupuesto", "prospect_disqualification": True}
        )

        def disqualify(user, lead):
            wizard = (
                self.env["crm.lead.lost"]
                .with_user(user)
                .with_context(
                    active_model="crm.lead",
                    active_ids=lead.ids,
                    prospect_disqualify=True,
                )
                .create({"lead_ids": lead.ids, "lost_reason_id": reason.id})
            )
            return wizard.action_lost_reason_apply()

        with self.assertRaises(AccessError):
            disqualify(self.user_salesman, self.lead_other)
        self.assertTrue(self.lead_other.active)
        disqualify(self.user_salesman, self.lead_own)
        self.assertEqual(self.lead_own.prospect_state, "disqualified")

    def test_calibration_buttons_managers_only(self):
        calibration = self.records["prospect.score.calibration"]
        for name in ("action_compute", "action_apply", "action_apply_thresholds"):
            for user in (self.user_salesman, self.user_all, self.user_portal):
                with self.assertRaises(AccessError, msg=f"{name} {user.login}"):
                    getattr(calibration.with_user(user), name)()
        calibration.with_user(self.user_manager).action_compute()
        # The thresholds are company settings: administrators only.
        calibration.write(
            {"suggested_warm_threshold": 30, "suggested_hot_threshold": 60}
        )
        with self.assertRaises(AccessError):
            calibration.with_user(self.user_manager).action_apply_thresholds()
        self.assertEqual(self.company.prospect_warm_threshold, 40)

    def test_rule_executions_button(self):
        execution = self.records["prospect.followup.execution"]
        other_execution = self.env["prospect.followup.execution"].create(
            dict(
                self._create_values("prospect.followup.execution"),
                lead_id=self.lead_other.id,
                user_id=self.user_salesman_other.id,
            )
        )
        action = self.rule.with_user(self.user_salesman).action_view_executions()
        seen = (
            self.env[action["res_model"]]
            .with_user(self.user_salesman)
            .search(action.get("domain") or [])
        )
        self.assertIn(execution, seen)
        self.assertNotIn(other_execution, seen)
        # The action is no data; the portal user cannot read its records.
        with self.assertRaises(AccessError):
            self.env[action["res_model"]].with_user(self.user_portal).search(
                action["domain"]
            )

    def test_gate_configuration_managers_only(self):
        for user in (self.user_salesman, self.user_all):
            with self.assertRaises(AccessError):
                self.stage_prospect.with_user(user).write({"gate_policy": "none"})
            with self.assertRaises(AccessError):
                self.team.with_user(user).write({"name": "Otro"})
        self.stage_prospect.with_user(self.user_manager).gate_min_score = 10

    # ------------------------------------------------------------------
    # Reports, dashboard, score breakdown: crm's rules hold
    # ------------------------------------------------------------------

    @staticmethod
    def _report_user_field(model):
        """The report's field of the lead's salesperson."""
        return "lead_user_id" if model in LEAD_USER_REPORTS else "user_id"

    def _report_leads(self, user, model):
        field = self._report_user_field(model)
        rows = self.env[model].with_user(user).search_read([], [field, "company_id"])
        groups = self.env[model].with_user(user).read_group([], [field], [field])
        return rows, groups

    def test_reports_hide_what_crm_hides(self):
        other_execution = self.env["prospect.followup.execution"].create(
            dict(
                self._create_values("prospect.followup.execution"),
                lead_id=self.lead_other.id,
                user_id=self.user_salesman_other.id,
            )
        )
        self.env["prospect.promise"].create(
            dict(
                self._create_values("prospect.promise"),
                lead_id=self.lead_other.id,
                user_id=self.user_salesman_other.id,
            )
        )
        self.env.flush_all()
        for model in REPORTS:
            field = self._report_user_field(model)
            rows, groups = self._report_leads(self.user_salesman, model)
            users = {row[field] and row[field][0] for row in rows}
            self.assertNotIn(self.user_salesman_other.id, users, model)
            grouped = {group[field] and group[field][0] for group in groups}
            self.assertNotIn(self.user_salesman_other.id, grouped, model)
            rows, _groups = self._report_leads(self.user_all, model)
            self.assertIn(
                self.user_salesman_other.id,
                {row[field] and row[field][0] for row in rows},
                model,
            )
            rows, groups = self._report_leads(self.user_other_co, model)
            self.assertFalse(
                [
                    row
                    for row in rows
                    if row["company_id"] and row["company_id"][0] == self.company.id
                ],
                model,
            )
            with self.assertRaises(AccessError):
                self._report_leads(self.user_portal, model)
        self.assertTrue(other_execution)

    def test_dashboard_counts_only_visible_leads(self):
        Dashboard = self.env["prospect.qualification.dashboard"]

        def total(user, team):
            data = Dashboard.with_user(user).get_dashboard_data(0, team.id)
            return data["funnel"]["total"]

        self.assertEqual(total(self.user_salesman, self.team), 1)
        self.assertEqual(total(self.user_all, self.team), 2)
        self.assertEqual(total(self.user_manager, self.team), 2)
        # The other company's user sees nothing of the first company's team,
        # and its own lead only.
        self.assertEqual(total(self.user_other_co, self.team), 0)
        self.assertEqual(total(self.user_other_co, self.team_b), 1)
        data = Dashboard.with_user(self.user_other_co).get_dashboard_data(0)
        self.assertNotIn(self.team.id, [team["id"] for team in data["teams"]])
        with self.assertRaises(AccessError):
            Dashboard.with_user(self.user_portal).get_dashboard_data(0)
        # The action of a card is no data; its records stay out of reach.
        action = Dashboard.with_user(self.user_portal).action_open_report("funnel", 0)
        with self.assertRaises(AccessError):
            self.env[action["res_model"]].with_user(self.user_portal).search([])

    def test_score_breakdown_and_history_follow_crm_rules(self):
        self.lead_other.qualification_need = "yes"
        own = self.lead_own.with_user(self.user_salesman)
        self.assertIn("o_prospect_breakdown_need", own.qualification_breakdown)
        for user in (self.user_salesman, self.user_portal, self.user_other_co):
            with self.assertRaises(AccessError):
                self.lead_other.with_user(user).qualification_breakdown  # noqa: B018
            if user == self.user_portal:
                continue  # no access to the history and steps at all (matrix)
            History = self.env["prospect.state.history"].with_user(user)
            self.assertFalse(
                History.search([("lead_id", "=", self.lead_other.id)]), user.login
            )
            Execution = self.env["prospect.followup.execution"].with_user(user)
            self.assertFalse(
                Execution.search([("lead_id", "=", self.lead_other.id)]), user.login
            )

    # ------------------------------------------------------------------
    # Companies never mix
    # ------------------------------------------------------------------

    def test_companies_never_mix(self):
        Criterion = self.env["prospect.qualification.criterion"]
        criterion_a = self.records["prospect.qualification.criterion"]
        seen_b = Criterion.with_user(self.user_other_co).search([])
        self.assertNotIn(criterion_a, seen_b)
        self.assertIn(self.criteria["need"], seen_b)
        # A company's own criterion weighs its leads only.
        self.lead_own.qualification_need = "yes"
        self.lead_b.qualification_need = "yes"
        criterion_a.weight = 5
        self.assertEqual(self.lead_own.qualification_score, 56)  # 5 / 9
        self.assertEqual(self.lead_b.qualification_score, 20)
        # Thresholds are per company.
        self.company_b.write(
            {"prospect_warm_threshold": 10, "prospect_hot_threshold": 15}
        )
        self.assertEqual(self.lead_b.qualification_level, "hot")
        self.assertEqual(self.lead_own.qualification_level, "warm")
        # Rules of the first company: invisible to the second one, and
        # their cadences never run on its leads.
        Rule = self.env["prospect.followup.rule"].with_user(self.user_other_co)
        self.assertNotIn(self.rule, Rule.search([]))
        self.rule.active = True
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Sur 2",
                "company_id": self.company_b.id,
                "team_id": self.team_b.id,
                "user_id": self.user_other_co.id,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        run_followup_crons(self.env)
        self.env.flush_all()
        executions = self.env["prospect.followup.execution"].search(
            [("lead_id", "=", lead_b.id)]
        )
        self.assertFalse(executions.filtered(lambda e: e.rule_id == self.rule))
        # The second company's manager cannot hang a rule on the first
        # company's team.
        manager_b = mail_new_test_user(
            self.env,
            login="pq_manager_b2",
            groups="sales_team.group_sale_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        # (AccessError is a UserError: either refusal will do.)
        with self.assertRaises(UserError):
            self.env["prospect.followup.rule"].with_user(manager_b).create(
                {
                    "name": "Intrusa",
                    "company_id": self.company_b.id,
                    "team_ids": [Command.set(self.team.ids)],
                }
            )
