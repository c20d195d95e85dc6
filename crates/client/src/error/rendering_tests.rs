//! The messages the C ABI, the CLI and Python show (`to_string()`), and
//! those of a reporter walking `source()`: each cause's text exactly once.

use std::error::Error as StdError;

use crate::error::{ConfigError, Error};

/// `e` and its causes, `: ` between them, as a reporter shows them.
fn report(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// `cause` appears exactly once in what `e` shows, both ways.
fn assert_once(e: &Error, cause: &str) {
    assert!(!cause.is_empty());
    let shown = e.to_string();
    assert_eq!(shown.matches(cause).count(), 1, "{cause:?} in {shown:?}");
    let reported = report(e);
    assert_eq!(
        reported.matches(cause).count(),
        1,
        "{cause:?} in {reported:?}"
    );
}

#[test]
fn config_causes_are_shown_once() {
    let parse = reqwest::Url::parse("not a url").unwrap_err();
    let err = Error::from(ConfigError::Url {
        what: "base URL",
        url: "<not a URL: not shown>".to_owned(),
        source: parse.into(),
    });
    let Error::Config(ConfigError::Url { source, .. }) = &err else {
        panic!("{err:?}")
    };
    assert_once(&err, &source.to_string());
    assert!(
        err.to_string()
            .starts_with("configuration error: invalid base URL")
    );

    let err = Error::from(ConfigError::Runtime(std::io::Error::other(
        "no threads left",
    )));
    assert_once(&err, "no threads left");
    assert_eq!(
        err.to_string(),
        "configuration error: cannot start the client's runtime: no threads left"
    );

    let err = Error::from(ConfigError::HttpSetup("no TLS roots".into()));
    assert_once(&err, "no TLS roots");

    let invalid = reqwest::header::HeaderValue::from_str("two\nlines").unwrap_err();
    let err = Error::from(ConfigError::UserAgent(invalid));
    let Error::Config(ConfigError::UserAgent(cause)) = &err else {
        panic!("{err:?}")
    };
    assert_once(&err, &cause.to_string());
}

#[cfg(feature = "local")]
mod local {
    use std::path::PathBuf;

    use regcert_engine::EngineError;

    use super::*;
    use crate::error::{LocalError, ModelsError};

    #[test]
    fn models_causes_are_shown_once() {
        let path = PathBuf::from("/nowhere/ch_PP-OCRv4_det_infer.onnx");
        let engine = EngineError::ModelMissing { path: path.clone() };
        let cause = engine.to_string();
        let err = Error::from(ModelsError::engine(engine));
        assert_once(&err, &cause);
        assert_once(&err, &path.display().to_string());
        assert_once(&err, "regcert models fetch");
        let Error::Models(models) = &err else {
            panic!("{err:?}")
        };
        assert!(matches!(
            models.engine_error(),
            Some(EngineError::ModelMissing { .. })
        ));

        let io = std::io::Error::other("disk full");
        let err = Error::from(ModelsError::install(
            "cannot write /m/det.onnx",
            Some(io.into()),
        ));
        assert_once(&err, "disk full");
        assert_eq!(
            err.to_string(),
            "offline engine unavailable: cannot write /m/det.onnx: disk full"
        );
    }

    #[test]
    fn local_causes_are_shown_once() {
        let engine = EngineError::ImageDecode("truncated scan".into());
        let cause = engine.to_string();
        let err = Error::from(LocalError::engine(engine));
        assert_once(&err, &cause);
        assert_eq!(
            err.to_string(),
            "offline recognition failed: image could not be decoded: truncated scan"
        );
        assert_eq!(err.kind(), "local");
        assert!(!err.is_retryable());

        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let join = rt.block_on(async {
            let task = tokio::spawn(std::future::pending::<()>());
            task.abort();
            task.await.unwrap_err()
        });
        let cause = join.to_string();
        let err = Error::from(LocalError::task(join));
        assert_once(&err, &cause);
        let Error::Local(local) = &err else {
            panic!("{err:?}")
        };
        assert!(local.engine_error().is_none());
    }
}
