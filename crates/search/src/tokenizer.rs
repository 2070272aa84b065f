//! A tantivy tokenizer cutting Chinese with jieba in search mode; ASCII letters lower-cased; punctuation and
//! spaces dropped.

use jieba_rs::Jieba;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer (cheap to clone: the dictionary is shared).
#[derive(Clone)]
pub struct JiebaTokenizer {
    jieba: Arc<Jieba>,
}

impl JiebaTokenizer {
    /// With jieba's built-in dictionary.
    pub fn new() -> Self {
        JiebaTokenizer {
            jieba: Arc::new(Jieba::new()),
        }
    }
}

/// The tokens of one text.
pub struct JiebaStream {
    tokens: Vec<Token>,
    at: usize,
}

impl TokenStream for JiebaStream {
    fn advance(&mut self) -> bool {
        if self.at < self.tokens.len() {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaStream {
        // Byte offset of each character (jieba counts in characters), and of the end.
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let at = |c: usize| offsets.get(c).copied().unwrap_or(text.len());
        let mut tokens = Vec::new();
        for t in self
            .jieba
            .tokenize(text, jieba_rs::TokenizeMode::Search, true)
        {
            let word = t.word.trim();
            if word.is_empty() || word.chars().all(|c| !c.is_alphanumeric()) {
                continue;
            }
            // Positions count only the words kept, so that a document number's words are adjacent.
            let position = tokens.len();
            tokens.push(Token {
                offset_from: at(t.start),
                offset_to: at(t.end),
                position,
                text: word.to_lowercase(),
                position_length: 1,
            });
        }
        JiebaStream { tokens, at: 0 }
    }
}

/// A tokenizer of overlapping character pairs for Chinese (a run of one character is itself a token) and whole
/// lower-cased words for Latin letters and digits: any two-character query is found wherever it is printed,
/// whatever jieba made of the surrounding text.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = JiebaStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaStream {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
        let mut tokens: Vec<Token> = Vec::new();
        let mut push = |from: usize, to: usize, s: String| {
            let position = tokens.len();
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: s,
                position_length: 1,
            });
        };
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if is_cjk(c) {
                let start = i;
                while i < chars.len() && is_cjk(chars[i].1) {
                    i += 1;
                }
                if i - start == 1 {
                    push(chars[start].0, end_of(i), c.to_string());
                } else {
                    for k in start..i - 1 {
                        let s: String = [chars[k].1, chars[k + 1].1].iter().collect();
                        push(chars[k].0, end_of(k + 2), s);
                    }
                }
            } else if c.is_alphanumeric() {
                let start = i;
                while i < chars.len() && chars[i].1.is_alphanumeric() && !is_cjk(chars[i].1) {
                    i += 1;
                }
                let s: String = chars[start..i].iter().map(|(_, c)| *c).collect();
                push(chars[start].0, end_of(i), s.to_lowercase());
            } else {
                i += 1;
            }
        }
        JiebaStream { tokens, at: 0 }
    }
}
