"""The aligner's parts on hand-made vectors: DP, anchors, band, parameters, similarity scale. Runs in seconds."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unalign.aligning import align_versions, default_params
from unalign.aligning.anchors import band, banded_path, find_anchors, increasing, segments
from unalign.aligning.dp import Side, best_path, normalise
from unalign.model import Paragraph

DIM = 64
PARAMS = default_params()


def topics(count: int, seed: int = 0) -> np.ndarray:
    """`count` unrelated unit vectors (random directions in 64 dimensions: cosines near 0)."""
    return normalise(np.random.default_rng(seed).normal(size=(count, DIM)).astype(np.float32))


def translated(vectors: np.ndarray, seed: int, noise: float = 0.5) -> np.ndarray:
    """The same texts in another language: each vector moved a little (cosine about 0.9 with the original)."""
    rng = np.random.default_rng(seed)
    return normalise(vectors + noise * rng.normal(size=vectors.shape).astype(np.float32) / np.sqrt(DIM))


def side(vectors: np.ndarray, addresses: tuple[str, ...] | None = None, lengths: list[float] | None = None) -> Side:
    lengths_ = np.array(lengths or [1.0] * len(vectors), np.float32)
    return Side(vectors.astype(np.float32), lengths_ / lengths_.sum(), addresses or ("",) * len(vectors))


def full_band(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(m + 1, int), np.full(m + 1, n)


def test_identical_sequences_align_one_to_one():
    vectors = topics(12)
    beads, touched = best_path(side(vectors), side(translated(vectors, 1)), *full_band(12, 12), PARAMS)
    assert beads == [(1, 1)] * 12
    assert touched == []


def test_a_paragraph_missing_in_the_columns_is_a_1_0_bead_at_its_place():
    vectors = topics(10)
    columns = np.delete(translated(vectors, 1), 4, axis=0)
    beads, _ = best_path(side(vectors), side(columns), *full_band(10, 9), PARAMS)
    assert beads == [(1, 1)] * 4 + [(1, 0)] + [(1, 1)] * 5


def test_an_extra_paragraph_in_the_columns_is_a_0_1_bead():
    vectors = topics(11)
    rows = np.delete(vectors, 7, axis=0)
    beads, _ = best_path(side(rows), side(translated(vectors, 2)), *full_band(10, 11), PARAMS)
    assert beads == [(1, 1)] * 7 + [(0, 1)] + [(1, 1)] * 3


def test_two_rows_merged_in_the_columns_are_a_2_1_bead():
    vectors = topics(8)
    merged = np.vstack([vectors[:3], normalise(vectors[3] + vectors[4])[None], vectors[5:]])
    lengths = [1.0] * 3 + [2.0] + [1.0] * 3
    beads, _ = best_path(side(vectors), side(translated(merged, 3), lengths=lengths), *full_band(8, 7), PARAMS)
    assert beads == [(1, 1)] * 3 + [(2, 1)] + [(1, 1)] * 3


def test_one_row_split_in_the_columns_is_a_1_2_bead():
    vectors = topics(8)
    halves = topics(2, seed=9)
    rows = np.vstack([vectors[:5], normalise(halves[0] + halves[1])[None], vectors[5:]])
    columns = np.vstack([vectors[:5], halves, vectors[5:]])
    lengths = [1.0] * 5 + [0.5, 0.5] + [1.0] * 3
    beads, _ = best_path(side(rows, lengths=[1.0] * 9), side(translated(columns, 4), lengths=lengths),
                         *full_band(9, 10), PARAMS)
    assert beads == [(1, 1)] * 5 + [(1, 2)] + [(1, 1)] * 3


def test_a_shared_address_outweighs_a_slightly_better_text_match():
    """Rows 0 and 1 are near-duplicates; the addresses tell which is which."""
    base = topics(3)
    rows = np.vstack([base[0], normalise(base[0] + 0.05 * base[1]), base[2]])
    columns = np.vstack([rows[1], rows[2]])  # row 0 is missing, its twin row 1 is present
    beads, _ = best_path(side(rows, ("1", "2", "3")), side(columns, ("2", "3")), *full_band(3, 2), PARAMS)
    assert beads == [(1, 0), (1, 1), (1, 1)]


def test_a_tie_goes_to_the_bead_listed_first():
    """Two unrelated one-paragraph sides: the link costs exactly 1 (cosine 0, equal lengths), as much as dropping the
    row and inserting the column at skip_cost 0.5 each. The bead the params list first wins the tie."""
    row, column = np.eye(2, DIM, dtype=np.float32)
    tie = replace(PARAMS, skip_cost=0.5)
    assert best_path(side(row[None]), side(column[None]), *full_band(1, 1), tie)[0] == [(1, 1)]
    drop_first = replace(tie, beads=((1, 0), (1, 1), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3)))
    assert best_path(side(row[None]), side(column[None]), *full_band(1, 1), drop_first)[0] == [(0, 1), (1, 0)]
    dearer_skip = replace(drop_first, skip_cost=0.51)  # no tie: the link, wherever it is listed
    assert best_path(side(row[None]), side(column[None]), *full_band(1, 1), dearer_skip)[0] == [(1, 1)]


def test_anchors_are_unique_addresses_and_clear_best_matches_in_order():
    vectors = topics(30)
    columns = translated(vectors, 5)
    anchors = find_anchors(side(vectors), side(columns), PARAMS)
    assert anchors == [(i, i) for i in range(30)]
    # A text repeated on both sides is nobody's clear best match: it anchors nothing.
    repeated_rows = vectors.copy()
    repeated_rows[10] = repeated_rows[20] = vectors[10]
    repeated_cols = columns.copy()
    repeated_cols[10] = repeated_cols[20] = columns[10]
    anchors = dict(find_anchors(side(repeated_rows), side(repeated_cols), PARAMS))
    assert 10 not in anchors and 20 not in anchors and anchors[11] == 11
    # A unique shared address anchors texts that agree at least anchor_min_similarity, even without a clear margin,
    # and never unrelated texts.
    twins = np.vstack([vectors[:2], vectors[:2]])
    assert find_anchors(side(twins, ("1", "2", "", "")), side(twins, ("1", "2", "", "")), PARAMS) == [(0, 0), (1, 1)]
    unrelated = topics(2, seed=7)
    assert find_anchors(side(vectors[:2], ("1", "2")), side(unrelated, ("1", "2")), PARAMS) == []


def _plain_anchor_matches(rows: np.ndarray, columns: np.ndarray, params) -> list[tuple[int, int]]:
    """find_anchors' best matches (no addresses) as plainly as possible: every row against the columns of its block's
    window, each row's and each column's best and runner-up from a full sort, the same comparisons in the same
    precisions."""
    m, n = len(rows), len(columns)
    reach, block = params.anchor_window + abs(m - n), params.anchor_block_rows
    sims, seen = {}, {}  # (row, column) -> cosine, column -> the rows whose window holds it
    for i in range(m):
        r0 = i - i % block
        c0, c1 = max(0, int(r0 * n / m) - reach), min(n, int(min(r0 + block, m) * n / m) + reach + 1)
        for j in range(c0, c1):
            sims[i, j] = np.float32(rows[i] @ columns[j])
            seen.setdefault(j, []).append(i)
    out = []
    for i in range(m):
        mine = sorted(((s, j) for (r, j), s in sims.items() if r == i), key=lambda x: -x[0])
        top, j = mine[0]
        second = mine[1][0] if len(mine) > 1 else top - 1
        down = sorted((sims[r, j] for r in seen[j]), reverse=True)
        column_best = next(r for r in seen[j] if sims[r, j] == down[0])
        column_second = down[1] if len(down) > 1 else np.float32(-np.inf)
        if (column_best == i and float(top) >= params.anchor_match_similarity
                and float(top) - float(second) >= params.anchor_margin
                and top - column_second >= np.float32(params.anchor_margin)):
            out.append((i, j))
    return increasing(out)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 30), st.integers(1, 30))
def test_anchor_matches_are_the_plain_mutual_best_matches(seed, m, n):
    """find_anchors' best and runner-up per row and column (found by setting the best aside) against a full sort, on
    blocks of a few rows and narrow windows, with texts repeated on both sides (ties)."""
    rng = np.random.default_rng(seed)
    rows = topics(m, seed=seed)
    rows[rng.integers(0, m, m // 3)] = rows[0]
    picks = rng.integers(0, m, n)
    columns = translated(rows[picks], seed + 1, noise=rng.choice([0.1, 0.5, 2.0]))
    columns[rng.integers(0, n, n // 4)] = columns[0]
    params = replace(PARAMS, anchor_block_rows=int(rng.integers(1, 8)), anchor_window=int(rng.integers(0, 4)))
    assert find_anchors(side(rows), side(columns), params) == _plain_anchor_matches(rows, columns, params)


def test_a_broken_vector_anchors_nothing_and_leaves_the_other_anchors_as_they_were():
    """A vector of NaNs (a broken encoder output) anchors nothing, and the other rows anchor as they do beside a
    vector of no match. NaN took every maximum of its block before (numpy's argmax and max), and with them the
    columns' best: not one anchor was found in the whole document."""
    rows = topics(40, seed=5)
    columns = translated(rows, seed=6, noise=0.1)
    broken, unmatched = rows.copy(), rows.copy()
    broken[17] = np.nan
    unmatched[17] = topics(1, seed=99)[0]
    with_nan = find_anchors(side(broken), side(columns), PARAMS)
    assert all(i != 17 for i, _ in with_nan)
    assert with_nan == [pair for pair in find_anchors(side(unmatched), side(columns), PARAMS) if pair[0] != 17]


def test_a_matrix_normalised_is_its_rows_normalised_alone_bit_for_bit():
    """Version.group_vector and confidence.link_signal normalise many vectors in one call where they normalised one
    at a time: the rows must be the same, bit for bit, zero and tiny rows included."""
    rng = np.random.default_rng(3)
    matrix = np.vstack([rng.normal(size=(200, DIM)), np.zeros((2, DIM)), rng.normal(size=(5, DIM)) * 1e-20,
                        topics(20)]).astype(np.float32)
    together = normalise(matrix)
    assert all(together[k].tobytes() == normalise(matrix[k]).tobytes() for k in range(len(matrix)))


def test_increasing_keeps_the_longest_monotonic_chain():
    assert increasing([(0, 0), (1, 5), (2, 2), (3, 3), (4, 1), (5, 6)]) == [(0, 0), (2, 2), (3, 3), (5, 6)]
    assert increasing([]) == []


def test_band_follows_the_anchors_and_lets_every_bead_through():
    lo, hi = band(10, 20, [(5, 15)], np.full(11, 1.0))
    assert lo[0] == 0 and hi[10] == 20
    assert lo[5] <= 15 <= hi[5] and hi[5] - lo[5] <= 3
    assert all(lo[i] <= hi[i] for i in range(11))
    assert all(lo[i] <= hi[i - 1] for i in range(1, 11))  # consecutive rows overlap
    assert segments(10, 20, [(5, 15)]) == [(0, 5, 15), (5, 10, 5)]


def test_band_widens_where_the_path_runs_along_its_edge():
    """Twenty paragraphs missing at the start: far outside a band of 1 cell, found once the band has doubled."""
    vectors = topics(60)
    columns = translated(vectors[20:], 6)
    narrow = replace(PARAMS, band_min=1, band_fraction=0.0, anchor_match_similarity=2.0, anchor_min_similarity=2.0)
    beads = banded_path(side(vectors), side(columns), narrow)
    assert beads == [(1, 0)] * 20 + [(1, 1)] * 40


def paragraphs(lang: str, count: int) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(lang, k, f"{lang} paragraph " + "x" * 60) for k in range(count))


def narrow_cone(vectors: np.ndarray) -> np.ndarray:
    """What a model with a strong common direction does: every cosine squeezed towards 1 (unrelated texts at ~0.85)."""
    common = np.zeros(vectors.shape[1], np.float32)
    common[0] = 1
    return normalise(0.4 * vectors + common)


def test_thresholds_hold_for_a_model_whose_similarities_are_squeezed():
    """Six versions, one paragraph missing in French. In a narrow cone every pair scores above 0.85, so in the
    reference model's units a forced link always beats two skips; measured against the similarity of unrelated
    paragraphs of the document (as vecalign does), the hole is found again."""
    base = topics(40)
    vectors = {lang: translated(base, seed) for seed, lang in enumerate(("ar", "zh", "en", "fr", "ru", "es"))}
    vectors["fr"] = np.delete(vectors["fr"], 17, axis=0)
    texts = {lang: paragraphs(lang, len(v)) for lang, v in vectors.items()}
    squeezed = {lang: narrow_cone(v) for lang, v in vectors.items()}
    assert float(squeezed["en"][0] @ squeezed["fr"][5]) > 0.8

    def holes(alignment):
        return [(k, u.missing) for k, u in enumerate(alignment.units) if u.missing]

    assert holes(align_versions(texts, vectors, "plain")) == [(17, ("fr",))]
    assert holes(align_versions(texts, squeezed, "squeezed", model="narrow-cone")) == [(17, ("fr",))]
    # The same model wrongly taken to be on the reference's scale: the hole disappears into a forced link.
    as_reference = replace(PARAMS, calibrated_models=(
        ("narrow-cone", (PARAMS.reference_unrelated, PARAMS.reference_translation)),))
    assert holes(align_versions(texts, squeezed, "squeezed", model="narrow-cone", params=as_reference)) == []


def test_parameters_in_model_units():
    """A model whose cosines are the reference's halved and moved up by 0.5: every level and cost follows."""
    u, t = PARAMS.reference_unrelated, PARAMS.reference_translation
    assert PARAMS.in_model_units(u, t) is PARAMS
    moved = PARAMS.in_model_units(0.5 + u / 2, 0.5 + t / 2)
    assert moved.anchor_match_similarity == pytest.approx(0.5 + PARAMS.anchor_match_similarity / 2)
    assert moved.confidence_midpoint == pytest.approx(0.5 + PARAMS.confidence_midpoint / 2)
    assert moved.skip_cost == pytest.approx(PARAMS.skip_cost / 2)
    assert moved.hole_scale == pytest.approx(PARAMS.hole_scale / 2)
    # A linked pair at cosine c costs (1 - c) in the reference; in the moved model's units, half of that.
    for c in (0.2, 0.7):
        assert 1 - (0.5 + c / 2) + moved.link_offset == pytest.approx((1 - c) / 2)
    assert moved.pivot == PARAMS.pivot and moved.beads == PARAMS.beads


def test_every_parameter_declares_its_unit_and_every_similarity_moves_with_the_model():
    """No list of names to forget (issue 27): each field says whether it is a cosine level, a cost or difference, a
    plain number or derived; every level and every difference, whatever its name, moves when the model's scale does,
    and nothing else does."""
    from dataclasses import fields

    from unalign.aligning.params import DERIVED, DIFFERENCE, LEVEL, PLAIN

    assert {f.metadata["unit"] for f in fields(PARAMS)} <= {LEVEL, DIFFERENCE, PLAIN, DERIVED}
    u, t = PARAMS.reference_unrelated, PARAMS.reference_translation
    moved = PARAMS.in_model_units(0.5 + u / 2, 0.5 + t / 2)
    for f in fields(PARAMS):
        before, after = getattr(PARAMS, f.name), getattr(moved, f.name)
        if f.metadata["unit"] == LEVEL:
            assert after == pytest.approx(0.5 + before / 2), f.name
        elif f.metadata["unit"] == DIFFERENCE:
            assert after == pytest.approx(before / 2), f.name
        elif f.metadata["unit"] == PLAIN:
            assert after == before, f.name
    # Every similarity threshold of the sentence level is among them.
    assert fields(PARAMS)[[f.name for f in fields(PARAMS)].index("sentence_diagonal_min_similarity")].metadata[
        "unit"] == LEVEL


def test_a_config_value_missing_or_of_the_wrong_type_is_one_line_naming_it():
    import copy

    from unalign import settings
    from unalign.aligning.params import params_from_config
    from unalign.model import UnalignError

    config = copy.deepcopy(settings.defaults())
    assert params_from_config(config) == PARAMS
    del config["align"]["skip_cost"]
    with pytest.raises(UnalignError, match=r"config/defaults.toml: \[align\] skip_cost is missing"):
        params_from_config(config)
    config = copy.deepcopy(settings.defaults())
    config["sentences"]["diagonal_min_similarity"] = "high"
    with pytest.raises(UnalignError, match=r"\[sentences\] diagonal_min_similarity = 'high' is not a float"):
        params_from_config(config)


def test_numbers_in_any_script_are_the_same_numbers():
    from unalign.aligning.numbers import numbers_in

    assert numbers_in("٣- يتعين ٢٠٣٠") == numbers_in("۳- ۲۰۳۰") == numbers_in("３．２０３０") == numbers_in("3. 2030")
    assert numbers_in("三、此项特别协定应以安全理事会之主动，尽速议订。") == {3}
    assert numbers_in("第十二条 任何人") == {12} and numbers_in("（二）") == {2}
    assert numbers_in("Whereas recognition of the inherent dignity") == frozenset()


def test_a_heading_merged_into_the_paragraph_before_it_can_write_its_number_anywhere():
    from unalign.aligning.numbers import numbers_in, numbers_written

    merged = "人人有权享有生命、自由和人身安全。 第四条"  # the UDHR's article 3 with article 4's heading
    assert numbers_in(merged) == frozenset() and numbers_written(merged) == {4}
    assert numbers_written("5.c Aprobar y fortalecer políticas. Objetivo 6. Garantizar la disponibilidad") == {5, 6}


def test_a_repeated_line_is_an_extra_of_its_language_and_the_first_copy_stays_linked():
    from unalign.aligning.drafts import Draft, Version
    from unalign.aligning.repair import detach_repeats

    base = topics(3)
    en = Version(paragraphs("en", 3), base)
    ar_texts = [Paragraph("ar", k, text) for k, text in enumerate(["alif", "ba", "ba", "ta"])]
    ar = Version(tuple(ar_texts), np.vstack([base[0], base[1], base[1], base[2]]))
    versions = {"en": en, "ar": ar}
    took_both = [Draft({"en": [0], "ar": [0]}), Draft({"en": [1], "ar": [1, 2]}), Draft({"en": [2], "ar": [3]})]
    expected = [Draft({"en": [0], "ar": [0]}), Draft({"en": [1], "ar": [1]}), Draft({"ar": [2]}),
                Draft({"en": [2], "ar": [3]})]
    assert detach_repeats(took_both, versions) == expected
    linked_second = [Draft({"en": [0], "ar": [0]}), Draft({"ar": [1]}), Draft({"en": [1], "ar": [2]}),
                     Draft({"en": [2], "ar": [3]})]
    assert detach_repeats(linked_second, versions) == expected


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_best_path_is_as_cheap_as_the_plain_reference_dp(data):
    """best_path against tests/reference_dp.py (one cell and one bead at a time, every cost from its definition) on
    random small cases: related and unrelated vectors, addresses equal, different or absent, random lengths, full and
    narrow bands. Both must find a path of the same, least cost, and best_path's path must be a real path."""
    from tests.reference_dp import path_cost, reference_path

    m = data.draw(st.integers(1, 7))
    seed = data.draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    rows = topics(m, seed=seed)
    # The columns translate the rows, damaged: each row kept, dropped, merged with the next, split in two, or
    # preceded by an unrelated paragraph, so that every bead shape has cases where it is the cheapest.
    parts, r = [], 0
    while r < m:
        kind = data.draw(st.sampled_from(["keep", "drop", "merge", "split", "insert"]))
        if kind == "merge" and r + 1 < m:
            parts.append(rows[r] + rows[r + 1])
            r += 2
            continue
        if kind == "split":
            half = rng.normal(size=DIM).astype(np.float32) / np.sqrt(DIM)
            parts += [rows[r] / 2 + half, rows[r] / 2 - half]
        elif kind == "insert":
            parts += [topics(1, seed=seed + r + 1)[0], rows[r]]
        elif kind == "keep":
            parts.append(rows[r])
        r += 1
    parts = parts or [topics(1, seed=seed + 99)[0]]
    columns = translated(normalise(np.array(parts, np.float32)), seed)
    n = len(columns)
    row_lengths = rng.uniform(0.2, 2.0, m).astype(np.float32)
    column_lengths = rng.uniform(0.2, 2.0, n).astype(np.float32)
    row_lengths, column_lengths = row_lengths / row_lengths.sum(), column_lengths / column_lengths.sum()
    labels = ("", "", "1", "2", "3")
    row_addresses = tuple(labels[k] for k in rng.integers(0, len(labels), m))
    column_addresses = tuple(labels[k] for k in rng.integers(0, len(labels), n))
    if data.draw(st.booleans()):
        lo, hi = full_band(m, n)
    else:  # a band that keeps (0, 0) and (m, n) connected: each row's columns start no later than the last row's end
        width = data.draw(st.integers(0, n))
        diagonal = np.round(np.arange(m + 1) * n / m).astype(int)
        lo, hi = np.maximum(diagonal - width, 0), np.minimum(diagonal + width, n)
        lo[0], hi[-1] = 0, n
        lo = np.minimum(lo, np.concatenate([[0], hi[:-1]]))
    params = replace(PARAMS, address_bonus=data.draw(st.sampled_from([0.0, 0.25])))
    expected, _ = reference_path(rows, columns, row_lengths, column_lengths, row_addresses, column_addresses,
                                 lo, hi, params)
    beads, _ = best_path(Side(rows, row_lengths, row_addresses), Side(columns, column_lengths, column_addresses),
                         lo, hi, params)
    assert sum(dr for dr, _ in beads) == m and sum(dc for _, dc in beads) == n
    found = path_cost(rows, columns, row_lengths, column_lengths, row_addresses, column_addresses, beads, params)
    assert found == pytest.approx(expected, abs=1e-4)


def test_a_language_align_versions_does_not_know_is_an_error():
    """Never dropped silently (it was: {'en', 'de'} gave an alignment of English alone that passed the partition
    check)."""
    from unalign.model import UnalignError

    vectors = topics(2)
    paragraphs = {lang: tuple(Paragraph(lang, i, f"Paragraph {i}.") for i in range(2)) for lang in ("en", "de")}
    with pytest.raises(UnalignError, match="unknown language code 'de'"):
        align_versions(paragraphs, {"en": vectors, "de": vectors})


def _windows_as_they_were(vectors, lengths, address_ids, sizes):
    """dp.windows before its norms and addresses were apart (for the test below)."""
    n = len(vectors)
    cum_l = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    numbered = bool(address_ids.any())
    norms = {}
    total = np.asarray(vectors, np.float32)
    squares = np.empty(total.shape, np.float32)
    for size in range(1, min(max(sizes, default=0), n) + 1):
        if size > 1:
            total = np.add(total[:-1], vectors[size - 1:], out=np.empty((n - size + 1, *total.shape[1:]), np.float32))
        if size in sizes:
            norms[size] = np.sqrt(np.add.reduce(np.multiply(total, total, out=squares[:len(total)]), axis=-1))
    out = {}
    for size in sizes:
        norm = np.ones(n + 1, np.float32)
        length = np.ones(n + 1, np.float64)
        addr = np.zeros(n + 1, dtype=np.int64)
        if size <= n:
            found = norms[size]
            norm[size:] = np.where(found == 0, 1, found)
            length[size:] = cum_l[size:] - cum_l[:n + 1 - size]
            for offset in range(size - 1, -1, -1) if numbered else ():
                ids = address_ids[offset:n - size + 1 + offset]
                addr[size:] = np.where(ids != 0, ids, addr[size:])
        out[size] = (norm, length.astype(np.float32), addr)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_window_norms_kept_on_a_side_are_the_windows_computed_afresh(seed):
    """A side's window norms and lengths are computed once and kept on it (dp.window_norms: a version is the columns
    of several DPs); asked size by size or all at once, they are the bits dp.windows gives, and dp.windows those it
    gave before its norms and addresses were apart (zero vectors, windows longer than the side, no address)."""
    from unalign.aligning.dp import window_norms, windows

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 12))
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors[rng.random(n) < 0.2] = 0
    lengths = rng.random(n).astype(np.float32)
    ids = rng.integers(0, 3, n) * (rng.random() < 0.7)
    sizes = {1, 2, 3, 4} if seed % 2 else {1, 3}
    before, now = _windows_as_they_were(vectors, lengths, ids, sizes), windows(vectors, lengths, ids, sizes)
    kept = Side(vectors, lengths, ("",) * n)
    for size in sorted(sizes):
        window_norms(kept, {size})
    for size in sizes:
        assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(before[size], now[size]))
        assert all(np.array_equal(a, b) for a, b in zip(window_norms(kept, sizes)[size], now[size][:2]))
