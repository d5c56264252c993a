"""The report a teacher hands out: what changed first, plain words, two A4 pages, and its variants.

One run serves every test: the longest library scenario (manhattan_project: eight changes, five
watched outcomes) with a lever changed on the command line, five replications (the fewest given a verdict).
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.registry.labels import OUTCOME_LABELS
from sim.scenario import LIBRARY, load_scenario

CODE_NAME = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\b(us|cn|firms|mechanisms)\.[a-z_]+\b")
SCIENTIFIC = re.compile(r"\d(\.\d+)?e[+-]?\d", re.IGNORECASE)
SCENARIO = LIBRARY / "manhattan_project.yaml"


@pytest.fixture(scope="module")
def run(tmp_path_factory, airace) -> Path:
    out = tmp_path_factory.mktemp("report") / "manhattan"
    args = ["run", str(SCENARIO), "-n", "5", "--set", "us.enforcement=0.9", "--svg", "--out", str(out)]
    result = airace.invoke(*args)
    assert result.exit_code == 0, result.output
    (out / "stdout.txt").write_text(result.output, encoding="utf-8")
    return out


def visible_text(page: str) -> str:
    """What a reader reads: no styles, images or commands (``<code>``), tags removed."""
    page = re.sub(r"<style>.*?</style>|<img[^>]*>|<code>.*?</code>|<title>.*?</title>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_report_reads_in_plain_words_without_code_names_or_exponents(run):
    for name in ("report.html", "handout.html", "more_charts.html"):
        text = visible_text((run / name).read_text(encoding="utf-8"))
        assert not CODE_NAME.search(text), (name, CODE_NAME.search(text).group(0))
        assert not SCIENTIFIC.search(text), (name, SCIENTIFIC.search(text).group(0))


def test_the_headline_chart_is_titled_and_scaled_in_plain_words(run):
    svg = (run / "charts" / "headline.svg").read_text(encoding="utf-8")
    words = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert not CODE_NAME.search(words), CODE_NAME.search(words).group(0)
    assert not SCIENTIFIC.search(words)
    assert "root seed" not in words
    for outcome in load_scenario(SCENARIO).watch:
        assert OUTCOME_LABELS[outcome].title.split(",")[0][:20] in words, outcome
    assert "above 0: US ahead" in words and "below 0: China ahead" in words
    assert "with US enforcement against chip smuggling at 0.9" in words  # the --set in the title


def test_what_changed_comes_first_with_a_verdict_per_outcome(run):
    page = (run / "report.html").read_text(encoding="utf-8")
    box = page.index("What changed, against the baseline")
    assert box < page.index("<img")
    items = re.findall(r"<span class=verdict>([^<]+):</span>", page[box : page.index("</section>", box)])
    assert len(items) >= 5 and set(items) <= {"Higher", "Lower", "No clear change", "Also watched"}


def test_the_report_counts_every_run_and_says_what_the_command_line_set(run):
    page = visible_text((run / "report.html").read_text(encoding="utf-8"))
    assert "5 runs of this scenario and 5 of the baseline" in page and "(10 runs in all)" in page
    assert "Changed on the command line: US enforcement against chip smuggling: 0.9" in page


def test_the_report_cites_the_article_by_name_and_lists_assumptions_with_commands(run):
    page = (run / "report.html").read_text(encoding="utf-8")
    assert "Graylin and Triolo, opinion (2025)" in page and "002_f0f9366b8b15f2e3" not in page
    assert "The assumptions behind this lesson" in page
    assert re.search(r"--set mechanisms\.\w+=false", page)
    for term in ("tenfold step", "stack", "hedging", "band"):
        assert f"<dt>{term}:</dt>" in page


def test_the_handout_asks_for_a_prediction_before_any_result(run):
    page = (run / "handout.html").read_text(encoding="utf-8")
    assert page.index("Your prediction") < page.index("What changed") < page.index("<img")
    assert page.count("&#9744; higher") == len(load_scenario(SCENARIO).watch)


def test_the_student_sheets_carry_no_command_code_name_or_statistic(run):
    page = (run / "handout.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>|<img[^>]*>", " ", page, flags=re.S)))
    assert "<code>" not in page
    assert not re.search(r"\buv run\b|\bairace\b|--set|\.yaml\b|\.html\b|seeds/", text)
    assert not CODE_NAME.search(text), CODE_NAME.search(text).group(0)
    assert not SCIENTIFIC.search(text)
    assert not re.search(r"\bz\b|\bH100e?\b|\bOOM\b|p-value", text)
    assert page.index("your prediction</h1>") < page.index("the results</h1>") < page.index("What changed")


def test_slides_every_outcome_and_the_nations_come_beside_the_report(run):
    watch = load_scenario(SCENARIO).watch
    assert {p.stem for p in (run / "charts" / "slides").glob("*.png")} == set(watch)
    assert len(list((run / "charts" / "all_outcomes").glob("page*.png"))) == 7
    assert (run / "charts" / "nations.png").exists() and (run / "nations.csv").exists()
    assert "report.html in a browser" in (run / "stdout.txt").read_text(encoding="utf-8")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def pdf_of(page: Path, pdf: Path) -> bytes:
    """``page`` printed by headless Chromium to ``pdf``, as a browser's Print does."""
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf.read_bytes()


@pytest.mark.skipif(chromium() is None, reason="no Chromium on this machine (.ci/run installs it with apt-get)")
def test_the_report_prints_on_at_most_two_a4_pages(run, tmp_path):
    data = pdf_of(run / "report.html", tmp_path / "report.pdf")
    width, height = (float(v) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points, from the print stylesheet's @page
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) <= 2


@pytest.mark.skipif(chromium() is None, reason="no Chromium on this machine (.ci/run installs it with apt-get)")
def test_the_student_sheets_print_on_one_page_each(run, tmp_path):
    data = pdf_of(run / "handout.html", tmp_path / "handout.pdf")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 2  # the prediction sheet, then the results


def test_the_report_and_the_charts_read_results_and_never_load_the_model():
    import sys

    code = "import sys, sim.report.report, sim.report.charts; print('sim.model.model' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "False"
