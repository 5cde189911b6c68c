//! The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched).
//!
//! It shows, top to bottom: the totals; a timeline of incidents per service (an SVG with one
//! mark per incident — `<circle class="incident-mark" data-incident="…">` — undated incidents
//! in a column of their own); the incidents table with every source linked to its file and
//! marked with how it joined the incident (`<li class="source" data-article="…"
//! data-joined-by="date|content|alone">`, with the confidence);
//! counts by language; the causes most often given, by status; and the inputs that failed.
//! All text is HTML-escaped; links to source files are relative to the report's folder.
//!
//! ```
//! use outage_news::incidents::{report::Report, Grouping};
//! let html = Report::new(&Grouping::default()).title("Outages <2025>").render();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("Outages &lt;2025&gt;"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::vocab::CauseStatus;

use super::dates::{civil_from_days, Day, IsoDay};
use super::{Grouping, Incident};

/// Width of the timeline's plotting area, in SVG units.
const PLOT_WIDTH: f64 = 900.0;
/// Width of the service-name column.
const LABEL_WIDTH: f64 = 170.0;
/// Width of the "undated" column.
const UNDATED_WIDTH: f64 = 70.0;
/// Height of one service row.
const ROW_HEIGHT: f64 = 22.0;

/// A report over a [`Grouping`], with options.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    grouping: &'a Grouping,
    title: String,
    link_base: Option<PathBuf>,
}

impl<'a> Report<'a> {
    /// A report with the default title and links written as given paths.
    pub fn new(grouping: &'a Grouping) -> Report<'a> {
        Report {
            grouping,
            title: "Outage incidents".into(),
            link_base: None,
        }
    }

    /// The page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The folder the page will be saved in: source links are made relative to it (paths
    /// that exist are resolved first), so they work when the page is opened from disk.
    pub fn link_base(mut self, dir: impl Into<PathBuf>) -> Self {
        self.link_base = Some(dir.into());
        self
    }

    /// The page.
    pub fn render(&self) -> String {
        let g = self.grouping;
        let mut html = String::with_capacity(64 * 1024 + g.incidents.len() * 2048);
        let title = escape(&self.title);
        let sources: usize = g.incidents.iter().map(|i| i.articles.len()).sum();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
             <p class=\"totals\"><b id=\"incident-count\">{}</b> incidents from <b>{sources}</b> outage articles \
             ({} articles read, {} not about an outage, <b>{}</b> inputs failed).</p>\n",
            g.incidents.len(),
            g.articles,
            g.articles.saturating_sub(g.outages),
            g.failed.len()
        );
        html.push_str("<h2>Timeline</h2>\n");
        html.push_str(&timeline(&g.incidents));
        html.push_str(&self.incident_table());
        html.push_str("<div class=\"side\">\n");
        html.push_str(&language_table(g));
        html.push_str(&cause_table(&g.incidents));
        html.push_str("</div>\n");
        html.push_str(&self.failed_table());
        html.push_str("</body>\n</html>\n");
        html
    }

    fn link(&self, path: &str) -> String {
        match &self.link_base {
            Some(base) => relative_link(base, Path::new(path)),
            None => encode_path(path),
        }
    }

    fn incident_table(&self) -> String {
        let mut out = String::from(
            "<h2>Incidents</h2>\n<table class=\"incidents\">\n<thead><tr><th>Start</th><th>Service</th>\
             <th>Affected</th><th>Reports</th><th>Signals</th><th>Causes</th><th>Resolved</th>\
             <th>Sources</th></tr></thead>\n<tbody>\n",
        );
        for i in &self.grouping.incidents {
            let start = i.start.as_ref().map_or("—", |d| d.value.as_str());
            let reports = match (&i.first_report, &i.last_report) {
                (Some(a), Some(b)) if a == b => escape(a),
                (Some(a), Some(b)) => format!("{}&nbsp;→ {}", escape(a), escape(b)),
                _ => "—".into(),
            };
            let affected: Vec<String> = i
                .affected_services
                .iter()
                .map(|s| format!("{}&nbsp;({})", escape(&s.name), s.articles))
                .collect();
            let mut signals: Vec<String> = i
                .http_statuses
                .iter()
                .map(|s| format!("<code>{}</code>&nbsp;×{}", s.http_status, s.articles))
                .collect();
            signals.extend(
                i.error_signals
                    .iter()
                    .map(|s| format!("{}&nbsp;×{}", escape(s.signal.as_str()), s.articles)),
            );
            let causes: Vec<String> = i
                .causes
                .iter()
                .map(|c| {
                    let mut text = format!(
                        "<span class=\"cause {}\">{}</span>",
                        c.status.as_str(),
                        escape(c.category.as_str())
                    );
                    if c.ruled_out > 0 && c.status != CauseStatus::RuledOut {
                        text.push_str(" <span class=\"ruled_out\">(ruled out by ");
                        let _ = write!(text, "{})</span>", c.ruled_out);
                    }
                    text
                })
                .collect();
            let resolved = match i.resolved {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            };
            let sources: Vec<String> = i
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "<li class=\"source\" data-article=\"{id}\" data-joined-by=\"{by}\">\
                         <a href=\"{}\">{id}</a> <span class=\"lang\">{}</span> \
                         <span class=\"joined {by}\" title=\"how the article joined this incident, and how sure that is\">\
                         {by}&nbsp;{:.2}</span></li>",
                        escape(&self.link(&s.path)),
                        escape(&s.language),
                        s.confidence,
                        id = escape(&s.id),
                        by = s.joined_by.as_str(),
                    )
                })
                .collect();
            let mut notes = String::new();
            for c in &i.conflicts {
                let sides: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| format!("{} ({})", escape(&v.value), v.articles.len()))
                    .collect();
                let _ = write!(
                    notes,
                    "<div class=\"conflict\">conflict on {}: {}</div>",
                    escape(&c.field),
                    sides.join(" vs ")
                );
            }
            if let Some(reason) = &i.reason {
                let _ = write!(
                    notes,
                    "<div class=\"reason\">alone: {}</div>",
                    escape(reason)
                );
            }
            let _ = writeln!(
                out,
                "<tr id=\"{id}\"><td>{start}</td><td><b>{service}</b><br><small>{id}</small>{notes}</td>\
                 <td>{affected}</td><td>{reports}</td><td>{signals}</td><td>{causes}</td>\
                 <td>{resolved}</td><td><ul>{sources}</ul></td></tr>",
                id = escape(&i.incident_id),
                start = escape(start),
                service = escape(i.primary_service.as_deref().unwrap_or("(no service)")),
                affected = affected.join(", "),
                signals = signals.join(", "),
                causes = causes.join("<br>"),
                sources = sources.join(""),
            );
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }

    fn failed_table(&self) -> String {
        let failed = &self.grouping.failed;
        let mut out = format!("<h2>Inputs that failed ({})</h2>\n", failed.len());
        if failed.is_empty() {
            out.push_str("<p>None.</p>\n");
            return out;
        }
        out.push_str(
            "<table class=\"failed\">\n<thead><tr><th>Input</th><th>Kind</th><th>Message</th></tr></thead>\n<tbody>\n",
        );
        for f in failed {
            let _ = writeln!(
                out,
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                escape(&self.link(&f.path)),
                escape(&f.id),
                escape(&f.kind),
                escape(&f.message)
            );
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }
}

/// The SVG timeline: one row per primary service, one circle per incident.
fn timeline(incidents: &[Incident]) -> String {
    // Rows: services with most incidents first, then by name.
    let mut rows: BTreeMap<&str, usize> = BTreeMap::new();
    for i in incidents {
        *rows
            .entry(i.primary_service.as_deref().unwrap_or("(no service)"))
            .or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = rows.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let row_of: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(r, (name, _))| (*name, r))
        .collect();

    let days: Vec<Day> = incidents
        .iter()
        .filter_map(Incident::timeline_day)
        .collect();
    let (lo, hi) = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => (lo, hi.max(lo + 1)),
        _ => (0, 1),
    };
    let span = f64::from(hi - lo);
    let x_of = |day: Day| LABEL_WIDTH + 10.0 + f64::from(day - lo) / span * (PLOT_WIDTH - 20.0);
    let undated_x = LABEL_WIDTH + PLOT_WIDTH + UNDATED_WIDTH / 2.0;
    let top = 30.0;
    let height = top + ROW_HEIGHT * order.len().max(1) as f64 + 10.0;
    let width = LABEL_WIDTH + PLOT_WIDTH + UNDATED_WIDTH;

    let mut svg = format!(
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Incidents per service over time\">\n"
    );
    // Year ticks.
    let (first_year, _, _) = civil_from_days(lo);
    let (last_year, _, _) = civil_from_days(hi);
    for year in first_year..=last_year.saturating_add(1) {
        let Some(day) = super::dates::days_from_civil(year, 1, 1) else {
            continue;
        };
        if day < lo || day > hi {
            continue;
        }
        let x = x_of(day);
        let _ = writeln!(
            svg,
            "<line class=\"tick\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\"/>\
             <text class=\"year\" x=\"{x:.1}\" y=\"{}\">{year}</text>",
            top - 8.0,
            top - 12.0
        );
    }
    let _ = writeln!(
        svg,
        "<text class=\"year\" x=\"{}\" y=\"{}\">{}</text><text class=\"year\" x=\"{}\" y=\"{}\">{}</text>\
         <text class=\"year undated\" x=\"{undated_x:.1}\" y=\"{}\">undated</text>",
        LABEL_WIDTH + 10.0,
        height - 2.0,
        IsoDay(lo),
        LABEL_WIDTH + PLOT_WIDTH - 70.0,
        height - 2.0,
        IsoDay(hi),
        top - 12.0
    );
    for (r, (name, count)) in order.iter().enumerate() {
        let y = top + ROW_HEIGHT * r as f64 + ROW_HEIGHT / 2.0;
        let _ = writeln!(
            svg,
            "<line class=\"row\" x1=\"{LABEL_WIDTH}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"service\" x=\"{:.1}\" y=\"{:.1}\">{} ({count})</text>",
            LABEL_WIDTH + PLOT_WIDTH + UNDATED_WIDTH,
            LABEL_WIDTH - 6.0,
            y + 4.0,
            escape(name)
        );
    }
    // Undated incidents of a row sit side by side in the undated column.
    let mut undated_in_row: BTreeMap<usize, usize> = BTreeMap::new();
    for i in incidents {
        let service = i.primary_service.as_deref().unwrap_or("(no service)");
        let row = row_of.get(service).copied().unwrap_or(0);
        let y = top + ROW_HEIGHT * row as f64 + ROW_HEIGHT / 2.0;
        let (x, when) = match i.timeline_day() {
            Some(d) => (x_of(d), IsoDay(d).to_string()),
            None => {
                let k = undated_in_row.entry(row).or_default();
                let x = LABEL_WIDTH + PLOT_WIDTH + 12.0 + (*k % 6) as f64 * 9.0;
                *k += 1;
                (x, "undated".to_string())
            }
        };
        let radius = 3.0 + (i.articles.len() as f64).sqrt() * 1.6;
        let class = if i.conflicts.is_empty() {
            "incident-mark"
        } else {
            "incident-mark has-conflict"
        };
        let _ = writeln!(
            svg,
            "<a href=\"#{id}\"><circle class=\"{class}\" data-incident=\"{id}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\">\
             <title>{service} — {when} — {n} article(s)</title></circle></a>",
            id = escape(&i.incident_id),
            service = escape(service),
            n = i.articles.len()
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn language_table(g: &Grouping) -> String {
    let mut in_incidents: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &g.incidents {
        for l in &i.languages {
            *in_incidents.entry(l.code.as_str()).or_default() += l.articles;
        }
    }
    let mut out = String::from(
        "<section><h2>Languages</h2>\n<table class=\"languages\"><thead><tr><th>Language</th>\
         <th>Articles</th><th>Outage articles</th></tr></thead>\n<tbody>\n",
    );
    for (code, n) in &g.languages {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{n}</td><td>{}</td></tr>",
            escape(code),
            in_incidents.get(code.as_str()).copied().unwrap_or(0)
        );
    }
    out.push_str("</tbody></table></section>\n");
    out
}

/// Causes by the number of incidents giving each status, most frequent first.
fn cause_table(incidents: &[Incident]) -> String {
    let mut by_cause: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for i in incidents {
        for c in &i.causes {
            let slot = by_cause.entry(c.category.as_str()).or_default();
            match c.status {
                CauseStatus::Confirmed => slot[0] += 1,
                CauseStatus::Suspected => slot[1] += 1,
                CauseStatus::RuledOut => slot[2] += 1,
            }
        }
    }
    let mut rows: Vec<(&str, [usize; 3])> = by_cause.into_iter().collect();
    rows.sort_by(|a, b| {
        let total = |c: &[usize; 3]| c.iter().sum::<usize>();
        total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(b.0))
    });
    let mut out = String::from(
        "<section><h2>Top causes (incidents, by merged status)</h2>\n<table class=\"causes\"><thead><tr>\
         <th>Cause</th><th>Confirmed</th><th>Suspected</th><th>Ruled out</th></tr></thead>\n<tbody>\n",
    );
    for (cause, [c, s, r]) in rows.iter().take(12) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{c}</td><td>{s}</td><td>{r}</td></tr>",
            escape(cause)
        );
    }
    out.push_str("</tbody></table></section>\n");
    out
}

/// Escapes text for HTML content and quoted attribute values.
///
/// ```
/// use outage_news::incidents::report::escape;
/// assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path written as a URL path: each byte outside unreserved ASCII percent-encoded.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A link from `base` (a folder) to `target`, relative when both resolve on disk.
fn relative_link(base: &Path, target: &Path) -> String {
    let (Ok(base), Ok(target)) = (base.canonicalize(), target.canonicalize()) else {
        return encode_path(&target.to_string_lossy());
    };
    let base: Vec<Component> = base.components().collect();
    let target_parts: Vec<Component> = target.components().collect();
    let common = base
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..base.len() {
        parts.push("..".into());
    }
    for c in target_parts.iter().skip(common) {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    encode_path(&parts.join("/"))
}

const STYLE: &str = "
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d2330;background:#fbfbfd}
h1{margin:0 0 4px;font-size:24px}h2{font-size:17px;margin:24px 0 8px}
.totals{color:#444}
svg.timeline{background:#fff;border:1px solid #dde;border-radius:6px;max-width:100%;height:auto}
.timeline .row{stroke:#eef}.timeline .tick{stroke:#ccd;stroke-dasharray:2 3}
.timeline .year{font-size:11px;fill:#667}.timeline .undated{text-anchor:middle}.timeline .service{font-size:12px;fill:#223;text-anchor:end}
.incident-mark{fill:#d9480f;fill-opacity:.75;stroke:#7a2300;stroke-width:1}
.incident-mark.has-conflict{fill:#7048e8}
table{border-collapse:collapse;background:#fff;margin-bottom:8px}
th,td{border:1px solid #dde;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f1f6}
table.incidents{width:100%;font-size:13px}
table.incidents ul{margin:0;padding-left:16px}
.lang{color:#667;font-size:11px}
.joined{font-size:11px;padding:0 3px;border-radius:3px;background:#eef}
.joined.content{background:#fde8c8}
.joined.alone{background:#eee;color:#667}
.cause.confirmed{font-weight:600}.cause.suspected{font-style:italic}.cause.ruled_out,.ruled_out{color:#a61e4d;text-decoration:line-through}
.ruled_out{text-decoration:none}
.conflict{color:#7048e8;font-size:12px}.reason{color:#868e96;font-size:12px}
.side{display:flex;gap:24px;flex-wrap:wrap}
code{background:#f1f3f5;padding:0 3px;border-radius:3px}
";
