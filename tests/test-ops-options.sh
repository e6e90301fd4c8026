#!/bin/bash
# notary's rotation options and docker's signer add on a new repository, against the real peers:
# `rotate GUN root -k KEY.pem` (the given key becomes the root key, imported first),
# `--legacy N` (the new root is also signed by the root keys of the N previous versions),
# `signer add` on a repository without trust data (initialised first, as docker does).
# Run through: tests/testbed/with-testbed --populate -- tests/test-ops-options.sh
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$SIGNET_SOURCE_ROOT/tests/testbed/tap.sh"
. "$SIGNET_SOURCE_ROOT/tests/ops-lib.sh"

A=$work/admin
G=$SIGNET_REGISTRY/opts/app

# spki_id [openssl pkey args…]: the canonical (ecdsa) key ID of a key, from its DER SPKI
spki_id() {
  local b64
  b64=$(openssl pkey "$@" -pubout -outform DER 2>/dev/null | base64 -w0)
  [ -n "$b64" ] && printf '{"keytype":"ecdsa","keyval":{"private":null,"public":"%s"}}' "$b64" | sha256sum | cut -d' ' -f1
}
# server_root GUN [FILE]: root.json (or FILE) as the server has it
server_root() { curl -sf --cacert "$ca" "$(tuf_url "$1")/${2:-root.json}"; }
# root_info GUN: "keytype cert-key-id CN nsigs sig-keyids…" of the root role's (first) key
root_info() {
  server_root "$1" | python3 -c '
import base64, hashlib, json, subprocess, sys
d = json.load(sys.stdin); s = d["signed"]
kid = s["roles"]["root"]["keyids"][0]; k = s["keys"][kid]
pem = base64.b64decode(k["keyval"]["public"])
der = subprocess.run(["openssl", "x509", "-pubkey", "-noout"], input=pem, capture_output=True).stdout
der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=der, capture_output=True).stdout
cid = hashlib.sha256(("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"%s\"}}" % base64.b64encode(der).decode()).encode()).hexdigest()
subj = subprocess.run(["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"], input=pem, capture_output=True).stdout.decode().strip()
print(k["keytype"], cid, subj.replace("subject=", ""), s["version"], len(d["signatures"]), *sorted(x["keyid"] for x in d["signatures"]))'
}
root_keyid() { server_root "$1" "${2:-root.json}" | jq -r '.signed.roles.root.keyids[0]'; }

signet "$A" init "$G"; check "init $G" '[ $? -eq 0 ]'
notary_in "$work/follower" list "$G" >/dev/null 2>&1
check "a notary client caches root v1" '[ $? -eq 0 ]'
v1_keyid=$(root_keyid "$G")
"$SIGNET_CLI" backup -d "$A" --to "$work/backups" >/dev/null 2>&1
check "backup of the root key" '[ $? -eq 0 ]'

# ---- rotate root -k (an unencrypted PKCS#8 key) ----------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/k1.pem" 2>/dev/null
k1=$(spki_id -in "$work/k1.pem")
check "made key k1" '[ -n "$k1" ]'

printf 'not a key\n' >"$work/junk.pem"
before=$(tree_sum "$A")
signet "$A" rotate "$G" root -k "$work/junk.pem" --yes; rc=$?
check "rotate -k with a file that holds no key fails" '[ $rc -ne 0 ] && grep -qi "pem" "$work/out"'
check "… and changes nothing in the trust dir" '[ "$(tree_sum "$A")" = "$before" ]'
signet "$A" rotate "$G" snapshot -r -k "$work/k1.pem"; rc=$?
check "rotate -k with --server-managed is refused" '[ $rc -ne 0 ] && grep -q "no key file" "$work/out"'

signet "$A" rotate "$G" root -k "$work/k1.pem" --yes; rc=$?
check "rotate root -k k1.pem succeeds" '[ $rc -eq 0 ]'
check "k1 was imported into the trust dir as a root key" \
  '[ -f "$A/private/$k1.key" ] && grep -q "^role: root$" "$A/private/$k1.key"'
check "the imported key is encrypted" 'grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$A/private/$k1.key"'
info=$(root_info "$G"); diag "root: $info"
read -r kt cid cn ver nsig sigs <<<"$info"
check "root.json v2: the root role lists k1's certificate (ecdsa-x509, CN=GUN)" \
  '[ "$kt" = ecdsa-x509 ] && [ "$cid" = "$k1" ] && [ "$cn" = "CN=$G" ] && [ "$ver" = 2 ]'
check "root.json v2 carries two signatures (old and new root key)" '[ "$nsig" = 2 ]'
out=$(rm -rf "$work/fresh-notary"; notary_in "$work/fresh-notary" list "$G" 2>&1)
check "notary (fresh trust dir) verifies after the rotation" '[[ "$out" == *"No targets"* ]]'
check "notary with root v1 cached follows the rotation" 'notary_in "$work/follower" list "$G" >/dev/null 2>&1'

# ---- rotate root -k (encrypted) --legacy 1 ------------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null |
  openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA1 -iter 2048 -passout env:NOTARY_ROOT_PASSPHRASE -out "$work/k2.pem"
k2=$(spki_id -in "$work/k2.pem" -passin env:NOTARY_ROOT_PASSPHRASE)
check "made the encrypted key k2" '[ -n "$k2" ] && grep -q "ENCRYPTED PRIVATE KEY" "$work/k2.pem"'
"$SIGNET_CLI" backup -d "$A" --to "$work/backups2" >/dev/null 2>&1
v2_keyid=$(root_keyid "$G")
signet "$A" rotate "$G" root -k "$work/k2.pem" --legacy 1 --yes; rc=$?
check "rotate root -k k2.pem --legacy 1 succeeds" '[ $rc -eq 0 ]'
check "it says the root of version 1 signed too" 'grep -q "root key(s) of version 1" "$work/out"'
info=$(root_info "$G"); diag "root: $info"
read -r kt cid cn ver nsig sigs <<<"$info"
check "root.json v3: the root role lists k2's certificate" '[ "$cid" = "$k2" ] && [ "$ver" = 3 ]'
check "root.json v3 carries three signatures: k2, k1 (v2) and the v1 root key (legacy)" \
  '[ "$nsig" = 3 ] && [[ " $sigs " == *" $v1_keyid "* ]] && [[ " $sigs " == *" $v2_keyid "* ]]'
out=$(rm -rf "$work/fresh-notary"; notary_in "$work/fresh-notary" list "$G" 2>&1)
check "notary (fresh trust dir) verifies root v3" '[[ "$out" == *"No targets"* ]]'
check "notary with root v2 cached follows" 'notary_in "$work/follower" list "$G" >/dev/null 2>&1'
rm -rf "$work/follower-v1"; mkdir -p "$work/follower-v1/tuf/$G/metadata"
server_root "$G" 1.root.json >"$work/follower-v1/tuf/$G/metadata/root.json"
check "a notary client still at root v1 verifies v3 directly" \
  'notary_in "$work/follower-v1" list "$G" >/dev/null 2>&1'

# ---- signer add on a repository without trust data ----------------------------------------
N=$SIGNET_REGISTRY/opts/new
lowest_root=$(grep -l "^role: root$" "$A"/private/*.key | xargs -n1 basename | sed 's/\.key$//' | sort | head -1)
(cd "$work" && "$SIGNET_CLI" key generate -d "$A" --dir "$work" ci2 >/dev/null 2>&1)
ci2=$(key_of "$A" ci2)
check "key generate ci2" '[ -n "$ci2" ] && [ -f "$work/ci2.pub" ]'
check "$N has no trust data yet" '! server_root "$N" >/dev/null'
signet "$A" signer add ci2 "$N" --key "$work/ci2.pub"; rc=$?
check "signer add on a new repository succeeds" '[ $rc -eq 0 ]'
check "it says it initialised the repository" 'grep -q "Initialised the trust data of $N" "$work/out"'
info=$(root_info "$N"); diag "root: $info"
read -r kt cid cn ver nsig sigs <<<"$info"
check "the root key is the lowest root key ID held ($lowest_root), as docker" '[ "$cid" = "$lowest_root" ] && [ "$ver" = 1 ]'
tk=$(server_root "$N" | jq -r '.signed.roles.targets.keyids[0]')
check "the targets key is local, with the repository's gun" \
  '[ -f "$A/private/$tk.key" ] && grep -q "^gun: $N$" "$A/private/$tk.key"'
check "the snapshot key is the server's" \
  '[ "$(server_root "$N" | jq -r ".signed.keys[.signed.roles.snapshot.keyids[0]].keytype")" = ed25519 ]'
dl=$(fresh_delegations "$N"); diag "$dl"
check "notary delegation list shows targets/ci2 with the ci2 key" \
  '[ "$(echo "$dl" | awk "\$1 == \"targets/ci2\" {print \$(NF-1), \$NF}")" = "$ci2 1" ]'
check "notary delegation list shows targets/releases with the ci2 key" \
  '[ "$(echo "$dl" | awk "\$1 == \"targets/releases\" {print \$(NF-1), \$NF}")" = "$ci2 1" ]'
check_docker "docker trust inspect lists signer ci2" '[ "$(inspect_signers "$N")" = "ci2:$ci2" ]'
check_docker "docker trust inspect shows the local targets key as the repository key" \
  '[[ "$(inspect_admin "$N")" == *"Repository:$tk"* ]]'
signet "$A" signer add ci2 "$SIGNET_REGISTRY/opts/other" --key "$work/junk.pem"; rc=$?
check "signer add with a bad key on a new repository fails before anything is made" \
  '[ $rc -ne 0 ] && ! server_root "$SIGNET_REGISTRY/opts/other" >/dev/null'
finish
