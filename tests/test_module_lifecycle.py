"""An administrator installs, upgrades, uninstalls and reinstalls the addon on
an existing CRM database; the CRM data survives every step."""

import json

import pytest
from odoo_cli import drop_database, odoo_shell, run_odoo, scratch_database_name

pytestmark = pytest.mark.lifecycle

LEADS_SNAPSHOT = """
import json
leads = env['crm.lead'].with_context(active_test=False).search(
    [('name', 'like', 'Lifecycle %')], order='name')
print('JSON' + json.dumps([
    {'name': l.name, 'type': l.type, 'partner': l.partner_id.name,
     'revenue': l.expected_revenue, 'stage': l.stage_id.name, 'email': l.email_from,
     'active': l.active, 'description': str(l.description or ''),
     'medium': l.medium_id.name, 'probability': l.probability,
     'lost_reason': l.lost_reason_id.name}
    for l in leads]))
"""


# What an uninstall must keep: every lead, partner, activity and message
# (those of the addon's own records, e.g. its criteria, go with them).
COUNTS = """
import json
print('JSON' + json.dumps({
    model: env[model].with_context(active_test=False).search_count(domain)
    for model, domain in [
        ('crm.lead', []), ('res.partner', []),
        ('mail.activity', [('res_model', 'not like', 'prospect.')]),
        ('mail.message', [('model', 'not like', 'prospect.')])]}))
"""


def _snapshot(db, code=LEADS_SNAPSHOT):
    out = odoo_shell(db, code)
    return json.loads(out.split("JSON", 1)[1].strip().splitlines()[0])


def _module_state(db):
    out = odoo_shell(
        db,
        """
        mod = env['ir.module.module'].search([('name', '=', 'prospect_qualification')])
        print('STATE', mod.state, '|', mod.shortdesc)
        """,
    )
    return out.split("STATE ", 1)[1].splitlines()[0]


@pytest.fixture(scope="module")
def crm_database():
    """A fresh database with CRM only (no demo) and a few leads of a customer."""
    db = scratch_database_name("lifecycle")
    drop_database(db)
    try:
        run_odoo(db, "-i", "crm", "--without-demo=all")
        odoo_shell(
            db,
            """
            partner = env['res.partner'].create({'name': 'Ferretería López'})
            Lead = env['crm.lead']
            Lead.create([
                {'name': 'Lifecycle lead', 'type': 'lead', 'email_from': 'ana@lopez.es',
                 'description': 'Pidió catálogo'},
                {'name': 'Lifecycle opportunity', 'type': 'opportunity',
                 'partner_id': partner.id, 'expected_revenue': 12000},
                {'name': 'Lifecycle won', 'type': 'opportunity',
                 'partner_id': partner.id, 'expected_revenue': 5000},
            ])
            Lead.search([('name', '=', 'Lifecycle won')]).action_set_won()
            env.cr.commit()
            """,
        )
        yield db
    finally:
        drop_database(db)


def test_install_upgrade_uninstall_reinstall(crm_database):
    db = crm_database
    before = _snapshot(db)
    assert len(before) == 3

    run_odoo(db, "-i", "prospect_qualification")
    assert _module_state(db) == "installed | Prospect Qualification"
    assert _snapshot(db) == before

    # Use the addon: qualify, move a card to its Prospect stage (through its
    # gate: fit and access), use a seeded medium, disqualify a lead with one
    # of the addon's reasons, let a manager change a default gate.
    out = odoo_shell(
        db,
        """
        from odoo.exceptions import UserError
        # As the administrator: the shell runs in superuser mode (server
        # code), which the gates do not check.
        admin = env.ref('base.user_admin')
        opportunity = env['crm.lead'].with_user(admin).search(
            [('name', '=', 'Lifecycle opportunity')])
        prospect = env.ref('prospect_qualification.crm_stage_prospect')
        try:
            with env.cr.savepoint():
                opportunity.write({'stage_id': prospect.id})
        except UserError:
            print('GATE REFUSED')
        opportunity.write({
            'qualification_need': 'yes', 'qualification_fit': 'yes',
            'qualification_access': 'yes',
            'stage_id': prospect.id,
            'medium_id': env['utm.medium'].search([('name', '=', 'Newsletter')]).id,
        })
        print('STATE', opportunity.prospect_state, opportunity.qualification_score)
        disqualified = env['crm.lead'].create(
            {'name': 'Lifecycle disqualified', 'type': 'opportunity'})
        disqualified.action_set_lost(
            lost_reason_id=env.ref('prospect_qualification.lost_reason_no_budget').id)
        env.ref('crm.stage_lead2').gate_policy = 'warn'
        # An activity of the addon's follow-up type, and a message.
        opportunity.activity_schedule(
            'prospect_qualification.mail_activity_type_followup',
            summary='Lifecycle call', user_id=admin.id)
        opportunity.message_post(body='Lifecycle note')
        env.cr.commit()
        """,
    )
    assert "GATE REFUSED" in out
    assert "STATE prospect 60" in out
    before = _snapshot(db)
    assert before[2]["stage"] == "Prospect" and before[2]["medium"] == "Newsletter"
    assert before[0]["lost_reason"] == "No budget" and not before[0]["active"]

    run_odoo(db, "-u", "prospect_qualification")
    assert _module_state(db) == "installed | Prospect Qualification"
    assert _snapshot(db) == before
    # The default gates are data of the install only: the manager's change stays.
    out = odoo_shell(db, "print('GATE', env.ref('crm.stage_lead2').gate_policy)")
    assert "GATE warn" in out

    counts = _snapshot(db, COUNTS)
    # The Prospect stage holds a card and a lost lead has one of the addon's
    # reasons: the uninstall keeps both, without logging an error (which
    # odoo_shell checks).
    odoo_shell(
        db,
        """
        env['ir.module.module'].search(
            [('name', '=', 'prospect_qualification')]).button_immediate_uninstall()
        env.cr.commit()
        """,
    )
    assert _module_state(db) == "uninstalled | Prospect Qualification"
    assert _snapshot(db) == before, "uninstalling lost CRM data"
    after = _snapshot(db, COUNTS)
    # The uninstall posts nothing: the same leads, partners, activities, messages.
    assert after == counts, f"uninstalling lost CRM data: {counts} -> {after}"

    run_odoo(db, "-i", "prospect_qualification")
    assert _module_state(db) == "installed | Prospect Qualification"
    assert _snapshot(db) == before
    # The reason kept by the uninstall is found again, not duplicated.
    out = odoo_shell(
        db,
        """
        reason = env.ref('prospect_qualification.lost_reason_no_budget')
        print('REASONS', env['crm.lost.reason'].search_count(
            [('name', '=', 'No budget')]), reason.prospect_disqualification)
        """,
    )
    assert "REASONS 1 True" in out
