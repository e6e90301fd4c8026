/* signet-cli-cosign.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "signet-secrets-private.h"

G_BEGIN_DECLS

int signet_cli_cosign_run     (int    argc,
                               char **argv);
int signet_cli_signatures_run (int    argc,
                               char **argv);
int signet_cli_migrate_run    (int    argc,
                               char **argv);

/* The passphrase of cosign key @name: $COSIGN_PASSWORD (cosign's own variable), the keyring
 * (unless @creating), then the terminal (twice when @creating). NULL when there is none. */
SignetSecret *signet_cli_cosign_passphrase (const char *name,
                                            gboolean    creating);

G_END_DECLS
