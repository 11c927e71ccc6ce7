"""Draw the demo's pictures (article covers and a few doctors' portraits) with Pillow.

Run once by hand, ``python -m devtools.demo_images``; the pictures it writes under
demo/images/ are committed, and the demo loader reads those files like any upload. They
are simple flat illustrations (no photographs, nothing downloaded), each under 60 KB.
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "demo" / "images"
COVER = (1280, 720)
PORTRAIT = (480, 480)
SCALE = 2  # drawn larger, then shrunk: smooth edges


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize(size, Image.Resampling.BICUBIC).rotate(0)


def _blobs(image: Image.Image, colours, rng: random.Random, count: int = 5) -> Image.Image:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = image.size
    for i in range(count):
        r = rng.randint(height // 5, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colours[i % len(colours)], 70))
    layer = layer.filter(ImageFilter.GaussianBlur(height // 14))
    return Image.alpha_composite(image.convert("RGBA"), layer)


def _cells(draw, box, rng, fill, outline, count=9):
    x0, y0, x1, y1 = box
    for _ in range(count):
        r = rng.randint(60, 130)
        x, y = rng.randint(x0 + r, x1 - r), rng.randint(y0 + r, y1 - r)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=10)
        n = r // 3
        draw.ellipse((x - n, y - n + 6, x + n, y + n + 6), fill=outline)


def _hand(draw, cx, cy, colour):
    draw.rounded_rectangle((cx - 150, cy - 40, cx + 150, cy + 260), 110, fill=colour)
    for i, (dx, length) in enumerate([(-112, 210), (-40, 260), (32, 250), (104, 200)]):
        draw.rounded_rectangle((cx + dx - 30, cy - length, cx + dx + 30, cy + 20), 30, fill=colour)
        del i
    draw.rounded_rectangle((cx + 120, cy + 10, cx + 260, cy + 80), 36, fill=colour)


def _drops(draw, rng, box, colour, count=26):
    x0, y0, x1, y1 = box
    for _ in range(count):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        s = rng.randint(12, 26)
        draw.ellipse((x - s, y, x + s, y + 2 * s), fill=colour)
        draw.polygon(
            [(x - s + 2, y + s // 2), (x, y - 2 * s), (x + s - 2, y + s // 2)], fill=colour
        )


def _capsule(draw, cx, cy, angle, a, b, length=260, thick=96):
    layer = Image.new("RGBA", (length + 40, thick + 40), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    d.rounded_rectangle((20, 20, 20 + length, 20 + thick), thick // 2, fill=b)
    d.rounded_rectangle((20, 20, 20 + length // 2 + thick // 2, 20 + thick), thick // 2, fill=a)
    d.rectangle((20 + length // 2, 20, 20 + length // 2 + thick // 2, 20 + thick), fill=b)
    return layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC), (cx, cy)


def _paste(base, layer_and_pos):
    layer, (cx, cy) = layer_and_pos
    base.alpha_composite(layer, (cx - layer.width // 2, cy - layer.height // 2))


def cover(name: str, top, bottom, motif: str, seed: int) -> None:
    rng = random.Random(seed)
    size = (COVER[0] * 3 // 2, COVER[1] * 3 // 2)
    image = _blobs(_gradient(size, top, bottom), [(255, 255, 255), bottom, top], rng)
    draw = ImageDraw.Draw(image)
    w, h = size
    white = (255, 255, 255, 235)
    soft = (255, 255, 255, 120)
    if motif == "cells":
        _cells(draw, (w // 2 - 100, 80, w - 80, h - 80), rng, (255, 255, 255, 70), white, 9)
    elif motif == "scalp":
        for i in range(9):
            y = 360 + i * 110
            points = [(x, y + 40 * math.sin(x / 140 + i)) for x in range(w // 2 - 200, w - 100, 20)]
            draw.line(points, fill=white if i % 2 else soft, width=22, joint="curve")
        for _ in range(60):
            x, y = rng.randint(w // 2, w - 160), rng.randint(200, h - 200)
            draw.ellipse((x, y, x + 18, y + 12), fill=white)
    elif motif == "hands":
        _hand(draw, w * 2 // 3, h // 2 + 40, (255, 236, 220, 255))
        for _ in range(18):
            x, y, r = rng.randint(w // 2, w - 100), rng.randint(150, h - 150), rng.randint(20, 60)
            draw.ellipse((x - r, y - r, x + r, y + r), outline=white, width=8)
    elif motif == "rain":
        _drops(draw, rng, (w // 2 - 100, 100, w - 100, h - 300), soft)
        cx, cy = w * 2 // 3 + 60, h // 2 + 80
        draw.pieslice((cx - 420, cy - 360, cx + 420, cy + 360), 180, 360, fill=white)
        for k in range(-3, 4):
            draw.ellipse((cx + k * 120 - 60, cy - 40, cx + k * 120 + 60, cy + 40), fill=top)
        draw.line((cx, cy - 380, cx, cy + 300), fill=white, width=26)
        draw.arc((cx - 110, cy + 220, cx + 10, cy + 340), 0, 180, fill=white, width=26)
    elif motif == "light":
        cx, cy = w * 2 // 3, h // 2
        draw.rounded_rectangle((cx - 360, cy - 420, cx + 360, cy - 300), 40, fill=white)
        for k in range(-5, 6):
            draw.line((cx + k * 60, cy - 280, cx + k * 140, cy + 420), fill=soft, width=26)
    elif motif == "capsules":
        sun = (w * 3 // 4, h // 3)
        draw.ellipse(
            (sun[0] - 170, sun[1] - 170, sun[0] + 170, sun[1] + 170), fill=(255, 214, 102, 255)
        )
        for k in range(12):
            a = k * math.pi / 6
            draw.line(
                (
                    sun[0] + 220 * math.cos(a),
                    sun[1] + 220 * math.sin(a),
                    sun[0] + 300 * math.cos(a),
                    sun[1] + 300 * math.sin(a),
                ),
                fill=(255, 214, 102, 255),
                width=28,
            )
        _paste(image, _capsule(draw, w // 2 + 280, h * 2 // 3 + 60, 25, (229, 92, 72, 255), white))
        _paste(
            image, _capsule(draw, w // 2 + 640, h * 2 // 3 + 140, -20, (72, 160, 120, 255), white)
        )
    elif motif == "moon":
        cx, cy = w * 2 // 3, h // 2
        moon = Image.new("RGBA", size, (0, 0, 0, 0))
        m = ImageDraw.Draw(moon)
        m.ellipse((cx - 260, cy - 260, cx + 260, cy + 260), fill=(255, 240, 200, 255))
        m.ellipse((cx - 120, cy - 330, cx + 360, cy + 150), fill=(0, 0, 0, 0))
        image.alpha_composite(moon)
        for _ in range(40):
            x, y, s = rng.randint(w // 2 - 200, w - 60), rng.randint(60, h - 60), rng.randint(4, 12)
            draw.ellipse((x - s, y - s, x + s, y + s), fill=white)
    elif motif == "heart":
        cx, cy = w * 2 // 3, h // 2 - 60
        r = 190
        draw.ellipse((cx - 2 * r, cy - r, cx, cy + r), fill=(235, 87, 87, 255))
        draw.ellipse((cx, cy - r, cx + 2 * r, cy + r), fill=(235, 87, 87, 255))
        draw.polygon(
            [(cx - 2 * r + 14, cy + 60), (cx, cy + 2 * r + 150), (cx + 2 * r - 14, cy + 60)],
            fill=(235, 87, 87, 255),
        )
        line = [
            (w // 2 - 260, h - 300),
            (w // 2 + 60, h - 300),
            (w // 2 + 130, h - 420),
            (w // 2 + 210, h - 160),
            (w // 2 + 290, h - 360),
            (w // 2 + 340, h - 300),
            (w - 80, h - 300),
        ]
        draw.line(line, fill=white, width=26, joint="curve")
    image = image.convert("RGB").resize(COVER, Image.Resampling.LANCZOS)
    image.save(OUT / "articles" / f"{name}.jpg", quality=80, optimize=True, progressive=True)


def portrait(name: str, background, skin, hair, shirt, long_hair: bool, seed: int) -> None:
    rng = random.Random(seed)
    size = (PORTRAIT[0] * SCALE, PORTRAIT[1] * SCALE)
    w, h = size
    lighter = tuple(min(255, c + 50) for c in background)
    image = _blobs(_gradient(size, lighter, background), [(255, 255, 255)], rng, 3)
    draw = ImageDraw.Draw(image)
    cx = w // 2
    if long_hair:
        draw.rounded_rectangle((cx - 190, 190, cx + 190, 640), 150, fill=hair)
    # Coat, shirt and neck.
    draw.rounded_rectangle((cx - 360, 650, cx + 360, h + 200), 220, fill=(250, 250, 250))
    draw.polygon([(cx - 110, 650), (cx + 110, 650), (cx, 820)], fill=shirt)
    draw.rectangle((cx - 62, 520, cx + 62, 680), fill=tuple(max(0, c - 18) for c in skin))
    draw.polygon([(cx - 120, 650), (cx - 150, 660), (cx - 40, 900)], fill=(225, 228, 232))
    draw.polygon([(cx + 120, 650), (cx + 150, 660), (cx + 40, 900)], fill=(225, 228, 232))
    # Head and hair.
    draw.ellipse((cx - 150, 220, cx + 150, 590), fill=skin)
    draw.chord((cx - 162, 196, cx + 162, 470), 180, 360, fill=hair)
    draw.ellipse((cx - 172, 380, cx - 128, 460), fill=skin)
    draw.ellipse((cx + 128, 380, cx + 172, 460), fill=skin)
    # Stethoscope.
    draw.arc((cx - 170, 600, cx + 170, 940), 20, 160, fill=(60, 70, 84), width=16)
    draw.ellipse((cx + 110, 860, cx + 170, 920), fill=(60, 70, 84))
    image = image.convert("RGB").resize(PORTRAIT, Image.Resampling.LANCZOS)
    image.save(OUT / "doctors" / f"{name}.jpg", quality=82, optimize=True, progressive=True)


def main() -> None:
    (OUT / "articles").mkdir(parents=True, exist_ok=True)
    (OUT / "doctors").mkdir(parents=True, exist_ok=True)
    covers = [
        ("hand-eczema-from-detergents", (122, 178, 206), (52, 109, 150), "hands"),
        ("low-vitamin-b12-and-vitamin-d", (255, 183, 120), (222, 112, 84), "capsules"),
        ("monsoon-fungal-skin-infections", (84, 128, 168), (42, 82, 120), "rain"),
        (
            "phototherapy-for-psoriasis-what-a-course-involves",
            (94, 96, 176),
            (150, 90, 170),
            "light",
        ),
        (
            "psoriasis-and-stem-cells-the-future-of-treatment",
            (34, 150, 140),
            (18, 92, 110),
            "cells",
        ),
        ("scalp-psoriasis-or-dandruff", (214, 150, 120), (150, 90, 96), "scalp"),
        ("sleep-and-anxiety-breaking-the-cycle", (36, 46, 96), (86, 70, 140), "moon"),
        ("understanding-your-blood-pressure-reading", (250, 214, 206), (214, 120, 132), "heart"),
    ]
    for seed, (name, top, bottom, motif) in enumerate(covers):
        cover(name, top, bottom, motif, seed)
    people = [
        ("asha-rao", (88, 170, 160), (198, 140, 106), (40, 30, 28), (46, 120, 180), True),
        ("vikram-mehta", (110, 140, 200), (176, 124, 92), (30, 26, 24), (180, 70, 70), False),
        ("farah-khan", (190, 140, 180), (210, 160, 124), (56, 36, 30), (90, 90, 160), True),
        ("neha-kulkarni", (230, 170, 110), (186, 130, 98), (24, 20, 20), (40, 140, 120), True),
        ("arjun-shetty", (120, 170, 120), (150, 104, 76), (20, 18, 18), (60, 90, 150), False),
        ("rohan-iyer", (96, 150, 170), (168, 118, 86), (28, 24, 22), (70, 110, 90), False),
        ("ananya-deshmukh", (150, 160, 210), (200, 150, 116), (36, 28, 26), (200, 120, 60), True),
    ]
    for seed, (name, background, skin, hair, shirt, long_hair) in enumerate(people):
        portrait(name, background, skin, hair, shirt, long_hair, seed)


if __name__ == "__main__":
    main()
