#!/bin/bash
# The --auth testbed: the registry wants Basic auth (htpasswd, bcrypt), notary-server wants a
# bearer token from the test token issuer, which grants only what the user may do.
# Passwords go to curl through a config on stdin, never in argv.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/tap.sh"

: "${SIGNET_TESTBED_USER:?the auth variant exports SIGNET_TESTBED_USER}"
reg=$SIGNET_REGISTRY
user=$SIGNET_TESTBED_USER
pass=$(cat "$SIGNET_TESTBED_PASSWORD_FILE")
reader=$SIGNET_TESTBED_READER
reader_pass=$(cat "$SIGNET_TESTBED_READER_PASSWORD_FILE")
c=(curl -s --cacert "$SIGNET_TESTBED_CA")
# as NAME PASS CURL-ARGS...: curl with Basic credentials read from stdin
as() { local u=$1 p=$2; shift 2; printf 'user = "%s:%s"\n' "$u" "$p" | "${c[@]}" -K - "$@"; }
code() { "${c[@]}" -o /dev/null -w '%{http_code}' "$@"; }
# token NAME PASS SCOPE: a token from the issuer
token() {
  as "$1" "$2" -G "$SIGNET_TOKEN_REALM" --data-urlencode "service=$SIGNET_TOKEN_SERVICE" \
    --data-urlencode "scope=$3" | jq -r .token
}
claims() { echo "$1" | cut -d. -f2 | tr '_-' '/+' | { b=$(cat); while [ $(( ${#b} % 4 )) -ne 0 ]; do b="$b="; done; echo "$b"; } | base64 -d; }

check_listeners
check "the token issuer's CA is in DOCKER_CONFIG/tls too" \
  'cmp -s "$SIGNET_TESTBED_CA" "$DOCKER_CONFIG/tls/$(echo "$SIGNET_TOKEN_REALM" | sed "s|https://||; s|/.*||")/ca.crt"'
check "the env names the test user and a 0600 password file" \
  '[ -n "$pass" ] && [ "$(stat -c %a "$SIGNET_TESTBED_PASSWORD_FILE")" = 600 ]'

# registry
check "registry: anonymous GET /v2/ gets 401" '[ "$(code "https://$reg/v2/")" = 401 ]'
check "registry: a wrong password gets 401" \
  '[ "$(as "$user" wrong -o /dev/null -w "%{http_code}" "https://$reg/v2/")" = 401 ]'
check "registry: the test user gets 200" \
  '[ "$(as "$user" "$pass" -o /dev/null -w "%{http_code}" "https://$reg/v2/")" = 200 ]'
check "registry: the htpasswd holds bcrypt hashes" \
  'grep -q "^$user:\$2y\\$" "$SIGNET_TESTBED_DIR/auth/htpasswd"'
printf 'auth payload\n' >"$work/payload"
mkdir -p "$work/oci"
check "skopeo without credentials cannot list tags" \
  '! skopeo --policy "$SIGNET_TESTBED_DIR/policy.json" list-tags --cert-dir "$DOCKER_CONFIG/tls/$reg" --authfile /dev/null "docker://$reg/demo/none" >/dev/null 2>&1'

# notary-server without a token
gun=$reg/interop/auth
B=$(tuf_url "$gun")
"${c[@]}" -D "$work/h" -o "$work/body" "$B/root.json"
status=$(head -n1 "$work/h" | awk '{print $2}')
check "notary-server: no token gets 401" '[ "$status" = 401 ]'
chal=$(grep -i '^www-authenticate:' "$work/h" | tr -d '\r')
diag "$chal"
check "notary-server: the 401 carries WWW-Authenticate: Bearer realm=<issuer>" \
  '[[ "$chal" == *"Bearer realm=\"$SIGNET_TOKEN_REALM\",service=\"$SIGNET_TOKEN_SERVICE\""* ]]'
check "notary-server: the challenge names the scope" '[[ "$chal" == *"scope=\"repository:$gun:pull\""* ]]'

# the token issuer
check "issuer: anonymous gets 401" \
  '[ "$(code -G "$SIGNET_TOKEN_REALM" --data-urlencode "scope=repository:$gun:pull")" = 401 ]'
check "issuer: a wrong password gets 401" \
  '[ "$(as "$user" nope -o /dev/null -w "%{http_code}" "$SIGNET_TOKEN_REALM?scope=repository:$gun:pull")" = 401 ]'
resp=$(as "$user" "$pass" -G "$SIGNET_TOKEN_REALM" --data-urlencode "service=$SIGNET_TOKEN_SERVICE" \
  --data-urlencode "scope=repository:$gun:push,pull")
check "issuer: the answer has token, access_token, expires_in and issued_at" \
  'echo "$resp" | jq -e ".token == .access_token and .expires_in >= 60 and (.issued_at | type) == \"string\"" >/dev/null'
t=$(echo "$resp" | jq -r .token)
hdr=$(echo "$t" | cut -d. -f1 | tr '_-' '/+' | { b=$(cat); while [ $(( ${#b} % 4 )) -ne 0 ]; do b="$b="; done; echo "$b"; } | base64 -d)
check "issuer: the JWT header is ES256 with an x5c chain" \
  'echo "$hdr" | jq -e ".alg == \"ES256\" and (.x5c | length) >= 1" >/dev/null'
cl=$(claims "$t")
diag "claims: $cl"
check "issuer: the claims name iss, sub, aud and the granted access" \
  'echo "$cl" | jq -e --arg g "$gun" --arg u "$user" --arg s "$SIGNET_TOKEN_SERVICE" "(.sub == \$u) and (.aud == \$s) and (.iss | length > 0) and (.jti | length > 0) and (.exp > .iat) and .access == [{type:\"repository\",name:\$g,actions:[\"push\",\"pull\"]}]" >/dev/null'
rt=$(token "$reader" "$reader_pass" "repository:$gun:push,pull")
check "issuer: the reader asking for push,pull is granted pull only" \
  '[ "$(claims "$rt" | jq -c ".access[0].actions")" = "[\"pull\"]" ]'

# notary CLI with NOTARY_AUTH
export NOTARY_AUTH
NOTARY_AUTH=$(printf '%s:%s' "$user" "$pass" | base64 -w0)
notary_in "$work/pub" init "$gun" >"$work/log" 2>&1 &&
  notary_in "$work/pub" add "$gun" v1 "$work/payload" >>"$work/log" 2>&1 &&
  notary_in "$work/pub" publish "$gun" >>"$work/log" 2>&1; rc=$?
check "notary with NOTARY_AUTH can init and publish" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || diag "$(cat "$work/log")"
# notary 0.7 reads anonymously (cmd/notary/tuf.go: read-only commands never send NOTARY_AUTH),
# so here, where anonymous requests get 401, `notary list` cannot read ...
out=$(notary_in "$work/reader" list "$gun" 2>&1); rc=$?
check "notary list (anonymous by design) is refused where anonymous gets 401" \
  '[ $rc -ne 0 ] && [[ "$out" == *unauthorized* ]]'
# ... while a token for the user reads the published targets
pull=$(token "$user" "$pass" "repository:$gun:pull")
"${c[@]}" -H "Authorization: Bearer $pull" "$B/targets.json" >"$work/targets.json"
check "the published v1 is on the server (read with the user's pull token)" \
  'jq -e ".signed.targets.v1.length == $(stat -c %s "$work/payload")" "$work/targets.json" >/dev/null'
unset NOTARY_AUTH

# scopes are enforced
pull=$(token "$user" "$pass" "repository:$gun:pull")
pushpull=$(token "$user" "$pass" "repository:$gun:push,pull")
check "a pull token reads root.json (200)" '[ "$(code -H "Authorization: Bearer $pull" "$B/root.json")" = 200 ]'
check "a pull token cannot push (401)" \
  '[ "$(code -X POST -H "Authorization: Bearer $pull" -F "files=@$work/payload;filename=targets" "$B/")" = 401 ]'
"${c[@]}" -D "$work/h2" -o /dev/null -X POST -H "Authorization: Bearer $pull" -F "files=@$work/payload;filename=targets" "$B/"
check "the refused push says insufficient_scope and asks for push" \
  'grep -qi "error=\"insufficient_scope\"" "$work/h2" && grep -i "^www-authenticate:" "$work/h2" | grep -q "repository:$gun:[a-z,]*push"'
check "a push,pull token gets past auth (the bad upload is refused with 400, not 401)" \
  '[ "$(code -X POST -H "Authorization: Bearer $pushpull" -F "files=@$work/payload;filename=targets" "$B/")" = 400 ]'
other=$(token "$user" "$pass" "repository:$reg/interop/other:pull")
check "a token for another repository is refused (401)" \
  '[ "$(code -H "Authorization: Bearer $other" "$B/root.json")" = 401 ]'
forged="$(echo "$pushpull" | cut -d. -f1-2).$(echo "$pull" | cut -d. -f3)"
check "a token with a signature that does not match is refused (401)" \
  '[ "$(code -H "Authorization: Bearer $forged" "$B/root.json")" = 401 ]'

# docker uses the registry login from $DOCKER_CONFIG/config.json for the notary token
insp=$(have_docker_trust && docker trust inspect "$gun" 2>&1); rc=$?
check_docker "docker trust inspect works with the config.json login" \
  '[ $rc -eq 0 ] && echo "$insp" | jq -e ".[0].SignedTags[0].SignedTag == \"v1\"" >/dev/null'

# a second auth testbed whose issuer grants anonymous pull: there notary can publish and list
adir=$work/anon
trap '"$testbed" stop "$adir" 2>/dev/null; rm -rf "$work"' EXIT
"$testbed" start "$adir" --auth --anonymous-pull 2>"$work/log"; rc=$?
check "an --auth --anonymous-pull testbed starts" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || diag "$(cat "$work/log")"
(
  . "$adir/env.sh"
  c=(curl -s --cacert "$SIGNET_TESTBED_CA")
  agun=$SIGNET_REGISTRY/interop/anon
  export NOTARY_AUTH
  NOTARY_AUTH=$(printf '%s:%s' "$SIGNET_TESTBED_USER" "$(cat "$SIGNET_TESTBED_PASSWORD_FILE")" | base64 -w0)
  notary_in "$work/apub" init "$agun" >/dev/null 2>&1 &&
    notary_in "$work/apub" add "$agun" v1 "$work/payload" >/dev/null 2>&1 &&
    notary_in "$work/apub" publish "$agun" >/dev/null 2>&1; echo "publish=$?"
  list=$(notary_in "$work/areader" list "$agun" 2>&1); echo "list=$?"
  echo "$list" | awk '$1 == "v1" {print "v1size=" $3}'
  anon=$(curl -s --cacert "$SIGNET_TESTBED_CA" -G "$SIGNET_TOKEN_REALM" \
    --data-urlencode "service=$SIGNET_TOKEN_SERVICE" --data-urlencode "scope=repository:$agun:push,pull")
  echo "anon=$(claims "$(echo "$anon" | jq -r .token)" | jq -c '.access[0].actions')"
  echo "anonpush=$(code -X POST -H "Authorization: Bearer $(echo "$anon" | jq -r .token)" \
    -F "files=@$work/payload;filename=targets" "$(tuf_url "$agun")/")"
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$SIGNET_TESTBED_CA" "https://$SIGNET_REGISTRY/v2/")
  echo "registry=$code"
) >"$work/anon.out" 2>&1
diag "$(cat "$work/anon.out")"
check "anonymous-pull: notary with NOTARY_AUTH publishes" 'grep -qx "publish=0" "$work/anon.out"'
check "anonymous-pull: notary lists what it published, with the right size" \
  'grep -qx "list=0" "$work/anon.out" && grep -qx "v1size=$(stat -c %s "$work/payload")" "$work/anon.out"'
check "anonymous-pull: an anonymous token asking push,pull gets pull only" \
  'grep -qx "anon=\[\"pull\"\]" "$work/anon.out"'
check "anonymous-pull: an anonymous token cannot push (401)" 'grep -qx "anonpush=401" "$work/anon.out"'
check "anonymous-pull: the registry still wants Basic auth (401)" 'grep -qx "registry=401" "$work/anon.out"'
"$testbed" stop "$adir"
finish
