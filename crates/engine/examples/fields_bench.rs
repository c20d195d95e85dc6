//! Reads certificate images end to end (decode, text lines, fields,
//! normalization) and prints, per image, the time taken and the fields that
//! differ from `NAME.expected.json`; then the field accuracy (in all, and by
//! layout for photos named `LAYOUT-SEED.jpg`, as the layout renderer names
//! them) and the median and p90 time per image beside the targets.
//!
//! Usage: `fields_bench [--models DIR] [--cache DIR] [--lines] [--summary]
//! [IMAGE|DIR]...` (default: tests/fixtures/certificates). `--cache DIR` keeps
//! the lines read on each image in DIR and reuses them, to try extraction
//! changes without reading again (times are then extraction only). `--lines`
//! prints them. `--summary` prints the totals only, nothing of any one image:
//! for a held-out split, whose misses must not steer the work.

#[path = "../tests/it/score.rs"]
#[allow(dead_code)]
mod score;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use regcert_engine::{Engine, Seal, TextLine, Timings, extract_with_seal};
use regcert_model::Entry;
use serde_json::{Value, json};

/// Targets of the offline engine on clean to moderately degraded photos.
const TARGET_ACCURACY: f64 = 0.98;
const TARGET_MEDIAN_S: f64 = 2.0;
/// Share of legible seals whose issuing authority is read right.
const TARGET_SEAL: f64 = 0.8;

struct Args {
    models: Option<PathBuf>,
    cache: Option<PathBuf>,
    show_lines: bool,
    summary: bool,
    images: Vec<PathBuf>,
}

fn parse_args() -> Args {
    let mut args = Args {
        models: None,
        cache: None,
        show_lines: false,
        summary: false,
        images: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--models" => args.models = it.next().map(PathBuf::from),
            "--cache" => args.cache = it.next().map(PathBuf::from),
            "--lines" => args.show_lines = true,
            "--summary" => args.summary = true,
            _ => {
                let p = PathBuf::from(arg);
                if p.is_dir() {
                    args.images.extend(score::images(&p));
                } else {
                    args.images.push(p);
                }
            }
        }
    }
    if args.images.is_empty() {
        args.images = score::images(&score::certificates_dir());
    }
    args
}

fn lines_to_json(lines: &[TextLine], width: u32, height: u32, seal: Option<&Seal>) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|l| json!({"text": l.text, "score": l.score, "quad": l.quad}))
        .collect();
    let seal =
        seal.map(|s| json!({"text": s.text, "score": s.score, "named": s.named, "quad": s.quad}));
    json!({"width": width, "height": height, "lines": lines, "seal": seal})
}

fn seal_from_json(v: &Value) -> Option<Seal> {
    let s = v.get("seal")?;
    Some(Seal {
        text: s.get("text")?.as_str()?.to_owned(),
        score: s.get("score")?.as_f64()? as f32,
        named: s.get("named").and_then(Value::as_bool).unwrap_or(false),
        quad: serde_json::from_value(s.get("quad")?.clone()).ok()?,
    })
}

fn lines_from_json(v: &Value) -> Option<(Vec<TextLine>, u32, u32)> {
    let width = u32::try_from(v.get("width")?.as_u64()?).ok()?;
    let height = u32::try_from(v.get("height")?.as_u64()?).ok()?;
    let mut lines = Vec::new();
    for l in v.get("lines")?.as_array()? {
        let quad: [[f32; 2]; 4] = serde_json::from_value(l.get("quad")?.clone()).ok()?;
        lines.push(TextLine {
            text: l.get("text")?.as_str()?.to_owned(),
            score: l.get("score")?.as_f64()? as f32,
            quad,
        });
    }
    Some((lines, width, height))
}

/// Lines (seal removed) and image size of `path`, from the cache or read.
fn read(
    engine: &mut Option<Engine>,
    args: &Args,
    path: &Path,
) -> Result<(Vec<Entry>, Vec<TextLine>, Timings), String> {
    let cached = args.cache.as_ref().map(|d| {
        d.join(path.file_name().unwrap_or_default())
            .with_extension("lines.json")
    });
    if let Some(c) = cached.as_ref().filter(|c| c.exists()) {
        let text = std::fs::read_to_string(c).map_err(|e| e.to_string())?;
        let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let (lines, w, h) = lines_from_json(&v).ok_or("bad cache file")?;
        let ex = extract_with_seal(&lines, w, h, seal_from_json(&v).as_ref());
        return Ok((ex.entries, lines, Timings::default()));
    }
    if engine.is_none() {
        let loaded = match &args.models {
            Some(dir) => Engine::from_dir(dir),
            None => Engine::from_default_location(),
        };
        *engine = Some(loaded.map_err(|e| e.to_string())?);
    }
    let engine = engine.as_ref().ok_or("no engine")?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let cert = engine.read_certificate(&bytes).map_err(|e| e.to_string())?;
    if let Some(c) = cached {
        let v = lines_to_json(
            &cert.page.lines,
            cert.page.width,
            cert.page.height,
            cert.seal.as_ref(),
        );
        if let Some(dir) = c.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&c, v.to_string()).map_err(|e| e.to_string())?;
    }
    Ok((cert.entries, cert.page.lines, cert.page.timings))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64()
}

/// The layout a rendered photo was drawn in, from its name: `grid` of
/// `grid-1005.jpg`; `None` for names of another form.
fn layout_of(name: &str) -> Option<&str> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let (layout, seed) = stem.rsplit_once('-')?;
    let named = !layout.is_empty() && layout.bytes().all(|b| b.is_ascii_lowercase());
    (named && !seed.is_empty() && seed.bytes().all(|b| b.is_ascii_digit())).then_some(layout)
}

fn main() -> ExitCode {
    let args = parse_args();
    let mut engine: Option<Engine> = None;
    let mut total = score::Score::default();
    let mut times = Vec::new();
    // Photos whose seal is expected to be read, and those where it was.
    let (mut seals, mut seals_read) = (0usize, 0usize);
    // Fields right and in all, by layout (`grid` of `grid-1005.jpg`).
    let mut by_layout: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    if !args.summary {
        println!(
            "{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}  misses",
            "image", "time_s", "decode", "detect", "orient", "recog", "fields"
        );
    }
    println!("images {}", args.images.len());
    for path in &args.images {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let t = Instant::now();
        let result = read(&mut engine, &args, path).map(|(entries, lines, timings)| {
            let record = regcert_model::normalize(&entries, None);
            (record, lines, timings)
        });
        let elapsed = t.elapsed();
        let (record, lines, timings) = match result {
            Ok(r) => r,
            Err(e) => {
                if args.summary {
                    eprintln!("an image could not be read: {e}");
                } else {
                    eprintln!("{name}: {e}");
                }
                return ExitCode::from(2);
            }
        };
        times.push(elapsed);
        let expected = match score::expected(path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        let got = serde_json::to_value(&record).unwrap_or(Value::Null);
        let s = score::compare(&got, &expected);
        if let Some(want) = expected.get("issuing_authority").filter(|w| !w.is_null()) {
            seals += 1;
            seals_read += usize::from(got.get("issuing_authority") == Some(want));
        }
        total.add(&s);
        if let Some(layout) = layout_of(&name) {
            let sum = by_layout.entry(layout.to_owned()).or_default();
            *sum = (sum.0 + s.hits, sum.1 + s.total);
        }
        if args.summary {
            continue;
        }
        println!(
            "{:<28} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>3}/{:<3}  {}",
            name,
            elapsed.as_secs_f64(),
            timings.decode.as_secs_f64(),
            timings.detection.as_secs_f64(),
            timings.orientation.as_secs_f64(),
            timings.recognition.as_secs_f64(),
            s.hits,
            s.total,
            s.misses.join("; ")
        );
        if args.show_lines {
            for l in &lines {
                println!("    {:.3} {}", l.score, l.text);
            }
        }
    }
    times.sort();
    let median = percentile(&times, 0.5);
    println!(
        "field_accuracy {:.4} ({}/{})  target >= {TARGET_ACCURACY}  {}",
        total.accuracy(),
        total.hits,
        total.total,
        if total.accuracy() >= TARGET_ACCURACY {
            "ok"
        } else {
            "BELOW"
        }
    );
    for (layout, (hits, all)) in &by_layout {
        println!(
            "  {layout:<10} {:.4} ({hits}/{all})",
            *hits as f64 / (*all).max(1) as f64
        );
    }
    println!(
        "printed_value_accuracy {:.4} ({}/{})  (non-blank expected values only)",
        total.printed_accuracy(),
        total.printed_hits,
        total.printed_total
    );
    println!(
        "median_s {median:.3}  target <= {TARGET_MEDIAN_S}  ratio {:.2}  {}",
        median / TARGET_MEDIAN_S,
        if median <= TARGET_MEDIAN_S {
            "ok"
        } else {
            "ABOVE"
        }
    );
    println!("p90_s {:.3}", percentile(&times, 0.9));
    if seals > 0 {
        let share = seals_read as f64 / seals as f64;
        println!(
            "seal_accuracy {share:.4} ({seals_read}/{seals})  target >= {TARGET_SEAL}  {}",
            if share >= TARGET_SEAL { "ok" } else { "BELOW" }
        );
    }
    ExitCode::SUCCESS
}
