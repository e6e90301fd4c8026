# shellcheck shell=bash disable=SC2034
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
skip()  { n=$((n+1)); echo "ok $n - $1 # SKIP $2"; }
# The docker CLI is a peer only where `docker trust --help` works.
have_docker_trust() { docker trust --help >/dev/null 2>&1; }
# check_docker DESCRIPTION SHELL-CONDITION: a check that needs `docker trust`
check_docker() { if have_docker_trust; then check "$1" "$2"; else skip "$1" "no docker CLI with trust"; fi; }
finish() { echo "1..$n"; exit $fail; }

: "${SIGNET_TESTBED_DIR:?run this test through with-testbed}"
testbed=${SIGNET_TESTBED:-$(dirname "${BASH_SOURCE[0]}")/signet-testbed}
work=$(mktemp -d "${TMPDIR:-/tmp}/signet-interop.XXXXXX")
trap 'rm -rf "$work"' EXIT

# notary CLI against the testbed, with its own trust dir
notary_in() { local d=$1; shift; notary -s "$SIGNET_NOTARY_URL" -d "$d" --tlscacert "$SIGNET_TESTBED_CA" "$@"; }
tuf_url() { echo "$SIGNET_NOTARY_URL/v2/$1/_trust/tuf"; }

# check_listeners: every listening socket of the testbed's processes is on 127.0.0.1
check_listeners() {
  local pids pid local_addr bad=
  pids=$(cat "$SIGNET_TESTBED_DIR"/run/*.pid)
  check "the testbed has recorded PIDs" '[ -n "$pids" ]'
  for pid in $pids; do
    while read -r local_addr; do
      case $local_addr in 127.0.0.1:*) ;; *) bad="$bad $pid:$local_addr" ;; esac
    done < <(ss -Hltnp 2>/dev/null | grep "pid=$pid," | awk '{print $4}')
    [ -n "$(ss -Hltnp | grep "pid=$pid,")" ] || bad="$bad $pid:(no listener)"
  done
  check "every testbed process ($(echo $pids | wc -w)) listens, and only on 127.0.0.1" '[ -z "$bad" ]'
  [ -z "$bad" ] || diag "bad listeners:$bad"
}
