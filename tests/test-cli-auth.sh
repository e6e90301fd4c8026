#!/bin/bash
# signet-cli on the auth testbed (run through with-testbed --auth --populate): the registry
# wants the login in $DOCKER_CONFIG/config.json and notary-server a token from the token
# server; signet-cli gets both as docker does, and prints what docker prints.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "${SIGNET_SOURCE_ROOT:?}/tests/testbed/tap.sh"

cli=${SIGNET_CLI:?}
reg=$SIGNET_REGISTRY
diag "mode: $SIGNET_TESTBED_MODE"
check "the testbed wants authentication" '[ "$SIGNET_TESTBED_MODE" = auth ]'

mkcfg() {
  local d=$work/$1
  mkdir -p "$d"
  cp -r "$DOCKER_CONFIG/tls" "$d/"
  [ "$2" = login ] && cp "$DOCKER_CONFIG/config.json" "$d/"
  echo "$d"
}
sg=$(mkcfg signet login)
dk=$(mkcfg docker login)
anon=$(mkcfg anon none)

for args in "$reg/demo/web" "$reg/demo/multi:1.0" "$reg/demo/web $reg/demo/tools"; do
  read -ra a <<<"$args"
  DOCKER_CONFIG=$sg "$cli" inspect "${a[@]}" >"$work/s.out" 2>"$work/s.err"; rc=$?
  [ -s "$work/s.err" ] && diag "$(cat "$work/s.err")"
  check "inspect $args with the DOCKER_CONFIG login: exit 0" '[ $rc = 0 ]'
  if have_docker_trust; then DOCKER_CONFIG=$dk docker trust inspect "${a[@]}" >"$work/d.out" 2>/dev/null; fi
  check_docker "inspect $args: byte-identical to docker trust inspect" 'cmp -s "$work/s.out" "$work/d.out"'
done
check "a notary token was issued to the test user" \
  'grep -q "user $SIGNET_TESTBED_USER granted:.*pull" "$SIGNET_TESTBED_DIR/logs/token-issuer.log"'

DOCKER_CONFIG=$sg "$cli" tags --json "$reg/demo/web" >"$work/tags.json"; rc=$?
check "tags with the login: exit 0, three signed tags" \
  '[ $rc = 0 ] && [ "$(jq "[.tags[] | select(.status == \"signed\")] | length" "$work/tags.json")" = 3 ]'
DOCKER_CONFIG=$sg "$cli" repos "$reg" >/dev/null; rc=$?
check "repos with the login: exit 0" '[ $rc = 0 ]'

DOCKER_CONFIG=$anon "$cli" inspect "$reg/demo/web" >"$work/s.out" 2>"$work/s.err"; rc=$?
diag "$(cat "$work/s.err")"
check "without a login: exit 1, one line on stderr about authentication" \
  '[ $rc = 1 ] && [ "$(wc -l <"$work/s.err")" = 1 ] && grep -Eiq "auth|denied|401|login|credential" "$work/s.err"'
check "without a login: prints [] as docker does" '[ "$(cat "$work/s.out")" = "[]" ]'
finish
