"""The public Python API, re-exported by the package: read a document, align it, walk its units, write its outputs.

    import unalign
    result = unalign.align("corpora/udhr")                 # a folder with one file per language
    for unit in result.units:                              # paragraph units, in document order
        print(unit.address, round(unit.confidence, 2), unit.missing, unit.text("fr")[:60])
    for sentence in result.sentences.units:                # the sentence units inside them
        print(sentence.unit.address, sentence.number, sentence.unit.text("en"))
    unalign.write(result, "out/")                          # udhr.tmx, udhr.sentences.tmx, udhr.audit.json, udhr.html

It runs what `unalign align` runs, with the same options (`unalign.Options`, the command's flags as fields), so the
outputs are the command's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unalign.documents import DocumentFiles, find_documents
from unalign.embedding import default_cache_dir
from unalign.model import Alignment, Document, UnalignError, Unit
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.outputs.paths import OutputSet
from unalign.pipeline import Encoder, finish, read_and_align, sentences_of, write_outputs
from unalign.aligning.sentence_alignment import SentenceAlignment

# The options of `unalign align` with no flag given (both levels of memories).
DEFAULT_OPTIONS = RunOptions()


@dataclass(frozen=True)
class Result:
    """One document aligned: the document as read, its paragraph units and (unless the options' level is
    "paragraph") the sentence units inside them."""

    document: Document
    alignment: Alignment
    sentences: SentenceAlignment | None
    options: RunOptions
    encode: Encoder

    @property
    def units(self) -> tuple[Unit, ...]:
        """The paragraph units in document order; every paragraph of every language is in exactly one."""
        return self.alignment.units


def find(path: str | Path, options: RunOptions = DEFAULT_OPTIONS) -> list[DocumentFiles]:
    """The documents under `path` (one document's folder, or a folder of them), each with its file per language."""
    documents, _ = find_documents(Path(path), options.languages)
    if not documents:
        raise UnalignError(f"{path}: no document with files named by language (en.txt, A_RES_70_1-F.pdf, fr/…)")
    return documents


def align(document: str | Path | DocumentFiles, options: RunOptions = DEFAULT_OPTIONS) -> Result:
    """Read and align one document: a folder holding one document's versions, or one of `find`'s results.

    Raises UnalignError (one line naming the file) for bad input, as the command does.
    """
    if not isinstance(document, DocumentFiles):
        found = find(document, options)
        if len(found) > 1:
            raise UnalignError(f"{document}: {len(found)} documents here; align each of unalign.find's results")
        document = found[0]
    cache_dir = (options.cache_dir or default_cache_dir()) if options.cache else None
    encode = Encoder(options.model, cache_dir)
    read, alignment = read_and_align(document, options.model, cache_dir, encode=encode)
    sentences = None if options.level == "paragraph" else sentences_of(alignment, encode)
    return Result(read, alignment, sentences, options, encode)


def write(result: Result, out_dir: str | Path) -> Audit:
    """Write `result`'s outputs into `out_dir` as `unalign align` does (the TMX memories, the view, the audit last)
    and return the audit."""
    document = result.document
    outputs = OutputSet(document.name, Path(out_dir), result.options, document.languages)
    return write_outputs(finish(result.alignment, outputs, result.encode, result.sentences), outputs,
                         document.sources, document.reading(), document.masthead())
