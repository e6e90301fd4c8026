#!/bin/bash
# signet-cli login/logout against the auth testbed's registry (htpasswd Basic auth), in a
# private keyring: run as with-testbed --auth -- run-with-keyring.sh test-cli-login.sh.
# A login is checked against the registry first and stored only when it is accepted; the
# stored login is checked with secret-tool and docker-credential-secretservice.
#
# Copyright 2026 The Signet authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "${SIGNET_SOURCE_ROOT:?}/tests/testbed/tap.sh"

cli=${SIGNET_CLI:?}
reg=$SIGNET_REGISTRY
user=$SIGNET_TESTBED_USER
check "the testbed wants authentication" '[ "$SIGNET_TESTBED_MODE" = auth ] || [ "$SIGNET_TESTBED_MODE" = auth+anonymous-pull ]'

# A DOCKER_CONFIG with the testbed's CA but without its login, so nothing but the
# credentials given to login can be what the registry accepts.
export DOCKER_CONFIG=$work/docker
mkdir -p "$DOCKER_CONFIG"
cp -r "$SIGNET_TESTBED_DIR/docker/tls" "$DOCKER_CONFIG/"

stored() { secret-tool search --all label "Docker Credentials" server "$1" docker_cli 1 2>&1; }

# 1. a wrong password: refused (exit 1) and not stored
printf 'not-the-password\n' | "$cli" login --username "$user" --password-stdin "$reg" >"$work/out" 2>"$work/err"; rc=$?
diag "$(cat "$work/err")"
check "a wrong password: exit 1" '[ $rc -eq 1 ]'
check "a wrong password: the message says it was refused and not stored" \
  'grep -q "refused" "$work/err" && grep -q "nothing was stored" "$work/err"'
check "a wrong password: nothing in the keyring" '[[ "$(stored "$reg")" != *secret* ]]'

# 2. the right password: accepted and stored where docker finds it
"$cli" login --username "$user" --password-stdin "$reg" <"$SIGNET_TESTBED_PASSWORD_FILE" >"$work/out" 2>"$work/err"; rc=$?
[ -s "$work/err" ] && diag "$(cat "$work/err")"
check "the right password: exit 0" '[ $rc -eq 0 ]'
check "the right password: it says so" 'grep -q "succeeded" "$work/out"'
pw=$(cat "$SIGNET_TESTBED_PASSWORD_FILE")
out=$(secret-tool search --all label "Docker Credentials" server "$reg" username "$user" docker_cli 1 2>&1)
check "secret-tool finds it with docker's attributes" \
  '[[ "$out" == *"secret = $pw"* ]] && [[ "$out" == *"schema = io.docker.Credentials"* ]]'
if command -v docker-credential-secretservice >/dev/null; then
  out=$(printf '%s' "$reg" | docker-credential-secretservice get)
  check "docker-credential-secretservice get reads it" \
    '[[ "$out" == *"\"Username\":\"$user\""* ]] && [[ "$out" == *"\"Secret\":\"$pw\""* ]]'
else
  skip "docker-credential-secretservice get reads it" "docker-credential-secretservice missing"
fi

# 3. a wrong password for the reader after that: refused, the stored login stays as it was
printf 'also-wrong\n' | "$cli" login --username "$SIGNET_TESTBED_READER" --password-stdin "$reg" >/dev/null 2>&1; rc=$?
check "another wrong login: exit 1" '[ $rc -eq 1 ]'
out=$(stored "$reg")
check "another wrong login: the stored login is unchanged" \
  '[[ "$out" == *"secret = $pw"* ]] && [[ "$out" == *"username = $user"* ]] && [[ "$out" != *also-wrong* ]]'

# 4. an unreachable registry: exit 3, nothing stored
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
printf 'whatever\n' | "$cli" login --username "$user" --password-stdin "127.0.0.1:$port" >/dev/null 2>"$work/err"; rc=$?
diag "$(cat "$work/err")"
check "an unreachable registry: exit 3" '[ $rc -eq 3 ]'
check "an unreachable registry: the message says so" 'grep -q "Cannot" "$work/err" && grep -q "nothing was stored" "$work/err"'
check "an unreachable registry: nothing in the keyring" '[[ "$(stored "127.0.0.1:$port")" != *secret* ]]'

# 5. usage and logout
"$cli" login --username "$user" "$reg" </dev/null >/dev/null 2>&1; rc=$?
check "login without a terminal and without --password-stdin fails" '[ $rc -ne 0 ]'
"$cli" logout "$reg" >/dev/null; rc=$?
check "logout exits 0" '[ $rc -eq 0 ]'
check "the login is gone" '[[ "$(stored "$reg")" != *secret* ]]'
"$cli" logout "$reg" >/dev/null 2>&1; rc=$?
check "logout when not logged in fails" '[ $rc -ne 0 ]'

finish
