# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values a client sends for the addon's fields, checked before they reach
the database.

Odoo's ORM turns an unknown selection key into a ValueError and PostgreSQL
refuses an integer beyond 32 bits, a NaN compared by a constraint passes it
and a too long unique text breaks its index: the client gets a server error
instead of a message. The models that carry fields of the addon list this
mixin first in ``_inherit``; create() and write() refuse such values with a
ValidationError that says what to send instead. Fields of other modules keep
Odoo's behaviour.

The numbers of a model's settings have bounds (models/bounds.py, fields
made by `bounded_field`): the same check refuses a value out of them before
anything is written, and the model's constraints call
`_prospect_check_bounds` with the same message."""

import math

from odoo import api, models
from odoo.exceptions import ValidationError

from .bounds import BOUNDS

MODULE = "prospect_qualification"
INTEGER_COLUMN = BOUNDS["integer_column"]


class ProspectInputCheckMixin(models.AbstractModel):
    _name = "prospect.input.check.mixin"
    _description = "Checks of the Values Sent for the Addon's Fields"

    # {field name: maximum length} of texts the model indexes.
    _prospect_input_max_length = {}

    def _valid_field_parameter(self, field, name):
        # The name of a field's bound in BOUNDS (bounds.bounded_field).
        return name == "prospect_bound" or super()._valid_field_parameter(field, name)

    @api.model_create_multi
    def create(self, vals_list):
        self._prospect_check_input(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._prospect_check_input([vals])
        return super().write(vals)

    @api.model
    def _prospect_check_input(self, vals_list):
        """Refuse the first value of `vals_list` (dicts of create or write)
        that a field of the addon cannot store."""
        for vals in vals_list:
            # Before the write and before the column's limits: a value out
            # of its bounds may fail in the database, or make what runs
            # after the write fail, before the constraints would say why.
            bounded = [
                name
                for name in vals
                if getattr(self._fields.get(name), "prospect_bound", None)
            ]
            if bounded:
                self._prospect_check_bounds(bounded, vals)
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None or field._module != MODULE:
                    continue
                error = self._prospect_input_error(field, value)
                if error:
                    raise ValidationError(error)

    def _prospect_check_bounds(self, fnames, vals=None):
        """Refuse a value of the fields `fnames` out of their bounds: the
        values of these records, or `vals` (create or write) over them."""
        vals = vals or {}
        for record in self or [self]:
            for fname in fnames:
                value = _number(vals[fname] if fname in vals else record[fname])
                bound = record._prospect_bound(fname, vals)
                if value is not None and value not in bound:
                    raise ValidationError(
                        record._prospect_bound_error(fname, value, bound, vals)
                    )

    def _prospect_bound(self, fname, vals):
        """The bound of `fname` for this record (or the one `vals` creates):
        a field with several bounds (one per unit) needs an override."""
        return BOUNDS[self._fields[fname].prospect_bound]

    def _prospect_bound_subject(self, vals):
        """What the message of a value out of bounds names: this record, or
        the one `vals` creates."""
        return self.display_name or vals.get(self._rec_name) or ""

    def _prospect_bound_error(self, fname, value, bound, vals):
        return self.env._(
            "%(record)s: “%(field)s” must be between %(min)s and %(max)s%(unit)s "
            "(received %(value)s).",
            record=self._prospect_bound_subject(vals),
            field=self._fields[fname]._description_string(self.env),
            min=bound.low,
            max=bound.high,
            unit=self._prospect_unit_label(bound.unit),
            value=value,
        )

    @api.model
    def _prospect_unit_label(self, unit):
        """The unit of a bound as the messages show it, after the number."""
        return {
            "": "",
            "days": self.env._(" days"),
            "hours": self.env._(" hours"),
            "working_minutes": self.env._(" working minutes"),
            "points": self.env._(" points"),
            "purchases": self.env._(" purchases"),
            "percent": " %",
        }[unit]

    @api.model
    def _prospect_input_error(self, field, value):
        """What is wrong with `value` for `field`, or None."""
        if field.type == "selection":
            return self._prospect_selection_error(field, value)
        label = field._description_string(self.env)
        if (
            field.required
            and value in (False, None)
            and field.type not in ("boolean", "integer", "float", "monetary")
        ):
            # The column would refuse NULL; the constraints would compare it.
            return self.env._("“%(field)s” is required: fill it in.", field=label)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if field.type in ("integer", "float") and is_number:
            if isinstance(value, float) and not math.isfinite(value):
                return self.env._(
                    "“%(field)s” must be a number (received %(value)s).",
                    field=label,
                    value=value,
                )
            digits = field.get_digits(self.env) if field.type == "float" else None
            if digits and digits[0] and abs(value) >= 10 ** (digits[0] - digits[1]):
                # A numeric column: PostgreSQL would refuse the number.
                return self.env._(
                    "“%(field)s” is too large (received %(value)s): it must stay "
                    "below %(max)s.",
                    field=label,
                    value=value,
                    max=10 ** (digits[0] - digits[1]),
                )
            if field.type == "integer" and value not in INTEGER_COLUMN:
                return self.env._(
                    "“%(field)s” must be a whole number between %(min)s and "
                    "%(max)s (received %(value)s).",
                    field=label,
                    min=INTEGER_COLUMN.low,
                    max=INTEGER_COLUMN.high,
                    value=value,
                )
        max_length = self._prospect_input_max_length.get(field.name)
        if max_length and isinstance(value, str) and len(value) > max_length:
            return self.env._(
                "“%(field)s” is too long: %(length)s characters, at most "
                "%(max)s. Shorten it.",
                field=label,
                length=len(value),
                max=max_length,
            )
        return None

    @api.model
    def _prospect_selection_error(self, field, value):
        empty = value in (False, None, "")
        if (empty and not field.required) or (
            not empty and value in field.get_values(self.env)
        ):
            return None
        label = field._description_string(self.env)
        choices = ", ".join(
            f"{key} ({name})" for key, name in field._description_selection(self.env)
        )
        if empty:
            return self.env._(
                "“%(field)s” is required: choose one of %(choices)s.",
                field=label,
                choices=choices,
            )
        return self.env._(
            "“%(value)s” is not a valid value for “%(field)s”: choose one "
            "of %(choices)s.",
            value=str(value)[:100],
            field=label,
            choices=choices,
        )


def _number(value):
    """`value` as the number the column would store (empty: 0), or None
    when it is none (refused elsewhere)."""
    if value in (False, None, ""):
        return 0
    try:
        number = value if isinstance(value, int) else float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    # Not a number at all: _prospect_input_error says so.
    return number if isinstance(number, int) or math.isfinite(number) else None
