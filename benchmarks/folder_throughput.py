"""A folder of many six-language documents: documents per minute, local processes against a Dask cluster.

    python -m benchmarks.folder_throughput [--documents 240] [--workers 2]

The documents are the UNPC devset's, cut by UN symbol (benchmarks.synthetic.folder_of_documents). Each engine runs
`unalign align FOLDER` once with an empty embedding cache (cold: every paragraph encoded) and once more with --force
on the warm cache (the readings, vectors and alignments kept: reading them and writing the outputs). The Dask
cluster is a LocalCluster of as many single-threaded worker processes on this machine, so the difference is the
engine's overhead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import folder_of_documents


def align(folder: Path, out: Path, cache: Path, *options: str) -> float:
    """Seconds `unalign align` takes on `folder`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "unalign", "align", str(folder), "--out", str(out), "--cache-dir",
                           str(cache), "--force", *options], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"unalign failed:\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=240)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = folder_of_documents(Path(tmp) / "in", args.documents)
        paragraphs = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in folder.rglob("*.txt"))
        print(f"{args.documents} documents, {paragraphs} paragraphs in 6 languages, {args.workers} workers", flush=True)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          host="127.0.0.1") as cluster:
            engines = {"local": ("--workers", str(args.workers)),
                       "dask": ("--engine", "dask", "--scheduler", cluster.scheduler_address)}
            for name, options in engines.items():
                cache = Path(tmp) / f"cache-{name}"
                for state in ("cold", "warm"):
                    seconds = align(folder, Path(tmp) / f"out-{name}", cache, *options)
                    print(f"  {name:>5}, {state} cache: {seconds:6.1f} s, "
                          f"{60 * args.documents / seconds:6.0f} documents/minute", flush=True)


if __name__ == "__main__":
    main()
