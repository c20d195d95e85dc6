"""The camera: a printed document becomes a phone photo of it.

Page bend and gutter shadow (booklets), a surface under the paper, rotation,
perspective, scale, uneven light and shadow, blur, noise, and a quarter turn.
JPEG compression happens when the photo is saved.
"""

import math

import numpy as np
from PIL import Image, ImageFilter

SURFACES = [(120, 95, 70), (150, 120, 90), (90, 90, 95), (200, 200, 195), (60, 60, 65), (170, 160, 140),
            (110, 80, 60), (215, 210, 200)]


def bend_booklet(rng, doc, gutter_x):
    """Pages that sink into the binding: lines curve near the gutter, which is shaded."""
    w, h = doc.size
    amp = h * rng.uniform(0.008, 0.03)
    sign = rng.choice([-1, 1])
    rgba = doc.convert("RGBA")
    mesh = []
    step = 32

    def src(x, y):
        t = min(1.0, abs(x - gutter_x) / (w / 2))
        bend = amp * (1 - t) ** 3
        return x, y + sign * bend * (0.6 + 0.8 * (y - h / 2) / h)

    for x0 in range(0, w, step):
        x1 = min(w, x0 + step)
        quad = (*src(x0, 0), *src(x0, h), *src(x1, h), *src(x1, 0))
        mesh.append(((x0, 0, x1, h), quad))
    bent = rgba.transform((w, h), Image.MESH, mesh, Image.BICUBIC)
    x = np.arange(w, dtype=np.float32)
    sigma = w * rng.uniform(0.012, 0.03)
    shade = 1 - rng.uniform(0.25, 0.5) * np.exp(-((x - gutter_x) ** 2) / (2 * sigma ** 2))
    arr = np.asarray(bent, np.float32)
    arr[..., :3] *= shade[None, :, None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGBA"), {"bend_px": round(amp, 1)}


def _coeffs(dst, src):
    """Perspective coefficients mapping output points `dst` to input points `src`."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, np.float64), np.array(b, np.float64)).tolist()


def _surface(rng, w, h):
    nrng = np.random.default_rng(rng.randrange(2**32))
    base = np.array(rng.choice(SURFACES), np.float32) * rng.uniform(0.85, 1.1)
    small = nrng.normal(0, 1, (max(2, h // 40), max(2, w // 40), 1)).astype(np.float32)
    tex = Image.fromarray(((small[..., 0] * 20) + 128).clip(0, 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    tex = np.asarray(tex.filter(ImageFilter.GaussianBlur(rng.uniform(10, 30))), np.float32)[..., None] - 128
    if rng.random() < 0.4:  # wood-like grain
        y = np.arange(h, dtype=np.float32)[:, None, None]
        tex = tex + 10 * np.sin(y * rng.uniform(0.02, 0.08) + tex * 0.05)
    arr = base + tex * 0.6 + nrng.normal(0, 3, (h, w, 1)).astype(np.float32)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def photograph(rng, doc, gutter_x=None):
    """Returns (photo, degradations)."""
    meta = {}
    landscape = doc.width > doc.height
    # two pages side by side need more pixels to stay readable
    long_side = rng.randrange(1800, 2601) if gutter_x is not None else rng.randrange(1400, 2601)
    aspect = rng.uniform(0.72, 0.8)
    W, H = (long_side, int(long_side * aspect)) if landscape else (int(long_side * aspect), long_side)
    angle = rng.uniform(-8, 8) if rng.random() < 0.9 else rng.uniform(-15, 15)
    fill = rng.uniform(0.78, 0.95)
    rad = math.radians(angle)
    bw = doc.width * abs(math.cos(rad)) + doc.height * abs(math.sin(rad))
    bh = doc.width * abs(math.sin(rad)) + doc.height * abs(math.cos(rad))
    scale = fill * min(W / bw, H / bh)
    # pre-scale with a good filter so the perspective step does not alias
    pre = min(1.0, scale * 1.15)
    doc = doc.resize((max(1, int(doc.width * pre)), max(1, int(doc.height * pre))), Image.LANCZOS)
    if gutter_x is not None:
        doc, bend = bend_booklet(rng, doc, gutter_x * pre)
        meta.update(bend)
    else:
        doc = doc.convert("RGBA")
    s = scale / pre
    cx = W / 2 + rng.uniform(-0.5, 0.5) * (W - bw * scale * 1.0) * 0.8
    cy = H / 2 + rng.uniform(-0.5, 0.5) * (H - bh * scale * 1.0) * 0.8
    persp = rng.uniform(0.0, 0.06)
    dst = []
    for (u, v) in [(0, 0), (doc.width, 0), (doc.width, doc.height), (0, doc.height)]:
        x, y = (u - doc.width / 2) * s, (v - doc.height / 2) * s
        x, y = x * math.cos(rad) - y * math.sin(rad), x * math.sin(rad) + y * math.cos(rad)
        jit = persp * max(W, H)
        dst.append((cx + x + rng.uniform(-jit, jit) * 0.5, cy + y + rng.uniform(-jit, jit) * 0.5))
    # the whole document stays in the frame: pull the corners in if the tilt pushed one out
    xs, ys = [p[0] for p in dst], [p[1] for p in dst]
    margin = 0.01 * max(W, H)
    k = min(1.0, *[(W / 2 - margin) / max(1e-6, abs(x - W / 2)) for x in xs],
            *[(H / 2 - margin) / max(1e-6, abs(y - H / 2)) for y in ys])
    dst = [(W / 2 + (x - W / 2) * k, H / 2 + (y - H / 2) * k) for x, y in dst]
    src = [(0, 0), (doc.width, 0), (doc.width, doc.height), (0, doc.height)]
    warped = doc.transform((W, H), Image.PERSPECTIVE, _coeffs(dst, src), Image.BICUBIC)
    photo = _surface(rng, W, H)
    photo.paste(warped.convert("RGB"), (0, 0), warped.getchannel("A"))
    meta.update({"long_side": long_side, "angle": round(angle, 2), "perspective": round(persp, 3),
                 "fill": round(fill, 2)})
    photo, light = _light(rng, photo)
    meta.update(light)
    blur = rng.choice([0, 0, 0.4, 0.7, 1.0, 1.3]) * (long_side / 2000)
    if blur:
        photo = photo.filter(ImageFilter.GaussianBlur(blur))
    noise = rng.uniform(1.5, 7)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = np.asarray(photo, np.float32) + nrng.normal(0, noise, (H, W, 1)).astype(np.float32)
    photo = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    meta.update({"blur": round(blur, 2), "noise": round(noise, 2)})
    turn = 0
    if rng.random() < 0.08:
        turn = rng.choice([90, 270])
        photo = photo.transpose(Image.ROTATE_90 if turn == 90 else Image.ROTATE_270)
    meta["quarter_turn"] = turn
    meta["jpeg_quality"] = rng.randrange(40, 80)
    return photo, meta


def _light(rng, photo):
    """A smooth brightness field, warm or cold cast, and sometimes a hand/phone shadow."""
    W, H = photo.size
    nrng = np.random.default_rng(rng.randrange(2**32))
    field = nrng.uniform(0.7, 1.12, (3, 3)).astype(np.float32)
    f = np.asarray(Image.fromarray((field * 100).astype(np.uint8)).resize((W, H), Image.BICUBIC), np.float32) / 100
    cast = np.array([rng.uniform(0.95, 1.05), 1.0, rng.uniform(0.9, 1.05)], np.float32)
    arr = np.asarray(photo, np.float32) * f[..., None] * cast
    shadow = 0.0
    if rng.random() < 0.35:
        shadow = rng.uniform(0.15, 0.4)
        y, x = np.mgrid[0:H, 0:W].astype(np.float32)
        ang = rng.uniform(0, 2 * math.pi)
        d = (x - W / 2) * math.cos(ang) + (y - H / 2) * math.sin(ang) - rng.uniform(0.1, 0.4) * min(W, H)
        soft = 1 / (1 + np.exp(-d / (0.03 * min(W, H))))
        arr *= (1 - shadow * soft)[..., None]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8)), {"light": [round(float(v), 2) for v in field.ravel()],
                                                                "shadow": round(shadow, 2)}
