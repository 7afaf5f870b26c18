# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Data of the benchmark (tests/benchmarks/bench.py), written with bulk SQL.

`generate(env, count, addon)` fills a database that has crm (and, with
`addon`, prospect_qualification) installed without demo data: 20 salespeople
in 5 sales teams, count / 4 customer companies, `count` leads and
opportunities created over two years, spread over the stages, the media
(inbound and outbound) and the teams, one creation note per lead and the
first answer of the salesperson in the chatter. With the addon: the
qualification answers and the stored score / level / lifecycle state
computed the addon's way, the lifecycle history, the speed-to-lead fields,
and follow-up steps in every state (with their open activities) as the
default rules would have left them: the first-contact cadences, an
escalation for every missed first response, and a running idle cadence on
every open lead older than 13 days. In that state the follow-up cron has
nothing to do (its idle cost is measured on it).

Both databases get the same rows: lead n is named "Bench n", and every
value is a function of n, so that the same SQL selects the same leads in
both.
"""

import time

from odoo.tools import SQL

SALESPEOPLE, TEAMS = 20, 5
# Rank of a lead on the ladder: 1 lead, 2 prospect, 3 qualified, 4 customer
# (g % 20 spreads them: 45 % / 25 % / 15 % / 15 %); one in five of ranks 1-3
# is lost (disqualified); a third of rank 1 are leads (not opportunities).
BASE_SQL = """
CREATE TEMP TABLE bench_base ON COMMIT DROP AS
WITH numbers AS (
    SELECT g,
           CASE WHEN g %% 20 < 9 THEN 1 WHEN g %% 20 < 14 THEN 2
                WHEN g %% 20 < 17 THEN 3 ELSE 4 END AS rank,
           (g / 20) %% 5 = 0 AS dq,
           (g * 7) %% 730 AS age_days
      FROM generate_series(1, %(count)s) g
)
SELECT g, rank,
       NOT (dq AND rank < 4) AS active,
       dq AND rank < 4 AS lost,
       CASE WHEN rank = 1 AND g %% 3 = 0 THEN 'lead' ELSE 'opportunity' END
           AS type,
       -- at least 26 hours old: every first-response deadline has passed
       (NOW() AT TIME ZONE 'UTC') - INTERVAL '26 hours'
           - age_days * INTERVAL '1 day' - (g %% 24) * INTERVAL '1 hour'
           AS created,
       age_days,
       -- days between two states, shorter for young leads
       (2 + g %% 7) * LEAST(1.0, age_days / 40.0) * INTERVAL '1 day' AS step,
       g %% %(teams)s AS team_index,
       (g %% %(teams)s) * %(per_team)s + (g / %(teams)s) %% %(per_team)s
           AS user_index,
       CASE WHEN g %% 10 < 7 THEN (g * 13) %% %(partners)s END AS partner_index,
       CASE WHEN g %% 5 <> 0 THEN (g * 11) %% %(media)s END AS medium_index,
       -- the salesperson's first answer (never for one lead in 17)
       CASE WHEN g %% 17 <> 0 THEN (g %% 61) * INTERVAL '30 minutes' END
           AS answer_after
  FROM numbers
"""


def generate(env, count, addon):
    """Fill the database (see the module's docstring); returns {what: rows}."""
    started = time.perf_counter()
    cr = env.cr
    stats = {}
    users, teams = _people(env)
    media = _media(env)
    partner_ids = _partners(env, max(100, count // 4))
    env.flush_all()
    cr.execute(
        BASE_SQL,
        {
            "count": count,
            "teams": TEAMS,
            "per_team": SALESPEOPLE // TEAMS,
            "partners": len(partner_ids),
            "media": len(media),
        },
    )
    cr.execute(
        "CREATE TEMP TABLE bench_ref (kind text, idx int, ref int) ON COMMIT DROP"
    )
    for kind, ids in (
        ("user", users.ids),
        ("team", teams.ids),
        ("partner", partner_ids),
        ("medium", media.ids),
    ):
        cr.execute(
            "INSERT INTO bench_ref SELECT %s, i - 1, ids[i] "
            "FROM (SELECT %s::int[] AS ids) a, generate_subscripts(ids, 1) i",
            [kind, ids],
        )
    # Temporary tables have no statistics until analyzed: without them the
    # planner joins 100 000 leads to them in nested loops.
    cr.execute(
        "CREATE UNIQUE INDEX ON bench_ref (kind, idx); ANALYZE bench_ref; "
        "ANALYZE bench_base"
    )
    stats["leads"] = _leads(env, addon)
    stats["messages"] = _messages(env)
    if addon:
        stats["history rows"] = _history(env)
        stats["follow-up steps"] = _followup(env)
        _customer_classes(env)
        _due_dates(env)
    for table in ("crm_lead", "res_partner", "mail_message", "mail_activity"):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    if addon:
        for table in ("prospect_state_history", "prospect_followup_execution"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    env.registry.clear_cache()
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def _people(env):
    salesman = env.ref("sales_team.group_sale_salesman")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Comercial {index + 1}",
                    "login": f"bench_salesman_{index + 1}",
                    "email": f"comercial{index + 1}@example.com",
                    "groups_id": [(6, 0, salesman.ids)],
                }
                for index in range(SALESPEOPLE)
            ]
        )
    )
    per_team = SALESPEOPLE // TEAMS
    teams = env["crm.team"].create(
        [
            {
                "name": f"Equipo {index + 1}",
                "user_id": users[index * per_team].id,
                "member_ids": [(6, 0, users[index * per_team:][:per_team].ids)],
            }
            for index in range(TEAMS)
        ]
    )  # fmt: skip
    return users, teams


def _media(env):
    """The media of both databases: crm's and the ones the addon adds (created
    in the database without the addon too, so that both have the same)."""
    Medium = env["utm.medium"]
    names = [
        "Web Form",
        "Landing Page",
        "Newsletter",
        "E-book",
        "Webinar",
        "Social Network",
        "Word of Mouth",
        "Cold Call",
        "Cold E-mail",
        "Cold SMS / WhatsApp",
    ]
    existing = set(Medium.search([]).mapped("name"))
    Medium.create([{"name": name} for name in names if name not in existing])
    return Medium.search([], order="name")


def _partners(env, count):
    company = env.ref("base.main_company")
    env.cr.execute(
        """
        INSERT INTO res_partner (
            name, complete_name, type, active, is_company, partner_share, lang,
            email, email_normalized, phone, city, company_id, create_uid, write_uid,
            create_date, write_date)
        SELECT 'Empresa ' || i || ' S.L.', 'Empresa ' || i || ' S.L.', 'contact',
               TRUE, TRUE, TRUE, 'en_US', 'info@empresa' || i || '.example',
               'info@empresa' || i || '.example', '+34 91 ' || lpad(i::text, 6, '0'),
               'Madrid', NULL, 1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
          FROM generate_series(1, %s) i
        RETURNING id
        """,
        [count],
    )
    ids = sorted(row[0] for row in env.cr.fetchall())
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    del company
    return ids


def _stage(env, xmlid):
    return env.ref(xmlid, raise_if_not_found=False)


def _leads(env, addon):
    new, qualified = _stage(env, "crm.stage_lead1"), _stage(env, "crm.stage_lead2")
    proposition, won = _stage(env, "crm.stage_lead3"), _stage(env, "crm.stage_lead4")
    prospect = _stage(env, "prospect_qualification.crm_stage_prospect") or new
    lost_reasons = env["crm.lost.reason"].search([], order="id").ids
    params = {
        "new": new.id,
        "prospect": prospect.id,
        "qualified": qualified.id,
        "proposition": proposition.id,
        "won": won.id,
        "company": env.ref("base.main_company").id,
        "reasons": lost_reasons,
        "reason_count": len(lost_reasons),
    }
    columns = [
        "name",
        "type",
        "active",
        "probability",
        "automated_probability",
        "company_id",
        "team_id",
        "user_id",
        "stage_id",
        "partner_id",
        "partner_name",
        "medium_id",
        "priority",
        "email_from",
        "email_normalized",
        "phone",
        "phone_sanitized",
        "expected_revenue",
        "prorated_revenue",
        "lost_reason_id",
        "date_open",
        "date_last_stage_update",
        "date_closed",
        "day_open",
        "day_close",
        "color",
        "create_date",
        "write_date",
        "create_uid",
        "write_uid",
    ]
    values = [
        "'Bench ' || b.g",
        "b.type",
        "b.active",
        "b.probability",
        "b.probability",
        "%(company)s",
        "team.ref",
        "salesperson_user.ref",
        "b.stage_id",
        "partner.ref",
        (
            "CASE WHEN partner.ref IS NOT NULL "
            "THEN 'Empresa ' || (b.partner_index + 1) || ' S.L.' END"
        ),
        "medium_ref.ref",
        "(b.g %% 4)::text",
        "'contacto' || b.g || '@cliente' || (b.g %% 997) || '.example'",
        "'contacto' || b.g || '@cliente' || (b.g %% 997) || '.example'",
        "'+34 6' || lpad(b.g::text, 8, '0')",
        "'+346' || lpad(b.g::text, 8, '0')",
        "b.revenue",
        "round(b.revenue * b.probability / 100.0, 2)",
        "CASE WHEN b.lost THEN (%(reasons)s::int[])[1 + b.g %% %(reason_count)s] END",
        "CASE WHEN b.type = 'opportunity' THEN b.created END",
        "LEAST(b.created + (b.rank - 1) * b.step, NOW() AT TIME ZONE 'UTC')",
        "b.date_closed",
        "CASE WHEN b.type = 'opportunity' THEN 0 END",
        (
            "CASE WHEN b.date_closed IS NOT NULL "
            "THEN floor(extract(epoch FROM b.date_closed - b.created) / 86400) END"
        ),
        "0",
        "b.created",
        "b.created",
        "salesperson_user.ref",
        "salesperson_user.ref",
    ]
    extra_with = ""
    if addon:
        weights = env["prospect.qualification.criterion"]._get_weights_by_company(
            env.company
        )[env.company.id]
        total = sum(weights.values()) or 1
        score = " + ".join(
            f"{float(weight)} * (CASE b.q_{code} WHEN 'yes' THEN 1.0 "
            "WHEN 'partial' THEN 0.5 ELSE 0 END)"
            for code, weight in weights.items()
        )
        score_sql = f"round(100.0 * ({score or '0'}) / {float(total)})::int"
        company = env.company
        columns += [
            "qualification_need",
            "qualification_budget",
            "qualification_authority",
            "qualification_access",
            "qualification_fit",
            "qualification_score",
            "qualification_level",
            "prospect_state",
            "prospecting_type",
            "first_response_deadline",
            "first_response_date",
            "first_response_hours",
            "first_response_sla_state",
            "first_response_missed",
        ]
        values += [
            "b.q_need",
            "b.q_budget",
            "b.q_authority",
            "b.q_access",
            "b.q_fit",
            score_sql,
            (
                f"CASE WHEN {score_sql} >= {company.prospect_hot_threshold} THEN 'hot' "
                f"WHEN {score_sql} >= {company.prospect_warm_threshold} THEN 'warm' "
                "ELSE 'cold' END"
            ),
            (
                "CASE WHEN b.lost THEN 'disqualified' WHEN b.rank = 4 THEN 'customer' "
                "WHEN b.type = 'lead' THEN 'lead' ELSE stage.prospect_state END"
            ),
            "medium.prospecting_type",
            (
                "b.created + CASE WHEN medium.prospecting_type = 'outbound' THEN 24 "
                "ELSE 1 END * INTERVAL '1 hour'"
            ),
            "b.created + b.answer_after",
            "COALESCE(extract(epoch FROM b.answer_after) / 3600.0, 0)",
            (
                "CASE WHEN b.answer_after IS NULL THEN 'breached' "
                "WHEN b.answer_after <= CASE WHEN medium.prospecting_type = 'outbound' "
                "THEN 24 ELSE 1 END * INTERVAL '1 hour' THEN 'met' ELSE 'breached' END"
            ),
            "b.answer_after IS NULL",
        ]
        extra_with = "JOIN crm_stage stage ON stage.id = b.stage_id"
    answers = "(ARRAY['unknown', 'no', 'partial', 'yes'])"
    env.cr.execute(
        f"""
        WITH b AS (
            SELECT base.*,
                   CASE WHEN rank = 4 THEN %(won)s
                        WHEN rank = 3 AND g %% 2 = 0 THEN %(qualified)s
                        WHEN rank = 3 THEN %(proposition)s
                        WHEN rank = 2 AND type = 'opportunity' THEN %(prospect)s
                        ELSE %(new)s END AS stage_id,
                   CASE WHEN lost THEN 0 WHEN rank = 4 THEN 100
                        WHEN rank = 3 AND g %% 2 = 0 THEN 40
                        WHEN rank = 3 THEN 60 WHEN rank = 2 THEN 20
                        ELSE 10 END AS probability,
                   CASE WHEN rank = 4 OR (rank = 3 AND g %% 2 = 1)
                        THEN 1000 + (g %% 50) * 500 ELSE 0 END AS revenue,
                   LEAST(CASE WHEN rank = 4 THEN created + 3 * step
                              WHEN lost THEN created + rank * step END,
                         NOW() AT TIME ZONE 'UTC') AS date_closed,
                   CASE WHEN rank >= 3 THEN 'yes'
                        ELSE {answers}[1 + (g / 7) %% 4] END AS q_need,
                   CASE WHEN rank >= 3 THEN 'yes'
                        ELSE {answers}[1 + (g / 11) %% 4] END AS q_budget,
                   CASE WHEN rank >= 3 THEN 'yes'
                        ELSE {answers}[1 + (g / 13) %% 4] END AS q_authority,
                   CASE WHEN rank >= 2 THEN 'yes'
                        ELSE {answers}[1 + (g / 17) %% 4] END AS q_access,
                   CASE WHEN rank >= 2 THEN 'yes'
                        ELSE {answers}[1 + (g / 19) %% 4] END AS q_fit
              FROM bench_base base
        )
        INSERT INTO crm_lead ({", ".join(columns)})
        SELECT {", ".join(values)}
          FROM b
          JOIN bench_ref team ON team.kind = 'team' AND team.idx = b.team_index
          JOIN bench_ref salesperson_user
            ON salesperson_user.kind = 'user' AND salesperson_user.idx = b.user_index
          LEFT JOIN bench_ref partner
            ON partner.kind = 'partner' AND partner.idx = b.partner_index
          LEFT JOIN bench_ref medium_ref
            ON medium_ref.kind = 'medium' AND medium_ref.idx = b.medium_index
          LEFT JOIN utm_medium medium ON medium.id = medium_ref.ref
          {extra_with}
         ORDER BY b.g
        """,
        params,
    )
    count = env.cr.rowcount
    # bench_base gets the id of each lead, for the tables that follow.
    env.cr.execute(
        """
        ALTER TABLE bench_base ADD COLUMN lead_id int;
        UPDATE bench_base b SET lead_id = lead.id
          FROM crm_lead lead WHERE lead.name = 'Bench ' || b.g;
        CREATE INDEX ON bench_base (lead_id);
        ANALYZE bench_base;
        """
    )
    return count


def _messages(env):
    """The creation note of every lead, and the first answer of the
    salesperson (a message to the contact) when it came."""
    note = env.ref("mail.mt_note").id
    comment = env.ref("mail.mt_comment").id
    root = env.ref("base.partner_root").id
    env.cr.execute(
        """
        INSERT INTO mail_message (
            model, res_id, record_name, message_type, subtype_id, author_id,
            body, date, is_internal, create_uid, write_uid, create_date, write_date)
        SELECT 'crm.lead', b.lead_id, 'Bench ' || b.g, 'notification', %(note)s,
               %(root)s, '<p>Lead/Opportunity created</p>', b.created, TRUE,
               1, 1, b.created, b.created
          FROM bench_base b
        UNION ALL
        SELECT 'crm.lead', b.lead_id, 'Bench ' || b.g, 'comment', %(comment)s,
               users.partner_id, '<p>Hola, gracias por su interés.</p>',
               b.created + b.answer_after, FALSE, users.id, users.id,
               b.created + b.answer_after, b.created + b.answer_after
          FROM bench_base b
          JOIN bench_ref ref ON ref.kind = 'user' AND ref.idx = b.user_index
          JOIN res_users users ON users.id = ref.ref
         WHERE b.answer_after IS NOT NULL
        """,
        {"note": note, "comment": comment, "root": root},
    )
    return env.cr.rowcount


def _history(env):
    """One lifecycle row per state up the ladder (the open one last), then
    the disqualification of the lost leads."""
    env.cr.execute(
        """
        WITH leads AS (
            SELECT b.*, lead.user_id, lead.team_id, lead.company_id,
                   lead.prospect_state,
                   CASE WHEN lead.type = 'lead' THEN 1 ELSE b.rank END AS top
              FROM bench_base b JOIN crm_lead lead ON lead.id = b.lead_id
        ), steps AS (
            SELECT leads.*, k,
                   created + (k - 1) * step AS date_start,
                   created + k * step AS date_next
              FROM leads CROSS JOIN LATERAL generate_series(1, top) k
        )
        INSERT INTO prospect_state_history (
            lead_id, state_from, state_to, date, date_end, salesperson_id, team_id,
            company_id, user_id, create_uid, write_uid, create_date, write_date)
        SELECT lead_id, (ARRAY['lead', 'prospect', 'qualified', 'customer'])[k - 1],
               (ARRAY['lead', 'prospect', 'qualified', 'customer'])[k], date_start,
               CASE WHEN k < top OR lost THEN date_next END,
               user_id, team_id, company_id, user_id, 1, 1, date_start, date_start
          FROM steps
         UNION ALL
        SELECT lead_id, (ARRAY['lead', 'prospect', 'qualified'])[top], 'disqualified',
               created + top * step, NULL, user_id, team_id, company_id, user_id,
               1, 1, created + top * step, created + top * step
          FROM leads WHERE lost
        """
    )
    return env.cr.rowcount


def _followup(env):
    """Follow-up steps as the default rules would have left them, with the
    activities of the open ones; nothing is due afterwards."""
    cr = env.cr
    ref = env.ref
    rules = {
        "inbound": ref("prospect_qualification.prospect_followup_rule_new_inbound"),
        "outbound": ref("prospect_qualification.prospect_followup_rule_prospecting"),
        "idle": ref("prospect_qualification.prospect_followup_rule_idle"),
        "escalation": ref("prospect_qualification.prospect_followup_rule_escalation"),
    }
    cr.execute(
        """
        CREATE TEMP TABLE bench_step ON COMMIT DROP AS
        SELECT step.id, step.rule_id, rule.trigger,
               row_number() OVER (PARTITION BY step.rule_id
                                  ORDER BY step.sequence, step.id) AS position,
               SUM(CASE WHEN step.delay_unit = 'days' THEN step.delay
                        ELSE step.delay / 24.0 END)
                   OVER (PARTITION BY step.rule_id ORDER BY step.sequence, step.id)
                   AS offset_days,
               COUNT(*) OVER (PARTITION BY step.rule_id) AS steps,
               step.summary->>'en_US' AS summary, step.activity_type_id,
               step.assign_to
          FROM prospect_followup_step step
          JOIN prospect_followup_rule rule ON rule.id = step.rule_id
         WHERE step.rule_id = ANY(%s);
        ANALYZE bench_step;
        """,
        [[rule.id for rule in rules.values()]],
    )
    now = "(NOW() AT TIME ZONE 'UTC')"
    # kind (0-9) of the last step reached: 0-5 done on time, 6-7 done late,
    # 8 overdue (cancelled when the lead is closed), 9 cancelled (replied).
    cr.execute(
        f"""
        WITH leads AS (
            SELECT b.*, lead.user_id, lead.team_id, lead.company_id,
                   lead.prospecting_type, lead.first_response_deadline,
                   lead.first_response_missed, team.user_id AS leader_id,
                   lead.active AND lead.prospect_state <> 'customer' AS open,
                   CASE WHEN lead.prospect_state = 'customer' THEN 'won'
                        ELSE 'lost' END AS closed_reason
              FROM bench_base b
              JOIN crm_lead lead ON lead.id = b.lead_id
              LEFT JOIN crm_team team ON team.id = lead.team_id
        ), cadence AS (
            -- first-contact cadences: steps 1..depth of the lead's rule
            SELECT leads.*, step.*,
                   date_trunc('day', created + step.offset_days * INTERVAL '1 day')
                       + INTERVAL '23 hours 59 minutes' AS deadline,
                   step.position = 1 + leads.g %% step.steps AS last,
                   (leads.g + step.position) %% 10 AS kind
              FROM leads
              JOIN bench_step step ON step.rule_id = CASE leads.prospecting_type
                   WHEN 'inbound' THEN %(inbound)s ELSE %(outbound)s END
             WHERE leads.prospecting_type IS NOT NULL
               AND step.position <= 1 + leads.g %% step.steps
            UNION ALL
            -- escalation of each missed first response
            SELECT leads.*, step.*,
                   date_trunc('day', first_response_deadline)
                       + INTERVAL '23 hours 59 minutes',
                   TRUE, (leads.g / 3) %% 10
              FROM leads JOIN bench_step step ON step.rule_id = %(escalation)s
             WHERE leads.first_response_missed
            UNION ALL
            -- the idle cadence running on every open lead older than 13 days:
            -- planned (due in 1 to 7 days) or overdue
            SELECT leads.*, step.*,
                   CASE WHEN g %% 10 < 7 THEN {now} + (1 + g %% 7) * INTERVAL '1 day'
                        ELSE {now} - (1 + g %% 9) * INTERVAL '1 day' END,
                   TRUE, CASE WHEN g %% 10 < 7 THEN -1 ELSE 8 END
              FROM leads JOIN bench_step step ON step.rule_id = %(idle)s
             WHERE leads.open AND leads.created < {now} - INTERVAL '13 days'
        ), execution AS (
            SELECT cadence.*,
                   CASE WHEN kind = -1 THEN 'planned'
                        WHEN last AND deadline > {now} AND open THEN 'planned'
                        WHEN last AND deadline > {now} THEN 'cancelled'
                        WHEN NOT last OR kind < 8 THEN 'done'
                        WHEN kind = 8 AND open THEN 'overdue'
                        ELSE 'cancelled' END AS state
              FROM cadence
        )
        INSERT INTO prospect_followup_execution (
            lead_id, rule_id, trigger, step_id, step_sequence, activity_type_id,
            summary, user_id, team_id, company_id, date_planned, date_deadline,
            date_done, date_stopped, state, stop_reason, is_late,
            create_uid, write_uid, create_date, write_date)
        SELECT lead_id, rule_id, trigger, id, position, activity_type_id, summary,
               CASE WHEN assign_to = 'team_leader' THEN COALESCE(leader_id, user_id)
                    ELSE user_id END,
               team_id, company_id,
               LEAST(deadline - INTERVAL '1 day', {now}), deadline,
               CASE WHEN state = 'done' AND (NOT last OR kind < 6)
                    THEN deadline - INTERVAL '3 hours'
                    WHEN state = 'done' THEN deadline + INTERVAL '20 hours' END,
               CASE WHEN state = 'cancelled' THEN LEAST(deadline, {now}) END,
               state,
               CASE WHEN state <> 'cancelled' THEN NULL
                    WHEN NOT open THEN closed_reason ELSE 'replied' END,
               state = 'overdue' OR (state = 'done' AND last AND kind IN (6, 7)),
               1, 1, LEAST(deadline - INTERVAL '1 day', {now}),
               LEAST(deadline - INTERVAL '1 day', {now})
          FROM execution
        """,
        {
            "inbound": rules["inbound"].id,
            "outbound": rules["outbound"].id,
            "escalation": rules["escalation"].id,
            "idle": rules["idle"].id,
        },
    )
    count = cr.rowcount
    # The open steps have their activity.
    cr.execute(
        """
        CREATE TEMP TABLE bench_activity ON COMMIT DROP AS
        SELECT execution.id AS execution_id,
               nextval('mail_activity_id_seq') AS activity_id
          FROM prospect_followup_execution execution
         WHERE execution.state IN ('planned', 'overdue');
        ANALYZE bench_activity;
        INSERT INTO mail_activity (
            id, res_model_id, res_model, res_id, res_name, activity_type_id,
            summary, date_deadline, user_id, automated, active,
            create_uid, write_uid, create_date, write_date)
        SELECT a.activity_id, %(model)s, 'crm.lead', e.lead_id, lead.name,
               e.activity_type_id, e.summary, e.date_deadline::date, e.user_id,
               TRUE, TRUE, 1, 1, e.date_planned, e.date_planned
          FROM bench_activity a
          JOIN prospect_followup_execution e ON e.id = a.execution_id
          JOIN crm_lead lead ON lead.id = e.lead_id;
        UPDATE prospect_followup_execution e SET activity_id = a.activity_id
          FROM bench_activity a WHERE a.execution_id = e.id;
        """,
        {"model": env["ir.model"]._get_id("crm.lead")},
    )
    return count


def _customer_classes(env):
    """The customer class of the partners, computed by the addon for the
    commercial partners that won something and written in one UPDATE."""
    Partner = env["res.partner"].with_context(active_test=False)
    env.cr.execute(
        "SELECT DISTINCT partner_id FROM crm_lead "
        "WHERE partner_id IS NOT NULL AND prospect_state = 'customer'"
    )
    ids = [row[0] for row in env.cr.fetchall()]
    rows = []
    for start in range(0, len(ids), 2000):
        batch = Partner.browse(ids[start : start + 2000])
        values = batch._prospect_customer_class_values()
        rows += [(pid, *value) for pid, value in values.items()]
    env.cr.execute(
        "UPDATE res_partner SET customer_class = 'none', customer_purchase_count = 0"
    )
    if rows:
        env.cr.execute(
            """
            UPDATE res_partner partner
               SET customer_class = v.class, customer_last_purchase_date = v.last,
                   customer_purchase_count = v.count
              FROM unnest(%s::int[], %s::varchar[], %s::date[], %s::int[])
                   AS v(id, class, last, count)
             WHERE partner.id = v.id
            """,
            [
                [r[0] for r in rows],
                [r[1] for r in rows],
                [r[2] or None for r in rows],
                [r[3] for r in rows],
            ],
        )  # fmt: skip


# Stored computed fields the generated rows must hold as the ORM computes them.
CHECKED_FIELDS = {
    "crm.lead": ["prorated_revenue", "day_close"],
    "crm.lead+addon": [
        "qualification_score",
        "qualification_level",
        "prospect_state",
        "prospecting_type",
        "first_response_hours",
        "first_response_sla_state",
    ],
}


def _due_dates(env, batch=5000):
    """When each lead next needs the follow-up cron, set by the engine's own
    code, as its last run would have left it."""
    engine = env["prospect.followup.engine"]
    env.cr.execute("SELECT id FROM crm_lead ORDER BY id")
    ids = [row[0] for row in env.cr.fetchall()]
    for start in range(0, len(ids), batch):
        engine._followup_set_exact_wake_up(ids[start : start + batch])
        env.invalidate_all()


def check_consistency(env, addon, sample=300):
    """Recompute the stored fields of `sample` generated leads (and the
    customer classes of their partners) with the ORM and compare them with
    the generated values: {field: differing records}. Leaves the database as
    it was only if the caller rolls back."""
    env.cr.execute(
        "SELECT id FROM crm_lead WHERE name LIKE 'Bench %%' ORDER BY id LIMIT %s",
        [sample],
    )
    leads = env["crm.lead"].browse(row[0] for row in env.cr.fetchall())
    checks = [(leads, fname) for fname in CHECKED_FIELDS["crm.lead"]]
    if addon:
        checks += [(leads, fname) for fname in CHECKED_FIELDS["crm.lead+addon"]]
        partners = leads.partner_id.commercial_partner_id
        checks += [(partners, "customer_class"), (partners, "customer_purchase_count")]
    before = {
        (fname, record.id): record[fname]
        for records, fname in checks
        for record in records
    }
    env.invalidate_all()
    for records, fname in checks:
        env.add_to_compute(records._fields[fname], records)
    env.flush_all()
    env.invalidate_all()
    differences = {}
    for records, fname in checks:
        for record in records:
            old, new = before[fname, record.id], record[fname]
            if isinstance(new, float):
                same = abs((old or 0.0) - new) < 0.01
            else:
                same = old == new
            if not same:
                differences.setdefault(fname, []).append((record.id, old, new))
    return differences
