"""An administrator upgrades a database used with the last release (its tag,
tests/last_release.txt) to the current code with `odoo-bin -u`: no row and no
value is lost, the stored computed fields agree with the current code (a
changed computation is migrated by migrations/), and nothing logs an error."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest
from odoo_cli import (
    addons_path_with,
    drop_database,
    odoo_shell,
    run_odoo,
    scratch_database_name,
)

from odoo.tools import config

pytestmark = pytest.mark.lifecycle

ROOT = Path(__file__).resolve().parent.parent
RELEASE_FILE = Path(__file__).with_name("last_release.txt")
MANIFEST = "prospect_qualification/__manifest__.py"

# Values the current code changes on purpose in existing rows, each with the
# file that does it (a migration script, or a data file the upgrade loads):
# {(table, column): "migrations/<version>/post-migration.py"}. A stored field
# the code drops is listed too. Anything else that differs after the upgrade
# is lost data.
MIGRATED = {
    # First-response targets in working minutes (the hours are converted).
    ("crm_team", "first_response_hours_inbound"): (
        "migrations/18.0.1.3.0/post-migration.py"
    ),
    ("crm_team", "first_response_hours_outbound"): (
        "migrations/18.0.1.3.0/post-migration.py"
    ),
    ("prospect_followup_step", "delay"): "migrations/18.0.1.4.0/post-migration.py",
    ("prospect_followup_step", "working_days"): (
        "migrations/18.0.1.4.0/post-migration.py"
    ),
}

# Tables compared row by row before and after the upgrade: the CRM data, the
# configuration the addon extends and every table of the addon.
TABLES = (
    "crm_lead",
    "crm_stage",
    "crm_lost_reason",
    "crm_team",
    "res_partner",
    "res_company",
    "mail_activity",
    "mail_activity_type",
    "mail_message",
    "mail_tracking_value",
    "utm_medium",
    "ir_cron",
)
# Rows the current code deletes on purpose, by XML id, each with the
# migration script that does it.
REMOVED = {
    # The single follow-up cron, replaced by one cron per job.
    "prospect_qualification.ir_cron_prospect_followup": (
        "migrations/18.0.1.5.0/post-migration.py"
    ),
}
# The code of the follow-up crons of the current data file.
FOLLOWUP_CRONS = (
    "model._cron_mark_overdue_steps()",
    "model._cron_escalate_first_responses()",
    "model._cron_reassign_first_responses()",
    "model._cron_start_idle_cadences()",
    "model._cron_start_scanned_cadences()",
    "model._cron_set_wake_ups()",
)
# Rewritten by any upgrade without a change of value.
VOLATILE_COLUMNS = {"write_date", "write_uid"}

# The data an administrator and the team leave in the database with the
# release: leads in every state, answers, contact profiles, a card in the
# Prospect stage, a manager's override, won and lost (one of the addon's
# reasons) cards, an archived lead, follow-up executions and their activities,
# a done activity, messages, and a manager's configuration.
FILL = """
admin = env.ref('base.user_admin')
Medium = env['utm.medium']
newsletter = Medium.search([('name', '=', 'Newsletter')], limit=1)
cold_call = Medium.search([('name', '=', 'Cold Call')], limit=1)
partner = env['res.partner'].create({
    'name': 'Upgrade Ferretería López', 'email': 'compras@lopez.example',
    'phone': '+34 600 000 001', 'is_company': True})
Lead = env['crm.lead'].with_user(admin)
leads = Lead.create([
    {'name': 'Upgrade inbound', 'type': 'lead', 'email_from': 'ana@lopez.example',
     'medium_id': newsletter.id, 'qualification_need': 'yes',
     'qualification_budget': 'partial', 'preferred_contact_channel': 'whatsapp',
     'preferred_contact_hour_from': 9, 'preferred_contact_hour_to': 13.5,
     'buying_style': 'researches', 'decision_maker_name': 'Ana López',
     'decision_maker_role': 'Gerente', 'qualification_notes': 'Pidió catálogo'},
    {'name': 'Upgrade outbound', 'type': 'lead', 'phone': '+34 600 000 002',
     'medium_id': cold_call.id, 'qualification_access': 'no'},
    {'name': 'Upgrade prospect', 'type': 'opportunity', 'partner_id': partner.id,
     'qualification_fit': 'yes', 'qualification_access': 'yes',
     'expected_revenue': 8000},
    {'name': 'Upgrade overridden', 'type': 'opportunity', 'partner_id': partner.id,
     'qualification_need': 'yes', 'qualification_fit': 'yes',
     'qualification_access': 'yes'},
    {'name': 'Upgrade won', 'type': 'opportunity', 'partner_id': partner.id,
     'expected_revenue': 5000, 'qualification_need': 'yes'},
    {'name': 'Upgrade lost', 'type': 'opportunity', 'email_from': 'no@budget.example'},
    {'name': 'Upgrade archived', 'type': 'lead', 'email_from': 'old@lead.example'},
])
inbound, outbound, prospect, overridden, won, lost, archived = leads
prospect.write({'stage_id': env.ref('prospect_qualification.crm_stage_prospect').id})
result = overridden._prospect_promote(
    env.ref('crm.stage_lead2'), note='Cliente conocido',
    override_reason='Known customer: the manager vouches for the budget')
assert result['promoted'] == overridden, result
won.action_set_won()
lost.action_set_lost(
    lost_reason_id=env.ref('prospect_qualification.lost_reason_no_budget').id)
archived.action_archive()
# The follow-up cron starts the cadences of the new leads (executions and
# their activities); one step is done, one lead gets a customer's reply.
env.cr.commit()
env['prospect.followup.engine']._cron_run_followup()
env.cr.commit()
done = env['prospect.followup.execution'].search(
    [('lead_id', '=', inbound.id), ('activity_id', '!=', False)], limit=1)
done.activity_id.with_user(admin).action_feedback(feedback='Llamada hecha')
outbound.message_post(
    body='Me interesa, llámenme el lunes', message_type='email',
    author_id=partner.id, subtype_xmlid='mail.mt_comment')
inbound.message_post(body='Nota interna', subtype_xmlid='mail.mt_note')
# A manager's configuration.
env.ref('prospect_qualification.criterion_budget').weight = 3
env.ref('crm.stage_lead3').gate_policy = 'block'
env.company.write({'prospect_warm_threshold': 35, 'prospect_hot_threshold': 75})
env.ref('prospect_qualification.prospect_followup_rule_prospecting').active = False
env.cr.commit()
print('COUNTS', json.dumps({
    'executions': env['prospect.followup.execution'].search_count([]),
    'overrides': env['prospect.gate.override'].search_count([]),
    'history': env['prospect.state.history'].search_count([]),
    'activities': env['mail.activity'].search_count([]),
    'done': len(done),
    'states': sorted(set(leads.with_context(active_test=False).mapped(
        'prospect_state'))),
}))
"""

# After the upgrade: every stored computed field the addon defines or
# overrides is recomputed by the current code (in a transaction rolled back)
# and compared with what the upgrade left in the database.
STALE_COMPUTED = """
fields_data = env['ir.model.data'].search([
    ('module', '=', 'prospect_qualification'), ('model', '=', 'ir.model.fields')])
stale, checked = {}, []
for ir_field in env['ir.model.fields'].browse(fields_data.mapped('res_id')).exists():
    Model = env.get(ir_field.model)
    field = Model._fields.get(ir_field.name) if Model is not None else None
    if (field is None or not field.store or not field.compute
            or Model._abstract or Model._transient):
        continue
    records = Model.with_context(active_test=False).search([])
    if not records:
        continue
    checked.append(f'{ir_field.model}.{ir_field.name}')
    def values(records=records, name=field.name):
        return {r.id: r._fields[name].convert_to_read(r[name], r) for r in records}
    env.invalidate_all()
    stored = values()
    env.add_to_compute(field, records)
    records._recompute_recordset([field.name])
    computed = values()
    diff = {i: (stored[i], computed[i]) for i in stored if stored[i] != computed[i]}
    if diff:
        stale[f'{ir_field.model}.{ir_field.name}'] = dict(list(diff.items())[:3])
env.cr.rollback()
print('STALE', json.dumps(stale, default=str))
print('CHECKED', json.dumps(sorted(checked)))
"""


def _read_release():
    values = {}
    for line in RELEASE_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split(None, 1)
            values[key] = value.strip()
    return values["tag"], values["commit"]


def _git(*args, **kwargs):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, check=False, **kwargs
    )


def _release_revision():
    """The commit of the release: its tag, else the commit named in
    last_release.txt (a clone without tags); a clear failure otherwise."""
    tag, commit = _read_release()
    for rev in (f"refs/tags/{tag}", commit):
        proc = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", text=True)
        if proc.returncode == 0:
            found = proc.stdout.strip()
            assert found == commit, (
                f"The tag {tag} points to {found}, {RELEASE_FILE.name} names "
                f"{commit}: update {RELEASE_FILE}."
            )
            return tag, commit
    pytest.fail(
        f"The release to upgrade from is not in the repository {ROOT}: neither "
        f"its tag {tag} nor its commit {commit} ({RELEASE_FILE}). Fetch it "
        f"(git fetch origin tag {tag}, or a clone that is not shallow)."
    )


@pytest.fixture(scope="module")
def release_addons():
    """The addon of the release, extracted from git into a scratch folder
    (git archive: nothing is written to the repository, and a killed run
    leaves no worktree registered behind)."""
    tag, commit = _release_revision()
    folder = Path(tempfile.mkdtemp(prefix="pq-release-"))
    try:
        archive = _git("archive", "--format=tar", commit, "prospect_qualification")
        assert archive.returncode == 0, archive.stderr.decode()
        subprocess.run(
            ["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True
        )
        manifest = (folder / MANIFEST).read_text()
        assert f'"version": "{tag}"' in manifest, f"{tag} does not install {tag}"
        yield tag, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _current_version():
    text = (ROOT / MANIFEST).read_text()
    return text.split('"version": "', 1)[1].split('"', 1)[0]


def _connect(db):
    return psycopg2.connect(
        dbname=db,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def _dump(db):
    """{table: rows}: rows by id where the table has one, else a sorted list."""
    dump = {}
    with _connect(db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND (tablename = ANY(%s) OR tablename LIKE 'prospect\\_%%')",
            [list(TABLES)],
        )
        for (table,) in cr.fetchall():
            cr.execute(f'SELECT to_jsonb(t) FROM "{table}" t')
            rows = [row for (row,) in cr.fetchall()]
            if rows and "id" in rows[0]:
                dump[table] = {row["id"]: row for row in rows}
            else:
                dump[table] = sorted(json.dumps(row, sort_keys=True) for row in rows)
        # The stored fields of the addon: the upgrade deletes those the code
        # no longer has, but leaves their columns (and values) behind.
        cr.execute(
            """
            SELECT replace(f.model, '.', '_') || '.' || f.name
              FROM ir_model_fields f
              JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
             WHERE d.module = %s AND f.store
            """,
            ["prospect_qualification"],
        )
        dump["fields"] = sorted(name for (name,) in cr.fetchall())
        # The rows of REMOVED: "table id" (their XML ids go with them).
        cr.execute(
            """
            SELECT replace(d.model, '.', '_') || ' ' || d.res_id
              FROM ir_model_data d
             WHERE d.module || '.' || d.name = ANY(%s)
            """,
            [list(REMOVED)],
        )
        dump["removed"] = sorted(row for (row,) in cr.fetchall())
    conn.close()
    return dump


def _lost_values(before, after):
    """What the upgrade lost or changed without a migration saying so."""
    lost = []
    removed = set(before.get("removed", ()))
    for table, rows in before.items():
        if table == "removed":
            continue
        if table == "fields":
            lost += [
                f"field {name} is gone"
                for name in set(rows) - set(after[table])
                if tuple(name.split(".")) not in MIGRATED
            ]
        elif table not in after:
            lost.append(f"table {table} is gone")
        elif isinstance(rows, list):
            # Relation tables: compared on the columns that are still there.
            if set(rows) - set(after[table]):
                lost.append(f"{table}: rows {sorted(set(rows) - set(after[table]))}")
        else:
            for row_id, row in rows.items():
                new = after[table].get(row_id)
                if new is None:
                    if f"{table} {row_id}" not in removed:
                        lost.append(f"{table} #{row_id} is gone")
                    continue
                for column, value in row.items():
                    if column in VOLATILE_COLUMNS or (table, column) in MIGRATED:
                        continue
                    if column not in new:
                        lost.append(f"{table}.{column} is gone")
                    elif new[column] != value:
                        lost.append(
                            f"{table} #{row_id} {column}: {value!r} -> {new[column]!r}"
                        )
    return sorted(set(lost))


@pytest.fixture(scope="module")
def release_database(release_addons):
    """A database with CRM (no demo) and the release of the addon, used."""
    tag, folder = release_addons
    db = scratch_database_name("upgrade")
    options = ("--addons-path", addons_path_with(folder))
    drop_database(db)
    try:
        run_odoo(
            db, "-i", "prospect_qualification", "--without-demo=all", options=options
        )
        out = odoo_shell(db, "import json\n" + FILL, options=options)
        counts = json.loads(out.split("COUNTS ", 1)[1].splitlines()[0])
        yield db, tag, counts
    finally:
        drop_database(db)


def test_release_found_by_commit_when_the_tag_is_missing(monkeypatch):
    """A clone without tags upgrades from the commit of last_release.txt; a
    clone without either fails saying what to fetch."""
    _tag, commit = _read_release()
    monkeypatch.setattr(
        sys.modules[__name__], "_read_release", lambda: ("18.0.0.0.404", commit)
    )
    assert _release_revision() == ("18.0.0.0.404", commit)
    monkeypatch.setattr(
        sys.modules[__name__], "_read_release", lambda: ("18.0.0.0.404", "0" * 40)
    )
    with pytest.raises(pytest.fail.Exception, match="git fetch origin tag"):
        _release_revision()


def test_lost_values_are_named(monkeypatch):
    monkeypatch.setitem(MIGRATED, ("crm_lead", "old_score"), "migrations/x.py")
    before = {
        "crm_lead": {
            1: {"id": 1, "name": "A", "write_date": "1", "old_score": 3},
            2: {"id": 2, "name": "B"},
            # Deleted by a migration (REMOVED): not lost.
            3: {"id": 3, "name": "C"},
        },
        "crm_lead_tag_rel": ['{"lead_id": 1, "tag_id": 1}'],
        "fields": ["crm_lead.name", "crm_lead.old_score", "crm_lead.notes"],
        "removed": ["crm_lead 3"],
    }
    after = {
        "crm_lead": {1: {"id": 1, "name": "A2", "write_date": "2", "old_score": 4}},
        "crm_lead_tag_rel": [],
        "fields": ["crm_lead.name"],
    }
    assert _lost_values(before, after) == [
        "crm_lead #1 name: 'A' -> 'A2'",
        "crm_lead #2 is gone",
        'crm_lead_tag_rel: rows [\'{"lead_id": 1, "tag_id": 1}\']',
        "field crm_lead.notes is gone",
    ]


def test_migrations_are_declared_in_existing_scripts():
    for xmlid, script in REMOVED.items():
        assert (ROOT / "prospect_qualification" / script).is_file(), (
            f"{xmlid}: {script} does not exist"
        )
    for (table, column), script in MIGRATED.items():
        assert (ROOT / "prospect_qualification" / script).is_file(), (
            f"{table}.{column}: {script} does not exist"
        )


def test_upgrade_from_last_release(release_database):
    db, tag, counts = release_database
    # The release's database holds what the team leaves in it.
    assert counts["executions"] and counts["overrides"] and counts["done"], counts
    assert counts["history"] and counts["activities"], counts
    assert counts["states"] == [
        "customer",
        "disqualified",
        "lead",
        "prospect",
        "qualified",
    ], counts
    before = _dump(db)
    assert _installed_version(db) == tag

    # The current code, as an administrator upgrades: no error in the log.
    run_odoo(db, "-u", "prospect_qualification")
    assert _installed_version(db) == _current_version()

    assert _lost_values(before, _dump(db)) == [], "the upgrade lost or changed data"
    out = odoo_shell(db, "import json\n" + STALE_COMPUTED)
    stale = json.loads(out.split("STALE ", 1)[1].splitlines()[0])
    checked = json.loads(out.split("CHECKED ", 1)[1].splitlines()[0])
    assert {"crm.lead.qualification_score", "crm.lead.prospect_state"} <= set(
        checked
    ), checked
    assert stale == {}, (
        "stored values that the current code computes differently: recompute "
        f"them in a migration script ({stale})"
    )
    # The upgraded database works: the follow-up crons, exactly those of
    # the data file, run on the release's data.
    out = odoo_shell(
        db,
        """
import json
crons = env['ir.cron'].with_context(active_test=False).search(
    [('model_id.model', '=', 'prospect.followup.engine')], order='priority, id')
for cron in crons:
    cron.method_direct_trigger()
env.cr.commit()
print('CRONS', json.dumps(sorted(crons.mapped('code'))))
""",
    )
    crons = json.loads(out.split("CRONS ", 1)[1].splitlines()[0])
    assert crons == sorted(FOLLOWUP_CRONS), crons


def _installed_version(db):
    with _connect(db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT latest_version FROM ir_module_module WHERE name = %s",
            ["prospect_qualification"],
        )
        (version,) = cr.fetchone()
    conn.close()
    return version
