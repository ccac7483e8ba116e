//! The office tree: parents, children, depth, and "everything under X".

use crate::ledgers::model::Office;
use std::collections::{HashMap, HashSet};

/// An index over a list of offices. Offices whose parent is missing, or that
/// sit on a cycle, are treated as roots so that nothing is ever lost from view.
#[derive(Debug, Default, Clone)]
pub struct OfficeTree {
    index_of: HashMap<String, usize>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
}

impl OfficeTree {
    pub fn new(offices: &[Office]) -> OfficeTree {
        let mut index_of = HashMap::with_capacity(offices.len());
        for (index, office) in offices.iter().enumerate() {
            index_of.entry(office.code.clone()).or_insert(index);
        }
        let mut children = vec![Vec::new(); offices.len()];
        let mut roots = Vec::new();
        for (index, office) in offices.iter().enumerate() {
            let parent = office
                .parent
                .as_deref()
                .and_then(|p| index_of.get(p).copied())
                .filter(|&p| !reaches(offices, &index_of, p, index));
            match parent {
                Some(parent) => children[parent].push(index),
                None => roots.push(index),
            }
        }
        for list in children.iter_mut().chain(std::iter::once(&mut roots)) {
            crate::base::order::sort_by(list, |&a, &b| offices[a].code.cmp(&offices[b].code));
        }
        OfficeTree {
            index_of,
            children,
            roots,
        }
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index_of.get(code).copied()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index_of.contains_key(code)
    }

    /// Every office in tree order (parents before children), with its depth.
    pub fn walk(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.children.len());
        let mut stack: Vec<(usize, usize)> = self.roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((index, depth)) = stack.pop() {
            out.push((index, depth));
            for &child in self.children[index].iter().rev() {
                stack.push((child, depth + 1));
            }
        }
        out
    }

    /// Indices of the office and everything under it (empty if unknown).
    pub fn subtree(&self, code: &str) -> Vec<usize> {
        let Some(root) = self.index_of(code) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(index) = stack.pop() {
            out.push(index);
            stack.extend(self.children[index].iter().copied());
        }
        out
    }

    /// Codes of the office and everything under it.
    pub fn subtree_codes<'a>(&self, offices: &'a [Office], code: &str) -> HashSet<&'a str> {
        self.subtree(code)
            .into_iter()
            .map(|i| offices[i].code.as_str())
            .collect()
    }

    pub fn children_of(&self, code: &str) -> &[usize] {
        self.index_of(code)
            .map(|i| self.children[i].as_slice())
            .unwrap_or(&[])
    }

    /// Whether making `new_parent` the parent of `code` would put `code` under itself.
    pub fn would_cycle(&self, offices: &[Office], code: &str, new_parent: &str) -> bool {
        self.subtree(code)
            .into_iter()
            .any(|i| offices[i].code == new_parent)
            || code == new_parent
    }
}

/// Whether walking up from `from` reaches `target` (i.e. target is an ancestor of from, or from itself).
fn reaches(
    offices: &[Office],
    index_of: &HashMap<String, usize>,
    from: usize,
    target: usize,
) -> bool {
    let mut current = from;
    for _ in 0..=offices.len() {
        if current == target {
            return true;
        }
        match offices[current]
            .parent
            .as_deref()
            .and_then(|p| index_of.get(p).copied())
        {
            Some(parent) => current = parent,
            None => return false,
        }
    }
    true // longer than the list: a cycle above; keep the office as a root
}
