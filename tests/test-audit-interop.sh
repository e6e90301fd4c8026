#!/bin/bash
# `signet-cli audit` against the real testbed (registry + notary-server on 127.0.0.1, trust data
# made by notary and docker): its answers agree with docker trust inspect, notary lookup and
# skopeo, for images given as arguments, in a list and in Compose files; exit statuses gate CI.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/testbed/tap.sh"

cli=${SIGNET_CLI:?}
reg=$SIGNET_REGISTRY
sk=(skopeo --policy "$SIGNET_TESTBED_DIR/policy.json")
certs=(--cert-dir "$DOCKER_CONFIG/tls/$reg" --authfile "$DOCKER_CONFIG/config.json")
audit() { "$cli" audit --trust-dir "$work/trust" --quiet "$@"; }
registry_digest() { "${sk[@]}" inspect "${certs[@]}" "docker://$reg/demo/$1" | jq -r .Digest; }
notary_digest() { notary -c "$SIGNET_NOTARY_CONFIG" lookup "$reg/demo/$1" "$2" | awk '{print $2}'; }
# field JSON INDEX KEY
field() { jq -r ".images[$2].$3 | if type == \"array\" then join(\",\") else tostring end" <<<"$1"; }

# -- Signed images, given as arguments ---------------------------------------------------
out=$(audit --json "$reg/demo/web:1.0" "$reg/demo/web:1.1" "$reg/demo/web" "$reg/demo/tools:ci" \
  "$reg/demo/multi:1.0" 2>"$work/err"); rc=$?
check "signed images: exit 0" '[ $rc -eq 0 ]'
check "signed images: JSON counts all as pulling" '[ "$(jq -r .would_pull <<<"$out")" = 5 ]'
i=0
for t in web:1.0 web:1.1 web:latest tools:ci multi:1.0; do
  repo=${t%%:*} tag=${t#*:}
  check "$t: trust is signed" '[ "$(field "$out" $i trust)" = signed ]'
  check "$t: would pull" '[ "$(field "$out" $i would_pull)" = true ]'
  check "$t: the signed digest is notary lookup's" \
    '[ "$(field "$out" $i signed_digest)" = "$(notary_digest "$repo" "$tag")" ]'
  check "$t: the current digest is skopeo's" \
    '[ "$(field "$out" $i current_digest)" = "$(registry_digest "$t")" ]'
  check "$t: the digests agree" '[ "$(field "$out" $i digest_differs)" = false ]'
  check "$t: expiry is known" '[ "$(field "$out" $i expires)" != null ]'
  i=$((i+1))
done
check "web (no tag) is audited as latest" '[ "$(field "$out" 2 tag)" = latest ]'
if have_docker_trust; then
  for t in web:1.0 web:1.1 multi:1.0; do
    want=$(docker trust inspect "$reg/demo/$t" | jq -r '.[0].SignedTags[0] | (.Signers | sort | join(",")) + " sha256:" + .Digest')
    got=$(audit --json "$reg/demo/$t" | jq -r '.images[0] | (.signers | sort | join(",")) + " " + .signed_digest')
    check "$t: signers and digest as docker trust inspect" '[ "$got" = "$want" ]'
  done
else
  skip "signers as docker trust inspect" "no docker CLI with trust"
fi

# -- Unsigned and missing -----------------------------------------------------------------
out=$(audit --json "$reg/demo/web:1.0" "$reg/demo/db:15" "$reg/demo/nope:1" 2>/dev/null); rc=$?
check "an unsigned image fails the audit: exit 1" '[ $rc -eq 1 ]'
check "db:15 is unsigned" '[ "$(field "$out" 1 trust)" = unsigned ]'
check "db:15 would not pull" '[ "$(field "$out" 1 would_pull)" = false ]'
check "db:15: the registry serves it" '[ "$(field "$out" 1 registry_state)" = ok ]'
check "db:15: the message says there is no trust data" \
  '[[ "$(field "$out" 1 trust_message)" == *"no trust data"* ]]'
check "nope:1 is not in the registry" '[ "$(field "$out" 2 registry_state)" = not-found ]'
check "web:1.0 still pulls beside them" '[ "$(field "$out" 0 would_pull)" = true ]'

# -- Pinned digests: docker pulls them without trust -------------------------------------
db_digest=$(registry_digest db:15)
out=$(audit --json "$reg/demo/db@$db_digest" 2>/dev/null); rc=$?
check "a pinned unsigned digest pulls: exit 0" '[ $rc -eq 0 ]'
check "pinned digest: trust is unsigned" '[ "$(field "$out" 0 trust)" = unsigned ]'
check "pinned digest: recorded" '[ "$(field "$out" 0 pinned_digest)" = "$db_digest" ]'

# -- A list file and a Compose project -------------------------------------------------------
printf '# images\n%s/demo/web:1.0\n\n%s/demo/tools:ci  # ci\n' "$reg" "$reg" >"$work/refs.txt"
cat >"$work/compose.yaml" <<'EOF'
x-web: &web
  image: ${REGISTRY:?set REGISTRY}/demo/web:${WEB_TAG:-1.0}
services:
  web: *web
  web-next:
    <<: *web
    image: ${REGISTRY}/demo/web:1.1
  builder:
    build: ./builder
EOF
cat >"$work/override.yaml" <<'EOF'
services:
  db:
    image: ${REGISTRY}/demo/db:15
EOF
printf 'REGISTRY=%s\n' "$reg" >"$work/.env"

out=$(audit --csv --file "$work/refs.txt" 2>/dev/null); rc=$?
check "list file: exit 0" '[ $rc -eq 0 ]'
check "list file: CSV has a header and two rows" '[ "$(printf "%s" "$out" | wc -l)" -eq 2 ]'
check "list file: CSV rows say signed" '[ "$(grep -c ",signed," <<<"$out")" -eq 2 ]'
check "list file: origins are FILE:LINE" '[[ "$out" == *"refs.txt:4"* ]]'

out=$(audit --json -f "$work/compose.yaml" 2>"$work/err"); rc=$?
err=$(cat "$work/err")
check "compose: exit 0" '[ $rc -eq 0 ]'
check "compose: the .env beside the file is read" '[ "$(field "$out" 0 reference)" = "$reg/demo/web:1.0" ]'
check "compose: services are named" '[ "$(field "$out" 1 service)" = web-next ]'
check "compose: two images" '[ "$(jq -r .total <<<"$out")" = 2 ]'
check "compose: the build-only service is a note" \
  '[[ "$err" == *"service builder is built locally (build:), not pulled"* ]]'
out=$(WEB_TAG=1.1 audit --json -f "$work/compose.yaml" 2>/dev/null)
check "compose: the process environment wins over .env and defaults" \
  '[ "$(field "$out" 0 reference)" = "$reg/demo/web:1.1" ]'
out=$(audit --json -f "$work/compose.yaml" -f "$work/override.yaml" 2>/dev/null); rc=$?
check "compose: an override adding an unsigned image fails: exit 1" '[ $rc -eq 1 ]'
check "compose: the override's service is audited" '[ "$(field "$out" 2 service)" = db ]'
mv "$work/.env" "$work/env.off"
audit -f "$work/compose.yaml" >/dev/null 2>"$work/err"; rc=$?
err=$(cat "$work/err")
check "compose: a missing required variable is exit 2" '[ $rc -eq 2 ]'
check "compose: ... and names the variable and the file" \
  '[[ "$err" == *"compose.yaml:2:10: required variable REGISTRY is not set: set REGISTRY"* ]]'
mv "$work/env.off" "$work/.env"

# -- Table output --------------------------------------------------------------------------
out=$(audit "$reg/demo/web:1.1" "$reg/demo/db:15" 2>/dev/null); rc=$?
check "table: exit 1" '[ $rc -eq 1 ]'
check "table: a header" '[[ "$(head -1 <<<"$out")" == IMAGE*TRUST*SIGNERS*EXPIRES*DIGEST*PULL ]]'
check "table: the signed row with its signer" '[[ "$out" == *"demo/web:1.1"*"signed"*"alice"*"yes"* ]]'
check "table: the unsigned row" '[[ "$out" == *"demo/db:15"*"unsigned"*"NO"* ]]'
check "table: the summary line" '[[ "$out" == *"1 of 2 images would pull with DOCKER_CONTENT_TRUST=1."* ]]'

# -- Expiry monitoring ---------------------------------------------------------------------------
out=$(audit --json --expiry-warning 5000 "$reg/demo/web:1.0" 2>/dev/null); rc=$?
check "expiry: flagged within the window" '[ "$(field "$out" 0 expires_soon)" = true ]'
check "expiry: still pulls (exit 0)" '[ $rc -eq 0 ]'
out=$(audit --json "$reg/demo/web:1.0" 2>/dev/null)
check "expiry: not flagged outside it" '[ "$(field "$out" 0 expires_soon)" = false ]'

# -- The tag moved after signing -------------------------------------------------------------------
"${sk[@]}" copy -q "${certs[@]/--cert-dir/--src-cert-dir}" "${certs[@]/--cert-dir/--dest-cert-dir}" \
  "docker://$reg/demo/db:15" "docker://$reg/demo/web:1.0" >"$work/copy.log" 2>&1 ||
  diag "$(cat "$work/copy.log")"
out=$(audit --json "$reg/demo/web:1.0" 2>/dev/null); rc=$?
check "moved tag: the digests differ" '[ "$(field "$out" 0 digest_differs)" = true ]'
check "moved tag: the current digest is the new one" '[ "$(field "$out" 0 current_digest)" = "$db_digest" ]'
check "moved tag: docker pulls the signed digest, still there: exit 0" '[ $rc -eq 0 ]'

# -- Trust servers that are not there --------------------------------------------------------------
out=$(DOCKER_CONTENT_TRUST_SERVER="https://$reg" audit --json "$reg/demo/web:1.1" 2>/dev/null); rc=$?
check "no trust server: classified" '[ "$(field "$out" 0 trust)" = no-server ]'
check "no trust server: exit 1" '[ $rc -eq 1 ]'
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
out=$(DOCKER_CONTENT_TRUST_SERVER="https://127.0.0.1:$port" audit --json "$reg/demo/web:1.1" 2>/dev/null); rc=$?
check "unreachable trust server: classified" '[ "$(field "$out" 0 trust)" = unreachable ]'
check "unreachable trust server: exit 3" '[ $rc -eq 3 ]'

finish
