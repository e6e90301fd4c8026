/* signet-cli-audit.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* signet-cli audit [-f COMPOSE]... [--file REFS]... [IMAGE...] [--json|--csv] [--jobs N] */
int signet_cli_audit_run (int    argc,
                          char **argv);

G_END_DECLS
