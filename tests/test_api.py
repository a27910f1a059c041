"""The public API (`import unalign`, align/api.py): what a script does with it gives what `unalign align` gives."""

import re
from pathlib import Path

import pytest

import unalign
from tests.conftest import CORPORA, unalign_here


@pytest.fixture(scope="module")
def udhr(cache_dir):
    return unalign.align(CORPORA / "udhr", unalign.Options(level="both", cache_dir=cache_dir))


def test_a_script_aligns_walks_and_writes_what_the_command_writes(udhr, tmp_path, cache_dir):
    assert len(udhr.units) == 92 and udhr.alignment.languages == ("ar", "zh", "en", "fr", "ru", "es")
    article_1 = next(u for u in udhr.units if u.text("en").startswith("All human beings are born free"))
    assert article_1.text("fr").startswith("Tous les êtres humains naissent libres") and not article_1.missing
    assert sum(len(u.paragraphs["fr"]) for u in udhr.units) == len(udhr.document.paragraphs["fr"])
    assert len(udhr.sentences.units) == 95
    audit = unalign.write(udhr, tmp_path / "api")
    assert audit.signature == unalign.Options(level="both", cache_dir=cache_dir).signature()
    command = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "cli"), "--cache-dir",
                           str(cache_dir))
    assert command.returncode == 0, command.stderr
    for name in ("udhr.tmx", "udhr.sentences.tmx"):
        def units(folder: Path) -> str:
            return re.sub(r' creationdate="[^"]*"', "", (folder / name).read_text(encoding="utf-8"))
        assert units(tmp_path / "api") == units(tmp_path / "cli")


def test_bad_input_is_one_unalign_error_naming_the_path(tmp_path):
    (tmp_path / "notes.txt").write_text("no language in this name", encoding="utf-8")
    with pytest.raises(unalign.UnalignError, match=str(tmp_path)):
        unalign.align(tmp_path)
    with pytest.raises(AttributeError):
        unalign.no_such_function


def test_options_default_to_what_the_command_does():
    """`Options().level` was 'paragraph' while the command (and `unalign.align(path)`) wrote both levels (issue 53)."""
    from unalign.options import RunOptions

    assert unalign.Options().level == "both"
    assert unalign.Options().signature() == RunOptions.parse().signature()  # the command's flags left out


def test_tmx_codes_for_some_languages_complete_from_the_default_profile(udhr, tmp_path, cache_dir):
    """`Options(tmx_codes=(("en", "en-US"),))` ended in a KeyError 'ar' while writing (issue 53): the other
    languages take the default profile's codes, as `--tmx-codes en=en-US` gives them."""
    import dataclasses

    from unalign.options import RunOptions
    from unalign.tmx import read_tmx

    options = unalign.Options(tmx_codes=(("en", "en-US"),), cache_dir=cache_dir)
    assert options.codes == {"ar": "ar-SA", "zh": "zh-CN", "en": "en-US", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}
    assert options.signature() == RunOptions.parse(tmx_codes="en=en-US", cache_dir=cache_dir).signature()
    unalign.write(dataclasses.replace(udhr, options=options), tmp_path)
    header, units = read_tmx(tmp_path / "udhr.tmx")
    first = next(units)
    assert list(first.texts) == ["ar-SA", "zh-CN", "en-US", "fr-FR", "ru-RU", "es-ES"]


@pytest.mark.parametrize("options, flags", [
    ({"level": "foo"}, ["--level", "foo"]),
    ({"pairs": (("en", "xx"),)}, ["--pairs", "en-xx"]),
    ({"pairs": (("fr", "fr"),)}, ["--pairs", "fr-fr"]),
    ({"languages": ("en", "xx")}, ["--langs", "en,xx"]),
    ({"tmx_codes": (("xx", "en-US"),)}, ["--tmx-codes", "xx=en-US"]),
    ({"tmx_codes": (("en", "fr-FR"),)}, ["--tmx-codes", "en=fr-FR"]),
])
def test_options_are_checked_as_the_command_checks_its_flags(tmp_path, options, flags):
    """`Options(level="foo")` and `Options(pairs=(("en", "xx"),))` were taken, and the run wrote outputs (issue 53):
    the same UnalignError, word for word, as the command's one line for the same flag."""
    with pytest.raises(unalign.UnalignError) as raised:
        unalign.Options(**options)
    command = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path), *flags)
    assert command.returncode == 2 and command.stderr == f"unalign: error: {raised.value}\n"
    assert not any(tmp_path.iterdir())
