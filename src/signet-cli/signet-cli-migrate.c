/* signet-cli-migrate.c: `signet-cli migrate` (placeholder until the migration lands).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "signet-cli-cosign.h"
#include "signet-cli-private.h"

int
signet_cli_migrate_run (int    argc,
                        char **argv)
{
  fprintf (stderr, "signet-cli: migrate: not available yet\n");
  return SIGNET_CLI_EXIT_FAILED;
}
