//! What grouping keeps of an article record: a compact [`Member`].
//!
//! A record carries evidence spans and maybe its whole text; grouping a million of them needs
//! only ids, dates, services and the few fields an incident merges. Service names, vendors and
//! language codes repeat endlessly, so they are interned ([`Interner`]): each distinct string
//! is stored once.

use std::collections::HashSet;
use std::sync::Arc;

use crate::record::{Article, Precision, Record, Role};
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
#[derive(Debug, Clone, Default)]
pub struct Providers {
    names: HashSet<String>,
}

/// Service categories whose failures take other services down with them.
pub const PROVIDER_CATEGORIES: &[&str] = &["cloud", "cdn", "security"];

impl Providers {
    /// The services of `lexicons` whose category is in [`PROVIDER_CATEGORIES`].
    pub fn from_lexicons(lexicons: &crate::Lexicons) -> Providers {
        Providers {
            names: lexicons
                .services()
                .filter(|(_, _, category)| PROVIDER_CATEGORIES.contains(category))
                .map(|(name, _, _)| name.to_string())
                .collect(),
        }
    }

    /// A set of provider names given directly.
    pub fn from_names<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Providers {
        Providers {
            names: names.into_iter().map(Into::into).collect(),
        }
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

/// The parts of an outage article record that grouping and merging use.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: String,
    pub path: String,
    pub language: Sym,
    pub published: Option<String>,
    pub published_day: Option<Day>,
    /// The incident date as written in the record.
    pub incident_date: Option<(String, Precision)>,
    /// The incident date parsed, its year taken from the publication date when missing.
    pub when: Option<When>,
    /// Affected services in order of first mention.
    pub affected: Vec<Service>,
    /// Index in `affected` of the root service: the first provider, else the first service.
    pub root: Option<usize>,
    pub statuses: Vec<u16>,
    pub signals: Vec<ErrorSignal>,
    pub causes: Vec<(CauseCategory, CauseStatus)>,
    pub resolved: Option<bool>,
}

impl Member {
    /// The member for an outage article record; `None` for error records and non-outage
    /// articles.
    pub fn from_record(
        record: &Record,
        providers: &Providers,
        interner: &mut Interner,
    ) -> Option<Member> {
        let article = record.article()?;
        if !article.is_outage {
            return None;
        }
        let published_day =
            article
                .published
                .as_deref()
                .and_then(When::parse)
                .and_then(|w| match w {
                    When::Day(d) => Some(d),
                    _ => None,
                });
        let when = article
            .incident_date
            .as_ref()
            .and_then(|d| When::parse(&d.value))
            .map(|w| match published_day {
                Some(p) => w.with_year_from(p),
                None => w,
            });
        let affected = affected_services(article, interner);
        let root = affected
            .iter()
            .position(|s| providers.contains(&s.name))
            .or(if affected.is_empty() { None } else { Some(0) });
        Some(Member {
            id: record.id.clone(),
            path: record.source.path.clone(),
            language: interner.get(&article.language.code),
            published: article.published.clone(),
            published_day,
            incident_date: article
                .incident_date
                .as_ref()
                .map(|d| (d.value.clone(), d.precision)),
            when,
            affected,
            root,
            statuses: dedup(article.errors.iter().map(|e| e.http_status)),
            signals: dedup(article.error_signals.iter().copied()),
            causes: dedup(article.causes.iter().map(|c| (c.category, c.status))),
            resolved: article.resolved,
        })
    }

    /// The root service, if any service is named as affected.
    pub fn root_service(&self) -> Option<&Service> {
        self.root.and_then(|i| self.affected.get(i))
    }

    /// The first affected service (the article's own subject).
    pub fn primary_service(&self) -> Option<&Service> {
        self.affected.first()
    }
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
            (
                first,
                i,
                Service {
                    name: interner.get(&s.name),
                    vendor: interner.get(s.vendor.as_deref().unwrap_or_default()),
                },
            )
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
