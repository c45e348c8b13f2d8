//! Users (admins): the accounts, and forms to add one, change its role, disable or enable it,
//! and delete it. Each form is a plain POST to its server function, which comes back to this
//! page, with the error if there was one. Hydrated, the add form checks its fields as they are
//! typed (its island).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::api::users::{AddUser, DeleteUser, SetUserDisabled, SetUserRole, list_users};
use crate::components::{ConsoleResource, ErrorPanel, PageTitle, TableBox, account_problem_text, form_errors};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post};
use crate::model::{Account, Role, check_password, check_user_name};
use crate::pages::role_label;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let accounts = crate::api::loaded::load(|| (), |()| list_users());
    let me = use_context::<ConsoleResource>();
    // Without JavaScript, what the add form sent comes back in the URL when the server refused it.
    let query = use_query_map();
    let sent_name = query.with_untracked(|q| q.get("name")).unwrap_or_default();
    let sent_role = query.with_untracked(|q| q.get("role")).and_then(|r| r.parse().ok()).unwrap_or(Role::Viewer);
    view! {
        <PageTitle text=move || t_string!(i18n, users.title) />
        <h1>{tu_string!(i18n, users.title)}</h1>
        {form_errors(refused_post())}
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || {
                let sent_name = sent_name.clone();
                Suspend::new(async move {
                    let user = match me {
                        Some(info) => info.await.ok().and_then(|i| i.user),
                        None => None,
                    };
                    let admin = user.as_ref().is_some_and(|u| u.role.allows(Role::Admin));
                    let me = user.map(|u| u.name);
                    match accounts.await {
                        Ok(accounts) => Either::Left(view! {
                            <AccountsTable accounts me />
                            {admin.then(|| view! { <IslandStart id=START start=Start { sent_name, sent_role }><AddUserForm /></IslandStart> })}
                        }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// The accounts, each with its forms.
#[component]
fn AccountsTable(accounts: Vec<Account>, me: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = accounts
        .into_iter()
        .enumerate()
        .map(|(index, account)| {
            let Account { name, role, disabled } = account;
            let is_me = me.as_deref() == Some(name.as_str());
            let select_id = format!("role-{index}");
            let hidden = || view! { <input type="hidden" name="name" value=name.clone() /> };
            view! {
                <tr>
                    <th scope="row">{name.clone()}{is_me.then(|| view! { " " <span class="muted">{tu_string!(i18n, users.you)}</span> })}</th>
                    <td>{role_label(role, i18n.get_locale_untracked())}</td>
                    <td>{if disabled { t_string!(i18n, users.disabled) } else { t_string!(i18n, users.active) }}</td>
                    <td class="row-actions">
                        <form method="post" action=SetUserRole::PATH class="inline-form">
                            {hidden()}
                            <label class="visually-hidden" for=select_id.clone()>
                                {t_string!(i18n, users.role_of, name = name.clone())}
                            </label>
                            <RoleSelect id=select_id selected=role locale=i18n.get_locale_untracked() />
                            <button type="submit">{tu_string!(i18n, users.change_role)}</button>
                        </form>
                        <form method="post" action=SetUserDisabled::PATH class="inline-form">
                            {hidden()}
                            <input type="hidden" name="disabled" value=if disabled { "false" } else { "true" } />
                            <button type="submit">
                                {if disabled { t_string!(i18n, users.enable) } else { t_string!(i18n, users.disable) }}
                            </button>
                        </form>
                        <form method="post" action=DeleteUser::PATH class="inline-form">
                            {hidden()}
                            <button type="submit" class="danger">{tu_string!(i18n, users.delete)}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableBox label=move || t_string!(i18n, users.title)>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, users.col_name)}</th>
                        <th scope="col">{tu_string!(i18n, users.col_role)}</th>
                        <th scope="col">{tu_string!(i18n, users.col_status)}</th>
                        <th scope="col">{tu_string!(i18n, users.col_actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableBox>
    }
}

/// The roles, for a form field named `role`.
#[component]
fn RoleSelect(id: String, selected: Role, locale: Locale) -> impl IntoView {
    view! {
        <select id=id name="role">
            {Role::ALL
                .into_iter()
                .map(|role| {
                    view! {
                        <option value=role.as_str() selected=role == selected>
                            {role_label(role, locale)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// Where the page gives it to the island.
const START: &str = "add-user-start";

/// What "Add user" starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    sent_name: String,
    sent_role: Role,
}

/// Adding an account. Hydrated, each field is checked as it is typed, by the model's own checks
/// (the server runs them again); without JavaScript the server's answer says what to fix, and
/// comes back with the name and role that were sent (`?name=&role=`).
#[island(lazy)]
fn AddUserForm() -> impl IntoView {
    let Start { sent_name, sent_role } = island_start(START);
    let locale = island_locale();
    let (name, set_name) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let name_problem = move || name.with(|n| (!n.is_empty()).then(|| check_user_name(n.trim()).err()).flatten());
    let password_problem = move || password.with(|p| (!p.is_empty()).then(|| check_password(p).err()).flatten());
    // The same words as the server's answer, in the reader's language.
    let problem_text = move |problem| account_problem_text(problem, locale);
    view! {
        <section class="panel" aria-labelledby="add-user-title">
            <h2 id="add-user-title">{td_string!(locale, users.add_title)}</h2>
            <form method="post" action=AddUser::PATH class="stacked-form">
                <label for="new-user-name">{td_string!(locale, users.name)}</label>
                <input
                    id="new-user-name"
                    name="name"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    value=sent_name
                    on:input=move |ev| set_name.set(event_target_value(&ev))
                    aria-invalid=move || name_problem().map(|_| "true")
                    aria-describedby=move || name_problem().map(|_| "new-user-name-error")
                />
                {move || name_problem().map(|p| view! { <p class="field-error" id="new-user-name-error">{problem_text(p)}</p> })}
                <label for="new-user-password">{td_string!(locale, users.password)}</label>
                <input
                    id="new-user-password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    required
                    on:input=move |ev| set_password.set(event_target_value(&ev))
                    aria-invalid=move || password_problem().map(|_| "true")
                    aria-describedby=move || {
                        if password_problem().is_some() { "new-user-password-error" } else { "new-user-password-hint" }
                    }
                />
                {move || match password_problem() {
                    Some(p) => Either::Left(view! { <p class="field-error" id="new-user-password-error">{problem_text(p)}</p> }),
                    None => Either::Right(view! { <p class="hint" id="new-user-password-hint">{td_string!(locale, users.password_hint)}</p> }),
                }}
                <label for="new-user-role">{td_string!(locale, role.label)}</label>
                <RoleSelect id="new-user-role".to_owned() selected=sent_role locale />
                <button type="submit" class="primary">{td_string!(locale, users.add)}</button>
            </form>
        </section>
    }
}
