/* signet-cli-private.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes: stable, scripts depend on them. */
enum {
  SIGNET_CLI_EXIT_OK = 0,
  SIGNET_CLI_EXIT_FAILED = 1,      /* verification failed or an operation did not complete */
  SIGNET_CLI_EXIT_USAGE = 2,       /* bad arguments */
  SIGNET_CLI_EXIT_UNREACHABLE = 3, /* a server could not be reached */
};

typedef struct
{
  const char *name;
  const char *summary;
  const char *usage;
  int       (*run) (int argc, char **argv);
} SignetCliCommand;

G_END_DECLS
