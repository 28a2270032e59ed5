//! The names to confirm, on `/claims` for editors: claim subjects no entity list holds, each
//! with one form whose buttons are the answers (plain forms: they work without JavaScript).

use leptos::prelude::*;

use crate::functions::get_names_to_confirm;
use crate::i18n::Lang;
use crate::models::NameToConfirm;
use crate::vocab::NameVerdict;

#[component]
pub fn NamesToConfirm() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let list = Resource::new(|| (), |_| get_names_to_confirm());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(Some(list)) = list.await else {
                    return ().into_any();
                };
                let csrf = list.csrf.clone();
                let rows = list
                    .names
                    .iter()
                    .map(|n| view! { <NameRow name=n.clone() csrf=csrf.clone()/> })
                    .collect_view();
                view! {
                    <section class="names-to-confirm" id="names">
                        <h2>{lang.pick("확인할 이름", "Names to confirm")}</h2>
                        <p class="muted small">{lang.pick(
                            "주장의 주어로 잡혔지만 어느 모델 목록에도 없는 이름입니다. 새 모델로 확인하거나, 아는 모델의 다른 표기로 잇거나, 모델이 아니라고 답하면 그 이름을 쓴 주장이 모두 함께 바뀝니다.",
                            "Names claims were found about that no model list holds. Confirm one as a model of its own, link it to a known model it is another name of, or answer that it is not a model: every claim that wrote it follows.",
                        )}</p>
                        {if list.names.is_empty() {
                            view! { <p class="muted small">{lang.pick("확인할 이름이 없습니다.", "No names are waiting.")}</p> }.into_any()
                        } else {
                            view! { <ul class="names">{rows}</ul> }.into_any()
                        }}
                        {list.more.then(|| view! {
                            <p class="muted small">{lang.pick("더 있습니다: 답하면 다음 이름이 나옵니다.", "More are waiting: each answer brings up the next.")}</p>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn NameRow(name: NameToConfirm, csrf: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let claims = if name.claims == 1 {
        lang.pick("주장 1건", "1 claim").to_string()
    } else {
        format!("{} {}", lang.pick("주장", "claims:"), name.claims)
    };
    view! {
        <li data-name=name.name.clone()>
            <form method="post" action="/claims/names" class="name-answer">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="name" value=name.name.clone()/>
                <strong>{name.name.clone()}</strong>
                " · " <a href=format!("/claim/{}", name.latest)>{claims}</a>
                " · " <span class="muted">{name.vendor.clone()}</span>
                {(!name.spellings.is_empty()).then(|| view! {
                    <span class="muted small">{format!(" · {}: {}", lang.pick("다른 표기", "also written"), name.spellings.join(", "))}</span>
                })}
                <br/>
                <label>{lang.pick("이름", "Name")} " " <input name="display" value=name.name.clone() maxlength="80"/></label>
                " " <label>{lang.pick("회사", "Maker")} " " <input name="vendor" value=name.vendor.clone() maxlength="80"/></label>
                " " <button type="submit" name="answer" value=NameVerdict::Model.key()>{NameVerdict::Model.label(lang)}</button>
                " " <label>{lang.pick("다음 모델의 다른 표기:", "Another name of")} " " <input name="entity" maxlength="80" placeholder="gpt-5"/></label>
                " " <button type="submit" name="answer" value="same_as">{lang.pick("잇기", "Link")}</button>
                " " <button type="submit" name="answer" value=NameVerdict::NotAModel.key()>{NameVerdict::NotAModel.label(lang)}</button>
            </form>
        </li>
    }
}
