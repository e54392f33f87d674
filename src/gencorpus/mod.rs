//! A realistic synthetic corpus, for benchmarks at scale and for checking
//! extraction against a known ground truth.
//!
//! Documents are built by recombining real paragraphs of a seed corpus (the
//! bundled `corpus/`) with new, consistent identities: a province (63 before the
//! 2025 merger or 34 after), an issuer, a number, a date, the real central
//! document the plan carries out and, for lower levels, the generated plans in
//! between (chains central → province → district / khối → commune, 2–4 deep).
//! Each document ends in a generated division of labour whose tasks are counted.
//! The surface varies as the seeds do: some documents have no header, some are
//! NFD, some use the old tone-mark style, some are markdown, some cite `QĐi`.
//!
//! Output is deterministic: the same seed corpus, `docs`, `seed` and province set
//! give the same bytes. Planning uses one ChaCha8 stream; each document is then
//! rendered from its own stream (`seed`, document index), so rendering runs in
//! parallel without changing the result.

mod data;
mod plan;
mod render;
mod source;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::extract::{DocType, IssuerLevel};

pub use data::{provinces_34, provinces_63, Central, CentralIssuer, Province, CENTRALS};
pub use plan::{plan, DocPlan, Issuer, ProvinceSet};
pub use render::{normalize_ref, old_tone_style, render, Rendered};
pub use source::{Paragraph, Pool};

/// Name of the ground-truth file written next to the documents.
pub const GROUND_TRUTH: &str = "ground_truth.jsonl";

/// Errors of corpus generation.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is not UTF-8; seed documents must be UTF-8 text")]
    NotUtf8(PathBuf),
    #[error("only {found} usable paragraphs in {dir}; the seed corpus needs at least 20 prose lines of 120+ characters")]
    TooFewParagraphs { dir: PathBuf, found: usize },
    #[error("output folder {0} is not empty (pass --force to write into it anyway)")]
    OutputNotEmpty(PathBuf),
    #[error("cannot serialise ground truth: {0}")]
    Json(#[from] serde_json::Error),
}

impl GenError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> GenError {
        GenError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What the text of one generated document states: one line of
/// `ground_truth.jsonl`. Field names follow the record contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroundTruth {
    /// Path relative to the output folder (`000042.txt`).
    pub source: String,
    /// Own số/ký hiệu, normalised; `None` when the document has no header.
    pub number: Option<String>,
    /// Date of issue; from the header or a `Kèm theo Quyết định … ngày …` line.
    pub date: Option<NaiveDate>,
    /// `None` when the text never names the province.
    pub province: Option<String>,
    pub issuer: String,
    pub issuer_level: IssuerLevel,
    pub doc_type: DocType,
    /// What the title and opening sentence say the document carries out.
    pub implements: Vec<TruthRef>,
    /// Tasks per canonical organ key in the division of labour.
    pub task_organs: BTreeMap<String, u32>,
}

/// One implemented document, as the opening sentence states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthRef {
    #[serde(rename = "ref")]
    pub reference: String,
    pub doc_type: DocType,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
}

/// Generation settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of documents.
    pub docs: usize,
    pub seed: u64,
    pub provinces: ProvinceSet,
    /// Seed corpus folder (the bundled `corpus/`).
    pub from: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Write into a non-empty output folder.
    pub force: bool,
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub docs: usize,
    pub bytes: u64,
    pub nfd_docs: usize,
    pub markdown_docs: usize,
    pub headerless_docs: usize,
    pub ground_truth: PathBuf,
}

/// Render all documents in memory (used by tests and by [`generate`] in chunks).
pub fn render_all(
    opts: &Options,
    pool: &Pool,
    range: std::ops::Range<usize>,
    plans: &[DocPlan],
) -> Vec<(String, Rendered)> {
    range
        .into_par_iter()
        .map(|i| {
            let mut rng = doc_rng(opts.seed, i);
            let name = file_name(i, false);
            let mut r = render(plans, i, pool, opts.provinces, &mut rng, name);
            let name = file_name(i, r.markdown);
            r.truth.source = name.clone();
            (name, r)
        })
        .collect()
}

/// The per-document random stream.
fn doc_rng(seed: u64, i: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(i as u64 + 1);
    rng
}

fn file_name(i: usize, markdown: bool) -> String {
    format!("{i:06}.{}", if markdown { "md" } else { "txt" })
}

/// Plan the whole corpus (stream 0 of the seed).
pub fn plan_corpus(opts: &Options) -> Vec<DocPlan> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    plan(opts.docs, opts.provinces, &mut rng)
}

/// Generate the corpus and its ground truth into `opts.out`.
pub fn generate(opts: &Options) -> Result<Summary, GenError> {
    let pool = Pool::load(&opts.from)?;
    std::fs::create_dir_all(&opts.out).map_err(|e| GenError::io(&opts.out, e))?;
    let non_empty = std::fs::read_dir(&opts.out)
        .map_err(|e| GenError::io(&opts.out, e))?
        .next()
        .is_some();
    if non_empty && !opts.force {
        return Err(GenError::OutputNotEmpty(opts.out.clone()));
    }
    let plans = plan_corpus(opts);
    let gt_path = opts.out.join(GROUND_TRUTH);
    let gt_file = std::fs::File::create(&gt_path).map_err(|e| GenError::io(&gt_path, e))?;
    let mut gt = std::io::BufWriter::new(gt_file);
    let mut summary = Summary {
        docs: 0,
        bytes: 0,
        nfd_docs: 0,
        markdown_docs: 0,
        headerless_docs: 0,
        ground_truth: gt_path.clone(),
    };
    const CHUNK: usize = 512;
    let mut start = 0;
    while start < opts.docs {
        let end = (start + CHUNK).min(opts.docs);
        let rendered = render_all(opts, &pool, start..end, &plans);
        rendered
            .par_iter()
            .try_for_each(|(name, r)| -> Result<(), GenError> {
                let path = opts.out.join(name);
                let f = std::fs::File::create(&path).map_err(|e| GenError::io(&path, e))?;
                let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
                w.write_all(r.text.as_bytes())
                    .map_err(|e| GenError::io(&path, e))?;
                w.flush().map_err(|e| GenError::io(&path, e))
            })?;
        for (_, r) in &rendered {
            serde_json::to_writer(&mut gt, &r.truth)?;
            gt.write_all(b"\n").map_err(|e| GenError::io(&gt_path, e))?;
            summary.docs += 1;
            summary.bytes += r.text.len() as u64;
            summary.markdown_docs += r.markdown as usize;
            summary.headerless_docs += r.truth.number.is_none() as usize;
            summary.nfd_docs +=
                r.text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) as usize;
        }
        start = end;
    }
    gt.flush().map_err(|e| GenError::io(&gt_path, e))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use unicode_normalization::UnicodeNormalization;

    fn opts(docs: usize, seed: u64, set: ProvinceSet, out: &Path) -> Options {
        Options {
            docs,
            seed,
            provinces: set,
            from: Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            out: out.to_path_buf(),
            force: false,
        }
    }

    fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let c = tempfile::tempdir().unwrap();
        generate(&opts(60, 42, ProvinceSet::Before2025, a.path())).unwrap();
        generate(&opts(60, 42, ProvinceSet::Before2025, b.path())).unwrap();
        generate(&opts(60, 43, ProvinceSet::Before2025, c.path())).unwrap();
        let (fa, fb, fc) = (read_all(a.path()), read_all(b.path()), read_all(c.path()));
        assert_eq!(fa.len(), 61, "60 documents and the ground truth");
        assert_eq!(fa, fb);
        assert_ne!(fa.get(GROUND_TRUTH), fc.get(GROUND_TRUTH));
    }

    #[test]
    fn refuses_a_non_empty_output_without_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.txt"), "x").unwrap();
        let mut o = opts(3, 1, ProvinceSet::Before2025, dir.path());
        assert!(matches!(generate(&o), Err(GenError::OutputNotEmpty(_))));
        o.force = true;
        assert_eq!(generate(&o).unwrap().docs, 3);
    }

    /// NFC, lower-case, one tone style: robust to NFD and `hoá`/`hóa`, but
    /// keeps diacritics (folded, `Điện Biên` would match `diễn biến`).
    fn key(s: &str) -> String {
        let lower = s.nfc().collect::<String>().to_lowercase();
        old_tone_style(&lower, 1.0, &mut ChaCha8Rng::seed_from_u64(0))
    }

    fn cased_key(s: &str) -> String {
        let nfc = s.nfc().collect::<String>();
        old_tone_style(&nfc, 1.0, &mut ChaCha8Rng::seed_from_u64(0))
    }

    #[test]
    fn ground_truth_is_what_the_text_states() {
        for set in [ProvinceSet::Before2025, ProvinceSet::After2025] {
            let o = opts(400, 9, set, Path::new("unused"));
            let pool = Pool::load(&o.from).unwrap();
            let plans = plan_corpus(&o);
            let docs = render_all(&o, &pool, 0..o.docs, &plans);
            let names: Vec<&str> = set.provinces().iter().map(|p| p.name).collect();
            let (mut with_number, mut with_province, mut md) = (0, 0, 0);
            for (name, r) in &docs {
                let text = key(&r.text);
                let t = &r.truth;
                assert_eq!(&t.source, name);
                assert!(name.ends_with(if r.markdown { ".md" } else { ".txt" }));
                md += r.markdown as usize;
                if let Some(n) = &t.number {
                    with_number += 1;
                    assert!(text.contains(&key(n)), "{name}: number {n} not in text");
                }
                match &t.province {
                    Some(p) => {
                        with_province += 1;
                        assert!(text.contains(&key(p)), "{name}: province {p} not in text");
                    }
                    None => {
                        // No province named anywhere (`Hồ Chí Minh` is the person;
                        // case matters: `hòa bình` is peace, `Hòa Bình` a province).
                        let cased = cased_key(&r.text);
                        for other in names.iter().filter(|n| **n != "Hồ Chí Minh") {
                            assert!(
                                !cased.contains(&cased_key(other)),
                                "{name}: names {other} but truth says none"
                            );
                        }
                    }
                }
                if let Some(d) = t.date {
                    let written = format!("{}/{}", d.format("%d/%m"), d.format("%Y"));
                    let long = format!("tháng {} năm {}", d.format("%-m"), d.format("%Y"));
                    assert!(
                        text.contains(&written) || text.contains(&long),
                        "{name}: date {d} not in text"
                    );
                }
                assert!(
                    !t.implements.is_empty() && t.implements.len() <= 3,
                    "{name}"
                );
                for imp in &t.implements {
                    let written = imp.reference.replace("QĐ", "QĐi");
                    assert!(
                        text.contains(&key(&imp.reference))
                            || text.contains(&key(&written))
                            || text.contains(&key(&imp.reference.replace("CTR", "CTr"))),
                        "{name}: implements {} not in text",
                        imp.reference
                    );
                }
                let tasks: u32 = t.task_organs.values().sum();
                assert!(tasks >= 3, "{name}: {tasks} tasks");
            }
            let n = docs.len();
            assert!(
                with_number > n / 2 && with_number < n,
                "{set:?}: {with_number}/{n} with a header"
            );
            assert!(
                with_province > n / 2 && with_province < n,
                "{set:?}: {with_province}/{n} name the province"
            );
            assert!(md > n / 10 && md < n / 3, "{set:?}: {md}/{n} markdown");
        }
    }

    #[test]
    fn some_documents_are_nfd_and_some_use_old_tone_marks() {
        let o = opts(400, 5, ProvinceSet::Before2025, Path::new("unused"));
        let pool = Pool::load(&o.from).unwrap();
        let plans = plan_corpus(&o);
        let docs = render_all(&o, &pool, 0..o.docs, &plans);
        let combining = |t: &str| {
            t.chars()
                .filter(|c| ('\u{300}'..='\u{36f}').contains(c))
                .count()
        };
        let all_nfd = docs
            .iter()
            .filter(|(_, r)| combining(&r.text) > 1000)
            .count();
        let some_nfd = docs
            .iter()
            .filter(|(_, r)| (1..=1000).contains(&combining(&r.text)))
            .count();
        // The seeds themselves mix a few old-style forms in; count documents
        // where at least a third of the `ủy`/`hóa` forms are old style.
        let old = docs
            .iter()
            .filter(|(_, r)| {
                let t: String = r.text.nfc().collect::<String>().to_lowercase();
                let old = t.matches("uỷ").count() + t.matches("hoá").count();
                let new = t.matches("ủy").count() + t.matches("hóa").count();
                old * 3 >= old + new
            })
            .count();
        let n = docs.len();
        // Expected shares: 8 % fully NFD, 8 % partly, 35 % old style.
        assert!(
            (n / 50..n / 6).contains(&all_nfd),
            "{all_nfd}/{n} fully NFD"
        );
        assert!(
            (n / 50..n / 6).contains(&some_nfd),
            "{some_nfd}/{n} partly NFD"
        );
        assert!((n / 6..n / 2).contains(&old), "{old}/{n} old tone style");
    }

    #[test]
    fn chains_in_the_ground_truth_are_two_to_four_deep() {
        let o = opts(600, 3, ProvinceSet::Before2025, Path::new("unused"));
        let pool = Pool::load(&o.from).unwrap();
        let plans = plan_corpus(&o);
        let docs = render_all(&o, &pool, 0..o.docs, &plans);
        // Depth from the ground truth alone: a plan implementing a local plan
        // of the same province is one deeper than that plan.
        let mut by_number: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (i, p) in plans.iter().enumerate() {
            by_number.insert((p.province.name.to_string(), normalize_ref(&p.number)), i);
        }
        let mut depth = vec![0u8; docs.len()];
        let mut seen = [0usize; 5];
        for (i, (_, r)) in docs.iter().enumerate() {
            let parent = r.truth.implements.iter().skip(1).last();
            depth[i] = match parent {
                None => 2,
                Some(p) => {
                    let j = by_number[&(plans[i].province.name.to_string(), p.reference.clone())];
                    depth[j] + 1
                }
            };
            assert_eq!(depth[i], plans[i].depth, "doc {i}");
            assert!(CENTRALS
                .iter()
                .any(|c| normalize_ref(c.number) == r.truth.implements[0].reference));
            seen[depth[i] as usize] += 1;
        }
        assert!(seen[2] > 0 && seen[3] > 0 && seen[4] > 0, "{seen:?}");
    }

    #[test]
    fn mean_size_is_near_28_kb() {
        let o = opts(400, 11, ProvinceSet::Before2025, Path::new("unused"));
        let pool = Pool::load(&o.from).unwrap();
        let plans = plan_corpus(&o);
        let docs = render_all(&o, &pool, 0..o.docs, &plans);
        let mean = docs.iter().map(|(_, r)| r.text.len()).sum::<usize>() / docs.len();
        assert!((22_000..34_000).contains(&mean), "mean {mean} bytes");
    }
}
