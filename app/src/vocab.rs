//! The claim tracker's controlled vocabularies: claim kinds, statuses, evidence types,
//! relationships and verdicts. Shared by server and browser so a form offers exactly what the
//! server accepts. Keys are stored in the database and the event log; labels are for people.

use crate::i18n::Lang;

/// Bumped whenever a status is added, removed or changes meaning; every status event records
/// the version it was written under.
pub const STATUS_VOCABULARY_VERSION: u32 = 1;

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal, $en:literal, $ko:literal;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            /// Accepts the key, with `-` or spaces for `_` and any case.
            pub fn parse(s: &str) -> Option<$name> {
                let k = s.trim().to_lowercase().replace(['-', ' '], "_");
                match k.as_str() { $($key => Some($name::$variant),)* _ => None }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::En) => $en, ($name::$variant, Lang::Ko) => $ko,)*
                }
            }
        }
    };
}

vocabulary! {
    /// What kind of statement a claim is.
    ClaimKind {
        Benchmark => "benchmark", "Benchmark result", "벤치마크 결과";
        Speed => "speed", "Speed or efficiency", "속도·효율";
        Specification => "specification", "Size or context", "규모·컨텍스트";
        Capability => "capability", "Capability", "기능";
        Availability => "availability", "Availability", "제공 범위";
        Pricing => "pricing", "Pricing", "가격";
        ReleaseDate => "release_date", "Release date", "출시일";
        Safety => "safety", "Safety", "안전성";
        Research => "research", "Research result", "연구 결과";
        Business => "business", "Business fact", "사업 정보";
        Other => "other", "Other", "기타";
    }
}

impl ClaimKind {
    /// Whether an independent measurement, reproduction or later evidence could confirm or
    /// refute a claim of this kind. Business facts (funding, valuations, revenue, hiring, …)
    /// and unclassified sentences are kept but never watched, suggested or sent to reproduction.
    pub fn is_trackable(self) -> bool {
        !matches!(self, ClaimKind::Business | ClaimKind::Other)
    }

    /// Money, usage, hiring and survey figures: kept with their source and listed as facts,
    /// but never given a verification status, evidence, or a place among claims. (An
    /// unclassified statement, `Other`, is not watched either, but an editor may still track it.)
    pub fn is_business_fact(self) -> bool {
        matches!(self, ClaimKind::Business)
    }
}

vocabulary! {
    /// Why a benchmark's scores no longer say what they did: a claim on it shows this
    /// wherever it is shown.
    BenchmarkState {
        Retired => "retired", "Retired", "퇴역";
        Contaminated => "contaminated", "Contaminated", "오염됨";
        Saturated => "saturated", "Saturated", "포화";
    }
}

vocabulary! {
    /// Where a claim stands. `Unverified` is the default: the vendor's word only.
    Status {
        Unverified => "unverified", "Unverified", "미검증";
        Pending => "pending", "Reproduction pending", "재현 진행 중";
        Reproduced => "reproduced", "Reproduced", "재현됨";
        PartlyReproduced => "partly_reproduced", "Partly reproduced", "부분 재현";
        NotReproduced => "not_reproduced", "Not reproduced", "재현 실패";
        Disputed => "disputed", "Disputed", "논쟁 중";
        Corrected => "corrected", "Corrected by the vendor", "업체가 정정";
        Withdrawn => "withdrawn", "Withdrawn by the vendor", "업체가 철회";
    }
}

impl Status {
    /// Whether this status is a verdict someone reached (and so a ClaimReview is published).
    pub fn is_review(self) -> bool {
        !matches!(self, Status::Unverified | Status::Pending)
    }

    /// ClaimReview's numeric rating (1 = false … 5 = true); `None` where no scale fits.
    pub fn rating(self) -> Option<u8> {
        match self {
            Status::Reproduced => Some(5),
            Status::PartlyReproduced => Some(3),
            Status::Disputed => Some(2),
            Status::NotReproduced | Status::Withdrawn => Some(1),
            Status::Corrected => Some(2),
            Status::Unverified | Status::Pending => None,
        }
    }
}

vocabulary! {
    /// What a piece of evidence is.
    EvidenceKind {
        IndependentEvaluation => "independent_evaluation", "Independent evaluation", "독립 평가";
        Leaderboard => "leaderboard", "Benchmark owner's leaderboard", "벤치마크 운영자 리더보드";
        CommunityReproduction => "community_reproduction", "Community reproduction", "커뮤니티 재현";
        ReproducibilityReport => "reproducibility_report", "Reproducibility report", "재현성 보고서";
        VendorCorrection => "vendor_correction", "Vendor correction or erratum", "업체 정정·정오표";
        Paper => "paper", "Paper", "논문";
        Release => "release", "Code or weights release", "코드·가중치 공개";
        Commentary => "commentary", "Commentary", "논평";
    }
}

vocabulary! {
    /// Who produced the evidence, relative to the vendor that made the claim.
    Relation {
        FirstParty => "first_party", "First party", "당사자";
        ThirdParty => "third_party", "Third party", "제3자";
        Community => "community", "Community", "커뮤니티";
    }
}

vocabulary! {
    /// What the evidence says about the claim.
    Verdict {
        Supports => "supports", "Supports", "뒷받침";
        Contradicts => "contradicts", "Contradicts", "반박";
        Context => "context", "Context only", "참고";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_loose_spellings_parse() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.key()), Some(*s));
        }
        assert_eq!(
            Status::parse("Partly reproduced"),
            Some(Status::PartlyReproduced)
        );
        assert_eq!(Status::parse("not-reproduced"), Some(Status::NotReproduced));
        assert_eq!(Status::parse("verified"), None);
        assert_eq!(
            ClaimKind::parse("release-date"),
            Some(ClaimKind::ReleaseDate)
        );
    }

    #[test]
    fn only_verdicts_are_reviews() {
        assert!(!Status::Unverified.is_review());
        assert!(!Status::Pending.is_review());
        assert!(Status::Reproduced.is_review());
        assert!(Status::ALL
            .iter()
            .filter(|s| s.is_review())
            .all(|s| s.rating().is_some()));
    }
}

vocabulary! {
    /// What kind of post a digest story leads with: one of the signals of its rank.
    StoryKind {
        Launch => "launch", "Launch", "출시";
        Research => "research", "Research result", "연구 결과";
        Deal => "deal", "Partnership or deal", "제휴·투자";
        Policy => "policy", "Policy or safety", "정책·안전";
        News => "news", "News", "소식";
        Event => "event", "Event recap", "행사 정리";
        Customer => "customer", "Customer story", "고객 사례";
        Guide => "guide", "How-to guide", "활용 가이드";
        Commentary => "commentary", "Explainer, column or newsletter", "해설·칼럼";
    }
}

impl StoryKind {
    /// Posts of these kinds are folded into one line when a vendor publishes several in a day.
    pub fn is_minor(self) -> bool {
        matches!(
            self,
            StoryKind::Guide | StoryKind::Customer | StoryKind::Event | StoryKind::Commentary
        )
    }

    /// The plural a folded series is named with ("7 guides from OpenAI").
    pub fn plural(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StoryKind::Guide, Lang::En) => "guides",
            (StoryKind::Customer, Lang::En) => "customer stories",
            (StoryKind::Event, Lang::En) => "event recaps",
            (StoryKind::Commentary, Lang::En) => "explainers and columns",
            (_, Lang::En) => "posts",
            (StoryKind::Guide, Lang::Ko) => "활용 가이드",
            (StoryKind::Customer, Lang::Ko) => "고객 사례",
            (StoryKind::Event, Lang::Ko) => "행사 정리",
            (StoryKind::Commentary, Lang::Ko) => "해설·칼럼",
            (_, Lang::Ko) => "글",
        }
    }
}

vocabulary! {
    /// Why a story ranks where it does; each reason carries its points.
    RankSignal {
        Kind => "kind", "kind of post", "글의 종류";
        Claims => "claims", "checkable claims", "확인할 수 있는 주장";
        Coverage => "coverage", "covered by other sources", "다른 출처의 보도";
        Versioned => "versioned", "names a versioned model or product", "버전이 있는 모델·제품";
        Security => "security", "security incident", "보안 사고";
        Regulation => "regulation", "policy, regulation or ruling", "정책·규제·판결";
        Money => "money", "large deal, funding or market move", "대규모 거래·투자·시장 변동";
        Landmark => "landmark", "research result or landmark", "연구 성과·이정표";
        Outlets => "outlets", "covered by major outlets", "주요 매체의 보도";
        Echo => "echo", "same story as a top story above", "위 주요 소식과 같은 소식";
        Pinned => "pinned", "pinned by an editor", "편집자가 고정";
        Demoted => "demoted", "demoted by an editor", "편집자가 내림";
    }
}

vocabulary! {
    /// A piece of the editor's voice in a day's digest, always shown as the editor's.
    NoteKind {
        Lead => "lead", "The day's lead", "오늘의 리드";
        Closing => "closing", "Expected future", "앞으로의 전망";
        Headline => "headline", "Headline", "헤드라인";
        Commentary => "commentary", "Editor's commentary", "편집자 의견";
    }
}

impl NoteKind {
    /// Whether the note belongs to one story (else to the day).
    pub fn per_story(self) -> bool {
        matches!(self, NoteKind::Headline | NoteKind::Commentary)
    }
}

vocabulary! {
    /// An editor's decision about where a story goes, over its signals.
    Placement {
        Pin => "pin", "Pinned to the top stories", "주요 소식에 고정";
        Demote => "demote", "Kept out of the top stories", "주요 소식에서 제외";
        Hide => "hide", "Hidden from the day", "이날 소식에서 숨김";
        Auto => "auto", "Placed by its signals", "신호대로 배치";
    }
}

vocabulary! {
    /// An editor's answer about a name the extractor took as a claim's subject that no entity
    /// list holds.
    NameVerdict {
        Model => "model", "A model of its own", "새 모델";
        NotAModel => "not_a_model", "Not a model", "모델 아님";
    }
}

vocabulary! {
    /// Where a daily briefing goes.
    BriefingChannel {
        Email => "email", "Email", "이메일";
        Webhook => "webhook", "Webhook", "웹훅";
    }
}

vocabulary! {
    /// The body a briefing webhook receives: our own JSON, or a chat service's message shape.
    WebhookShape {
        Generic => "generic", "Generic JSON", "일반 JSON";
        Slack => "slack", "Slack", "Slack";
        Discord => "discord", "Discord", "Discord";
    }
}

vocabulary! {
    /// Which of the day's stories a briefing carries.
    BriefingScope {
        Top => "top", "Top stories only", "주요 소식만";
        All => "all", "Every story", "모든 소식";
    }
}

vocabulary! {
    /// Where one day's briefing to one subscription stands.
    DeliveryStatus {
        Sending => "sending", "Sending", "보내는 중";
        Retrying => "retrying", "Failed, will retry", "실패, 다시 시도 예정";
        Sent => "sent", "Sent", "보냄";
        Failed => "failed", "Failed, given up", "실패, 중단";
    }
}
