"""A headless Chromium driven through the Chrome DevTools Protocol
(websocket-client, already needed by Odoo's tours): enough to act as a user
on a real server (open a URL, wait for an element, click it, type, take a
screenshot). No browser download: Debian's chromium is used."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM = os.environ.get("PQ_CHROMIUM") or "/usr/bin/chromium"


def chromium_path():
    """Chromium's executable: PQ_CHROMIUM, /usr/bin/chromium, or on the PATH."""
    for candidate in (CHROMIUM, "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _without_memory_limit():
    """Odoo limits the virtual memory of its process (limit_memory_hard),
    and children inherit it; Chromium reserves far more address space than it
    uses (V8's pointer compression) and dies under that limit."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


# Finds the element of `selector` whose text contains `text` (any when empty),
# visible, and returns it (or null).
FIND_JS = """
(selector, text) => {
    const visible = (el) =>
        !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    return [...document.querySelectorAll(selector)].find(
        (el) => visible(el) && (!text || el.textContent.includes(text))) || null;
}
"""


class Browser:
    def __init__(self, width=1366, height=900, timeout=60):
        executable = chromium_path()
        assert executable, (
            "Chromium is needed for the browser test: install Debian's chromium "
            "package (or set PQ_CHROMIUM to its executable)."
        )
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="pq-chromium-")
        self.log = Path(self.profile + ".log")
        self.proc = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
            # As Odoo's own tours start Chromium (setrlimit only, no lock).
            preexec_fn=_without_memory_limit,  # noqa: PLW1509
            # Its shared-memory files (--disable-dev-shm-usage) go with the profile.
            env={**os.environ, "TMPDIR": self.profile},
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = self.log.read_text(errors="replace")[-3000:]
                self.close()
                raise AssertionError(f"Chromium did not open its devtools port:\n{log}")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as resp:
            pages = [t for t in json.load(resp) if t["type"] == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=timeout, suppress_origin=True
        )
        self._id = 0
        self.console_errors = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def close(self):
        ws = getattr(self, "ws", None)
        if ws:
            ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    def send(self, method, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                assert "error" not in message, f"{method}: {message['error']}"
                return message.get("result", {})
            if message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                self.console_errors.append(
                    details.get("exception", {}).get("description") or details["text"]
                )

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def goto(self, url):
        self.send("Page.navigate", url=url)
        self.wait_until("document.readyState === 'complete'", f"page {url}")

    def wait_until(self, condition, what, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            try:
                if self.evaluate(condition):
                    return
            except AssertionError:
                pass  # the page is being replaced: try again
            time.sleep(0.25)
        raise AssertionError(f"Timed out waiting for {what}")

    def _find(self, selector, text=""):
        return f"({FIND_JS})({json.dumps(selector)}, {json.dumps(text)})"

    def wait_for(self, selector, text="", timeout=None):
        self.wait_until(
            f"!!{self._find(selector, text)}", f"{selector} {text!r}", timeout
        )

    def is_visible(self, selector, text=""):
        return self.evaluate(f"!!{self._find(selector, text)}")

    def click(self, selector, text="", timeout=None):
        """Wait for the element, then click it as a user does (the mouse
        events at its centre)."""
        self.wait_for(selector, text, timeout)
        box = self.evaluate(
            f"""(() => {{
                const el = {self._find(selector, text)};
                el.scrollIntoView({{block: 'center'}});
                const r = el.getBoundingClientRect();
                return [r.left + r.width / 2, r.top + r.height / 2];
            }})()"""
        )
        for event in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                type=event,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )

    def click_within(self, selector, text, inner):
        """Click the `inner` element of the `selector` element that holds
        `text` (a cell of the row of a record)."""
        self.wait_for(selector, text)
        self.evaluate(
            f"""(() => {{
                document.querySelectorAll('[data-pq-target]').forEach(
                    (el) => el.removeAttribute('data-pq-target'));
                {self._find(selector, text)}.querySelector({json.dumps(inner)})
                    .setAttribute('data-pq-target', '1');
            }})()"""
        )
        self.click("[data-pq-target]")

    def fill(self, selector, value, text=""):
        """Focus the input, select what it holds and type `value` over it."""
        self.click(selector, text)
        self.evaluate(f"{self._find(selector, text)}.select()")
        self.send("Input.insertText", text=str(value))

    def press(self, key):
        codes = {"Enter": 13, "Tab": 9, "Escape": 27}
        for event in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                type=event,
                key=key,
                code=key,
                windowsVirtualKeyCode=codes[key],
            )

    def mark_page(self):
        """Mark the current page, to wait for it to be replaced (a reload)."""
        self.evaluate("window.__pqMarked = true")

    def wait_reloaded(self, what, timeout=None):
        self.wait_until(
            "!window.__pqMarked && document.readyState === 'complete'", what, timeout
        )

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
