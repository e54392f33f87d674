//! Scoring primitives: exact-match rates, precision/recall/F1 over multisets,
//! task alignment for deadline scores.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// Correct out of total, for one field or check.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rate {
    pub name: String,
    pub correct: usize,
    pub total: usize,
    /// `correct / total`; `None` when nothing was scored.
    pub rate: Option<f64>,
}

impl Rate {
    pub fn new(name: &str) -> Rate {
        Rate {
            name: name.to_string(),
            ..Rate::default()
        }
    }

    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }

    pub fn finish(&mut self) {
        self.rate = (self.total > 0).then(|| self.correct as f64 / self.total as f64);
    }
}

/// Precision, recall and F1 over items compared as multisets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prf {
    pub name: String,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// `None` when neither gold nor extraction has any item.
    pub f1: Option<f64>,
}

impl Prf {
    pub fn new(name: &str) -> Prf {
        Prf {
            name: name.to_string(),
            ..Prf::default()
        }
    }

    /// Add one document's gold and extracted items; returns (missing, extra).
    pub fn add(&mut self, gold: &[String], got: &[String]) -> (Vec<String>, Vec<String>) {
        let mut g = counts(gold);
        let mut missing = Vec::new();
        let mut extra = Vec::new();
        for item in got {
            match g.get_mut(item) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.tp += 1;
                }
                _ => {
                    self.fp += 1;
                    extra.push(item.clone());
                }
            }
        }
        for (item, n) in g {
            self.fn_ += n;
            missing.extend(std::iter::repeat_n(item, n));
        }
        (missing, extra)
    }

    pub fn finish(&mut self) {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        if self.tp + self.fp + self.fn_ == 0 {
            return;
        }
        self.precision = Some(if self.tp + self.fp > 0 {
            tp / (tp + fp)
        } else {
            0.0
        });
        self.recall = Some(if self.tp + self.fn_ > 0 {
            tp / (tp + fn_)
        } else {
            0.0
        });
        self.f1 = Some(2.0 * tp / (2.0 * tp + fp + fn_));
    }
}

/// Multiset of items: item → count.
pub fn counts(items: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.clone()).or_insert(0) += 1;
    }
    m
}

/// A comparable key for a name written in prose: no diacritics, lower case,
/// punctuation and white space runs folded to one space.
pub fn name_key(s: &str) -> String {
    crate::normalize::fold(&crate::normalize::normalize(s))
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Key of a document reference (`implements[]`, `citations[]`): its `ref`, or
/// its normalised `name` when it has no number.
pub fn doc_key(v: &Value) -> Option<String> {
    if let Some(r) = v.as_str() {
        // A ground truth may list bare references (`"implements": ["21-KL/TW"]`).
        return Some(r.to_string());
    }
    if let Some(r) = str_field(v, "ref") {
        return Some(r.to_string());
    }
    str_field(v, "name").map(|n| format!("name:{}", name_key(n)))
}

/// Key of a relation: (from|from_name, to|to_name, kind); a missing end is
/// this document (`self`).
pub fn relation_key(v: &Value) -> String {
    let end = |num: &str, name: &str| -> String {
        match (str_field(v, num), str_field(v, name)) {
            (Some(r), _) => r.to_string(),
            (None, Some(n)) => format!("name:{}", name_key(n)),
            (None, None) => "self".to_string(),
        }
    };
    format!(
        "{} -> {} ({})",
        end("from", "from_name"),
        end("to", "to_name"),
        str_field(v, "kind").unwrap_or("?")
    )
}

/// The organ of a task, `-` for the issuing body's own tasks.
pub fn organ_of(v: &Value) -> String {
    str_field(v, "organ").unwrap_or("-").to_string()
}

/// Key of a task for the (document, organ, role) triple (document implied).
pub fn task_key(v: &Value) -> String {
    format!("{} {}", organ_of(v), str_field(v, "role").unwrap_or("?"))
}

fn text_key(v: &Value) -> String {
    name_key(str_field(v, "text").unwrap_or(""))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Pair each gold task with the extracted task it most likely is: same organ,
/// then same section and the longest common text prefix. Returns, per gold
/// task, the index of its extracted partner.
pub fn align_tasks(gold: &[Value], got: &[Value]) -> Vec<Option<usize>> {
    let got_keys: Vec<(String, Option<&str>, String)> = got
        .iter()
        .map(|t| (organ_of(t), str_field(t, "section"), text_key(t)))
        .collect();
    let mut used = vec![false; got.len()];
    let mut out = Vec::with_capacity(gold.len());
    for g in gold {
        let organ = organ_of(g);
        let section = str_field(g, "section");
        let text = text_key(g);
        let mut best: Option<(usize, usize)> = None;
        for (i, (o, s, t)) in got_keys.iter().enumerate() {
            if used[i] || *o != organ {
                continue;
            }
            let prefix = common_prefix(&text, t).min(60);
            let same_section = section.is_some() && *s == section;
            if !same_section && prefix < 15 {
                continue;
            }
            let score = prefix + if same_section { 100 } else { 0 };
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        if let Some((i, _)) = best {
            used[i] = true;
        }
        out.push(best.map(|(i, _)| i));
    }
    out
}

/// The deadline kind of a task (`None` for no deadline).
pub fn deadline_kind(v: &Value) -> Option<String> {
    v.get("deadline")
        .filter(|d| !d.is_null())
        .map(|d| str_field(d, "kind").unwrap_or("?").to_string())
}

/// The deadline's (start, end), when the task has a deadline.
pub fn deadline_dates(v: &Value) -> Option<(Value, Value)> {
    v.get("deadline").filter(|d| !d.is_null()).map(|d| {
        (
            d.get("start").cloned().unwrap_or(Value::Null),
            d.get("end").cloned().unwrap_or(Value::Null),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(items: &[&str]) -> Vec<String> {
        items.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn prf_over_multisets() {
        let mut p = Prf::new("x");
        let (missing, extra) = p.add(&s(&["a", "a", "b"]), &s(&["a", "c"]));
        assert_eq!(missing, s(&["a", "b"]));
        assert_eq!(extra, s(&["c"]));
        p.finish();
        assert_eq!((p.tp, p.fp, p.fn_), (1, 1, 2));
        assert_eq!(p.precision, Some(0.5));
        assert_eq!(p.recall, Some(1.0 / 3.0));
        assert_eq!(p.f1, Some(0.4));

        let mut empty = Prf::new("none");
        empty.add(&[], &[]);
        empty.finish();
        assert_eq!(empty.f1, None);

        let mut nothing_found = Prf::new("miss");
        nothing_found.add(&s(&["a"]), &[]);
        nothing_found.finish();
        assert_eq!(nothing_found.f1, Some(0.0));
        assert_eq!(nothing_found.precision, Some(0.0));
    }

    #[test]
    fn keys() {
        const NAMES: &[(&str, &str)] = &[
            (
                "Nghị quyết Trung ương 4 (khoá XII)",
                "nghi quyet trung uong 4 khoa xii",
            ),
            (
                "Nghị quyết  Trung ương 4 (khóa XII)",
                "nghi quyet trung uong 4 khoa xii",
            ),
            ("“Điều lệ Đảng”", "dieu le dang"),
        ];
        for (name, want) in NAMES {
            assert_eq!(name_key(name), *want, "case {name:?}");
        }
        assert_eq!(
            doc_key(&json!({"ref": "21-KL/TW"})).as_deref(),
            Some("21-KL/TW")
        );
        assert_eq!(
            doc_key(&json!({"ref": null, "name": "Điều lệ Đảng"})).as_deref(),
            Some("name:dieu le dang")
        );
        assert_eq!(doc_key(&json!({"ref": null})), None);
        assert_eq!(doc_key(&json!("99-QĐ/TW")).as_deref(), Some("99-QĐ/TW"));
        assert_eq!(
            relation_key(&json!({"from": null, "to": "2772/QĐ-UBND", "kind": "attached_to"})),
            "self -> 2772/QĐ-UBND (attached_to)"
        );
        assert_eq!(
            relation_key(
                &json!({"from": null, "from_name": "Đề án X", "to": "1847/QĐ-TTg", "kind": "attached_to"})
            ),
            "name:de an x -> 1847/QĐ-TTg (attached_to)"
        );
    }

    #[test]
    fn aligns_tasks_by_organ_section_and_text() {
        let gold = vec![
            json!({"organ": "ban_tuyen_giao", "role": "lead", "section": "IV.7", "text": "Hướng dẫn đợt sinh hoạt"}),
            json!({"organ": "ban_tuyen_giao", "role": "lead", "section": "IV.7", "text": "Tổ chức hội nghị"}),
            json!({"organ": "ban_to_chuc", "role": "lead", "section": "V.4", "text": "Theo dõi"}),
        ];
        let got = vec![
            json!({"organ": "ban_tuyen_giao", "section": "IV.7", "text": "Tổ chức hội nghị"}),
            json!({"organ": "ban_tuyen_giao", "section": "IV.7", "text": "Hướng dẫn đợt sinh hoạt chính trị"}),
            json!({"organ": "ban_dan_van", "section": "V.4", "text": "Theo dõi"}),
        ];
        assert_eq!(align_tasks(&gold, &got), vec![Some(1), Some(0), None]);
    }
}
