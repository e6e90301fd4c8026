/* signet-cli-keys.h: key, login and backup commands, and the terminal passphrase prompt.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-secrets-private.h"

G_BEGIN_DECLS

int           signet_cli_key_run      (int          argc,
                                       char       **argv);
int           signet_cli_login_run    (int          argc,
                                       char       **argv);
int           signet_cli_logout_run   (int          argc,
                                       char       **argv);
int           signet_cli_backup_run   (int          argc,
                                       char       **argv);
int           signet_cli_restore_run  (int          argc,
                                       char       **argv);

/* Reads a line from the terminal without echo; NULL if there is no terminal. */
SignetSecret *signet_cli_read_secret  (const char  *prompt);
/* A line from the terminal with echo; NULL if there is no terminal. */
char         *signet_cli_read_line    (const char  *prompt);
/* Standard input up to EOF without the final newline (a password or passphrase given with
 * --password-stdin and the like); an INVALID_ARGUMENT error with @empty_message when empty. */
SignetSecret *signet_cli_read_stdin_secret (const char  *empty_message,
                                            GError     **error);
/* The chain the CLI uses: environment, keyring, then the terminal. */
SignetPassphraseChain *signet_cli_passphrase_chain (void);

G_END_DECLS
