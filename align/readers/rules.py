"""Reading rules that several readers share, read once from config/reading.toml ([rules])."""

from __future__ import annotations

import re
from functools import cache

from unalign import settings


@cache
def terminal() -> tuple[str, ...]:
    """The characters that end a sentence or a clause, in the six languages."""
    return tuple(settings.load("reading")["rules"]["terminal"])


@cache
def label_pattern() -> re.Pattern[str]:
    """A structural label at the start of a paragraph (1. (a) a) IV. A. 70/10.)."""
    return re.compile(settings.load("reading")["rules"]["label"])


@cache
def _always_hyphenated() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in settings.load("reading")["rules"]["always_hyphenated"]))


def always_hyphenated(word: str) -> bool:
    """Whether a word broken at a line-end hyphen (`head-tail`, lower case) is one always written with its hyphen
    (`sixty-ninth`, `какие-либо`)."""
    return bool(_always_hyphenated().search(word))


def ends_sentence(text: str) -> bool:
    """Whether the text ends with sentence- or clause-final punctuation."""
    return text.rstrip().endswith(terminal())


def starts_with_label(text: str) -> bool:
    """Whether the text opens with a structural label."""
    return bool(label_pattern().match(text))
