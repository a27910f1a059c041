"""Read the data in config/: languages, numbering conventions, defaults."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from unalign.model import UnalignError


def _config_text(name: str) -> str:
    try:
        return resources.files("unalign.config").joinpath(name).read_text(encoding="utf-8")
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


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def tmx_codes(spec: str | None = None) -> dict[str, str]:
    """Language -> the code written to TMX, from config/tmx.toml: a profile name, `lang=code` overrides, or both.

    "region" (or None: the default profile), "bare", "zh=zh-Hans,en=en-US", "bare,zh=zh-Hans".
    """
    config = load("tmx")
    profile, overrides = config["default"], {}
    for item in (part.strip() for part in (spec or "").split(",")):
        if "=" in item:
            lang, code = (side.strip() for side in item.split("=", 1))
            if lang not in language_order() or not _LANGUAGE_TAG.fullmatch(code):
                raise UnalignError(f"--tmx-codes: '{item}' is not <language>=<code> with a language among "
                                   f"{', '.join(language_order())}")
            overrides[lang] = code
        elif item:
            if item not in config["profiles"]:
                raise UnalignError(f"--tmx-codes: unknown profile '{item}' (config/tmx.toml has: "
                                   f"{', '.join(config['profiles'])})")
            profile = item
    codes = {**config["profiles"][profile], **overrides}
    if len({code.lower() for code in codes.values()}) < len(codes):
        raise UnalignError(f"--tmx-codes: two languages would share a code ({', '.join(codes.values())})")
    return codes
