//! Browser entry point: hydrates the server-rendered page.
// The claim and digest pages' view types nest deeply; the default limit (128) is not enough
// for the layout queries of their hydration futures.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Set only once hydration has returned: a hydration panic never gets here, so browser
    // tests that wait for this attribute fail instead of testing a dead page.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
