//! [`Recognition`]: what a successful recognition gives.

use std::time::Duration;

use regcert_model::{Response, VehicleRegistration};

/// A successful recognition.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Recognition {
    /// The normalized, validated record.
    pub record: VehicleRegistration,
    /// The answer exactly as the API sent it; for an offline reading, a
    /// success carrying the entries read and no order number.
    pub response: Response,
    /// The API's order number (`"JH…"`), when it sent one; `None` for an
    /// offline reading, for which no cloud order exists.
    pub order_id: Option<String>,
    /// How many tries it took, the successful one included.
    pub attempts: u32,
    /// Time from the call to the answer, image checks and retries included.
    pub elapsed: Duration,
}
