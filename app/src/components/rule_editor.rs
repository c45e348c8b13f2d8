//! The rule editor: one direction's rules as rows, each a fieldset "Rule N" with the AWS
//! console's fields, checked by the model as they are typed. It takes rows and hands back rows
//! ([`RuleRows`]), so that the Edit rules page and the group form share it.
//!
//! Without JavaScript it is part of a GET form: "Add rule" and "Delete" are submit buttons
//! (`op=add:LIST`, `op=delete:LIST:N`) that the page applies to the rows it reads back from its
//! URL ([`apply_op`]); hydrated, they change the rows in place.

use leptos::either::Either;
use leptos::prelude::*;

use super::error_panel::{quota_text, rule_problem_text};
use crate::i18n::*;
use crate::model::{
    Direction, IcmpType, Kind, PeerType, Peers, Problem, Protocol, RowProblems, RuleRow, RulesCheck, icmp_codes,
};
use crate::pages::labels;

/// One row of the editor: a stable key (for the DOM), its fields, and whether it was edited
/// (its problems show once it was, or once the person asked to preview or save).
#[derive(Clone, Copy)]
struct EditorRow {
    key: usize,
    row: RwSignal<RuleRow>,
    touched: RwSignal<bool>,
}

/// The rows of one editor, and their check.
#[derive(Clone, Copy)]
pub struct RuleRows {
    rows: RwSignal<Vec<EditorRow>>,
    next_key: StoredValue<usize>,
    /// What the rows may name: in the browser, the groups of the page's [`PeerSuggestions`],
    /// more of them once it has loaded the VPC's others.
    peers: RwSignal<Peers>,
    /// The model's check of the rows as they are now.
    pub check: Memo<RulesCheck>,
    /// Show every row's problems, edited or not: after "Preview changes" or "Save", or when the
    /// rows came back from the server.
    pub show_problems: RwSignal<bool>,
    /// The id of the rule a finding sent the person here for: its row is marked.
    pub marked: RwSignal<Option<String>>,
}

impl RuleRows {
    pub fn new(rows: Vec<RuleRow>, peers: Peers, show_problems: bool) -> RuleRows {
        let count = rows.len();
        let rows: Vec<EditorRow> = rows
            .into_iter()
            .enumerate()
            .map(|(key, row)| EditorRow { key, row: RwSignal::new(row), touched: RwSignal::new(false) })
            .collect();
        let rows = RwSignal::new(rows);
        let peers = RwSignal::new(peers);
        // Islands live as long as their page: the listener is never removed.
        let _ = window_event_listener_untyped(PEER_SUGGESTIONS, move |_| {
            peers.update(|peers| peers.groups = suggested_groups(peers));
        });
        let check = Memo::new(move |_| {
            let current: Vec<RuleRow> = rows.with(|rows| rows.iter().map(|r| r.row.get()).collect());
            peers.with(|peers| RulesCheck::of(&current, peers))
        });
        RuleRows {
            rows,
            next_key: StoredValue::new(count),
            peers,
            check,
            show_problems: RwSignal::new(show_problems),
            marked: RwSignal::new(None),
        }
    }

    /// The rows as they are now.
    pub fn get(&self) -> Vec<RuleRow> {
        self.rows.with(|rows| rows.iter().map(|r| r.row.get()).collect())
    }

    fn add(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let row = EditorRow { key, row: RwSignal::new(RuleRow::default()), touched: RwSignal::new(false) };
        self.rows.update(|rows| rows.push(row));
    }

    fn remove(&self, key: usize) {
        self.rows.update(|rows| rows.retain(|r| r.key != key));
    }

    fn index_of(&self, key: usize) -> usize {
        self.rows.with(|rows| rows.iter().position(|r| r.key == key).unwrap_or_default())
    }
}

/// Applies a GET form's `op` to the rows of `list` it sent: `add:LIST` adds a row,
/// `delete:LIST:N` removes row N. Anything else leaves them.
pub fn apply_op<Row: Default>(rows: &mut Vec<Row>, list: &str, op: &str) {
    let mut parts = op.split(':');
    match (parts.next(), parts.next(), parts.next().and_then(|n| n.parse::<usize>().ok())) {
        (Some("add"), Some(l), None) if l == list => rows.push(Row::default()),
        (Some("delete"), Some(l), Some(n)) if l == list && n < rows.len() => {
            rows.remove(n);
        }
        _ => {}
    }
}

/// The id of the page's [`PeerSuggestions`], which every rule's Source / Destination offers, and
/// the name of the window's event that says it has loaded the VPC's other groups.
const PEER_SUGGESTIONS: &str = "peer-suggestions";

/// Suggestions for Source / Destination: the groups and the prefix lists of `peers`, by id with
/// their names. One per page, for all its editors, and the server's: it is outside the islands.
///
/// A page sends the groups its rules name ([`Peers::named_by`]), not the VPC's thousands: with
/// JavaScript, its script adds the others of `vpc_id`
/// ([`get_vpc_groups`](crate::api::rules::get_vpc_groups)) when the person first goes to a
/// rule's field, and tells the islands so.
#[component]
pub fn PeerSuggestions(peers: Peers, region: String, vpc_id: String) -> impl IntoView {
    use crate::api::rules::GetVpcGroups;
    use leptos::server_fn::ServerFn;

    let groups = peers
        .groups
        .into_iter()
        .map(|g| view! { <option value=g.id data-owner=g.owner>{g.name}</option> })
        .collect_view();
    let lists = peers.prefix_lists.into_iter().map(|l| view! { <option value=l.id>{l.name}</option> }).collect_view();
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("region", &region)
        .append_pair("vpc_id", &vpc_id)
        .finish();
    let vpc_groups = format!("{}?{query}", GetVpcGroups::PATH);
    let nonce = leptos::nonce::use_nonce();
    view! {
        <datalist id=PEER_SUGGESTIONS data-more=vpc_groups>{groups}{lists}</datalist>
        <script nonce=nonce>{include_str!("peer_suggestions.js")}</script>
    }
}

/// What an editor's rows may name, in an island's start. The groups go to the browser once, in the
/// page's [`PeerSuggestions`], and the island reads them back from it; its start carries the rest.
/// The page renders both from the same `Peers`, so the island checks the rows in the browser as on
/// the server.
#[derive(Clone, Debug)]
pub struct EditorPeers(pub Peers);

impl serde::Serialize for EditorPeers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Peers { groups: Vec::new(), ..self.0.clone() }.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for EditorPeers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut peers = Peers::deserialize(deserializer)?;
        peers.groups = suggested_groups(&peers);
        Ok(EditorPeers(peers))
    }
}

/// The groups of the page's [`PeerSuggestions`]: its options that are not the prefix lists.
#[cfg(feature = "hydrate")]
fn suggested_groups(peers: &Peers) -> Vec<crate::model::PeerGroup> {
    let Some(list) = document().get_element_by_id(PEER_SUGGESTIONS) else {
        return Vec::new();
    };
    let options = list.children();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|option| {
            let id = option.get_attribute("value")?;
            let name = option.text_content().filter(|name| !name.is_empty());
            let owner = option.get_attribute("data-owner");
            (!peers.prefix_lists.iter().any(|l| l.id == id)).then_some(crate::model::PeerGroup { id, name, owner })
        })
        .collect()
}

/// An island's start is read only in the browser.
#[cfg(not(feature = "hydrate"))]
fn suggested_groups(_: &Peers) -> Vec<crate::model::PeerGroup> {
    Vec::new()
}

/// One direction's rows, "Add rule", and the quota problem, if any. `list` names the form's
/// fields (`{list}[N][kind]`, ...).
#[component]
pub fn RuleEditor(direction: Direction, list: &'static str, rows: RuleRows, locale: Locale) -> impl IntoView {
    let quota = move || rows.check.with(|c| c.quota);
    view! {
        <div class="rule-editor">
            <For each=move || rows.rows.get() key=|r| r.key let:row>
                <RuleFieldset direction list rows row locale />
            </For>
            {move || rows.rows.with(Vec::is_empty).then(|| view! { <p class="empty-state">{td_string!(locale, editor.no_rules)}</p> })}
            <button
                type="submit"
                class="secondary"
                name="op"
                value=format!("add:{list}")
                on:click=move |ev| {
                    ev.prevent_default();
                    rows.add();
                }
            >
                {td_string!(locale, editor.add_rule)}
            </button>
            {move || quota().map(|q| view! { <p class="field-error" role="alert">{quota_text(q, locale)}</p> })}
        </div>
    }
}

#[component]
fn RuleFieldset(
    direction: Direction,
    list: &'static str,
    rows: RuleRows,
    row: EditorRow,
    locale: Locale,
) -> impl IntoView {
    let EditorRow { key, row: fields, touched } = row;
    let index = Memo::new(move |_| rows.index_of(key));
    let name = move |field: &'static str| move || format!("{list}[{}][{field}]", index.get());
    let id = move |field: &str| format!("{list}-{key}-{field}");
    let problems = move || -> RowProblems {
        if !(rows.show_problems.get() || touched.get()) {
            return RowProblems::default();
        }
        rows.check.with(|c| c.rows.get(index.get()).cloned().unwrap_or_default())
    };
    let kind = move || fields.with(|f| f.kind());
    let peer_type = move || fields.with(|f| f.peer_type());
    let my_ip = rows.peers.with_untracked(|p| p.my_ip);
    let set = move |update: fn(&mut RuleRow, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            fields.update(|f| update(f, value));
        }
    };
    let mark_touched = move |_| touched.set(true);
    // A field's error, under it and tied to it.
    let error = move |field: &'static str, pick: fn(&RowProblems) -> Option<Problem>| {
        let error_id = id(&format!("{field}-error"));
        move || {
            pick(&problems()).map(|p| {
                view! { <p class="field-error" id=error_id.clone()>{rule_problem_text(&p, direction, locale)}</p> }
            })
        }
    };
    let invalid = move |pick: fn(&RowProblems) -> Option<Problem>| move || pick(&problems()).map(|_| "true");
    let described = move |field: &'static str, pick: fn(&RowProblems) -> Option<Problem>| {
        let error_id = id(&format!("{field}-error"));
        move || pick(&problems()).map(|_| error_id.clone())
    };

    let protocol_value = move || match kind() {
        Some(Kind::CustomProtocol) => fields.with(|f| f.protocol.clone()),
        Some(k) => k.protocol().map(|p| labels::protocol(p, locale)).unwrap_or_default(),
        None => String::new(),
    };
    let ports_value = move || match kind() {
        Some(k) if k.has_port_range() => fields.with(|f| f.ports.clone()),
        Some(k) => match k.fixed_ports() {
            Some((-1, -1)) | None => td_string!(locale, ports.all).to_owned(),
            Some((from, to)) if from == to => from.to_string(),
            Some((from, to)) => format!("{from} - {to}"),
        },
        None => String::new(),
    };
    let peer_value = move || match peer_type() {
        PeerType::Custom => fields.with(|f| f.peer.clone()),
        fixed => fixed.fixed_peer(my_ip).unwrap_or_default(),
    };
    // What EC2 will store, where it differs from what was typed (`10.0.0.5/8` -> `10.0.0.0/8`).
    let stored_as = move || {
        if peer_type() != PeerType::Custom {
            return None;
        }
        let typed = fields.with(|f| f.peer.trim().to_owned());
        let stored = rows.peers.with(|p| p.resolve(&typed)).ok()?;
        let shown = labels::peer_text(&stored);
        (shown != typed).then_some(shown)
    };
    let icmp_v6 = move || kind() == Some(Kind::CustomIcmpV6);
    let marked = move || rows.marked.with(|m| m.as_ref().is_some_and(|m| fields.with(|f| f.id == *m)));
    let icmp_type_number = move || fields.with(|f| f.icmp_type.trim().parse::<i32>().ok());

    // A text field is inside its label rather than tied to it by `for` and `id`: a row's number
    // in those ids is what gzip cannot share between rows (4 KB of a 120-rule copy's page). A
    // select keeps them: inside its label, its options' text would be read as the label's too.
    // A field's `value` attribute is the row as the page was made; in the browser, `prop:value`
    // follows the row where the row can change it (a type's fixed ports, My IP), and what is
    // typed is the row.
    view! {
        <fieldset
            class=move || if marked() { "rule-row marked" } else { "rule-row" }
            aria-describedby=move || {
                let ids: Vec<String> = [problems().rule.map(|_| id("rule-error")), marked().then(|| id("marked"))]
                    .into_iter()
                    .flatten()
                    .collect();
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        >
            <legend>{move || td_string!(locale, editor.rule_n, n = index.get() + 1)}</legend>
            {move || marked().then(|| view! { <p class="marked-note" id=id("marked")>{td_string!(locale, editor.marked)}</p> })}
            // A rule's id goes back with its row; a new row has none, and sends none.
            {fields
                .with_untracked(|f| (!f.id.is_empty()).then(|| f.id.clone()))
                .map(|rule_id| view! { <input type="hidden" name=name("id") value=rule_id /> })}
            <div class="field">
                <label>
                    {td_string!(locale, editor.rule_id)}
                    <input
                        type="text"
                        size="22"
                        readonly
                        value=fields.with_untracked(|f| if f.id.is_empty() { "-".to_owned() } else { f.id.clone() })
                    />
                </label>
            </div>
            <div class="field">
                <label for=id("kind")>{td_string!(locale, editor.type_label)}</label>
                <select
                    id=id("kind")
                    name=name("kind")
                    prop:value=move || fields.with(|f| f.kind.clone())
                    on:change=move |ev| {
                        set(|f, v| f.kind = v)(ev);
                        touched.set(true);
                    }
                    aria-invalid=invalid(|p| p.kind.clone())
                >
                    // The option selected as the page was made; then the select's value follows the row.
                    {Kind::all()
                        .map(|k| {
                            let selected = fields.with_untracked(|f| f.kind == k.key());
                            view! { <option value=k.key() selected=selected>{labels::kind_label(k, locale)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label>
                    {td_string!(locale, editor.protocol)}
                    <input
                        name=name("protocol")
                        type="text"
                        inputmode="numeric"
                        size="8"
                        readonly=move || kind() != Some(Kind::CustomProtocol)
                        value=untrack(protocol_value)
                        prop:value=protocol_value
                        on:input=set(|f, v| f.protocol = v)
                        on:change=mark_touched
                        aria-invalid=invalid(|p| p.protocol.clone())
                        aria-describedby=described("protocol", |p| p.protocol.clone())
                    />
                </label>
                {error("protocol", |p| p.protocol.clone())}
            </div>
            {move || if kind().is_some_and(Kind::is_custom_icmp) {
                Either::Left(view! {
                    <div class="field">
                        <label for=id("icmp-type")>{td_string!(locale, editor.icmp_type)}</label>
                        <select
                            id=id("icmp-type")
                            name=name("icmp_type")
                            on:change=move |ev| {
                                set(|f, v| {
                                    f.icmp_type = v;
                                    f.icmp_code = "-1".into();
                                })(ev);
                                touched.set(true);
                            }
                            aria-invalid=invalid(|p| p.icmp_type.clone())
                            aria-describedby=described("icmp-type", |p| p.icmp_type.clone())
                        >
                            <option value="" selected=move || icmp_type_number().is_none()>{td_string!(locale, editor.choose)}</option>
                            {move || {
                                let v6 = icmp_v6();
                                let protocol = if v6 { Protocol::Icmpv6 } else { Protocol::Icmp };
                                IcmpType::choices(v6)
                                    .iter()
                                    .map(|&number| {
                                        let label = labels::icmp_type_label(protocol, number, locale);
                                        view! { <option value=number.to_string() selected=move || icmp_type_number() == Some(number)>{label}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        {error("icmp-type", |p| p.icmp_type.clone())}
                    </div>
                    <div class="field">
                        <label for=id("icmp-code")>{td_string!(locale, editor.icmp_code)}</label>
                        <select
                            id=id("icmp-code")
                            name=name("icmp_code")
                            on:change=move |ev| {
                                set(|f, v| f.icmp_code = v)(ev);
                                touched.set(true);
                            }
                            aria-invalid=invalid(|p| p.icmp_code.clone())
                            aria-describedby=described("icmp-code", |p| p.icmp_code.clone())
                        >
                            <option value="-1">{td_string!(locale, ports.all)}</option>
                            {move || {
                                let code = fields.with(|f| f.icmp_code.trim().parse::<i32>().ok());
                                icmp_codes(icmp_v6(), icmp_type_number().unwrap_or(-1))
                                    .iter()
                                    .map(|&(number, label)| view! { <option value=number.to_string() selected=code == Some(number)>{format!("{number}: {label}")}</option> })
                                    .collect_view()
                            }}
                        </select>
                        {error("icmp-code", |p| p.icmp_code.clone())}
                    </div>
                })
            } else {
                Either::Right(view! {
                    <div class="field">
                        <label>
                            {td_string!(locale, editor.port_range)}
                            <input
                                name=name("ports")
                                type="text"
                                size="12"
                                readonly=move || !kind().is_some_and(Kind::has_port_range)
                                value=untrack(ports_value)
                                prop:value=ports_value
                                on:input=set(|f, v| f.ports = v)
                                on:change=mark_touched
                                aria-invalid=invalid(|p| p.ports.clone())
                                aria-describedby=described("ports", |p| p.ports.clone())
                            />
                        </label>
                        {error("ports", |p| p.ports.clone())}
                    </div>
                })
            }}
            <div class="field">
                <label for=id("peer-type")>{match direction {
                    Direction::Inbound => td_string!(locale, editor.source_type),
                    Direction::Outbound => td_string!(locale, editor.destination_type),
                }}</label>
                <select
                    id=id("peer-type")
                    name=name("peer_type")
                    prop:value=move || fields.with(|f| f.peer_type.clone())
                    on:change=move |ev| {
                        set(|f, v| f.peer_type = v)(ev);
                        touched.set(true);
                    }
                >
                    {PeerType::ALL
                        .into_iter()
                        .map(|t| {
                            let selected = fields.with_untracked(|f| f.peer_type() == t);
                            view! { <option value=t.key() selected=selected>{labels::peer_type_label(t, locale)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field-grow">
                <label>
                    {match direction {
                        Direction::Inbound => td_string!(locale, editor.source),
                        Direction::Outbound => td_string!(locale, editor.destination),
                    }}
                    <input
                        name=name("peer")
                        type="text"
                        list=PEER_SUGGESTIONS
                        autocomplete="off"
                        spellcheck="false"
                        readonly=move || peer_type() != PeerType::Custom
                        value=untrack(peer_value)
                        prop:value=peer_value
                        on:input=set(|f, v| f.peer = v)
                        on:change=mark_touched
                        aria-invalid=invalid(|p| p.peer.clone())
                        aria-describedby=described("peer", |p| p.peer.clone())
                    />
                </label>
                {error("peer", |p| p.peer.clone())}
                {move || stored_as().map(|shown| view! { <p class="hint">{td_string!(locale, editor.stored_as, value = shown)}</p> })}
            </div>
            <div class="field field-grow">
                <label>
                    {td_string!(locale, editor.description)}
                    <input
                        name=name("description")
                        type="text"
                        value=fields.with_untracked(|f| f.description.clone())
                        on:input=set(|f, v| f.description = v)
                        on:change=mark_touched
                        aria-invalid=invalid(|p| p.description.clone())
                        aria-describedby=described("description", |p| p.description.clone())
                    />
                </label>
                {error("description", |p| p.description.clone())}
            </div>
            <button
                type="submit"
                class="secondary"
                name="op"
                value=move || format!("delete:{list}:{}", index.get())
                on:click=move |ev| {
                    ev.prevent_default();
                    rows.remove(key);
                }
            >
                {td_string!(locale, editor.delete)}
            </button>
            {error("rule", |p| p.rule.clone())}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PeerGroup, PeerPrefixList};

    #[test]
    fn an_islands_peers_leave_the_groups_to_the_pages_suggestions() {
        let group = PeerGroup { id: "sg-0aaaaaaaaaaaaaaaa".into(), name: Some("web".into()), owner: None };
        let list = PeerPrefixList { id: "pl-1".into(), name: "office".into(), max_entries: 5, ipv6: false };
        let peers = Peers { groups: vec![group], prefix_lists: vec![list.clone()], my_ip: None };
        let props: Peers =
            serde_json::from_value(serde_json::to_value(EditorPeers(peers)).expect("JSON")).expect("Peers");
        assert!(props.groups.is_empty(), "the groups are in the page's datalist only");
        assert_eq!(props.prefix_lists, [list]);
    }
}
