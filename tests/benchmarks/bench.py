# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of prospect_qualification against plain Odoo CRM (not a test).

Run it through `bash setup/bench.sh [--quick] [--leads N] [--json PATH]
[--keep]`, which prepares the environment and passes this checkout's Odoo
configuration (-c).

It creates two throwaway databases (pq_bench_<pid>_crm with crm only,
pq_bench_<pid>_addon with crm + prospect_qualification, both without demo
data), times the install of the addon on top of crm, fills both with the same
generated data (bench_data.py: bulk SQL), times an upgrade of the addon with
all the leads present, then measures each figure on the same data as the
median of several runs (min, max and SQL queries), every run in its own
transaction rolled back. It prints a table with the goal of each figure and
whether it is met, writes the figures as JSON with --json, and drops the
databases unless --keep. A missed goal does not change the exit status; an
error of the benchmark itself does.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_data

ADDON = "prospect_qualification"
BATCH = 1000  # leads per batch operation
ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"

# Leads of rank 1 (g % 20 < 9), opportunities, open: the pool of the batch
# operations, the same leads in both databases (see bench_data).
POOL_SQL = """
    SELECT id FROM crm_lead
     WHERE name ~ '^Bench [0-9]+$' AND type = 'opportunity' AND active
       AND split_part(name, ' ', 2)::int %% 20 < 9
     ORDER BY id LIMIT %s
"""


def run_followup_crons(env):
    """Each follow-up cron once, in the order ir.cron runs them when they are
    due together: the number of records they processed."""
    engine = env["prospect.followup.engine"]
    crons = env["ir.cron"].search(
        [("model_id.model", "=", "prospect.followup.engine")], order="priority, id"
    )
    # Their code is "model.<method>()".
    return sum(
        getattr(engine, cron.code.strip().removeprefix("model.").removesuffix("()"))()
        for cron in crons
    )


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------


class Probe:
    """Counts the queries of a block (as assertQueryCount does: the cursor's
    sql_log_count), by statement and table, and notes when the first UPDATE
    of crm_lead started (lock time: from then to the end of the block)."""

    def __init__(self, cr):
        self.cr = cr
        self.tables = Counter()
        self.first_lead_update = None
        self.queries = 0
        self.slowest = []  # [(seconds, query)], the 3 slowest

    def _hook(self, cr, query, params, start, delay):
        if cr is not self.cr:
            return
        text = query.decode() if isinstance(query, bytes) else str(query)
        kind, table = categorize(text)
        self.tables[f"{kind} {table}"] += 1
        if len(self.slowest) < 3 or delay > self.slowest[-1][0]:
            self.slowest = sorted(
                [*self.slowest, (delay, " ".join(text.split())[:160])], reverse=True
            )[:3]
        if self.first_lead_update is None and kind == "update" and table == "crm_lead":
            self.first_lead_update = start

    def __enter__(self):
        self.thread = threading.current_thread()
        self.hooks = getattr(self.thread, "query_hooks", ())
        self.thread.query_hooks = (*self.hooks, self._hook)
        self.count0 = self.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.queries = self.cr.sql_log_count - self.count0
        self.thread.query_hooks = self.hooks
        return False


QUERY_RE = re.compile(
    r'^\s*(?:(insert)\s+into|(update)|(delete)\s+from|(select)\b.*?\bfrom)\s+"?(\w+)',
    re.IGNORECASE | re.DOTALL,
)


def categorize(text):
    """(statement, table) of a query: ("update", "crm_lead")."""
    match = QUERY_RE.match(text)
    if not match:
        return text.split(None, 1)[0].lower() if text.strip() else "other", ""
    verb = next(group for group in match.groups()[:4] if group)
    return verb.lower(), match.group(5)


class Run:
    def __init__(self, seconds, queries, tables, lock, result):
        self.seconds, self.queries, self.tables = seconds, queries, tables
        self.lock, self.result = lock, result


def run_once(registry, uid, action, setup=None):
    """One run in its own transaction, rolled back: `setup(env)` (not timed)
    returns what `action(env, prepared)` works on; the time covers the action,
    the flush of the ORM and the precommit hooks (mail tracking), as a commit
    would run them."""
    cr = registry.cursor()
    try:
        env = api.Environment(cr, uid, {})
        prepared = setup(env) if setup else None
        env.flush_all()
        cr.flush()
        env.invalidate_all()
        with Probe(cr) as probe:
            started = time.perf_counter()
            result = action(env, prepared)
            env.flush_all()
            cr.flush()
            ended = time.perf_counter()
        # The rows of crm_lead stay locked from the first UPDATE to the commit.
        lock = None
        if probe.first_lead_update is not None:
            lock = odoo.sql_db.real_time() - probe.first_lead_update
        run = Run(ended - started, probe.queries, probe.tables, lock, result)
        run.slowest = probe.slowest
        return run
    finally:
        cr.rollback()
        cr.close()


class Figure:
    def __init__(self, key, unit, runs, goal=None, value=None, note=""):
        self.key, self.unit, self.goal, self.note = key, unit, goal, note
        seconds = [run.seconds for run in runs]
        self.value = statistics.median(seconds) if value is None else value
        self.min = min(seconds) if seconds else None
        self.max = max(seconds) if seconds else None
        self.queries = (
            int(statistics.median([r.queries for r in runs])) if runs else None
        )
        self.extra = {}
        self.flat = None  # write_criterion: queries flat in the batch size

    def met(self):
        if self.flat is not None:
            return self.flat
        if self.goal is None:
            return None
        op, limit = self.goal
        return self.value <= limit if op == "<=" else self.value >= limit

    def goal_text(self):
        if self.flat is not None:
            return "queries flat in N"
        return f"{self.goal[0]} {self.goal[1]}" if self.goal else ""

    def as_json(self):
        data = {
            "value": round(self.value, 4),
            "unit": self.unit,
            "queries": self.queries,
            "min": None if self.min is None else round(self.min, 4),
            "max": None if self.max is None else round(self.max, 4),
        }
        if self.goal or self.flat is not None:
            data["goal"] = self.goal_text()
            data["met"] = self.met()
        data.update(self.extra)
        return data


def ratio_figure(key, addon_runs, crm_runs, goal):
    """addon / crm of the medians; min and max of the paired runs' ratios."""
    addon = statistics.median(r.seconds for r in addon_runs)
    crm = statistics.median(r.seconds for r in crm_runs)
    figure = Figure(key, "x", [], goal=goal, value=addon / crm)
    pairs = [a.seconds / c.seconds for a, c in zip(addon_runs, crm_runs, strict=True)]
    figure.min, figure.max = min(pairs), max(pairs)
    figure.queries = int(statistics.median(r.queries for r in addon_runs))
    figure.extra = {
        "addon_s": round(addon, 4),
        "crm_s": round(crm, 4),
        "addon_queries": figure.queries,
        "crm_queries": int(statistics.median(r.queries for r in crm_runs)),
    }
    return figure


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------


def odoo_bin(db, *args, conf):
    cmd = [
        sys.executable,
        str(ODOO_BIN),
        "-c",
        conf,
        "-d",
        db,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        *args,
    ]
    started = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - started


def drop(db):
    odoo.sql_db.close_db(db)
    Registry.delete(db)
    if odoo.service.db.exp_db_exist(db):
        odoo.service.db.exp_drop(db)


def pool_ids(env, size):
    env.cr.execute(POOL_SQL, [size])
    ids = [row[0] for row in env.cr.fetchall()]
    if len(ids) < size:
        raise RuntimeError(f"only {len(ids)} leads in the pool, {size} needed")
    return ids


# ----------------------------------------------------------------------
# The figures
# ----------------------------------------------------------------------


def admin_uid(registry):
    with registry.cursor() as cr:
        return api.Environment(cr, SUPERUSER_ID, {}).ref("base.user_admin").id


def create_vals(env, addon):
    """1 000 new opportunities as a salesperson's form or an import sends
    them: name, contact, team, salesperson, revenue (and, with the addon,
    qualification answers)."""
    env.cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE 'Empresa %%' ORDER BY id LIMIT 500"
    )
    partners = [row[0] for row in env.cr.fetchall()]
    teams = env["crm.team"].search([("name", "like", "Equipo %")], order="id")
    # Inbound and outbound media (the same names in both databases).
    media = env["utm.medium"].search(
        [("name", "in", ["Web Form", "Newsletter", "Cold Call", "Cold E-mail"])]
    )
    answers = ["unknown", "no", "partial", "yes"]
    vals_list = []
    for index in range(BATCH):
        team = teams[index % len(teams)]
        vals = {
            "name": f"New opportunity {index}",
            "type": "opportunity",
            "partner_id": partners[index % len(partners)],
            "team_id": team.id,
            "user_id": team.member_ids[index % len(team.member_ids)].id,
            "expected_revenue": 1000 + index,
            "medium_id": media[index % len(media)].id,
        }
        if addon:
            vals.update(
                qualification_need=answers[index % 4],
                qualification_budget=answers[(index // 4) % 4],
                qualification_fit="yes",
            )
        vals_list.append(vals)
    return vals_list


class Bench:
    def __init__(self, args, crm_db, addon_db):
        self.args, self.crm_db, self.addon_db = args, crm_db, addon_db
        self.runs = args.runs
        self.figures = []
        self.notes = []

    def add(self, figure):
        self.figures.append(figure)
        log(
            f"{figure.key}: {fmt(figure.value, figure.unit)} ({figure.queries} queries)"
        )
        return figure

    def side_by_side(self, setup, action, label, runs=None):
        """Runs on both databases, alternated: ([addon runs], [crm runs])."""
        addon_runs, crm_runs = [], []
        for _run in range(runs or self.runs):
            crm_runs.append(
                run_once(self.crm, self.crm_uid, action(False), setup and setup(False))
            )
            addon_runs.append(
                run_once(
                    self.addon, self.addon_uid, action(True), setup and setup(True)
                )
            )
        addon = statistics.median(r.seconds for r in addon_runs)
        crm = statistics.median(r.seconds for r in crm_runs)
        log(f"{label}: addon {addon:.3f} s / crm {crm:.3f} s")
        return addon_runs, crm_runs

    def measure(self):
        self.crm = Registry(self.crm_db)
        self.addon = Registry(self.addon_db)
        self.crm_uid = admin_uid(self.crm)
        self.addon_uid = admin_uid(self.addon)
        # No commit anywhere (the cron commits its batches outside tests).
        threading.current_thread().testing = True
        try:
            self.measure_create()
            self.measure_writes()
            self.measure_criterion()
            self.measure_rescore()
            self.measure_cron()
            self.measure_reports()
        finally:
            threading.current_thread().testing = False

    # --- create -------------------------------------------------------

    def measure_create(self):
        def action(addon):
            def create(env, vals_list):
                # As crm's own lead assignment: no "assigned to you" e-mail
                # per lead (it would dominate both sides).
                leads = env["crm.lead"].with_context(mail_auto_subscribe_no_notify=True)
                return leads.create(vals_list)

            return create

        def setup(addon):
            return lambda env: create_vals(env, addon)

        addon_runs, crm_runs = self.side_by_side(setup, action, "create 1000")
        figure = self.add(
            ratio_figure("create_1000_ratio", addon_runs, crm_runs, ("<=", 1.3))
        )
        figure.extra["addon_tables"] = top_tables(addon_runs)
        figure.extra["crm_tables"] = top_tables(crm_runs)
        self.add(Figure("create_1000_addon_s", "s", addon_runs))
        self.add(Figure("create_1000_crm_s", "s", crm_runs))

    # --- writes -------------------------------------------------------

    def measure_writes(self):
        """Stage changes of 1 000 opportunities from New: into Qualified
        (through the block gates of Prospect and Qualified, which they meet)
        and into Proposition (also past its warn gate, which they miss: no
        expected revenue). Without mail tracking (the figure of the goal: the
        stage change itself), and with it (what a user's batch edit costs,
        crm's tracking messages included; fewer runs)."""
        variants = [
            ("gate", "crm.stage_lead2", True, self.runs),
            ("warn", "crm.stage_lead3", True, self.runs),
        ]
        if not self.args.quick:
            variants += [
                ("gate_tracked", "crm.stage_lead2", False, 1),
                ("warn_tracked", "crm.stage_lead3", False, 1),
            ]
        ratios = {}
        for kind, xmlid, untracked, runs in variants:

            def setup(addon, xmlid=xmlid):
                def prepare(env):
                    ids = pool_ids(env, BATCH)
                    if addon:
                        # They meet the block gates on the way (Prospect:
                        # fit and access; Qualified: need, budget,
                        # authority, score 70).
                        env.cr.execute(
                            """UPDATE crm_lead SET qualification_need = 'yes',
                                      qualification_budget = 'yes',
                                      qualification_authority = 'yes',
                                      qualification_access = 'yes',
                                      qualification_fit = 'yes',
                                      qualification_score = 100,
                                      qualification_level = 'hot'
                                WHERE id IN %s""",
                            [tuple(ids)],
                        )
                    # Proposition warns: no expected revenue.
                    env.cr.execute(
                        "UPDATE crm_lead SET expected_revenue = 0, "
                        "prorated_revenue = 0 WHERE id IN %s",
                        [tuple(ids)],
                    )
                    return env["crm.lead"].browse(ids), env.ref(xmlid)

                return prepare

            def action(addon, untracked=untracked):
                def write(env, prepared):
                    leads, stage = prepared
                    leads.with_context(tracking_disable=untracked).write(
                        {"stage_id": stage.id}
                    )

                return write

            addon_runs, crm_runs = self.side_by_side(
                setup, action, f"stage {kind}", runs=runs
            )
            figure = self.add(
                ratio_figure(
                    f"write_stage_{kind}_1000_ratio", addon_runs, crm_runs, None
                )
            )
            figure.extra["addon_tables"] = top_tables(addon_runs)
            figure.extra["crm_tables"] = top_tables(crm_runs)
            ratios[kind] = figure
        worst = max(ratios["gate"], ratios["warn"], key=lambda figure: figure.value)
        main = Figure(
            "write_stage_1000_ratio", "x", [], goal=("<=", 2), value=worst.value
        )
        main.min, main.max, main.queries = worst.min, worst.max, worst.queries
        main.extra = {
            "worst": worst.key,
            **{f"{kind}_ratio": round(f.value, 3) for kind, f in ratios.items()},
        }
        main.note = f"worst of gate / warn, without tracking ({worst.key})"
        self.add(main)

        def setup(addon):
            return lambda env: env["crm.lead"].browse(pool_ids(env, BATCH))

        def action(addon):
            def write(env, leads):
                leads.write({"priority": "3"})

            return write

        addon_runs, crm_runs = self.side_by_side(setup, action, "priority")
        self.add(
            ratio_figure("write_priority_1000_ratio", addon_runs, crm_runs, ("<=", 1.2))
        )

    # --- addon only -----------------------------------------------------

    def addon_runs(self, setup, action, uid=None, runs=None):
        return [
            run_once(self.addon, uid or self.addon_uid, action, setup)
            for _run in range(runs or self.runs)
        ]

    def measure_criterion(self):
        """qualification_need = yes on 100 and 1 000 leads: without mail
        tracking (the addon's own work, which must stay flat in the number of
        leads), and with it (crm's tracking messages: one per lead)."""
        results = {}
        cases = [(100, False), (BATCH, False)]
        if not self.args.quick:
            cases.append((BATCH, True))
        for size, tracked in cases:

            def setup(env, size=size):
                env.cr.execute(
                    POOL_SQL.replace(
                        "ORDER BY", "AND qualification_need <> 'yes' ORDER BY"
                    ),
                    [size],
                )
                return env["crm.lead"].browse(row[0] for row in env.cr.fetchall())

            def action(env, leads, tracked=tracked):
                leads.with_context(tracking_disable=not tracked).write(
                    {"qualification_need": "yes"}
                )

            runs = 1 if tracked else self.runs
            results[size, tracked] = self.addon_runs(setup, action, runs=runs)
        small = Figure("write_criterion_100_s", "s", results[100, False])
        figure = Figure("write_criterion_1000_s", "s", results[BATCH, False])
        tracked = results.get((BATCH, True))
        tracked = tracked and Figure("write_criterion_tracked_1000_s", "s", tracked)
        # Flat: 10 times the leads add nothing but the ORM's own 100-row
        # chunks of the INSERT / UPDATE statements (9 more per table written).
        written = [
            key
            for key in top_tables(results[100, False], limit=None)
            if key.startswith(("insert ", "update "))
        ]
        figure.flat = figure.queries <= small.queries + 9 * len(written)
        figure.extra.update(
            queries_100=small.queries,
            tables=top_tables(results[BATCH, False]),
            tables_100=top_tables(results[100, False]),
        )
        figure.note = (
            f"without tracking: {small.queries} queries at 100 leads, "
            f"{figure.queries} at 1000"
            + (f"; with tracking {tracked.queries} at 1000" if tracked else "")
        )
        self.add(figure)
        self.add(small)
        if tracked:
            self.add(tracked)

    def measure_rescore(self):
        def weight(env, _prepared):
            criterion = env.ref(f"{ADDON}.criterion_need")
            criterion.write({"weight": criterion.weight + 1})

        def threshold(env, _prepared):
            company = env.company
            # 40 -> 55: the leads scoring 40 or 50 turn cold.
            company.write(
                {"prospect_warm_threshold": company.prospect_warm_threshold + 15}
            )

        # Each run rewrites every lead: at most 3 runs (the whole benchmark
        # stays within 15 minutes at 100 000 leads).
        heavy = min(self.runs, 3)
        runs = self.addon_runs(None, weight, runs=heavy)
        figure = self.add(Figure("rescore_all_s", "s", runs, goal=("<=", 5)))
        figure.extra["lock_s"] = round(statistics.median(r.lock or 0 for r in runs), 3)
        runs = self.addon_runs(None, threshold, runs=heavy)
        figure = self.add(Figure("threshold_all_s", "s", runs))
        figure.extra["lock_s"] = round(statistics.median(r.lock or 0 for r in runs), 3)
        locks = [r.lock or 0 for r in runs]
        lock = Figure("threshold_lock_s", "s", [], value=statistics.median(locks))
        lock.min = min(r.lock or 0 for r in runs)
        lock.max = max(r.lock or 0 for r in runs)
        lock.note = "crm_lead rows locked: first UPDATE to commit"
        self.add(lock)

    # --- cron -------------------------------------------------------------

    def measure_cron(self):
        def cron(env, _prepared):
            return run_followup_crons(env)

        runs = self.addon_runs(None, cron, uid=SUPERUSER_ID)
        done = max(run.result for run in runs)
        figure = self.add(Figure("cron_idle_s", "s", runs, goal=("<=", 0.05)))
        figure.extra["records_processed"] = done
        if done:
            figure.note = f"{done} records were due: not an idle run"

        def make_due(env):
            # The idle cadences of `due` open leads were cancelled (their
            # contact replied long ago): they are idle again.
            env.cr.execute(
                """
                WITH picked AS (
                    SELECT e.id, e.activity_id, e.lead_id
                      FROM prospect_followup_execution e
                     WHERE e.trigger = 'idle' AND e.state IN ('planned', 'overdue')
                     ORDER BY e.lead_id LIMIT %s
                ), deleted AS (
                    DELETE FROM mail_activity a USING picked
                     WHERE a.id = picked.activity_id
                ), due AS (
                    -- The date the engine set when it last looked at them
                    -- (reply + idle days), now passed.
                    UPDATE crm_lead l
                       SET followup_due_date = NOW() AT TIME ZONE 'UTC'
                                               - INTERVAL '1 hour'
                      FROM picked WHERE l.id = picked.lead_id
                )
                UPDATE prospect_followup_execution e
                   SET state = 'cancelled', stop_reason = 'replied',
                       activity_id = NULL, is_late = FALSE,
                       date_stopped = NOW() AT TIME ZONE 'UTC' - INTERVAL '30 days'
                  FROM picked WHERE e.id = picked.id
                """,
                [self.args.due],
            )
            return env.cr.rowcount

        def due_cron(env, due):
            count = env["prospect.followup.execution"].search_count([])
            run_followup_crons(env)
            env.flush_all()
            return due, env["prospect.followup.execution"].search_count([]) - count

        runs = self.addon_runs(
            make_due, due_cron, uid=SUPERUSER_ID, runs=min(self.runs, 3)
        )
        rates = [run.result[1] / run.seconds for run in runs]
        figure = Figure("cron_due_per_s", "activities/s", runs, goal=(">=", 500))
        figure.value = statistics.median(rates)
        figure.min, figure.max = min(rates), max(rates)
        figure.extra["due"] = runs[0].result[0]
        figure.extra["scheduled"] = runs[0].result[1]
        figure.extra["seconds"] = round(statistics.median(r.seconds for r in runs), 3)
        figure.note = (
            f"{runs[0].result[1]} activities for {runs[0].result[0]} due leads "
            f"in {figure.extra['seconds']} s"
        )
        self.add(figure)

    # --- reports ---------------------------------------------------------

    def measure_reports(self):
        with self.addon.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            team_id = env["crm.team"].search([("name", "=", "Equipo 1")]).id

        def reports(period, team):
            def action(env, _prepared):
                Dashboard = env["prospect.qualification.dashboard"]
                Dashboard.get_dashboard_data(period, team)
                domain = Dashboard._dashboard_domain(period, team)
                env["prospect.funnel.report"].read_group(
                    domain,
                    ["reached_prospect:sum", "customer_rate:avg"],
                    ["user_id", "medium_id"],
                    lazy=False,
                )
                env["prospect.state.duration.report"].read_group(
                    domain,
                    ["duration_days:avg", "median_duration_days:median"],
                    ["team_id", "state"],
                    lazy=False,
                )
                env["prospect.speed.report"].read_group(
                    domain,
                    ["first_response_hours:avg", "met_rate:avg"],
                    ["user_id", "prospecting_type"],
                    lazy=False,
                )
                env["prospect.followup.compliance.report"].read_group(
                    Dashboard._dashboard_domain(period, team, "date_deadline"),
                    ["__count", "on_time_rate:avg"],
                    ["user_id", "result"],
                    lazy=False,
                )

            return action

        for key, period, team, goal, what in (
            ("report_team_quarter_s", 90, team_id, 0.3, "90 days, one team"),
            ("report_all_s", 0, False, 1, "all time, all teams"),
        ):
            runs = self.addon_runs(None, reports(period, team))
            figure = Figure(key, "s", runs, goal=("<=", goal))
            figure.note = f"dashboard + 4 report pivots, {what}"
            figure.extra["slowest_queries"] = [
                [round(seconds, 3), text] for seconds, text in runs[-1].slowest
            ]
            self.add(figure)


def top_tables(runs, limit=12):
    """Median queries of a run by statement and table, most first."""
    keys = set().union(*(run.tables for run in runs))
    counts = {
        key: statistics.median(run.tables.get(key, 0) for run in runs) for key in keys
    }
    return dict(sorted(counts.items(), key=lambda item: -item[1])[:limit])


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    return f"{value:,.0f} {unit}"


def print_table(figures, machine):
    rows = [("figure", "value", "min-max", "queries", "goal", "")]
    for figure in figures:
        span = (
            ""
            if figure.min is None
            else f"{fmt(figure.min, figure.unit)} - {fmt(figure.max, figure.unit)}"
        )
        goal = figure.goal_text()
        status = {True: "pass", False: "MISS", None: ""}[figure.met()]
        rows.append(
            (
                figure.key,
                fmt(figure.value, figure.unit),
                span,
                "" if figure.queries is None else str(figure.queries),
                goal,
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    print(
        f"Benchmark: {machine['leads']:,} leads, {machine['runs']} runs per figure "
        f"(median), {machine['cores']} cores, {machine['ram_gb']} GB RAM, "
        f"PostgreSQL {machine['postgresql']}, {machine['date']}"
    )
    for index, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))
    notes = [f"{f.key}: {f.note}" for f in figures if f.note]
    for figure in figures:
        if "addon_tables" in figure.extra:
            notes.append(
                f"{figure.key} queries by table, addon: "
                + ", ".join(
                    f"{k} {v:g}" for k, v in figure.extra["addon_tables"].items()
                )
            )
            notes.append(
                f"{figure.key} queries by table, crm: "
                + ", ".join(f"{k} {v:g}" for k, v in figure.extra["crm_tables"].items())
            )
    if notes:
        print()
        for note in notes:
            print(f"  {note}")


def machine_info(args, registry):
    with registry.cursor() as cr:
        cr.execute("SHOW server_version")
        pg = cr.fetchone()[0].split()[0]
    ram = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    root = Path(__file__).resolve().parents[2]
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "ram_gb": ram,
        "cpu": platform.processor() or platform.machine(),
        "postgresql": pg,
        "odoo": odoo.release.version,
        "commit": commit,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "leads": args.leads,
        "runs": args.runs,
        "quick": args.quick,
    }


def prepare(args, crm_db, addon_db):
    """Both databases with their data; [install figure, upgrade figure]."""
    log(f"{crm_db}: installing crm (no demo data)")
    odoo_bin(crm_db, "-i", "crm", "--without-demo=all", conf=args.config)
    odoo.service.db.exp_duplicate_database(crm_db, addon_db)
    Registry.delete(addon_db)
    odoo.sql_db.close_db(addon_db)
    log(f"{addon_db}: installing {ADDON} on top of crm")
    install = odoo_bin(addon_db, "-i", ADDON, "--without-demo=all", conf=args.config)
    install_fig = Figure("install_s", "s", [], value=install)
    for db, addon in ((crm_db, False), (addon_db, True)):
        log(f"{db}: generating {args.leads:,} leads")
        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stats = bench_data.generate(env, args.leads, addon)
        log(f"{db}: {stats}")
        # The generated stored values are what the ORM computes.
        cr = registry.cursor()
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            differences = bench_data.check_consistency(env, addon)
        finally:
            cr.rollback()
            cr.close()
        if differences:
            raise RuntimeError(f"{db}: generated values differ: {differences}")
        Registry.delete(db)
        odoo.sql_db.close_db(db)
    log(f"{addon_db}: upgrading {ADDON} with {args.leads:,} leads")
    upgrade = odoo_bin(addon_db, "-u", ADDON, conf=args.config)
    upgrade_fig = Figure(
        "upgrade_100k_s" if args.leads >= 100_000 else "upgrade_s",
        "s",
        [],
        value=upgrade,
        goal=("<=", 120),
    )
    upgrade_fig.note = f"odoo-bin -u with {args.leads:,} leads"
    for figure in (install_fig, upgrade_fig):
        figure.min = figure.max = figure.value
    return [install_fig, upgrade_fig]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration")
    parser.add_argument("--quick", action="store_true", help="10 000 leads, 3 runs")
    parser.add_argument("--leads", type=int, help="leads (default 100 000)")
    parser.add_argument("--runs", type=int, help="runs per figure (5; quick 3)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--reuse",
        metavar="PREFIX",
        help="development: measure again on PREFIX_crm / PREFIX_addon, kept by "
        "an earlier run with --keep (no install, generation nor upgrade)",
    )
    args = parser.parse_args()
    args.leads = args.leads or (10_000 if args.quick else 100_000)
    args.runs = args.runs or (3 if args.quick else 5)
    args.due = min(10_000, args.leads // 2)
    config.parse_config(["-c", args.config, "--log-level=warn"])
    odoo.service.server.load_server_wide_modules()
    tag = args.reuse or f"pq_bench_{os.getpid()}"
    if not tag.startswith("pq_bench_"):
        parser.error("--reuse: the databases of the benchmark start with pq_bench_")
    crm_db, addon_db = f"{tag}_crm", f"{tag}_addon"
    started = time.perf_counter()
    figures = []
    try:
        setup_figures = [] if args.reuse else prepare(args, crm_db, addon_db)
        bench = Bench(args, crm_db, addon_db)
        bench.measure()
        figures = [*bench.figures, *setup_figures]
        machine = machine_info(args, bench.addon)
        machine["seconds"] = round(time.perf_counter() - started)
        print_table(figures, machine)
        print(f"\n  whole run: {machine['seconds']} s")
        if args.json:
            data = {figure.key: figure.as_json() for figure in figures}
            data["_machine"] = machine
            Path(args.json).write_text(json.dumps(data, indent=2) + "\n")
            log(f"figures written to {args.json}")
    finally:
        if args.keep or args.reuse:
            log(f"kept {crm_db} and {addon_db} (--keep)")
        else:
            for db in (crm_db, addon_db):
                try:
                    drop(db)
                except Exception as error:  # noqa: BLE001 - report, go on
                    log(f"could not drop {db}: {error}")
            log(f"dropped {crm_db} and {addon_db}")


if __name__ == "__main__":
    main()
