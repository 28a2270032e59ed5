//! What this process's model is doing, for `/sources`: not configured, starting, ready,
//! paused by the breaker, or unavailable and why. The serve command writes it as the model
//! starts; the page reads it (a paused server's remaining pause is read live).

use std::sync::{Arc, RwLock};

use app::models::ModelStatus;

use super::backend::Model;
use super::remote::Health;

#[derive(Clone)]
enum State {
    Disabled,
    Starting,
    Ready(Model),
    Unavailable(String),
}

/// Shared by the serve command (writer) and the web back end (reader).
#[derive(Clone)]
pub struct StatusHandle(Arc<RwLock<State>>);

impl std::fmt::Debug for StatusHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StatusHandle")
    }
}

impl Default for StatusHandle {
    fn default() -> Self {
        StatusHandle(Arc::new(RwLock::new(State::Disabled)))
    }
}

impl StatusHandle {
    fn set(&self, s: State) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = s;
    }
    pub fn starting(&self) {
        self.set(State::Starting);
    }
    pub fn ready(&self, model: Model) {
        self.set(State::Ready(model));
    }
    pub fn unavailable(&self, reason: String) {
        self.set(State::Unavailable(reason));
    }

    pub fn view(&self, backend: &str) -> ModelStatus {
        let state = self.0.read().unwrap_or_else(|p| p.into_inner()).clone();
        let (state, model, reason) = match state {
            State::Disabled => ("disabled", String::new(), None),
            State::Starting => ("starting", String::new(), None),
            State::Unavailable(why) => ("unavailable", String::new(), Some(why)),
            State::Ready(m) => match m.health() {
                Health::Ready => ("ready", m.describe(), None),
                Health::Paused {
                    reason,
                    retry_in_secs,
                } => (
                    "paused",
                    m.describe(),
                    Some(format!(
                        "{reason} (calls resume in {retry_in_secs} s; extractive summaries meanwhile)"
                    )),
                ),
            },
        };
        ModelStatus {
            backend: backend.to_string(),
            state: state.to_string(),
            model,
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_learns_why_the_model_is_not_writing() {
        let h = StatusHandle::default();
        assert_eq!(h.view("local").state, "disabled");
        h.starting();
        assert_eq!(h.view("openai").state, "starting");
        h.unavailable("cannot reach the model server (trying again every 30 s)".into());
        let v = h.view("openai");
        assert_eq!(
            (v.state.as_str(), v.backend.as_str()),
            ("unavailable", "openai")
        );
        assert!(v.reason.is_some_and(|r| r.contains("trying again")));
    }
}
