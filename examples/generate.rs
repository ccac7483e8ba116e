//! Writes a deterministic exchange file of a province with N records:
//!   cargo run --release --example generate -- 100000 target/bench/100k.json [seed]
use std::io::Write;
use taizhang_core::exchange::{export, to_json, ExportScope};
use taizhang_core::{ledgers::generate, Timestamp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let records: usize = args
        .next()
        .ok_or("usage: generate RECORDS OUT.json [SEED]")?
        .parse()?;
    let out = args
        .next()
        .ok_or("usage: generate RECORDS OUT.json [SEED]")?;
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2021);
    let data = generate::province(records, seed);
    let now = Timestamp::parse("2022-01-15T00:00:00Z").ok_or("timestamp")?;
    let file = export(
        &data,
        &ExportScope::default(),
        now,
        Some("210000-committee".into()),
    );
    std::fs::File::create(&out)?.write_all(to_json(&file).as_bytes())?;
    eprintln!("{out}: {records} records");
    Ok(())
}
