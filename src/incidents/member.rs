//! What grouping keeps of an article record: a compact [`Member`].
//!
//! A record carries evidence spans and maybe its whole text; grouping a million of them needs
//! only ids, dates, services and the few fields an incident merges. Service names, vendors and
//! language codes repeat endlessly, so they are interned ([`Interner`]): each distinct string
//! is stored once.

use std::collections::HashSet;
use std::sync::Arc;

use crate::record::{Article, Evidence, Precision, Record, Role, ServiceMention};
use crate::vocab::{CauseCategory, CauseStatus, ErrorSignal};

use super::dates::{Day, When};

/// A shared, interned string.
pub(crate) type Sym = Arc<str>;

/// Stores each distinct string once.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    strings: HashSet<Sym>,
}

impl Interner {
    pub(crate) fn get(&mut self, text: &str) -> Sym {
        if let Some(s) = self.strings.get(text) {
            return s.clone();
        }
        let s: Sym = Arc::from(text);
        self.strings.insert(s.clone());
        s
    }
}

/// The services that count as providers: when an article says one of them failed, the
/// incident is the provider's (a site down in a Cloudflare outage is part of that outage).
/// Also the monitoring sites (Downdetector), which are never what an incident is about.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    names: HashSet<String>,
    monitors: HashSet<String>,
    channels: HashSet<String>,
}

/// Service categories of the social networks where people say a service is down: a shared
/// one says little about two articles being about the same outage unless both say it failed.
pub const CHANNEL_CATEGORIES: &[&str] = &["social"];

/// The service category of monitoring sites (Downdetector, Allestörungen): where outages are
/// counted, never the failed service.
pub const MONITOR_CATEGORY: &str = "monitor";

/// Service categories whose failures take other services down with them.
pub const PROVIDER_CATEGORIES: &[&str] = &["cloud", "cdn", "security"];

impl Providers {
    /// The services of `lexicons` whose category is in [`PROVIDER_CATEGORIES`].
    pub fn from_lexicons(lexicons: &crate::Lexicons) -> Providers {
        let of_category = |wanted: &dyn Fn(&str) -> bool| -> HashSet<String> {
            lexicons
                .services()
                .filter(|(_, _, category)| wanted(category))
                .map(|(name, _, _)| name.to_string())
                .collect()
        };
        Providers {
            names: of_category(&|c| PROVIDER_CATEGORIES.contains(&c)),
            monitors: of_category(&|c| c == MONITOR_CATEGORY),
            channels: of_category(&|c| CHANNEL_CATEGORIES.contains(&c)),
        }
    }

    /// A set of provider names given directly (no monitoring sites).
    pub fn from_names<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Providers {
        Providers {
            names: names.into_iter().map(Into::into).collect(),
            monitors: HashSet::new(),
            channels: HashSet::new(),
        }
    }

    /// The same providers, with `names` as the monitoring sites.
    pub fn with_monitors<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.monitors = names.into_iter().map(Into::into).collect();
        self
    }

    /// Whether `service` (a canonical name) is a social network people report outages on.
    pub fn is_channel(&self, service: &str) -> bool {
        self.channels.contains(service)
    }

    /// Whether `service` (a canonical name) is a monitoring site.
    pub fn is_monitor(&self, service: &str) -> bool {
        self.monitors.contains(service)
    }

    /// Whether `service` (a canonical name) is a provider.
    pub fn contains(&self, service: &str) -> bool {
        self.names.contains(service)
    }
}

/// An affected service of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Service {
    pub name: Sym,
    pub vendor: Sym,
}

impl Service {
    /// The blocking key: the vendor, or the name when the vendor is unknown. Two records about
    /// Outlook and Microsoft 365 meet under `microsoft`.
    pub fn key(&self) -> String {
        let key = if self.vendor.trim().is_empty() {
            &self.name
        } else {
            &self.vendor
        };
        key.trim().to_lowercase()
    }
}

/// A service an article names (affected or mentioned), for comparing articles by content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub name: Sym,
    pub vendor: Sym,
    /// Whether the article says it failed.
    pub affected: bool,
    /// Whether it is a social network (where people complain as well as a service).
    pub channel: bool,
}

/// The parts of an outage article record that grouping and merging use.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: String,
    pub path: String,
    pub language: Sym,
    pub published: Option<String>,
    pub published_day: Option<Day>,
    /// The publication date as a span when it is a month (`2021-06`) or a day.
    pub published_when: Option<When>,
    /// The incident date as written in the record.
    pub incident_date: Option<(String, Precision)>,
    /// The incident date parsed, its year taken from the publication date when missing.
    pub when: Option<When>,
    /// Affected services in order of first mention.
    pub affected: Vec<Service>,
    /// The root service: the provider whose failure the article describes, else the first
    /// failed service that is not a monitoring site (see [`Member::from_record`]).
    pub root: Option<Service>,
    /// Providers the article names without saying they failed (a victim-only article that
    /// names its provider may join the provider's incident).
    pub named_providers: Vec<Service>,
    /// Every service named, monitoring sites left out, for content comparison.
    pub named: Vec<Named>,
    /// Whether the first affected service is a provider (then it is no second blocking key:
    /// a provider that is not the root is not what the article is about).
    pub primary_is_provider: bool,
    pub statuses: Vec<u16>,
    pub signals: Vec<ErrorSignal>,
    pub causes: Vec<(CauseCategory, CauseStatus)>,
    pub resolved: Option<bool>,
}

impl Member {
    /// The member for an outage article record; `None` for error records and non-outage
    /// articles.
    ///
    /// The root is, in order: the provider a `third_party` cause names (its evidence is the
    /// provider's name); the failed provider the article names most often (first named on a
    /// tie); for an article that names only victims as failed, the one provider it names when
    /// it gives a `third_party` cause; else the first failed service that is not a monitoring
    /// site (a channel where people complained is never a failed service in the record, and
    /// Downdetector is never the root even if the record lists it).
    pub fn from_record(
        record: &Record,
        providers: &Providers,
        interner: &mut Interner,
    ) -> Option<Member> {
        let article = record.article()?;
        if !article.is_outage {
            return None;
        }
        let published_when =
            article
                .published
                .as_deref()
                .and_then(When::parse)
                .filter(|w| match w {
                    When::Day(_) => true,
                    When::Span { first, last } => last - first < 31,
                    _ => false,
                });
        let published_day = match published_when {
            Some(When::Day(d)) => Some(d),
            _ => None,
        };
        let when = article
            .incident_date
            .as_ref()
            .and_then(|d| When::parse(&d.value))
            .map(|w| match published_day {
                Some(p) => w.with_year_from(p),
                None => w,
            });
        let affected = affected_services(article, interner);
        let root = root_service(article, &affected, providers, interner);
        let primary_is_provider = affected
            .first()
            .is_some_and(|s| providers.contains(&s.name));
        let mut named_providers: Vec<Service> = Vec::new();
        let mut named: Vec<Named> = Vec::new();
        for s in &article.services {
            if providers.is_monitor(&s.name) {
                continue;
            }
            let is_affected = s.role == Role::Affected;
            if let Some(n) = named.iter_mut().find(|n| *n.name == *s.name) {
                n.affected |= is_affected;
            } else {
                named.push(Named {
                    name: interner.get(&s.name),
                    vendor: interner.get(s.vendor.as_deref().unwrap_or_default()),
                    affected: is_affected,
                    channel: providers.is_channel(&s.name),
                });
            }
            if !is_affected
                && providers.contains(&s.name)
                && root.as_ref().is_none_or(|r| *r.name != *s.name)
                && !named_providers.iter().any(|p| *p.name == *s.name)
            {
                named_providers.push(service_of(s, interner));
            }
        }
        // Only a victim-only article (its root is no provider) may join a provider it names.
        if root.as_ref().is_some_and(|r| providers.contains(&r.name)) {
            named_providers.clear();
        }
        Some(Member {
            id: record.id.clone(),
            path: record.source.path.clone(),
            language: interner.get(&article.language.code),
            published: article.published.clone(),
            published_day,
            published_when,
            incident_date: article
                .incident_date
                .as_ref()
                .map(|d| (d.value.clone(), d.precision)),
            when,
            affected,
            root,
            named_providers,
            named,
            primary_is_provider,
            statuses: dedup(article.errors.iter().map(|e| e.http_status)),
            signals: dedup(article.error_signals.iter().copied()),
            causes: dedup(article.causes.iter().map(|c| (c.category, c.status))),
            resolved: article.resolved,
        })
    }

    /// The root service, if any service is named as affected.
    pub fn root_service(&self) -> Option<&Service> {
        self.root.as_ref()
    }

    /// The first affected service (the article's own subject).
    pub fn primary_service(&self) -> Option<&Service> {
        self.affected.first()
    }
}

fn service_of(s: &ServiceMention, interner: &mut Interner) -> Service {
    Service {
        name: interner.get(&s.name),
        vendor: interner.get(s.vendor.as_deref().unwrap_or_default()),
    }
}

/// The root service (rules in [`Member::from_record`]).
fn root_service(
    article: &Article,
    affected: &[Service],
    providers: &Providers,
    interner: &mut Interner,
) -> Option<Service> {
    let third_party: Vec<&Evidence> = article
        .causes
        .iter()
        .filter(|c| c.category == CauseCategory::ThirdParty && c.status != CauseStatus::RuledOut)
        .map(|c| &c.evidence)
        .collect();
    let overlaps = |a: &Evidence, b: &Evidence| a.start < b.end && b.start < a.end;
    // 1. The provider named as the cause.
    if let Some(s) = article.services.iter().find(|s| {
        providers.contains(&s.name)
            && s.evidence
                .iter()
                .any(|e| third_party.iter().any(|c| overlaps(e, c)))
    }) {
        return Some(service_of(s, interner));
    }
    // 2. The failed provider named most often.
    let mut best: Option<(usize, &Service)> = None;
    for service in affected.iter().filter(|s| providers.contains(&s.name)) {
        let mentions = article
            .services
            .iter()
            .filter(|m| m.name == *service.name)
            .map(|m| m.evidence.len())
            .sum::<usize>();
        if best.is_none_or(|(most, _)| mentions > most) {
            best = Some((mentions, service));
        }
    }
    if let Some((_, service)) = best {
        return Some(service.clone());
    }
    // 3. A victim-only article that blames a third party and names one provider.
    if !third_party.is_empty() {
        let mut named = article
            .services
            .iter()
            .filter(|s| providers.contains(&s.name));
        if let (Some(only), None) = (named.next(), named.next()) {
            return Some(service_of(only, interner));
        }
    }
    // 4. The first failed service that is not a monitoring site.
    affected
        .iter()
        .find(|s| !providers.is_monitor(&s.name))
        .or(affected.first())
        .cloned()
}

/// Affected services in order of first mention (ties keep the record's order).
fn affected_services(article: &Article, interner: &mut Interner) -> Vec<Service> {
    let mut affected: Vec<(usize, usize, Service)> = article
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == Role::Affected)
        .map(|(i, s)| {
            let first = s
                .evidence
                .iter()
                .map(|e| e.start)
                .min()
                .unwrap_or(usize::MAX);
            (first, i, service_of(s, interner))
        })
        .collect();
    affected.sort_by_key(|(first, i, _)| (*first, *i));
    let mut seen: HashSet<Sym> = HashSet::new();
    affected
        .into_iter()
        .filter(|(_, _, s)| seen.insert(s.name.clone()))
        .map(|(_, _, s)| s)
        .collect()
}

/// The distinct values, in first-seen order.
fn dedup<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
