# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import random

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from ...tools import qualification_score
from ..common import CRITERIA_FIELDS, ProspectQualificationCase

ANSWERS = ["yes", "partial", "no", "unknown"]


@tagged("post_install", "-at_install")
class TestQualificationScore(ProspectQualificationCase):
    def test_new_lead_is_unknown_and_cold(self):
        lead = self._create_leads(1)
        self.assertEqual(lead.qualification_need, "unknown")
        self.assertEqual(lead.qualification_score, 0)
        self.assertEqual(lead.qualification_level, "cold")

    def test_score_formula(self):
        lead = self._create_leads(1)
        cases = [
            ({"need": "yes"}, 20),
            ({"need": "yes", "budget": "partial"}, 30),
            ({"need": "yes", "budget": "yes", "authority": "yes", "access": "yes"}, 80),
            ({"need": "no", "budget": "unknown", "fit": "partial"}, 10),
            (
                dict.fromkeys(("need", "budget", "authority", "access", "fit"), "yes"),
                100,
            ),
            (
                dict.fromkeys(
                    ("need", "budget", "authority", "access", "fit"), "partial"
                ),
                50,
            ),
        ]
        for answers, expected in cases:
            with self.subTest(answers=answers):
                lead.write(self._answers(**dict.fromkeys(self.criteria, "unknown")))
                lead.write(self._answers(**answers))
                self.assertEqual(lead.qualification_score, expected)

    def test_weights_and_rounding(self):
        self.criteria["need"].weight = 3
        lead = self._create_leads(1, **self._answers(need="yes"))
        # 3 / 7 = 42.86 %
        self.assertEqual(lead.qualification_score, 43)
        lead.write(self._answers(budget="partial"))
        # (3 + 0.5) / 7 = 50 %
        self.assertEqual(lead.qualification_score, 50)

    def test_zero_weight_criterion_is_left_out(self):
        self.criteria["fit"].weight = 0
        lead = self._create_leads(1, **self._answers(fit="yes"))
        self.assertEqual(lead.qualification_score, 0)
        lead.write(self._answers(need="yes"))
        self.assertEqual(lead.qualification_score, 25)

    def test_all_weights_zero_gives_zero(self):
        lead = self._create_leads(1, **self._answers(need="yes", budget="yes"))
        self.assertEqual(lead.qualification_score, 40)
        for criterion in self.criteria.values():
            criterion.weight = 0
        self.assertEqual(lead.qualification_score, 0)
        self.assertEqual(lead.qualification_level, "cold")

    def test_archived_criterion_is_left_out(self):
        lead = self._create_leads(1, **self._answers(need="yes"))
        self.criteria["fit"].active = False
        self.assertEqual(lead.qualification_score, 25)
        self.criteria["fit"].active = True
        self.assertEqual(lead.qualification_score, 20)

    def test_negative_weight_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 10000"):
            self.criteria["need"].weight = -1
        with self.assertRaises(ValidationError), Form(self.criteria["budget"]) as form:
            form.weight = -2
        self.assertEqual(self.criteria["budget"].weight, 1)

    def test_duplicate_code_refused(self):
        with self.assertRaisesRegex(ValidationError, "already a criterion"):
            self.env["prospect.qualification.criterion"].create(
                {"name": "Need again", "code": "need"}
            )

    def test_duplicate_code_in_one_create_refused(self):
        Criterion = self.env["prospect.qualification.criterion"]
        other = self.env["res.company"].create({"name": "PQ Otra Empresa"})
        for company in (self.company, other):
            with (
                self.subTest(company=company.name),
                self.assertRaisesRegex(
                    ValidationError,
                    f"already a criterion for “Need” in {company.name}",
                ),
            ):
                Criterion.create(
                    [
                        {"name": "Need A", "code": "need", "company_id": company.id},
                        {"name": "Need B", "code": "need", "company_id": company.id},
                    ]
                )
        self.assertFalse(Criterion.search_count([("name", "in", ["Need A", "Need B"])]))

    def test_duplicate_code_refused_by_the_database(self):
        """The database keeps codes unique per company whatever the path (a
        concurrent save, SQL); a shared criterion counts as company 0."""
        Criterion = self.env["prospect.qualification.criterion"]
        with (
            self.assertRaisesRegex(
                ValidationError, "already a criterion for “Need” in all companies"
            ),
            Criterion._code_unique_guard(),
        ):
            self.env.cr.execute(
                "INSERT INTO prospect_qualification_criterion "
                "(name, code, weight, sequence, active) "
                "VALUES ('{\"en_US\": \"Need SQL\"}', 'need', 1, 10, true)"
            )
        own = Criterion.create(
            {"name": "Need Own", "code": "need", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(
            ValidationError, f"already a criterion for “Need” in {self.company.name}"
        ):
            own.copy({"name": "Need Own Again"})
        with self.assertRaisesRegex(ValidationError, "already a criterion"):
            self.criteria["budget"].write({"code": "need"})

    def test_same_code_in_other_companies_accepted(self):
        Criterion = self.env["prospect.qualification.criterion"]
        other = self.env["res.company"].create({"name": "PQ Otra Empresa"})
        # The shared criterion "need" exists: each company may override it.
        criteria = Criterion.create(
            [
                {"name": "Need Main", "code": "need", "company_id": self.company.id},
                {"name": "Need Other", "code": "need", "company_id": other.id},
            ]
        )
        self.assertEqual(len(criteria), 2)
        self.assertEqual(Criterion.search_count([("code", "=", "need")]), 3)

    def test_levels_follow_company_thresholds(self):
        lead = self._create_leads(1, **self._answers(need="yes", budget="yes"))
        self.assertEqual(
            (lead.qualification_score, lead.qualification_level), (40, "warm")
        )
        lead.write(self._answers(authority="yes", access="partial"))
        self.assertEqual(
            (lead.qualification_score, lead.qualification_level), (70, "hot")
        )
        self.company.write(
            {"prospect_warm_threshold": 50, "prospect_hot_threshold": 80}
        )
        self.assertEqual(lead.qualification_level, "warm")
        with self.assertRaisesRegex(ValidationError, "0 < warm < hot"):
            self.company.prospect_warm_threshold = 90

    def test_settings_change_thresholds(self):
        lead = self._create_leads(
            1, **self._answers(need="yes", budget="yes", fit="yes")
        )
        self.assertEqual(lead.qualification_level, "warm")
        settings = Form(self.env["res.config.settings"])
        settings.prospect_hot_threshold = 60
        settings.save().execute()
        self.assertEqual(self.company.prospect_hot_threshold, 60)
        self.assertEqual(lead.qualification_level, "hot")

    def test_weight_change_rescores_every_lead(self):
        """Archived and lost leads are rescored too, across batches."""
        Lead = self.env["crm.lead"]
        self.patch(type(Lead), "_qualification_recompute_batch", 7)
        leads = self._create_leads(30, **self._answers(need="yes"))
        leads[:5].action_set_lost()
        leads[5:10].action_archive()
        self.criteria["need"].weight = 4
        self.assertEqual(set(leads.mapped("qualification_score")), {50})
        self.assertEqual(set(leads.mapped("qualification_level")), {"warm"})

    def test_client_context_does_not_skip_the_rescoring(self):
        # Only loading modules skips the rescoring (the post-init hook
        # scores every lead); a client sending install_mode gets its leads
        # rescored.
        lead = self._create_leads(1, **self._answers(need="yes"))
        self.assertEqual(lead.qualification_score, 20)
        self.env["prospect.qualification.criterion"].with_user(
            self.user_manager
        ).with_context(install_mode=True).create(
            {
                "name": "Necesidad (empresa)",
                "code": "need",
                "weight": 4,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(lead.qualification_score, 50)

    def test_labels_follow_the_criteria(self):
        """fields_get shows the criteria's names and questions (cached, and
        refreshed when a manager rewords them)."""
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        need = Lead.fields_get(["qualification_need"], ["string", "help"])
        self.assertEqual(
            need["qualification_need"]["string"], self.criteria["need"].name
        )
        self.criteria["need"].with_user(self.user_manager).write(
            {"name": "Necesidad real", "description": "¿Lo necesitan de verdad?"}
        )
        need = Lead.fields_get(["qualification_need"], ["string", "help"])
        self.assertEqual(need["qualification_need"]["string"], "Necesidad real")
        self.assertEqual(need["qualification_need"]["help"], "¿Lo necesitan de verdad?")

    def test_recompute_in_sql_matches_the_compute(self):
        """The set-based rescoring gives what the ORM compute gives, for any
        answers, weights (with decimals) and thresholds."""
        rng = random.Random(18)
        answers = ["yes", "partial", "no", "unknown"]
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Azar {index}",
                    "company_id": self.company.id if index % 3 else False,
                    **{
                        field: rng.choice(answers) for field in CRITERIA_FIELDS.values()
                    },
                }
                for index in range(150)
            ]
        )
        self.company.write(
            {"prospect_warm_threshold": 37, "prospect_hot_threshold": 71}
        )
        criteria = self.env["prospect.qualification.criterion"].search([])
        for criterion in criteria:
            criterion.weight = rng.choice([0.0, 0.25, 1.0, 1.5, 3.33, 7.0, 10.0])
        self.env.flush_all()
        by_sql = {
            lead.id: (lead.qualification_score, lead.qualification_level)
            for lead in leads
        }
        Lead = self.env["crm.lead"]
        self.env.add_to_compute(Lead._fields["qualification_score"], leads)
        self.env.add_to_compute(Lead._fields["qualification_level"], leads)
        leads.flush_recordset(["qualification_score", "qualification_level"])
        by_orm = {
            lead.id: (lead.qualification_score, lead.qualification_level)
            for lead in leads
        }
        self.assertEqual(by_sql, by_orm)
        self.assertGreater(len(set(by_sql.values())), 10)

    def test_score_in_sql_agrees_with_python(self):
        """The two halves of the score's home agree on every combination of
        answers, for random weights with decimals (and weights where binary
        floats put 62.5 below one half)."""
        rng = random.Random(22)
        codes = list(CRITERIA_FIELDS)
        weight_sets = [
            [2.25, 0.25, 2.27, 4.25, 6.9],
            [8.79, 2.51, 4.43, 9.81, 2.22],
            [0.0] * 5,
            [0.0, 0.0, 0.01, 0.0, 0.0],
            [10000.0, 0.01, 0.01, 3.33, 9999.99],
        ] + [
            [
                rng.choice(
                    [0.0, rng.randint(0, 1000) / 100, rng.randint(0, 10**6) / 100]
                )
                for _code in codes
            ]
            for _set in range(25)
        ]
        combinations = list(itertools.product(ANSWERS, repeat=len(codes)))
        rows = SQL(", ").join(SQL("(%s)", SQL(", ").join(row)) for row in combinations)
        columns = SQL(", ").join(SQL.identifier(code) for code in codes)
        for weights in weight_sets:
            by_code = dict(zip(codes, weights, strict=True))
            in_sql = self.env.execute_query(
                SQL(
                    "SELECT %s FROM (VALUES %s) AS answer(%s)",
                    qualification_score.score_sql(
                        by_code, lambda code: SQL.identifier("answer", code)
                    ),
                    rows,
                    columns,
                )
            )
            in_python = [
                qualification_score.answers_score(
                    by_code, dict(zip(codes, row, strict=True))
                )
                for row in combinations
            ]
            with self.subTest(weights=weights):
                self.assertEqual([score for (score,) in in_sql], in_python)
        self.assertEqual(
            qualification_score.answers_score(
                dict(zip(codes, weight_sets[0], strict=True)),
                {"need": "yes", "access": "yes", "fit": "partial"},
            ),
            63,  # 62.5 exactly, rounded half up
        )

    def test_level_in_sql_agrees_with_python(self):
        """The level rule gives the same level in SQL and in Python for
        every score and random valid thresholds."""
        rng = random.Random(40)
        thresholds = [(40, 70), (1, 100), (99, 100), (1, 2)] + [
            tuple(sorted(rng.sample(range(1, 101), 2))) for _pair in range(20)
        ]
        cases = [(score, warm, hot) for warm, hot in thresholds for score in range(101)]
        in_sql = self.env.execute_query(
            SQL(
                "SELECT %s FROM (VALUES %s) AS lead(score, warm, hot)",
                qualification_score.level_sql(
                    SQL("lead.score"), SQL("lead.warm"), SQL("lead.hot")
                ),
                SQL(", ").join(SQL("(%s, %s, %s)", *case) for case in cases),
            )
        )
        self.assertEqual(
            [level for (level,) in in_sql],
            [qualification_score.level(*case) for case in cases],
        )
        self.assertTrue(
            all(qualification_score.thresholds_valid(*t) for t in thresholds)
        )

    def test_recompute_query_count_is_flat(self):
        """One batch costs the same number of queries for 20 or 200 leads."""
        Lead = self.env["crm.lead"]

        def make(size):
            leads = self._create_leads(size, **self._answers(need="yes", fit="partial"))
            self.env.cr.execute(
                "UPDATE crm_lead SET qualification_score = 0 WHERE id IN %s",
                [tuple(leads.ids)],
            )
            return leads

        def recompute(leads):
            Lead._recompute_qualification_scores(
                [("id", "in", leads.ids)], batch_size=500
            )

        self.assertFlatQueryCount(make, recompute, max_queries=8)
        self.assertEqual(
            self.env["crm.lead"].search_count(
                [
                    ("qualification_score", "=", 60),
                    ("qualification_level", "!=", "warm"),
                ]
            ),
            0,
        )
