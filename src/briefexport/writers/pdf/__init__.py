"""The screen PDF: PDF/UA-1, tagged, printed by WeasyPrint from the print HTML."""

from briefexport.writers.pdf.render import PDF_OPTIONS, render

__all__ = ["PDF_OPTIONS", "render"]
