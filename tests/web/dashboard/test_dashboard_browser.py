"""The dashboard in headless Chromium, as a teacher uses it: move a lever, read a source, share a
link, export a scenario and run it.

The app starts once per session (``dashboard_url`` in conftest) with a few runs per setup. Each test
saves a screenshot to ``test-results/dashboard/`` to look at. Deselect with ``-m 'not browser'``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from shiny.playwright import controller

from sim.registry.labels import ARTICLES
from sim.registry.params import PARAMS
from tests.helpers import ROOT, wait_until

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-results" / "dashboard"
LEVER = "us.export_control_stringency"
TIMEOUT = 60_000  # ms: the first run of a session imports the model


def shot(page: Page, name: str, selector: str | None = None) -> None:
    """A screenshot to look at: what the browser window shows, or one element of the page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = page.locator(selector) if selector else page
    target.screenshot(path=SHOTS / f"{name}.png")


def settled(page: Page) -> None:
    """Wait for the charts, and for Shiny to finish whatever it was computing."""
    page.wait_for_selector("svg.band-chart", timeout=TIMEOUT)
    wait_until(page, "!document.documentElement.classList.contains('shiny-busy')", timeout=TIMEOUT)


def part(page: Page, outcome: str, name: str) -> str:
    """The shown numbers of one part of a chart (``run-line``, ``reference-band``, ...)."""
    return page.locator(f'.chart-card svg[data-outcome="{outcome}"] [data-part="{name}"]').get_attribute("data-values")


def slider_id(page: Page, lever: str) -> str:
    return page.locator(f'.lever[data-name="{lever}"] input.js-range-slider').get_attribute("id")


def move_lever(page: Page, lever: str, value: str, outcome: str) -> None:
    """Move a lever's slider to ``value`` and wait for ``outcome``'s chart to redraw."""
    before = part(page, outcome, "run-line")
    controller.InputSlider(page, slider_id(page, lever)).set(value, timeout=TIMEOUT)
    wait_until(
        page,
        """([outcome, before]) => {
            const line = document.querySelector(`.chart-card svg[data-outcome="${outcome}"] [data-part="run-line"]`);
            return line && line.getAttribute('data-values') !== before;
        }""",
        [outcome, before],
        timeout=TIMEOUT,
    )
    settled(page)


def test_moving_a_lever_redraws_the_run_and_keeps_the_baseline_band(page: Page, dashboard_url: str):
    page.goto(dashboard_url)
    settled(page)
    expect(page.locator(".banner")).to_contain_text("not forecasts")
    band, line = part(page, "compute_cn", "reference-band"), part(page, "compute_cn", "run-line")
    assert line == part(page, "compute_cn", "reference-line")  # the baseline itself, before any move
    move_lever(page, LEVER, "1", "compute_cn")
    assert part(page, "compute_cn", "run-line") != line
    assert part(page, "compute_cn", "reference-band") == band
    expect(page.locator(".status")).to_contain_text("US export controls on chips to China: 1")
    expect(page.locator('ul.changes li[data-outcome="compute_cn"] .verdict')).to_have_text("lower")
    assert f"{LEVER}=1.0" in page.url
    main = page.locator(".explore-layout .bslib-sidebar-layout > .main")
    main.hover()
    page.mouse.wheel(0, 3000)  # the disclaimer stays on screen however far the charts' column scrolls
    wait_until(page, "document.querySelector('.explore-layout .bslib-sidebar-layout > .main').scrollTop > 100")
    expect(page.locator(".banner")).to_be_in_viewport()
    page.mouse.wheel(0, -5000)
    shot(page, "lever-moved")


RELEASE_WATCH = """(id) => {
  window.__lever = {sent: [], changed: null, charts: 0};
  $(document).on('shiny:inputchanged', (event) => {
    if (event.name === id) window.__lever.sent.push([event.value, window.__lever.changed]);
  });
  $(document).on('change', `#${id}`, () => { window.__lever.changed = window.__lever.changed ?? performance.now(); });
  $(document).on('shiny:value', (event) => { if (event.name === 'explore-charts') window.__lever.charts += 1; });
}"""


def test_a_lever_let_go_is_sent_at_once_and_redraws_the_charts_once(page: Page, dashboard_url: str):
    """Shiny sends a slider's value 250 ms after its last change and the slider reports a click on
    its track up to 300 ms late; ``explore.js`` sends the value when the slider is let go. So the
    value reaches Shiny before the slider's own change event, and only once."""
    page.goto(dashboard_url)
    settled(page)
    lever = slider_id(page, LEVER)
    page.evaluate(RELEASE_WATCH, lever)
    track = page.locator(f'.lever[data-name="{LEVER}"] .irs-line')
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    wait_until(page, "window.__lever.charts > 0", timeout=TIMEOUT)
    settled(page)
    page.wait_for_timeout(600)  # anything the slider's debounce would still send
    sent = page.evaluate("window.__lever.sent")
    assert sent[0][1] is None  # sent before the slider's change event
    assert 0.2 < sent[0][0] < 0.4
    assert {value for value, _ in sent} == {sent[0][0]}  # the slider's own, later report: the same value
    assert page.evaluate("window.__lever.charts") == 1  # which Shiny did not send again (no second run)


def test_the_assumptions_panel_shows_each_source_quote(page: Page, dashboard_url: str):
    page.goto(dashboard_url)
    settled(page)
    page.get_by_role("tab", name="Assumptions").click()
    row = page.locator('tr.assumption-row[data-name="smuggling.base_share"]')
    expect(row.locator(".source-quote")).to_have_text(PARAMS["smuggling.base_share"].quote, timeout=TIMEOUT)
    expect(row.locator(".source-name")).to_have_text(ARTICLES["000_4b5cad931bd66b1e.txt"].title)  # named by its title
    expect(row.locator(".source-name")).to_have_attribute("title", "seeds/000_4b5cad931bd66b1e.txt")  # file on hover
    assumed = next(n for n, p in PARAMS.items() if p.kind == "assumption" and p.source == "assumption")
    expect(page.locator(f'tr.assumption-row[data-name="{assumed}"] .source')).to_contain_text("assumption")
    shot(page, "assumptions")


def test_changing_an_assumption_marks_every_chart(page: Page, dashboard_url: str):
    page.goto(dashboard_url + "?scenario=tight_controls")
    settled(page)
    assert page.locator(".assumptions-badge").count() == 0
    page.get_by_role("tab", name="Assumptions").click()
    field = page.locator('tr.assumption-row[data-name="smuggling.base_share"] input')
    field.fill("60")  # shown in percent
    field.press("Tab")
    page.get_by_role("tab", name="Charts").click()
    expect(page.locator(".chart-card .assumptions-badge")).to_have_count(4, timeout=TIMEOUT)
    expect(page.locator(".status")).to_contain_text("assumptions changed: Share of blocked chip demand")
    assert "smuggling.base_share=0.6" in page.url


def test_a_shared_link_opens_the_same_levers_in_another_browser(page: Page, dashboard_url: str, browser):
    page.goto(dashboard_url)
    settled(page)
    move_lever(page, "us.enforcement", "0.9", "compute_cn")
    shared, numbers = page.url, part(page, "compute_cn", "run-line")
    other = browser.new_context()  # another browser: its own cookies, its own Shiny session
    try:
        second = other.new_page()
        second.goto(shared)
        settled(second)
        controller.InputSlider(second, slider_id(second, "us.enforcement")).expect_value("0.9", timeout=TIMEOUT)
        assert part(second, "compute_cn", "run-line") == numbers
        shot(second, "shared-link")
        fresh = other.new_page()  # a plain visit in the same browser starts from the baseline
        fresh.goto(dashboard_url)
        settled(fresh)
        controller.InputSlider(fresh, slider_id(fresh, "us.enforcement")).expect_value("0.3", timeout=TIMEOUT)
    finally:
        other.close()


def test_picking_a_scenario_shows_its_question_and_back_to_baseline_resets_every_lever(page: Page, dashboard_url):
    page.goto(dashboard_url)
    settled(page)
    controller.InputSelect(page, "explore-scenario").set("tight_controls")
    expect(page.locator(".question")).to_contain_text("closes every gap", timeout=TIMEOUT)
    controller.InputSlider(page, slider_id(page, LEVER)).expect_value("1", timeout=TIMEOUT)
    page.get_by_role("button", name="Back to baseline").click()
    expect(page.locator(".question")).to_contain_text("today's policies hold", timeout=TIMEOUT)
    controller.InputSlider(page, slider_id(page, LEVER)).expect_value("0.8", timeout=TIMEOUT)
    settled(page)
    assert "scenario=baseline" in page.url and LEVER not in page.url


def test_the_nations_appear_by_region_coloured_by_stack_with_a_quarter_slider(page: Page, dashboard_url: str):
    page.goto(dashboard_url + "?scenario=digital_silk_road")
    settled(page)
    page.get_by_role("tab", name="Developing nations").click()
    expect(page.locator(".nations h5")).to_contain_text("2034Q4", timeout=TIMEOUT)
    assert page.locator(".region").count() >= 5
    assert page.locator(".tile").count() >= 40
    controller.InputSlider(page, "explore-quarter").set("8", timeout=TIMEOUT)
    expect(page.locator(".nations h5")).to_contain_text("2026Q4", timeout=TIMEOUT)
    stacks = set(page.locator(".tile").evaluate_all("tiles => tiles.map(t => t.dataset.stack)"))
    assert stacks <= {"us", "cn", "open", "hedge", "none"}
    shot(page, "nations", ".nations")


def test_the_exported_yaml_run_by_airace_run_gives_the_dashboards_numbers(
    page: Page, dashboard_url, dashboard_replications, tmp_path, airace
):
    page.goto(dashboard_url + "?scenario=smuggling_crackdown")
    settled(page)
    move_lever(page, "cn.smuggling_tolerance", "0.4", "smuggled_value_usd")
    shown = part(page, "smuggled_value_usd", "run-line")
    reference = part(page, "smuggled_value_usd", "reference-line")
    page.get_by_role("tab", name="Share and export").click()
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("link", name="Download this setup as a scenario file (YAML)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "smuggling_crackdown_dashboard.yaml"
    shot(page, "share")
    result = airace.invoke("run", str(path), "--out", str(tmp_path / "out"), "--quiet", "-j", "1")
    assert result.exit_code == 0, result.output
    for file, numbers in (("timeseries.parquet", shown), ("baseline_timeseries.parquet", reference)):
        frame = pd.read_parquet(tmp_path / "out" / file)
        assert frame["replication"].nunique() == dashboard_replications
        medians = frame.groupby("step")["smuggled_value_usd"].median() / 1e9  # shown in USD bn
        assert [float(v) for v in numbers.split()] == pytest.approx(medians.tolist(), rel=1e-5, abs=1e-9)
