//! Document structure: the section tree built from headings.
//!
//! OWNER: parse/tasks helper. Placeholder bodies until then.

/// One heading and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Dotted path of labels from the root (`IV.7`, `II.2.a`).
    pub path: String,
    /// The label as written (`IV.`, `7.`, `a)`).
    pub label: String,
    /// The heading line without its label (`Ban Tuyên giáo Tỉnh ủy`).
    pub heading: String,
    /// Depth in the tree, 1 for top-level headings.
    pub level: usize,
    /// Byte offset of the heading line's start in the normalised text.
    pub start: usize,
    /// Byte offset where the section (including its children) ends.
    pub end: usize,
    /// Index of the parent section in `Outline::sections`.
    pub parent: Option<usize>,
}

/// The sections of one document, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<Section>,
}

impl Outline {
    /// Build the outline of a normalised text.
    pub fn parse(_text: &str) -> Outline {
        Outline::default()
    }

    /// The innermost section containing `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|s| s.start <= offset && offset < s.end)
            .max_by_key(|s| s.level)
    }

    /// Display path of headings down to `offset`
    /// (`IV. PHÂN CÔNG THỰC HIỆN NHIỆM VỤ › 7. Ban Tuyên giáo Tỉnh ủy`).
    pub fn heading_path(&self, offset: usize) -> Option<String> {
        let mut idx = self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= offset && offset < s.end)
            .max_by_key(|(_, s)| s.level)
            .map(|(i, _)| i)?;
        let mut parts = Vec::new();
        loop {
            let s = &self.sections[idx];
            parts.push(format!("{} {}", s.label, s.heading));
            match s.parent {
                Some(p) => idx = p,
                None => break,
            }
        }
        parts.reverse();
        Some(parts.join(" › "))
    }
}
