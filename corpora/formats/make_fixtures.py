"""Build the PDF and Word fixtures in corpora/formats/ from real texts of this corpus, the way UN documents are made.

Each document is written as a flat OpenDocument text (real footnotes at their call sites, a running header with a
document symbol, a running footer with a job number and the page number, automatic hyphenation) and converted by
LibreOffice to PDF and to DOCX. Run from the repository root, with LibreOffice and the Debian packages
fonts-noto-core, fonts-noto-cjk, hyphen-fr, hyphen-en-us, hyphen-es, hyphen-ru installed:

    python corpora/formats/make_fixtures.py

The outputs are committed, so tests need neither LibreOffice nor fonts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import lxml.html

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent
LANGS = ("ar", "zh", "en", "fr", "ru", "es")
LOCALE = {"ar": ("ar", "EG"), "zh": ("zh", "CN"), "en": ("en", "US"), "fr": ("fr", "FR"), "ru": ("ru", "RU"),
          "es": ("es", "ES")}
# Where the extraction of seeds-fr/002 cut a paragraph at a page break: the starts of the second halves.
CUT_CONTINUATIONS = ("à la Convention des Nations Unies contre la criminalité transnationale organisée, les", "Pour ce faire")
SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif" svg:font-family="'Noto Serif'"/>
 <style:font-face style:name="Noto Sans Arabic" svg:font-family="'Noto Sans Arabic'"/>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties style:writing-mode="{mode}" fo:text-align="{align}"/>
  <style:text-properties style:font-name="Noto Serif" fo:font-size="11pt" fo:language="{lang}" fo:country="{country}"
   style:font-name-complex="Noto Sans Arabic" style:font-size-complex="11pt" style:language-complex="{lang}"
   style:country-complex="{country}" style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="11pt"
   style:language-asian="{lang}" style:country-asian="{country}"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm" fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties fo:font-size="8.5pt" style:font-size-complex="8.5pt" style:font-size-asian="8.5pt"/>
 </style:style>
 <style:style style:name="Running" style:family="paragraph">
  <style:paragraph-properties>
   <style:tab-stops><style:tab-stop style:position="10cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-size="9pt" style:font-size-complex="9pt" style:font-size-asian="9pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.2cm"
   fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="{mode}"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Running">{symbol}</text:p></style:header>
  <style:footer><text:p text:style-name="Running">{job}<text:tab/><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""


def paragraph(text: str, style: str = "Body") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def note(number: str, text: str) -> str:
    return (f'<text:note text:id="ftn{number}" text:note-class="footnote"><text:note-citation>{number}'
            f'</text:note-citation><text:note-body>{paragraph(escape(text), "Footnote")}</text:note-body></text:note>')


def udhr_body(lang: str) -> str:
    """The UDHR page of `lang`: the title and article headings as headings, every <p> as a body paragraph."""
    root = lxml.html.document_fromstring((CORPORA / "udhr" / f"{lang}.html").read_text(encoding="utf-8"))
    out = []
    for element in root.iter("h1", "h2", "h3", "p"):
        text = escape(" ".join(element.text_content().split()))
        out.append(paragraph(text, "Body" if element.tag == "p" else "Heading"))
    return "\n".join(out)


def resolution_body() -> str:
    """Resolution 11/2 (seeds-fr/002) with its footnotes put back at their call sites, as in the printed document."""
    text = (CORPORA / "seeds-fr" / "002_f3b888b5a1b4d630.txt").read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text).replace("*", "")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    footnotes = {}
    for block in blocks:
        m = re.match(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+(.*)$", block, re.S)
        if m:
            footnotes[m.group(1).translate(SUPERSCRIPTS)] = m.group(2)
    body, pending = [], ""
    for position, block in enumerate(blocks):
        if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s", block):
            continue
        if pending:  # a paragraph the extraction cut at a page break
            block, pending = pending + " " + block, ""
        following = next((b for b in blocks[position + 1:] if not re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s", b)), "")
        if following.startswith(CUT_CONTINUATIONS):
            pending = block
            continue
        marked = re.sub(r"([¹²³⁴⁵⁶⁷⁸⁹⁰]+)", lambda m: "\0" + m.group(1).translate(SUPERSCRIPTS) + "\0", block)
        parts = marked.split("\0")
        xml = "".join(note(part, footnotes[part]) if i % 2 else escape(part) for i, part in enumerate(parts))
        heading = len(block) < 40 and not block.endswith((".", ";", ":", ","))
        body.append(paragraph(xml, "Heading" if heading else "Body"))
    return "\n".join(body)


def build(name: str, lang: str, body: str, symbol: str, job: str, out: Path, work: Path) -> None:
    rtl = lang == "ar"
    code, country = LOCALE[lang]
    fodt = work / f"{lang}.fodt"
    fodt.write_text(TEMPLATE.format(mode="rl-tb" if rtl else "lr-tb", align="end" if rtl else "start", lang=code,
                                    country=country, symbol=escape(symbol), job=escape(job), body=body),
                    encoding="utf-8")
    for fmt, filt in (("pdf", "pdf:writer_pdf_Export"), ("docx", "docx:MS Word 2007 XML")):
        target = out / fmt / name
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["soffice", "--headless", "--convert-to", filt, "--outdir", str(work), str(fodt)],
                       check=True, capture_output=True)
        shutil.move(work / f"{lang}.{fmt}", target / f"{lang}.{fmt}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for lang in LANGS:
            build("udhr", lang, udhr_body(lang), "A/RES/217(III)", "V.48-00217", HERE, work)
        build("res_11_2", "fr", resolution_body(), "CTOC/COP/2022/L.3", "V.22-07766", HERE, work)


if __name__ == "__main__":
    main()
