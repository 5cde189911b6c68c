//! Language identification targets (issue 16).
//!
//! * Article-length text: ≥ 99.5% right for every language with a pack (it, fr, en, es, de,
//!   pt), ≤ 0.5% of other languages labelled as one of them — on the corpus articles, their
//!   ≥ 250-byte paragraph windows and the hand-written samples of `corpus/langid/<iso639-3>/`.
//! * One sentence of ≥ 40 characters: ≥ 97% right for the six; three sentences: ≥ 99.5%.
//!   Measured on the sentences of the real articles of `../shared/realdev` (read at test
//!   time, never copied) and on our own sentences below.
//! * Other languages on one sentence: ≤ 2% labelled as one of the six; three sentences:
//!   ≤ 0.5%. Measured on the prose of the Debian manual pages translated into Dutch, Polish,
//!   Romanian, Czech, Swedish, Danish, Finnish and Turkish (packages `manpages-nl`,
//!   `manpages-pl`, ...; GPL and other free licences; `.ci/run` installs them).
//! * Service names, URLs and English error strings do not drag a sentence to English.
//!
//! `cargo test --release --test language -- --nocapture` prints the tables.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use outage_news::Pipeline;

/// The languages with a pack, as record codes.
const PACKS: [&str; 6] = ["it", "fr", "en", "es", "de", "pt"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Splits an article into windows of whole paragraphs of at least 250 bytes.
fn windows(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for para in text.split("\n\n") {
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(para);
        if current.len() >= 250 {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

fn pipeline() -> Pipeline {
    Pipeline::builder().build().expect("lexicons")
}

/// The record's language code, as the pipeline detects it (service names and
/// language-independent terms masked).
fn code_of(pipeline: &Pipeline, text: &str) -> String {
    outage_news::internals::language(pipeline, text).code
}

/// Right and total counts per group, and the misses.
#[derive(Default)]
struct Tally {
    groups: BTreeMap<String, (usize, usize)>,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, group: &str, ok: bool, miss: impl FnOnce() -> String) {
        let entry = self.groups.entry(group.to_string()).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            self.misses.push(miss());
        }
    }

    /// The rate over the groups whose name starts with `prefix`, and their total.
    fn rate(&self, prefix: &str) -> (f64, usize) {
        let (hits, n) = self
            .groups
            .iter()
            .filter(|(g, _)| g.starts_with(prefix))
            .fold((0, 0), |(a, b), (_, (h, n))| (a + h, b + n));
        (hits as f64 / n.max(1) as f64, n)
    }

    fn print(&self, title: &str) {
        println!("{title}");
        for (group, (hits, n)) in &self.groups {
            println!(
                "  {group:20} {hits:5}/{n:<5} {:.4}",
                *hits as f64 / *n as f64
            );
        }
        for miss in self.misses.iter().take(40) {
            println!("    {miss}");
        }
    }
}

#[test]
fn article_length_texts_are_recognised_and_others_are_not_taken_for_them() {
    let pipeline = pipeline();
    let mut tally = Tally::default();
    for lang in PACKS {
        for path in files(&corpus().join("articles").join(lang)) {
            let text = std::fs::read_to_string(&path).expect("utf-8 article");
            let mut samples = windows(&text);
            samples.push(text);
            for sample in samples {
                let got = code_of(&pipeline, &sample);
                tally.add(&format!("pack {lang}"), got == lang, || {
                    format!("{} → {got}", path.display())
                });
            }
        }
    }
    let samples = [
        ("ita", Some("it")),
        ("fra", Some("fr")),
        ("eng", Some("en")),
        ("spa", Some("es")),
        ("por", Some("pt")),
        ("deu", Some("de")),
        ("cat", None),
        ("ron", None),
        ("nld", None),
        ("pol", None),
    ];
    for (iso, code) in samples {
        for path in files(&corpus().join("langid").join(iso)) {
            let text = std::fs::read_to_string(&path).expect("utf-8 sample");
            let mut texts = windows(&text);
            texts.push(text);
            for sample in texts {
                let got = code_of(&pipeline, &sample);
                match code {
                    Some(code) => tally.add(&format!("pack {iso}"), got == code, || {
                        format!("{} → {got}", path.display())
                    }),
                    None => tally.add(&format!("other {iso}"), got == "other", || {
                        format!("{} → {got}", path.display())
                    }),
                }
            }
        }
    }
    tally.print("article-length texts: right");
    let (right, n) = tally.rate("pack");
    let (kept, others) = tally.rate("other");
    assert!(n >= 300 && others >= 40, "too few samples: {n} {others}");
    assert!(right >= 0.995, "pack languages right {right}");
    assert!(
        1.0 - kept <= 0.005,
        "other languages confused {}",
        1.0 - kept
    );
}

/// Sentences of `text`: split after `.`, `!` or `?` before a capital or a quote, and at
/// line breaks; whitespace squashed.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for i in 1..chars.len().saturating_sub(1) {
            let (pos, c) = chars[i];
            let next = chars[i + 1].1;
            if matches!(chars[i - 1].1, '.' | '!' | '?') && c == ' ' && starts_sentence(next) {
                out.push(line[start..pos].to_string());
                start = pos + 1;
            }
        }
        out.push(line[start..].to_string());
    }
    out.into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || matches!(c, '«' | '"' | '“')
}

/// English words that mark a sentence as English (quoted in an article in another language,
/// or an untranslated line of a manual page).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "this",
    "that",
    "which",
    "from",
    "you",
    "your",
    "are",
    "will",
    "when",
    "following",
    "copyright",
    "software",
    "foundation",
    "command",
    "line",
    "file",
    "files",
    "option",
    "options",
    "default",
    "specified",
];

/// A test sentence: ≥ 40 characters and 30 letters, three quarters of its tokens words,
/// no manual-page reference ("ls(1)"), and for a language other than English no English
/// marker word or command-line option.
fn is_test_sentence(s: &str, lang: &str) -> bool {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let words = tokens
        .iter()
        .filter(|t| {
            let core = t.trim_end_matches([',', '.', ';', ':', '!', '?', '»', '”', '"', '\'']);
            !core.is_empty() && core.chars().all(char::is_alphabetic)
        })
        .count();
    let has_man_ref = s
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'(' && w[1].is_ascii_digit() && w[2] == b')');
    let english = lang != "en"
        && (s
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| ENGLISH.contains(&w.to_ascii_lowercase().as_str()))
            || tokens.iter().filter(|t| t.starts_with('-')).count() >= 2);
    s.chars().count() >= 40
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 30
        && words * 4 >= tokens.len() * 3
        && !has_man_ref
        && !english
}

/// One-sentence and three-sentence samples of `sentences` (consecutive, not overlapping).
fn add_samples(
    pipeline: &Pipeline,
    tally: &mut Tally,
    source: &str,
    lang: &str,
    sentences: &[String],
    is_pack: bool,
) {
    let judge = |got: &str| {
        if is_pack {
            got == lang
        } else {
            !PACKS.contains(&got)
        }
    };
    for s in sentences {
        let got = code_of(pipeline, s);
        tally.add(&format!("one {source} {lang}"), judge(&got), || {
            format!("one {lang} → {got}: {s}")
        });
    }
    for three in sentences.chunks_exact(3) {
        let text = three.join(" ");
        let got = code_of(pipeline, &text);
        tally.add(&format!("three {source} {lang}"), judge(&got), || {
            format!("three {lang} → {got}: {text}")
        });
    }
}

/// `../shared/realdev`, or a failure that says it is missing.
fn realdev() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdev"));
    assert!(
        dir.join("gold.jsonl").exists(),
        "the real-article dev set is missing: {} (laid beside the crate by the workplace and CI)",
        dir.display()
    );
    dir
}

#[test]
fn one_and_three_sentences_of_real_articles() {
    let pipeline = pipeline();
    let dir = realdev();
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl");
    let mut by_lang: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let label: serde_json::Value = serde_json::from_str(line).expect("gold line");
        let (Some(id), Some(lang)) = (label["id"].as_str(), label["lang"].as_str()) else {
            continue;
        };
        if !PACKS.contains(&lang) {
            continue;
        }
        let path = dir.join("articles").join(format!("{id}.txt"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let body: Vec<&str> = text
            .lines()
            .filter(|l| {
                let l = l.to_lowercase();
                !["url", "date", "title:", "source"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect();
        let kept = sentences(&body.join("\n"))
            .into_iter()
            .filter(|s| is_test_sentence(s, lang));
        by_lang.entry(lang.to_string()).or_default().extend(kept);
    }
    let mut tally = Tally::default();
    for (lang, list) in &by_lang {
        add_samples(&pipeline, &mut tally, "realdev", lang, list, true);
    }
    tally.print("sentences of ../shared/realdev: right");
    let (one, n1) = tally.rate("one");
    let (three, n3) = tally.rate("three");
    assert!(n1 >= 2000 && n3 >= 600, "too few sentences: {n1} {n3}");
    assert!(one >= 0.97, "one sentence right {one}");
    assert!(three >= 0.995, "three sentences right {three}");
}

/// The prose paragraphs of a gzipped roff manual page: requests and macros dropped, font
/// escapes removed.
fn manpage_prose(path: &Path) -> Option<String> {
    let mut raw = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).ok()?)
        .read_to_string(&mut raw)
        .ok()?;
    let mut out = String::new();
    for line in raw.lines() {
        if line.starts_with('.') || line.starts_with('\'') {
            out.push('\n');
            continue;
        }
        let mut text = String::with_capacity(line.len());
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                text.push(c);
                continue;
            }
            match chars.next() {
                // A font change: `\fB`, or `\f(CW` with a two-letter name.
                Some('f') if chars.next() == Some('(') => {
                    chars.next();
                    chars.next();
                }
                Some('(') => {
                    chars.next();
                    chars.next();
                }
                Some('-') => text.push('-'),
                Some('*') => {
                    chars.next();
                }
                _ => {}
            }
        }
        out.push_str(&text);
        out.push(' ');
    }
    Some(out)
}

/// Test sentences of the manual pages installed for `dir` (`/usr/share/man/<dir>`), at
/// most `limit`, from the pages in file-name order.
fn manpage_sentences(dir: &str, lang: &str, limit: usize) -> Vec<String> {
    let root = Path::new("/usr/share/man").join(dir);
    assert!(
        root.is_dir(),
        "{} is missing: install the Debian package manpages-{} (.ci/run does)",
        root.display(),
        dir.to_lowercase().replace('_', "-")
    );
    let mut out = Vec::new();
    for section in 1..=8 {
        let Ok(entries) = std::fs::read_dir(root.join(format!("man{section}"))) else {
            continue;
        };
        let mut pages: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        pages.sort();
        for page in pages {
            let Some(prose) = manpage_prose(&page) else {
                continue;
            };
            out.extend(
                sentences(&prose)
                    .into_iter()
                    .filter(|s| is_test_sentence(s, lang)),
            );
            if out.len() >= limit {
                out.truncate(limit);
                return out;
            }
        }
    }
    out
}

#[test]
fn one_and_three_sentences_of_manual_pages() {
    let pipeline = pipeline();
    let mut tally = Tally::default();
    for (dir, lang) in [
        ("nl", "nl"),
        ("pl", "pl"),
        ("ro", "ro"),
        ("cs", "cs"),
        ("sv", "sv"),
        ("da", "da"),
        ("fi", "fi"),
    ] {
        let list = manpage_sentences(dir, lang, 1200);
        add_samples(&pipeline, &mut tally, "other", lang, &list, false);
    }
    for (dir, lang) in [
        ("it", "it"),
        ("fr", "fr"),
        ("es", "es"),
        ("de", "de"),
        ("pt_BR", "pt"),
    ] {
        let list = manpage_sentences(dir, lang, 1200);
        add_samples(&pipeline, &mut tally, "pack", lang, &list, true);
    }
    tally.print("sentences of manual pages: right (pack) or not taken for a pack (other)");
    let (one, n1) = tally.rate("one other");
    let (three, n3) = tally.rate("three other");
    assert!(n1 >= 5000 && n3 >= 1500, "too few sentences: {n1} {n3}");
    assert!(
        1.0 - one <= 0.02,
        "one sentence taken for a pack {}",
        1.0 - one
    );
    assert!(
        1.0 - three <= 0.005,
        "three sentences taken for a pack {}",
        1.0 - three
    );
    // Manual pages are technical prose full of command names: a floor, not the target.
    let (pack_one, _) = tally.rate("one pack");
    let (pack_three, _) = tally.rate("three pack");
    assert!(pack_one >= 0.95, "pack languages, one sentence {pack_one}");
    assert!(
        pack_three >= 0.99,
        "pack languages, three sentences {pack_three}"
    );
}

/// Our own sentences, one per line: `<code> <sentence>` (`other` for a language without a
/// pack). Written for this test; they show the phenomena the issue names — headlines, service
/// names, URLs and quoted English errors inside another language.
const OWN_SENTENCES: &str = "\
it Da stamattina molti utenti non riescono più a usare l'app della banca.
it Disservizio per ChatGPT, Claude e Gemini: gli utenti vedono \"Something went wrong\".
it Il sito https://status.example.com segnala un problema su Microsoft Teams e Outlook.
it La compagnia telefonica ha spiegato che il guasto è stato risolto nel pomeriggio.
fr Depuis ce matin, impossible d'accéder à Gmail, Google Drive et YouTube.
fr Panne de ChatGPT : le message « Internal Server Error » s'affiche sur https://chat.openai.com.
fr Les abonnés de l'opérateur ne pouvaient plus passer d'appels depuis mardi soir.
fr Selon Downdetector, les signalements concernant Discord, Steam et Epic Games se multiplient.
fr Le service de paiement est revenu à la normale vers 14 heures, heure de Paris.
en Thousands of customers could not log in to the banking app on Monday morning.
en The company said a faulty configuration change caused the outage, not a cyberattack.
en Users of Instagram, WhatsApp and Facebook reported problems sending messages.
es Miles de usuarios no pudieron acceder a WhatsApp ni a Instagram durante la tarde.
es La caída de ChatGPT muestra el mensaje \"Too Many Requests\" en https://chatgpt.com.
es La operadora explicó que la avería ya ha sido solucionada y pidió disculpas.
es Según Downdetector, los problemas con Netflix y Spotify comenzaron el pasado martes.
de Seit dem frühen Morgen können viele Kunden ihre Banking-App nicht mehr öffnen.
de Störung bei ChatGPT: Nutzer sehen die Meldung \"Internal Server Error\" auf chatgpt.com.
de Der Anbieter teilte mit, dass die Störung inzwischen behoben sei.
de Laut Allestörungen.de gab es am Montag zahlreiche Meldungen zu Vodafone und Telekom.
pt Milhares de clientes ficaram sem acesso ao aplicativo do banco na manhã desta segunda-feira.
pt O WhatsApp ficou fora do ar e mostrava a mensagem \"Something went wrong\" no navegador.
pt A operadora informou que a falha na rede já foi resolvida ontem à noite.
pt Segundo o Downdetector, o Instagram e o Facebook apresentaram instabilidade desde cedo.
other Duizenden klanten konden dinsdagochtend niet inloggen in de app van hun bank.
other Veel gebruikers van WhatsApp en Instagram meldden een storing via Downdetector.
other Molts usuaris no han pogut accedir al servei durant tot el matí de dimarts.
other Mulți clienți nu au putut folosi aplicația băncii în dimineața de luni.
other Tusentals kunder kunde inte logga in i bankens app under måndagsmorgonen.
other Tysiące użytkowników nie mogło zalogować się do aplikacji banku w poniedziałek.
other Tisíce zákazníků se v pondělí ráno nemohly přihlásit do aplikace banky.
";

#[test]
fn own_sentences_with_service_names_urls_and_english_errors() {
    let pipeline = pipeline();
    let mut wrong = Vec::new();
    for line in OWN_SENTENCES.lines() {
        let (code, sentence) = line.split_once(' ').expect("code and sentence");
        let got = code_of(&pipeline, sentence);
        if got != code {
            wrong.push(format!("{code} → {got}: {sentence}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn english_names_and_errors_do_not_flip_an_italian_article() {
    let pipeline = pipeline();
    let text = "ChatGPT down: \"Something went wrong\", \"Internal Server Error\", \
        \"503 Service Temporarily Unavailable\" e \"Too Many Requests\" per chi usa ChatGPT, \
        Claude Code, GitHub Copilot, Microsoft Teams, Google Cloud e AWS. Gli utenti segnalano \
        il problema su X e Reddit da questa mattina.";
    assert_eq!(code_of(&pipeline, text), "it");
}

#[test]
fn a_language_without_a_pack_is_other_with_its_iso_code() {
    let pipeline = pipeline();
    let path = files(&corpus().join("langid").join("nld"))[0].clone();
    let text = std::fs::read_to_string(path).expect("sample");
    let record = pipeline.process("nl", text.as_bytes());
    let article = record.article().expect("article");
    assert_eq!(article.language.code, "other");
    assert_eq!(article.language.iso639_3, "nld");
    assert!(article.warnings.iter().any(|w| w.contains("no lexicons")));
}

#[test]
fn a_pack_added_with_a_lexicons_folder_gives_its_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("nl.toml"),
        "[language]\ncode = \"nl\"\niso639_3 = \"nld\"\nname = \"Dutch\"\n\n[outage]\nstrong = [\"storing\"]\n",
    )
    .expect("write pack");
    let pipeline = Pipeline::builder()
        .lexicons_dir(dir.path())
        .build()
        .expect("lexicons");
    let path = files(&corpus().join("langid").join("nld"))[0].clone();
    let text = std::fs::read_to_string(path).expect("sample");
    assert_eq!(code_of(&pipeline, &text), "nl");
}
