#!/usr/bin/env bash
# Fuzzes with libFuzzer for a given time (seconds, default 600):
#   ./scripts/fuzz.sh 3600                 # the import path (fuzz/fuzz_targets/import.rs)
#   ./scripts/fuzz.sh 600 stored_block     # decoding blocks read back from IndexedDB
#   ./scripts/fuzz.sh 600 signed           # the signed envelope, receipts and rosters inside it
#   ./scripts/fuzz.sh 600 protected        # the ZIP and encrypted-workbook readers, any bytes
#   ./scripts/fuzz.sh 600 encryption_info  # encrypted workbooks built from a structure (XML attributes, stream)
#   ./scripts/fuzz.sh 600 zip_directory    # archives built from a structure (names, methods, headers)
# The corpus grows in fuzz/corpus/TARGET; a finding is saved in fuzz/artifacts/TARGET
# and stops the run. The import corpus is seeded with the files crates/core/tests/corrupt.rs
# reads and with small generated provinces.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION="${1:-600}"
TARGET="${2:-import}"
CARGO_FUZZ_VERSION="0.13.2"
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
fi
# cargo fuzz passes nightly-only flags (sanitizers, coverage); this lets the
# machine's stable toolchain accept them.
export RUSTC_BOOTSTRAP=1

SEEDS="$ROOT/target/fuzz-seeds/$TARGET"
rm -rf "$SEEDS" && mkdir -p "$SEEDS" "fuzz/corpus/$TARGET"
DICT=()
if [ "$TARGET" = import ]; then
  TAIZHANG_FUZZ_SEEDS="$SEEDS" cargo test --quiet -p taizhang-core --test corrupt >/dev/null
  for records in 0 2 8 30; do
    cargo run --quiet --example generate -- "$records" "$SEEDS/province-$records.json" "$records" 2>/dev/null
  done
  DICT=(-dict=fuzz/import.dict)
fi
if [ "$TARGET" = protected ]; then
  cp crates/protect/tests/fixtures/*.xlsx "$SEEDS/"
  (cd "$SEEDS" && /usr/bin/python3 -c "import zipfile; zipfile.ZipFile('plain.zip', 'w').writestr('x.json', '{}')")
fi
if [ "$TARGET" = signed ]; then
  # The fixture's signed files (OpenSSL's), each a seed.
  /usr/bin/python3 - "$SEEDS" <<'PY'
import json, sys
f = json.load(open("crates/core/tests/fixtures/signed.json"))
files = [f["signed_exchange"]] + [v for v in f["roster"].values() if isinstance(v, dict)]
for i, file in enumerate(files):
    open(f"{sys.argv[1]}/seed-{i}.json", "w").write(json.dumps(file))
PY
fi

# -rss_limit_mb: memory beyond 2 GiB is a finding; -timeout: so is one input taking 10 s.
cargo fuzz run --sanitizer none "$TARGET" "fuzz/corpus/$TARGET" "$SEEDS" -- "${DICT[@]}" \
  -max_total_time="$DURATION" -max_len=262144 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1
