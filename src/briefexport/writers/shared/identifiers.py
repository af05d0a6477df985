"""Stable identifiers of briefs and collections (URNs), the same in every format that names them:
the EPUB's package identifier, the site's Atom and OPDS entry ids."""

from __future__ import annotations

import uuid

from briefexport.content.model import Brief, Collection


def brief_identifier(brief: Brief) -> str:
    seed = f"briefexport:brief:{brief.slug}:{brief.meta.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def collection_identifier(collection: Collection) -> str:
    seed = f"briefexport:collection:{collection.slug}:{collection.meta.title}"
    return collection.meta.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
