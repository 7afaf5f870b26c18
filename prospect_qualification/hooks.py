# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from .models import trust

# Lifecycle state of Odoo's default pipeline stages.
DEFAULT_STAGE_STATES = {
    "crm.stage_lead1": "lead",
    "crm.stage_lead2": "qualified",
    "crm.stage_lead3": "qualified",
    "crm.stage_lead4": "customer",
}


def post_init_hook(env):
    _map_default_stages(env)
    env["crm.lead"]._recompute_qualification_scores()
    env.flush_all()
    _open_history_of_existing_leads(env)
    # Odoo loads the demo files (the demo users) and sets the module's demo
    # flag before it calls this hook; the demo records need the stages mapped
    # above. Imported here: a database without demo data never loads it.
    if env.ref("base.module_prospect_qualification").demo:
        from .demo.prospect_demo_loader import load_demo

        load_demo(env)
    # The follow-up cron looks only at the leads whose due date has come.
    env["prospect.followup.engine"]._followup_wake_up_earlier()


def _map_default_stages(env):
    """Give Odoo's default stages their lifecycle state and put the Prospect
    stage between New and Qualified (stages a user deleted are skipped)."""
    # The history of the leads already there is opened below, in their
    # state once the stages are mapped.
    stages = trust.with_switches(env["crm.stage"], skip_history=True)
    for xmlid, state in DEFAULT_STAGE_STATES.items():
        stage = env.ref(xmlid, raise_if_not_found=False)
        if stage:
            stages.browse(stage.id).prospect_state = state
    new = env.ref("crm.stage_lead1", raise_if_not_found=False)
    qualified = env.ref("crm.stage_lead2", raise_if_not_found=False)
    prospect = env.ref(
        "prospect_qualification.crm_stage_prospect", raise_if_not_found=False
    )
    if new and qualified and prospect and new.sequence < qualified.sequence:
        slot = qualified.sequence
        later = stages.search([("sequence", ">=", slot), ("id", "!=", prospect.id)])
        for stage in later:
            stage.sequence += 1
        prospect.sequence = slot


def _open_history_of_existing_leads(env):
    """Leads that existed before the install enter the history in their current
    state, since their last stage change (or closing, for won and lost ones)."""
    env.cr.execute(
        """
        INSERT INTO prospect_state_history (
            lead_id, state_to, date, user_id, salesperson_id, team_id, company_id,
            create_uid, create_date, write_uid, write_date)
        SELECT lead.id, lead.prospect_state,
               CASE WHEN lead.prospect_state IN ('customer', 'disqualified')
                    THEN COALESCE(lead.date_closed, lead.write_date, lead.create_date)
                    ELSE COALESCE(lead.date_last_stage_update, lead.create_date)
               END,
               %(uid)s, lead.user_id, lead.team_id, lead.company_id,
               %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
          FROM crm_lead lead
         WHERE lead.prospect_state IS NOT NULL
           AND NOT EXISTS (
                SELECT 1 FROM prospect_state_history history
                 WHERE history.lead_id = lead.id)
        """,
        {"uid": env.uid},
    )
