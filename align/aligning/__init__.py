"""Six-way paragraph alignment: one unit, six slots.

Read in this order: `consensus.align_versions` (the entry point: versions aligned one by one against the units of
the others, then repaired and scored), `anchors.banded_path` (anchors and the band around them), `dp.best_path` (the
vecalign-style dynamic programming on vectors), `repair` (neighbouring units joined where one version merged or split
a paragraph), `confidence`. Every number comes from `params.AlignParams`, built once from config/defaults.toml.
"""

from unalign.aligning.consensus import align_versions, check_partition
from unalign.aligning.params import AlignParams, default_params, params_from_config

__all__ = ["AlignParams", "align_versions", "check_partition", "default_params", "params_from_config"]
