//! The `outage-news` command line: parses arguments and hands over to the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
