#!/bin/sh
# run-with-keyring.sh PROGRAM [ARGS…]: runs PROGRAM in a private D-Bus session with its
# own unlocked gnome-keyring-daemon (secrets component only) and a throw-away
# XDG_DATA_HOME, then stops the daemon by PID.
set -u
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon missing"
  exit 0
fi
# Full stacks under ASan, so lsan.supp can name the libsecret frames of its own leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-fast_unwind_on_malloc=0}"
exec dbus-run-session -- sh -c '
  set -u
  tmp=$(mktemp -d)
  export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
  printf "%s" "signet-test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >"$tmp/gkd.out" 2>"$tmp/gkd.err" &
  gkd=$!
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
        string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i+1))
    if [ $i -gt 100 ]; then echo "Bail out! gnome-keyring-daemon did not start: $(cat "$tmp/gkd.err")"; kill $gkd; exit 1; fi
    sleep 0.1
  done
  "$@"
  rc=$?
  kill $gkd 2>/dev/null
  wait $gkd 2>/dev/null
  rm -rf "$tmp"
  exit $rc
' sh "$@"
