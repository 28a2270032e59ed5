//! The search box's syntax, parsed leniently: words (all must match), "phrases", -exclusion,
//! OR between words, and `field:value`. Nothing a user types is an error: whatever cannot be
//! understood is dropped or read as plain words, and a note says so.

use app::models::{NoteKind, QueryNote};

/// Longer input is cut here (characters); 10 KB pasted into the box is not a query.
pub const MAX_QUERY_CHARS: usize = 500;
/// Terms beyond this many are ignored.
pub const MAX_TERMS: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Title, summary and text.
    Text,
    Title,
    Summary,
    Body,
    Vendor,
    Lang,
    Status,
    Source,
}

impl Scope {
    fn from_name(name: &str) -> Option<Scope> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" => Scope::Title,
            "summary" => Scope::Summary,
            "text" | "body" => Scope::Body,
            "vendor" => Scope::Vendor,
            "lang" | "language" => Scope::Lang,
            "status" => Scope::Status,
            "source" => Scope::Source,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    pub scope: Scope,
    pub text: String,
    pub phrase: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// At least one of these must match (a single atom unless the user wrote OR).
    Any(Vec<Atom>),
    Not(Atom),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    pub notes: Vec<QueryNote>,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Positive text atoms, for spelling suggestions and highlighting.
    pub fn positive_atoms(&self) -> impl Iterator<Item = &Atom> {
        self.clauses.iter().flat_map(|c| match c {
            Clause::Any(atoms) => atoms.as_slice(),
            Clause::Not(_) => &[],
        })
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Lexeme {
    And,
    Or,
    Item { negated: bool, atom: Atom },
}

fn note(kind: NoteKind, detail: impl Into<String>) -> QueryNote {
    QueryNote {
        kind,
        detail: detail.into(),
    }
}

pub fn parse(input: &str) -> ParsedQuery {
    let mut notes = Vec::new();
    let text: String = if input.chars().count() > MAX_QUERY_CHARS {
        notes.push(note(NoteKind::Truncated, MAX_QUERY_CHARS.to_string()));
        input.chars().take(MAX_QUERY_CHARS).collect()
    } else {
        input.to_string()
    };
    let lexemes = lex(&text, &mut notes);
    let clauses = group(lexemes, &mut notes);
    ParsedQuery { clauses, notes }
}

/// Reads a quoted phrase starting after the opening quote; returns it and the rest.
fn read_phrase<'a>(s: &'a str, notes: &mut Vec<QueryNote>) -> (&'a str, &'a str) {
    match s.find('"') {
        Some(end) => (&s[..end], &s[end + 1..]),
        None => {
            notes.push(note(NoteKind::UnbalancedQuote, s.trim()));
            (s, "")
        }
    }
}

fn lex(text: &str, notes: &mut Vec<QueryNote>) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let mut negated = false;
        if let Some(r) = rest.strip_prefix('-') {
            if r.is_empty() || r.starts_with(char::is_whitespace) {
                notes.push(note(NoteKind::Dangling, "-"));
                rest = r;
                continue;
            }
            negated = true;
            rest = r;
        }
        if let Some(r) = rest.strip_prefix('"') {
            let (phrase, after) = read_phrase(r, notes);
            rest = after;
            push_item(&mut out, negated, Scope::Text, phrase, true);
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if !negated && (word == "AND" || word == "&&") {
            out.push(Lexeme::And);
            continue;
        }
        if !negated && (word == "OR" || word == "||") {
            out.push(Lexeme::Or);
            continue;
        }
        let (scope, value) = match word.split_once(':') {
            Some((name, value)) if !name.is_empty() => match Scope::from_name(name) {
                Some(scope) => (scope, value),
                None => {
                    notes.push(note(NoteKind::UnknownField, name));
                    (Scope::Text, value)
                }
            },
            _ => (Scope::Text, word),
        };
        // `title:"a phrase"` continues with a quote right after the colon.
        if value.is_empty() && rest.starts_with('"') {
            let (phrase, after) = read_phrase(&rest[1..], notes);
            rest = after;
            push_item(&mut out, negated, scope, phrase, true);
            continue;
        }
        if value.is_empty() {
            notes.push(note(NoteKind::Dangling, word));
            continue;
        }
        push_item(&mut out, negated, scope, value, false);
    }
    out
}

fn push_item(out: &mut Vec<Lexeme>, negated: bool, scope: Scope, text: &str, phrase: bool) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    out.push(Lexeme::Item {
        negated,
        atom: Atom {
            scope,
            text: text.to_string(),
            phrase,
        },
    });
}

fn group(lexemes: Vec<Lexeme>, notes: &mut Vec<QueryNote>) -> Vec<Clause> {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending: Option<&'static str> = None;
    let mut terms = 0usize;
    let mut dropped = 0usize;
    for lx in lexemes {
        match lx {
            Lexeme::And | Lexeme::Or => {
                let op = if lx == Lexeme::And { "AND" } else { "OR" };
                if pending.is_some() || clauses.is_empty() {
                    notes.push(note(NoteKind::Dangling, op));
                }
                pending = Some(op);
            }
            Lexeme::Item { negated, atom } => {
                terms += 1;
                if terms > MAX_TERMS {
                    dropped += 1;
                    continue;
                }
                let op = pending.take();
                if negated {
                    if op == Some("OR") {
                        notes.push(note(NoteKind::Dangling, "OR"));
                    }
                    clauses.push(Clause::Not(atom));
                    continue;
                }
                match (op, clauses.last_mut()) {
                    (Some("OR"), Some(Clause::Any(atoms))) => atoms.push(atom),
                    (Some("OR"), _) => {
                        notes.push(note(NoteKind::Dangling, "OR"));
                        clauses.push(Clause::Any(vec![atom]));
                    }
                    _ => clauses.push(Clause::Any(vec![atom])),
                }
            }
        }
    }
    if let Some(op) = pending {
        notes.push(note(NoteKind::Dangling, op));
    }
    if dropped > 0 {
        notes.push(note(NoteKind::TooManyTerms, MAX_TERMS.to_string()));
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Atom {
        Atom {
            scope: Scope::Text,
            text: s.into(),
            phrase: false,
        }
    }

    #[test]
    fn words_phrases_exclusion_or_and_fields() {
        let q = parse(r#"llama.cpp "open source" -deprecated vendor:openai a OR b"#);
        assert!(q.notes.is_empty(), "{:?}", q.notes);
        assert_eq!(
            q.clauses,
            vec![
                Clause::Any(vec![text("llama.cpp")]),
                Clause::Any(vec![Atom {
                    scope: Scope::Text,
                    text: "open source".into(),
                    phrase: true
                }]),
                Clause::Not(text("deprecated")),
                Clause::Any(vec![Atom {
                    scope: Scope::Vendor,
                    text: "openai".into(),
                    phrase: false
                }]),
                Clause::Any(vec![text("a"), text("b")]),
            ]
        );
    }

    #[test]
    fn field_with_a_quoted_phrase() {
        let q = parse(r#"title:"first proof""#);
        assert_eq!(
            q.clauses,
            vec![Clause::Any(vec![Atom {
                scope: Scope::Title,
                text: "first proof".into(),
                phrase: true
            }])]
        );
    }

    #[test]
    fn malformed_input_is_read_leniently_with_notes() {
        let q = parse(r#"AND "unclosed phrase"#);
        let kinds: Vec<NoteKind> = q.notes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert!(kinds.contains(&NoteKind::Dangling));
        assert!(kinds.contains(&NoteKind::UnbalancedQuote));
        assert_eq!(q.clauses.len(), 1);

        let q = parse("foo:bar");
        assert_eq!(q.notes[0].kind, NoteKind::UnknownField);
        assert_eq!(q.clauses, vec![Clause::Any(vec![text("bar")])]);

        let q = parse("alpha OR");
        assert_eq!(q.notes[0].kind, NoteKind::Dangling);

        let long = "x ".repeat(5_000);
        let q = parse(&long);
        let kinds: Vec<NoteKind> = q.notes.iter().map(|n| n.kind).collect();
        assert!(kinds.contains(&NoteKind::Truncated));
        assert!(kinds.contains(&NoteKind::TooManyTerms));
        assert_eq!(q.clauses.len(), MAX_TERMS);
    }

    #[test]
    fn and_between_words_is_the_default_and_needs_no_note() {
        let q = parse("alpha AND beta");
        assert!(q.notes.is_empty());
        assert_eq!(q.clauses.len(), 2);
    }
}
