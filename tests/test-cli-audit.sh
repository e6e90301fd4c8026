#!/bin/bash
# signet-cli audit without servers: arguments, input errors, exit statuses (loopback only).
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cli=${SIGNET_CLI:?}
fixtures=${G_TEST_SRCDIR:?}/fixtures/compose
n=0 fail=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; echo "# failed: $2"; fi; }
work=$(mktemp -d "${TMPDIR:-/tmp}/signet-cli-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOCKER_CONFIG=$work/docker
unset DOCKER_CONTENT_TRUST_SERVER
mkdir -p "$DOCKER_CONFIG"
audit() { "$cli" audit --trust-dir "$work/trust" "$@" >"$work/out" 2>"$work/err"; rc=$?; out=$(cat "$work/out"); err=$(cat "$work/err"); }

audit; check "no input: exit 2" '[ $rc -eq 2 ]'
check "no input: says what to give" '[[ "$err" == *"nothing to audit"* ]]'
audit --json --csv x; check "--json with --csv: exit 2" '[ $rc -eq 2 ]'
audit --jobs 0 x; check "--jobs 0: exit 2" '[ $rc -eq 2 ]'
audit --no-such-option; check "unknown option: exit 2" '[ $rc -eq 2 ]'
"$cli" audit --help >"$work/out" 2>&1; rc=$?; out=$(cat "$work/out")
check "--help: exit 0" '[ $rc -eq 0 ]'
check "--help lists -f, --file, --json, --csv and --jobs" \
  '[[ "$out" == *--compose-file* && "$out" == *--file* && "$out" == *--json* && "$out" == *--csv* && "$out" == *--jobs* ]]'
"$cli" --help >"$work/out"; out=$(cat "$work/out")
check "signet-cli --help lists audit" '[[ "$out" == *"  audit "* ]]'

audit -f "$fixtures/bad-yaml.yaml"
check "bad YAML: exit 2" '[ $rc -eq 2 ]'
check "bad YAML: file, line and column" '[[ "$err" == *"bad-yaml.yaml:4:4: invalid YAML"* ]]'
audit -f "$work/missing.yaml"
check "missing Compose file: exit 2" '[ $rc -eq 2 ]'
check "missing Compose file: named" '[[ "$err" == *"missing.yaml"* ]]'
printf 'a b\n' >"$work/refs.txt"
audit --file "$work/refs.txt"
check "bad list: exit 2" '[ $rc -eq 2 ]'
check "bad list: file and line" '[[ "$err" == *"refs.txt:1: one image reference per line"* ]]'

printf 'services:\n  a:\n    image: "Bad Ref"\n' | "$cli" audit --json -f - >"$work/out" 2>"$work/err"; rc=$?
check "-f - reads standard input" '[ "$(jq -r ".images[0].origin" <"$work/out")" = "<stdin>:3:12" ]'
printf 'a b\n' | "$cli" audit --file - >"$work/out" 2>"$work/err"; rc=$?
check "--file - reads standard input; errors name it" '[ $rc -eq 2 ] && grep -q "<stdin>:1: one image" "$work/err"'

printf 'services:\n  web:\n    build: .\n' >"$work/compose.yaml"
audit -f "$work/compose.yaml"
check "build-only project: exit 0" '[ $rc -eq 0 ]'
check "build-only project: a note" '[[ "$err" == *"service web is built locally (build:), not pulled"* ]]'
audit --json -f "$work/compose.yaml"
check "build-only project: JSON with no images" '[ "$(jq -r ".total, (.notes | length)" <<<"$out" | tr "\n" " ")" = "0 1 " ]'

audit --json 'Not A Reference!'
check "invalid reference: exit 1" '[ $rc -eq 1 ]'
check "invalid reference: trust error" '[ "$(jq -r ".images[0].trust" <<<"$out")" = error ]'
check "invalid reference: would not pull" '[ "$(jq -r ".images[0].would_pull" <<<"$out")" = false ]'

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
audit --json "127.0.0.1:$port/demo/web:1"
check "nothing listening: exit 3" '[ $rc -eq 3 ]'
check "nothing listening: registry unreachable" '[ "$(jq -r ".images[0].registry_state" <<<"$out")" = unreachable ]'
check "nothing listening: trust unreachable" '[ "$(jq -r ".images[0].trust" <<<"$out")" = unreachable ]'
audit --csv "127.0.0.1:$port/demo/web:1" 'Not A Reference!' 'a,b'
check "unreachable and invalid: exit 1" '[ $rc -eq 1 ]'
check "CSV: header and three rows" '[ "$(printf "%s" "$out" | wc -l)" -eq 3 ]'
check "CSV: a field with a comma is quoted" '[[ "$out" == *$'"'"'\r\n"a,b",argument 3,'"'"'* ]]'
check "CSV: every row has the header's 17 fields" \
  '[ "$(python3 -c "import csv,sys; print(sorted({len(r) for r in csv.reader(sys.stdin)}))" <"$work/out")" = "[17]" ]'

# A server that accepts connections and never answers: Ctrl-C cancels the audit (exit 1).
# SIGINT is sent once the CLI has connected (its handler is installed before it connects), not
# after a fixed delay: under the sanitizers on a loaded machine the start-up alone can take seconds.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept()
open(sys.argv[2], "w").write("connected")
time.sleep(120)' "$work/hang-port" "$work/hang-connected" &
hang_pid=$!
for _ in $(seq 600); do [ -s "$work/hang-port" ] && break; sleep 0.1; done
"$cli" audit --quiet --trust-dir "$work/trust" "127.0.0.1:$(cat "$work/hang-port")/demo/web:1" \
  >"$work/out" 2>"$work/err" &
audit_pid=$!
for _ in $(seq 1200); do [ -s "$work/hang-connected" ] && break; sleep 0.1; done
kill -INT "$audit_pid"
wait "$audit_pid"; rc=$?
kill "$hang_pid"; wait "$hang_pid" 2>/dev/null
err=$(cat "$work/err")
check "SIGINT cancels: exit 1" '[ $rc -eq 1 ]'
check "SIGINT cancels: says so" '[[ "$err" == *"cancelled"* ]]'

echo "1..$n"
exit $fail
