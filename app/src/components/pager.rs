use leptos::either::Either;
use leptos::prelude::*;

use crate::i18n::*;

/// Previous/next links and the page position; `href` gives the URL of a page (1-based).
#[component]
pub fn Pager(page: usize, pages: usize, href: impl Fn(usize) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let previous = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, pager.label)>
            {match previous {
                Some(url) => Either::Left(view! { <a href=url rel="prev">{tu_string!(i18n, pager.previous)}</a> }),
                None => Either::Right(view! { <span class="pager-edge">{tu_string!(i18n, pager.previous)}</span> }),
            }}
            <span class="pager-position">{tu_string!(i18n, pager.page_of, page = page, pages = pages)}</span>
            {match next {
                Some(url) => Either::Left(view! { <a href=url rel="next">{tu_string!(i18n, pager.next)}</a> }),
                None => Either::Right(view! { <span class="pager-edge">{tu_string!(i18n, pager.next)}</span> }),
            }}
        </nav>
    }
}
