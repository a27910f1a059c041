"""What the tests of `unalign review` share: documents aligned into an output folder, and their TMX read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from unalign import settings
from unalign.model import Alignment, Document
from unalign.outputs.paths import OutputSet
from unalign.pipeline import align_document, finish, read_document, write_outputs
from unalign.tmx.reading import read_tmx
from tests.conftest import one_document


@dataclass
class Aligned:
    """A document aligned once (`alignment`, before any correction) with its outputs in `out`."""

    document: Document
    alignment: Alignment
    out: Path

    @property
    def name(self) -> str:
        return self.alignment.document

    @property
    def audit_path(self) -> Path:
        return self.out / f"{self.name}.audit.json"

    @property
    def corrections_path(self) -> Path:
        return self.out / f"{self.name}.corrections.json"

    def text(self, lang: str, index: int) -> str:
        return self.document.paragraphs[lang][index].text

    def rewrite(self) -> tuple[list[dict], dict]:
        """Write the outputs again, as 'unalign align' does after aligning (corrections applied): the TMX units
        (props and texts by language) and the audit."""
        outputs = OutputSet(self.name, self.out)
        write_outputs(finish(self.alignment, outputs), outputs, self.document.sources)
        return tmx_units(self.out / f"{self.name}.tmx"), json.loads(self.audit_path.read_text(encoding="utf-8"))

    def operations(self) -> list[dict]:
        return json.loads(self.corrections_path.read_text(encoding="utf-8"))["operations"]


def align_into(folder: Path, out: Path, cache_dir: Path | None, model: str | None = None) -> Aligned:
    """Align the document in `folder` and write its outputs into `out`."""
    document = read_document(one_document(folder))
    alignment = align_document(document, model, cache_dir) if model else align_document(document, cache_dir=cache_dir)
    outputs = OutputSet(alignment.document, out)
    write_outputs(finish(alignment, outputs), outputs, document.sources)
    return Aligned(document, alignment, out)


def tmx_units(path: Path) -> list[dict]:
    """The units of a TMX written by unalign: {"props": {...}, "texts": {lang: text}, "notes": [...]} with unalign's
    language codes."""
    back = {code: lang for lang, code in settings.tmx_codes().items()}
    _, units = read_tmx(path)
    return [{"props": dict(u.props), "texts": {back.get(code, code): text for code, text in u.texts.items()},
             "notes": list(u.notes)}
            for u in units]


def unit_with(units: list[dict], lang: str, text: str) -> dict:
    """The one TMX unit whose `lang` text holds the paragraph `text`."""
    found = [u for u in units if text.strip() in paragraphs_of(u, lang)]
    assert len(found) == 1, f"{len(found)} units hold the {lang} text {text[:40]!r}"
    return found[0]


def paragraphs_of(unit: dict, lang: str) -> list[str]:
    """The paragraphs of a TMX unit's `lang` text (unalign joins a unit's paragraphs with a blank line)."""
    text = unit["texts"].get(lang, "")
    return [p.strip() for p in text.split("\n\n")] if text else []
