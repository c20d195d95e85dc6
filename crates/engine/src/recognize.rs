//! Text recognition: upright strips of height 48 through the CRNN/SVTR model,
//! in batches of similar width, decoded greedily with CTC.

use image::RgbImage;
use rayon::prelude::*;
use rten::Model;
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;

use crate::error::EngineError;

/// Height of the recognition model's input.
pub const REC_HEIGHT: u32 = 48;
/// Narrowest batch the model is given; narrower strips are padded up to it.
/// (Padding every strip to 320 as in training reads no better on
/// certificates and makes short fields cost as much as long ones.)
const MIN_BATCH_WIDTH: u32 = 48;
/// Widest strip; longer text is squeezed.
pub const MAX_STRIP_WIDTH: u32 = 2048;
/// Strips per model call.
const BATCH_SIZE: usize = 6;

/// Width a strip read again on its own is padded to (see
/// [`probabilities_each`]).
const PADDED_WIDTH: u32 = 512;

/// The text of one strip and its confidence (mean probability of the
/// characters kept; 0 when nothing was read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The decoded text.
    pub text: String,
    /// Mean character probability.
    pub score: f32,
}

/// Width a strip of a `w` x `h` text box gets at height [`REC_HEIGHT`].
pub fn strip_width(w: f32, h: f32) -> u32 {
    if h <= 0.0 {
        return REC_HEIGHT;
    }
    ((REC_HEIGHT as f32 * w / h).round() as u32).clamp(8, MAX_STRIP_WIDTH)
}

/// Read every strip (each [`REC_HEIGHT`] pixels high). Results come back in
/// the order of `strips`.
pub fn recognize(
    model: &Model,
    charset: &[String],
    strips: &[RgbImage],
) -> Result<Vec<Reading>, EngineError> {
    let mut order: Vec<usize> = (0..strips.len()).collect();
    order.sort_by_key(|&i| strips[i].width());
    let batches: Vec<&[usize]> = order.chunks(BATCH_SIZE).collect();
    // On rten's own pool: the model's operators then share its threads with
    // the batches instead of competing with a second pool for the cores.
    let results: Vec<Result<Vec<Reading>, EngineError>> = rten::thread_pool().run(|| {
        batches
            .par_iter()
            .map(|batch| run_batch(model, charset, batch.iter().map(|&i| &strips[i])))
            .collect()
    });
    let mut out = vec![Reading::default(); strips.len()];
    for (batch, readings) in batches.iter().zip(results) {
        for (&i, r) in batch.iter().zip(readings?) {
            out[i] = r;
        }
    }
    Ok(out)
}

fn run_batch<'a>(
    model: &Model,
    charset: &[String],
    strips: impl Iterator<Item = &'a RgbImage> + Clone,
) -> Result<Vec<Reading>, EngineError> {
    let n = strips.clone().count();
    let (probs, steps, classes) = run_model(model, charset, strips, MIN_BATCH_WIDTH)?;
    Ok((0..n)
        .map(|k| {
            ctc_greedy(
                &probs[k * steps * classes..(k + 1) * steps * classes],
                classes,
                charset,
            )
        })
        .collect())
}

/// The model's character probabilities for one strip: `steps x classes`
/// values, row by row, with `steps` and `classes`.
pub(crate) fn probabilities(
    model: &Model,
    charset: &[String],
    strip: &RgbImage,
) -> Result<(Vec<f32>, usize, usize), EngineError> {
    run_model(model, charset, std::iter::once(strip), MIN_BATCH_WIDTH)
}

/// The model's character probabilities for several strips, each run on
/// its own (in parallel): padding a strip to a wider neighbour's width
/// changes what the model sees on it, so each strip's probabilities do not
/// depend on which others were read with it. Each strip's `steps x classes`
/// values, with `classes`.
pub(crate) fn probabilities_each(
    model: &Model,
    charset: &[String],
    strips: &[RgbImage],
) -> Result<(Vec<Vec<f32>>, usize), EngineError> {
    let results: Vec<Result<Vec<f32>, EngineError>> = rten::thread_pool().run(|| {
        strips
            .par_iter()
            .map(|strip| {
                run_model(model, charset, std::iter::once(strip), PADDED_WIDTH).map(|(p, _, _)| p)
            })
            .collect()
    });
    let probs = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok((probs, charset.len()))
}

/// Run the model over `strips` padded to one width: the probabilities of
/// every strip, one after the other, with steps and classes per strip.
fn run_model<'a>(
    model: &Model,
    charset: &[String],
    strips: impl Iterator<Item = &'a RgbImage> + Clone,
    min_width: u32,
) -> Result<(Vec<f32>, usize, usize), EngineError> {
    let n = strips.clone().count();
    let width = strips
        .clone()
        .map(RgbImage::width)
        .max()
        .unwrap_or(0)
        .max(min_width) as usize;
    let height = REC_HEIGHT as usize;
    let plane = height * width;
    // Padding is 0 after normalization, i.e. mid-grey.
    let mut data = vec![0f32; n * 3 * plane];
    for (k, strip) in strips.enumerate() {
        let base = k * 3 * plane;
        for (x, y, px) in strip.enumerate_pixels() {
            let (x, y) = (x as usize, y as usize);
            if y >= height || x >= width {
                continue;
            }
            for c in 0..3 {
                data[base + (2 - c) * plane + y * width + x] = f32::from(px[c]) / 127.5 - 1.0;
            }
        }
    }
    let input = NdTensor::try_from_data([n, 3, height, width], data)
        .map_err(|e| EngineError::Inference(e.to_string()))?;
    let output = model
        .run_one(input.view().into(), None)
        .map_err(|e| EngineError::Inference(e.to_string()))?;
    let probs: NdTensor<f32, 3> = output
        .try_into()
        .map_err(|e: rten::TryFromValueError| EngineError::Inference(e.to_string()))?;
    let [bn, steps, classes] = probs.shape();
    if bn != n || classes != charset.len() {
        return Err(EngineError::Inference(format!(
            "recognition output is {bn}x{steps}x{classes}, expected {n}x?x{}",
            charset.len()
        )));
    }
    Ok((probs.to_contiguous().data().to_vec(), steps, classes))
}

/// The likeliest class of one step's probabilities, with its probability.
pub(crate) fn best_class(step: &[f32]) -> (usize, f32) {
    step.iter()
        .copied()
        .enumerate()
        .fold((0, f32::MIN), |a, (i, v)| if v > a.1 { (i, v) } else { a })
}

/// Greedy CTC decoding of `steps x classes` probabilities: the best class at
/// each step, repeats merged, blanks (class 0) dropped.
pub fn ctc_greedy(probs: &[f32], classes: usize, charset: &[String]) -> Reading {
    let mut text = String::new();
    let mut sum = 0f32;
    let mut kept = 0u32;
    let mut prev = 0usize;
    for step in probs.chunks_exact(classes) {
        let (best, p) = best_class(step);
        if best != 0
            && best != prev
            && let Some(ch) = charset.get(best)
        {
            text.push_str(ch);
            sum += p;
            kept += 1;
        }
        prev = best;
    }
    let score = if kept == 0 { 0.0 } else { sum / kept as f32 };
    Reading { text, score }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let charset: Vec<String> = ["", "a", "b"].iter().map(|s| s.to_string()).collect();
        // Steps: a a blank a b b
        let rows = [1, 1, 0, 1, 2, 2];
        let mut probs = Vec::new();
        for r in rows {
            let mut p = [0.05f32; 3];
            p[r] = 0.9;
            probs.extend_from_slice(&p);
        }
        let reading = ctc_greedy(&probs, 3, &charset);
        assert_eq!(reading.text, "aab");
        assert!((reading.score - 0.9).abs() < 1e-6);
    }

    #[test]
    fn ctc_of_only_blanks_is_empty_with_zero_score() {
        let charset: Vec<String> = ["", "a"].iter().map(|s| s.to_string()).collect();
        let reading = ctc_greedy(&[0.9, 0.1, 0.8, 0.2], 2, &charset);
        assert_eq!(reading.text, "");
        assert_eq!(reading.score, 0.0);
    }

    #[test]
    fn strip_width_keeps_aspect_and_bounds() {
        assert_eq!(strip_width(100.0, 48.0), 100);
        assert_eq!(strip_width(10.0, 480.0), 8);
        assert_eq!(strip_width(1e6, 1.0), MAX_STRIP_WIDTH);
        assert_eq!(strip_width(5.0, 0.0), REC_HEIGHT);
    }
}
