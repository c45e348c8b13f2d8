//! Instances, their network interfaces and the security groups each carries, and the set of
//! groups a person chooses for an interface or a launch template version (EC2-FACTS.md: 1 to 5
//! groups of the instance's VPC, changed while it is running or stopped).

use serde::{Deserialize, Serialize};

/// EC2's limit of groups on one network interface (`SecurityGroupsPerInterfaceLimitExceeded`).
pub const MAX_GROUPS_PER_INTERFACE: usize = 5;

/// Rows per page of the instances table.
pub const INSTANCES_PAGE_SIZE: usize = 50;

/// EC2's instance states, in their life's order.
pub const INSTANCE_STATES: [&str; 6] = ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"];

/// A security group as a choice: its id, name and VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
    pub vpc_id: String,
}

impl GroupRef {
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub name: Option<String>,
    /// EC2's state name, one of [`INSTANCE_STATES`].
    pub state: String,
    pub vpc_id: String,
    /// By device index, the primary (0) first.
    pub interfaces: Vec<Interface>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub id: String,
    pub device_index: i32,
    pub description: String,
    pub groups: Vec<GroupRef>,
}

impl Instance {
    /// `i-… (Name)`, or the id alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({name})", self.id),
            None => self.id.clone(),
        }
    }

    /// EC2 changes an instance's groups only while it is running or stopped.
    pub fn changeable(&self) -> bool {
        matches!(self.state.as_str(), "running" | "stopped")
    }

    /// The groups of all its interfaces, each once, in order.
    pub fn groups(&self) -> Vec<&GroupRef> {
        let mut groups: Vec<&GroupRef> = Vec::new();
        for group in self.interfaces.iter().flat_map(|i| &i.groups) {
            if !groups.iter().any(|g| g.id == group.id) {
                groups.push(group);
            }
        }
        groups
    }

    /// The interface with `id`, or the primary one when `id` is empty.
    pub fn interface(&self, id: &str) -> Option<&Interface> {
        match id {
            "" => self.interfaces.first(),
            id => self.interfaces.iter().find(|i| i.id == id),
        }
    }
}

/// What is wrong with a chosen set of groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupSetProblem {
    /// None chosen: an interface needs one, and a template version made from another keeps
    /// the other's groups when none are given.
    Empty,
    /// More than [`MAX_GROUPS_PER_INTERFACE`].
    TooMany(usize),
    /// Not one of the groups that may be chosen (another VPC's, or gone).
    NotAvailable(String),
    /// Groups of different VPCs, which no launch accepts.
    SeveralVpcs,
}

/// The first problem of `chosen` (group ids) among the groups that may be chosen, `available`.
pub fn check_group_set(chosen: &[String], available: &[GroupRef]) -> Option<GroupSetProblem> {
    let mut vpcs = Vec::new();
    for id in chosen {
        match available.iter().find(|g| g.id == *id) {
            Some(group) if !vpcs.contains(&&group.vpc_id) => vpcs.push(&group.vpc_id),
            Some(_) => {}
            None => return Some(GroupSetProblem::NotAvailable(id.clone())),
        }
    }
    if chosen.is_empty() {
        Some(GroupSetProblem::Empty)
    } else if chosen.len() > MAX_GROUPS_PER_INTERFACE {
        Some(GroupSetProblem::TooMany(chosen.len()))
    } else if vpcs.len() > 1 {
        Some(GroupSetProblem::SeveralVpcs)
    } else {
        None
    }
}

/// Why "Add security group" added nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PickProblem {
    /// What was typed names none of the groups that may be chosen.
    NotFound(String),
    AlreadyChosen(String),
}

/// The group `typed` names among `available`: by id, or by name (EC2 keeps names unique in a
/// VPC regardless of case).
pub fn find_group<'a>(available: &'a [GroupRef], typed: &str) -> Option<&'a GroupRef> {
    let typed = typed.trim();
    available.iter().find(|g| g.id == typed).or_else(|| available.iter().find(|g| g.name.eq_ignore_ascii_case(typed)))
}

/// Adds the group `typed` names to `chosen`.
pub fn add_group(chosen: &mut Vec<String>, available: &[GroupRef], typed: &str) -> Result<(), PickProblem> {
    let group = find_group(available, typed).ok_or_else(|| PickProblem::NotFound(typed.trim().to_owned()))?;
    if chosen.contains(&group.id) {
        return Err(PickProblem::AlreadyChosen(group.label()));
    }
    chosen.push(group.id.clone());
    Ok(())
}

/// The groups added and removed going from `before` to `after`.
pub fn group_set_changes(before: &[String], after: &[String]) -> (Vec<String>, Vec<String>) {
    let added = after.iter().filter(|g| !before.contains(g)).cloned().collect();
    let removed = before.iter().filter(|g| !after.contains(g)).cloned().collect();
    (added, removed)
}

/// What the instances table shows: which group and state, which page. It lives in the URL, so
/// anything unknown falls back to no filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceQuery {
    pub group: Option<String>,
    pub state: Option<String>,
    /// 1-based.
    pub page: usize,
}

impl Default for InstanceQuery {
    fn default() -> Self {
        InstanceQuery { group: None, state: None, page: 1 }
    }
}

impl InstanceQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let plain = |s: &String| s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        InstanceQuery {
            group: get("group").filter(|g| g.starts_with("sg-") && plain(g)),
            state: get("state").filter(|s| INSTANCE_STATES.contains(&s.as_str())),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The instances page for this query in `region`.
    pub fn href(&self, region: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("region", region);
        if let Some(group) = &self.group {
            query.append_pair("group", group);
        }
        if let Some(state) = &self.state {
            query.append_pair("state", state);
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        format!("/instances?{}", query.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(id: &str, name: &str, vpc: &str) -> GroupRef {
        GroupRef { id: id.into(), name: name.into(), vpc_id: vpc.into() }
    }

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_group_set_has_one_to_five_groups_of_one_vpc() {
        let available: Vec<GroupRef> = (1..=6)
            .map(|n| group(&format!("sg-{n}"), &format!("g{n}"), "vpc-1"))
            .chain([group("sg-9", "other", "vpc-2")])
            .collect();
        assert_eq!(check_group_set(&ids(&["sg-1"]), &available), None);
        assert_eq!(check_group_set(&[], &available), Some(GroupSetProblem::Empty));
        let five = ids(&["sg-1", "sg-2", "sg-3", "sg-4", "sg-5"]);
        assert_eq!(check_group_set(&five, &available), None);
        let six = ids(&["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"]);
        assert_eq!(check_group_set(&six, &available), Some(GroupSetProblem::TooMany(6)));
        assert_eq!(check_group_set(&ids(&["sg-1", "sg-9"]), &available), Some(GroupSetProblem::SeveralVpcs));
        assert_eq!(
            check_group_set(&ids(&["sg-1", "sg-404"]), &available),
            Some(GroupSetProblem::NotAvailable("sg-404".into()))
        );
    }

    #[test]
    fn a_group_is_added_by_id_or_by_name_once() {
        let available = [group("sg-1", "web", "vpc-1"), group("sg-2", "db", "vpc-1")];
        let mut chosen = ids(&["sg-1"]);
        assert_eq!(add_group(&mut chosen, &available, " DB "), Ok(()));
        assert_eq!(add_group(&mut chosen, &available, "sg-1"), Err(PickProblem::AlreadyChosen("web (sg-1)".into())));
        assert_eq!(add_group(&mut chosen, &available, "cache"), Err(PickProblem::NotFound("cache".into())));
        assert_eq!(chosen, ids(&["sg-1", "sg-2"]));
        assert_eq!(group_set_changes(&ids(&["sg-1", "sg-3"]), &chosen), (ids(&["sg-2"]), ids(&["sg-3"])));
    }

    #[test]
    fn an_instance_changes_groups_only_when_running_or_stopped() {
        let interface = |id: &str, groups: Vec<GroupRef>| Interface {
            id: id.into(),
            device_index: 0,
            description: String::new(),
            groups,
        };
        let mut instance = Instance {
            id: "i-1".into(),
            name: Some("web-1".into()),
            state: "running".into(),
            vpc_id: "vpc-1".into(),
            interfaces: vec![
                interface("eni-1", vec![group("sg-1", "web", "vpc-1")]),
                interface("eni-2", vec![group("sg-1", "web", "vpc-1"), group("sg-2", "db", "vpc-1")]),
            ],
        };
        assert_eq!(instance.label(), "i-1 (web-1)");
        assert_eq!(instance.groups().iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["sg-1", "sg-2"]);
        assert_eq!(instance.interface("").map(|i| i.id.as_str()), Some("eni-1"));
        assert_eq!(instance.interface("eni-2").map(|i| i.id.as_str()), Some("eni-2"));
        assert!(instance.interface("eni-9").is_none());
        for (state, changeable) in INSTANCE_STATES.iter().zip([false, true, false, true, false, false]) {
            instance.state = (*state).into();
            assert_eq!(instance.changeable(), changeable, "{state}");
        }
    }

    #[test]
    fn the_instances_query_reads_back_from_its_url() {
        let query = InstanceQuery { group: Some("sg-1".into()), state: Some("running".into()), page: 2 };
        let href = query.href("us-east-1");
        assert_eq!(href, "/instances?region=us-east-1&group=sg-1&state=running&page=2");
        let params: Vec<(String, String)> =
            form_urlencoded::parse(href.split_once('?').expect("a query").1.as_bytes()).into_owned().collect();
        let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        assert_eq!(InstanceQuery::from_params(get), query);
        let odd = |name: &str| match name {
            "group" => Some("web<script>".to_owned()),
            "state" => Some("melting".to_owned()),
            _ => Some("0".to_owned()),
        };
        assert_eq!(InstanceQuery::from_params(odd), InstanceQuery::default());
    }
}
