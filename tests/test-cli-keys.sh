#!/bin/bash
# signet-cli key/login/logout commands, checked against notary and docker's credential helper.
set -u
cli=${SIGNET_CLI:?}
n=0 fail=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DOCKER_CONFIG=$tmp/docker SIGNET_NO_KEYRING=1
unset DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE NOTARY_ROOT_PASSPHRASE NOTARY_TARGETS_PASSPHRASE NOTARY_SNAPSHOT_PASSPHRASE
export DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=repo-pass NOTARY_DELEGATION_PASSPHRASE=repo-pass
cd "$tmp"

out=$("$cli" key generate alice </dev/null 2>&1); rc=$?
check "key generate exits 0" '[ $rc -eq 0 ]'
check "key generate writes alice.pub 0600" '[ "$(stat -c %a alice.pub)" = 600 ]'
check "alice.pub is a PUBLIC KEY with role header" '[ "$(head -2 alice.pub)" = "$(printf -- "-----BEGIN PUBLIC KEY-----\nrole: alice")" ]'
id=$(echo "$out" | sed -n 's/^Key ID: //p')
check "the key file is private/<id>.key, 0600" '[ -n "$id" ] && [ "$(stat -c %a "$DOCKER_CONFIG/trust/private/$id.key")" = 600 ]'
check "the private dir is 0700" '[ "$(stat -c %a "$DOCKER_CONFIG/trust/private")" = 700 ]'
"$cli" key generate alice </dev/null >/dev/null 2>&1; rc=$?
check "generate refuses an existing NAME.pub" '[ $rc -ne 0 ]'
"$cli" key generate Bad </dev/null >/dev/null 2>&1; rc=$?
check "generate refuses an invalid name with exit 2" '[ $rc -eq 2 ]'

out=$("$cli" key list); rc=$?
check "key list shows role and ID" '[ $rc -eq 0 ] && [[ "$out" == *alice*"$id"* ]]'
out=$("$cli" key list --json)
check "key list --json has the ID and role" '[[ "$out" == *"\"id\" : \"$id\""* ]] && [[ "$out" == *"\"role\" : \"alice\""* ]]'

if command -v notary >/dev/null; then
  out=$(notary -d "$DOCKER_CONFIG/trust" key list 2>&1)
  check "notary key list sees the generated key" '[[ "$out" == *alice*"$id"* ]]'
  # notary decrypts it (key passwd re-encrypts with the same env passphrase)
  notary -d "$DOCKER_CONFIG/trust" key passwd "$id" >/dev/null 2>&1; rc=$?
  check "notary decrypts the key Signet generated" '[ $rc -eq 0 ]'
fi

# export / import
"$cli" key export -o "$tmp/export.pem"; rc=$?
check "key export writes a file" '[ $rc -eq 0 ] && grep -q "^path: $id$" "$tmp/export.pem"'
"$cli" key export -o "$tmp/export.pem" >/dev/null 2>&1; rc=$?
check "key export does not overwrite" '[ $rc -ne 0 ]'
"$cli" key import -d "$tmp/other" "$tmp/export.pem" >/dev/null; rc=$?
check "key import into another dir" '[ $rc -eq 0 ] && cmp -s "$tmp/other/private/$id.key" "$DOCKER_CONFIG/trust/private/$id.key"'

# passwd
printf 'new-pass-123\n' | "$cli" key passwd "$id" --new-passphrase-stdin >/dev/null; rc=$?
check "key passwd changes the passphrase" '[ $rc -eq 0 ]'
DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=new-pass-123 "$cli" key cert "$id" example.com/app >"$tmp/cert.pem" 2>/dev/null; rc=$?
check "the new passphrase unlocks it" '[ $rc -eq 0 ] && openssl x509 -in "$tmp/cert.pem" -noout -subject | grep -q "CN = example.com/app"'
"$cli" key cert "$id" example.com/app </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "the old passphrase does not, and says so" '[ $rc -ne 0 ] && grep -qi passphrase "$tmp/err"'

# load
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/k.pem" 2>/dev/null
chmod 644 "$tmp/k.pem"
"$cli" key load "$tmp/k.pem" --name bob >/dev/null 2>"$tmp/err"; rc=$?
check "key load refuses a world-readable file" '[ $rc -ne 0 ] && grep -q "chmod 600" "$tmp/err"'
chmod 600 "$tmp/k.pem"
out=$("$cli" key load "$tmp/k.pem" --name bob </dev/null); rc=$?
bob=$(echo "$out" | sed -n 's/^Key ID: //p')
check "key load stores it with role bob" '[ $rc -eq 0 ] && head -2 "$DOCKER_CONFIG/trust/private/$bob.key" | grep -q "^role: bob$"'

# rm
"$cli" key rm "$bob" </dev/null >/dev/null 2>&1; rc=$?
check "key rm without a terminal and without --yes refuses" '[ $rc -eq 2 ] && [ -f "$DOCKER_CONFIG/trust/private/$bob.key" ]'
"$cli" key rm --yes "$bob" >/dev/null; rc=$?
check "key rm --yes removes it" '[ $rc -eq 0 ] && [ ! -e "$DOCKER_CONFIG/trust/private/$bob.key" ]'
"$cli" key rm --yes "$bob" >/dev/null 2>&1; rc=$?
check "key rm of a missing key fails" '[ $rc -ne 0 ]'

echo "1..$n"
exit $fail
