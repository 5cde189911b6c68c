//! Repairs each argument and prints the result and the repairs (a development aid).

fn main() {
    for arg in std::env::args().skip(1) {
        let r = outage_news::repair::repair(&arg);
        println!("{:?}", r.text);
        for d in &r.details {
            println!("  {:?} -> {:?} {:?} {:?}", d.from, d.to, d.kind, d.codecs);
        }
    }
}
