//! The 发证机关章 seal: a red round stamp with the issuing authority's name
//! in curved text along its rim and a star in the middle. The seal is found
//! (`ring`), its lettering unwrapped into a strip (`strip`) and read by the
//! same recognizer as every line, and the name chosen among those an
//! authority's seal can carry by what the recognizer saw (`naming`).

use image::RgbImage;

use crate::engine::Engine;
use crate::error::EngineError;

mod bleach;
mod naming;
mod ring;
mod strip;

use naming::{Choice, choose};
use ring::{Ring, find_rings};
use strip::{BANDS, unwrap};

/// The guesses at the seal's rim on an image, each with the strips its
/// lettering unwraps to (one for each of [`BANDS`]): taken before the seal's ink is bleached off the
/// page ([`Found::bleach`]), read after.
pub(crate) struct Found(Vec<(Ring, RgbImage)>);

impl Found {
    /// Find the seal on `image` and unwrap its lettering.
    pub(crate) fn find(image: &RgbImage) -> Self {
        Self(
            find_rings(image)
                .into_iter()
                .flat_map(|ring| BANDS.map(|band| (ring.clone(), unwrap(image, &ring, band))))
                .collect(),
        )
    }

    /// Take the seal's red ink off `image` (see [`bleach::bleach`]).
    pub(crate) fn bleach(&self, image: &mut RgbImage) {
        for (ring, _) in &self.0 {
            bleach::bleach(image, ring);
        }
    }
}

/// What was read on the seal.
#[derive(Debug, Clone, PartialEq)]
pub struct Seal {
    /// The text around the rim: the authority's name it was read as (see
    /// [`Engine::read_seal`]), else the recognizer's reading.
    pub text: String,
    /// Confidence in it, `0..=1`: for a name, the share of the likelihood
    /// of all names tried that it holds (low when the strip is too faint to
    /// tell the names apart, even if the name is right); else the
    /// recognizer's score.
    pub score: f32,
    /// Whether `text` is an authority's name chosen by what the recognizer
    /// saw (page 1's, or a place's from the lists), rather than its reading
    /// as it is.
    pub named: bool,
    /// The seal's bounding box in the image, clockwise from the top-left.
    pub quad: [[f32; 2]; 4],
}

impl Engine {
    /// Find the red seal on `image` and read the text around its rim.
    ///
    /// The text is chosen by what the recognizer saw, among the names an
    /// authority's seal can carry: every place of China above the township
    /// followed by the usual endings of its traffic offices, and `expected`
    /// (the registration authority printed on page 1, which most seals
    /// repeat and which is favoured). The likeliest name is taken when it
    /// explains the strip nearly as well as the recognizer's own reading,
    /// its score then the share of the likelihood of all names scored that
    /// it holds; otherwise the reading is given as read, with the
    /// recognizer's score. `None` when there is no seal, or nothing could be
    /// read on it.
    pub fn read_seal(
        &self,
        image: &RgbImage,
        expected: &[&str],
    ) -> Result<Option<Seal>, EngineError> {
        self.read_found(&Found::find(image), expected)
    }

    /// [`Engine::read_seal`] on a seal already found.
    pub(crate) fn read_found(
        &self,
        found: &Found,
        expected: &[&str],
    ) -> Result<Option<Seal>, EngineError> {
        // Each guess at the rim is read; the one whose strip a name explains
        // best wins, else the one read most surely.
        let index = self.charset_index();
        let mut best: Option<(&Ring, Choice)> = None;
        for (ring, strip) in &found.0 {
            let (probs, steps, classes) = self.strip_probabilities(strip)?;
            if steps == 0 {
                continue;
            }
            let read = self.decode_greedy(&probs, classes);
            let choice = choose(&probs, classes, &index, read, expected);
            if best.as_ref().is_none_or(|(_, b)| choice.better_than(b)) {
                best = Some((ring, choice));
            }
        }
        let Some((ring, choice)) = best else {
            return Ok(None);
        };
        let (text, score, named) = match choice {
            Choice::Named { name, score, .. } => (name, score, true),
            Choice::AsRead(read) => {
                let text: String = read.text.chars().filter(|c| !c.is_ascii()).collect();
                if text.chars().count() < 4 {
                    return Ok(None);
                }
                (text, read.score, false)
            }
        };
        let r = ring.radius.iter().copied().fold(0.0f32, f32::max);
        let (x0, y0, x1, y1) = (ring.cx - r, ring.cy - r, ring.cx + r, ring.cy + r);
        Ok(Some(Seal {
            text,
            score: score.clamp(0.0, 1.0),
            named,
            quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
        }))
    }
}
