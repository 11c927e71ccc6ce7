"""The one check for PDFs people upload (patients' reports, doctors' proof documents,
quote enquiries' reports).

Starting with ``%PDF-`` proves nothing: a file can start so and be a web page after it (a
PDF/HTML polyglot). A PDF is accepted only when

- pypdf reads its structure (cross-reference table, trailer, page tree) and finds at least
  one page, and it is not encrypted (staff could not read it);
- it holds no active content: no JavaScript, automatic or launch actions, embedded files or
  script-driven forms, in its plain dictionaries or inside compressed streams, with ``#xx``
  escapes in names undone first;
- it holds no web-page markup (``<html``, ``<script``, ``<svg`` ...) outside its streams
  (where PDF syntax has no place for it, and where a polyglot hides its page); stream
  contents are binary and are not searched for markup.

Stored, it is named ``<uuid>.pdf`` and served as application/pdf with nosniff and a
sandboxing CSP (portal.storage), whatever the uploader called it.
"""

import io
import logging
import re
import zlib

from pypdf import PdfReader

# Names in a PDF dictionary that make it run something when opened or clicked.
_ACTIVE_PDF_NAMES = re.compile(
    rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm|ImportData)"
    rb"(?![A-Za-z])"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Markup a browser would render if it ever took the file for HTML or SVG.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)
# A PDF's streams may inflate to at most this much while we look through them.
_MAX_INFLATED = 50 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
ACTIVE = "active"

# pypdf reports damaged files through its logger as well as by raising; ours says it once.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class BadPdf(ValueError):
    """The file is not a PDF we accept; ``code`` says why (UNREADABLE, ENCRYPTED, ACTIVE)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _unescape_names(data: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def pdf_has_active_content(data: bytes) -> bool:
    """True when the PDF holds JavaScript, automatic or launch actions, embedded files,
    script-driven forms or web-page markup, in its plain bytes or inside compressed
    streams. A stream that inflates past _MAX_INFLATED counts as active (it is refused,
    not read on)."""
    if _MARKUP.search(_STREAM.sub(b"stream\nendstream", data)):
        return True
    if _ACTIVE_PDF_NAMES.search(_unescape_names(data)):
        return True
    inflated_total = 0
    for match in _STREAM.finditer(data):
        decompressor = zlib.decompressobj()
        try:
            inflated = decompressor.decompress(match.group(1), _MAX_INFLATED - inflated_total)
        except zlib.error:
            continue  # not Flate (an image, a font): no dictionaries to read
        inflated_total += len(inflated)
        if decompressor.unconsumed_tail or inflated_total >= _MAX_INFLATED:
            return True
        if _ACTIVE_PDF_NAMES.search(_unescape_names(inflated)):
            return True
    return False


def pdf_check(data: bytes) -> None:
    """Raises BadPdf unless ``data`` is a PDF we accept (see the module docstring)."""
    if not data.startswith(PDF_MAGIC):
        raise BadPdf(UNREADABLE)
    if pdf_has_active_content(data):
        raise BadPdf(ACTIVE)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BadPdf(ENCRYPTED)
        pages = len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 - reading it parses the first page
    except BadPdf:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file, all "unreadable"
        raise BadPdf(UNREADABLE) from exc
    if pages < 1:
        raise BadPdf(UNREADABLE)
