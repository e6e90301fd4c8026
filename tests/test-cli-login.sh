#!/bin/bash
# signet-cli login/logout in a private keyring (run by run-with-keyring.sh), checked with
# secret-tool and docker-credential-secretservice.
set -u
cli=${SIGNET_CLI:?}
n=0 fail=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

reg=registry.cli.test:5000
printf 'p4ss\n' | "$cli" login --username carol --password-stdin "$reg" >/dev/null; rc=$?
check "login --password-stdin exits 0" '[ $rc -eq 0 ]'
out=$(secret-tool search --all label "Docker Credentials" server "$reg" username carol docker_cli 1 2>&1)
check "secret-tool finds it with docker's attributes" '[[ "$out" == *"secret = p4ss"* ]] && [[ "$out" == *"schema = io.docker.Credentials"* ]]'
if command -v docker-credential-secretservice >/dev/null; then
  out=$(printf '%s' "$reg" | docker-credential-secretservice get)
  check "docker-credential-secretservice get reads it" '[[ "$out" == *"\"Username\":\"carol\""* ]] && [[ "$out" == *"\"Secret\":\"p4ss\""* ]]'
fi
"$cli" login --username carol "$reg" </dev/null >/dev/null 2>&1; rc=$?
check "login without a terminal and without --password-stdin fails" '[ $rc -ne 0 ]'
"$cli" logout "$reg" >/dev/null; rc=$?
check "logout exits 0" '[ $rc -eq 0 ]'
out=$(secret-tool search --all server "$reg" 2>&1)
check "the login is gone" '[[ "$out" != *p4ss* ]]'
"$cli" logout "$reg" >/dev/null 2>&1; rc=$?
check "logout when not logged in fails" '[ $rc -ne 0 ]'

echo "1..$n"
exit $fail
