"""The to-check list on damaged six-language text (issue 24): benchmarks/checklist.py's figures, pinned.

Two damage draws (seeds 1 and 2) of smaller test documents than the benchmark's default, paragraph vectors made as
the command makes them (whole paragraphs): the first halves of the UDHR and the SDG and two UNPC-devset documents of
about 100 lines in FIT, the second halves and two other UNPC documents in REPORT. The confidence's numbers and
pair_holes_min_similarity in config/defaults.toml were fitted on FIT damage of seeds 1-5 (12 UNPC documents of 200
lines), so REPORT is held out; docs/alignment.md has the full benchmark's figures.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks import checklist
from unalign.aligning import default_params
from unalign.aligning.confidence import Signals, confidence, length_signal
from unalign.aligning.drafts import Version
from unalign.model import Paragraph


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
    the UDHR's and the SDG's second halves (47 and 180 units, 10 and 18 marked, all worth a look) without a wrong
    unit (the UDHR's had one, marked and below 0.5, in 49 units, before a unit whose missing languages merged it into
    the units on both sides was joined with them: repair.absorb_merged)."""
    for corpus, units in (("udhr", {47}), ("sdg_goals_targets", {180}), ("unpc", {390, 391})):
        report = tallies[("REPORT", corpus)]
        assert report["missing_r"] == 1.0 and report["wrong_marked"] == report["wrong"], corpus
        assert report["low_worth"] == report["low"] and report["units"] in units, corpus
    for corpus, marked, wrong in (("udhr", 10, 0), ("sdg_goals_targets", 18, 0)):
        report = tallies[("REPORT", corpus)]
        assert (report["missing_p"], report["link_f1"], report["wrong"], report["marked"], report["worth"]) == (
            1.0, 1.0, wrong, marked, marked), corpus
    unpc = tallies[("REPORT", "unpc")]
    assert unpc["wrong"] <= 1 and unpc["missing_p"] >= 0.983 and unpc["link_f1"] >= 0.9995


def test_fitted_half_has_no_wrong_unit_and_every_mark_is_worth_a_look(tallies):
    """FIT, measured: no wrong unit, every hole found and none false, all 71 marks worth a look (4 wrong units and 3
    below 0.5 before this turn's repairs: a unit torn by a merge in one language and a hole in another joined, with
    half_merged_evidence, and a piece ending with a comma running on into the paragraph after it). The UDHR's first
    half too: its short paragraph merged into the next, "Everyone has the right to a nationality.", is read sentence by
    sentence (repair.sentence_gain), where recall was 0.6667; and a paragraph merged with the next article's heading
    (which the gold skips) is marked, 13 of 13 marks worth a look."""
    fit = tallies[("FIT", "all")]
    assert (fit["wrong"], fit["low"], fit["marked"], fit["worth"], fit["units"]) == (0, 0, 71, 71, 627)
    assert (fit["missing_p"], fit["missing_r"], fit["link_f1"]) == (1.0, 1.0, 1.0)
    assert tallies[("FIT", "udhr")]["units"] == 59
    assert tallies[("FIT", "udhr")]["marked"] == tallies[("FIT", "udhr")]["worth"] == 13


def test_confidence_reads_its_three_signals_as_config_says():
    params = default_params()
    assert confidence(Signals(), params) == 1.0
    assert confidence(Signals(link=params.confidence_midpoint), params) == 0.5
    assert confidence(Signals(hole=params.hole_midpoint), params) == 0.5
    # The lower of the two decides: a unit whose languages agree but whose hole reads as a merge is doubtful.
    assert confidence(Signals(link=0.9, hole=params.hole_midpoint + 3 * params.hole_scale), params) == 0.047
    assert confidence(Signals(link=params.confidence_midpoint - params.confidence_scale, hole=-0.5), params) == 0.269
    assert confidence(Signals(link=0.9, length=params.length_midpoint), params) == 0.5
    assert confidence(Signals(link=0.9, length=params.length_midpoint + 2 * params.length_scale), params) == 0.119


def test_the_length_ceiling_is_the_highest_right_unit_nothing_else_marks():
    params = default_params()
    verdicts = [checklist.Verdict(False, Signals(link=0.9, length=1.2), False, False),
                checklist.Verdict(False, Signals(link=0.9, length=2.5), True, False),  # wrong
                checklist.Verdict(True, Signals(link=0.9, length=3.0), False, True),  # a hole, marked
                checklist.Verdict(False, Signals(link=0.0, length=2.0), False, False)]  # its link doubts it
    assert checklist.length_ceiling(verdicts, params) == 1.2


def test_length_signal_is_the_share_one_language_holds_apart_from_the_others():
    # Five versions hold a heading at 0.1 % of their bytes, one holds a paragraph at 1 %: log(10) from the others.
    assert length_signal({"en": 0.001, "fr": 0.001, "es": 0.001, "ru": 0.001, "zh": 0.001, "ar": 0.01}) == \
        pytest.approx(math.log(10))
    # Three shares, each twice the one before: the extremes lie 1.5 log 2 from the mean of the other two.
    assert length_signal({"en": 0.001, "fr": 0.002, "es": 0.004}) == pytest.approx(1.5 * math.log(2))
    assert length_signal({"en": 0.003}) is None


def test_a_version_share_is_counted_in_bytes_so_a_name_weighs_alike_in_every_script():
    """A name written in Latin letters in every version is the same share of each version's bytes, though Chinese
    packs the rest of its text into a third of the characters."""
    name = "Achim Kassow"
    english = Version((Paragraph("en", 0, name), Paragraph("en", 1, "x" * 120)), np.eye(2, dtype=np.float32))
    chinese = Version((Paragraph("zh", 0, name), Paragraph("zh", 1, "字" * 40)), np.eye(2, dtype=np.float32))
    assert english.byte_shares[0] == chinese.byte_shares[0] == pytest.approx(12 / 132)
    assert english.lengths[0] < chinese.lengths[0] / 2
