//! Memory per upload: a counting allocator measures the most the server
//! holds at once while it reads a 16 MB image sent each way. The bounds:
//! 1.5 times the body for multipart, 2 times for a base64 form.

#[allow(dead_code)]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use regcert_server::Config;

use support::*;

/// The system allocator, counting the bytes held now and the peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A 16 MB JPEG-looking image with bytes of every value.
fn image() -> Vec<u8> {
    let mut image = jpeg(b"");
    image.extend((0..16_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    image
}

/// The most allocated beyond what was held before, while `request` (built
/// beforehand) is sent and answered.
async fn peak_while(server: &regcert_server::Server, request: &[u8]) -> usize {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let reply = raw(server, request).await;
    assert_success(&reply);
    PEAK.load(Ordering::Relaxed) - before
}

#[tokio::test(flavor = "current_thread")]
async fn uploads_take_at_most_the_stated_multiple_of_their_body() {
    let image = image();
    let server = start(Config {
        recognizer: Some(std::sync::Arc::new(Exactly(image.clone()))),
        ..config()
    })
    .await;

    let boundary = "------------------------d74496d66958873e";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n{KEY}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&image);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = format!(
        "POST /verify_cardjz_certificate/verify HTTP/1.1\r\nHost: x\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let multipart = peak_while(&server, &request).await;
    let ratio = multipart as f64 / body.len() as f64;
    eprintln!(
        "multipart: peak {multipart} bytes for a {} byte body ({ratio:.2}x)",
        body.len()
    );
    assert!(ratio <= 1.5, "multipart {ratio:.2}x the body");
    drop((body, request));

    let text = b64(&image)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let body = format!("key={KEY}&file={text}");
    let request = format!(
        "POST /verify_cardjz_certificate/query HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let form = peak_while(&server, request.as_bytes()).await;
    let ratio = form as f64 / body.len() as f64;
    eprintln!(
        "base64 form: peak {form} bytes for a {} byte body ({ratio:.2}x)",
        body.len()
    );
    assert!(ratio <= 2.0, "base64 form {ratio:.2}x the body");
    server.shutdown().await;
}
