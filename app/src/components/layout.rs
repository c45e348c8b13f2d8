//! The frame of every page: skip link, header with navigation and language, sandbox banner.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::console::{Console, console_info};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{Backend, Role, User};
use crate::pages::role_label;

/// The console's regions and backend, loaded once per page and shared with the pages.
pub type ConsoleResource = crate::api::loaded::LoadedOnce<Result<Console, AppError>>;

/// The signed-in person's role, from the page's console resource (`use_context` taken before
/// the page's async block); none when signed out or unknown, so that no change is offered.
pub async fn signed_in_role(info: Option<ConsoleResource>) -> Option<Role> {
    Some(info?.await.ok()?.user?.role)
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let info: ConsoleResource = crate::api::loaded::load_once(console_info());
    provide_context(info);
    view! {
        <a class="skip-link" href="#main" rel="external">{tu_string!(i18n, app.skip_to_content)}</a>
        <header>
            <div class="top-bar">
            <a class="brand" href="/" rel="external">{tu_string!(i18n, app.name)}</a>
            <Suspense>
                {move || Suspend::new(async move {
                    let user = info.await.ok().and_then(|i| i.user)?;
                    Some(view! { <Navigation user /> })
                })}
            </Suspense>
            <LocaleSwitch />
            </div>
            <SandboxBanner info />
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}

/// The pages a signed-in person can go to, who they are, and "Sign out" (a form, so it is a
/// POST that works without JavaScript).
#[component]
fn Navigation(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let admin = user.role.allows(Role::Admin);
    let role = user.role;
    view! {
        <nav aria-label=move || t_string!(i18n, app.nav_label)>
            <ul>
                <li><a href="/security-groups">{tu_string!(i18n, nav.security_groups)}</a></li>
                <li><a href="/instances">{tu_string!(i18n, nav.instances)}</a></li>
                <li><a href="/launch-templates">{tu_string!(i18n, nav.launch_templates)}</a></li>
                <li><a href="/findings">{tu_string!(i18n, nav.findings)}</a></li>
                <li><a href="/reach">{tu_string!(i18n, nav.reach)}</a></li>
                <li><a href="/global">{tu_string!(i18n, nav.global_view)}</a></li>
                <li><a href="/activity">{tu_string!(i18n, nav.activity)}</a></li>
                {admin.then(|| view! { <li><a href="/users">{tu_string!(i18n, nav.users)}</a></li> })}
            </ul>
        </nav>
        <div class="account" role="group" aria-label=move || t_string!(i18n, account.label)>
            <span class="account-name">{user.name}</span>
            " "
            <span class="account-role">{move || role_label(role, i18n.get_locale())}</span>
            <form method="post" action="/signout" class="sign-out">
                <button type="submit">{tu_string!(i18n, account.sign_out)}</button>
            </form>
        </div>
    }
}

/// Says, on every page, when the console is not looking at Amazon EC2.
#[component]
fn SandboxBanner(info: ConsoleResource) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(Console { backend: Backend::Sandbox, .. }) => {
                        Some(Either::Left(view! {
                            <p class="banner banner-sandbox" role="note">
                                <strong>{tu_string!(i18n, app.sandbox_title)}</strong>" "{tu_string!(i18n, app.sandbox_body)}
                            </p>
                        }))
                    }
                    Ok(Console { backend: Backend::Endpoint, .. }) => {
                        Some(Either::Right(view! {
                            <p class="banner banner-endpoint" role="note">{tu_string!(i18n, app.endpoint_body)}</p>
                        }))
                    }
                    _ => None,
                }
            })}
        </Suspense>
    }
}

/// Links to each language: the server sets the cookie and comes back to the page, which is then
/// rendered in the language chosen (with or without JavaScript).
#[component]
fn LocaleSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let (pathname, search) = (location.pathname, location.search);
    let here = move || {
        let query = search.get();
        let path = if query.is_empty() { pathname.get() } else { format!("{}?{query}", pathname.get()) };
        crate::model::encode_query_value(&path)
    };
    view! {
        <nav class="locale-switch" aria-label=move || t_string!(i18n, app.language)>
            <ul>
                {Locale::get_all()
                    .iter()
                    .copied()
                    .map(|locale| {
                        view! {
                            <li>
                                <a
                                    href=move || format!("/locale/{locale}?next={}", here())
                                    rel="external"
                                    hreflang=locale.as_str()
                                    lang=locale.as_str()
                                    aria-current=move || (i18n.get_locale() == locale).then_some("true")
                                >
                                    {td!(locale, app.lang_name)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
