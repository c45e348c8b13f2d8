//! The EC2 Query protocol's request side: `Action=...&IpPermissions.1.IpRanges.1.CidrIp=...`.
//!
//! Lists are flattened with 1-based indexes; a structure's members follow its prefix and a dot.

use std::collections::BTreeMap;

use crate::error::{Ec2Error, Result};

/// The parameters of one request, or of one member of a list within it.
#[derive(Debug, Clone, Default)]
pub struct Params {
    map: BTreeMap<String, String>,
}

impl Params {
    pub fn parse(body: &[u8]) -> Self {
        Self { map: form_urlencoded::parse(body).into_owned().collect() }
    }

    /// A string parameter; an empty value counts as given (EC2 then rejects it as invalid).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    pub fn required(&self, key: &str) -> Result<&str> {
        self.get(key).ok_or_else(|| Ec2Error::missing(key))
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>> {
        self.get(key)
            .map(|v| {
                v.trim().parse::<i64>().map_err(|_| {
                    Ec2Error::invalid_value(format!("Invalid value '{v}' for {key}. It must be an integer."))
                })
            })
            .transpose()
    }

    pub fn bool(&self, key: &str) -> Result<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => {
                Err(Ec2Error::invalid_value(format!("Invalid value '{v}' for {key}. It must be true or false.")))
            }
        }
    }

    /// The members of the list `prefix.1`, `prefix.2`, ... (scalars), in index order.
    pub fn strings(&self, prefix: &str) -> Vec<String> {
        self.indexed(prefix).into_values().filter_map(|p| p.get("").map(str::to_owned)).collect()
    }

    /// The members of the list `prefix.N.*` (structures), each as its own `Params`, in index order.
    pub fn structs(&self, prefix: &str) -> Vec<Params> {
        self.indexed(prefix).into_values().collect()
    }

    /// The members of the structure `prefix.*`, or `None` when none is given.
    pub fn nested(&self, prefix: &str) -> Option<Params> {
        let lead = format!("{prefix}.");
        let map: BTreeMap<_, _> = self
            .map
            .iter()
            .filter_map(|(k, v)| k.strip_prefix(&lead).map(|rest| (rest.to_owned(), v.clone())))
            .collect();
        (!map.is_empty()).then_some(Params { map })
    }

    fn indexed(&self, prefix: &str) -> BTreeMap<u32, Params> {
        let lead = format!("{prefix}.");
        let mut out: BTreeMap<u32, Params> = BTreeMap::new();
        for (key, value) in &self.map {
            let Some(rest) = key.strip_prefix(&lead) else {
                continue;
            };
            let (index, member) = rest.split_once('.').unwrap_or((rest, ""));
            let Ok(index) = index.parse::<u32>() else {
                continue;
            };
            out.entry(index).or_default().map.insert(member.to_owned(), value.clone());
        }
        out
    }
}

/// `Filter.N.Name` with its values `Filter.N.Value.M`.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Params {
    pub fn filters(&self) -> Result<Vec<Filter>> {
        self.structs("Filter")
            .into_iter()
            .map(|f| {
                let name = f.required("Name")?.to_owned();
                Ok(Filter { values: f.strings("Value"), name })
            })
            .collect()
    }

    /// The tags that `TagSpecification.N` gives resources of `resource_type`, as (key, value)
    /// pairs. Specifications may name only the types in `taggable` (RunInstances tags
    /// instances, volumes and network interfaces; most requests tag one type).
    pub fn tag_specifications(&self, taggable: &[&str], resource_type: &str) -> Result<Vec<(String, String)>> {
        let mut tags = Vec::new();
        for spec in self.structs("TagSpecification") {
            let kind = spec.get("ResourceType").unwrap_or_default();
            if !taggable.contains(&kind) {
                return Err(Ec2Error::invalid_value(format!(
                    "'{kind}' is not a valid taggable resource type for this operation. Use one of: {}.",
                    taggable.join(", ")
                )));
            }
            if kind == resource_type {
                tags.extend(spec.tags("Tag")?);
            }
        }
        Ok(tags)
    }

    /// A list of `Key`/`Value` structures.
    pub fn tags(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        self.structs(prefix)
            .into_iter()
            .map(|t| Ok((t.required("Key")?.to_owned(), t.get("Value").unwrap_or_default().to_owned())))
            .collect()
    }
}

impl Params {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self { map: pairs.into_iter().collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_lists_come_back_in_index_order() {
        let p = Params::parse(
            b"GroupId.2=sg-b&GroupId.1=sg-a&GroupId.10=sg-c&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0%2F8&IpPermissions.1.IpProtocol=tcp",
        );
        assert_eq!(p.strings("GroupId"), ["sg-a", "sg-b", "sg-c"]);
        let perms = p.structs("IpPermissions");
        assert_eq!(perms.len(), 1);
        assert_eq!(perms[0].get("IpProtocol"), Some("tcp"));
        assert_eq!(perms[0].structs("IpRanges")[0].get("CidrIp"), Some("10.0.0.0/8"));
    }
}
