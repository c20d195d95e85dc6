//! The API's answer: its body read whole, then decoded into the record or
//! the API's error.

use regcert_model::{ApiError, Response, Status, VehicleRegistration};

use crate::error::Error;

/// Bodies above this size are not an answer of the API.
const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The whole body, up to [`MAX_RESPONSE_BYTES`].
pub(crate) async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(Error::decode(&body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A 2xx body as an answer: the record, or the API's error.
///
/// A body that is not an answer is [`Error::Incomplete`] (retried) when it
/// is not even one whole JSON document, else [`Error::Decode`] (final).
pub(crate) fn decode(body: &[u8]) -> Result<(Response, VehicleRegistration), Error> {
    let not_an_answer = || {
        if Response::is_json_document(body) {
            Error::decode(body)
        } else {
            Error::incomplete(body)
        }
    };
    let response = Response::from_slice(body).map_err(|_| not_an_answer())?;
    match response.status() {
        Status::Failure(code) => Err(ApiError::new(code, response.reason).into()),
        Status::Missing => Err(not_an_answer()),
        Status::Success => match regcert_model::from_response(&response) {
            Ok(record) => Ok((response, record)),
            Err(_) => Err(not_an_answer()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regcert_model::ErrorCode;

    #[test]
    fn decodes_answers() {
        let ok = r#"{"reason":"ok","error_code":0,"result":{"orderid":"JH1","res":[{"desc":"燃料种类","content":"汽油"}]}}"#;
        let (response, record) = decode(ok.as_bytes()).unwrap();
        assert_eq!(response.result.unwrap().orderid.as_deref(), Some("JH1"));
        assert_eq!(record.order_id.as_deref(), Some("JH1"));
        let err = decode(br#"{"reason":"x","result":null,"error_code":"270903"}"#).unwrap_err();
        assert!(matches!(
            err,
            Error::Api(ref e) if e.code == ErrorCode::RecognitionFailed && e.reason.as_deref() == Some("x")
        ));
        for wrong in [
            &b"{}"[..],
            b"{\"error_code\":0}",
            b"{\"error_code\":1.0,\"result\":null}",
            b"[1]",
        ] {
            assert!(
                matches!(decode(wrong), Err(Error::Decode { .. })),
                "{wrong:?}"
            );
        }
        for cut in [
            &b""[..],
            b"{\"reason\":",
            b"{\"error_code\":1.0,\"res",
            b"<html>",
            b"\xff\xfe",
            b"{\"reason\":\"\xff\",\"result\":null,\"error_code\":0}",
        ] {
            assert!(
                matches!(decode(cut), Err(Error::Incomplete { .. })),
                "{cut:?}"
            );
        }
    }
}
