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
    "data": [],
    "demo": [],
}
