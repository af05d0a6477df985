"""Word drafts for staff: real Word structure from a designer's reference document (python-docx)."""

from briefexport.writers.docx.render import render

__all__ = ["render"]
