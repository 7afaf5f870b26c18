# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values the database or the ORM would refuse with a server error are
refused with a message that says what to send (found by test_fuzz_input.py):
prospect_input_check_mixin.py."""

import math
import re
from datetime import date

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.bounds import BOUNDS
from ..models.prospect_input_check_mixin import MODULE
from .common import ProspectQualificationCase


@tagged("post_install", "-at_install")
class TestInputChecks(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._create_leads(1)
        cls.rule = cls.env["prospect.followup.rule"].create(
            {
                "name": "Llamar",
                "active": False,
                "step_ids": [
                    Command.create(
                        {
                            "activity_type_id": cls.env.ref(
                                "mail.mail_activity_data_call"
                            ).id
                        }
                    )
                ],
            }
        )

    def assertRefused(self, record, values, message):
        before = record.read(list(values))[0]
        # A client's refused call rolls its transaction back: a savepoint here.
        with (
            self.assertRaisesRegex(ValidationError, message),
            self.env.cr.savepoint(),
        ):
            record.write(values)
            self.env.flush_all()
        record.invalidate_recordset()
        self.assertEqual(record.read(list(values))[0], before)

    def test_unknown_selection_key(self):
        lead = self.lead.with_user(self.user_salesman)
        self.assertRefused(
            lead,
            {"buying_style": "impulsive"},
            r"“impulsive” is not a valid value for “Buying Style”: choose one of",
        )
        self.assertRefused(
            lead, {"qualification_need": "YES"}, "is not a valid value for"
        )
        self.assertRefused(
            self.stage_prospect.with_user(self.user_manager),
            {"gate_policy": "0"},
            "is not a valid value for",
        )
        # Valid keys and an empty optional selection still go through.
        lead.write({"buying_style": False, "qualification_need": "yes"})
        self.assertEqual(lead.qualification_need, "yes")

    def test_required_selection_emptied(self):
        step = self.rule.step_ids.with_user(self.user_manager)
        self.assertRefused(step, {"delay_unit": ""}, "is required: choose one of")
        self.assertRefused(step, {"assign_to": False}, "is required")

    def test_required_field_emptied(self):
        calibration = self.env["prospect.score.calibration"].create({})
        for name in ("date_from", "date_to", "company_id"):
            self.assertRefused(
                calibration.with_user(self.user_manager),
                {name: False},
                "is required: fill it in",
            )
        self.assertRefused(
            self.rule.with_user(self.user_manager), {"name": False}, "is required"
        )

    def test_integer_beyond_the_column(self):
        for record, name in (
            (self.rule, "sequence"),
            (self.rule.step_ids, "sequence"),
            (self.criteria["need"], "sequence"),
        ):
            for value in (2**31, -(2**31) - 1, 10**30):
                self.assertRefused(
                    record.with_user(self.user_manager),
                    {name: value},
                    "must be a whole number between -2147483648 and 2147483647",
                )
        # A number with bounds of its own: its bounds are the message.
        for value in (2**31, 10**30):
            self.assertRefused(
                self.stage_prospect.with_user(self.user_manager),
                {"gate_min_score": value},
                "“Minimum Score” must be between 0 and 100 points",
            )
        tag = self.env["prospect.interest.tag"].with_user(self.user_salesman)
        with self.assertRaisesRegex(ValidationError, "whole number"):
            tag.create({"name": "Grande", "color": 2**40})

    def test_float_not_a_number(self):
        lead = self.lead.with_user(self.user_salesman)
        for value in (math.nan, math.inf, -math.inf):
            self.assertRefused(
                lead, {"preferred_contact_hour_from": value}, "must be a number"
            )
        # An integer field of a manager's configuration refuses them too.
        self.assertRefused(
            self.team.with_user(self.user_manager),
            {"first_response_minutes_inbound": math.nan},
            "must be a number",
        )

    def test_criterion_weight_bounds(self):
        need = self.criteria["need"].with_user(self.user_manager)
        for weight in (1e300, 20000, -0.01):
            self.assertRefused(
                need, {"weight": weight}, "“Weight” must be between 0 and 10000"
            )
        Criterion = self.env["prospect.qualification.criterion"]
        with self.assertRaisesRegex(ValidationError, "between 0 and 10000"):
            Criterion.with_user(self.user_manager).create(
                {"name": "Urgencia", "code": "need", "weight": 1e20}
            )
        need.weight = 10000
        self.assertEqual(need.weight, 10000)
        # Without its bounds, the numeric column's limit would refuse it.
        self.assertRegex(
            Criterion._prospect_input_error(Criterion._fields["weight"], 1e300),
            "is too large",
        )

    def test_interest_name_too_long_for_its_index(self):
        Tag = self.env["prospect.interest.tag"].with_user(self.user_salesman)
        with self.assertRaisesRegex(ValidationError, "is too long: 1048576 characters"):
            Tag.create({"name": "x" * (1 << 20)})
        self.assertEqual(Tag.create({"name": "x" * 100}).name, "x" * 100)

    def test_dashboard_filters_sent_by_a_client(self):
        Dashboard = self.env["prospect.qualification.dashboard"].with_user(
            self.user_salesman
        )
        for team in (True, "abc", [self.team.id], 1.5):
            with self.assertRaisesRegex(UserError, "Unknown sales team"):
                Dashboard.get_dashboard_data(0, team)
            with self.assertRaisesRegex(UserError, "Unknown sales team"):
                Dashboard.action_open_report("funnel", 0, team)
        for period in ("30", None, -1):
            with self.assertRaisesRegex(UserError, "Unknown period"):
                Dashboard.get_dashboard_data(period)
        data = Dashboard.get_dashboard_data(30, self.team.id)
        self.assertEqual(data["team_id"], self.team.id)

    def test_calibration_at_the_ends_of_the_calendar(self):
        """A period ending on 9999-12-31 computes (there is no next day to
        count to), and the drift check of a calibration whose period is
        longer than the calendar before today starts on its first day."""
        Calibration = self.env["prospect.score.calibration"].with_user(
            self.user_manager
        )
        calibration = Calibration.create(
            {"date_from": date(1, 1, 1), "date_to": date(9999, 12, 31)}
        )
        calibration.action_compute()
        self.assertEqual(calibration.state, "done")
        calibration.sudo().write({"reference_auc": 0.8})
        checks = self.env["prospect.score.calibration"]._cron_check_drift()
        check = checks.filtered(lambda c: c.company_id == calibration.company_id)
        self.assertEqual(check.date_from, date.min)
        self.assertEqual(check.date_to, fields.Date.context_today(check))

    def test_every_bound_feeds_help_check_and_message(self):
        """Each number with bounds (models/bounds.py) states them in its
        help, accepts them, and refuses the numbers beyond them with one
        message naming the record, the field and the range: before the
        write, and in the constraint for a value stored without a write."""
        records = {
            "crm.stage": self.stage_prospect,
            "prospect.qualification.criterion": self.criteria["need"],
            "res.company": self.company,
            "crm.team": self.team,
            "prospect.followup.rule": self.rule,
            "prospect.followup.step": self.rule.step_ids,
        }
        bounded = {
            (model._name, fname): field.prospect_bound
            for model in (self.env[name] for name in self.env.registry)
            for fname, field in model._fields.items()
            if getattr(field, "prospect_bound", None) and field._module == MODULE
        }
        self.assertEqual(
            sorted(bounded),
            sorted(
                [
                    ("crm.stage", "gate_min_score"),
                    ("crm.team", "first_response_minutes_inbound"),
                    ("crm.team", "first_response_minutes_outbound"),
                    ("crm.team", "prospect_digest_hour"),
                    ("prospect.followup.rule", "date_offset_days"),
                    ("prospect.followup.rule", "idle_days"),
                    ("prospect.followup.rule", "no_reply_days"),
                    ("prospect.followup.step", "delay"),
                    ("prospect.qualification.criterion", "weight"),
                    ("res.company", "prospect_current_min_purchases"),
                    ("res.company", "prospect_customer_window_days"),
                    ("res.company", "prospect_regularity_tolerance"),
                ]
            ),
        )
        for (model, fname), names in bounded.items():
            record = records[model].with_user(self.user_manager)
            if model == "res.company":
                record = records[model]  # the settings: an administrator's
            field = record._fields[fname]
            help_text = field._description_help(self.env)
            for name in names if isinstance(names, tuple) else (names,):
                low, high, _unit = BOUNDS[name]
                # The step's delay: one bound per unit.
                extra = (
                    {"delay_unit": name.rpartition("_")[2]}
                    if model.endswith("step")
                    else {}
                )
                with self.subTest(model=model, field=fname, bound=name):
                    self.assertIn(f"rom {low} to {high}", help_text)
                    for value in (low, high):
                        with self.env.cr.savepoint():
                            record.write({fname: value, **extra})
                    pattern = (
                        f"{re.escape(record.display_name)}.*"
                        f"“{re.escape(field.string)}” must be between {low} and "
                        f"{high}"
                    )
                    for value in (low - 1, high + 1):
                        self.assertRefused(record, {fname: value, **extra}, pattern)
                    # Stored without a write (saved before the bound existed).
                    record.write(extra)
                    self.env.flush_all()
                    self.env.cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(record._table),
                            SQL.identifier(fname),
                            high + 1,
                            record.id,
                        )
                    )
                    record.invalidate_recordset([fname])
                    with self.assertRaisesRegex(ValidationError, pattern):
                        record._validate_fields([fname])
                    self.env.cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(record._table),
                            SQL.identifier(fname),
                            low,
                            record.id,
                        )
                    )
                    record.invalidate_recordset([fname])
