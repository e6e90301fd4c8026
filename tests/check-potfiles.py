#!/usr/bin/env python3
# check-potfiles.py SOURCE_ROOT: po/POTFILES.in lists every file with translatable strings
# (_( N_( C_( NC_( g_dngettext in C, translatable="yes" in .ui, and the desktop, metainfo and
# schema files), each once, sorted, and nothing that does not exist or has nothing to translate.
# TAP output.
#
# Copyright 2026 The Signet authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.environ['SIGNET_SOURCE_ROOT']

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|g_dn?gettext|g_dpgettext2?|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable="(?:yes|true|1)"')
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')
SCAN_DIRS = ('src', 'data')


def translatable(path):
  rel = os.path.relpath(path, root)
  if rel.endswith(DATA_SUFFIXES):
    return True
  if not rel.endswith(('.c', '.h', '.ui')):
    return False
  with open(path, encoding='utf-8') as f:
    text = f.read()
  if rel.endswith('.ui'):
    return UI_MARK.search(text) is not None
  # leave out comments, so a _( in a comment does not count
  text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
  text = re.sub(r'//[^\n]*', '', text)
  return C_MARK.search(text) is not None


def main():
  with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]

  found = []
  for top in SCAN_DIRS:
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
      dirnames.sort()
      for name in filenames:
        path = os.path.join(dirpath, name)
        if translatable(path):
          found.append(os.path.relpath(path, root))

  results = []

  def check(ok, what, details=()):
    results.append((ok, what, details))

  missing = sorted(set(found) - set(listed))
  check(not missing, 'every file with translatable strings is in po/POTFILES.in',
          ['missing: ' + m for m in missing])
  nonexistent = [l for l in listed if not os.path.isfile(os.path.join(root, l))]
  check(not nonexistent, 'every file in po/POTFILES.in exists',
          ['no such file: ' + l for l in nonexistent])
  idle = [l for l in listed if l not in nonexistent and not translatable(os.path.join(root, l))]
  check(not idle, 'every file in po/POTFILES.in has translatable strings',
          ['nothing to translate: ' + l for l in idle])
  dups = sorted({l for l in listed if listed.count(l) > 1})
  check(not dups, 'po/POTFILES.in lists each file once', ['twice: ' + d for d in dups])
  check(listed == sorted(listed), 'po/POTFILES.in is sorted',
          ['expected order:'] + sorted(listed) if listed != sorted(listed) else [])

  failed = False
  for i, (ok, what, details) in enumerate(results, 1):
    print(('ok' if ok else 'not ok') + ' %d - %s' % (i, what))
    for d in details:
      print('# ' + d)
    failed = failed or not ok
  print('1..%d' % len(results))
  return 1 if failed else 0


sys.exit(main())
