"""The printed pages: page 1 (注册登记摘要信息栏), page 2 (机动车登记信息栏) as a grid or
stacked, and the laser-printed two-column table. Each returns (image, notes)."""

from PIL import Image, ImageDraw

import draw
from values import API_LABELS

# Page-2 labels as printed, by their printed number (the API label index).
PRINTED = {1: "机动车所有人/身份证明名称/号码", 2: "登记机关", 3: "登记日期", 4: "机动车登记编号",
           5: "车辆类型", 6: "车辆品牌", 7: "车辆型号", 8: "车身颜色", 9: "车辆识别代号/车架号",
           10: "国产/进口", 11: "发动机号", 12: "发动机型号", 13: "燃料种类", 14: "排量/功率",
           15: "制造厂名称", 16: "转向形式", 17: "轮距", 18: "轮胎数", 19: "轮胎规格", 20: "钢板弹簧片数",
           21: "轴距", 22: "轴数", 23: "外廓尺寸", 24: "货厢内部尺寸", 25: "总质量", 26: "核定载质量",
           27: "核定载客", 28: "准牵引总质量", 29: "驾驶室载客", 30: "使用性质", 31: "车辆获得方式",
           32: "车辆出厂日期", 33: "发证机关章", 34: "发证日期"}
# Where a long label wraps in a narrow cell (after the number, if printed).
BREAKS = {9: "车辆识别代号", 12: "发动机", 15: "制造厂", 20: "钢板", 24: "货厢", 26: "核定", 28: "准牵",
          29: "驾驶室", 31: "车辆", 32: "车辆", 33: "发证", 1: "机动车所有人/"}
# Page 2 as rows of printed numbers; 15 spans the row; 33 is the seal cell over two rows.
P2_ROWS = [(5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15,), (16, 17), (18, 19), (20, 21), (22, 23),
           (24, 25), (26, 27), (28, 29), (30, 31), (32, 33), (34, None)]
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦ"


def style(rng, faces, dots):
    """The print of one certificate: faces, colours, numbering, ink."""
    label_faces = [f for f in faces if f in draw.LABEL_FACES] or faces
    return {
        "label_face": rng.choice(label_faces),
        "value_face": rng.choice(faces),
        "dots": dots,
        "label_color": rng.choice([(20, 20, 20), (30, 60, 40), (15, 35, 30), (40, 40, 45)]),
        "value_color": rng.choice([(15, 15, 20), (35, 35, 45), (20, 25, 60)]) if not dots else
        rng.choice([(25, 25, 35), (40, 40, 50), (20, 20, 40)]),
        "rule_color": rng.choice([(40, 90, 60), (30, 30, 30), (60, 110, 80)]),
        "numbered": rng.random() < 0.85,
        "value_opacity": rng.uniform(0.85, 1.0),
    }


def label_text(n, st, rng):
    if n >= 5 or n == 1 or n in (2, 3, 4):
        return ("%d." % n if st["numbered"] else "") + PRINTED[n]
    return PRINTED[n]


def _label(page, box, n, st, size, rng, text=None):
    text = text or label_text(n, st, rng)
    num = "%d." % n if st["numbered"] else ""
    breaks = [num + BREAKS[n]] if n in BREAKS else []
    return draw.fit_text(page, box, text, st["label_face"], size, st["label_color"], rng,
                         wrap=True, breaks=breaks)


def _value(page, box, text, st, size, rng, offset=(0, 0)):
    return draw.fit_text(page, box, text, st["value_face"], size, st["value_color"], rng,
                         wrap=rng.random() < 0.5, dots=st["dots"], offset=offset, opacity=st["value_opacity"])


def page_size(rng):
    W = rng.randrange(1150, 1450)
    return W, int(W * rng.uniform(1.32, 1.45))


def page2(rng, cert, st, size_wh, layout="grid", shift=(0.0, 0.0), seal_on=True):
    """Page 2 as a 4-column grid (`grid`) or with values below labels (`stacked`)."""
    W, H = size_wh
    page = draw.paper(W, H, rng, (rng.randrange(224, 240), rng.randrange(234, 246), rng.randrange(220, 232)), True)
    d = ImageDraw.Draw(page)
    mx, top = int(W * rng.uniform(0.04, 0.07)), int(H * rng.uniform(0.07, 0.1))
    bottom = H - int(H * rng.uniform(0.03, 0.06))
    title = draw.text_mask("机动车登记信息栏", st["label_face"], W * 0.038)
    draw.ink(page, title, ((W - title.width) / 2, top * 0.3), st["label_color"])
    tw = W - 2 * mx
    notes = {"fits": {}}
    stacked = layout == "stacked"
    n_rows = len(P2_ROWS) * (2 if stacked else 1)
    row_h = (bottom - top) / n_rows
    lw = [tw * rng.uniform(0.13, 0.22), tw * rng.uniform(0.13, 0.22)]
    if stacked:
        split = tw * rng.uniform(0.42, 0.58)
        cols = [mx, mx + split, mx + tw]
    else:
        vw1 = (tw - lw[0] - lw[1]) * rng.uniform(0.45, 0.62)
        cols = [mx, mx + lw[0], mx + lw[0] + vw1, mx + lw[0] + vw1 + lw[1], mx + tw]
    size = row_h * (rng.uniform(0.62, 0.8) if stacked else rng.uniform(0.33, 0.44))
    size = min(size, W * 0.03)
    vsize = size * rng.uniform(0.95, 1.12)
    rule_w = max(1, int(W / 600))
    off = (shift[0] * (cols[2] - cols[1]), shift[1] * row_h)
    seal_box = None
    for i, row in enumerate(P2_ROWS):
        if stacked:
            y0, y1, y2 = top + 2 * i * row_h, top + (2 * i + 1) * row_h, top + (2 * i + 2) * row_h
            cells = [(cols[0], cols[2])] if len(row) == 1 else [(cols[0], cols[1]), (cols[1], cols[2])]
            for n, (xa, xb) in zip(row, cells):
                if n is None:
                    d.rectangle((xa, y0, xb, y2), outline=st["rule_color"], width=rule_w)
                    continue
                d.rectangle((xa, y0, xb, y1), outline=st["rule_color"], width=rule_w)
                d.rectangle((xa, y1, xb, y2), outline=st["rule_color"], width=rule_w)
                _label(page, (xa, y0, xb, y1), n, st, size, rng)
                if n == 33:
                    seal_box = (xa, y1, xb, y2)
                else:
                    notes["fits"][n] = _value(page, (xa, y1, xb, y2), cert[API_LABELS[n]], st, vsize, rng, off)
            continue
        y0, y1 = top + i * row_h, top + (i + 1) * row_h
        pairs = [(row[0], cols[0], cols[1], cols[4])] if len(row) == 1 else \
            [(row[0], cols[0], cols[1], cols[2]), (row[1], cols[2], cols[3], cols[4])]
        for n, xa, xb, xc in pairs:
            if n is None:
                continue
            d.rectangle((xa, y0, xb, y1), outline=st["rule_color"], width=rule_w)
            _label(page, (xa, y0, xb, y1), n, st, size, rng)
            if n == 33:
                seal_box = (xb, y0, xc, y1 + row_h)
                d.rectangle(seal_box, outline=st["rule_color"], width=rule_w)
                continue
            d.rectangle((xb, y0, xc, y1), outline=st["rule_color"], width=rule_w)
            notes["fits"][n] = _value(page, (xb, y0, xc, y1), cert[API_LABELS[n]], st, vsize, rng, off)
    if not stacked:  # the empty cell under label 33, beside the seal
        d.rectangle((cols[2], bottom - row_h, cols[3], bottom), outline=st["rule_color"], width=rule_w)
    d.rectangle((mx, top, mx + tw, bottom), outline=st["rule_color"], width=rule_w * 2)
    notes["seal"] = None
    if seal_on:
        dia = W * rng.uniform(0.24, 0.32)
        cx = (seal_box[0] + seal_box[2]) / 2 + rng.uniform(-0.25, 0.25) * (seal_box[2] - seal_box[0])
        cy = (seal_box[1] + seal_box[3]) / 2 + rng.uniform(-0.3, 0.2) * (seal_box[3] - seal_box[1])
        cx = min(max(cx, dia / 2 + 4), W - dia / 2 - 4)
        cy = min(cy, H - dia / 2 - 4)
        draw.stamp(page, draw.seal(cert["_seal"], dia, rng.choice(st["seal_faces"]), rng), (cx, cy))
        notes["seal"] = cert["_seal"]
    notes["size"] = (W, H)
    return page, notes


def page1(rng, cert, st, size_wh, header_number):
    """Page 1: title, certificate number, and the blocks Ⅰ 注册登记 to Ⅶ 转移登记."""
    W, H = size_wh
    page = draw.paper(W, H, rng, (rng.randrange(224, 240), rng.randrange(234, 246), rng.randrange(220, 232)), True)
    d = ImageDraw.Draw(page)
    mx = int(W * rng.uniform(0.04, 0.07))
    size = W * rng.uniform(0.023, 0.028)
    number = cert["登记编号"]
    y = H * 0.015
    if header_number:
        color = rng.choice([(200, 40, 40), (180, 30, 30), (20, 20, 20)])
        m = draw.text_mask("NO. " + number, rng.choice(st["digit_faces"]), size * 1.15)
        draw.ink(page, m, (W - mx - m.width * rng.uniform(1.0, 1.3), y), color)
        y += m.height * 1.05
    title = draw.text_mask("机动车登记证书", st["label_face"], W * rng.uniform(0.05, 0.065))
    draw.ink(page, title, ((W - title.width) / 2, y), st["label_color"])
    y += title.height * 1.1
    sub = draw.text_mask("注册登记摘要信息栏", st["label_face"], size * 1.2)
    draw.ink(page, sub, ((W - sub.width) / 2, y), st["label_color"])
    y += sub.height * 1.2
    tw = W - 2 * mx
    rule_w = max(1, int(W / 600))
    notes = {"fits": {}}
    if not header_number and rng.random() < 0.5:  # the number beside its label
        lb = (mx, y, mx + tw * rng.uniform(0.2, 0.28), y + size * 2)
        d.rectangle((mx, y, mx + tw, lb[3]), outline=st["rule_color"], width=rule_w)
        d.line((lb[2], lb[1], lb[2], lb[3]), fill=st["rule_color"], width=rule_w)
        draw.fit_text(page, lb, "登记证书编号", st["label_face"], size, st["label_color"], rng)
        _value(page, (lb[2], lb[1], mx + tw, lb[3]), number, st, size * 1.05, rng)
        y = lb[3] + size * 0.6
        notes["number_at"] = "beside"
    elif not header_number:  # the number under its label, at the right of the page
        x0 = mx + tw * rng.uniform(0.55, 0.65)
        lb = (x0, y, mx + tw, y + size * 1.7)
        vb = (x0, lb[3], mx + tw, lb[3] + size * 1.8)
        d.rectangle((x0, y, mx + tw, vb[3]), outline=st["rule_color"], width=rule_w)
        d.line((x0, lb[3], mx + tw, lb[3]), fill=st["rule_color"], width=rule_w)
        draw.fit_text(page, lb, "登记证书编号", st["label_face"], size, st["label_color"], rng)
        _value(page, vb, number, st, size * 1.05, rng)
        y = vb[3] + size * 0.6
        notes["number_at"] = "under"
    else:
        notes["number_at"] = "header"
    bottom = H - H * rng.uniform(0.03, 0.05)
    block_h = (bottom - y) / 7
    row_h = block_h / 2
    bw = tw * rng.uniform(0.07, 0.1)
    lw = (tw - bw) * rng.uniform(0.12, 0.16)
    rest = tw - bw - 3 * lw
    vws = [rest * rng.uniform(0.38, 0.46), rest * rng.uniform(0.24, 0.28)]
    vws.append(rest - sum(vws))
    xs = [mx + bw]
    for vw in vws:
        xs += [xs[-1] + lw, xs[-1] + lw + vw]
    for b in range(7):
        y0 = y + b * block_h
        d.rectangle((mx, y0, mx + tw, y0 + block_h), outline=st["rule_color"], width=rule_w)
        d.line((mx + bw, y0, mx + bw, y0 + block_h), fill=st["rule_color"], width=rule_w)
        d.line((mx + bw, y0 + row_h, mx + tw, y0 + row_h), fill=st["rule_color"], width=rule_w)
        words = ROMAN[b] + ("注册登记" if b == 0 else "转移登记")
        ch = min(bw * 0.45, block_h / (len(words) + 1))
        for k, c in enumerate(words):
            m = draw.text_mask(c, st["roman_face"] if k == 0 else st["label_face"], ch)
            draw.ink(page, m, (mx + (bw - m.width) / 2, y0 + (block_h - ch * 1.15 * len(words)) / 2 + k * ch * 1.15),
                     st["label_color"])
        data = cert if b == 0 else (cert["_transfer"] if b == 1 and cert["_transfer"] else {})
        nums = [1, 2, 3, 4] if b == 0 else [None] * 4
        keys = API_LABELS[1:5]
        for k in range(4):
            n = [1, 2, 3, 4][k]
            text = label_text(n, st, rng) if b == 0 else PRINTED[n]
            if k == 0:
                lbox = (xs[0], y0, xs[0] + lw * rng.uniform(1.4, 1.9), y0 + row_h)
                vbox = (lbox[2], y0, mx + tw, y0 + row_h)
            else:
                lbox = (xs[2 * k - 2], y0 + row_h, xs[2 * k - 1], y0 + block_h)
                vbox = (xs[2 * k - 1], y0 + row_h, xs[2 * k], y0 + block_h)
            d.line((lbox[2], lbox[1], lbox[2], lbox[3]), fill=st["rule_color"], width=rule_w)
            if k < 3 and k > 0:
                d.line((vbox[2], vbox[1], vbox[2], vbox[3]), fill=st["rule_color"], width=rule_w)
            _label(page, lbox, n, st, size * (1 if b == 0 else 0.95), rng, text=text)
            val = data.get(keys[k], "")
            fit = _value(page, vbox, val, st, size * 1.05, rng)
            if b == 0:
                notes["fits"][nums[k]] = fit
    notes["size"] = (W, H)
    return page, notes


def table(rng, cert, st, seal_on):
    """A laser printout: two columns, label | value, every label; 发证机关 in plain text."""
    W = rng.randrange(1240, 1500)
    H = int(W * 1.414)
    page = draw.paper(W, H, rng, (rng.randrange(245, 255),) * 3, False)
    d = ImageDraw.Draw(page)
    mx, top = int(W * rng.uniform(0.07, 0.11)), int(H * rng.uniform(0.08, 0.12))
    title = draw.text_mask(rng.choice(["机动车登记证书信息", "机动车登记证书", "机动车登记信息表"]), st["label_face"], W * 0.032)
    draw.ink(page, title, ((W - title.width) / 2, top * 0.45), (10, 10, 10))
    numbered = rng.random() < 0.5
    rows = [(0, "登记证书编号")] + [(n, label_text(n, st, rng) if numbered else PRINTED[n]) for n in range(1, 33)] + \
        [(33, rng.choice(["发证机关", "发证机关章"])), (34, PRINTED[34])]
    bottom = H - int(H * rng.uniform(0.05, 0.09))
    row_h = (bottom - top) / len(rows)
    lw = (W - 2 * mx) * rng.uniform(0.3, 0.4)
    size = row_h * rng.uniform(0.48, 0.6)
    rule_w = max(1, int(W / 700))
    notes = {"fits": {}}
    texts = dict(cert)
    texts["发证机关章"] = cert["_seal"]
    for i, (n, text) in enumerate(rows):
        y0, y1 = top + i * row_h, top + (i + 1) * row_h
        d.rectangle((mx, y0, mx + lw, y1), outline=(30, 30, 30), width=rule_w)
        d.rectangle((mx + lw, y0, W - mx, y1), outline=(30, 30, 30), width=rule_w)
        draw.fit_text(page, (mx, y0, mx + lw, y1), text, st["label_face"], size, (10, 10, 10), rng, wrap=False)
        notes["fits"][n] = draw.fit_text(page, (mx + lw, y0, W - mx, y1), texts[API_LABELS[n]], st["value_face"],
                                         size, (10, 10, 10), rng, wrap=False)
        if n == 33:
            seal_y = (y0 + y1) / 2
    notes["seal"] = cert["_seal"]
    if seal_on:
        dia = W * rng.uniform(0.17, 0.22)
        draw.stamp(page, draw.seal(cert["_seal"], dia, rng.choice(st["seal_faces"]), rng),
                   (W - mx - dia * rng.uniform(0.5, 1.2), seal_y + rng.uniform(-1, 1) * row_h))
    notes["size"] = (W, H)
    return page, notes


def booklet(rng, left, right):
    """The open booklet: two pages on the green cover, a gutter between them."""
    h = max(left.height, right.height)
    margin = int(h * 0.025)
    gutter = int(h * 0.01)
    W = left.width + right.width + 2 * margin + gutter
    cover = Image.new("RGB", (W, h + 2 * margin), rng.choice([(38, 72, 48), (30, 60, 42), (48, 80, 55)]))
    cover.paste(left, (margin, margin))
    cover.paste(right, (margin + left.width + gutter, margin + (h - right.height)))
    return cover, margin + left.width + gutter // 2
