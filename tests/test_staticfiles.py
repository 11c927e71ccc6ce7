"""portal.staticfiles: in production each static file's address is worked out once per
process, and is the address WhiteNoise's manifest storage gives."""

import json

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from portal.staticfiles import KEPT_ADDRESSES, StaticFilesStorage

NAMES = ["css/portal.css", "js/csrf.js", "img/og default.png"]


@pytest.fixture
def manifest(tmp_path):
    paths = {name: name.replace(".", ".0123abcd4567.", 1) for name in NAMES}
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": paths, "version": "1.1", "hash": "0123abcd4567"})
    )
    return tmp_path


@override_settings(DEBUG=False)
def test_each_address_is_the_manifest_storages_and_is_worked_out_once(manifest, monkeypatch):
    kept = StaticFilesStorage(location=manifest, base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=manifest, base_url="/static/")
    expected = [plain.url(name) for name in NAMES]
    assert expected[0] == "/static/css/portal.0123abcd4567.css"
    assert expected[2].endswith("default.0123abcd4567.png")
    assert [kept.url(name) for name in NAMES] == expected

    def no_more(*args, **kwargs):
        raise AssertionError("the address was worked out again")

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "stored_name", no_more)
    assert [kept.url(name) for name in NAMES] == expected
    with pytest.raises(AssertionError):
        kept.url("css/portal.css", force=True)  # force asks the manifest storage


@override_settings(DEBUG=False)
def test_a_file_the_manifest_lacks_is_refused_each_time_and_not_kept(manifest):
    kept = StaticFilesStorage(location=manifest, base_url="/static/")
    for _ in range(2):
        with pytest.raises(ValueError, match="manifest"):
            kept.url("css/missing.css")
    assert "css/missing.css" not in kept._addresses


@override_settings(DEBUG=False)
def test_no_more_than_so_many_addresses_are_kept(manifest, monkeypatch):
    monkeypatch.setattr("portal.staticfiles.KEPT_ADDRESSES", 2)
    kept = StaticFilesStorage(location=manifest, base_url="/static/")
    for name in NAMES:
        kept.url(name)
    assert list(kept._addresses) == NAMES[:2]
    assert KEPT_ADDRESSES > 100  # the portal's templates name about thirty
