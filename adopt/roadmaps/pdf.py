"""The roadmap as a PDF for the business owner, drawn by WeasyPrint from an HTML template."""

from typing import Any

from django.template.loader import render_to_string


def roadmap_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("roadmaps/roadmap_pdf.html", context)
    # No base URL: the template carries its own styles and pictures, so nothing is fetched.
    from weasyprint import HTML  # loaded when a PDF is printed: it costs every process half a second and its fonts

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1") or b""
