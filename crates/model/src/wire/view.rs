//! An answer read the way [`super::Response`] reads it, but borrowing its
//! texts from the JSON bytes: what [`crate::parse`] normalizes, without first
//! copying every label and text of the answer.

use std::borrow::Cow;

use serde::Deserialize;

use super::lenient;
use super::status::{Status, from_object_slice, status};

/// [`super::Response`], borrowed.
#[derive(Deserialize)]
pub(crate) struct ResponseView<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::cow_string")]
    reason: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::result")]
    result: Option<ResultView<'a>>,
    #[serde(default, deserialize_with = "lenient::code")]
    error_code: Option<i64>,
    #[serde(default, borrow, deserialize_with = "lenient::cow_string")]
    resultcode: Option<Cow<'a, str>>,
}

/// [`super::WireResult`], borrowed.
#[derive(Deserialize)]
pub(crate) struct ResultView<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::entries")]
    res: Vec<EntryView<'a>>,
    #[serde(default, borrow, deserialize_with = "lenient::cow_string")]
    orderid: Option<Cow<'a, str>>,
}

/// [`super::Entry`], borrowed. `nID` and `index` are read (and so refused
/// or accepted) exactly as there, then left unused.
#[derive(Deserialize)]
struct EntryView<'a> {
    #[serde(
        rename = "nID",
        default,
        borrow,
        deserialize_with = "lenient::cow_string"
    )]
    _n_id: Option<Cow<'a, str>>,
    #[serde(
        rename = "index",
        default,
        borrow,
        deserialize_with = "lenient::cow_string"
    )]
    _index: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::cow_string")]
    desc: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::cow_string")]
    content: Option<Cow<'a, str>>,
}

impl<'a> ResponseView<'a> {
    /// [`super::Response::from_slice`], borrowed.
    pub(crate) fn from_slice(bytes: &'a [u8]) -> Result<ResponseView<'a>, serde_json::Error> {
        from_object_slice(bytes)
    }

    /// [`super::Response::status`].
    pub(crate) fn status(&self) -> Status {
        status(self.error_code, self.resultcode.as_deref())
    }

    /// The API's message.
    pub(crate) fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// The result set, when there is one.
    pub(crate) fn result(&self) -> Option<&ResultView<'a>> {
        self.result.as_ref()
    }
}

impl ResultView<'_> {
    /// Each entry's label and text, in the API's order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (Option<&str>, Option<&str>)> {
        self.res
            .iter()
            .map(|e| (e.desc.as_deref(), e.content.as_deref()))
    }

    /// The order number.
    pub(crate) fn orderid(&self) -> Option<&str> {
        self.orderid.as_deref()
    }
}
