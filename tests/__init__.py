"""The tests, as a package: ``from tests.helpers import run`` works from every folder below."""
