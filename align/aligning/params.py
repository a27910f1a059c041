"""The aligner's parameters: one frozen object, built once from config/defaults.toml ([align], [confidence],
[similarity], [sentences]) and passed to every stage, at both levels. Each number is justified in the config beside
it; each field declares in its metadata where config holds it and what unit it is in, so that converting the
parameters to another model's units (`in_model_units`) and reading them from config need no list of names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from unalign import settings


# What a parameter's number means, which says how it moves with a model's similarity scale (in_model_units):
LEVEL = "level"            # a cosine level: moved by the affine map between the model's scale and the reference's
DIFFERENCE = "difference"  # a cost, or a difference of cosines: divided by the map's stretch
PLAIN = "plain"            # a count, a share, a name, a length: the same for every model
DERIVED = "derived"        # set by in_model_units, never read from config
UNITS = (LEVEL, DIFFERENCE, PLAIN, DERIVED)


def _param(unit: str, section: str, key: str, read: Callable[[Any], Any] | None = None, **default: Any) -> Any:
    """A parameter: its unit, and where config/defaults.toml holds it ([section] key; `read` turns the TOML value into
    the field's type)."""
    return field(metadata={"unit": unit, "config": (section, key), "read": read}, **default)  # see settings.setting


def _derived(default: Any) -> Any:
    return field(default=default, metadata={"unit": DERIVED, "config": None, "read": None})


def _beads(value: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(rows), int(columns)) for rows, columns in value)


def _models(value: Any) -> tuple[tuple[str, tuple[float, float]], ...]:
    return tuple(sorted((str(name), (float(pair[0]), float(pair[1]))) for name, pair in value.items()))


@dataclass(frozen=True)
class AlignParams:
    """Everything the aligner needs to know besides the texts, at both levels. Similarities and costs are in the
    units of the reference model (USE v3); `in_model_units` converts every field by the unit it declares."""

    # Progressive consensus
    pivot: str = _param(PLAIN, "align", "pivot")
    refinement_passes: int = _param(PLAIN, "align", "refinement_passes")
    # Anchors
    anchor_min_similarity: float = _param(LEVEL, "align", "anchor_min_similarity")
    anchor_window: int = _param(PLAIN, "align", "anchor_window")
    anchor_match_similarity: float = _param(LEVEL, "align", "anchor_match_similarity")
    anchor_margin: float = _param(DIFFERENCE, "align", "anchor_margin")
    anchor_block_rows: int = _param(PLAIN, "align", "anchor_block_rows")
    # Dynamic programming
    skip_cost: float = _param(DIFFERENCE, "align", "skip_cost")
    beads: tuple[tuple[int, int], ...] = _param(PLAIN, "align", "beads", _beads)
    merge_cost: float = _param(DIFFERENCE, "align", "merge_cost")
    length_weight: float = _param(DIFFERENCE, "align", "length_weight")
    length_floor: float = _param(PLAIN, "align", "length_floor")
    address_bonus: float = _param(DIFFERENCE, "align", "address_bonus")
    address_penalty: float = _param(DIFFERENCE, "align", "address_penalty")
    cost_block_rows: int = _param(PLAIN, "align", "cost_block_rows")
    # Band
    band_min: int = _param(PLAIN, "align", "band_min")
    band_fraction: float = _param(PLAIN, "align", "band_fraction")
    band_growth: float = _param(PLAIN, "align", "band_growth")
    band_max: int = _param(PLAIN, "align", "band_max")
    # Repair passes
    pair_holes_min_similarity: float = _param(LEVEL, "align", "pair_holes_min_similarity")
    absorb_evidence: float = _param(DIFFERENCE, "align", "absorb_evidence")
    half_merged_evidence: float = _param(DIFFERENCE, "align", "half_merged_evidence")
    parts_apart_evidence: float = _param(DIFFERENCE, "align", "parts_apart_evidence")
    number_evidence: float = _param(DIFFERENCE, "align", "number_evidence")
    continuation_evidence: float = _param(DIFFERENCE, "align", "continuation_evidence")
    # Confidence
    confidence_midpoint: float = _param(LEVEL, "confidence", "midpoint")
    confidence_scale: float = _param(DIFFERENCE, "confidence", "scale")
    hole_midpoint: float = _param(DIFFERENCE, "confidence", "hole_midpoint")
    hole_scale: float = _param(DIFFERENCE, "confidence", "hole_scale")
    length_midpoint: float = _param(PLAIN, "confidence", "length_midpoint")  # a log-ratio of lengths
    length_scale: float = _param(PLAIN, "confidence", "length_scale")
    flag_below: float = _param(PLAIN, "confidence", "flag_below")  # a confidence, already on [0, 1]
    # Sentence level ([sentences]): the level above which a paragraph unit's sentences are taken one to one without
    # the aligner, and the evidence above which a sentence unit's hole is read as that language's text being in the
    # neighbouring sentence unit (the two are joined) rather than missing.
    sentence_diagonal_min_similarity: float = _param(LEVEL, "sentences", "diagonal_min_similarity")
    sentence_hole_evidence: float = _param(DIFFERENCE, "sentences", "hole_evidence")
    # Similarity scale: the mean cosine of unrelated paragraphs and of translations, for the reference model (in
    # whose units every level and cost above is given) and for the models calibrated in config; any other model's are
    # measured on each document (similarity.py). These define the map itself: they are not converted.
    reference_unrelated: float = _param(PLAIN, "similarity", "reference_unrelated")
    reference_translation: float = _param(PLAIN, "similarity", "reference_translation")
    scale_samples: int = _param(PLAIN, "similarity", "scale_samples")
    scale_far_apart: float = _param(PLAIN, "similarity", "scale_far_apart")
    scale_window: int = _param(PLAIN, "similarity", "scale_window")
    scale_min_gap: float = _param(PLAIN, "similarity", "scale_min_gap")
    calibrated_models: tuple[tuple[str, tuple[float, float]], ...] = _param(PLAIN, "similarity", "models", _models,
                                                                            default=())
    # Added to the dissimilarity of each paragraph a bead links: 0 in the reference's units (see in_model_units).
    link_offset: float = _derived(0.0)
    # The (unrelated, translation) similarities of the model these parameters were converted to; None while they are
    # in the reference's units.
    model_units: tuple[float, float] | None = _derived(None)

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
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata["unit"] == LEVEL:
                changes[f.name] = unrelated + (value - self.reference_unrelated) / stretch
            elif f.metadata["unit"] == DIFFERENCE:
                changes[f.name] = value / stretch
        changes["link_offset"] = (1 - self.reference_unrelated) / stretch - (1 - unrelated)
        changes["model_units"] = (unrelated, translation)
        return replace(self, **changes)


def params_from_config(config: dict[str, Any], source: str = "config/defaults.toml") -> AlignParams:
    """The parameters in a parsed config/defaults.toml (`source` names it in errors): each field read from the
    [section] key its metadata names. A key missing or of the wrong type is a one-line UnalignError."""
    return settings.from_config(AlignParams, config, source)


@cache
def default_params() -> AlignParams:
    """The parameters of config/defaults.toml."""
    return params_from_config(settings.defaults())
