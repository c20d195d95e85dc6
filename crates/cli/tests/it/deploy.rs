//! The deployment files under `deploy/` parse, and what they tell the
//! server and the orchestrator agrees with the server: its flags, its port,
//! its probe paths (asked of a server started with the Deployment's own
//! arguments), a memory limit above the admission budget.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Stdio;

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::*;

fn deploy(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `--flag` in `args` is one `regcert serve` knows.
fn assert_known_flags(args: &[String]) {
    let help = run(regcert().args(["serve", "--help"])).stdout;
    for flag in args.iter().filter(|a| a.starts_with("--")) {
        assert!(
            help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n")),
            "{flag} is not a serve flag"
        );
    }
}

/// The value after `flag` in `args`.
fn value_of<'a>(args: &'a [String], flag: &str) -> &'a str {
    let i = args
        .iter()
        .position(|a| a == flag)
        .unwrap_or_else(|| panic!("no {flag}"));
    &args[i + 1]
}

fn port_of(addr: &str) -> i64 {
    addr.rsplit(':').next().unwrap().parse().unwrap()
}

/// "2Gi", "1500M", "512Mi" → bytes.
fn quantity(text: &str) -> u64 {
    let (digits, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = digits.parse().unwrap();
    n * match unit {
        "" => 1,
        "K" => 1000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        other => panic!("unit {other}"),
    }
}

fn strings(yaml: &Yaml) -> Vec<String> {
    yaml.as_vec()
        .map(|v| {
            v.iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// GET `path` of the server at `url`: the status.
fn status_of(url: &str, path: &str) -> u16 {
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer[9..12].parse().unwrap()
}

#[test]
fn the_dockerfile_is_multi_stage_non_root_and_runs_serve_on_its_port() {
    let text = deploy("Dockerfile");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let instruction = |l: &&str| l.split_whitespace().next().unwrap_or("").to_owned();
    let from = lines.iter().filter(|l| instruction(l) == "FROM").count();
    assert!(from >= 2, "multi-stage: {from} FROM");
    let user = lines
        .iter()
        .rfind(|l| instruction(l) == "USER")
        .expect("a USER");
    let user = user.split_whitespace().nth(1).unwrap();
    assert!(user != "root" && user != "0", "runs as {user}");
    let expose: i64 = lines
        .iter()
        .find(|l| instruction(l) == "EXPOSE")
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("EXPOSE")
        .parse()
        .unwrap();
    let entry = lines
        .iter()
        .find(|l| instruction(l) == "ENTRYPOINT")
        .expect("ENTRYPOINT");
    let args: Vec<String> = serde_json::from_str(entry.trim_start_matches("ENTRYPOINT")).unwrap();
    assert_eq!(&args[..2], ["regcert", "serve"]);
    assert_known_flags(&args);
    assert_eq!(port_of(value_of(&args, "--addr")), expose);
}

#[test]
fn the_kubernetes_example_matches_the_server() {
    let docs = YamlLoader::load_from_str(&deploy("kubernetes/regcert.yaml")).expect("YAML");
    let of_kind = |kind: &str| {
        docs.iter()
            .find(|d| d["kind"].as_str() == Some(kind))
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let deployment = of_kind("Deployment");
    let service = of_kind("Service");
    let hpa = of_kind("HorizontalPodAutoscaler");

    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    let args = strings(&container["args"]);
    assert_eq!(strings(&container["command"]), ["regcert"]);
    assert_eq!(args[0], "serve");
    assert_known_flags(&args);
    let port = &container["ports"][0];
    let container_port = port["containerPort"].as_i64().unwrap();
    let port_name = port["name"].as_str().unwrap();
    assert_eq!(port_of(value_of(&args, "--addr")), container_port);
    let names_the_port =
        |p: &Yaml| p.as_str() == Some(port_name) || p.as_i64() == Some(container_port);
    let mut probed = Vec::new();
    for (probe, path) in [
        ("livenessProbe", regcert_server::HEALTH_PATH),
        ("readinessProbe", regcert_server::READY_PATH),
    ] {
        let get = &container[probe]["httpGet"];
        assert_eq!(get["path"].as_str(), Some(path), "{probe}");
        assert!(names_the_port(&get["port"]), "{probe} port");
        probed.push(path);
    }
    // The memory limit leaves room above the admission budget.
    let limit = quantity(container["resources"]["limits"]["memory"].as_str().unwrap());
    let budget = quantity(value_of(&args, "--memory-budget"));
    assert!(budget * 4 <= limit * 3, "budget {budget} of limit {limit}");
    assert!(container["resources"]["limits"]["cpu"].as_str().is_some());

    let selector = &deployment["spec"]["selector"]["matchLabels"];
    assert_eq!(service["spec"]["selector"], *selector);
    assert!(names_the_port(&service["spec"]["ports"][0]["targetPort"]));
    let target = &hpa["spec"]["scaleTargetRef"];
    assert_eq!(target["kind"].as_str(), Some("Deployment"));
    assert_eq!(target["name"], deployment["metadata"]["name"]);

    // The server started with the Deployment's own arguments (on loopback,
    // with a key file of our own) answers the probes at those paths.
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::write(&keys, "k\n").unwrap();
    let mut ours: Vec<String> = args[1..].to_vec();
    let addr = ours.iter().position(|a| a == "--addr").unwrap();
    ours.drain(addr..addr + 2);
    let key_file = ours.iter().position(|a| a == "--key-file").unwrap();
    ours[key_file + 1] = keys.to_str().unwrap().to_owned();
    let mut cmd = regcert();
    cmd.stderr(Stdio::null());
    let refs: Vec<&str> = ours.iter().map(String::as_str).collect();
    let served = Served::start_command(cmd, &refs);
    for path in probed {
        assert_eq!(status_of(&served.url, path), 200, "{path}");
    }
    let metrics = status_of(&served.url, regcert_server::METRICS_PATH);
    assert_eq!(metrics, 200);
}
