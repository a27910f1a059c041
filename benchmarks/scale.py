"""Do time and memory grow linearly with the input? `unalign align` on one six-language document at 1×, 10× and 100×.

    python -m benchmarks.scale [--factors 1,10,100] [--base-lines 150] [--stages]

The document is made of UNPC devset lines (corpora/unpc_v1_devset), one paragraph per line in each language, blank
lines between them: 1× is `--base-lines` lines (about 200 KB of text in the six languages, a long UN report), 10× and
100× take ten and a hundred times as many (about 2 MB and 20 MB). The devset has 4,000 lines; past them the lines
come round again (a line recurs 4,000 paragraphs later, far outside the aligner's anchor window, so the aligner sees
a document as long as a distinct one; the embedding stage encodes each distinct text once, and on a machine this
slow, fresh text at 100× would cost an hour of encoding that says nothing about scaling). Embeddings come from the
persistent cache ($UNALIGN_CACHE), so that the figures are those of the reading, aligning and writing.
`--shape repeated` makes the document of the SDG goals and targets over and over (`--base-lines 169`: once at 1×):
texts and numbers recur every 169 paragraphs, so no paragraph anchors the aligner, the hard case for its memory.

Each size runs the real command, `unalign align FOLDER --out OUT --workers 1`, in a child process; printed: megabytes
of text, seconds, peak resident memory of the process (and of the encoder processes it starts, if any), and both per
megabyte. Flat per-megabyte figures mean linear cost. `--stages` also prints, per size, each stage's seconds and the
peak memory reached by the end of it (one process: read, embed, align, write).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")


def source_paragraphs(shape: str, lang: str) -> list[str]:
    """"unpc": the devset's 4,000 lines; "repeated": the SDG goals and targets (169 paragraphs, numbered)."""
    if shape == "unpc":
        return (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
    from unalign import settings
    from unalign.readers import read_blocks

    path = CORPORA / "sdg_goals_targets" / f"{lang}.txt"
    return [block.text for block in read_blocks(path, settings.language(lang)["join_lines_with"])]


def write_document(folder: Path, lines: int, shape: str = "unpc") -> int:
    """Six files of `lines` paragraphs each, cycling through the source; returns the bytes of text written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for lang in LANGS:
        source = source_paragraphs(shape, lang)
        with open(folder / f"{lang}.txt", "w", encoding="utf-8") as out:
            for k in range(lines):
                text = source[k % len(source)]
                out.write(text + "\n\n")
                size += len(text.encode("utf-8")) + 2
    return size


def run_command(folder: Path, out: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB (of the command's process, or of an encoder process it waited for, whichever is
    larger) and exit status of `unalign align` on `folder`."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "unalign", "align", str(folder), "--out", str(out),
                                "--workers", "1", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode:
        print(f"  failed ({process.returncode}): {stderr.strip()[-500:]}", flush=True)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def stages(folder: Path, out: Path) -> dict[str, tuple[float, float]]:
    """In this process: (seconds, peak RSS in MB so far) after reading, embedding, aligning and writing."""
    from unalign.aligning import align_versions
    from unalign.documents import find_documents
    from unalign.embedding import DEFAULT_MODEL, default_cache_dir, embed
    from unalign.outputs.paths import OutputSet
    from unalign.pipeline import finish, read_document, write_outputs

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    figures = {}
    start = time.perf_counter()
    documents, _ = find_documents(folder)
    document = read_document(documents[0])
    figures["read"] = (time.perf_counter() - start, peak())
    start = time.perf_counter()
    vectors = {lang: embed([p.text for p in document.paragraphs[lang]], DEFAULT_MODEL, default_cache_dir())
               for lang in document.languages}
    figures["embed"] = (time.perf_counter() - start, peak())
    start = time.perf_counter()
    alignment = align_versions(document.paragraphs, vectors, document.name, DEFAULT_MODEL)
    figures["align"] = (time.perf_counter() - start, peak())
    start = time.perf_counter()
    outputs = OutputSet(document.name, out)
    write_outputs(finish(alignment, outputs), outputs, document.sources)
    figures["write"] = (time.perf_counter() - start, peak())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100", help="sizes, as multiples of the base document")
    parser.add_argument("--base-lines", type=int, default=150, help="UNPC lines per language at 1×")
    parser.add_argument("--shape", choices=("unpc", "repeated"), default="unpc",
                        help="unpc: UNPC lines (anchors everywhere); repeated: the SDG goals and targets over and over "
                             "(no anchor: the aligner's band is all there is)")
    parser.add_argument("--stages", action="store_true", help="also time each stage in one process")
    parser.add_argument("--stage-run", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_run:
        print(json.dumps(stages(Path(args.stage_run[0]), Path(args.stage_run[1]))))
        return
    os.environ.setdefault("UNALIGN_CACHE", str(Path.home() / ".cache" / "unalign"))
    base = None
    with tempfile.TemporaryDirectory(prefix="unalign-scale-") as tmp:
        for factor in (int(f) for f in args.factors.split(",")):
            folder = Path(tmp) / f"x{factor}" / "document"
            megabytes = write_document(folder, args.base_lines * factor, args.shape) / 1e6
            seconds, peak, status = run_command(folder, Path(tmp) / f"x{factor}" / "out")
            per = (seconds / megabytes, peak / megabytes)
            base = base or per
            print(f"{factor:>4}×: {megabytes:6.2f} MB of text, {seconds:7.1f} s, peak {peak:7.0f} MB | "
                  f"{per[0]:6.1f} s/MB ({per[0] / base[0]:4.2f}× the 1× figure), {per[1]:6.0f} MB of memory per MB "
                  f"of text{'' if not status else ' (FAILED)'}", flush=True)
            if args.stages:
                child = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--stage-run", str(folder),
                                        str(Path(tmp) / f"x{factor}" / "stages")], capture_output=True, text=True)
                if child.returncode:
                    print(f"       stages failed: {child.stderr.strip()[-300:]}")
                    continue
                figures = json.loads(child.stdout.strip().splitlines()[-1])
                print("       " + ", ".join(f"{name} {s:.1f} s (peak {m:.0f} MB)" for name, (s, m) in figures.items()),
                      flush=True)


if __name__ == "__main__":
    main()
