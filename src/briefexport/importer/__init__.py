"""Word drafts back into their briefs (`briefexport import`): reads what writers/docx wrote, then
edited in Word or LibreOffice, and rebuilds front matter and Markdown, changing only what changed."""

from briefexport.importer.draft import Imported, ImportUsage, import_draft

__all__ = ["Imported", "ImportUsage", "import_draft"]
