"""unalign: align the six official-language versions of UN documents paragraph by paragraph and sentence by sentence.

The public API (align/api.py):

    import unalign
    result = unalign.align("corpora/udhr")                 # a folder with one file per language
    for unit in result.units:                              # paragraph units, in document order
        print(unit.address, round(unit.confidence, 2), unit.missing, unit.text("fr")[:60])
    unalign.write(result, "out/")                          # udhr.tmx, udhr.sentences.tmx, udhr.audit.json, udhr.html

`unalign.find(folder)` lists the documents of a folder of many; `unalign.Options(level="paragraph", pairs=...)`
holds the command's options; `Unit`, `Alignment`, `Document` and `UnalignError` are the types they use.
"""

_API = {"align": "api", "write": "api", "find": "api", "Result": "api", "Options": "options",
        "Unit": "model", "Alignment": "model", "Document": "model", "UnalignError": "model"}
__all__ = sorted(_API)

from unalign._version import __version__  # noqa: E402  (the version pyproject.toml reads)


def __getattr__(name: str):
    """The API's names, found on first use: the command's worker processes import this package, and must not pay
    for the aligner's imports before they start their work."""
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module = import_module(f"{__name__}.{_API[name]}")
    return getattr(module, "RunOptions" if name == "Options" else name)
