"""SBSYS eDagsorden publication XML -> a Document (the read step; the mapping to the model is
:mod:`referat.structure.sbsys`).

SBSYS publishes each agenda or minutes as one XML file (what OS2web imports): a
``<Publication>`` root, ``<Agendas><Agenda>`` with the ``<Meeting>`` (``<When>``, ``<Where>``,
``<Members>``), the committee, and ``<Items>``, each item's fields as HTML in CDATA.  It carries
the structure exactly, so like the FirstAgenda API's JSON it is mapped straight to the model; the
XML is kept as the document's text (what a re-parse reads).

The format is recognised by its content (the root element), whatever the file's name.  The XML is
untrusted: it is parsed by lxml without entities, DTDs, network access or libxml2's huge-tree
mode, and a document type declaration (which no publication has; entity bombs need one) is
refused before parsing.
"""

from __future__ import annotations

import re
from typing import Any

from referat.errors import ReadError
from referat.read.lines import Document

ROOT = "Publication"
AGENDA = "Agendas/Agenda"
# The first element of a publication: after an XML declaration, comments and whitespace.
_PROLOG = r"\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
PUBLICATION_START = re.compile(rf"{_PROLOG}<{ROOT}[\s/>]", re.DOTALL)
ELEMENT_START = re.compile(r"<[^\W\d]")  # the root element's start: what comes before is prolog
DOCTYPE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
HEAD_CHARS = 4096  # how far into a text its root element is looked for


def is_publication(text: str) -> bool:
    """Does the text start like an SBSYS publication (its root element ``<Publication>``)?"""
    return PUBLICATION_START.match(text[:HEAD_CHARS]) is not None


def looks_like_xml(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<?xml") or is_publication(text)


def load_publication(text: str, name: str) -> Any:
    """The publication's root element, or a ReadError saying what the text is instead."""
    from lxml import etree  # only when XML is read: telling formats apart needs no parser

    root_start = ELEMENT_START.search(text)
    if DOCTYPE.search(text[: root_start.start()] if root_start else text):
        raise _doctype(name)
    try:
        # The text is decoded already: parsed as UTF-8 whatever its declaration says.
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
            dtd_validation=False, remove_comments=True, remove_pis=True, encoding="utf-8",
        )  # fmt: skip
        root = etree.fromstring(text.lstrip("\ufeff").encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"{name}: not well-formed XML ({exc.msg})") from None
    if root is None:
        raise ReadError(f"{name}: not well-formed XML (no root element)")
    if root.getroottree().docinfo.doctype:
        raise _doctype(name)
    tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
    if tag != ROOT:
        raise ReadError(
            f"{name}: XML, but not an SBSYS eDagsorden publication (root element <{tag}>, "
            f"expected <{ROOT}>)"
        )
    if root.find(AGENDA) is None:
        raise ReadError(f"{name}: SBSYS publication without an agenda (no <Agendas><Agenda>)")
    return root


def _doctype(name: str) -> ReadError:
    return ReadError(
        f"{name}: XML with a document type declaration (<!DOCTYPE>): not read (an SBSYS "
        "publication has none, and entity definitions can make a small file huge)"
    )


def read_sbsys(text: str, name: str, sha256: str, encoding: str | None = None) -> Document:
    """The read step: the XML checked and kept as the document's text."""
    load_publication(text, name)
    return Document(name, sha256, "xml", [], encoding=encoding, text=text)


__all__ = ["is_publication", "load_publication", "looks_like_xml", "read_sbsys"]
