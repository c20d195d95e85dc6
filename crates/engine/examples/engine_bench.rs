//! Reads images with the offline engine and prints, per image, the time of
//! each step and the share of the expected strings read exactly.
//!
//! Usage: `engine_bench [--models DIR] [--det-side PX] [--repeat N] [--lines]
//! IMAGE...`; `--det-side` sets the long side the detector works at;
//! `--repeat N` reads each image N times and reports its fastest run and its
//! least CPU time, which shields the figures from other programs' load. The
//! expected strings of `NAME.ext` are taken from `NAME.txt` beside it, one a
//! line. The summary gives the median wall and CPU time per page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use regcert_engine::{Engine, Page};

/// Target wall time per 1600-pixel page on 2 cores.
const TARGET_MEDIAN_S: f64 = 1.5;

fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Expected strings of an image (from its sidecar `.txt`), and how many of
/// them appear as a line of `page`.
fn accuracy(image: &Path, page: &Page) -> Option<(usize, usize, Vec<String>)> {
    let text = std::fs::read_to_string(image.with_extension("txt")).ok()?;
    let read: Vec<String> = page.lines.iter().map(|l| normalize(&l.text)).collect();
    let expected: Vec<String> = text
        .lines()
        .map(normalize)
        .filter(|s| !s.is_empty())
        .collect();
    let missed: Vec<String> = expected
        .iter()
        .filter(|e| !read.contains(e))
        .cloned()
        .collect();
    Some((expected.len() - missed.len(), expected.len(), missed))
}

/// CPU time (user + system) this process has used so far, in seconds, from
/// /proc (Linux); 0 elsewhere. Unlike wall time it does not grow when other
/// programs compete for the cores.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn main() -> ExitCode {
    let mut models: Option<PathBuf> = None;
    let mut show_lines = false;
    let mut det_side: Option<u32> = None;
    let mut repeat = 1usize;
    let mut images = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--models" => models = args.next().map(PathBuf::from),
            "--lines" => show_lines = true,
            "--det-side" => det_side = args.next().and_then(|v| v.parse().ok()),
            "--repeat" => {
                repeat = args.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
            }
            _ => images.push(PathBuf::from(arg)),
        }
    }
    let t = Instant::now();
    let engine = match models {
        Some(dir) => Engine::from_dir(dir),
        None => Engine::from_default_location(),
    };
    let engine = match engine {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let engine = match det_side {
        Some(long_side) => {
            let params = regcert_engine::DetectionParams {
                long_side,
                ..*engine.detection_params()
            };
            engine.with_detection_params(params)
        }
        None => engine,
    };
    println!("load_models_s {:.3}", t.elapsed().as_secs_f64());
    println!(
        "{:<28} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>5} {:>4}  accuracy",
        "image",
        "size",
        "decode_s",
        "detect_s",
        "orient_s",
        "recog_s",
        "total_s",
        "cpu_s",
        "lines",
        "rot"
    );
    let (mut hit, mut total) = (0, 0);
    let mut totals = Vec::new();
    let mut cpus = Vec::new();
    for path in &images {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let mut fastest: Option<(f64, Page)> = None;
        let mut cpu = f64::MAX;
        for _ in 0..repeat {
            let t = Instant::now();
            let cpu_start = cpu_seconds();
            let page = match engine.read_page(&bytes) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            };
            let wall = t.elapsed().as_secs_f64();
            cpu = cpu.min(cpu_seconds() - cpu_start);
            if fastest.as_ref().is_none_or(|(w, _)| wall < *w) {
                fastest = Some((wall, page));
            }
        }
        let Some((wall, page)) = fastest else {
            continue;
        };
        totals.push(wall);
        cpus.push(cpu);
        let tm = page.timings;
        let acc = accuracy(path, &page);
        let acc_text = acc
            .as_ref()
            .map_or("-".to_string(), |(h, n, _)| format!("{h}/{n}"));
        println!(
            "{:<28} {:>9} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>6.2} {:>5} {:>4}  {}",
            path.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
            format!("{}x{}", page.width, page.height),
            tm.decode.as_secs_f64(),
            tm.detection.as_secs_f64(),
            tm.orientation.as_secs_f64(),
            tm.recognition.as_secs_f64(),
            wall,
            cpu,
            page.lines.len(),
            page.rotation_degrees,
            acc_text
        );
        if let Some((h, n, missed)) = acc {
            hit += h;
            total += n;
            for m in missed {
                println!("    missed: {m}");
            }
        }
        if show_lines {
            for l in &page.lines {
                println!("    {:.3} {}", l.score, l.text);
            }
        }
    }
    totals.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    if let (Some(wall), Some(cpu)) = (totals.get(totals.len() / 2), cpus.get(cpus.len() / 2)) {
        println!(
            "median_total_s {wall:.3}  target <= {TARGET_MEDIAN_S}  ratio {:.2}",
            wall / TARGET_MEDIAN_S
        );
        println!("median_cpu_s {cpu:.2}");
    }
    if total > 0 {
        println!("accuracy {hit}/{total} = {:.3}", hit as f64 / total as f64);
    }
    ExitCode::SUCCESS
}
