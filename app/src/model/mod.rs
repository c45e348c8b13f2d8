//! The app's own types and pure logic, shared by the server and the browser. No I/O here:
//! the same code validates in a form as the user types and on the server.

mod account;
mod as_of;
mod audit;
mod backend;
mod findings;
mod group;
mod group_delete;
mod group_form;
mod instance;
mod launch_template;
mod listing;
mod notice;
mod reach;
mod risk;
mod rule;
mod rule_changes;
mod rule_form;
mod rule_type;
mod tags;
mod text;
mod usage;

pub use account::{Account, AccountProblem, MIN_PASSWORD_CHARS, Role, User, check_password, check_user_name};
pub use as_of::AsOf;
pub use audit::{Action, ActivityPage, ActivityQuery, AuditEntry, Outcome};
pub use backend::Backend;
pub use findings::{
    Check, Detail, FINDINGS_PAGE_SIZE, Finding, FindingsQuery, Found, OwnFindings, RegionUse, RuleIds, Severity,
    findings,
};
pub use group::{GroupSummary, SecurityGroup, Tag, Vpc};
pub use group_delete::{Blocker, CONFIRM_WORD, DeleteCheck, DeleteOutcome, confirmed};
pub use group_form::{
    GroupForm, GroupFormCheck, GroupProblem, MAX_GROUP_TEXT_CHARS, NEW_GROUP, check_group_description,
    check_group_name, default_outbound, foreign_references, naming_new_group, with_new_group,
};
pub use instance::{
    GroupRef, GroupSetProblem, INSTANCE_STATES, INSTANCES_PAGE_SIZE, Instance, InstanceQuery, Interface,
    MAX_GROUPS_PER_INTERFACE, PickProblem, add_group, check_group_set, find_group, group_set_changes,
};
pub use launch_template::{LaunchTemplate, TemplateVersion};
pub use listing::{GroupPage, ListQuery, SortKey, encode_query_value};
pub use notice::Notice;
pub use reach::{
    Carrier, PortAccess, PrefixEntries, ReachAnswer, ReachHit, ReachProblem, ReachQuery, Source, access_by_port,
    admits, member_of, who_can_reach,
};
pub use risk::{ADMIN_PORTS, Exposure, HIGH_RISK_PORTS, Warning, warnings};
pub use rule::{Direction, Peer, Ports, Protocol, Rule};
pub use rule_changes::{Call, ChangeHow, RuleChange, RuleChanges, SavePlan, Step};
pub use rule_form::{
    Kind, MAX_DESCRIPTION_CHARS, PeerGroup, PeerPrefixList, PeerType, Peers, Problem, QuotaExceeded,
    RULES_PER_DIRECTION, RowProblems, RuleRow, RulesCheck, port_range,
};
pub use rule_type::{IcmpType, RuleType, icmp_codes};
pub use tags::{MAX_TAGS, TagChanges, TagProblem, TagRow, TagsCheck, common_tags};
pub use text::{ec2_text_char, first_refused_char};
pub use usage::{GroupUsage, InstanceUse, InterfaceUse, ReferencingRule, TemplateUse};
