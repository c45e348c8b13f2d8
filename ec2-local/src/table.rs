//! A region's resources of one kind, keyed by id, remembering how each changed row was before
//! the current request, so that the request's changes can be written as one transaction or
//! undone without reading the file again.

use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Table<T> {
    rows: BTreeMap<String, T>,
    /// Rows changed since the last commit or rollback, as they were: `None` for a new row.
    before: BTreeMap<String, Option<T>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self { rows: BTreeMap::new(), before: BTreeMap::new() }
    }
}

impl<T: Clone> Table<T> {
    pub fn get(&self, id: &str) -> Option<&T> {
        self.rows.get(id)
    }

    /// The row for changing; it counts as changed.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        if !self.rows.contains_key(id) {
            return None;
        }
        self.remember(id);
        self.rows.get_mut(id)
    }

    pub fn insert(&mut self, id: String, row: T) {
        self.remember(&id);
        self.rows.insert(id, row);
    }

    pub fn remove(&mut self, id: &str) -> Option<T> {
        self.remember(id);
        self.rows.remove(id)
    }

    fn remember(&mut self, id: &str) {
        if !self.before.contains_key(id) {
            self.before.insert(id.to_owned(), self.rows.get(id).cloned());
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Rows in id order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    /// Ids changed since the last commit or rollback.
    pub fn changed(&self) -> impl Iterator<Item = &String> {
        self.before.keys()
    }

    /// The changes are written: forgets how the rows were.
    pub fn commit(&mut self) {
        self.before.clear();
    }

    /// Puts every changed row back as it was.
    pub fn rollback(&mut self) {
        for (id, row) in std::mem::take(&mut self.before) {
            match row {
                Some(row) => self.rows.insert(id, row),
                None => self.rows.remove(&id),
            };
        }
    }

    /// Puts a stored row in place without counting it as changed (loading the file).
    pub fn load(&mut self, id: &str, row: T) {
        self.rows.insert(id.to_owned(), row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_puts_back_what_changed_since_the_commit() {
        let mut table: Table<u32> = Table::default();
        table.insert("a".into(), 1);
        table.insert("b".into(), 2);
        table.commit();

        for value in [10, 11] {
            if let Some(row) = table.get_mut("a") {
                *row = value;
            }
        }
        table.remove("b");
        table.insert("c".into(), 3);
        assert_eq!(table.changed().cloned().collect::<Vec<_>>(), ["a", "b", "c"]);
        table.rollback();

        assert_eq!(table.values().copied().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(table.get("a"), Some(&1));
        assert_eq!(table.changed().count(), 0);
    }

    #[test]
    fn committed_changes_stay() {
        let mut table: Table<u32> = Table::default();
        table.insert("a".into(), 1);
        table.commit();
        table.rollback();
        assert_eq!(table.get("a"), Some(&1));
    }
}
