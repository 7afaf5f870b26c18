# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input, fuzzed: Hypothesis throws random values at every field the
addon adds that a client may write (found by introspection; the fields the
server computes are test_server_fields.py's), through the ORM, as a
salesperson and as a manager.

Each value is either stored and read back intact (HTML: sanitized, no
<script> survives) or refused with a UserError, ValidationError or
AccessError that says what to fix — never another exception, never a
half-written record. A database refusal (not null, unique, foreign key) is
what a client gets from Odoo's RPC layer: a ValidationError made by
``odoo.service.model._as_validation_error``; the test turns it into the same.
After the fuzzing, the crons and the rescoring run over the fuzzed records.

Reproducible: derandomized, no example database."""

import math
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg2 import IntegrityError

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import float_round

from .common import ProspectQualificationCase
from .followup_common import run_followup_crons

MODULE = "prospect_qualification"
FUZZED_TYPES = {
    "char",
    "text",
    "html",
    "selection",
    "integer",
    "float",
    "boolean",
    "date",
    "datetime",
    "many2one",
    "many2many",
}
# An id that no record has (within PostgreSQL's integer).
MISSING_ID = 2**31 - 7
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
MEGABYTE = 1 << 20
# PostgreSQL stores no NUL character and JSON carries no lone surrogate: no
# client can send them (Odoo's RPC layers refuse them), so neither do we.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=200,
)
SPECIAL_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "Ñandú güeña — «señal» 漢字 🙂 \u202e",
        "<script>alert('x')</script>",
        "<b onmouseover=alert(1)>hola</b>",
        "x" * MEGABYTE,
        "ñ" * (MEGABYTE // 2),
        "'; DROP TABLE crm_lead; --",
    ]
)
HTML = st.one_of(
    TEXT,
    SPECIAL_TEXTS,
    st.sampled_from(
        [
            "<p>Hola</p><script>alert(1)</script>",
            "<img src=x onerror=alert(1)><p>ok</p>",
            "<p>" + "<script>x</script>" * 1000 + "</p>",
            "<p>" + "a" * MEGABYTE + "</p>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        ]
    ),
)
INT_BOUNDS = [0, 1, -1, 2**31 - 1, -(2**31), 2**31, -(2**31) - 1, 2**63, -(2**63)]


def _int_values():
    return st.one_of(
        st.integers(min_value=-5, max_value=400),  # around the settings' bounds
        st.integers(min_value=-(2**31), max_value=2**31 - 1),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from(INT_BOUNDS),
        st.just(False),
    )


def _float_values():
    return st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(
            [0.0, -0.0, 24.0, 24.0001, -0.0001, 1e308, -1e308, 1e-308, 2.0**53]
        ),
        st.sampled_from([math.inf, -math.inf, math.nan]),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.just(False),
    )


def _record_ids(field, env):
    """Ids a client might send for a relational `field`: records of every
    company, fields of other models for ir.model.fields, an unknown id."""
    comodel = env[field.comodel_name].sudo().with_context(active_test=False)
    if field.comodel_name == "ir.model.fields":
        domain = [
            "|",
            ("model", "=", "crm.lead"),
            ("model", "in", ["res.users", "res.partner"]),
            (
                "name",
                "in",
                [
                    "expected_revenue",
                    "email_from",
                    "qualification_score",
                    "stage_id",
                    "password",
                    "name",
                    "phone",
                ],
            ),
        ]
        ids = comodel.search(domain, limit=20).ids
    else:
        ids = comodel.search([], limit=6, order="id desc").ids
        ids += comodel.search([], limit=3, order="id").ids
    return sorted({*ids, MISSING_ID})


def value_strategy(field, env):
    """Values of every kind a client might send for `field`."""
    if field.type == "many2one":
        return st.one_of(st.sampled_from(_record_ids(field, env)), st.just(False))
    if field.type == "many2many":
        return st.lists(
            st.sampled_from(_record_ids(field, env)), max_size=4, unique=True
        ).map(lambda ids: [Command.set(ids)])
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(env)]
        return st.one_of(
            st.sampled_from(keys),
            TEXT,
            st.sampled_from(["YES", " yes", "yes ", "unknown\x01", "0"]),
            st.just(False),
        )
    if field.type == "integer":
        return _int_values()
    if field.type == "float":
        return _float_values()
    if field.type == "boolean":
        return st.one_of(st.booleans(), st.just(False))
    if field.type == "date":
        return st.one_of(
            st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
            st.just(False),
        )
    if field.type == "datetime":
        return st.one_of(
            st.datetimes(
                min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)
            ),
            st.just(False),
        )
    if field.type == "html":
        return st.one_of(HTML, st.just(False))
    return st.one_of(TEXT, SPECIAL_TEXTS, st.just(False))


# Server status that a client's write drops (prospect_followup_rule.py).
DROPPED = {"prospect.followup.rule": {"last_error", "last_error_date"}}


def fuzzed_fields(model):
    """Names of the fields `model` gets from the addon that a client may
    write: stored or with an inverse, not related, not computed read-only,
    not owned by the server."""
    server = set(getattr(model, "_prospect_server_fields", ()))
    magic = {*models.MAGIC_COLUMNS, "display_name"}
    return sorted(
        name
        for name, field in model._fields.items()
        if field._module == MODULE
        and field.type in FUZZED_TYPES
        and name not in magic
        and name not in server
        and name not in DROPPED.get(model._name, ())
        and not field.related
        and not (field.compute and field.readonly and not field.inverse)
    )


@tagged("post_install", "-at_install")
class TestFuzzInput(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["prospect.followup.rule"].search([]).active = False
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.lead = cls._create_leads(1, name="Difuso")
        call = cls.env.ref("mail.mail_activity_data_call")
        cls.rule = cls.env["prospect.followup.rule"].create(
            {
                "name": "Regla difusa",
                "trigger": "lead_created",
                "company_id": cls.company.id,
                "step_ids": [
                    Command.create({"activity_type_id": call.id, "summary": "Llamar"})
                ],
            }
        )
        cls.step = cls.rule.step_ids
        cls.criterion = cls.env["prospect.qualification.criterion"].create(
            {"name": "Urgencia", "code": "need", "company_id": cls.company.id}
        )
        cls.medium = cls.env["utm.medium"].create({"name": "Feria difusa"})
        cls.activity_type = cls.env["mail.activity.type"].create(
            {"name": "Visita difusa", "res_model": "crm.lead"}
        )
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Difusa"})
        cls.tag = cls.env["prospect.interest.tag"].create({"name": "Difusa"})

    # ------------------------------------------------------------------
    # The property
    # ------------------------------------------------------------------

    def _snapshot(self, record, names):
        self.env.invalidate_all()
        return record.sudo().read([*names, "write_date"])[0]

    def _write(self, record, values):
        """Write as a client would: a database refusal becomes the
        ValidationError Odoo's RPC layer returns. Returns the refusal."""
        try:
            with self.env.cr.savepoint():
                record.write(values)
                self.env.flush_all()
        except UserError as exc:  # ValidationError and AccessError included
            return exc
        except IntegrityError as exc:
            return _as_validation_error(self.env, exc)
        return None

    def _assert_stored(self, record, name, value):
        field = record._fields[name]
        # Archived records (a team, say) are stored too; reading hides them.
        stored = record.sudo().with_context(active_test=False)[name]
        label = f"{record._name}.{name} = {str(value)[:80]!r}"
        if field.type == "html":
            self.assertNotIn("<script", (stored or "").lower(), label)
            return
        if field.type == "many2one":
            self.assertEqual(stored.id, value or False, label)
        elif field.type == "many2many":
            self.assertEqual(set(stored.ids), set(value[0][2]), label)
        elif field.type in ("char", "text", "selection"):
            self.assertEqual(stored or False, value or False, label)
        elif field.type == "integer":
            self.assertEqual(stored, int(value or 0), label)
        elif field.type == "float":
            expected = float(value or 0)
            digits = field.get_digits(self.env)
            if digits:
                expected = float_round(expected, precision_digits=digits[1])
            self.assertTrue(
                math.isclose(stored, expected, rel_tol=1e-9, abs_tol=1e-6),
                f"{label}: stored {stored}",
            )
        elif field.type == "boolean":
            self.assertEqual(stored, bool(value), label)
        elif field.type == "datetime":
            self.assertEqual(stored, value and value.replace(microsecond=0), label)
        else:
            self.assertEqual(stored, value, label)

    def _fuzz(self, records, users):
        """Fuzz every client-writable field of the addon on `records`, as
        each of `users`."""
        model = records[0]
        names = fuzzed_fields(model)
        self.assertTrue(names, f"nothing to fuzz on {model._name}")
        env = self.env
        outcomes = {"stored": 0, "refused": 0}

        @FUZZ
        @given(
            st.sampled_from(range(len(records))),
            st.sampled_from(users),
            st.sampled_from(names).flatmap(
                lambda name: st.tuples(
                    st.just(name), value_strategy(model._fields[name], env)
                )
            ),
        )
        def write_one(index, user, name_value):
            name, value = name_value
            record = records[index]
            before = self._snapshot(record, names)
            refusal = self._write(record.with_user(user), {name: value})
            self.env.invalidate_all()
            if refusal is None:
                self._assert_stored(record, name, value)
                outcomes["stored"] += 1
                return
            outcomes["refused"] += 1
            message = str(refusal.args[0] if refusal.args else "")
            self.assertGreater(
                len(message.strip()), 15, f"{name}={value!r}: {message!r}"
            )
            self.assertEqual(
                self._snapshot(record, names),
                before,
                f"half-written after a refusal of {record._name}.{name}",
            )

        write_one()
        # Both ways were taken: the values are not all refused (nor all taken).
        self.assertTrue(outcomes["stored"] and outcomes["refused"], outcomes)
        self._assert_server_work_survives()

    def _fuzz_create(self, model_name, users, base_values):
        """Create records of `model_name` with 1 to 4 fuzzed fields over
        `base_values`: created whole, or refused with nothing created."""
        Model = self.env[model_name]
        names = fuzzed_fields(Model)
        env = self.env
        outcomes = {"stored": 0, "refused": 0}

        @FUZZ
        @given(
            st.sampled_from(users),
            st.lists(
                st.sampled_from(names), min_size=1, max_size=4, unique=True
            ).flatmap(
                lambda chosen: st.fixed_dictionaries(
                    {name: value_strategy(Model._fields[name], env) for name in chosen}
                )
            ),
        )
        def create_one(user, fuzzed):
            values = dict(base_values, **fuzzed)
            before = Model.sudo().with_context(active_test=False).search_count([])
            record = None
            try:
                with self.env.cr.savepoint():
                    record = Model.with_user(user).create(values)
                    self.env.flush_all()
            except UserError as exc:
                refusal = exc
            except IntegrityError as exc:
                refusal = _as_validation_error(self.env, exc)
            else:
                refusal = None
            self.env.invalidate_all()
            if refusal is None:
                for name, value in fuzzed.items():
                    self._assert_stored(record, name, value)
                outcomes["stored"] += 1
                return
            outcomes["refused"] += 1
            self.assertGreater(len(str(refusal.args[0]).strip()), 15, fuzzed)
            self.assertEqual(
                Model.sudo().with_context(active_test=False).search_count([]),
                before,
                f"a {model_name} was created by a refused call: {fuzzed}",
            )

        create_one()
        self.assertTrue(outcomes["stored"] and outcomes["refused"], outcomes)

    def _assert_server_work_survives(self):
        """The crons, the rescoring and what shows the fuzzed records run
        through whatever was stored."""
        self.env.flush_all()
        Lead = self.env["crm.lead"]
        self.rule.sudo().active = True
        Lead.create(
            {
                "name": "Después del fuzz",
                "team_id": self.team.id,
                "user_id": self.user_salesman.id,
                "company_id": self.company.id,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        run_followup_crons(self.env)
        Lead._recompute_qualification_scores([("id", "=", self.lead.id)])
        self.criterion.sudo()._recompute_lead_scores()
        self.env["res.partner"]._cron_prospect_update_customer_class()
        self.lead.invalidate_recordset()
        self.assertTrue(self.lead.with_user(self.user_salesman).qualification_breakdown)
        self.env["prospect.qualification.dashboard"].with_user(
            self.user_manager
        ).get_dashboard_data(0)
        self.env.flush_all()

    # ------------------------------------------------------------------
    # The fields, by model
    # ------------------------------------------------------------------

    def test_fuzz_lead(self):
        self._fuzz([self.lead], [self.user_salesman, self.user_manager])

    def test_fuzz_stage_gate(self):
        self._fuzz(
            [self.stage_prospect, self.stage_qualified],
            [self.user_salesman, self.user_manager],
        )

    def test_fuzz_team(self):
        self._fuzz([self.team], [self.user_salesman, self.user_manager])

    def test_fuzz_company_settings(self):
        self._fuzz([self.company], [self.user_manager, self.user_admin])

    def test_fuzz_criterion(self):
        self._fuzz([self.criterion], [self.user_salesman, self.user_manager])

    def test_fuzz_followup_rule(self):
        self._fuzz([self.rule], [self.user_salesman, self.user_manager])

    def test_fuzz_followup_step(self):
        self._fuzz([self.step], [self.user_salesman, self.user_manager])

    def test_fuzz_followup_branch(self):
        later = self.env["prospect.followup.step"].create(
            {
                "rule_id": self.rule.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_email").id,
                "sequence": 20,
            }
        )
        branch = self.env["prospect.followup.branch"].create(
            {
                "step_id": self.step.id,
                "outcome": "no_answer",
                "action": "goto",
                "target_step_id": later.id,
            }
        )
        self._fuzz([branch], [self.user_salesman, self.user_manager])

    def test_fuzz_promise(self):
        promise = (
            self.env["prospect.promise"]
            .with_user(self.user_salesman)
            .create(
                {
                    "lead_id": self.lead.id,
                    "name": "Enviar la propuesta",
                    "date_due": fields.Date.today(),
                }
            )
        )
        self._fuzz([promise], [self.user_salesman, self.user_manager])
        # The promises' scheduler settles and reminds whatever was stored.
        self.env["prospect.promise"]._cron_settle_promises()
        self.env.flush_all()

    def test_fuzz_medium_activity_type_lost_reason_tag(self):
        users = [self.user_salesman, self.user_manager]
        for record in (self.medium, self.activity_type, self.lost_reason, self.tag):
            with self.subTest(model=record._name):
                self._fuzz([record], users)

    def test_fuzz_create(self):
        salespeople = [self.user_salesman, self.user_manager]
        with self.subTest(model="crm.lead"):
            self._fuzz_create(
                "crm.lead",
                salespeople,
                {
                    "name": "Creado difuso",
                    "team_id": self.team.id,
                    "user_id": self.user_salesman.id,
                },
            )
        with self.subTest(model="prospect.followup.step"):
            self._fuzz_create(
                "prospect.followup.step",
                [self.user_manager],
                {
                    "rule_id": self.rule.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                },
            )
        with self.subTest(model="prospect.interest.tag"):
            self._fuzz_create("prospect.interest.tag", salespeople, {"name": "Difusa"})
        self._assert_server_work_survives()

    def test_fuzz_settings(self):
        """The CRM settings of the addon (the company's fields, through
        res.config.settings), as the administrator."""
        Settings = self.env["res.config.settings"].with_user(self.user_admin)
        names = [
            name
            for name, field in Settings._fields.items()
            if field._module == MODULE and field.related
        ]
        self.assertTrue(names)
        env = self.env

        @FUZZ
        @given(
            st.fixed_dictionaries(
                {},
                optional={
                    name: value_strategy(Settings._fields[name], env) for name in names
                },
            )
        )
        def save(values):
            company_fields = [
                Settings._fields[name].related.split(".")[-1] for name in values
            ]
            before = self._snapshot(self.company, company_fields)
            try:
                with self.env.cr.savepoint():
                    Settings.create(values).execute()
                    self.env.flush_all()
            except UserError as exc:
                self.assertGreater(len(str(exc.args[0]).strip()), 15, values)
                self.assertEqual(self._snapshot(self.company, company_fields), before)
                return
            for name, value in values.items():
                self._assert_stored(
                    self.company, Settings._fields[name].related.split(".")[-1], value
                )

        save()
        self._assert_server_work_survives()

    def test_fuzz_calibration(self):
        calibration = self.env["prospect.score.calibration"].create(
            {"company_id": self.company.id}
        )
        self._fuzz([calibration], [self.user_salesman, self.user_manager])
        # Computing and checking drift go through whatever period was stored.
        try:
            with self.env.cr.savepoint():
                calibration.with_user(self.user_manager).action_compute()
        except UserError as exc:  # e.g. "was applied": a message, not a crash
            self.assertTrue(str(exc.args[0]).strip())
        calibration.sudo().write({"state": "done", "reference_auc": 0.8})
        self.env["prospect.score.calibration"]._cron_check_drift()

    def test_fuzz_promotion_wizard(self):
        wizard = (
            self.env["prospect.promotion.wizard"]
            .with_user(self.user_salesman)
            .with_context(active_model="crm.lead", active_ids=self.lead.ids)
            .create({})
        )
        self._fuzz([wizard], [self.user_salesman, self.user_manager])
