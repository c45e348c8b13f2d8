//! Users (admins): the accounts, and forms to add one, change its role, disable or enable it,
//! and delete it. Each form is an ActionForm: a plain POST without JavaScript (the server comes
//! back to this page, with the error if there was one), in place with it.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::users::{AddUser, DeleteUser, SetUserDisabled, SetUserRole, list_users};
use crate::components::{ConsoleResource, ErrorPanel, PageTitle, TableBox};
use crate::error::AccountError;
use crate::i18n::*;
use crate::islands::{action_error, start_island};
use crate::model::{Account, AccountProblem, Role, check_password, check_user_name};
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
        <h1>{t!(i18n, users.title)}</h1>
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, app.loading)}</p> }>
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
                            <UsersPanel accounts me admin sent_name sent_role action_error=action_error() />
                        }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// The accounts with their forms, and the add form (for admins, who alone may use it): the
/// outcome of the last change in one notification area, the table read again after each.
#[island(lazy)]
fn UsersPanel(
    accounts: Vec<Account>,
    /// The signed-in person's name.
    me: Option<String>,
    admin: bool,
    /// What the add form sent, when the server refused it.
    sent_name: String,
    sent_role: Role,
    action_error: Option<(String, String)>,
) -> impl IntoView {
    let i18n = start_island(action_error);
    let add = ServerAction::<AddUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let delete = ServerAction::<DeleteUser>::new();
    // The outcome of the change made last: without JavaScript the one the server sent back (in
    // the URL), then each as it arrives.
    let values = [add.value(), set_role.value(), set_disabled.value(), delete.value()];
    let outcome = RwSignal::new(values.iter().find_map(|value| value.get_untracked()));
    for value in values {
        Effect::new(move |_| {
            if let Some(result) = value.get() {
                outcome.set(Some(result));
            }
        });
    }
    let accounts = RwSignal::new(accounts);
    let versions =
        move || (add.version().get(), set_role.version().get(), set_disabled.version().get(), delete.version().get());
    Effect::new(move |before: Option<_>| {
        let now = versions();
        if before.is_some_and(|before| before != now) {
            leptos::task::spawn_local(async move {
                match list_users().await {
                    Ok(list) => accounts.set(list),
                    Err(error) => outcome.set(Some(Err(error))),
                }
            });
        }
        now
    });
    view! {
        <div class="notifications" aria-live="polite">
            {move || match outcome.get() {
                Some(Err(error)) => Some(Either::Left(view! { <ErrorPanel error /> })),
                Some(Ok(())) => Some(Either::Right(view! { <p class="notice" role="status">{t!(i18n, users.done)}</p> })),
                None => None,
            }}
        </div>
        {move || {
            let me = me.clone();
            view! { <AccountsTable accounts=accounts.get() me set_role set_disabled delete /> }
        }}
        // Apart from the table, which is redrawn after each change, so that the form keeps what
        // was typed when the server refuses it.
        {admin.then(|| view! { <AddUserForm add sent_name sent_role /> })}
    }
}

#[component]
fn AccountsTable(
    accounts: Vec<Account>,
    me: Option<String>,
    set_role: ServerAction<SetUserRole>,
    set_disabled: ServerAction<SetUserDisabled>,
    delete: ServerAction<DeleteUser>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = accounts
        .into_iter()
        .enumerate()
        .map(|(index, account)| {
            let Account { name, role, disabled } = account;
            let is_me = me.as_deref() == Some(name.as_str());
            let select_id = format!("role-{index}");
            let (label_name, hidden_1, hidden_2, hidden_3) = (name.clone(), name.clone(), name.clone(), name.clone());
            view! {
                <tr>
                    <th scope="row">{name.clone()}{is_me.then(|| view! { " " <span class="muted">{t!(i18n, users.you)}</span> })}</th>
                    <td>{move || role_label(role, i18n.get_locale())}</td>
                    <td>{move || if disabled { t_string!(i18n, users.disabled) } else { t_string!(i18n, users.active) }}</td>
                    <td class="row-actions">
                        <ActionForm action=set_role attr:class="inline-form">
                            <input type="hidden" name="name" value=hidden_1 />
                            <label class="visually-hidden" for=select_id.clone()>
                                {move || t_string!(i18n, users.role_of, name = label_name.clone())}
                            </label>
                            <RoleSelect id=select_id selected=role />
                            <button type="submit">{t!(i18n, users.change_role)}</button>
                        </ActionForm>
                        <ActionForm action=set_disabled attr:class="inline-form">
                            <input type="hidden" name="name" value=hidden_2 />
                            <input type="hidden" name="disabled" value=if disabled { "false" } else { "true" } />
                            <button type="submit">
                                {move || if disabled { t_string!(i18n, users.enable) } else { t_string!(i18n, users.disable) }}
                            </button>
                        </ActionForm>
                        <ActionForm action=delete attr:class="inline-form">
                            <input type="hidden" name="name" value=hidden_3 />
                            <button type="submit" class="danger">{t!(i18n, users.delete)}</button>
                        </ActionForm>
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
                        <th scope="col">{t!(i18n, users.col_name)}</th>
                        <th scope="col">{t!(i18n, users.col_role)}</th>
                        <th scope="col">{t!(i18n, users.col_status)}</th>
                        <th scope="col">{t!(i18n, users.col_actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableBox>
    }
}

/// The roles, for a form field named `role`.
#[component]
fn RoleSelect(id: String, selected: Role) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name="role">
            {Role::ALL
                .into_iter()
                .map(|role| {
                    view! {
                        <option value=role.as_str() selected=role == selected>
                            {move || role_label(role, i18n.get_locale())}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// Adding an account. Hydrated, each field is checked as it is typed, by the model's own checks
/// (the server runs them again); without JavaScript the server's answer says what to fix, and
/// comes back with the name and role that were sent (`?name=&role=`).
#[component]
fn AddUserForm(add: ServerAction<AddUser>, sent_name: String, sent_role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let (name, set_name) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let name_problem = move || name.with(|n| (!n.is_empty()).then(|| check_user_name(n.trim()).err()).flatten());
    let password_problem = move || password.with(|p| (!p.is_empty()).then(|| check_password(p).err()).flatten());
    // The same words as the server's answer, in the reader's language.
    let problem_text = move |problem: AccountProblem| {
        crate::components::error_panel_text(&AccountError::Invalid(problem).into(), i18n.get_locale()).0
    };
    view! {
        <section class="panel" aria-labelledby="add-user-title">
            <h2 id="add-user-title">{t!(i18n, users.add_title)}</h2>
            <ActionForm action=add attr:class="stacked-form">
                <label for="new-user-name">{t!(i18n, users.name)}</label>
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
                <label for="new-user-password">{t!(i18n, users.password)}</label>
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
                    None => Either::Right(view! { <p class="hint" id="new-user-password-hint">{t!(i18n, users.password_hint)}</p> }),
                }}
                <label for="new-user-role">{t!(i18n, role.label)}</label>
                <RoleSelect id="new-user-role".to_owned() selected=sent_role />
                <button type="submit" class="primary">{t!(i18n, users.add)}</button>
            </ActionForm>
        </section>
    }
}
