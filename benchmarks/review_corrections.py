"""What a reviser's corrections cost: applying a log of corrections after aligning, and one correction in the review
app (a POST: the log reread under its lock, the correction made, written, and the page's state sent back).

The document is the first 2,000 lines of the UNPC devset (six languages, 2,000 paragraphs each) or any corpus
folder; the log holds checks and moves spread over the document, as a reviser would leave them.

    python -m benchmarks.review_corrections [--unpc-lines 2000] [--corrections 10,100,300]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unalign.embedding import default_cache_dir  # noqa: E402
from unalign.outputs.paths import OutputSet  # noqa: E402
from unalign.pipeline import align_document, finish, read_document, write_outputs  # noqa: E402
from unalign.review.corrections import Corrections, apply_corrections, operation_for  # noqa: E402
from tests.conftest import one_document, truncated_unpc  # noqa: E402


def _log(alignment, count: int, seed: int) -> Corrections:
    """`count` corrections made one after another at random places: checks, and moves of a paragraph down."""
    rng = random.Random(seed)
    ops = []
    current = alignment
    while len(ops) < count:
        unit = current.units[rng.randrange(len(current.units) - 1)]
        lang = rng.choice([lang for lang in unit.present()])
        paragraph = unit.paragraphs[lang][-1]
        kind = rng.choice(["check", "move"])
        try:
            ops.append(operation_for(current, {"kind": kind, "lang": lang, "index": paragraph.index,
                                               "direction": "down"}))
        except ValueError:
            continue
        if kind == "move":
            current, _ = apply_corrections(alignment, Corrections(alignment.document, tuple(ops)))
    return Corrections(alignment.document, tuple(ops))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpc-lines", type=int, default=2000)
    parser.add_argument("--corrections", default="10,100,300")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = truncated_unpc(Path(tmp) / "unpc", args.unpc_lines)
        document = read_document(one_document(folder))
        alignment = align_document(document, cache_dir=default_cache_dir())
        units = len(alignment.units)
        print(f"document: UNPC devset, first {args.unpc_lines} lines: {units} units, six languages")
        for count in (int(n) for n in args.corrections.split(",")):
            log = _log(alignment, count, args.seed)
            start = time.perf_counter()
            corrected, report = apply_corrections(alignment, log)
            apply_s = time.perf_counter() - start
            assert report.applied == count
            out = Path(tmp) / f"out{count}"
            outputs = OutputSet(alignment.document, out)
            write_outputs(finish(alignment, outputs), outputs, document.sources)
            log.write(out / f"{alignment.document}.corrections.json")
            from unalign.review.app import ReviewOptions, create_app

            options = ReviewOptions((out / f"{alignment.document}.audit.json",))
            client = create_app(options, lambda: 80).test_client()
            headers = {"Host": "127.0.0.1", "X-Unalign-Token": options.token}
            client.get(f"/api/doc/{alignment.document}", headers=headers)  # the audit read once, as in use
            timings = []
            for k in range(10):
                unit = corrected.units[(k * 37) % units]
                first = next(p for ps in unit.paragraphs.values() for p in ps)
                start = time.perf_counter()
                response = client.post(f"/api/doc/{alignment.document}", headers=headers,
                                       data=json.dumps({"kind": "check", "lang": first.lang, "index": first.index}),
                                       content_type="application/json")
                timings.append(time.perf_counter() - start)
                assert response.status_code == 200, response.get_data(as_text=True)
            timings.sort()
            print(f"{count:>4} corrections: applied in {apply_s * 1000:7.1f} ms "
                  f"({apply_s * 1e6 / count:6.1f} µs each); one more in the app: median "
                  f"{timings[len(timings) // 2] * 1000:6.1f} ms per POST (state of {units} units sent back)")


if __name__ == "__main__":
    main()
