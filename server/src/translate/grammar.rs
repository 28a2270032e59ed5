//! The form a translation's answer may take, given to the embedded model as a GBNF grammar
//! so it cannot write what the checks would refuse for its form alone: one line, no token of
//! the masked sentence twice, no brace outside a token, no control token, and no digit of its
//! own when the masked sentence has none outside its tokens (every number is a token then, so
//! a digit the model writes is one the source does not state).
//!
//! It does not force every token in. Tried first: a model that may not end the line before
//! placing every token writes on past its sentence and puts them into text of its own ("…on
//! {2} day of the week, {1} AI research team, {3} hybrid model."), which keeps the names and
//! numbers but not the meaning, and no check can tell. A dropped token still refuses the
//! translation after (`translate::judge`), as does anything a model server answers (it is not
//! given the grammar).
//!
//! Which tokens are written is a set, so the grammar has one rule per set (2^n); past
//! `COUNTED` tokens it keeps only the sentence's own tokens and one line.

use std::fmt::Write;

use super::check::{writes_number, OTHER_NUMBER_CHARS};
use super::placeholders::{self, token};

/// The most tokens whose repetition the grammar refuses (2^8 = 256 rules).
pub const COUNTED: usize = 8;

/// What an answer may hold, read from the masked sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    /// Tokens `{1}` … `{n}`.
    pub tokens: usize,
    /// The masked sentence states a number outside its tokens (a digit, a number word such
    /// as "twenty", a month), so the answer may write digits too.
    pub digits: bool,
    /// Latin letters outside the tokens: not into Korean, where every name is a token and
    /// the model otherwise gives the English back (the answers refused as "not in the target
    /// language" were all echoes, whole or in part).
    pub latin: bool,
    /// Without `latin`, the glossary entries the answer must carry that are written with
    /// Latin letters ("AI 에이전트"): allowed as whole entries.
    pub entries: Vec<String>,
}

impl Shape {
    /// The shape of a translation of `masked` into `to`, whose prompt lists the glossary
    /// `entries`.
    pub fn of(masked: &placeholders::Masked, to: &str, entries: &[&str]) -> Shape {
        let outside: String = outside_tokens(&masked.text).collect();
        let latin = to != "ko";
        Shape {
            tokens: masked.slots.len(),
            // A number word or a month left to the model comes out as digits in Korean
            // (five years → 5년, February → 2월).
            digits: outside.chars().any(writes_number)
                || !crate::summarize::numbers::numbers(&outside).is_empty()
                || crate::summarize::numbers::words(&outside)
                    .into_iter()
                    .any(|w| super::check::month_in(w).is_some()),
            latin,
            entries: if latin {
                Vec::new()
            } else {
                entries
                    .iter()
                    .filter(|e| e.chars().any(|c| c.is_ascii_alphabetic()))
                    .map(|e| e.to_string())
                    .collect()
            },
        }
    }

    /// Whether the grammar lets the model answer `answer` (what `gbnf` says, in Rust, so
    /// the two can be compared with what the checks accept).
    pub fn allows(&self, answer: &str) -> bool {
        let mut seen = vec![0usize; self.tokens];
        let mut free = String::new();
        let mut rest = answer;
        while let Some(open) = rest.find(['{', '}']) {
            free.push_str(&rest[..open]);
            let after = &rest[open..];
            let Some((i, len)) = placeholders::slot_at(after, self.tokens) else {
                return false;
            };
            seen[i] += 1;
            rest = &after[len..];
        }
        free.push_str(rest);
        for entry in &self.entries {
            free = free.replace(entry.as_str(), " ");
        }
        let free_ok = !free.chars().any(|c| {
            matches!(c, '\n' | '\r' | '|')
                || (!self.digits && writes_number(c))
                || (!self.latin && c.is_ascii_alphabetic())
        });
        free_ok && (self.tokens > COUNTED || seen.iter().all(|&n| n <= 1))
    }

    /// The grammar, rooted at `root`.
    pub fn gbnf(&self) -> String {
        // `|` keeps out the control tokens (`<|im_start|>`…), which llama.cpp matches as text
        // and which decode to nothing.
        let mut banned = String::from(r"{}|\n\r");
        if !self.digits {
            banned.push_str("0-9");
            for &(a, b) in OTHER_NUMBER_CHARS {
                let _ = write!(banned, r"\u{:04X}-\u{:04X}", a as u32, b as u32);
            }
        }
        if !self.latin {
            banned.push_str("a-zA-Z");
        }
        let mut text = format!("[^{banned}]");
        if !self.entries.is_empty() {
            let entries: Vec<String> = self.entries.iter().map(|e| quoted(e)).collect();
            text = format!("( {text} | {} )", entries.join(" | "));
        }
        let text = format!("{text}*");
        let mut g = String::new();
        if self.tokens > COUNTED {
            let any: Vec<String> = (0..self.tokens).map(|i| quoted(&token(i))).collect();
            let _ = writeln!(g, "root ::= text ( ( {} ) text )*", any.join(" | "));
        } else {
            // Rule `sK` is what may follow once the tokens in the bits of K are written.
            let _ = writeln!(g, "root ::= s0");
            let full = (1usize << self.tokens) - 1;
            for written in 0..=full {
                let next: Vec<String> = (0..self.tokens)
                    .filter(|i| written & (1 << i) == 0)
                    .map(|i| format!("{} s{}", quoted(&token(i)), written | (1 << i)))
                    .collect();
                if next.is_empty() {
                    let _ = writeln!(g, "s{written} ::= text");
                } else {
                    let _ = writeln!(g, "s{written} ::= text ( {} )?", next.join(" | "));
                }
            }
        }
        let _ = writeln!(g, "text ::= {text}");
        g
    }
}

/// A GBNF string literal.
fn quoted(literal: &str) -> String {
    let mut out = String::from("\"");
    for c in literal.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The characters of a masked text that are not part of a token.
fn outside_tokens(masked: &str) -> impl Iterator<Item = char> + '_ {
    let mut in_token = false;
    masked.chars().filter(move |&c| {
        match c {
            '{' => in_token = true,
            '}' => {
                in_token = false;
                return false;
            }
            _ => {}
        }
        !in_token
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::check::Problem;
    use proptest::prelude::*;

    fn shape(sentence: &str) -> (placeholders::Masked, Shape) {
        let masked = placeholders::mask(sentence, &[]);
        let shape = Shape::of(&masked, "ko", &[]);
        (masked, shape)
    }

    #[test]
    fn a_sentence_with_numbers_masked_lets_no_digit_through() {
        let (masked, s) = shape("OpenAI said GPT-5 scored 74.9% on SWE-bench Verified.");
        assert!(s.tokens >= 3, "{masked:?}");
        assert!(!s.digits, "{masked:?}");
        let all: String = (0..s.tokens)
            .map(token)
            .collect::<Vec<_>>()
            .join(" 그리고 ");
        assert!(s.allows(&all));
        assert!(!s.allows(&format!("{all} 2개")), "a digit of its own");
        assert!(!s.allows(&format!("{all} 약 ⅓")), "a fraction of its own");
        assert!(
            !s.allows(&format!("{all} ４개")),
            "a full-width digit of its own"
        );
        assert!(!s.allows(&format!("{all} models")), "English into Korean");
        assert!(Shape::of(&masked, "en", &[]).allows(&format!("{all} models")));
        let of = |sentence: &str| Shape::of(&placeholders::mask(sentence, &[]), "ko", &[]);
        assert!(
            of("OpenAI shipped it in February.").digits,
            "February comes out as 2월"
        );
        assert!(
            of("It took five years.").digits,
            "five years comes out as 5년"
        );
        assert!(
            !of("It may ship in march.").digits,
            "may and march are verbs"
        );
        let agents = Shape::of(&masked, "ko", &["AI 에이전트", "추론"]);
        assert_eq!(agents.entries, ["AI 에이전트"]);
        assert!(
            agents.allows(&format!("{all} AI 에이전트")),
            "a glossary entry in Latin"
        );
        assert!(
            !agents.allows(&format!("{all} AI 모델")),
            "Latin outside the entry"
        );
        assert!(
            agents.gbnf().contains(r#"text ::= ( [^"#),
            "{}",
            agents.gbnf()
        );
        assert!(
            agents.gbnf().contains(r#"| "AI 에이전트" )*"#),
            "{}",
            agents.gbnf()
        );
        assert!(!s.allows(&format!("{all}\n다음 줄")), "a second line");
        let dropped: String = (1..s.tokens).map(token).collect::<Vec<_>>().join(" ");
        assert!(
            s.allows(&dropped),
            "a dropped token is for the checks to refuse"
        );
        assert!(!s.allows(&format!("{all}<|im_start|>")), "a control token");
        assert!(
            !s.allows(&format!("{all} {}", token(0))),
            "a token repeated"
        );
        assert!(
            !s.allows(&format!("{all} {{{}}}", s.tokens + 1)),
            "a token it does not have"
        );
        assert!(!s.allows(&format!("{all} }}")), "a stray brace");
    }

    #[test]
    fn the_grammar_has_a_rule_per_set_of_written_tokens_and_no_more() {
        let s = Shape {
            tokens: 2,
            digits: false,
            latin: false,
            entries: Vec::new(),
        };
        let g = s.gbnf();
        for rule in ["root ::= s0", "s0 ::=", "s1 ::=", "s2 ::=", "s3 ::= text\n"] {
            assert!(g.contains(rule), "{rule} in\n{g}");
        }
        assert!(
            g.contains(r#""{1}" s1"#) && g.contains(r#""{2}" s3"#),
            "{g}"
        );
        assert!(
            g.contains(r#"s1 ::= text ( "{2}" s3 )?"#),
            "any state may end: {g}"
        );
        assert!(!g.contains("s4"), "{g}");
        assert!(g.contains("0-9"), "{g}");
        let many = Shape {
            tokens: COUNTED + 1,
            digits: true,
            latin: true,
            entries: Vec::new(),
        };
        assert!(!many.gbnf().contains("s1 ::="), "{}", many.gbnf());
        assert!(!many.gbnf().contains("0-9") && !many.gbnf().contains("a-z"));
        assert!(g.contains("a-zA-Z"), "no Latin into Korean: {g}");
    }

    /// Answers made of the pieces the grammar decides on, each as likely as the others (a
    /// character class would be almost all Hangul).
    fn answers() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "가",
            "나 ",
            "a",
            "Z",
            "7",
            "⅓",
            "４",
            "}",
            "{",
            "|",
            "\n",
            "{1}",
            "{2}",
            "{3}",
            "{4}",
            "{12}",
            "AI 에이전트",
        ];
        proptest::collection::vec(proptest::sample::select(PIECES), 0..12)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        /// Whatever the sentence and the answer, the grammar allows exactly the answers on
        /// one line, with no control token and no digit of its own, whose only token problem
        /// for `restore` is a dropped token (within `COUNTED` tokens).
        #[test]
        fn the_grammar_allows_what_the_token_check_takes(
            sentence in "[A-Za-z0-9$%.,{} 가-힣]{0,60}|OpenAI's GPT-[0-9] costs \\$[0-9]{1,3} on [0-9]{1,2} May",
            answer in answers(),
        ) {
            let (masked, s) = shape(&sentence);
            prop_assume!(s.tokens <= COUNTED);
            let taken = match masked.restore(&answer, "ko") {
                Ok(_) => true,
                Err(problems) => problems.iter().all(|p| matches!(p, Problem::PlaceholderMissing(_))),
            };
            let own_digit = !s.digits && outside_tokens(&answer).any(writes_number);
            let own_latin = !s.latin && outside_tokens(&answer).any(|c| c.is_ascii_alphabetic());
            let one_line = !answer.contains(['\n', '\r', '|']);
            prop_assert_eq!(s.allows(&answer), taken && one_line && !own_digit && !own_latin);
        }

        /// The GBNF text says what `allows` says: read by a small reader of the constructs
        /// `gbnf` writes, every answer is taken by both or by neither.
        #[test]
        fn the_gbnf_text_takes_what_allows_takes(
            tokens in 0usize..4,
            digits in any::<bool>(),
            latin in any::<bool>(),
            entry in any::<bool>(),
            answer in answers(),
        ) {
            let entries = if entry && !latin { vec!["AI 에이전트".to_string()] } else { Vec::new() };
            let s = Shape { tokens, digits, latin, entries };
            let g = gbnf_reader::Grammar::parse(&s.gbnf());
            prop_assert_eq!(g.takes(&answer), s.allows(&answer), "{:?}\n{}", answer, s.gbnf());
        }

        #[test]
        fn the_shape_never_panics_on_any_text(sentence in any::<String>(), answer in any::<String>()) {
            let (_, s) = shape(&sentence);
            let _ = s.allows(&answer);
            prop_assert!(s.gbnf().starts_with("root ::="));
        }
    }

    /// A reader of the GBNF constructs `Shape::gbnf` writes (rules, alternatives, string
    /// literals, negated character classes with ranges and escapes, groups, `*` and `?`), to
    /// hold the text to `Shape::allows` without a model.
    mod gbnf_reader {
        use std::collections::{BTreeSet, HashMap};

        #[derive(Debug)]
        enum Item {
            Literal(Vec<char>),
            NotIn(Vec<(char, char)>),
            Rule(String),
            Group(Vec<Vec<Item>>),
            Star(Box<Item>),
            Optional(Box<Item>),
        }

        pub struct Grammar {
            rules: HashMap<String, Vec<Vec<Item>>>,
        }

        impl Grammar {
            pub fn parse(text: &str) -> Grammar {
                let mut rules = HashMap::new();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let (name, body) = line.split_once(" ::= ").expect("a rule");
                    let chars: Vec<char> = body.chars().collect();
                    let mut at = 0;
                    rules.insert(name.to_string(), alternatives(&chars, &mut at));
                }
                Grammar { rules }
            }

            pub fn takes(&self, answer: &str) -> bool {
                let chars: Vec<char> = answer.chars().collect();
                self.rule("root", &chars, 0).contains(&chars.len())
            }

            fn rule(&self, name: &str, s: &[char], at: usize) -> BTreeSet<usize> {
                let mut out = BTreeSet::new();
                for alt in &self.rules[name] {
                    out.extend(self.sequence(alt, s, at));
                }
                out
            }

            fn sequence(&self, items: &[Item], s: &[char], at: usize) -> BTreeSet<usize> {
                let mut here = BTreeSet::from([at]);
                for item in items {
                    here = here.iter().flat_map(|&p| self.item(item, s, p)).collect();
                }
                here
            }

            fn item(&self, item: &Item, s: &[char], at: usize) -> BTreeSet<usize> {
                match item {
                    Item::Literal(l) => {
                        let fits = s.get(at..at + l.len()).is_some_and(|w| w == l.as_slice());
                        fits.then_some(at + l.len()).into_iter().collect()
                    }
                    Item::NotIn(ranges) => s
                        .get(at)
                        .filter(|c| !ranges.iter().any(|&(a, b)| (a..=b).contains(*c)))
                        .map(|_| at + 1)
                        .into_iter()
                        .collect(),
                    Item::Rule(name) => self.rule(name, s, at),
                    Item::Group(alts) => {
                        alts.iter().flat_map(|a| self.sequence(a, s, at)).collect()
                    }
                    Item::Optional(inner) => {
                        let mut out = self.item(inner, s, at);
                        out.insert(at);
                        out
                    }
                    Item::Star(inner) => {
                        let mut out = BTreeSet::from([at]);
                        let mut frontier = vec![at];
                        while let Some(p) = frontier.pop() {
                            for q in self.item(inner, s, p) {
                                if q > p && out.insert(q) {
                                    frontier.push(q);
                                }
                            }
                        }
                        out
                    }
                }
            }
        }

        fn alternatives(c: &[char], at: &mut usize) -> Vec<Vec<Item>> {
            let mut alts = vec![Vec::new()];
            while *at < c.len() {
                match c[*at] {
                    ' ' => *at += 1,
                    ')' => break,
                    '|' => {
                        alts.push(Vec::new());
                        *at += 1;
                    }
                    _ => {
                        let mut item = primary(c, at);
                        match c.get(*at) {
                            Some('*') => {
                                item = Item::Star(Box::new(item));
                                *at += 1;
                            }
                            Some('?') => {
                                item = Item::Optional(Box::new(item));
                                *at += 1;
                            }
                            _ => {}
                        }
                        alts.last_mut().expect("an alternative").push(item);
                    }
                }
            }
            alts
        }

        fn primary(c: &[char], at: &mut usize) -> Item {
            match c[*at] {
                '"' => {
                    *at += 1;
                    let mut lit = Vec::new();
                    while c[*at] != '"' {
                        lit.push(escaped(c, at));
                    }
                    *at += 1;
                    Item::Literal(lit)
                }
                '[' => {
                    assert_eq!(c[*at + 1], '^', "only negated classes are written");
                    *at += 2;
                    let mut ranges = Vec::new();
                    while c[*at] != ']' {
                        let from = escaped(c, at);
                        let to = if c[*at] == '-' && c[*at + 1] != ']' {
                            *at += 1;
                            escaped(c, at)
                        } else {
                            from
                        };
                        ranges.push((from, to));
                    }
                    *at += 1;
                    Item::NotIn(ranges)
                }
                '(' => {
                    *at += 1;
                    let alts = alternatives(c, at);
                    *at += 1;
                    Item::Group(alts)
                }
                _ => {
                    let start = *at;
                    while *at < c.len() && (c[*at].is_ascii_alphanumeric() || c[*at] == '-') {
                        *at += 1;
                    }
                    Item::Rule(c[start..*at].iter().collect())
                }
            }
        }

        /// One character of a literal or a class, escapes read.
        fn escaped(c: &[char], at: &mut usize) -> char {
            let ch = c[*at];
            *at += 1;
            if ch != '\\' {
                return ch;
            }
            let e = c[*at];
            *at += 1;
            match e {
                'n' => '\n',
                'r' => '\r',
                'u' => {
                    let hex: String = c[*at..*at + 4].iter().collect();
                    *at += 4;
                    char::from_u32(u32::from_str_radix(&hex, 16).expect("hex")).expect("a char")
                }
                other => other,
            }
        }
    }
}
