# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Prospect Qualification",
    "summary": "Qualify leads with weighted criteria, gate pipeline stages, "
    "promote prospects and follow up on time",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/prospect-qualification/prospect_qualification",
    "author": "Prospect Qualification developers",
    "maintainers": [],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["crm"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/ir.model.access.csv",
        "security/prospect_qualification_security.xml",
        "security/prospect_report_security.xml",
        "data/prospect_qualification_criterion_data.xml",
        "data/crm_stage_data.xml",
        "data/utm_medium_data.xml",
        "data/ir_cron_data.xml",
        "views/prospect_qualification_criterion_views.xml",
        "views/prospect_interest_tag_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_stage_views.xml",
        "views/utm_medium_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "report/prospect_funnel_report_views.xml",
        "report/prospect_state_duration_report_views.xml",
        "report/prospect_qualification_dashboard_views.xml",
        "views/prospect_qualification_menus.xml",
    ],
    "demo": ["demo/prospect_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "prospect_qualification/static/src/scss/*.scss",
            "prospect_qualification/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "prospect_qualification/static/src/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
}
