# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures: users with the lowest rights that make sense, a sales
team, a stage ladder and criteria of our own (never demo data)."""

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

CRITERIA_FIELDS = {
    "need": "qualification_need",
    "budget": "qualification_budget",
    "authority": "qualification_authority",
    "access": "qualification_access",
    "fit": "qualification_fit",
}


class ProspectQualificationFixtures:
    """Mixin for TransactionCase and HttpCase classes."""

    @classmethod
    def _setup_prospect_fixtures(cls):
        cls.company = cls.env.ref("base.main_company")
        cls.user_salesman = cls._make_user("pq_salesman", "Sara Vendedora")
        cls.user_salesman_other = cls._make_user("pq_salesman_other", "Otto Otro")
        cls.user_manager = cls._make_user(
            "pq_manager", "Marta Jefa", "sales_team.group_sale_manager"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Equipo Prospección",
                "company_id": cls.company.id,
                "user_id": cls.user_manager.id,
                "member_ids": [
                    (6, 0, (cls.user_salesman | cls.user_salesman_other).ids)
                ],
            }
        )
        # First responses counted day and night (as on the wall clock), so
        # that tests of other features do not depend on working hours
        # (test_speed_business_hours.py tests those).
        cls.calendar_always = cls.env["resource.calendar"].create(
            {
                "name": "PQ Always Open",
                "tz": "UTC",
                "company_id": False,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0.0,
                            "hour_to": 24.0,
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        # One hour for inbound leads, a day for outbound ones: the tests of
        # the follow-up rules count on these.
        cls.team.write(
            {
                "first_response_calendar_id": cls.calendar_always.id,
                "first_response_minutes_inbound": 60,
                "first_response_minutes_outbound": 1440,
            }
        )
        # Our own ladder, for this team only, so that demo stages do not matter.
        ladder = [
            ("PQ New", 1, "lead"),
            ("PQ Prospect", 2, "prospect"),
            ("PQ Qualified", 3, "qualified"),
            ("PQ Won", 70, "customer"),
        ]
        stages = cls.env["crm.stage"].create(
            [
                {
                    "name": name,
                    "sequence": sequence,
                    "prospect_state": state,
                    "is_won": state == "customer",
                    "team_id": cls.team.id,
                }
                for name, sequence, state in ladder
            ]
        )
        cls.stage_new, cls.stage_prospect, cls.stage_qualified, cls.stage_won = stages
        # The shared stages sit between ours in the team's pipeline (same
        # sequences): without their default gates, moving along our ladder
        # meets only the gates a test gives it (gate tests: common gates).
        cls.env["crm.stage"].search([("team_id", "=", False)]).gate_policy = "none"
        cls.criteria = {
            code: cls.env.ref(f"prospect_qualification.criterion_{code}")
            for code in CRITERIA_FIELDS
        }
        # Known weights whatever an administrator did to the shared ones.
        for criterion in cls.criteria.values():
            criterion.write({"weight": 1.0, "active": True})

    @classmethod
    def _make_user(cls, login, name, groups="sales_team.group_sale_salesman"):
        return mail_new_test_user(
            cls.env, login=login, name=name, groups=groups, company_id=cls.company.id
        )

    @classmethod
    def _create_leads(cls, count, **values):
        vals = {
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": cls.user_salesman.id,
            "stage_id": cls.stage_new.id,
            "company_id": cls.company.id,
        }
        vals.update(values)
        return cls.env["crm.lead"].create(
            [
                dict(vals, name=f"{vals.get('name', 'Cliente potencial')} {index}")
                for index in range(count)
            ]
        )

    def assertFlatQueryCount(
        self, make_records, operation, max_queries, sizes=(20, 200)
    ):
        """Run `operation` on records of each size under the same query bound:
        10 times more records must not cost more queries (the ORM may still
        split a very large UPDATE in chunks). A warm-up run fills the caches
        that are filled once per registry. Returns the counts."""
        operation(make_records(2))
        counts = []
        for size in sizes:
            records = make_records(size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with self.assertQueryCount(max_queries):
                operation(records)
                self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        return counts

    @staticmethod
    def _answers(**answers):
        return {CRITERIA_FIELDS[code]: value for code, value in answers.items()}


class ProspectQualificationCase(ProspectQualificationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prospect_fixtures()


# --- Stage gates ---
class ProspectGateFixtures(ProspectQualificationFixtures):
    """The fixture ladder with gates like the default data's, on stages of
    the test team only; the shared stages are moved to another team so that
    "the next stage" is the one of our ladder."""

    @classmethod
    def _setup_gate_fixtures(cls):
        cls._setup_prospect_fixtures()
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Equipo Norte", "company_id": cls.company.id}
        )
        cls.env["crm.stage"].search([("team_id", "=", False)]).write(
            {"team_id": cls.other_team.id}
        )
        cls.stage_proposal = cls.env["crm.stage"].create(
            {
                "name": "PQ Proposal",
                "sequence": 4,
                "team_id": cls.team.id,
                "prospect_state": "qualified",
            }
        )
        criteria = cls.criteria
        cls.stage_prospect.write(
            {
                "gate_policy": "block",
                "gate_criterion_ids": [
                    Command.set((criteria["fit"] | criteria["access"]).ids)
                ],
            }
        )
        cls.stage_qualified.write(
            {
                "gate_policy": "block",
                "gate_min_score": 70,
                "gate_criterion_ids": [
                    Command.set(
                        (
                            criteria["need"]
                            | criteria["budget"]
                            | criteria["authority"]
                        ).ids
                    )
                ],
            }
        )
        cls.stage_proposal.write(
            {
                "gate_policy": "warn",
                "gate_field_ids": [
                    Command.set(
                        cls.env["ir.model.fields"]
                        ._get("crm.lead", "expected_revenue")
                        .ids
                    )
                ],
            }
        )

    @classmethod
    def _qualified_answers(cls):
        """Answers that meet the gates of Prospect and Qualified (score 100)."""
        return cls._answers(
            need="yes", budget="yes", authority="yes", access="yes", fit="yes"
        )


class ProspectGateCase(ProspectGateFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate_fixtures()
