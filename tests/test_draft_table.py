"""The consensus's draft units as arrays (align/aligning/draft_table.py) against the Draft lists they stand for: on
random versions and random beads, every step gives the same units, in the same members' order, and the same side of
the DP, bit for bit; and the consensus gives the same drafts as when it kept Draft lists. Runs in seconds."""

from collections import Counter

import numpy as np
import pytest

from unalign.aligning import default_params
from unalign.aligning.consensus import consensus
from unalign.aligning.anchors import banded_path
from unalign.aligning.draft_table import (AddressVotes, DraftTable, empty_table, seeded, table_drafts, table_side,
                                          with_beads, without_language)
from unalign.aligning.dp import normalise
from unalign.aligning.drafts import Draft, Version, drafts_side
from unalign.model import Paragraph

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
BEADS = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3)]


def without(drafts: list[Draft], lang: str) -> list[Draft]:
    """The Draft lists' taking a language out, as the consensus did before the table: the drafts with `lang` taken
    out (units left empty disappear)."""
    out = []
    for d in drafts:
        members = {k: v for k, v in d.members.items() if k != lang and v}
        if members:
            out.append(Draft(members))
    return out


def draft_table(drafts: list[Draft], langs: tuple[str, ...]) -> DraftTable:
    """The table of `drafts` (whose languages are among `langs`, each language's paragraphs in unit order)."""
    counts = np.zeros((len(drafts), len(langs)), np.int64)
    present = np.zeros((len(drafts), len(langs)), bool)
    rank = np.zeros((len(drafts), len(langs)), np.int64)
    for unit, draft in enumerate(drafts):
        for place, (lang, indices) in enumerate(draft.members.items()):
            column = langs.index(lang)
            counts[unit, column], present[unit, column], rank[unit, column] = len(indices), True, place
    return DraftTable(langs, counts, present, rank)


def merged(drafts: list[Draft], lang: str, beads: list[tuple[int, int]]) -> list[Draft]:
    """The consensus's use of the DP's beads as it was, on Draft lists (consensus.align_version before the table)."""
    out: list[Draft] = []
    i = j = 0
    for taken_units, taken_paragraphs in beads:
        if taken_units == 0:
            out.append(Draft({lang: [j]}))
        else:
            members: dict[str, list[int]] = {}
            for d in drafts[i:i + taken_units]:
                for other, idx in d.members.items():
                    members.setdefault(other, []).extend(idx)
            members[lang] = list(range(j, j + taken_paragraphs))
            out.append(Draft(members))
        i, j = i + taken_units, j + taken_paragraphs
    return out


def old_consensus(versions: dict[str, Version], params) -> list[Draft]:
    """consensus.consensus as it was, on Draft lists."""
    order = list(versions)
    pivot_first = sorted(versions, key=lambda lang: (lang != params.pivot, order.index(lang)))
    drafts: list[Draft] = []

    def align_version(drafts: list[Draft], lang: str) -> list[Draft]:
        if not drafts:
            return [Draft({lang: [j]}) for j in range(len(versions[lang].paragraphs))]
        return merged(drafts, lang, banded_path(drafts_side(drafts, versions), versions[lang].side(), params))

    for lang in pivot_first:
        drafts = align_version(drafts, lang)
    for _ in range(params.refinement_passes):
        for lang in pivot_first:
            drafts = align_version(without(drafts, lang), lang)
    return drafts


def random_beads(rng: np.random.Generator, units: int, paragraphs: int) -> list[tuple[int, int]]:
    """Beads of BEADS that take `units` units and `paragraphs` paragraphs, at random."""
    out = []
    while units or paragraphs:
        fits = [(du, dp) for du, dp in BEADS if du <= units and dp <= paragraphs]
        bead = fits[rng.integers(len(fits))]
        out.append(bead)
        units, paragraphs = units - bead[0], paragraphs - bead[1]
    return out


def random_versions(rng: np.random.Generator, langs: tuple[str, ...], dim: int = 16) -> dict[str, Version]:
    """Versions of random lengths (1-12 paragraphs) and vectors, their addresses drawn from a few (some empty, some
    repeated): units that merge paragraphs get disagreeing and tied votes; or, one time in five, none at all (the
    sentences of a unit)."""
    pool = ["", "", "1", "2", "3", "II/A"] if rng.random() < 0.8 else [""]
    out = {}
    for lang in langs:
        count = int(rng.integers(1, 13))
        paragraphs = tuple(Paragraph(lang, k, "x" * int(rng.integers(1, 40)), pool[rng.integers(len(pool))])
                           for k in range(count))
        out[lang] = Version(paragraphs, rng.normal(size=(count, dim)).astype(np.float32))
    return out


def assert_same(table, drafts: list[Draft], versions: dict[str, Version], votes: AddressVotes) -> None:
    assert [list(d.members.items()) for d in table_drafts(table)] == [list(d.members.items()) for d in drafts]
    mine, theirs = table_side(table, versions, votes), drafts_side(drafts, versions)
    assert np.array_equal(mine.vectors, theirs.vectors) and np.array_equal(mine.lengths, theirs.lengths)
    assert mine.addresses == theirs.addresses


@pytest.mark.parametrize("seed", range(150))
def test_the_table_gives_the_drafts_and_their_side_at_every_step(seed):
    rng = np.random.default_rng(seed)
    langs = tuple(lang for lang in LANGS if rng.random() < 0.8) or ("en",)
    versions = random_versions(rng, langs)
    votes = AddressVotes.of(versions)
    order = list(rng.permutation(langs))
    drafts = [Draft({order[0]: [j]}) for j in range(len(versions[order[0]].paragraphs))]
    table = seeded(langs, order[0], len(versions[order[0]].paragraphs))
    assert_same(table, drafts, versions, votes)
    for lang in [*order[1:], *order, *order]:  # the first pass, then two refinement passes
        if any(lang in d.members for d in drafts):
            drafts, table = without(drafts, lang), without_language(table, lang)
            assert_same(table, drafts, versions, votes)
        if not drafts:
            continue
        beads = random_beads(rng, len(drafts), len(versions[lang].paragraphs))
        drafts, table = merged(drafts, lang, beads), with_beads(table, lang, beads)
        assert_same(table, drafts, versions, votes)
        again = draft_table(drafts, langs)
        assert [list(d.members.items()) for d in table_drafts(again)] == [list(d.members.items()) for d in drafts]


def test_a_tied_vote_goes_to_the_address_of_the_first_member():
    """A unit of two paragraphs of "1" in French and "2" in English: a tie, which the member listed first wins, as
    Counter.most_common gives it; in the other order, the other address."""
    versions = {lang: Version((Paragraph(lang, 0, "a", address),), np.ones((1, 4), np.float32))
                for lang, address in (("en", "2"), ("fr", "1"), ("ru", "1"), ("es", "2"))}
    langs = tuple(versions)
    votes = AddressVotes.of(versions)
    for members in ({"fr": [0], "en": [0]}, {"en": [0], "fr": [0]}, {"en": [0], "fr": [0], "ru": [0]},
                    {"ru": [0], "es": [0], "en": [0], "fr": [0]}):
        drafts = [Draft(members)]
        assert table_side(draft_table(drafts, langs), versions, votes).addresses == \
            (Counter(versions[lang].addresses[0] for lang in members).most_common(1)[0][0],)
        assert_same(draft_table(drafts, langs), drafts, versions, votes)


def test_beads_that_do_not_take_every_unit_are_refused():
    table = seeded(("en", "fr"), "en", 3)
    with pytest.raises(ValueError):
        with_beads(table, "fr", [(1, 1), (1, 1)])
    with pytest.raises(ValueError):
        with_beads(table, "en", [(1, 1)] * 3)
    assert len(empty_table(("en",))) == 0


@pytest.mark.parametrize("seed", range(25))
def test_the_consensus_gives_the_drafts_it_gave_on_draft_lists(seed):
    """Random versions that are translations of each other with paragraphs lost, merged and split here and there: the
    consensus on the table gives the very drafts the consensus on Draft lists gave."""
    rng = np.random.default_rng(seed)
    params = default_params()
    count = int(rng.integers(3, 80))
    topics = normalise(rng.normal(size=(count, 32)).astype(np.float32))
    versions = {}
    for lang in LANGS:
        rows = [topics[k] + 0.4 * rng.normal(size=32).astype(np.float32) / np.sqrt(32) for k in range(count)
                if rng.random() > 0.05]
        for _ in range(int(rng.integers(0, 3))):  # merges
            if len(rows) > 2:
                at = int(rng.integers(len(rows) - 1))
                rows[at:at + 2] = [rows[at] + rows[at + 1]]
        numbered = rng.random() < 0.5
        paragraphs = tuple(Paragraph(lang, k, "y" * int(rng.integers(5, 200)), str(k // 2) if numbered else "")
                           for k in range(len(rows)))
        versions[lang] = Version(paragraphs, np.array(rows, dtype=np.float32))
    got = consensus(versions, params)
    assert [list(d.members.items()) for d in got] == [list(d.members.items()) for d in old_consensus(versions, params)]
