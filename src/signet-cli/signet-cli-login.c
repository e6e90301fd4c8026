/* signet-cli-login.c: signet-cli login|logout REGISTRY, in the keyring docker uses.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-error.h"

static char *opt_username = NULL;
static gboolean opt_password_stdin = FALSE;

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* As docker login: GET /v2/ with these credentials only, before anything is stored. */
static gboolean
check_login (const char    *registry,
             const char    *username,
             SignetSecret  *password,
             GError       **error)
{
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  remote = signet_remote_new (NULL, error);
  if (remote == NULL)
    return FALSE;
  _signet_login_check_async (remote, registry, username, password, NULL, check_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return _signet_login_check_finish (result, error);
}

int
signet_cli_login_run (int    argc,
                      char **argv)
{
  const GOptionEntry entries[] = {
    { "username", 'u', 0, G_OPTION_ARG_STRING, &opt_username, N_("User name"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_password_stdin, N_("Read the password from standard input"),
      NULL },
    { NULL }
  };
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SignetSecret) password = NULL;
  g_autofree char *username = NULL;
  GError *error = NULL;
  int code;

  context = signet_cli_context_new ("login", "REGISTRY",
                                    _("Check a registry login against the registry, then store it in the keyring, "
                                      "where docker's secretservice credential helper finds it too"),
                                    entries, &opts, 0);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli: give exactly one registry (e.g. registry.example.com:5000)\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  username = g_strdup (opt_username);
  if (username == NULL)
    {
      if (opt_password_stdin)
        {
          fprintf (stderr, _("signet-cli: --password-stdin needs --username\n"));
          return SIGNET_CLI_EXIT_USAGE;
        }
      username = signet_cli_read_line (_("Username: "));
      if (username == NULL || *username == '\0')
        {
          fprintf (stderr, _("signet-cli: no username given\n"));
          return SIGNET_CLI_EXIT_USAGE;
        }
    }

  if (opt_password_stdin)
    password = signet_cli_read_stdin_secret (_("No password on standard input"), &error);
  else
    {
      password = signet_cli_read_secret (_("Password: "));
      if (password == NULL)
        g_set_error (&error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                     _("No terminal to ask for the password: use --password-stdin"));
    }
  if (password == NULL)
    return signet_cli_fail (error);

  if (!check_login (argv[1], username, password, &error))
    {
      code = signet_cli_exit_code_for (error, TRUE);
      fprintf (stderr, "signet-cli: %s\n", error->message);
      if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_AUTH))
        fprintf (stderr, _("signet-cli: login refused; nothing was stored\n"));
      else
        fprintf (stderr, _("signet-cli: the login could not be checked; nothing was stored\n"));
      g_error_free (error);
      return code;
    }
  if (!_signet_login_store (argv[1], username, password, NULL, &error))
    return signet_cli_fail (error);
  printf (_("Login for %s succeeded and is stored in the keyring.\n"), argv[1]);
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_logout_run (int    argc,
                       char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *user = NULL;
  GError *error = NULL;
  int code;

  context = signet_cli_context_new ("logout", "REGISTRY", _("Remove a registry login from the keyring"),
                                    NULL, &opts, 0);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli: give exactly one registry\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (!_signet_login_lookup (argv[1], &user, NULL, NULL, &error))
    {
      if (error != NULL)
        return signet_cli_fail (error);
      fprintf (stderr, _("signet-cli: not logged in to %s\n"), argv[1]);
      return SIGNET_CLI_EXIT_FAILED;
    }
  if (!_signet_login_remove (argv[1], NULL, &error))
    return signet_cli_fail (error);
  printf (_("Removed the login of %s for %s.\n"), user, argv[1]);
  return SIGNET_CLI_EXIT_OK;
}
