//! Full-text search of the catalogue in Chinese: a tantivy index whose text is segmented by jieba in its
//! search mode (a long word also yields its shorter words, so that 规划 finds 城乡规划), with document numbers
//! (〔2025〕3号) and 索引号 kept whole as well. The index lives in a directory beside the database and is
//! rebuilt from the catalogue when missing.

#![warn(missing_docs)]

pub mod generated;
mod tokenizer;

use chrono::Datelike;
use gongkai_catalogue::Entry;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

/// The tokenizers' registered names.
const JIEBA: &str = "jieba";
const BIGRAM: &str = "bigram";

/// An error of the search index.
#[derive(Debug)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "全文检索出错：{}", self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

/// The fields.
#[derive(Clone, Copy)]
struct Fields {
    /// The agency the entry belongs to (every search is within one agency).
    agency: Field,
    /// The agency and the 索引号 (an entry's identity in the index).
    key: Field,
    index_no: Field,
    title: Field,
    doc_no: Field,
    doc_no_exact: Field,
    body: Field,
    grams: Field,
    /// The publication date as days from the common era (entries not yet public are not found by the public).
    published: Field,
}

/// A search index of the catalogue.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    jieba: tokenizer::JiebaTokenizer,
}

/// A hit: the entry's 索引号 and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// 索引号.
    pub index_no: String,
    /// Relevance.
    pub score: f32,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(JIEBA)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        agency: b.add_text_field("agency", STRING),
        key: b.add_text_field("key", STRING),
        index_no: b.add_text_field("index_no", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        doc_no: b.add_text_field("doc_no", text.clone()),
        doc_no_exact: b.add_text_field("doc_no_exact", STRING),
        body: b.add_text_field("body", text),
        grams: b.add_text_field("grams", grams),
        published: b.add_i64_field("published", tantivy::schema::INDEXED),
    };
    (b.build(), fields)
}

/// The body's text without its markup.
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

impl SearchIndex {
    /// Opens the index in `dir` (made when missing); `fresh` is true when it was made and needs filling.
    pub fn open(dir: &Path) -> Result<(SearchIndex, bool), SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError(format!("{}：{e}", dir.display())))?;
        let (schema, fields) = schema();
        let existing = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| SearchError(e.to_string()))
            .and_then(|d| Index::exists(&d).map_err(|e| SearchError(e.to_string())))?;
        let old = if existing {
            Some(Index::open_in_dir(dir)?).filter(|i| i.schema() == schema)
        } else {
            None
        };
        // An index of an earlier schema is made anew (and filled again by the caller).
        let fresh = old.is_none();
        let index = match old {
            Some(i) => i,
            None => {
                if existing {
                    std::fs::remove_dir_all(dir)
                        .and_then(|()| std::fs::create_dir_all(dir))
                        .map_err(|e| SearchError(format!("{}：{e}", dir.display())))?;
                }
                Index::create_in_dir(dir, schema)?
            }
        };
        Self::with_index(index, fields).map(|s| (s, fresh))
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<SearchIndex, SearchError> {
        let jieba = tokenizer::JiebaTokenizer::new();
        index.tokenizers().register(JIEBA, jieba.clone());
        index
            .tokenizers()
            .register(BIGRAM, tokenizer::BigramTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            jieba,
        })
    }

    fn writer(&self) -> Result<IndexWriter, SearchError> {
        Ok(self.index.writer(50_000_000)?)
    }

    /// An entry's identity in the index: its agency and 索引号.
    fn key(&self, agency: &str, index_no: &str) -> Term {
        Term::from_field_text(self.fields.key, &format!("{agency}\u{1f}{index_no}"))
    }

    fn add(&self, w: &IndexWriter, agency: &str, e: &Entry) -> Result<(), SearchError> {
        let f = self.fields;
        let doc_no = e.doc_no.clone().unwrap_or_default();
        let body = plain(&e.body);
        // The title, number and body as one run of character pairs (separated, so no pair spans two of them).
        let grams = format!("{}\n{}\n{}", e.title, doc_no, body);
        w.add_document(doc!(
            f.agency => agency.to_string(),
            f.key => format!("{agency}\u{1f}{}", e.index_no),
            f.index_no => e.index_no.clone(),
            f.title => e.title.clone(),
            f.doc_no => doc_no.clone(),
            f.doc_no_exact => doc_no,
            f.body => body,
            f.grams => grams,
            f.published => e.published.map_or(i64::MAX, |d| i64::from(d.num_days_from_ce())),
        ))?;
        Ok(())
    }

    /// Replaces the whole index with `entries`, each with its agency (those to be found: the public ones).
    pub fn rebuild<'a>(
        &self,
        entries: impl IntoIterator<Item = (&'a str, &'a Entry)>,
    ) -> Result<usize, SearchError> {
        let mut w = self.writer()?;
        w.delete_all_documents()?;
        let mut n = 0;
        for (agency, e) in entries {
            self.add(&w, agency, e)?;
            n += 1;
        }
        w.commit()?;
        self.reader.reload()?;
        Ok(n)
    }

    /// Puts one of `agency`'s entries in (replacing its earlier form), or takes it out when `entry` is none.
    pub fn put(
        &self,
        agency: &str,
        index_no: &str,
        entry: Option<&Entry>,
    ) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        w.delete_term(self.key(agency, index_no));
        if let Some(e) = entry {
            self.add(&w, agency, e)?;
        }
        w.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The character pairs of a piece of a query.
    fn grams(&self, text: &str) -> Vec<String> {
        let mut t = tokenizer::BigramTokenizer;
        let mut stream = tantivy::tokenizer::Tokenizer::token_stream(&mut t, text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The words of a query as the index sees them.
    fn words(&self, text: &str) -> Vec<String> {
        let mut t = self.jieba.clone();
        let mut stream = tantivy::tokenizer::Tokenizer::token_stream(&mut t, text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The best `limit` of `agency`'s entries for a query (after `offset`), and how many match; with
    /// `public_on`, only the entries published on or before that day. Every word of the query must be found (in the title, the
    /// document number or the body); the words of a document number must be found in order; a whole 索引号 or
    /// 文号 finds its entry first.
    pub fn search(
        &self,
        agency: &str,
        query: &str,
        public_on: Option<chrono::NaiveDate>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Hit>, usize), SearchError> {
        let q = query.trim();
        if q.is_empty() {
            return Ok((vec![], 0));
        }
        let f = self.fields;
        let words = self.words(q);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let phrase_in = |field: Field| -> Box<dyn Query> {
            let terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            if terms.len() == 1 {
                Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(terms))
            }
        };
        // A number-like query (digits, brackets, 号) is a document number: its words in order.
        let numberish = q.chars().any(|c| c.is_ascii_digit()) && q.chars().count() <= 30;
        if !words.is_empty() {
            if numberish {
                must.push((
                    Occur::Should,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Should, phrase_in(f.doc_no)),
                        (Occur::Should, phrase_in(f.title)),
                        (Occur::Should, phrase_in(f.body)),
                    ])),
                ));
            } else {
                // Each piece of the query (split at spaces and punctuation) must be found: as jieba's words in
                // the title, number or body (title weighted), or printed as it is (its character pairs in order).
                let pieces: Vec<&str> = q
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .collect();
                let all: Vec<(Occur, Box<dyn Query>)> = pieces
                    .iter()
                    .map(|piece| {
                        let words = self.words(piece);
                        let as_words: Vec<(Occur, Box<dyn Query>)> = words
                            .iter()
                            .map(|w| {
                                let any: Box<dyn Query> = Box::new(BooleanQuery::new(
                                    [(f.title, 3.0), (f.doc_no, 1.0), (f.body, 1.0)]
                                        .iter()
                                        .map(|(fld, boost)| {
                                            let tq: Box<dyn Query> = Box::new(TermQuery::new(
                                                Term::from_field_text(*fld, w),
                                                IndexRecordOption::WithFreqs,
                                            ));
                                            (
                                                Occur::Should,
                                                Box::new(tantivy::query::BoostQuery::new(
                                                    tq, *boost,
                                                ))
                                                    as Box<dyn Query>,
                                            )
                                        })
                                        .collect(),
                                ));
                                (Occur::Must, any)
                            })
                            .collect();
                        let grams = self.grams(piece);
                        let as_printed: Box<dyn Query> = if grams.len() == 1 {
                            Box::new(TermQuery::new(
                                Term::from_field_text(f.grams, &grams[0]),
                                IndexRecordOption::WithFreqs,
                            ))
                        } else {
                            Box::new(PhraseQuery::new(
                                grams
                                    .iter()
                                    .map(|g| Term::from_field_text(f.grams, g))
                                    .collect(),
                            ))
                        };
                        let mut either: Vec<(Occur, Box<dyn Query>)> =
                            vec![(Occur::Should, as_printed)];
                        if !as_words.is_empty() {
                            either.push((Occur::Should, Box::new(BooleanQuery::new(as_words))));
                        }
                        (
                            Occur::Must,
                            Box::new(BooleanQuery::new(either)) as Box<dyn Query>,
                        )
                    })
                    .collect();
                if !all.is_empty() {
                    must.push((Occur::Should, Box::new(BooleanQuery::new(all))));
                }
            }
        }
        for exact in [f.index_no, f.doc_no_exact] {
            must.push((
                Occur::Should,
                Box::new(tantivy::query::BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(exact, q),
                        IndexRecordOption::Basic,
                    )),
                    100.0,
                )),
            ));
        }
        let mut query: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(must))),
            (
                Occur::Must,
                Box::new(tantivy::query::ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.agency, agency),
                        IndexRecordOption::Basic,
                    )),
                    0.0,
                )),
            ),
        ]));
        if let Some(day) = public_on {
            let published = tantivy::query::RangeQuery::new(
                std::ops::Bound::Unbounded,
                std::ops::Bound::Included(Term::from_field_i64(
                    f.published,
                    i64::from(day.num_days_from_ce()),
                )),
            );
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, Box::new(published)),
            ]));
        }
        let searcher = self.reader.searcher();
        let (top, count) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        let hits = top
            .into_iter()
            .filter_map(|(score, addr)| {
                let d: TantivyDocument = searcher.doc(addr).ok()?;
                let id = d.get_first(f.index_no)?.as_str()?.to_string();
                Some(Hit {
                    index_no: id,
                    score,
                })
            })
            .collect();
        Ok((hits, count))
    }
}
