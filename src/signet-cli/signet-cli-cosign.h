/* signet-cli-cosign.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int signet_cli_cosign_run     (int    argc,
                               char **argv);
int signet_cli_signatures_run (int    argc,
                               char **argv);
int signet_cli_migrate_run    (int    argc,
                               char **argv);

G_END_DECLS
