//! The document shell and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::Layout;
use crate::i18n::*;
use crate::islands::IslandScripts;
use crate::pages::{
    ActivityPage, ChangeGroupsPage, CopyGroupPage, CreateGroupPage, DeleteGroupsPage, DeleteRulesPage, FindingsPage,
    GlobalPage, GroupActionPage, GroupPage, GroupsPage, InstancesPage, LaunchTemplatesPage, ManageTagsPage,
    NewVersionPage, NotFound, ReachPage, RuleEditorPage, SignInPage, UsersPage,
};

/// The HTML document around the app (server only renders it).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        // The server reads the language from the cookie its /locale route writes; an island in
        // the browser takes it from <html lang>.
        <I18nContextProvider cookie_name=crate::LOCALE_COOKIE>
            <Stylesheet id="leptos" href="/pkg/sg-console.css" />
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/security-groups") view=GroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/go") view=GroupActionPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/new") view=CreateGroupPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/delete") view=DeleteGroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id") view=GroupPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/copy") view=CopyGroupPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/:direction/edit") view=RuleEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/:direction/delete") view=DeleteRulesPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/tags") view=ManageTagsPage ssr=SsrMode::Async />
                        <Route path=path!("/instances") view=InstancesPage ssr=SsrMode::Async />
                        <Route path=path!("/instances/:region/:id/security-groups") view=ChangeGroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/launch-templates") view=LaunchTemplatesPage ssr=SsrMode::Async />
                        <Route path=path!("/launch-templates/:region/:id/new-version") view=NewVersionPage ssr=SsrMode::Async />
                        <Route path=path!("/findings") view=FindingsPage ssr=SsrMode::Async />
                        <Route path=path!("/reach") view=ReachPage ssr=SsrMode::Async />
                        <Route path=path!("/global") view=GlobalPage ssr=SsrMode::Async />
                        <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async />
                        <Route path=path!("/activity") view=ActivityPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
