# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who the server trusts.

Any RPC client can send values and a context. Code that runs in superuser
mode (data files, migrations, crons, the server's own ``sudo()``) is the
server itself: it alone may set the fields the server computes and use the
context switches that change what the server checks or records.
"""


def is_server_code(env):
    """True for code running in superuser mode (never an RPC client)."""
    return env.su


def server_switch(env, key, default=None):
    """The value of the context switch `key`, honoured only for server code:
    from anyone else it is ignored (`default`)."""
    if not is_server_code(env):
        return default
    return env.context.get(key, default)
