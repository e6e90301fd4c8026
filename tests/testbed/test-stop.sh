#!/bin/bash
# `signet-testbed stop` leaves no process behind, `start` reuses a running testbed, and
# with-testbed stops everything and passes on the command's exit code.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/tap.sh"

alive() { local p; for p in "$@"; do [ -d "/proc/$p" ] && [ "$(awk '/^State:/ {print $2}' "/proc/$p/status")" != Z ] && return 0; done; return 1; }
here=$(cd "$(dirname "$0")" && pwd)

dir=$SIGNET_TESTBED_DIR
pids=$(cat "$dir"/run/*.pid)
check "the plain testbed runs two processes" '[ $(echo "$pids" | wc -w) = 2 ] && alive $pids'
"$testbed" status "$dir" >"$work/status"; rc=$?
check "status exits 0 and names the registry" '[ $rc -eq 0 ] && grep -q "^registry: running" "$work/status"'

"$testbed" start "$dir" 2>"$work/log"; rc=$?
check "start on a running testbed reuses it (exit 0, same PIDs)" \
  '[ $rc -eq 0 ] && [ "$(cat "$dir"/run/*.pid)" = "$pids" ] && grep -q reusing "$work/log"'

"$testbed" stop "$dir"; rc=$?
check "stop exits 0" '[ $rc -eq 0 ]'
check "stop leaves none of the PIDs alive" '! alive $pids'
"$testbed" stop "$dir"; rc=$?
check "stop is idempotent" '[ $rc -eq 0 ]'
"$testbed" status "$dir" >/dev/null; rc=$?
check "status says nothing runs (exit 3)" '[ $rc -eq 3 ]'

# the auth variant has three processes, the token issuer too
adir=$work/auth
"$testbed" start "$adir" --auth 2>"$work/log"; rc=$?
apids=$(cat "$adir"/run/*.pid 2>/dev/null)
check "an --auth testbed starts with three processes" '[ $rc -eq 0 ] && [ $(echo "$apids" | wc -w) = 3 ] && alive $apids'
[ $rc -eq 0 ] || diag "$(cat "$work/log")"
"$testbed" stop "$adir"
check "stop leaves none of the --auth testbed's PIDs alive" '! alive $apids'

# with-testbed: stops by PID also when the command fails, and returns its exit code
"$here/with-testbed" -- bash -c 'cat "$SIGNET_TESTBED_DIR"/run/*.pid >"$0"; echo "$SIGNET_TESTBED_DIR" >"$0.dir"; exit 7' \
  "$work/wpids" 2>/dev/null; rc=$?
check "with-testbed returns the command's exit code" '[ $rc -eq 7 ]'
check "with-testbed stopped its testbed" '[ -s "$work/wpids" ] && ! alive $(cat "$work/wpids")'
check "with-testbed removed its directory" '[ ! -e "$(cat "$work/wpids.dir")" ]'
"$here/with-testbed" -- bash -c 'cat "$SIGNET_TESTBED_DIR"/run/*.pid >"$0"; kill -TERM $PPID; sleep 1' \
  "$work/tpids" 2>/dev/null; rc=$?
check "with-testbed stops its testbed when it gets TERM" '[ $rc -ne 0 ] && [ -s "$work/tpids" ] && ! alive $(cat "$work/tpids")'
finish
