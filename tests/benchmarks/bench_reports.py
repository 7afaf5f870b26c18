#!/usr/bin/env python3
# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the qualification reports on many leads (not a test).

Creates a throwaway database with prospect_qualification (without demo data),
fills it through SQL with N leads (100 000 by default), their lifecycle
history, first responses and two follow-up steps per lead, then runs the
queries that the dashboard and the report views send with a period + sales
team filter (built by the ORM, record rules included) and prints, for each,
the EXPLAIN (ANALYZE, BUFFERS) plan and the median time of a few runs. Drops
the database at the end unless --keep.

Run it from the repository root once a setup script has prepared your cache:

    export PQ_CACHE=~/.cache/prospect_qualification   # yours
    $PQ_CACHE/venv/bin/python tests/benchmarks/bench_reports.py [--leads 100000]

Options: --db NAME (default pq_bench_reports), --keep (keep the database and
reuse it on the next run: no install, no data generation), --runs N.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(
    os.environ.get("PQ_CACHE") or Path.home() / ".cache" / "prospect_qualification"
)
ODOO_SRC = Path(os.environ.get("ODOO_SRC") or Path.home() / ".cache/odoo/18.0")
CONF = CACHE / "odoo.conf"
TEAMS, SALESPEOPLE = 10, 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--db", default="pq_bench_reports")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CONF.exists():
        sys.exit(f"{CONF} is missing: run setup/test.sh or setup/start.sh once.")
    sys.path.insert(0, str(ODOO_SRC))
    import odoo

    odoo.tools.config.parse_config(["-c", str(CONF), "--log-level=warn"])
    exists = _database_exists(odoo, args.db)
    ready = exists
    try:
        if not exists:
            _install(args.db)
        registry = odoo.modules.registry.Registry(args.db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if not exists:
                _generate(env, args.leads)
                cr.commit()
                ready = True
            cr.execute("ANALYZE crm_lead")
            cr.execute("ANALYZE prospect_state_history")
            cr.execute("ANALYZE prospect_followup_execution")
            _benchmark(env, args.runs)
    finally:
        # A database without its data would be reused as is by --keep.
        if not args.keep or not ready:
            odoo.sql_db.close_all()
            odoo.service.db.exp_drop(args.db)
            print(f"\nDropped {args.db} (use --keep to keep it).")


def _database_exists(odoo, name):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def _install(db):
    print(f"Creating {db} with prospect_qualification (no demo)...", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(ODOO_SRC / "odoo-bin"),
            "-c",
            str(CONF),
            "-d",
            db,
            "-i",
            "prospect_qualification",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


def _generate(env, count):
    """Teams, salespeople and `count` opportunities created over two years,
    each with a history going up the ladder to a rank that depends on its
    number; one in five of those that did not win was disqualified."""
    started = time.perf_counter()
    company = env.ref("base.main_company")
    salesman = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {
                "name": f"Comercial {index}",
                "login": f"bench_salesman_{index}",
                "groups_id": [(6, 0, salesman.ids)],
            }
            for index in range(SALESPEOPLE)
        ]
    )
    teams = env["crm.team"].create(
        [{"name": f"Equipo {index}"} for index in range(TEAMS)]
    )
    media = env["utm.medium"].search([]).ids
    stages = {
        state: env["crm.stage"].search([("prospect_state", "=", state)], limit=1).id
        for state in ("lead", "prospect", "qualified", "customer")
    }
    env.flush_all()
    # rank: 1 lead, 2 prospect, 3 qualified, 4 customer (g % 20 spreads them:
    # 45 % / 25 % / 15 % / 15 %); disqualified: one in five of ranks 1-3.
    env.cr.execute(
        """
        WITH numbers AS (
            SELECT g,
                   CASE WHEN g %% 20 < 9 THEN 1 WHEN g %% 20 < 14 THEN 2
                        WHEN g %% 20 < 17 THEN 3 ELSE 4 END AS rank,
                   (g / 20) %% 5 = 0 AS disqualified,
                   NOW() AT TIME ZONE 'UTC' - (g %% 730) * INTERVAL '1 day'
                       - (g %% 24) * INTERVAL '1 hour' AS created
              FROM generate_series(1, %(count)s) g
        )
        INSERT INTO crm_lead (
            name, type, active, probability, company_id, team_id, user_id,
            stage_id, medium_id, prospecting_type, prospect_state,
            qualification_need, qualification_budget, qualification_authority,
            qualification_access, qualification_fit, qualification_score,
            create_date, write_date, create_uid, write_uid, date_closed)
        SELECT 'Bench ' || g, 'opportunity',
               NOT (disqualified AND rank < 4),
               CASE WHEN rank = 4 THEN 100 WHEN disqualified THEN 0 ELSE 30 END,
               %(company)s,
               (%(teams)s)[1 + g %% %(team_count)s],
               (%(users)s)[1 + (g / 3) %% %(user_count)s],
               (%(stages)s)[rank],
               (%(media)s)[1 + g %% %(medium_count)s],
               CASE WHEN g %% 3 = 0 THEN 'outbound' ELSE 'inbound' END,
               CASE WHEN disqualified AND rank < 4 THEN 'disqualified'
                    ELSE (ARRAY['lead', 'prospect', 'qualified', 'customer'])[rank]
               END,
               'unknown', 'unknown', 'unknown', 'unknown', 'unknown', 0,
               created, created, 1, 1,
               CASE WHEN rank = 4 THEN created + rank * INTERVAL '9 days' END
          FROM numbers
        """,
        {
            "count": count,
            "company": company.id,
            "teams": teams.ids,
            "team_count": len(teams),
            "users": users.ids,
            "user_count": len(users),
            "stages": [
                stages[s] for s in ("lead", "prospect", "qualified", "customer")
            ],
            "media": media,
            "medium_count": len(media),
        },
    )
    # One history row per state up the ladder (k days apart, a bit more for
    # higher states), closed but the last, then the disqualification.
    env.cr.execute(
        """
        WITH leads AS (
            SELECT id, create_date, user_id, team_id, company_id, prospect_state,
                   CASE prospect_state WHEN 'lead' THEN 1 WHEN 'prospect' THEN 2
                        WHEN 'qualified' THEN 3 WHEN 'customer' THEN 4
                        ELSE 1 + id % 3 END AS rank
              FROM crm_lead WHERE name LIKE 'Bench %'
        ), steps AS (
            SELECT leads.*, step,
                   (ARRAY['lead', 'prospect', 'qualified', 'customer'])[step] AS state,
                   create_date + (step - 1) * (2 + id % 7) * INTERVAL '1 day'
                       AS date_start,
                   create_date + step * (2 + id % 7) * INTERVAL '1 day' AS date_next
              FROM leads CROSS JOIN LATERAL generate_series(1, rank) step
        )
        INSERT INTO prospect_state_history (
            lead_id, state_from, state_to, date, date_end, salesperson_id, team_id,
            company_id, user_id, create_uid, write_uid, create_date, write_date)
        SELECT id,
               (ARRAY['lead', 'prospect', 'qualified', 'customer'])[step - 1],
               state, date_start,
               CASE WHEN step < rank OR prospect_state = 'disqualified'
                    THEN date_next END,
               user_id, team_id, company_id, 1, 1, 1, date_start, date_start
          FROM steps
         UNION ALL
        SELECT id, (ARRAY['lead', 'prospect', 'qualified'])[rank], 'disqualified',
               create_date + rank * (2 + id % 7) * INTERVAL '1 day', NULL,
               user_id, team_id, company_id, 1, 1, 1, create_date, create_date
          FROM leads WHERE prospect_state = 'disqualified'
        """
    )
    env.cr.execute("SELECT COUNT(*) FROM prospect_state_history")
    [rows] = env.cr.fetchone()
    steps = _generate_followup(env, users)
    print(
        f"Generated {count} leads, {rows} history rows and {steps} follow-up "
        f"steps in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    env.invalidate_all()


def _generate_followup(env, users):
    """First responses of the leads (1 or 24 hours to answer; answered
    after 0 to 30 hours, one in 17 never) and two follow-up steps per lead,
    due one and three days after its creation: done on time (60 %), late
    (20 %), overdue (10 %) or cancelled (10 %), planned when not due yet."""
    env.cr.execute(
        """
        UPDATE crm_lead
           SET first_response_deadline = create_date
                   + CASE WHEN prospecting_type = 'outbound' THEN 24 ELSE 1 END
                     * INTERVAL '1 hour',
               first_response_date = CASE WHEN id % 17 <> 0
                   THEN create_date + (id % 61) * INTERVAL '30 minutes' END
         WHERE name LIKE 'Bench %'
        """
    )
    rule = env["prospect.followup.rule"].create(
        {
            "name": "Bench cadence",
            "active": False,
            "trigger": "lead_created",
            "user_id": users[0].id,
            "step_ids": [
                (0, 0, {"sequence": 1, "activity_type_id": env.ref(
                    "mail.mail_activity_data_call").id, "delay": 1}),
                (0, 0, {"sequence": 2, "activity_type_id": env.ref(
                    "mail.mail_activity_data_email").id, "delay": 2}),
            ],
        }
    )  # fmt: skip
    env.flush_all()
    env.cr.execute(
        """
        WITH steps AS (
            SELECT lead.*, step.id AS step_id, step.sequence AS position,
                   lead.create_date + (2 * step.sequence - 1) * INTERVAL '1 day'
                       AS deadline,
                   (lead.id + step.sequence) %% 10 AS kind
              FROM crm_lead lead
             CROSS JOIN prospect_followup_step step
             WHERE lead.name LIKE 'Bench %%' AND step.rule_id = %(rule)s
        )
        INSERT INTO prospect_followup_execution (
            lead_id, rule_id, step_id, step_sequence, trigger, summary, user_id,
            team_id, company_id, date_planned, date_deadline, date_done, state,
            stop_reason, is_late, date_stopped, create_uid, write_uid,
            create_date, write_date)
        SELECT id, %(rule)s, step_id, position, 'lead_created', 'Bench step',
               user_id, team_id, company_id, deadline - INTERVAL '1 day', deadline,
               CASE WHEN deadline > NOW() AT TIME ZONE 'UTC' THEN NULL
                    WHEN kind < 6 THEN deadline - INTERVAL '3 hours'
                    WHEN kind < 8 THEN deadline + INTERVAL '20 hours' END,
               CASE WHEN deadline > NOW() AT TIME ZONE 'UTC' THEN 'planned'
                    WHEN kind < 8 THEN 'done' WHEN kind = 8 THEN 'overdue'
                    ELSE 'cancelled' END,
               CASE WHEN kind = 9 AND deadline <= NOW() AT TIME ZONE 'UTC'
                    THEN 'won' END,
               kind IN (6, 7, 8) AND deadline <= NOW() AT TIME ZONE 'UTC',
               CASE WHEN kind = 9 THEN deadline END,
               1, 1, deadline, deadline
          FROM steps
        """,
        {"rule": rule.id},
    )
    return env.cr.rowcount


def _benchmark(env, runs):
    from odoo.tools import SQL

    team = env["crm.team"].search([("name", "=", "Equipo 3")], limit=1)
    salesperson = env["res.users"].search([("login", "=", "bench_salesman_4")])
    Dashboard = env["prospect.qualification.dashboard"]
    period_team = Dashboard._dashboard_domain(180, team.id)
    period = Dashboard._dashboard_domain(90, False)
    funnel_measures = [
        "reached_lead:sum",
        "reached_prospect:sum",
        "reached_qualified:sum",
        "reached_customer:sum",
        "prospect_rate:avg",
        "qualified_rate:avg",
        "customer_rate:avg",
    ]
    cases = [
        (
            "Dashboard funnel, 180 days + team",
            lambda e: e["prospect.qualification.dashboard"]._dashboard_funnel(
                period_team
            ),
        ),
        (
            "Dashboard time in state (avg + median), 180 days + team",
            lambda e: e["prospect.qualification.dashboard"]._dashboard_time_in_state(
                period_team
            ),
        ),
        (
            "Funnel pivot by medium x salesperson, 180 days + team",
            lambda e: e["prospect.funnel.report"].read_group(
                period_team, funnel_measures, ["medium_id", "user_id"], lazy=False
            ),
        ),
        (
            "Time in state pivot team x state, 90 days (all teams)",
            lambda e: e["prospect.state.duration.report"].read_group(
                period,
                ["duration_days:avg", "median_duration_days:median"],
                ["team_id", "state"],
                lazy=False,
            ),
        ),
        (
            "Dashboard speed to lead (avg + median), 180 days + team",
            lambda e: e["prospect.qualification.dashboard"]._dashboard_speed_to_lead(
                180, team.id
            ),
        ),
        (
            "Speed-to-lead pivot by salesperson x prospecting type, 90 days",
            lambda e: e["prospect.speed.report"].read_group(
                period,
                [
                    "first_response_hours:avg",
                    "median_first_response_hours:median",
                    "met:sum",
                    "breached:sum",
                    "met_rate:avg",
                ],
                ["user_id", "prospecting_type"],
                lazy=False,
            ),
        ),
        (
            "Dashboard follow-up compliance per salesperson, due in 180 days + team",
            lambda e: e[
                "prospect.qualification.dashboard"
            ]._dashboard_followup_compliance(180, team.id),
        ),
        (
            "Compliance pivot by salesperson x result, due in 90 days (all teams)",
            lambda e: e["prospect.followup.compliance.report"].read_group(
                Dashboard._dashboard_domain(90, False, "date_deadline"),
                ["__count", "on_time_rate:avg"],
                ["user_id", "result"],
                lazy=False,
            ),
        ),
        (
            "Whole dashboard as a salesperson (record rules), 180 days + team",
            lambda e: (
                e["prospect.qualification.dashboard"]
                .with_user(salesperson)
                .get_dashboard_data(180, team.id)
            ),
        ),
    ]
    env.cr.execute("SELECT COUNT(*) FROM crm_lead")
    print(f"\n{env.cr.fetchone()[0]} leads in crm_lead; {runs} runs per case.\n")
    summary = []
    for title, call in cases:
        captured = _capture(env, call)
        timings = []
        for _run in range(runs):
            env.invalidate_all()
            started = time.perf_counter()
            call(env)
            timings.append((time.perf_counter() - started) * 1000)
        print("=" * 78)
        print(f"{title}: median {statistics.median(timings):.1f} ms")
        seq_scans = []
        for query in captured:
            env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
            plan = "\n".join(row[0] for row in env.cr.fetchall())
            print("-" * 78)
            print(plan)
            seq_scans += [
                line.strip()
                for line in plan.splitlines()
                if "Seq Scan on crm_lead" in line
                or "Seq Scan on prospect_state_history" in line
                or "Seq Scan on prospect_followup_execution" in line
            ]
        summary.append((title, statistics.median(timings), seq_scans))
    print("=" * 78)
    print("Summary (median of the whole ORM call, ms):")
    for title, timing, seq_scans in summary:
        flag = "sequential scan: " + "; ".join(seq_scans) if seq_scans else "indexes"
        print(f"  {timing:8.1f}  {title}  [{flag}]")


def _capture(env, call):
    """The report queries that `call` sends (as SQL objects)."""
    from odoo.tools import SQL

    captured = []
    cursor = env.cr
    execute = cursor.execute

    def spy(query, params=None, log_exceptions=True):
        text = query.code if isinstance(query, SQL) else query
        if "_report" in text and text.lstrip().upper().startswith("SELECT"):
            captured.append(
                query if isinstance(query, SQL) else SQL(query, *(params or ()))
            )
        return execute(query, params, log_exceptions)

    cursor.execute = spy
    try:
        env.invalidate_all()
        call(env)
    finally:
        del cursor.execute
    return captured


if __name__ == "__main__":
    main()
