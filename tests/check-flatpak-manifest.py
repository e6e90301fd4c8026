#!/usr/bin/env python3
# check-flatpak-manifest.py MANIFEST APP_ID: the Flatpak manifest is valid JSON and says what
# Signet needs (runtime, command, the finish-args that flatpak/README.md explains, the
# modules). TAP output.
#
# Copyright 2026 The Signet authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
results = []


def check(ok, what):
  results.append((bool(ok), what))


try:
  with open(path, encoding='utf-8') as f:
    manifest = json.load(f)
  check(True, 'the manifest is valid JSON')
except (OSError, ValueError) as e:
  print('not ok 1 - the manifest is valid JSON')
  print('# %s' % e)
  print('1..1')
  sys.exit(1)

check(manifest.get('id', manifest.get('app-id')) == app_id, 'the app id is ' + app_id)
check(manifest.get('runtime') == 'org.gnome.Platform', 'the runtime is org.gnome.Platform')
check(manifest.get('sdk') == 'org.gnome.Sdk', 'the SDK is org.gnome.Sdk')
check(str(manifest.get('runtime-version')) == '44', 'the runtime version is 44')
check(manifest.get('command') == 'signet', 'the command is signet')

args = manifest.get('finish-args', [])
for arg in ('--share=network', '--socket=wayland', '--socket=fallback-x11', '--share=ipc',
      '--device=dri', '--talk-name=org.freedesktop.secrets', '--filesystem=~/.docker:create'):
  check(arg in args, 'finish-args has ' + arg)
check(not any(a in ('--filesystem=home', '--filesystem=host', '--socket=session-bus')
              for a in args), 'finish-args grant no whole home, host or session bus')

modules = manifest.get('modules', [])
names = [m.get('name') if isinstance(m, dict) else m for m in modules]
check(names and names[-1] == 'signet', 'the last module is signet')
signet = modules[-1] if modules and isinstance(modules[-1], dict) else {}
check(signet.get('buildsystem') == 'meson', 'signet builds with meson')
check(any(s.get('type') in ('dir', 'git') for s in signet.get('sources', [])),
      'signet has a dir or git source')
for m in modules:
  if isinstance(m, dict) and m.get('name') != 'signet':
    check(all(s.get('sha256') or s.get('commit') or s.get('tag') for s in m.get('sources', [])),
              'module %s pins its sources' % m.get('name'))

failed = False
for i, (ok, what) in enumerate(results, 1):
  print(('ok' if ok else 'not ok') + ' %d - %s' % (i, what))
  failed = failed or not ok
print('1..%d' % len(results))
sys.exit(1 if failed else 0)
