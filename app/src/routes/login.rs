//! `/login`: the editors' sign-in form. It posts to `/auth/login` with a one-time token that
//! is also set as a cookie, so another site cannot submit it for a visitor.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::functions::get_login;
use crate::i18n::Lang;
use crate::routes::failure::PageFailure;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/claims".into())
    };
    let state = Resource::new(|| (), |_| get_login());
    view! {
        <PageMeta
            title=lang.pick("편집자 로그인", "Editor login")
            description=lang.pick("편집자 로그인.", "Sign in as an editor.")
        />
        <h1>{lang.pick("편집자 로그인", "Editor login")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(s) => {
                        let signed_in = s.viewer.clone().map(|v| view! {
                            <p class="signed-in">{lang.pick("로그인됨: ", "Signed in as ")} <strong>{v.name.clone()}</strong></p>
                            <form method="post" action="/auth/logout" class="inline">
                                <input type="hidden" name="csrf" value=v.csrf/>
                                <button type="submit">{lang.pick("로그아웃", "Log out")}</button>
                            </form>
                        });
                        view! {
                            {signed_in}
                            <form method="post" action="/auth/login" class="login-form">
                                <input type="hidden" name="token" value=s.token/>
                                <input type="hidden" name="next" value=next()/>
                                <label>{lang.pick("이름 ", "Name ")} <input type="text" name="name" autocomplete="username" required/></label>
                                <label>{lang.pick("비밀번호 ", "Password ")} <input type="password" name="password" autocomplete="current-password" required/></label>
                                <button type="submit">{lang.pick("로그인", "Log in")}</button>
                            </form>
                            <p class="muted small">{lang.pick(
                                "독자는 로그인할 필요가 없습니다. 편집자 계정은 서버에서 proofwire user add NAME --editor 로 만듭니다.",
                                "Readers need no account. Editor accounts are created on the server with proofwire user add NAME --editor.",
                            )}</p>
                        }.into_any()
                    }
                    Err(e) => view! { <PageFailure error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
