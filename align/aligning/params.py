"""The aligner's parameters: one frozen object, built once from config/defaults.toml ([align], [confidence],
[similarity]) and passed to every stage. Each number is justified in the config beside it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any

from unalign.align import settings


@dataclass(frozen=True)
class AlignParams:
    """Everything the aligner needs to know besides the texts. Similarities and costs are in the units of the
    reference model (USE v3); `in_model_units` converts them for another model."""

    # Progressive consensus
    pivot: str
    refinement_passes: int
    # Anchors
    anchor_min_similarity: float
    anchor_window: int
    anchor_match_similarity: float
    anchor_margin: float
    anchor_block_rows: int
    # Dynamic programming
    skip_cost: float
    beads: tuple[tuple[int, int], ...]
    merge_cost: float
    length_weight: float
    length_floor: float
    address_bonus: float
    address_penalty: float
    cost_block_rows: int
    # Band
    band_min: int
    band_fraction: float
    band_growth: float
    band_max: int
    # Repair passes
    pair_holes_min_similarity: float
    absorb_evidence: float
    number_evidence: float
    # Confidence
    confidence_midpoint: float
    confidence_scale: float
    hole_midpoint: float
    hole_scale: float
    flag_below: float
    # Sentence level ([sentences]): the level above which a paragraph unit's sentences are taken one to one without
    # the aligner, and the evidence above which a sentence unit's hole is read as that language's text being in the
    # neighbouring sentence unit (the two are joined) rather than missing.
    sentence_diagonal_min_similarity: float
    sentence_hole_evidence: float
    # Similarity scale: the mean cosine of unrelated paragraphs and of translations, for the reference model (in
    # whose units every level and cost above is given) and for the models calibrated in config; any other model's are
    # measured on each document (similarity.py).
    reference_unrelated: float
    reference_translation: float
    scale_samples: int
    scale_far_apart: float
    scale_window: int
    scale_min_gap: float
    calibrated_models: tuple[tuple[str, tuple[float, float]], ...] = ()
    # Added to the dissimilarity of each paragraph a bead links: 0 in the reference's units (see in_model_units).
    link_offset: float = 0.0
    # The (unrelated, translation) similarities of the model these parameters were converted to; None while they are
    # in the reference's units.
    model_units: tuple[float, float] | None = None

    def model_scale(self, model: str) -> tuple[float, float] | None:
        """(unrelated, translation) mean cosines calibrated for `model`, or None when it is not calibrated."""
        return dict(self.calibrated_models).get(model)

    def in_model_units(self, unrelated: float, translation: float) -> AlignParams:
        """These parameters for a model whose unrelated paragraphs score `unrelated` and translations `translation`.

        As vecalign normalises its costs by the dissimilarity of unrelated text, a model's cosine is read on the
        reference's scale by the affine map that sends the model's unrelated and translation similarities to the
        reference's: cos_ref = u_ref + stretch × (cos - u), stretch = (t_ref - u_ref) / (t - u). Rather than touch
        every similarity, the parameters move the other way: a cosine level T becomes u + (T - u_ref) / stretch, a cost
        or a difference of cosines is divided by stretch, and each linked paragraph's dissimilarity gains
        link_offset = (1 - u_ref) / stretch - (1 - u), so that a DP cost is the reference's divided by stretch.
        """
        if (unrelated, translation) in ((self.reference_unrelated, self.reference_translation), self.model_units):
            return self
        if self.model_units is not None:
            raise ValueError("these parameters are in another model's units already")
        stretch = (self.reference_translation - self.reference_unrelated) / (translation - unrelated)
        levels = ("anchor_min_similarity", "anchor_match_similarity", "pair_holes_min_similarity",
                  "confidence_midpoint", "sentence_diagonal_min_similarity")
        differences = ("anchor_margin", "skip_cost", "merge_cost", "length_weight", "address_bonus",
                       "address_penalty", "absorb_evidence", "number_evidence", "confidence_scale", "hole_midpoint", "hole_scale",
                       "sentence_hole_evidence")
        changes: dict[str, Any] = {name: unrelated + (getattr(self, name) - self.reference_unrelated) / stretch
                                   for name in levels}
        changes |= {name: getattr(self, name) / stretch for name in differences}
        changes["link_offset"] = (1 - self.reference_unrelated) / stretch - (1 - unrelated)
        changes["model_units"] = (unrelated, translation)
        return replace(self, **changes)


def params_from_config(config: dict[str, Any]) -> AlignParams:
    """The parameters in a parsed config/defaults.toml."""
    align, confidence, similarity = config["align"], config["confidence"], config["similarity"]
    sentences = config["sentences"]
    values = {
        **{name: align[name] for name in (
            "pivot", "refinement_passes", "anchor_min_similarity", "anchor_window", "anchor_match_similarity",
            "anchor_margin", "anchor_block_rows", "skip_cost", "merge_cost", "length_weight", "length_floor",
            "address_bonus", "address_penalty", "cost_block_rows", "band_min", "band_fraction", "band_growth", "band_max",
            "pair_holes_min_similarity", "absorb_evidence", "number_evidence")},
        "beads": tuple(tuple(bead) for bead in align["beads"]),
        "confidence_midpoint": confidence["midpoint"], "confidence_scale": confidence["scale"],
        "hole_midpoint": confidence["hole_midpoint"], "hole_scale": confidence["hole_scale"],
        "flag_below": confidence["flag_below"],
        "sentence_diagonal_min_similarity": sentences["diagonal_min_similarity"],
        "sentence_hole_evidence": sentences["hole_evidence"],
        "reference_unrelated": similarity["reference_unrelated"],
        "reference_translation": similarity["reference_translation"],
        **{name: similarity[name] for name in ("scale_samples", "scale_far_apart", "scale_window", "scale_min_gap")},
        "calibrated_models": tuple(sorted((name, tuple(pair)) for name, pair in similarity.get("models", {}).items())),
        "link_offset": 0.0,
        "model_units": None,
    }
    expected = {f.name for f in fields(AlignParams)}
    assert set(values) == expected, set(values) ^ expected
    return AlignParams(**values)


@cache
def default_params() -> AlignParams:
    """The parameters of config/defaults.toml."""
    return params_from_config(settings.defaults())
