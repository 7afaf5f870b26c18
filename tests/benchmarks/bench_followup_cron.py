"""Benchmark of the follow-up cron: time and SQL queries over generated idle
leads (prints figures, asserts nothing). Everything happens in one transaction
that is rolled back: the database is left as it was.

    $PQ_CACHE/venv/bin/python tests/benchmarks/bench_followup_cron.py \
        -c $PQ_CACHE/odoo.conf -d DATABASE [--sizes 1000 10000] [--batch 500]

The database needs prospect_qualification installed.
"""

import argparse
import threading
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import config


def create_idle_leads(env, team, user, count):
    leads = (
        env["crm.lead"]
        .with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            prospect_followup_skip_triggers=("lead_created", "stage_entered"),
        )
        .create(
            [
                {
                    "name": f"Benchmark lead {index}",
                    "type": "opportunity",
                    "team_id": team.id,
                    "user_id": user.id,
                }
                for index in range(count)
            ]
        )
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE crm_lead SET create_date = %s WHERE id IN %s",
        [fields.Datetime.now() - timedelta(days=30), tuple(leads.ids)],
    )
    env.invalidate_all()
    return leads


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    odoo.service.server.load_server_wide_modules()
    # No commit between batches: the whole run is rolled back.
    threading.current_thread().testing = True
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Rule = env["prospect.followup.rule"]
        Rule.search([]).write({"active": False})
        team = env["crm.team"].create({"name": "Benchmark team"})
        user = env.ref("base.user_admin")
        Rule.create(
            {
                "name": "Benchmark idle rule",
                "trigger": "idle",
                "idle_days": 14,
                "company_id": False,
                "team_ids": [(6, 0, team.ids)],
                "user_id": user.id,
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "activity_type_id": env.ref(
                                "mail.mail_activity_data_call"
                            ).id,
                            "summary": "Benchmark call",
                        },
                    )
                ],
            }
        )
        print(f"batch size {args.batch}")
        for size in args.sizes:
            start = time.perf_counter()
            create_idle_leads(env, team, user, size)
            created = time.perf_counter() - start
            queries, start = cr.sql_log_count, time.perf_counter()
            env["prospect.followup.engine"]._cron_run_followup(batch_size=args.batch)
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - queries
            done = env["prospect.followup.execution"].search_count(
                [("lead_id.team_id", "=", team.id)]
            )
            print(
                f"{size:>6} idle leads: cron {seconds:6.2f} s, {queries:>5} queries "
                f"({queries / size:.3f} per lead, "
                f"{queries / -(-size // args.batch):.1f} per batch); "
                f"{done} cadences started so far (leads created in {created:.1f} s)"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
