# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fields the server owns.

Scores, lifecycle states, SLA dates, customer classes: the server computes or
records them, and Odoo does not enforce ``readonly`` on RPC. A model lists
them in ``_prospect_server_fields``; create() and write() refuse the whole
call when a client sends one of them, and defaults (``default_*`` keys of the
context, user defaults) never fill them. Server code (trust.py) sets them.
"""

from odoo import api, models
from odoo.exceptions import UserError

from . import trust


class ProspectServerFieldsMixin(models.AbstractModel):
    _name = "prospect.server.fields.mixin"
    _description = "Fields Owned by the Server"

    # Names of the fields of the model that only server code may set.
    _prospect_server_fields = ()

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if not trust.is_server_code(self.env):
            # Context and user defaults are values sent by the client too.
            for fname in self._prospect_server_fields:
                defaults.pop(fname, None)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._prospect_check_server_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._prospect_check_server_fields([vals])
        return super().write(vals)

    @api.model
    def _prospect_check_server_fields(self, vals_list):
        """Refuse `vals_list` (dicts of create or write) when it sets a field
        the server owns and the caller is not server code."""
        if trust.is_server_code(self.env):
            return
        sent = {fname for vals in vals_list for fname in vals}
        forged = [fname for fname in self._prospect_server_fields if fname in sent]
        if forged:
            raise UserError(
                self.env._(
                    "These fields are computed by the server and cannot be set: "
                    "%(fields)s. Leave them out of the values you send.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in forged
                    ),
                )
            )
