"""Where the outputs of one document go, and whether they are there already: one object decides both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unalign import settings
from unalign.files import TEMPORARY_SUFFIX
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.review.corrections import corrections_path


@dataclass(frozen=True)
class OutputSet:
    """Every file unalign writes for document `document` into `out_dir` with `options`.

    `languages` are the document's languages: a bilingual memory is written for each pair of the options whose two
    languages the document has. The audit is written last, so its presence means the others are complete. A new
    output (a sentence-level memory, a corrections file) is one more property here and one more entry in `paths`,
    which `is_done` then requires.
    """

    document: str
    out_dir: Path
    options: RunOptions = RunOptions(level="paragraph")  # without options: the paragraph memories, no sentences
    languages: tuple[str, ...] = ()

    @property
    def tmx(self) -> Path:
        """The multilingual memory of paragraph units: <document>.tmx."""
        return self.out_dir / f"{self.document}.tmx"

    @property
    def sentences_tmx(self) -> Path:
        """The multilingual memory of sentence units: <document>.sentences.tmx."""
        return self.out_dir / f"{self.document}.sentences.tmx"

    def sentence_bilingual(self, source: str, target: str) -> Path:
        """The bilingual memory of sentence units of a pair: <document>.sentences.<source>-<target>.tmx."""
        return self.out_dir / f"{self.document}.sentences.{source}-{target}.tmx"

    @property
    def paragraphs(self) -> bool:
        """Whether the paragraph memories are written (--level paragraph or both)."""
        return self.options.level != "sentence"

    @property
    def sentences(self) -> bool:
        """Whether the sentence memories are written (--level sentence or both)."""
        return self.options.level != "paragraph"

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The (source, target) pairs of the options that this document has both languages of."""
        return tuple((s, t) for s, t in self.options.pairs if s in self.languages and t in self.languages)

    def bilingual(self, source: str, target: str) -> Path:
        """The bilingual memory of a pair: <document>.<source>-<target>.tmx."""
        return self.out_dir / f"{self.document}.{source}-{target}.tmx"

    @property
    def view(self) -> Path:
        """The side-by-side page: <document>.html."""
        return self.out_dir / f"{self.document}.html"

    @property
    def audit(self) -> Path:
        """The coverage audit, written last: <document>.audit.json."""
        return self.out_dir / f"{self.document}.audit.json"

    @property
    def corrections(self) -> Path:
        """A reviser's corrections (unalign review), read when the document is aligned: <document>.corrections.json."""
        return corrections_path(self.audit)

    def paths(self) -> dict[str, Path]:
        """Every output by name: "tmx" and "<source>-<target>" per pair (paragraph level), "sentences-tmx" and
        "sentences-<source>-<target>" (sentence level), "view", "audit" (last)."""
        paths: dict[str, Path] = {}
        if self.paragraphs:
            paths |= {"tmx": self.tmx} | {f"{s}-{t}": self.bilingual(s, t) for s, t in self.pairs}
        if self.sentences:
            paths |= {"sentences-tmx": self.sentences_tmx} | {
                f"sentences-{s}-{t}": self.sentence_bilingual(s, t) for s, t in self.pairs}
        return paths | {"view": self.view, "audit": self.audit}

    def every_name(self) -> frozenset[str]:
        """The names of every output unalign may write for this document under any options: both levels, every pair
        of the six languages, the view and the audit."""
        langs = settings.language_order()
        pairs = [f"{s}-{t}" for s in langs for t in langs if s != t]
        return frozenset([f"{self.document}.tmx", f"{self.document}.sentences.tmx", self.view.name, self.audit.name]
                         + [f"{self.document}.{pair}.tmx" for pair in pairs]
                         + [f"{self.document}.sentences.{pair}.tmx" for pair in pairs])

    def stale(self) -> list[Path]:
        """Files in the output folder that an earlier run wrote for this document and these options do not write
        (the bilingual memories of other --pairs, the other --level's memories), and the temporary files an
        interrupted run left behind (".<name>.<random>.tmp" beside an output)."""
        if not self.out_dir.is_dir():
            return []
        ours = self.every_name()
        written = {path.name for path in self.paths().values()}
        out = []
        for path in self.out_dir.iterdir():
            name = path.name
            if name in ours and name not in written:
                out.append(path)
            elif name.startswith(".") and name.endswith(TEMPORARY_SUFFIX) and \
                    any(name.startswith(f".{own}.") for own in ours):
                out.append(path)
        return sorted(out)

    def is_done(self, sources: Iterable[Path]) -> bool:
        """Whether the document was aligned here already, from the files `sources`, with these options: every output
        there, the audit newer than every source, made from files of those names (no language version added, taken
        away or replaced by another file since, whatever its date; the folder may have moved) and carrying the
        signature of the options."""
        if not all(path.exists() for path in self.paths().values()):
            return False
        sources = [Path(source) for source in sources]
        finished = self.audit.stat().st_mtime
        if any(source.stat().st_mtime > finished for source in sources):
            return False
        if self.corrections.exists() and self.corrections.stat().st_mtime > finished:
            return False  # corrected since: the outputs must take the corrections in
        signature, files = Audit.made_from(self.audit)
        return signature == self.options.signature() and {Path(file).name for file in files} == \
            {source.name for source in sources}
