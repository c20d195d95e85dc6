//! The names a traffic authority's seal can carry: China's places above the
//! township (GB/T 2260, in `data/`) followed by the usual endings of their
//! traffic police and vehicle offices. A seal is read faint and curved, so
//! its text is best chosen among these names by what the recognizer saw
//! (see `Engine::read_seal`) rather than taken as read; a seal whose place
//! is none of them keeps its own reading.

use std::sync::OnceLock;

const CITIES: &str = include_str!("../../data/cities.txt");
const COUNTIES: &str = include_str!("../../data/counties.txt");

/// How a city's (or a municipality's) offices end their names.
const CITY_ENDINGS: &[&str] = &[
    "公安局交通警察支队车辆管理所",
    "公安局交通警察支队",
    "公安局交通管理局车辆管理所",
    "公安局交通管理局",
    "公安局公安交通管理局车辆管理所",
];
/// How a county's offices end theirs.
const COUNTY_ENDINGS: &[&str] = &["公安局交通警察大队", "公安局交通警察大队车辆管理所"];
/// How a province's end theirs.
const PROVINCE_ENDINGS: &[&str] = &[
    "公安厅交通警察总队",
    "公安厅交通警察总队车辆管理所",
    "公安厅交通管理局",
];

/// What kind of office a place has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    City,
    County,
}

impl Level {
    fn endings(self) -> &'static [&'static str] {
        match self {
            Level::Province => PROVINCE_ENDINGS,
            Level::City => CITY_ENDINGS,
            Level::County => COUNTY_ENDINGS,
        }
    }
}

/// One way a place is named at the head of an authority's name: a city
/// alone or after its province (`广东省广州市`), a province, a county.
#[derive(Debug, Clone)]
struct Place {
    name: String,
    level: Level,
}

/// `(province, names)` for each line of a `data/` file.
fn lines(text: &'static str) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(province, names)| (province.trim(), names.split_whitespace().collect()))
}

fn places() -> &'static [Place] {
    static PLACES: OnceLock<Vec<Place>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut out = Vec::new();
        let mut add = |name: String, level| out.push(Place { name, level });
        for (province, cities) in lines(CITIES) {
            if cities.is_empty() {
                // A municipality: a city at the level of a province.
                add(province.to_owned(), Level::City);
                continue;
            }
            add(province.to_owned(), Level::Province);
            for city in cities {
                add(city.to_owned(), Level::City);
                add(format!("{province}{city}"), Level::City);
            }
        }
        for (_, counties) in lines(COUNTIES) {
            for county in counties {
                add(county.to_owned(), Level::County);
            }
        }
        out
    })
}

/// The ends of authorities' names: every ending of every kind of office.
pub(super) fn endings() -> impl Iterator<Item = &'static str> {
    [PROVINCE_ENDINGS, CITY_ENDINGS, COUNTY_ENDINGS]
        .into_iter()
        .flatten()
        .copied()
}

/// Each place with the endings its offices' names take: the authorities'
/// names are every place followed by each of its endings.
pub(super) fn heads() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    places()
        .iter()
        .map(|p| (p.name.as_str(), p.level.endings()))
}

/// Whether `name` is one of the authorities' names: a place followed by an
/// ending of its kind.
pub(super) fn is_known(name: &str) -> bool {
    heads().any(|(head, endings)| {
        name.strip_prefix(head)
            .is_some_and(|ending| endings.contains(&ending))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_hold_every_level() {
        let count = |level| places().iter().filter(|p| p.level == level).count();
        // 27 provinces and regions, more than 300 cities (each also after its
        // province), about 1800 counties.
        assert_eq!(count(Level::Province), 27);
        assert!(count(Level::City) > 2 * 330, "{}", count(Level::City));
        assert!(count(Level::County) > 1500, "{}", count(Level::County));
        for name in [
            "北京市",
            "重庆市",
            "广州市",
            "广东省广州市",
            "延边朝鲜族自治州",
        ] {
            assert!(
                places()
                    .iter()
                    .any(|p| p.name == name && p.level == Level::City),
                "{name}"
            );
        }
        assert!(
            places()
                .iter()
                .any(|p| p.name == "昆山市" && p.level == Level::County)
        );
    }

    #[test]
    fn known_names_are_a_place_and_an_ending_of_its_kind() {
        assert!(is_known("合肥市公安局交通警察支队"));
        assert!(is_known("安徽省合肥市公安局交通警察支队车辆管理所"));
        assert!(is_known("昆山市公安局交通警察大队"));
        assert!(!is_known("昆山市公安局交通警察支队车辆管理所"));
        // A misread place, a place alone, another ending.
        assert!(!is_known("梁圳市公安局交通警察支队车辆管理所"));
        assert!(!is_known("合肥市"));
        assert!(!is_known("合肥市某某有限公司"));
    }

    #[test]
    fn each_place_takes_the_endings_of_its_kind() {
        let of = |name: &str| heads().find(|(n, _)| *n == name).map(|(_, e)| e);
        assert_eq!(of("昆山市"), Some(COUNTY_ENDINGS));
        assert_eq!(of("浙江省"), Some(PROVINCE_ENDINGS));
        assert_eq!(of("杭州市"), Some(CITY_ENDINGS));
        assert_eq!(of("上海市"), Some(CITY_ENDINGS));
        // No head ends with the character an ending starts with (CTC would
        // read the two as one; see `ctc::joined`).
        let firsts: Vec<char> = endings().filter_map(|e| e.chars().next()).collect();
        assert!(heads().all(|(h, _)| !firsts.contains(&h.chars().last().unwrap_or('公'))));
    }
}
