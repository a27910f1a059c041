# Data only: per-language conventions and defaults read by align.config_data. Kept a package so it installs.
