//! `Filter.N.Name`/`Filter.N.Value.M` and `MaxResults`/`NextToken`, shared by the Describe actions.

use std::collections::HashSet;

use wildmatch::WildMatch;

use crate::error::{Ec2Error, Result};
use crate::model::Tags;
use crate::query::Params;

/// One filter of a request, its values made ready to match once: a Describe checks every
/// resource against them, and the console asks for the rules of 200 groups at a time (at 2,500
/// groups x 120 rules, compiling each value for each rule took seconds a page).
pub struct Filter {
    pub name: String,
    /// The values without wildcards.
    exact: HashSet<String>,
    /// The values with `*` or `?`.
    patterns: Vec<WildMatch>,
}

/// The filters of a request, checked against the names the action supports (`tag:` keys always).
pub fn parse(params: &Params, known: &[&str]) -> Result<Vec<Filter>> {
    let filters = params.filters()?;
    if let Some(unknown) = filters.iter().find(|f| !f.name.starts_with("tag:") && !known.contains(&f.name.as_str())) {
        return Err(Ec2Error::invalid_value(format!(
            "The filter '{}' is invalid. Supported filters: {}, tag:<key>.",
            unknown.name,
            known.join(", ")
        )));
    }
    Ok(filters
        .into_iter()
        .map(|filter| {
            let (wild, exact): (Vec<String>, Vec<String>) =
                filter.values.into_iter().partition(|value| value.contains(['*', '?']));
            Filter {
                name: filter.name,
                exact: exact.into_iter().collect(),
                patterns: wild.iter().map(|p| WildMatch::new(p)).collect(),
            }
        })
        .collect())
}

/// Whether a resource passes every filter: for each filter, one of its values (`*` and `?` are
/// wildcards) matches one of the resource's values for that name. `values` answers for the
/// action's own names; tag filters are answered from `tags`.
pub fn matches(filters: &[Filter], tags: &Tags, values: impl Fn(&str) -> Vec<String>) -> bool {
    filters.iter().all(|filter| {
        let have = match filter.name.as_str() {
            "tag-key" => tags.keys().cloned().collect(),
            "tag-value" => tags.values().cloned().collect(),
            name => match name.strip_prefix("tag:") {
                Some(key) => tags.get(key).cloned().into_iter().collect(),
                None => values(name),
            },
        };
        have.iter().any(|v| filter.exact.contains(v) || filter.patterns.iter().any(|pattern| pattern.matches(v)))
    })
}

/// DescribeInstances and DescribeNetworkInterfaces page through everything or answer for the
/// ids asked for, not both.
pub fn ids_or_pages(params: &Params, ids: &[String], ids_parameter: &str) -> Result<()> {
    if !ids.is_empty() && params.get("MaxResults").is_some() {
        return Err(Ec2Error::combination(format!(
            "The parameter {ids_parameter} cannot be used with the parameter maxResults."
        )));
    }
    Ok(())
}

/// One page of `items`, in order of id, after `NextToken`, at most `MaxResults` (from `min` to
/// `max`; without it, everything). The token is the last id of the page.
pub fn page<T>(
    mut items: Vec<T>,
    id: impl Fn(&T) -> &str,
    params: &Params,
    (min, max): (i64, i64),
) -> Result<(Vec<T>, Option<String>)> {
    let limit = match params.int("MaxResults")? {
        Some(n) if !(min..=max).contains(&n) => {
            return Err(Ec2Error::invalid_value(format!(
                "Value ({n}) for parameter maxResults is invalid. Expecting a value between {min} and {max}."
            )));
        }
        n => n.map(|n| n as usize),
    };
    // The token is an id, so pages follow id order whatever order the items are kept in
    // (a prefix list keeps its entries in the order they were added).
    items.sort_by(|a, b| id(a).cmp(id(b)));
    let after = params.get("NextToken");
    let mut items: Vec<T> = match after {
        Some(token) => items.into_iter().skip_while(|item| id(item) <= token).collect(),
        None => items,
    };
    let next = match limit {
        Some(limit) if items.len() > limit => {
            items.truncate(limit);
            items.last().map(|item| id(item).to_owned())
        }
        _ => None,
    };
    Ok((items, next))
}
