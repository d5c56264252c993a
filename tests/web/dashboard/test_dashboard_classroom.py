"""The dashboard as a teacher projects it, at 1280x720: lever and charts on one screen, lesson
presets, presentation mode, a one-page print view, and no code on screen.

Browser tests (marked ``browser``) on the session's dashboard (``dashboard_url`` in conftest).
Screenshots go to ``test-results/dashboard/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sim.web.dashboard.lessons import lessons
from sim.web.dashboard.state import LEVERS
from tests.helpers import ROOT, wait_until

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
PROJECTOR = {"width": 1280, "height": 720}
CODE = {
    "a dotted registry name": r"\b[a-z]+(?:_[a-z0-9]+)*\.[a-z]+_[a-z0-9_]+\b|\b(?:us|cn|firms|mechanisms)\.[a-z_]+\b",
    "a snake_case name": r"\b[a-z]+_[a-z0-9_]+\b",
    "a command": r"\buv run\b|\bairace (?:run|params|explain|dashboard)\b",
    "scientific notation": r"\b\d+(?:\.\d+)?[eE][+-]?\d+\b",
}


def code_in(text: str) -> list[str]:
    """What in ``text`` reads as code: each finding with what kind it is."""
    return [f"{kind}: {m}" for kind, pattern in CODE.items() for m in re.findall(pattern, text)]


def settled(page: Page) -> None:
    page.wait_for_selector("svg.band-chart", timeout=TIMEOUT)
    wait_until(page, "!document.documentElement.classList.contains('shiny-busy')", timeout=TIMEOUT)


def open_at(page: Page, url: str) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(url)
    settled(page)


# Where each element sits against the part of the window not covered by the fixed disclaimer.
IN_VIEW = """
(lever) => {
  const el = document.querySelector(`.lever[data-name="${lever}"]`);
  el.scrollIntoView({block: 'nearest'});
  const bottom = document.querySelector('.banner').getBoundingClientRect().top;
  const inside = (r) => r.top >= 0 && r.left >= 0 && r.bottom <= bottom && r.right <= window.innerWidth;
  const cards = [...document.querySelectorAll('.chart-card')].map(c => c.getBoundingClientRect());
  return {lever: inside(el.getBoundingClientRect()), charts: cards.length, out: cards.filter(r => !inside(r)).length};
}
"""


def test_code_in_finds_what_a_student_should_not_read():
    assert code_in("set export_controls.learning_rate with uv run airace run x.yaml: 3.8e+10") != []
    assert code_in("China's own chips, as a share of its compute: 91% against 39% (USD 1.6 bn a quarter)") == []


def test_every_lever_sits_on_screen_with_every_chart_after_opening_a_lesson(page: Page, dashboard_url: str):
    open_at(page, dashboard_url + "?lesson=export_controls")
    first = page.locator(".levers-panel .accordion-item").first
    expect(first).to_contain_text("This lesson's levers")
    expect(first.locator('.lever[data-name="us.export_control_stringency"]')).to_be_visible()
    page.screenshot(path=_shot("one-screen-lesson"))
    folded = page.locator(".levers-panel .accordion-button.collapsed")
    while folded.count():  # unfold every group
        folded.first.click()
    closed = page.locator(".levers-panel details:not([open]) summary")
    while closed.count():
        closed.first.click()
    names = page.locator(".levers-panel .lever").evaluate_all("levers => levers.map(l => l.dataset.name)")
    assert sorted(names) == sorted(LEVERS)  # every lever once, the lesson's first
    for name in names:
        where = page.evaluate(IN_VIEW, name)
        assert where["lever"], f"{name} is not fully on screen once scrolled to"
        assert where["charts"] >= 4 and where["out"] == 0, f"with {name} in view, {where['out']} charts are off screen"


def test_a_lesson_preset_opens_with_its_question_prediction_and_what_to_look_at(page: Page, dashboard_url: str):
    lesson = lessons()["smuggling"]
    open_at(page, dashboard_url + "?lesson=smuggling")
    card = page.locator(".lesson-card")
    expect(card).to_contain_text(lesson.question[:60], timeout=TIMEOUT)
    expect(card).to_contain_text(lesson.predict[:40])
    for point in lesson.look:
        expect(card).to_contain_text(point[:40])
    first = page.locator(".levers-panel .accordion-item").first
    for lever in ("us.enforcement", "cn.smuggling_tolerance"):
        expect(first.locator(f'.lever[data-name="{lever}"]')).to_be_visible()
    assert "scenario=smuggling_crackdown" in page.url and "lesson=smuggling" in page.url
    page.screenshot(path=_shot("lesson-smuggling"))
    page.locator("#explore-lesson").select_option("cooperation")
    expect(page.locator(".lesson-card")).to_contain_text(lessons()["cooperation"].question[:50], timeout=TIMEOUT)
    wait_until(page, "window.location.search.includes('lesson=cooperation')", timeout=TIMEOUT)
    assert "scenario=cern_for_ai" in page.url


def test_the_lever_search_shows_only_matching_levers_and_unfolds_their_group(page: Page, dashboard_url: str):
    open_at(page, dashboard_url)
    page.fill("#explore-find", "smuggling")
    shown = page.locator(".levers-panel .lever:visible").evaluate_all("ls => ls.map(l => l.dataset.name)")
    assert "us.enforcement" in shown and "cn.smuggling_tolerance" in shown
    assert "us.compute_investment_usd" not in shown
    page.fill("#explore-find", "")
    expect(page.locator('.lever[data-name="cn.smuggling_tolerance"]')).to_be_hidden()  # its group folded again


def test_presentation_mode_fills_the_screen_in_large_text_with_keyboard_next_and_previous(page: Page, dashboard_url):
    open_at(page, dashboard_url + "?lesson=export_controls")
    page.get_by_role("button", name="Present").click()
    sheet = page.locator(".presentation")
    expect(sheet).to_be_visible()
    expect(sheet.locator(".present-question")).to_contain_text(lessons()["export_controls"].question[:40])
    expect(sheet.locator(".present-levers")).to_contain_text("US export controls on chips to China")
    expect(sheet.locator(".present-chart.on-slide")).to_have_count(2)
    sizes = sheet.evaluate(
        """(sheet) => [...sheet.querySelectorAll(
            '.present-question, .present-levers, .present-chart.on-slide .present-title, '
            + '.present-chart.on-slide .present-unit, .present-legend, .present-disclaimer')]
            .map(e => [e.className, parseFloat(getComputedStyle(e).fontSize)])"""
    )
    assert len(sizes) >= 6 and all(size >= 24 for _, size in sizes), sizes
    ticks = sheet.locator(".present-chart.on-slide svg .tick").evaluate_all(
        "ts => ts.map(t => t.getBoundingClientRect().height)"
    )
    assert ticks and min(ticks) >= 24  # tick labels as tall as 24 px text on the screen
    charts = sheet.locator(".present-chart.on-slide")
    expect(charts).to_have_count(2)
    for box in [c.bounding_box() for c in charts.all()]:
        assert box["width"] >= 550 and box["y"] + box["height"] <= PROJECTOR["height"]
    before = charts.evaluate_all("cs => cs.map(c => c.dataset.outcome)")
    page.screenshot(path=_shot("presentation"))
    page.keyboard.press("ArrowRight")
    after = sheet.locator(".present-chart.on-slide").evaluate_all("cs => cs.map(c => c.dataset.outcome)")
    assert after and after != before
    page.keyboard.press("ArrowLeft")
    assert sheet.locator(".present-chart.on-slide").evaluate_all("cs => cs.map(c => c.dataset.outcome)") == before
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()


def test_the_print_view_is_one_a4_page(page: Page, dashboard_url: str, tmp_path):
    open_at(page, dashboard_url + "?lesson=cooperation")
    page.evaluate("Shiny.setInputValue('explore-sheet_wanted', 1)")  # what the Print button asks before printing
    expect(page.locator(".presentation .present-chart")).to_have_count(5, timeout=TIMEOUT)
    pdf = page.pdf(format="A4")
    (tmp_path / "print.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages == 1, f"the print view takes {pages} A4 pages"
    page.emulate_media(media="print")
    expect(page.locator(".presentation .print-only")).to_be_visible()
    expect(page.locator(".explore-layout")).to_be_hidden()
    page.screenshot(path=_shot("print-view"), full_page=True)


def test_no_tab_a_student_sees_shows_code_commands_or_powers_of_ten(page: Page, dashboard_url: str):
    open_at(page, dashboard_url + "?lesson=export_controls&smuggling.base_share=0.6")
    texts = {"charts": page.locator("body").inner_text()}
    for tab in ("Developing nations", "Assumptions", "Words used"):
        page.get_by_role("tab", name=tab).click()
        pane = page.locator(".tab-pane.active[id^=tab-explore-view]")
        if tab == "Developing nations":
            expect(pane.locator(".tile").first).to_be_visible(timeout=TIMEOUT)
        if tab == "Assumptions":
            expect(pane.locator("tr.assumption-row").first).to_be_visible(timeout=TIMEOUT)
        texts[tab] = pane.inner_text()
    for tab, text in texts.items():
        assert code_in(text) == [], f"the {tab} tab shows code: {code_in(text)[:8]}"
    expect(page.locator('tr.assumption-row[data-name="smuggling.base_share"] .assumption-title')).to_have_attribute(
        "title", "smuggling.base_share"
    )  # the code name on hover, for the teacher


def _shot(name: str) -> str:

    folder = ROOT / "test-results" / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{name}.png")
