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
