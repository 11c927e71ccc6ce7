"""portal.images renditions and the {% picture %} tag (portal.pictures): sizes, formats,
metadata stripped, stable names, hostile files refused."""

import io

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import ExifTags, Image

from portal import images
from portal.images import NotAnImage, Renditions, image_renditions, rendition_widths

WIDTHS = (320, 640, 960, 1280)


def picture(fmt="JPEG", size=(1600, 900), mode="RGB", color=(200, 120, 90), **save) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    buffer.seek(0)
    return buffer


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (19.0, 4.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (72.0, 52.0, 10.0),
    }
    return exif.tobytes()


def stored(name: str) -> Image.Image:
    return Image.open(default_storage.open(name))


def test_renditions_come_in_every_width_that_fits_as_webp_and_jpeg():
    renditions = image_renditions(picture(size=(1600, 900)), folder="t", widths=WIDTHS)

    assert (renditions["width"], renditions["height"]) == (1280, 720)
    for kind, fmt in (("webp", "WEBP"), ("jpeg", "JPEG")):
        assert [(s["w"], s["h"]) for s in renditions[kind]] == [
            (320, 180),
            (640, 360),
            (960, 540),
            (1280, 720),
        ]
        for size in renditions[kind]:
            with stored(size["name"]) as image:
                assert image.format == fmt
                assert image.size == (size["w"], size["h"])


def test_a_small_picture_is_never_enlarged():
    assert rendition_widths(700, WIDTHS) == [320, 640]
    assert rendition_widths(200, WIDTHS) == [200]

    renditions = image_renditions(picture(size=(200, 100)), folder="t", widths=WIDTHS)

    assert [s["w"] for s in renditions["jpeg"]] == [200]
    assert (renditions["width"], renditions["height"]) == (200, 100)


def test_gps_and_camera_metadata_are_gone_from_every_rendition():
    source = picture(exif=gps_exif(), comment=b"taken at home")
    with Image.open(source) as original:  # the input really carries a location
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    source.seek(0)

    renditions = image_renditions(source, folder="t", widths=WIDTHS)

    for kind in ("webp", "jpeg"):
        for size in renditions[kind]:
            raw = default_storage.open(size["name"]).read()
            assert b"Exif" not in raw and b"PhoneMaker" not in raw and b"taken at home" not in raw
            with stored(size["name"]) as image:
                assert not image.getexif()
                assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
                assert "exif" not in image.info and "comment" not in image.info


def test_orientation_is_applied_and_a_square_crop_keeps_the_centre():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to view
    renditions = image_renditions(
        picture(size=(400, 300), exif=exif.tobytes()), folder="t", widths=(100,), aspect=1.0
    )
    assert [(s["w"], s["h"]) for s in renditions["jpeg"]] == [(100, 100)]

    upright = image_renditions(picture(size=(400, 300)), folder="t", widths=(400,))
    assert (upright["width"], upright["height"]) == (400, 300)
    turned = image_renditions(
        picture(size=(400, 300), exif=exif.tobytes()), folder="t", widths=(300,)
    )
    assert (turned["width"], turned["height"]) == (300, 400)


def test_names_are_stable_hashes_and_the_same_upload_is_stored_once():
    first = image_renditions(picture(), folder="blog/covers", widths=WIDTHS)
    files = set(default_storage.listdir("blog/covers")[1])
    again = image_renditions(picture(), folder="blog/covers", widths=WIDTHS)
    other = image_renditions(picture(color=(1, 2, 3)), folder="blog/covers", widths=WIDTHS)

    assert again == first
    assert set(default_storage.listdir("blog/covers")[1]) >= files
    assert len(default_storage.listdir("blog/covers")[1]) == 2 * len(files)
    name = first["jpeg"][0]["name"]
    assert name.startswith("blog/covers/") and name.endswith("-320.jpg")
    assert Renditions(first).names().isdisjoint(Renditions(other).names())


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(picture().getvalue()[:2000], id="truncated jpeg"),
        pytest.param(picture("PNG").getvalue()[:80], id="truncated png"),
        pytest.param(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", id="svg"),
        pytest.param(b"MZ\x90\x00" + b"\x00" * 200, id="executable"),
        pytest.param(b"", id="empty"),
    ],
)
def test_hostile_files_raise_not_an_image_and_store_nothing(content):
    with pytest.raises(NotAnImage):
        image_renditions(io.BytesIO(content), folder="hostile", widths=WIDTHS)
    assert not default_storage.exists("hostile")


def test_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 1600 * 900 - 1)
    with pytest.raises(NotAnImage):
        image_renditions(picture(), folder="hostile", widths=WIDTHS)


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_picture_tag_gives_webp_and_jpeg_srcsets_with_a_fixed_box():
    renditions = image_renditions(picture(), folder="t", widths=WIDTHS)

    html = render(
        '{% picture r alt=alt sizes="(min-width: 1024px) 736px, 100vw" %}',
        r=renditions,
        alt='Cells "under" a <microscope>',
    )

    assert html.startswith('<picture><source type="image/webp" srcset="')
    assert "-320.webp 320w" in html and "-1280.webp 1280w" in html
    assert "-320.jpg 320w" in html and "-1280.jpg 1280w" in html
    assert 'sizes="(min-width: 1024px) 736px, 100vw"' in html
    assert 'width="1280" height="720"' in html
    assert 'alt="Cells &quot;under&quot; a &lt;microscope&gt;"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert "style=" not in html


def test_picture_tag_for_the_first_screen_is_eager_and_empty_without_renditions():
    renditions = image_renditions(picture(), folder="t", widths=WIDTHS)

    html = render("{% picture r priority=True %}", r=renditions)

    assert 'fetchpriority="high"' in html and "loading=" not in html
    assert render("{% picture r %}", r={}) == ""


def test_picture_tag_sets_an_avatars_square_box():
    renditions = image_renditions(picture(), folder="t", widths=(96, 192), aspect=1.0)

    html = render('{% picture r sizes="44px" css_class="avatar" width=44 %}', r=renditions)

    assert 'class="avatar"' in html and 'width="44" height="44"' in html and 'alt=""' in html
