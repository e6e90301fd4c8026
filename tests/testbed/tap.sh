# tap.sh - TAP helpers for the testbed's interop tests (sourced)
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

n=0
fail=0
ok()    { n=$((n+1)); echo "ok $n - $1"; }
nok()   { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
# check DESCRIPTION SHELL-CONDITION
check() { if eval "$2"; then ok "$1"; else nok "$1"; echo "# failed: $2"; fi; }
diag()  { echo "$*" | sed 's/^/# /'; }
finish() { echo "1..$n"; exit $fail; }

: "${SIGNET_TESTBED_DIR:?run this test through with-testbed}"
testbed=${SIGNET_TESTBED:-$(dirname "${BASH_SOURCE[0]}")/signet-testbed}
work=$(mktemp -d "${TMPDIR:-/tmp}/signet-interop.XXXXXX")
trap 'rm -rf "$work"' EXIT

# notary CLI against the testbed, with its own trust dir
notary_in() { local d=$1; shift; notary -s "$SIGNET_NOTARY_URL" -d "$d" --tlscacert "$SIGNET_TESTBED_CA" "$@"; }
tuf_url() { echo "$SIGNET_NOTARY_URL/v2/$1/_trust/tuf"; }
