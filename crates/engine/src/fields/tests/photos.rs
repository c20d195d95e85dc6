//! Extraction on lines as read off photos: seal ink over a value, a label
//! wrapped in a narrow cell, single characters on a turned page.

use super::*;

#[test]
fn seal_text_read_with_a_value_is_cut_off() {
    // "购买" in black, then two characters of a red seal on the same line.
    let mut img = image::RgbImage::from_pixel(200, 40, image::Rgb([230, 240, 228]));
    for x in 10..90 {
        for y in 12..28 {
            if x % 3 != 0 {
                img.put_pixel(x, y, image::Rgb([25, 25, 40]));
            }
        }
    }
    for x in 90..170 {
        for y in 12..28 {
            if x % 3 != 0 {
                img.put_pixel(x, y, image::Rgb([205, 40, 50]));
            }
        }
    }
    let line = TextLine {
        text: "购买局交".into(),
        score: 0.9,
        quad: [[10.0, 10.0], [170.0, 10.0], [170.0, 30.0], [10.0, 30.0]],
    };
    let kept = without_red(&img, std::slice::from_ref(&line));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].text, "购买");
    assert!(
        (kept[0].quad[1][0] - 90.0).abs() < 1.0,
        "{:?}",
        kept[0].quad
    );
    // Red throughout: the line goes.
    let seal = TextLine {
        text: "局交".into(),
        quad: [[90.0, 10.0], [170.0, 10.0], [170.0, 30.0], [90.0, 30.0]],
        ..line
    };
    assert!(without_red(&img, std::slice::from_ref(&seal)).is_empty());
    // A certificate number printed in red is kept.
    let number = TextLine {
        text: "110099001201".into(),
        ..seal
    };
    assert_eq!(without_red(&img, std::slice::from_ref(&number)).len(), 1);
    // Black throughout: unchanged.
    let black = TextLine {
        text: "购买".into(),
        score: 0.9,
        quad: [[10.0, 10.0], [90.0, 10.0], [90.0, 30.0], [10.0, 30.0]],
    };
    assert_eq!(without_red(&img, std::slice::from_ref(&black)), vec![black]);
}

#[test]
fn a_wrapped_label_leaves_no_slash_in_its_value() {
    // 14.排量/ over 功率 in a narrow label cell, the value beside them (as
    // read on a booklet photo): the label's slash is no part of the value.
    let lines = vec![
        at("13.燃料种类", 50.0, 100.0),
        at("柴油", 200.0, 100.0),
        at("14.排量/", 450.0, 92.0),
        at("8424ml/258kw", 560.0, 106.0),
        at("功率", 450.0, 118.0),
        at("15.制造厂名称", 50.0, 180.0),
        at("宇通客车股份有限公司", 220.0, 180.0),
    ];
    let ex = extract(&lines, 900, 400);
    assert_eq!(content(&ex, Label::DisplacementPower), "8424ml/258kw");
    assert_eq!(content(&ex, Label::FuelType), "柴油");
}

#[test]
fn single_digits_beside_their_labels_on_a_tilted_page() {
    // Booklet photo turned about 14°: the digits are read as boxes square
    // to the image, the labels along the page.
    let q = |text: &str, quad: [[f32; 2]; 4]| TextLine {
        text: text.to_owned(),
        score: 0.99,
        quad,
    };
    let lines = vec![
        q(
            "16.转向形式",
            [
                [1132.0, 735.0],
                [1261.0, 768.0],
                [1252.0, 803.0],
                [1124.0, 771.0],
            ],
        ),
        q(
            "方向把",
            [
                [1272.0, 771.0],
                [1349.0, 792.0],
                [1340.0, 829.0],
                [1262.0, 808.0],
            ],
        ),
        q(
            "18.轮胎数",
            [
                [1117.0, 793.0],
                [1227.0, 821.0],
                [1217.0, 858.0],
                [1107.0, 829.0],
            ],
        ),
        q(
            "2",
            [
                [1254.0, 836.0],
                [1279.0, 836.0],
                [1279.0, 867.0],
                [1254.0, 867.0],
            ],
        ),
        q(
            "17.轮距",
            [
                [1499.0, 833.0],
                [1589.0, 857.0],
                [1579.0, 893.0],
                [1490.0, 869.0],
            ],
        ),
        q(
            "20.钢板弹簧片数-",
            [
                [1104.0, 853.0],
                [1265.0, 894.0],
                [1257.0, 928.0],
                [1095.0, 887.0],
            ],
        ),
        q(
            "19.轮",
            [
                [1490.0, 879.0],
                [1556.0, 899.0],
                [1546.0, 934.0],
                [1479.0, 914.0],
            ],
        ),
        q(
            "22.轴数",
            [
                [1090.0, 911.0],
                [1178.0, 933.0],
                [1169.0, 969.0],
                [1081.0, 946.0],
            ],
        ),
        q(
            "胎规格",
            [
                [1481.0, 904.0],
                [1560.0, 924.0],
                [1551.0, 962.0],
                [1472.0, 942.0],
            ],
        ),
        q(
            "100/80-17",
            [
                [1580.0, 920.0],
                [1690.0, 951.0],
                [1681.0, 984.0],
                [1571.0, 954.0],
            ],
        ),
        q(
            "2",
            [
                [1225.0, 953.0],
                [1252.0, 953.0],
                [1252.0, 983.0],
                [1225.0, 983.0],
            ],
        ),
        q(
            "21.轴距",
            [
                [1470.0, 949.0],
                [1560.0, 973.0],
                [1551.0, 1010.0],
                [1460.0, 986.0],
            ],
        ),
        q(
            "24.货厢内部尺寸",
            [
                [1078.0, 969.0],
                [1219.0, 1004.0],
                [1210.0, 1039.0],
                [1069.0, 1004.0],
            ],
        ),
    ];
    let ex = extract(&lines, 2088, 1597);
    assert_eq!(content(&ex, Label::Steering), "方向把");
    assert_eq!(content(&ex, Label::TireCount), "2");
    assert_eq!(content(&ex, Label::AxleCount), "2");
}
