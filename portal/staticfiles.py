"""The static files' storage in production (settings STORAGES["staticfiles"] when DEBUG is
off): WhiteNoise's compressed manifest storage, each file's address worked out once per
process.

``{% static %}`` asks the storage for an address on every page drawn, six times in
base.html alone, and the manifest storage works each one out again (unquote, split,
look up the hashed name, join to STATIC_URL): about 20 µs. A file's address depends only
on the manifest, read when the process starts, and on STATIC_URL; a deploy that changes
either starts new processes. So each process keeps what it worked out, the same on every
instance."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Addresses come from the templates' own names; past this many (a name from elsewhere),
# nothing more is kept.
KEPT_ADDRESSES = 2048


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            pass
        address = super().url(name)  # raises for a file the manifest lacks: nothing kept
        if len(self._addresses) < KEPT_ADDRESSES:
            self._addresses[name] = address
        return address
