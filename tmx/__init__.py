"""Write and read TMX 1.4b translation memories."""

from unalign.tmx.model import TranslationUnit
from unalign.tmx.reading import TmxError, TmxHeader, read_tmx
from unalign.tmx.writing import seg_text, write_tmx

__all__ = ["TmxError", "TmxHeader", "TranslationUnit", "read_tmx", "seg_text", "write_tmx"]
