/* signet-cli-common.h: what every signet-cli command shares: exit codes, options, error
 * messages, confirmation, waiting and JSON output.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <signet/signet.h>

#include "signet-keystore-private.h"
#include "signet-repository-private.h"

G_BEGIN_DECLS

/* Exit codes: stable, scripts depend on them. */
enum {
  SIGNET_CLI_EXIT_OK = 0,
  SIGNET_CLI_EXIT_FAILED = 1,      /* verification failed or an operation did not complete */
  SIGNET_CLI_EXIT_USAGE = 2,       /* bad arguments */
  SIGNET_CLI_EXIT_UNREACHABLE = 3, /* a server could not be reached */
};

/* The common options a command takes besides its own. */
typedef enum
{
  SIGNET_CLI_OPTION_TRUST_DIR = 1 << 0, /* --trust-dir DIR */
  SIGNET_CLI_OPTION_SERVER    = 1 << 1, /* --server URL */
  SIGNET_CLI_OPTION_OFFLINE   = 1 << 2, /* --offline */
  SIGNET_CLI_OPTION_JSON      = 1 << 3, /* --json */
  SIGNET_CLI_OPTION_YES       = 1 << 4, /* --yes, -y */
  SIGNET_CLI_OPTION_SHORT_D   = 1 << 5, /* -d for --trust-dir (key, backup, signing commands) */
} SignetCliOptionFlags;

#define SIGNET_CLI_OPTIONS_REMOTE (SIGNET_CLI_OPTION_TRUST_DIR | SIGNET_CLI_OPTION_SERVER)

/* What the common options gave. */
typedef struct
{
  char     *trust_dir;  /* --trust-dir, else ${DOCKER_CONFIG:-~/.docker}/trust */
  char     *server;     /* --server, else $DOCKER_CONTENT_TRUST_SERVER or docker's default */
  gboolean  offline;    /* --offline: the cached trust data only */
  gboolean  json;       /* --json */
  gboolean  yes;        /* --yes: do not ask for confirmation */
} SignetCliOptions;

/* One IMAGE[:TAG] argument and what loading its repository gave. */
typedef struct
{
  char             *arg;
  SignetReference  *ref;
  SignetRepository *repo;   /* NULL on failure */
  GError           *error;  /* set on failure */
} SignetCliTarget;

/* ---- Options ---------------------------------------------------------------------- */

/* A context for `signet-cli @command`, with @entries and the common options of @flags
 * (stored in @opts, which must outlive the context). */
GOptionContext *signet_cli_context_new   (const char           *command,
                                          const char           *parameter,
                                          const char           *summary,
                                          const GOptionEntry   *entries,
                                          SignetCliOptions     *opts,
                                          SignetCliOptionFlags  flags);
/* Parses @argv. On bad options prints "signet-cli: <problem>" and, with @show_help, the
 * help; returns FALSE with *@exit_code set to 2. */
gboolean   signet_cli_context_parse   (GOptionContext     *context,
                                       SignetCliOptions   *opts,
                                       gboolean            show_help,
                                       int                *argc,
                                       char             ***argv,
                                       int                *exit_code);
/* signet_cli_context_new() with --trust-dir and --server (and @with_offline, @with_json)
 * and parse in one, for the commands that read trust data: bad options print
 * "signet-cli COMMAND: <problem>" and where to find the usage. */
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
/* Prints "signet-cli: @message" and the help of @context; returns 2. */
int        signet_cli_usage_error     (GOptionContext     *context,
                                       const char         *message);
void       signet_cli_options_clear   (SignetCliOptions   *opts);
/* --trust-dir, else the default trust directory. */
char      *signet_cli_trust_dir       (SignetCliOptions   *opts);
SignetKeystore *signet_cli_open_keystore (SignetCliOptions *opts);
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

/* One COMMAND of `signet-cli GROUP COMMAND`. */
typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;  /* NULL: an alias, not listed */
} SignetCliSubcommand;

/* Runs the subcommand argv[1] of `signet-cli @group` (NULL-terminated @subcommands) with
 * the program name "signet-cli GROUP COMMAND". --help lists them on stdout (exit 0); none
 * or an unknown one lists them on stderr (exit 2). */
int        signet_cli_dispatch        (const char                *group,
                                       const SignetCliSubcommand *subcommands,
                                       int                        argc,
                                       char                     **argv);

/* ---- Errors and exit codes --------------------------------------------------------- */

/* The exit code for @error: 3 when a server could not be reached; 2 for bad input from the
 * command line (SIGNET_ERROR_INVALID_ARGUMENT) when @bad_input_is_usage, as for the commands
 * that change something; else 1 (the commands that check images fail the check, as
 * `docker trust inspect` does). */
int        signet_cli_exit_code_for   (const GError       *error,
                                       gboolean            bad_input_is_usage);
/* Merges two exit codes: a failed verification (1) outranks an unreachable server (3). */
int        signet_cli_merge_exit      (int                 a,
                                       int                 b);
/* "signet-cli: <what>: <message>" (or "signet-cli: <message>" without @what) on stderr,
 * one line. */
void       signet_cli_print_error     (const char         *what,
                                       const GError       *error);
/* Prints @error as signet_cli_print_error() does and returns its exit code. */
int        signet_cli_report          (const char         *what,
                                       const GError       *error,
                                       gboolean            bad_input_is_usage);
/* Prints @error, frees it and returns its exit code (bad input is a usage error). */
int        signet_cli_fail            (GError             *error);

/* ---- Confirmation ------------------------------------------------------------------ */

typedef enum
{
  SIGNET_CLI_CONFIRMED,
  SIGNET_CLI_DECLINED,
  SIGNET_CLI_NO_TERMINAL,
} SignetCliConfirm;

/* Asks @question on the terminal unless @assume_yes (--yes): the user types @answer (such
 * as "yes"), or with @answer NULL, y or n. Without a terminal prints
 * "signet-cli: @question" and that --yes is needed, and asks nothing. */
SignetCliConfirm signet_cli_confirm   (gboolean            assume_yes,
                                       const char         *question,
                                       const char         *answer);

/* ---- Waiting ----------------------------------------------------------------------- */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} SignetCliWait;

/* A GAsyncReadyCallback for a SignetCliWait: keeps the result and sets done. */
void       signet_cli_wait_cb         (GObject            *object,
                                       GAsyncResult       *result,
                                       gpointer            user_data);
/* Runs the main loop until *@done. */
void       signet_cli_wait            (gboolean           *done);

/* ---- Output ------------------------------------------------------------------------ */

/* @root (or the root of @builder), pretty with @indent spaces, and a newline on stdout. */
void       signet_cli_print_json      (JsonNode           *root,
                                       guint               indent);
void       signet_cli_print_json_builder (JsonBuilder     *builder,
                                          guint            indent);
/* A string member, null when @value is NULL. */
void       signet_cli_json_add_string (JsonBuilder        *b,
                                       const char         *name,
                                       const char         *value);
/* An array of strings, empty when @values is NULL. */
void       signet_cli_json_add_strv   (JsonBuilder        *b,
                                       const char         *name,
                                       const char * const *values);
/* "2029-11-26 (in 3 years)" */
char      *signet_cli_format_date     (gint64              unix_seconds,
                                       gint64              now);
char      *signet_cli_format_rfc3339  (gint64              unix_seconds);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignetCliOptions, signet_cli_options_clear)

G_END_DECLS
