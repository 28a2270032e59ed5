//! The model's answers to evaluation prompts, kept in a JSON Lines file so that a change to
//! the merge can be scored again without asking the model again (a dev run takes most of an
//! hour on two cores). An answer is keyed by a hash of the whole prompt and the method, so a
//! changed prompt, option list or model is asked afresh, never served a stale answer.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::summarize::llama::Prompt;

#[derive(Serialize, Deserialize)]
struct Line {
    key: String,
    answer: String,
}

pub struct Answers {
    path: PathBuf,
    known: HashMap<String, String>,
}

pub fn key(method: &str, p: &Prompt) -> String {
    let mut h = Sha256::new();
    for part in [
        method,
        &p.system,
        &p.before,
        &p.document,
        &p.after,
        p.grammar.as_deref().unwrap_or(""),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update(p.max_new_tokens.to_le_bytes());
    format!("{:x}", h.finalize())
}

impl Answers {
    /// Reads the file if it exists; a line that does not parse is skipped (a run cut off
    /// mid-write leaves half a line), so the worst case is asking that prompt again.
    pub fn open(path: &Path) -> std::io::Result<Answers> {
        let known = match std::fs::read_to_string(path) {
            Ok(text) => text
                .lines()
                .filter_map(|l| serde_json::from_str::<Line>(l).ok())
                .map(|l| (l.key, l.answer))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => return Err(e),
        };
        Ok(Answers {
            path: path.to_path_buf(),
            known,
        })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.known.get(key).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Appends at once, so an interrupted run keeps every answer it got.
    pub fn put(&mut self, key: String, answer: String) -> std::io::Result<()> {
        let line = serde_json::to_string(&Line {
            key: key.clone(),
            answer: answer.clone(),
        })
        .map_err(std::io::Error::other)?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        writeln!(f, "{line}")?;
        self.known.insert(key, answer);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(document: &str) -> Prompt {
        Prompt {
            system: "s".into(),
            before: "b".into(),
            document: document.into(),
            after: "a".into(),
            max_new_tokens: 40,
            grammar: Some("root ::= \"x\"".into()),
            schema: None,
        }
    }

    #[test]
    fn answers_survive_a_reopen_and_a_torn_last_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("answers.jsonl");
        let mut a = Answers::open(&path).expect("open");
        assert!(a.is_empty());
        let k = key("m", &prompt("one"));
        a.put(k.clone(), "{\"kind\":\"benchmark\"}".into())
            .expect("put");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"{\"key\":\"half"))
            .expect("torn line");
        let b = Answers::open(&path).expect("reopen");
        assert_eq!(b.len(), 1);
        assert_eq!(b.get(&k), Some("{\"kind\":\"benchmark\"}"));
    }

    #[test]
    fn a_changed_prompt_or_method_is_a_different_key() {
        let k = key("m", &prompt("one"));
        assert_ne!(k, key("m", &prompt("two")));
        assert_ne!(k, key("m2", &prompt("one")));
        // Parts are length-prefixed: moving text between parts changes the key.
        let mut p = prompt("ab");
        p.after = "c".into();
        let mut q = prompt("a");
        q.after = "bc".into();
        assert_ne!(key("m", &p), key("m", &q));
    }
}
