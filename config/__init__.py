# Data only: per-language conventions and defaults read by unalign.settings. Kept a package so it installs.
