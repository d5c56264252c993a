"""One verdict on a paired difference: its interval, its size in the reference's spreads, and a word.

Every table that judges an effect (``effects.csv``, ``airace compare``, ``screen``, ``explain``,
the report's "what changed") calls :func:`judge` or :func:`judge_columns`, so they all give the
same columns and say the same thing about the same numbers:

- ``difference``: the mean paired difference (changed minus reference, run by run on the same
  seeds), with its standard error ``se`` and a paired t-interval ``low``-``high`` at 95%
  (Student's t with n - 1 degrees of freedom: on pure noise it excludes 0 in 5% of comparisons at
  any n, where a percentile bootstrap of 5 replications does so in about 15%);
- ``z``: the difference in units of ``reference_sd``, the reference's run-to-run spread (floored at
  5% of the outcome when the reference does not vary at all), and ``relative_change``, the
  difference as a share of the reference's mean;
- ``size``: ``negligible``, ``small``, ``moderate`` or ``large`` by ``|z|`` (:data:`SIZES`), capped by
  the relative change (:data:`RELATIVE_CAPS`): a change steady across runs but a few percent of the
  outcome is at most ``small``, whatever its z;
- ``significant``: whether the interval excludes 0;
- ``verdict``: ``higher`` or ``lower`` when the difference is both significant and at least small
  (half a spread, what a student notices on a chart), ``no clear change`` otherwise, and
  ``too few replications`` below :data:`MIN_REPLICATIONS` paired runs, where no verdict is given.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

CONFIDENCE = 0.95
MIN_REPLICATIONS = 5  # below this a t-interval is too wide to say anything, and the spread is a guess
SD_FLOOR_SHARE = 0.05  # an outcome that never varies: its spread counts as 5% of its size

# |z| from which each size word applies, smallest first; the first threshold is what a student
# notices on a chart (sim.analysis.responses.THRESHOLD), the last is two spreads (the bands barely overlap).
SIZES: tuple[tuple[float, str], ...] = ((0.0, "negligible"), (0.5, "small"), (1.0, "moderate"), (2.0, "large"))
VISIBLE = SIZES[1][0]
# |relative change| below which a size word is at most the one named: a +4% change with a tiny
# spread is "small", not "large" (significance is the interval's job, size the reader's).
RELATIVE_CAPS: tuple[tuple[float, str], ...] = ((0.05, "small"), (0.20, "moderate"))

HIGHER, LOWER, NO_CLEAR, TOO_FEW = "higher", "lower", "no clear change", "too few replications"
VERDICTS = (HIGHER, LOWER, NO_CLEAR, TOO_FEW)

# The words, defined once: the glossary every report prints (sim.registry.labels.GLOSSARY) takes them from here.
MEANINGS: dict[str, str] = {
    "negligible": "Under half the baseline's run-to-run spread: not to be told from chance on a chart.",
    "small": "Half to one times that spread (visible if you look), or a steady change under 5% of the outcome.",
    "moderate": "One to two times that spread (plain on a chart), or a change under 20% of the outcome.",
    "large": "Two or more times that spread and at least 20% of the outcome: the bands barely overlap.",
    NO_CLEAR: "The difference is negligible, or the runs disagree too much to tell it from chance "
    "(its 95% interval includes zero).",
    TOO_FEW: "Fewer than five paired runs: too few to give a verdict, so none is given.",
}


def size_word(z: float, relative: float = float("nan")) -> str:
    """The size word for an effect of ``z`` reference spreads (``negligible`` when z is not a number),
    at most the word :data:`RELATIVE_CAPS` allows for a ``relative`` change (a share of the
    reference's mean; not a number: no cap)."""
    return str(size_words(np.asarray(z, dtype=float), np.asarray(relative, dtype=float)))


SIZE_NAMES = np.array([name for _, name in SIZES], dtype=object)


def size_words(z: np.ndarray, relative: np.ndarray) -> np.ndarray:
    """:func:`size_word` of each ``z`` with its ``relative`` change, as an array of words."""
    z, relative = np.asarray(z, dtype=float), np.asarray(relative, dtype=float)
    with np.errstate(invalid="ignore"):
        size = sum((np.abs(z) >= threshold).astype(int) for threshold, _ in SIZES) - 1
        size = np.where(np.isfinite(z), size, 0)
        capped = np.isfinite(relative)
        for limit, cap in RELATIVE_CAPS:  # the first cap whose limit the change is under
            index = list(SIZE_NAMES).index(cap)
            applies = capped & (np.abs(relative) < limit)
            size = np.where(applies, np.minimum(size, index), size)
            capped = capped & ~applies
    return SIZE_NAMES[size]


def reference_sd(reference: np.ndarray, difference: np.ndarray | float = 0.0) -> np.ndarray:
    """The reference's run-to-run spread per column (replications x columns, or more axes before
    them), floored at 5% of the larger of the two means where it does not vary at all."""
    reference = np.asarray(reference, dtype=float)
    without = reference.shape[:-2] + reference.shape[-1:]  # the shape without the replications
    sd = reference.std(axis=-2, ddof=1) if reference.shape[-2] > 1 else np.zeros(without)
    mean = reference.mean(axis=-2)
    scale = np.maximum(np.abs(mean), np.abs(mean + difference))
    flat = sd <= 1e-9 * scale
    return np.where(flat, np.maximum(SD_FLOOR_SHARE * scale, 1e-12), sd)


def verdict_of(n: int, significant: bool, z: float) -> str:
    """The one verdict, from both significance and size."""
    return str(verdicts(n, np.asarray(significant), np.asarray(z, dtype=float)))


def verdicts(n: int, significant: np.ndarray, z: np.ndarray) -> np.ndarray:
    """:func:`verdict_of` for arrays of ``significant`` and ``z`` on ``n`` paired runs."""
    if n < MIN_REPLICATIONS:
        return np.full(np.shape(z), TOO_FEW, dtype=object)
    with np.errstate(invalid="ignore"):
        visible = np.isfinite(z) & (np.abs(z) >= VISIBLE)
    return np.where(significant & visible, np.where(z > 0, HIGHER, LOWER), NO_CLEAR).astype(object)


@dataclass(frozen=True)
class Judgement:
    """A paired difference judged: the columns every effects table gives, in this order."""

    n: int
    reference_mean: float
    mean: float
    difference: float
    se: float
    low: float
    high: float
    z: float
    reference_sd: float
    relative_change: float
    size: str
    significant: bool
    verdict: str

    def row(self) -> dict:
        return asdict(self)


COLUMNS = tuple(Judgement.__dataclass_fields__)


def judge_columns(changed: np.ndarray, reference: np.ndarray, confidence: float = CONFIDENCE) -> list[Judgement]:
    """One judgement per column of ``changed`` and ``reference`` (replications x columns, paired
    row by row: the same seed in both)."""
    a = np.asarray(changed, dtype=float)
    b = np.asarray(reference, dtype=float)
    if a.ndim == 1:
        a, b = a[:, None], b[:, None]
    columns = judged(a, b, confidence)
    values = [columns[name].tolist() for name in COLUMNS]
    return [Judgement(*row) for row in zip(*values, strict=True)]


def judged(changed: np.ndarray, reference: np.ndarray, confidence: float = CONFIDENCE) -> dict[str, np.ndarray]:
    """The columns of :class:`Judgement` for many paired comparisons at once: ``changed`` and
    ``reference`` are (..., replications, columns), paired along the replications; each column
    returned has their shape without the replications (a sweep's points x outcomes, say)."""
    a = np.asarray(changed, dtype=float)
    b = np.asarray(reference, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired values need the same shape; got {a.shape} and {b.shape}")
    n = a.shape[-2]
    d = a - b
    difference = d.mean(axis=-2)
    if n > 1:
        se = d.std(axis=-2, ddof=1) / np.sqrt(n)
        half = t_quantile(0.5 + confidence / 2, n - 1) * se
    else:
        se = half = np.full(difference.shape, np.nan)
    low, high = difference - half, difference + half
    sd = reference_sd(b, difference)
    z = difference / sd
    ref_mean = b.mean(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(np.abs(ref_mean) > 1e-12, difference / np.abs(ref_mean), np.nan)
    significant = (low > 0) | (high < 0) if n > 1 else np.zeros(difference.shape, dtype=bool)
    return {
        "n": np.full(difference.shape, n),
        "reference_mean": ref_mean,
        # each column's own mean, summed along it (pairwise, as numpy sums one column)
        "mean": np.ascontiguousarray(np.swapaxes(a, -1, -2)).mean(axis=-1),
        "difference": difference,
        "se": se,
        "low": low,
        "high": high,
        "z": z,
        "reference_sd": sd,
        "relative_change": relative,
        "size": size_words(z, relative),
        "significant": significant,
        "verdict": verdicts(n, significant, z),
    }


def judge(changed: np.ndarray, reference: np.ndarray, confidence: float = CONFIDENCE) -> Judgement:
    """The judgement of one statistic: one value per replication each, paired by position."""
    return judge_columns(np.ravel(changed), np.ravel(reference), confidence)[0]


def judge_unpaired(changed: np.ndarray, reference: np.ndarray, confidence: float = CONFIDENCE) -> Judgement:
    """The judgement of two independent samples (other seeds): the difference of means with a Welch
    t-interval; ``n`` is the smaller sample."""
    a = np.asarray(changed, dtype=float).ravel()
    b = np.asarray(reference, dtype=float).ravel()
    n = min(len(a), len(b))
    difference = float(a.mean() - b.mean())
    if n > 1:
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        se = float(np.sqrt(va + vb))
        df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1)) if va + vb > 0 else n - 1
        half = float(t_quantile(0.5 + confidence / 2, df) * se)
    else:
        se = half = float("nan")
    sd = float(reference_sd(b[:, None], difference)[0])
    z = difference / sd
    ref_mean = float(b.mean())
    significant = bool(n > 1 and (difference - half > 0 or difference + half < 0))
    relative = difference / abs(ref_mean) if abs(ref_mean) > 1e-12 else float("nan")
    return Judgement(
        n=n,
        reference_mean=ref_mean,
        mean=float(a.mean()),
        difference=difference,
        se=se,
        low=difference - half,
        high=difference + half,
        z=z,
        reference_sd=sd,
        relative_change=relative,
        size=size_word(z, relative),
        significant=significant,
        verdict=verdict_of(n, significant, z),
    )


def t_quantile(probability: float, df: float) -> float:
    """Student's t quantile: ``scipy.special.stdtrit``, which ``scipy.stats.t.ppf`` calls for a
    probability inside (0, 1) (the same numbers), without importing ``scipy.stats`` (half a second
    of every command that draws a verdict). Imported here, so ``airace --help`` pays for neither."""
    from scipy.special import stdtrit

    return stdtrit(df, probability)
