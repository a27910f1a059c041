"""A PDF's text layer put right where its producer wrote wrong ToUnicode maps, from the fonts it embeds.

Ghostscript's pdfwrite (`ps2pdf`) rewrites the ToUnicode maps of the TrueType and CID-keyed CFF subsets it embeds
and gets Cyrillic, Arabic and much Chinese wrong (`декларация` read `89:;4@4F8я` by any reader, pdftotext
included), and the subsets keep no character map of their own. They keep the glyphs, mostly under the glyph numbers
of the font they were cut from. Where that font is installed here (found by its PostScript name in the usual font
folders), each code whose glyph draws as the installed font's glyph of that number (or, in a subset numbered anew,
as one of its glyphs, looked for where the map gives what the font cannot draw) is checked against it: a code mapped
to a character the font draws otherwise gets the character the font's map draws with that glyph, and a contextual
form or ligature mapped to what the font cannot draw (or to another script) gets the text its GSUB substitutions
make it of. Map entries written a byte late (`à` as <61030000>) are read back in any font. A right map is left as
it is (no other producer's PDF here changes), and nothing changes where the font is not installed. One thing no map
can say: a font's own kashida (Amiri's between a lam and a kaf) is drawn with a typed tatweel's glyph; for the fonts
put right, the letters between which the font puts one are returned with the PDF, for the reader to tell them."""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from pathlib import Path

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


def without_subset_prefix(name: str) -> str:
    """A font's name less the tag of six capitals that marks a subset (`ABCDEF+Amiri-Regular` -> `Amiri-Regular`)."""
    return _SUBSET_PREFIX.sub("", name)


TATWEEL = "\u0640"
CONNECTOR = "\x1f"  # what a rebuilt map gives a font's own kashida: a control code, which the reader drops

# Code points that share a glyph with a unified one and are never what a text means (Kangxi and CJK radicals,
# compatibility ideographs): taken only when the font offers nothing else.
_SHARED_GLYPH_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


# Where fonts are installed (Linux, macOS, Windows).
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/Library/Fonts",
              "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts")


@functools.lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[str, int]]:
    """PostScript name -> (file, face index) of the fonts installed here, from the fonts' own names in the usual
    folders (the same 362 as fontconfig's fc-list lists on this project's machines; empty where there are none)."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    fonts: dict[str, tuple[str, int]] = {}
    for folder in (Path(d).expanduser() for d in _FONT_DIRS):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            suffix = path.suffix.lower()
            if suffix not in (".ttf", ".otf", ".ttc", ".otc"):
                continue
            try:
                faces = TTCollection(str(path), lazy=True).fonts if suffix in (".ttc", ".otc") \
                    else [TTFont(str(path), lazy=True)]
                for index, face in enumerate(faces):
                    name = face["name"].getDebugName(6) if "name" in face else None
                    if name:
                        fonts.setdefault(name, (str(path), index))
            except (TTLibError, OSError, KeyError, AssertionError):
                continue  # a file fontTools cannot read is no font to read a map through
    return fonts


def _font_name(font) -> str:
    """A pikepdf font dictionary's font name, less its subset tag."""
    return without_subset_prefix(str(font.get("/BaseFont", ""))[1:])


def installed_font(name: str) -> tuple[str, int] | None:
    """The installed font a PDF names (less its subset tag): by its PostScript name, else by that name's letters and
    figures alone, a regular face's `Regular` implied (WeasyPrint names Noto Naskh Arabic `Noto-Naskh-Arabic` and its
    bold `Noto-Naskh-Arabic-Bold`); None when none is installed."""
    fonts = installed_fonts()
    return fonts[name] if name in fonts else _fonts_by_letters().get(_name_letters(name))


@functools.lru_cache(maxsize=1)
def _fonts_by_letters() -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for name, where in installed_fonts().items():
        found.setdefault(_name_letters(name), where)
    return found


def _name_letters(name: str) -> str:
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    return letters.removesuffix("regular")


def _is_shared(code_point: int) -> bool:
    return any(low <= code_point <= high for low, high in _SHARED_GLYPH_RANGES)


@functools.lru_cache(maxsize=16)
def glyph_texts(path: str, index: int) -> tuple[dict[str, tuple[str, ...]], object, dict[int, str]]:
    """For an installed font: glyph name -> the characters its character map draws with it (the one a text means
    first), the font itself (fontTools TTFont) and its character map. A collection's faces that share its glyphs
    (Noto CJK: one face per region) lend their maps too: a subset named for one region may hold another's glyphs."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    cmap = dict(font.getBestCmap())
    if Path(path).suffix.lower() in (".ttc", ".otc"):
        from fontTools.ttLib import TTCollection

        for face in TTCollection(path, lazy=True).fonts:
            if face.getGlyphOrder() == font.getGlyphOrder():
                for code_point, glyph in face.getBestCmap().items():
                    cmap.setdefault(code_point, glyph)
    texts: dict[str, list[str]] = {}
    for code_point, glyph in sorted(cmap.items(), key=lambda item: (_is_shared(item[0]), item[0])):
        texts.setdefault(glyph, []).append(chr(code_point))
    return {glyph: tuple(found) for glyph, found in texts.items()}, font, cmap


@functools.lru_cache(maxsize=16)
def substituted(path: str, index: int) -> dict[str, str]:
    """For an installed font: the text of each glyph its GSUB table makes of others by single or ligature
    substitution (a contextual form, a ligature, a stretched tatweel), learnt until nothing more is."""
    texts, font, _ = glyph_texts(path, index)
    known = {glyph: characters[0] for glyph, characters in texts.items()}
    if "GSUB" not in font or not font["GSUB"].table.LookupList:
        return {}
    made: list[tuple[tuple[str, ...], str]] = []  # (glyphs replaced, glyph made)
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in _subtables(lookup):
            if type(sub).__name__ == "SingleSubst":
                made.extend(((source,), target) for source, target in sub.mapping.items())
            elif type(sub).__name__ == "LigatureSubst":
                made.extend(((first, *ligature.Component), ligature.LigGlyph)
                            for first, ligatures in sub.ligatures.items() for ligature in ligatures)
    formed: dict[str, str] = {}
    learnt = True
    while learnt:
        learnt = False
        for sources, target in made:
            if target not in known and all(source in known for source in sources):
                known[target] = formed[target] = "".join(known[source] for source in sources)
                learnt = True
    return formed


def _subtables(lookup) -> list:
    """A GSUB lookup's subtables, an extension lookup's (type 7) unwrapped."""
    return [sub.ExtSubTable if lookup.LookupType == 7 else sub for sub in lookup.SubTable]


Letters = frozenset[str] | None  # the letters that may stand there; None: any
Kashida = tuple[str, str, Letters, Letters]  # between letters a and b, with those before a and after b


def _is_mark_coverage(coverage, known: dict[str, str]) -> bool:
    """Whether a rule's coverage holds marks only (the harakat a chained rule passes over)."""
    return all(unicodedata.category(known.get(g, "a")[:1] or "a") == "Mn" for g in coverage.glyphs)


def _form_contexts(lookups, known: dict[str, str]) -> dict[str, tuple[Letters, Letters]]:
    """For each glyph form that chained rules make (Amiri's `uni0628.medi_BaaRaaFina`, a beh before a final reh):
    the letters that stand before it and after it in those rules (None where a rule does not say). A form that a
    lookup no chained rule calls makes too (a feature's, `medi`) is in none."""
    befores: dict[str, set[str] | None] = {}
    afters: dict[str, set[str] | None] = {}
    called = {record.LookupListIndex for lookup in lookups for sub in _subtables(lookup)
              if type(sub).__name__ == "ChainContextSubst" for record in getattr(sub, "SubstLookupRecord", [])}
    direct = {form for number, lookup in enumerate(lookups) if number not in called for sub in _subtables(lookup)
              if type(sub).__name__ == "SingleSubst" for form in sub.mapping.values()}

    def letters(coverage) -> set[str]:
        return {known[g] for g in coverage.glyphs if len(known.get(g, "")) == 1}

    for lookup in lookups:
        for sub in _subtables(lookup):
            if type(sub).__name__ != "ChainContextSubst" or sub.Format != 3 or not sub.InputCoverage:
                continue
            inputs = sub.InputCoverage
            for record in sub.SubstLookupRecord:
                at = record.SequenceIndex
                earlier = [c for c in reversed(inputs[:at]) if not _is_mark_coverage(c, known)] + \
                    [c for c in sub.BacktrackCoverage if not _is_mark_coverage(c, known)]
                later = [c for c in inputs[at + 1:] if not _is_mark_coverage(c, known)] + \
                    [c for c in sub.LookAheadCoverage if not _is_mark_coverage(c, known)]
                before = letters(earlier[0]) if earlier else None
                after = letters(later[0]) if later else None
                for made in _subtables(lookups[record.LookupListIndex]):
                    if type(made).__name__ != "SingleSubst":
                        continue
                    for glyph in inputs[at].glyphs:
                        if (form := made.mapping.get(glyph)) is None:
                            continue
                        for found, context in ((befores, before), (afters, after)):
                            if context is None or form in found and found[form] is None:
                                found[form] = None
                            else:
                                found[form] = found.get(form, set()) | context

    def frozen(letters: set[str] | None) -> Letters:
        return frozenset(letters) if letters is not None else None
    return {form: (frozen(befores[form]), frozen(afters[form])) for form in befores if form not in direct}


@functools.lru_cache(maxsize=16)
def inserted_tatweels(path: str, index: int) -> frozenset[Kashida]:
    """For an installed font: where its GSUB puts a tatweel the text does not hold (Amiri's decorative kashida
    between a lam and a kaf): a chained contextual rule whose lookup turns the first letter's form into that form and
    a glyph whose text is a tatweel. Each as the two letters, and the letters that must stand before the first and
    after the second where the forms it acts on are made in a context (`الخـبراء`: a khah after an initial letter,
    a beh before a final reh; `البحـث`, a typed tatweel, is no such place)."""
    texts, font, _ = glyph_texts(path, index)
    if "GSUB" not in font or not font["GSUB"].table.LookupList:
        return frozenset()
    known = {glyph: characters[0] for glyph, characters in texts.items()} | substituted(path, index)
    tatweel = font.getBestCmap().get(ord(TATWEEL), "")

    def is_tatweel(glyph: str) -> bool:  # (a kashida that lookups only append, no map reaches: Amiri's `uni0640.05`)
        text = known.get(glyph)
        return bool(text) and text.strip(TATWEEL) == "" if text is not None else \
            bool(tatweel) and glyph.split(".")[0] == tatweel

    lookups = font["GSUB"].table.LookupList.Lookup
    appending: dict[int, set[str]] = {}  # lookup -> the glyphs it appends a tatweel to
    for number, lookup in enumerate(lookups):
        for sub in _subtables(lookup):
            if type(sub).__name__ == "MultipleSubst":
                appending.setdefault(number, set()).update(
                    glyph for glyph, made in sub.mapping.items()
                    if len(made) == 2 and made[0] == glyph and is_tatweel(made[1]))
    contexts = _form_contexts(lookups, known)
    places: set[Kashida] = set()
    for lookup in lookups:
        for sub in _subtables(lookup):
            if type(sub).__name__ != "ChainContextSubst" or sub.Format != 3 or not sub.InputCoverage:
                continue
            for record in sub.SubstLookupRecord:
                appended = appending.get(record.LookupListIndex, set())
                following = next((c for c in sub.LookAheadCoverage if not _is_mark_coverage(c, known)), None)
                if following is None:
                    continue
                for first in sub.InputCoverage[0].glyphs:
                    if first not in appended or len(known.get(first, "")) != 1 or \
                            unicodedata.category(known[first]) == "Mn":
                        continue
                    for second in following.glyphs:
                        if len(known.get(second, "")) == 1:
                            places.add((known[first], known[second], contexts.get(first, (None, None))[0],
                                        contexts.get(second, (None, None))[1]))
    return frozenset(places)


def is_inserted_tatweel(places: frozenset[Kashida], before: str, first: str, second: str, after: str) -> bool:
    """Whether a font puts a tatweel of its own between letters `first` and `second` (`before` and `after` them:
    the letters around, or "")."""
    return any(a == first and b == second and (ahead is None or before in ahead) and (behind is None or after in behind)
               for a, b, ahead, behind in places)


def _drawing(glyph, glyph_set=None) -> tuple:
    """A glyph's drawing as its pen moves, components drawn in, rounded to font units: alike for the same outline
    in any subset."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    pen = DecomposingRecordingPen(glyph_set or {})
    glyph.draw(pen)
    return tuple((operator, tuple((round(x), round(y)) for x, y in points)) for operator, points in pen.value)


def _outline_key(font, glyph: str):
    """What identifies a glyph's outline in a whole font: its drawing; None when the font lacks the glyph."""
    glyph_set = font.getGlyphSet()
    return _drawing(glyph_set[glyph], glyph_set) if glyph in glyph_set else None


_BF_CHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BF_RANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]*)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def read_to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's code -> text (bfchar entries, and bfrange entries by start value or by array)."""
    text = cmap.decode("latin-1")
    mapping: dict[int, str] = {}
    for section in _BF_CHAR.findall(text):
        values = _HEX.findall(section)
        for code, target in zip(values[0::2], values[1::2]):
            mapping[int(code, 16)] = _utf16(target)
    for section in _BF_RANGE.findall(text):
        for line in re.findall(r"<[^\n]*", section):
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            low, high = int(values[0], 16), int(values[1], 16)
            if "[" in line:
                for code, target in zip(range(low, high + 1), values[2:]):
                    mapping[code] = _utf16(target)
            else:
                start = bytes.fromhex(values[2])
                for offset, code in enumerate(range(low, high + 1)):
                    last = int.from_bytes(start[-2:], "big") + offset
                    mapping[code] = _utf16((start[:-2] + last.to_bytes(2, "big")).hex())
    return mapping


def code_bytes(cmap: bytes) -> int:
    """How many bytes a ToUnicode CMap's codes take (its first code space range: one for a simple font)."""
    found = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", cmap)
    return max(1, len(found.group(1)) // 2) if found else 2


def write_to_unicode(mapping: dict[int, str], width: int = 2) -> bytes:
    """A ToUnicode CMap of code -> text, each code `width` bytes."""
    digits = 2 * width
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", f"<{0:0{digits}X}> <{256 ** width - 1:0{digits}X}>", "endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{code:0{digits}X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _subset_outlines(descendant, program: bytes, codes) -> tuple[str, dict[int, object]] | None:
    """For the two kinds of subset that carry no character map, TrueType by glyph number (CIDToGIDMap Identity)
    and CID-keyed CFF: its kind and each code's outline key (`_outline_key`); None for any other font."""
    from fontTools.ttLib import TTFont

    kind = str(descendant.get("/Subtype"))
    if kind == "/CIDFontType2" and str(descendant.get("/CIDToGIDMap", "/Identity")) == "/Identity":
        # Ghostscript's subsets of Typst's fonts keep more advance widths than glyphs: fontTools says so, and reads on.
        logging.getLogger("fontTools.ttLib.tables._h_m_t_x").setLevel(logging.ERROR)
        subset = TTFont(io.BytesIO(program), lazy=True)
        if "cmap" in subset:
            return None
        order = subset.getGlyphOrder()
        return "truetype", {code: _outline_key(subset, order[code]) for code in codes if code < len(order)}
    if kind == "/CIDFontType0":
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(program), None)
        top = cff[cff.fontNames[0]]
        if getattr(top, "ROS", ("", "", 0))[1] != "Identity":
            return None
        names = (f"cid{code:05d}" for code in codes)
        return "cff", {code: _drawing(top.CharStrings[name]) for code, name in zip(codes, names)
                       if name in top.CharStrings}
    return None


def _installed_glyph(font, kind: str, code: int) -> str | None:
    if kind == "cff":
        return f"cid{code:05d}"
    order = font.getGlyphOrder()
    return order[code] if code < len(order) else None


def corrected_maps(document) -> list[tuple[object, dict[int, str], int]]:
    """Each font of a pikepdf document whose ToUnicode map is wrong (written a byte late, or contradicted by its
    installed font), with the map put right (code -> text) and its codes' width in bytes."""
    corrected = []
    seen = set()
    for page in document.pages:
        for font in _page_fonts(page):
            if font.objgen in seen or font.objgen == (0, 0) or "/ToUnicode" not in font:
                continue  # (a font written inline has no number to find it again by)
            seen.add(font.objgen)
            cmap = font.ToUnicode.read_bytes()
            old = read_to_unicode(cmap)
            # (a noncharacter, XeLaTeX's text for the missing-glyph box: PDFium reads some other text there)
            fixed = {code: "\ufffd" if text == "\uffff" else _unshifted(text) or text for code, text in old.items()}
            if str(font.get("/Subtype")) == "/Type0":
                fixed = _corrected_map(font, fixed) or fixed
            # (after: the outline repair takes a map whose text its font cannot draw for a subset numbered anew;
            # before a mark's glyph given its cluster's text is read as the mark: Ghostscript's rewrite of WeasyPrint
            # maps the damma `أ⍏`)
            fixed = {code: (_unrepeated(text) or text) if text == old.get(code) else text for code, text in fixed.items()}
            if str(font.get("/Subtype")) in ("/Type0", "/TrueType"):
                fixed = _completed_map(font, fixed) or fixed
            if fixed != old:
                corrected.append((font, fixed, code_bytes(cmap)))
    return corrected


def _unshifted(text: str) -> str | None:
    """The letters of a map's text that Ghostscript wrote a byte late (`à`, a and a combining grave, as <61030000>,
    read 愃; `fi` as <66006900>, read 昀椀), or None for any other text."""
    raw = text.encode("utf-16-be", errors="surrogatepass")
    if len(raw) < 4 or raw[-1] != 0 or all(c.isascii() for c in text):
        return None
    shifted = (b"\x00" + raw[:-1]).decode("utf-16-be", errors="replace").rstrip("\x00")
    if shifted and shifted[0].isascii() and shifted[0].isalpha() and all(
            c.isascii() and c.isalpha() or 0x300 <= ord(c) <= 0x36F for c in shifted):
        return unicodedata.normalize("NFC", shifted)
    return None


def _unrepeated(text: str) -> str | None:
    """The characters of a map's text that Ghostscript wrote with the low byte of each repeated as the high byte of
    the next (a shadda and kasra ligature, U+0651 U+0650, as <06515150>, read ّ児), or None for any other text: the
    later characters are put back in the first one's block where none of them is of the first one's script."""
    units = [ord(c) for c in text]
    if len(units) < 2 or any(u > 0xFFFF for u in units) or \
            any(u >> 8 != previous & 0xFF for previous, u in zip(units, units[1:])):
        return None
    block = units[0] & 0xFF00
    mended = chr(units[0]) + "".join(chr(block | (u & 0xFF)) for u in units[1:])
    if any(_script(c) == _script(text[0]) for c in text[1:]) or \
            not all(unicodedata.category(c)[0] in "LM" and _script(c) == _script(text[0]) for c in mended):
        return None
    return mended


def _page_fonts(page) -> list:
    """The font dictionaries of a pikepdf page's resources (none where it has no resources or fonts)."""
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    return list(fonts.values()) if fonts is not None else []


def _corrected_map(font, old: dict[int, str]) -> dict[int, str] | None:
    """One Type0 font's ToUnicode map (`old`, as read) put right from its installed font, or None (nothing to put
    right)."""
    # (by its PostScript name only: a map that WeasyPrint wrote, its font named otherwise, is read as it is)
    where = installed_fonts().get(_font_name(font))
    if where is None or str(font.get("/Encoding")) != "/Identity-H":
        return None
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor")
    programs = [descriptor[key] for key in ("/FontFile2", "/FontFile3") if descriptor is not None and key in descriptor]
    if not programs:
        return None
    from fontTools import agl

    subset = _subset_outlines(descendant, programs[0].read_bytes(), sorted(old))
    if subset is None:
        return None
    kind, subset_keys = subset
    path, index = where
    texts, installed, cmap = glyph_texts(path, index)
    # A subset numbered anew (Typst's) is read by outline where its map gives what the font cannot draw; when it
    # does so anywhere, its forms are read by outline everywhere: such a map also gives a letter for the kashida
    # Amiri puts between a lam and a kaf (ps2pdf's map of Typst's Amiri: ل).
    unreadable = {code for code in subset_keys if kind == "truetype" and any(ord(c) not in cmap for c in old[code])}
    fixed = dict(old)
    for code, drawing in subset_keys.items():
        if not drawing:
            continue  # a space, or a glyph the subset left empty, tells nothing
        text = old[code]
        glyph = _installed_glyph(installed, kind, code)
        by_outline = glyph is None or not _alike(_outline_key(installed, glyph), drawing)
        if by_outline:
            glyph = _glyph_drawn(path, index, drawing) if unreadable else None
            if glyph is None:
                continue
        if glyph in texts:  # a glyph the font draws a character with
            if _means(text, texts[glyph]) or _is_shared(ord(texts[glyph][0])):  # (a radical tells no ideograph)
                continue
            if by_outline and code not in unreadable:  # found by its outline only: letters share forms (Arabic
                continue  # and Persian yeh), so a letter the font draws stands
            # The map's character may be drawn alike (Typst's Cyrillic В, drawn with Latin B's glyph).
            mapped = cmap.get(ord(text)) if len(text) == 1 and not _is_shared(ord(text)) else None
            if mapped is None or not _alike(_outline_key(installed, mapped), drawing):
                fixed[code] = _letters(texts[glyph][0])
        else:  # a form or ligature: the text of the glyphs the font made it of (`uni0640.3`: three tatweels)
            formed = substituted(path, index).get(glyph) or agl.toUnicode(glyph)
            if formed and all(ord(c) in cmap for c in formed) and _foreign(text, formed, cmap) \
                    and not _modifier_look_alike(text, tuple(formed)):
                fixed[code] = formed
    for code, text in fixed.items():
        # A kashida the map gives the letter it stretches (Ghostscript copies a cluster's text to each of its
        # glyphs: Amiri's خ of الخبراء, then a kashida) is the font's, no typed tatweel: the producer maps those
        # to U+0640.
        if text and set(text) == {TATWEEL} and len(old[code]) == 1 and _script(old[code]) == "ARABIC" and \
                unicodedata.category(old[code]) == "Lo":
            fixed[code] = CONNECTOR
    return fixed if fixed != old else None


def _completed_map(font, old: dict[int, str]) -> dict[int, str] | None:
    """A font's map (`old`) with each code it leaves out or maps to nothing, though the page draws it, given the text
    of its glyph in the installed font, found by outline; None when there is no such code or none is found. Simple
    TrueType fonts: the codes with a width between FirstChar and LastChar; LibreOffice's kashida justification draws
    the tatweel's glyph under a code its map leaves out, which PDFium and pdftotext read as the code itself (`مختلLLف`):
    such a glyph, typed by nobody, is `CONNECTOR`. Type0 fonts of a TrueType subset by glyph number: the codes mapped
    to nothing, or a mark's to its cluster's text (WeasyPrint's Noto Naskh, where a cluster `أُ` came first, maps the
    damma to `أُ` and the alef with hamza to nothing: every such alef was read as nothing, every damma as `أُ`)."""
    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).get("/FontDescriptor")
    if descriptor is None or "/FontFile2" not in descriptor:
        return None
    type0 = str(font.get("/Subtype")) == "/Type0"
    if type0:
        descendant = font.DescendantFonts[0]
        if str(descendant.get("/Subtype")) != "/CIDFontType2" or \
                str(descendant.get("/CIDToGIDMap", "/Identity")) != "/Identity":
            return None
        # (and a mark's glyph given its cluster's text: WeasyPrint's damma, mapped `أُ`, read so over every letter)
        missing = [code for code, text in old.items() if len(text) != 1 or _unmapped(text)]
    elif "/FirstChar" in font and "/Widths" in font:
        first = int(font.FirstChar)
        missing = [first + k for k, width in enumerate(font.Widths) if float(width) > 0 and first + k not in old]
    else:
        return None
    where = installed_font(_font_name(font))
    if not missing or where is None:
        return None
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)  # LibreOffice's subsets are dated 0
    subset = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()), lazy=True)
    if type0:
        order = subset.getGlyphOrder()
        by_code = {code: order[code] for code in missing if code < len(order)}
    elif "cmap" in subset and subset["cmap"].tables:
        table = subset["cmap"].tables[0].cmap  # a symbolic subset's codes may stand at U+F000 and on
        by_code = {code: table.get(code) or table.get(0xF000 + code) for code in missing}
    else:
        return None
    glyph_set = subset.getGlyphSet()
    path, index = where
    texts, whole, cmap = glyph_texts(path, index)
    kashida = cmap.get(ord(TATWEEL))
    fixed = dict(old)
    for code in missing:
        glyph = by_code.get(code)
        drawing = _drawing(glyph_set[glyph], glyph_set) if glyph in glyph_set else None
        if type0:  # only where the subset keeps the font's glyph numbers (WeasyPrint's, and Ghostscript's rewrite of
            # it): Typst numbers its glyphs anew and maps a cluster's text to each, which the reader reads by position
            same = _installed_glyph(whole, "truetype", code)
            installed = same if drawing and same and _alike(_outline_key(whole, same), drawing) else None
        else:  # (the tatweel's glyph first: the whole font's outlines take a second to index)
            installed = (kashida if kashida and _alike(_outline_key(whole, kashida), drawing) else
                         _glyph_drawn(path, index, drawing)) if drawing else None
        text = ((texts.get(installed) or ("",))[0] or substituted(path, index).get(installed, "")) if installed else ""
        if not _unmapped(old.get(code, "")):  # a cluster's text (a ligature's letters stay): only its mark, where the
            # glyph is that mark
            if len(text) == 1 and unicodedata.category(text) == "Mn" and text in old[code] and \
                    any(unicodedata.category(c)[0] == "L" for c in old[code]):
                fixed[code] = text
        elif text and set(text) == {TATWEEL}:
            fixed[code] = CONNECTOR
        elif text and not any(unicodedata.mirrored(c) for c in text):  # (a bracket's glyph stands for either)
            fixed[code] = "".join(_letters(c) for c in text)
    return fixed if fixed != old else None


def _unmapped(text: str) -> bool:
    """A map's text that gives nothing: none, or control codes (Ghostscript writes WeasyPrint's nothing as U+0000)."""
    return all(unicodedata.category(c) == "Cc" for c in text)


@functools.lru_cache(maxsize=4)
def _glyphs_by_drawing(path: str, index: int) -> dict[tuple, list[tuple[str, tuple]]]:
    """An installed TrueType font's glyphs (name, drawing) by their drawing moved to start at the origin (`_anchored`):
    for a subset whose glyphs were numbered anew. Built only for a map that gives what its font cannot draw (Amiri:
    6,782 glyphs, about 2 s)."""
    font = glyph_texts(path, index)[1]
    glyph_set = font.getGlyphSet()
    found: dict[tuple, list[tuple[str, tuple]]] = {}
    for name in font.getGlyphOrder():
        drawing = _drawing(glyph_set[name], glyph_set)
        found.setdefault(_anchored(drawing), []).append((name, drawing))
    return found


def _glyph_drawn(path: str, index: int, drawing: tuple) -> str | None:
    """The installed font's glyph with this outline (`_alike`: moved by a unit or two, as a subsetter may), or None."""
    return next((name for name, whole in _glyphs_by_drawing(path, index).get(_anchored(drawing), ())
                 if _alike(whole, drawing)), None)


def _start(drawing: tuple) -> tuple[int, int]:
    return next((points[0] for _, points in drawing if points), (0, 0))


def _anchored(drawing: tuple) -> tuple:
    """A drawing moved so that its first point is the origin."""
    x0, y0 = _start(drawing)
    return tuple((operator, tuple((x - x0, y - y0) for x, y in points)) for operator, points in drawing)


def _alike(whole, subset, shift: int = 2) -> bool:
    """The same outline, moved by at most `shift` font units (a subsetter may move a glyph reaching left of its
    origin by a unit)."""
    if not whole or len(whole) != len(subset):
        return False
    (x0, y0), (x1, y1) = _start(whole), _start(subset)
    return abs(x1 - x0) <= shift and abs(y1 - y0) <= shift and _anchored(whole) == _anchored(subset)


def _foreign(text: str, formed: str, cmap: dict[int, str]) -> bool:
    """A map's text for a form cannot be what the font made it of: a character the font cannot draw, a radical
    for a regional ideograph, or another script's character (`×` for a Chinese form of 取)."""
    if any(ord(c) not in cmap for c in text):
        return True
    if formed and set(formed) == {TATWEEL} and TATWEEL not in text:  # a kashida's glyph given a letter
        return True
    if len(text) != 1 or len(formed) != 1 or text == formed:
        return False
    return _is_shared(ord(text)) or _script(text) != _script(formed)


def _script(character: str) -> str:
    return unicodedata.name(character, "").split(" ")[0]


def _letters(character: str) -> str:
    """A presentation form's letters (`ﬁ` -> `fi`, an Arabic ligature's letters); any other character as it is."""
    if unicodedata.decomposition(character).startswith(("<compat>", "<isolated>", "<initial>", "<medial>", "<final>")):
        return unicodedata.normalize("NFKC", character)
    return character


def _modifier_look_alike(text: str, characters: tuple[str, ...]) -> bool:
    """Whether a map's punctuation mark is drawn with a glyph the font makes of spacing modifier letters only (U+02B0
    to U+02FF): those letters take the look of the marks they come from, and one glyph draws both (Noto Sans CJK
    Bold's proportional form of the glyph it draws `ʻ` and `‘` with was read `ʻ`, the first: ps2pdf's Chinese
    `Wa’il Da‘bul` read `Daʻbul`). The mark the map gives stands."""
    return len(text) == 1 and unicodedata.category(text).startswith("P") and \
        all(0x2B0 <= ord(c) <= 0x2FF for c in characters)


def _means(text: str, characters: tuple[str, ...]) -> bool:
    """A map's text for a glyph agrees with the characters the font draws with it (a ligature's letters, or a
    compatibility form's, agree too; a radical sharing an ideograph's glyph does not)."""
    if len(text) == 1 and _is_shared(ord(text)):
        return False
    normal = unicodedata.normalize("NFKC", text)
    return any(text == c or normal == unicodedata.normalize("NFKC", c) for c in characters)


def repaired(path: Path) -> tuple[Path | bytes, dict[str, frozenset[Kashida]]]:
    """The PDF as is (its path), or its bytes with every ToUnicode map its installed fonts contradict put right; and
    for each font whose map was put right (by name, less its subset prefix), the letters between which that font
    puts a tatweel the text does not hold (`inserted_tatweels`): a map cannot tell it from a typed one, the same
    glyph. XeLaTeX's maps (xdvipdfmx's) give it a tatweel too where the text has typed ones, which Amiri draws with
    the same glyphs (`الـكونغو` read), so there every font counts; Typst's give it no text."""
    try:
        import pikepdf
    except ImportError:
        return path, {}
    try:
        with pikepdf.open(path) as document:
            corrected = corrected_maps(document)
            tatweels = {}
            names = {_font_name(font) for font, _, _ in corrected}
            if "xdvipdfmx" in str(document.docinfo.get("/Producer", "")).lower():
                # (only a font whose map gives a tatweel: its installed font's rules are read for nothing else, and a
                # CJK font's take seconds)
                names |= {_font_name(font) for page in document.pages for font in _page_fonts(page)
                          if "/ToUnicode" in font and any(TATWEEL in text for text in
                                                          read_to_unicode(font.ToUnicode.read_bytes()).values())}
            for name in names:
                where = installed_font(name)
                if where is not None and (pairs := inserted_tatweels(*where)):
                    tatweels[name] = pairs
            if not corrected:
                return path, tatweels
            for font, mapping, width in corrected:
                font.ToUnicode = document.make_stream(write_to_unicode(mapping, width))
            out = io.BytesIO()
            document.save(out)
            return out.getvalue(), tatweels
    except Exception:  # noqa: BLE001  (a file pikepdf cannot read is PDFium's to judge, as before)
        return path, {}
