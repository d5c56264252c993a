"""The lessons of ``docs/lessons/`` as dashboard presets: a menu entry and a URL (``/?lesson=smuggling``).

A lesson file is the one source: its title, its **Question.**, its "Predict" section and its
"In the dashboard" section (what to look at on the charts) are read from it, and its first
``airace run`` command names the scenario the preset opens. The levers the preset shows first are
those the scenario sets away from the baseline, and any lever a ``--set`` in the lesson's commands
moves. Sentences a student cannot act on in the dashboard (printing a handout, opening a file)
are left out of what the preset shows.
"""

from __future__ import annotations

import functools
import itertools
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from sim.registry.paths import ROOT

FOLDER = ROOT / "docs" / "lessons"
LOOK = "## In the dashboard"


@dataclass(frozen=True)
class Lesson:
    """One lesson as a preset: its name in a URL, its words, and what it opens."""

    name: str  # "export_controls": the file's name without its number
    number: int
    title: str  # "Export controls and their backfire"
    question: str
    predict: str
    look: tuple[str, ...]  # what to look at, one point each
    scenario: str  # the library scenario it opens
    sets: tuple[tuple[str, str], ...]  # every --set of its commands (lever, value as written)
    path: Path

    @property
    def menu(self) -> str:
        return f"Lesson {self.number}: {self.title}"


def _section(text: str, heading: str) -> str:
    start = text.find(heading)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(heading))
    return text[start + len(heading) : end if end >= 0 else None]


def _plain(markdown: str) -> str:
    """Markdown as the words a reader sees: no emphasis marks, code marks or line breaks."""
    text = re.sub(r"[*`]", "", markdown)
    return re.sub(r"\s+", " ", text).strip()


def _for_the_dashboard(paragraph: str) -> str:
    """The paragraph without its sentences about files and handouts (the dashboard has neither)."""
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z(])", _plain(paragraph))
    kept = [s for s in sentences if not re.search(r"handout|\.html|print|results/", s, re.I)]
    return " ".join(kept)


def parse(path: Path) -> Lesson:
    """The preset a lesson file describes; a clear error naming the file and what is missing."""
    text = path.read_text(encoding="utf-8")
    number, _, name = path.stem.partition("_")
    title = text.splitlines()[0].lstrip("# ").split(": ", 1)[-1].strip()
    question = re.search(r"\*\*Question\.\*\*(.*?)\n\n", text, re.S)
    predict = _section(text, "## Predict")
    look = _section(text, LOOK)
    commands = [
        shlex.split(line.strip())[4:]  # after `uv run airace run`
        for block in re.findall(r"```sh\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.startswith("uv run airace run")
    ]
    missing = [
        what
        for what, found in (
            ("a **Question.** paragraph", question),
            ("a '## Predict' section", predict),
            (f"a '{LOOK}' section", look),
            ("an `uv run airace run` command", commands),
        )
        if not found
    ]
    if missing or not number.isdigit():
        raise ValueError(f"{path}: a lesson needs a number in its file name and {', '.join(missing) or 'a name'}")
    predict_words = predict.split(")", 1)[-1] if predict.lstrip().startswith("(") else predict
    sets = []
    for args in commands:
        for flag, value in itertools.pairwise(args):
            if flag == "--set":
                lever, _, setting = value.partition("=")
                sets.append((lever, setting))
    points = tuple(_plain(p) for p in re.split(r"\n- ", "\n" + look.strip()) if p.strip() and "?lesson=" not in p)
    return Lesson(
        name=name,
        number=int(number),
        title=title,
        question=_plain(question.group(1)),
        predict=_for_the_dashboard(predict_words),
        look=points,
        scenario=Path(commands[0][0]).stem,
        sets=tuple(sets),
        path=path,
    )


@functools.cache
def lessons(folder: Path = FOLDER) -> dict[str, Lesson]:
    """Every lesson in ``folder`` by name, in the order of their numbers (none when there is no folder)."""
    found = [parse(path) for path in sorted(folder.glob("[0-9]*_*.md"))] if folder.is_dir() else []
    return {lesson.name: lesson for lesson in sorted(found, key=lambda lesson: lesson.number)}


def lesson_of_query(query: str, found: dict[str, Lesson], scenarios) -> tuple[Lesson | None, str | None]:
    """The lesson a URL query names (``?lesson=smuggling``), and what was wrong with it, if anything."""
    from urllib.parse import parse_qsl

    names = [value for key, value in parse_qsl(query.lstrip("?")) if key == "lesson"]
    if not names or not names[-1]:
        return None, None
    name = names[-1]
    if name not in found:
        return None, f"lesson: {name!r} is not a lesson; the lessons are {', '.join(found)}"
    if found[name].scenario not in scenarios:
        return None, f"lesson {name}: its scenario {found[name].scenario!r} is not in the library"
    return found[name], None
