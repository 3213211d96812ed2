"""Checks of a .docx package against the OOXML rules that make Word offer to repair a file.

No kept PyPI library validates WordprocessingML in pure Python (the Open XML SDK's validator is
.NET), so these are our own checks of what a validator reports and Word trips on:

- every part has a content type, and every content-type override names a part that exists;
- every internal relationship resolves to a part, and every part is reachable from the
  package's relationships (no leftover parts);
- every ``w:numId`` used (in the body, styles, headers, footers…) is a ``w:num`` of
  numbering.xml, and every ``w:num`` names an ``w:abstractNum`` that exists;
- every paragraph, run, table and character style referenced exists, and so does every
  style a style is based on;
- the children of ``w:pPr``, ``w:rPr``, ``w:tblPr`` and ``w:tcPr`` come in the schema's order
  (ECMA-376 Part 1, CT_PPrBase, EG_RPrBase, CT_TblPr, CT_TcPr).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"

_ORDER = {
    "pPr": """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr
        suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct
        topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind
        contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment
        textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange""",
    "rPr": """ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike
        outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern
        position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang
        eastAsianLayout specVanish oMath rPrChange""",
    "tblPr": """tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize
        tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption
        tblDescription tblPrChange""",
    "tcPr": """cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection
        tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange""",
}
ORDER = {name: {f"{{{W}}}{child}": i for i, child in enumerate(children.split())}
         for name, children in _ORDER.items()}  # fmt: skip


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def problems(path: Path | str) -> list[str]:
    """Every rule the package at ``path`` breaks, as readable lines ([] when it is clean)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        xml = {
            name: etree.fromstring(package.read(name))
            for name in names
            if name.endswith((".xml", ".rels"))
        }
    parts = {n for n in names if n != "[Content_Types].xml" and not n.endswith(".rels")}

    # Content types.
    types = xml["[Content_Types].xml"]
    defaults = {d.get("Extension").lower() for d in types.iter(f"{{{CT}}}Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{{{CT}}}Override")}
    for part in sorted(overrides - names):
        found.append(f"content type for a part that does not exist: /{part}")
    for part in sorted(parts):
        if part not in overrides and part.rsplit(".", 1)[-1].lower() not in defaults:
            found.append(f"no content type for /{part}")

    # Relationships resolve, and every part is reached from the package.
    reached: set[str] = set()
    pending = [""]
    while pending:
        source = pending.pop()
        rels = xml.get("_rels/.rels" if source == "" else _rels_name(source))
        if rels is None:
            continue
        for rel in rels.iter(f"{{{PR}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            base = posixpath.dirname(source)
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
            if resolved not in names:
                found.append(f"relationship {rel.get('Id')} of /{source} to missing /{resolved}")
            elif resolved not in reached:
                reached.add(resolved)
                pending.append(resolved)
    for part in sorted(parts - reached):
        found.append(f"leftover part nothing refers to: /{part}")

    # Numbering.
    numbering = xml.get("word/numbering.xml")
    nums: dict[str, str] = {}
    abstracts: set[str] = set()
    if numbering is not None:
        abstracts = {a.get(_w("abstractNumId")) for a in numbering.iter(_w("abstractNum"))}
        for num in numbering.iter(_w("num")):
            abstract = num.find(_w("abstractNumId"))
            nums[num.get(_w("numId"))] = abstract.get(_w("val")) if abstract is not None else ""
        for num_id, abstract_id in nums.items():
            if abstract_id not in abstracts:
                found.append(f"numbering {num_id} uses abstract numbering {abstract_id!r}, missing")
    for name, root in sorted(xml.items()):
        if not name.endswith(".xml") or name == "word/numbering.xml":
            continue
        for num_id in root.iter(_w("numId")):
            value = num_id.get(_w("val"))
            if value != "0" and value not in nums:
                found.append(f"/{name} uses numbering {value}, which numbering.xml lacks")

    # Styles.
    styles = xml.get("word/styles.xml")
    style_ids = (
        {s.get(_w("styleId")) for s in styles.iter(_w("style"))} if styles is not None else set()
    )
    if styles is not None:
        for based_on in styles.iter(_w("basedOn")):
            if based_on.get(_w("val")) not in style_ids:
                found.append(f"a style is based on the missing style {based_on.get(_w('val'))}")
    for name, root in sorted(xml.items()):
        if not name.startswith("word/") or name == "word/styles.xml":
            continue
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for used in root.iter(_w(tag)):
                if used.get(_w("val")) not in style_ids:
                    found.append(f"/{name} uses the missing style {used.get(_w('val'))}")

    # Element order inside property elements.
    for name, root in sorted(xml.items()):
        if not name.startswith("word/"):
            continue
        for kind, order in ORDER.items():
            for element in root.iter(_w(kind)):
                positions = [order[c.tag] for c in element if c.tag in order]
                if positions != sorted(positions):
                    tags = [etree.QName(c).localname for c in element]
                    found.append(f"/{name}: the children of {kind} are out of order: {tags}")
    return list(dict.fromkeys(found))
