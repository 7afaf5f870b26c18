# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Calibration of the qualification score against the closed opportunities
of a period, team and company: how well the current weights separate won
from lost (next to Odoo's predictive lead scoring), won rates by answer,
level and score band, suggested weights and thresholds, and a monthly
drift check. The statistics are pure functions in tools/score_statistics.py;
this model reads the leads, calls them and keeps the figures."""

from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

from ...tools import qualification_score
from ...tools import score_statistics as stats
from ...tools.qualification_score import ANSWER_VALUES
from .. import trust
from ..qualification.crm_lead_qualification import QUALIFICATION_FIELDS
from ..selections import QUALIFICATION_ANSWERS, QUALIFICATION_LEVELS

# A drift check warns when the AUC of the current weights fell by more than
# this since the last calibration.
DRIFT_AUC_DROP = 0.05
MANAGER_GROUP = "sales_team.group_sale_manager"
# The figures of a calibration: computed by the server, never sent by a client.
CALIBRATION_FIGURES = (
    "date",
    "won_count",
    "lost_count",
    "base_rate",
    "enough_data",
    "insufficient_reason",
    "auc_current",
    "brier_current",
    "auc_pls",
    "brier_pls",
    "pls_count",
    "auc_suggested",
    "cv_auc_current",
    "cv_auc_suggested",
    "current_warm_threshold",
    "current_hot_threshold",
    "suggested_warm_threshold",
    "suggested_hot_threshold",
    "reference_auc",
    "report_data",
    "applied_date",
    "applied_uid",
    "drift_reference_id",
    "auc_drop",
)
# Set by the server too, but with a default that must reach new records (the
# mixin leaves defaults of its fields out for clients): refused here.
CALIBRATION_LOCKED = ("state", "kind")


class ProspectScoreCalibration(models.Model):
    _name = "prospect.score.calibration"
    _description = "Score Calibration"
    _inherit = [
        "prospect.server.fields.mixin",
        "prospect.input.check.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _prospect_server_fields = CALIBRATION_FIGURES

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        [("manual", "Calibration"), ("drift", "Drift Check")],
        default="manual",
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Computed"), ("applied", "Applied")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Leave empty for the opportunities of every team of the company.",
    )
    date_from = fields.Date(
        string="Closed From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=365),
    )
    date_to = fields.Date(
        string="Closed To",
        required=True,
        default=fields.Date.context_today,
    )
    date = fields.Datetime(string="Computed On", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    base_rate = fields.Float(
        string="Won Rate (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the closed opportunities of the period that were won.",
    )
    enough_data = fields.Boolean(readonly=True)
    insufficient_reason = fields.Char(readonly=True)
    auc_current = fields.Float(
        string="AUC of the Current Score",
        digits=(16, 3),
        readonly=True,
        help="Probability that a won opportunity scores higher than a lost "
        "one (0.5: no better than chance; 1: perfect).",
    )
    brier_current = fields.Float(
        string="Brier of the Current Score",
        digits=(16, 3),
        readonly=True,
        help="Mean squared error of the probability of winning read from the "
        "score (0: perfect; 0.25: a coin toss).",
    )
    auc_pls = fields.Float(
        string="AUC of Predictive Lead Scoring", digits=(16, 3), readonly=True
    )
    brier_pls = fields.Float(
        string="Brier of Predictive Lead Scoring", digits=(16, 3), readonly=True
    )
    pls_count = fields.Integer(
        string="Opportunities with a PLS Probability", readonly=True
    )
    auc_suggested = fields.Float(
        string="AUC of the Suggested Weights", digits=(16, 3), readonly=True
    )
    cv_auc_current = fields.Float(
        string="Cross-validated AUC, Current", digits=(16, 3), readonly=True
    )
    cv_auc_suggested = fields.Float(
        string="Cross-validated AUC, Suggested",
        digits=(16, 3),
        readonly=True,
        help="Mean AUC over 5 folds of weights fitted on the other four: "
        "how the suggestion does on opportunities it did not see.",
    )
    current_warm_threshold = fields.Integer(string="Current Warm From", readonly=True)
    current_hot_threshold = fields.Integer(string="Current Hot From", readonly=True)
    suggested_warm_threshold = fields.Integer(
        string="Suggested Warm From", readonly=True
    )
    suggested_hot_threshold = fields.Integer(string="Suggested Hot From", readonly=True)
    reference_auc = fields.Float(
        string="Reference AUC",
        digits=(16, 3),
        readonly=True,
        help="AUC of the weights in force after this calibration (the current "
        "ones, or the suggested ones once applied): what the drift check "
        "compares with.",
    )
    line_ids = fields.One2many(
        "prospect.score.calibration.line", "calibration_id", string="Weights"
    )
    report_data = fields.Json(readonly=True)
    report_html = fields.Html(
        string="Report", compute="_compute_report_html", sanitize=False
    )
    applied_date = fields.Datetime(readonly=True)
    applied_uid = fields.Many2one("res.users", string="Applied By", readonly=True)
    drift_reference_id = fields.Many2one(
        "prospect.score.calibration",
        string="Compared With",
        readonly=True,
        ondelete="set null",
    )
    auc_drop = fields.Float(string="AUC Drop", digits=(16, 3), readonly=True)
    can_apply = fields.Boolean(compute="_compute_can_apply")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_locked_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_locked_fields([vals])
        return super().write(vals)

    @api.model
    def _check_locked_fields(self, vals_list):
        """The state and kind of a calibration are the server's."""
        if trust.is_server_code(self.env):
            return
        sent = [f for f in CALIBRATION_LOCKED if any(f in vals for vals in vals_list)]
        if sent:
            raise UserError(
                self.env._(
                    "These fields are computed by the server and cannot be set: "
                    "%(fields)s. Leave them out of the values you send.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in sent
                    ),
                )
            )

    @api.depends("kind", "date_from", "date_to", "team_id", "company_id")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for calibration in self:
            calibration.name = self.env._(
                "%(kind)s %(date_from)s – %(date_to)s, %(scope)s",
                kind=kinds.get(calibration.kind, ""),
                date_from=calibration.date_from or "",
                date_to=calibration.date_to or "",
                scope=calibration.team_id.name or calibration.company_id.name or "",
            )

    @api.depends("state", "kind", "line_ids.suggested_weight")
    def _compute_can_apply(self):
        for calibration in self:
            calibration.can_apply = (
                calibration.kind == "manual"
                and calibration.state == "done"
                and any(calibration.line_ids.mapped("suggested_weight"))
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for calibration in self:
            if calibration.date_from > calibration.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of a calibration must start before it ends "
                        "(now from %(date_from)s to %(date_to)s).",
                        date_from=calibration.date_from,
                        date_to=calibration.date_to,
                    )
                )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only sales managers can calibrate the score.")
            )

    def action_compute(self):
        self._check_manager()
        self.check_access("write")
        for calibration in self:
            if calibration.state == "applied":
                raise UserError(
                    self.env._(
                        "“%(name)s” was applied: start a new calibration to "
                        "measure the new weights.",
                        name=calibration.name,
                    )
                )
            calibration._calibrate()
        return True

    def _calibration_leads(self):
        """The closed opportunities of the period, team and company (crm's
        conventions: won = active in a won stage; lost = archived with a
        probability of 0), oldest first; one query."""
        self.ensure_one()
        date_from = datetime.combine(self.date_from, time.min)
        # The end of the last day (no day after 9999-12-31 to start from).
        date_to = datetime.combine(self.date_to, time.max)
        domain = [
            ("type", "=", "opportunity"),
            ("company_id", "=", self.company_id.id),
            ("date_closed", ">=", date_from),
            ("date_closed", "<=", date_to),
            "|",
            "&",
            ("active", "=", True),
            ("stage_id.is_won", "=", True),
            "&",
            ("active", "=", False),
            ("probability", "=", 0),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search_fetch(
                domain,
                [*QUALIFICATION_FIELDS, "active", "team_id", "stage_id"],
                order="date_closed, id",
            )
        )

    def _calibrate(self):
        """Compute every figure of this calibration (one read of the leads;
        the statistics run on grouped answers)."""
        self.ensure_one()
        company = self.company_id
        criteria = self.env["prospect.qualification.criterion"]._criteria_in_force(
            company
        )
        codes = list(criteria)
        current = [criteria[code].weight for code in codes]
        total = sum(current) or float(len(codes))
        leads = self._calibration_leads()
        xs = [
            tuple(ANSWER_VALUES[lead[f"qualification_{code}"]] for code in codes)
            for lead in leads
        ]
        ys = [bool(lead.active) for lead in leads]
        won = sum(ys)
        lost = len(ys) - won
        base = won / len(ys) if ys else 0.0
        scores = [stats.score_of(x, current) for x in xs]
        warm, hot = company._prospect_level_thresholds()
        levels = [qualification_score.level(score, warm, hot) for score in scores]
        values = {
            "state": "done",
            "date": fields.Datetime.now(),
            "won_count": won,
            "lost_count": lost,
            "base_rate": base * 100.0,
            "current_warm_threshold": warm,
            "current_hot_threshold": hot,
            "enough_data": False,
            "insufficient_reason": False,
            "auc_current": 0.0,
            "brier_current": 0.0,
            "auc_pls": 0.0,
            "brier_pls": 0.0,
            "pls_count": 0,
            "auc_suggested": 0.0,
            "cv_auc_current": 0.0,
            "cv_auc_suggested": 0.0,
            "suggested_warm_threshold": 0,
            "suggested_hot_threshold": 0,
            "reference_auc": 0.0,
        }
        report = {
            "codes": codes,
            "answers": self._answer_tables(leads, codes, ys, base),
            "levels": stats.rate_rows(
                [
                    (level, *self._count(ys, levels, level))
                    for level, _label in QUALIFICATION_LEVELS
                ],
                base,
            ),
            "bands": [],
            "pls": None,
        }
        suggested = None
        if won and lost:
            probabilities = stats.score_probabilities(scores, ys)
            values.update(
                auc_current=stats.roc_auc(ys, scores),
                brier_current=stats.brier_score(ys, probabilities),
            )
            values["reference_auc"] = values["auc_current"]
            report["bands"] = stats.score_bands(scores, ys, probabilities)
            report["pls"] = self._pls_figures(leads, ys, scores)
            if report["pls"]:
                values.update(
                    auc_pls=report["pls"]["auc"],
                    brier_pls=report["pls"]["brier"],
                    pls_count=report["pls"]["count"],
                )
        if won < stats.MIN_WON or lost < stats.MIN_LOST:
            values["insufficient_reason"] = self.env._(
                "%(won)s won and %(lost)s lost opportunities closed in this "
                "period; at least %(min_won)s won and %(min_lost)s lost are "
                "needed to suggest weights. Widen the period or leave the team "
                "empty.",
                won=won,
                lost=lost,
                min_won=stats.MIN_WON,
                min_lost=stats.MIN_LOST,
            )
        else:
            suggested = stats.fit_weights(xs, ys, total)
            if not suggested:
                values["insufficient_reason"] = self.env._(
                    "No criterion answered yes goes with winning more often in "
                    "this period: there are no weights to suggest."
                )
        coefficients = [0.0] * len(codes)
        if suggested:
            _intercept, coefficients = stats.logistic_fit(stats.aggregate(xs, ys))
            suggested_scores = [stats.score_of(x, suggested) for x in xs]
            cv_current, cv_suggested = stats.cross_validated_auc(xs, ys, current, total)
            thresholds = stats.suggest_thresholds(suggested_scores, ys)
            values.update(
                enough_data=True,
                auc_suggested=stats.roc_auc(ys, suggested_scores),
                cv_auc_current=cv_current or 0.0,
                cv_auc_suggested=cv_suggested or 0.0,
                suggested_warm_threshold=thresholds[0] if thresholds else 0,
                suggested_hot_threshold=thresholds[1] if thresholds else 0,
            )
        values["report_data"] = report
        values["line_ids"] = [(5, 0, 0)] + [
            (
                0,
                0,
                {
                    "criterion_id": criteria[code].id,
                    "current_weight": criteria[code].weight,
                    "suggested_weight": suggested[position] if suggested else 0.0,
                    "coefficient": coefficients[position],
                },
            )
            for position, code in enumerate(codes)
        ]
        # sudo: the figures are the server's (clients may not send them).
        self.sudo().write(values)

    @staticmethod
    def _count(ys, levels, level):
        """(won, total) of the leads of this level."""
        inside = [won for won, other in zip(ys, levels, strict=True) if other == level]
        return sum(inside), len(inside)

    @api.model
    def _answer_tables(self, leads, codes, ys, base):
        """[{code, rows}]: won rate by answer of each criterion."""
        tables = []
        for code in codes:
            fname = f"qualification_{code}"
            counts = {answer: [0, 0] for answer, _label in QUALIFICATION_ANSWERS}
            for lead, won in zip(leads, ys, strict=True):
                counts[lead[fname] or "unknown"][0] += 1 if won else 0
                counts[lead[fname] or "unknown"][1] += 1
            tables.append(
                {
                    "code": code,
                    "rows": stats.rate_rows(
                        [
                            (answer, won, total)
                            for answer, (won, total) in reversed(counts.items())
                        ],
                        base,
                    ),
                }
            )
        return tables

    @api.model
    def _pls_figures(self, leads, ys, scores):
        """AUC and Brier of Odoo's predictive lead scoring on the same leads,
        next to the current score's on those leads; None when PLS gives no
        probability (its frequency table is empty)."""
        probabilities = leads._prospect_pls_probabilities()
        pairs = [
            (won, probabilities[lead.id] / 100.0, score)
            for lead, won, score in zip(leads, ys, scores, strict=True)
            if lead.id in probabilities
        ]
        pls_ys = [won for won, _p, _s in pairs]
        if not pairs or all(pls_ys) or not any(pls_ys):
            return None
        return {
            "count": len(pairs),
            "auc": stats.roc_auc(pls_ys, [p for _won, p, _s in pairs]),
            "brier": stats.brier_score(pls_ys, [p for _won, p, _s in pairs]),
            "auc_score": stats.roc_auc(pls_ys, [s for _won, _p, s in pairs]),
        }

    # ------------------------------------------------------------------
    # Apply
    # ------------------------------------------------------------------

    def action_apply(self):
        """Write the suggested weights on the criteria in force (one
        rescoring of the leads, in batches) and log the before and after
        figures in each criterion's chatter."""
        self._check_manager()
        self.ensure_one()
        if not self.can_apply:
            raise UserError(
                self.env._(
                    "Only a computed calibration with suggested weights can be "
                    "applied (this one: %(state)s).",
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        lines = self.line_ids.filtered("criterion_id")
        before = {line.criterion_id: line.criterion_id.weight for line in lines}
        self.env["prospect.qualification.criterion"]._prospect_set_weights(
            {line.criterion_id: line.suggested_weight for line in lines}
        )
        gate = self.env["prospect.gate"]
        lines.criterion_id._message_log_batch(
            {
                line.criterion_id.id: gate._render(
                    "prospect_qualification.calibration_weight_note",
                    calibration=self,
                    before=before[line.criterion_id],
                    after=line.suggested_weight,
                    fmt=self._fmt,
                )
                for line in lines
            }
        )
        # sudo: the figures are the server's (clients may not send them).
        self.sudo().write(
            {
                "state": "applied",
                "applied_date": fields.Datetime.now(),
                "applied_uid": self.env.uid,
                "reference_auc": self.auc_suggested,
            }
        )
        return True

    def action_apply_thresholds(self):
        """Write the suggested warm and hot thresholds on the company (the
        company's settings: its administrators only)."""
        self._check_manager()
        self.ensure_one()
        if not (self.suggested_warm_threshold and self.suggested_hot_threshold):
            raise UserError(self.env._("This calibration suggests no thresholds."))
        self.company_id.write(
            {
                "prospect_warm_threshold": self.suggested_warm_threshold,
                "prospect_hot_threshold": self.suggested_hot_threshold,
            }
        )
        self.message_post(
            body=self.env._(
                "Thresholds applied: warm from %(warm)s, hot from %(hot)s.",
                warm=self.suggested_warm_threshold,
                hot=self.suggested_hot_threshold,
            )
        )
        return True

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------

    def _fmt(self, value, digits=2):
        """A figure in the user's language ("0,81" in Spanish); "–" when
        there is none."""
        if value is None or value is False:
            return "–"
        return formatLang(self.env, value, digits=digits)

    @api.depends("report_data", "state")
    @api.depends_context("lang")
    def _compute_report_html(self):
        Lead = self.env["crm.lead"]
        answers = dict(
            Lead._fields["qualification_need"]._description_selection(self.env)
        )
        levels = dict(
            Lead._fields["qualification_level"]._description_selection(self.env)
        )
        for calibration in self:
            if calibration.state == "draft" or not calibration.report_data:
                calibration.report_html = False
                continue
            names = {
                line.criterion_id.code: line.criterion_id.name
                for line in calibration.line_ids
            }
            calibration.report_html = self.env["prospect.gate"]._render(
                "prospect_qualification.calibration_report",
                calibration=calibration,
                report=calibration.report_data,
                names=names,
                answers=answers,
                levels=levels,
                fmt=calibration._fmt,
            )

    # ------------------------------------------------------------------
    # Drift
    # ------------------------------------------------------------------

    @api.model
    def _cron_check_drift(self):
        """Monthly: measure the current weights on the opportunities closed
        in a period as long as the last calibration's, ending today, per
        company and team calibrated; when their AUC fell by more than 0.05,
        tell the sales managers (a note and a to-do on the check)."""
        groups = self._read_group(
            [
                ("kind", "=", "manual"),
                ("state", "in", ("done", "applied")),
                ("reference_auc", ">", 0),
            ],
            ["company_id", "team_id"],
            ["id:max"],
        )
        references = self.browse(sorted(max_id for _c, _t, max_id in groups))
        today = fields.Date.context_today(self)
        # A period longer than the calendar before today starts on its first day.
        longest = today - date.min
        checks = self.create(
            [
                {
                    "company_id": reference.company_id.id,
                    "team_id": reference.team_id.id,
                    "date_from": today
                    - min(reference.date_to - reference.date_from, longest),
                    "date_to": today,
                    "kind": "drift",
                }
                for reference in references
            ]
        )
        drifted = self.browse()
        for check, reference in zip(checks, references, strict=True):
            check._calibrate()
            measurable = (
                check.won_count >= stats.MIN_WON and check.lost_count >= stats.MIN_LOST
            )
            drop = reference.reference_auc - check.auc_current if measurable else 0.0
            check.sudo().write({"drift_reference_id": reference.id, "auc_drop": drop})
            if measurable and drop > DRIFT_AUC_DROP:
                drifted |= check
        drifted._notify_drift()
        self.env["ir.cron"]._notify_progress(done=len(checks), remaining=0)
        return checks

    def _notify_drift(self):
        """A note to the sales managers of the company and a to-do for each."""
        if not self:
            return
        managers = self.env.ref(MANAGER_GROUP).users.filtered(
            lambda user: not user.share and user.active
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for check in self:
            recipients = managers.filtered(
                lambda user, check=check: check.company_id in user.company_ids
            )
            check.message_post(
                body=self.env["prospect.gate"]._render(
                    "prospect_qualification.calibration_drift_note",
                    check=check,
                    fmt=check._fmt,
                ),
                partner_ids=recipients.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            activities += [
                {
                    "res_model_id": model_id,
                    "res_id": check.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._("Recalibrate the qualification score"),
                }
                for user in recipients
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )


class ProspectScoreCalibrationLine(models.Model):
    _name = "prospect.score.calibration.line"
    _description = "Score Calibration Weight"
    _order = "calibration_id, sequence, id"

    calibration_id = fields.Many2one(
        "prospect.score.calibration", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "prospect.qualification.criterion", ondelete="set null", readonly=True
    )
    sequence = fields.Integer(related="criterion_id.sequence")
    current_weight = fields.Float(digits=(16, 2), readonly=True)
    suggested_weight = fields.Float(digits=(16, 2), readonly=True)
    coefficient = fields.Float(
        string="Log-odds per Yes",
        digits=(16, 2),
        readonly=True,
        help="What a yes adds to the log-odds of winning in the regularised "
        "logistic regression, the other answers being equal.",
    )
