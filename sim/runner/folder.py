"""The results folder of one run: one writer at a time, one run's results, nothing stale.

``results_folder(out, fingerprint, fresh)`` takes the folder's lock (``sim.runner.lock``), removes
staging folders left by a killed run, refuses a folder that holds anything but this run (another
run's results, or files that are not airace's), and opens its parts (``sim.runner.store``). A run
that is refused, or fails before any run finished, leaves no folder it created.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sim.runner.errors import RunRefused
from sim.runner.lock import LOCK_NAME, FolderLock
from sim.runner.store import KINDS, SET_ASIDE, PartStore, digest

PARTS = ".parts"
STAGING_PREFIX = ".partial-"
# What a finished run writes; removed before a resumed run writes its results again.
RESULT_NAMES = (
    "timeseries.parquet",
    "timeseries.csv",
    "summary.csv",
    "effects.csv",
    "effects.parquet",
    "final.parquet",
    "nations.parquet",
    "baseline_timeseries.parquet",
    "charts",
    "report.html",
    "manifest.json",
)
_OURS = {LOCK_NAME, PARTS, SET_ASIDE, "lost+found"}  # lost+found: the root of an ext4 mount


class AlreadyFinished(Exception):
    """The folder holds the finished results of this very run."""

    def __init__(self, folder: Path):
        self.folder = folder
        super().__init__(f"{folder} already holds the finished results of this run; nothing to do")


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_out_dir(scenario, root: Path = Path("results")) -> Path:
    """``results/<scenario>/<UTC time>/``."""
    return root / scenario.name / utc_stamp()


def out_folder(text: str | None, scenario) -> Path:
    """The ``--out`` folder, or the scenario's default without one; an empty value (an unset shell
    variable) is refused rather than taken as the current folder."""
    if text is None:
        return default_out_dir(scenario)
    if not text.strip():
        raise RunRefused("--out: '' is not allowed; expected a folder path (is a shell variable unset?)")
    return Path(text)


def remove_staging(out: Path) -> None:
    """Remove staging folders a killed run left: inside ``out``, and beside it (older versions)."""
    leftovers = [*out.glob(f"{STAGING_PREFIX}*"), *out.parent.glob(f".{out.name}{STAGING_PREFIX}*")]
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def remove_results(out: Path) -> None:
    """Remove what an interrupted attempt at writing this run's results left."""
    for name in RESULT_NAMES:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _check_holds_only_this_run(out: Path, fingerprint: dict, fresh: bool) -> None:
    """Refuse ``out`` unless it is new or empty, or holds this run: unfinished (its parts decide
    whether they are this run's), or finished (``AlreadyFinished``: its manifest, written last,
    records the run's fingerprint)."""
    manifest = out / "manifest.json"
    if manifest.is_file():
        recorded: dict = {}
        with contextlib.suppress(OSError, ValueError):
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
        recorded = recorded if isinstance(recorded, dict) else {}
        if recorded.get("fingerprint") == digest(fingerprint):
            if fresh:
                raise RunRefused(
                    f"{out} already holds the finished results of this run; --fresh discards unfinished runs "
                    "only: delete the folder to run it again there, or choose another --out"
                )
            shutil.rmtree(out / PARTS, ignore_errors=True)  # what a kill after the manifest left
            raise AlreadyFinished(out)
        scenario = recorded.get("scenario")
        name = scenario.get("name", "unknown") if isinstance(scenario, dict) else "unknown"
        raise RunRefused(
            f"{out} already holds the results of another run (scenario {name}, or the same with other settings); "
            "choose another --out, or delete the folder to run there"
        )
    if (out / PARTS).exists():
        return  # an unfinished run: its parts say whether it is this one
    entries = sorted(p.name for p in out.iterdir() if p.name not in _OURS and not p.name.startswith(STAGING_PREFIX))
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise RunRefused(
            f"{out} is not empty and holds no airace run ({shown}); choose a new or empty folder with --out"
        )


@contextlib.contextmanager
def results_folder(out: Path, fingerprint: dict, fresh: bool = False) -> Iterator[PartStore]:
    """The run's part store in ``out``, with ``out`` locked for this process until the end."""
    if out.exists() and not out.is_dir():
        raise RunRefused(f"--out {out}: is a file, not a folder; choose a folder (new or empty) for the results")
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    with FolderLock(out):
        store = None
        try:
            remove_staging(out)
            _check_holds_only_this_run(out, fingerprint, fresh)
            store = PartStore(out / PARTS, fingerprint, fresh=fresh)
            yield store
        except BaseException:
            if created and not (store and any(store.parts(kind) for kind in KINDS)):
                shutil.rmtree(out, ignore_errors=True)
            raise


# ---- the analysis commands' folders (compare, screen, sensitivity, tradeoff, explain, ...) ------
IGNORED_FLAGS = ("-q", "--quiet")  # what does not change a command's results


def same_command(recorded: list[str] | None, command: list[str]) -> bool:
    """Whether ``recorded`` (a manifest's ``command_line``) is ``command``, but for ``-q``."""
    if not isinstance(recorded, list):
        return False
    strip = lambda args: [a for a in args if a not in IGNORED_FLAGS]  # noqa: E731
    return strip(recorded) == strip(command)


def check_analysis_out(out: Path, command: list[str]) -> None:
    """Refuse an ``--out`` that holds anything but this very command's results: a new or empty
    folder is fine, and so is one this command wrote (its ``manifest.json`` records it) or began
    (unfinished runs in ``.parts``, which check themselves that they are this study's)."""
    if out.exists() and not out.is_dir():
        raise RunRefused(f"--out {out}: is a file, not a folder; choose a new or empty folder")
    if not out.exists():
        return
    manifest = out / "manifest.json"
    if manifest.is_file():
        recorded: dict = {}
        with contextlib.suppress(OSError, ValueError):
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
        recorded = recorded if isinstance(recorded, dict) else {}
        if same_command(recorded.get("command_line"), command):
            return
        shown = " ".join(recorded.get("command_line") or ["an unknown command"])
        raise RunRefused(
            f"--out {out}: already holds the results of `{shown}`; choose a new or empty folder, "
            "or delete it to write there"
        )
    entries = sorted(p.name for p in out.iterdir() if p.name not in _OURS and not p.name.startswith(STAGING_PREFIX))
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise RunRefused(f"--out {out}: is not empty ({shown}); choose a new or empty folder")
