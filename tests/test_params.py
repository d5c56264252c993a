import importlib.util
from pathlib import Path

import pytest

from sim.registry.params import (
    DEFAULTS,
    GROUPS,
    MECHANISMS,
    PARAMS,
    RENAMED,
    SEED_FILES,
    SETTABLE,
    ParameterError,
    Parameters,
    check_mid_run,
    resolve,
)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def seed_quoted_params():
    return [p for p in PARAMS.values() if p.source in SEED_FILES]


@pytest.mark.parametrize("param", seed_quoted_params(), ids=lambda p: p.name)
def test_every_quote_appears_verbatim_in_its_seed_file(param):
    text = (SEEDS_DIR / param.source).read_text(encoding="utf-8")
    assert param.quote, f"{param.name} cites {param.source} without a quote"
    assert param.quote in text, f"{param.name}: quote not found in {param.source}"


@pytest.mark.parametrize("param", list(PARAMS.values()), ids=lambda p: p.name)
def test_every_parameter_says_where_it_comes_from(param):
    assert param.kind in ("lever", "assumption", "data")
    assert param.meaning and param.unit and param.source
    if param.source == "assumption":
        assert param.reason, f"{param.name} is an assumption with no reason"
    if param.source not in SEED_FILES:
        assert not param.quote


@pytest.mark.parametrize("name", list(DEFAULTS), ids=str)
def test_every_default_is_valid(name):
    assert PARAMS[name].check(DEFAULTS[name]) == DEFAULTS[name]


def test_seed_quote_sources_cover_all_four_articles():
    assert {p.source for p in seed_quoted_params()} == set(SEED_FILES)


def test_unknown_parameter_gets_a_did_you_mean():
    with pytest.raises(ParameterError, match=r"did you mean us\.export_control_stringency"):
        resolve({"us.export_controls_stringency": 0.5})


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("us.export_control_stringency", 1.5, "from 0 to 1"),
        ("us.export_control_stringency", "high", "a number"),
        ("us.doctrine", "aggressive", "fixed, reactive, reciprocal, adaptive"),
        ("mechanisms.smuggling", "no", "true or false"),
        ("firms.frontier_labs_per_bloc", 2.5, "whole number"),
        ("nations.population_m", 3.0, "data parameters are read from"),
    ],
)
def test_bad_values_are_rejected_with_what_is_allowed(name, value, allowed):
    with pytest.raises(ParameterError, match=allowed):
        resolve({name: value})


def test_parameters_are_typed_by_the_registry_and_frozen():
    p = Parameters.resolve({"us.enforcement": 1})
    assert p.us.enforcement == 1.0 and isinstance(p.us.enforcement, float)
    assert isinstance(p.firms.frontier_labs_per_bloc, int) and p.mechanisms.smuggling is True
    assert p.values() == resolve({"us.enforcement": 1.0})
    for name, param in SETTABLE.items():
        assert isinstance(p.value(name), param.value_type), name
    with pytest.raises(AttributeError):
        p.smuggling.base_share = 0.5


def test_each_mechanism_has_one_name_for_its_module_switch_and_parameters():
    groups = set(GROUPS)
    for mechanism in MECHANISMS:
        assert importlib.util.find_spec(f"sim.model.mechanisms.{mechanism}"), mechanism
        assert f"mechanisms.{mechanism}" in PARAMS
        assert mechanism in groups, mechanism


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_a_renamed_parameter_is_answered_with_its_new_name(old, new):
    with pytest.raises(ParameterError, match=f"{old} was renamed to {new}"):
        resolve({old: 0.1})


def test_only_levers_that_may_change_mid_run_pass_the_mid_run_check():
    assert check_mid_run("us.enforcement", 0.5) == 0.5
    for name in ("firms.frontier_labs_per_bloc", "tension.initial", "mechanisms.misuse"):
        with pytest.raises(ParameterError, match="during a run"):
            check_mid_run(name, PARAMS[name].default)


def test_the_generated_parameter_groups_are_current_with_the_registry():
    from sim.registry.params import GROUPS_MODULE, groups_source

    assert GROUPS_MODULE.read_text(encoding="utf-8") == groups_source(), (
        "sim/registry/groups.py is out of date: run uv run python -m sim.registry.params"
    )
    assert all(cls.__module__ == "sim.registry.groups" for cls in GROUPS.values())


def _group_files(tmp_path):
    from importlib import resources

    from sim.registry.param_files import GROUP_FILES

    for group in GROUP_FILES:
        text = resources.files("sim.registry").joinpath("parameters", f"{group}.toml").read_text(encoding="utf-8")
        (tmp_path / f"{group}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_group_files_load_into_the_registry_in_order(tmp_path):
    from sim.registry.param_files import load

    loaded = load(SEED_FILES, "seeds/nations.csv", _group_files(tmp_path))
    assert [fields["name"] for fields in loaded] == list(PARAMS)
    assert all(PARAMS[fields["name"]].default == fields["default"] for fields in loaded)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("default = 0.3\n", 'default = "high"\n', "us.enforcement: default = 'high' is not allowed; expected a number"),
        ("default = 0.3\n", "default = 3.0\n", "us.enforcement: default = 3.0 is not allowed; expected min <= default"),
        ("default = 0.3\n", "default = 1\n", "us.enforcement: default = 1 is not allowed; expected 1.0 for a number"),
        ('unit = "index 0-1"\n', "", "us.enforcement: unit is missing; expected text in quotes"),
        ('kind = "lever"\n', 'kind = "knob"\n', "us.enforcement: kind = 'knob' is not allowed; expected lever"),
        ("min = 0.0\n", "minimum = 0.0\n", "us.enforcement: unknown key 'minimum'; allowed: kind, default"),
        ("quote = ", "reason = ", "us.enforcement: quote is missing; expected a verbatim part"),
        ("default = 0.3\n", "default = 0.3\nmid_run = 1\n", "us.enforcement: mid_run = 1 is not allowed"),
        ("default = 0.3\n", "default = 0.3\n[broken\n", "us.toml: not valid TOML"),
    ],
)
def test_a_bad_entry_is_named_in_one_line_with_file_parameter_key_and_what_is_allowed(tmp_path, old, new, message):
    from sim.registry.param_files import RegistryError, load

    folder = _group_files(tmp_path)
    text = (folder / "us.toml").read_text(encoding="utf-8")
    start = text.index("[enforcement]\n")
    end = text.index("\n[", start + 1)
    assert old in text[start:end]
    (folder / "us.toml").write_text(text[:start] + text[start:end].replace(old, new, 1) + text[end:], encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load(SEED_FILES, "seeds/nations.csv", folder)
    assert str(caught.value).startswith("sim/registry/parameters/us.toml: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_group_file_the_registry_does_not_list_is_refused(tmp_path):
    from sim.registry.param_files import RegistryError, load

    folder = _group_files(tmp_path)
    (folder / "chips.toml").write_text("", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"parameters/chips.toml: not a group; name it in GROUP_FILES"):
        load(SEED_FILES, "seeds/nations.csv", folder)
