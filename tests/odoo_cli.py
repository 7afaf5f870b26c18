"""Run Odoo in a separate process, as an administrator would, on databases of
their own (install, upgrade, uninstall must not touch the test database)."""

import configparser
import os
import re
import shutil
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


def _assert_no_error_line(what, log):
    errors = [m.group(0) for m in ERROR_LINE.finditer(log)]
    assert not errors, f"{what} logged errors:\n{log[-5000:]}"


def run_odoo(db, *args, check_log=True, options=()):
    """odoo-bin -d db <args> --stop-after-init; return its log. `options` go
    before the database (e.g. another --addons-path)."""
    cmd = [PYTHON, ODOO_BIN, "-c", _conf(), *options, "-d", db]
    cmd += ["--no-http", "--stop-after-init"]
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(args)} failed:\n{log[-5000:]}"
    if check_log:
        _assert_no_error_line(" ".join(args), log)
    return log


def odoo_shell(db, code, check_log=True, options=()):
    """Run Python code in `odoo-bin shell` (env is bound); return what it
    prints. Its log (warnings and up) must hold no ERROR line: the error an
    operation logs and then swallows (a failed SQL query in a savepoint, as
    an uninstall does) is a failure too."""
    cmd = [PYTHON, ODOO_BIN, "shell", "-c", _conf(), *options, "-d", db]
    cmd += ["--no-http", "--log-level=warn"]
    proc = subprocess.run(
        cmd, input=textwrap.dedent(code), capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-5000:]
    if check_log:
        _assert_no_error_line("odoo-bin shell", proc.stderr)
    return proc.stdout


def addons_path_with(folder):
    """The addons path of the configuration, with `folder` in place of the
    checkout that holds prospect_qualification (another version of it)."""
    parser = configparser.ConfigParser()
    parser.read(_conf())
    paths = [p.strip() for p in parser["options"]["addons_path"].split(",")]
    ours = [p for p in paths if Path(p, "prospect_qualification").is_dir()]
    assert ours, f"No prospect_qualification in the addons path {paths}"
    return ",".join(str(folder) if p in ours else p for p in paths)


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
    """Drop the database and its filestore."""
    conn = _maintenance()
    try:
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    finally:
        conn.close()
    shutil.rmtree(Path(config["data_dir"], "filestore", db), ignore_errors=True)


def scratch_database_name(purpose):
    """A database of a test's own, named after the run's database (unique
    per run, and recognisable: pq_test_123_upgrade)."""
    from odoo.tests.common import get_db_name

    return f"{get_db_name()}_{purpose}"
