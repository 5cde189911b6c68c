//! A hostile folder, built at test time: everything a newsroom archive holds besides good
//! articles — empty files, binaries saved as `.txt`, truncated downloads, files over the size
//! limit (one a sparse 3 GiB log), a file name that is not UTF-8, dangling links, a symlink
//! loop, a pipe and a socket, an unreadable file, hidden files, an HTML page, mojibake.
//!
//! `outage-news scan` must give exactly one valid line per input, in sorted order, with the
//! right error kinds, exit 1 because some inputs failed (0 when none did), and the same bytes
//! for any number of threads and on every run. Plus: a closed stdout pipe ends the run
//! quietly, and an interrupted `--output` run leaves the previous file intact.

#![cfg(unix)]

mod common;

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{assert_evidence_quotes_text, assert_valid_record, binary, record_validator};

/// The size limit the tests scan with: the too-large files are over it, the rest under.
const MAX_BYTES: &str = "65536";

fn corpus_article(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/articles")
        .join(path);
    fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

const GOOD_IT: &str = "it/2025-06-10-chatgpt-down.txt";
const GOOD_FR: &str = "fr/2025-06-10-panne-chatgpt.txt";

/// What a line of the output must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Article,
    Error(&'static str),
}

/// The hostile folder and, in sorted walk order, each input's id and expected line.
struct Hostile {
    dir: tempfile::TempDir,
    expected: Vec<(String, Expect)>,
    /// Keeps the socket file's listener alive for the test's duration.
    _socket: std::os::unix::net::UnixListener,
}

fn build_hostile_folder() -> Hostile {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let good = corpus_article(GOOD_IT);
    let write = |name: &str, bytes: &[u8]| fs::write(root.join(name), bytes).expect(name);

    write("a-good-it.txt", &good);
    write("b-empty.txt", b"");
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0".to_vec();
    elf.extend(std::iter::repeat_n(0u8, 4000));
    write("c-binary.txt", &elf);
    // A download cut in the middle of a two-byte character, half-way through.
    let text = String::from_utf8(good.clone()).expect("UTF-8 article");
    let cut = text
        .char_indices()
        .filter(|(i, c)| c.len_utf8() == 2 && *i > text.len() / 2)
        .map(|(i, _)| i + 1)
        .next()
        .expect("an accent in the second half");
    write("d-truncated.txt", &good[..cut]);
    write("e-too-large.txt", &good.repeat(65536 / good.len() + 2));
    let huge = fs::File::create(root.join("f-huge.log")).expect("huge");
    huge.set_len(3 << 30).expect("sparse 3 GiB file");
    fs::write(
        root.join(OsStr::from_bytes(b"g-caf\xe9.txt")),
        corpus_article(GOOD_FR),
    )
    .expect("non-UTF-8 name");
    symlink(root.join("nowhere.txt"), root.join("h-dangling.txt")).expect("dangling link");
    fs::create_dir(root.join("i-loop")).expect("dir");
    symlink("..", root.join("i-loop/back")).expect("loop link");
    symlink("a-good-it.txt", root.join("j-link-to-good.txt")).expect("link");
    write("k-denied.txt", &good);
    fs::set_permissions(root.join("k-denied.txt"), fs::Permissions::from_mode(0o000))
        .expect("chmod 000");
    let page = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/html/it-chatgpt-down.html"),
    )
    .expect("HTML page");
    write("l-page.html", &page);
    write(
        "m-mojibake.txt",
        &corpus_article("mangled/fr-2025-06-10-panne-chatgpt.mojibake.txt"),
    );
    let fifo = Command::new("mkfifo")
        .arg(root.join("n-fifo"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    let socket = std::os::unix::net::UnixListener::bind(root.join("o-socket")).expect("socket");
    write(".hidden.txt", &good);
    fs::create_dir(root.join(".hidden-dir")).expect("dir");
    fs::write(root.join(".hidden-dir/inside.txt"), &good).expect("hidden");

    // As root (CI), chmod 000 does not stop reading: the record must match what the file
    // system actually allows.
    let denied_readable = fs::File::open(root.join("k-denied.txt")).is_ok();
    let expected = vec![
        ("a-good-it.txt", Expect::Article),
        ("b-empty.txt", Expect::Error("empty")),
        ("c-binary.txt", Expect::Error("binary")),
        ("d-truncated.txt", Expect::Article),
        ("e-too-large.txt", Expect::Error("too_large")),
        ("f-huge.log", Expect::Error("too_large")),
        ("g-caf\u{FFFD}.txt", Expect::Article),
        ("h-dangling.txt", Expect::Error("io")),
        ("i-loop/back", Expect::Error("io")),
        ("j-link-to-good.txt", Expect::Article),
        (
            "k-denied.txt",
            if denied_readable {
                Expect::Article
            } else {
                Expect::Error("io")
            },
        ),
        ("l-page.html", Expect::Article),
        ("m-mojibake.txt", Expect::Article),
        ("n-fifo", Expect::Error("io")),
        ("o-socket", Expect::Error("io")),
    ];
    Hostile {
        dir,
        expected: expected
            .into_iter()
            .map(|(id, e)| (id.to_string(), e))
            .collect(),
        _socket: socket,
    }
}

fn scan(root: &Path, extra: &[&str]) -> Output {
    Command::new(binary())
        .args(["scan", "-q", "--max-bytes", MAX_BYTES, "--with-text"])
        .args(extra)
        .arg(root)
        .output()
        .expect("runs")
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    let validator = record_validator();
    let stdout = std::str::from_utf8(&out.stdout).expect("UTF-8 output");
    stdout
        .lines()
        .map(|line| {
            let record = assert_valid_record(&validator, line);
            assert_evidence_quotes_text(&record);
            record
        })
        .collect()
}

fn kind(record: &serde_json::Value) -> Expect {
    match record["error"]["kind"].as_str() {
        None => Expect::Article,
        Some("io") => Expect::Error("io"),
        Some("too_large") => Expect::Error("too_large"),
        Some("binary") => Expect::Error("binary"),
        Some("empty") => Expect::Error("empty"),
        Some("decode") => Expect::Error("decode"),
        Some(other) => panic!("unknown kind {other}"),
    }
}

#[test]
fn one_valid_line_per_input_in_order_with_the_right_kinds() {
    let hostile = build_hostile_folder();
    let out = scan(hostile.dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = records(&out);
    let got: Vec<(String, Expect)> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap_or("").to_string(), kind(r)))
        .collect();
    assert_eq!(got, hostile.expected);

    let by_id = |id: &str| {
        records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record {id}"))
    };
    // Links are followed: same bytes as their target.
    assert_eq!(
        by_id("j-link-to-good.txt")["source"]["sha256"],
        by_id("a-good-it.txt")["source"]["sha256"]
    );
    assert_eq!(by_id("a-good-it.txt")["is_outage"], true);
    // Too large files are reported with their size, never read.
    let huge = by_id("f-huge.log");
    assert_eq!(huge["source"]["bytes"], 3u64 << 30);
    assert!(huge["source"].get("sha256").is_none());
    assert!(huge["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("--max-bytes"));
    // The loop and the dangling link say what they are.
    let loop_message = by_id("i-loop/back")["error"]["message"]
        .as_str()
        .unwrap_or("");
    assert!(loop_message.contains("loop"), "{loop_message}");
    let dangling = by_id("h-dangling.txt")["error"]["message"]
        .as_str()
        .unwrap_or("");
    assert!(dangling.contains("No such file"), "{dangling}");
    for id in ["n-fifo", "o-socket"] {
        let message = by_id(id)["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains("not a regular file"), "{id}: {message}");
    }
    // The truncated download keeps its text, with a warning about the lost character.
    let truncated = by_id("d-truncated.txt");
    assert!(
        truncated["warnings"].to_string().contains("U+FFFD"),
        "{truncated}"
    );
    // The non-UTF-8 name is processed: it is the French article.
    assert_eq!(by_id("g-caf\u{FFFD}.txt")["language"]["code"], "fr");
    // HTML and mojibake are turned into clean text.
    let page = by_id("l-page.html");
    assert_eq!(page["decoding"]["html"], true);
    assert!(!page["text"].as_str().unwrap_or("").contains("<p>"));
    let mojibake = by_id("m-mojibake.txt");
    assert_eq!(mojibake["decoding"]["mojibake_repaired"], true);
    let repaired = mojibake["text"].as_str().unwrap_or("");
    assert!(repaired.contains("ne répond plus"), "{repaired}");
}

#[test]
fn hidden_entries_are_skipped_unless_asked_for() {
    let hostile = build_hostile_folder();
    let default = records(&scan(hostile.dir.path(), &[]));
    assert!(default
        .iter()
        .all(|r| !r["id"].as_str().unwrap_or("").starts_with('.')));
    let out = scan(hostile.dir.path(), &["--hidden"]);
    let ids: Vec<String> = records(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids.len(), hostile.expected.len() + 2);
    assert_eq!(&ids[..2], [".hidden-dir/inside.txt", ".hidden.txt"]);
}

#[test]
fn output_is_byte_identical_for_any_thread_count_and_run() {
    let hostile = build_hostile_folder();
    let root = hostile.dir.path();
    let first = scan(root, &["-j", "1"]);
    assert!(!first.stdout.is_empty());
    for threads in ["2", "8", "1"] {
        let again = scan(root, &["-j", threads]);
        assert!(
            again.stdout == first.stdout,
            "-j {threads} differs from -j 1"
        );
        assert_eq!(again.status.code(), first.status.code());
    }
}

#[test]
fn exit_status_is_zero_when_every_input_succeeds() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.txt"), corpus_article(GOOD_IT)).expect("write");
    fs::write(dir.path().join("b.txt"), corpus_article(GOOD_FR)).expect("write");
    let out = scan(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&out).len(), 2);
}

#[test]
fn a_closed_stdout_pipe_ends_the_run_quietly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/articles");
    let mut child = Command::new(binary())
        .args(["scan", "-q", "-j", "1", "--with-text"])
        .arg(&corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    // The reader is gone (`| head -1`); the writer gets EPIPE on its next write.
    let out = child.wait_with_output().expect("waits");
    assert!(first.starts_with('{'), "{first}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn an_interrupted_output_run_leaves_the_previous_file_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("records.jsonl");
    fs::write(&target, "previous run\n").expect("write");
    let good = dir.path().join("good.txt");
    fs::write(&good, corpus_article(GOOD_IT)).expect("write");
    // A pipe given by name is read like a file: with no writer, the run blocks on it, after
    // the temporary output file exists. Killing it then is a crash mid-run.
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let mut child = Command::new(binary())
        .args(["scan", "-q", "-j", "1", "-o"])
        .arg(&target)
        .arg(&good)
        .arg(&fifo)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Whenever the kill lands, the previous file must be whole.
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert_eq!(
        fs::read_to_string(&target).expect("target"),
        "previous run\n"
    );
}
