"""The demo site's pictures, painted with Pillow: lead images and portraits."""

import colorsys
import functools
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps

LEAD_IMAGE_SIZE = (1600, 900)


@dataclass(frozen=True)
class Palette:
    sky_top: tuple[int, int, int]
    sky_bottom: tuple[int, int, int]
    sea_top: tuple[int, int, int]
    sea_bottom: tuple[int, int, int]
    sun: tuple[int, int, int]
    land: tuple[int, int, int]
    hills: tuple[int, int, int]
    when: str


PALETTES = (
    Palette(
        (92, 154, 214),
        (251, 214, 170),
        (64, 140, 170),
        (20, 72, 110),
        (255, 236, 180),
        (70, 84, 96),
        (96, 120, 84),
        "on a clear morning",
    ),
    Palette(
        (38, 120, 214),
        (170, 214, 247),
        (40, 170, 190),
        (10, 90, 140),
        (255, 252, 225),
        (120, 110, 90),
        (120, 132, 80),
        "under a bright midday sky",
    ),
    Palette(
        (62, 44, 110),
        (250, 140, 70),
        (90, 60, 110),
        (30, 30, 70),
        (255, 200, 110),
        (40, 30, 60),
        (70, 46, 80),
        "at sunset",
    ),
    Palette(
        (10, 16, 44),
        (52, 60, 120),
        (20, 28, 70),
        (6, 10, 30),
        (236, 236, 220),
        (14, 16, 34),
        (26, 30, 56),
        "at night",
    ),
    Palette(
        (70, 78, 90),
        (168, 174, 180),
        (80, 96, 104),
        (36, 48, 56),
        (220, 220, 210),
        (48, 54, 60),
        (66, 76, 70),
        "under storm clouds",
    ),
    Palette(
        (214, 190, 160),
        (246, 226, 196),
        (150, 170, 170),
        (90, 110, 120),
        (255, 244, 214),
        (150, 120, 96),
        (150, 130, 96),
        "on a hazy summer afternoon",
    ),
)
SCENES = (
    "A rocky headland rising from the sea",
    "Tower blocks along the seafront",
    "Layers of hills inland",
    "Beach umbrellas on the sand by the sea",
)


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    gray = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(gray, top, bottom)


def _ridge(
    rng: random.Random, width: int, base: float, amplitude: float, steps: int
) -> list[tuple[float, float]]:
    points, y = [], base
    for step in range(steps + 1):
        y = min(max(y + rng.uniform(-amplitude, amplitude), base - 3 * amplitude), base)
        points.append((width * step / steps, y))
    return points


def _shade(colour: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(min(255, max(0, c + amount)) for c in colour)


@functools.lru_cache(maxsize=48)  # Repeated loads (tests) reuse the pool.
def lead_image(index: int, seed: int = 0) -> tuple[bytes, str]:
    """Return a 1600x900 JPEG landscape and its alt text; index picks the look."""
    rng = random.Random(seed * 1000 + index)
    palette = PALETTES[index % len(PALETTES)]
    scene = (index // len(PALETTES)) % len(SCENES)
    width, height = LEAD_IMAGE_SIZE
    horizon = int(height * rng.uniform(0.55, 0.68))
    image = _gradient((width, height), palette.sky_top, palette.sky_bottom)
    draw = ImageDraw.Draw(image)

    sun_x = rng.uniform(0.15, 0.85) * width
    sun_r = rng.uniform(40, 80)
    sun_y = horizon - rng.uniform(0.15, 0.45) * horizon
    glow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(glow).ellipse(
        (
            sun_x - 2.5 * sun_r,
            sun_y - 2.5 * sun_r,
            sun_x + 2.5 * sun_r,
            sun_y + 2.5 * sun_r,
        ),
        fill=110,
    )
    image.paste(
        Image.new("RGB", (width, height), palette.sun),
        (0, 0),
        glow.filter(ImageFilter.GaussianBlur(60)),
    )
    draw.ellipse(
        (sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=palette.sun
    )

    if scene != 2:
        image.paste(
            _gradient((width, height - horizon), palette.sea_top, palette.sea_bottom),
            (0, horizon),
        )
        for _ in range(40):
            y = rng.uniform(horizon + 4, height)
            half = rng.uniform(10, 120) * (y - horizon) / (height - horizon)
            x = sun_x + rng.gauss(0, 40)
            draw.line((x - half, y, x + half, y), fill=palette.sun, width=2)

    if scene == 0:
        rock = rng.choice((0.12, 0.8)) * width
        draw.polygon(
            [
                (rock - 260, horizon),
                (rock - 120, horizon - 60),
                (rock - 40, horizon - 230),
                (rock + 60, horizon - 250),
                (rock + 140, horizon - 90),
                (rock + 300, horizon),
            ],
            fill=palette.land,
        )
        coast = _ridge(rng, width, horizon - 12, 10, 40)
        draw.polygon(
            [(0, horizon), *coast, (width, horizon)], fill=_shade(palette.land, 25)
        )
    elif scene == 1:
        x = rng.uniform(0, 60)
        lit = palette in (PALETTES[2], PALETTES[3])
        while x < width:
            w = rng.uniform(40, 110)
            central = abs(x - width / 2) < width * 0.35
            h = rng.uniform(60, 420) if central else rng.uniform(40, 200)
            draw.rectangle((x, horizon - h, x + w, horizon), fill=palette.land)
            if lit:
                for wy in range(int(horizon - h + 10), horizon - 8, 18):
                    for wx in range(int(x + 6), int(x + w - 8), 14):
                        if rng.random() < 0.35:
                            draw.rectangle(
                                (wx, wy, wx + 5, wy + 7), fill=(255, 214, 140)
                            )
            x += w + rng.uniform(4, 30)
    elif scene == 2:
        for layer in range(4):
            base = horizon - 120 + layer * 110
            colour = _shade(palette.hills, 45 - 30 * layer)
            points = _ridge(rng, width, base, 18 + 6 * layer, 30)
            draw.polygon([(0, height), *points, (width, height)], fill=colour)
        for _ in range(60):
            tx, ty = rng.uniform(0, width), rng.uniform(horizon + 150, height)
            r = rng.uniform(6, 14)
            draw.ellipse(
                (tx - r, ty - r, tx + r, ty + r), fill=_shade(palette.hills, -70)
            )
    else:
        sand_top = horizon + int((height - horizon) * 0.45)
        sand = (80, 74, 70) if palette is PALETTES[3] else (232, 208, 160)
        draw.polygon(
            [
                (0, sand_top + 30),
                (width * 0.5, sand_top),
                (width, sand_top + 20),
                (width, height),
                (0, height),
            ],
            fill=sand,
        )
        colours = ((214, 60, 50), (240, 190, 40), (40, 110, 190), (240, 240, 240))
        for _ in range(rng.randint(5, 12)):
            px = rng.uniform(40, width - 40)
            py = rng.uniform(sand_top + 60, height - 40)
            draw.line((px, py, px + 4, py - 90), fill=(90, 80, 70), width=4)
            draw.pieslice(
                (px - 70, py - 130, px + 74, py - 50),
                180,
                360,
                fill=rng.choice(colours),
            )

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue(), f"Illustration: {SCENES[scene]} {palette.when}."


SKIN_TONES = (
    (241, 204, 178),
    (226, 180, 146),
    (198, 146, 110),
    (160, 110, 80),
    (112, 76, 56),
    (250, 218, 196),
)
HAIR_COLOURS = (
    (40, 30, 24),
    (90, 60, 36),
    (150, 110, 60),
    (200, 170, 110),
    (120, 120, 120),
    (170, 80, 40),
)
CLOTHES = (
    (40, 60, 90),
    (120, 40, 50),
    (60, 90, 70),
    (30, 30, 34),
    (200, 200, 205),
    (90, 70, 120),
)


def _hls(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    return tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation))


def portrait(rng: random.Random, size: int = 400) -> bytes:
    """Return a square JPEG with a head-and-shoulders silhouette."""
    hue = rng.random()
    image = _gradient((size, size), _hls(hue, 0.72, 0.45), _hls(hue, 0.55, 0.4))
    draw = ImageDraw.Draw(image)
    s = size / 400
    skin, hair = rng.choice(SKIN_TONES), rng.choice(HAIR_COLOURS)
    cx = size / 2 + rng.uniform(-12, 12) * s
    head_w, head_h, head_y = rng.uniform(60, 72) * s, rng.uniform(76, 88) * s, 175 * s
    if rng.random() < 0.45:
        draw.rounded_rectangle(
            (
                cx - head_w - 14 * s,
                head_y - head_h,
                cx + head_w + 14 * s,
                head_y + head_h + 70 * s,
            ),
            radius=int(60 * s),
            fill=hair,
        )
    draw.ellipse(
        (cx - 150 * s, 285 * s, cx + 150 * s, 520 * s), fill=rng.choice(CLOTHES)
    )
    draw.rectangle(
        (cx - 26 * s, head_y + head_h - 20 * s, cx + 26 * s, 318 * s), fill=skin
    )
    draw.pieslice((cx - 40 * s, 270 * s, cx + 40 * s, 340 * s), 0, 180, fill=skin)
    draw.ellipse(
        (cx - head_w, head_y - head_h, cx + head_w, head_y + head_h), fill=skin
    )
    if rng.random() < 0.9:
        draw.chord(
            (
                cx - head_w - 6 * s,
                head_y - head_h - 10 * s,
                cx + head_w + 6 * s,
                head_y + 0.3 * head_h,
            ),
            165,
            375,
            fill=hair,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
