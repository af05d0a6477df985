"""EPUB 3 collections (and one-brief books) that pass EPUBCheck, made with EbookLib."""

from briefexport.writers.epub.render import render

__all__ = ["render"]
