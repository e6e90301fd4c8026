#!/bin/bash
# `signet-cli expiry` against the real testbed: roles published to expire soon (re-signed with
# Signet's TUF builder and a key from the notary trust folder, uploaded to the real
# notary-server) are reported with the expiry the server serves; roles far from expiry are
# not; exit statuses; JSON; discovery from the trust cache and the app's registries file.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/testbed/tap.sh"

cli=${SIGNET_CLI:?}
resign=${SIGNET_TEST_RESIGN:?}
reg=$SIGNET_REGISTRY
web=$reg/demo/web
tools=$reg/demo/tools
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME"
expiry() { "$cli" expiry "$@"; }
# item JSON ROLE KEY: KEY of the first item of ROLE
item() { jq -r --arg r "$2" "[.items[] | select(.role == \$r)][0].$3 | tostring" <<<"$1"; }
server_expires() { curl -sf --cacert "$SIGNET_TESTBED_CA" "$(tuf_url "$1")/$2.json" | jq -r .signed.expires; }

# -- Far from expiry: nothing to report ------------------------------------------------------
out=$(expiry --json --trust-dir "$work/t1" "$web" "$tools" 2>"$work/err"); rc=$?
check "fresh repositories: exit 0" '[ $rc -eq 0 ]'
check "fresh repositories: nothing due" '[ "$(jq -r .due <<<"$out")" = 0 ]'
check "fresh repositories: no items listed" '[ "$(jq -r ".items | length" <<<"$out")" = 0 ]'
check "both repositories were checked" \
  '[ "$(jq -r ".repositories | join(\" \")" <<<"$out")" = "$tools $web" ]'
check "no failures" '[ "$(jq -r ".failures | length" <<<"$out")" = 0 ]'
out=$(expiry --json --all --trust-dir "$work/t1" "$web" 2>/dev/null)
check "--all lists root, targets, snapshot, timestamp and both delegations" \
  '[ "$(jq -r "[.items[] | select(.kind != \"root-certificate\") | .role] | sort | join(\" \")" <<<"$out")" = "root snapshot targets targets/alice targets/releases timestamp" ]'
check "--all lists the root certificate with its key ID" \
  '[ "$(jq -r "[.items[] | select(.kind == \"root-certificate\" and .key_id != null)] | length" <<<"$out")" -ge 1 ]'
check "--all: all are ok" '[ "$(jq -r "[.items[] | select(.state != \"ok\")] | length" <<<"$out")" = 0 ]'
check "the timestamp (14 days) is not flagged within 30 days" \
  '[ "$(item "$out" timestamp state)" = ok ] && [ "$(item "$out" timestamp days_left)" -lt 30 ]'
check "the targets expiry is the one the server serves" \
  '[ "$(item "$out" targets expires)" = "$(server_expires "$web" targets | cut -c1-19)Z" ]'

# -- A delegation re-signed to expire in just under 10 days -------------------------------------------------
"$resign" "$SIGNET_NOTARY_TRUST_DIR" "$web" targets/releases 860000 >"$work/resign.log" 2>&1; rc=$?
check "targets/releases re-signed for 9.95 days and published" '[ $rc -eq 0 ]' || diag "$(cat "$work/resign.log")"
check "the notary CLI still reads demo/web" \
  'notary -c "$SIGNET_NOTARY_CONFIG" list "$web" >/dev/null 2>&1'
out=$(expiry --json --trust-dir "$work/t2" "$web" "$tools" 2>"$work/err"); rc=$?
check "an expiring delegation: exit 1" '[ $rc -eq 1 ]'
check "one item is due" '[ "$(jq -r .due <<<"$out")" = 1 ]'
check "it is targets/releases of demo/web" \
  '[ "$(jq -r ".items[0].repository + \" \" + .items[0].role" <<<"$out")" = "$web targets/releases" ]'
check "it is a delegation, expiring, to re-sign" \
  '[ "$(jq -r ".items[0] | .kind + \" \" + .state + \" \" + .action" <<<"$out")" = "delegation expiring re-sign" ]'
check "days left: 9" '[ "$(jq -r .items[0].days_left <<<"$out")" = 9 ]'
check "its expiry is the one the server serves" \
  '[ "$(jq -r .items[0].expires <<<"$out")" = "$(server_expires "$web" targets/releases | cut -c1-19)Z" ]'
check "the command re-signs it with the notary CLI" \
  '[ "$(jq -r .items[0].command <<<"$out")" = "notary witness $web targets/releases && notary publish $web" ]'
check "demo/tools is not reported" '[ -z "$(jq -r ".items[] | select(.repository == \"$tools\")" <<<"$out")" ]'
text=$(expiry --trust-dir "$work/t2" "$web" 2>/dev/null)
check "the table names the role and the action" \
  '[[ "$text" == *"targets/releases"*"expiring"*"re-sign"* ]]'
check "the table says what to do" '[[ "$text" == *"Sign the delegation targets/releases again"* ]]'
expiry --trust-dir "$work/t2" --within 5 "$web" >/dev/null 2>&1; rc=$?
check "outside a 5-day window: exit 0" '[ $rc -eq 0 ]'
out=$(expiry --json --offline --trust-dir "$work/t2" "$web" 2>/dev/null); rc=$?
check "offline, from the verified cache: the same finding" \
  '[ $rc -eq 1 ] && [ "$(jq -r ".items[0].role + \" \" + .items[0].state" <<<"$out")" = "targets/releases expiring" ]'

# -- Discovery ------------------------------------------------------------------------------
out=$(expiry --json --offline --trust-dir "$work/t2" 2>/dev/null)
check "no arguments: every repository in the trust cache" \
  '[ "$(jq -r ".repositories | join(\" \")" <<<"$out")" = "$tools $web" ]'
mkdir -p "$XDG_CONFIG_HOME/signet"
cat >"$XDG_CONFIG_HOME/signet/registries.json" <<EOF
{"registries": [{"url": "https://$reg", "repositories": ["demo/multi", "demo/db"]}]}
EOF
out=$(expiry --json --trust-dir "$work/t3" 2>"$work/err"); rc=$?
check "no arguments: the app's registries are checked too" \
  '[ "$(jq -r ".repositories | join(\" \")" <<<"$out")" = "$reg/demo/multi" ]'
check "an unsigned repository of the registries file is no failure" \
  '[ "$(jq -r ".failures | length" <<<"$out")" = 0 ] && [ $rc -eq 0 ]'
out=$(expiry --json --registries "" --trust-dir "$work/t4" 2>/dev/null)
check "--registries \"\" ignores the file" '[ "$(jq -r ".repositories | length" <<<"$out")" = 0 ]'

# -- Snapshot: whose key? -----------------------------------------------------------------------
out=$(expiry --json --offline --within 1200 --trust-dir "$work/t2" "$web" 2>/dev/null)
check "without the snapshot key here, the snapshot is the server operator's" \
  '[ "$(item "$out" snapshot action)" = ask-server-operator ] && [ "$(item "$out" snapshot command)" = null ]'
expiry --offline --trust-dir "$SIGNET_NOTARY_TRUST_DIR" --json "$web" >/dev/null 2>&1
out=$(expiry --json --within 1200 --trust-dir "$SIGNET_NOTARY_TRUST_DIR" "$web" 2>/dev/null)
check "with the snapshot key in the trust folder, the snapshot is re-signed locally" \
  '[ "$(item "$out" snapshot action)" = re-sign ]'

# -- Expired --------------------------------------------------------------------------------
"$resign" "$SIGNET_NOTARY_TRUST_DIR" "$web" targets/releases 4 >"$work/resign.log" 2>&1
check "targets/releases re-signed for 4 seconds" '[ $? -eq 0 ]'
expiry --json --trust-dir "$work/t5" "$web" >/dev/null 2>&1
sleep 6
out=$(expiry --json --trust-dir "$work/t5" "$web" 2>"$work/err"); rc=$?
check "an expired delegation: exit 1" '[ $rc -eq 1 ]'
check "it is reported as expired (the refresh drops it, the verified cache had it)" \
  '[ "$(item "$out" targets/releases state)" = expired ]'
check "its days left are negative" '[ "$(item "$out" targets/releases days_left)" -lt 0 ]'
out=$(expiry --json --offline --trust-dir "$work/t5" "$web" 2>/dev/null)
check "offline: expired too" '[ "$(item "$out" targets/releases state)" = expired ]'
"$resign" "$SIGNET_NOTARY_TRUST_DIR" "$web" targets/releases 94608000 >/dev/null 2>&1
out=$(expiry --json --trust-dir "$work/t5" "$web" 2>/dev/null); rc=$?
check "re-signed for 3 years: nothing due again" '[ $rc -eq 0 ] && [ "$(jq -r .due <<<"$out")" = 0 ]'

# -- Failures and usage ------------------------------------------------------------------------
out=$(expiry --json --offline --trust-dir "$work/t6" "$web" 2>/dev/null); rc=$?
check "offline without a cache: a failure, exit 1" \
  '[ $rc -eq 1 ] && [[ "$(jq -r .failures[0].message <<<"$out")" == *"No cached trust data"* ]]'
expiry --within -1 >/dev/null 2>&1; rc=$?
check "--within -1: usage error" '[ $rc -eq 2 ]'
expiry --within soon >/dev/null 2>&1; rc=$?
check "--within soon: usage error" '[ $rc -eq 2 ]'
expiry "Not A Ref" >/dev/null 2>&1; rc=$?
check "a bad repository name: usage error" '[ $rc -eq 2 ]'

finish
