/* signet-cli-private.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <signet/signet.h>

#include "signet-repository-private.h"

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

/* Options every command that reads trust data takes. */
typedef struct
{
  char     *trust_dir;  /* --trust-dir, else ${DOCKER_CONFIG:-~/.docker}/trust */
  char     *server;     /* --server, else $DOCKER_CONTENT_TRUST_SERVER or docker's default */
  gboolean  offline;    /* --offline: the cached trust data only */
  gboolean  json;       /* --json */
} SignetCliOptions;

/* One IMAGE[:TAG] argument and what loading its repository gave. */
typedef struct
{
  char             *arg;
  SignetReference  *ref;
  SignetRepository *repo;   /* NULL on failure */
  GError           *error;  /* set on failure */
} SignetCliTarget;

/* Parses @argv with @entries plus the common options (@opts, with @with_offline and
 * @with_json). Prints usage errors; returns FALSE when the command must exit with
 * *@exit_code. */
gboolean   signet_cli_parse           (int                *argc,
                                       char             ***argv,
                                       const char         *command,
                                       const char         *parameter,
                                       const char         *summary,
                                       const GOptionEntry *entries,
                                       SignetCliOptions   *opts,
                                       gboolean            with_offline,
                                       gboolean            with_json,
                                       int                *exit_code);
void       signet_cli_options_clear   (SignetCliOptions   *opts);
/* The client for the registries and notary servers of @refs (SignetReference*, may be
 * NULL), with --server applied. */
SignetRemote *signet_cli_remote_new   (SignetCliOptions   *opts,
                                       GPtrArray          *refs,
                                       GError            **error);
/* Parses and loads every argument's repository, each GUN once and all in parallel.
 * Returns SignetCliTarget*, in argument order. */
GPtrArray *signet_cli_load_targets    (SignetCliOptions   *opts,
                                       int                 argc,
                                       char              **argv,
                                       int                *exit_code);
/* Runs the main loop until *@done. */
void       signet_cli_wait            (gboolean           *done);
/* The exit code for a failure: 3 when the server could not be reached, else 1. */
int        signet_cli_exit_code_for   (const GError       *error);
/* Merges two exit codes: a failed verification (1) outranks an unreachable server (3). */
int        signet_cli_merge_exit      (int                 a,
                                       int                 b);
/* "signet-cli: <what>: <message>" on stderr, one line. */
void       signet_cli_print_error     (const char         *what,
                                       const GError       *error);
/* "2029-11-26 (in 3 years)" */
char      *signet_cli_format_date     (gint64              unix_seconds,
                                       gint64              now);
char      *signet_cli_format_rfc3339  (gint64              unix_seconds);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignetCliOptions, signet_cli_options_clear)

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
