//! The document shell and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

use crate::components::Layout;
use crate::i18n::*;
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
                <HydrationScripts options />
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
        // The server reads the language from the cookie its /locale route (or the hydrated page)
        // writes; the browser takes it from <html lang>.
        <I18nContextProvider cookie_name=crate::LOCALE_COOKIE>
            <Stylesheet id="leptos" href="/pkg/sg-console.css" />
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/security-groups") view={Lazy::<GroupsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/go") view={Lazy::<GroupActionRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/new") view={Lazy::<CreateGroupRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/delete") view={Lazy::<DeleteGroupsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id") view={Lazy::<GroupRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/copy") view={Lazy::<CopyGroupRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/:direction/edit") view={Lazy::<RuleEditorRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/:direction/delete") view={Lazy::<DeleteRulesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id/tags") view={Lazy::<ManageTagsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/instances") view={Lazy::<InstancesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/instances/:region/:id/security-groups") view={Lazy::<ChangeGroupsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/launch-templates") view={Lazy::<LaunchTemplatesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/launch-templates/:region/:id/new-version") view={Lazy::<NewVersionRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/findings") view={Lazy::<FindingsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/reach") view={Lazy::<ReachRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/global") view={Lazy::<GlobalRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/signin") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/activity") view={Lazy::<ActivityRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// Every page is a lazy route: in the browser its code is a WASM chunk of its own (with
/// `cargo leptos build --split`), loaded with the page, so that a page's first view does not
/// carry the editors and forms of the others. The server renders them all as before.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    GroupsRoute => GroupsPage,
    GroupActionRoute => GroupActionPage,
    CreateGroupRoute => CreateGroupPage,
    DeleteGroupsRoute => DeleteGroupsPage,
    GroupRoute => GroupPage,
    CopyGroupRoute => CopyGroupPage,
    RuleEditorRoute => RuleEditorPage,
    DeleteRulesRoute => DeleteRulesPage,
    ManageTagsRoute => ManageTagsPage,
    InstancesRoute => InstancesPage,
    ChangeGroupsRoute => ChangeGroupsPage,
    LaunchTemplatesRoute => LaunchTemplatesPage,
    NewVersionRoute => NewVersionPage,
    FindingsRoute => FindingsPage,
    ReachRoute => ReachPage,
    GlobalRoute => GlobalPage,
    SignInRoute => SignInPage,
    UsersRoute => UsersPage,
    ActivityRoute => ActivityPage,
}
