"""Write and read TMX 1.4b translation memories."""

from unalign.tmx.model import TmxError, TranslationUnit

_NAMES = {"TmxHeader": "reading", "read_tmx": "reading", "seg_text": "writing",
          "write_tmx": "writing"}
__all__ = sorted([*_NAMES, "TmxError", "TranslationUnit"])


def __getattr__(name: str):
    """The reader's and the writer's names, imported on first use: `unalign align` writes memories and reads none."""
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_NAMES[name]}"), name)
