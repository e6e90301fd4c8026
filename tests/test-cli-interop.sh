#!/bin/bash
# signet-cli against the real testbed (run through with-testbed --populate): `inspect` is byte
# for byte `docker trust inspect` (JSON and --pretty), tag lists agree with `notary list -r
# ROLE` for every role, tampered or rolled-back trust data fails with exit 1 naming the role
# and leaves the cache alone, and an unreachable server gives exit 3.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "${SIGNET_SOURCE_ROOT:?}/tests/testbed/tap.sh"

cli=${SIGNET_CLI:?}
reg=$SIGNET_REGISTRY

# fresh client configurations: the testbed's TLS folder and login, empty trust caches
mkcfg() {
  local d=$work/$1
  mkdir -p "$d"
  cp -r "$DOCKER_CONFIG/tls" "$d/"
  [ -f "$DOCKER_CONFIG/config.json" ] && cp "$DOCKER_CONFIG/config.json" "$d/"
  echo "$d"
}
sg=$(mkcfg signet)
dk=$(mkcfg docker)
S() { DOCKER_CONFIG=$sg "$cli" "$@"; }
D() { DOCKER_CONFIG=$dk docker trust "$@"; }
cache_sum() { (cd "$1" 2>/dev/null && find . -type f | sort | xargs -r sha256sum) | sha256sum; }

# ---- inspect = docker trust inspect ----------------------------------------------------
sets=(
  "$reg/demo/web"
  "$reg/demo/tools"
  "$reg/demo/multi"
  "$reg/demo/web:1.1"
  "$reg/demo/multi:1.0"
  "$reg/demo/web $reg/demo/tools:ci $reg/demo/multi"
  "$reg/demo/web:nosuch"
  "$reg/demo/db"
  "$reg/demo/db $reg/demo/web:latest"
  "$reg/demo/web:1.0 $reg/demo/db"
  "$reg/nosuch/repo"
)
for set in "${sets[@]}"; do
  read -ra args <<<"$set"
  S inspect "${args[@]}" >"$work/s.out" 2>"$work/s.err"; src=$?
  if have_docker_trust; then
    D inspect "${args[@]}" >"$work/d.out" 2>"$work/d.err"; drc=$?
  fi
  check_docker "inspect $set: JSON byte-identical to docker trust inspect" 'cmp -s "$work/s.out" "$work/d.out"'
  check_docker "inspect $set: same exit status as docker ($drc)" '[ "$src" = "$drc" ]'
  [ -s "$work/s.err" ] && diag "$(cat "$work/s.err")"
  S inspect --pretty "${args[@]}" >"$work/s.out" 2>"$work/s.err"; src=$?
  if have_docker_trust; then
    D inspect --pretty "${args[@]}" >"$work/d.out" 2>"$work/d.err"; drc=$?
  fi
  check_docker "inspect --pretty $set: text byte-identical to docker" 'cmp -s "$work/s.out" "$work/d.out"'
  check_docker "inspect --pretty $set: same exit status as docker ($drc)" '[ "$src" = "$drc" ]'
done
S inspect "$reg/demo/db" >/dev/null 2>"$work/s.err"
check "a repository without trust data: one line on stderr naming it" \
  '[ "$(wc -l <"$work/s.err")" = 1 ] && grep -q "demo/db" "$work/s.err"'

# ---- tag lists = notary list, every role --------------------------------------------------
nt=$work/notary
for repo in web tools multi; do
  gun=$reg/demo/$repo
  S status --json "$gun" >"$work/st.json"; rc=$?
  check "status --json demo/$repo exits 0" '[ $rc = 0 ]'
  roles=$(jq -r '.[0].roles[] | select(.name != "root" and .name != "snapshot" and .name != "timestamp") | .name' "$work/st.json")
  for role in $roles; do
    mine=$(jq -r --arg r "$role" '.[0].tags[] | select(.roles | index($r)) | "\(.name) \(.digest | ltrimstr("sha256:")) \(.size)"' "$work/st.json" | sort)
    theirs=$(notary_in "$nt" list "$gun" -r "$role" 2>/dev/null | awk -v r="$role" 'NR > 2 && $4 == r {print $1, $2, $3}' | sort)
    check "demo/$repo $role: the tags equal notary list -r $role" '[ -n "$mine" ] && [ "$mine" = "$theirs" ]'
    [ "$mine" = "$theirs" ] || diag "signet: $mine" "notary: $theirs"
  done
  mine=$(jq -r '.[0].tags[] | select(.released) | "\(.name) \(.digest | ltrimstr("sha256:")) \(.size)"' "$work/st.json" | sort)
  theirs=$(notary_in "$nt" list "$gun" 2>/dev/null | awk 'NR > 2 {print $1, $2, $3}' | sort)
  check "demo/$repo: the released tags equal notary list" '[ -n "$mine" ] && [ "$mine" = "$theirs" ]'
done
check "demo/tools has the escaped tag name v3<é>&" 'S status --json "$reg/demo/tools" | jq -e ".[0].tags | map(.name) | index(\"v3<é>&\")" >/dev/null'
S status "$reg/demo/web" >"$work/st.txt"; rc=$?
check "status (text) exits 0 and shows roles, signers and tags" \
  '[ $rc = 0 ] && grep -q "^  targets/alice " "$work/st.txt" && grep -q "^  alice " "$work/st.txt" && grep -q "^  1.1 .*alice" "$work/st.txt"'
check "status (text) shows dates with their distance" 'grep -Eq "[0-9]{4}-[0-9]{2}-[0-9]{2} \(in [0-9]+ (years|months|days)\)" "$work/st.txt"'

# ---- tags and repos: registry joined with trust ------------------------------------------
S tags --json "$reg/demo/web" >"$work/tags.json"; rc=$?
check "tags demo/web: exit 0, 1.0, 1.1 and latest signed" \
  '[ $rc = 0 ] && [ "$(jq -r "[.tags[] | select(.status == \"signed\") | .tag] | join(\",\")" "$work/tags.json")" = "1.0,1.1,latest" ]'
S tags --json "$reg/demo/db" >"$work/tags.json"; rc=$?
check "tags demo/db: exit 0, 15 unsigned" '[ $rc = 0 ] && [ "$(jq -r ".tags[0].tag + \" \" + .tags[0].status" "$work/tags.json")" = "15 unsigned" ]'
S repos --json "$reg" >"$work/repos.json"; rc=$?
check "repos: exit 0, demo/db unsigned, demo/web signed with 3 tags" \
  '[ $rc = 0 ] && jq -e "(map(select(.repository == \"demo/db\"))[0].trust == \"unsigned\") and (map(select(.repository == \"demo/web\"))[0].signed_tags == 3)" "$work/repos.json" >/dev/null'

# a tag re-pushed with another image: "signed (digest differs)"
sk=(skopeo --policy "$SIGNET_TESTBED_DIR/policy.json")
certs=(--src-cert-dir "$DOCKER_CONFIG/tls/$reg" --dest-cert-dir "$DOCKER_CONFIG/tls/$reg")
if "${sk[@]}" copy -q "${certs[@]}" --src-authfile "$DOCKER_CONFIG/config.json" --dest-authfile "$DOCKER_CONFIG/config.json" \
    "docker://$reg/demo/web:1.0" "docker://$reg/demo/web:moved" >/dev/null 2>&1 &&
   "${sk[@]}" copy -q "${certs[@]}" --src-authfile "$DOCKER_CONFIG/config.json" --dest-authfile "$DOCKER_CONFIG/config.json" \
    "docker://$reg/demo/db:15" "docker://$reg/demo/web:1.0" >/dev/null 2>&1; then
  S tags --json "$reg/demo/web" >"$work/tags.json"
  check "tags: a tag that now serves another image is \"signed (digest differs)\"" \
    '[ "$(jq -r ".tags[] | select(.tag == \"1.0\") | .status" "$work/tags.json")" = "signed (digest differs)" ]'
  "${sk[@]}" copy -q "${certs[@]}" --src-authfile "$DOCKER_CONFIG/config.json" --dest-authfile "$DOCKER_CONFIG/config.json" \
    "docker://$reg/demo/web:moved" "docker://$reg/demo/web:1.0" >/dev/null 2>&1
else
  nok "tags: could not re-push demo/web:1.0 with skopeo"
fi

# ---- offline ----------------------------------------------------------------------------
S inspect --offline "$reg/demo/web" >"$work/off.json"; rc=$?
D inspect "$reg/demo/web" >"$work/d.out" 2>/dev/null
check_docker "inspect --offline (cached) equals docker" '[ $rc = 0 ] && cmp -s "$work/off.json" "$work/d.out"'
DOCKER_CONFIG=$(mkcfg empty) "$cli" inspect --offline "$reg/demo/web" >/dev/null 2>"$work/s.err"; rc=$?
check "inspect --offline without a cache: exit 1" '[ $rc = 1 ] && grep -q "demo/web" "$work/s.err"'

# ---- an unreachable server: exit 3 -------------------------------------------------------
before=$(cache_sum "$sg/trust")
S inspect --server https://127.0.0.1:1 "$reg/demo/web" >"$work/s.out" 2>"$work/s.err"; rc=$?
check "server down: exit 3" '[ $rc = 3 ]'
check "server down: JSON output is [] as docker prints it" '[ "$(cat "$work/s.out")" = "[]" ]'
check "server down: one line on stderr" '[ "$(wc -l <"$work/s.err")" = 1 ]'
diag "$(cat "$work/s.err")"
S status --server https://127.0.0.1:1 "$reg/demo/web" >/dev/null 2>&1; rc=$?
check "server down: status exits 3" '[ $rc = 3 ]'
S tags --server https://127.0.0.1:1 "$reg/demo/web" >/dev/null 2>&1; rc=$?
check "server down: tags exits 3" '[ $rc = 3 ]'
check "server down: the cache is unchanged" '[ "$(cache_sum "$sg/trust")" = "$before" ]'

# ---- tampered data through a proxy: exit 1 naming the role, cache unchanged --------------
rules=$work/rules
: >"$rules"
python3 "$SIGNET_SOURCE_ROOT/tests/cli-tamper-proxy.py" "$SIGNET_NOTARY_URL" "$SIGNET_TESTBED_CA" \
  "$SIGNET_TESTBED_DIR/tls/server.crt" "$SIGNET_TESTBED_DIR/tls/server.key" "$rules" "$work/proxy.port" &
proxy_pid=$!
trap 'kill $proxy_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
pport=$(cat "$work/proxy.port" 2>/dev/null)
mkdir -p "$sg/tls/127.0.0.1:$pport"
cp "$SIGNET_TESTBED_CA" "$sg/tls/127.0.0.1:$pport/ca.crt"
P() { S "$1" --server "https://127.0.0.1:$pport" "${@:2}"; }

P inspect "$reg/demo/web" >"$work/s.out"; rc=$?
check "through the (pass-through) proxy: exit 0" '[ $rc = 0 ]'

# tamper(DESC RULE ROLE-REGEX REASON-REGEX)
tamper() {
  t_role=$3 t_reason=$4
  before=$(cache_sum "$sg/trust")
  printf '%s\n' "$2" >"$rules"
  P inspect "$reg/demo/web" >"$work/s.out" 2>"$work/s.err"; rc=$?
  : >"$rules"
  diag "$(cat "$work/s.err")"
  check "$1: exit 1" '[ $rc = 1 ]'
  check "$1: one line on stderr naming the role and the reason" \
    '[ "$(wc -l <"$work/s.err")" = 1 ] && grep -Eq "$t_role" "$work/s.err" && grep -Eiq "$t_reason" "$work/s.err"'
  check "$1: the cache is unchanged" '[ "$(cache_sum "$sg/trust")" = "$before" ]'
}
tamper "a modified timestamp" $'timestamp\\.json$\tflip' "timestamp" "signature|threshold"
# a fresh snapshot/targets is fetched by hash only when the timestamp names a new one, so
# make the server publish one, then tamper with it
notary_in "$SIGNET_NOTARY_TRUST_DIR" add "$reg/demo/web" extra-1 "$SIGNET_TESTBED_CA" -p >/dev/null 2>&1
tamper "a modified snapshot" $'snapshot\\.[0-9a-f]{64}\\.json$\tflip' "snapshot" "hash|sha256|length|mismatch"
tamper "a modified targets" $'/targets\\.[0-9a-f]{64}\\.json$\tflip' "targets" "hash|sha256|length|mismatch"
# rollback: serve the timestamp from before the last publish
curl -s --cacert "$SIGNET_TESTBED_CA" "$(tuf_url "$reg/demo/tools")/timestamp.json" >"$work/old-ts.json"
notary_in "$SIGNET_NOTARY_TRUST_DIR" add "$reg/demo/tools" extra-1 "$SIGNET_TESTBED_CA" -p >/dev/null 2>&1
P inspect "$reg/demo/tools" >/dev/null 2>&1
before=$(cache_sum "$sg/trust")
printf 'demo/tools/_trust/tuf/timestamp\\.json$\tfile:%s\n' "$work/old-ts.json" >"$rules"
P inspect "$reg/demo/tools" >/dev/null 2>"$work/s.err"; rc=$?
: >"$rules"
diag "$(cat "$work/s.err")"
check "an older timestamp (rollback): exit 1" '[ $rc = 1 ]'
check "rollback: one line naming timestamp and the versions" \
  '[ "$(wc -l <"$work/s.err")" = 1 ] && grep -q timestamp "$work/s.err" && grep -Eiq "rollback|older|version" "$work/s.err"'
check "rollback: the cache is unchanged" '[ "$(cache_sum "$sg/trust")" = "$before" ]'
# the server loses the repository (404 on timestamp) while we hold a valid cache
printf 'demo/tools/_trust/tuf/timestamp\\.json$\t404\n' >"$rules"
P inspect "$reg/demo/tools" >/dev/null 2>"$work/s.err"; rc=$?
: >"$rules"
diag "$(cat "$work/s.err")"
check "404 on timestamp with a cache: exit 1 with one line naming timestamp" \
  '[ $rc = 1 ] && [ "$(wc -l <"$work/s.err")" = 1 ] && grep -q timestamp "$work/s.err"'
check "404 on timestamp: the cache is unchanged" '[ "$(cache_sum "$sg/trust")" = "$before" ]'

# a tampered cache file, read offline
f=$sg/trust/tuf/$reg/demo/web/metadata/targets.json
sed -i 's/"expires":"2/"expires":"3/' "$f"
before=$(cache_sum "$sg/trust")
S inspect --offline "$reg/demo/web" >/dev/null 2>"$work/s.err"; rc=$?
diag "$(cat "$work/s.err")"
check "a modified cached targets.json, offline: exit 1 naming targets" \
  '[ $rc = 1 ] && grep -q "targets" "$work/s.err"'
check "offline: the cache is unchanged" '[ "$(cache_sum "$sg/trust")" = "$before" ]'

kill "$proxy_pid" 2>/dev/null
wait "$proxy_pid" 2>/dev/null
finish
