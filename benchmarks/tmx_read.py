"""Read a big TMX in bounded memory: write 10,000- and 100,000-unit six-language TMX files, read each back with
tmx.read_tmx in a fresh process, and print units per second and the peak resident memory of that process
(getrusage ru_maxrss: Python and libxml2 alike) above what it held before reading, per unit and as the 100k/10k
ratio (1.0 = independent of the file's size).

    python benchmarks/tmx_read.py [--units 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unalign.tmx import TranslationUnit, read_tmx, write_tmx

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "unpc_v1_devset"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")


def units(count: int):
    """`count` units cycling through the 4,000 six-way UNPC sentences, numbered so that no two are the same."""
    lines = {lang: (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").split("\n") for lang in LANGS}
    size = min(len(v) for v in lines.values())
    for k in range(count):
        texts = {lang: f"{lines[lang][k % size]} [{k}]" for lang in LANGS}
        yield TranslationUnit(texts, {"x-document": "bench", "x-address": str(k), "x-confidence": "0.900"})


def read_here(path: Path, whole: bool = False) -> None:
    """Read `path` in this process and print {units, seconds, rss_before_kb, rss_peak_kb} as JSON.

    `whole`: parse the whole tree at once instead (what streaming avoids), for comparison.
    """
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if whole:
        from lxml import etree

        count = len(etree.parse(str(path), etree.XMLParser(huge_tree=True)).findall(".//tu"))
    else:
        _, stream = read_tmx(path)
        count = sum(1 for _ in stream)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"units": count, "seconds": seconds, "rss_before_kb": before, "rss_peak_kb": peak}))


def measure(path: Path, whole: bool = False) -> dict:
    """read_here in a fresh Python, so that nothing else this script did counts in the peak."""
    result = subprocess.run([sys.executable, __file__, "--read-whole" if whole else "--read", str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000, help="size of the big file (the small is a tenth)")
    parser.add_argument("--keep", type=Path, help="write the TMX files here and keep them")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--read-whole", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read or args.read_whole:
        return read_here(args.read or args.read_whole, whole=bool(args.read_whole))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tmx-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    small_count = args.units // 10
    for count in (small_count, args.units):
        path = folder / f"bench-{count}.tmx"
        start = time.perf_counter()
        write_tmx(path, units(count), "*all*", tool_version="bench")
        written = time.perf_counter() - start
        read = measure(path)
        assert read["units"] == count
        growth = (read["rss_peak_kb"] - read["rss_before_kb"]) * 1024
        results[count] = read["rss_peak_kb"]
        print(f"{count:>7} units, {path.stat().st_size / 1e6:6.1f} MB: written at {count / written:,.0f} units/s, "
              f"read at {count / read['seconds']:,.0f} units/s; reading process peak RSS "
              f"{read['rss_peak_kb'] / 1024:.1f} MB, {growth / 1e6:.1f} MB above its start "
              f"({growth / count:,.1f} bytes per unit)")
        if count == small_count:
            tree = measure(path, whole=True)
            print(f"{'':>7} for comparison, the whole tree parsed at once: peak RSS "
                  f"{tree['rss_peak_kb'] / 1024:.1f} MB, {(tree['rss_peak_kb'] - tree['rss_before_kb']) / 1024:.1f} "
                  "MB above its start")
        if not args.keep:
            path.unlink()
    if not args.keep:
        folder.rmdir()
    small, big = sorted(results)
    print(f"{big // small}x the units, x{results[big] / results[small]:.2f} the peak RSS of the reading process "
          "(1.00 = memory bounded, independent of the file's size)")


if __name__ == "__main__":
    main()
