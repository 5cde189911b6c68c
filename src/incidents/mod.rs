//! Incidents: the articles that report the same outage, grouped and merged (incident v1).
//!
//! Ten outlets in three languages write about the same Cloudflare outage; a newsroom wants one
//! incident with ten sources. [`Grouper`] takes article records (as `scan` writes them) and
//! returns [`Incident`]s; [`report`] turns them into one HTML page.
//!
//! # How articles are grouped
//!
//! Only outage articles (`is_outage: true`) become incidents; error records are kept aside as
//! [`FailedInput`]s and other articles are counted.
//!
//! 1. **Root service.** When an article says a provider failed (a service of category
//!    `cloud`, `cdn` or `security` in the services lexicon: Cloudflare, AWS, Azure,
//!    CrowdStrike…), the incident is the provider's: a site down in a Cloudflare outage joins
//!    the Cloudflare incident. Otherwise it is the first affected service the article names.
//! 2. **Blocking.** Articles meet only under the same key: the vendor of the root service
//!    (Outlook and Microsoft 365 meet under `microsoft`), and also the vendor of the first
//!    affected service, so that "ChatGPT down (Azure to blame)" and "ChatGPT down" meet too.
//!    Nothing is compared across keys, so the cost is a sort per key, never all pairs.
//! 3. **Dates.** In a block, articles with a full incident day are sorted by day and swept:
//!    days within the tolerance (one day by default, for time zones) of the running group
//!    join it. A day without a year takes its year from the publication date when there is
//!    one (`XXXX-03-01` published `2025-03-02` is `2025-03-01`).
//! 4. **Less precise dates** join the one group they are compatible with: a month with the
//!    days of that month, a year with its days, a yearless day with the same day of any
//!    year. Several candidates: the article stays alone, with a `reason`. None: it groups
//!    with the articles that give the same value.
//! 5. **No incident date.** The article joins a group only when exactly one group of its
//!    block lies in its publication window (the publication date and the
//!    [`window_days`](GrouperBuilder::window_days) before it). Otherwise, or without a
//!    publication date, it stays alone with a `reason`.
//!
//! Groups found under different keys that share an article are one incident (union-find).
//! The result does not depend on input order: members are sorted by id first, incidents by
//! date, service and id, and `incident_id` is derived from the sorted article ids.
//!
//! # Incident v1
//!
//! One JSON object per incident (JSON Lines), fields always in this order:
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "incident_id": "cloudflare-2025-11-18-5d0c41a2",
//!   "articles": ["en/2025-11-18-cloudflare-outage.txt", "fr/2025-11-18-cloudflare-panne-geante.txt"],
//!   "primary_service": "Cloudflare",
//!   "vendor": "Cloudflare",
//!   "affected_services": [{"name": "Cloudflare", "vendor": "Cloudflare", "articles": 2},
//!                         {"name": "X", "vendor": "X Corp", "articles": 2}],
//!   "start": {"value": "2025-11-18", "precision": "day"},
//!   "first_report": "2025-11-18",
//!   "last_report": "2025-11-18",
//!   "languages": [{"code": "en", "articles": 1}, {"code": "fr", "articles": 1}],
//!   "sources": [{"id": "en/2025-11-18-cloudflare-outage.txt", "path": "corpus/articles/en/2025-11-18-cloudflare-outage.txt",
//!                "language": "en", "published": "2025-11-18"}, …],
//!   "http_statuses": [{"http_status": 500, "articles": 2}],
//!   "error_signals": [{"signal": "access_failure", "articles": 1}],
//!   "causes": [{"category": "configuration_error", "status": "confirmed", "confirmed": 1, "suspected": 0, "ruled_out": 0},
//!              {"category": "cyberattack", "status": "suspected", "confirmed": 0, "suspected": 1, "ruled_out": 1}],
//!   "resolved": true,
//!   "conflicts": [{"field": "cause:cyberattack", "values": [{"value": "ruled_out", "articles": ["en/…"]},
//!                                                         {"value": "suspected", "articles": ["fr/…"]}]}]
//! }
//! ```
//!
//! * `start` is the most precise incident date the articles give (a day over a yearless day
//!   over a month…), the earliest when several are equally precise; `null` when none gives one.
//! * `first_report`/`last_report` are the earliest and latest publication dates.
//! * Counts (`articles`) are numbers of articles, not of mentions.
//! * `causes`: per category the strongest status (`confirmed` > `suspected` > `ruled_out`),
//!   with the number of articles giving each status, so a `ruled_out` is never lost.
//! * `resolved`: the value of the latest article (by publication date) that says.
//! * `conflicts`: incident dates that cannot name the same day, `resolved` true in one article
//!   and false in another, a cause ruled out by one article and confirmed or suspected by
//!   another — each with the articles on each side.
//! * `reason` (only on single-article incidents that could not be placed): why, e.g.
//!   `no incident date, and 2 incidents of microsoft in the publication window`.

pub mod dates;
mod member;
pub mod output;
mod record;
pub mod report;

use std::collections::{BTreeMap, HashMap};

use crate::record::Record;

pub use member::{Providers, PROVIDER_CATEGORIES};
pub use record::{
    Conflict, ConflictValue, Incident, IncidentDate, LanguageCount, MergedCause, ServiceCount,
    SignalCount, SourceRef, StatusCount, INCIDENT_SCHEMA_VERSION,
};

use dates::{Day, When};
use member::{Interner, Member};

/// Default publication window for articles without an incident date: the 3 days before
/// publication (and the publication day).
pub const DEFAULT_WINDOW_DAYS: u32 = 3;

/// Default slack between incident days, for time zones: one day.
pub const DEFAULT_TOLERANCE_DAYS: u32 = 1;

/// An input that could not be processed (an error record), for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedInput {
    /// Record id.
    pub id: String,
    /// The path.
    pub path: String,
    /// The error kind (`io`, `too_large`, `binary`, `empty`, `decode`).
    pub kind: String,
    /// The message.
    pub message: String,
}

/// What grouping found.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// The incidents, sorted by date (undated last), primary service and id.
    pub incidents: Vec<Incident>,
    /// Error records, in id order.
    pub failed: Vec<FailedInput>,
    /// Article records seen (outage or not).
    pub articles: usize,
    /// Outage article records seen.
    pub outages: usize,
    /// Article records per language code (all articles, outage or not).
    pub languages: BTreeMap<String, usize>,
}

/// Options for a [`Grouper`].
#[derive(Debug, Clone)]
pub struct GrouperBuilder {
    window_days: u32,
    tolerance_days: u32,
    providers: Option<Providers>,
}

impl GrouperBuilder {
    /// How many days before its publication an undated article's incident may have started
    /// (default [`DEFAULT_WINDOW_DAYS`]).
    pub fn window_days(mut self, days: u32) -> Self {
        self.window_days = days.min(3650);
        self
    }

    /// How many days apart two incident days may be and still be the same incident (default
    /// [`DEFAULT_TOLERANCE_DAYS`]; 0 for exact days).
    pub fn tolerance_days(mut self, days: u32) -> Self {
        self.tolerance_days = days.min(366);
        self
    }

    /// Which services are providers (default: those of the embedded lexicons whose category
    /// is in [`PROVIDER_CATEGORIES`]).
    pub fn providers(mut self, providers: Providers) -> Self {
        self.providers = Some(providers);
        self
    }

    /// The grouper; fails only when the embedded lexicons cannot be loaded.
    pub fn build(self) -> Result<Grouper, crate::Error> {
        let providers = match self.providers {
            Some(p) => p,
            None => Providers::from_lexicons(&crate::Lexicons::embedded()?),
        };
        Ok(Grouper {
            window: Day::try_from(self.window_days).unwrap_or(3),
            tolerance: Day::try_from(self.tolerance_days).unwrap_or(1),
            providers,
            interner: Interner::default(),
            members: Vec::new(),
            grouping: Grouping::default(),
        })
    }
}

/// Groups article records into incidents.
///
/// ```
/// use outage_news::incidents::Grouper;
/// let pipeline = outage_news::Pipeline::builder().build()?;
/// let articles = [
///     ("en/a.txt", "Cloudflare outage takes X and ChatGPT down\nNovember 18, 2025\n\n\
///                   X and ChatGPT went down on Tuesday, November 18, 2025 with 500 errors after a Cloudflare outage."),
///     ("fr/b.txt", "Publié le 18 novembre 2025\nPanne géante de Cloudflare : X et ChatGPT inaccessibles ce mardi 18 novembre 2025."),
/// ];
/// let mut grouper = Grouper::builder().build()?;
/// for (id, text) in articles {
///     grouper.add(&pipeline.process(id, text.as_bytes()));
/// }
/// let grouping = grouper.finish();
/// assert_eq!(grouping.incidents.len(), 1);
/// assert_eq!(grouping.incidents[0].primary_service.as_deref(), Some("Cloudflare"));
/// assert_eq!(grouping.incidents[0].articles, ["en/a.txt", "fr/b.txt"]);
/// # Ok::<(), outage_news::Error>(())
/// ```
#[derive(Debug)]
pub struct Grouper {
    window: Day,
    tolerance: Day,
    providers: Providers,
    interner: Interner,
    members: Vec<Member>,
    grouping: Grouping,
}

impl Grouper {
    /// Options, starting from the defaults.
    pub fn builder() -> GrouperBuilder {
        GrouperBuilder {
            window_days: DEFAULT_WINDOW_DAYS,
            tolerance_days: DEFAULT_TOLERANCE_DAYS,
            providers: None,
        }
    }

    /// Takes one record into account (keeping only the fields grouping needs).
    pub fn add(&mut self, record: &Record) {
        if let Some(error) = record.error() {
            self.grouping.failed.push(FailedInput {
                id: record.id.clone(),
                path: record.source.path.clone(),
                kind: error.kind.as_str().to_string(),
                message: error.message.clone(),
            });
            return;
        }
        if let Some(article) = record.article() {
            self.grouping.articles += 1;
            *self
                .grouping
                .languages
                .entry(article.language.code.clone())
                .or_default() += 1;
        }
        if let Some(member) = Member::from_record(record, &self.providers, &mut self.interner) {
            self.grouping.outages += 1;
            self.members.push(member);
        }
    }

    /// Groups every record of `records`.
    pub fn group(mut self, records: impl IntoIterator<Item = Record>) -> Grouping {
        for record in records {
            self.add(&record);
        }
        self.finish()
    }

    /// Groups the records added so far.
    pub fn finish(self) -> Grouping {
        let Grouper {
            window,
            tolerance,
            mut members,
            mut grouping,
            ..
        } = self;
        members.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        let mut sets = UnionFind::new(members.len());
        let mut reasons: Vec<Option<String>> = vec![None; members.len()];

        for (key, block) in blocks(&members) {
            group_block(
                &key,
                &block,
                &members,
                Window { window, tolerance },
                &mut sets,
                &mut reasons,
            );
        }

        let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..members.len() {
            components.entry(sets.find(i)).or_default().push(i);
        }
        let mut incidents: Vec<Incident> = components
            .into_values()
            .map(|ids| {
                let group: Vec<&Member> = ids.iter().filter_map(|&i| members.get(i)).collect();
                let reason = match ids.as_slice() {
                    [only] => reasons.get(*only).cloned().flatten(),
                    _ => None,
                };
                Incident::merge(&group, reason)
            })
            .collect();
        incidents.sort_by(|a, b| {
            let day = |i: &Incident| i.timeline_day().unwrap_or(Day::MAX);
            day(a)
                .cmp(&day(b))
                .then_with(|| a.primary_service.cmp(&b.primary_service))
                .then_with(|| a.incident_id.cmp(&b.incident_id))
        });
        grouping.incidents = incidents;
        grouping
            .failed
            .sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        grouping
    }
}

/// Members by blocking key: `(member index, whether the key is the member's root)`.
fn blocks(members: &[Member]) -> BTreeMap<String, Vec<(usize, bool)>> {
    let mut blocks: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let root = m.root_service().map(|s| s.key());
        let primary = m.primary_service().map(|s| s.key());
        if let Some(root) = &root {
            blocks.entry(root.clone()).or_default().push((i, true));
        }
        // The first affected service is a second key only for dated articles: an article
        // without a day joins at most one group, under its root.
        if let (Some(primary), Some(When::Day(_))) = (primary, m.when) {
            if root.as_ref() != Some(&primary) {
                blocks.entry(primary).or_default().push((i, false));
            }
        }
    }
    blocks
}

#[derive(Clone, Copy)]
struct Window {
    window: Day,
    tolerance: Day,
}

/// A run of dated articles of one block: days `first..=last`, represented by member `rep`.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: Day,
    last: Day,
    rep: usize,
}

/// Groups the members of one block (see the module docs for the rules).
fn group_block(
    key: &str,
    block: &[(usize, bool)],
    members: &[Member],
    w: Window,
    sets: &mut UnionFind,
    reasons: &mut [Option<String>],
) {
    // 1. Full days, swept in order.
    let mut days: Vec<(Day, usize)> = block
        .iter()
        .filter_map(|&(i, _)| match members.get(i)?.when {
            Some(When::Day(d)) => Some((d, i)),
            _ => None,
        })
        .collect();
    days.sort_unstable();
    let mut runs: Vec<Run> = Vec::new();
    for (day, i) in days {
        match runs.last_mut() {
            Some(run) if day <= run.last + w.tolerance => {
                run.last = day;
                sets.union(run.rep, i);
            }
            _ => runs.push(Run {
                first: day,
                last: day,
                rep: i,
            }),
        }
    }

    // Runs by day of year, for yearless values (a run touches few days).
    let mut by_month_day: HashMap<(u8, u8), Vec<usize>> = HashMap::new();
    let mut by_month: HashMap<u8, Vec<usize>> = HashMap::new();
    for (r, run) in runs.iter().enumerate() {
        let reach_first = run.first - w.tolerance;
        let reach_last = (run.last + w.tolerance).min(reach_first + 400);
        for day in reach_first..=reach_last {
            let (_, m, d) = dates::civil_from_days(day);
            let list = by_month_day.entry((m, d)).or_default();
            if list.last() != Some(&r) {
                list.push(r);
            }
        }
        for day in [run.first, run.last] {
            let (_, m, _) = dates::civil_from_days(day);
            let list = by_month.entry(m).or_default();
            if list.last() != Some(&r) {
                list.push(r);
            }
        }
    }

    // 2–4. Everything else, under its root key only.
    let mut lone_groups: BTreeMap<String, usize> = BTreeMap::new();
    for &(i, is_root) in block {
        let Some(m) = members.get(i) else { continue };
        if !is_root || matches!(m.when, Some(When::Day(_))) {
            continue;
        }
        let (candidates, what) = match m.when {
            Some(span @ When::Span { .. }) => (
                overlapping(&runs, span.first() - w.tolerance, span.last() + w.tolerance),
                format!(
                    "incident date {}",
                    m.incident_date.as_ref().map_or("?", |d| d.0.as_str())
                ),
            ),
            Some(When::YearlessDay { month, day }) => (
                by_month_day.get(&(month, day)).cloned().unwrap_or_default(),
                format!("incident date XXXX-{month:02}-{day:02} (no year)"),
            ),
            Some(When::YearlessMonth { month }) => (
                by_month.get(&month).cloned().unwrap_or_default(),
                format!("incident date XXXX-{month:02} (no year)"),
            ),
            Some(When::Day(_)) => continue,
            None => match m.published_day {
                Some(p) => (
                    overlapping(&runs, p - w.window, p + w.tolerance),
                    format!("no incident date, published {}", dates::IsoDay(p)),
                ),
                None => {
                    set_reason(
                        reasons,
                        i,
                        "no incident date and no publication date".into(),
                    );
                    continue;
                }
            },
        };
        match candidates.as_slice() {
            [only] => {
                if let Some(run) = runs.get(*only) {
                    sets.union(run.rep, i);
                }
            }
            [] if m.when.is_some() => {
                // Articles giving the same imprecise value, with no dated group to join,
                // group together.
                let value = m.incident_date.as_ref().map_or("", |d| d.0.as_str());
                match lone_groups.get(value) {
                    Some(&rep) => sets.union(rep, i),
                    None => {
                        lone_groups.insert(value.to_string(), i);
                        // Kept only if no other article joins it.
                        set_reason(
                            reasons,
                            i,
                            format!("{what}: no dated incident of {key} matches"),
                        );
                    }
                }
            }
            [] => set_reason(
                reasons,
                i,
                format!(
                    "{what}: no dated incident of {key} in the {} days before publication",
                    w.window
                ),
            ),
            many => set_reason(
                reasons,
                i,
                format!(
                    "{what}: {} incidents of {key} are compatible, none chosen",
                    many.len()
                ),
            ),
        }
    }
}

fn set_reason(reasons: &mut [Option<String>], i: usize, reason: String) {
    if let Some(slot) = reasons.get_mut(i) {
        *slot = Some(reason);
    }
}

/// Indices of the runs that overlap `first..=last` (runs are sorted and disjoint).
fn overlapping(runs: &[Run], first: Day, last: Day) -> Vec<usize> {
    let start = runs.partition_point(|r| r.last < first);
    runs.iter()
        .enumerate()
        .skip(start)
        .take_while(|(_, r)| r.first <= last)
        .map(|(i, _)| i)
        .collect()
}

/// Disjoint sets over `0..n`, with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let size = |s: &Self, i: usize| s.size.get(i).copied().unwrap_or(1);
        let (big, small) = if size(self, a) >= size(self, b) {
            (a, b)
        } else {
            (b, a)
        };
        let total = size(self, a) + size(self, b);
        if let Some(p) = self.parent.get_mut(small) {
            *p = big;
        }
        if let Some(s) = self.size.get_mut(big) {
            *s = total;
        }
    }
}
