/* signet-cli-ops.h: the signing commands.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int signet_cli_init_run       (int    argc,
                               char **argv);
int signet_cli_sign_run       (int    argc,
                               char **argv);
int signet_cli_revoke_run     (int    argc,
                               char **argv);
int signet_cli_signer_run     (int    argc,
                               char **argv);
int signet_cli_delegation_run (int    argc,
                               char **argv);
int signet_cli_rotate_run     (int    argc,
                               char **argv);
int signet_cli_witness_run    (int    argc,
                               char **argv);

G_END_DECLS
