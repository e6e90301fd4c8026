/* signet-cli-common.c: options, loading, messages, confirmation and output shared by the
 * commands.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-common.h"
#include "signet-cli-keys.h"

/* ---- Options ---------------------------------------------------------------------- */

GOptionContext *
signet_cli_context_new (const char           *command,
                        const char           *parameter,
                        const char           *summary,
                        const GOptionEntry   *entries,
                        SignetCliOptions     *opts,
                        SignetCliOptionFlags  flags)
{
  const GOptionEntry trust_dir[] = {
    { "trust-dir", (flags & SIGNET_CLI_OPTION_SHORT_D) ? 'd' : 0, 0, G_OPTION_ARG_FILENAME, &opts->trust_dir,
      N_("Trust directory (default: ${DOCKER_CONFIG:-~/.docker}/trust)"), N_("DIR") },
    { NULL }
  };
  const GOptionEntry server[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &opts->server,
      N_("Notary server URL (default: $DOCKER_CONTENT_TRUST_SERVER, else as docker)"), N_("URL") },
    { NULL }
  };
  const GOptionEntry offline[] = {
    { "offline", 0, 0, G_OPTION_ARG_NONE, &opts->offline,
      N_("Use the cached trust data only; no network"), NULL },
    { NULL }
  };
  const GOptionEntry json[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opts->json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  const GOptionEntry yes[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &opts->yes, N_("Do not ask for confirmation (for scripts)"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (flags & SIGNET_CLI_OPTION_TRUST_DIR)
    g_option_context_add_main_entries (context, trust_dir, GETTEXT_PACKAGE);
  if (flags & SIGNET_CLI_OPTION_SERVER)
    g_option_context_add_main_entries (context, server, GETTEXT_PACKAGE);
  if (flags & SIGNET_CLI_OPTION_OFFLINE)
    g_option_context_add_main_entries (context, offline, GETTEXT_PACKAGE);
  if (flags & SIGNET_CLI_OPTION_JSON)
    g_option_context_add_main_entries (context, json, GETTEXT_PACKAGE);
  if (flags & SIGNET_CLI_OPTION_YES)
    g_option_context_add_main_entries (context, yes, GETTEXT_PACKAGE);
  if (command != NULL)
    {
      g_autofree char *prgname = g_strdup_printf ("signet-cli %s", command);

      /* "Usage: signet-cli COMMAND [OPTION…] PARAMETER" in --help */
      g_set_prgname (prgname);
    }
  return context;
}

int
signet_cli_usage_error (GOptionContext *context,
                        const char     *message)
{
  g_autofree char *help = context != NULL ? g_option_context_get_help (context, TRUE, NULL) : NULL;

  if (help != NULL)
    fprintf (stderr, "signet-cli: %s\n\n%s", message, help);
  else
    fprintf (stderr, "signet-cli: %s\n", message);
  return SIGNET_CLI_EXIT_USAGE;
}

static gboolean
check_server (SignetCliOptions *opts,
              const char       *command,
              int              *exit_code)
{
  if (opts->server != NULL && !g_str_has_prefix (opts->server, "https://") &&
      !g_str_has_prefix (opts->server, "http://"))
    {
      fprintf (stderr, _("signet-cli %s: --server wants a URL such as https://notary.example.com, "
                         "not “%s”\n"), command, opts->server);
      *exit_code = SIGNET_CLI_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

gboolean
signet_cli_context_parse (GOptionContext   *context,
                          SignetCliOptions *opts,
                          gboolean          show_help,
                          int              *argc,
                          char           ***argv,
                          int              *exit_code)
{
  g_autoptr(GError) error = NULL;
  const char *command = g_get_prgname ();

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = signet_cli_usage_error (show_help ? context : NULL, error->message);
      return FALSE;
    }
  if (g_str_has_prefix (command, "signet-cli "))
    command += strlen ("signet-cli ");
  return check_server (opts, command, exit_code);
}

gboolean
signet_cli_parse (int                 *argc,
                  char              ***argv,
                  const char          *command,
                  const char          *parameter,
                  const char          *summary,
                  const GOptionEntry  *entries,
                  SignetCliOptions    *opts,
                  gboolean             with_offline,
                  gboolean             with_json,
                  int                 *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  context = signet_cli_context_new (command, parameter, summary, entries, opts,
                                    SIGNET_CLI_OPTIONS_REMOTE |
                                    (with_offline ? SIGNET_CLI_OPTION_OFFLINE : 0) |
                                    (with_json ? SIGNET_CLI_OPTION_JSON : 0));
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname ("signet-cli");
  if (!ok)
    {
      fprintf (stderr, "signet-cli %s: %s\n", command, error->message);
      fprintf (stderr, _("Run 'signet-cli %s --help' for usage.\n"), command);
      *exit_code = SIGNET_CLI_EXIT_USAGE;
      return FALSE;
    }
  return check_server (opts, command, exit_code);
}

void
signet_cli_options_clear (SignetCliOptions *opts)
{
  g_clear_pointer (&opts->trust_dir, g_free);
  g_clear_pointer (&opts->server, g_free);
}

char *
signet_cli_trust_dir (SignetCliOptions *opts)
{
  return opts->trust_dir != NULL ? g_strdup (opts->trust_dir) : signet_default_trust_dir ();
}

SignetKeystore *
signet_cli_open_keystore (SignetCliOptions *opts)
{
  g_autofree char *dir = signet_cli_trust_dir (opts);

  return _signet_keystore_new (dir);
}

SignetRemote *
signet_cli_remote_new (SignetCliOptions  *opts,
                       GPtrArray         *refs,
                       GError           **error)
{
  g_autoptr(SignetRemote) remote = NULL;

  /* --server beats $DOCKER_CONTENT_TRUST_SERVER, which the remote prefers to its own
   * per-registry setting */
  if (opts->server != NULL)
    g_setenv ("DOCKER_CONTENT_TRUST_SERVER", opts->server, TRUE);
  remote = signet_remote_new (NULL, error);
  if (remote == NULL)
    return NULL;
  for (guint i = 0; opts->server != NULL && refs != NULL && i < refs->len; i++)
    {
      SignetReference *ref = g_ptr_array_index (refs, i);

      if (ref != NULL &&
          !signet_remote_set_trust_server (remote, signet_reference_get_registry (ref),
                                           opts->server, error))
        return NULL;
    }
  return g_steal_pointer (&remote);
}

int
signet_cli_dispatch (const char                *group,
                     const SignetCliSubcommand *subcommands,
                     int                        argc,
                     char                     **argv)
{
  gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
                                g_str_equal (argv[1], "help"));
  FILE *out = help ? stdout : stderr;

  if (argc >= 2 && !help && !g_str_has_prefix (argv[1], "-"))
    {
      for (guint i = 0; subcommands[i].name != NULL; i++)
        {
          if (g_str_equal (subcommands[i].name, argv[1]))
            {
              g_autofree char *prgname = g_strdup_printf ("signet-cli %s %s", group, argv[1]);

              g_set_prgname (prgname);
              return subcommands[i].run (argc - 1, argv + 1);
            }
        }
      fprintf (stderr, _("signet-cli: unknown %s command “%s”\n"), group, argv[1]);
    }

  fprintf (out, _("Usage: signet-cli %s COMMAND [OPTIONS…]\n\nCommands:\n"), group);
  for (guint i = 0; subcommands[i].name != NULL; i++)
    if (subcommands[i].summary != NULL)
      fprintf (out, "  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (out, _("\nRun 'signet-cli %s COMMAND --help' for the options of a command.\n"), group);
  return help ? SIGNET_CLI_EXIT_OK : SIGNET_CLI_EXIT_USAGE;
}

/* ---- Errors and exit codes --------------------------------------------------------- */

int
signet_cli_exit_code_for (const GError *error,
                          gboolean      bad_input_is_usage)
{
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE))
    return SIGNET_CLI_EXIT_UNREACHABLE;
  if (bad_input_is_usage && g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT))
    return SIGNET_CLI_EXIT_USAGE;
  return SIGNET_CLI_EXIT_FAILED;
}

int
signet_cli_merge_exit (int a,
                       int b)
{
  if (a == SIGNET_CLI_EXIT_OK)
    return b;
  if (b == SIGNET_CLI_EXIT_OK)
    return a;
  if (a == SIGNET_CLI_EXIT_FAILED || b == SIGNET_CLI_EXIT_FAILED)
    return SIGNET_CLI_EXIT_FAILED;
  return MAX (a, b);
}

void
signet_cli_print_error (const char   *what,
                        const GError *error)
{
  g_autofree char *line = NULL;
  const char *message = error->message;
  const char *prefixes[] = { "Trust data for ", "Cached trust data for " };

  /* "Trust data for GUN: …" from the repository: the argument already names it */
  for (guint i = 0; what != NULL && i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (message, prefixes[i]))
      {
        const char *colon = strstr (message, ": ");

        if (colon != NULL && strchr (message + strlen (prefixes[i]), ' ') > colon)
          message = colon + 2;
      }
  line = g_strdup (message);
  /* one line per problem */
  g_strdelimit (line, "\n\r", ' ');
  if (what != NULL)
    fprintf (stderr, "signet-cli: %s: %s\n", what, line);
  else
    fprintf (stderr, "signet-cli: %s\n", line);
}

int
signet_cli_report (const char   *what,
                   const GError *error,
                   gboolean      bad_input_is_usage)
{
  signet_cli_print_error (what, error);
  return signet_cli_exit_code_for (error, bad_input_is_usage);
}

int
signet_cli_fail (GError *error)
{
  int code = signet_cli_report (NULL, error, TRUE);

  g_error_free (error);
  return code;
}

/* ---- Confirmation ------------------------------------------------------------------ */

SignetCliConfirm
signet_cli_confirm (gboolean    assume_yes,
                    const char *question,
                    const char *answer)
{
  g_autofree char *prompt = NULL;
  g_autofree char *reply = NULL;

  if (assume_yes)
    return SIGNET_CLI_CONFIRMED;
  if (!isatty (STDIN_FILENO))
    {
      fprintf (stderr, _("signet-cli: %s\nThere is no terminal to confirm this: pass --yes to go on.\n"),
               question);
      return SIGNET_CLI_NO_TERMINAL;
    }
  if (answer != NULL)
    prompt = g_strdup_printf (_("%s Type “%s” to go on: "), question, answer);
  else
    prompt = g_strdup_printf ("%s [y/N] ", question);
  reply = signet_cli_read_line (prompt);
  if (reply == NULL)
    return SIGNET_CLI_DECLINED;
  g_strstrip (reply);
  if (answer != NULL)
    return g_str_equal (reply, answer) ? SIGNET_CLI_CONFIRMED : SIGNET_CLI_DECLINED;
  return reply[0] == 'y' || reply[0] == 'Y' ? SIGNET_CLI_CONFIRMED : SIGNET_CLI_DECLINED;
}

/* ---- Waiting ----------------------------------------------------------------------- */

void
signet_cli_wait_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SignetCliWait *w = user_data;

  w->result = g_object_ref (result);
  w->done = TRUE;
}

void
signet_cli_wait (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- Output ------------------------------------------------------------------------ */

void
signet_cli_print_json (JsonNode *root,
                       guint     indent)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, indent);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

void
signet_cli_print_json_builder (JsonBuilder *builder,
                               guint        indent)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  signet_cli_print_json (root, indent);
}

void
signet_cli_json_add_string (JsonBuilder *b,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
signet_cli_json_add_strv (JsonBuilder        *b,
                          const char         *name,
                          const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

char *
signet_cli_format_rfc3339 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

char *
signet_cli_format_date (gint64 unix_seconds,
                        gint64 now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);
  g_autofree char *date = NULL;
  g_autofree char *rel = NULL;
  gint64 delta = unix_seconds - now;
  gint64 days = (delta < 0 ? -delta : delta) / 86400;
  gint64 n;
  const char *unit;

  if (dt == NULL)
    return g_strdup (_("unknown date"));
  date = g_date_time_format (dt, "%Y-%m-%d");
  if (days < 1)
    {
      gint64 hours = (delta < 0 ? -delta : delta) / 3600;

      n = hours;
      unit = hours == 1 ? _("hour") : _("hours");
    }
  else if (days < 60)
    {
      n = days;
      unit = days == 1 ? _("day") : _("days");
    }
  else if (days < 730)
    {
      n = (days + 15) / 30;
      unit = _("months");
    }
  else
    {
      n = (days + 182) / 365;
      unit = _("years");
    }
  if (delta < 0)
    rel = g_strdup_printf (_("expired %" G_GINT64_FORMAT " %s ago"), n, unit);
  else
    rel = g_strdup_printf (_("in %" G_GINT64_FORMAT " %s"), n, unit);
  return g_strdup_printf ("%s (%s)", date, rel);
}

/* ---- Loading ---------------------------------------------------------------------- */

typedef struct
{
  char             *gun;
  SignetRepository *repo;
  GError           *error;
  guint            *pending;
} GunLoad;

static void
gun_load_free (gpointer data)
{
  GunLoad *load = data;

  g_free (load->gun);
  g_clear_object (&load->repo);
  g_clear_error (&load->error);
  g_free (load);
}

static void
target_free (gpointer data)
{
  SignetCliTarget *target = data;

  g_free (target->arg);
  g_clear_pointer (&target->ref, signet_reference_unref);
  g_clear_object (&target->repo);
  g_clear_error (&target->error);
  g_free (target);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GunLoad *load = user_data;

  load->repo = signet_repository_load_finish (result, &load->error);
  (*load->pending)--;
}

GPtrArray *
signet_cli_load_targets (SignetCliOptions  *opts,
                         int                argc,
                         char             **argv,
                         int               *exit_code)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (target_free);
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(GHashTable) loads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, gun_load_free);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(GError) error = NULL;
  SignetRepositoryLoadFlags flags = opts->offline ? SIGNET_REPOSITORY_LOAD_OFFLINE
                                                  : SIGNET_REPOSITORY_LOAD_NONE;
  guint pending = 0;

  *exit_code = SIGNET_CLI_EXIT_OK;
  for (int i = 0; i < argc; i++)
    {
      SignetCliTarget *target = g_new0 (SignetCliTarget, 1);

      target->arg = g_strdup (argv[i]);
      target->ref = signet_reference_parse (argv[i], &target->error);
      if (target->ref != NULL && signet_reference_get_digest (target->ref) != NULL)
        {
          target->error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                                       _("“%s” names a digest; give IMAGE or IMAGE:TAG"), argv[i]);
          g_clear_pointer (&target->ref, signet_reference_unref);
        }
      if (target->ref != NULL)
        g_ptr_array_add (refs, target->ref);
      g_ptr_array_add (targets, target);
    }

  if (!opts->offline && refs->len > 0)
    {
      remote = signet_cli_remote_new (opts, refs, &error);
      if (remote == NULL)
        {
          signet_cli_print_error (NULL, error);
          *exit_code = SIGNET_CLI_EXIT_FAILED;
          return NULL;
        }
    }

  for (guint i = 0; i < refs->len; i++)
    {
      const char *gun = signet_reference_get_gun (g_ptr_array_index (refs, i));
      GunLoad *load;

      if (g_hash_table_contains (loads, gun))
        continue;
      load = g_new0 (GunLoad, 1);
      load->gun = g_strdup (gun);
      load->pending = &pending;
      g_hash_table_insert (loads, load->gun, load);
      pending++;
      signet_repository_load_async (remote, opts->trust_dir, gun, flags, NULL, load_cb, load);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < targets->len; i++)
    {
      SignetCliTarget *target = g_ptr_array_index (targets, i);
      GunLoad *load;

      if (target->ref == NULL)
        continue;
      load = g_hash_table_lookup (loads, signet_reference_get_gun (target->ref));
      if (load->repo != NULL)
        target->repo = g_object_ref (load->repo);
      else
        target->error = g_error_copy (load->error);
    }
  return g_steal_pointer (&targets);
}
