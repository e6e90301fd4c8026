#!/bin/bash
# `signet-testbed populate` made what it claims: images (one multi-arch), notary trust data with
# delegations, a rotated root, an escaped target name, a docker signer, and an unsigned repository.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/tap.sh"

reg=$SIGNET_REGISTRY
sk=(skopeo --policy "$SIGNET_TESTBED_DIR/policy.json")
certs=(--cert-dir "$DOCKER_CONFIG/tls/$reg" --authfile "$DOCKER_CONFIG/config.json")
N() { notary_in "$work/trust" "$@"; }
# the auth variant (run with --anonymous-pull, as notary reads anonymously): the registry
# wants the test user, notary-server a token
rcurl() {
  if [ "$SIGNET_TESTBED_MODE" = plain ]; then
    curl -s --cacert "$SIGNET_TESTBED_CA" "$@"
  else
    printf 'user = "%s:%s"\n' "$SIGNET_TESTBED_USER" "$(cat "$SIGNET_TESTBED_PASSWORD_FILE")" |
      curl -s --cacert "$SIGNET_TESTBED_CA" -K - "$@"
  fi
}
# ncurl GUN CURL-ARGS...
ncurl() {
  local gun=$1 t
  shift
  if [ "$SIGNET_TESTBED_MODE" = plain ]; then
    curl -s --cacert "$SIGNET_TESTBED_CA" "$@"
  else
    t=$(curl -s --cacert "$SIGNET_TESTBED_CA" -G "$SIGNET_TOKEN_REALM" \
      --data-urlencode "service=$SIGNET_TOKEN_SERVICE" --data-urlencode "scope=repository:$gun:pull" | jq -r .token)
    curl -s --cacert "$SIGNET_TESTBED_CA" -H "Authorization: Bearer $t" "$@"
  fi
}
diag "mode: $SIGNET_TESTBED_MODE"

for img in web:1.0 web:1.1 web:latest db:15 tools:ci multi:1.0; do
  out=$("${sk[@]}" inspect "${certs[@]}" "docker://$reg/demo/$img" 2>&1); rc=$?
  check "skopeo inspect demo/$img succeeds" '[ $rc -eq 0 ] && echo "$out" | jq -e ".Digest | startswith(\"sha256:\")" >/dev/null'
done
tags=$("${sk[@]}" inspect "${certs[@]}" "docker://$reg/demo/web:1.0" | jq -r '.RepoTags | sort | join(",")')
check "demo/web has the tags 1.0, 1.1 and latest" '[ "$tags" = "1.0,1.1,latest" ]'

"${sk[@]}" inspect --raw "${certs[@]}" "docker://$reg/demo/multi:1.0" >"$work/multi.json"
check "demo/multi:1.0 is an OCI index with 2 manifests" \
  'jq -e "(.mediaType == \"application/vnd.oci.image.index.v1+json\") and (.manifests | length) == 2" "$work/multi.json" >/dev/null'
archs=$(jq -r '[.manifests[].platform.architecture] | sort | join(",")' "$work/multi.json")
check "demo/multi:1.0 covers amd64 and arm64" '[ "$archs" = "amd64,arm64" ]'
ok_children=1
for d in $(jq -r '.manifests[].digest' "$work/multi.json"); do
  "${sk[@]}" inspect --raw "${certs[@]}" "docker://$reg/demo/multi@$d" | jq -e '.layers | length == 1' >/dev/null || ok_children=0
done
check "both platform manifests of demo/multi are in the registry" '[ $ok_children = 1 ]'

# the trust data, read with a fresh notary trust dir
list=$(N list "$reg/demo/web" 2>&1); rc=$?
diag "$list"
check "notary list demo/web succeeds" '[ $rc -eq 0 ]'
hdr=$(rcurl -I \
  -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
  "https://$reg/v2/demo/web/manifests/1.0" | tr -d '\r')
reg_digest=$(echo "$hdr" | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
reg_size=$(echo "$hdr" | awk -F': ' 'tolower($1) == "content-length" {print $2}')
line=$(echo "$list" | awk '$1 == "1.0"')
check "demo/web 1.0: notary digest = the registry's Docker-Content-Digest" \
  '[ -n "$reg_digest" ] && [ "sha256:$(echo "$line" | awk "{print \$2}")" = "$reg_digest" ]'
check "demo/web 1.0: notary size = the manifest size" '[ "$(echo "$line" | awk "{print \$3}")" = "$reg_size" ]'
check "demo/web signs 1.0, 1.1 and latest" \
  '[ "$(echo "$list" | awk "NR > 2 {print \$1}" | sort | tr "\n" ,)" = "1.0,1.1,latest," ]'

dl=$(N delegation list "$reg/demo/web" 2>&1)
diag "$dl"
check "demo/web has the delegation targets/releases" 'echo "$dl" | grep -q "^targets/releases "'
check "demo/web has the delegation targets/alice" 'echo "$dl" | grep -q "^targets/alice "'
rel=$(N list "$reg/demo/web" -r targets/releases 2>&1)
check "targets/releases signs 1.0, 1.1 and latest" \
  '[ "$(echo "$rel" | awk "NR > 2 && \$4 == \"targets/releases\" {print \$1}" | sort | tr "\n" ,)" = "1.0,1.1,latest," ]'
al=$(N list "$reg/demo/web" -r targets/alice 2>&1)
check "targets/alice signs 1.1" '[ "$(echo "$al" | awk "NR > 2 && \$4 == \"targets/alice\" {print \$1}")" = 1.1 ]'

tools=$(N list "$reg/demo/tools" 2>&1)
diag "$tools"
check "demo/tools signs ci" 'echo "$tools" | awk "{print \$1}" | grep -qx ci'
check "demo/tools signs the escaped name v3<é>&" 'echo "$tools" | awk "{print \$1}" | grep -qx "v3<é>&"'
B=$(tuf_url "$reg/demo/tools")
ncurl "$reg/demo/tools" -f "$B/root.json" >"$work/root.json"
ncurl "$reg/demo/tools" -f "$B/1.root.json" >"$work/1.root.json"
check "demo/tools root was rotated: root.json is version 2 with two signatures" \
  'jq -e ".signed.version == 2 and (.signatures | length) == 2" "$work/root.json" >/dev/null'
check "demo/tools root was rotated: the root role key changed since 1.root.json" \
  '[ "$(jq -c .signed.roles.root.keyids "$work/root.json")" != "$(jq -c .signed.roles.root.keyids "$work/1.root.json")" ]'
ncurl "$reg/demo/tools" -f "$B/targets.json" >"$work/tools-targets.json"
check "the escaped name is stored as v3\\u003cé\\u003e\\u0026 in targets.json" \
  'grep -q "\"v3\\\\u003cé\\\\u003e\\\\u0026\"" "$work/tools-targets.json"'

# docker (client only, no daemon)
insp=$(have_docker_trust && docker trust inspect "$reg/demo/multi" 2>&1); rc=$?
check_docker "docker trust inspect demo/multi succeeds without a daemon" '[ $rc -eq 0 ]'
check_docker "docker trust inspect shows the signer bob" \
  'echo "$insp" | jq -e ".[0].Signers | map(.Name) | index(\"bob\") != null" >/dev/null'
check_docker "docker trust inspect shows 1.0 signed by bob" \
  'echo "$insp" | jq -e ".[0].SignedTags[] | select(.SignedTag == \"1.0\") | .Signers | index(\"bob\") != null" >/dev/null'
multi_digest=$("${sk[@]}" inspect --raw "${certs[@]}" "docker://$reg/demo/multi:1.0" | sha256sum | cut -d' ' -f1)
bob=$(N list "$reg/demo/multi" -r targets/bob 2>&1)
check "targets/bob of demo/multi holds 1.0 (signed by docker trust sign)" \
  '[ "$(echo "$bob" | awk "NR > 2 && \$4 == \"targets/bob\" {print \$1}")" = 1.0 ]'
check_docker "docker trust inspect: 1.0's digest is the index's digest" \
  '[ "$(echo "$insp" | jq -r ".[0].SignedTags[] | select(.SignedTag == \"1.0\") | .Digest")" = "$multi_digest" ]'
insp=$(have_docker_trust && docker trust inspect "$reg/demo/web" 2>&1)
check_docker "docker trust inspect demo/web shows alice and releases' tags" \
  'echo "$insp" | jq -e "(.[0].Signers | map(.Name) | index(\"alice\") != null) and (.[0].SignedTags | length) == 3" >/dev/null'

# unsigned
code=$(ncurl "$reg/demo/db" -o /dev/null -w '%{http_code}' "$(tuf_url "$reg/demo/db")/root.json")
check "demo/db is unsigned (no root.json on the server)" '[ "$code" = 404 ]'
check "populate recorded its completion" '[ -s "$SIGNET_TESTBED_DIR/populated" ]'
before=$(N list "$reg/demo/web" 2>&1)
"$testbed" populate "$SIGNET_TESTBED_DIR" 2>"$work/log"; rc=$?
check "a second populate is a no-op (exit 0, same trust data)" \
  '[ $rc -eq 0 ] && grep -q "already populated" "$work/log" && [ "$(N list "$reg/demo/web" 2>&1)" = "$before" ]'
finish
