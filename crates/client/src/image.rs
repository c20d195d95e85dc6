//! Image input: bytes plus the format read off their leading bytes.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use crate::error::{Error, InvalidImage};

/// An image format the API accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// Windows bitmap (`BM` and a known DIB header size).
    Bmp,
}

/// BMP DIB header sizes: CORE, INFO, V2, V3, OS/2 2.x, V4, V5.
/// The largest file [`Image::from_path`] reads into memory (1 GiB): far above
/// any scan, and checked before reading so that a huge file is an error, not
/// an exhausted machine. The client's own `max_image_bytes` applies after.
pub const MAX_FILE_BYTES: usize = 1 << 30;

const BMP_DIB_SIZES: [u32; 7] = [12, 40, 52, 56, 64, 108, 124];

impl ImageFormat {
    /// The format of `bytes`, from their magic number; `None` when unknown.
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(ImageFormat::Jpeg);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(ImageFormat::Png);
        }
        if let Some(dib) = bytes.get(14..18).filter(|_| bytes.starts_with(b"BM")) {
            let dib = u32::from_le_bytes([dib[0], dib[1], dib[2], dib[3]]);
            if BMP_DIB_SIZES.contains(&dib) {
                return Some(ImageFormat::Bmp);
            }
        }
        None
    }

    /// The MIME type, such as `"image/jpeg"`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Bmp => "image/bmp",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Bmp => "bmp",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Bmp => "BMP",
        })
    }
}

/// One image to recognize. Cloning is cheap: the bytes are shared.
///
/// [`Image::from_path`] and [`Image::from_reader`] refuse empty input and
/// unknown formats at once; [`Image::from_bytes`] defers every check to
/// `Client::recognize`, which also applies the
/// client's size cap. Either way no request is sent for a refused image.
#[derive(Clone)]
pub struct Image {
    bytes: Bytes,
    format: Option<ImageFormat>,
    path: Option<Arc<Path>>,
}

impl Image {
    /// Reads a whole file (through [`read_file`](crate::read_file)).
    ///
    /// [`Error::Io`] (with the path) when it cannot be read, or is not a
    /// regular file (a folder, a FIFO, a device: the source is then a
    /// [`NotRegularFile`](crate::NotRegularFile), refused without reading);
    /// [`Error::InvalidImage`] when it is empty, larger than
    /// [`MAX_FILE_BYTES`] (never more than that is read), or not JPEG, PNG
    /// or BMP.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Image, Error> {
        let path = path.as_ref();
        let bytes = crate::file::read_file(path, MAX_FILE_BYTES as u64).map_err(|source| {
            match crate::file::too_large(&source) {
                Some(big) => InvalidImage::TooLarge {
                    size: usize::try_from(big.size).unwrap_or(usize::MAX),
                    max: MAX_FILE_BYTES,
                }
                .into(),
                None => Error::Io {
                    path: Some(path.to_path_buf()),
                    source,
                },
            }
        })?;
        let mut image = Image::from_bytes(bytes);
        image.path = Some(Arc::from(path));
        image.check_content()?;
        Ok(image)
    }

    /// Takes bytes already in memory, without copying them.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Image {
        let bytes = bytes.into();
        Image {
            format: ImageFormat::sniff(&bytes),
            bytes,
            path: None,
        }
    }

    /// Reads `reader` to its end.
    ///
    /// [`Error::Io`] when reading fails; [`Error::InvalidImage`] when the
    /// bytes are empty or not JPEG, PNG or BMP.
    pub fn from_reader(mut reader: impl Read) -> Result<Image, Error> {
        let mut buf = Vec::new();
        reader
            .read_to_end(&mut buf)
            .map_err(|source| Error::Io { path: None, source })?;
        let image = Image::from_bytes(buf);
        image.check_content()?;
        Ok(image)
    }

    /// The sniffed format; `None` when the bytes are not JPEG, PNG or BMP.
    pub fn format(&self) -> Option<ImageFormat> {
        self.format
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The file the image was read from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Empty input and unknown formats, in that order.
    fn check_content(&self) -> Result<ImageFormat, InvalidImage> {
        if self.bytes.is_empty() {
            return Err(InvalidImage::Empty);
        }
        self.format.ok_or(InvalidImage::UnknownFormat)
    }

    /// Every check done before a request: empty, too large, unknown format.
    pub(crate) fn check(&self, max_bytes: usize) -> Result<ImageFormat, InvalidImage> {
        if !self.bytes.is_empty() && self.bytes.len() > max_bytes {
            return Err(InvalidImage::TooLarge {
                size: self.bytes.len(),
                max: max_bytes,
            });
        }
        self.check_content()
    }
}

impl fmt::Debug for Image {
    /// Size, format and path; never the bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Image")
            .field("len", &self.bytes.len())
            .field("format", &self.format)
            .field("path", &self.path.as_deref().map(PathBuf::from))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bmp_header(dib: u32) -> Vec<u8> {
        let mut b = b"BM".to_vec();
        b.extend_from_slice(&[0; 12]);
        b.extend_from_slice(&dib.to_le_bytes());
        b.extend_from_slice(&[0; 8]);
        b
    }

    #[test]
    fn sniffs_the_three_formats() {
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImageFormat::Png)
        );
        assert_eq!(ImageFormat::sniff(&bmp_header(40)), Some(ImageFormat::Bmp));
        assert_eq!(ImageFormat::sniff(&bmp_header(124)), Some(ImageFormat::Bmp));
    }

    #[test]
    fn refuses_look_alikes() {
        assert_eq!(ImageFormat::sniff(b"BMW 320i owner's manual"), None);
        assert_eq!(ImageFormat::sniff(&bmp_header(41)), None);
        assert_eq!(ImageFormat::sniff(&[0xFF, 0xD8]), None);
        assert_eq!(ImageFormat::sniff(b"GIF89a"), None);
        assert_eq!(ImageFormat::sniff(b"%PDF-1.7"), None);
        assert_eq!(ImageFormat::sniff(b"\x89PNG\r\n"), None);
        assert_eq!(ImageFormat::sniff(b""), None);
    }

    #[test]
    fn checks_come_in_order() {
        let empty = Image::from_bytes(Vec::new());
        assert_eq!(empty.check(10), Err(InvalidImage::Empty));
        let text = Image::from_bytes(&b"hello world"[..]);
        assert_eq!(text.check(100), Err(InvalidImage::UnknownFormat));
        assert_eq!(
            text.check(4),
            Err(InvalidImage::TooLarge { size: 11, max: 4 })
        );
        let jpeg = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xDB]);
        assert_eq!(jpeg.check(4), Ok(ImageFormat::Jpeg));
        assert_eq!(
            jpeg.check(3),
            Err(InvalidImage::TooLarge { size: 4, max: 3 })
        );
    }

    #[test]
    fn reader_input_is_checked() {
        let err = Image::from_reader(&b""[..]).unwrap_err();
        assert!(matches!(err, Error::InvalidImage(InvalidImage::Empty)));
        let err = Image::from_reader(&b"plain text"[..]).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidImage(InvalidImage::UnknownFormat)
        ));
        let img =
            Image::from_reader(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'][..]).unwrap();
        assert_eq!(img.format(), Some(ImageFormat::Png));
        assert_eq!(img.len(), 8);
    }

    #[test]
    fn debug_shows_no_bytes() {
        let img = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0x42, 0x42]);
        let d = format!("{img:?}");
        assert!(d.contains("len: 5") && d.contains("Jpeg"), "{d}");
        assert!(!d.contains("66"), "{d}");
    }
}
