//! Extraction on hand-made lines laid out as the certificate prints them.

use super::*;

/// A horizontal line of text with its top-left corner at (x, y), each CJK
/// character `h` wide and each ASCII character half that.
fn at(text: &str, x: f32, y: f32) -> TextLine {
    let h = 20.0;
    let w: f32 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.55 * h } else { h })
        .sum();
    TextLine {
        text: text.to_owned(),
        score: 0.98,
        quad: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
    }
}

fn content(ex: &Extraction, label: Label) -> &str {
    let i = Label::ALL.iter().position(|l| *l == label).unwrap_or(0);
    ex.entries[i].content.as_deref().unwrap_or("")
}

/// Page 2's grid: rows 80 apart, labels at x 50 and 560, values at 240 and
/// 750, values shifted down by `dy`.
fn page2(dy: f32, dx: f32) -> Vec<TextLine> {
    let rows: [(&str, &str, &str, &str); 4] = [
        ("5.车辆类型", "小型轿车", "6.车辆品牌", "示例牌"),
        ("7.车辆型号", "SL7150A", "8.车身颜色", "白"),
        ("21.轴距", "2688mm", "22.轴数", "2"),
        ("25.总质量", "1820kg", "26.核定载质量", "--kg"),
    ];
    let mut out = Vec::new();
    for (r, (l1, v1, l2, v2)) in rows.iter().enumerate() {
        let y = 100.0 + 80.0 * r as f32;
        out.push(at(l1, 50.0, y));
        out.push(at(v1, 240.0 + dx, y + dy));
        out.push(at(l2, 560.0, y));
        out.push(at(v2, 750.0 + dx, y + dy));
    }
    out
}

#[test]
fn two_pairs_per_row() {
    let ex = extract(&page2(0.0, 0.0), 1100, 1400);
    assert_eq!(ex.entries.len(), 35);
    for (e, l) in ex.entries.iter().zip(Label::ALL) {
        assert_eq!(e.desc.as_deref(), Some(l.api_label()));
    }
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Brand), "示例牌");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
    assert_eq!(content(&ex, Label::BodyColor), "白");
    assert_eq!(content(&ex, Label::Wheelbase), "2688mm");
    assert_eq!(content(&ex, Label::AxleCount), "2");
    assert_eq!(content(&ex, Label::GrossMass), "1820kg");
    assert_eq!(content(&ex, Label::RatedLoad), "--kg");
}

#[test]
fn values_offset_by_almost_half_a_row_stay_with_their_label() {
    for dy in [-36.0, -20.0, 25.0, 36.0] {
        let ex = extract(&page2(dy, 30.0), 1100, 1400);
        assert_eq!(content(&ex, Label::VehicleType), "小型轿车", "dy {dy}");
        assert_eq!(content(&ex, Label::Model), "SL7150A", "dy {dy}");
        assert_eq!(content(&ex, Label::AxleCount), "2", "dy {dy}");
        assert_eq!(content(&ex, Label::RatedLoad), "--kg", "dy {dy}");
    }
}

#[test]
fn missing_value_is_empty_never_borrowed() {
    let mut lines = page2(0.0, 0.0);
    lines.retain(|l| l.text != "示例牌");
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::Brand), "");
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    // Labels not on the image at all.
    assert_eq!(content(&ex, Label::Vin), "");
    assert_eq!(content(&ex, Label::CertificateNumber), "");
    let vin = &ex.fields[Label::ALL
        .iter()
        .position(|l| *l == Label::Vin)
        .unwrap_or(0)];
    assert_eq!((vin.confidence, vin.quad), (0.0, None));
}

#[test]
fn glued_numbers_and_label_read_with_its_value() {
    let lines = vec![
        at("5.车辆类型小型轿车", 50.0, 100.0),
        at("6车辆品牌", 560.0, 100.0),
        at("示例牌", 750.0, 104.0),
        // Number read as its own box.
        at("25.", 40.0, 180.0),
        at("总质量", 80.0, 180.0),
        at("1820kg", 240.0, 185.0),
        at("28.准牵引总质量", 560.0, 180.0),
        at("--kg", 750.0, 185.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Brand), "示例牌");
    assert_eq!(content(&ex, Label::GrossMass), "1820kg");
    assert_eq!(content(&ex, Label::TowingMass), "--kg");
}

/// `line` turned by `angle` radians about its top-left corner.
fn turned(mut line: TextLine, angle: f32) -> TextLine {
    let [ox, oy] = line.quad[0];
    let (sin, cos) = angle.sin_cos();
    for p in &mut line.quad {
        let (dx, dy) = (p[0] - ox, p[1] - oy);
        *p = [ox + dx * cos - dy * sin, oy + dx * sin + dy * cos];
    }
    line
}

#[test]
fn a_value_printed_askew_is_kept_and_text_turned_further_is_not() {
    let mut lines = page2(0.0, 0.0);
    let value = lines
        .iter()
        .position(|l| l.text == "小型轿车")
        .expect("the value");
    // Fed askew: 10 degrees off the page's rules.
    lines[value] = turned(lines[value].clone(), -0.18);
    // Seal lettering beside a value, 17 degrees off.
    lines.push(turned(at("交通警察", 420.0, 186.0), -0.3));
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
}

#[test]
fn a_word_shifted_up_goes_to_the_field_whose_list_holds_it() {
    // Values printed over the rule above their row, nearer the label above:
    // the body color is missing, and 国产 is no color.
    let lines = vec![
        at("7.车辆型号", 50.0, 100.0),
        at("SL7150A", 240.0, 65.0),
        at("8.车身颜色", 560.0, 100.0),
        at("10.国产/进口", 560.0, 180.0),
        at("国产", 750.0, 135.0),
        at("9.车辆识别代号", 50.0, 180.0),
        at("25.总质量", 560.0, 260.0),
        at("27.核定载客", 560.0, 340.0),
        at("5人", 750.0, 295.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::Origin), "国产");
    assert_eq!(content(&ex, Label::BodyColor), "");
    assert_eq!(content(&ex, Label::RatedPassengers), "5人");
    assert_eq!(content(&ex, Label::GrossMass), "");
}

#[test]
fn label_split_over_two_lines() {
    let lines = vec![
        at("9.车辆识别代号/", 50.0, 100.0),
        at("车架号", 50.0, 124.0),
        at("LSLAB2C13NA000001", 240.0, 112.0),
        at("10.国产/进口", 560.0, 112.0),
        at("国产", 750.0, 112.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::Vin), "LSLAB2C13NA000001");
    assert_eq!(content(&ex, Label::Origin), "国产");
    let vin = &ex.fields[Label::ALL
        .iter()
        .position(|l| *l == Label::Vin)
        .unwrap_or(0)];
    assert!(vin.confidence > 0.8, "{vin:?}");
}

/// Page 2 with every value in the cell below its label: label rows 80
/// apart, values 40 under their labels and indented 14, two pairs a row.
/// `skip` leaves that value out.
fn page2_stacked(skip: &str) -> Vec<TextLine> {
    let rows: [(&str, &str, &str, &str); 3] = [
        ("5.车辆类型", "小型轿车", "6.车辆品牌", "示例牌"),
        ("7.车辆型号", "SL7150A", "8.车身颜色", "白"),
        ("21.轴距", "2688mm", "22.轴数", "2"),
    ];
    let mut out = Vec::new();
    for (r, (l1, v1, l2, v2)) in rows.iter().enumerate() {
        let y = 100.0 + 80.0 * r as f32;
        out.push(at(l1, 50.0, y));
        out.push(at(l2, 560.0, y));
        for (v, x) in [(v1, 64.0), (v2, 574.0)] {
            if *v != skip {
                out.push(at(v, x, y + 40.0));
            }
        }
    }
    out
}

#[test]
fn values_in_the_cell_below_go_to_the_label_above() {
    let ex = extract(&page2_stacked(""), 1100, 1400);
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Brand), "示例牌");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
    assert_eq!(content(&ex, Label::BodyColor), "白");
    assert_eq!(content(&ex, Label::Wheelbase), "2688mm");
    assert_eq!(content(&ex, Label::AxleCount), "2");
}

#[test]
fn blank_cell_below_borrows_nothing() {
    // 示例牌 lies right of 5.车辆类型 and within its row: with 5's own value
    // missing, it must still go to the label above it, 6.车辆品牌.
    let ex = extract(&page2_stacked("小型轿车"), 1100, 1400);
    assert_eq!(content(&ex, Label::VehicleType), "");
    assert_eq!(content(&ex, Label::Brand), "示例牌");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
}

#[test]
fn values_shifted_up_on_page_one_keep_their_labels() {
    // Page 1's row 2 beside the wrapped owner label, its values printed 24
    // up: the authority's value starts under the owner label's text, the
    // owner's own value is not on the page.
    let lines = vec![
        at("1.机动车所有人/身份证明", 95.0, 16.0),
        at("名称/号码", 95.0, 44.0),
        at("2.登记机关", 95.0, 109.0),
        at("示例市公安局交通警察支队", 205.0, 85.0),
        at("3.登记日期", 490.0, 109.0),
        at("2019-12-05", 600.0, 85.0),
        at("4.机动车登记编号", 740.0, 109.0),
        at("京A·D1234", 910.0, 85.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::Owner), "");
    assert_eq!(
        content(&ex, Label::RegistrationAuthority),
        "示例市公安局交通警察支队"
    );
    assert_eq!(content(&ex, Label::RegistrationDate), "2019-12-05");
}

#[test]
fn text_under_a_label_with_a_value_beside_it_is_placed_as_before() {
    // Stray text in the label column, under 5.车辆类型 and above 7.车辆型号:
    // label 5 already has its value beside it, so the stray text is not
    // added to it, and no label has it on its left.
    let mut lines = page2(0.0, 0.0);
    lines.push(at("加长", 52.0, 130.0));
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
}

#[test]
fn vin_misread_is_repaired_when_only_one_swap_fits() {
    let lines = vec![
        at("9.车辆识别代号/车架号", 50.0, 100.0),
        at("LSLAB2C13NA0000D1", 300.0, 100.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::Vin), "LSLAB2C13NA000001");
    let vin = &ex.fields[Label::ALL
        .iter()
        .position(|l| *l == Label::Vin)
        .unwrap_or(0)];
    assert!(vin.confidence < 0.9 && vin.confidence > 0.5, "{vin:?}");
}

/// Page 1 on the left (numbered block, then an unnumbered transfer block
/// that is filled), page 2 on the right.
fn both_pages() -> Vec<TextLine> {
    let mut lines = vec![
        at("机动车登记证书", 400.0, 40.0),
        at("NO.", 700.0, 100.0),
        at("110099001201", 750.0, 100.0),
        at("注册登记摘要信息栏", 400.0, 150.0),
        at("1.机动车所有人/身份证明", 95.0, 215.0),
        at("名称/号码", 95.0, 243.0),
        at("张示例/居民身份证/110105198703121239", 342.0, 232.0),
        at("2.登记机关", 95.0, 300.0),
        at("示例市公安局交通警察支队", 205.0, 305.0),
        at("3.登记日期", 490.0, 300.0),
        at("2019-12-05", 600.0, 305.0),
        at("4.机动车登记编号", 740.0, 300.0),
        at("京A·D1234", 910.0, 305.0),
        // Transfer block: same labels without numbers, filled.
        at("机动车所有人/身份证明", 95.0, 375.0),
        at("名称/号码", 95.0, 403.0),
        at("李样本/居民身份证/440106198207040031", 342.0, 392.0),
        at("登记机关", 95.0, 460.0),
        at("样本市公安局车辆管理所", 205.0, 465.0),
        at("登记日期", 490.0, 460.0),
        at("2023-03-02", 600.0, 465.0),
        at("机动车登记编号", 740.0, 460.0),
        at("京A·D9999", 910.0, 465.0),
    ];
    for l in page2(10.0, 0.0) {
        let mut l = l;
        for p in &mut l.quad {
            p[0] += 1116.0;
        }
        lines.push(l);
    }
    lines
}

#[test]
fn two_pages_side_by_side_take_page_one_from_the_numbered_block() {
    let ex = extract(&both_pages(), 2232, 1400);
    assert_eq!(content(&ex, Label::CertificateNumber), "110099001201");
    assert_eq!(
        content(&ex, Label::Owner),
        "张示例/居民身份证/110105198703121239"
    );
    assert_eq!(
        content(&ex, Label::RegistrationAuthority),
        "示例市公安局交通警察支队"
    );
    assert_eq!(content(&ex, Label::RegistrationDate), "2019-12-05");
    assert_eq!(content(&ex, Label::PlateNumber), "京AD1234");
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::Model), "SL7150A");
    assert_eq!(content(&ex, Label::Brand), "示例牌");
}

#[test]
fn certificate_number_needs_page_one() {
    let mut lines = page2(0.0, 0.0);
    lines.push(at("110099001201", 700.0, 20.0));
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::CertificateNumber), "");
}

#[test]
fn sideways_photo_reads_the_same() {
    // Turn every quad by 90° clockwise inside a 1400-high image: (x, y) ->
    // (1400 - y, x); the quads keep starting at the text's top-left.
    let lines: Vec<TextLine> = page2(12.0, 0.0)
        .into_iter()
        .map(|mut l| {
            l.quad = l.quad.map(|[x, y]| [1400.0 - y, x]);
            l
        })
        .collect();
    let ex = extract(&lines, 1400, 1100);
    assert_eq!(content(&ex, Label::VehicleType), "小型轿车");
    assert_eq!(content(&ex, Label::AxleCount), "2");
    assert_eq!(content(&ex, Label::RatedLoad), "--kg");
}

#[test]
fn the_record_normalizes() {
    let ex = extract(&both_pages(), 2232, 1400);
    let record = regcert_model::normalize(&ex.entries, None);
    assert_eq!(record.plate_number.as_deref(), Some("京AD1234"));
    assert_eq!(record.gross_mass_kg, Some(1820));
    assert_eq!(record.rated_load_kg, None);
    assert_eq!(
        record.owner.as_ref().and_then(|o| o.name.as_deref()),
        Some("张示例")
    );
}

mod photos;

#[test]
fn a_value_shaped_for_its_field_goes_to_it_across_a_shifted_row() {
    // The right column's values printed half a row low and starting under
    // their labels' ends, as on a turned dot-matrix page: the tyre size lies
    // as near 18.轮胎数 and 20.钢板弹簧片数 on the left as its own label.
    let lines = vec![
        at("18.轮胎数", 50.0, 100.0),
        at("4", 240.0, 100.0),
        at("19.轮胎规格", 560.0, 100.0),
        at("225/65R17 102H", 650.0, 140.0),
        at("20.钢板弹簧片数", 50.0, 180.0),
        at("21.轴距", 560.0, 180.0),
        at("2688mm", 650.0, 220.0),
        at("22.轴数", 50.0, 260.0),
        at("2", 240.0, 260.0),
        at("23.外廓尺寸", 560.0, 260.0),
        at("4855x1772x1602mm", 650.0, 300.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::TireCount), "4");
    assert_eq!(content(&ex, Label::TireSpec), "225/65R17 102H");
    assert_eq!(content(&ex, Label::AxleCount), "2");
    assert_eq!(content(&ex, Label::OverallDimensions), "4855x1772x1602mm");
    assert_eq!(content(&ex, Label::LeafSpringCount), "");
}

#[test]
fn an_authority_shifted_up_goes_to_the_authority_label() {
    // A printout whose 发证机关 value is printed over half a row high,
    // nearer the row of 32.车辆出厂日期 than its own.
    let lines = vec![
        at("32.车辆出厂日期", 50.0, 100.0),
        at("2020-07-23", 300.0, 100.0),
        at("发证机关章", 50.0, 140.0),
        at("石家庄市公安局交通管理局车辆管理所", 300.0, 115.0),
        at("发证日期", 50.0, 180.0),
        at("2020-11-28", 300.0, 180.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(
        content(&ex, Label::IssuingAuthority),
        "石家庄市公安局交通管理局车辆管理所"
    );
    assert_eq!(content(&ex, Label::ManufactureDate), "2020-07-23");
    assert_eq!(content(&ex, Label::IssueDate), "2020-11-28");
}

#[test]
fn a_numbered_label_head_of_two_characters_is_its_label() {
    // 31.车辆获得方式 wrapped in a narrow cell, its second line unread: the
    // head with its number is still label 31, not text after 30's value.
    let lines = vec![
        at("30.使用性质", 50.0, 100.0),
        at("预约出租客运", 250.0, 100.0),
        at("31.车辆", 560.0, 100.0),
        at("购买", 700.0, 110.0),
    ];
    let ex = extract(&lines, 1100, 1400);
    assert_eq!(content(&ex, Label::UseCharacter), "预约出租客运");
    assert_eq!(content(&ex, Label::AcquisitionMethod), "购买");
}
