"""Hostile and careless scenario files: each is refused at once, in one line naming the file, with
what is allowed; nothing hangs, nothing exhausts memory, nothing prints a traceback."""

import os
import time
from pathlib import Path

import pytest

from sim.scenario import MAX_RUNS, ScenarioError, check_runs, load_scenario
from sim.scenario.files import MAX_EXTENDS, MAX_FILE_BYTES, MAX_YAML_NODES
from sim.scenario.schema import MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_SWEEP_POINTS


def refused(path: Path, *fragments: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in (str(path), *fragments):
        assert fragment in message, message
    return message


def billion_laughs(path: Path) -> Path:
    lines = ["name: laughs", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_aliases_that_expand_exponentially_are_refused_at_once(tmp_path):
    started = time.perf_counter()
    refused(billion_laughs(tmp_path / "laughs.yaml"), f"over {MAX_YAML_NODES:,} values", "aliases")
    assert time.perf_counter() - started < 2


def test_an_alias_inside_itself_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("name: loop\nparams: &p {inner: *p}\n")
    refused(path, "an alias refers to the value that contains it")


def test_a_few_aliases_are_fine(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("name: alias\nparams: &p {us.enforcement: 0.5}\nevents:\n  - {at: 2026Q1, set: *p}\n")
    assert load_scenario(path).events[0].set == {"us.enforcement": 0.5}


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(path, "nested too deeply")


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("name: big\ndescription: " + "x" * MAX_FILE_BYTES + "\n")
    refused(path, f"over {MAX_FILE_BYTES:,} bytes")


def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\u00e9\n".encode("latin-1"))
    refused(path, "not UTF-8", "0xe9")


@pytest.mark.parametrize("make", ["folder", "fifo", "device"])
def test_only_a_regular_file_is_read(tmp_path, make):
    if make == "folder":
        path = tmp_path / "folder.yaml"
        path.mkdir()
        expected = "is a folder"
    elif make == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
        expected = "not a regular file"
    else:
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero on this machine")
        expected = "not a regular file"
    refused(path, expected)


def test_a_fifo_does_not_hang_the_command(tmp_path, airace):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    result = airace("validate", str(path), timeout=30)
    assert result.returncode == 2 and "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_a_binary_file_exits_2_naming_it_without_a_traceback(tmp_path, airace):
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    result = airace("run", str(path), "--out", str(tmp_path / "out"), timeout=60)
    assert result.returncode == 2 and str(path) in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_extends_a_folder_says_it_is_a_folder(tmp_path):
    (tmp_path / "parent").mkdir()
    path = tmp_path / "child.yaml"
    path.write_text("name: child\nextends: parent\n")
    refused(path, "key extends (line 2)", "is a folder")


def test_extends_through_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    path = tmp_path / "child.yaml"
    path.write_text("name: child\nextends: a.yaml\n")
    refused(path, "key extends (line 2)", "cannot be followed")


def test_a_chain_of_extends_is_limited(tmp_path):
    (tmp_path / "s0.yaml").write_text("name: s0\n")
    for i in range(1, MAX_EXTENDS + 2):
        (tmp_path / f"s{i}.yaml").write_text(f"name: s{i}\nextends: s{i - 1}.yaml\n")
    with pytest.raises(ScenarioError, match=f"a chain of extends holds at most {MAX_EXTENDS} files"):
        load_scenario(tmp_path / f"s{MAX_EXTENDS + 1}.yaml")
    assert load_scenario(tmp_path / f"s{MAX_EXTENDS - 1}.yaml").name == f"s{MAX_EXTENDS - 1}"


def test_a_sweep_of_a_billion_points_is_refused_before_any_point_is_made(tmp_path):
    path = tmp_path / "huge.yaml"
    axes = "".join(
        f"  {name}: {{from: 0, to: 1, num: 1000}}\n"
        for name in ("us.enforcement", "us.export_control_stringency", "cn.open_model_subsidy")
    )
    path.write_text("name: huge\nsweep:\n" + axes)
    started = time.perf_counter()
    refused(path, "key sweep (line 2)", "1,000,000,000 points", f"at most {MAX_SWEEP_POINTS:,}")
    assert time.perf_counter() - started < 2


def test_runs_over_the_limit_need_max_runs(tmp_path, airace):
    path = tmp_path / "many.yaml"
    path.write_text(
        "name: many\nreplications: 20\nsweep:\n  us.enforcement: {from: 0, to: 1, num: 1000}\n"
        "  us.export_control_stringency: {from: 0, to: 1, num: 100}\n"
    )
    scenario = load_scenario(path)
    assert scenario.runs == 2_000_000 > MAX_RUNS
    with pytest.raises(ScenarioError, match="add --max-runs 2000000"):
        check_runs(scenario, path)
    check_runs(scenario, path, max_runs=2_000_000)
    result = airace("validate", str(path), timeout=60)
    assert result.returncode == 2 and "2,000,000 runs, over the limit of 1,000,000" in result.stderr
    assert airace("validate", str(path), "--max-runs", "2000000", timeout=60).returncode == 0


@pytest.mark.parametrize(
    ("key", "length", "limit"),
    [("name", MAX_NAME_CHARS + 1, MAX_NAME_CHARS), ("description", MAX_DESCRIPTION_CHARS + 1, MAX_DESCRIPTION_CHARS)],
)
def test_long_names_and_descriptions_are_refused(tmp_path, key, length, limit):
    path = tmp_path / "long.yaml"
    fields = {"name": "long", "description": "a question"}
    fields[key] = "x" * length
    path.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()))
    refused(path, f"key {key} (line", f"at most {limit} characters")


def test_a_set_value_is_read_with_the_same_limits():
    from sim.scenario import parse_sets

    laughs = (
        "[&a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"
        + "".join(f", &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 10)}]" for i in range(8))
        + "]"
    )
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"over {MAX_YAML_NODES:,} values"):
        parse_sets([f"us.enforcement={laughs}"])
    assert time.perf_counter() - started < 2


def test_a_huge_bad_value_is_quoted_short(tmp_path):
    path = tmp_path / "long_value.yaml"
    path.write_text(f"name: long_value\nparams:\n  us.enforcement: {'9' * 50_000}x\n")
    message = refused(path, "key params.us.enforcement (line 3)", "expected a number from 0 to 1")
    assert len(message) < 400


def test_a_key_set_twice_is_an_error_naming_both_lines(tmp_path, airace):
    path = tmp_path / "twice.yaml"
    path.write_text("name: twice\nsteps: 4\nparams:\n  us.enforcement: 0.2\n  us.enforcement: 0.9\n")
    refused(path, "key us.enforcement is set twice (line 4 and line 5)")
    top = tmp_path / "top.yaml"
    top.write_text("name: top\nsteps: 4\nname: again\n")
    refused(top, "key name is set twice (line 1 and line 3)")
    done = airace("validate", str(path), timeout=60)
    assert done.returncode == 2 and "line 4 and line 5" in done.stderr and "Traceback" not in done.stderr


def test_an_impossible_world_is_refused_by_validate_naming_both_shares(tmp_path, airace):
    path = tmp_path / "impossible.yaml"
    path.write_text(
        "name: impossible\nsteps: 4\nparams:\n  compute.initial_us_share: 0.9\n  compute.initial_cn_share: 0.8\n"
    )
    message = refused(path, "impossible world", "compute.initial_us_share line 4", "compute.initial_cn_share line 5")
    assert "1.7, more than 1" in message
    done = airace("validate", str(path), timeout=60)
    assert done.returncode == 2 and "impossible world" in done.stderr


def test_a_sweep_with_an_impossible_point_is_refused_and_a_hypercube_resamples_around_it(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text(
        "name: grid\nsteps: 4\nparams: {compute.initial_cn_share: 0.5}\nsweep: {compute.initial_us_share: [0.3, 0.7]}\n"
    )
    refused(grid, "sweep point 1 (compute.initial_us_share=0.7)", "impossible world")
    cube = tmp_path / "cube.yaml"
    cube.write_text(
        "name: cube\nsteps: 4\nsweep:\n  latin_hypercube: 40\n  over:\n"
        "    compute.initial_us_share: {from: 0.0, to: 1.0}\n    compute.initial_cn_share: {from: 0.0, to: 1.0}\n"
    )
    points = load_scenario(cube).points()
    assert len(points) == 40
    assert all(p["compute.initial_us_share"] + p["compute.initial_cn_share"] <= 1.0 for p in points)
    assert max(p["compute.initial_us_share"] for p in points) > 0.7  # the whole range is still sampled
