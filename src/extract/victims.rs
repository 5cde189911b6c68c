//! Victims: the sites and apps an article lists as having gone down with a provider, whether
//! or not the services lexicon knows them.
//!
//! A provider outage is reported with lists: "Reddit, the BBC, Gazzetta dello Sport and
//! dozens of other sites were unreachable", "parmi les sites touchés : Leboncoin, impots.gouv.fr
//! et la SNCF". Such a list is a run of names — capitalised words (with the short connectors
//! of names such as "of", "della", "de"), domains, or lexicon mentions — separated by commas
//! and list joiners. It is read as a list of victims when it stands in a sentence that reports
//! the failure and at least one of its names is a service or company the lexicon knows: that
//! known name vouches for the others, so a list of cities or people in the same sentence is
//! not taken. The unknown names keep the article's spelling.

use std::ops::Range;

use super::services::Mention;
use super::Document;

/// The longest name read as one list item, in words.
const MAX_ITEM_WORDS: usize = 5;

/// The longest name read as one list item, in bytes.
const MAX_ITEM_BYTES: usize = 48;

/// The longest joiner or connector looked up, in bytes ("inclusive", "degli").
const MAX_JOINER_BYTES: usize = 10;

/// A name in a list of victims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// A lexicon mention: index into `doc.services`.
    Known(usize),
    /// A name no lexicon lists: its span in the text.
    Unknown(Range<usize>),
}

/// One word of a sentence, with what it can be in a list.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// Starts with an upper-case letter, or is a domain ("gov.uk"): it can start a name.
    name_like: bool,
    /// Starts with a digit: it can continue a name ("GTA 5") but not start one.
    numeric: bool,
    /// A list joiner ("and", "et", "e", "the").
    joiner: bool,
    /// A connector inside a name ("of", "della", "de").
    connector: bool,
    /// A comma follows it (before the next word).
    comma_after: bool,
    /// Other punctuation (a full stop, colon, parenthesis, quote) follows it.
    stop_after: bool,
    /// Capitalised for being first: the sentence's first word, or the first after a colon,
    /// a quote or a parenthesis.
    initial: bool,
    /// Written with a capital: an article so written may start a name ("The Verge").
    capitalised: bool,
}

/// The lists of victims in sentence `sentence`: each list as its items, in text order.
///
/// `is_joiner` and `is_connector` say which lower-case words may stand between names and
/// inside them. Only lists that hold at least one lexicon mention are returned.
pub(crate) fn lists(
    doc: &Document,
    sentence: usize,
    is_joiner: impl Fn(&str) -> bool,
    is_connector: impl Fn(&str) -> bool,
) -> Vec<Vec<Item>> {
    let Some(span) = doc.sentences.get(sentence).cloned() else {
        return Vec::new();
    };
    let words = words(doc.text, span.clone(), &is_joiner, &is_connector);
    let mentions = &doc.services;
    let first_mention = mentions.partition_point(|m| m.start < span.start);
    let sentence_mentions: &[Mention] = mentions
        .get(first_mention..)
        .map(|rest| {
            let n = rest.partition_point(|m| m.start < span.end);
            &rest[..n]
        })
        .unwrap_or_default();

    let mut out = Vec::new();
    let mut list: Vec<Item> = Vec::new();
    let mut i = 0;
    // Whether the words between the last item and this one allow the list to go on.
    let mut open = false;
    while i < words.len() {
        let Some((item, next)) = item_at(doc.text, &words, i, sentence_mentions, first_mention)
        else {
            // Joiners ("and the") keep a list open; any other word closes it.
            let w = words[i];
            if w.joiner && !list.is_empty() && !w.stop_after {
                open = true;
            } else {
                close(&mut list, &mut out);
                open = false;
            }
            i += 1;
            continue;
        };
        if !open {
            close(&mut list, &mut out);
        }
        list.push(item);
        let last = words[next - 1];
        open = last.comma_after && !last.stop_after;
        if last.stop_after {
            close(&mut list, &mut out);
        }
        i = next;
    }
    close(&mut list, &mut out);
    out
}

/// Ends the list being read: kept when it has two items or more and one of them is known.
fn close(list: &mut Vec<Item>, out: &mut Vec<Vec<Item>>) {
    let items = std::mem::take(list);
    if items.len() >= 2 && items.iter().any(|i| matches!(i, Item::Known(_))) {
        out.push(items);
    }
}

/// The list item starting at word `i`, and the index of the word after it: a lexicon
/// mention, or a name — a name-like word followed by name-like words or connectors that
/// lead to one.
fn item_at(
    text: &str,
    words: &[Word],
    i: usize,
    mentions: &[Mention],
    first_mention: usize,
) -> Option<(Item, usize)> {
    let w = words[i];
    if let Some(k) = mentions
        .iter()
        .position(|m| m.start <= w.start && w.start < m.end)
    {
        let m = mentions[k];
        let next = words[i..]
            .iter()
            .position(|x| x.start >= m.end)
            .map_or(words.len(), |n| i + n);
        // A known name followed by more capitalised words is part of a longer name
        // ("Google Cloud Platform" is known; "Amazon Prime Video" may not be).
        return Some((Item::Known(first_mention + k), next));
    }
    // An article written with a capital inside a sentence starts a name ("The Verge",
    // "Le Figaro"); otherwise joiners start nothing.
    let titled = w.joiner
        && w.capitalised
        && !w.initial
        && words
            .get(i + 1)
            .is_some_and(|n| n.name_like && !n.joiner && !w.comma_after && !w.stop_after);
    if !w.name_like || (w.joiner && !titled) {
        return None;
    }
    // A sentence's first word is capitalised whatever it is ("Yesterday, Reddit and …",
    // "Suddenly Reddit …"): it starts no unknown name, unless it is a domain.
    if w.initial && !is_domain(&text[w.start..w.end]) {
        return None;
    }
    let mut end = i + 1;
    while end < words.len() && end - i < MAX_ITEM_WORDS {
        let prev = words[end - 1];
        if prev.comma_after || prev.stop_after {
            break;
        }
        let next = words[end];
        if mentions
            .iter()
            .any(|m| m.start <= next.start && next.start < m.end)
        {
            break;
        }
        if (next.name_like || next.numeric) && !next.joiner {
            end += 1;
        } else if next.connector
            && !next.comma_after
            && !next.stop_after
            && words.get(end + 1).is_some_and(|n| n.name_like && !n.joiner)
        {
            end += 2;
        } else {
            break;
        }
    }
    let span = w.start..words[end - 1].end;
    if span.len() > MAX_ITEM_BYTES || text.get(span.clone()).is_none() {
        return None;
    }
    Some((Item::Unknown(span), end))
}

/// The words of `span`, with the punctuation that follows each.
fn words(
    text: &str,
    span: Range<usize>,
    is_joiner: &impl Fn(&str) -> bool,
    is_connector: &impl Fn(&str) -> bool,
) -> Vec<Word> {
    let sentence = text.get(span.clone()).unwrap_or_default();
    let mut out: Vec<Word> = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        if is_word_char(c) {
            let start = off;
            let mut end = off + c.len_utf8();
            // Inner dots, apostrophes, hyphens and ampersands stay in the word ("gov.uk",
            // "McDonald's", "T-Mobile", "AT&T").
            while let Some(&(o, ch)) = chars.peek() {
                if is_word_char(ch) {
                    end = o + ch.len_utf8();
                    chars.next();
                } else if matches!(ch, '.' | '\'' | '’' | '-' | '&') {
                    let after = sentence
                        .get(o + ch.len_utf8()..)
                        .and_then(|r| r.chars().next());
                    if after.is_some_and(is_word_char) {
                        end = o + ch.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &sentence[start..end];
            let first = word.chars().next().unwrap_or(' ');
            let domain = word.contains('.') && is_domain(word);
            // Joiners and connectors are short words: longer ones are not looked up.
            let lower = if word.len() <= MAX_JOINER_BYTES {
                word.to_lowercase()
            } else {
                String::new()
            };
            out.push(Word {
                start: span.start + start,
                end: span.start + end,
                name_like: first.is_uppercase() || domain,
                initial: out.last().is_none_or(|p: &Word| p.stop_after),
                capitalised: first.is_uppercase(),
                numeric: first.is_ascii_digit(),
                joiner: !lower.is_empty() && is_joiner(&lower),
                connector: !lower.is_empty() && is_connector(&lower),
                comma_after: false,
                stop_after: false,
            });
        } else if let Some(last) = out.last_mut() {
            match c {
                ',' => last.comma_after = true,
                '&' | '/' => {}
                c if c.is_whitespace() => {}
                _ => last.stop_after = true,
            }
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `word` looks like a domain name: letters, a dot, and a top-level part of two or
/// more letters ("gov.uk", "impots.gouv.fr").
fn is_domain(word: &str) -> bool {
    let Some((head, tld)) = word.rsplit_once('.') else {
        return false;
    };
    !head.is_empty()
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && head
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_recognised() {
        assert!(is_domain("gov.uk"));
        assert!(is_domain("service-public.fr"));
        assert!(!is_domain("U.S"));
        assert!(!is_domain("3.5"));
        assert!(!is_domain("word"));
    }
}
