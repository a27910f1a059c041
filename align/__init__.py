"""unalign: align the six official-language versions of UN documents paragraph by paragraph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("unalign")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
