//! URLs as they may be shown in a message: a key can hide in a URL's user
//! name, password, query or fragment (`http://h/x?key=KEY`).

/// Shown instead of text that is not a URL at all (it may be a key pasted
/// in the wrong place).
const NOT_A_URL: &str = "<not a URL: not shown>";

/// `raw` with its user name and password, every query value and the
/// fragment replaced by `***`: scheme, host, port, path and query names
/// stay. Text that does not parse as a URL is not shown at all.
pub(crate) fn url(raw: &str) -> String {
    if reqwest::Url::parse(raw.trim()).is_err() {
        return NOT_A_URL.to_owned();
    }
    let (head, fragment) = match raw.split_once('#') {
        Some((head, _)) => (head, Some("***")),
        None => (raw, None),
    };
    let (head, query) = match head.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (head, None),
    };
    let authority_start = head.find("://").map_or(0, |i| i + 3);
    let authority_end = head[authority_start..]
        .find('/')
        .map_or(head.len(), |i| authority_start + i);
    let mut out = String::with_capacity(raw.len());
    match head[authority_start..authority_end].rfind('@') {
        Some(at) => {
            out.push_str(&head[..authority_start]);
            out.push_str("***");
            out.push_str(&head[authority_start + at..]);
        }
        None => out.push_str(head),
    }
    if let Some(query) = query {
        out.push('?');
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{name}=***"),
                None if pair.is_empty() => String::new(),
                None => "***".to_owned(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Redacts the URL a reqwest error carries (its `Display` and `Debug` show
/// it).
pub(crate) fn reqwest_error(mut err: reqwest::Error) -> reqwest::Error {
    if let Some(u) = err.url_mut() {
        match reqwest::Url::parse(&url(u.as_str())) {
            Ok(shown) => *u = shown,
            Err(_) => return err.without_url(),
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::{NOT_A_URL, url};

    #[test]
    fn hides_userinfo_query_values_and_fragments() {
        for (raw, shown) in [
            ("https://apis.juhe.cn", "https://apis.juhe.cn"),
            ("http://127.0.0.1:8080/p/", "http://127.0.0.1:8080/p/"),
            ("http://h/x?key=K3Y", "http://h/x?key=***"),
            ("http://h/x?a=1&key=K3Y&K3Y", "http://h/x?a=***&key=***&***"),
            ("http://user:K3Y@h:1/x", "http://***@h:1/x"),
            ("http://K3Y@h", "http://***@h"),
            ("http://h/x#K3Y", "http://h/x#***"),
            ("http://h/x?#", "http://h/x?#***"),
            ("mailto:K3Y@h", "***@h"),
            ("h/x?key=K3Y", NOT_A_URL),
            ("K3Y", NOT_A_URL),
            ("", NOT_A_URL),
        ] {
            assert_eq!(url(raw), shown, "{raw}");
        }
    }
}
