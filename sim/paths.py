"""Where the project's files are: the checkout's root and the folders the code reads."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
SCENARIOS_DIR = ROOT / "scenarios"
DOCS_DIR = ROOT / "docs"
