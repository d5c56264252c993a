"""Plain labels: every outcome and lever has one, and none uses a code name or a power of ten."""

import re

import numpy as np
import pytest

from sim.registry.labels import (
    ARTICLES,
    GLOSSARY,
    KEY_ASSUMPTIONS,
    LEVER_LABELS,
    MECHANISM_LABELS,
    MECHANISM_OUTCOMES,
    OUTCOME_LABELS,
    Display,
    mechanisms_behind,
    plain_number,
    settings_phrase,
    shown,
)
from sim.registry.outcomes import NUMERIC
from sim.registry.params import MECHANISMS, PARAMS, SEED_FILES
from tests.helpers import ROOT

CODE_NAME = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\b[a-z]+\.[a-z_]+\b")  # adoption_hedge_nations, us.enforcement
SCIENTIFIC = re.compile(r"\d(\.\d+)?e[+-]?\d", re.IGNORECASE)  # 3.844e+10, 1e8


def plain_words(text: str) -> bool:
    return not CODE_NAME.search(text) and not SCIENTIFIC.search(text)


def test_every_recorded_outcome_has_a_plain_label():
    assert set(OUTCOME_LABELS) == set(NUMERIC)
    for name, label in OUTCOME_LABELS.items():
        for text in (label.title, label.unit, label.note, label.suffix):
            assert plain_words(text), f"{name}: {text!r}"


def test_every_lever_has_a_plain_label():
    levers = {p.name for p in PARAMS.values() if p.kind == "lever"}
    assert set(LEVER_LABELS) == levers
    for name, label in LEVER_LABELS.items():
        assert plain_words(label.title + " " + label.scale_words), name


def test_every_mechanism_has_plain_words_a_key_assumption_and_the_outcomes_it_drives():
    assert set(MECHANISM_LABELS) == set(MECHANISMS) == set(KEY_ASSUMPTIONS) == set(MECHANISM_OUTCOMES)
    for mechanism, (param, weaker, asks) in KEY_ASSUMPTIONS.items():
        p = PARAMS[param]
        assert p.kind == "assumption" and p.min <= weaker <= p.max and weaker != p.default, mechanism
        assert plain_words(asks)
    for driven in MECHANISM_OUTCOMES.values():
        assert set(driven) <= set(NUMERIC)


def test_the_outcomes_a_mechanism_drives_include_those_its_contract_rows_name():
    from sim.analysis.responses import contract

    for subject in contract():
        if subject.kind == "switch":
            mechanism = subject.covers.removeprefix("mechanisms.")
            for expect in subject.expects:
                assert expect.outcome in MECHANISM_OUTCOMES[mechanism], (mechanism, expect.outcome)


def test_mechanisms_behind_ranks_by_how_many_watched_outcomes_each_drives():
    chosen = mechanisms_behind(["smuggled_value_usd", "compute_cn", "cn_domestic_chip_share"])
    assert chosen[:2] == ["export_controls", "smuggling"]
    assert len(mechanisms_behind(list(NUMERIC))) == 3


@pytest.mark.parametrize("value", [3.844e10, 1e8, 0.0, -0.0001, 0.07, 0.5, 12.3456, 999_999.0, -2.5e-7, float("inf")])
def test_plain_numbers_never_use_an_exponent(value):
    assert not SCIENTIFIC.search(plain_number(value)), plain_number(value)


def test_shown_values_keep_the_order_of_raw_values():
    raw = np.linspace(0.0, 0.99, 50)
    for display in Display:
        values = shown(display, raw)
        assert np.all(np.diff(values) >= 0), display


def test_misuse_per_decade_is_the_poisson_hazard_over_forty_quarters():
    assert shown(Display.per_decade, 1 - np.exp(-0.1)) == pytest.approx(4.0)
    assert shown(Display.percent_a_year, 0.01) == pytest.approx(100 * (1 - 0.99**4))


def test_a_value_reads_with_its_unit_and_no_exponent():
    assert OUTCOME_LABELS["smuggled_value_usd"].value(3.844e10) == "USD 38.4 bn a quarter"
    assert OUTCOME_LABELS["cn_domestic_chip_share"].value(0.62) == "62%"
    assert OUTCOME_LABELS["compute_cn"].value(2.3e6) == "2.30 million top chips' worth"


def test_what_the_command_line_set_reads_as_a_title():
    phrase = settings_phrase({"us.enforcement": 0.9, "cn.doctrine": "reactive"})
    assert phrase == "US enforcement against chip smuggling at 0.9; China's doctrine at reactive"


def test_every_seed_article_is_indexed_with_title_outlet_author_date_and_kind():
    index = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    assert set(ARTICLES) == set(SEED_FILES)
    for seed, article in ARTICLES.items():
        row = next(line for line in index.splitlines() if line.startswith(f"| [`{seed}`]"))
        for field in (article.short, article.title, article.outlet, article.author, article.date, article.kind):
            assert field in row, (seed, field)


def test_the_glossary_is_plain_and_covers_the_terms_teachers_asked_for():
    for term in ("tenfold step", "top chip's worth", "stack", "hedging", "tension", "band"):
        assert term in GLOSSARY
    for text in GLOSSARY.values():
        assert plain_words(text)
