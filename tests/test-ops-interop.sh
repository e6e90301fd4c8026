#!/bin/bash
# Signing operations against the real peers: after each Signet operation, `notary list`,
# `notary delegation list` and `docker trust inspect` on fresh trust dirs show exactly the
# expected state; then Signet continues on repositories changed by notary and docker.
# Run through: tests/testbed/with-testbed --populate -- tests/test-ops-interop.sh
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$SIGNET_SOURCE_ROOT/tests/testbed/tap.sh"
. "$SIGNET_SOURCE_ROOT/tests/ops-lib.sh"

S=$work/signet
G=$SIGNET_REGISTRY/demo/db
db_hex=$(manifest_hex demo/db 15)
db_size=$(manifest_size demo/db 15)

# ---- Signet -> peers -------------------------------------------------------------------
signet "$S" init "$G"; rc=$?
check "init of a new repository succeeds" '[ $rc -eq 0 ]'
root_id=$(key_of "$S" root); targets_id=$(key_of "$S" targets)
check "init made a root key and a targets key" '[ -n "$root_id" ] && [ -n "$targets_id" ]'
check "init kept no snapshot key locally (server-managed, as docker)" '[ -z "$(key_of "$S" snapshot)" ]'
out=$(rm -rf "$work/fresh-notary"; notary_in "$work/fresh-notary" list "$G" 2>&1)
check "notary (fresh) verifies the new repository: no targets" '[[ "$out" == *"No targets"* ]]'
check_docker "docker inspect shows the targets key as the repository key" \
  '[[ "$(inspect_admin "$G")" == *"Repository:$targets_id"* ]]'

signet "$S" sign "$G:15"; rc=$?
check "sign $G:15 succeeds" '[ $rc -eq 0 ]'
check "notary list shows exactly 15 with the registry's digest and size in targets" \
  '[ "$(fresh_list "$G")" = "15 $db_hex $db_size targets" ]'
check_docker "docker inspect shows 15 signed by the repo admin" \
  '[ "$(inspect_tags "$G")" = "15:$db_hex:Repo Admin" ]'

(cd "$work" && "$SIGNET_CLI" key generate -d "$S" --dir "$work" ci >/dev/null 2>&1)
ci_id=$(key_of "$S" ci)
check "key generate made the ci key" '[ -n "$ci_id" ] && [ -f "$work/ci.pub" ]'
signet "$S" signer add ci "$G" --key "$work/ci.pub"; rc=$?
check "signer add ci succeeds" '[ $rc -eq 0 ]'
dl=$(fresh_delegations "$G"); diag "$dl"
check "notary delegation list shows targets/ci with the ci key" \
  '[ "$(echo "$dl" | awk "\$1 == \"targets/ci\" {print \$(NF-1), \$NF}")" = "$ci_id 1" ]'
check "notary delegation list shows targets/releases with the ci key" \
  '[ "$(echo "$dl" | awk "\$1 == \"targets/releases\" {print \$(NF-1), \$NF}")" = "$ci_id 1" ]'
check "notary delegation list shows exactly those two roles" '[ "$(echo "$dl" | wc -l)" = 2 ]'
check_docker "docker inspect lists signer ci with its key" '[ "$(inspect_signers "$G")" = "ci:$ci_id" ]'

# sign as the signer only: a trust dir with just the ci key
C=$work/ci
mkdir -p "$C/private" && chmod 700 "$C" "$C/private" && cp "$S/private/$ci_id.key" "$C/private/"
signet "$C" sign "$G:15"; rc=$?
check "the ci signer signs 15 with only its own key" '[ $rc -eq 0 ]'
check "notary list -r targets/releases shows 15" \
  '[ "$(fresh_list "$G" targets/releases)" = "15 $db_hex $db_size targets/releases" ]'
check_docker "docker inspect shows 15 signed by ci" '[ "$(inspect_tags "$G")" = "15:$db_hex:ci" ]'

signet "$S" delegation add "$G" targets/alice "$work/ci.pub" --paths v,x/; rc=$?
check "delegation add targets/alice with paths succeeds" '[ $rc -eq 0 ]'
rm -rf "$work/fresh-notary"
dl=$(notary_in "$work/fresh-notary" delegation list "$G" 2>/dev/null | awk '/^targets\/alice/ {p=1; print $2, $(NF-1); next} p && NF == 1 {print $1; next} {p=0}')
diag "$dl"
check "notary shows targets/alice with the key and paths v and x/" \
  '[ "$(echo $dl)" = "v $ci_id x/" ]'
signet "$S" delegation list "$G"
check "signet delegation list shows targets/alice" 'grep -q "^targets/alice  *v,x/  *$ci_id  *1" "$work/out"'
signet "$S" delegation remove "$G" targets/alice </dev/null; rc=$?
check "delegation remove without a terminal or --yes refuses" '[ $rc -ne 0 ] && grep -q -- "--yes" "$work/out"'
signet "$S" delegation remove "$G" targets/alice --yes; rc=$?
check "delegation remove --yes succeeds" '[ $rc -eq 0 ]'
check "notary no longer shows targets/alice" '! fresh_delegations "$G" | grep -q targets/alice'

signet "$S" revoke "$G:15"; rc=$?
check "revoke 15 succeeds" '[ $rc -eq 0 ]'
out=$(rm -rf "$work/fresh-notary"; notary_in "$work/fresh-notary" list "$G" 2>&1)
check "notary shows no targets after the revoke" '[[ "$out" == *"No targets"* ]]'
check_docker "docker inspect shows no signed tags after the revoke" '[ -z "$(inspect_tags "$G")" ]'

signet "$S" signer remove ci "$G" </dev/null; rc=$?
check "signer remove warns and refuses without --yes (releases below threshold)" \
  '[ $rc -ne 0 ] && grep -q "fewer than its threshold" "$work/out"'
signet "$S" signer remove ci "$G" --yes; rc=$?
check "signer remove --yes succeeds" '[ $rc -eq 0 ]'
check "notary shows no delegations after signer remove" '[ -z "$(fresh_delegations "$G")" ]'
check_docker "docker inspect shows no signers" '[ -z "$(inspect_signers "$G")" ]'

# ---- peers -> Signet -------------------------------------------------------------------
# demo/web was made with the notary CLI: Signet signs with notary's own trust dir and keys.
W=$SIGNET_REGISTRY/demo/web
web_hex=$(manifest_hex demo/web 1.0); web_size=$(manifest_size demo/web 1.0)
printf 'x' >"$work/payload"
notary -c "$SIGNET_NOTARY_CONFIG" add "$W" from-notary "$work/payload" -r targets/releases -p >/dev/null 2>&1
check "notary adds a tag to demo/web (targets/releases)" '[ $? -eq 0 ]'
signet "$SIGNET_NOTARY_TRUST_DIR" revoke "$W:from-notary"; rc=$?
check "Signet revokes the tag notary added" '[ $rc -eq 0 ]'
check "notary (populate's cache) no longer lists from-notary" \
  '! notary -c "$SIGNET_NOTARY_CONFIG" list "$W" 2>/dev/null | grep -q from-notary'
push_copy demo/web:1.0 demo/web:2.0
signet "$SIGNET_NOTARY_TRUST_DIR" sign "$W:2.0"; rc=$?
check "Signet signs a new tag in notary's repository" '[ $rc -eq 0 ]'
check "by docker's rule only into targets/releases (alice's key is not held)" \
  'grep -q "in targets/releases$" "$work/out"'
check "notary (populate's cache) lists 2.0 in targets/releases" \
  'notary -c "$SIGNET_NOTARY_CONFIG" list "$W" -r targets/releases 2>/dev/null | grep -q "^2.0 *$web_hex *$web_size"'

# demo/multi was made with docker: Signet works in docker's trust dir
M=$SIGNET_REGISTRY/demo/multi
D=$DOCKER_CONFIG/trust
if have_docker_trust; then
  (cd "$work" && docker trust key generate dave --dir "$work" >/dev/null 2>&1)
  docker trust signer add --key "$work/dave.pub" dave "$M" >/dev/null 2>&1
  check "docker trust signer add dave to demo/multi" '[ $? -eq 0 ]'
  push_copy demo/multi:1.0 demo/multi:1.1
  signet "$D" sign "$M:1.1"; rc=$?
  check "Signet signs the OCI index 1.1 with docker's keys (bob and dave)" '[ $rc -eq 0 ]'
  multi_hex=$(manifest_hex demo/multi 1.1)
  check "docker inspect shows 1.1 signed by bob and dave" \
    'inspect_tags "$M" | grep -qx "1.1:$multi_hex:bob,dave"'
  signet "$D" signer remove dave "$M" --yes; rc=$?
  check "Signet removes docker's signer dave" '[ $rc -eq 0 ]'
  check "docker inspect lists only bob" '[ "$(inspect_signers "$M" | cut -d: -f1)" = bob ]'
else
  skip "docker trust signer add + Signet" "no docker CLI with trust"
fi
finish
