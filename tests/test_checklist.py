"""The to-check list on damaged six-language text (issue 24): benchmarks/checklist.py's figures, pinned.

Two damage draws (seeds 1 and 2) of smaller test documents than the benchmark's default, paragraph vectors made as
the command makes them (whole paragraphs): the first halves of the UDHR and the SDG and two UNPC-devset documents of
about 100 lines in FIT, the second halves and two other UNPC documents in REPORT. The confidence's numbers and
pair_holes_min_similarity in config/defaults.toml were fitted on FIT damage of seeds 1-5 (12 UNPC documents of 200
lines), so REPORT is held out; docs/alignment.md has the full benchmark's figures.
"""

from __future__ import annotations

import pytest

from benchmarks import checklist
from unalign.aligning import default_params
from unalign.aligning.confidence import Signals, confidence


@pytest.fixture(scope="module")
def tallies(cache_dir):
    docs = checklist.corpus_documents() + checklist.unpc_documents(100, 4)
    return {key: t.figures() for key, t in checklist.tally(checklist.run(docs, (1, 2), verbose=False),
                                                             default_params()).items()}


# A text's vector differs by about 1e-7 with the batch it was first encoded in, so the embedding cache's history (warm
# here, cold in CI, two workers filling it at once) can move a borderline unit: measured on UNPC REPORT, P 1.0 with no
# wrong unit in 390 units (warm) and P 0.9832 with one wrong unit, marked and below 0.5, in 391 (cold); FIT the same
# both ways. The tests pin what holds in both, and the measured ranges.
def test_held_out_to_check_list_per_corpus(tallies):
    """REPORT, measured: every hole found and none false; every wrong unit marked; every unit below 0.5 worth a look;
    the UDHR's and the SDG's second halves (49 and 180 units, 10 and 18 marked, all worth a look) with one wrong unit
    in the UDHR's, marked and below 0.5."""
    for corpus, units in (("udhr", {49}), ("sdg_goals_targets", {180}), ("unpc", {390, 391})):
        report = tallies[("REPORT", corpus)]
        assert report["missing_r"] == 1.0 and report["wrong_marked"] == report["wrong"], corpus
        assert report["low_worth"] == report["low"] and report["units"] in units, corpus
    for corpus, marked, wrong in (("udhr", 10, 1), ("sdg_goals_targets", 18, 0)):
        report = tallies[("REPORT", corpus)]
        assert (report["missing_p"], report["link_f1"], report["wrong"], report["marked"], report["worth"]) == (
            1.0, 1.0, wrong, marked, marked), corpus
    unpc = tallies[("REPORT", "unpc")]
    assert unpc["wrong"] <= 1 and unpc["missing_p"] >= 0.983 and unpc["link_f1"] >= 0.9995


def test_fitted_half_marks_every_wrong_unit(tallies):
    """FIT, measured: 1 wrong unit, marked and below 0.5 (4 wrong and 3 below 0.5 before a unit torn by a merge in
    one language and a hole in another was joined, repair.absorb_merged, and a piece ending with a comma ran on
    into the paragraph after it, repair.split_evidence); every hole found, the UDHR's first
    half too (its short paragraph merged into the next, "Everyone has the right to a nationality.", read sentence by
    sentence: repair.sentence_gain), where recall was 0.6667. (10 wrong and 10 below 0.5 before the parts of the
    UDHR's preamble, one n:m block of the gold, were left unjudged, as align.evaluation leaves their holes.)"""
    fit = tallies[("FIT", "all")]
    assert fit["wrong_marked"] == fit["wrong"] and fit["low_worth"] == fit["low"]
    assert 1 <= fit["wrong"] <= 2 and 1 <= fit["low"] <= 2  # measured 1 and 1
    assert tallies[("FIT", "udhr")]["units"] == 59 and tallies[("FIT", "udhr")]["wrong"] == 0
    # Every mark on the UDHR's first half is worth a look, a paragraph merged with the next article's heading (which
    # the gold skips) too: 13 of 13, measured (12 of 13 while the damage's merges with a heading did not count).
    assert tallies[("FIT", "udhr")]["marked"] == tallies[("FIT", "udhr")]["worth"] == 13
    assert fit["missing_p"] >= 0.955 and fit["missing_r"] == 1.0 and fit["link_f1"] >= 0.9997  # 0.9553, 1.0, 0.9997
    assert tallies[("FIT", "udhr")]["missing_r"] == 1.0 and tallies[("FIT", "udhr")]["missing_p"] == 1.0


def test_confidence_reads_its_two_signals_as_config_says():
    params = default_params()
    assert confidence(Signals(), params) == 1.0
    assert confidence(Signals(link=params.confidence_midpoint), params) == 0.5
    assert confidence(Signals(hole=params.hole_midpoint), params) == 0.5
    # The lower of the two decides: a unit whose languages agree but whose hole reads as a merge is doubtful.
    assert confidence(Signals(link=0.9, hole=params.hole_midpoint + 3 * params.hole_scale), params) == 0.047
    assert confidence(Signals(link=params.confidence_midpoint - params.confidence_scale, hole=-0.5), params) == 0.269
