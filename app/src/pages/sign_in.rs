//! Sign in: a plain form posted to the server's `/signin`, so it works without JavaScript. The
//! server answers a failure by coming back here with `?error=` (and the name typed, kept).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::PageTitle;
use crate::i18n::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |key: &str| query.with(|q| q.get(key)).unwrap_or_default();
    let error = move || match get("error").as_str() {
        "invalid" => Some(t_string!(i18n, sign_in.invalid).to_owned()),
        "locked" => {
            let minutes = get("wait").parse::<u64>().unwrap_or(15);
            Some(t_string!(i18n, sign_in.locked, minutes = minutes))
        }
        _ => None,
    };
    // Both fields are marked, as the message does not say which was wrong.
    let invalid = move || error().is_some().then_some("true");
    let described_by = move || error().is_some().then_some("sign-in-error");
    view! {
        <PageTitle text=move || t_string!(i18n, sign_in.title) />
        <div class="sign-in">
            <h1>{tu_string!(i18n, sign_in.title)}</h1>
            <p>{tu_string!(i18n, sign_in.intro)}</p>
            {move || error().map(|message| view! { <p class="form-error" role="alert" id="sign-in-error">{message}</p> })}
            <form method="post" action="/signin" class="stacked-form">
                <input type="hidden" name="next" value=move || get("next") />
                <label for="sign-in-name">{tu_string!(i18n, sign_in.name)}</label>
                <input
                    id="sign-in-name"
                    name="name"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    autofocus
                    value=move || get("name")
                    aria-invalid=invalid
                    aria-describedby=described_by
                />
                <label for="sign-in-password">{tu_string!(i18n, sign_in.password)}</label>
                <input
                    id="sign-in-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-invalid=invalid
                    aria-describedby=described_by
                />
                <button type="submit" class="primary">{tu_string!(i18n, sign_in.submit)}</button>
            </form>
        </div>
    }
}
