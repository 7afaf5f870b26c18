# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures: users with the lowest rights that make sense, a sales
team, a stage ladder and criteria of our own (never demo data)."""

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
