"""Read the data in config/: languages, numbering conventions, defaults."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _config_text(name: str) -> str:
    try:
        return resources.files("align.config").joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:  # a source tree on sys.path without installation
        return (Path(__file__).resolve().parent.parent / "config" / name).read_text(encoding="utf-8")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file `config/<name>.toml`."""
    return tomllib.loads(_config_text(f"{name}.toml"))


def language_order() -> tuple[str, ...]:
    """The six official languages in the order unalign writes them."""
    return tuple(load("languages")["order"])


def language(code: str) -> dict[str, Any]:
    """The settings of one language (name, direction, file-name codes…)."""
    return load("languages")[code]


def defaults() -> dict[str, Any]:
    """Model, aligner and confidence defaults."""
    return load("defaults")
