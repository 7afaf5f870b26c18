# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The default prospecting cadence branches (6 attempts over 3 channels in
two weeks): its new steps and branches are created by the data file; its
introduction e-mail moves from 2 calendar days to the next working day,
unless a manager changed that step."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """UPDATE prospect_followup_step step
                  SET delay = 1, working_days = TRUE
                 FROM ir_model_data data
                WHERE data.module = 'prospect_qualification'
                  AND data.name = 'prospect_followup_step_prospecting_email'
                  AND data.res_id = step.id
                  AND step.delay = 2
                  AND step.delay_unit = 'days'
                  AND step.working_days IS NOT TRUE"""
        )
    )
