//! Korean and English UI text, digest titles and lead lines.
//!
//! The exporter in the server crate uses the same functions, so the web page and the Markdown
//! file always agree on wording.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

/// The language the server falls back to when a request says nothing (config `language`).
#[derive(Clone, Copy, Debug)]
pub struct DefaultLang(pub Lang);

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Cookie first (the user chose), then the browser's Accept-Language in order of
    /// preference, then the configured default.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>, default: Lang) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::parse) {
            return lang;
        }
        if let Some(header) = accept_language {
            let mut ranked: Vec<(f32, usize, Lang)> = header
                .split(',')
                .enumerate()
                .filter_map(|(i, part)| {
                    let mut pieces = part.split(';');
                    let lang = Lang::parse(pieces.next()?)?;
                    let q = pieces
                        .find_map(|p| p.trim().strip_prefix("q="))
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .unwrap_or(1.0);
                    (q > 0.0).then_some((q, i, lang))
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            if let Some((_, _, lang)) = ranked.first() {
                return *lang;
            }
        }
        default
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// Fixed UI strings. Unknown keys return the key itself so a missing string is visible
    /// rather than silently blank.
    /// A string that appears in one place only: both languages inline.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    pub fn t(self, key: &'static str) -> &'static str {
        use Lang::*;
        match (key, self) {
            ("nav_claims", Ko) => "주장 검증",
            ("nav_claims", En) => "Claims",
            ("claims_heading", Ko) => "주장",
            ("claims_heading", En) => "Claims",
            ("facts_heading", Ko) => "사업 정보",
            ("facts_heading", En) => "Business facts",
            ("claims_to_watch", Ko) => "지켜볼 주장",
            ("claims_to_watch", En) => "Claims to watch",
            ("nav_today", Ko) => "오늘",
            ("nav_today", En) => "Today",
            ("nav_archive", Ko) => "지난 소식",
            ("nav_archive", En) => "Archive",
            ("nav_sources", Ko) => "출처",
            ("nav_sources", En) => "Sources",
            ("switch_lang", Ko) => "English",
            ("switch_lang", En) => "한국어",
            ("skip_to_content", Ko) => "본문으로 건너뛰기",
            ("skip_to_content", En) => "Skip to content",
            ("footer", Ko) => "Proofwire — 모든 문장은 출처로 이어집니다.",
            ("footer", En) => "Proofwire — every sentence traces back to its source.",
            ("not_found", Ko) => "페이지를 찾을 수 없습니다",
            ("not_found", En) => "Page not found",
            ("back_to_latest", Ko) => "최신 다이제스트로",
            ("back_to_latest", En) => "Back to the latest digest",
            ("loading", Ko) => "불러오는 중…",
            ("loading", En) => "Loading…",
            ("no_digest", Ko) => "이 날짜에는 소식이 없습니다.",
            ("no_digest", En) => "No announcements on this date.",
            ("nothing_yet", Ko) => {
                "아직 수집된 소식이 없습니다. 출처 페이지에서 상태를 확인하세요."
            }
            ("nothing_yet", En) => "Nothing has been ingested yet. See the sources page.",
            ("bad_date", Ko) => "날짜 형식이 올바르지 않습니다 (YYYY-MM-DD).",
            ("bad_date", En) => "That is not a valid date (YYYY-MM-DD).",
            ("prev_day", Ko) => "← 이전",
            ("prev_day", En) => "← Previous",
            ("next_day", Ko) => "다음 →",
            ("next_day", En) => "Next →",
            ("references", Ko) => "참고 자료 (References)",
            ("references", En) => "References",
            ("placement", Ko) => "배치",
            ("placement", En) => "Placement",
            ("placement_change", Ko) => "배치 바꾸기",
            ("placement_change", En) => "Place",
            ("split_story", Ko) => "같은 소식이 아님",
            ("split_story", En) => "Not the same story",
            ("translated_note", Ko) => "기계 번역 · 문장마다 원문의 숫자와 이름을 대조했습니다",
            ("translated_note", En) => "Machine translation · each sentence checked against the original's numbers and names",
            ("show_original", Ko) => "원문 보기",
            ("show_original", En) => "Show the original",
            ("translation_failed", Ko) => "번역이 원문과 맞지 않아 원문을 보여 줍니다",
            ("translation_failed", En) => "The translation did not match the original, so the original is shown",
            ("translation_waiting", Ko) => "아직 번역되지 않아 원문을 보여 줍니다 (번역 중)",
            ("translation_waiting", En) => "Not translated yet, so the original is shown (translation in progress)",
            ("awaiting_label", Ko) => "번역 대기",
            ("awaiting_label", En) => "awaiting translation",
            ("hidden_by_editor", Ko) => "편집자가 숨긴 글",
            ("hidden_by_editor", En) => "Hidden by an editor",
            ("model_proposal", Ko) => "모델의 제안 (검증된 문장에서): 받아들이거나 고쳐 쓰세요",
            ("model_proposal", En) => "The model's proposal (from checked sentences): accept or edit it",
            ("accept", Ko) => "받아들이기",
            ("accept", En) => "Accept",
            ("save", Ko) => "저장",
            ("save", En) => "Save",
            ("edit_notes", Ko) => "헤드라인과 편집자 의견",
            ("edit_notes", En) => "Headline and commentary",
            ("top_stories", Ko) => "주요 소식",
            ("top_stories", En) => "Top stories",
            ("why_here", Ko) => "이 자리에 놓인 이유",
            ("why_here", En) => "Why it ranks here",
            ("report_from", Ko) => "같은 소식을 다룬 한국어 보도의 요약:",
            ("report_from", En) => "Summary from an English report of the same news:",
            ("also_covered", Ko) => "같은 소식을 다룬 글",
            ("also_covered", En) => "Also covered by",
            ("read_more", Ko) => "요약의 근거",
            ("read_more", En) => "Summary and sources",
            ("original", Ko) => "원문",
            ("original", En) => "Original",
            ("summary", Ko) => "요약",
            ("summary", En) => "Summary",
            ("article_text", Ko) => "본문",
            ("article_text", En) => "Article text",
            ("published", Ko) => "게시",
            ("published", En) => "Published",
            ("fetched", Ko) => "수집",
            ("fetched", En) => "Fetched",
            ("updated", Ko) => "갱신",
            ("updated", En) => "Updated",
            ("date_estimated", Ko) => "(피드에 날짜가 없어 처음 본 시각)",
            ("date_estimated", En) => "(no date in the feed: first seen)",
            ("summary_note", Ko) => "각 문장을 누르면 본문에서 가져온 위치로 이동합니다.",
            ("summary_note", En) => "Each sentence links to the passage it was taken from.",
            ("no_summary", Ko) => "요약할 본문이 없습니다.",
            ("no_summary", En) => "There is no text to summarize.",
            ("in_digest", Ko) => "다이제스트",
            ("in_digest", En) => "Digest",
            ("archive_title", Ko) => "지난 소식",
            ("archive_title", En) => "Archive",
            ("items", Ko) => "건",
            ("items", En) => "items",
            ("sources_title", Ko) => "출처 상태",
            ("sources_title", En) => "Sources",
            ("col_source", Ko) => "출처",
            ("col_source", En) => "Source",
            ("col_last_fetch", Ko) => "마지막 수집",
            ("col_last_fetch", En) => "Last fetch",
            ("col_outcome", Ko) => "결과",
            ("col_outcome", En) => "Outcome",
            ("col_error", Ko) => "마지막 오류",
            ("col_error", En) => "Last error",
            ("col_next", Ko) => "다음 시도",
            ("col_next", En) => "Next attempt",
            ("col_entries", Ko) => "항목",
            ("col_entries", En) => "Entries",
            ("disabled", Ko) => "사용 안 함",
            ("disabled", En) => "disabled",
            ("never", Ko) => "아직 없음",
            ("never", En) => "never",
            ("error_loading", Ko) => "데이터를 불러오지 못했습니다.",
            ("error_loading", En) => "Could not load the data.",
            ("bad_article", Ko) => "그런 기사는 없습니다.",
            ("bad_article", En) => "There is no such article.",
            ("search_title", Ko) => "검색",
            ("search_title", En) => "Search",
            ("search_placeholder", Ko) => "지난 소식 검색 ( / )",
            ("search_placeholder", En) => "Search announcements ( / )",
            ("search_button", Ko) => "검색",
            ("search_button", En) => "Search",
            ("sort_by", Ko) => "정렬:",
            ("sort_by", En) => "Sort by:",
            ("sort_relevance", Ko) => "관련도",
            ("sort_relevance", En) => "relevance",
            ("sort_date", Ko) => "최신순",
            ("sort_date", En) => "newest",
            ("moved_to", Ko) => "영구 이동됨 — sources.toml의 주소를 바꾸세요:",
            ("moved_to", En) => "Moved permanently — update sources.toml to:",
            ("subscribe_search", Ko) => "이 검색 구독 (Atom)",
            ("subscribe_search", En) => "Subscribe to this search (Atom)",
            ("subscribe_vendor", Ko) => "이 회사 소식 구독 (Atom)",
            ("subscribe_vendor", En) => "Subscribe to this vendor (Atom)",
            ("drop_filter", Ko) => "조건 빼고 찾기:",
            ("drop_filter", En) => "Search without the filter:",
            ("did_you_mean", Ko) => "이 단어를 찾으셨나요?",
            ("did_you_mean", En) => "Did you mean",
            ("any_word", Ko) => "단어 중 하나라도 있는 글 찾기 (OR)",
            ("any_word", En) => "Find posts with any of the words (OR)",
            ("vendors", Ko) => "회사",
            ("vendors", En) => "Vendors",
            ("results", Ko) => "건",
            ("results", En) => "results",
            ("no_results", Ko) => "찾는 글이 없습니다. 철자를 확인하거나 조건을 줄여 보세요.",
            ("no_results", En) => "Nothing found. Check the spelling or remove a filter.",
            ("prev_page", Ko) => "← 이전 페이지",
            ("prev_page", En) => "← Previous page",
            ("next_page", Ko) => "다음 페이지 →",
            ("next_page", En) => "Next page →",
            ("language", Ko) => "언어",
            ("language", En) => "Language",
            ("any", Ko) => "전체",
            ("any", En) => "any",
            ("from", Ko) => "부터",
            ("from", En) => "From",
            ("to", Ko) => "까지",
            ("to", En) => "To",
            ("dropped_title", Ko) => "검증에서 뺀 문장 (편집자용)",
            ("dropped_title", En) => "Sentences dropped by the grounding check (for editors)",
            ("dropped_note", Ko) => "모델이 썼지만 원문에서 확인되지 않아 요약에서 뺀 문장입니다. 사실이 아닙니다.",
            ("dropped_note", En) => "The model wrote these but the source does not support them, so they are not in the summary. They are not facts.",
            _ => key,
        }
    }
}

/// "80개 문장 중 12개는 아직 영어로 보입니다. 번역 중입니다." / "12 of 80 sentences are still in
/// Korean; translation in progress." — the day's titles and summary sentences written in the
/// other language that no translation has been tried for yet.
pub fn translation_waiting_line(lang: Lang, waiting: usize, sentences: usize) -> String {
    match lang {
        Lang::Ko => {
            format!("{sentences}개 문장 중 {waiting}개는 아직 영어로 보입니다. 번역 중입니다.")
        }
        Lang::En => format!(
            "{waiting} of {sentences} sentences are still in Korean; translation in progress."
        ),
    }
}

/// "2026년 2월 21일 오늘의 AI 뉴스" / "AI news — February 21, 2026".
pub fn digest_title(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "{}년 {}월 {}일 오늘의 AI 뉴스",
            date.year(),
            date.month(),
            date.day()
        ),
        Lang::En => format!("AI news — {}", date.format("%B %-d, %Y")),
    }
}

/// Formats an RFC 3339 time (already in the configured zone) as `YYYY-MM-DD HH:MM (+09:00)`.
pub fn short_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.format("%Y-%m-%d %H:%M (%:z)").to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// The language of this request: on the server from the cookie and Accept-Language, in the
/// browser from the `lang` attribute the server rendered, so both sides always agree.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let default = use_context::<DefaultLang>()
            .map(|d| d.0)
            .unwrap_or_default();
        let Some(parts) = use_context::<http::request::Parts>() else {
            return default;
        };
        let cookie = crate::cookies::cookie_value(&parts.headers, "lang");
        let accept = parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Lang::negotiate(cookie.as_deref(), accept, default)
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .and_then(|l| Lang::parse(&l))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_beats_header_and_header_beats_default() {
        assert_eq!(
            Lang::negotiate(Some("en"), Some("ko-KR"), Lang::Ko),
            Lang::En
        );
        assert_eq!(
            Lang::negotiate(None, Some("ko-KR,ko;q=0.9,en;q=0.8"), Lang::En),
            Lang::Ko
        );
        assert_eq!(
            Lang::negotiate(None, Some("fr;q=1, en;q=0.5, ko;q=0.7"), Lang::En),
            Lang::Ko
        );
        assert_eq!(Lang::negotiate(Some("xx"), Some("de"), Lang::En), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("ko;q=0"), Lang::En), Lang::En);
        assert_eq!(Lang::negotiate(None, None, Lang::Ko), Lang::Ko);
    }

    #[test]
    fn titles_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 21).expect("valid date");
        assert_eq!(digest_title(d, Lang::Ko), "2026년 2월 21일 오늘의 AI 뉴스");
        assert_eq!(digest_title(d, Lang::En), "AI news — February 21, 2026");
    }
}
