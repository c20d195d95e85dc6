//! `regcert recognize` output formats, against a fixture server.

use std::collections::BTreeSet;

use crate::common::*;

#[test]
fn one_image_prints_its_record_as_json() {
    let server = fixture_server();
    let r = run(recognize(&server).arg(sample("sedan-person.jpg")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let record: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        without_order_id(record),
        expected_record("sedan-person.jpg")
    );
    assert!(r.stderr.contains("1 ok, 0 failed"), "{}", r.stderr);
}

#[test]
fn json_of_several_is_an_array_in_input_order() {
    let server = fixture_server();
    let r = run(recognize(&server)
        .args(["--format", "json", "--concurrency", "3"])
        .arg(sample("truck-diesel.jpg"))
        .arg(samples_dir()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let files: Vec<&str> = all.iter().map(|o| o["file"].as_str().unwrap()).collect();
    // The file named first comes first and is not repeated by the folder.
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files[0].ends_with("truck-diesel.jpg"));
    assert!(files[1].ends_with("ev-company.png"));
    assert!(files[2].ends_with("sedan-person.jpg"));
    for o in &all {
        let name = o["file"].as_str().unwrap().rsplit('/').next().unwrap();
        assert_eq!(without_order_id(o["record"].clone()), expected_record(name));
    }
}

#[test]
fn jsonl_is_the_default_for_a_folder_one_line_per_image() {
    let server = fixture_server();
    let r = run(recognize(&server).arg(samples_dir()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), SAMPLES.len());
    let mut names = BTreeSet::new();
    for line in &lines {
        let name = line["file"].as_str().unwrap().rsplit('/').next().unwrap();
        assert!(line.get("error").is_none());
        assert_eq!(
            without_order_id(line["record"].clone()),
            expected_record(name)
        );
        names.insert(name.to_owned());
    }
    assert_eq!(names, SAMPLES.iter().map(|s| s.to_string()).collect());
    assert!(r.stderr.contains("3 ok, 0 failed"), "{}", r.stderr);
}

#[test]
fn csv_to_a_file_has_the_header_and_one_row_per_image() {
    let server = fixture_server();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let r = run(recognize(&server)
        .arg("-o")
        .arg(&out)
        .arg("--excel")
        .arg(samples_dir()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "--excel writes a BOM"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header[..8],
        [
            "file",
            "status",
            "error_kind",
            "error_code",
            "error_message",
            "order_id",
            "certificate_number",
            "owner_name"
        ]
    );
    for col in [
        "overall_length_mm",
        "cargo_height_mm",
        "owner_id_number",
        "issue_count",
    ] {
        assert!(header.iter().any(|h| h == col), "{col}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let truck = rows
        .iter()
        .find(|r| r[0].ends_with("truck-diesel.jpg"))
        .unwrap();
    assert_eq!(&truck[col("status")], "ok");
    assert_eq!(&truck[col("vin")], "LZZ5CLVBXMW000003");
    assert_eq!(&truck[col("owner_name")], "样例乙");
    assert_eq!(&truck[col("cargo_length_mm")], "7700");
    assert_eq!(&truck[col("registration_date")], "2021-09-08");
    assert_eq!(&truck[col("rated_passengers")], "", "blank stays blank");
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn table_shows_keys_chinese_labels_and_values() {
    let server = fixture_server();
    let r = run(recognize(&server)
        .args(["--format", "table"])
        .arg(samples_dir()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.matches("== ").count(), 3);
    let vin_lines: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("车辆识别代号"))
        .collect();
    assert_eq!(vin_lines.len(), 3);
    assert!(vin_lines.iter().any(|l| l.ends_with("LSLAB2C13NA000001")));
    assert!(r.stdout.contains("示例出行服务有限公司"));
    assert!(r.stdout.contains("ride_hailing"));
}

#[test]
fn sandbox_needs_no_key_and_says_its_data_is_fictional() {
    // Built-in sandbox record for any image.
    let r = run(regcert()
        .args(["recognize", "--sandbox"])
        .arg(sample("ev-company.png")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("sandbox") && r.stderr.contains("fictional"));
    let record: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        record["vin"].as_str().is_some_and(|v| v.len() == 17),
        "{record}"
    );

    // With --fixtures, the fixture beside each image.
    let r = run(regcert()
        .args(["recognize", "--sandbox", "--format", "jsonl", "--fixtures"])
        .arg(samples_dir())
        .arg(sample("truck-diesel.jpg")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert_eq!(
        without_order_id(lines[0]["record"].clone()),
        expected_record("truck-diesel.jpg")
    );
}
