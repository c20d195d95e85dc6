//! The built-in sandbox certificate: realistic in form, fictional in content.

use regcert_model::Entry;
use regcert_model::Label;

/// The contents of the sandbox certificate, one per label, in the API's order.
///
/// The VIN carries a correct GB 16735 check digit (9) and the ID number a
/// correct GB 11643 check character (1); owner, brand, model and maker are
/// plainly made up.
const CONTENTS: [&str; 35] = [
    "110012300001",
    "示例车主/居民身份证/110101199003070011",
    "北京市公安局公安交通管理局",
    "2023-04-12",
    "京A·D0001",
    "小型轿车",
    "示例牌",
    "SL7201A",
    "白",
    "LSXSL2C29PA000001",
    "国产",
    "SL2000001",
    "SL20T",
    "汽油",
    "1998ml/137kw",
    "示例汽车制造有限公司",
    "方向盘",
    "前1580 后1575mm",
    "4",
    "225/50 R17 94V",
    "-",
    "2840mm",
    "2",
    "4870×1820×1475mm",
    "-",
    "1990kg",
    "-",
    "5人",
    "-",
    "-",
    "非营运",
    "购买",
    "2023-03-10",
    "北京市公安局公安交通管理局车辆管理所",
    "2023-04-12",
];

/// The built-in fictional certificate: all 35 labels, in the API's order,
/// as the API writes them.
pub fn sandbox_entries() -> Vec<Entry> {
    Label::ALL
        .iter()
        .zip(CONTENTS)
        .map(|(label, content)| Entry::new(label.api_label(), content))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regcert_model::values;

    #[test]
    fn checksums_are_valid() {
        assert!(values::vin_check_digit_valid(CONTENTS[9]));
        let id = CONTENTS[1].rsplit('/').next().unwrap_or_default();
        assert!(values::resident_id_valid(id), "{id}");
    }

    #[test]
    fn every_label_in_order() {
        let entries = sandbox_entries();
        assert_eq!(entries.len(), 35);
        assert_eq!(entries[0].desc.as_deref(), Some("登记编号"));
        assert_eq!(entries[34].desc.as_deref(), Some("发证日期"));
    }
}
