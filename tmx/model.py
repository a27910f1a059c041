"""What a TMX file holds, independent of how it was aligned."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TranslationUnit:
    """One <tu>: its text per language (in the order written), its <prop>s and its <note>s."""

    texts: dict[str, str]
    props: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
