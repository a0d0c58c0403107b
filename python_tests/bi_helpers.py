"""Helpers of the BI-layer tests (report in a browser, semantic layer).

- `generated_build()`: a small generated data set (200 accounts, seed 3) built once
  per test process with the models the report and the semantic layer read.
- `HeadlessChromium`: Chromium driven over the DevTools protocol through
  `--remote-debugging-pipe` (JSON messages separated by NUL on file descriptors 3
  and 4), so no websocket client or driver package is needed.
"""

from __future__ import annotations

import atexit
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from python_tests.conftest import PROJECT_DIR, build_project

GENERATED_ACCOUNTS = 200
GENERATED_SEED = 3
# The report's exposure and its parents, plus what the semantic models read, plus the budget scenario
# the report shows where the project's Python models run (not in the exposure: other engines lack it).
BI_SELECTION = "+exposure:attribution_report +fct_attributed_touchpoints +fct_marketing_spend dim_channels " \
    "metricflow_time_spine +rpt_budget_scenarios"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    # Nothing may be fetched: every host name resolves to nothing.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)

_builds: dict[str, Path] = {}


def _private_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def generated_build() -> Path:
    """The DuckDB file of the generated data set, built on first use in this process."""
    if "db" not in _builds:
        root = _private_dir("attribution-bi-")
        data_dir = root / "data"
        subprocess.run(
            [
                sys.executable, "-m", "attribution_kit.generate",
                "--accounts", str(GENERATED_ACCOUNTS), "--seed", str(GENERATED_SEED),
                "--out", str(data_dir), "--quiet",
            ],
            cwd=PROJECT_DIR,
            check=True,
        )
        db_path, _ = build_project(data_dir, root / "build", select=BI_SELECTION)
        _builds["db"] = db_path
    return _builds["db"]


def chromium_executable() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class DevToolsError(RuntimeError):
    pass


class HeadlessChromium:
    """One headless Chromium with one page, driven over the DevTools pipe.

    Use as a context manager. `events` keeps every event received (method, params).
    """

    def __init__(self, executable: str, user_data_dir: Path, timeout: float = 60.0) -> None:
        self.executable = executable
        self.user_data_dir = user_data_dir
        self.timeout = timeout
        self.events: list[tuple[str, dict[str, Any]]] = []
        self._next_id = 0
        self._buffer = b""
        self._session: str | None = None

    def __enter__(self) -> HeadlessChromium:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire_pipe_fds() -> None:
            """In the child: the protocol's fds 3 (commands) and 4 (replies), left open across exec.

            Copied above 10 first, so that neither lands on the other when the pipes are 3 and 4."""
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_read, from_browser_write)]
            for target, fd in zip((3, 4), high, strict=True):
                os.dup2(fd, target)
                os.set_inheritable(target, True)
                os.close(fd)

        self._process = subprocess.Popen(
            [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.user_data_dir}",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipe_fds,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self._session = attached["sessionId"]
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.send("Browser.close", session=False)
        except (DevToolsError, OSError):
            pass
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DevToolsError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise DevToolsError(f"Chromium closed the pipe (exit code {self._process.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        """Send one command (to the page unless session=False) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append((reply["method"], reply.get("params", {})))

    def wait_for_event(self, method: str) -> dict[str, Any]:
        for name, params in self.events:
            if name == method:
                return params
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if "method" in reply:
                self.events.append((reply["method"], reply.get("params", {})))
                if reply["method"] == method:
                    return reply.get("params", {})

    def open(self, url: str, width: int = 1280, height: int = 900) -> None:
        """Load `url` in the page at the given viewport size and wait for its load event."""
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise DevToolsError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """PNG of the page (full page with clip=None), or of the clip (page coordinates)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if clip is None:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])
