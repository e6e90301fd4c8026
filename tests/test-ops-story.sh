#!/bin/bash
# The whole story of a repository, with both peers verifying it from scratch after every step:
# init, add a CI signer, sign tags as that signer, rotate targets, snapshot to the server,
# rotate root, revoke a tag, remove the signer.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$SIGNET_SOURCE_ROOT/tests/testbed/tap.sh"
. "$SIGNET_SOURCE_ROOT/tests/ops-lib.sh"

A=$work/admin      # the repository admin's trust dir
C=$work/ci         # the CI signer's trust dir: only its own key
push_copy demo/db:15 story/app:1.0
push_copy demo/web:1.1 story/app:1.1
G=$SIGNET_REGISTRY/story/app
h10=$(manifest_hex story/app 1.0); s10=$(manifest_size story/app 1.0)
h11=$(manifest_hex story/app 1.1); s11=$(manifest_size story/app 1.1)
check "the story images are in the registry" '[ -n "$h10" ] && [ "$s10" -gt 0 ] && [ "$h10" != "$h11" ]'

# verify STEP EXPECTED-NOTARY-LIST EXPECTED-DOCKER-TAGS EXPECTED-DOCKER-SIGNERS
verify() {
  local got want_list=$2 want_tags=$3 want_signers=$4
  got=$(fresh_list "$G")
  check "$1: notary (fresh trust dir) lists exactly the expected tags" '[ "$got" = "$want_list" ]'
  [ "$got" = "$want_list" ] || diag "got: $got" "$(cat "$work/notary.err")"
  check_docker "$1: docker trust inspect (fresh) shows the expected signed tags" '[ "$(inspect_tags "$G")" = "$want_tags" ]'
  check_docker "$1: docker trust inspect (fresh) shows the expected signers" '[ "$(inspect_signers "$G")" = "$want_signers" ]'
  # a notary client that followed every step (cached trust) accepts the new state too
  check "$1: notary with the trust cached since the start verifies" \
    'notary_in "$work/follower" list "$G" >/dev/null 2>&1'
}

signet "$A" init "$G"; check "init" '[ $? -eq 0 ]'
verify "after init" "" "" ""

(cd "$work" && "$SIGNET_CLI" key generate -d "$C" --dir "$work" ci >/dev/null 2>&1)
ci=$(key_of "$C" ci)
signet "$A" signer add ci "$G" --key "$work/ci.pub"; check "signer add ci" '[ $? -eq 0 ]'
verify "after signer add" "" "" "ci:$ci"

signet "$C" sign "$G:1.0" "$G:1.1"; check "the CI signer signs 1.0 and 1.1" '[ $? -eq 0 ]'
exp="1.0 $h10 $s10 targets/ci
1.1 $h11 $s11 targets/ci"
verify "after signing as ci" "$exp" "1.0:$h10:ci
1.1:$h11:ci" "ci:$ci"

old_targets=$(key_of "$A" targets)
signet "$A" rotate "$G" targets; check "rotate targets" '[ $? -eq 0 ]'
new_targets=$(key_of "$A" targets)
check "the targets key changed and the old key file is gone" \
  '[ -n "$new_targets" ] && [ "$new_targets" != "$old_targets" ] && [ ! -e "$A/private/$old_targets.key" ]'
check_docker "docker shows the new targets key as the repository key" '[[ "$(inspect_admin "$G")" == *"Repository:$new_targets"* ]]'
verify "after rotating targets" "$exp" "1.0:$h10:ci
1.1:$h11:ci" "ci:$ci"

signet "$A" rotate "$G" snapshot; check "rotate snapshot to a local key" '[ $? -eq 0 ] && [ -n "$(key_of "$A" snapshot)" ]'
verify "after a local snapshot key" "$exp" "1.0:$h10:ci
1.1:$h11:ci" "ci:$ci"
snap=$(key_of "$A" snapshot)
signet "$A" rotate "$G" snapshot --server-managed; check "rotate snapshot to the server" '[ $? -eq 0 ]'
check "the local snapshot key was deleted" '[ ! -e "$A/private/$snap.key" ]'
verify "after the snapshot moved to the server" "$exp" "1.0:$h10:ci
1.1:$h11:ci" "ci:$ci"

old_root=$(key_of "$A" root)
signet "$A" rotate "$G" root --yes
check "rotate root refuses without a verified backup of the root key" \
  '[ $? -ne 0 ] && grep -q "no verified backup" "$work/out"'
"$SIGNET_CLI" backup -d "$A" --to "$work/backups" >/dev/null 2>&1
signet "$A" rotate "$G" root --yes; check "rotate root after the backup" '[ $? -eq 0 ]'
root_json=$(curl -s --cacert "$ca" "$(tuf_url "$G")/root.json")
nsig=$(echo "$root_json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["signatures"]))')
check "the new root.json carries two signatures (old and new root keys)" '[ "$nsig" = 2 ]'
check "the old root key is kept" '[ -e "$A/private/$old_root.key" ]'
verify "after rotating root" "$exp" "1.0:$h10:ci
1.1:$h11:ci" "ci:$ci"

signet "$C" revoke "$G:1.0"; check "the CI signer revokes 1.0" '[ $? -eq 0 ]'
verify "after revoking 1.0" "1.1 $h11 $s11 targets/ci" "1.1:$h11:ci" "ci:$ci"

signet "$A" signer remove ci "$G" --yes; check "signer remove ci" '[ $? -eq 0 ]'
verify "after removing the signer" "" "" ""
finish
