"""Benchmark: lever to chart in a real browser, at the dashboard's 20 replications.

Run with ``uv run python bench/dashboard_latency.py`` (needs Debian's ``chromium``). It starts
``airace dashboard`` on a free loopback port, opens it in headless Chromium, and clicks a lever's
slider track at a dozen new positions (each a setting not run before, so nothing comes from the
cache). Each latency runs from the click (``mousedown``, timed in the page) to the moment the
charts are replaced in the page, so it holds everything a student waits for: the time until the
value is sent (timed apart: the dashboard sends it when the slider is let go, where Shiny alone
waits 250 ms after the slider's last change), the websocket,
20 runs of the scenario (the baseline is cached after the first move), the paired "what changed",
and the redraw. Prints a table and writes ``bench/results.json``.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from common import report
from playwright.sync_api import sync_playwright

MOVES = [
    ("us.export_control_stringency", 0.15),
    ("us.enforcement", 0.85),
    ("cn.self_sufficiency_investment_usd", 0.4),
    ("us.export_control_stringency", 0.55),
    ("us.enforcement", 0.25),
    ("cn.self_sufficiency_investment_usd", 0.7),
    ("us.export_control_stringency", 0.95),
    ("us.enforcement", 0.6),
    ("cn.self_sufficiency_investment_usd", 0.15),
    ("us.export_control_stringency", 0.35),
    ("us.enforcement", 0.45),
    ("cn.self_sufficiency_investment_usd", 0.9),
]
WATCH = """
() => {
  window.__latency = {t0: null, sent: null, t1: null};
  document.addEventListener('mousedown', () => { window.__latency.t0 = performance.now(); }, true);
  $(document).on('shiny:inputchanged', (event) => {
    if (window.__latency.t0 !== null && window.__latency.sent === null && !event.name.startsWith('.'))
      window.__latency.sent = performance.now();
  });
  const charts = document.getElementById('explore-charts');
  new MutationObserver(() => {
    if (window.__latency.sent !== null && window.__latency.t1 === null) window.__latency.t1 = performance.now();
  }).observe(charts, {childList: true, subtree: true});
}
"""


def wait_until(page, script: str, timeout_s: float = 120.0) -> None:
    """Wait until ``script`` is true in ``page``, polling through ``page.evaluate``: Playwright's
    wait_for_function uses ``eval``, which the dashboard's Content-Security-Policy forbids."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_s:.0f} s: {script}")
        page.wait_for_timeout(20)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_dashboard(port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "sim.cli", "dashboard", "--port", str(port)])
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the dashboard did not start")


def settle(page) -> None:
    page.wait_for_selector("svg.band-chart", timeout=120_000)
    wait_until(page, "!document.documentElement.classList.contains('shiny-busy')")


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    port = free_port()
    server = start_dashboard(port)
    latencies, waits = [], []
    load = os.getloadavg()[0]
    try:
        with sync_playwright() as playwright:
            flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
            browser = playwright.chromium.launch(executable_path=chromium, args=flags)
            page = browser.new_page(viewport={"width": 1280, "height": 720})  # a classroom projector
            page.goto(f"http://127.0.0.1:{port}/")
            settle(page)
            for lever, fraction in MOVES:
                group = page.locator(".levers-panel .accordion-item", has=page.locator(f'.lever[data-name="{lever}"]'))
                if group.locator(".accordion-button.collapsed").count():  # a folded group: unfold it first
                    group.locator(".accordion-button").click()
                    page.wait_for_timeout(400)
                page.evaluate(WATCH)
                track = page.locator(f'.lever[data-name="{lever}"] .irs-line')
                track.scroll_into_view_if_needed()
                box = track.bounding_box()
                page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)
                wait_until(page, "window.__latency.t1 !== null")
                t0, sent, t1 = page.evaluate("[window.__latency.t0, window.__latency.sent, window.__latency.t1]")
                latencies.append((t1 - t0) / 1000)
                waits.append((sent - t0) / 1000)
                settle(page)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for (lever, fraction), seconds, waited in zip(MOVES, latencies, waits, strict=True):
        print(f"{lever} to {fraction:.0%} of its range: {seconds:.2f} s (value sent after {waited:.2f} s)")
    print(f"load average over the last minute when it started: {load:.1f} on {os.cpu_count()} cores")
    report(
        {
            "dashboard lever to chart, median (s)": statistics.median(latencies),
            "dashboard lever to chart, slowest (s)": max(latencies),
            "dashboard press to value sent, median (s)": statistics.median(waits),
            "dashboard server and redraw, median (s)": statistics.median(
                [a - b for a, b in zip(latencies, waits, strict=True)]
            ),
        }
    )


if __name__ == "__main__":
    main()
