//! Images refused before any request: each its own error, even with no
//! server at all.

use regcert_client::{Client, Endpoint, Error, Image, ImageFormat, InvalidImage};

use crate::support::{assert_refuses_bad_images, closed_port_url, jpeg};

fn offline_client(max: usize) -> Client {
    Client::builder()
        .key("k")
        .base_url(closed_port_url())
        .max_image_bytes(max)
        .endpoint(Endpoint::Query)
        .build()
        .unwrap()
}

#[tokio::test]
async fn refused_images_never_reach_the_network() {
    let c = offline_client(1000);
    assert_refuses_bad_images(&c).await;
    // The same client does reach the network for a valid image.
    let err = c
        .recognize(Image::from_bytes(jpeg(1000, 1)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
}

#[tokio::test]
async fn messages_tell_what_is_accepted() {
    let c = offline_client(10);
    let err = c
        .recognize(Image::from_bytes(&b"hello"[..]))
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("JPEG, PNG or BMP"), "{msg}");
    assert_eq!(err.kind(), "invalid_image");
    let msg = c
        .recognize(Image::from_bytes(Vec::new()))
        .await
        .unwrap_err()
        .to_string();
    assert!(msg.contains("empty") && msg.contains("270902"), "{msg}");
}

#[test]
fn paths_are_read_and_checked() {
    let dir = crate::endpoints::fixture_dir("paths");
    let missing = dir.join("missing.jpg");
    match Image::from_path(&missing) {
        Err(Error::Io { path, source }) => {
            assert_eq!(path.as_deref(), Some(missing.as_path()));
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("{other:?}"),
    }
    let err = Image::from_path(&missing).unwrap_err();
    assert!(err.to_string().contains("missing.jpg"), "{err}");
    assert_eq!(err.kind(), "io");

    let empty = dir.join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Image::from_path(&empty),
        Err(Error::InvalidImage(InvalidImage::Empty))
    ));
    let text = dir.join("notes.jpg");
    std::fs::write(&text, b"not really a jpeg").unwrap();
    assert!(matches!(
        Image::from_path(&text),
        Err(Error::InvalidImage(InvalidImage::UnknownFormat))
    ));
    let good = dir.join("scan.jpg");
    std::fs::write(&good, jpeg(64, 2)).unwrap();
    let image = Image::from_path(&good).unwrap();
    assert_eq!(image.format(), Some(ImageFormat::Jpeg));
    assert_eq!(image.len(), 64);
    assert_eq!(image.path(), Some(good.as_path()));
    // A directory is not readable as an image.
    assert!(matches!(Image::from_path(&dir), Err(Error::Io { .. })));
}

/// Runs `f` on a thread of its own and waits at most a second for it: a
/// read that blocks fails the test instead of hanging the suite.
fn within_a_second<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(1))
        .expect("answered within a second")
}

#[cfg(unix)]
#[test]
fn files_that_are_not_regular_are_refused_without_reading() {
    let dir = crate::endpoints::fixture_dir("not-regular");
    let fifo = dir.join("pipe.jpg");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [fifo, "/dev/zero".into(), dir] {
        let shown = path.display().to_string();
        let err = within_a_second(move || Image::from_path(path)).unwrap_err();
        match &err {
            Error::Io { source, .. } => {
                assert_eq!(source.kind(), std::io::ErrorKind::InvalidInput, "{shown}");
                assert!(
                    source
                        .get_ref()
                        .is_some_and(|e| e.is::<regcert_client::NotRegularFile>()),
                    "{shown}"
                );
            }
            other => panic!("{shown}: {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            format!("cannot read {shown}: is not a regular file")
        );
    }
}
