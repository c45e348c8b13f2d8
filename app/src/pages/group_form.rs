//! "Create security group" (`/security-groups/REGION/new`) and "Copy to new security group"
//! (`/security-groups/REGION/ID/copy`): one form of Basic details, the inbound and outbound rule
//! editors and tags, checked by the model as it is typed and again by the server, which creates
//! the group all or nothing.
//!
//! Like the rule editor, a GET form to its own page without JavaScript: "Add rule", "Delete",
//! "Add new tag", "Remove" and "Preview changes" come back here with every field in the URL
//! (`form=1` marks it); "Create security group" posts the same fields to the server function,
//! which answers with the new group's page, or with this page again, the fields and the error
//! in its URL. Hydrated, the other buttons work in place, and "Create security group" posts the
//! same way once the form passes the model's checks. The page reads what rules may name in the
//! chosen VPC: choosing another sends the form back here (hydrated, at once; without JavaScript,
//! with the next button).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::groups::{CreateGroup, GroupFormData, get_group_form};
use crate::components::{
    EditorPeers, ErrorPanel, GroupBreadcrumb, LivePreview, PageTitle, PeerSuggestions, PreviewText, RuleEditor,
    RulePreview, RuleRows, TAG_LIST, TagEditor, TagRows, apply_op, form_errors, group_problem_text,
};
use crate::error::{AppError, Ec2ErrorKind, Failure};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{
    Direction, GroupForm, GroupFormCheck, GroupProblem, RuleRow, TagRow, Vpc, check_group_description,
    check_group_name, foreign_references, with_new_group,
};

/// What the form sends back to its page.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Draft {
    /// Present in every form the page sent.
    form: Option<String>,
    name: String,
    description: String,
    vpc_id: String,
    /// The VPC the form was shown for (`vpc_id` is the one chosen since).
    vpc_shown: String,
    inbound: Vec<RuleRow>,
    outbound: Vec<RuleRow>,
    tags: Vec<TagRow>,
    op: String,
}

impl Draft {
    /// The draft in a page's query string, if the page came from the form, with its `op` applied.
    fn from_query(search: &str) -> Option<Draft> {
        let query = search.trim_start_matches('?');
        let mut draft =
            serde_qs::Config::new(5, false).deserialize_str::<Draft>(query).ok().filter(|d| d.form.is_some())?;
        apply_op(&mut draft.inbound, "inbound", &draft.op);
        apply_op(&mut draft.outbound, "outbound", &draft.op);
        apply_op(&mut draft.tags, TAG_LIST, &draft.op);
        Some(draft)
    }
}

#[component]
pub fn CreateGroupPage() -> impl IntoView {
    view! { <GroupFormPage copy=false /> }
}

#[component]
pub fn CopyGroupPage() -> impl IntoView {
    view! { <GroupFormPage copy=true /> }
}

#[component]
fn GroupFormPage(copy: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let (region, source) = params.with(|p| {
            let source = if copy { p.get("id").unwrap_or_default() } else { String::new() };
            (p.get("region").unwrap_or_default(), source)
        });
        (region, source, query.with(|q| q.get("vpc_id").unwrap_or_default()))
    };
    // A draft the form's own GET sent: what its rows name is read for them.
    let draft = Draft::from_query(&use_location().search.get_untracked());
    let rows = draft.as_ref().map(|d| d.inbound.iter().chain(&d.outbound).cloned().collect::<Vec<_>>());
    let data = crate::api::loaded::load(key, move |(region, source, vpc_id)| {
        get_group_form(region, vpc_id, source, rows.clone())
    });
    view! {
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || {
                let draft = draft.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <GroupFormStart data draft /> }),
                        Err(error) => {
                            let title = move || form_title(copy, i18n.get_locale());
                            Either::Right(view! {
                                <PageTitle text=title />
                                <h1>{title}</h1>
                                <ErrorPanel error />
                            })
                        }
                    }
                })
            }}
        </Suspense>
    }
}

fn form_title(copy: bool, locale: Locale) -> &'static str {
    if copy { td_string!(locale, group_form.title_copy) } else { td_string!(locale, group_form.title_create) }
}

/// Whether `error` is EC2's answer that the name is taken in the VPC.
fn name_taken(error: &AppError) -> bool {
    matches!(&error.failure, Failure::Ec2(e) if e.kind == Ec2ErrorKind::GroupDuplicate)
}

/// What the form starts from, read on the server (the `draft` its own GET sent, the group
/// copied, or a new group's defaults), given to the island.
#[component]
fn GroupFormStart(data: GroupFormData, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let GroupFormData { region, vpcs, vpc_id, peers, source } = data;
    let copy = source.is_some();
    let vpc_ipv6 = |id: &str| vpcs.iter().any(|v| v.id == id && v.ipv6);
    let preview = draft.as_ref().is_some_and(|d| d.op == "preview");
    // Another VPC was chosen: the rows it makes wrong (naming a group of the other) say why.
    let vpc_changed = draft.as_ref().is_some_and(|d| !d.vpc_shown.is_empty() && d.vpc_shown != vpc_id);
    let form = match draft {
        Some(draft) => {
            let mut form = GroupForm {
                name: draft.name,
                description: draft.description,
                vpc_id: vpc_id.clone(),
                inbound: draft.inbound,
                outbound: draft.outbound,
                tags: draft.tags,
            };
            if !copy && vpc_changed {
                form.default_outbound_follows(vpc_ipv6(&draft.vpc_shown), vpc_ipv6(&vpc_id));
            }
            form
        }
        None => match &source {
            Some(source) => GroupForm::copy_of(source),
            None => GroupForm::new(&vpc_id, vpc_ipv6(&vpc_id)),
        },
    };
    // What a rule of the form may name, the group being created among them: the groups its rows
    // name, and those the source's rules name (a peered VPC's, which the VPC's own list, loaded
    // later, lacks).
    let named_by_source = source.iter().flat_map(|s| s.inbound.iter().chain(&s.outbound)).map(|r| r.peer.key());
    let rows = form.inbound.iter().chain(&form.outbound).map(|r| r.peer.as_str());
    let peers = with_new_group(&peers.named_by(rows.chain(named_by_source)));
    let refused = refused_post();
    // The name EC2 refused as taken: its error shows until the name changes.
    let taken = refused.as_ref().filter(|e| name_taken(e)).map(|_| form.name.clone());
    // A refused form shows every field's problems and the preview.
    let (preview, problems) = (preview || refused.is_some(), vpc_changed);
    // The previews' words, when they are shown and the rows are rules: a new group has no rules yet.
    let preview_of = |direction: Direction, rows: &[RuleRow]| {
        preview.then(|| PreviewText::of_rows(direction, &[], rows, &peers, i18n.get_locale_untracked())).flatten()
    };
    let previews = (preview_of(Direction::Inbound, &form.inbound), preview_of(Direction::Outbound, &form.outbound));

    let title = move || form_title(copy, i18n.get_locale());
    let (page, cancel) = match &source {
        Some(s) => {
            let base = format!("/security-groups/{region}/{}", s.id);
            (format!("{base}/copy"), base)
        }
        None => (format!("/security-groups/{region}/new"), format!("/security-groups?region={region}")),
    };
    let intro = match &source {
        Some(s) => t_string!(i18n, group_form.intro_copy, group = format!("{} ({})", s.name, s.id)),
        None => t_string!(i18n, group_form.intro_create).to_owned(),
    };
    view! {
        <PageTitle text=title />
        <GroupBreadcrumb region=region.clone() group_id=source.as_ref().map(|s| s.id.clone()) here=title />
        <h1>{title}</h1>
        <p>{intro}</p>
        {form_errors(refused)}
        <PeerSuggestions peers=peers.clone() region=region.clone() vpc_id=vpc_id.clone() />
        <IslandStart id=START start=Start {
            region,
            vpcs,
            peers: EditorPeers(peers),
            source_vpc: source.map(|s| s.vpc_id),
            page,
            cancel,
            form,
            preview,
            previews,
            problems,
            taken,
        }>
            <GroupFormView />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "group-form-start";

/// What the group form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    region: String,
    /// The region's VPCs.
    vpcs: Vec<Vpc>,
    /// What rules in the chosen VPC may name, the new group among them.
    peers: EditorPeers,
    /// A copy's source group's VPC; none for a new group.
    source_vpc: Option<String>,
    /// The form's own page, and where "Cancel" goes.
    page: String,
    cancel: String,
    /// The fields as the form starts.
    form: GroupForm,
    /// Show the preview and every field's problems (the draft asked for it, or the server
    /// refused it).
    preview: bool,
    /// The inbound and outbound previews' words, when they are shown and the rows are rules.
    previews: (Option<PreviewText>, Option<PreviewText>),
    /// Show every field's problems.
    problems: bool,
    /// The name EC2 refused as taken.
    taken: Option<String>,
}

/// The whole form, checked by the model as it is typed. Choosing another VPC sends the form
/// back to its page, which reads what rules may name there.
#[island(lazy)]
fn GroupFormView() -> impl IntoView {
    let Start { region, vpcs, peers, source_vpc, page, cancel, form, preview, previews, problems, taken } =
        island_start(START);
    let locale = island_locale();
    let sending = submission();
    let copy = source_vpc.is_some();
    let show_all = preview || problems;
    let taken = StoredValue::new(taken);

    let name = RwSignal::new(form.name.clone());
    let description = RwSignal::new(form.description.clone());
    let vpc = form.vpc_id.clone();
    let vpc_missing = vpc.is_empty().then_some(GroupProblem::VpcMissing);
    let EditorPeers(peers) = peers;
    let inbound = RuleRows::new(form.inbound, peers.clone(), show_all);
    let outbound = RuleRows::new(form.outbound, peers, show_all);
    let tags = TagRows::new(form.tags);
    // The name's and description's problems show as they are typed, or once all fields' do.
    let show_problems = RwSignal::new(show_all);
    let (name_touched, description_touched) = (RwSignal::new(false), RwSignal::new(false));
    let show_preview = RwSignal::new(preview);
    let inbound_preview =
        LivePreview::new(show_preview, Direction::Inbound, inbound, String::new(), previews.0, locale);
    let outbound_preview =
        LivePreview::new(show_preview, Direction::Outbound, outbound, String::new(), previews.1, locale);

    let check = Memo::new(move |_| GroupFormCheck {
        name: name.with(|n| check_group_name(n.trim())),
        description: description.with(|d| check_group_description(d.trim())),
        vpc: vpc_missing,
        inbound: inbound.check.get(),
        outbound: outbound.check.get(),
        tags: tags.check.get(),
    });
    // After a copy to another VPC: the rules that name groups of the source's VPC.
    let foreign = {
        let (source_vpc, vpc) = (source_vpc.clone(), vpc.clone());
        Memo::new(move |_| {
            if source_vpc.as_ref().is_none_or(|s| *s == vpc) {
                return Vec::new();
            }
            let of = |direction: Direction, rows: RuleRows| {
                rows.check.with(|c| foreign_references(&rows.get(), c)).into_iter().map(move |(i, g)| (direction, i, g))
            };
            of(Direction::Inbound, inbound).chain(of(Direction::Outbound, outbound)).collect::<Vec<_>>()
        })
    };

    let form_ref = NodeRef::<leptos::html::Form>::new();
    // The rules are checked against the VPC the page was read for: read it for the one chosen.
    let choose_vpc = move |_| {
        if let Some(form) = form_ref.get() {
            let _ = form.submit();
        }
    };
    let preview_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        show_all_problems(show_problems, inbound, outbound);
        show_preview.set(true);
    };
    // A form with problems is not sent: they show instead.
    let create_click = move |ev: leptos::ev::MouseEvent| {
        show_all_problems(show_problems, inbound, outbound);
        if check.with(GroupFormCheck::problems) > 0 || !foreign.with(Vec::is_empty) {
            ev.prevent_default();
        } else {
            sending.send(&ev);
        }
    };

    let name_error = move || {
        let shown = show_problems.get() || name_touched.get();
        match check.with(|c| c.name).filter(|_| shown) {
            Some(problem) => Some(group_problem_text(problem, locale)),
            None if name.with(|n| taken.with_value(|t| t.as_ref() == Some(n))) => {
                Some(td_string!(locale, problems.group_name_taken).to_owned())
            }
            None => None,
        }
    };
    let description_error = move || {
        let shown = show_problems.get() || description_touched.get();
        check.with(|c| c.description).filter(|_| shown).map(|p| group_problem_text(p, locale))
    };

    let basic = view! {
        <section class="form-section" aria-labelledby="basic-details">
            <h2 id="basic-details">{td_string!(locale, group_form.basic_details)}</h2>
            <div class="field">
                <label for="group-name">{td_string!(locale, group_form.name)}</label>
                <input
                    id="group-name"
                    name="name"
                    type="text"
                    autocomplete="off"
                    value=name.get_untracked()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        name_touched.set(true);
                    }
                    aria-invalid=move || name_error().map(|_| "true")
                    aria-describedby=move || if name_error().is_some() { "group-name-error group-name-hint" } else { "group-name-hint" }
                />
                <p class="hint" id="group-name-hint">{td_string!(locale, group_form.name_hint)}</p>
                {move || name_error().map(|text| view! { <p class="field-error" id="group-name-error">{text}</p> })}
            </div>
            <div class="field">
                <label for="group-description">{td_string!(locale, group_form.description)}</label>
                <input
                    id="group-description"
                    name="description"
                    type="text"
                    autocomplete="off"
                    value=description.get_untracked()
                    on:input=move |ev| {
                        description.set(event_target_value(&ev));
                        description_touched.set(true);
                    }
                    aria-invalid=move || description_error().map(|_| "true")
                    aria-describedby=move || description_error().map(|_| "group-description-error")
                />
                {move || description_error().map(|text| view! { <p class="field-error" id="group-description-error">{text}</p> })}
            </div>
            <div class="field">
                <label for="group-vpc">{td_string!(locale, group_form.vpc)}</label>
                <select id="group-vpc" name="vpc_id" on:change=choose_vpc aria-describedby=copy.then_some("group-vpc-hint")>
                    {vpc_options(&vpcs, &form.vpc_id)}
                </select>
                {copy.then(|| {
                    let region = region.clone();
                    view! { <p class="hint" id="group-vpc-hint">{td_string!(locale, group_form.other_region, region = region)}</p> }
                })}
            </div>
        </section>
    };

    let vpc_label = move |id: &str| vpcs_label(&vpcs, id);
    let vpc_shown = vpc.clone();
    let foreign_list = move || {
        let list = foreign.get();
        (!list.is_empty()).then(|| {
            let chosen = vpc_label(&vpc);
            let source_vpc = vpc_label(source_vpc.as_deref().unwrap_or_default());
            let items = list
                .into_iter()
                .map(|(direction, i, group)| {
                    let direction = match direction {
                        Direction::Inbound => td_string!(locale, group_form.inbound),
                        Direction::Outbound => td_string!(locale, group_form.outbound),
                    };
                    let text = td_string!(
                        locale,
                        group_form.foreign_item,
                        direction = direction,
                        n = i + 1,
                        group = group,
                        vpc = chosen.clone()
                    );
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! {
                <section class="foreign-references" role="alert" aria-labelledby="foreign-title">
                    <h2 id="foreign-title">{td_string!(locale, group_form.foreign_title)}</h2>
                    <ul>{items}</ul>
                    <p>{td_string!(locale, group_form.foreign_blocked, source_vpc = source_vpc)}</p>
                </section>
            }
        })
    };

    let rules = view! {
        <section class="form-section" aria-labelledby="inbound-title">
            <h2 id="inbound-title">{td_string!(locale, group_form.inbound)}</h2>
            <RuleEditor direction=Direction::Inbound list="inbound" rows=inbound locale />
        </section>
        <section class="form-section" aria-labelledby="outbound-title">
            <h2 id="outbound-title">{td_string!(locale, group_form.outbound)}</h2>
            <RuleEditor direction=Direction::Outbound list="outbound" rows=outbound locale />
        </section>
        <p class="hint">{td_string!(locale, group_form.new_group_hint)}</p>
    };

    let problems = move || check.with(GroupFormCheck::problems);
    let form = view! {
        <form method="get" action=page class="editor-form" novalidate node_ref=form_ref>
            // The form's default button, for Enter in a field: preview, never a row's "Delete".
            <button type="submit" name="op" value="preview" hidden tabindex="-1" on:click=preview_click></button>
            <input type="hidden" name="form" value="1" />
            <input type="hidden" name="region" value=region.clone() />
            <input type="hidden" name="vpc_shown" value=vpc_shown />
            {basic}
            {foreign_list}
            {rules}
            <section class="form-section" aria-labelledby="tags-title">
                <h2 id="tags-title">{td_string!(locale, group_form.tags)}</h2>
                <TagEditor rows=tags locale />
            </section>
            {move || (show_problems.get() && problems() > 0).then(|| view! {
                <p class="field-error" role="alert">{move || td_string!(locale, group_form.fix_first, count = problems())}</p>
            })}
            <div class="form-actions">
                <a href=cancel>{td_string!(locale, editor.cancel)}</a>
                <button type="submit" class="secondary" name="op" value="preview" on:click=preview_click>
                    {td_string!(locale, editor.preview)}
                </button>
                <button
                    type="submit"
                    formmethod="post"
                    formaction=CreateGroup::PATH
                    on:click=create_click
                    disabled=move || !foreign.with(Vec::is_empty)
                >
                    {sending.label(td_string!(locale, group_form.create), td_string!(locale, group_form.creating))}
                </button>
            </div>
        </form>
    };
    let previews = move || {
        show_preview.get().then(|| view! {
            <RulePreview preview=inbound_preview locale id="preview-inbound" title=td_string!(locale, group_form.preview_inbound) />
            <RulePreview preview=outbound_preview locale id="preview-outbound" title=td_string!(locale, group_form.preview_outbound) />
        })
    };
    view! {
        {form}
        {previews}
    }
}

/// Shows every field's problems, edited or not: after "Preview changes" or "Create".
fn show_all_problems(show_problems: RwSignal<bool>, inbound: RuleRows, outbound: RuleRows) {
    show_problems.set(true);
    inbound.show_problems.set(true);
    outbound.show_problems.set(true);
}

fn vpc_options(vpcs: &[Vpc], chosen: &str) -> impl IntoView + use<> {
    vpcs.iter()
        .map(|v| view! { <option value=v.id.clone() selected=v.id == chosen>{v.label()}</option> })
        .collect_view()
}

/// A VPC by its label (`vpc-… (Name)`), or its id when the region has no such VPC.
fn vpcs_label(vpcs: &[Vpc], id: &str) -> String {
    vpcs.iter().find(|v| v.id == id).map(Vpc::label).unwrap_or_else(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_with_its_op_applied() {
        let form = GroupForm {
            name: "web".into(),
            description: "Web servers".into(),
            vpc_id: "vpc-1".into(),
            inbound: vec![RuleRow { ports: "443".into(), ..RuleRow::default() }],
            outbound: Vec::new(),
            tags: vec![TagRow { key: "team".into(), value: String::new() }],
        };
        let query = |op: &str| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (name, value) in form.fields() {
                query.append_pair(&name, if name == "op" { op } else { &value });
            }
            format!("?{}", query.finish())
        };
        let draft = Draft::from_query(&query("add:outbound")).expect("a draft");
        assert_eq!((draft.name.as_str(), draft.vpc_id.as_str()), ("web", "vpc-1"));
        assert_eq!(draft.inbound, form.inbound);
        assert_eq!(draft.outbound, [RuleRow::default()]);
        let draft = Draft::from_query(&query("delete:tags:0")).expect("a draft");
        assert!(draft.tags.is_empty());
        assert!(Draft::from_query("?vpc_id=vpc-1").is_none(), "a page not from the form has no draft");
    }
}
