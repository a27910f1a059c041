"""What a TMX file holds, independent of how it was aligned."""

from __future__ import annotations

from dataclasses import dataclass, field


class TmxError(ValueError):
    """A file that is not a readable TMX; the message names the file and, when known, the line. (Here, not with the
    reader, so that the command can catch it without importing the reader.)"""


def same_language(code: str) -> str:
    """A language code as compared: BCP 47 tags (TMX's xml:lang, srclang, adminlang) ignore case, so "en-US" and
    "EN-us" are one language."""
    return code.lower()


@dataclass(frozen=True)
class TranslationUnit:
    """One <tu>: its text per language (in the order written), its <prop>s and its <note>s."""

    texts: dict[str, str]
    props: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
