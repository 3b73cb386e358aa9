"""Packaging: the repo's `scenarios/` and `facilitator/` ship inside the wheel.

Authors edit the one copy at the top of the repo; setuptools maps those folders
into the package as `wargame/scenarios` and `wargame/facilitator` (package data,
read with `importlib.resources`), so an installed wheel carries the bundled
scenario and its decks. Everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["wargame*"]), "wargame.scenarios", "wargame.facilitator"],
    package_dir={"wargame.scenarios": "scenarios", "wargame.facilitator": "facilitator"},
)
