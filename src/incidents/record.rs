//! Incident v1: one JSON object per incident, and how an incident is merged from its articles.
//!
//! The format is described field by field in the [module docs](super) and in
//! `docs/incident-v1.md`. Every list is sorted, so the same articles always give the same
//! bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::record::Precision;
use crate::vocab::{CauseCategory, CauseStatus, ErrorSignal};

use super::dates::{Day, IsoDay, When};
use super::member::Member;

/// The incident format version written in every incident.
pub const INCIDENT_SCHEMA_VERSION: u32 = 1;

/// One incident: the articles that report the same outage, merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Always [`INCIDENT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable id: the primary service, the start date and a hash of the article ids
    /// (`cloudflare-2025-11-18-9c1f0e2a`). The same articles always give the same id.
    pub incident_id: String,
    /// The ids of the grouped records, as `scan` wrote them, sorted.
    pub articles: Vec<String>,
    /// The service the incident is about (the failed provider, or the failed service), if
    /// any article names one.
    pub primary_service: Option<String>,
    /// Its vendor.
    pub vendor: Option<String>,
    /// Every service an article says failed, most reported first.
    pub affected_services: Vec<ServiceCount>,
    /// When it started: the most precise value the articles agree on.
    pub start: Option<IncidentDate>,
    /// Earliest publication date among the articles.
    pub first_report: Option<String>,
    /// Latest publication date among the articles.
    pub last_report: Option<String>,
    /// Languages of the articles, with counts.
    pub languages: Vec<LanguageCount>,
    /// The articles themselves.
    pub sources: Vec<SourceRef>,
    /// HTTP statuses seen, with the number of articles that report each.
    pub http_statuses: Vec<StatusCount>,
    /// Error signals, with the number of articles that report each.
    pub error_signals: Vec<SignalCount>,
    /// Causes, merged: the strongest status wins, and a `ruled_out` anywhere is kept.
    pub causes: Vec<MergedCause>,
    /// Whether the service is back, according to the latest article that says so.
    pub resolved: Option<bool>,
    /// Where the articles disagree.
    pub conflicts: Vec<Conflict>,
    /// Why an article stayed alone instead of joining an incident (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A service and how many articles say it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCount {
    /// Canonical name.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Number of articles.
    pub articles: usize,
}

/// An incident date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentDate {
    /// TimeML value (`2025-11-18`, `XXXX-11-18`, `2025-11`, …).
    pub value: String,
    /// Its precision.
    pub precision: Precision,
}

/// A language and how many articles are written in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageCount {
    /// Record language code (`it`, `fr`, `en`, `other`, `und`).
    pub code: String,
    /// Number of articles.
    pub articles: usize,
}

/// One article of an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Record id.
    pub id: String,
    /// The file it was read from.
    pub path: String,
    /// Its language code.
    pub language: String,
    /// Its publication date, if known.
    pub published: Option<String>,
    /// How the article came to be in this incident.
    pub joined_by: JoinedBy,
    /// How sure that is, from 0 to 1 (1 for an incident's only article and for articles that
    /// give the same incident day).
    pub confidence: f64,
}

/// How an article came to be in its incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinedBy {
    /// Its incident date (or publication date) is compatible with the incident's.
    Date,
    /// It has no usable date and its content matches this incident and no other.
    Content,
    /// It is the incident's only article.
    Alone,
}

impl JoinedBy {
    /// The name written in incident v1 (`date`, `content`, `alone`).
    pub fn as_str(self) -> &'static str {
        match self {
            JoinedBy::Date => "date",
            JoinedBy::Content => "content",
            JoinedBy::Alone => "alone",
        }
    }
}

/// How one article joined its incident: the rule and its confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Join {
    pub by: JoinedBy,
    pub confidence: f64,
}

/// An HTTP status and how many articles report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    /// The status code.
    pub http_status: u16,
    /// Number of articles.
    pub articles: usize,
}

/// An error signal and how many articles report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalCount {
    /// The signal.
    pub signal: ErrorSignal,
    /// Number of articles.
    pub articles: usize,
}

/// A cause as the articles together report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedCause {
    /// Category.
    pub category: CauseCategory,
    /// The strongest status any article gives it: `confirmed` over `suspected` over
    /// `ruled_out`.
    pub status: CauseStatus,
    /// Articles that confirm it.
    pub confirmed: usize,
    /// Articles that suspect it.
    pub suspected: usize,
    /// Articles that rule it out (kept even when others confirm it).
    pub ruled_out: usize,
}

/// A disagreement between the articles of an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field: `incident_date`, `resolved` or `cause:<category>`.
    pub field: String,
    /// Each value and the articles that give it.
    pub values: Vec<ConflictValue>,
}

/// One side of a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as written (`2025-11-18`, `true`, `ruled_out`).
    pub value: String,
    /// The articles that give it.
    pub articles: Vec<String>,
}

impl Incident {
    /// The first day of the start date, when it has a year.
    pub fn start_day(&self) -> Option<Day> {
        let when = When::parse(&self.start.as_ref()?.value)?;
        matches!(when, When::Day(_) | When::Span { .. }).then(|| when.first())
    }

    /// The day to place the incident at on a timeline: its start, else its first report.
    pub fn timeline_day(&self) -> Option<Day> {
        self.start_day()
            .or_else(|| match When::parse(self.first_report.as_deref()?)? {
                When::Day(d) => Some(d),
                _ => None,
            })
    }

    /// Merges `members` (at least one) into an incident.
    pub(crate) fn merge(
        members: &[&Member],
        joins: &[Option<Join>],
        reason: Option<String>,
    ) -> Incident {
        let mut articles: Vec<String> = members.iter().map(|m| m.id.clone()).collect();
        articles.sort();
        let (primary_service, vendor) = primary(members);
        let start = start_date(members);
        let alone = members.len() == 1;
        let mut sources: Vec<SourceRef> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let join = match joins.get(i).copied().flatten() {
                    _ if alone => Join {
                        by: JoinedBy::Alone,
                        confidence: 1.0,
                    },
                    Some(join) => join,
                    None => Join {
                        by: JoinedBy::Date,
                        confidence: 1.0,
                    },
                };
                SourceRef {
                    id: m.id.clone(),
                    path: m.path.clone(),
                    language: m.language.to_string(),
                    published: m.published.clone(),
                    joined_by: join.by,
                    confidence: join.confidence,
                }
            })
            .collect();
        sources.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        let reports: Vec<Day> = members.iter().filter_map(|m| m.published_day).collect();
        let first_report = reports.iter().min().map(|d| IsoDay(*d).to_string());
        let last_report = reports.iter().max().map(|d| IsoDay(*d).to_string());

        let languages = counts(members.iter().map(|m| m.language.to_string()))
            .into_iter()
            .map(|(code, articles)| LanguageCount { code, articles })
            .collect();
        let http_statuses = counts(members.iter().flat_map(|m| m.statuses.iter().copied()))
            .into_iter()
            .map(|(http_status, articles)| StatusCount {
                http_status,
                articles,
            })
            .collect();
        let error_signals = counts(members.iter().flat_map(|m| m.signals.iter().copied()))
            .into_iter()
            .map(|(signal, articles)| SignalCount { signal, articles })
            .collect();
        let mut affected: BTreeMap<(String, String), usize> = BTreeMap::new();
        for m in members {
            for s in &m.affected {
                *affected
                    .entry((s.name.to_string(), s.vendor.to_string()))
                    .or_default() += 1;
            }
        }
        let mut affected_services: Vec<ServiceCount> = affected
            .into_iter()
            .map(|((name, vendor), articles)| ServiceCount {
                name,
                vendor,
                articles,
            })
            .collect();
        // Most reported first; on a tie the primary service leads.
        affected_services.sort_by(|a, b| {
            let not_primary =
                |s: &ServiceCount| primary_service.as_deref() != Some(s.name.as_str());
            b.articles
                .cmp(&a.articles)
                .then(not_primary(a).cmp(&not_primary(b)))
                .then(a.name.cmp(&b.name))
        });

        let mut conflicts = Vec::new();
        let causes = merge_causes(members, &mut conflicts);
        let resolved = latest_resolved(members, &mut conflicts);
        if let Some(c) = date_conflict(members) {
            conflicts.insert(0, c);
        }

        let incident_id = incident_id(primary_service.as_deref(), start.as_ref(), &articles);
        Incident {
            schema_version: INCIDENT_SCHEMA_VERSION,
            incident_id,
            articles,
            primary_service,
            vendor,
            affected_services,
            start,
            first_report,
            last_report,
            languages,
            sources,
            http_statuses,
            error_signals,
            causes,
            resolved,
            conflicts,
            reason,
        }
    }
}

/// The incident's service: the root most articles share (a provider that a victim-only article
/// names counts for it); ties go to the service more articles name as affected, then to the
/// name.
fn primary(members: &[&Member]) -> (Option<String>, Option<String>) {
    let mut roots: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for m in members {
        if let Some(r) = m.root_service() {
            roots.entry((&r.name, &r.vendor)).or_default().0 += 1;
        }
        // A victim-only article that names a provider speaks for it too.
        for p in &m.named_providers {
            roots.entry((&p.name, &p.vendor)).or_default().0 += 1;
        }
    }
    let keys: Vec<(&str, &str)> = roots.keys().copied().collect();
    for key in keys {
        let named = members
            .iter()
            .filter(|m| m.affected.iter().any(|s| &*s.name == key.0))
            .count();
        if let Some(entry) = roots.get_mut(&key) {
            entry.1 = named;
        }
    }
    roots
        .into_iter()
        .max_by(|(ka, a), (kb, b)| a.cmp(b).then(kb.cmp(ka)))
        .map(|((name, vendor), _)| (Some(name.to_string()), Some(vendor.to_string())))
        .unwrap_or((None, None))
}

/// How specific a date value is, for choosing the start: a full day beats a day without a
/// year, which beats a month, and so on.
fn rank(when: When, precision: Precision) -> u8 {
    match (when, precision) {
        (When::Day(_), _) => 5,
        (When::YearlessDay { .. }, _) => 4,
        (When::Span { .. }, Precision::Month) => 3,
        (When::YearlessMonth { .. }, _) => 2,
        _ => 1,
    }
}

/// The members' incident dates as written, with their parsed form.
fn written_dates<'a>(members: &'a [&'a Member]) -> Vec<(&'a str, When, Precision, &'a str)> {
    members
        .iter()
        .filter_map(|m| {
            let (value, precision) = m.incident_date.as_ref()?;
            Some((
                value.as_str(),
                When::parse(value)?,
                *precision,
                m.id.as_str(),
            ))
        })
        .collect()
}

/// The start: the most precise written date; among equally precise ones the earliest.
fn start_date(members: &[&Member]) -> Option<IncidentDate> {
    written_dates(members)
        .into_iter()
        .max_by(|a, b| {
            rank(a.1, a.2)
                .cmp(&rank(b.1, b.2))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(value, _, precision, _)| IncidentDate {
            value: value.to_string(),
            precision,
        })
}

/// Different written dates that are not compatible with each other (exactly, without the
/// time-zone slack) are a conflict, listed with the articles that give each.
fn date_conflict(members: &[&Member]) -> Option<Conflict> {
    let dates = written_dates(members);
    let clash = dates.iter().enumerate().any(|(i, a)| {
        dates
            .iter()
            .skip(i + 1)
            .any(|b| a.0 != b.0 && !a.1.compatible(b.1, 0))
    });
    if !clash {
        return None;
    }
    let mut values: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (value, _, _, id) in dates {
        values.entry(value).or_default().push(id.to_string());
    }
    Some(Conflict {
        field: "incident_date".into(),
        values: conflict_values(values),
    })
}

fn conflict_values(values: BTreeMap<&str, Vec<String>>) -> Vec<ConflictValue> {
    values
        .into_iter()
        .map(|(value, mut articles)| {
            articles.sort();
            ConflictValue {
                value: value.to_string(),
                articles,
            }
        })
        .collect()
}

/// Per category: counts per status and the strongest status. A cause that one article
/// confirms and another rules out is a conflict.
fn merge_causes(members: &[&Member], conflicts: &mut Vec<Conflict>) -> Vec<MergedCause> {
    let mut by_category: BTreeMap<CauseCategory, BTreeMap<CauseStatus, Vec<String>>> =
        BTreeMap::new();
    for m in members {
        for (category, status) in &m.causes {
            by_category
                .entry(*category)
                .or_default()
                .entry(*status)
                .or_default()
                .push(m.id.clone());
        }
    }
    let mut merged = Vec::new();
    for (category, statuses) in by_category {
        let count = |s: CauseStatus| statuses.get(&s).map_or(0, Vec::len);
        let (confirmed, suspected, ruled_out) = (
            count(CauseStatus::Confirmed),
            count(CauseStatus::Suspected),
            count(CauseStatus::RuledOut),
        );
        let status = if confirmed > 0 {
            CauseStatus::Confirmed
        } else if suspected > 0 {
            CauseStatus::Suspected
        } else {
            CauseStatus::RuledOut
        };
        if ruled_out > 0 && (confirmed > 0 || suspected > 0) {
            let values = statuses
                .iter()
                .map(|(s, ids)| (s.as_str(), ids.clone()))
                .collect();
            conflicts.push(Conflict {
                field: format!("cause:{category}"),
                values: conflict_values(values),
            });
        }
        merged.push(MergedCause {
            category,
            status,
            confirmed,
            suspected,
            ruled_out,
        });
    }
    merged.sort_by(|a, b| {
        strength(b.status)
            .cmp(&strength(a.status))
            .then((b.confirmed + b.suspected).cmp(&(a.confirmed + a.suspected)))
            .then(a.category.cmp(&b.category))
    });
    merged
}

fn strength(status: CauseStatus) -> u8 {
    match status {
        CauseStatus::Confirmed => 2,
        CauseStatus::Suspected => 1,
        CauseStatus::RuledOut => 0,
    }
}

/// The resolved flag of the latest report that gives one (by publication date, then id);
/// disagreement is a conflict.
fn latest_resolved(members: &[&Member], conflicts: &mut Vec<Conflict>) -> Option<bool> {
    let said: Vec<(&&Member, bool)> = members
        .iter()
        .filter_map(|m| m.resolved.map(|r| (m, r)))
        .collect();
    if said.iter().any(|(_, r)| *r) && said.iter().any(|(_, r)| !*r) {
        let mut values: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (m, r) in &said {
            values
                .entry(if *r { "true" } else { "false" })
                .or_default()
                .push(m.id.clone());
        }
        conflicts.push(Conflict {
            field: "resolved".into(),
            values: conflict_values(values),
        });
    }
    said.into_iter()
        .max_by(|(a, _), (b, _)| {
            (a.published_day.unwrap_or(Day::MIN), &a.id)
                .cmp(&(b.published_day.unwrap_or(Day::MIN), &b.id))
        })
        .map(|(_, r)| r)
}

/// Values and how many times each occurs, sorted by value.
fn counts<T: Ord>(items: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut map: BTreeMap<T, usize> = BTreeMap::new();
    for item in items {
        *map.entry(item).or_default() += 1;
    }
    map.into_iter().collect()
}

/// `<service slug>-<start or "undated">-<8 hex digits of the SHA-256 of the sorted ids>`.
fn incident_id(service: Option<&str>, start: Option<&IncidentDate>, articles: &[String]) -> String {
    let mut slug = String::new();
    for c in service.unwrap_or("unknown").chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let mut hash = Sha256::new();
    for id in articles {
        hash.update(id.as_bytes());
        hash.update(b"\n");
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let date = start.map_or("undated", |d| d.value.as_str());
    format!("{slug}-{}-{hex}", date.to_lowercase())
}
