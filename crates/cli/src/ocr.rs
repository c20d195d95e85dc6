//! `regcert ocr`: the offline engine's text lines with their boxes and
//! scores, as a debugging aid; `--draw` writes the boxes onto the image.
#![cfg(feature = "local")]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use regcert_engine::image::{ImageFormat, Rgb, RgbImage};
use regcert_engine::{Engine, EngineError, Page};

/// Arguments of `regcert ocr`.
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// Image to read (JPEG, PNG or BMP).
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,

    /// Print the page as JSON instead of one line per text line.
    #[arg(long)]
    pub json: bool,

    /// Also write a PNG copy of the image with the boxes drawn on it.
    #[arg(long, value_name = "OUT.png")]
    pub draw: Option<PathBuf>,

    /// Directory holding the models [default: see `regcert models path`].
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

/// Run `regcert ocr`. Exit code 0 on success, 2 for bad input or missing
/// models, 1 for any other failure; messages go to stderr.
pub fn run(args: &OcrArgs) -> ExitCode {
    match read(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("regcert ocr: {message}");
            ExitCode::from(code)
        }
    }
}

fn read(args: &OcrArgs) -> Result<(), (u8, String)> {
    let bytes = regcert_client::read_file(&args.image, regcert_client::MAX_FILE_BYTES as u64)
        .map_err(|e| (2, format!("cannot read {}: {e}", args.image.display())))?;
    let engine = match &args.models {
        Some(dir) => Engine::from_dir(dir),
        None => Engine::from_default_location(),
    }
    .map_err(|e| (exit_code(&e), e.to_string()))?;
    let image = regcert_engine::decode(&bytes).map_err(|e| (exit_code(&e), e.to_string()))?;
    let page = engine
        .read_page_image(&image)
        .map_err(|e| (exit_code(&e), e.to_string()))?;

    let text = if args.json {
        format!("{}\n", to_json(&page))
    } else {
        to_text(&page)
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err((1, format!("cannot write output: {e}")));
    }
    if let Some(out) = &args.draw {
        let mut canvas = image;
        for line in &page.lines {
            draw_quad(&mut canvas, &line.quad, Rgb([230, 20, 20]));
        }
        canvas
            .save_with_format(out, ImageFormat::Png)
            .map_err(|e| (1, format!("cannot write {}: {e}", out.display())))?;
    }
    Ok(())
}

/// 2 for what the user can fix (the input, the models), 1 otherwise.
fn exit_code(err: &EngineError) -> u8 {
    match err {
        EngineError::Inference(_) => 1,
        _ => 2,
    }
}

/// A header line, then per text line: score, corners `x,y` clockwise from
/// the text's top-left, text; tab-separated.
fn to_text(page: &Page) -> String {
    let mut out = format!(
        "# {}x{} rotation={} lines={}\n",
        page.width,
        page.height,
        page.rotation_degrees,
        page.lines.len()
    );
    for line in &page.lines {
        let corners: Vec<String> = line
            .quad
            .iter()
            .map(|[x, y]| format!("{x:.0},{y:.0}"))
            .collect();
        out.push_str(&format!(
            "{:.3}\t{}\t{}\n",
            line.score,
            corners.join(" "),
            line.text
        ));
    }
    out
}

fn to_json(page: &Page) -> serde_json::Value {
    let round = |v: f32| (f64::from(v) * 10.0).round() / 10.0;
    serde_json::json!({
        "width": page.width,
        "height": page.height,
        "rotation_degrees": page.rotation_degrees,
        "lines": page.lines.iter().map(|l| serde_json::json!({
            "text": l.text,
            "score": (f64::from(l.score) * 1000.0).round() / 1000.0,
            "quad": l.quad.iter().map(|[x, y]| [round(*x), round(*y)]).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Draw the closed outline of a quad, about 3 pixels wide.
fn draw_quad(img: &mut RgbImage, quad: &[[f32; 2]; 4], color: Rgb<u8>) {
    let (w, h) = (img.width() as f32, img.height() as f32);
    for i in 0..4 {
        let [x0, y0] = quad[i];
        let [x1, y1] = quad[(i + 1) % 4];
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as u32;
        for s in 0..=steps {
            let t = s as f32 / steps as f32;
            let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            for dy in -1..=1 {
                for dx in -1..=1 {
                    let (px, py) = (x.round() + dx as f32, y.round() + dy as f32);
                    if px >= 0.0 && py >= 0.0 && px < w && py < h {
                        img.put_pixel(px as u32, py as u32, color);
                    }
                }
            }
        }
    }
}
