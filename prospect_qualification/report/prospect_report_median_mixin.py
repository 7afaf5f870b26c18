# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

# Aggregate of our own: pivot, graph and list ask for "<field>:median".
MEDIAN = "median"


class ProspectReportMedianMixin(models.AbstractModel):
    """Adds the median, an aggregate that Odoo does not have, to the
    reporting models that inherit it: a number field declared with
    ``aggregator="median"`` is aggregated with PERCENTILE_CONT(0.5) in
    PostgreSQL, so that pivot, graph and list show the exact median of any
    group (NULL values are left out, like AVG does)."""

    _name = "prospect.report.median.mixin"
    _description = "Median Aggregate for Reports"

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, property_name, func = parse_read_group_spec(aggregate_spec)
            if func == MEDIAN:
                field = self._fields.get(fname)
                if property_name or not field or field.type not in ("float", "integer"):
                    raise ValueError(
                        f"Invalid {aggregate_spec!r}: the median needs a number field."
                    )
                return SQL(
                    "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s)",
                    self._field_to_sql(self._table, fname, query),
                )
        return super()._read_group_select(aggregate_spec, query)
