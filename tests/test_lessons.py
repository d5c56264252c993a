"""The lessons in docs/lessons/ work in class: their commands run as written, and the charts and
report sections they tell students to look at exist."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "docs" / "lessons").glob("*.md"))
PARTS = ("**Question.**", "## Predict", "## Run", "## What to look at", "## Discuss", "## What the model leaves out")


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else None]


def commands(text: str) -> list[str]:
    """Every ``uv run airace`` line of the lesson's shell blocks, as written."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.startswith("uv run airace")]


def test_there_are_the_five_lessons_teachers_asked_for_each_with_every_part():
    titles = [path.read_text(encoding="utf-8").splitlines()[0] for path in LESSONS]
    for topic in ("Export controls", "Smuggling", "Open models", "developing nations", "Cooperation"):
        assert any(topic in title for title in titles), topic
    for path in LESSONS:
        text = path.read_text(encoding="utf-8")
        for part in PARTS:
            assert part in text, f"{path.name} has no {part}"
        assert commands(text), f"{path.name} has no commands"


def test_the_teachers_guide_links_every_lesson():
    guide = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f"lessons/{path.name}" in guide


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lessons_commands_run_and_make_what_it_names(path: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the commands name scenarios/ relative to the project, as a teacher types them
    text = path.read_text(encoding="utf-8")
    runner = CliRunner()
    for command in commands(text):
        args = shlex.split(command.replace("results/", f"{tmp_path}/results/"))[3:]  # after "uv run airace"
        result = runner.invoke(app, [*args, "--quiet"] if args[0] == "run" else args)
        assert result.exit_code == 0, f"{command}\n{result.output}"
    look = section(text, "## What to look at")
    named = re.findall(r"`(results/[^`]+)`", look)
    assert named, f"{path.name} names no file to look at"
    for name in named:
        assert (tmp_path / name).exists(), f"{path.name} names {name}, which the commands did not make"
    reports = [p.read_text(encoding="utf-8") for p in (tmp_path / "results").rglob("report.html")]
    headings = {re.sub(r"\s+", " ", h) for r in reports for h in re.findall(r"<h2[^>]*>(.*?)</h2>", r)}
    for phrase in re.findall(r"\*\*(.+?)\*\*", look, re.S):
        phrase = re.sub(r"\s+", " ", phrase)
        assert any(h.startswith(phrase) for h in headings), f"{path.name}: no report has a section {phrase!r}"
