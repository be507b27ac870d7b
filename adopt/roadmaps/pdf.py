"""The roadmap as a PDF for the business owner, drawn by WeasyPrint from an HTML template."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML


def roadmap_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("roadmaps/roadmap_pdf.html", context)
    # No base URL: the template carries its own styles and pictures, so nothing is fetched.
    return HTML(string=html).write_pdf() or b""
