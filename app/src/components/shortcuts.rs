//! Keyboard shortcuts as feed readers' users expect them: `j`/`k` next/previous announcement,
//! `[`/`]` previous/next day, `o` the current announcement's original post, `/` the search box,
//! `?` this list. Never while typing in a field or with a modifier key; they exist only after
//! hydration, so the page without JavaScript is unchanged.
//!
//! This is the site's one island: the only component compiled to wasm and hydrated. It also
//! starts client navigation (navigation.rs), so following a link keeps the page and its
//! listeners. Every other component renders on the server alone.

use leptos::prelude::*;

#[island]
pub fn KeyboardShortcuts() -> impl IntoView {
    // Islands see no context from the server's render; the page's `lang` attribute says it.
    let lang = crate::i18n::request_lang();
    let (open, set_open) = signal(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        super::navigation::install();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || dom::typing(&ev) {
                return;
            }
            let handled = match ev.key().as_str() {
                "/" => dom::focus("site-search"),
                "j" => dom::step(1),
                "k" => dom::step(-1),
                "[" => dom::click("nav.day-nav a.prev"),
                "]" => dom::click("nav.day-nav a.next"),
                "o" => dom::open_original(),
                "?" => {
                    set_open.update(|o| *o = !*o);
                    true
                }
                "Escape" if open.get_untracked() => {
                    set_open.set(false);
                    true
                }
                _ => false,
            };
            if handled {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
        // Set only once the listeners exist: browser tests that wait for this attribute fail
        // instead of testing a dead page.
        dom::mark_ready();
    });
    let rows = [
        (
            "j / k",
            lang.pick("다음 / 이전 발표", "next / previous announcement"),
        ),
        ("[ / ]", lang.pick("이전 / 다음 날", "previous / next day")),
        ("o", lang.pick("원문 열기", "open the original")),
        ("/", lang.pick("검색", "search")),
        ("?", lang.pick("단축키 보기", "show these shortcuts")),
    ];
    view! {
        <Show when=move || open.get()>
            <div class="shortcuts-help" role="dialog" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{lang.pick("키보드 단축키", "Keyboard shortcuts")}</h2>
                <dl>
                    {rows
                        .iter()
                        .map(|(keys, what)| view! { <dt><kbd>{*keys}</kbd></dt><dd>{*what}</dd> })
                        .collect_view()}
                </dl>
                <button type="button" on:click=move |_| set_open.set(false)>
                    {lang.pick("닫기", "Close")}
                </button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod dom {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};

    fn document() -> Option<web_sys::Document> {
        web_sys::window().and_then(|w| w.document())
    }

    /// Whether the key goes into a form field (or an editable element).
    pub fn typing(ev: &web_sys::KeyboardEvent) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<HtmlElement>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.is_content_editable()
            })
    }

    fn announcements() -> Vec<HtmlElement> {
        let Some(list) = document().and_then(|d| d.query_selector_all("section.announcement").ok())
        else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect()
    }

    /// Focuses the element with this id (the search box for `/`).
    pub fn focus(id: &str) -> bool {
        match document()
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            Some(el) => el.focus().is_ok(),
            None => false,
        }
    }

    pub fn mark_ready() {
        if let Some(body) = document().and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }

    /// Moves the current announcement by `by` (the first or last when none is current yet),
    /// marks it, focuses it and brings it into view.
    pub fn step(by: i32) -> bool {
        let all = announcements();
        if all.is_empty() {
            return false;
        }
        let last = all.len() as i32 - 1;
        let current = all
            .iter()
            .position(|el| el.class_list().contains("current"))
            .map(|i| i as i32);
        let next = match current {
            Some(i) => (i + by).clamp(0, last),
            None if by > 0 => 0,
            None => last,
        };
        for el in &all {
            let _ = el.class_list().remove_1("current");
        }
        let el = &all[next as usize];
        let _ = el.class_list().add_1("current");
        let _ = el.set_attribute("tabindex", "-1");
        let _ = el.focus();
        el.scroll_into_view();
        true
    }

    /// Follows a link as a click would, so client navigation keeps the page.
    pub fn click(selector: &str) -> bool {
        match document()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e: Element| e.dyn_into::<HtmlElement>().ok())
        {
            Some(link) => {
                link.click();
                true
            }
            None => false,
        }
    }

    /// Opens the current announcement's original post in a new tab.
    pub fn open_original() -> bool {
        let href = document()
            .and_then(|d| {
                d.query_selector("section.announcement.current a.original")
                    .ok()
                    .flatten()
            })
            .and_then(|a| a.get_attribute("href"));
        match (href, web_sys::window()) {
            (Some(href), Some(w)) => w
                .open_with_url_and_target_and_features(&href, "_blank", "noopener")
                .is_ok(),
            _ => false,
        }
    }
}
