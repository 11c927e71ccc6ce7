"""Private file storage: files kept on disk with no URL at all.

Doctors' proof documents live here (``STORAGES["private"]``, under PRIVATE_MEDIA_ROOT),
never under MEDIA_ROOT, so no web server or static route can ever serve them. The only way
out is a view that checks permission and streams the file itself.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_STORAGE_ALIAS = "private"


@deconstructible(path="portal.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage rooted at PRIVATE_MEDIA_ROOT (read when first used, and again
    after a test changes the setting) whose files have no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage():
    """The storage for FileFields holding private files (a callable, so migrations record
    the alias rather than a path on this machine)."""
    return storages[PRIVATE_STORAGE_ALIAS]


def private_file_response(field, *, filename: str, content_type: str, as_attachment=True):
    """Stream a file from the private storage to someone already authorised: a 404 when
    the file is missing from storage, never cached, and sandboxed so that nothing in it
    can run on the portal's origin."""
    from django.http import FileResponse, Http404

    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage") from exc
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
