"""Read the data in config/: languages, numbering conventions, defaults."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import MISSING, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

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


T = TypeVar("T")


def setting(*path: str, read: Callable[[Any], Any] | None = None, **default: Any) -> Any:
    """A dataclass field that `from_config` reads from the key `path` (a key, or a [section] and its key) of a config
    table; `read` turns the TOML value into the field's type (by default, by the type: float, int, str, bool)."""
    return field(metadata={"config": path, "read": read}, **default)


def from_config(kind: type[T], config: Mapping[str, Any], source: str, section: str | None = None) -> T:
    """A frozen dataclass `kind` read from a parsed config file (`source` names it in errors), or from its [section]:
    each field from the key its metadata names (see `setting`; a field whose metadata holds `config: None` is not read,
    one without metadata is read from its own name). A key missing (for a field without default) or of the wrong type
    is a one-line UnalignError."""
    table = config.get(section, {}) if section else config
    values = {}
    for f in fields(kind):
        path = f.metadata.get("config", (f.name,))
        if path is None:
            continue
        *outer, key = path
        prefix = ".".join(([section] if section else []) + outer)
        where = f"[{prefix}] {key}" if prefix else key
        here = table
        for name in outer:
            here = here.get(name, {})
        if key not in here:
            if f.default is MISSING and f.default_factory is MISSING:
                raise UnalignError(f"{source}: {where} is missing")
            continue
        read = f.metadata.get("read") or _BY_TYPE.get(f.type)
        if read is None:
            raise TypeError(f"{kind.__name__}.{f.name}: no reader for {f.type}")  # a bug, not the user's
        try:
            values[f.name] = read(here[key])
        except (TypeError, ValueError, AttributeError, re.error) as exc:
            raise UnalignError(f"{source}: {where} = {here[key]!r} is not a {f.type} ({exc})") from None
    return kind(**values)


@cache
def section(kind: type[T], name: str, table: str) -> T:
    """The frozen dataclass `kind` read once from the [table] of config/<name>.toml (`from_config`)."""
    return from_config(kind, load(name), f"config/{name}.toml", table)


def _number(kind: type) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
            raise TypeError("a number is needed")
        return kind(value)
    return read


def _typed(kind: type) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if not isinstance(value, kind):
            raise TypeError(f"a {kind.__name__} is needed")
        return value
    return read


# How a TOML value becomes a field of each type (annotations are strings: `from __future__ import annotations`).
_BY_TYPE: dict[str, Callable[[Any], Any]] = {"float": _number(float), "int": _number(int), "str": _typed(str),
                                             "bool": _typed(bool)}


def pattern(value: Any) -> re.Pattern[str]:
    """A config string compiled as a regular expression."""
    return re.compile(_typed(str)(value))


def patterns(value: Any) -> tuple[re.Pattern[str], ...]:
    """A config list of strings compiled as regular expressions."""
    return tuple(pattern(item) for item in _typed(list)(value))


def any_of(value: Any) -> re.Pattern[str]:
    """A config list of regular expressions compiled as one that matches where any of them does."""
    return re.compile("|".join(f"(?:{_typed(str)(item)})" for item in _typed(list)(value)))


def whole_any_of(value: Any) -> re.Pattern[str]:
    """A config list of regular expressions compiled as one that matches a whole text that any of them matches."""
    return re.compile(f"^(?:{any_of(value).pattern})$")


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
    profile, overrides = None, {}
    for item in (part.strip() for part in (spec or "").split(",")):
        if "=" in item:
            lang, code = (side.strip() for side in item.split("=", 1))
            overrides[lang] = code
        elif item:
            if item not in config["profiles"]:
                raise UnalignError(f"--tmx-codes: unknown profile '{item}' (config/tmx.toml has: "
                                   f"{', '.join(config['profiles'])})")
            profile = item
    return complete_tmx_codes(overrides, profile)


def complete_tmx_codes(overrides: dict[str, str], profile: str | None = None) -> dict[str, str]:
    """Language -> the code written to TMX: the codes of `profile` (None: config/tmx.toml's default) with
    `overrides` (language -> code) in their place, each checked; a one-line UnalignError for a language not among
    the six, a code that is not a language tag, or two languages given one code."""
    config = load("tmx")
    for lang, code in overrides.items():
        if lang not in language_order() or not isinstance(code, str) or not _LANGUAGE_TAG.fullmatch(code):
            raise UnalignError(f"--tmx-codes: '{lang}={code}' is not <language>=<code> with a language among "
                               f"{', '.join(language_order())}")
    codes = {**config["profiles"][profile or config["default"]], **overrides}
    if len({code.lower() for code in codes.values()}) < len(codes):
        raise UnalignError(f"--tmx-codes: two languages would share a code ({', '.join(codes.values())})")
    return codes
