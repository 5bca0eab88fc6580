//! Reading a form's fields by name, for forms whose fields are numbered (`quantity.3`) or
//! many: `CsrfForm<Vec<(String, String)>>` (or a multipart form's text fields) as pairs.

pub trait Fields {
    /// The first value of field `name` ("" when absent).
    fn field(&self, name: &str) -> String;
    /// The numbers N of the fields named `prefix.N`, in order, each once, at most `max`.
    fn positions(&self, prefix: &str, max: usize) -> Vec<usize>;
}

impl Fields for [(String, String)] {
    fn field(&self, name: &str) -> String {
        self.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn positions(&self, prefix: &str, max: usize) -> Vec<usize> {
        let mut positions: Vec<usize> = self
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(prefix)?.strip_prefix('.')?.parse().ok())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions.truncate(max);
        positions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_their_numbers() {
        let pairs: Vec<(String, String)> = [
            ("quantity.3", "2"),
            ("description.3", "Visite"),
            ("description.1", "Plans"),
            ("description.1", "again"),
            ("description.x", "not a number"),
            ("descriptions.2", "another prefix"),
            ("key", "k"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(pairs.field("key"), "k");
        assert_eq!(pairs.field("description.1"), "Plans");
        assert_eq!(pairs.field("missing"), "");
        assert_eq!(pairs.positions("description", 10), [1, 3]);
        assert_eq!(pairs.positions("description", 1), [1]);
    }
}
