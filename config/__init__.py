# Data only: per-language conventions and defaults read by unalign.align.settings. Kept a package so it installs.
