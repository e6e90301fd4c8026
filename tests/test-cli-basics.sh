#!/bin/bash
# signet-cli answers --help and --version, and refuses what it does not know with exit 2.
set -u
cli=${SIGNET_CLI:?}
n=0 fail=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

out=$("$cli" --version); rc=$?
check "--version exits 0" '[ $rc -eq 0 ]'
check "--version prints the project version" '[[ "$out" =~ ^signet-cli\ [0-9]+\.[0-9]+\.[0-9]+$ ]]'

out=$("$cli" --help); rc=$?
check "--help exits 0" '[ $rc -eq 0 ]'
check "--help shows usage" '[[ "$out" == *"Usage: signet-cli"* ]]'

"$cli" no-such-command >/dev/null 2>/tmp/signet-cli-err.$$; rc=$?
err=$(cat /tmp/signet-cli-err.$$); rm -f /tmp/signet-cli-err.$$
check "unknown command exits 2" '[ $rc -eq 2 ]'
check "unknown command names itself" '[[ "$err" == *"no-such-command"* ]]'

"$cli" >/dev/null 2>&1; rc=$?
check "no command exits 2" '[ $rc -eq 2 ]'

for c in inspect status tags repos; do
  check "--help lists $c" '[[ "$out" == *"  $c "* ]]'
  "$cli" $c >/dev/null 2>&1; rc=$?
  check "$c without arguments exits 2" '[ $rc -eq 2 ]'
  "$cli" $c --no-such-option x >/dev/null 2>&1; rc=$?
  check "$c with an unknown option exits 2" '[ $rc -eq 2 ]'
done
"$cli" inspect --server notary.example.com x/y >/dev/null 2>&1; rc=$?
check "--server without a scheme exits 2" '[ $rc -eq 2 ]'
tmp=$(mktemp -d)
DOCKER_CONFIG=$tmp "$cli" inspect --offline 127.0.0.1:1/no/cache >"$tmp/out" 2>"$tmp/err"; rc=$?
check "inspect --offline without a cache exits 1" '[ $rc -eq 1 ]'
check "inspect --offline without a cache prints [] and one error line" \
  '[ "$(cat "$tmp/out")" = "[]" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]'
"$cli" inspect --trust-dir "$tmp/trust" --offline 127.0.0.1:1/no/cache >/dev/null 2>"$tmp/err"; rc=$?
check "--trust-dir is where the cache is looked for" '[ $rc -eq 1 ] && grep -q "$tmp/trust" "$tmp/err"'
rm -rf "$tmp"

echo "1..$n"
exit $fail
