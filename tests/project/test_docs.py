"""The docs say what the code does: generated tables are current, every mechanism is described."""

from sim.registry.params import MECHANISMS
from sim.report.tables import fill_regions
from tests.helpers import ROOT

ODD = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")


def test_odd_parameter_and_outcome_tables_match_the_registries():
    assert fill_regions(ODD) == ODD, "run `uv run python -m sim.report.tables` to regenerate docs/ODD.md tables"


def test_odd_follows_the_seven_sections_of_the_protocol():
    for heading in (
        "## 1. Purpose and patterns",
        "## 2. Entities, state variables and scales",
        "## 3. Process overview and scheduling",
        "## 4. Design concepts",
        "## 5. Initialisation",
        "## 6. Input data",
        "## 7. Submodels",
    ):
        assert heading in ODD


def test_every_mechanism_switch_has_a_submodel_section():
    for mechanism in MECHANISMS:
        assert f"`mechanisms.{mechanism}`" in ODD


def test_readme_names_both_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run airace run scenarios/baseline.yaml" in readme
    assert "uv run pytest" in readme


def test_readme_scenario_examples_validate(tmp_path):
    import re

    from sim.scenario import load_scenario

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("name:")]
    assert blocks
    for i, block in enumerate(blocks):
        path = ROOT / "scenarios" / f".readme_example_{i}.yaml"
        try:
            path.write_text(block)
            load_scenario(path)
        finally:
            path.unlink()


def test_policy_responses_page_matches_the_contract():
    page = (ROOT / "docs" / "policy_responses.md").read_text(encoding="utf-8")
    assert "<!-- responses:start -->" in page and "<!-- responses:end -->" in page
    assert fill_regions(page) == page, "run `uv run python -m sim.report.tables` to regenerate docs/policy_responses.md"


def test_readme_points_to_the_policy_response_contract():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run airace responses" in readme and "docs/policy_responses.md" in readme


def test_teachers_guide_glossary_is_the_one_every_report_prints():
    page = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    assert "<!-- glossary:start -->" in page
    assert fill_regions(page) == page, "run `uv run python -m sim.report.tables` to regenerate docs/teachers.md"


def test_readme_opens_with_the_teachers_three_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    teachers = readme.index("## For teachers")
    assert teachers < readme.index("uv run pytest")
    for command in ("uv run airace list", "uv run airace run scenarios/", "uv run airace explain"):
        assert command in readme[teachers : teachers + 1500]
    assert "docs/teachers.md" in readme and "report.html" in readme
