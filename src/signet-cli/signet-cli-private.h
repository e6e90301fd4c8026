/* signet-cli-private.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <signet/signet.h>

#include "signet-cli-common.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *summary;
  const char *usage;
  int       (*run) (int argc, char **argv);
} SignetCliCommand;

int        signet_cli_inspect         (int                 argc,
                                       char              **argv);
int        signet_cli_status          (int                 argc,
                                       char              **argv);
int        signet_cli_repos           (int                 argc,
                                       char              **argv);
int        signet_cli_tags            (int                 argc,
                                       char              **argv);
int        signet_cli_expiry          (int                 argc,
                                       char              **argv);

G_END_DECLS
