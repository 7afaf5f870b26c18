# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""First-response targets move from wall-clock hours to working minutes
(crm.team.first_response_minutes_*, counted in the team's working hours).

A team that had changed its hours keeps its target: hours x 60 working
minutes (within the new bounds). A team on the former defaults (1 hour
inbound, 24 hours outbound) gets the new ones (5 minutes inbound, one
working day of 480 minutes outbound). The deadlines of the leads already
created are left as they were; the response time in working minutes and
its band are computed by the upgrade for the answered leads."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

FORMER_DEFAULTS = {"inbound": 1.0, "outbound": 24.0}
MINUTES_MAX = 28800


def migrate(cr, version):
    for kind, former_default in FORMER_DEFAULTS.items():
        old = f"first_response_hours_{kind}"
        if not column_exists(cr, "crm_team", old):
            continue
        cr.execute(
            SQL(
                """UPDATE crm_team
                      SET %(new)s = LEAST(GREATEST(ROUND(%(old)s * 60), 1), %(max)s)
                    WHERE %(old)s IS NOT NULL AND %(old)s != %(default)s""",
                new=SQL.identifier(f"first_response_minutes_{kind}"),
                old=SQL.identifier(old),
                max=MINUTES_MAX,
                default=former_default,
            )
        )
