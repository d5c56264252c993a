"""Where a results folder's numbers come from: the git revision, the model's fingerprint and the command.

The model's fingerprint is a hash of what decides its numbers: the parameter registry (every
parameter's name, kind, default, range and choices) and the source of the model, its agents, its
mechanisms and the modules they compute with, and the nations' data. Two folders with the same
fingerprint were made by the same model; every command that reads runs (``compare``, ``explain
--against``, ``tradeoff``, ``discover``, ``robust``) refuses to mix fingerprints unless asked
(``--allow-different-models``), and then says so in every output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import subprocess
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from sim.registry.paths import NATIONS_CSV, ROOT

PACKAGES = ("airace", "mesa", "numpy", "pandas", "scipy", "matplotlib", "pydantic", "pyyaml", "pyarrow")

# What the model computes with (relative to the project root): files, and folders of .py files.
MODEL_SOURCES = (
    "sim/model/model.py",
    "sim/model/agents",
    "sim/model/mechanisms",
    "sim/model/market.py",
    "sim/model/frontier.py",
    "sim/model/relations.py",
    "sim/model/draws.py",
    "sim/model/seeding.py",
    "sim/model/nations.py",
    "sim/model/varied.py",
    "sim/registry/outcomes.py",
    "sim/model/collector.py",
    "sim/registry/calendar.py",
)
UNKNOWN = "unknown"


def _source_files() -> list[tuple[str, Path]]:
    """Each file the model computes with, by its name in the repository (the same in a wheel)."""
    files: list[Path] = []
    for name in MODEL_SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [(path.relative_to(ROOT).as_posix(), path) for path in files] + [("seeds/nations.csv", NATIONS_CSV)]


def registry_record() -> list[dict]:
    """The registry as data: what a parameter is for the numbers (not its wording)."""
    from sim.registry.params import PARAMS

    return [
        {
            "name": p.name,
            "kind": str(p.kind),
            "default": p.default,
            "min": p.min,
            "max": p.max,
            "choices": list(p.choices),
            "mid_run": p.mid_run,
        }
        for p in PARAMS.values()
    ]


@cache
def model_fingerprint() -> str:
    """``sha256:<first 16 hex digits>`` of the registry and the model's source files."""
    digest = hashlib.sha256()
    digest.update(json.dumps(registry_record(), sort_keys=True, default=str).encode())
    for name, path in _source_files():
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return "sha256:" + digest.hexdigest()[:16]


def git_revision() -> str:
    """The project's git commit, with ``-dirty`` if it has uncommitted changes, or ``unknown`` (as for
    an installed wheel, which is no checkout, whatever repository the command runs in)."""
    if not (ROOT / ".git").exists():
        return UNKNOWN
    try:

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()

        revision = git("rev-parse", "HEAD")
        return revision + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN


def command_line(command: list[str] | None = None) -> list[str]:
    return command if command is not None else ["airace", *sys.argv[1:]]


def record(command: list[str] | None = None) -> dict:
    """The provenance every manifest carries."""
    return {
        "git_revision": git_revision(),
        "model_fingerprint": model_fingerprint(),
        "command_line": command_line(command),
    }


class MixedModels(ValueError):
    """Runs made by different models, compared without ``--allow-different-models``."""


def check_same_model(sources: list[tuple[str, str | None]], allow: bool) -> str | None:
    """Refuse (``MixedModels``) runs whose model fingerprints differ, naming both; with ``allow``,
    return the warning every output must carry. ``sources`` is (where, fingerprint) per run; a
    folder written before fingerprints were recorded counts as ``unknown``, itself a difference
    from a known one."""
    first_where, first = sources[0][0], sources[0][1] or UNKNOWN
    for where, fingerprint in sources[1:]:
        fingerprint = fingerprint or UNKNOWN
        if fingerprint != first:
            message = (
                f"{where} was made by model {fingerprint} and {first_where} by model {first}: "
                "different model code or parameter registry"
            )
            if not allow:
                raise MixedModels(f"{message}; rerun one with this model, or pass --allow-different-models")
            return f"warning: {message}; compared anyway (--allow-different-models)"
    return None


def folder_record(folder: Path) -> dict:
    """A results folder read by an analysis: its path and what its manifest says made it."""
    manifest: dict = {}
    with contextlib.suppress(OSError, ValueError):
        manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    manifest = manifest if isinstance(manifest, dict) else {}
    return {
        "path": str(folder),
        "model_fingerprint": manifest.get("model_fingerprint"),
        "git_revision": manifest.get("git_revision"),
        "command_line": manifest.get("command_line"),
    }


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def analysis_manifest(command: list[str], inputs: list[dict], files: list[str], warnings: list[str]) -> dict:
    """What an analysis command writes as ``manifest.json``: who made it (revision, model, command),
    what it read, what it wrote, and the warnings it printed."""
    from datetime import UTC, datetime

    return {
        "command": command[1] if len(command) > 1 else command[0],
        **record(command),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": package_versions(),
        "inputs": inputs,
        "files": sorted(files),
        "warnings": warnings,
    }
