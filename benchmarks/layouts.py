"""How well unalign reads plain text in every layout, and aligns documents whose versions each have their own.

The UDHR and the SDG goals and targets of corpora/ are written out in each layout of tests/layouts.py (one paragraph
per line, blank lines between sections only, blank lines between hard-wrapped paragraphs, a blank line after every
line, Markdown, fixed-width wrapping with indented first lines, and the mixes of issue 13). For each layout and
language it prints the paragraphs read exactly as the source has them (of how many) by the reader alone, then aligns
the document as `unalign align` does (the versions checking each other's reading, layout by layout and break by
break) and prints the paragraphs read right after that (after the arrow) and the link F1 against the gold when every
version was segmented as the gold (else "-", with the versions that were not).

    python benchmarks/layouts.py [--documents udhr,sdg] [--layouts lines,scraped] [--no-align]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unalign import settings  # noqa: E402
from unalign.batch import Job, align_one  # noqa: E402
from unalign.documents import find_documents  # noqa: E402
from unalign.embedding import default_cache_dir  # noqa: E402
from unalign.evaluation import evaluate, gold_skip_kinds, load_gold  # noqa: E402
from unalign.options import RunOptions  # noqa: E402
from unalign.outputs.audit import Audit  # noqa: E402
from unalign.readers.text import find_layout, split_text  # noqa: E402
from tests.layouts import LANGS, all_layouts, sdg_document, udhr_document, write_document, write_layout  # noqa: E402

CORPORA = ROOT / "corpora"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", default="udhr,sdg")
    parser.add_argument("--layouts", default=",".join(all_layouts()))
    parser.add_argument("--no-align", action="store_true", help="only count the paragraphs read right")
    args = parser.parse_args()
    documents = {"udhr": udhr_document, "sdg": sdg_document}
    layouts = all_layouts()
    print(f"{'document':9}{'layout':14}" + "".join(f"{lang:>19}" for lang in LANGS) + f"{'link F1':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for doc in args.documents.split(","):
            paragraphs, gold = documents[doc](CORPORA)
            for name in args.layouts.split(","):
                row = []
                for lang in LANGS:
                    text = write_layout(paragraphs[lang], lang, layouts[name][lang])
                    got = [b.text for b in split_text(text, settings.language(lang)["join_lines_with"])]
                    row.append(f"{find_layout(text)[:7]} {_right(got, paragraphs[lang])}")
                f1 = "-"
                if not args.no_align:
                    folder = write_document(Path(tmp) / f"{doc}-{name}", paragraphs, gold, layouts[name])
                    outcome = align_one(Job.of(find_documents(folder)[0][0], Path(tmp) / "out",
                                               RunOptions(cache_dir=default_cache_dir(), level="paragraph")))
                    audit = Audit.read(Path(tmp) / "out" / f"{doc}-{name}.audit.json")
                    for k, lang in enumerate(LANGS):
                        settled = _right([p.text for p in audit.paragraphs[lang]], paragraphs[lang]).split("/")[0]
                        row[k] = row[k].replace("/", f"→{settled}/") if settled != row[k].split()[1].split("/")[0] \
                            else row[k]
                    reread = [lang for lang, r in audit.reading.items() if r["reread"]]
                    try:
                        score = evaluate(audit.alignment(), load_gold(folder / "gold.jsonl"),
                                         gold_skip_kinds(folder / "gold.jsonl"))
                        f1 = f"{score['links'].f1:.3f}"
                    except Exception as exc:  # a version segmented otherwise than the gold cannot be scored
                        f1 = "-"
                        print(f"  ({doc} {name}: {str(exc)[:90]})", file=sys.stderr)
                    if reread:
                        f1 += f" (re-read {','.join(reread)})"
                    if not outcome.ok:
                        f1 = f"failed: {outcome.error[:40]}"
                print(f"{doc:9}{name:14}" + "".join(f"{cell:>19}" for cell in row) + f"{f1:>10}", flush=True)


def _right(got: list[str], source: list[tuple[str, bool]]) -> str:
    """"right/total": how many of the source's paragraphs were read exactly as it has them."""
    read = set(got)
    return f"{sum(1 for text, _ in source if text in read)}/{len(source)}"


if __name__ == "__main__":
    main()
