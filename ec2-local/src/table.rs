//! A region's resources of one kind, keyed by id, remembering which rows changed so that a
//! request's changes can be written (or rolled back) as one transaction.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct Table<T> {
    rows: BTreeMap<String, T>,
    changed: BTreeSet<String>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self { rows: BTreeMap::new(), changed: BTreeSet::new() }
    }
}

impl<T> Table<T> {
    pub fn get(&self, id: &str) -> Option<&T> {
        self.rows.get(id)
    }

    /// The row for changing; it counts as changed.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        let row = self.rows.get_mut(id)?;
        self.changed.insert(id.to_owned());
        Some(row)
    }

    pub fn insert(&mut self, id: String, row: T) {
        self.changed.insert(id.clone());
        self.rows.insert(id, row);
    }

    pub fn remove(&mut self, id: &str) -> Option<T> {
        self.changed.insert(id.to_owned());
        self.rows.remove(id)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Rows in id order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    /// Ids changed since the last call, emptied.
    pub fn take_changed(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Puts a row back as stored, or removes it, without counting it as changed (rollback, loading).
    pub fn restore(&mut self, id: &str, row: Option<T>) {
        match row {
            Some(row) => self.rows.insert(id.to_owned(), row),
            None => self.rows.remove(id),
        };
    }
}
