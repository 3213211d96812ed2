"""Build resources/report-template.docx, the default template of the Word report.

Run from the repository root after changing it: ``python resources/make_report_template.py``.
The .docx is committed (a source resource), so the app never builds it at run time.

The template starts from python-docx's own blank document and sets what a UK public-sector
report looks like: A4 with 2.54 cm margins, Arial, dark-blue headings, a "Numbered Paragraph"
style whose numbers run through the body as in committee papers, bullets whose text lines up
with the numbered paragraphs' text, a plain grid table style with compact "Table Text", and
"Page N of M" centred in the footer. Numbering is defined afresh so each list style's indents
live in one place.

What python-docx's blank document carries that a clean template must not is removed (Word
would otherwise offer to repair reports, or mislead their readers): ``stylesWithEffects.xml``
(a copy of the styles numbering lists that no longer exist), the list styles whose numbering
was replaced, the bibliography custom XML and the thumbnail of a blank page, the "spelling and
grammar are clean" mark that hides Word's marks on the scribes' text, and the properties of a
2013 Mac document. Check the result with ``tests/core/ooxml_checks.py``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

OUTPUT = Path(__file__).with_name("report-template.docx")
FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x40, 0x40, 0x40)

# (style name, numId, abstract numbering levels as (format, text, left twips, hanging twips))
LISTS = {
    "Numbered Paragraph": (10, ("decimal", "%1.", 720, 720)),
    "List Bullet": (11, ("bullet", "\u2022", 720, 360)),
    "List Bullet 2": (12, ("bullet", "\u2013", 1080, 360)),
    "List Number": (13, ("decimal", "%1.", 720, 360)),
}


def _set_font(
    style: docx.styles.style.BaseStyle, size: float | None = None, **font: object
) -> None:
    """Set the font explicitly (not from the theme) so every Word shows Arial."""
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is not None:
        r_pr.remove(fonts)
    r_pr.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" '
            f'w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        ),
    )
    if size is not None:
        style.font.size = Pt(size)
    for name, value in font.items():
        if name == "color":
            style.font.color.rgb = value
        else:
            setattr(style.font, name, value)


def _spacing(
    style: docx.styles.style.BaseStyle, before: float, after: float, keep_next: bool = False
) -> None:
    paragraph = style.paragraph_format
    paragraph.space_before = Pt(before)
    paragraph.space_after = Pt(after)
    if keep_next:
        paragraph.keep_with_next = True


def _numbering(document: docx.document.Document) -> None:
    """Replace the numbering definitions with one list per list style."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    nums = []
    for abstract_id, (name, (num_id, (fmt, text, left, hanging))) in enumerate(
        LISTS.items(), start=1
    ):
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                '<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
                f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                + (
                    f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>'
                    if fmt == "bullet"
                    else ""
                )
                + "</w:lvl></w:abstractNum>"
            )
        )
        nums.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        style = document.styles[name]
        p_pr = style.element.get_or_add_pPr()
        old = p_pr.find(qn("w:numPr"))
        if old is not None:
            p_pr.remove(old)
        p_pr.insert(
            0,
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            ),
        )
        for tag in ("w:ind", "w:contextualSpacing"):
            for element in p_pr.findall(qn(tag)):
                p_pr.remove(element)
        style.paragraph_format.left_indent = Cm(left / 567)
        style.paragraph_format.first_line_indent = -Cm(hanging / 567)
    for num in nums:
        numbering.append(num)


def _footer(document: docx.document.Document) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(code: str) -> None:
        for xml in (
            '<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r {{w}}><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>',
            '<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
            "<w:r {w}><w:t>1</w:t></w:r>",
            '<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            paragraph._p.append(parse_xml(xml.format(w=nsdecls("w"))))

    paragraph.add_run("Page ")
    field("PAGE")
    paragraph.add_run(" of ")
    field("NUMPAGES")


def _remove_leftovers(document: docx.document.Document) -> None:
    """Drop the parts and marks of python-docx's blank document a report must not inherit."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_PROPERTIES.encode()
    settings = document.settings.element
    for tag in ("w:proofState", "w:savePreviewPicture", "w:rsids", "w:attachedTemplate"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    # Styles whose list numbering was replaced by _numbering() would number missing lists.
    known = {
        num.get(qn("w:numId")) for num in document.part.numbering_part.element.findall(qn("w:num"))
    }
    for style in document.styles.element.findall(qn("w:style")):
        p_pr = style.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is not None and num_id.get(qn("w:val")) not in known:
            p_pr.remove(num_pr)


APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Workshop Facilitator</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def build() -> docx.document.Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    section.header_distance = section.footer_distance = Cm(1.25)

    styles = document.styles
    # British English for the spelling checker, set on the document defaults.
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for lang in r_pr_default.findall(qn("w:lang")):
        r_pr_default.remove(lang)
    r_pr_default.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>')
    )

    normal = styles["Normal"]
    _set_font(normal, 11)
    _spacing(normal, 0, 8)
    normal.paragraph_format.line_spacing = 1.15

    title = styles["Title"]
    _set_font(title, 26, bold=True, color=NAVY)
    _spacing(title, 0, 6)
    t_pr = title.element.get_or_add_pPr()
    for border in t_pr.findall(qn("w:pBdr")):
        t_pr.remove(border)
    subtitle = styles["Subtitle"]
    _set_font(subtitle, 15, italic=False, color=GREY)
    _spacing(subtitle, 0, 18)

    for name, size, before, after, color in (
        ("Heading 1", 16, 18, 8, NAVY),
        ("Heading 2", 13, 14, 6, NAVY),
        ("Heading 3", 11.5, 10, 4, GREY),
    ):
        heading = styles[name]
        _set_font(heading, size, bold=True, italic=False, color=color)
        _spacing(heading, before, after, keep_next=True)

    numbered = styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.quick_style = True
    _set_font(numbered)
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        _spacing(styles[name], 0, 4)
    _numbering(document)

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.quick_style = True
    _set_font(table_text, 10)
    _spacing(table_text, 2, 2)
    table_text.paragraph_format.line_spacing = 1.0

    footer_style = styles["Footer"]
    _set_font(footer_style, 9, color=GREY)
    _footer(document)

    _remove_leftovers(document)
    properties = document.core_properties
    properties.title = ""
    properties.subject = ""
    properties.author = "Workshop Facilitator"
    properties.last_modified_by = "Workshop Facilitator"
    properties.comments = "Default template of the Workshop Facilitator report"
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    return document


def main() -> int:
    build().save(OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
