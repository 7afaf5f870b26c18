"""The administrator's path, in a real browser against a real server: on a
database with CRM only, activate the addon from Apps, find its fields on the
pipeline, change a setting, a criterion's weight and a stage's gate, then
uninstall it from Apps. Screenshots of each step go to the test's tmp_path."""

import json
import os
import socket
import subprocess
import time
import urllib.request

import pytest
from cdp_browser import Browser
from odoo_cli import (
    ODOO_BIN,
    PYTHON,
    _assert_no_error_line,
    _conf,
    drop_database,
    odoo_shell,
    run_odoo,
    scratch_database_name,
)

pytestmark = pytest.mark.browser

MODULE = "prospect_qualification"


def _free_port():
    """PQ_BROWSER_TEST_PORT, or a port nobody listens on."""
    if os.environ.get("PQ_BROWSER_TEST_PORT"):
        return int(os.environ["PQ_BROWSER_TEST_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def crm_database():
    """CRM only (no demo), with one lead on the pipeline."""
    db = scratch_database_name("admin_browser")
    drop_database(db)
    try:
        run_odoo(db, "-i", "crm", "--without-demo=all")
        odoo_shell(
            db,
            """
            # The administrator's: the pipeline opens on "My Pipeline".
            env['crm.lead'].create({
                'name': 'Browser opportunity', 'type': 'opportunity',
                'expected_revenue': 3000, 'user_id': env.ref('base.user_admin').id})
            env.cr.commit()
            """,
        )
        yield db
    finally:
        drop_database(db)


@pytest.fixture
def server(crm_database, tmp_path):
    """odoo-bin serving only that database (threaded: an install from the
    browser reloads the registry in place); its log is checked at the end."""
    port = _free_port()
    log = tmp_path / "odoo.log"
    proc = subprocess.Popen(
        [
            PYTHON,
            ODOO_BIN,
            "-c",
            _conf(),
            "-d",
            crm_database,
            "--db-filter",
            f"^{crm_database}$",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--max-cron-threads",
            "0",
            "--workers",
            "0",
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"odoo-bin stopped:\n{log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, "odoo-bin did not answer"
                time.sleep(0.5)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    _assert_no_error_line("The server", log.read_text())


@pytest.fixture
def browser():
    chrome = Browser()
    try:
        yield chrome
    finally:
        chrome.close()


def _module_state(db):
    out = odoo_shell(
        db,
        f"""
        print('STATE', env['ir.module.module'].search(
            [('name', '=', '{MODULE}')]).state)
        """,
    )
    return out.split("STATE ", 1)[1].split()[0]


def _search_apps(browser, url, term):
    browser.goto(f"{url}/odoo/apps")
    browser.wait_for(".o_kanban_record")
    browser.fill(".o_searchview_input", term)
    browser.press("Enter")
    browser.wait_until(
        "document.querySelectorAll('.o_kanban_record:not(.o_kanban_ghost)')"
        ".length === 1",
        "one app found",
    )


def _save_form(browser):
    browser.click(".o_form_button_save")
    # Saved: the form hides its save button (visibility) once it is clean.
    browser.wait_until(
        """(() => {
            const button = document.querySelector('.o_form_button_save');
            return !button || !button.offsetParent
                || getComputedStyle(button).visibility === 'hidden';
        })()""",
        "the record saved",
    )


def test_admin_activates_configures_and_uninstalls(
    crm_database, server, browser, tmp_path
):
    shots = iter(range(1, 100))

    def shot(name):
        browser.screenshot(tmp_path / f"{next(shots):02d}_{name}.png")

    try:
        _administrator_path(browser, server[0], crm_database, shot)
    except BaseException:
        shot("failure")
        raise
    assert not browser.console_errors, browser.console_errors


def _administrator_path(browser, url, db, shot):
    # Log in.
    browser.goto(f"{url}/web/login")
    browser.fill("input#login", "admin")
    browser.fill("input#password", "admin")
    browser.click("button[type=submit]")
    browser.wait_for(".o_main_navbar")

    # Apps: search "Prospect", activate.
    _search_apps(browser, url, "Prospect")
    browser.wait_for(".o_kanban_record", "Prospect Qualification")
    shot("apps_search")
    browser.mark_page()
    browser.click(".o_kanban_record button", "Activate")
    # The install reloads the web client once it is done.
    browser.wait_reloaded("the install", timeout=300)
    browser.wait_for(".o_main_navbar")
    assert _module_state(db) == "installed"

    # The pipeline: the card shows its score; the form has the qualification.
    browser.goto(f"{url}/odoo/crm")
    browser.wait_for(".o_kanban_record", "Browser opportunity")
    browser.wait_for(".o_kanban_record .o_prospect_score_badge")
    shot("pipeline")
    browser.click(".o_kanban_record", "Browser opportunity")
    browser.wait_for(".o_form_view div[name=qualification_need]")
    shot("lead_form")

    # Settings: the warm threshold of the qualification levels.
    browser.goto(f"{url}/odoo/action-crm.crm_config_settings_action")
    browser.wait_for("#prospect_qualification_levels")
    browser.fill("div[name=prospect_warm_threshold] input", "35")
    shot("settings")
    browser.mark_page()
    browser.click(".o_control_panel button, .o_form_view button", "Save")
    # Saving the settings reloads the web client.
    browser.wait_reloaded("the settings saved")
    browser.wait_for("#prospect_qualification_levels")

    # From the settings to the criteria: Budget weighs 3.
    browser.click("#prospect_qualification_levels button", "Qualification Criteria")
    # (an editable list: the row's weight cell, then the list's Save)
    browser.click_within(".o_data_row", "Budget", "td[name=weight]")
    browser.fill(".o_selected_row div[name=weight] input", "3")
    shot("criterion")
    browser.click(".o_list_button_save")
    browser.wait_until(
        "!document.querySelector('.o_selected_row')", "the criterion saved"
    )

    # CRM > Configuration > Stages: Proposition blocks cards that miss its
    # requirements.
    browser.goto(f"{url}/odoo/action-crm.crm_stage_action")
    browser.click(".o_data_row", "Proposition")
    browser.click(".o_form_view div[name=gate_policy] label", "Block")
    shot("stage_gate")
    _save_form(browser)

    out = odoo_shell(
        db,
        """
        import json
        print('CONFIG', json.dumps([
            env.company.prospect_warm_threshold,
            env.ref('prospect_qualification.criterion_budget').weight,
            env.ref('crm.stage_lead3').gate_policy]))
        """,
    )
    assert json.loads(out.split("CONFIG ", 1)[1].splitlines()[0]) == [35, 3, "block"]

    # Apps: the module's card menu, Uninstall, confirm.
    _search_apps(browser, url, "Prospect")
    browser.click(".o_kanban_record .o_dropdown_kanban .dropdown-toggle")
    browser.click(".dropdown-menu .dropdown-item", "Uninstall")
    browser.wait_for(".modal", "Uninstall")
    shot("uninstall_confirm")
    browser.mark_page()
    browser.click(".modal button[name=action_uninstall]", "Uninstall")
    # The uninstall reloads the web client once it is done.
    browser.wait_reloaded("the uninstall", timeout=300)
    browser.wait_for(".o_main_navbar")
    deadline = time.monotonic() + 120
    while _module_state(db) != "uninstalled":
        assert time.monotonic() < deadline, "the module is not uninstalled"
        time.sleep(2)
    shot("after_uninstall")
