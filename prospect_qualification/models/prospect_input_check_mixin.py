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
Odoo's behaviour."""

import math

from odoo import api, models
from odoo.exceptions import ValidationError

MODULE = "prospect_qualification"
# PostgreSQL's integer column.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class ProspectInputCheckMixin(models.AbstractModel):
    _name = "prospect.input.check.mixin"
    _description = "Checks of the Values Sent for the Addon's Fields"

    # {field name: maximum length} of texts the model indexes.
    _prospect_input_max_length = {}

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
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None or field._module != MODULE:
                    continue
                error = self._prospect_input_error(field, value)
                if error:
                    raise ValidationError(error)

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
            if field.type == "integer" and not INT_MIN <= value <= INT_MAX:
                return self.env._(
                    "“%(field)s” must be a whole number between %(min)s and "
                    "%(max)s (received %(value)s).",
                    field=label,
                    min=INT_MIN,
                    max=INT_MAX,
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
