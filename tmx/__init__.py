"""Write and read TMX 1.4b translation memories."""

from tmx.model import TranslationUnit
from tmx.writing import write_tmx

__all__ = ["TranslationUnit", "write_tmx"]
