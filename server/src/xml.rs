//! The one writer of every XML document Proofwire publishes (the Atom feeds in `feeds.rs`, the
//! claims feed in `claims/atom.rs`, the OPML export in `opml.rs`).
//!
//! Escaping is not enough: XML 1.0 has no way at all to carry most C0 control characters,
//! U+FFFE or U+FFFF, not even as character references, and a post's title may hold any of them
//! (JSON Feed writes them as `\u0001`; scraped text is full of them). One such character makes
//! the whole document "not well-formed" and a subscriber's reader stops updating, so every
//! piece of text and every attribute value is reduced to the characters XML allows here, at
//! the one place documents are written, rather than wherever text happens to come from.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Whether XML 1.0 (the `Char` production) allows `c` in a document.
pub fn is_legal(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `text` without the characters XML cannot carry (borrowed when it has none).
pub fn legal(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_legal) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| is_legal(*c)).collect())
    }
}

/// An XML document being written: the declaration first, then elements whose text and
/// attribute values are escaped and reduced to legal characters.
pub struct XmlWriter {
    out: Writer<Vec<u8>>,
    /// The first write error; writing into a `Vec` cannot fail, so this is only ever a bug.
    failed: Option<std::io::Error>,
}

impl XmlWriter {
    /// A UTF-8 document indented by `indent` spaces per level.
    pub fn new(indent: usize) -> XmlWriter {
        let mut w = XmlWriter {
            out: Writer::new_with_indent(Vec::new(), b' ', indent),
            failed: None,
        };
        w.write(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        w
    }

    fn write(&mut self, event: Event<'_>) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.out.write_event(event) {
            self.failed = Some(e);
        }
    }

    fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut el = BytesStart::new(name);
        for (key, value) in attrs {
            el.push_attribute((*key, legal(value).as_ref()));
        }
        el
    }

    /// `<name attrs…>`; close it with `close`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Start(Self::element(name, attrs)));
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Empty(Self::element(name, attrs)));
    }

    /// `<name attrs…>text</name>`.
    pub fn text_element(&mut self, name: &str, text: &str, attrs: &[(&str, &str)]) {
        self.open(name, attrs);
        self.write(Event::Text(BytesText::new(&legal(text))));
        self.close(name);
    }

    /// The document; `what` names it in the log should a write ever have failed (what was
    /// written before the failure is kept).
    pub fn finish(self, what: &str) -> String {
        if let Some(e) = self.failed {
            tracing::error!(error = %e, document = what, "writing an XML document");
        }
        String::from_utf8(self.out.into_inner()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Any text, weighted towards what XML forbids or discourages.
    fn hostile() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('\u{1}')),
                prop::sample::select(vec![
                    '\u{7F}',
                    '\u{85}',
                    '\u{FFFE}',
                    '\u{FFFF}',
                    '\u{FDD0}',
                    '\u{FEFF}',
                    '\u{1FFFE}',
                    '\u{10FFFF}',
                    '&',
                    '<',
                    '>',
                    '"',
                    '\'',
                    ']',
                ]),
                any::<char>(),
            ],
            0..40,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the text and attribute values, the document parses with a strict parser
        /// and gives back the text less only its illegal characters.
        #[test]
        fn any_text_makes_a_well_formed_document(text in hostile(), value in hostile()) {
            let mut w = XmlWriter::new(1);
            w.open("doc", &[("a", &value)]);
            w.text_element("t", &text, &[]);
            w.empty("e", &[("b", &text)]);
            w.close("doc");
            let body = w.finish("test");
            let doc = roxmltree::Document::parse(&body)
                .map_err(|e| TestCaseError::fail(format!("{e}: {body:?}")))?;
            let t = doc.descendants().find(|n| n.has_tag_name("t")).and_then(|n| n.text()).unwrap_or_default();
            // Parsers turn line ends into line feeds (roxmltree not always), so compare after that.
            let lines = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(lines(t), lines(&legal(&text)));
            prop_assert!(legal(&text).chars().all(is_legal));
        }
    }

    #[test]
    fn only_what_xml_forbids_is_dropped() {
        assert_eq!(legal("a\u{1}b\u{FFFE}c\u{FFFF}\u{0}"), "abc");
        assert_eq!(legal("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
        assert!(matches!(legal("모델 ok \u{10FFFF}"), Cow::Borrowed(_)));
    }
}
