//! Repairs of what OCR misreads, and the checks that decide a value's trust.

use super::*;

#[test]
fn vin_repaired_only_when_one_swap_fits() {
    let good = "LSLAB2C13NA000001";
    assert_eq!(check(Label::Vin, good).factor, VALID);
    // A letter among the last four digits: only one swap fixes it.
    for misread in ["LSLAB2C13NA0000D1", "LSLAB2C13NA00000L"] {
        let c = check(Label::Vin, misread);
        assert_eq!((c.text.as_str(), c.factor), (good, REPAIRED), "{misread}");
    }
    // Two swaps would each make it valid: left alone, flagged.
    let c = check(Label::Vin, "LSLA82C13NA000001");
    assert_eq!((c.text.as_str(), c.factor), ("LSLA82C13NA000001", FAILED));
    // Wrong length: nothing to repair.
    assert_eq!(check(Label::Vin, "LSLAB2C13NA00001").factor, FAILED);
}

#[test]
fn dates_and_numbers_fold_letters_in_digits() {
    let c = check(Label::IssueDate, "2O19-12-O5");
    assert_eq!(c.text, "2019-12-05");
    assert_eq!(c.factor, REPAIRED);
    assert_eq!(check(Label::GrossMass, "182Okg").text, "1820kg");
    assert_eq!(check(Label::GrossMass, "--kg").factor, VALID);
    assert_eq!(check(Label::RegistrationDate, "不是日期").factor, FAILED);
}

#[test]
fn a_date_wrapped_onto_two_lines_gets_its_dashes_back() {
    assert_checks(
        Label::RegistrationDate,
        &[
            ("2019 07-04", "2019-07-04", REPAIRED),
            ("201907-04", "2019-07-04", REPAIRED),
            ("2019-07 04", "2019-07-04", REPAIRED),
            ("2019-07-04", "2019-07-04", VALID),
        ],
    );
    // Not eight digits, another mark, or no date: as read, flagged.
    for read in ["2019 07-0", "2019年0704", "20191304"] {
        let c = check(Label::RegistrationDate, read);
        assert_eq!((c.text.as_str(), c.factor), (read, FAILED), "{read}");
    }
}

#[test]
fn closed_vocabularies_snap_to_the_one_word_meant() {
    assert_eq!(check(Label::AcquisitionMethod, "境外白").text, "境外自带");
    assert_eq!(check(Label::AcquisitionMethod, "购买").factor, VALID);
    // Read together with the seal's lettering stamped over it.
    assert_eq!(check(Label::AcquisitionMethod, "购买局交通").text, "购买");
    assert_eq!(check(Label::AcquisitionMethod, "购买电器").text, "购买电器");
    assert_eq!(check(Label::FuelType, "柴汕").text, "柴油");
    assert_eq!(check(Label::UseCharacter, "非营这").text, "非营运");
    // Too far from any word, or as close to two: kept as read.
    assert_eq!(check(Label::AcquisitionMethod, "拍卖所得").text, "拍卖所得");
    assert_eq!(check(Label::Origin, "国口").text, "国口");
}

#[test]
fn single_characters_snap_to_the_word_they_look_like() {
    let c = check(Label::FuelType, "氧");
    assert_eq!((c.text.as_str(), c.factor), ("氢", REPAIRED));
    assert_eq!(check(Label::FuelType, "由").text, "电");
    assert_eq!(check(Label::FuelType, "电").factor, VALID);
    // Not a look-alike of any one-character word: kept as read.
    assert_eq!(check(Label::FuelType, "水").text, "水");
    // The look-alike table is for the fuel words only.
    assert_eq!(check(Label::Origin, "氧").text, "氧");
}

#[test]
fn model_codes_have_no_letter_o_or_i() {
    let c = check(Label::Model, "CC6470RMOF");
    assert_eq!((c.text.as_str(), c.factor), ("CC6470RM0F", REPAIRED));
    assert_eq!(check(Label::EngineModel, "OM651").text, "OM651");
    assert_eq!(check(Label::Model, "Z.JV9589F").text, "ZJV9589F");
    assert_eq!(check(Label::EngineModel, "ISF3.8s5154").text, "ISF3.8s5154");
    assert_eq!(check(Label::Model, "SL7150A").factor, UNCHECKED);
}

#[test]
fn stray_characters_in_numbers_are_dropped() {
    let c = check(Label::RatedPassengers, "7认人");
    assert_eq!((c.text.as_str(), c.factor), ("7人", REPAIRED));
    assert_eq!(
        check(Label::OverallDimensions, "长4670宽1806高1474mm").factor,
        VALID
    );
}

#[test]
fn plate_loses_its_dot() {
    assert_eq!(check(Label::PlateNumber, "京A.D1234").text, "京AD1234");
    assert_eq!(check(Label::PlateNumber, "京A·D1234").text, "京AD1234");
}

#[test]
fn id_number_letters_become_digits_when_the_checksum_then_holds() {
    let c = check(Label::Owner, "张三/居民身份证/11010519491231OO2X");
    assert_eq!(c.text, "张三/居民身份证/11010519491231002X");
    assert_eq!(c.factor, REPAIRED);
    let c = check(Label::Owner, "张三/居民身份证/110105194912310021");
    assert_eq!(c.factor, FAILED);
}

/// Each `(read, want, factor)`: `read` under `label` checks as `want` with
/// `factor`.
fn assert_checks(label: Label, cases: &[(&str, &str, f32)]) {
    for &(read, want, factor) in cases {
        let c = check(label, read);
        assert_eq!((c.text.as_str(), c.factor), (want, factor), "{read}");
    }
}

#[test]
fn displacement_and_power_get_their_units_back() {
    assert_checks(
        Label::DisplacementPower,
        &[
            ("1496 m1/132 kw", "1496ml/132kw", REPAIRED),
            ("10520mV/320kw", "10520ml/320kw", REPAIRED),
            ("149a1/9.3kw", "149ml/9.3kw", REPAIRED),
            ("12419m1/309km", "12419ml/309kw", REPAIRED),
            ("1496m1/122kl", "1496ml/122kw", REPAIRED),
            ("1395mV126k", "1395ml/126kw", REPAIRED),
            ("1895 ml/107 kom", "1895ml/107kw", REPAIRED),
            ("1498ml/110kw", "1498ml/110kw", VALID),
        ],
    );
    // Not two numbers with units: left as read.
    for read in ["ml/110kw", "1498/110", "1498ml/110"] {
        assert_eq!(check(Label::DisplacementPower, read).text, read, "{read}");
    }
}

#[test]
fn colors_read_in_traditional_forms_are_set_right() {
    assert_checks(
        Label::BodyColor,
        &[
            ("綠", "绿", REPAIRED),
            ("黃", "黄", REPAIRED),
            ("白/藍", "白/蓝", REPAIRED),
            ("红", "红", VALID),
            ("银色", "银色", VALID),
            // No color: kept as read, unchecked.
            ("栋", "栋", UNCHECKED),
        ],
    );
}

#[test]
fn dimensions_get_their_marks_back() {
    assert_checks(
        Label::OverallDimensions,
        &[
            ("长4323月1823高1622mv", "4323x1823x1622mm", REPAIRED),
            ("8335x2360x2724m", "8335x2360x2724mm", REPAIRED),
            ("长10963其2444 高3138 mm", "10963x2444x3138mm", REPAIRED),
            ("K6410宽2331 高3478", "6410x2331x3478mm", REPAIRED),
        ],
    );
    assert_eq!(
        check(Label::CargoDimensions, "长4948宽1836高1469mm").factor,
        VALID
    );
    // Two numbers glued into one, or a number too long: left as read.
    for read in ["6502×25062801mm", "长4998", "长4323月182300高1622mm"] {
        assert_eq!(check(Label::OverallDimensions, read).text, read, "{read}");
    }
}

#[test]
fn track_gets_its_units_back() {
    assert_checks(
        Label::Track,
        &[
            ("前1597mm后1585cm", "1597/1585mm", REPAIRED),
            ("前1549nm右1546mm", "1549/1546mm", REPAIRED),
            ("前1597mm后1585mm", "前1597mm后1585mm", VALID),
            // 后 misread before a truck's second rear track.
            ("前2030店2039/2039m", "2030/2039/2039mm", REPAIRED),
            ("前2021.唐2005/2005", "2021/2005/2005mm", REPAIRED),
            // 前 read as 1.
            ("11860mm后1850mm", "1860/1850mm", REPAIRED),
        ],
    );
    // One number, numbers too long, a third one without its mark, or a
    // 5-digit first number after some mark: left as read.
    for read in [
        "前1597cm",
        "前15970cm后1585cm",
        "前2030店2039店2039m",
        "前11860mm后1850mm",
        "21860mm后1850mm",
    ] {
        assert_eq!(check(Label::Track, read).text, read, "{read}");
    }
}

#[test]
fn lengths_and_masses_get_their_units_back() {
    assert_checks(
        Label::Wheelbase,
        &[
            ("2895m", "2895mm", REPAIRED),
            ("1423cm", "1423mm", REPAIRED),
            ("5535ma", "5535mm", REPAIRED),
            ("2688mm", "2688mm", VALID),
        ],
    );
    assert_checks(
        Label::TowingMass,
        &[
            ("40920k8", "40920kg", REPAIRED),
            ("2012ks", "2012kg", REPAIRED),
            ("1820kg", "1820kg", VALID),
        ],
    );
    // A unit of no such start, too long, or a number too short: as read.
    for read in ["2895xx", "2895mmm", "28m"] {
        assert_eq!(check(Label::Wheelbase, read).text, read, "{read}");
    }
    assert_eq!(check(Label::GrossMass, "2012mm").text, "2012mm");
}

#[test]
fn vehicle_types_snap_to_the_one_ga_802_type_meant() {
    assert_checks(
        Label::VehicleType,
        &[
            ("小型音通容车", "小型普通客车", REPAIRED),
            ("重型仓棚式半挂车", "重型仓栅式半挂车", REPAIRED),
            ("督通正三轮摩托车", "普通正三轮摩托车", REPAIRED),
            ("小型轿车", "小型轿车", VALID),
        ],
    );
    // As near to two types as to one another (厢式 or 罐式; 重型 or 中型):
    // left as read.
    for read in ["重型版式货车", "型半挂牵引车", "示例型专用车"] {
        assert_eq!(check(Label::VehicleType, read).text, read, "{read}");
    }
}

#[test]
fn owner_document_names_are_set_right() {
    assert_checks(
        Label::Owner,
        &[
            (
                "杨芳/落民身份证/500103199311305287",
                "杨芳/居民身份证/500103199311305287",
                REPAIRED,
            ),
            (
                "苏州宏运贸易有限公司/一社会信用代满/91320500WCJ8D3WK8A",
                "苏州宏运贸易有限公司/统一社会信用代码/91320500WCJ8D3WK8A",
                REPAIRED,
            ),
            (
                "张三/居民身份证/11010519491231002X",
                "张三/居民身份证/11010519491231002X",
                VALID,
            ),
        ],
    );
    // A document of its own, or too far from any: left as read.
    for read in ["张三/护照/E12345678", "张三/某某证明/E12345678"] {
        assert_eq!(check(Label::Owner, read).text, read, "{read}");
    }
}

#[test]
fn leaf_counts_get_their_slash_back() {
    assert_checks(
        Label::LeafSpringCount,
        &[
            ("7|8", "7/8", REPAIRED),
            ("714", "7/4", REPAIRED),
            ("10/12", "10/12", UNCHECKED),
        ],
    );
    for read in ["12", "7/8", "--"] {
        assert_eq!(check(Label::LeafSpringCount, read).text, read, "{read}");
    }
}

#[test]
fn tyre_sizes_are_checked_by_shape() {
    assert_checks(
        Label::TireSpec,
        &[
            ("225/60R18100H", "225/60R18 100H", REPAIRED),
            ("225/45R18 95W", "225/45R18 95W", UNCHECKED),
        ],
    );
}
