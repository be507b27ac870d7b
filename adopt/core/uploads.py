"""Uploaded evidence (quotes, invoices, letters) identified by its whole content, never by its name or first bytes.

A PDF must open as a PDF with pypdf and an image as an image with Pillow; a file that also carries another
format (an HTML page or script, an executable, an archive) is refused, whatever it starts with. Files are
stored under a generated name with the extension of what they were found to be.
"""

import io
import uuid
from typing import Any

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from adopt.core.errors import DomainError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
PILLOW_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
# Traces of formats that have no place inside a PDF or a photo: their presence makes the file a polyglot.
FOREIGN_MARKERS = (
    b"<html",
    b"<!doctype",
    b"<script",
    b"<svg",
    b"<?php",
    b"javascript:",
    b"this program cannot be run in dos mode",
    b"\x7felf",
    b"pk\x03\x04",
)


class UploadRefused(DomainError, ValueError):
    """The file is not one Adopt keeps; the message says why, for the form to show."""


def identify_upload(upload: Any) -> str:
    """The upload's content type (PDF, PNG or JPEG) found from its whole content, or `UploadRefused`."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused("The file is larger than 10 MB.")
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused("The file is larger than 10 MB.")
    lowered = content.lower()
    if any(marker in lowered for marker in FOREIGN_MARKERS):
        raise UploadRefused("The file holds something other than a document or a picture. Upload a plain PDF.")
    kind = _pdf(content) if content.startswith(b"%PDF") else _image(content)
    if kind is None:
        raise UploadRefused("Upload a PDF, JPEG or PNG file that opens: this one does not.")
    return kind


def stored_name(content_type: str) -> str:
    """A name that says nothing of the person or the file's claimed name: a random id and the true extension."""
    return f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


def _pdf(content: bytes) -> str | None:
    try:
        reader = PdfReader(io.BytesIO(content))
        return "application/pdf" if len(reader.pages) > 0 else None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _image(content: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = PILLOW_FORMATS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return kind
