//! Browser entry point. The site runs in islands mode: pages are rendered on the server only,
//! and this starts the reactive runtime for the islands (app's `#[island]` components), which
//! Leptos's island script then hydrates one by one.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Linking the app crate brings its islands' entry points into this bundle.
    let _ = app::App;
    leptos::mount::hydrate_islands();
}
