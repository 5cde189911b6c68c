//! Prints the article text the HTML stage finds in a page: `cargo run --example html_text PAGE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: html_text PAGE.html");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let decoded = match outage_news::decode::decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let doc = outage_news::html::extract(&decoded.text);
    println!("{}", doc.text);
    eprintln!(
        "encoding {}; published {:?}",
        decoded.encoding, doc.published
    );
}
