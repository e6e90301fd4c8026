#!/bin/bash
# The testbed's notary-server is real: the notary CLI publishes to it and reads the result back,
# and its TUF files are served as JSON; every testbed socket listens on 127.0.0.1 only.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/tap.sh"

gun=$SIGNET_REGISTRY/interop/roundtrip
printf 'signet interop payload\n' >"$work/payload"
want_hex=$(sha256sum "$work/payload" | cut -d' ' -f1)
want_size=$(stat -c %s "$work/payload")

out=$(curl -s --cacert "$SIGNET_TESTBED_CA" "$SIGNET_NOTARY_URL/v2/")
check "notary-server answers GET /v2/ over TLS with the testbed CA" '[ "$out" = "{}" ]'
out=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$SIGNET_TESTBED_CA" "https://$SIGNET_REGISTRY/v2/")
check "the registry answers GET /v2/ with 200" '[ "$out" = 200 ]'
port=${SIGNET_REGISTRY##*:}
out=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$SIGNET_TESTBED_CA" "https://localhost:$port/v2/" 2>/dev/null)
check "the server certificate is valid for DNS:localhost too" '[ "$out" = 200 ]'

notary_in "$work/pub" init "$gun" >"$work/log" 2>&1; rc=$?
check "notary init succeeds" '[ $rc -eq 0 ]' || cat "$work/log" | sed 's/^/# /'
notary_in "$work/pub" add "$gun" v1 "$work/payload" >"$work/log" 2>&1 &&
  notary_in "$work/pub" publish "$gun" >>"$work/log" 2>&1; rc=$?
check "notary add + publish succeed" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || diag "$(cat "$work/log")"

# a second client with an empty trust dir reads it back from the server (TOFU)
list=$(notary_in "$work/reader" list "$gun" 2>"$work/log"); rc=$?
diag "$list"
check "notary list from a fresh trust dir succeeds" '[ $rc -eq 0 ]'
line=$(echo "$list" | awk '$1 == "v1"')
check "notary list shows v1 with the payload's sha256" '[ "$(echo "$line" | awk "{print \$2}")" = "$want_hex" ]'
check "notary list shows v1 with the payload's size" '[ "$(echo "$line" | awk "{print \$3}")" = "$want_size" ]'
check "notary list shows v1 in the targets role" '[ "$(echo "$line" | awk "{print \$4}")" = targets ]'
out=$(notary_in "$work/reader" lookup "$gun" v1 2>&1)
check "notary lookup finds v1" '[[ "$out" == "v1 sha256:$want_hex $want_size"* ]]'

B=$(tuf_url "$gun")
curl -sf --cacert "$SIGNET_TESTBED_CA" "$B/root.json" >"$work/root.json"; rc=$?
check "curl fetches root.json" '[ $rc -eq 0 ]'
check "root.json parses as JSON and is a signed Root" \
  'jq -e ".signed._type == \"Root\" and (.signatures | length) >= 1" "$work/root.json" >/dev/null'
check "root.json lists all four base roles" \
  'jq -e ".signed.roles | has(\"root\") and has(\"targets\") and has(\"snapshot\") and has(\"timestamp\")" "$work/root.json" >/dev/null'
curl -sf --cacert "$SIGNET_TESTBED_CA" "$B/targets.json" >"$work/targets.json"
b64=$(printf '%s' "$want_hex" | tr a-f A-F | basenc --base16 -d | base64 -w0)
check "targets.json holds v1 with the base64 sha256 and length" \
  'jq -e --arg h "$b64" --argjson l "$want_size" ".signed.targets.v1.hashes.sha256 == \$h and .signed.targets.v1.length == \$l" "$work/targets.json" >/dev/null'
curl -sf --cacert "$SIGNET_TESTBED_CA" "$B/timestamp.json" >"$work/timestamp.json"
check "the server signed a timestamp" 'jq -e ".signed._type == \"Timestamp\"" "$work/timestamp.json" >/dev/null'
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$SIGNET_TESTBED_CA" "$(tuf_url "$SIGNET_REGISTRY/interop/none")/root.json")
check "an unknown GUN has no root.json (404)" '[ "$code" = 404 ]'

check_listeners
finish
