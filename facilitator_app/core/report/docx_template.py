"""The Word template of the report: loading ours or the organisation's, and filling its gaps.

An organisation's own template may be a ``.dotx`` (python-docx opens only documents, so its
content type is switched in memory) and may lack some of the styles the report is written in;
a missing style is copied in from our default template together with its list numbering, so the
export never fails or silently loses bullets because of the template.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart

from facilitator_app.core.report.errors import TemplateError

TEMPLATE_RESOURCE = "report-template.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
STYLE_NORMAL = "Normal"
_PPR, _VAL = qn("w:pPr"), qn("w:val")
_W = W_NS


# --- templates -----------------------------------------------------------------------------


@cache
def _default_template_bytes() -> bytes:
    return files("facilitator_app.resources").joinpath(TEMPLATE_RESOURCE).read_bytes()


def _as_document_package(data: bytes, path: Path) -> bytes:
    """A .dotx is a .docx whose main part says "template"; python-docx opens only documents."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            types = source.read("[Content_Types].xml")
            if _DOTX_TYPE.encode() not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    content = source.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        content = types.replace(_DOTX_TYPE.encode(), _DOCX_TYPE.encode())
                    target.writestr(item, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError) as error:
        raise TemplateError(path, "it is not a Word .docx or .dotx file") from error


def load_template(path: Path | None = None) -> DocxDocument:
    """The template as a python-docx document: ours, or the organisation's .docx/.dotx."""
    if path is None:
        return docx.Document(io.BytesIO(_default_template_bytes()))
    path = Path(path)
    if not path.is_file():
        raise TemplateError(
            path, "there is no such file" if not path.exists() else "it is a folder"
        )
    if path.suffix.lower() in (".docm", ".dotm"):
        raise TemplateError(path, "a template with macros cannot be used; save it as a .dotx first")
    if path.suffix.lower() in (".doc", ".dot", ".rtf", ".odt"):
        raise TemplateError(path, "save it from Word as a .docx or .dotx file first")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TemplateError(path, f"it cannot be read ({error.strerror})") from error
    data = _as_document_package(data, path)
    try:
        return docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, PackageNotFoundError, zipfile.BadZipFile) as error:
        raise TemplateError(path, "it is not a Word .docx or .dotx file") from error
    except Exception as error:  # lxml syntax errors and the like: a damaged file
        raise TemplateError(path, "it is damaged or not a Word document") from error


# --- outside links in a template ------------------------------------------------------------

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def drop_external_links(document: DocxDocument) -> list[str]:
    """Remove every link to outside the file (an attached template on a remote server or a UNC
    path, a linked picture): Word would reach out to it each time a reader opens the report.
    Returns the addresses removed, so the person exporting can be told."""
    dropped: list[str] = []
    for part in document.part.package.iter_parts():
        external = {r_id: rel for r_id, rel in part.rels.items() if rel.is_external}
        if not external:
            continue
        element = getattr(part, "element", None)
        for r_id, rel in external.items():
            dropped.append(rel.target_ref)
            del part.rels[r_id]
            if element is not None:
                _drop_references(element, r_id)
    return dropped


def _drop_references(root: Any, r_id: str) -> None:
    """Elements naming a removed relationship: an attached template goes, others lose the id."""
    for node in list(root.iter()):
        for name, value in list(node.attrib.items()):
            if value != r_id or not name.startswith(f"{{{_R_NS}}}"):
                continue
            if node.tag == qn("w:attachedTemplate"):
                node.getparent().remove(node)
                break
            del node.attrib[name]


# --- styles the template lacks ---------------------------------------------------------------


class TemplateStyles:
    """Style ids in the target document, copying missing styles from our default template."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self._ids: dict[str, str] = {}
        self._source: DocxDocument | None = None
        self.copied: list[str] = []

    @property
    def source(self) -> DocxDocument:
        if self._source is None:
            self._source = load_template(None)
        return self._source

    def id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str:
        if name not in self._ids:
            self._ids[name] = self._find(self.document, name, kind) or self._copy(name, kind)
        return self._ids[name]

    @staticmethod
    def _find(document: DocxDocument, name: str, kind: WD_STYLE_TYPE) -> str | None:
        try:
            style = document.styles[name]
        except KeyError:
            return None
        return style.style_id if style.type == kind else None

    def _copy(self, name: str, kind: WD_STYLE_TYPE) -> str:
        source_id = self._find(self.source, name, kind)
        if source_id is None:  # not in ours either: Normal is always there
            return self.id(STYLE_NORMAL)
        element = copy.deepcopy(self.source.styles[name].element)
        styles_root = self.document.styles.element
        taken = {s.get(qn("w:styleId")) for s in styles_root.findall(qn("w:style"))}
        style_id = source_id
        while style_id in taken:
            style_id += "WF"
        element.set(qn("w:styleId"), style_id)
        for tag in ("w:link", "w:next", "w:rsid"):
            for child in element.findall(qn(tag)):
                element.remove(child)
        # Our fonts are not theirs: a copied style takes the template's fonts from what it is
        # based on (its Normal), keeping only our sizes, spacing and numbering.
        for fonts in element.findall(f"{qn('w:rPr')}/{qn('w:rFonts')}"):
            fonts.getparent().remove(fonts)
        based_on = element.find(qn("w:basedOn"))
        if based_on is not None:
            parent = self.source.styles.element.get_by_id(based_on.get(_VAL))
            if parent is None or parent.name_val == name:
                element.remove(based_on)
            else:
                parent_kind = self.source.styles[parent.name_val].type
                based_on.set(_VAL, self.id(parent.name_val, parent_kind))
        num_id = element.find(f"{_PPR}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            num_id.set(_VAL, self._copy_numbering(num_id.get(_VAL, "")))
        styles_root.append(element)
        self.copied.append(name)
        return style_id

    def _copy_numbering(self, source_num_id: str) -> str:
        source = self.source.part.numbering_part.element
        num = next(n for n in source.findall(qn("w:num")) if n.get(qn("w:numId")) == source_num_id)
        abstract_id = num.find(qn("w:abstractNumId")).get(_VAL)
        abstract = next(
            a
            for a in source.findall(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == abstract_id
        )
        target = numbering_element(self.document)
        new_abstract_id = str(next_id(target, "w:abstractNum", "w:abstractNumId"))
        new_num_id = str(next_id(target, "w:num", "w:numId"))
        abstract = copy.deepcopy(abstract)
        abstract.set(qn("w:abstractNumId"), new_abstract_id)
        for tag in ("w:nsid", "w:styleLink", "w:numStyleLink"):
            for child in abstract.findall(qn(tag)):
                abstract.remove(child)
        for level_style in abstract.iter(qn("w:pStyle")):
            level_style.getparent().remove(level_style)
        existing = target.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            target.insert(0, abstract)
        add_num(target, new_num_id, new_abstract_id)
        return new_num_id


def numbering_element(document: DocxDocument) -> Any:
    """The document's ``<w:numbering>``, made when the template has none."""
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
    except KeyError:
        element = parse_xml(f'<w:numbering xmlns:w="{_W}"/>')
        numbering = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package
        )
        part.relate_to(numbering, RT.NUMBERING)
        return numbering.element


def next_id(root: Any, tag: str, attribute: str) -> int:
    ids = [
        int(e.get(qn(attribute)))
        for e in root.findall(qn(tag))
        if e.get(qn(attribute), "").isdigit()
    ]
    return max(ids, default=0) + 1


def add_num(numbering: Any, num_id: str, abstract_id: str, *, restart: bool = False) -> None:
    """Add ``<w:num>`` (after the others, before Word's clean-up marker) for an abstractNum."""
    num = parse_xml(
        f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        + (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
            if restart
            else ""
        )
        + "</w:num>"
    )
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        numbering.append(num)
