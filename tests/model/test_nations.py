import hashlib

import numpy as np
import pytest

from sim.model.nations import NUMERIC_COLUMNS, load_nations, synthetic_nations
from sim.registry.params import PARAMS
from tests.helpers import ROOT


def test_nations_table_has_at_least_sixty_real_countries():
    nations = load_nations()
    assert len(nations) >= 60
    assert len(set(nations.iso3)) == len(nations)
    assert all(len(code) == 3 and code.isupper() for code in nations.iso3)


@pytest.mark.parametrize("column", NUMERIC_COLUMNS)
def test_nation_attributes_lie_in_their_registry_ranges(column):
    values = getattr(load_nations(), column)
    param = PARAMS[f"nations.{column}"]
    assert np.all((values >= param.min) & (values <= param.max))


def test_every_nations_column_is_documented():
    notes = (ROOT / "seeds" / "nations.md").read_text(encoding="utf-8")
    header = (ROOT / "seeds" / "nations.csv").read_text(encoding="utf-8").splitlines()[0]
    for column in header.split(","):
        assert f"`{column}`" in notes


def test_synthetic_nations_resample_real_attributes():
    nations = synthetic_nations(600, seed=1)
    assert len(nations) == 600
    assert set(nations.population_m) <= set(load_nations().population_m)


def test_seed_articles_are_byte_for_byte_the_recorded_copies():
    sums = (ROOT / "seeds" / "SHA256SUMS").read_text(encoding="utf-8").split("\n")
    recorded = dict(reversed(line.split("  ")) for line in sums if line)
    assert sorted(recorded) == sorted(path.name for path in (ROOT / "seeds").glob("*.txt"))
    for name, digest in recorded.items():
        assert hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest() == digest, f"seeds/{name} changed"
