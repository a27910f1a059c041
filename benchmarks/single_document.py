"""One six-language document end to end: where the time goes, and `unalign align`'s wall time and peak memory.

    python -m benchmarks.single_document            # the 50-page document made from corpora/, the SDG's six PDFs,
                                                    # the UNPC devset and its lines joined four to a paragraph
    python -m benchmarks.single_document --pages 50 --no-unpc --no-pdf --repeats 1

Stages are timed in this process on a fresh (cold) embedding cache. Then, per level (`--level paragraph` and
`--level both`), the floor a cold run is held to (issue 28): the time to encode every distinct text that level needs
once (the paragraphs; and their sentences for both), with the same encoder and cores, beside the command run as a
user runs it on a fresh cache, cold, again warm (the alignment the cold run kept: aligning/kept.py) and once more
with the kept alignments forgotten (aligned again from the cached vectors), and their ratios (targets: cold <= 1.2x
encoding once, warm <= 10 % of cold, < 1 GB), medians of --repeats runs (the levels taking turns); last, bertalign
cold beside unalign's cold `--level both`. The same for the SDG laid out by LibreOffice as six PDFs, where reading
is part of the run that no encoder floor hides; and for paragraphs of several sentences, as UN documents have them
(the 50 pages and the devset are mostly one sentence a paragraph, the per-paragraph costs' worst case): the devset's
first 2,000 lines joined four to a paragraph (synthetic.joined).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unalign import embedding
from unalign.aligning import align_versions
from unalign.aligning.kept import KeptAlignments
from unalign.documents import find_documents
from unalign.model import Document
from unalign.outputs.paths import OutputSet
from unalign.pipeline import finish, read_document, write_outputs
from unalign.sentences import split_sentences
from benchmarks.synthetic import CORPORA, joined, pages

PDF_DOCUMENT = CORPORA / "formats" / "office" / "sdg_goals_targets" / "libreoffice"

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start, "returncode": done.returncode, "stderr": done.stderr,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))
"""


def stages(folder: Path, cache: Path) -> dict[str, float]:
    """Seconds spent in each stage of aligning the document in `folder`, encoding with an empty cache."""
    times: dict[str, float] = {}

    def timed(name, work, *args):
        start = time.perf_counter()
        result = work(*args)
        times[name] = time.perf_counter() - start
        return result

    files = find_documents(folder)[0][0]
    document = timed("read, segment, number, check languages", read_document, files)
    texts = [p.text for lang in document.languages for p in document.paragraphs[lang]]
    # As `unalign align` does for one document: the encoding is shared among one process per core.
    vectors = timed(f"encode (cold cache, {os.cpu_count()} processes)", embedding.embed, texts,
                    embedding.DEFAULT_MODEL, cache, os.cpu_count() or 1)
    timed("embeddings from the warm cache", embedding.embed, texts, embedding.DEFAULT_MODEL, cache)
    by_lang, start = {}, 0
    for lang in document.languages:
        by_lang[lang] = vectors[start:start + len(document.paragraphs[lang])]
        start += len(document.paragraphs[lang])
    alignment = timed("align", align_versions, document.paragraphs, by_lang, document.name)
    with tempfile.TemporaryDirectory() as out:
        outputs = OutputSet(document.name, Path(out))
        timed("write TMX, view, audit", lambda: write_outputs(finish(alignment, outputs), outputs, document.sources))
    times["paragraphs"] = len(texts)
    times["distinct texts"] = len(set(texts))
    return times


def command(folder: Path, cache: Path, level: str = "both") -> dict:
    """`unalign align folder` in a child process: wall and CPU seconds, peak resident memory (MB), exit status."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "unalign", "align", str(folder), "--out", out, "--cache-dir", str(cache),
               "--level", level]
        done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["returncode"]:
        raise SystemExit(f"unalign failed: {result['stderr']}")
    return result


def level_texts(document: Document, level: str) -> list[str]:
    """The distinct texts `unalign align --level level` has to encode at the least: every paragraph, and at the
    sentence level every sentence of every paragraph too."""
    texts = {p.text for lang in document.languages for p in document.paragraphs[lang]}
    if level != "paragraph":
        texts |= {s for lang in document.languages for p in document.paragraphs[lang]
                  for s in split_sentences(p.text, lang)}
    return sorted(texts)


def cold_runs(folder: Path, document: Document, repeats: int = 3) -> tuple[list[str], float]:
    """Per level: seconds to encode its distinct texts once (fresh cache, one process per core), then the command run
    cold (another fresh cache), warm, and warm with the kept alignments forgotten, with their ratios, CPU and peak
    memory: a line each; and the cold seconds of `--level both`. Each is run `repeats` times, the levels taking
    turns (a loaded machine slows them alike), and the medians are printed, with the range of the ratio."""
    runs: dict[str, list[tuple[float, dict, dict, dict]]] = {"paragraph": [], "both": []}
    texts = {level: level_texts(document, level) for level in runs}
    for _ in range(repeats):
        for level in runs:
            with tempfile.TemporaryDirectory() as cache:
                start = time.perf_counter()
                embedding.embed(texts[level], embedding.DEFAULT_MODEL, Path(cache), os.cpu_count() or 1)
                once = time.perf_counter() - start
            with tempfile.TemporaryDirectory() as cache:
                cold, warm = command(folder, Path(cache), level), command(folder, Path(cache), level)
                with KeptAlignments(Path(cache)) as kept:
                    kept.clear()
                runs[level].append((once, cold, warm, command(folder, Path(cache), level)))
    lines, cold_both = [], 0.0
    for level, measured in runs.items():
        once = statistics.median(m[0] for m in measured)
        cold = statistics.median(m[1]["seconds"] for m in measured)
        warm = statistics.median(m[2]["seconds"] for m in measured)
        realigned = statistics.median(m[3]["seconds"] for m in measured)
        ratios = sorted(m[1]["seconds"] / m[0] for m in measured)
        lines.append(f"--level {level:<9}: encode its {len(texts[level]):,} distinct texts once {once:6.2f} s; unalign "
                     f"cold {cold:6.2f} s ({cold / once:.2f}x encoding once, {ratios[0]:.2f}-{ratios[-1]:.2f} over "
                     f"{len(measured)} runs), warm {warm:5.2f} s ({warm / cold:.0%} of cold; aligned again from the "
                     f"cached vectors {realigned:5.2f} s, {realigned / cold:.0%}); CPU (all processes) "
                     f"{statistics.median(m[1]['cpu_seconds'] for m in measured):.2f} s cold, "
                     f"{statistics.median(m[2]['cpu_seconds'] for m in measured):.2f} s warm; peak memory "
                     f"{max(max(m[1]['peak_mb'], m[2]['peak_mb'], m[3]['peak_mb']) for m in measured):.0f} MB "
                     "(largest process)")
        cold_both = cold
    return lines, cold_both


def bertalign_against_unalign(document: Document, ours: float) -> list[str]:
    """bertalign cold (its overlaps of up to four sentences encoded with the same encoder and cores on a fresh cache,
    then its DP for English against each other language, in its own venv) beside `ours`, the seconds of `unalign
    align --level both` cold (every paragraph and sentence, six languages at once); a line saying so when
    bertalign's venv is not there."""
    from benchmarks.sentences import BERTALIGN_PYTHON, bertalign_beads, document_sentences

    if not BERTALIGN_PYTHON.exists():
        return ["bertalign: not measured (no benchmarks/.venv-bertalign; see benchmarks/sentences.py)"]
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        bertalign_beads(document_sentences(document), Path(cache))
        theirs = time.perf_counter() - start
    return [f"bertalign cold (5 English pairs): {theirs:6.2f} s; unalign align --level both cold (all 15 pairs): "
            f"{ours:6.2f} s; unalign {theirs / ours:.1f}x faster"]


def report(name: str, folder: Path, repeats: int = 3, against_bertalign: bool = True) -> None:
    with tempfile.TemporaryDirectory() as cache:
        times = stages(folder, Path(cache))
    paragraphs = int(times.pop("paragraphs"))
    print(f"\n{name}: {paragraphs} paragraphs in 6 languages ({int(times.pop('distinct texts'))} distinct texts)")
    total = sum(seconds for stage, seconds in times.items() if stage != "embeddings from the warm cache")
    for stage, seconds in times.items():
        print(f"  {stage:<40} {seconds:7.2f} s  {seconds / total:6.1%}  {1000 * seconds / paragraphs:6.2f} ms/paragraph")
    document = read_document(find_documents(folder)[0][0])
    lines, cold_both = cold_runs(folder, document, repeats)
    for line in lines + (bertalign_against_unalign(document, cold_both) if against_bertalign else []):
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--no-unpc", action="store_true", help="skip the UNPC devset (4,000 paragraphs a language)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the SDG's six PDFs")
    parser.add_argument("--no-joined", action="store_true", help="skip the devset lines joined four to a paragraph")
    parser.add_argument("--repeats", type=int, default=3, help="cold and warm runs per level (medians printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report(f"{args.pages}-page document (udhr + sdg + UNPC sentences)", pages(Path(tmp) / "doc", args.pages),
               args.repeats)
    if not args.no_pdf:  # reading is a large share of a PDF document's run: no encoder floor can hide it
        report("sdg_goals_targets as six PDFs (LibreOffice)", PDF_DOCUMENT, args.repeats, against_bertalign=False)
    if not args.no_unpc:
        report("unpc_v1_devset", CORPORA / "unpc_v1_devset", args.repeats)
    if not args.no_joined:
        with tempfile.TemporaryDirectory() as tmp:
            report("unpc_v1_devset lines 1-2,000 joined four to a paragraph", joined(Path(tmp) / "joined"),
                   args.repeats, against_bertalign=False)


if __name__ == "__main__":
    main()
