# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
from unittest.mock import patch

from odoo.modules import module as odoo_module
from odoo.tests import TransactionCase, tagged
from odoo.tools import config, mute_logger

from ..models import cron_batches
from ..models.cron_batches import BatchJob, run_in_batches


@tagged("post_install", "-at_install")
class TestCronBatches(TransactionCase):
    """The batch-and-commit helper of every cron of the addon."""

    def _partners(self, count):
        return self.env["res.partner"].create(
            [{"name": f"PQ Lote {index}"} for index in range(count)]
        )

    def test_failing_batch_is_rolled_back_and_the_run_goes_on(self):
        partners = self._partners(3)
        failures = []

        def process(ids):
            self.env["res.partner"].browse(ids).write({"comment": "hecho"})
            if partners[1].id in ids:
                self.env.cr.execute("SELECT 1 / 0")

        job = BatchJob("test partners", partners.ids, process, failures.append)
        with (
            mute_logger("odoo.sql_db"),
            self.assertLogs(cron_batches.__name__, "ERROR") as logs,
        ):
            done = run_in_batches(self.env, [job], batch_size=1)
        self.assertEqual(done, 3)
        self.assertIn("test partners", logs.output[0])
        self.assertEqual(len(failures), 1)
        self.assertEqual(
            [bool(partner.comment) for partner in partners], [True, False, True]
        )

    def test_progress_and_limit(self):
        partners = self._partners(7)
        cron = self.env.ref("prospect_qualification.ir_cron_prospect_customer_class")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        env = self.env(
            context=dict(
                self.env.context, ir_cron_progress_id=progress.id, cron_id=cron.id
            )
        )
        seen = []
        jobs = [
            BatchJob("first", partners[:5].ids, seen.append),
            BatchJob("second", partners[5:].ids, seen.append),
        ]
        # Stops after the batch that reaches the limit; the rest remains.
        self.assertEqual(run_in_batches(env, jobs, batch_size=3, limit=4), 5)
        self.assertEqual((progress.done, progress.remaining), (5, 2))
        self.assertEqual([len(batch) for batch in seen], [3, 2])

    def test_tests_are_told_without_the_thread_flag(self):
        """Odoo 19 no longer marks the thread running the tests: the running
        test it names, or the test_enable option, keeps the crons from
        committing."""
        thread = threading.current_thread()
        cases = [
            # (test_enable, current_test, thread flag): tests running
            ((False, None, False), False),
            ((False, self, False), True),
            ((True, None, False), True),
            ((False, None, True), True),
        ]
        for (test_enable, current_test, flag), expected in cases:
            with (
                self.subTest(test_enable=test_enable, test=current_test, flag=flag),
                patch.dict(config.options, {"test_enable": test_enable}),
                patch.object(odoo_module, "current_test", current_test),
                patch.object(thread, "testing", flag, create=True),
            ):
                self.assertEqual(cron_batches.running_tests(), expected)
