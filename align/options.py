"""The options of a run, parsed once, and the signature that records them in every output (as sacrebleu does).

A signature names what shapes a result: the unalign version and a hash of its code (so that an upgrade, or any
change to the code, counts as a different aligner), the model, the languages, the bilingual pairs and the TMX codes
asked for, and a hash of the config files (which hold the aligner's thresholds). Two runs with the same
signature on the same files write the same units; `OutputSet.is_done` counts a document as done only when its audit
carries the signature of the options asked for now.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from unalign import __version__, settings
from unalign.embedding import DEFAULT_MODEL
from unalign.model import UnalignError


def parse_languages(value: str | None) -> tuple[str, ...] | None:
    """The languages of a --langs value such as 'en,fr,ru' (None when not given), each one of the six."""
    if value is None:
        return None
    langs = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    if not langs:
        raise UnalignError(f"--langs: no language in '{value}' (give codes such as en,fr, or leave --langs out for "
                           "all six)")
    check_languages(langs)
    return langs


def check_languages(langs: tuple[str, ...]) -> None:
    """A one-line UnalignError unless every code of `langs` is one of the six."""
    unknown = [lang for lang in langs if lang not in settings.language_order()]
    if unknown:
        raise UnalignError(f"unknown language code '{unknown[0]}' (use: {', '.join(settings.language_order())})")


def check_pair(source: str, target: str, written: str | None = None) -> None:
    """A one-line UnalignError unless (source, target) is a pair of two different languages of the six; `written`
    is the pair as the user wrote it (default "source-target")."""
    order = settings.language_order()
    if not target or source == target or source not in order or target not in order:
        item = written or f"{source}-{target}"
        raise UnalignError(f"--pairs: '{item}' is not a pair of two of {', '.join(order)} such as en-fr, or 'all'")


def language_pairs(spec: str | None) -> list[tuple[str, str]]:
    """The (source, target) pairs of a --pairs value: "en-fr,en-ru", or "all" for the 15 pairs of the six languages.

    In "all", each pair appears once, its source the pivot language (English, config/defaults.toml) when the pair
    has it, else the language that comes first in unalign's order (ar zh en fr ru es).
    """
    order = settings.language_order()
    if not spec:
        return []
    if spec.strip().lower() == "all":
        pivot = settings.defaults()["align"]["pivot"]
        ranked = sorted(order, key=lambda lang: lang != pivot)
        return [(a, b) for i, a in enumerate(ranked) for b in ranked[i + 1:]]
    pairs = []
    for item in (part.strip().lower() for part in spec.split(",") if part.strip()):
        source, _, target = item.partition("-")
        check_pair(source, target, item)
        if (source, target) not in pairs:
            pairs.append((source, target))
    return pairs


LEVELS = ("paragraph", "sentence", "both")  # --level: the memories written (paragraph units, sentence units)


@cache
def config_hash() -> str:
    """The first 12 hex digits of the SHA-256 of the config files (config/*.toml, by name), as installed."""
    try:
        files = [(p.name, p.read_bytes()) for p in resources.files("unalign.config").iterdir()
                 if p.name.endswith(".toml")]
    except ModuleNotFoundError:  # a source tree on sys.path without installation
        files = [(p.name, p.read_bytes()) for p in (Path(__file__).resolve().parent.parent / "config").glob("*.toml")]
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


# What the code hash reads: the source and the files that shape an output (view templates and their script).
_CODE_SUFFIXES = (".py", ".j2", ".js", ".css", ".dtd")


@cache
def code_hash() -> str:
    """The first 12 hex digits of the SHA-256 of unalign's code as it runs (the packages `unalign` and
    `unalign.tmx`, the config apart: `config_hash`): it changes with any edit or upgrade, so outputs of other code are
    aligned again; the same code gives the same hash installed (`unalign.tmx` and `unalign.config` inside `unalign`'s
    folder) or from a checkout (in folders of their own)."""
    import unalign.tmx

    package = Path(__file__).resolve().parent
    return tree_hash({"unalign": package, "unalign.tmx": Path(unalign.tmx.__file__).resolve().parent},
                     leave_out=(package / "config",))


def tree_hash(roots: dict[str, Path], leave_out: tuple[Path, ...] = ()) -> str:
    """The first 12 hex digits of the SHA-256 of every file of `_CODE_SUFFIXES` below each root (by its label and
    the file's path from it), less those below another root inside it or a folder of `leave_out`."""
    digest = hashlib.sha256()
    for label, root in roots.items():
        apart = [folder for folder in (*leave_out, *roots.values()) if folder != root and folder.is_relative_to(root)]
        files = sorted(p for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts
                       and not any(p.is_relative_to(folder) for folder in apart))
        for path in files:
            digest.update(f"{label}/{path.relative_to(root).as_posix()}".encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class RunOptions:
    """What the user asked for, parsed once; jobs carry it to the processes (or machines) that align.

    `languages` None means every language a document has; `tmx_codes` empty means the default profile of
    config/tmx.toml, and codes for some languages only are completed from it; `cache_dir` None with `cache` means the
    default cache folder of the machine that aligns. Made from Python (`unalign.Options`), the fields are checked as
    the command checks its flags: a one-line UnalignError for a value that makes no sense.
    """

    model: str = DEFAULT_MODEL
    languages: tuple[str, ...] | None = None
    pairs: tuple[tuple[str, str], ...] = ()
    tmx_codes: tuple[tuple[str, str], ...] = ()
    cache: bool = True
    cache_dir: Path | None = None
    level: str = "both"  # the memories written: "paragraph", "sentence" or "both" (the command's default too)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise UnalignError(f"--level must be one of {', '.join(LEVELS)}, not '{self.level}'")
        if self.languages is not None:
            check_languages(tuple(self.languages))
        for pair in self.pairs:
            if len(pair) != 2:
                raise UnalignError(f"--pairs: {pair!r} is not a pair (source, target) such as ('en', 'fr')")
            check_pair(*pair)
        if self.tmx_codes:
            object.__setattr__(self, "tmx_codes", tuple(settings.complete_tmx_codes(dict(self.tmx_codes)).items()))

    @classmethod
    def parse(cls, model: str = DEFAULT_MODEL, langs: str | None = None, pairs: str | None = None,
              tmx_codes: str | None = None, cache: bool = True, cache_dir: Path | None = None,
              level: str = "both") -> RunOptions:
        """The options of the command-line values (--model, --langs, --pairs, --tmx-codes, --no-cache, --cache-dir,
        --level); a value that makes no sense is a one-line UnalignError."""
        return cls(model, parse_languages(langs), tuple(language_pairs(pairs)),
                   tuple(settings.tmx_codes(tmx_codes).items()), cache, cache_dir, level)

    @property
    def codes(self) -> dict[str, str]:
        """Language -> the code written to TMX."""
        return dict(self.tmx_codes) or settings.tmx_codes()

    def signature(self) -> str:
        """The signature of outputs made with these options, e.g.
        `unalign:0.1.0|code:9a8b7c6d5e4f|model:usem3|level:both|langs:all|pairs:en-fr|codes:ar=ar-SA,…|config:1f2e3d4c5b6a`."""
        codes = ",".join(f"{lang}={code}" for lang, code in self.codes.items())
        pairs = ",".join(f"{s}-{t}" for s, t in self.pairs) or "none"
        langs = ",".join(self.languages) if self.languages else "all"
        return (f"unalign:{__version__}|code:{code_hash()}|model:{self.model}|level:{self.level}|langs:{langs}|pairs:{pairs}"
                f"|codes:{codes}|config:{config_hash()}")
