"""Evidence files are identified by their whole content and stored under a name of Adopt's choosing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from adopt.core.testing import tiny_pdf, tiny_png
from adopt.core.uploads import MAX_UPLOAD_BYTES
from adopt.funding.tests.factories import ready_application

pytestmark = pytest.mark.django_db

POLYGLOTS = {
    "HTML behind a PDF header": ("letter.html", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>"),
    "a program behind a JPEG header": (
        "setup.exe",
        b"\xff\xd8\xff\xe0MZ\x90\x00This program cannot be run in DOS mode.\r\n" + b"\x00" * 64,
    ),
    "a real PDF with a page of HTML after it": ("quote.pdf", tiny_pdf() + b"\n<html><body>hi</body></html>"),
    "a PNG carrying a zip archive": ("photo.png", tiny_png() + b"PK\x03\x04archive"),
}


def upload(client, application, name, content):
    url = reverse("funding:application-document", kwargs={"pk": application.pk})
    return client.post(url, {"kind": "quote", "file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.parametrize("kind", sorted(POLYGLOTS))
def test_a_polyglot_is_refused_and_nothing_is_stored(client, world, funding, kind, settings):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(world.sme_member)
    name, content = POLYGLOTS[kind]
    files_before = sorted(settings.MEDIA_ROOT.rglob("*"))
    page = upload(client, application, name, content).content.decode()
    assert "something other than a document" in page or "that opens: this one does not" in page
    assert application.documents.count() == 1  # only the factory's match-funding letter
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == files_before


def test_a_real_pdf_is_stored_under_a_generated_name_with_its_true_extension(client, world, funding):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(world.sme_member)
    upload(client, application, "Jo Bloggs quote.html", tiny_pdf())
    document = application.documents.get(kind="quote")
    assert document.content_type == "application/pdf"
    assert document.original_name == "Jo Bloggs quote.html"
    stored = document.file.name.rsplit("/", 1)[1]
    assert stored.endswith(".pdf")
    assert "Bloggs" not in stored


def test_a_real_png_is_kept_as_an_image(client, world, funding):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(world.sme_member)
    upload(client, application, "photo.png", tiny_png())
    assert application.documents.get(kind="quote").content_type == "image/png"


def test_a_file_over_the_limit_is_refused(client, world, funding):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(world.sme_member)
    page = upload(client, application, "big.pdf", tiny_pdf() + b"\x00" * MAX_UPLOAD_BYTES).content.decode()
    assert "larger than 10 MB" in page
    assert application.documents.count() == 1
