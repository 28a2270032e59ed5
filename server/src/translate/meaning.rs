//! The meaning check: a translation can keep every number and name of its source and still
//! say something else ("does not reach" → "reaches", "7 hours" → "7일", "plans to release" →
//! "released", who beats whom). Without a model, it compares what both sentences commit to,
//! each read in its own language:
//!
//! - negation: one says not / no / without / 않 / 없 / 못 and the other does not;
//! - modality: one states a plan, an expectation, an estimate or work still under way
//!   (will, plans, estimated, still training / 예정, 계획, 추산, 훈련 중) and the other a done fact;
//! - units: the translation puts a unit on a number (hours, weeks, words, MB, times, percent …)
//!   that its source does not have;
//! - roles: a name that is the subject on one side is an object on the other, or two subjects
//!   come in the other order (the Korean side reads its particles: 는/가 subject, 을/를 object).
//!
//! Each cue is found with regular expressions on the text itself; counts and matches are only
//! compared, never used to slice another copy. It runs in microseconds, so every translation
//! goes through it in the product's loop; `meaning_eval` measures it on labelled right and wrong
//! translations. What it cannot see — a plausible clause added or dropped, a jargon word turned
//! into another real word that no glossary entry covers — it does not claim to catch.

use std::sync::LazyLock;

use regex::Regex;

/// How a translation's meaning differs from its source's.
#[derive(Debug, Clone, PartialEq)]
pub enum Disagreement {
    /// One side negates and the other does not; `source` says whether the source does.
    Negation { source: bool },
    /// One side states a plan, an expectation, an estimate or work under way, the other a fact.
    Modality { source: bool },
    /// The translation has a unit its source does not (the unit, in English).
    Unit(&'static str),
    /// A name wins a comparison on one side and loses it on the other ("X beats Y" → "Y beats X").
    Role(String),
    /// Two subjects come in the other order (the first as written in the source).
    Order(String, String),
}

impl Disagreement {
    pub fn describe(&self) -> String {
        match self {
            Disagreement::Negation { source: true } => {
                "the source negates and the translation does not".into()
            }
            Disagreement::Negation { source: false } => {
                "the translation negates and the source does not".into()
            }
            Disagreement::Modality { source: true } => {
                "the source states a plan or an estimate and the translation a fact".into()
            }
            Disagreement::Modality { source: false } => {
                "the translation states a plan or an estimate and the source a fact".into()
            }
            Disagreement::Unit(u) => {
                format!("puts a unit ({u}) on a number that the source does not")
            }
            Disagreement::Role(n) => format!("puts {n} on the other side of a comparison"),
            Disagreement::Order(a, b) => format!("swaps who does what ({a}, {b})"),
        }
    }
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, covered by its tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("meaning pattern {pattern}: {e}"))
}

/// Cues counted in a text: matches of `yes` minus matches of `but_not` (each a phrase that
/// holds a `yes` match without meaning it: "not only", "뿐 아니라").
struct Cue {
    yes: Regex,
    but_not: Regex,
}

impl Cue {
    fn present(&self, text: &str) -> bool {
        self.count(text) > 0
    }

    fn count(&self, text: &str) -> usize {
        self.yes
            .find_iter(text)
            .count()
            .saturating_sub(self.but_not.find_iter(text).count())
    }
}

static NEGATION_EN: LazyLock<Cue> = LazyLock::new(|| Cue {
    yes: re(
        r"(?i)\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|unable|impossible|lacks?|lacking|omits?|omitted|leaves out|left out|missing|denie[sd]|deny|declines? to|declined to|refus\w*|rejects?|rejected|forbidden|prohibit\w*|bans?|banned|disabled?|disabling|untrusted|unguarded|unprotected|unavailable|unsupported|unreleased|falls? short|fell short|off by default|turned off|switched off|merely|nothing more than|dismiss\w*|refut\w*)\b|n['’]t\b",
    ),
    but_not: re(
        r"(?i)\b(?:not only|not just|no matter|no doubt|no later than|nothing but|no less than)\b|\bno\.\s?\d|n['’]t (?:just|only)\b",
    ),
});

static NEGATION_KO: LazyLock<Cue> = LazyLock::new(|| Cue {
    yes: re(
        r"않|못|없|아니|아닌|지\s?말|말고|빠져|빠졌|빠진|부인|거부|금지|불가|불과|무방비|비활성|꺼져|끄는|꺼 ",
    ),
    but_not: re(
        r"못\s?미치|못\s?미쳤|못\s?미친|뿐\s?(?:만\s?)?아니|없애|없앤|없앨|없앴|그치지\s?않",
    ),
});

static MODAL_EN: LazyLock<Cue> = LazyLock::new(|| Cue {
    yes: re(
        r"(?i)\b(?:plans?|planned|planning|intends?|intended|aims? to|expected|expects?|expecting|going to|(?:is|are) set to|scheduled|upcoming|forthcoming|estimat\w*|reportedly|believed to|likely|still[\s\-‑](?:training|in training|being|under|in development|in testing|developing|testing|in progress|in preview)|under way|underway|in development|in training|being (?:trained|developed|tested)|currently (?:developing|training|testing|working on|building))\b",
    ),
    but_not: re(r"(?i)\bstill (?:the|a|an)\b"),
});

/// The plain future: Korean news writes what will happen in the present tense too ("NVIDIA
/// will invest" → "NVIDIA는 투자한다"), so against Korean it disagrees only with a past tense.
static FUTURE_EN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bwill\b|['’]ll\b"));

/// A Korean past tense (했다, 밝혔다, 공개됐다, 마쳤습니다 …).
static PAST_KO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:았|었|였|했|됐|졌|켰|냈|왔|갔|봤|줬|셨|웠|쳤|렸|겼|혔|섰|랐|썼|뒀|뤘|챘|꿨|됬)(?:다|습니다|으며|고|는데|지만)",
    )
});

static MODAL_KO: LazyLock<Cue> = LazyLock::new(|| Cue {
    yes: re(
        r"예정|계획|방침|전망|예상|목표로|앞두고|[할될일]\s?것|겠|향후|오는\s?\d|연내|추정|추산|보고\s?있|것으로\s?보|(?:훈련|학습|개발|시험|테스트|진행)\s?중",
    ),
    but_not: re(r"예상\s?(?:외|밖)|것으로\s?보고\s?있"),
});

/// A number: digits, or a number word (English) or native numeral (Korean) before a space.
const NUMBER_EN: &str = r"(?:\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|a few|several))\s?(?:hundred|thousand|million|billion|trillion|[KMBkmb]\b)?";
const NUMBER_KO: &str = r"(?:\d[\d,]*(?:\.\d+)?|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s)\s?(?:십|백|천|만|억|조)?";

/// Units after a number (or in "per X" / "X당"), as (pattern, unit) per language.
static UNITS_EN: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    // One word may stand between a number and its unit ("3,000 estimated hours").
    let after = |u: &str| re(&format!(r"(?i){NUMBER_EN}[\s\-‑]?(?:[a-z]+\s)?(?:{u})\b"));
    let per = |u: &str| {
        re(&format!(
            r"(?i)\b(?:per|an|a|each|every)\s(?:{u})\b|\b(?:{u})ly\b"
        ))
    };
    let mut units = Vec::new();
    for (u, name) in [
        (r"hours?|hrs?|h", "hour"),
        (r"minutes?|mins?", "minute"),
        (r"seconds?|secs?", "second"),
        (r"days?", "day"),
        (r"weeks?", "week"),
        (r"months?", "month"),
        (r"years?", "year"),
    ] {
        units.push((after(u), name));
        units.push((per(u), name));
    }
    units.push((after(r"words?"), "word"));
    units.push((after(r"characters?"), "character"));
    units.push((
        re(&format!(r"(?i){NUMBER_EN}\s?(?:times|x|-?fold)\b")),
        "times",
    ));
    units.push((
        re(&format!(
            r"(?i){NUMBER_EN}\s?(?:%|percent|per cent|percentage points?)"
        )),
        "percent",
    ));
    for (u, name) in [("KB", "KB"), ("MB", "MB"), ("GB", "GB"), ("TB", "TB")] {
        units.push((re(&format!(r"(?i)\d\s?{u}\b")), name));
    }
    units
});

/// Korean units. `strict` is how a translation is read: 일 and 년 after a number are also a
/// date (1월 20일, 2024년), so a translation's "N일" counts as days only outside a date, while
/// a source's counts either way.
fn units_ko(strict: bool) -> &'static Vec<(Regex, &'static str)> {
    static STRICT: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| korean_units(true));
    static LOOSE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| korean_units(false));
    if strict {
        &STRICT
    } else {
        &LOOSE
    }
}

fn korean_units(strict: bool) -> Vec<(Regex, &'static str)> {
    let after = |u: &str| re(&format!(r"{NUMBER_KO}\s?(?:{u})"));
    let mut units = vec![
        (after("시간"), "hour"),
        (re("시간당|매시간"), "hour"),
        (
            re(&format!(
                r"{NUMBER_KO}\s?분(?:간|\s|$|,|\.|만에|당|이|동안)"
            )),
            "minute",
        ),
        (re("분당"), "minute"),
        (
            re(&format!(
                r"{NUMBER_KO}\s?초(?:간|\s|$|,|\.|만에|당|이|동안)"
            )),
            "second",
        ),
        (re("초당"), "second"),
        (after("주(?:간|\\s|$|,|\\.|의|일|만에|동안)"), "week"),
        (re("주당"), "week"),
        (after("개월|달(?:\\s|$|,|\\.|간|동안|만에|이|의)"), "month"),
        (re("월간|매달|매월|달마다"), "month"),
        (after("단어|어절"), "word"),
        (after("글자|문자"), "character"),
        (after("배"), "times"),
        (after("%|퍼센트|프로"), "percent"),
        (re(r"\d\s?KB"), "KB"),
        (re(r"\d\s?MB"), "MB"),
        (re(r"\d\s?GB"), "GB"),
        (re(r"\d\s?TB"), "TB"),
        (re("일당|하루당|매일"), "day"),
        (re("연간|매년|해마다"), "year"),
    ];
    if strict {
        // Outside a date: not after a month (1월 20일), and a year only under 1000 (2년, not 2024년).
        units.push((re(r"(?:^|[^월\d\s]\s?)\d{1,3}\s?일\s?(?:간|동안)?"), "day"));
        units.push((re(r"(?:^|[^\d])\d{1,3}\s?년"), "year"));
        units.push((
            re(r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?(?:해|날)"),
            "year",
        ));
    } else {
        units.push((after("일"), "day"));
        units.push((after("년"), "year"));
        units.push((after("월"), "month"));
    }
    units
}

fn units(text: &str, language: &str, strict: bool) -> Vec<&'static str> {
    let table: &Vec<(Regex, &'static str)> = if language == "ko" {
        units_ko(strict)
    } else {
        &UNITS_EN
    };
    let mut found: Vec<&'static str> = Vec::new();
    for (pattern, unit) in table {
        if !found.contains(unit) && pattern.is_match(text) {
            found.push(unit);
        }
    }
    found
}

/// A Latin-script name with the particle after it (group 1: the name; 2: the particle).
static KOREAN_MARKED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^A-Za-z0-9.\-‑])([A-Za-z][A-Za-z0-9.\-‑]*(?:\s[A-Za-z0-9][A-Za-z0-9.\-‑]*)*)(은|는|이|가|을|를)(?:\s|,|$)",
    )
});

/// Korean spellings of names whose role the check follows, with their Latin form.
const KOREAN_NAMES: &[(&str, &str)] = &[
    ("오픈AI", "OpenAI"),
    ("딥시크", "DeepSeek"),
    ("구글", "Google"),
    ("메타", "Meta"),
    ("앤트로픽", "Anthropic"),
    ("엔비디아", "Nvidia"),
    ("마이크로소프트", "Microsoft"),
    ("알리바바", "Alibaba"),
    ("카카오", "Kakao"),
    ("네이버", "Naver"),
    ("업스테이지", "Upstage"),
    ("K-엑사원", "K-EXAONE"),
    ("엑사원", "EXAONE"),
    ("큐웬3", "Qwen3"),
    ("큐원3", "Qwen3"),
    ("큐웬", "Qwen"),
    ("큐원", "Qwen"),
    ("제미나이", "Gemini"),
    ("클로드", "Claude"),
    ("라마", "Llama"),
];

static KOREAN_SPELLED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = KOREAN_NAMES.iter().map(|(k, _)| *k).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternation: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    re(&format!(
        r"({})['’‘”]?(은|는|이|가|을|를)(?:\s|,|$)",
        alternation.join("|")
    ))
});

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Subject,
    Object,
}

/// The names the Korean text marks as subject or object, in order, in Latin script.
fn korean_roles(text: &str) -> Vec<(String, Role)> {
    let mut found: Vec<(usize, String, Role)> = Vec::new();
    let role = |particle: &str| match particle {
        "을" | "를" => Role::Object,
        _ => Role::Subject,
    };
    for caps in KOREAN_MARKED_NAME.captures_iter(text) {
        if let (Some(name), Some(particle)) = (caps.get(1), caps.get(2)) {
            found.push((
                name.start(),
                name.as_str().to_string(),
                role(particle.as_str()),
            ));
        }
    }
    for caps in KOREAN_SPELLED_NAME.captures_iter(text) {
        if let (Some(name), Some(particle)) = (caps.get(1), caps.get(2)) {
            if let Some((_, latin)) = KOREAN_NAMES.iter().find(|(k, _)| *k == name.as_str()) {
                found.push((name.start(), (*latin).to_string(), role(particle.as_str())));
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    found.into_iter().map(|(_, n, r)| (n, r)).collect()
}

/// Words that may stand between a clause's start and its subject ("while the standard X").
const BEFORE_SUBJECT: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "our",
    "their",
    "his",
    "her",
    "standard",
    "new",
    "small",
    "tiny",
    "default",
    "older",
    "previous",
    "however",
    "also",
    "then",
    "now",
    "meanwhile",
];
/// Words after which a name starts a clause (its subject).
const CLAUSE_STARTS: &[&str] = &[
    "and", "but", "while", "whereas", "where", "when", "although", "though", "that", "which", "so",
    "because", "if", "since", "after", "before", "whether", "said", "says", "yet",
];
/// Words that put the name after them on the losing side of a comparison ("behind X").
const COMPARED_AGAINST: &[&str] = &[
    "behind",
    "than",
    "over",
    "against",
    "vs",
    "versus",
    "beats",
    "beat",
    "outperforms",
    "outperformed",
    "outperform",
    "surpasses",
    "surpassed",
    "surpass",
    "outcompetes",
    "outcompeted",
    "outcompete",
    "trails",
    "trailed",
    "exceeds",
    "exceeded",
    "tops",
    "topped",
];
/// Verbs that make the name before them the winning side ("X beats").
const COMPARING_VERBS: &[&str] = &[
    "beats",
    "beat",
    "outperforms",
    "outperformed",
    "surpasses",
    "surpassed",
    "outcompetes",
    "outcompeted",
    "exceeds",
    "exceeded",
    "tops",
    "topped",
    "leads",
    "led",
];

/// Where `name` first stands as a whole word in the lowercase English `text`, with the words
/// before it (nearest first, up to the clause's start) and the few after it. Positions are
/// only compared with others in the same copy.
fn english_place(lower: &str, name: &str) -> Option<(usize, Vec<String>, Vec<String>)> {
    let name = name.to_lowercase();
    if name.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(&name)) {
        let at = from + found;
        let end = at + name.len();
        let (Some(before), Some(after)) = (lower.get(..at), lower.get(end..)) else {
            return None;
        };
        let joined_before = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '-');
        let joined_after = after.chars().next().is_some_and(char::is_alphanumeric);
        if !joined_before && !joined_after {
            let words = |s: &str| -> Vec<String> {
                s.split_whitespace()
                    .map(|w| w.to_string())
                    .collect::<Vec<_>>()
            };
            let mut back = words(before);
            back.reverse();
            let ahead: Vec<String> = words(after).into_iter().take(3).collect();
            return Some((at, back, ahead));
        }
        from = end;
    }
    None
}

fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the words before a name (nearest first) leave it the subject of its clause.
fn starts_clause(back: &[String]) -> bool {
    for word in back {
        if word.ends_with([',', ';', ':', '(', '—', '–', '.']) || word == "-" {
            return true;
        }
        let w = bare(word);
        if CLAUSE_STARTS.contains(&w) {
            return true;
        }
        if !BEFORE_SUBJECT.contains(&w) {
            return false;
        }
    }
    true
}

/// Whether a comparison word stands within two words before the name ("just behind X").
fn compared_against(back: &[String]) -> bool {
    back.iter()
        .take(2)
        .take_while(|w| !w.ends_with([',', ';', ':']))
        .any(|w| COMPARED_AGAINST.contains(&bare(w)))
}

/// Whether the name is the winning side: a comparing verb within two words after it.
fn comparing(ahead: &[String]) -> bool {
    ahead
        .iter()
        .take(2)
        .any(|w| COMPARING_VERBS.contains(&bare(w)))
}

/// Who does what: a name the Korean side makes the subject (는/가) that the English side puts
/// after "behind" / "than" / "outperforms", or one the Korean side makes the object (을/를) that
/// the English side has beating another; and two subjects of both sides in the other order.
fn roles(source: &str, translation: &str, from: &str) -> Vec<Disagreement> {
    let (korean, english) = if from == "ko" {
        (source, translation)
    } else {
        (translation, source)
    };
    let lower = english.to_lowercase();
    let mut out = Vec::new();
    let mut subjects: Vec<(usize, String)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (name, role) in korean_roles(korean) {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let Some((at, back, ahead)) = english_place(&lower, &name) else {
            continue;
        };
        match role {
            Role::Subject if compared_against(&back) => out.push(Disagreement::Role(name)),
            Role::Object if comparing(&ahead) => out.push(Disagreement::Role(name)),
            Role::Subject if starts_clause(&back) => subjects.push((at, name)),
            _ => {}
        }
    }
    for pair in subjects.windows(2) {
        if let [(a_at, a), (b_at, b)] = pair {
            if b_at < a_at {
                // Named in the source's order: Korean is `a` first, English `b` first.
                let (first, second) = if from == "ko" { (a, b) } else { (b, a) };
                out.push(Disagreement::Order(first.clone(), second.clone()));
            }
        }
    }
    out
}

/// What `translation` (in `to`) says otherwise than `source` (in `from`). Only en↔ko is read;
/// any other pair gives nothing.
pub fn check(source: &str, translation: &str, from: &str, to: &str) -> Vec<Disagreement> {
    let (neg_s, neg_t, modal_s, modal_t) = match (from, to) {
        ("en", "ko") => (&NEGATION_EN, &NEGATION_KO, &MODAL_EN, &MODAL_KO),
        ("ko", "en") => (&NEGATION_KO, &NEGATION_EN, &MODAL_KO, &MODAL_EN),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    // Negations are counted (up to two: "found no jailbreak for the forbidden queries" has
    // two, and losing one flips the sentence), modality only noticed.
    let (negations_s, negations_t) = (neg_s.count(source).min(2), neg_t.count(translation).min(2));
    if negations_s != negations_t {
        out.push(Disagreement::Negation {
            source: negations_s > negations_t,
        });
    }
    let (english, korean) = if from == "en" {
        (source, translation)
    } else {
        (translation, source)
    };
    let (modal_en, modal_ko) = if from == "en" {
        (modal_s.present(english), modal_t.present(korean))
    } else {
        (modal_t.present(english), modal_s.present(korean))
    };
    let future_en = FUTURE_EN.is_match(english);
    let english_modal = modal_en || future_en;
    // The plain future against a Korean sentence without a plan word is a disagreement only
    // when that sentence is in the past.
    let disagree = if modal_en || !future_en || modal_ko {
        english_modal != modal_ko
    } else {
        PAST_KO.is_match(korean)
    };
    if disagree {
        let source_modal = if from == "en" {
            english_modal
        } else {
            modal_ko
        };
        out.push(Disagreement::Modality {
            source: source_modal,
        });
    }
    let source_units = units(source, from, false);
    for unit in units(translation, to, true) {
        if !source_units.contains(&unit) {
            out.push(Disagreement::Unit(unit));
        }
    }
    out.extend(roles(source, translation, from));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn en_ko(source: &str, translation: &str) -> Vec<Disagreement> {
        check(source, translation, "en", "ko")
    }

    #[test]
    fn a_flipped_negation_is_caught_and_a_kept_one_is_not() {
        let s = "They cannot process or generate images.";
        assert_eq!(
            en_ko(s, "이 모델들은 이미지를 처리하고 생성할 수 있다."),
            vec![Disagreement::Negation { source: true }]
        );
        assert_eq!(en_ko(s, "이미지를 처리하거나 만들어 낼 수는 없다."), vec![]);
        // "not just" is not a negation, "뿐 아니라" / "그치지 않고" neither.
        let s = "It doesn’t just help you write code; it manages the team.";
        assert_eq!(
            en_ko(s, "코드 작성을 돕는 데 그치지 않고 팀을 관리한다."),
            vec![]
        );
        assert_eq!(
            en_ko(s, "코드 작성만 돕고 팀을 관리하지는 않는다."),
            vec![Disagreement::Negation { source: false }]
        );
        // Two negations, one lost: "found no jailbreak for the forbidden queries".
        let s = "Researchers found no jailbreak for the ten forbidden queries.";
        assert_eq!(
            en_ko(s, "연구자들은 금지된 질의 10개에 대한 탈옥을 찾아냈다."),
            vec![Disagreement::Negation { source: true }]
        );
        assert_eq!(
            en_ko(s, "연구자들은 금지된 질의 10개에 대한 탈옥을 찾지 못했다."),
            vec![]
        );
    }

    #[test]
    fn a_plan_told_as_a_fact_is_caught_both_ways() {
        assert_eq!(
            check(
                "정부는 오는 15일까지 1차 평가를 진행한 뒤 1개 팀을 탈락시킬 예정이다.",
                "The government ran the evaluation until the 15th and eliminated one team.",
                "ko",
                "en"
            ),
            vec![Disagreement::Modality { source: true }]
        );
        assert_eq!(
            check(
                "정부는 오는 15일까지 1차 평가를 진행한 뒤 1개 팀을 탈락시킬 예정이다.",
                "The government plans to run the evaluation through the 15th and then drop one team.",
                "ko",
                "en"
            ),
            vec![]
        );
        assert_eq!(
            en_ko(
                "We introduce gpt-oss-120b.",
                "gpt-oss-120b를 향후 공개할 계획이다."
            ),
            vec![Disagreement::Modality { source: false }]
        );
    }

    #[test]
    fn a_unit_the_source_does_not_have_is_caught() {
        let s = "It uses 128 experts and supports a 1M-token context window.";
        assert_eq!(
            en_ko(
                s,
                "전문가 128개를 쓰며 100만 단어 분량의 컨텍스트 윈도를 지원한다."
            ),
            vec![Disagreement::Unit("word")]
        );
        assert_eq!(
            en_ko(s, "전문가 128개로 구성되며 컨텍스트 윈도는 100만 토큰이다."),
            vec![]
        );
        assert_eq!(
            check(
                "H800 GPU를 시간당 2달러에 2개월 동안 빌린 비용이다.",
                "It is the cost of renting H800 GPUs at $2 per minute for two months.",
                "ko",
                "en"
            ),
            vec![Disagreement::Unit("minute")]
        );
        // A date is not a count of days or years, and 달러 is not 달 (a month).
        assert_eq!(
            en_ko(
                "DeepSeek-R1 was released January 20, 2025 for $15.",
                "DeepSeek-R1은 2025년 1월 20일에 15달러로 나왔다."
            ),
            vec![]
        );
    }

    #[test]
    fn who_beats_whom_is_read_from_the_korean_particles() {
        let s = "On AIME 2024, gpt-oss-120b scores 96.6%, just behind o4-mini at 98.7%.";
        assert_eq!(
            en_ko(
                s,
                "AIME 2024에서 o4-mini는 96.6%로 98.7%인 gpt-oss-120b에 뒤졌다."
            ),
            vec![Disagreement::Role("o4-mini".into())]
        );
        assert_eq!(
            en_ko(
                s,
                "gpt-oss-120b는 AIME 2024에서 96.6%로, 98.7%인 o4-mini에 살짝 못 미쳤다."
            ),
            vec![]
        );
        let s = "Where standard Gemini 3 responds quickly, Deep Think takes its time.";
        assert_eq!(
            en_ko(
                s,
                "Deep Think가 빠르게 응답하는 반면, 일반 Gemini 3는 시간을 들인다."
            ),
            vec![Disagreement::Order("Gemini 3".into(), "Deep Think".into())]
        );
        assert_eq!(
            en_ko(
                s,
                "일반 Gemini 3는 곧바로 답하지만, Deep Think는 시간을 들인다."
            ),
            vec![]
        );
        // Korean spellings of names are followed too.
        assert_eq!(
            check(
                "하지만 오픈AI는 딥시크가 출력 데이터를 사용했을 가능성을 검토 중이라고 밝혔다.",
                "However, DeepSeek said it is reviewing whether OpenAI used the output data.",
                "ko",
                "en"
            ),
            vec![Disagreement::Order("OpenAI".into(), "DeepSeek".into())]
        );
    }

    #[test]
    fn a_falling_price_is_not_a_refusal_and_work_under_way_is_not_done() {
        let s = "브로드컴 주가가 12% 급락했다.";
        assert_eq!(
            check(s, "Broadcom's share price declined 12%.", "ko", "en"),
            vec![]
        );
        assert_eq!(
            check(
                s,
                "Broadcom declined to comment on its 12% share price.",
                "ko",
                "en"
            ),
            vec![Disagreement::Negation { source: false }]
        );
        let s = "차세대 모델 개발이 진행 중이다.";
        assert_eq!(
            check(
                s,
                "It is currently developing a next-generation model.",
                "ko",
                "en"
            ),
            vec![]
        );
        assert_eq!(
            check(s, "It developed a next-generation model.", "ko", "en"),
            vec![Disagreement::Modality { source: true }]
        );
    }

    #[test]
    fn other_language_pairs_are_not_read() {
        assert_eq!(
            check("It does not.", "Il ne le fait pas.", "en", "fr"),
            vec![]
        );
    }

    proptest! {
        #[test]
        fn any_text_is_read_without_panicking(s in any::<String>(), t in any::<String>()) {
            for (from, to) in [("en", "ko"), ("ko", "en")] {
                let _ = check(&s, &t, from, to);
                let _ = check(&t, &s, from, to);
            }
        }

        #[test]
        fn hostile_unicode_around_names_and_numbers_is_read_without_panicking(
            pre in "[\\u{0130}\\u{023A}\\u{2126}\\u{1E9E}ﬁ İ가-힣 ,.()'’]{0,12}",
            post in "[\\u{0130}\\u{023A}ß가-힣 0-9,.%'’]{0,12}",
        ) {
            // Letters whose lowercase has another length (İ, Ⱥ, Ω, ẞ) next to names and
            // particles: positions are only compared within one copy.
            let source = format!("{pre}GPT-4 beats İnstruct-2 by 3 hours{post} and does not stop.");
            let translation = format!("{pre}İnstruct-2는 GPT-4를 3시간 차이로 이긴다{post}.");
            let found = check(&source, &translation, "en", "ko");
            prop_assert!(found.len() <= 8);
            let _ = check(&translation, &source, "ko", "en");
        }

        #[test]
        fn a_translation_compared_with_itself_never_disagrees_on_units(s in "[0-9]{1,4} ?(hours|days|weeks|tokens|MB|%)") {
            prop_assert!(!check(&s, &s, "en", "en").iter().any(|d| matches!(d, Disagreement::Unit(_))));
            let units_en = units(&s, "en", true);
            prop_assert!(units_en.iter().all(|u| units(&s, "en", false).contains(u)));
        }
    }
}
