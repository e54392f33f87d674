//! Never panic, keep the invariants: every stage on hostile text.
//!
//! - `../shared/fuzz/`: inputs that once crashed or stalled the extractor
//!   (README there): each must give a record; the crash inputs also go through
//!   the query parser, and the unnormalised ones through the parser directly.
//! - Generated inputs: the bundled documents truncated at many places, spliced
//!   into each other, and sprinkled with every Unicode space, line separator
//!   and combining mark; plus random strings over a Vietnamese alphabet.
//!
//! For each record: every span lies inside the normalised text on char
//! boundaries; every deadline has start ≤ end; normalising the normalised text
//! changes nothing.

use std::path::PathBuf;

use vanban::extract::Record;

fn shared_fuzz() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fuzz")
}

fn corpus_texts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let t = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
            (p, t)
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, t)| t).collect()
}

/// Check one text through the whole pipeline and its invariants.
fn check(label: &str, raw: &str) -> Record {
    let text = vanban::normalize::normalize(raw);
    assert_eq!(
        vanban::normalize::normalize(&text),
        text,
        "{label}: normalising twice changed the text"
    );
    let record = vanban::pipeline::record_of("fuzz.txt", raw);
    let inside = |s: [usize; 2], what: &str| {
        assert!(
            s[0] <= s[1] && s[1] <= text.len(),
            "{label}: {what} span {s:?} outside the text ({} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(s[0]) && text.is_char_boundary(s[1]),
            "{label}: {what} span {s:?} not on char boundaries"
        );
    };
    for c in &record.citations {
        for s in &c.spans {
            inside(*s, "citation");
        }
    }
    for d in &record.implements {
        if let Some(e) = &d.evidence {
            inside(e.span, "implements evidence");
        }
    }
    for r in &record.relations {
        if let Some(e) = &r.evidence {
            inside(e.span, "relation evidence");
        }
    }
    for t in &record.tasks {
        if let Some(e) = &t.evidence {
            inside(e.span, "task evidence");
        }
        if let Some(d) = &t.deadline {
            if let (Some(a), Some(b)) = (d.start, d.end) {
                assert!(a <= b, "{label}: deadline {:?} starts after it ends", d.raw);
            }
        }
    }
    record
}

#[test]
fn shared_fuzz_inputs() {
    let root = shared_fuzz();
    if !root.is_dir() {
        eprintln!(
            "skipped: {} not found (run beside ../shared)",
            root.display()
        );
        return;
    }
    let mut n = 0;
    for sub in ["crashes", "unnormalised", "slow"] {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).expect("readable fuzz input");
            let raw = String::from_utf8_lossy(&bytes);
            let label = f.display().to_string();
            check(&label, &raw);
            if sub == "unnormalised" {
                let outline = vanban::parse::Outline::parse(&raw);
                let _ = outline.heading_path(raw.len() / 2);
                let _ = vanban::parse::sentences(&raw);
                let _ = vanban::parse::sentence_at(&raw, raw.len() / 2);
                let _ = vanban::extract::extract_text("fuzz.txt", &raw);
            }
            if sub == "crashes" {
                let _ = vanban::index::query::parse(&raw);
            }
            n += 1;
        }
    }
    assert!(n > 0, "no fuzz inputs found under {}", root.display());
}

/// Every Unicode space, line separator, invisible and combining mark that
/// text from PDFs and web pages carries.
const ODD: &[&str] = &[
    "\u{A0}", "\u{202F}", "\u{2000}", "\u{2009}", "\u{3000}", "\u{200B}", "\u{200C}", "\u{200D}",
    "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{85}", "\u{2028}", "\u{2029}", "\r", "\r\n", "\t",
    "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}", "\u{302}", "\u{306}", "\u{31B}", "ƣ",
    "|", "**", "\\r\\n", "–", "“", "”", " ́",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn generated_documents() {
    let docs = corpus_texts();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for (k, doc) in docs.iter().enumerate() {
        // Truncated at many places (each prefix is a document of its own).
        for step in 1..=12 {
            let cut = boundary(doc, doc.len() * step / 13);
            check(&format!("doc {k} cut at {cut}"), &doc[..cut]);
        }
        // Spliced into the next document.
        let other = &docs[(k + 1) % docs.len()];
        for _ in 0..4 {
            let a = boundary(doc, rng.below(doc.len()));
            let b = boundary(other, rng.below(other.len()));
            let spliced = format!("{}{}", &doc[..a], &other[b..]);
            check(&format!("doc {k} spliced at {a}/{b}"), &spliced);
        }
        // Odd characters sprinkled through it.
        for round in 0..4 {
            let mut s = doc.clone();
            for _ in 0..60 {
                let at = boundary(&s, rng.below(s.len()));
                s.insert_str(at, ODD[rng.below(ODD.len())]);
            }
            check(&format!("doc {k} sprinkled, round {round}"), &s);
        }
    }
}

#[test]
fn random_strings() {
    let pieces: &[&str] = &[
        "Kế hoạch",
        "số",
        " ",
        "21",
        "-",
        "KL/TW",
        "/",
        "QĐ-UBND",
        "ngày",
        "12/3/2021",
        "của",
        "Ban Thường vụ Tỉnh ủy",
        "thực hiện",
        "chủ trì",
        "phối hợp với",
        "Sở Y tế",
        "\n",
        "I.",
        "1.",
        "a)",
        "-",
        "trước ngày",
        "tháng 0/2010",
        "năm 2022 - 2020",
        "quý V/2023",
        ",",
        ";",
        ":",
        "(",
        ")",
        "Điều 3.",
        "QUYẾT ĐỊNH:",
        "Nơi nhận:",
        "TM.",
        "Giao",
        "Yêu cầu",
        "Căn cứ",
        "|",
        "ngày 31/2/2021",
        "Số:",
        "UBND",
        "tỉnh",
        "Kiên Giang",
        "\u{301}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..400 {
        let mut s = String::new();
        for _ in 0..rng.below(80) {
            s.push_str(pieces[rng.below(pieces.len())]);
            if rng.below(3) == 0 {
                s.push(' ');
            }
        }
        check(&format!("random string {i}: {s:?}"), &s);
    }
}
