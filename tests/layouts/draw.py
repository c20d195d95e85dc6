"""Drawing primitives: fonts, paper with guilloche, text fitted into cells, dot-matrix print, the seal."""

import math
import os

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

# (file, face index, name): faces with simplified Chinese, from Debian's font packages.
FONT_FACES = [
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC Bold"),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2, "Noto Serif CJK SC Bold"),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0, "AR PL UKai CN"),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "AR PL UMing CN"),
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0, "AR PL SungtiL GB"),
    ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0, "AR PL KaitiM GB"),
]
# Faces that look like print on an official form (labels); the Kai faces are for values only.
LABEL_FACES = ["WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK SC Bold",
               "Noto Serif CJK SC", "Noto Serif CJK SC Bold", "AR PL UMing CN", "AR PL SungtiL GB"]


def available_faces():
    """Names of the faces whose files exist on this machine."""
    return [name for path, _, name in FONT_FACES if os.path.exists(path)]


_CACHE = {}


def font(name, size):
    key = (name, int(size))
    if key not in _CACHE:
        path, index, _ = next(f for f in FONT_FACES if f[2] == name)
        _CACHE[key] = ImageFont.truetype(path, max(6, int(size)), index=index)
    return _CACHE[key]


def paper(w, h, rng, tint, guilloche):
    """An RGB paper sheet: a tint, fibres, and optionally green guilloche lines."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    base = np.ones((h, w, 3), np.float32) * np.array(tint, np.float32)
    base += nrng.normal(0, 2.0, (h, w, 1)).astype(np.float32)
    if guilloche:
        ink = np.asarray(Image.fromarray(_guilloche(w // 2, h // 2, rng)).resize((w, h), Image.BILINEAR),
                         np.float32) / 255.0
        green = np.array([120, 175, 130], np.float32)
        strength = rng.uniform(0.18, 0.38)
        base = base * (1 - ink[..., None] * strength) + green * ink[..., None] * strength
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


def _guilloche(w, h, rng):
    """Interlaced sine lines and a rosette, as an 8-bit ink mask at half the page's scale."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32) * 2
    h, w = h * 2, w * 2
    ink = np.zeros(x.shape, np.float32)
    for _ in range(3):
        f = rng.uniform(0.035, 0.08)
        a = rng.uniform(8, 30)
        g = rng.uniform(0.004, 0.02)
        ph = rng.uniform(0, 6.3)
        if rng.random() < 0.5:
            wave = np.sin(x * f + a * np.sin(y * g + ph) * 0.2 + np.sin(x * g * 0.7) * 2)
        else:
            wave = np.sin(y * f + a * np.sin(x * g + ph) * 0.2 + np.sin(y * g * 0.7) * 2)
        ink = np.maximum(ink, np.clip(1 - np.abs(wave) / 0.2, 0, 1))
    # a faint rosette in the middle
    cx, cy = w * rng.uniform(0.4, 0.6), h * rng.uniform(0.4, 0.6)
    r = np.hypot(x - cx, y - cy)
    th = np.arctan2(y - cy, x - cx)
    ros = np.clip(1 - np.abs(np.sin(r * 0.05 + 6 * np.sin(th * 12))) / 0.1, 0, 1) * (r < min(w, h) * 0.35)
    ink = np.maximum(ink, ros * 0.8)
    return (ink * 255).astype(np.uint8)


def text_mask(text, face, size):
    """An L mask of one line of text, tightly cropped horizontally, one line high."""
    f = font(face, size)
    l, t, r, b = f.getbbox(text or " ", anchor="ls")
    h = int(size * 1.3)
    img = Image.new("L", (max(1, r - min(l, 0) + 2), h), 0)
    # CJK ideographs stand from about 0.88 em above the baseline to 0.12 em below it
    ImageDraw.Draw(img).text((1 - min(l, 0), int(size * 1.03)), text, font=f, fill=255, anchor="ls")
    return img


def dotmatrix(mask, size, rng):
    """Re-prints a text mask as dots on a grid: the look of an impact printer."""
    pitch = max(2, int(round(size / 13.0)))
    m = np.asarray(mask.filter(ImageFilter.MaxFilter(3)), np.float32) / 255.0
    h, w = m.shape
    gh, gw = h // pitch, w // pitch
    if gh == 0 or gw == 0:
        return mask
    grid = m[:gh * pitch, :gw * pitch].reshape(gh, pitch, gw, pitch).mean(axis=(1, 3))
    on = (grid > 0.3).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    on *= nrng.uniform(0.8, 1.0, on.shape).astype(np.float32)
    yy, xx = np.mgrid[0:pitch, 0:pitch].astype(np.float32) - (pitch - 1) / 2.0
    dot = np.clip(1.5 - np.hypot(yy, xx) / (pitch * 0.6), 0, 1)
    out = np.kron(on, dot)
    img = Image.fromarray(np.clip(out * 255, 0, 255).astype(np.uint8))
    return img.filter(ImageFilter.GaussianBlur(0.5))


def ink(page, mask, xy, color, opacity=1.0):
    """Prints `color` through `mask` at `xy` (darkening, as ink on paper)."""
    if opacity < 1.0:
        mask = mask.point(lambda v: int(v * opacity))
    layer = Image.new("RGB", mask.size, color)
    page.paste(layer, (int(xy[0]), int(xy[1])), mask)


def split_two(text, breaks=()):
    """Where to wrap a text onto two lines: a given break if it occurs, else the middle."""
    for b in breaks:
        if text.startswith(b) and len(b) < len(text):
            return text[:len(b)], text[len(b):]
    for sep in ("/", " "):
        if sep in text:
            i = text.index(sep)
            if 2 <= i <= len(text) - 2:
                return text[:i + 1].rstrip(), text[i + 1:]
    # nearest the middle, but not inside a run of digits or Latin letters
    mid = (len(text) + 1) // 2
    cuts = sorted(range(1, len(text)), key=lambda i: abs(i - mid))
    for i in cuts:
        inside_run = all(c.isascii() and c.isalnum() for c in text[i - 1:i + 1]) and text[i - 1] not in "xX"
        if not inside_run:
            if 0.25 <= i / len(text) <= 0.75:
                return text[:i], text[i:]
    return text[:mid], text[mid:]


def fit_text(page, box, text, face, size, color, rng, align="left", wrap=True,
             dots=False, breaks=(), offset=(0, 0), opacity=1.0):
    """Draws `text` inside `box` (x0, y0, x1, y1): one line, or shrunk, or two lines.

    Returns how it was fitted: "line", "shrunk" or "wrapped".
    """
    if not text:
        return "empty"
    x0, y0, x1, y1 = box
    pad = max(3, int(size * 0.25))
    avail_w, avail_h = (x1 - x0) - 2 * pad, (y1 - y0)
    size = min(size, avail_h / 1.35)
    lines = [text]
    how = "line"
    m = text_mask(text, face, size)
    if m.width > avail_w:
        two_fit = len(text) >= 4 and avail_h >= size * 1.6
        tight = m.width > avail_w * 1.9  # shrinking that much would leave it unreadable
        if two_fit and ((wrap and m.width > avail_w * 1.25) or tight):
            lines = list(split_two(text, breaks))
            how = "wrapped"
            size = min(size, avail_h / 2.45)
        else:
            how = "shrunk"
    masks = []
    for line in lines:
        lm = text_mask(line, face, size)
        if lm.width > avail_w:
            ratio = avail_w / lm.width
            if ratio < 0.55:  # too tight: a smaller font as well as a narrower one
                lm = text_mask(line, face, size * max(0.6, ratio / 0.55))
            lm = lm.resize((max(1, int(avail_w)), lm.height), Image.LANCZOS) if lm.width > avail_w else lm
        if dots:
            lm = dotmatrix(lm, size, rng)
        masks.append(lm)
    line_h = masks[0].height
    total_h = line_h * len(masks) * (0.92 if len(masks) > 1 else 1)
    y = y0 + (avail_h - total_h) / 2 + offset[1]
    for lm in masks:
        if align == "center":
            x = x0 + ((x1 - x0) - lm.width) / 2
        else:
            x = x0 + pad
        ink(page, lm, (x + offset[0], y), color, opacity)
        y += line_h * 0.92
    return how


def seal(text, diameter, face, rng):
    """A red round seal: ring, five-point star, `text` along the upper arc. RGBA."""
    s = int(diameter)
    img = Image.new("L", (s, s), 0)
    d = ImageDraw.Draw(img)
    ring = max(3, s // 28)
    d.ellipse((ring, ring, s - ring, s - ring), outline=255, width=ring)
    c = s / 2
    r_star = s * 0.16
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rr = r_star if i % 2 == 0 else r_star * 0.38
        pts.append((c + rr * math.cos(ang), c + rr * math.sin(ang)))
    d.polygon(pts, fill=255)
    n = len(text)
    span = math.radians(min(250, 120 + n * 8))
    ch = s * (0.13 if n <= 12 else 0.11 if n <= 16 else 0.095)
    radius = s / 2 - ring * 2 - ch * 0.62
    f = font(face, ch)
    for i, chr_ in enumerate(text):
        ang = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("L", (int(ch * 1.5), int(ch * 1.5)), 0)
        ImageDraw.Draw(glyph).text((ch * 0.75, ch * 0.75), chr_, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        gx = c + radius * math.cos(ang) - glyph.width / 2
        gy = c + radius * math.sin(ang) - glyph.height / 2
        img.paste(255, (int(gx), int(gy)), glyph)
    # uneven ink: speckle and a fading side
    nrng = np.random.default_rng(rng.randrange(2**32))
    a = np.asarray(img, np.float32) / 255.0
    speck = nrng.uniform(0.6, 1.0, a.shape).astype(np.float32)
    yy, xx = np.mgrid[0:s, 0:s].astype(np.float32) / s
    ang = rng.uniform(0, 6.28)
    fade = 1 - rng.uniform(0.0, 0.4) * np.clip((xx - 0.5) * math.cos(ang) + (yy - 0.5) * math.sin(ang) + 0.5, 0, 1)
    a = a * speck * fade * rng.uniform(0.7, 1.0)
    alpha = Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    out = Image.new("RGBA", (s, s), (rng.randrange(190, 230), rng.randrange(20, 60), rng.randrange(30, 70), 0))
    out.putalpha(alpha)
    return out.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def stamp(page, seal_img, center):
    """Presses a seal onto the page, centred at `center`, multiplying like ink."""
    x = int(center[0] - seal_img.width / 2)
    y = int(center[1] - seal_img.height / 2)
    color = Image.new("RGB", seal_img.size, seal_img.getpixel((seal_img.width // 2, seal_img.height // 2))[:3])
    region = page.crop((x, y, x + seal_img.width, y + seal_img.height))
    inked = ImageChops.multiply(region, color)
    region.paste(inked, (0, 0), seal_img.getchannel("A"))
    page.paste(region, (x, y))
