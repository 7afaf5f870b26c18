"""Run Odoo in a separate process, as an administrator would, on databases of
their own (install, upgrade, uninstall must not touch the test database)."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg2

import odoo
from odoo.tools import config

ODOO_BIN = os.environ.get("PQ_ODOO_BIN") or str(
    Path(odoo.__file__).parent.parent / "odoo-bin"
)
PYTHON = os.environ.get("PQ_PYTHON_BIN") or sys.executable
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)


def _conf():
    return os.environ.get("PQ_ODOO_CONF") or config.rcfile


def run_odoo(db, *args, check_log=True):
    """odoo-bin -d db <args> --stop-after-init; return its log."""
    cmd = [PYTHON, ODOO_BIN, "-c", _conf(), "-d", db, "--no-http", "--stop-after-init"]
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(args)} failed:\n{log[-5000:]}"
    if check_log:
        errors = [m.group(0) for m in ERROR_LINE.finditer(log)]
        assert not errors, f"{' '.join(args)} logged errors:\n{log[-5000:]}"
    return log


def odoo_shell(db, code):
    """Run Python code in `odoo-bin shell` (env is bound); return what it prints."""
    cmd = [
        PYTHON,
        ODOO_BIN,
        "shell",
        "-c",
        _conf(),
        "-d",
        db,
        "--no-http",
        "--log-level=warn",
    ]
    proc = subprocess.run(
        cmd, input=textwrap.dedent(code), capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-5000:]
    return proc.stdout


def _maintenance():
    conn = psycopg2.connect(
        dbname="postgres",
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )
    conn.autocommit = True
    return conn


def drop_database(db):
    conn = _maintenance()
    try:
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    finally:
        conn.close()
