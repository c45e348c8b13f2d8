//! Launch templates and the security groups each version launches with.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub default_version: i64,
    pub latest_version: i64,
    /// Lowest number first.
    pub versions: Vec<TemplateVersion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub number: i64,
    pub description: Option<String>,
    /// The groups it launches with: the instance's, or its network interfaces'.
    pub groups: Vec<String>,
    /// Its groups are set on its network interfaces. A new version with other groups would
    /// have to restate every setting of those interfaces, which the console does not read,
    /// so it offers no new version from such a one.
    pub groups_on_interfaces: bool,
}

impl LaunchTemplate {
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.id)
    }

    pub fn version(&self, number: i64) -> Option<&TemplateVersion> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The version numbers that name `group_id`, lowest first.
    pub fn versions_naming(&self, group_id: &str) -> Vec<i64> {
        self.versions.iter().filter(|v| v.groups.iter().any(|g| g == group_id)).map(|v| v.number).collect()
    }
}
