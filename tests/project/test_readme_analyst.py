"""The README's analyst path, followed as written (with fewer replications)."""

from __future__ import annotations

import re

import pandas as pd

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## For analysts") : README.index("## Parameters and outcomes")]


def test_the_analysts_scenario_validates_and_compares_as_the_readme_says(tmp_path, airace):
    yaml = re.search(r"```yaml\n(.*?)```", SECTION, re.S).group(1)
    path = tmp_path / "my_question.yaml"
    path.write_text(yaml.replace("scenarios/baseline.yaml", str(ROOT / "scenarios" / "baseline.yaml")))
    assert airace("validate", str(path)).returncode == 0
    command = re.search(r"uv run airace compare (.*?) --out", SECTION).group(1).split()
    assert command[1] == "my_question.yaml"
    command[1] = str(path)
    done = airace(
        "compare", *command, "--out", str(tmp_path / "cmp"), "-n", "5", "--outcomes", "smuggled_value_usd", "-q"
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "cmp" / "effects.csv")
    assert set(table["run"]) == {"my_question", "smuggling_crackdown"}
    crackdown = table.set_index(["run", "outcome", "statistic"]).loc[
        ("smuggling_crackdown", "smuggled_value_usd", "decade")
    ]
    assert crackdown["verdict"] == "lower"
    assert (ROOT / "docs" / "images" / "compare_differences.png").exists()
