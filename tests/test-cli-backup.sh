#!/bin/bash
# signet-cli backup / backup --verify / restore: archives that tar opens, manifests that
# match, keys that decrypt, and restores that never overwrite a different key.
set -u
cli=${SIGNET_CLI:?}
n=0 fail=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DOCKER_CONFIG=$tmp/docker SIGNET_NO_KEYRING=1 XDG_DATA_HOME=$tmp/data
unset NOTARY_ROOT_PASSPHRASE NOTARY_TARGETS_PASSPHRASE NOTARY_SNAPSHOT_PASSPHRASE DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE
export DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=repo-pass NOTARY_DELEGATION_PASSPHRASE=repo-pass
cd "$tmp"
trust=$DOCKER_CONFIG/trust

"$cli" key generate alice </dev/null >/dev/null && "$cli" key generate bob </dev/null >/dev/null
ids=$(ls "$trust/private" | sed 's/\.key$//' | sort)

"$cli" backup --to "$tmp/backups" >"$tmp/out"; rc=$?
archive=$(sed -n 's/^Wrote and verified //p' "$tmp/out")
check "backup exits 0 and names the archive" '[ $rc -eq 0 ] && [ -f "$archive" ]'
check "the archive is 0600" '[ "$(stat -c %a "$archive")" = 600 ]'
check "tar lists the manifest first, then the keys" \
  '[ "$(tar -tf "$archive" | head -1)" = manifest.json ] && [ "$(tar -tf "$archive" | tail -n +2 | sed "s|private/||;s|\.key$||" | sort)" = "$ids" ]'
mkdir "$tmp/x" && tar -xf "$archive" -C "$tmp/x"
ok_sums=1
for id in $ids; do
  want=$(sha256sum "$trust/private/$id.key" | cut -d" " -f1)
  grep -q "\"sha256\" : \"$want\"" "$tmp/x/manifest.json" || ok_sums=0
  cmp -s "$trust/private/$id.key" "$tmp/x/private/$id.key" || ok_sums=0
done
check "manifest SHA-256 sums and extracted files match the keys" '[ $ok_sums -eq 1 ]'
check "manifest records roles" 'grep -q "\"role\" : \"alice\"" "$tmp/x/manifest.json"'
check "the verified backup is recorded in \$XDG_DATA_HOME/signet/backups.json" \
  'grep -q "\"path\" : \"$archive\"" "$XDG_DATA_HOME/signet/backups.json" && grep -q "\"verified\" : true" "$XDG_DATA_HOME/signet/backups.json"'

"$cli" backup --verify "$archive" >"$tmp/out" 2>&1; rc=$?
check "backup --verify proves every key decrypts" '[ $rc -eq 0 ] && grep -q "Every key in the backup decrypts" "$tmp/out"'
DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=wrong NOTARY_DELEGATION_PASSPHRASE=wrong "$cli" backup --verify "$archive" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "backup --verify fails when a key does not decrypt" '[ $rc -ne 0 ] && grep -qi passphrase "$tmp/err"'

# a damaged archive
cp "$archive" "$tmp/bad.tar"
python3 - "$tmp/bad.tar" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read())
# flip a byte inside the second member's data (after its 512-byte header)
import tarfile
t = tarfile.open(p); m = t.getmembers()[1]; off = m.offset_data + 40; t.close()
b[off] ^= 1
open(p, 'wb').write(b)
PY
"$cli" backup --verify "$tmp/bad.tar" >/dev/null 2>"$tmp/err"; rc=$?
check "a changed byte fails verification with the file named" '[ $rc -ne 0 ] && grep -q "SHA-256" "$tmp/err"'

# an archive with an escaping path is refused
python3 - "$tmp/evil.tar" "$tmp/x/manifest.json" <<'PY'
import sys, tarfile, io, json
out, man = sys.argv[1], sys.argv[2]
m = json.load(open(man)); data = b"x"
import hashlib
m["keys"] = [{"path": "private/../../evil.key", "id": "e" * 64, "role": "x", "gun": None, "encrypted": False,
              "size": 1, "sha256": hashlib.sha256(data).hexdigest()}]
mb = json.dumps(m).encode()
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as t:
    for name, content in (("manifest.json", mb), ("private/../../evil.key", data)):
        i = tarfile.TarInfo(name); i.size = len(content); t.addfile(i, io.BytesIO(content))
PY
"$cli" restore -d "$tmp/restored" "$tmp/evil.tar" >/dev/null 2>"$tmp/err"; rc=$?
check "restore refuses paths that escape the trust dir" '[ $rc -ne 0 ] && [ ! -e "$tmp/evil.key" ] && grep -q unsafe "$tmp/err"'

# restore into an empty trust dir, then again (idempotent), then with a conflict
"$cli" restore -d "$tmp/restored" "$archive" >/dev/null; rc=$?
same=1; for id in $ids; do cmp -s "$trust/private/$id.key" "$tmp/restored/private/$id.key" || same=0; done
check "restore writes every key byte for byte" '[ $rc -eq 0 ] && [ $same -eq 1 ]'
check "restored files are 0600 in a 0700 dir" '[ "$(stat -c %a "$tmp/restored/private")" = 700 ] && [ -z "$(find "$tmp/restored/private" -type f ! -perm 600)" ]'
"$cli" restore -d "$tmp/restored" "$archive" >"$tmp/out"; rc=$?
check "restoring again changes nothing and succeeds" '[ $rc -eq 0 ] && grep -q "Restored 0 key(s)" "$tmp/out"'
first=$(echo "$ids" | head -1)
echo "different" >"$tmp/restored/private/$first.key"
"$cli" restore -d "$tmp/restored" "$archive" >/dev/null 2>"$tmp/err"; rc=$?
check "a different existing key is a reported conflict, not overwritten" \
  '[ $rc -ne 0 ] && grep -q "conflict.*$first" "$tmp/err" && [ "$(cat "$tmp/restored/private/$first.key")" = different ]'

# --keep
sleep 1; "$cli" backup --to "$tmp/backups" --keep 1 >/dev/null; rc=$?
check "--keep 1 leaves one archive" '[ $rc -eq 0 ] && [ "$(ls "$tmp/backups" | wc -l)" -eq 1 ] && [ ! -e "$archive" ]'

# cosign keys (private/cosign/<name>.pem) are backed up, verified with COSIGN_PASSWORD, restored
export COSIGN_PASSWORD=cosign-pass-123
"$cli" cosign generate release </dev/null >/dev/null; rc=$?
check "cosign generate makes a key to back up" '[ $rc -eq 0 ] && [ -f "$trust/private/cosign/release.pem" ]'
"$cli" backup --to "$tmp/backups-cosign" >"$tmp/out"; rc=$?
carchive=$(sed -n 's/^Wrote and verified //p' "$tmp/out")
check "backup with a cosign key exits 0" '[ $rc -eq 0 ] && [ -f "$carchive" ]'
check "tar lists the cosign key" 'tar -tf "$carchive" | grep -qx "private/cosign/release.pem"'
mkdir "$tmp/cx" && tar -xf "$carchive" -C "$tmp/cx"
want=$(sha256sum "$trust/private/cosign/release.pem" | cut -d" " -f1)
check "the manifest names it with kind cosign, its name and SHA-256" \
  'python3 -c "import json,sys; m=json.load(open(sys.argv[1])); e=[k for k in m[\"keys\"] if k.get(\"kind\")==\"cosign\"]; sys.exit(not (m[\"version\"]==2 and len(e)==1 and e[0][\"name\"]==\"release\" and e[0][\"sha256\"]==sys.argv[2] and e[0][\"path\"]==\"private/cosign/release.pem\"))" "$tmp/cx/manifest.json" "$want"'
"$cli" backup --verify "$carchive" >"$tmp/out" 2>&1; rc=$?
check "backup --verify decrypts the cosign key with COSIGN_PASSWORD" \
  '[ $rc -eq 0 ] && grep -q "cosign .*release  decrypts" "$tmp/out" && grep -q "Every key in the backup decrypts" "$tmp/out"'
COSIGN_PASSWORD=wrong-password "$cli" backup --verify "$carchive" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "backup --verify fails when COSIGN_PASSWORD does not decrypt it" '[ $rc -ne 0 ] && grep -q "cosign key “release”" "$tmp/err"'
(unset COSIGN_PASSWORD; "$cli" backup --verify "$carchive" </dev/null >/dev/null 2>"$tmp/err"); rc=$?
check "backup --verify without a cosign passphrase says how to give one" '[ $rc -ne 0 ] && grep -q COSIGN_PASSWORD "$tmp/err"'
"$cli" restore -d "$tmp/crestored" "$carchive" >/dev/null; rc=$?
check "restore writes the cosign key byte for byte, 0600" \
  '[ $rc -eq 0 ] && cmp -s "$trust/private/cosign/release.pem" "$tmp/crestored/private/cosign/release.pem" && [ "$(stat -c %a "$tmp/crestored/private/cosign/release.pem")" = 600 ]'
echo "different" >"$tmp/crestored/private/cosign/release.pem"
"$cli" restore -d "$tmp/crestored" "$carchive" >/dev/null 2>"$tmp/err"; rc=$?
check "a different existing cosign key is a conflict, not overwritten" \
  '[ $rc -ne 0 ] && grep -q "conflict.*release.pem" "$tmp/err" && [ "$(cat "$tmp/crestored/private/cosign/release.pem")" = different ]'
# a cosign entry whose path is not private/cosign/<name>.pem is refused
python3 - "$tmp/evil2.tar" "$tmp/cx/manifest.json" <<'PY'
import sys, tarfile, io, json, hashlib
out, man = sys.argv[1], sys.argv[2]
m = json.load(open(man)); data = b"x"
m["keys"] = [{"path": "private/cosign/../../evil.key", "kind": "cosign", "name": "release",
              "encrypted": True, "size": 1, "sha256": hashlib.sha256(data).hexdigest()}]
mb = json.dumps(m).encode()
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as t:
    for name, content in (("manifest.json", mb), ("private/cosign/../../evil.key", data)):
        i = tarfile.TarInfo(name); i.size = len(content); t.addfile(i, io.BytesIO(content))
PY
"$cli" restore -d "$tmp/restored3" "$tmp/evil2.tar" >/dev/null 2>"$tmp/err"; rc=$?
check "restore refuses a cosign path outside private/cosign/<name>.pem" '[ $rc -ne 0 ] && [ ! -e "$tmp/evil.key" ] && grep -q unsafe "$tmp/err"'
unset COSIGN_PASSWORD

echo "1..$n"
exit $fail
