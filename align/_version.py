"""The version of unalign: pyproject.toml reads it from here (setuptools' dynamic version), so the command knows it
without looking up the installed distribution (importlib.metadata: 15-25 ms of every run's start)."""

__version__ = "0.1.0"
