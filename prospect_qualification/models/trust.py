# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who the server trusts.

Any RPC client can send values and a context, and ``sudo()`` keeps the
caller's context: a context key is never a trust boundary. So:

* Code running in superuser mode (data files, migrations, crons, the server's
  own ``sudo()``) is server code: it alone may set the fields the server
  computes (`is_server_code`).
* What server code may skip or change (a history row, a cadence...) is a
  *switch* (the table `SWITCHES`). Switches travel in the context under one
  key, `SWITCHES_KEY`, as an instance of the private class `_Switches`, which
  only Python code can make (as ``queue_job`` compares with a sentinel
  object): a JSON-RPC client sends JSON types only (dict, list, string,
  number, boolean), so whatever it puts under that key, or under the former
  keys (``prospect_skip_history``...), counts for nothing. Server code sets
  them with `with_switches`; the features read them with `switch`. They
  survive ``with_context``, ``sudo()`` and ``with_user()`` like any context
  value; no code of ours puts the whole context in what goes to the client
  (actions, crons), and a switch sent back as text would count for nothing.
* While Odoo loads modules (``-i``/``-u``, an install from the Apps menu) the
  registry is not ready; no request is served by such a registry
  (`modules_loading`). Odoo's ``install_mode`` context key, which data
  files get but which anyone can send, is not trusted.

Odoo mail's ``mail_activity_automation_skip`` is a public key that mail
honours for anyone in its own helpers (``activity_schedule``...). The
follow-up engine ignores it: server code that must not start cadences sets
the ``skip_cadences`` switch.
"""

from types import MappingProxyType

SWITCHES_KEY = "prospect_switches"

# name: value when not set. Each says what it skips or changes and who sets it.
SWITCHES = MappingProxyType(
    {
        # No lifecycle history row for a state change: the caller writes the
        # rows itself, with their real dates (the demo loader; the post-init
        # hook mapping Odoo's default stages). crm_lead_lifecycle.py.
        "skip_history": False,
        # Follow-up triggers that do not fire (a tuple: "lead_created",
        # "stage_entered"): months-old demo leads; the reactivation
        # opportunity, whose cadence is the inactive customer's.
        # prospect_followup_engine.py.
        "skip_triggers": (),
        # No cadence starts and no next step is scheduled at all: for server
        # code that writes leads and activities of its own (what mail's
        # public mail_activity_automation_skip did for the engine before; no
        # code of the addon needs it today). prospect_followup_engine.py.
        "skip_cadences": False,
        # The customer class counts the purchases of partners created in this
        # transaction too (a new contact otherwise takes its entity's class):
        # the recompute of res_partner._prospect_update_customer_class.
        "count_purchases": False,
        # Stage id that predictive lead scoring takes for every lead (False:
        # their own): the score calibration asks PLS what it said at the
        # entry in the pipeline. crm_lead_calibration.py.
        "pls_at_entry": False,
        # The Promise activity created is its promise's own: it records no
        # second promise (prospect_promise.py plans it, mail_activity.py
        # reads it).
        "promise_planning": False,
    }
)


class _Switches:
    """Immutable, hashable switch values (Environment compares contexts to
    find an existing environment; frozendict hashes them). Equal only to
    another `_Switches`:
    never to a dict a client sent, so that an environment with real switches
    is never handed to a forged context."""

    __slots__ = ("_items",)

    def __init__(self, values):
        object.__setattr__(self, "_items", tuple(sorted(values.items())))

    def __setattr__(self, name, value):
        raise AttributeError("switches are immutable")

    def __delattr__(self, name):
        raise AttributeError("switches are immutable")

    def __eq__(self, other):
        return type(other) is _Switches and self._items == other._items

    def __hash__(self):
        return hash((_Switches, self._items))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        raise TypeError("switches are not serialized")

    def __repr__(self):
        return f"<prospect switches {dict(self._items)!r}>"

    def get(self, name, default):
        return dict(self._items).get(name, default)


def _check_name(name):
    if name not in SWITCHES:
        raise ValueError(
            f"Unknown switch {name!r}: the switches are {', '.join(SWITCHES)}"
        )


def _current(env):
    switches = env.context.get(SWITCHES_KEY)
    return switches if type(switches) is _Switches else None


def with_switches(records, **switches):
    """`records` with these switches set, on top of those already set (a
    value equal to the switch's default unsets it)."""
    current = _current(records.env)
    values = dict(current._items) if current else {}
    for name, value in switches.items():
        _check_name(name)
        hash(value)  # a list would break the environment's hashing
        if value == SWITCHES[name]:
            values.pop(name, None)
        else:
            values[name] = value
    return records.with_context(**{SWITCHES_KEY: _Switches(values)})


def switch(env, name):
    """The value of the switch `name` in `env` (its default unless server
    code set it with `with_switches`)."""
    _check_name(name)
    current = _current(env)
    default = SWITCHES[name]
    return current.get(name, default) if current else default


def is_server_code(env):
    """True for code running in superuser mode (never an RPC client)."""
    return env.su


def modules_loading(env):
    """True while Odoo loads modules (data files, install hooks): the
    registry is not ready yet, and no request can be served by it."""
    return not env.registry.ready
