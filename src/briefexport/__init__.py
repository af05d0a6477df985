"""briefexport: one Markdown issue brief in, print PDF, EPUB 3 and Word drafts out."""

__version__ = "0.1.0"
