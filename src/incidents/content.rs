//! Joining by content: an article (or a group of articles) without a usable incident day joins
//! the one incident whose content it matches.
//!
//! Dates place most articles, but many reports give none ("ChatGPT is down this morning" on a
//! page without a date line), or only a month. Such an article still says plainly which
//! incident it is about: the provider that failed, the sites that went down with it, the error
//! codes users saw, the cause. After the date rules have run, every group without a full
//! incident day (a *floating* group) is compared with the other groups that share its root:
//!
//! * **Candidates**: groups whose root (the vendor of a member's root service) is a root of
//!   the floating group, or a provider that a victim-only member names (an article about sites
//!   down that names Fastly may join the Fastly incident).
//! * **Dates may not contradict**: every pair of members must have compatible incident dates
//!   (tolerance included), and an incident cannot start after an article about it was
//!   published.
//! * **Score**: what both sides say, each feature weighted by how distinctive it is among the
//!   groups of that root (a feature that `n` of them share weighs `1/n`: Spotify down in a
//!   Google Cloud outage says little when every Google Cloud outage takes Spotify down):
//!   - shared services other than the roots, when at least one side says the service failed
//!     (monitoring sites never count): 1 each, ½ for a service of the root's own vendor
//!     (Outlook in a Microsoft outage), at most [`MAX_SERVICES`] in all;
//!   - shared HTTP statuses, 1 each, at most 2;
//!   - shared cause categories (confirmed or suspected on both sides), 1 each, at most 2;
//!   - shared error signals, ¼ each, at most ½ (they are alike in most outages).
//!
//!   Disagreement counts against: −1 when both sides give HTTP statuses and share none, −1 when
//!   both give their own cause (other than `third_party`) and share none. The root itself does
//!   not count: being about the same service is what makes a candidate, not evidence that it is
//!   the same outage.
//! * **A dated target**: the group joined must give some date (an incident date or a
//!   publication date); two reports that give no date at all could be about any two outages.
//! * **One incident only**: the best candidate must score at least [`MIN_SCORE`]
//!   ([`MIN_SCORE_UNDATED`] when the joining articles give no date at all, not even a
//!   publication date: then the content carries all the evidence) and beat the second by at
//!   least [`MIN_MARGIN`]; otherwise the group stays as it is (two incidents fit).
//!
//! The confidence of a content join grows with the score and with the margin over the second
//! candidate: `0.5 + 0.05 × score + 0.05 × margin`, at most 0.95, to two decimals.

use std::collections::{BTreeMap, BTreeSet};

use crate::vocab::{CauseCategory, CauseStatus, ErrorSignal};

use super::dates::{self, Day, When};
use super::member::Member;

/// The least score a content join needs.
pub const MIN_SCORE: f64 = 2.0;
/// The least score a content join needs when the joining articles give no date at all.
pub const MIN_SCORE_UNDATED: f64 = 2.5;
/// How far the best candidate must lead the second.
pub const MIN_MARGIN: f64 = 1.0;
/// Shared failed services counted at most.
pub const MAX_SERVICES: usize = 4;

/// What a group of members says, for comparison.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    /// Blocking keys of the members' roots.
    pub roots: BTreeSet<String>,
    /// Keys this group may join under: its roots, and providers victim-only members name.
    pub keys: BTreeSet<String>,
    /// Root and named-provider service names, lowercased (left out of the service overlap).
    core: BTreeSet<String>,
    /// Named services (not monitoring sites, not core), lowercased: (vendor key, whether any
    /// member says it failed, whether it is a social network).
    services: BTreeMap<String, (String, bool, bool)>,
    statuses: BTreeSet<u16>,
    /// Cause categories confirmed or suspected by a member, `third_party` left out (every
    /// victim of a provider's outage says it).
    causes: BTreeSet<CauseCategory>,
    signals: BTreeSet<ErrorSignal>,
    /// Whether a member has a full incident day.
    pub anchored: bool,
    /// Whether a member gives any date (incident or publication).
    pub dated: bool,
}

/// One thing an article can say, for counting how many groups say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Feature<'a> {
    Service(&'a str),
    Status(u16),
    Cause(CauseCategory),
    Signal(ErrorSignal),
}

impl Profile {
    /// The profile of the members `group` (indices into `members`).
    pub fn of(group: &[usize], members: &[Member]) -> Profile {
        let mut p = Profile::default();
        let group: Vec<&Member> = group.iter().filter_map(|&i| members.get(i)).collect();
        for m in &group {
            if let Some(root) = m.root_service() {
                p.roots.insert(root.key());
                p.keys.insert(root.key());
                p.core.insert(root.name.to_lowercase());
            }
            for provider in &m.named_providers {
                p.keys.insert(provider.key());
                p.core.insert(provider.name.to_lowercase());
            }
        }
        for m in &group {
            for n in &m.named {
                let name = n.name.to_lowercase();
                if p.core.contains(&name) {
                    continue;
                }
                let entry = p
                    .services
                    .entry(name)
                    .or_insert_with(|| (n.vendor.trim().to_lowercase(), false, n.channel));
                entry.1 |= n.affected;
            }
            p.statuses.extend(m.statuses.iter().copied());
            for (category, status) in &m.causes {
                if *status != CauseStatus::RuledOut && *category != CauseCategory::ThirdParty {
                    p.causes.insert(*category);
                }
            }
            p.signals.extend(m.signals.iter().copied());
            p.anchored |= matches!(m.when, Some(When::Day(_)));
            p.dated |= m.when.is_some() || m.published_when.is_some();
        }
        p
    }

    /// Everything this group says, for counting how many groups say each thing.
    pub fn features(&self) -> impl Iterator<Item = Feature<'_>> {
        self.services
            .keys()
            .map(|s| Feature::Service(s))
            .chain(self.statuses.iter().map(|s| Feature::Status(*s)))
            .chain(self.causes.iter().map(|c| Feature::Cause(*c)))
            .chain(self.signals.iter().map(|s| Feature::Signal(*s)))
    }

    /// How much `self` and `other` say the same (see the module docs); `groups_saying` tells
    /// how many candidate groups say a feature (at least 1).
    pub fn score(&self, other: &Profile, groups_saying: &dyn Fn(Feature<'_>) -> usize) -> f64 {
        let weight = |f: Feature<'_>| 1.0 / groups_saying(f).max(1) as f64;
        let mut services = 0.0;
        for (name, (vendor, affected, channel)) in &self.services {
            let Some((_, theirs, _)) = other.services.get(name) else {
                continue;
            };
            let failed = if *channel {
                *affected && *theirs
            } else {
                *affected || *theirs
            };
            if other.core.contains(name) || !failed {
                continue;
            }
            let own_vendor = self.roots.contains(vendor) || other.roots.contains(vendor);
            let base = if own_vendor { 0.5 } else { 1.0 };
            services += base * weight(Feature::Service(name));
        }
        let shared_sum = |w: f64, items: &mut dyn Iterator<Item = Feature<'_>>, cap: f64| {
            items.map(|f| w * weight(f)).sum::<f64>().min(cap)
        };
        let statuses = shared_sum(
            1.0,
            &mut self
                .statuses
                .intersection(&other.statuses)
                .map(|s| Feature::Status(*s)),
            2.0,
        );
        let causes = shared_sum(
            1.0,
            &mut self
                .causes
                .intersection(&other.causes)
                .map(|c| Feature::Cause(*c)),
            2.0,
        );
        let signals = shared_sum(
            0.25,
            &mut self
                .signals
                .intersection(&other.signals)
                .map(|s| Feature::Signal(*s)),
            1.0,
        );
        let mut score = services.min(MAX_SERVICES as f64) + statuses + causes + signals;
        if !self.statuses.is_empty()
            && !other.statuses.is_empty()
            && self.statuses.is_disjoint(&other.statuses)
        {
            score -= 1.0;
        }
        // Two different stated causes are two different incidents more often than two
        // readings of one: they outweigh even a full set of shared victims.
        let (mine, theirs) = (&self.causes, &other.causes);
        if !mine.is_empty() && !theirs.is_empty() && mine.is_disjoint(theirs) {
            score -= MAX_SERVICES as f64;
        }
        score
    }
}

/// Whether no member of `a` contradicts a member of `b` on dates.
pub(crate) fn dates_agree<'a>(
    a: impl Iterator<Item = &'a Member> + Clone,
    b: impl Iterator<Item = &'a Member> + Clone,
    tolerance: Day,
) -> bool {
    a.clone().all(|x| {
        b.clone()
            .all(|y| pair_agrees(x, y, tolerance) && pair_agrees(y, x, tolerance))
    })
}

/// `x`'s incident date is compatible with `y`'s (a day of month without month or year,
/// `XXXX-XX-16`, must match `y`'s day), and `y`'s incident did not start after `x` was
/// published.
fn pair_agrees(x: &Member, y: &Member, tolerance: Day) -> bool {
    if let (Some(a), Some(b)) = (x.when, y.when) {
        if !a.compatible(b, tolerance) {
            return false;
        }
    }
    if let (Some(day), Some(When::Day(d))) = (day_of_month_only(x), y.when) {
        let near = (-tolerance..=tolerance).any(|shift| dates::civil_from_days(d + shift).2 == day);
        if !near {
            return false;
        }
    }
    match (x.published_when, y.when) {
        (Some(published), Some(started @ (When::Day(_) | When::Span { .. }))) => {
            started.first() <= published.last() + tolerance
        }
        _ => true,
    }
}

/// The day of an incident date that gives only the day of the month (`XXXX-XX-16`).
fn day_of_month_only(m: &Member) -> Option<u8> {
    let (value, _) = m.incident_date.as_ref()?;
    let day = value.strip_prefix("XXXX-XX-")?;
    day.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
}

/// The confidence of a content join scoring `best`, with `second` the runner-up's score.
pub(crate) fn confidence(best: f64, second: f64) -> f64 {
    let raw = (0.5 + 0.05 * best + 0.05 * (best - second)).min(0.95);
    (raw * 100.0).round() / 100.0
}
