"""Repair passes after the DP: before a hole is reported, the readings that explain it better are tried.

- `pair_holes`: two neighbours whose languages complement each other (a hole on each side at the same place) are one
  poorly matched unit more often than a paragraph dropped next to one added.
- `absorb_merged`: a unit lacking one language whose text is inside a neighbour's (that version merged two
  paragraphs), or a paragraph of one language alone that completes a neighbour's text (that version split one).
- `undo_false_merges`: paragraphs the DP took for two units merged that translate only one of them: holes after all.
- `detach_repeats`: a line pasted twice in one language is that language's extra.

The evidence compares texts read as one (`JoinedTexts`): the real joined text embedded when an embedding callback is
given, else sums of paragraph vectors weighted by length; a text of several sentences is also read cut at each
sentence end (`sentence_gain`), since a joined text's vector is drawn to its longer sentence; numbers that tell two
readings apart count too."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable

import numpy as np

from unalign.aligning.anchors import banded_path
from unalign.aligning.dp import Side, normalise
from unalign.aligning.drafts import Draft, Version, drafts_side
from unalign.aligning.numbers import label_starts, numbers_in, numbers_written, printed_form
from unalign.aligning.params import AlignParams
from unalign.embedding import Encode
from unalign.sentences import sentence_spans

# Per unit: language -> its paragraph indices (every language, possibly empty); language -> its text's vector.
Groups = list[dict[str, list[int]]]
UnitVectors = list[dict[str, np.ndarray]]


def pair_holes(drafts: list[Draft], versions: dict[str, Version], params: AlignParams) -> list[Draft]:
    """Join two neighbouring units whose languages complement each other ("General Assembly" in five languages,
    then "大 会" alone) when their texts are at least pair_holes_min_similarity alike.

    The DP leaves such a pair as two holes when the translation scores worse than two skips. The joined unit keeps
    its low similarity, so its confidence stays low and a person is asked to look. Then a unit of one language alone
    may go further, to any unit lacking that language around it (`_place_lone`).
    """
    out: list[Draft] = []
    for draft in drafts:
        if out:
            last = out[-1]
            langs_a = {lang for lang, idx in last.members.items() if idx}
            langs_b = {lang for lang, idx in draft.members.items() if idx}
            if langs_a.isdisjoint(langs_b) and len(langs_a | langs_b) <= len(versions):
                vec_a, vec_b = (normalise(sum(versions[lang].group_vector(idx) for lang, idx in d.members.items()
                                              if idx)) for d in (last, draft))
                if float(vec_a @ vec_b) >= params.pair_holes_min_similarity:
                    out[-1] = Draft({**last.members, **{k: v for k, v in draft.members.items() if v}})
                    continue
        out.append(draft)
    return _place_lone(out, versions, params)


def _place_lone(drafts: list[Draft], versions: dict[str, Version], params: AlignParams) -> list[Draft]:
    """A unit of one language's paragraphs alone, among units that lack that language, goes into the one of them its
    text matches best, when at least pair_holes_min_similarity: the language's order holds, since none of the units
    it passes has that language (a free Arabic line beside an English one deleted before it). Changes `drafts`."""
    def vector(draft: Draft) -> np.ndarray:
        return normalise(sum(versions[lang].group_vector(idx) for lang, idx in draft.members.items() if idx))

    k = 0
    while k < len(drafts):
        langs = [lang for lang, idx in drafts[k].members.items() if idx]
        gap: list[int] = []
        if len(langs) == 1:
            for step in (-1, 1):
                j = k + step
                while 0 <= j < len(drafts) and not drafts[j].members.get(langs[0]):
                    gap.append(j)
                    j += step
        if gap:
            text = vector(drafts[k])
            similarity, target = max((float(text @ vector(drafts[j])), j) for j in gap)
            if similarity >= params.pair_holes_min_similarity:
                drafts[target] = Draft({**drafts[target].members, langs[0]: drafts[k].members[langs[0]]})
                del drafts[k]
                continue
        k += 1
    return drafts


def absorb_merged(drafts: list[Draft], versions: dict[str, Version], params: AlignParams,
                  reader: JoinedTexts | None = None) -> list[Draft]:
    """Join a unit to its neighbour when the two read as one unit whose paragraph one version merged or split:
    a unit lacking at most half of the languages, most of whose missing texts are inside the same neighbour's
    (`merge_evidence` above absorb_evidence; the weakest of them is the evidence), or fewer (one at least), each
    above half_merged_evidence (or all of them above it, into the units on both sides: the three are one); or a
    paragraph of one language alone that completes the neighbour's text in that language (`split_evidence`), with
    evidence above absorb_evidence."""
    k = 0
    while k < len(drafts):
        groups = [{lang: d.members.get(lang, []) for lang in versions} for d in drafts[max(0, k - 1):k + 2]]
        here = 1 if k > 0 else 0
        vectors = group_vectors(groups, versions)
        missing = [lang for lang in versions if not groups[here][lang]]
        best, both_sides = None, False
        if missing and len(vectors[here]) >= len(missing):
            # Most missing languages must read as merged into the same neighbour (a block merged in two languages
            # at once tears the others' second paragraph off with two holes); a language that does not is a hole
            # inside the merged block (a paragraph of it deleted where two others merged it with the next). Half of
            # them will do when each of those reads as merged by more than half_merged_evidence (one merged, one
            # deleted: "Everyone has the right to a nationality." merged in Russian, lost in English), since a short
            # paragraph deleted in two languages can read as merged into a neighbour on its subject, by little. So
            # will fewer: one merged, two deleted (where a version merged two paragraphs, the others' deletion of one
            # of them is inside that block).
            found = [merge_evidence(here, lang, groups, vectors, versions, params, reader,
                                    frozenset(missing) - {lang}) for lang in missing]
            merged = [f for f in found if f is not None and f[0] > params.absorb_evidence]
            sides = {f[1] for f in merged}
            if len(sides) == 1 and (2 * len(merged) > len(missing) or min(merged)[0] > params.half_merged_evidence):
                best = min(merged)
            elif len(sides) == 2 and len(merged) == len(missing) and min(merged)[0] > params.half_merged_evidence:
                # Every missing language merged it, some into the unit before and some into the one after ("Agenda
                # item 42" run into the paragraph before it in English, into the one after it in Russian): the
                # three units are one block.
                best, both_sides = min(merged), True
        elif len(vectors[here]) == 1 and len(versions) > 2:
            best = split_evidence(here, next(iter(vectors[here])), groups, vectors, versions, params, reader)
        if best is not None and best[0] > params.absorb_evidence:
            first, last = (k - 1, k + 1) if both_sides else sorted((k, k - 1 if best[1] < here else k + 1))
            members = {lang: [i for d in drafts[first:last + 1] for i in d.members.get(lang, [])] for lang in versions}
            drafts = drafts[:first] + [Draft({lang: v for lang, v in members.items() if v})] + drafts[last + 1:]
            k = first
        else:
            k += 1
    return drafts


def group_vectors(groups: Groups, versions: dict[str, Version]) -> UnitVectors:
    """Per unit, the vector of each present language's text."""
    return [{lang: versions[lang].group_vector(idx) for lang, idx in g.items() if idx} for g in groups]


class JoinedTexts:
    """Reads units' texts as one text each: by the sum of their paragraphs' vectors (weighted by length), or, given
    `embed_texts` (texts -> one vector per text), by embedding the real joined text, as vecalign embeds
    concatenations. The DP always uses sums; the repairs use the real text when they can."""

    def __init__(self, versions: dict[str, Version], embed_texts: Encode | None = None):
        self.versions = versions
        self.embed_texts = embed_texts

    def text(self, lang: str, indices: list[int]) -> str:
        return " ".join(self.versions[lang].paragraphs[i].text for i in indices)

    def numbers(self, lang: str, indices: list[int]) -> frozenset[int]:
        """The numbers written in these paragraphs, in any script."""
        return frozenset().union(*(numbers_in(self.versions[lang].paragraphs[i].text) for i in indices))

    def joined(self, parts: dict[str, list[int]], weighted: dict[str, list[list[int]]] | None = None) -> np.ndarray:
        """The normalised sum over languages of each language's text read as one (paragraph indices per language)."""
        langs = [lang for lang, idx in parts.items() if idx]
        if self.embed_texts is not None:
            multi = [lang for lang in langs if len(parts[lang]) > 1]
            embedded = dict(zip(multi, normalise(np.asarray(self.embed_texts(
                [self.text(lang, parts[lang]) for lang in multi]), np.float32)))) if multi else {}
            return normalise(sum(embedded[lang] if lang in embedded else self.versions[lang].vectors[parts[lang][0]]
                                 for lang in langs))
        return normalise(sum(self.versions[lang].group_vector(parts[lang]) for lang in langs))


def merge_evidence(k: int, lang: str, groups: Groups, vectors: UnitVectors, versions: dict[str, Version],
                   params: AlignParams, reader: JoinedTexts | None = None,
                   merged_too: frozenset[str] = frozenset()) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k's `lang` text is merged into a neighbour's rather than missing, or None.

    For each neighbour that has `lang` text, compare how well that text matches the neighbour alone and the neighbour
    joined with unit k (the other languages). Evidence is the gain: above 0 the join matches better. Without a
    `reader` that embeds text, the join is the sum of the vectors weighted by length. Numbers count too
    (_number_support): the numbers unit k's languages agree on, written or not in the neighbour's `lang` text.
    `merged_too`: other languages unit k lacks, left out of the comparison (their text is merged as `lang`'s is).
    """
    left_out = merged_too | {lang}
    def others(x: int) -> tuple[np.ndarray, float]:
        langs = [other for other in vectors[x] if other not in left_out]
        length = float(np.mean([versions[o].lengths[groups[x][o]].sum() for o in langs])) if langs else 0.0
        return normalise(sum(vectors[x][o] for o in langs)), length

    if not vectors[k]:
        return None
    hole, hole_length = others(k)
    hole_numbers = _shared_numbers(reader, groups[k], lang) if reader else frozenset()
    hole_label = _shared_label(reader, groups[k], lang) if reader else frozenset()
    hole_printed = _shared_printed_label(reader, groups[k], lang) if reader else ""

    def gain(x: int) -> float:
        if all(o in left_out for o in vectors[x]):
            return float("-inf")  # nothing left to compare with
        if hole_label and not hole_label <= numbers_written(reader.text(lang, groups[x][lang])):
            return float("-inf")  # a paragraph merged into another keeps its number: this text did not take it in
        if hole_printed and _shared_printed_label(reader, groups[x], "") \
                and hole_printed not in printed_form(reader.text(lang, groups[x][lang])):
            return float("-inf")  # 6.b, printed alike by every version here, is not in this version's text
        return similarity_gain(x) + (_number_support(reader, lang, groups[x][lang], groups[k], groups[x], params)
                                     if reader and hole_numbers else 0.0)

    def similarity_gain(x: int) -> float:
        if reader is not None and reader.embed_texts is not None:
            text = reader.joined({lang: groups[x][lang]})
            first, last = sorted((k, x))
            both = {o: groups[first][o] + groups[last][o] for o in vectors[x] if o not in left_out}
            alone = {o: groups[x][o] for o in vectors[x] if o not in left_out}
            joined_gain = float(text @ reader.joined(both)) - float(text @ reader.joined(alone))
            missing_part = {o: groups[k][o] for o in vectors[k] if o not in left_out}
            by_sentence = sentence_gain(reader, lang, groups[x][lang], missing_part, alone, missing_first=k < x)
            return joined_gain if by_sentence is None else max(joined_gain, by_sentence)
        text, (alone, length) = vectors[x][lang], others(x)
        return float(text @ normalise(length * alone + hole_length * hole)) - float(text @ alone)

    return _best_neighbour(k, lang, vectors, gain)


_CUTS = 4  # sentence ends tried by sentence_gain


def sentence_gain(reader: JoinedTexts, lang: str, indices: list[int], missing_part: dict[str, list[int]],
                  beside: dict[str, list[int]], missing_first: bool) -> float | None:
    """How clearly the `lang` text of `indices` reads as two parts, one translating `missing_part` and the other
    `beside` (the other languages' texts of a unit lacking `lang` and of the neighbour holding it), or None when
    that text is one sentence. At the best cut between its sentences (the part on `missing_part`'s side first when
    `missing_first`), the lower of the two margins: how much better each part matches its own side than the other.

    A joined text's vector is drawn to its longer sentence ("Everyone has the right to a nationality. No one shall
    be arbitrarily deprived of his nationality…" matches the second paragraph alone better than both), so a merge of
    a short paragraph is seen only sentence by sentence."""
    if reader.embed_texts is None:
        return None
    text = reader.text(lang, indices)
    starts = [start for start, _ in sentence_spans(text, lang)][1:]
    # The label the second part opens with in the other languages, where this text prints it too: a heading merged
    # into the paragraph after it ends with no sentence end.
    label = _shared_printed_label(reader, beside if missing_first else missing_part, lang, most=True)
    starts = sorted(set(starts) | set(label_starts(text, label) if label else ()))
    if not starts:
        return None
    # Only the sentence ends nearest to where the other languages' lengths put the cut: a long text is not embedded
    # piece by piece at every one of its sentences.
    lengths = {o: (reader.versions[o].group_length(missing_part[o]), reader.versions[o].group_length(idx))
               for o, idx in beside.items() if missing_part.get(o) and idx}
    shares = [missing / (missing + kept) for missing, kept in lengths.values()]
    if shares:
        at = len(text) * (statistics.median(shares) if missing_first else 1 - statistics.median(shares))
        starts = sorted(sorted(starts, key=lambda start: abs(start - at))[:_CUTS])
    pieces = [(text[:cut].strip(), text[cut:].strip()) for cut in starts]
    vectors = normalise(np.asarray(reader.embed_texts([t for pair in pieces for t in pair]), np.float32))
    missing, kept = reader.joined(missing_part), reader.joined(beside)
    best = float("-inf")
    for c in range(len(pieces)):
        head, tail = vectors[2 * c], vectors[2 * c + 1]
        ours, theirs = (head, tail) if missing_first else (tail, head)
        best = max(best, min(float(ours @ missing - ours @ kept), float(theirs @ kept - theirs @ missing)))
    return best


def split_evidence(k: int, lang: str, groups: Groups, vectors: UnitVectors, versions: dict[str, Version],
                   params: AlignParams, reader: JoinedTexts | None = None) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k, a `lang` paragraph no other version has, is the rest of a neighbour's `lang`
    text split in two: how much better the neighbour's other languages match the two `lang` texts joined than the
    neighbour's `lang` text alone. Numbers count too: a paragraph writing numbers that the neighbour's other languages
    agree on and its own `lang` text lacks gains number_evidence; one writing none of theirs loses it. A piece that
    opens with a small letter and carries on the sentence of the paragraph before it, or that ends with a comma and so
    runs on into the paragraph after it, gains continuation_evidence."""
    extra = vectors[k][lang]
    extra_length = versions[lang].group_length(groups[k][lang])
    extra_numbers = reader.numbers(lang, groups[k][lang]) if reader else frozenset()

    def gain(x: int) -> float:
        continues = params.continuation_evidence if reader is not None and (
            x < k and _continues_sentence(reader, lang, groups[x][lang], groups[k][lang])
            or x > k and _runs_on(reader, lang, groups[k][lang], groups[x][lang])) else 0.0
        if not extra_numbers or reader is None:
            return similarity_gain(x) + continues
        theirs = _shared_numbers(reader, groups[x], lang)
        support = params.number_evidence if extra_numbers & theirs - reader.numbers(lang, groups[x][lang]) else \
            -params.number_evidence if not extra_numbers & theirs else 0.0
        return similarity_gain(x) + support + continues

    def similarity_gain(x: int) -> float:
        if reader is not None and reader.embed_texts is not None:
            rest = reader.joined({o: groups[x][o] for o in vectors[x] if o != lang})
            first, last = sorted((k, x))
            both = reader.joined({lang: groups[first][lang] + groups[last][lang]})
            joined_gain = float(rest @ both) - float(rest @ reader.joined({lang: groups[x][lang]}))
            # Sentence by sentence: each other language's text read as two parts, one translating the piece alone and
            # the other the neighbour's `lang` text (a piece cut from a long paragraph hardly moves its vector).
            found = [sentence_gain(reader, o, groups[x][o], {lang: groups[k][lang]}, {lang: groups[x][lang]},
                                   missing_first=k < x) for o in vectors[x] if o != lang]
            found = [f for f in found if f is not None]
            return joined_gain if not found else max(joined_gain, statistics.median_high(found))
        rest = normalise(sum(v for o, v in vectors[x].items() if o != lang))
        own, length = vectors[x][lang], versions[lang].group_length(groups[x][lang])
        return float(rest @ normalise(length * own + extra_length * extra)) - float(rest @ own)

    return _best_neighbour(k, lang, vectors, gain)


def _continues_sentence(reader: JoinedTexts, lang: str, before: list[int], piece: list[int]) -> bool:
    """Whether the `lang` paragraphs `piece` carry on the sentence of the paragraphs `before` (just before them): the
    piece opens with a small letter, or in a script without capitals (Chinese, Arabic) with a letter, not its label,
    after a paragraph that is no heading; and the sentence rules find no sentence end where the two join (whatever
    letter follows it: a piece in small letters after a full stop is not the sentence's rest)."""
    text = reader.text(lang, piece)
    if before[-1] + 1 != piece[0]:
        return False
    if not text[:1].islower():
        paragraphs = reader.versions[lang].paragraphs
        label = paragraphs[piece[0]].label
        uncased = text[:1].isalpha() and not text[:1].isupper()
        if not uncased or label and text.startswith(label) or paragraphs[before[-1]].kind == "heading":
            return False
    cut = len(reader.text(lang, before)) + 1
    return not any(start == cut for start, _ in sentence_spans(reader.text(lang, before + piece), lang,
                                                                any_start=True))


_COMMAS = (",", "，", "、", "،")


def _runs_on(reader: JoinedTexts, lang: str, piece: list[int], after: list[int]) -> bool:
    """Whether the sentence of the `lang` paragraphs `piece` runs on into the paragraphs `after` (just after them):
    the piece ends with a comma (no paragraph does: a list item ends with a semicolon, a lead-in with a colon) and
    the next paragraph is no heading."""
    paragraphs = reader.versions[lang].paragraphs
    return piece[-1] + 1 == after[0] and reader.text(lang, piece).rstrip().endswith(_COMMAS) and \
        paragraphs[after[0]].kind != "heading"


def _shared_numbers(reader: JoinedTexts, group: dict[str, list[int]], lang: str) -> frozenset[int]:
    """The numbers that more than half of the unit's languages other than `lang` write."""
    written = [reader.numbers(o, idx) for o, idx in group.items() if idx and o != lang]
    if not written:
        return frozenset()
    counts = Counter(n for numbers in written for n in numbers)
    return frozenset(n for n, c in counts.items() if 2 * c > len(written))


def _shared_label(reader: JoinedTexts, group: dict[str, list[int]], lang: str) -> frozenset[int]:
    """The numbers of the label (`Paragraph.label`: "6.1", "12.", "一、") that every one of the unit's languages other
    than `lang`, two at least, prints on its first paragraph; else none (where a version prints no number there, or
    another one, the versions do not number alike, and a version's text without that number says nothing)."""
    labels = {numbers_in(reader.versions[o].paragraphs[idx[0]].label) for o, idx in group.items() if idx and o != lang}
    languages = sum(1 for o, idx in group.items() if idx and o != lang)
    return next(iter(labels)) if len(labels) == 1 and languages >= 2 else frozenset()


def _shared_printed_label(reader: JoinedTexts, group: dict[str, list[int]], lang: str, most: bool = False) -> str:
    """The label with a digit ("6.b", "12.") that every one of the unit's languages other than `lang`, two at least,
    prints alike on its first paragraph (`printed_form`); else ''. With `lang` '', every language of the unit: then
    the versions print their labels alike, so one of them that took in another paragraph took in its label too.
    `most`: the label more than half of them print alike will do (where to look for a cut, not a verdict)."""
    forms = Counter(printed_form(reader.versions[o].paragraphs[idx[0]].label)
                    for o, idx in group.items() if idx and o != lang)
    form, count = forms.most_common(1)[0] if forms else ("", 0)
    alike = 2 * count > sum(forms.values()) if most else len(forms) == 1
    return form if alike and count >= 2 and any(c.isdigit() for c in form) else ""


def _best_neighbour(k: int, lang: str, vectors: UnitVectors, gain: Callable[[int], float]) -> tuple[float, int] | None:
    """(gain, neighbour) for the unit before or after k that has `lang` text and other languages, the higher gain."""
    scored = [(gain(x), x) for x in (k - 1, k + 1)
              if 0 <= x < len(vectors) and lang in vectors[x] and len(vectors[x]) > 1]
    return max(scored) if scored else None


def detach_repeats(drafts: list[Draft], versions: dict[str, Version]) -> list[Draft]:
    """A line repeated in one language (the same text twice in a row, pasted twice) is an extra of that language: the
    second copy leaves the unit that took both and becomes a unit of its own right after it. Where the DP linked the
    second copy and left the first alone, the two trade places, so that the first copy is always the one linked."""
    def same(lang: str, i: int, j: int) -> bool:
        texts = versions[lang].paragraphs
        return " ".join(texts[i].text.split()) == " ".join(texts[j].text.split())

    out: list[Draft] = []
    for draft in (Draft({lang: idx for lang, idx in d.members.items() if idx}) for d in drafts):
        if out and len(out[-1].members) == 1 and len(draft.members) > 1:
            (lang, alone), = out[-1].members.items()
            mine = draft.members.get(lang, [])
            if len(alone) == 1 and mine == [alone[0] + 1] and same(lang, alone[0], mine[0]):
                out[-1] = Draft({**draft.members, lang: alone})
                out.append(Draft({lang: mine}))
                continue
        repeated = [lang for lang, idx in draft.members.items()
                    if len(idx) >= 2 and len(draft.members) > 1 and same(lang, idx[-2], idx[-1])]
        if repeated:
            lang = repeated[0]
            out.append(Draft({**draft.members, lang: draft.members[lang][:-1]}))
            out.append(Draft({lang: draft.members[lang][-1:]}))
        else:
            out.append(draft)
    return out


def undo_false_merges(drafts: list[Draft], versions: dict[str, Version], params: AlignParams,
                      reader: JoinedTexts) -> list[Draft]:
    """Split a unit where a minority of languages hold one paragraph each and every other language the same two or
    more, when each such paragraph reads as the translation of the first part alone or of the last part alone rather
    than of the whole: the DP took a hole next to it for a merge (_part_kept). A part left without a language becomes
    a unit with a hole. (With two parts, one language may keep the first and another the last.)"""
    out: list[Draft] = []
    for draft in drafts:
        members = {lang: idx for lang, idx in draft.members.items() if idx}
        single = [lang for lang, idx in members.items() if len(idx) == 1]
        others = [lang for lang in members if lang not in single]
        if not single or len(others) < 2 or len(single) >= len(others) or \
                len({len(members[o]) for o in others}) != 1:
            out.append(draft)
            continue
        c = len(members[others[0]])
        keeps = {lang: _part_kept(lang, members, others, c, params, reader) for lang in single}
        if None in keeps.values() or (c > 2 and len(set(keeps.values())) > 1):
            out.append(draft)
            continue
        cut = 1 if "first" in keeps.values() else c - 1
        first = {o: members[o][:cut] for o in others}
        last = {o: members[o][cut:] for o in others}
        for lang, keep in keeps.items():
            (first if keep == "first" else last)[lang] = members[lang]
        out.extend([Draft(first), Draft(last)])
    return out


def _part_kept(lang: str, members: dict[str, list[int]], others: list[str], c: int, params: AlignParams,
               reader: JoinedTexts) -> str | None:
    """"first" or "last" when `lang`'s one paragraph translates only that part of the others' c paragraphs: the part
    whose address it carries (else the one its text matches better) matches its real text better than the whole, by
    more than absorb_evidence (or, when it is one sentence where the others' first part ends one, better than the
    other part), and its sentences do not read as both parts (`sentence_gain`). (Numbers do not count here: the part
    is chosen by address, and a version's own numbers may differ, as the Arabic SDG target 4.b's 2030.)"""
    if reader.embed_texts is None:
        return None
    parts = {"first": {o: members[o][:1] for o in others}, "last": {o: members[o][c - 1:] for o in others}}
    text = reader.joined({lang: members[lang]})
    similarity = {name: float(text @ reader.joined(part)) for name, part in parts.items()}
    own = reader.versions[lang].addresses[members[lang][0]]
    by_address = [name for name, part in parts.items()
                  if own and own == Counter(reader.versions[o].addresses[idx[0]] for o, idx in part.items()
                                            ).most_common(1)[0][0]]
    name = by_address[0] if len(by_address) == 1 else max(similarity, key=similarity.get)
    whole = float(text @ reader.joined({o: members[o] for o in others}))
    dropped = "last" if name == "first" else "first"
    both_parts = sentence_gain(reader, lang, members[lang], parts[dropped], parts[name], missing_first=name == "last")
    if similarity[name] - whole <= params.absorb_evidence:
        # A paragraph of one sentence cannot translate two of which the first ends a sentence: a joined text's vector
        # is drawn to its longer sentence, so the whole may match it as well as the part it translates.
        # (Any sentence end counts in it: a small letter after it may start the second paragraph run in.)
        one_for_two = len(sentence_spans(reader.text(lang, members[lang]), lang, any_start=True)) == 1 and \
            _first_ends_sentence(reader, {o: members[o] for o in others}, c - 1 if name == "first" else 1)
        # Nor one whose sentences, cut anywhere, read as apart from the other part (a short paragraph after it
        # lost, as the UDHR article 26's third), nor one that opens with the label every other version prints on the
        # last part (`12.1`: a heading before it lost, not run in).
        apart = both_parts is not None and both_parts < -params.parts_apart_evidence
        label = _shared_printed_label(reader, parts["last"], lang) if name == "last" else ""
        opens_last = bool(label) and printed_form(reader.versions[lang].paragraphs[members[lang][0]].label) == label
        if not apart and not opens_last and \
                (not one_for_two or similarity[name] - similarity[dropped] <= params.absorb_evidence):
            return None
    return None if both_parts is not None and both_parts > params.absorb_evidence else name


def _first_ends_sentence(reader: JoinedTexts, parts: dict[str, list[int]], cut: int) -> bool:
    """Whether, in most languages, a sentence ends where the paragraphs before position `cut` end (the sentence
    rules of unalign.sentences on the joined text)."""
    ends = [any(start == len(reader.text(o, idx[:cut])) + 1 for start, _ in sentence_spans(reader.text(o, idx), o))
            for o, idx in parts.items()]
    return 2 * sum(ends) > len(ends)


def _number_support(reader: JoinedTexts, lang: str, indices: list[int], part: dict[str, list[int]],
                    beside: dict[str, list[int]], params: AlignParams) -> float:
    """number_evidence when the `lang` paragraphs write every number that the languages of `part` agree on and those
    of `beside` do not, minus it when they write none of them; 0 when there is no such number."""
    telling = _shared_numbers(reader, part, lang) - _shared_numbers(reader, beside, lang)
    if not telling:
        return 0.0
    written = reader.numbers(lang, indices)
    return params.number_evidence if telling <= written else -params.number_evidence if not telling & written else 0.0


def refine_blocks(drafts: list[Draft], versions: dict[str, Version], params: AlignParams,
                  reader: JoinedTexts) -> list[Draft]:
    """Cut n:m units along the paragraphs most languages agree on: a unit in which three or more languages (at least
    as many as hold any other count; the finer count on a tie) hold the same c >= 2 paragraphs, each the translation
    of the others' at the same place, is c rows; each other language is aligned to those rows by the DP, and the unit is cut between two rows
    wherever no language's paragraph spans both. A paragraph spans two rows when it reads as both (`_reads_as_both`:
    whole or sentence by sentence; one sentence never spans a heading or a sentence end), whatever the DP took it
    for. So a mixture of a merge, a split and a hole in one unit (the progressive consensus keeps what an earlier
    language merged) is cut where only the merge joins. Then two neighbours, one lacking a language the other holds,
    are read as one block the same way and cut again where that leaves fewer holes: "Everyone has the right to a
    nationality." alone in two languages while two others put theirs into the next unit becomes one unit with two
    holes. (Where a language's paragraph reads as both neighbours, joining them would be right by the gold; it is not
    done: on the intact UDHR it joins "The General Assembly" to the proclamation Chinese runs it into, and the
    reading cross-check then prefers a misread layout.) Without real joined texts to read (`reader` embeds none)
    nothing is changed."""
    if reader.embed_texts is None:
        return drafts
    out = [part for draft in drafts for part in _cut_block(draft.members, versions, params, reader) or [draft]]
    k = 0
    while k + 1 < len(out):
        first, second = ({lang: idx for lang, idx in d.members.items() if idx} for d in out[k:k + 2])
        if first.keys() != second.keys():
            union = {lang: first.get(lang, []) + second.get(lang, []) for lang in first.keys() | second.keys()}
            parts = _cut_block(union, versions, params, reader, fewer_only=True)
            if parts is not None and len(parts) > 1 and _holes(parts, union) < _holes(out[k:k + 2], union):
                out[k:k + 2] = parts
            elif _merged_into(first, second, True, reader, params) or \
                    _merged_into(second, first, False, reader, params):
                out[k:k + 2] = [Draft({lang: union[lang] for lang in versions if lang in union})]
        k += 1
    return out


def _merged_into(lone: dict[str, list[int]], beside: dict[str, list[int]], lone_first: bool, reader: JoinedTexts,
                 params: AlignParams) -> bool:
    """Whether a unit held by a few languages (`lone`, fewer than lack it) is their part of the unit `beside`: most
    of the languages that lack it hold there as many paragraphs as `lone`'s languages hold in both units, or
    paragraphs that read as both units (a merge). Read on the `lone` languages `beside` has too (one at least): a
    `lone` language without it lost its paragraph there."""
    lacking = beside.keys() - lone.keys()
    shared = [lang for lang in lone if lang in beside]
    if not shared or len(lone) >= len(lacking):
        return False
    row = {lang: lone[lang] for lang in shared}
    own = {lang: beside[lang] for lang in shared}
    both = statistics.median_low(len(lone[lang]) + len(beside[lang]) for lang in shared)
    counted = {lang for lang in lacking if len(beside[lang]) == both}
    read = {lang for lang in lacking - counted
            if _reads_as_both(reader, lang, beside[lang], row, own, lone_first, params)}
    held = len(counted) + len(read)
    # Half will do when each language read as holding both also holds more sentences there (a reading gives no
    # evidence to hold to half_merged_evidence, as absorb_merged's do).
    return 2 * held > len(lacking) or 2 * held == len(lacking) and all(
        _more_sentences(reader.versions, beside, lang) for lang in read)


def _more_sentences(versions: dict[str, Version], group: dict[str, list[int]], lang: str) -> bool:
    """Whether the `lang` text of `group` holds more sentences than most of its other languages' texts."""
    def sentences(o: str) -> int:
        return sum(len(sentence_spans(versions[o].paragraphs[i].text, o)) for i in group[o])

    others = [sentences(o) for o, idx in group.items() if idx and o != lang]
    return bool(others) and sentences(lang) > statistics.median_low(others)


def _holes(drafts: list[Draft], union: dict[str, list[int]]) -> int:
    return sum(1 for d in drafts for lang in union if not d.members.get(lang))


def _cut_block(members: dict[str, list[int]], versions: dict[str, Version], params: AlignParams,
               reader: JoinedTexts, fewer_only: bool = False) -> list[Draft] | None:
    """The unit cut between the rows that most of its languages agree on (see refine_blocks): one part when every
    cut is spanned; None when its languages agree on no rows. `fewer_only`: also when the languages that do not
    give the rows all hold one paragraph each (for a single unit, undo_false_merges's case); the same fewer
    paragraphs, two or more, are cut here in any case (article 16's three paragraphs, two in a version that lost the
    first and in one that merged the last two)."""
    members = {lang: idx for lang, idx in members.items() if idx}
    # The count most languages hold; of two as many, the larger (the rows are the finer reading, and a paragraph
    # of the coarser that spans two rows keeps them together).
    counts = sorted(Counter(len(idx) for idx in members.values()).items(), key=lambda item: (-item[1], -item[0]))
    c, held = counts[0]
    if c < 2 or held < 3 or len(counts) == 1 or \
            not fewer_only and len(counts) == 2 and counts[1][0] == 1:
        return None  # c paragraphs against one each: undo_false_merges reads that sentence by sentence
    rows_langs = [lang for lang, idx in members.items() if len(idx) == c]
    for r in range(c):  # a row's paragraphs print one number if any ("Objetivo 5." is no row with 5.1)
        labels = {numbers_in(versions[lang].paragraphs[members[lang][r]].label) for lang in rows_langs}
        if len(labels - {frozenset()}) > 1:
            return None
    vectors = {lang: versions[lang].vectors[members[lang]] for lang in rows_langs}
    for lang in rows_langs:  # each row language's r-th paragraph must match the others' r-th best
        others = normalise(sum(vectors[o] for o in rows_langs if o != lang))
        if not np.array_equal(np.argmax(vectors[lang] @ others.T, axis=1), np.arange(c)):
            return None
    rows = [Draft({lang: [members[lang][r]] for lang in rows_langs}) for r in range(c)]
    side = drafts_side(rows, versions)
    row_of: dict[str, list[tuple[int, list[int]]]] = {}  # language -> (first row, its paragraphs) per bead
    blocked: set[int] = set()  # r: rows r and r + 1 share a paragraph of some language
    for lang, idx in members.items():
        if lang in rows_langs:
            continue
        version = versions[lang]
        columns = Side(version.vectors[idx], version.lengths[idx], tuple(version.addresses[i] for i in idx))
        i = j = 0
        placed: list[tuple[int, list[int]]] = []
        beads = []  # (first row, rows, paragraphs)
        for taken_rows, taken_columns in banded_path(side, columns, params):
            paragraphs = idx[j:j + taken_columns]
            if taken_rows == 2 and paragraphs:
                # The DP's merge of two rows into one paragraph holds only if the paragraph reads as both.
                row_vectors = [side.vectors[i], side.vectors[i + 1]]
                text = reader.joined({lang: paragraphs})
                own = int(text @ row_vectors[1] > text @ row_vectors[0])
                if not _reads_as_both(reader, lang, paragraphs, {o: [members[o][i + 1 - own]] for o in rows_langs},
                                      {o: [members[o][i + own]] for o in rows_langs}, own == 1, params):
                    for r in range(2):
                        beads.append((i + r, 1, paragraphs if r == own else []))
                    placed.append((i + own, paragraphs))
                    i, j = i + taken_rows, j + taken_columns
                    continue
            if taken_columns:
                placed.append((min(i, c - 1) if taken_rows else max(i - 1, 0), paragraphs))
            blocked.update(range(i, i + taken_rows - 1))
            beads.append((i, taken_rows, paragraphs))
            i, j = i + taken_rows, j + taken_columns
        row_of[lang] = placed
        # A row the DP left without this language next to one of its paragraphs that reads as both rows is a merge
        # (a joined text's vector is drawn to its longer sentence, so the DP may take a merge for a hole).
        for b, (first, taken_rows, paragraphs) in enumerate(beads):
            if taken_rows != 1 or paragraphs:
                continue
            for n, before in ((b - 1, True), (b + 1, False)):
                if 0 <= n < len(beads) and beads[n][1] and beads[n][2]:
                    own = range(beads[n][0], beads[n][0] + beads[n][1])
                    if _reads_as_both(reader, lang, beads[n][2], {o: [members[o][first]] for o in rows_langs},
                                      {o: [members[o][r] for r in own] for o in rows_langs}, not before, params):
                        blocked.add(first - 1 if before else first)
    cuts = [r + 1 for r in range(c - 1) if r not in blocked]
    bounds = [0, *cuts, c]
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        part = {lang: members[lang][start:end] for lang in rows_langs}
        for lang, placed in row_of.items():
            mine = [i for row, paragraphs in placed if start <= row < end for i in paragraphs]
            if mine:
                part[lang] = mine
        parts.append(Draft(part))
    return parts


def _reads_as_both(reader: JoinedTexts, lang: str, indices: list[int], row: dict[str, list[int]],
                   own: dict[str, list[int]], row_first: bool, params: AlignParams) -> bool:
    """Whether the `lang` text of `indices`, linked to the other languages' `own` rows, translates the row beside
    them too: read whole, or cut at a sentence end (`sentence_gain`), by more than absorb_evidence."""
    both = {o: row[o] + own[o] if row_first else own[o] + row[o] for o in own}
    by_sentence = sentence_gain(reader, lang, indices, row, own, missing_first=row_first)
    cut = len(next(iter(row.values()))) if row_first else len(next(iter(own.values())))
    first = row if row_first else own
    heading = 2 * sum(reader.versions[o].paragraphs[idx[-1]].kind == "heading" for o, idx in first.items()) > len(first)
    if by_sentence is None and (heading or _first_ends_sentence(reader, both, cut)):
        return False  # one sentence cannot translate two rows of which the first is a heading or ends a sentence
    text = reader.joined({lang: indices})
    gain = float(text @ reader.joined(both)) - float(text @ reader.joined(own))
    return max(gain, by_sentence if by_sentence is not None else gain) > params.absorb_evidence
