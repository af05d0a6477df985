"""Where a Word draft came from, recorded inside it so `briefexport import` can take staff edits
back into the right brief: the brief's slug and source path, the digest of the source text the
draft was made from, its front matter as written, and which file each embedded picture is.

It is a custom XML part (customXml/itemN.xml with its itemProps, related from the main document
part), the place Word keeps data of other programs and that Word and LibreOffice both keep on
save. The slug and digest are also custom document properties (docProps/custom.xml, shown in
File > Properties), a second copy that survives an editor that drops custom XML parts.
This module is the one definition of both formats: the writer makes them, the importer reads them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from briefexport.safety.markup import xml_text

NAMESPACE = "urn:briefexport:draft:1"
CUSTOM_PROPERTIES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_PROPERTIES_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user-defined properties
SLUG_PROPERTY = "briefexport.slug"
DIGEST_PROPERTY = "briefexport.sha256"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Provenance:
    slug: str
    source: str = ""  # project-relative path of the brief, as the writer saw it
    sha256: str = ""  # digest of the source text (content.reader.source_digest)
    front_matter: str = ""  # the YAML between the fences, as written
    pictures: dict[str, str] = field(default_factory=dict)  # sha256 of the embedded bytes -> src
    ids: dict[str, str] = field(default_factory=dict)  # bookmark -> the brief's own id it carries

    def to_xml(self) -> bytes:
        root = etree.Element(f"{{{NAMESPACE}}}draft", nsmap={"bx": NAMESPACE})
        for name, value in (
            ("slug", self.slug),
            ("source", self.source),
            ("sha256", self.sha256),
            ("frontMatter", self.front_matter),
        ):
            etree.SubElement(root, f"{{{NAMESPACE}}}{name}").text = xml_text(value)
        for digest, src in sorted(self.pictures.items()):
            etree.SubElement(root, f"{{{NAMESPACE}}}picture", sha256=digest, src=xml_text(src))
        for bookmark, name in sorted(self.ids.items()):
            etree.SubElement(root, f"{{{NAMESPACE}}}id", bookmark=xml_text(bookmark), name=xml_text(name))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @classmethod
    def from_xml(cls, data: bytes) -> Provenance | None:
        """The record in a custom XML part, or None when the part is something else."""
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            return None
        if root.tag != f"{{{NAMESPACE}}}draft":
            return None

        def text(name: str) -> str:
            node = root.find(f"{{{NAMESPACE}}}{name}")
            return (node.text or "") if node is not None else ""

        pictures = {
            node.get("sha256", ""): node.get("src", "")
            for node in root.findall(f"{{{NAMESPACE}}}picture")
            if node.get("sha256")
        }
        ids = {
            node.get("bookmark", ""): node.get("name", "")
            for node in root.findall(f"{{{NAMESPACE}}}id")
            if node.get("bookmark") and node.get("name")
        }
        return cls(text("slug"), text("source"), text("sha256"), text("frontMatter"), pictures, ids)


def attach(document, record: Provenance) -> None:
    """Add the record to a python-docx document: the custom XML part and the custom properties."""
    package = document.part.package
    data = record.to_xml()
    item = Part(package.next_partname("/customXml/item%d.xml"), "application/xml", data, package)
    number = str(item.partname).rsplit("item", 1)[1].split(".")[0]
    # a GUID derived from the record, not random: the same brief gives the same bytes
    guid = f"{{{str(uuid.uuid5(uuid.NAMESPACE_URL, f'{NAMESPACE}:{record.slug}:{record.sha256}')).upper()}}}"
    props = etree.Element(f"{{{_DS_NS}}}datastoreItem", nsmap={"ds": _DS_NS})
    props.set(f"{{{_DS_NS}}}itemID", guid)
    refs = etree.SubElement(props, f"{{{_DS_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS_NS}}}schemaRef").set(f"{{{_DS_NS}}}uri", NAMESPACE)
    props_part = Part(
        PackURI(f"/customXml/itemProps{number}.xml"),
        CUSTOM_XML_PROPS_CT,
        etree.tostring(props, xml_declaration=True, encoding="UTF-8", standalone=True),
        package,
    )
    item.relate_to(props_part, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    custom = Part(
        PackURI("/docProps/custom.xml"),
        CUSTOM_PROPERTIES_CT,
        custom_properties({SLUG_PROPERTY: record.slug, DIGEST_PROPERTY: record.sha256}),
        package,
    )
    package.relate_to(custom, CUSTOM_PROPERTIES_RT)


def custom_properties(values: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{_PROPS_NS}}}Properties", nsmap={None: _PROPS_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(values.items(), start=2):  # Word numbers them from 2
        prop = etree.SubElement(root, f"{{{_PROPS_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = xml_text(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_custom_properties(data: bytes) -> dict[str, str]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    values = {}
    for prop in root.findall(f"{{{_PROPS_NS}}}property"):
        name, value = prop.get("name"), next(iter(prop), None)
        if name and value is not None:
            values[name] = value.text or ""
    return values


def from_parts(custom_xml: list[bytes], custom_props: bytes | None) -> Provenance | None:
    """The record from what a document holds: its custom XML parts, else its custom properties."""
    for data in custom_xml:
        record = Provenance.from_xml(data)
        if record is not None:
            return record
    values = read_custom_properties(custom_props) if custom_props else {}
    if values.get(SLUG_PROPERTY):
        return Provenance(values[SLUG_PROPERTY], sha256=values.get(DIGEST_PROPERTY, ""))
    return None
