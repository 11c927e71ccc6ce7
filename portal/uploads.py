"""Request size limits, enforced while the body streams in rather than after it is stored.

Two limits, both in settings (README, "Security"):

- UPLOAD_MAX_REQUEST_BYTES: a request whose Content-Length is larger is answered 413 by
  RequestSizeLimitMiddleware before anything reads its body (a proxy in front should refuse
  it first, with the same figure: nginx's client_max_body_size).
- UPLOAD_MAX_FILE_BYTES: the largest single file any form takes. LimitedUploadHandler (the
  first upload handler) counts each file's bytes as they arrive; once a file is over the
  limit the rest of it is dropped as it streams (never written to memory or disk) and the
  form receives an OversizedUpload: no content, its real size. Every upload check reads the
  size first, so the form names the file and its size, and everything else the person typed
  comes back with the error.

Each form keeps its own, lower limit (5 MB for a proof document, 10 MB for an attachment);
these two only stop a request from costing more than the largest legitimate one.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.template import loader


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class OversizedUpload(UploadedFile):
    """A file that went over UPLOAD_MAX_FILE_BYTES: its name and real size, no content."""

    def __init__(self, *, name, content_type, size, charset, content_type_extra):
        from io import BytesIO

        super().__init__(BytesIO(), name, content_type, size, charset, content_type_extra)


class LimitedUploadHandler(FileUploadHandler):
    """Drops what is past UPLOAD_MAX_FILE_BYTES of each file as it streams; see the module
    docstring. Must come first in FILE_UPLOAD_HANDLERS."""

    def new_file(
        self,
        field_name,
        file_name,
        content_type,
        content_length,
        charset=None,
        content_type_extra=None,
    ):
        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.over or self.received > settings.UPLOAD_MAX_FILE_BYTES:
            # Returning None keeps the chunk from the handlers after this one (the
            # temporary file): the rest of this file is read off the wire and dropped.
            self.over = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler (memory or temporary file) returns the file
        return OversizedUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class RequestSizeLimitMiddleware:
    """A request declaring more than UPLOAD_MAX_REQUEST_BYTES is answered 413 with a page
    that says so, before its body is read. Comes before every middleware that reads POST
    (CSRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        if length > limit:
            body = loader.get_template("413.html").render(
                {"size": _mb(length), "limit": _mb(limit)}
            )
            response = HttpResponse(body, status=413)
            # The unread body is still on the connection: it cannot be reused.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
