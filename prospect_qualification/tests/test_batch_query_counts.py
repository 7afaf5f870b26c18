# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestBatchQueryCounts(ProspectQualificationCase):
    """The batch operations of the benchmark (setup/bench.sh) cost the same
    queries for 20 or 200 leads: what the addon adds is set-based."""

    def _leads(self, size):
        return self._create_leads(size).with_context(tracking_disable=True)

    def test_create_adds_no_query_per_lead(self):
        """crm's own create handles won/lost lead by lead when a stage is
        given (`_handle_won_lost`: 2 queries per lead); the addon adds none."""

        def vals_list(size):
            return [
                {
                    "name": f"Lote {index}",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "user_id": self.user_salesman.id,
                    "stage_id": self.stage_new.id,
                    **self._answers(need="yes", budget="partial"),
                }
                for index in range(size)
            ]

        Lead = self.env["crm.lead"].with_context(tracking_disable=True)
        Lead.create(vals_list(2))
        counts = []
        for size in (20, 200):
            self.env.flush_all()
            before = self.cr.sql_log_count
            Lead.create(vals_list(size))
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertLessEqual(counts[0], QUERIES_CREATE_20)
        # crm's 2 queries per lead, and the ORM's chunks of rows.
        self.assertLessEqual(counts[1] - counts[0], 2 * 180 + 10, counts)

    def test_criterion_write_is_flat(self):
        self.assertFlatQueryCount(
            self._leads,
            lambda leads: leads.write(self._answers(need="yes")),
            max_queries=QUERIES_CRITERION,
        )

    def test_plain_write_is_flat(self):
        self.assertFlatQueryCount(
            self._leads,
            lambda leads: leads.write({"priority": "2"}),
            max_queries=QUERIES_PLAIN,
        )


# Bounds measured on 18.0, crm's own queries included (20 leads: 52, 7, 5).
QUERIES_CREATE_20 = 60
QUERIES_CRITERION = 8
QUERIES_PLAIN = 6
