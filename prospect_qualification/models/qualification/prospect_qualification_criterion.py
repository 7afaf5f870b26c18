# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
from contextlib import contextmanager, nullcontext

from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .. import trust
from ..bounds import bounded_field

_logger = logging.getLogger(__name__)

# The five criteria of the product brief; each has a selection field
# `qualification_<code>` on crm.lead.
CRITERION_CODES = [
    ("need", "Need"),
    ("budget", "Budget"),
    ("authority", "Authority"),
    ("access", "Access"),
    ("fit", "Fit"),
]
# Unique index on (code, company): see ProspectQualificationCriterion.init().
CODE_INDEX = "prospect_qualification_criterion_code_company_uniq"


class ProspectQualificationCriterion(models.Model):
    _name = "prospect.qualification.criterion"
    _inherit = ["prospect.input.check.mixin", "mail.thread"]
    _description = "Qualification Criterion"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        CRITERION_CODES,
        required=True,
        help="Which question of the lead this criterion weighs.",
    )
    weight = bounded_field(
        fields.Float,
        "criterion_weight",
        "Relative weight of this criterion in the qualification score. 0 leaves "
        "it out of the score.",
        default=1.0,
        digits=(16, 2),
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="The question the salesperson answers; shown as help on the lead.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the criterion with every company. A criterion "
        "of a company overrides the shared one with the same code for its leads.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("weight")
    def _check_weight(self):
        self._prospect_check_bounds(["weight"])

    def init(self):
        # One criterion per code and company, whatever the number of users
        # saving at once. Shared criteria have no company: NULL is never equal
        # to NULL in a unique index, hence COALESCE.
        table = SQL.identifier(self._table)
        duplicates = self.env.execute_query(
            SQL(
                """SELECT code, COALESCE(company_id, 0), array_agg(id ORDER BY id)
                     FROM %s GROUP BY 1, 2 HAVING count(*) > 1""",
                table,
            )
        )
        if duplicates:
            # Saved before the index existed: a manager must remove them.
            _logger.warning(
                "Qualification criteria with the same code in the same company "
                "(code, company id, criterion ids): %s. Delete or merge them; the "
                "database cannot guarantee unique codes until then.",
                duplicates,
            )
            return
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s
                        ON %s (code, COALESCE(company_id, 0))""",
                SQL.identifier(CODE_INDEX),
                table,
            )
        )

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        keys = set()
        for criterion in self:
            key = (criterion.code, criterion.company_id.id)
            if key in keys:
                self._raise_code_taken(criterion.code, criterion.company_id)
            keys.add(key)
        domain = [("code", "in", self.mapped("code")), ("id", "not in", self.ids)]
        # Other companies' criteria count too: the code is unique per company.
        others = self.sudo().with_context(active_test=False).search(domain)
        taken = {(c.code, c.company_id.id) for c in others}
        for criterion in self:
            if (criterion.code, criterion.company_id.id) in taken:
                self._raise_code_taken(criterion.code, criterion.company_id)

    @api.model
    def _raise_code_taken(self, code, company):
        """A criterion for `code` exists already in `company` (none: shared)."""
        raise ValidationError(
            self.env._(
                "There is already a criterion for “%(code)s” in %(company)s. "
                "Edit that one (it may be archived) instead of adding another.",
                code=dict(self._fields["code"]._description_selection(self.env))[code],
                company=company.name or self.env._("all companies"),
            )
        )

    @contextmanager
    def _code_unique_guard(self):
        """Turn a violation of the unique index on codes into the message of
        _check_code_unique: a batch is inserted before its constraints run."""
        try:
            with self.env.cr.savepoint():
                yield
        except pg_errors.UniqueViolation as error:
            # "Key (code, COALESCE(company_id, 0))=(need, 0) already exists."
            key = re.search(r"\)=\((\w+), (\d+)\)", error.diag.message_detail or "")
            if error.diag.constraint_name != CODE_INDEX or not key:
                raise
            code, company_id = key.groups()
            # sudo: the name of the company whose criterion holds the code.
            company = self.env["res.company"].sudo().browse(int(company_id))
            self._raise_code_taken(code, company)

    # ------------------------------------------------------------------
    # Weights
    # ------------------------------------------------------------------

    @api.model
    def _get_weights_by_company(self, companies):
        """{company id or False: {code: weight}} for the given companies.

        A company's own criterion overrides the shared one with the same code;
        archived criteria are left out. The same for whoever triggers a
        score's compute, and read from a cache (no query) cleared when a
        criterion changes: crm recomputes scores on every team or
        salesperson change of a lead."""
        table = self._weights_table()
        shared = table.get(False, {})
        result = {False: dict(shared)}
        for company in companies:
            result[company.id] = {**shared, **table.get(company.id, {})}
        return result

    @api.model
    @tools.ormcache()
    def _weights_table(self):
        """{company id or False (shared): {code: weight}} of the active
        criteria (never mutate it: it is cached)."""
        table = {}
        # sudo: the weights are configuration, whatever the user's companies.
        for criterion in (
            self.sudo().with_context(active_test=True).search([("active", "=", True)])
        ):
            table.setdefault(criterion.company_id.id, {})[criterion.code] = (
                criterion.weight
            )
        return table

    @api.model
    def _criteria_in_force(self, company):
        """{code: criterion} of the active criteria that weigh the leads of
        `company` (its own override the shared ones), in their order."""
        # sudo: the weights are configuration, whatever the user's companies;
        # the caller writes them back with its own rights.
        criteria = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", [company.id, False])])
        )
        in_force = {}
        for criterion in criteria.sorted(lambda c: bool(c.company_id)):
            in_force[criterion.code] = criterion
        ordered = sorted(in_force.values(), key=lambda c: (c.sequence, c.id))
        return {criterion.code: criterion.sudo(False) for criterion in ordered}

    def _prospect_set_weights(self, weights):
        """Write a weight per criterion ({criterion: weight}) and rescore
        the leads once, in batches (writing them one by one would rescore
        every lead once per criterion)."""
        self.env.registry.clear_cache()  # weights
        for criterion, weight in weights.items():
            super(ProspectQualificationCriterion, criterion).write({"weight": weight})
        criteria = self.browse([criterion.id for criterion in weights])
        criteria._recompute_lead_scores()
        return criteria

    @api.model
    def _get_labels_for_company(self, company):
        """{code: (name, question)} of the active criteria that apply to
        `company`, in the user's language; cached (fields_get asks for them
        at every tracked change of a lead)."""
        return self._labels_table(company.id, self.env.lang)

    @api.model
    @tools.ormcache("company_id", "lang")
    def _labels_table(self, company_id, lang):
        # Labels and questions are shown to anyone who sees a lead form,
        # including users without access to the configuration.
        criteria = (
            self.sudo()
            .with_context(lang=lang, active_test=True)
            .search([("company_id", "in", [company_id, False])])
        )
        labels = {}
        # Shared ones first, so that the company's own criterion wins.
        for criterion in criteria.sorted(lambda c: bool(c.company_id)):
            labels[criterion.code] = (criterion.name, criterion.description)
        return labels

    # ------------------------------------------------------------------
    # Keep scores in step with the weights
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        with self._code_unique_guard():
            criteria = super().create(vals_list)
        self.env.registry.clear_cache()  # weights and labels
        # While the module installs, the post-init hook scores every lead once
        # (the registry tells; Odoo's install_mode key, anyone can send).
        if not trust.modules_loading(self.env):
            criteria._recompute_lead_scores()
        return criteria

    def write(self, vals):
        self.env.registry.clear_cache()  # weights and labels
        if not {"weight", "active", "code", "company_id"} & set(vals):
            return super().write(vals)
        # Leads scored under the old company must be recomputed too.
        companies_before = self.company_id
        shared_before = any(not c.company_id for c in self)
        with (
            self._code_unique_guard()
            if {"code", "company_id"} & set(vals)
            else nullcontext()
        ):
            res = super().write(vals)
        self._recompute_lead_scores(companies_before, shared_before)
        return res

    def update_field_translations(self, field_name, translations, source_lang=None):
        self.env.registry.clear_cache()  # labels
        return super().update_field_translations(
            field_name, translations, source_lang=source_lang
        )

    def unlink(self):
        self.env.registry.clear_cache()  # weights and labels
        companies = self.company_id
        shared = any(not c.company_id for c in self)
        res = super().unlink()
        self.browse()._recompute_lead_scores(companies, shared)
        return res

    def _recompute_lead_scores(self, extra_companies=None, extra_shared=False):
        """Recompute the scores of the leads these criteria weigh (and of the
        leads of `extra_companies`, or of all leads when `extra_shared`)."""
        companies = self.company_id | (extra_companies or self.env["res.company"])
        shared = extra_shared or any(not c.company_id for c in self)
        if not companies and not shared:
            return
        self.flush_model()
        domain = [] if shared else [("company_id", "in", companies.ids)]
        self.env["crm.lead"]._recompute_qualification_scores(domain)
