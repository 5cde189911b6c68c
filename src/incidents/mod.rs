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
//! 1. **Root service.** Each article's root is the service whose failure it describes: the
//!    provider (a service of category `cloud`, `cdn` or `security` in the services lexicon:
//!    Cloudflare, AWS, Azure, CrowdStrike…) that a `third_party` cause names; else the failed
//!    provider it names most often; else, for a victim-only article that blames a third
//!    party, the one provider it names; else the first failed service that is not a monitoring
//!    site. A site down in a Cloudflare outage joins the Cloudflare incident.
//! 2. **Blocking.** Articles meet only under the same key: the vendor of the root service
//!    (Outlook and Microsoft 365 meet under `microsoft`), and also the vendor of the first
//!    affected service when it is no provider, so that "ChatGPT down (Azure to blame)" and
//!    "ChatGPT down" meet too. Nothing is compared across keys, so the cost is a sort per key,
//!    never all pairs.
//! 3. **Dates.** In a block, articles with a full incident day are sorted by day and swept:
//!    days within the tolerance (one day by default, for time zones) of the running group
//!    join it. A day without a year takes its year from the publication date when there is
//!    one (`XXXX-03-01` published `2025-03-02` is `2025-03-01`).
//! 4. **Less precise dates** join the one group they are compatible with: a month with the
//!    days of that month, a year with its days, a yearless day with the same day of any
//!    year. Several candidates: the one whose articles say the article's own root service
//!    failed, when exactly one does (a block is a vendor: a WhatsApp article of October joins
//!    the WhatsApp outage of that month, not an Instagram one); else the article stays alone,
//!    with a `reason`. None: it groups with the articles that give the same value.
//! 5. **No incident date.** The article joins a group only when exactly one group of its
//!    block lies in its publication window (the publication day, or month, and the
//!    [`window_days`](GrouperBuilder::window_days) before it), or exactly one of those says
//!    its service failed, as in 4. Otherwise, or without a publication date, it stays alone
//!    with a `reason`.
//! 6. **Content.** A group still without a full incident day joins the one group of its root
//!    (or of a provider a victim-only member names) whose content it matches — shared failed
//!    services, HTTP statuses and causes, weighted by how distinctive they are — when no date
//!    contradicts and no second group fits nearly as well (the `content` module has the
//!    rule and [`MIN_SCORE`] its threshold).
//!
//! Every source says how it joined (`joined_by`: `date`, `content`, or `alone` for an
//! incident's only article) and how sure that is (`confidence`, 0 to 1).
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
//!                "language": "en", "published": "2025-11-18", "joined_by": "date", "confidence": 1.0}, …],
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

mod content;
pub mod dates;
mod member;
pub mod output;
mod record;
pub mod report;

use std::collections::{BTreeMap, HashMap};

use crate::record::Record;

pub use content::{MAX_SERVICES, MIN_MARGIN, MIN_SCORE, MIN_SCORE_UNDATED};
pub use member::{Providers, MONITOR_CATEGORY, PROVIDER_CATEGORIES};
pub use record::{
    Conflict, ConflictValue, Incident, IncidentDate, JoinedBy, LanguageCount, MergedCause,
    ServiceCount, SignalCount, SourceRef, StatusCount, INCIDENT_SCHEMA_VERSION,
};

use content::Profile;
use dates::{Day, When};
use member::{Interner, Member, Sym};
use record::Join;

/// Default publication window for articles without an incident date: the 3 days before
/// publication (and the publication day).
pub const DEFAULT_WINDOW_DAYS: u32 = 3;

/// Default slack between incident days, for time zones: one day.
pub const DEFAULT_TOLERANCE_DAYS: u32 = 1;

/// How much less sure a date join is when other incidents of the same vendor fit the date too
/// and the article's own service decided between them.
const SAME_SERVICE_DISCOUNT: f64 = 0.1;

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
        let mut joins: Vec<Option<Join>> = vec![None; members.len()];

        let w = Window { window, tolerance };
        for (key, block) in blocks(&members) {
            group_block(
                &key,
                &block,
                &members,
                w,
                &mut sets,
                &mut Placement {
                    reasons: &mut reasons,
                    joins: &mut joins,
                },
            );
        }
        join_by_content(&members, w, &mut sets, &mut reasons, &mut joins);

        let mut incidents: Vec<Incident> = components(&mut sets, members.len())
            .into_iter()
            .map(|ids| {
                let group: Vec<&Member> = ids.iter().filter_map(|&i| members.get(i)).collect();
                let group_joins: Vec<Option<Join>> = ids
                    .iter()
                    .map(|&i| joins.get(i).copied().flatten())
                    .collect();
                let reason = match ids.as_slice() {
                    [only] => reasons.get(*only).cloned().flatten(),
                    _ => None,
                };
                Incident::merge(&group, &group_joins, reason)
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
        if let (Some(primary), Some(When::Day(_)), false) = (primary, m.when, m.primary_is_provider)
        {
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

/// A run of dated articles of one block: days `first..=last`, represented by member `rep`;
/// its members are `days[from..to]` of the block's sorted days.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: Day,
    last: Day,
    rep: usize,
    from: usize,
    to: usize,
}

/// The services the articles of each run say failed, sorted, once per block that needs them.
struct RunServices(Vec<Vec<Sym>>);

impl RunServices {
    fn of(runs: &[Run], days: &[(Day, usize)], members: &[Member]) -> RunServices {
        RunServices(
            runs.iter()
                .map(|run| {
                    let mut names: Vec<Sym> = days
                        .get(run.from..run.to)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|&(_, i)| members.get(i))
                        .flat_map(|m| m.affected.iter().map(|s| s.name.clone()))
                        .collect();
                    names.sort_unstable();
                    names.dedup();
                    names
                })
                .collect(),
        )
    }

    /// Whether an article of run `r` says `service` (a canonical name) failed.
    fn names_failed(&self, r: usize, service: &str) -> bool {
        self.0
            .get(r)
            .is_some_and(|names| names.binary_search_by(|s| (**s).cmp(service)).is_ok())
    }
}

/// Groups the members of one block (see the module docs for the rules).
fn group_block(
    key: &str,
    block: &[(usize, bool)],
    members: &[Member],
    w: Window,
    sets: &mut UnionFind,
    placement: &mut Placement<'_>,
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
    for (k, &(day, i)) in days.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if day <= run.last + w.tolerance => {
                let confidence = if day == run.last { 1.0 } else { 0.9 };
                run.last = day;
                run.to = k + 1;
                sets.union(run.rep, i);
                placement.join(run.rep, JoinedBy::Date, 1.0);
                placement.join(i, JoinedBy::Date, confidence);
            }
            _ => runs.push(Run {
                first: day,
                last: day,
                rep: i,
                from: k,
                to: k + 1,
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
    let mut run_services: Option<RunServices> = None;
    let mut lone_groups: BTreeMap<String, usize> = BTreeMap::new();
    for &(i, is_root) in block {
        let Some(m) = members.get(i) else { continue };
        if !is_root || matches!(m.when, Some(When::Day(_))) {
            continue;
        }
        let (candidates, what, confidence) = match m.when {
            Some(span @ When::Span { .. }) => (
                overlapping(&runs, span.first() - w.tolerance, span.last() + w.tolerance),
                format!(
                    "incident date {}",
                    m.incident_date.as_ref().map_or("?", |d| d.0.as_str())
                ),
                if span.last() - span.first() < 31 {
                    0.8
                } else {
                    0.6
                },
            ),
            Some(When::YearlessDay { month, day }) => (
                by_month_day.get(&(month, day)).cloned().unwrap_or_default(),
                format!("incident date XXXX-{month:02}-{day:02} (no year)"),
                0.8,
            ),
            Some(When::YearlessMonth { month }) => (
                by_month.get(&month).cloned().unwrap_or_default(),
                format!("incident date XXXX-{month:02} (no year)"),
                0.6,
            ),
            Some(When::Day(_)) => continue,
            None => match m.published_when {
                Some(When::Day(p)) => (
                    overlapping(&runs, p - w.window, p + w.tolerance),
                    format!("no incident date, published {}", dates::IsoDay(p)),
                    0.7,
                ),
                // A month of publication: the incident lies in it, or just before it.
                Some(span @ When::Span { .. }) => (
                    overlapping(&runs, span.first() - w.window, span.last() + w.tolerance),
                    format!(
                        "no incident date, published {}",
                        m.published.as_deref().unwrap_or("?")
                    ),
                    0.6,
                ),
                _ => {
                    placement.reason(i, "no incident date and no publication date".into());
                    continue;
                }
            },
        };
        // Several groups of the key fit the date: the one whose articles say the article's
        // own service failed, when there is exactly one (a WhatsApp outage and an Instagram
        // outage in the same month: a WhatsApp article of that month joins the first).
        let (candidates, confidence) = match (candidates.as_slice(), m.root_service()) {
            ([_, _, ..], Some(root)) => {
                let services =
                    run_services.get_or_insert_with(|| RunServices::of(&runs, &days, members));
                let same: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&r| services.names_failed(r, &root.name))
                    .take(2)
                    .collect();
                if same.len() == 1 {
                    (
                        same,
                        ((confidence - SAME_SERVICE_DISCOUNT) * 100.0).round() / 100.0,
                    )
                } else {
                    (candidates, confidence)
                }
            }
            _ => (candidates, confidence),
        };
        match candidates.as_slice() {
            [only] => {
                if let Some(run) = runs.get(*only) {
                    sets.union(run.rep, i);
                    placement.join(run.rep, JoinedBy::Date, 1.0);
                    placement.join(i, JoinedBy::Date, confidence);
                }
            }
            [] if m.when.is_some() => {
                // Articles giving the same imprecise value, with no dated group to join,
                // group together.
                let value = m.incident_date.as_ref().map_or("", |d| d.0.as_str());
                match lone_groups.get(value) {
                    Some(&rep) => {
                        sets.union(rep, i);
                        placement.join(rep, JoinedBy::Date, 0.6);
                        placement.join(i, JoinedBy::Date, 0.6);
                    }
                    None => {
                        lone_groups.insert(value.to_string(), i);
                        // Kept only if no other article joins it.
                        placement.reason(i, format!("{what}: no dated incident of {key} matches"));
                    }
                }
            }
            [] => placement.reason(
                i,
                format!(
                    "{what}: no dated incident of {key} in the {} days before publication",
                    w.window
                ),
            ),
            many => placement.reason(
                i,
                format!(
                    "{what}: {} incidents of {key} are compatible, none chosen",
                    many.len()
                ),
            ),
        }
    }
}

/// What the date rules record per member: why it stayed alone, how it joined.
struct Placement<'a> {
    reasons: &'a mut [Option<String>],
    joins: &'a mut [Option<Join>],
}

impl Placement<'_> {
    fn reason(&mut self, i: usize, reason: String) {
        set_reason(self.reasons, i, reason);
    }

    /// Records that member `i` joined by `by`, keeping the surest date join when several
    /// rules place it.
    fn join(&mut self, i: usize, by: JoinedBy, confidence: f64) {
        if let Some(slot) = self.joins.get_mut(i) {
            if slot.is_none_or(|j| j.by == by && j.confidence < confidence) {
                *slot = Some(Join { by, confidence });
            }
        }
    }
}

fn set_reason(reasons: &mut [Option<String>], i: usize, reason: String) {
    if let Some(slot) = reasons.get_mut(i) {
        *slot = Some(reason);
    }
}

/// The current groups: member indices per set, in order of their smallest member.
fn components(sets: &mut UnionFind, n: usize) -> Vec<Vec<usize>> {
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        components.entry(sets.find(i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = components.into_values().collect();
    groups.sort_by_key(|g| g.first().copied().unwrap_or(usize::MAX));
    groups
}

/// Joins each group without a full incident day to the one group whose content it matches
/// (rules in the [`content`] module): first to groups with a full incident day, then what is
/// left to groups with a less precise date. Each round decides on the groups as they stand,
/// then applies, so the order of the groups does not matter; rounds repeat while they join
/// something (an article that joined brings its content to the group for the next round).
fn join_by_content(
    members: &[Member],
    w: Window,
    sets: &mut UnionFind,
    reasons: &mut [Option<String>],
    joins: &mut [Option<Join>],
) {
    const MAX_ROUNDS: usize = 4;
    for to_anchored in [true, false] {
        for _ in 0..MAX_ROUNDS {
            if !content_round(to_anchored, members, w, sets, reasons, joins) {
                break;
            }
        }
    }
}

/// One round of [`join_by_content`]; whether it joined anything.
fn content_round(
    to_anchored: bool,
    members: &[Member],
    w: Window,
    sets: &mut UnionFind,
    reasons: &mut [Option<String>],
    joins: &mut [Option<Join>],
) -> bool {
    {
        let groups = components(sets, members.len());
        let profiles: Vec<Profile> = groups.iter().map(|g| Profile::of(g, members)).collect();
        let is_target = |p: &Profile| {
            if to_anchored {
                p.anchored
            } else {
                p.dated && !p.anchored
            }
        };
        let mut by_root: HashMap<&str, Vec<usize>> = HashMap::new();
        for (g, profile) in profiles.iter().enumerate() {
            if is_target(profile) {
                for root in &profile.roots {
                    by_root.entry(root.as_str()).or_default().push(g);
                }
            }
        }
        let mut decisions: Vec<(usize, usize, f64)> = Vec::new();
        for (g, profile) in profiles.iter().enumerate() {
            let Some(group) = groups.get(g) else { continue };
            if profile.anchored {
                continue;
            }
            match best_by_content(g, &groups, &profiles, &by_root, members, w) {
                Choice::One(c, confidence) => decisions.push((g, c, confidence)),
                Choice::Several(n) => {
                    if let [only] = group.as_slice() {
                        let keys: Vec<&str> = profile.keys.iter().map(String::as_str).collect();
                        set_reason(
                            reasons,
                            *only,
                            format!(
                                "no incident day, and its content matches {n} incidents of {} alike, none chosen",
                                keys.join("/")
                            ),
                        );
                    }
                }
                Choice::None => {}
            }
        }
        apply_content_joins(&decisions, &groups, members, w, sets, joins) > 0
    }
}

/// What content matching found for one group.
enum Choice {
    /// One group fits: its index and the confidence.
    One(usize, f64),
    /// Several fit alike.
    Several(usize),
    None,
}

/// The one target group (in `by_root`) whose content group `g` matches, if there is one.
fn best_by_content(
    g: usize,
    groups: &[Vec<usize>],
    profiles: &[Profile],
    by_root: &HashMap<&str, Vec<usize>>,
    members: &[Member],
    w: Window,
) -> Choice {
    let (Some(group), Some(profile)) = (groups.get(g), profiles.get(g)) else {
        return Choice::None;
    };
    let mut candidates: Vec<usize> = profile
        .keys
        .iter()
        .flat_map(|k| by_root.get(k.as_str()).into_iter().flatten().copied())
        .filter(|&c| c != g)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    // How many candidate groups say each thing.
    let mut saying: BTreeMap<content::Feature<'_>, usize> = BTreeMap::new();
    for f in candidates
        .iter()
        .filter_map(|&c| profiles.get(c))
        .flat_map(Profile::features)
    {
        *saying.entry(f).or_default() += 1;
    }
    let groups_saying = |f: content::Feature<'_>| saying.get(&f).copied().unwrap_or(1);
    let pick = |i: &usize| members.get(*i);
    let mut scored: Vec<(f64, usize)> = candidates
        .into_iter()
        .filter(|&c| {
            groups.get(c).is_some_and(|other| {
                content::dates_agree(
                    group.iter().filter_map(pick),
                    other.iter().filter_map(pick),
                    w.tolerance,
                )
            })
        })
        .filter_map(|c| Some((profile.score(profiles.get(c)?, &groups_saying), c)))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let floor = if profile.dated {
        MIN_SCORE
    } else {
        content::MIN_SCORE_UNDATED
    };
    scored.retain(|(score, _)| *score >= floor);
    match scored.as_slice() {
        [] => Choice::None,
        [(best, c)] => Choice::One(*c, content::confidence(*best, 0.0)),
        [(best, c), (second, _), ..] if best - second >= MIN_MARGIN => {
            Choice::One(*c, content::confidence(*best, *second))
        }
        many => Choice::Several(many.len()),
    }
}

/// Applies content joins, surest first; each is checked against the groups as they have grown,
/// so that two joins never bring together articles whose dates contradict.
fn apply_content_joins(
    decisions: &[(usize, usize, f64)],
    groups: &[Vec<usize>],
    members: &[Member],
    w: Window,
    sets: &mut UnionFind,
    joins: &mut [Option<Join>],
) -> usize {
    let mut applied = 0;
    let mut order: Vec<&(usize, usize, f64)> = decisions.iter().collect();
    order.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    for &&(g, c, confidence) in &order {
        let (Some(group), Some(other)) = (groups.get(g), groups.get(c)) else {
            continue;
        };
        let (Some(&a), Some(&b)) = (group.first(), other.first()) else {
            continue;
        };
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            continue;
        }
        let mut side_a = Vec::new();
        let mut side_b = Vec::new();
        for i in 0..members.len() {
            let r = sets.find(i);
            if r == ra {
                side_a.push(i);
            } else if r == rb {
                side_b.push(i);
            }
        }
        let pick = |i: &usize| members.get(*i);
        if !content::dates_agree(
            side_a.iter().filter_map(pick),
            side_b.iter().filter_map(pick),
            w.tolerance,
        ) {
            continue;
        }
        sets.union(a, b);
        applied += 1;
        // The joining articles are placed by content; a lone article they joined is too.
        let lone_target = other.len() == 1;
        for &i in group
            .iter()
            .chain(if lone_target { other.as_slice() } else { &[] })
        {
            if let Some(slot) = joins.get_mut(i) {
                *slot = Some(Join {
                    by: JoinedBy::Content,
                    confidence,
                });
            }
        }
    }
    applied
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
