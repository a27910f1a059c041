"""Run bertalign's two-pass DP on vectors computed elsewhere; run by benchmarks/sentences.py in bertalign's own venv.

    benchmarks/.venv-bertalign/bin/python benchmarks/sentences_bertalign_driver.py JOB.npz OUT.json

bertalign (GPL-3.0-or-later, PyPI bertalign 2.0.1, Python >= 3.12) is installed only in that venv
(pip install --no-deps bertalign && pip install numba numpy scipy; numba needs scipy for its dot products) and never
imported by unalign. Its package __init__ imports the encoder (sentence-transformers, torch), so the package is
registered here without running it and only its `corelib` module is imported, with a stand-in for torch, which
corelib uses only in find_top_k_sents: the exact inner-product top-k that function computes is computed here with
numpy instead (torch for Python 3.12 would be a CUDA build of several GB). The numba DP kernels are bertalign's own,
called as `Bertalign.align_sents` calls them, with its defaults (max_align 5, top_k 3, win 5, skip -0.1, margin and
length penalty on).
JOB.npz holds src_vecs/tgt_vecs (overlaps x sentences x dim: row o, column i embeds sentences i-o..i joined) and
src_lens/tgt_lens (UTF-8 bytes of the same); OUT.json receives the beads, [[source indices], [target indices]].
"""

import json
import sys
import types
from pathlib import Path

import numpy as np


def corelib():
    package = types.ModuleType("bertalign")
    location = next(Path(p) / "bertalign" for p in sys.path if (Path(p) / "bertalign" / "corelib.py").exists())
    package.__path__ = [str(location)]
    sys.modules["bertalign"] = package
    sys.modules.setdefault("torch", types.ModuleType("torch"))
    import bertalign.corelib as lib

    return lib


def main() -> None:
    job, out = Path(sys.argv[1]), Path(sys.argv[2])
    data = np.load(job)
    lib = corelib()
    max_align, top_k, win, skip = 5, 3, 5, -0.1
    src_vecs, tgt_vecs = data["src_vecs"].astype(np.float32), data["tgt_vecs"].astype(np.float32)
    src_lens, tgt_lens = data["src_lens"], data["tgt_lens"]
    src_num, tgt_num = src_vecs.shape[1], tgt_vecs.shape[1]
    char_ratio = np.sum(src_lens[0,]) / np.sum(tgt_lens[0,])
    sims = src_vecs[0] @ tgt_vecs[0].T
    k = min(top_k, tgt_num)
    I = np.argsort(-sims, axis=1, kind="stable")[:, :k].astype(np.int64)
    D = np.take_along_axis(sims, I, axis=1).astype(np.float32)
    first_types = lib.get_alignment_types(2)
    first_w, first_path = lib.find_first_search_path(src_num, tgt_num)
    first_pointers = lib.first_pass_align(src_num, tgt_num, first_w, first_path, first_types, D, I)
    first = lib.first_back_track(src_num, tgt_num, first_pointers, first_path, first_types)
    second_types = lib.get_alignment_types(max_align)
    second_w, second_path = lib.find_second_search_path(first, win, src_num, tgt_num)
    second_pointers = lib.second_pass_align(src_vecs, tgt_vecs, src_lens, tgt_lens, second_w, second_path,
                                            second_types, char_ratio, skip, margin=True, len_penalty=True)
    beads = lib.second_back_track(src_num, tgt_num, second_pointers, second_path, second_types)
    out.write_text(json.dumps([[list(map(int, a)), list(map(int, b))] for a, b in beads]))


if __name__ == "__main__":
    main()
