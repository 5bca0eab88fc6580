//! Plain text with its links found, so a page can make them followable (escaped as text).

/// A run of text, or a link.
pub struct BodyPart {
    pub text: String,
    pub is_link: bool,
}

/// Splits a plain-text body into text and `http(s)://` links (a link ends at whitespace).
pub fn linkify(body: &str) -> Vec<BodyPart> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(pos) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        let (before, from) = rest.split_at(pos);
        if !before.is_empty() {
            out.push(BodyPart {
                text: before.to_string(),
                is_link: false,
            });
        }
        let end = from.find(char::is_whitespace).unwrap_or(from.len());
        out.push(BodyPart {
            text: from[..end].to_string(),
            is_link: true,
        });
        rest = &from[end..];
    }
    if !rest.is_empty() {
        out.push(BodyPart {
            text: rest.to_string(),
            is_link: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_are_found() {
        let parts = super::linkify("Hello,\nopen https://a.example/x/y now.\nBye http://b.example");
        let links: Vec<_> = parts
            .iter()
            .filter(|p| p.is_link)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(links, ["https://a.example/x/y", "http://b.example"]);
        assert_eq!(
            parts.iter().map(|p| p.text.as_str()).collect::<String>(),
            "Hello,\nopen https://a.example/x/y now.\nBye http://b.example"
        );
    }
}
