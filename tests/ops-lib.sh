# shellcheck shell=bash
# ops-lib.sh - helpers for the signing operation tests on the testbed (sourced after tap.sh)
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

: "${SIGNET_CLI:?set SIGNET_CLI to the signet-cli binary}"
export SIGNET_NO_KEYRING=1
export XDG_DATA_HOME=$work/xdg
ca=$SIGNET_TESTBED_CA
accept='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'

# signet TRUST_DIR ARGS...: signet-cli with that trust dir; output in $work/out
signet() { local d=$1; shift; "$SIGNET_CLI" "$@" -d "$d" >"$work/out" 2>&1; local rc=$?; sed 's/^/# /' "$work/out"; return $rc; }

# manifest_hex REPO TAG / manifest_size REPO TAG: what the registry serves
manifest_hex()  { curl -s --cacert "$ca" -H "Accept: $accept" "https://$SIGNET_REGISTRY/v2/$1/manifests/$2" | sha256sum | cut -d' ' -f1; }
manifest_size() { curl -s --cacert "$ca" -H "Accept: $accept" "https://$SIGNET_REGISTRY/v2/$1/manifests/$2" | wc -c; }

# fresh_list GUN [ROLE]: `notary list` from an empty trust dir, "name digest size role" lines
fresh_list() {
  rm -rf "$work/fresh-notary"
  notary_in "$work/fresh-notary" list "$1" ${2:+-r "$2"} 2>"$work/notary.err" | awk 'NR > 2 && NF == 4 {print $1, $2, $3, $4}' | sort
}
# fresh_delegations GUN: "role paths keyids threshold" from `notary delegation list`
fresh_delegations() {
  rm -rf "$work/fresh-notary"
  notary_in "$work/fresh-notary" delegation list "$1" 2>"$work/notary.err" | awk 'NR > 2 && $1 ~ /^targets\// {print}'
}
# fresh_inspect GUN: `docker trust inspect` with an empty trust dir, as compact JSON
fresh_inspect() {
  rm -rf "$work/fresh-docker"; mkdir -p "$work/fresh-docker"; cp -r "$DOCKER_CONFIG/tls" "$work/fresh-docker/"
  DOCKER_CONFIG=$work/fresh-docker docker trust inspect "$1" 2>"$work/docker.err" |
    python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0], sort_keys=True))'
}
# inspect_tags GUN: "tag:digest:signer,signer" lines from docker; inspect_signers GUN: "name:keyid,…"
inspect_tags() {
  fresh_inspect "$1" | python3 -c 'import json,sys
d=json.load(sys.stdin)
for t in d["SignedTags"]: print("%s:%s:%s" % (t["SignedTag"], t["Digest"], ",".join(sorted(t["Signers"]))))'
}
inspect_signers() {
  fresh_inspect "$1" | python3 -c 'import json,sys
d=json.load(sys.stdin)
for s in d["Signers"]: print("%s:%s" % (s["Name"], ",".join(sorted(k["ID"] for k in s["Keys"]))))'
}
inspect_admin() {
  fresh_inspect "$1" | python3 -c 'import json,sys
d=json.load(sys.stdin)
for s in d["AdministrativeKeys"]: print("%s:%s" % (s["Name"], ",".join(sorted(k["ID"] for k in s["Keys"]))))'
}
# key_of DIR ROLE: the canonical ID of the (first) key with that role header in DIR/private
key_of() { grep -l "^role: $2\$" "$1"/private/*.key 2>/dev/null | head -1 | xargs -r basename | sed 's/\.key$//'; }
# tree_sum DIR: a checksum of every file name and content under DIR (to prove nothing changed)
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }
# push_copy SRC DEST: copy an image inside the registry
push_copy() {
  skopeo copy -q --all --src-cert-dir "$DOCKER_CONFIG/tls/$SIGNET_REGISTRY" --dest-cert-dir "$DOCKER_CONFIG/tls/$SIGNET_REGISTRY" \
    "docker://$SIGNET_REGISTRY/$1" "docker://$SIGNET_REGISTRY/$2" >/dev/null 2>&1
}
