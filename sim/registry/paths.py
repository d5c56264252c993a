"""Where the project's files are: the data that ships inside the package, and the checkout's folders.

``seeds/`` and ``scenarios/`` live at the top of the repository; a built wheel carries them inside
the package as ``sim/_data/seeds`` and ``sim/_data/scenarios`` (``pyproject.toml``: the wheel's
``force-include``). They are found through ``importlib.resources``: the bundled copy when there is
one, the checkout's folder otherwise (a source checkout or an editable install).
"""

from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("sim")))
ROOT = PACKAGE.parent  # the checkout's root; in an installed wheel, the folder that holds the package


def bundled(name: str) -> Path:
    """The folder ``name`` (``seeds``, ``scenarios``) as shipped in the wheel, or the checkout's."""
    packaged = resources.files("sim").joinpath("_data", name)
    return Path(str(packaged)) if packaged.is_dir() else ROOT / name


SEEDS_DIR = bundled("seeds")
SCENARIOS_DIR = bundled("scenarios")
NATIONS_CSV = SEEDS_DIR / "nations.csv"
DOCS_DIR = ROOT / "docs"  # only in a checkout: the pages the generators fill in
