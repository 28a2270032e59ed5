//! The pieces of a claim sentence other than its values: who the claim is about (and which
//! names are only baselines), the measured quantity, the qualifier bounding a value, and the
//! evaluation or run settings. Every piece is a byte range of the sentence it was found in;
//! nothing here slices one string with offsets found in another.

use std::sync::LazyLock;

use regex::Regex;

use app::vocab::ClaimKind;

use super::entities::{lexicon, EntityKind};

/// A named model, product or system in a sentence.
#[derive(Debug, Clone)]
pub struct Name {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Named only as what the subject is compared with ("than X", "X 대비", "outperforming X").
    pub baseline: bool,
    /// A chip or accelerator: the subject only when no model or product is named beside it.
    pub hardware: bool,
}

static GENERIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[A-Z][A-Za-z]+[-‐‑])*(?:[A-Z][A-Za-z]*[-‐‑.]?\d[0-9A-Za-z_.]*|[A-Z][A-Za-z]+(?:[-‐‑ ][A-Z][A-Za-z]+)?[-‐‑ ]\d+(?:\.\d+)*[A-Za-z]?)(?:[-‐‑ ](?:[A-Z]+\d+(?:\.\d+)*[Bb]?|[A-Z][a-z]+|[A-Z]+|pro|mini|nano|flash|turbo|\d+(?:\.\d+)*[Bb]?))*",
    )
    .expect("name pattern compiles")
});

const GENERIC_TAILS: &[&str] = &[
    " API", " GPU", " GPUs", " AI", " LLM", " MoE", " SDK", " CLI", " TPU",
];

/// Model ids as published, all lowercase: "acme/nova-chat-7b", "nova-2.5-coder",
/// "nova-pro-preview". Joined by hyphens, dots or underscores, with an owner before a slash
/// or not.
static LOWERCASE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[a-z0-9][a-z0-9_.-]*/)?[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\b")
        .expect("id pattern compiles")
});

/// A part of a model id that gives its size ("7b", "0.5b", "a3b", "8x7b") or its variant
/// ("instruct", "preview", "coder"): it says the id names a model.
static ID_SIZE_OR_VARIANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d+[bmk]|a\d+b|\d+x\d+b|instruct|chat|preview|coder|turbo|flash|lite|mini|nano|vl|moe|distill)$")
        .expect("id part pattern compiles")
});

/// Words that a version-like number after a hyphen makes a date, a rank or an encoding, not a
/// model ("mid-2025", "top-5", "utf-8", "covid-19").
const NOT_ID_HEADS: &[&str] = &[
    "mid", "pre", "post", "top", "bottom", "utf", "covid", "non", "sub", "over", "under", "early",
    "late", "end", "year", "day", "week", "month", "q", "h", "x", "k", "pass",
];

/// The lowercase model ids of a sentence: at least one part besides the first marks a model,
/// and a web address or an e-mail is not one.
fn lowercase_ids(sentence: &str) -> Vec<(usize, usize)> {
    LOWERCASE_ID
        .find_iter(sentence)
        .filter(|m| {
            let text = m.as_str();
            let in_address = sentence[..m.start()].ends_with(['.', '/', '@', ':', '-', '_'])
                || sentence[m.end()..].starts_with(['/', '@'])
                || text.contains("www.")
                || text.ends_with(".com")
                || text.ends_with(".ai");
            let owned = text.contains('/');
            let bare = text.rsplit('/').next().unwrap_or(text);
            let mut parts = bare.split(['-', '_', '.']);
            let first = parts.next().unwrap_or_default();
            let rest: Vec<&str> = parts.collect();
            let sized = rest.iter().any(|p| ID_SIZE_OR_VARIANT.is_match(p));
            let versioned = rest
                .iter()
                .any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
                && first.len() >= 3
                && !NOT_ID_HEADS.contains(&first);
            let marked = sized || (owned && versioned) || (versioned && rest.len() >= 2);
            // "3.5-turbo" alone: a number is not a name's first word.
            let worded = first.chars().any(|c| c.is_ascii_alphabetic());
            !in_address && marked && worded
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Korean versioned names: "노바-2", "큐웬3", "그록4" (a particle may follow, "노바-2는").
/// Names written with a space before the version ("엑사원 4.0") come from the entity file.
static KOREAN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[가-힣]{2,}-?\d+(?:\.\d+)*(?:[BbMm](?-u:\b)|-\d+(?:\.\d+)?[BbMm](?-u:\b))?")
        .expect("Korean name pattern compiles")
});

/// "가람 2.0은", "노바 3.5를": a Hangul name with a dotted version after a space, as the
/// Korean press writes new models no list holds yet.
static KOREAN_SPACED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[가-힣]{2,} \d+(?:\.\d+)*").expect("spaced name pattern compiles")
});

/// Words before a dotted number that make it a value, not a version: "평균 85.2", "최대 2.5".
const NOT_VERSIONED: &[&str] = &[
    "버전",
    "최대",
    "최소",
    "평균",
    "무려",
    "기존",
    "대비",
    "이상",
    "이하",
    "기준",
    "수치",
    "성능",
    "속도",
    "비율",
    "가격",
    "요금",
    "정확도",
    "지난",
    "전년",
    "각각",
    "합계",
    "모두",
    "불과",
    "단",
    "겨우",
    "약",
];

/// Whether a Hangul word ends in a particle or an ending that makes it no name's first word.
fn particle_on(word: &str) -> bool {
    word.ends_with([
        '은', '는', '이', '가', '을', '를', '의', '에', '로', '도', '와', '과', '서', '고', '며',
        '면', '다', '한', '된', '인',
    ])
}

/// Whether a Hangul word is a common noun a number may follow without naming a product
/// ("최대 2.5", "파라미터 7B").
fn common_korean_word(word: &str) -> bool {
    NOT_VERSIONED.contains(&word)
        || KOREAN_NOT_MEASURES.contains(&word)
        || KOREAN_COMMON_TOPICS.contains(&word)
        || METRICS.iter().any(|(p, _)| word.ends_with(p))
}

/// "하늘 7B", "하늘 8×7B", "노바 X1", "노바 v2.1", "ZephyrLM v2.1": a product's word with its size, code or
/// "v" version after a space, as new models are written before any list holds them.
static WORD_THEN_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b[A-Z][A-Za-z0-9]+|[가-힣]{2,}) (?:v\d+(?:\.\d+)*|(?:\d+[x×])?\d+(?:\.\d+)?[BbMm]|[A-Z]{1,2}\d{1,3}[a-z]?)(?-u:\b)")
        .expect("word and version pattern compiles")
});

/// Endings of Korean verbs and adjectives that modify the noun after them.
const ADNOMINAL_ENDINGS: &[&str] = &[
    "긴", "된", "한", "인", "는", "난", "린", "운", "진", "춘", "을", "할", "될", "던", "낸", "른",
    "있는", "없는",
];

/// The names [`WORD_THEN_VERSION`] finds whose first word is no common word.
fn words_then_versions(sentence: &str) -> Vec<(usize, usize)> {
    WORD_THEN_VERSION
        .find_iter(sentence)
        .filter(|m| {
            let text = m.as_str();
            let word = text.split(' ').next().unwrap_or(text);
            let hangul = word.chars().all(|c| matches!(c, '가'..='힣'));
            // A whole word only: "0.6B부터 235B" has no name "부터 235B".
            let glued = sentence[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            // "넘긴 519B급", "가진 7B": a verb's form that modifies what follows.
            let modifying = ADNOMINAL_ENDINGS.iter().any(|e| word.ends_with(e));
            // "519B급": a size class, not a name's size.
            let class = sentence[m.end()..].starts_with('급');
            if glued || (hangul && modifying) || class {
                return false;
            }
            // A Latin word takes only a "v" version here: "Nimbus 7B" is the generic pattern's,
            // and "Uses 7B" no name.
            let v_version = text[word.len()..].trim_start().starts_with('v');
            let plain = if hangul {
                particle_on(word) || common_korean_word(word)
            } else if !v_version {
                true
            } else {
                NOT_NAME_WORDS.contains(&word)
                    || NOT_SUBJECTS.contains(&word)
                    || NAMING_MAKERS.contains(&word)
                    || MONTHS.iter().any(|mo| word.eq_ignore_ascii_case(mo))
            };
            // "7B 파라미터": a size a measure follows is a value, not a name's.
            let measured_after = sentence[m.end()..]
                .trim_start()
                .starts_with(|c: char| matches!(c, '가'..='힣'))
                && METRICS
                    .iter()
                    .any(|(p, _)| sentence[m.end()..].trim_start().starts_with(p));
            !plain && !measured_after
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// The spaced Korean names of a sentence ("가람 2.0"): the version is followed by a particle,
/// a space or punctuation, not a unit ("평균 85.2점", "2.5배").
fn korean_spaced_names(sentence: &str) -> Vec<(usize, usize)> {
    KOREAN_SPACED_NAME
        .find_iter(sentence)
        .filter(|m| {
            let text = m.as_str();
            let word = text.split(' ').next().unwrap_or(text);
            let (particle_on_word, common) = (particle_on(word), common_korean_word(word));
            let after = sentence[m.end()..].chars().next();
            let unit_after = after.is_some_and(|c| {
                c.is_ascii_alphanumeric() || "점%％배개억만위등년월일초시분명원달천조건".contains(c)
            });
            // "하늘 3은": a whole number is a version only with a subject or object particle
            // written onto it; "상위 10 안에" is a count.
            let dotted = text.contains('.');
            let marked = after.is_some_and(|c| "은는이가을를의와과도".contains(c));
            !particle_on_word && !common && !unit_after && (dotted || marked)
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// "루산 칩", "Cerebras 칩은", "화산 칩이": a chip the Korean press names by a word before
/// 칩 (chip). Generic words before it ("AI 칩", "추론 칩", "차세대 칩") name no product.
static KOREAN_CHIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s‘“'\x22(])((?:[A-Z][A-Za-z0-9-]*|[가-힣]{2,4}) 칩)(?:[은는이가을를에의과와도,]|\s|$)")
        .expect("Korean chip pattern compiles")
});

const GENERIC_BEFORE_CHIP: &[&str] = &[
    "AI",
    "추론",
    "학습",
    "반도체",
    "최신",
    "자체",
    "차세대",
    "신형",
    "고성능",
    "전용",
    "메모리",
    "그래픽",
    "인공지능",
    "서버",
    "모바일",
    "엣지",
    "기존",
    "해당",
    "이번",
    "새로운",
    "경쟁",
    "저전력",
    "시스템",
    "주력",
    "최고급",
    "고급",
    "범용",
    "단일",
    "중국",
    "미국",
    "한국",
    "국산",
    "외산",
    "자사",
    "첫",
    "각",
    "두",
    "여러",
    "모든",
];

fn korean_chips(sentence: &str) -> Vec<(usize, usize)> {
    KOREAN_CHIP
        .captures_iter(sentence)
        .filter_map(|c| c.get(1))
        .filter(|m| {
            let word = m.as_str().split(' ').next().unwrap_or_default();
            !GENERIC_BEFORE_CHIP.contains(&word)
                && !MAKERS_KO.contains(&word)
                && !particle_on(word)
                && !common_korean_word(word)
                // "빠른 칩", "강력한 칩", "최적화된 칩": a word describing the chip.
                && !word.ends_with(['른', '운', '한', '된', '는', '던', '은'])
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Month names, lowercase: a number after one is a day, a name containing one is a date.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Chips and accelerators are settings of a claim, not its subject ("NVIDIA RTX 4090",
/// "A100급", "Wafer Scale Engine").
static HARDWARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:NVIDIA|Nvidia|AMD|Intel|Google|Apple|엔비디아)\s+)?(?:[HABL]\d{2,3}|GB\d00|RTX|TPU|CS-\d|M\d|MI\d{3}|Gaudi|Wafer Scale Engine|WSE)(?-u:\b)",
    )
    .expect("hardware pattern compiles")
});

/// Words that start a sentence or a phrase before a number ("At 1,800 tokens/s", "Over 3
/// runs"): a capitalised one followed by a number is not a versioned name.
const NOT_NAME_WORDS: &[&str] = &[
    "At", "In", "On", "By", "Of", "To", "For", "From", "With", "Over", "Under", "Up", "Top",
    "About", "Around", "Nearly", "Only", "Just", "And", "Or", "The", "Its", "Our", "Their", "Than",
    "Since", "Until", "Between", "Below", "Above", "After", "Before", "Within", "Across", "Some",
    "All", "Each", "Every", "Among", "Scoring", "Reaching", "Hitting",
];

/// Whether a generic name match is a phrase before a number ("At 1", "In 2") or the start of
/// a number written with thousands separators ("1" of "Top 1,000").
fn is_not_a_name(sentence: &str, start: usize, text: &str) -> bool {
    let first = text.split([' ', '-']).next().unwrap_or(text);
    let end = start + text.len();
    let thousands = sentence[end..].starts_with(',')
        && sentence[end + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
            == 3;
    // "Shares Soar Over 6%", "Llama 3 2x": a number with a unit after it is a value.
    let unit_after = sentence[end..]
        .trim_start()
        .starts_with(['%', '％', '×', '배', '점'])
        || sentence[end..].starts_with(['x', 'X'])
            && !sentence[end + 1..].starts_with(|c: char| c.is_ascii_alphanumeric());
    NOT_NAME_WORDS.contains(&first) || thousands || unit_after
}

/// Words before a name that make it the thing compared against.
static BASELINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bthan(?:\s+(?:both|either|all|those of|that of))?|\bvs\.?|\bversus|\bcompared (?:to|with)|\bbeats?|\bbeating|\boutperform(?:s|ed|ing)?|\boutcompetes?|\bsurpass(?:es|ed|ing)?|\bexceed(?:s|ed|ing)?|\brival(?:s|ing)?|\bmatch(?:es|ed|ing)?|\bmodels like|\bsuch as|\bincluding|\bagainst|\btrailing(?: only)?|\bahead of|\bsuccessor to|\bbelow|\babove|\bover|\bcomparable to|\bon par with|\bclose to|\bsimilar to|\bbehind|\bexcept(?: for)?|\bexcluding|\bother than|\bnears?|\bnearing|\bapproach(?:es|ing)?|\bpredecessor,?|\b(?:upgrade|improvement)s?\s+(?:over|on|from)|\b(?:based|built|trained)\s+on(?:\s+top\s+of)?|\bfine-?tuned\s+(?:from|on)|\bdistilled\s+from|\bderived\s+from|\b(?:follow-up|sequel)\s+to|\bsuccessor of|\breplacement for|전작인|전작|이전 모델인|직전 모델인)\s+(?:(?:the\s+)?(?:performance|results?|scores?|level)\s+of\s+)?(?:(?:the|previous|OpenAI['’]s|Google['’]s|Meta['’]s|DeepSeek['’]s|Alibaba['’]s|Anthropic['’]s|[A-Z][a-z]+['’]s)\s+){0,2}[‘'“\x22]?$",
    )
    .expect("baseline pattern compiles")
});

/// Korean particles and phrases after a name that make it the thing compared against.
const BASELINE_AFTER: &[&str] = &[
    "보다",
    "대비",
    "에 비해",
    "와의 비교",
    "과의 비교",
    "와 비교",
    "과 비교",
    "를 제치",
    "을 제치",
    "를 능가",
    "을 능가",
    "와 견주",
    "과 견주",
    "와 유사",
    "과 유사",
    "등과",
    "등을 제치",
    // "‘클로드 4 오퍼스’와 함께 64점": who shares the result with the subject.
    "와 함께",
    "과 함께",
    "와 나란히",
    "과 나란히",
    "와 공동",
    "과 공동",
    // "‘미스트랄 7B’를 기반으로 … 개발했다": the model another was built from.
    "를 기반",
    "을 기반",
    "를 바탕",
    "을 바탕",
    "기반으로",
    "기반의",
    "에 기반",
];

static CLASS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s(?:series|family|collection|lineup|line-up|herd)\b|^\s?(?:시리즈|제품군|계열)")
        .expect("class pattern compiles")
});

static MODEL_APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s(?:model|models|system|chip)s?,\s").expect("appositive pattern compiles")
});

/// Korean verbs whose object is what the subject beat or exceeded.
const BEATEN_BY: &[&str] = &[
    "제치",
    "제쳤",
    "능가",
    "앞서",
    "앞섰",
    "앞지",
    "앞질",
    "웃돌",
    "웃도",
    "웃돈",
    "상회",
    "넘어",
    "넘었",
    "넘는",
    "넘긴",
    "뛰어넘",
    "이기",
    "이겼",
    "추월",
    "압도",
    "따돌",
];

/// Whether the words right before a name make it the thing compared against.
fn cued_before(sentence: &str, start: usize) -> bool {
    // The cue words sit right before the name: look at the last few words only, so a sentence
    // full of names costs linear time, not the square of its length.
    window_before(sentence, start, 96).is_some_and(|w| BASELINE_BEFORE.is_match(w))
}

/// Whether the words right after a name (Korean puts the cue there) make it the thing compared
/// against.
fn cued_after(sentence: &str, end: usize) -> bool {
    // After the name: closing quotes and a bracketed score, then the particle.
    let mut rest = sentence[end..].trim_start_matches(['’', '\'', '”', '"', '」', '』']);
    if rest.starts_with('(') {
        if let Some(close) = rest.find(')') {
            rest = &rest[close + 1..];
        }
    }
    let rest = rest.trim_start_matches(['’', '\'', '”', '"']).trim_start();
    // "큐웬3 235B의 69.37점 대비": the baseline's own score may stand between it and the cue.
    let rest = match rest.strip_prefix('의') {
        Some(r) => {
            let r = r.trim_start();
            let score_end = r
                .find(|c: char| c.is_whitespace())
                .filter(|&i| r[..i].starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or(0);
            // "라마 3.3의 7%에서 2% 미만으로": from the compared name's value to the subject's.
            let score = &r[..score_end];
            if score_end > 0 && score.trim_end_matches(['에', '서']).len() < score.len() {
                return true;
            }
            r[score_end..].trim_start()
        }
        None => rest,
    };
    // "with Google’s Gemini 2.5 Pro trailing behind".
    if ["trailing", "lagging", "trails", "lags", "lagged", "trailed"]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        return true;
    }
    // "그록 4에 이어 2위": what came before it in a ranking.
    let rest = rest.strip_prefix("등").map_or(rest, str::trim_start);
    if BASELINE_AFTER.iter().any(|p| rest.starts_with(p)) || rest.starts_with("에 이어") {
        return true;
    }
    // "‘바다-2’ 아키텍처를 바탕으로", "바다-2 모델 대비": the cue after the noun the name is of.
    let of_noun = ["아키텍처", "모델", "구조", "계열"]
        .iter()
        .find_map(|n| rest.strip_prefix(n))
        .map(str::trim_start);
    if of_noun.is_some_and(|r| BASELINE_AFTER.iter().any(|p| r.starts_with(p))) {
        return true;
    }
    // "o1-미니의 성능을 상회", "GPT-5.1과 클로드 소네트 4.5를 여유롭게 제쳤다": the object of a
    // verb of beating, past its performance and one adverb.
    let object = rest
        .strip_prefix("성능")
        .or_else(|| rest.strip_prefix("점수"))
        .unwrap_or(rest);
    if let Some(after) = ["을 ", "를 ", "도 "]
        .iter()
        .find_map(|p| object.strip_prefix(p))
    {
        let verb = |w: &str| BEATEN_BY.iter().any(|v| w.starts_with(v));
        let mut words = after.split_whitespace();
        if let Some(first) = words.next() {
            if verb(first) || words.next().is_some_and(verb) {
                return true;
            }
        }
    }
    // "X와 0.04점의 근소한 차이로": compared within the next few words.
    if rest.starts_with('와') || rest.starts_with('과') {
        let window: String = rest.chars().take(16).collect();
        return ["차이", "비교", "견주"].iter().any(|w| window.contains(w));
    }
    false
}

/// The last `bytes` bytes of `sentence` before `at` (fewer, to start on a character), where
/// the cue words of a rule sit: looking that far back only keeps a sentence full of values
/// linear. None when `at` is not a character boundary of `sentence`.
pub fn window_before(sentence: &str, at: usize, bytes: usize) -> Option<&str> {
    let from = sentence.ceil_char_boundary(at.saturating_sub(bytes).min(sentence.len()));
    sentence.get(from..at)
}

/// The model, product and system names of a sentence, in order. Names from the entity file
/// come first; the generic "Name 1.5" pattern adds versioned names it does not know.
pub fn names(sentence: &str, benchmarks: &[(usize, usize, String)]) -> Vec<Name> {
    let lexicon = lexicon();
    let mut spans: Vec<(usize, usize)> = lexicon
        .find(EntityKind::Model, sentence)
        .into_iter()
        .map(|m| (m.start, m.end))
        .collect();
    // "제미나이 3 프로", "클로드 4 소네트": a family's spelling with its version and tier; it
    // wins over a shorter name inside it and loses to a longer one around it.
    for (s, e) in lexicon.family_names(sentence) {
        let in_benchmark = benchmarks.iter().any(|&(a, b, _)| s < b && a < e);
        let overlapping: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(a, b)| s < b && a < e)
            .collect();
        if !in_benchmark && overlapping.iter().all(|&(a, b)| a >= s && b <= e) {
            spans.retain(|sp| !overlapping.contains(sp));
            spans.push((s, e));
        }
    }
    for (s, e) in korean_spaced_names(sentence)
        .into_iter()
        .chain(korean_chips(sentence))
    {
        if !spans.iter().any(|&(a, b)| s < b && a < e)
            && !benchmarks.iter().any(|&(a, b, _)| s < b && a < e)
        {
            spans.push((s, e));
        }
    }
    for m in GENERIC_NAME
        .find_iter(sentence)
        .chain(KOREAN_NAME.find_iter(sentence))
    {
        // "Claude 3 200K", "SRAM 44GB": a name ends where a word does; a piece cut inside a
        // word is left out, and what is left before it must still be a name.
        let whole = if sentence[m.end()..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            match m.as_str().rfind([' ', '-']) {
                Some(i) => &m.as_str()[..i],
                None => continue,
            }
        } else {
            m.as_str()
        };
        let text = whole.trim_end_matches(['.', '-']);
        // "GPT-4o API", "Llama 3 GPU": a generic word after the name is not part of it.
        let text = GENERIC_TAILS
            .iter()
            .find_map(|t| text.strip_suffix(t))
            .unwrap_or(text);
        let (s, e) = (m.start(), m.start() + text.len());
        let in_benchmark = benchmarks.iter().any(|&(a, b, _)| s < b && a < e);
        let lower = text.to_ascii_lowercase();
        let month = MONTHS.iter().any(|mo| lower.contains(mo));
        if !text.chars().any(|c| c.is_ascii_digit())
            || in_benchmark
            || month
            || named_for_a_year(text)
            || NUMBER_FORMAT.is_match(text)
            || HARDWARE.is_match(text)
            || is_not_a_name(sentence, s, text)
        {
            continue;
        }
        // A longer name wins over the shorter names inside it ("Claude Sonnet 3.7" over "Claude").
        let inside: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(a, b)| s < b && a < e)
            .collect();
        if inside
            .iter()
            .all(|&(a, b)| a >= s && b <= e && b - a < e - s)
        {
            spans.retain(|sp| !inside.contains(sp));
            spans.push((s, e));
        }
    }
    for (s, e) in words_then_versions(sentence) {
        let in_benchmark = benchmarks.iter().any(|&(a, b, _)| s < b && a < e);
        let inside: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(a, b)| s < b && a < e)
            .collect();
        // A longer name wins over the shorter names inside it ("노바 X1" over "X1").
        if !in_benchmark
            && inside
                .iter()
                .all(|&(a, b)| a >= s && b <= e && b - a < e - s)
        {
            spans.retain(|sp| !inside.contains(sp));
            spans.push((s, e));
        }
    }
    // "acme/nova-chat-7b": an id as published names its model whatever list holds it.
    for (s, e) in lowercase_ids(sentence) {
        let overlapping = spans.iter().any(|&(a, b)| s < b && a < e);
        let in_benchmark = benchmarks.iter().any(|&(a, b, _)| s < b && a < e);
        if !overlapping && !in_benchmark {
            spans.push((s, e));
        }
    }
    for (s, e) in quoted_products(sentence) {
        let overlapping: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(a, b)| s < b && a < e)
            .collect();
        // The quote is the name as written: it wins over a name inside it ("가우스2" in
        // "‘삼성 가우스2’"), never over one it would cut.
        if overlapping.iter().all(|&(a, b)| a >= s && b <= e) {
            spans.retain(|sp| !overlapping.contains(sp));
            spans.push((s, e));
        }
    }
    // "‘챗GPT 플러스’", "‘GTP-5 하이(High)’": a quote that opens with a name and goes on with
    // words of a name is that name as written.
    for (s, e) in quoted(sentence) {
        let Some(&(a, b)) = spans.iter().find(|&&(a, b)| a == s && b < e) else {
            continue;
        };
        let others = spans
            .iter()
            .any(|&(x, y)| (x, y) != (a, b) && x < e && s < y);
        if !others && name_words(&sentence[b..e]) {
            spans.retain(|&sp| sp != (a, b));
            spans.push((s, e));
        }
    }
    // "Lumen X2", "Falcon K3": a capitalised word before a short code is the name's first word.
    for c in PREFIXED_CODE.captures_iter(sentence) {
        let (Some(word), Some(code)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let plain = NOT_NAME_WORDS.contains(&word.as_str())
            || NOT_SUBJECTS.contains(&word.as_str())
            || NAMING_MAKERS.contains(&word.as_str())
            || MONTHS.iter().any(|m| word.as_str().eq_ignore_ascii_case(m));
        let at = spans
            .iter()
            .position(|&sp| sp == (code.start(), code.end()));
        if let (false, Some(i)) = (plain, at) {
            if !spans
                .iter()
                .any(|&(a, b)| a < word.end() && word.start() < b)
            {
                spans[i] = (word.start(), code.end());
            }
        }
    }
    spans.retain(|&(s, e)| {
        !benchmarks.iter().any(|&(a, b, _)| s < b && a < e) && !licence(sentence, s, e)
    });
    spans.sort();
    // A gloss absorbs a name found inside it ("A.X K1(에이닷엑스 케이원)"); a tail that would
    // cut another name short is not taken.
    let mut extended: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &(s, e) in &spans {
        if extended.last().is_some_and(|&(_, pe)| s < pe) {
            continue;
        }
        let tail = name_tail(sentence, e);
        let cut = spans.iter().any(|&(a, b)| a >= e && a < tail && b > tail);
        extended.push((s, if cut { e } else { tail }));
    }
    let spans = extended;
    let mut out: Vec<Name> = spans
        .into_iter()
        .map(|(s, e)| Name {
            start: s,
            end: e,
            text: sentence[s..e].to_string(),
            baseline: cued_before(sentence, s),
            hardware: HARDWARE.is_match(&sentence[s..e])
                || sentence[e..].starts_with('급')
                || sentence[s..e].ends_with(" 칩"),
        })
        .collect();
    // Names listed together are compared together: the cue before the first of "outperforms
    // GPT-4o and GPT-4.5" covers the list, and Korean's cue after the last of "GPT-4o와
    // 클로드보다" covers the names before it.
    // "on the Llama 3.1 405B benchmark", "라마 3 70B 벤치마크에서": a model named as the
    // workload a system was measured on is not what the claim is about.
    for n in out.iter_mut() {
        let rest = sentence[n.end..].trim_start_matches(QUOTE_CLOSE);
        if [" benchmark", " workload", " 벤치마크"]
            .iter()
            .any(|w| rest.starts_with(w))
        {
            n.baseline = true;
        }
    }
    let listed = |a: &Name, b: &Name| listed_together(sentence, a, b);
    for i in 1..out.len() {
        if out[i - 1].baseline && listed(&out[i - 1], &out[i]) {
            out[i].baseline = true;
        }
    }
    // "in the Llama 4 collection", "its latest Claude model, Claude 3.5 Sonnet": a family named
    // as the class the subject belongs to is not the subject.
    for i in 0..out.len() {
        let rest = &sentence[out[i].end..];
        let before = sentence[..out[i].start].to_ascii_lowercase();
        let within = ["in the ", "from the ", "of the ", "among the "]
            .iter()
            .any(|p| before.ends_with(p));
        let next_close = out.get(i + 1).is_some_and(|n| n.start <= out[i].end + 14);
        let class = CLASS_AFTER.is_match(rest) && (within || next_close);
        let appositive = MODEL_APPOSITIVE.is_match(rest) && next_close;
        if class || appositive {
            out[i].baseline = true;
        }
    }
    for i in (0..out.len()).rev() {
        if cued_after(sentence, out[i].end) {
            out[i].baseline = true;
            let mut j = i;
            while j > 0 && listed(&out[j - 1], &out[j]) {
                out[j - 1].baseline = true;
                j -= 1;
            }
        }
    }
    if out.iter().all(|n| n.baseline) {
        if let Some((s, e)) = grammatical_subject(sentence).or_else(|| korean_topic(sentence)) {
            if !out.iter().any(|n| s < n.end && n.start < e)
                && !benchmarks.iter().any(|&(a, b, _)| s < b && a < e)
            {
                out.push(Name {
                    start: s,
                    end: e,
                    text: sentence[s..e].to_string(),
                    baseline: false,
                    hardware: HARDWARE.is_match(&sentence[s..e]),
                });
                out.sort_by_key(|n| n.start);
            }
        }
    }
    out
}

/// A capitalised name right before a verb that makes a claim ("Blackwell reaches 72,000",
/// "SambaNova delivers", "Command R boasts"): the grammatical subject of a sentence that names
/// no known or versioned product. Only at the start of the sentence or of a clause.
static SUBJECT_BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[,;:]\s|\bthat\s|\band\s){DETERMINER}((?:[A-Z][A-Za-z0-9]*(?:[-‐‑.][A-Za-z0-9]+)*)(?:\s[A-Z0-9][A-Za-z0-9]*){{0,2}}{HEAD_NOUN})\s(?:reach(?:es|ed)|achiev(?:es|ed)|scor(?:es|ed)|deliver(?:s|ed)|boasts|offers|supports|features|outperform(?:s|ed)|beats|surpass(?:es|ed)|runs|generates|processes|tops|topped|ranks|ranked|leads|held|holds|hit|hits|posts|posted|packs|has|is|set|sets|completed|consumes|occupies|uses|can)\b"
    ))
    .expect("subject pattern compiles")
});

/// "The Groq LPU", "Our new Nova chip", "the upgraded Claude 3.5 Sonnet": a determiner and
/// the adjectives of a launch before a name are not part of it.
const DETERMINER: &str = r"(?:(?:The|the|Our|our|Its|its|Their|their)\s(?:(?:new|latest|upgraded|flagship|next-generation|first|second|third)\s){0,2})?";

/// "Trillium processor", "Honor Lightning humanoid robot", "B200 GPU": the common noun a
/// product's name ends with as written (the hardware and systems claims are made about).
const HEAD_NOUN: &str = r"(?:\s(?:humanoid\s)?(?:chip|chips|processor|accelerator|GPU|LPU|TPU|NPU|robot|supercomputer|cluster|engine|system|platform|service|model|series))?";

/// Capitalised words that begin a sentence without naming anything.
const NOT_SUBJECTS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "Our",
    "We",
    "They",
    "He",
    "She",
    "In",
    "On",
    "At",
    "For",
    "With",
    "By",
    "And",
    "But",
    "Results",
    "Performance",
    "Benchmarks",
    "Researchers",
    "Users",
    "Developers",
    "Customers",
    "Everyone",
    "Both",
    "All",
    "Each",
    "Meanwhile",
    "However",
    "Also",
    "Overall",
    "Today",
    "Now",
    "Which",
    "What",
    "Who",
    "One",
    "Some",
    "Most",
    "Many",
    "Nobody",
    "No",
    "Only",
    "Still",
    "Yet",
    "So",
    "Then",
    "There",
    "Here",
    "If",
    "When",
    "While",
    "As",
    "A",
    "An",
    "I",
    "You",
    "Every",
    "Either",
    "Neither",
    "Such",
];

/// Korean nouns that are a sentence's topic without naming a product or system.
const KOREAN_COMMON_TOPICS: &[&str] = &[
    "회사",
    "기업",
    "업체",
    "모델",
    "정부",
    "업계",
    "팀",
    "연구진",
    "연구팀",
    "결과",
    "성능",
    "가격",
    "시장",
    "제품",
    "서비스",
    "플랫폼",
    "기술",
    "칩",
    "이는",
    "이것",
    "이번",
    "해당",
    "우리",
    "저희",
    "당사",
    "양사",
    "사용자",
    "이용자",
    "개발자",
    "전문가",
    "관계자",
    "측",
    "이",
    "그",
    "두",
    "세",
    "각",
    "모두",
    "대부분",
    "일부",
    "한편",
    "또한",
    "특히",
    "최근",
    "현재",
    "올해",
    "지난해",
    "이후",
    "당시",
    "정예팀",
    "데이터",
    "평가",
    "점수",
    "비용",
    "기능",
    "방식",
    "구조",
    "목표",
    "계획",
    "문제",
    "질문",
    "답변",
    "연구",
    "논문",
    "보고서",
    "발표",
    "소식",
    "반면",
    "다만",
    "결국",
    "게다가",
    "또",
    "이어",
    "아울러",
    "동시에",
];

/// Makers as the Korean press names them, when they open a sentence that reports on a model.
const MAKERS_KO: &[&str] = &[
    "메타",
    "구글",
    "오픈AI",
    "앤트로픽",
    "마이크로소프트",
    "엔비디아",
    "네이버",
    "카카오",
    "업스테이지",
    "알리바바",
    "딥시크",
    "삼성전자",
    "LG",
    "SK텔레콤",
    "애플",
    "아마존",
];

/// Sentence-opening words a Korean topic may follow ("한편 소라는", "또 루빈은").
const KOREAN_OPENERS: &[&str] = &[
    "한편",
    "또",
    "또한",
    "특히",
    "이어",
    "다만",
    "반면",
    "아울러",
    "게다가",
    "이에",
    "실제로",
];

/// "루빈은 3,660억 개의 트랜지스터를 …", "‘소라’는 …", "REBEL-Quad는 …": the topic a Korean
/// sentence opens with, when it is a name (quoted, in Latin letters, or a Hangul word that is
/// not a common noun) rather than "회사는" or "이는".
fn korean_topic(sentence: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    let mut words = sentence[..floor_boundary(sentence, 200)]
        .split(' ')
        .map(|w| {
            let start = at;
            at += w.len() + 1;
            (start, w)
        })
        .peekable();
    while let Some(&(_, w)) = words.peek() {
        let date = w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && (w.ends_with('일') || w.ends_with('월') || w.ends_with("일,"));
        if KOREAN_OPENERS.contains(&w.trim_end_matches(',')) || date {
            words.next();
        } else {
            break;
        }
    }
    // The opening word, or a topic after the relative clause that describes it ("2,080억개의
    // 트랜지스터를 탑재한 블랙웰은 …"), within the first clause.
    // An unquoted Hangul word is taken for a name only where the sentence states a figure:
    // "자세한 내용은 블로그에서 확인할 수 있다" opens with a common noun no list can hold.
    let figure = sentence.contains(|c: char| c.is_ascii_digit());
    let mut previous: Option<&str> = None;
    // "메타는 스카우트가 … 우수한 성능을 보인다고 밝혔다": a maker that reports is not what it
    // reports on; the subject of what it says is.
    let mut reporter = false;
    for (start, word) in words.take(8) {
        let opening = previous.is_none() || reporter;
        let after_relative = previous.is_some_and(|p| p.ends_with(['한', '된', '인', '운', '던']));
        let particles: &[&str] = if opening {
            &["은", "는", "이", "가"]
        } else {
            &["은", "는"]
        };
        if opening || after_relative {
            if let Some(found) = topic_name(start, word, particles, figure) {
                let maker = MAKERS_KO.iter().any(|m| word.starts_with(m))
                    && ["은", "는"].iter().any(|p| word.ends_with(p));
                if !maker || reporter {
                    return Some(found);
                }
                reporter = true;
                previous = Some(word);
                continue;
            }
        }
        reporter = false;
        if word.ends_with([',', '，']) {
            break;
        }
        previous = Some(word);
    }
    None
}

/// The name in a topic word ("루빈은", "‘소라’는", "REBEL-Quad는") starting at byte `start`; a
/// bare Hangul word only when the sentence states a figure.
fn topic_name(
    start: usize,
    word: &str,
    particles: &[&str],
    states_a_figure: bool,
) -> Option<(usize, usize)> {
    let particle = particles.iter().find(|p| word.ends_with(*p))?;
    let stem =
        word[..word.len() - particle.len()].trim_end_matches(|c: char| QUOTE_CLOSE.contains(&c));
    let (lead, stem) = match stem.strip_prefix(|c: char| QUOTE_OPEN.contains(&c)) {
        Some(inner) => (stem.len() - inner.len(), inner),
        None => (0, stem),
    };
    let quoted = lead > 0;
    let latin = stem.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
    let case_marked = ["에서", "에게", "에", "의", "로", "까지", "부터"]
        .iter()
        .any(|p| stem.ends_with(p));
    let hangul = stem.chars().count() >= 2
        && stem.chars().all(|c| matches!(c, '가'..='힣'))
        && !KOREAN_COMMON_TOPICS.contains(&stem)
        && !case_marked
        && !stem.ends_with('들')
        && states_a_figure;
    let stem_start = start + lead;
    (!stem.is_empty() && (quoted || latin || hangul))
        .then_some((stem_start, stem_start + stem.len()))
}

/// A capitalised word, then a short code of capitals and digits ("Lumen X2").
static PREFIXED_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][a-z]{2,}) ([A-Z]{1,2}\d{1,3}[a-z]?)(?-u:\b)")
        .expect("prefixed code pattern compiles")
});

/// Makers whose name before a product's code is not part of the name ("Google TPU v5" aside).
const NAMING_MAKERS: &[&str] = &[
    "Google",
    "Meta",
    "Alibaba",
    "Microsoft",
    "Amazon",
    "Apple",
    "Intel",
    "Nvidia",
    "Samsung",
    "Huawei",
    "Baidu",
    "Tencent",
    "Moonshot",
    "Anthropic",
    "Mistral",
];

/// "INT4", "FP8", "BF16": a number format a model runs in is a setting, not a product.
static NUMBER_FORMAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:U?INT|FP|BF|NF|MXFP|TF)\d{1,2}$").expect("number format pattern compiles")
});

/// "SDC2024", "CES 2025", "GTC 2024": a name whose only number is a year is an event's.
fn named_for_a_year(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let trailing = text.chars().rev().take_while(char::is_ascii_digit).count();
    digits.len() == 4 && trailing == 4 && matches!(digits.parse::<u32>(), Ok(1990..=2100))
}

/// Whether the rest of a quote after a name reads as more of the name: at most two words,
/// each Latin letters and digits or a Hangul word without a particle or an ending on it.
fn name_words(rest: &str) -> bool {
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 2
        && words.iter().all(|w| {
            let latin = w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.+()".contains(c));
            let hangul = w.chars().all(|c| matches!(c, '가'..='힣'))
                && (KOREAN_TIERS.contains(w)
                    || !w.ends_with([
                        '은', '는', '이', '가', '을', '를', '의', '에', '도', '로', '다', '고',
                        '며', '서', '와', '과',
                    ]));
            let glossed = w.split_once('(').is_some_and(|(head, gloss)| {
                head.chars().all(|c| matches!(c, '가'..='힣'))
                    && gloss.ends_with(')')
                    && gloss
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || " -.)".contains(c))
            });
            latin || hangul || glossed
        })
}

/// Nouns that introduce a product's name in quotes ("생성형 AI 모델 ‘삼성 가우스’", "AI 펫
/// 서비스 '에이닷 펫'", "the chatbot 'Nova'").
const PRODUCT_CLASS_NOUNS: &[&str] = &[
    "모델",
    "모델인",
    "서비스",
    "서비스인",
    "챗봇",
    "칩",
    "반도체",
    "플랫폼",
    "에이전트",
    "솔루션",
    "엔진",
    "NPU",
    "GPU",
    "가속기",
    "프로세서",
    // "자체 개발한 LLM ‘노바’", "경량 sLLM ‘바다’": the press's words for a language model.
    "LLM",
    "sLLM",
    "SLM",
    "어시스턴트",
    "비서",
    "model",
    "chatbot",
    "chip",
    "assistant",
    "agent",
];

/// A quoted product's shape: a word, a version, and perhaps a tier ("하늘 3", "Orca-2 Pro").
static QUOTED_PRODUCT_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[가-힣A-Za-z][가-힣A-Za-z\-]*[ \-]?\d+(?:\.\d+)*(?:[ \-][가-힣A-Za-z]+)?$")
        .expect("quoted product pattern compiles")
});

/// Verbs of release a quoted product is the object of ("‘삼성 가우스2’를 공개했다",
/// "‘소라’가 출시됐다").
const KOREAN_RELEASE_VERBS: &[&str] = &["공개", "출시", "선보", "선봬", "내놓", "출범"];

/// Quoted names a sentence presents as products: right after a noun that says what kind of
/// product follows, or as the object of a release verb. Short, and not a sentence quoted.
fn quoted_products(sentence: &str) -> Vec<(usize, usize)> {
    quoted(sentence)
        .into_iter()
        .filter(|&(s, e)| {
            let inner = &sentence[s..e];
            if inner.chars().count() > 30 || inner.split_whitespace().count() > 4 {
                return false;
            }
            let before = sentence[..s]
                .trim_end_matches(|c: char| QUOTE_OPEN.contains(&c))
                .trim_end();
            let classed = PRODUCT_CLASS_NOUNS.iter().any(|w| {
                before.ends_with(w)
                    && !before[..before.len() - w.len()]
                        .ends_with(|c: char| c.is_ascii_alphabetic())
            });
            let after = sentence[e..]
                .trim_start_matches(|c: char| QUOTE_CLOSE.contains(&c))
                .trim_start();
            // "‘레니게이드’ 칩은", "‘에이닷’ 서비스를": the noun may follow the name instead.
            let classed_after = PRODUCT_CLASS_NOUNS
                .iter()
                .filter(|w| !w.is_ascii() && !w.ends_with('인'))
                .any(|w| after.starts_with(w));
            let after = ["을 ", "를 ", "이 ", "가 "]
                .iter()
                .find_map(|p| after.strip_prefix(p))
                .unwrap_or("");
            // "오픈AI의 ‘GPT-5’", "퓨리오사AI의 ‘레니게이드’": what a maker owns, by name.
            let owned = before.strip_suffix('의').is_some_and(|b| {
                let maker = b.rsplit(' ').next().unwrap_or(b);
                MAKERS_KO.contains(&maker)
                    || ["AI", "연구원", "Labs", "랩스"]
                        .iter()
                        .any(|t| maker.len() > t.len() && maker.ends_with(t))
            });
            let released = KOREAN_RELEASE_VERBS
                .iter()
                .any(|v| after.trim_start().starts_with(v));
            // "‘하늘 3’", "‘바다-2 프로’": a word, a version and perhaps a tier is a product's shape.
            let shaped = QUOTED_PRODUCT_SHAPE.is_match(inner);
            classed || classed_after || owned || released || shaped
        })
        .collect()
}

/// The largest character boundary of `text` at or before byte `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// "Today we release Voxtral, our first …", "Mistral launches Devstral": what a release verb
/// releases is the product the sentence is about.
static RELEASED_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &format!(r"\b(?:release[sd]?|releasing|introduc(?:e|es|ed|ing)|launch(?:es|ed|ing)?|unveil(?:s|ed|ing)?|debut(?:s|ed|ing)?)\s{DETERMINER}((?:[A-Z][A-Za-z0-9]*(?:[-‐‑.][A-Za-z0-9]+)*)(?:\s[A-Z0-9][A-Za-z0-9]*){{0,2}}{HEAD_NOUN})(?:[\s,.;:]|$)"),
    )
    .expect("released-object pattern compiles")
});

fn grammatical_subject(sentence: &str) -> Option<(usize, usize)> {
    let head = &sentence[..floor_boundary(sentence, 400)];
    SUBJECT_BEFORE_VERB
        .captures_iter(head)
        .chain(RELEASED_OBJECT.captures_iter(head))
        .filter(|c| !auxiliary(head, c.get(0).map_or(0, |m| m.end())))
        .filter_map(|c| c.get(1))
        .find(|m| {
            let first = m.as_str().split(' ').next().unwrap_or("");
            !NOT_SUBJECTS.contains(&first)
                && !GENERIC_SUBJECT_WORDS.contains(&first)
                && !MONTHS.iter().any(|mo| first.eq_ignore_ascii_case(mo))
        })
        .map(|m| (m.start(), m.end()))
}

/// "The new AI chip", "China has": capitalised words that name a kind of thing or a place,
/// not a product.
const GENERIC_SUBJECT_WORDS: &[&str] = &[
    "AI",
    "ML",
    "LLM",
    "LLMs",
    "GPU",
    "GPUs",
    "CPU",
    "API",
    "APIs",
    "Generative",
    "Open",
    "Frontier",
    "Large",
    "Small",
    "China",
    "Chinese",
    "Korea",
    "Korean",
    "Japan",
    "India",
    "Europe",
    "European",
    "America",
    "American",
    "US",
    "U.S.",
    "UK",
    "EU",
    "Congress",
    "Government",
];

/// "Meta has partnered with", "Nova is expected to": a verb that only helps the next one
/// ("has", "is", "set" before a participle or an adverb) says nothing the name is measured by.
fn auxiliary(head: &str, verb_end: usize) -> bool {
    let verb = head[..verb_end].rsplit(' ').next().unwrap_or_default();
    if !matches!(verb, "has" | "is" | "set" | "sets") {
        return false;
    }
    let next = head[verb_end..]
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    next.ends_with("ed")
        || next.ends_with("en")
        || next.ends_with("ing")
        || [
            "been", "also", "now", "not", "still", "already", "to", "expected", "set", "due",
            "about", "going", "yet",
        ]
        .contains(&next.as_str())
}

pub const QUOTE_OPEN: &[char] = &['‘', '\'', '“', '"', '「', '『'];
pub const QUOTE_CLOSE: &[char] = &['’', '\'', '”', '"', '」', '』'];

/// The insides of short quotes in a sentence (byte ranges without the quote marks). An
/// apostrophe inside a word ("Humanity's") does not open a quote.
pub fn quoted(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in sentence.char_indices() {
        let closing = match open {
            Some((_, o)) => {
                let pair = QUOTE_OPEN
                    .iter()
                    .position(|&q| q == o)
                    .and_then(|p| QUOTE_CLOSE.get(p))
                    .copied();
                pair == Some(c)
                    && !sentence[i + c.len_utf8()..].starts_with(|n: char| n.is_ascii_alphabetic())
            }
            None => false,
        };
        if closing {
            if let Some((s, _)) = open.take() {
                let inner = sentence[s..i].trim();
                if !inner.is_empty() && inner.len() <= 60 {
                    let lead = sentence[s..i].len() - sentence[s..i].trim_start().len();
                    out.push((s + lead, s + lead + inner.len()));
                }
            }
            continue;
        }
        let word_inside = sentence[..i].ends_with(|p: char| p.is_alphanumeric());
        if QUOTE_OPEN.contains(&c) && !word_inside {
            open = Some((i + c.len_utf8(), c));
        }
    }
    out
}

/// "the Apache 2.0 license", "‘아파치 2.0(Apache 2.0)’ 라이선스": a licence is not a product.
fn licence(sentence: &str, start: usize, end: usize) -> bool {
    let text = &sentence[start..end];
    let after = sentence[end..]
        .trim_start_matches(|c: char| QUOTE_CLOSE.contains(&c) || c == ' ')
        .trim_start();
    let after = match after.strip_prefix('(') {
        Some(r) => r
            .find(')')
            .map_or(r, |i| &r[i + 1..])
            .trim_start_matches(QUOTE_CLOSE)
            .trim_start(),
        None => after,
    };
    ["license", "licence", "License", "라이선스", "라이센스"]
        .iter()
        .any(|w| after.starts_with(w))
        || ["Apache", "아파치", "CC-BY", "GPL", "MIT "]
            .iter()
            .any(|w| text.starts_with(w))
}

/// Tiers the Korean press writes in Hangul after a model's Latin name ("GPT-5 하이").
const KOREAN_TIERS: &[&str] = &[
    "프로",
    "플래시",
    "울트라",
    "나노",
    "미니",
    "라이트",
    "하이",
    "미디엄",
    "로우",
    "싱킹",
    "프리뷰",
    "인스트럭트",
    "터보",
    "맥스",
    "코더",
    "라지",
    "스몰",
];

/// Korean particles that may follow a name.
const NAME_PARTICLES: &[&str] = &[
    "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "에", "로", "보다", "만", "까지",
];

/// Where a name found ending at `end` really ends: past a tier written in Hangul ("GPT-5
/// 하이는") and a gloss in brackets written onto it ("A.X K1(에이닷엑스 케이원)", "GPT-5
/// 로우(low)", "Claude 3.7 Sonnet (Thinking)"), which is part of the name as written. A score in
/// brackets ("GPT-4.1(53점)") is not.
fn name_tail(sentence: &str, mut end: usize) -> usize {
    let rest = &sentence[end..];
    if let Some(after_space) = rest.strip_prefix(' ') {
        if let Some(tier) = KOREAN_TIERS.iter().find(|t| after_space.starts_with(*t)) {
            let next = &after_space[tier.len()..];
            let ends_word = !next.starts_with(|c: char| matches!(c, '가'..='힣'))
                || NAME_PARTICLES.iter().any(|p| next.starts_with(p));
            if ends_word {
                end += 1 + tier.len();
            }
        }
    }
    let rest = &sentence[end..];
    let (open, spaced) = match rest.strip_prefix(" (") {
        Some(r) => (r, true),
        None => match rest.strip_prefix('(') {
            Some(r) => (r, false),
            None => return end,
        },
    };
    // A gloss is short: look no further than its longest.
    let Some(close) = open
        .char_indices()
        .take(41)
        .find(|&(_, c)| c == ')')
        .map(|(i, _)| i)
    else {
        return end;
    };
    let gloss = &open[..close];
    let glossy = !gloss.is_empty()
        && gloss.len() <= 40
        && !gloss.starts_with(|c: char| c.is_ascii_digit())
        && !gloss.contains(['(', '%', ',', '·'])
        && !gloss.chars().any(|c| c.is_ascii_digit());
    // With a space only a setting of the model: "(Thinking)", "(high)", "(Preview)".
    let setting = [
        "thinking",
        "high",
        "low",
        "medium",
        "preview",
        "reasoning",
        "extended thinking",
    ]
    .iter()
    .any(|w| gloss.eq_ignore_ascii_case(w));
    if glossy && (!spaced || setting) {
        end + (rest.len() - open.len()) + close + 1
    } else {
        end
    }
}

/// Whether two names of a sentence are items of one list ("GPT-4o and Google’s Gemini 2.0",
/// "Scout and Maverick", "GPT-4o와 클로드").
pub fn listed_together(sentence: &str, a: &Name, b: &Name) -> bool {
    let gap = sentence.get(a.end..b.start).unwrap_or("x");
    let gap = gap
        .trim_matches(|c: char| c.is_whitespace() || QUOTES.contains(&c))
        .trim();
    // "GPT-4o and Google’s Gemini 2.0", "‘엑사원 딥’ 또는 중국 알리바바의 ‘QwQ-32B’": a maker's
    // name (and where it is from) before the next item.
    let mut gap = gap;
    for _ in 0..2 {
        gap = match gap.rsplit_once(' ') {
            Some((head, maker))
                if maker.ends_with("'s") || maker.ends_with("’s") || maker.ends_with('의') =>
            {
                head.trim()
            }
            _ => break,
        };
    }
    // "중국 알리바바의": the place a maker is from goes with it.
    if let Some((head, place)) = gap.rsplit_once(' ') {
        if ["중국", "미국", "한국", "프랑스", "영국", "일본"].contains(&place) {
            gap = head.trim();
        }
    }
    let gap = gap.trim_end_matches(|c: char| QUOTES.contains(&c)).trim();
    [
        "", ",", "and", ", and", "or", ", or", "/", "&", "와", "과", "및", ", 및", "또는", "혹은",
    ]
    .contains(&gap)
}

const QUOTES: &[char] = &['‘', '’', '\'', '“', '”', '"'];

/// Where the clauses of a sentence begin (byte offsets after each break: ";", ": ", " — ",
/// ", while", ", whereas", ", but", ", which"). A value, a name and a benchmark in different
/// clauses belong together only when nothing closer does.
pub fn clause_breaks(sentence: &str) -> Vec<usize> {
    const BREAKS: &[&str] = &[
        ";",
        "；",
        ": ",
        " — ",
        " – ",
        " -- ",
        ", while ",
        ", whereas ",
        ", but ",
        ", which ",
    ];
    let mut out: Vec<usize> = BREAKS
        .iter()
        .flat_map(|b| sentence.match_indices(b).map(|(i, m)| i + m.len()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Where the comma-separated items of a sentence begin: finer than clauses, for pairing each
/// benchmark of a list ("MMLU-Pro 81.8점, LiveCodeBench 66.7점") with the score in its item.
pub fn item_breaks(sentence: &str) -> Vec<usize> {
    let mut out = clause_breaks(sentence);
    out.extend(
        sentence
            .match_indices([',', '，'])
            // "1,800": a thousands separator is not a break.
            .filter(|(i, m)| {
                let after = &sentence[i + m.len()..];
                !(sentence[..*i].ends_with(|c: char| c.is_ascii_digit())
                    && after.starts_with(|c: char| c.is_ascii_digit()))
            })
            .map(|(i, m)| i + m.len()),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// The index of the part (clause or item) that byte offset `at` falls in.
pub fn part_of(breaks: &[usize], at: usize) -> usize {
    breaks.partition_point(|&b| b <= at)
}

/// What a number measures when it is not a benchmark score, as written, and the kind of claim
/// a value of it makes. Longest first.
const METRICS: &[(&str, Option<ClaimKind>)] = &[
    ("time-to-first-token", Some(ClaimKind::Speed)),
    ("computing resource requirements", Some(ClaimKind::Speed)),
    ("tokens per second", Some(ClaimKind::Speed)),
    ("tokens per minute", Some(ClaimKind::Specification)),
    ("context window", Some(ClaimKind::Specification)),
    ("context length", Some(ClaimKind::Specification)),
    ("output tokens", Some(ClaimKind::Specification)),
    ("input tokens", Some(ClaimKind::Specification)),
    ("token rate", Some(ClaimKind::Speed)),
    ("GPU hours", Some(ClaimKind::Specification)),
    ("tokens/sec", Some(ClaimKind::Speed)),
    ("tokens/s", Some(ClaimKind::Speed)),
    ("parameters", Some(ClaimKind::Specification)),
    ("parameter", Some(ClaimKind::Specification)),
    ("throughput", Some(ClaimKind::Speed)),
    ("latency", Some(ClaimKind::Speed)),
    ("accuracy", Some(ClaimKind::Benchmark)),
    ("average accuracy", Some(ClaimKind::Benchmark)),
    ("average score", Some(ClaimKind::Benchmark)),
    ("tok/s", Some(ClaimKind::Speed)),
    ("params", Some(ClaimKind::Specification)),
    ("tokens", Some(ClaimKind::Specification)),
    ("context", Some(ClaimKind::Specification)),
    ("cores", Some(ClaimKind::Specification)),
    ("SRAM", Some(ClaimKind::Specification)),
    ("TTFB", Some(ClaimKind::Speed)),
    ("words", Some(ClaimKind::Specification)),
    ("size", Some(ClaimKind::Specification)),
    ("cost", Some(ClaimKind::Pricing)),
    ("t/s", Some(ClaimKind::Speed)),
    ("frames per second", Some(ClaimKind::Speed)),
    ("requests per second", Some(ClaimKind::Speed)),
    ("memory bandwidth", Some(ClaimKind::Specification)),
    ("transistors", Some(ClaimKind::Specification)),
    ("bandwidth", Some(ClaimKind::Specification)),
    ("TFLOPS", Some(ClaimKind::Specification)),
    ("price", Some(ClaimKind::Pricing)),
    ("메모리 요구량", Some(ClaimKind::Speed)),
    ("메모리 대역폭", Some(ClaimKind::Specification)),
    ("컨텍스트 윈도", Some(ClaimKind::Specification)),
    ("컨텍스트", Some(ClaimKind::Specification)),
    ("트랜지스터", Some(ClaimKind::Specification)),
    ("처리 속도", Some(ClaimKind::Speed)),
    ("응답 속도", Some(ClaimKind::Speed)),
    ("지연 시간", Some(ClaimKind::Speed)),
    ("처리량", Some(ClaimKind::Speed)),
    ("대역폭", Some(ClaimKind::Specification)),
    ("정답률", Some(ClaimKind::Benchmark)),
    ("문맥", Some(ClaimKind::Specification)),
    ("속도", Some(ClaimKind::Speed)),
    ("비용", Some(ClaimKind::Pricing)),
    ("가격", Some(ClaimKind::Pricing)),
    ("요금", Some(ClaimKind::Pricing)),
    ("문서 처리 능력", None),
    ("컨텍스트 길이", Some(ClaimKind::Specification)),
    ("인텔리전스 지수", Some(ClaimKind::Benchmark)),
    ("추론 속도", Some(ClaimKind::Speed)),
    ("평균 점수", Some(ClaimKind::Benchmark)),
    ("종합 점수", Some(ClaimKind::Benchmark)),
    ("매개변수", Some(ClaimKind::Specification)),
    ("파라미터", Some(ClaimKind::Specification)),
    ("정확도", Some(ClaimKind::Benchmark)),
    ("총점", Some(ClaimKind::Benchmark)),
    ("토큰", Some(ClaimKind::Specification)),
    ("GPU", Some(ClaimKind::Specification)),
    ("길이", Some(ClaimKind::Specification)),
    ("memory", Some(ClaimKind::Specification)),
    ("VRAM", Some(ClaimKind::Specification)),
    ("speed", Some(ClaimKind::Speed)),
    ("input price", Some(ClaimKind::Pricing)),
    ("output price", Some(ClaimKind::Pricing)),
    ("input token price", Some(ClaimKind::Pricing)),
    ("output token price", Some(ClaimKind::Pricing)),
    ("output speed", Some(ClaimKind::Speed)),
    ("processing speed", Some(ClaimKind::Speed)),
    ("평균", Some(ClaimKind::Benchmark)),
    // Hardware and serving: what a chip has and how much it serves.
    ("compute units", Some(ClaimKind::Specification)),
    ("TOPS", Some(ClaimKind::Specification)),
    ("PFLOPS", Some(ClaimKind::Specification)),
    ("petaflops", Some(ClaimKind::Specification)),
    ("teraflops", Some(ClaimKind::Specification)),
    ("exaflops", Some(ClaimKind::Specification)),
    ("TPS", Some(ClaimKind::Speed)),
    // "trained on over 80 programming languages", "harmful content in nine languages".
    ("programming languages", Some(ClaimKind::Specification)),
    ("languages", Some(ClaimKind::Capability)),
    // Rates of unsafe behaviour: a safety claim whatever verb states them.
    ("refusal rate", Some(ClaimKind::Safety)),
    // Generic measured nouns of results, time, efficiency and cost, as vendors and the press
    // write them in both languages.
    ("success rate", Some(ClaimKind::Benchmark)),
    ("pass rate", Some(ClaimKind::Benchmark)),
    ("win rate", Some(ClaimKind::Benchmark)),
    ("resolve rate", Some(ClaimKind::Benchmark)),
    ("error rate", Some(ClaimKind::Benchmark)),
    ("response time", Some(ClaimKind::Speed)),
    ("inference speed", Some(ClaimKind::Speed)),
    ("generation speed", Some(ClaimKind::Speed)),
    ("energy efficiency", Some(ClaimKind::Speed)),
    ("power efficiency", Some(ClaimKind::Speed)),
    ("performance per watt", Some(ClaimKind::Speed)),
    ("training cost", Some(ClaimKind::Pricing)),
    ("inference cost", Some(ClaimKind::Pricing)),
    ("memory capacity", Some(ClaimKind::Specification)),
    ("성공률", Some(ClaimKind::Benchmark)),
    ("해결률", Some(ClaimKind::Benchmark)),
    ("오류율", Some(ClaimKind::Benchmark)),
    ("지연시간", Some(ClaimKind::Speed)),
    ("응답 시간", Some(ClaimKind::Speed)),
    ("응답시간", Some(ClaimKind::Speed)),
    ("처리 시간", Some(ClaimKind::Speed)),
    ("생성 속도", Some(ClaimKind::Speed)),
    ("전력 효율", Some(ClaimKind::Speed)),
    ("전력효율", Some(ClaimKind::Speed)),
    ("에너지 효율", Some(ClaimKind::Speed)),
    ("연산 성능", Some(ClaimKind::Specification)),
    ("메모리 용량", Some(ClaimKind::Specification)),
    ("학습 비용", Some(ClaimKind::Pricing)),
    ("추론 비용", Some(ClaimKind::Pricing)),
    ("hallucination rate", Some(ClaimKind::Safety)),
    ("거부율", Some(ClaimKind::Safety)),
];

/// Metric phrases in the sentence: (start, end, text), in order, without overlaps. A Korean
/// phrase takes the noun modifying it ("활성 파라미터", "엔터프라이즈 요금").
pub fn metric_phrases(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut found = listed_metric_phrases(sentence);
    let mut previous_end = 0;
    for f in found.iter_mut() {
        if f.2.starts_with(|c: char| matches!(c, '가'..='힣')) {
            let start = korean_modifiers_upto(sentence, f.0, 1).max(previous_end);
            // "개 매개변수", "큰 파라미터": a counter or a one-syllable adjective is no modifier.
            let long_enough = sentence[start..f.0].trim().chars().count() >= 2;
            if start < f.0 && long_enough {
                *f = (start, f.1, sentence[start..f.1].to_string());
            }
        }
        previous_end = f.1;
    }
    // "토큰 처리 속도": listed nouns written one after the other are one compound, measured by
    // its last.
    let mut merged: Vec<(usize, usize, String)> = Vec::with_capacity(found.len());
    for f in found {
        let korean = |t: &str| t.starts_with(|c: char| matches!(c, '가'..='힣'));
        match merged.last_mut() {
            Some(last) if sentence[last.1..f.0] == *" " && korean(&last.2) && korean(&f.2) => {
                *last = (last.0, f.1, sentence[last.0..f.1].to_string());
            }
            _ => merged.push(f),
        }
    }
    merged
}

/// The metric phrases of the list found in the sentence, as written.
fn listed_metric_phrases(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    // Longest first, so a phrase is never cut short by a shorter one inside it ("컨텍스트
    // 길이" over "컨텍스트", "memory bandwidth" over "bandwidth").
    let mut longest_first: Vec<&str> = METRICS.iter().map(|(p, _)| *p).collect();
    longest_first.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    for phrase in longest_first {
        let ascii = phrase.is_ascii();
        let mut from = 0;
        while let Some(pos) = find_ci(&sentence[from..], phrase) {
            let s = from + pos;
            let e = s + phrase.len();
            // "GPU-based", "memory-bound": a noun written into an adjective measures nothing.
            let bounded = !ascii
                || (!sentence[..s].ends_with(|c: char| c.is_ascii_alphanumeric())
                    && !sentence[e..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-'));
            // "For context, …": a sentence adverb, not a measured quantity.
            let adverb = sentence[e..].starts_with(',')
                && ["for ", "in "].iter().any(|w| {
                    sentence[..s].len() >= w.len()
                        && sentence.is_char_boundary(s - w.len())
                        && sentence[s - w.len()..s].eq_ignore_ascii_case(w)
                });
            // "TOPS" the unit is not "tops" the verb.
            let case_kept = !EXACT_CASE.contains(&phrase) || &sentence[s..e] == phrase;
            if bounded && !adverb && case_kept && !found.iter().any(|&(a, b, _)| s < b && a < e) {
                found.push((s, e, sentence[s..e].to_string()));
            }
            from = e;
        }
    }
    found.sort_by_key(|f| f.0);
    found
}

/// Metric phrases written in capitals whose lower case is a common word.
const EXACT_CASE: &[&str] = &["TOPS"];

/// The kind of claim a value of this metric phrase makes (`None`: decided by the sentence's
/// words).
pub fn metric_kind(phrase: &str) -> Option<ClaimKind> {
    let exact = METRICS.iter().find(|(p, _)| p.eq_ignore_ascii_case(phrase));
    // "활성 파라미터": a listed phrase with the noun that modifies it.
    let modified = || {
        METRICS
            .iter()
            .filter(|(p, _)| !p.is_ascii() && phrase.ends_with(p))
            .max_by_key(|(p, _)| p.len())
    };
    exact
        .or_else(modified)
        .and_then(|(_, k)| *k)
        .or_else(|| super::against::head_kind(phrase))
}

/// Byte offset of `needle` in `hay`, ignoring ASCII case; the offset is into `hay` itself.
pub(crate) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    (0..=hay.len().saturating_sub(n)).find(|&i| {
        hay.is_char_boundary(i)
            && hay.is_char_boundary(i + n)
            && hay[i..i + n].eq_ignore_ascii_case(needle)
    })
}

const QUALIFIERS_BEFORE: &[&str] = &[
    "as little as",
    "exceeding",
    "as much as",
    "approximately",
    "more than",
    "less than",
    "at least",
    "at most",
    "roughly",
    "up to",
    "nearly",
    "almost",
    "around",
    "about",
    "above",
    "below",
    "under",
    "over",
    "최대",
    "최소",
    "약",
    "~",
];

/// The words between a metric phrase ending at `end` and a value starting at `at`, without a
/// qualifier bounding the value ("context window of up to 1M": "of").
fn gap_before_value(sentence: &str, end: usize, at: usize) -> Option<&str> {
    let mut gap = sentence.get(end..at)?.trim_end();
    loop {
        let lower_tail = |q: &str| {
            gap.len() >= q.len()
                && gap.is_char_boundary(gap.len() - q.len())
                && gap[gap.len() - q.len()..].eq_ignore_ascii_case(q)
                && gap[..gap.len() - q.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric() || !q.is_ascii())
        };
        let Some(q) = QUALIFIERS_BEFORE
            .iter()
            .chain(["only", "just", "exceeding", "a", "an"].iter())
            .find(|q| lower_tail(q))
        else {
            break;
        };
        gap = gap[..gap.len() - q.len()].trim_end();
    }
    Some(gap)
}

/// Whether the value at `at` is tied by grammar to the metric phrase ending at `end`: a few
/// words between them ("memory bandwidth is 5.2 TB/s", "context window of 1M", "속도를 2배"),
/// no list or clause break ("… parameters and 288 billion active", "…, but 22 billion").
/// A comparison between them ("요구량을 엑사원 4.0 대비 70%") does not untie them.
pub fn tied_before(sentence: &str, end: usize, at: usize) -> bool {
    let Some(gap) = gap_before_value(sentence, end, at) else {
        return false;
    };
    // The gap is trimmed: " and" right before the value is still a list break.
    let padded = format!(" {gap} ");
    // "671B total parameters with 37B activated": "with" goes on about the same thing.
    let broken = [",", ";", "，", " and ", " but ", " while ", " — ", " – "]
        .iter()
        .any(|b| padded.contains(b));
    let gap = match gap.find(" 대비").or_else(|| gap.find("보다")) {
        Some(i) => gap
            .get(..i)
            .map(|g| g.rsplit_once(' ').map_or("", |(a, _)| a))
            .unwrap_or(gap),
        None => gap,
    };
    // "The total size of DeepSeek-V3 models on Hugging Face is 685B": a copula ties the
    // phrase to its value across what it is the size of.
    let copula = [" is", " was", " are", " were"]
        .iter()
        .any(|c| gap.ends_with(c));
    let words = gap.split_whitespace().count();
    !broken && (words <= 4 || (copula && words <= 8))
}

/// Nouns that are the topic of a Korean sentence without being what a value measures
/// ("모델은 95%", "이번 평가에서는").
const KOREAN_NOT_MEASURES: &[&str] = &[
    "모델",
    "회사",
    "기업",
    "제품",
    "이",
    "그",
    "이번",
    "해당",
    "것",
    "수",
    "점",
    "결과",
    "이는",
    "팀",
    "측",
    "업계",
    "전작",
    "전체",
    "각각",
    "모두",
    "가운데",
    "중",
    "기준",
    "수치",
    "점수",
    "성적",
    "비율",
    "정도",
    "자체",
    "이후",
    "현재",
    "당시",
    "최근",
    "평균",
    "총",
    "약",
    "최대",
];

/// Korean particles after the noun whose value follows: topic, subject, object, "also".
const KOREAN_MEASURE_PARTICLES: &[char] = &['은', '는', '이', '가', '을', '를', '도'];

/// "환각 발생률도 GPT-4o 대비 약 45%", "도구 호출은 45%", "성능을 95%까지": in Korean the
/// noun marked by a particle right before a value (past a comparison and a qualifier) is what
/// it measures. Returns its byte range, with up to two words that modify it, and whether it
/// is the part of an evaluation the value was scored in ("수학 영역에서").
pub fn korean_measure(sentence: &str, at: usize) -> Option<(usize, usize, bool)> {
    let mut before = sentence.get(..at)?.trim_end();
    // "10점 만점 중 9.2점", "450점 만점에 440.2점": the scale the score is out of.
    for tail in ["만점 중", "만점에", "만점"] {
        if let Some(b) = before.strip_suffix(tail) {
            let b = b.trim_end();
            if b.ends_with('점') {
                before = b.rsplit_once(' ').map_or("", |(a, _)| a).trim_end();
            }
        }
    }
    for q in ["최대", "최소", "약", "~"] {
        if let Some(b) = before.strip_suffix(q) {
            before = b.trim_end();
        }
    }
    // "다국어 지원을 29개에서 119개로": the value it changed from stands between.
    if let Some(b) = before.strip_suffix("에서") {
        let (head, word) = b.rsplit_once(' ').unwrap_or(("", b));
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            before = head.trim_end();
        }
    }
    // "GPT-4o 대비", "라마 3.3의 7%에서": the comparison between the noun and its value.
    for cue in ["대비", "보다"] {
        if let Some(b) = before.strip_suffix(cue) {
            let b = b.trim_end();
            before = b.rsplit_once(' ').map_or("", |(a, _)| a).trim_end();
            // A name of two words ("라마 3.3 대비"): drop the version too.
            if before.ends_with(|c: char| c.is_ascii_alphanumeric()) {
                before = before.rsplit_once(' ').map_or("", |(a, _)| a).trim_end();
            }
        }
    }
    let (head_start, word) = match before.rfind(' ') {
        Some(i) => (i + 1, &before[i + 1..]),
        None => (0, before),
    };
    // "수능 수학 영역에서 94.5점", "국어 영역 100점": the part of a test a score is in, named
    // with what it tests.
    let place = EVALUATION_PARTS.iter().find_map(|head| {
        let rest = word.strip_prefix(head)?;
        ["", "에서", "에서는", "에서도"]
            .contains(&rest)
            .then_some(head.len())
    });
    if let Some(len) = place {
        let (start, end) = (head_start, head_start + len);
        let widened = korean_modifiers(sentence, start);
        return (widened < start).then_some((widened, end, true));
    }
    // "정확도 81.2%", "속도 2배", "길이 128K": a listed measure whose last syllable looks like
    // a particle ("도", "이") is the noun itself, written bare before its value.
    let bare_measure = METRICS
        .iter()
        .any(|(p, _)| !p.is_ascii() && p.ends_with(['도', '이', '가']) && word.ends_with(p));
    if bare_measure {
        let end = head_start + word.len();
        return Some((korean_modifiers(sentence, head_start), end, false));
    }
    let particle = word.chars().next_back()?;
    if !KOREAN_MEASURE_PARTICLES.contains(&particle) {
        return None;
    }
    let stem = &word[..word.len() - particle.len_utf8()];
    // "비교에서도", "분야에서는": a place or a comparison, not a measured noun.
    let case_marked = [
        "에서", "에게", "에", "의", "로", "와", "과", "까지", "부터", "대비", "보다",
    ]
    .iter()
    .any(|p| stem.ends_with(p));
    let korean_stem = stem.chars().count() >= 2
        && stem.chars().all(|c| matches!(c, '가'..='힣'))
        && !case_marked
        && !KOREAN_NOT_MEASURES.contains(&stem);
    if !korean_stem {
        return None;
    }
    let end = head_start + stem.len();
    Some((korean_modifiers(sentence, head_start), end, false))
}

/// Korean nouns for the part of an evaluation a score is in.
const EVALUATION_PARTS: &[&str] = &["영역", "부문", "분야", "평가", "테스트", "시험", "리더보드"];

/// Where the words modifying a Korean noun starting at `start` begin: up to two words
/// ("불균형한 응답 거부율", "수능 수학 영역"), none a clause or a name of its own.
fn korean_modifiers(sentence: &str, head: usize) -> usize {
    korean_modifiers_upto(sentence, head, 2)
}

fn korean_modifiers_upto(sentence: &str, head: usize, most: usize) -> usize {
    let mut start = head;
    for _ in 0..most {
        let rest = sentence[..start].trim_end();
        if rest.len() == start || rest.ends_with([',', '，', '·', '\'', '’', '"', '”', ')']) {
            break;
        }
        let (s, w) = match rest.rfind(' ') {
            Some(i) => (i + 1, &rest[i + 1..]),
            None => (0, rest),
        };
        let modifier = !w.is_empty()
            && (w.chars().all(|c| matches!(c, '가'..='힣'))
                || (w.chars().all(|c| c.is_ascii_uppercase()) && w.len() >= 2))
            && !KOREAN_NOT_MEASURES.contains(&w)
            && !w.ends_with([
                '은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '과', '도', '고', '며',
                '서', '면', '다', '해', '게',
            ])
            // "빠른", "가벼운", "향상된", "강력한": an adjective says how much, not what is measured.
            && !(w.chars().count() >= 2 && w.ends_with(['른', '운', '된', '한']))
            && ![
                "대한", "위한", "관한", "통한", "따른", "대비", "보다", "까지", "부터",
            ]
            .iter()
            .any(|x| w.ends_with(x));
        if !modifier {
            break;
        }
        start = s;
    }
    start
}

/// "per million input tokens", "per 1K tokens", "100만 토큰당": a phrase a price is per.
static PER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bper(?:\s+(?:million|thousand|billion|\d[\d,.]*[KMB]?))?(?:\s+(?:cached|input|output|generated))?\s*$")
        .expect("per pattern compiles")
});

/// Whether the metric phrase at `start..end` is the unit a price is per, not a measure.
pub fn per_unit(sentence: &str, start: usize, end: usize) -> bool {
    window_before(sentence, start, 40).is_some_and(|b| PER_BEFORE.is_match(b))
        || sentence.get(end..).is_some_and(|a| a.starts_with('당'))
}

/// Whether the value at `at` is "of" the metric phrase ending at `end` ("a context window of
/// 1 million tokens", "speeds of up to 800 tokens per second").
pub fn linked_by_of(sentence: &str, end: usize, at: usize) -> bool {
    gap_before_value(sentence, end, at).is_some_and(|g| {
        let g = g.trim();
        ["of", "is", "was"]
            .iter()
            .any(|w| g.eq_ignore_ascii_case(w))
    })
}

const QUALIFIERS_AFTER: &[&str] = &["이상", "이하", "가량", "정도", "미만", "초과", "+"];

/// The qualifier bounding the value at `start..end`, as written in the sentence.
pub fn qualifier(sentence: &str, start: usize, end: usize) -> Option<String> {
    let before = sentence[..start].trim_end();
    for q in QUALIFIERS_BEFORE {
        let n = q.len();
        if before.len() >= n && before.is_char_boundary(before.len() - n) {
            let tail = &before[before.len() - n..];
            let word_start = before[..before.len() - n]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if tail.eq_ignore_ascii_case(q) && (word_start || !q.is_ascii()) {
                return Some(tail.to_string());
            }
        }
    }
    let after = sentence[end..].trim_start_matches([' ', '의']);
    // "98%에 육박", "100만 명에 육박하는": nearly reaching the value.
    let nearing = after
        .strip_prefix('에')
        .map(str::trim_start)
        .and_then(|a| QUALIFIERS_NEARING.iter().find(|q| a.starts_with(*q)));
    QUALIFIERS_AFTER
        .iter()
        .find(|q| after.starts_with(*q))
        .or(nearing)
        .map(|q| q.to_string())
}

/// Korean verbs of nearly reaching a value, after "에".
const QUALIFIERS_NEARING: &[&str] = &["육박", "근접", "가까운"];

static SETTINGS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"\b\d+-shot\b",
        r"(?i)\b(?:zero|few|one)-shot\b",
        r"(?i)\bpass@\d+\b",
        r"(?i)\b(?:maj|cons)@\d+\b",
        r"(?i)\bwith(?:out)? tools\b",
        r"(?i)\bno tools\b",
        r"(?i)\bwith (?:extended )?thinking\b",
        r"(?i)\b(?:high|low|medium|minimal)[- ](?:reasoning[- ])?effort\b",
        r"(?i)\bhigh-compute settings?\b",
        r"\b(?:INT4|INT8|FP8|BF16|FP16|bf16)\b",
        r"(?i)\bbatch mode\b",
        r"(?:\bsingle )?(?:(?:Nvidia|NVIDIA|엔비디아) )?(?-u:\b)(?:[HAB]\d00|GB200|RTX \d{4}|TPU ?v?\d[a-z0-9]*)(?-u:\b)(?:급)?(?: GPU(?-u:\b)(?: hours)?)?",
        r"\b(?:llama\.cpp|vLLM|SGLang|TensorRT-LLM|SWE-agent|Agentless|OpenHands)\b",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("settings pattern compiles"))
    .collect()
});

/// "at 1M (76%)": the context length a long-context score was measured at.
static AT_LENGTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bat (\d+[KM]) \(").expect("length pattern compiles"));

/// The evaluation and run settings stated in the sentence, as written, with their byte ranges.
pub fn settings(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for re in SETTINGS.iter() {
        for m in re.find_iter(sentence) {
            let text = m.as_str().trim();
            // "H800 GPU hours" names the hardware; the hours are the value's unit.
            let text = text.strip_suffix(" GPU hours").unwrap_or(text);
            if !text.is_empty() && !found.iter().any(|(at, _, _)| *at == m.start()) {
                found.push((m.start(), m.start() + text.len(), text.to_string()));
            }
        }
    }
    for c in AT_LENGTH.captures_iter(sentence) {
        if let Some(m) = c.get(1) {
            found.push((m.start(), m.end(), m.as_str().to_string()));
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the list's order, a metric phrase that holds a shorter one is found whole.
    #[test]
    fn a_metric_phrase_is_never_cut_short_by_one_inside_it() {
        let mut pairs = 0;
        for (long, _) in METRICS {
            for (short, _) in METRICS {
                if long != short && find_ci(long, short).is_some() {
                    pairs += 1;
                    let sentence = format!("It has a {long} of 42 and more.");
                    let found = metric_phrases(&sentence);
                    assert_eq!(
                        found.iter().map(|f| f.2.as_str()).collect::<Vec<_>>(),
                        vec![*long],
                        "{short} inside {long}"
                    );
                }
            }
        }
        assert!(pairs >= 5, "the list has phrases inside phrases: {pairs}");
    }

    /// A product's word with a size, a code or a "v" version after a space is a name, and a
    /// word that opens the sentence is not part of the name after it.
    #[test]
    fn a_word_with_a_version_after_it_is_a_name() {
        let texts =
            |s: &str| -> Vec<String> { names(s, &[]).into_iter().map(|n| n.text).collect() };
        assert_eq!(
            texts("ZephyrLM v2.1 scored 81.2% on it."),
            ["ZephyrLM v2.1"]
        );
        assert_eq!(
            texts("하늘 7B 인스트럭트는 81.2%를 기록했다."),
            ["하늘 7B 인스트럭트"]
        );
        assert_eq!(texts("한빛 노바 X1은 81.2%를 기록했다."), ["노바 X1"]);
        assert_eq!(texts("노바 v2.1은 81.2%를 기록했다."), ["노바 v2.1"]);
        assert_eq!(texts("하늘 8×7B는 연산량을 줄인다."), ["하늘 8×7B"]);
        for plain in [
            "모델은 파라미터 7B 규모다.",
            "최대 7B 크기까지 지원한다.",
            "매개변수 수는 0.6B부터 235B까지 다양하다.",
            "매개변수를 넘긴 519B급 모델이다.",
        ] {
            assert!(texts(plain).is_empty(), "{plain}: {:?}", texts(plain));
        }
    }

    proptest::proptest! {
        /// Any text: the names found are on character boundaries, never a panic.
        #[test]
        fn words_with_versions_are_on_boundaries(text in "(?s)[A-Za-z가-힣0-9 .v]{0,40}|.{0,80}") {
            for (s, e) in words_then_versions(&text) {
                proptest::prop_assert!(s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
            for n in names(&text, &[]) {
                proptest::prop_assert!(text.is_char_boundary(n.start) && text.is_char_boundary(n.end));
            }
        }
    }

    /// A model id as published, all lowercase, is a name; hyphenated words, dates, ranks and
    /// web addresses are not.
    #[test]
    fn a_lowercase_model_id_is_a_name() {
        let texts =
            |s: &str| -> Vec<String> { names(s, &[]).into_iter().map(|n| n.text).collect() };
        assert_eq!(
            texts("acme/nova-chat-7b is released under an open licence."),
            ["acme/nova-chat-7b"]
        );
        assert_eq!(
            texts("한빛에서 nova-pro-preview, nova-pro-preview-instruct 가 출시되었습니다."),
            ["nova-pro-preview", "nova-pro-preview-instruct"]
        );
        assert_eq!(
            texts("We tested kestrel-2.5-coder on real tasks."),
            ["kestrel-2.5-coder"]
        );
        for plain in [
            "A state-of-the-art, open-source model for real-time use.",
            "By mid-2025 the top-5 accuracy was reported in utf-8 files.",
            "See huggingface.co/acme/nova-chat-7b for the weights.",
            "A non-reasoning model with a multi-turn chat mode.",
        ] {
            assert!(texts(plain).is_empty(), "{plain}: {:?}", texts(plain));
        }
    }

    proptest::proptest! {
        /// Any text: the ids found are on character boundaries, in order, never a panic.
        #[test]
        fn lowercase_ids_are_on_boundaries(text in "(?s)[a-z0-9/._ -]{0,40}|.{0,80}") {
            for (s, e) in lowercase_ids(&text) {
                proptest::prop_assert!(s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    /// "X 아키텍처를 바탕으로", "X 모델 대비": the model another was built from, or compared
    /// with, named with its class noun, is no subject.
    #[test]
    fn a_base_named_with_its_class_noun_is_a_baseline() {
        let s =
            "한빛은 ‘바다-2’ 아키텍처를 바탕으로 700억 개의 매개변수를 가진 ‘노바-3’를 공개했다.";
        let flags: Vec<(String, bool)> = names(s, &[])
            .into_iter()
            .map(|n| (n.text, n.baseline))
            .collect();
        assert_eq!(
            flags,
            [("바다-2".to_string(), true), ("노바-3".to_string(), false)]
        );
        let s = "노바-3는 바다-2 모델 대비 2배 빠르다.";
        let flags: Vec<(String, bool)> = names(s, &[])
            .into_iter()
            .map(|n| (n.text, n.baseline))
            .collect();
        assert_eq!(
            flags,
            [("노바-3".to_string(), false), ("바다-2".to_string(), true)]
        );
    }

    #[test]
    fn baselines_are_told_from_subjects() {
        let s = "Maverick beats GPT-4o and matches DeepSeek V3 on reasoning.";
        let n = names(s, &[]);
        let flags: Vec<(&str, bool)> = n.iter().map(|n| (n.text.as_str(), n.baseline)).collect();
        assert_eq!(
            flags,
            [("Maverick", false), ("GPT-4o", true), ("DeepSeek V3", true)]
        );
        let s = "메모리 요구량과 연산량을 엑사원 4.0 대비 70% 절감했다.";
        assert!(names(s, &[]).iter().all(|n| n.baseline));
        let s = "평균 점수가 72.03점으로, 목표로 삼은 큐웬3 235B의 69.37점 대비 104% 수준이다.";
        assert!(
            names(s, &[]).iter().all(|n| n.baseline),
            "{:?}",
            names(s, &[])
        );
        let s = "하이퍼클로바X는 GPT-3.5-Turbo와 비교해 높은 점수를 기록했다.";
        let n = names(s, &[]);
        assert!(!n[0].baseline && n[1].baseline, "{n:?}");
        // A cue covers the names listed with it, on the side it stands.
        let flags = |s: &str| -> Vec<bool> { names(s, &[]).iter().map(|n| n.baseline).collect() };
        assert_eq!(
            flags("It outperforms GPT-4o and GPT-4.5 across coding."),
            [true, true]
        );
        assert_eq!(
            flags("Gemma 3 beats Llama 3.1 405B, DeepSeek V3 and o3-mini on LMArena."),
            [false, true, true, true]
        );
        assert_eq!(
            flags("엑사원 4.0은 GPT-4o와 클로드 3.5보다 높은 점수를 받았다."),
            [false, true, true]
        );
        assert_eq!(
            flags("Llama 4 Scout and Gemma 3 beat GPT-4o on MMLU."),
            [false, false, true]
        );
    }

    #[test]
    fn qualifiers_and_settings_as_written() {
        let s = "It emits up to 35% more tokens; About 320 ms; 최대 256,000 토큰; 70% 가량";
        let at = |needle: &str| {
            let i = s.find(needle).expect("in sentence");
            qualifier(s, i, i + needle.len())
        };
        assert_eq!(at("35%").as_deref(), Some("up to"));
        assert_eq!(at("320").as_deref(), Some("About"));
        assert_eq!(at("256,000").as_deref(), Some("최대"));
        assert_eq!(at("70%").as_deref(), Some("가량"));
        let s = "노바칩-3의 결과는 이론상 최대치의 91% 에 육박한다.";
        let i = s.find("91%").expect("in sentence");
        assert_eq!(qualifier(s, i, i + 3).as_deref(), Some("육박"));
        let texts =
            |s: &str| -> Vec<String> { settings(s).into_iter().map(|(_, _, t)| t).collect() };
        assert_eq!(
            texts("Llama 3 8B achieves 150 tok/s on a single NVIDIA RTX 4090 GPU using llama.cpp, 5-shot, pass@1."),
            ["single NVIDIA RTX 4090 GPU", "llama.cpp", "5-shot", "pass@1"]
        );
        assert_eq!(texts("2.788M H800 GPU hours"), ["H800"]);
    }

    fn name_texts(sentence: &str) -> Vec<(String, bool, bool)> {
        names(sentence, &[])
            .into_iter()
            .map(|n| (n.text, n.baseline, n.hardware))
            .collect()
    }

    /// A product-shaped name with hyphen-joined words before its version is one name, not
    /// its versioned tail.
    #[test]
    fn hyphen_joined_words_before_a_version_are_part_of_the_name() {
        let found =
            name_texts("리벨리온은 상용 NPU 최초로 Orca-Predict1-7B를 실시간으로 구동했습니다.");
        assert!(
            found.iter().any(|(t, _, _)| t == "Orca-Predict1-7B"),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|(t, _, _)| t == "Predict1-7B"),
            "{found:?}"
        );
    }

    /// A conference named with its year is an event, not a product; a quoted name after a
    /// product noun or before a release verb is a product, whole.
    #[test]
    fn events_are_no_products_and_quoted_products_are_names() {
        assert!(named_for_a_year("SDC2024"));
        assert!(named_for_a_year("CES 2025"));
        assert!(!named_for_a_year("Nova-2"));
        assert!(!named_for_a_year("Qwen2.5"));
        let found =
            name_texts("업계에 따르면 한빛전자는 지난 21일 개발자 콘퍼런스(HDC2025)에서 ‘한빛 노바2’를 공개했다.");
        let texts: Vec<&str> = found.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["한빛 노바2"], "{found:?}");
        let found = name_texts("자체 개발한 생성형 AI 모델 ‘한빛 가람’이 처음 공개됐다.");
        assert!(
            found.iter().any(|(t, b, _)| t == "한빛 가람" && !b),
            "{found:?}"
        );
        // A quote that opens with a name and goes on with words of a name is the name as
        // written; a quoted sentence about a name is not.
        let found = name_texts("‘노바-2 플러스’ 사용자는 매달 50개의 영상을 생성할 수 있다.");
        let texts: Vec<&str> = found.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["노바-2 플러스"], "{found:?}");
        let found = name_texts("그는 ‘노바-2는 최고’라고 말했다.");
        let texts: Vec<&str> = found.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["노바-2"], "{found:?}");
        // A maker's quoted product is a name.
        let found = name_texts("한빛AI의 ‘가람’은 MMLU에서 88점을 받았다.");
        assert!(found.iter().any(|(t, b, _)| t == "가람" && !b), "{found:?}");
        // The product noun may follow the quote.
        let found =
            name_texts("한빛반도체가 지난해 공개한 ‘가람’ 칩은 세계 최초로 HBM3를 탑재했다.");
        assert!(found.iter().any(|(t, _, _)| t == "가람"), "{found:?}");
        // A quoted institute that announced something is not a product.
        let found = name_texts("분석기관 '아르테 리서치'가 발표한 지표에서 58점을 기록했다.");
        assert!(found.is_empty(), "{found:?}");
    }

    /// A model named as the workload a system ran, or as what the subject is an upgrade from,
    /// is not the subject.
    #[test]
    fn workloads_and_predecessors_are_not_subjects() {
        let found = name_texts(
            "On the Nova-3 70B benchmark, the Orion-9 system delivered 30x higher throughput.",
        );
        assert!(
            found.iter().any(|(t, b, _)| t == "Nova-3 70B" && *b),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(t, b, _)| t == "Orion-9" && !b),
            "{found:?}"
        );
        for sentence in [
            "Kestrel-4 is a major upgrade from Kestrel-3 in coding.",
            "Kestrel-4, a follow-up to Kestrel-3, doubles the context window.",
        ] {
            let found = name_texts(sentence);
            assert!(
                found.iter().any(|(t, b, _)| t == "Kestrel-3" && *b),
                "{found:?}"
            );
        }
    }

    /// A model a sentence names as what another was built from, or as who shares a result
    /// with the subject, is not the subject; a Korean list with "또는" and a maker's name
    /// between its items is one list.
    #[test]
    fn bases_partners_and_korean_lists_of_baselines() {
        let found = name_texts("한빛은 ‘노바-2’를 기반으로 107억 매개변수의 ‘가람-3’을 개발했다.");
        assert!(
            found.iter().any(|(t, b, _)| t == "노바-2" && *b),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(t, b, _)| t == "가람-3" && !b),
            "{found:?}"
        );
        let found = name_texts("Kestrel-4 is built on Nova-3 and scores 88% on MMLU.");
        assert!(
            found.iter().any(|(t, b, _)| t == "Nova-3" && *b),
            "{found:?}"
        );
        let found = name_texts("종합 순위는 11위로, 미국 한빛의 ‘가람-3’와 함께 64점을 기록했다.");
        assert!(found.iter().all(|(_, b, _)| *b), "{found:?}");
        let found = name_texts(
            "전문가들은 ‘노바-2’가 ‘가람-3’ 또는 중국 한빛의 ‘오르카-7’와 유사하게 약 320억 개의 파라미터를 갖췄다고 본다.",
        );
        let own: Vec<&str> = found
            .iter()
            .filter(|(_, b, _)| !b)
            .map(|(t, _, _)| t.as_str())
            .collect();
        assert_eq!(own, ["노바-2"], "{found:?}");
    }

    proptest::proptest! {
        /// Any text: the names found are pieces of it at character boundaries, whatever
        /// quotes, hyphens and years it holds; never a panic.
        #[test]
        fn names_are_pieces_of_the_text(
            text in r#"(?s)[a-zA-Z0-9 .‘’'"()\-가-힣]{0,80}|.{0,200}"#,
        ) {
            for n in names(&text, &[]) {
                proptest::prop_assert!(text.get(n.start..n.end) == Some(n.text.as_str()));
            }
        }

        /// Any text, any offset, any width: the window is the text's own bytes ending at the
        /// offset, at most `bytes` long, or None off a character boundary; never a panic.
        #[test]
        fn a_window_before_an_offset_is_a_piece_of_the_text_ending_there(
            text in "(?s)[a-zA-Z0-9 İıß\u{301}가-힣\u{10FFFF}]{0,60}|.{0,200}",
            at in 0usize..400,
            bytes in 0usize..80,
        ) {
            match window_before(&text, at, bytes) {
                Some(w) => {
                    proptest::prop_assert!(text.is_char_boundary(at));
                    proptest::prop_assert!(w.len() <= bytes);
                    proptest::prop_assert!(text[..at].ends_with(w));
                }
                None => proptest::prop_assert!(!text.is_char_boundary(at)),
            }
        }
    }
}
