"""The lessons in docs/lessons/ work in class: their commands run as written, and the charts and
report sections they tell students to look at exist."""

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT

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
def test_a_lessons_commands_run_and_make_what_it_names(path: Path, tmp_path, monkeypatch, airace):
    monkeypatch.chdir(ROOT)  # the commands name scenarios/ relative to the project, as a teacher types them
    text = path.read_text(encoding="utf-8")
    for command in commands(text):
        args = shlex.split(command.replace("results/", f"{tmp_path}/results/"))[3:]  # after "uv run airace"
        result = airace.invoke(*args, "--quiet") if args[0] == "run" else airace.invoke(*args)
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


# ---- every claim a lesson makes, against a run of the model as it is --------------------------
# Ten paired runs of each scenario and the baseline (under a second each); each test names the
# lesson's words it checks. If the model changes and a test fails, change the lesson's words.
def _runs(scenario: str, **sets):
    from sim.scenario import load_scenario
    from sim.web.dashboard.state import reference_of, runs_of

    loaded = load_scenario(ROOT / "scenarios" / f"{scenario}.yaml").with_overrides(replications=10)
    if sets:
        data = loaded.model_dump(by_alias=True, exclude_none=True)
        loaded = type(loaded).model_validate({**data, "params": {**data["params"], **sets}})
    return runs_of(loaded).frame, runs_of(reference_of(loaded)).frame


def mean(frame, column: str, when: str) -> float:
    """The mean over runs of ``column`` at a quarter (``2026Q4``), or over the decade (``decade``)."""
    from sim.registry.calendar import step_of

    if when == "decade":
        return float(frame[column].mean())
    return float(frame.loc[frame["step"] == step_of(when), column].mean())


def both(scenario: str, column: str, when: str, **sets) -> tuple[float, float]:
    run, reference = _runs(scenario, **sets)
    return mean(run, column, when), mean(reference, column, when)


def test_lesson_1_export_controls_says_what_the_model_does():
    text = (ROOT / "docs" / "lessons" / "1_export_controls.md").read_text(encoding="utf-8")
    assert "about half of it by 2034" in text
    tight, base = both("tight_controls", "compute_cn", "2034Q4")
    assert 0.4 <= tight / base <= 0.6  # "lower than in the baseline, about half of it by 2034"
    assert "most of China's compute by 2034, against well\n  under half in the baseline" in text
    tight, base = both("tight_controls", "cn_domestic_chip_share", "2034Q4")
    assert tight > 0.5 and base < 0.45
    tight, base = both("tight_controls", "tension", "2034Q4")
    assert tight > base  # "tension: higher than in the baseline by 2034"
    assert "further behind the US's within two years and stays further behind, a little less so by 2034" in text
    lag = [both("tight_controls", "capability_gap", q) for q in ("2026Q4", "2028Q4", "2030Q4", "2034Q4")]
    wider = [a - b for a, b in lag]
    assert all(w > 0 for w in wider) and wider[-1] < max(wider[:-1])
    lifted, base = both("controls_lifted", "compute_cn", "2034Q4")
    assert lifted > 1.5 * base  # "China's compute jumps"
    lifted, base = both("controls_lifted", "cn_chips_made_h100e", "2034Q4")
    assert lifted < base  # "its own chip industry stalls"


def test_lesson_2_smuggling_says_what_the_model_does():
    text = (ROOT / "docs" / "lessons" / "2_smuggling.md").read_text(encoding="utf-8")
    assert "a small fraction of the baseline's on average over the decade" in text
    crackdown, base = both("smuggling_crackdown", "smuggled_value_usd", "decade")
    assert crackdown < 0.2 * base
    assert "under a tenth below the baseline's in every year" in text
    run, reference = _runs("smuggling_crackdown")
    for year in range(2025, 2035):
        ours, theirs = mean(run, "compute_cn", f"{year}Q4"), mean(reference, "compute_cn", f"{year}Q4")
        assert 0.9 * theirs < ours < theirs, year
    crackdown, base = both("smuggling_crackdown", "capability_gap", "decade")
    assert abs(crackdown - base) < 0.05 * abs(base)  # "the US lead barely changes"
    early, late = (both("baseline", "smuggled_value_usd", q)[0] for q in ("2025Q2", "2034Q4"))
    assert 0.6e9 < early < 1.5e9 and late > 3 * early  # "from about USD 1 bn a quarter ... several times that"
    for when in ("2026Q4", "2030Q4", "2034Q4"):
        crackdown, base = both("smuggling_crackdown", "smuggled_value_usd", when)
        assert crackdown < 0.3 * base  # "the crackdown keeps it low throughout"


def test_lesson_3_open_models_says_what_the_model_does():
    opened, base = both("china_open_models", "adoption_open", "2034Q4")
    assert opened > base  # "Developing world on open or local models: higher than in the baseline by 2034"
    opened, base = both("china_open_models", "misuse_risk", "decade")
    assert opened > base  # "Serious AI misuse by bad actors: higher than in the baseline"
    for when in ("2026Q4", "2030Q4", "2034Q4"):
        detected, base = both("china_open_models", "misuse_risk", when, **{"us.joint_misuse_detection": 1.0})
        assert detected < base  # "misuse falls below the baseline's line"
    detected, base = both("china_open_models", "adoption_open", "2034Q4", **{"us.joint_misuse_detection": 1.0})
    assert detected > base  # "while the open models still spread"


def test_lesson_4_developing_nations_says_what_the_model_does():
    from sim.model.nations import load_nations

    silk = {c: both("digital_silk_road", c, "2034Q4") for c in ("adoption_cn", "adoption_us", "adoption_open")}
    assert silk["adoption_cn"][0] > silk["adoption_cn"][1] and silk["adoption_us"][0] < silk["adoption_us"][1]
    assert silk["adoption_open"][0] < silk["adoption_open"][1]  # "the US stack and open models lose"
    partners = {c: both("us_partner_programme", c, "2034Q4") for c in ("adoption_cn", "adoption_us")}
    assert partners["adoption_us"][0] > partners["adoption_us"][1]  # "the US stack gains and China's loses"
    assert partners["adoption_cn"][0] < partners["adoption_cn"][1]
    early, late = (both("digital_silk_road", "adoption_cn", q) for q in ("2026Q4", "2030Q4"))
    assert early[0] - early[1] < late[0] - late[1]  # "the lines part only after a few years"
    nations = load_nations()
    india = float(nations.population_weight[nations.iso3.index("IND")])
    assert 0.25 <= india <= 0.4  # "India is about a third of the population weight"


def test_lesson_5_cooperation_says_what_the_model_does():
    cern = {c: both("cern_for_ai", c, "2034Q4") for c in ("cooperation", "tension", "crisis_risk", "capability_gap")}
    assert cern["cooperation"][0] > 3 * cern["cooperation"][1]  # "far higher than in the baseline"
    assert cern["tension"][0] < cern["tension"][1] and cern["crisis_risk"][0] < cern["crisis_risk"][1]
    assert cern["capability_gap"][0] < cern["capability_gap"][1]  # "the US lead narrows"
    misuse, base = both("cern_for_ai", "misuse_risk", "decade")
    assert misuse < base
    race = {c: both("manhattan_project", c, "2034Q4") for c in ("tension", "crisis_risk", "safety_share")}
    assert race["tension"][0] > race["tension"][1] and race["crisis_risk"][0] > race["crisis_risk"][1]
    assert race["safety_share"][0] < race["safety_share"][1]  # "labs spend less on safety"
    early, late = (both("manhattan_project", "capability_gap", q) for q in ("2026Q4", "2034Q4"))
    assert early[0] - early[1] > late[0] - late[1] > 0  # "the US lead is wider at first"


def test_the_weaker_assumptions_a_report_offers_are_the_fractions_it_names():
    from sim.registry.labels import KEY_ASSUMPTIONS
    from sim.registry.params import PARAMS

    for parameter, weaker, asks in KEY_ASSUMPTIONS.values():
        ratio = float(weaker) / float(PARAMS[parameter].default)
        if "a third" in asks:
            assert ratio == pytest.approx(1 / 3, abs=0.02), parameter
        if "never" in asks or "none" in asks or "no extra" in asks or "do not" in asks or "neither" in asks:
            assert weaker == 0.0, parameter
