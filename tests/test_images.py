"""portal.images: the one pipeline for uploaded pictures."""

import io

import pytest
from PIL import Image

from portal import images
from portal.images import ImageTooLarge, NotAnImage, image_format, image_reencode


def picture(fmt="JPEG", size=(400, 300), mode="RGB", color=(200, 120, 90), **save) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_format_comes_from_the_content(fmt):
    assert image_format(picture(fmt, mode="RGB" if fmt != "GIF" else "P", color=1)) == fmt


def test_not_an_image_has_no_format_and_too_many_pixels_is_refused(monkeypatch):
    assert image_format(io.BytesIO(b"%PDF-1.4 not a picture")) is None
    assert image_format(io.BytesIO(picture("PNG").getvalue()[:60])) is None  # truncated
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 400 * 300 - 1)
    with pytest.raises(ImageTooLarge):
        image_format(picture())
    with pytest.raises(NotAnImage):
        image_reencode(picture(), max_size=(100, 100), quality=80)


def test_reencoding_shrinks_turns_upright_and_drops_metadata():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    source = picture(size=(400, 300), exif=exif.tobytes(), comment=b"secret")

    encoded = image_reencode(source, max_size=(200, 200), quality=80)

    with Image.open(io.BytesIO(encoded.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (encoded.width, encoded.height) == (150, 200)
        assert not image.getexif()
        assert "comment" not in image.info and "icc_profile" not in image.info
    assert source.tell() == 0


def test_small_images_are_not_enlarged_and_transparency_lies_on_white():
    encoded = image_reencode(
        picture("PNG", size=(50, 40), mode="RGBA", color=(0, 0, 0, 0)),
        max_size=(1600, 1600),
        quality=80,
    )
    with Image.open(io.BytesIO(encoded.content)) as image:
        assert image.size == (50, 40)
        assert image.getpixel((5, 5)) == (255, 255, 255)
