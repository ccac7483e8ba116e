#!/usr/bin/env bash
# Builds the app and serves it on http://127.0.0.1:8080/ (rebuilds on change).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
exec trunk serve --offline --address 127.0.0.1 --port 8080 "$@"
