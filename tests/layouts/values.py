"""Fictional but valid certificate contents: the strings as printed on the paper.

`certificate(rng)` gives one certificate as a dict label → printed text, using
the API's labels (`登记编号`, `机动车所有人V身份证名称V号码`, ..., `发证日期`), plus
a few keys about how it is printed (`_kind`, `_seal`, `_transfer`).
Identity numbers carry valid check characters: VIN (GB 16735), 居民身份证
(GB 11643), 统一社会信用代码 (GB 32100).
"""

import datetime

# The API's labels in order (crates/model/src/labels.rs, `Label::ALL`).
API_LABELS = [
    "登记编号", "机动车所有人V身份证名称V号码", "登记机关", "登记日期", "机动车登记编号",
    "车辆类型", "车辆品牌", "车辆型号", "车身颜色", "车辆识别代号V车架号", "国产V进口",
    "发动机号", "发动机型号", "燃料种类", "排量V功率", "制造厂名称", "转向形式", "轮距",
    "轮胎数", "轮胎规格", "钢板弹簧片数", "轴距", "轴数", "外廓尺寸", "货厢内部尺寸",
    "总质量", "核定载质量", "核定载客", "准牵引总质量", "驾驶室载客", "使用性质",
    "车辆获得方式", "车辆出厂日期", "发证机关章", "发证日期",
]
PAGE1 = API_LABELS[:5]
PAGE2 = API_LABELS[5:]

# (plate prefix, city, 居民身份证 area code, credit-code area code)
CITIES = [
    ("粤A", "广州市", "440104", "440101"), ("粤B", "深圳市", "440304", "440300"),
    ("京A", "北京市", "110105", "110105"), ("沪A", "上海市", "310115", "310115"),
    ("浙A", "杭州市", "330106", "330100"), ("苏E", "苏州市", "320505", "320500"),
    ("川A", "成都市", "510107", "510100"), ("鄂A", "武汉市", "420106", "420100"),
    ("鲁B", "青岛市", "370212", "370200"), ("湘A", "长沙市", "430104", "430100"),
    ("豫A", "郑州市", "410105", "410100"), ("陕A", "西安市", "610113", "610100"),
    ("闽D", "厦门市", "350203", "350200"), ("辽B", "大连市", "210204", "210200"),
    ("冀A", "石家庄市", "130102", "130100"), ("皖A", "合肥市", "340104", "340100"),
    ("津A", "天津市", "120101", "120101"), ("渝A", "重庆市", "500103", "500103"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红文斌宇浩凯晨欣怡子涵梓萱俊杰雨轩思远海燕晓东"
COMPANY_WORDS = ["恒通", "远达", "鑫源", "华信", "中和", "瑞丰", "宏运", "安捷", "德茂", "金桥", "顺安", "新程"]
COMPANY_KINDS = ["物流有限公司", "客运有限公司", "汽车租赁有限公司", "贸易有限公司", "建设工程有限公司",
                 "运输有限公司", "科技有限公司", "客运集团有限公司"]

VIN_VALUES = {**{str(d): d for d in range(10)},
              **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
              "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010 is A ... 2030 is Y, 2031 is 1
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def vin(rng, wmi, year):
    """A 17-character VIN with the GB 16735 check digit at position 9."""
    body = wmi + "".join(rng.choice(VIN_CHARS) for _ in range(5))
    tail = VIN_YEARS[(year - 2010) % 30] + rng.choice("ABCDEFGHJKLMN0123456789") + \
        "".join(rng.choice("0123456789") for _ in range(6))
    total = sum(VIN_VALUES[c] * w for c, w in zip(body + "0" + tail, VIN_WEIGHTS))
    check = "X" if total % 11 == 10 else str(total % 11)
    return body + check + tail


def resident_id(rng, area, born):
    """An 18-digit 居民身份证 number with its GB 11643 check character."""
    head = area + born.strftime("%Y%m%d") + "%03d" % rng.randrange(1, 999)
    total = sum(int(c) * w for c, w in zip(head, ID_WEIGHTS))
    return head + "10X98765432"[total % 11]


def credit_code(rng, area):
    """An 18-character 统一社会信用代码 with its GB 32100 check character."""
    head = "91" + area + "".join(rng.choice(USCC) for _ in range(9))
    total = sum(USCC.index(c) * w for c, w in zip(head, USCC_WEIGHTS))
    return head + USCC[(31 - total % 31) % 31]


def date_text(rng, d, style):
    if style == "cn":
        return "%d年%02d月%02d日" % (d.year, d.month, d.day)
    return d.strftime("%Y-%m-%d")


def _serial(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


# Per vehicle kind: vehicle types, brands with WMI, fuels, ranges.
KINDS = {
    "sedan": dict(types=["小型轿车"], brands=[("大众汽车牌", "LSV", "SVW7"), ("丰田牌", "LFM", "TV7"),
                  ("本田牌", "LHG", "HG7"), ("吉利牌", "L6T", "MR7"), ("别克牌", "LSG", "SGM7")]),
    "suv": dict(types=["小型普通客车", "小型越野客车"], brands=[("哈弗牌", "LGW", "CC6"), ("长安牌", "LS5", "SC6"),
                ("传祺牌", "LMG", "GAC6"), ("奇瑞牌", "LVV", "SQR6")]),
    "ev": dict(types=["小型轿车", "小型普通客车"], brands=[("比亚迪牌", "LGX", "BYD7"), ("埃安牌", "LNA", "GAM7"),
               ("小鹏牌", "L1N", "NHQ7"), ("蔚来牌", "LJ1", "HFC6")]),
    "truck": dict(types=["重型厢式货车", "中型普通货车", "轻型厢式货车", "重型自卸货车"],
                  brands=[("解放牌", "LFW", "CA5"), ("东风牌", "LGA", "DFH5"), ("福田牌", "LVB", "BJ5"),
                          ("江淮牌", "LJ1", "HFC5")]),
    "tractor": dict(types=["重型半挂牵引车"], brands=[("解放牌", "LFW", "CA4"), ("陕汽牌", "LZG", "SX4"),
                    ("重汽牌", "LZZ", "ZZ4")]),
    "bus": dict(types=["大型普通客车", "中型普通客车", "大型专用校车"], brands=[("宇通牌", "LZY", "ZK6"),
                ("金龙牌", "LKL", "XMQ6"), ("中通牌", "LDY", "LCK6")]),
    "motorcycle": dict(types=["普通二轮摩托车", "普通正三轮摩托车"], brands=[("豪爵牌", "LC6", "HJ1"),
                       ("新大洲本田牌", "LWB", "SDH1"), ("宗申牌", "LZS", "ZS1")]),
    "trailer": dict(types=["重型仓栅式半挂车", "重型平板半挂车", "重型罐式半挂车"], brands=[("中集牌", "LJR", "ZJV9"),
                    ("华骏牌", "LA9", "ZCZ9")]),
}
COLORS = ["白", "黑", "灰", "银", "红", "蓝", "白/蓝", "黄", "绿", "棕"]
MANUFACTURERS = {"大众汽车牌": "上汽大众汽车有限公司", "丰田牌": "广汽丰田汽车有限公司", "本田牌": "广汽本田汽车有限公司",
                 "吉利牌": "浙江吉利汽车有限公司", "别克牌": "上汽通用汽车有限公司", "哈弗牌": "长城汽车股份有限公司",
                 "长安牌": "重庆长安汽车股份有限公司", "传祺牌": "广汽乘用车有限公司", "奇瑞牌": "奇瑞汽车股份有限公司",
                 "比亚迪牌": "比亚迪汽车工业有限公司", "埃安牌": "广汽埃安新能源汽车股份有限公司",
                 "小鹏牌": "肇庆小鹏新能源投资有限公司", "蔚来牌": "安徽江淮汽车集团股份有限公司",
                 "解放牌": "一汽解放汽车有限公司", "东风牌": "东风商用车有限公司", "福田牌": "北汽福田汽车股份有限公司",
                 "江淮牌": "安徽江淮汽车集团股份有限公司", "陕汽牌": "陕西汽车集团股份有限公司",
                 "重汽牌": "中国重型汽车集团有限公司", "宇通牌": "宇通客车股份有限公司", "金龙牌": "厦门金龙联合汽车工业有限公司",
                 "中通牌": "中通客车股份有限公司", "豪爵牌": "江门市大长江集团有限公司",
                 "新大洲本田牌": "新大洲本田摩托有限公司", "宗申牌": "重庆宗申机车工业制造有限公司",
                 "中集牌": "驻马店中集华骏车辆有限公司", "华骏牌": "华骏车辆有限公司"}
TIRES = {"sedan": ["205/55R16 91V", "215/55 R17 94V", "195/65R15 91H", "225/45R18 95W"],
         "suv": ["225/65R17 102H", "235/55 R19 101V", "225/60R18 100H"],
         "ev": ["215/55R17 94V", "235/45R18 94W", "225/60R18 100V"],
         "truck": ["295/80R22.5", "11R22.5 16PR", "7.50R16LT 14PR", "12R22.5"],
         "tractor": ["295/80R22.5", "12R22.5 18PR"], "bus": ["295/80R22.5", "275/70R22.5", "245/70R19.5"],
         "motorcycle": ["90/90-18", "2.75-18", "100/80-17"], "trailer": ["11R22.5 16PR", "12R22.5"]}


def _blank(rng, unit=""):
    return rng.choice(["--", "--", "-", "", unit or "--", "—"])


def certificate(rng, kind):
    """One certificate of a vehicle kind: label → printed text, plus `_` keys."""
    spec = KINDS[kind]
    plate_prefix, city, id_area, code_area = rng.choice(CITIES)
    reg = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 14))
    made = reg - datetime.timedelta(days=rng.randrange(8, 260))
    date_style = "cn" if rng.random() < 0.12 else "iso"
    vtype = rng.choice(spec["types"])
    brand, wmi, model_head = rng.choice(spec["brands"])
    imported = kind in ("sedan", "suv") and rng.random() < 0.15
    authority = city + rng.choice(["公安局交通警察支队车辆管理所", "公安局交通警察支队", "公安局交通管理局车辆管理所"])
    if rng.random() < 0.5:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        born = datetime.date(1955, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 45))
        owner = (name, "居民身份证", resident_id(rng, id_area, born))
    else:
        name = city[:-1] + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)
        owner = (name, "统一社会信用代码", credit_code(rng, code_area))
    digits = list(_serial(rng, "0123456789", 4))
    if rng.random() < 0.4:
        digits[rng.randrange(4)] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    plate_tail = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "".join(digits)
    if kind == "ev":
        plate_tail = rng.choice("DF") + _serial(rng, "0123456789", 5)
    if kind == "trailer":
        plate_tail = plate_tail[:4] + "挂"
    c = {
        "登记编号": "%02d%010d" % (int(id_area[:2]), rng.randrange(10**9, 10**10)),
        "机动车所有人V身份证名称V号码": "/".join(owner),
        "登记机关": authority,
        "登记日期": date_text(rng, reg, date_style),
        "机动车登记编号": plate_prefix + plate_tail,
        "车辆类型": vtype,
        "车辆品牌": brand,
        "车辆型号": model_head + _serial(rng, "0123456789", 3) + _serial(rng, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789", rng.randrange(1, 5)),
        "车身颜色": rng.choice(COLORS),
        "车辆识别代号V车架号": vin(rng, rng.choice(["WVW", "JTD", "WBA", "5YJ"]) if imported else wmi, made.year),
        "国产V进口": "进口" if imported else "国产",
        "制造厂名称": MANUFACTURERS[brand],
        "转向形式": "方向把" if kind == "motorcycle" else "方向盘",
        "轮胎规格": rng.choice(TIRES[kind]),
        "使用性质": "非营运",
        "车辆获得方式": rng.choice(["购买", "购买", "购买", "购买", "赠予", "继承", "境外自带", "调拨"]),
        "车辆出厂日期": date_text(rng, made, date_style),
        "发证日期": date_text(rng, reg if rng.random() < 0.85 else reg + datetime.timedelta(days=rng.randrange(1, 9)), date_style),
        "_kind": kind,
    }
    _mechanics(rng, kind, c)
    c["_seal"] = authority if rng.random() < 0.85 else rng.choice(CITIES)[1] + "公安局交通警察支队车辆管理所"
    c["_transfer"] = None
    if rng.random() < 0.2:
        p2, city2, a2, _ = rng.choice(CITIES)
        n2 = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        born2 = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 40))
        later = reg + datetime.timedelta(days=rng.randrange(200, 2000))
        c["_transfer"] = {
            "机动车所有人V身份证名称V号码": "/".join((n2, "居民身份证", resident_id(rng, a2, born2))),
            "登记机关": city2 + "公安局交通警察支队车辆管理所",
            "登记日期": date_text(rng, later, date_style),
            "机动车登记编号": p2 + _serial(rng, "ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + _serial(rng, "0123456789", 4),
        }
    return c


def _mechanics(rng, kind, c):
    """Engine, dimensions, masses and the rest that depend on the vehicle kind."""
    r = rng.randrange
    engine_no = _serial(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", r(0, 3)) + _serial(rng, "0123456789", r(6, 9))
    dash = _blank
    if kind in ("sedan", "suv"):
        ml = rng.choice([1395, 1498, 1496, 1598, 1984, 1998, 2488])
        c.update({"发动机号": engine_no, "发动机型号": rng.choice(["EA211", "DKB", "M20C", "JLB-4G15", "L15B", "SQRE4T15C"]),
                  "燃料种类": rng.choice(["汽油"] * 6 + ["柴油", "混合油"]),
                  "排量V功率": rng.choice(["%dml/%dkw", "%dml/%dkW", "%d ml/%d kw"]) % (ml, ml // 13 + r(0, 30))})
        length, width, height = r(4300, 5000), r(1760, 1900), r(1420, 1720)
        track, wb, tires, axles, gross, seats = r(1520, 1620), r(2580, 2900), 4, 2, r(1650, 2300), 5
    elif kind == "ev":
        c.update({"发动机号": "TZ" + _serial(rng, "0123456789", 3) + "XS" + _serial(rng, "0123456789", 6),
                  "发动机型号": "TZ%dXS%s" % (r(180, 230), _serial(rng, "0123456789", 3)), "燃料种类": "电",
                  "排量V功率": rng.choice(["-/%dkw", "--/%dkw", "/%dkw"]) % r(70, 250)})
        length, width, height = r(4400, 4990), r(1800, 1950), r(1480, 1700)
        track, wb, tires, axles, gross, seats = r(1540, 1640), r(2700, 3000), 4, 2, r(1900, 2500), 5
    elif kind == "motorcycle":
        ml = rng.choice([110, 124, 149, 249])
        c.update({"发动机号": engine_no, "发动机型号": rng.choice(["JL1P52QMI", "157FMI", "162FMJ"]),
                  "燃料种类": "汽油", "排量V功率": "%dml/%.1fkw" % (ml, ml / 16.0)})
        length, width, height = r(1800, 2150), r(700, 820), r(1050, 1250)
        track, wb, tires, axles, gross, seats = 0, r(1250, 1450), 2, 2, r(250, 400), 2
    else:
        ml = rng.choice([6690, 8424, 9726, 10520, 11596, 12419])
        c.update({"发动机号": engine_no, "发动机型号": rng.choice(["WP10.336E53", "YC6L330-50", "CA6DM3-46E6", "ISF3.8s5154"]),
                  "燃料种类": rng.choice(["柴油"] * 5 + ["天然气"]), "排量V功率": "%dml/%dkw" % (ml, ml // 34 + r(0, 40))})
        length, width, height = r(6000, 12000), r(2300, 2550), r(2600, 3900)
        track, wb, tires, axles, gross, seats = r(1800, 2100), r(3800, 6200), rng.choice([6, 10]), 2, r(9000, 25000), 3
        if kind == "trailer":
            c.update({"发动机号": dash(rng), "发动机型号": dash(rng), "燃料种类": dash(rng), "排量V功率": dash(rng)})
            tires, axles, gross = 12, 3, r(35000, 40000)
    c["轮距"] = _track(rng, kind, track)
    c["轮胎数"] = str(tires)
    c["轴距"] = "%dmm" % wb if kind not in ("truck", "tractor", "trailer") or rng.random() < 0.5 else "%d+%dmm" % (wb, r(1300, 1400))
    c["轴数"] = str(axles)
    c["外廓尺寸"] = rng.choice(["长%d宽%d高%dmm", "%dx%dx%dmm", "%d×%d×%dmm", "长%d 宽%d 高%d mm"]) % (length, width, height)
    c["总质量"] = "%dkg" % gross
    heavy = kind in ("truck", "tractor", "trailer")
    c["钢板弹簧片数"] = "%d/%d" % (r(3, 11), r(3, 14)) if heavy else dash(rng)
    cargo = kind in ("truck", "trailer")
    c["货厢内部尺寸"] = "%dx%dx%dmm" % (length - r(1500, 2200), width - 80, r(600, 2400)) if cargo else dash(rng, "mm")
    c["核定载质量"] = "%dkg" % (gross * 6 // 10) if cargo else dash(rng, "kg")
    c["核定载客"] = dash(rng, "人") if kind == "trailer" else "%d人" % (r(18, 56) if kind == "bus" else seats)
    c["准牵引总质量"] = "%dkg" % r(38000, 41000) if kind == "tractor" else dash(rng, "kg")
    c["驾驶室载客"] = "%d人" % rng.choice([2, 3]) if kind in ("truck", "tractor") else dash(rng, "人")
    c["使用性质"] = {"bus": rng.choice(["公路客运", "公交客运", "旅游客运"]), "truck": "货运", "tractor": "货运",
                   "trailer": "货运"}.get(kind, rng.choice(["非营运"] * 8 + ["预约出租客运", "租赁", "出租客运"]))
    if c["车辆类型"] == "大型专用校车":
        c["使用性质"] = "幼儿校车"


def _track(rng, kind, t):
    if kind == "motorcycle":
        return rng.choice(["--", "-", "mm"])
    rear = t + rng.randrange(-20, 20)
    if kind in ("truck", "tractor", "trailer") and rng.random() < 0.4:
        return "前%d后%d/%dmm" % (t, rear, rear)
    return rng.choice(["前%dmm 后%dmm", "前%d 后%dmm", "%d/%dmm"]) % (t, rear)
