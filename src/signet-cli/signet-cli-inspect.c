/* signet-cli-inspect.c: `signet-cli inspect`, the output of `docker trust inspect`.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * stdout is byte for byte what docker prints (JSON, or --pretty). As docker does, the JSON
 * form prints the repositories that could be read and fails at the end when one could
 * not; --pretty stops at the first that cannot be read. One difference: a delegation
 * only signs targets under its paths (notary-v1.md §13).
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "signet-cli-private.h"
#include "signet-docker-inspect-private.h"
#include "signet-repository-private.h"

static void
print_warnings (SignetCliTarget *target)
{
  const char * const *warnings = signet_repository_get_warnings (target->repo);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    fprintf (stderr, "signet-cli: %s: warning: %s\n", target->arg, warnings[i]);
}

static int inspect (int    argc,
                    char **argv);

/* The new trust cache is written while the output is made (the load hands the verified
 * data over first); it is complete, fsynced and in place before the command exits. */
int
signet_cli_inspect (int    argc,
                    char **argv)
{
  g_autoptr(GError) error = NULL;
  int exit_code;

  _signet_repository_defer_cache_writes (TRUE);
  exit_code = inspect (argc, argv);
  fflush (stdout);
  _signet_repository_defer_cache_writes (FALSE);
  if (!_signet_repository_wait_cache_writes (&error))
    {
      signet_cli_print_error (NULL, error);
      exit_code = signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (error, FALSE));
    }
  return exit_code;
}

static int
inspect (int    argc,
         char **argv)
{
  gboolean pretty = FALSE;
  const GOptionEntry entries[] = {
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &pretty, N_("Print in a human friendly format"), NULL },
    { NULL }
  };
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  int exit_code = SIGNET_CLI_EXIT_OK;

  if (!signet_cli_parse (&argc, &argv, "inspect", _("IMAGE[:TAG]…"),
                         _("Print the signatures of images as `docker trust inspect` does."),
                         entries, &opts, TRUE, FALSE, &exit_code))
    return exit_code;
  if (argc < 2)
    {
      fprintf (stderr, _("signet-cli inspect: give at least one IMAGE[:TAG]\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  targets = signet_cli_load_targets (&opts, argc - 1, argv + 1, &exit_code);
  if (targets == NULL)
    return exit_code;

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_docker_trust_info_free);
  for (guint i = 0; i < targets->len; i++)
    {
      SignetCliTarget *target = g_ptr_array_index (targets, i);
      g_autoptr(SignetDockerTrustInfo) info = NULL;

      if (target->repo == NULL)
        {
          signet_cli_print_error (target->arg, target->error);
          exit_code = signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (target->error, FALSE));
          if (pretty)
            return exit_code;
          continue;
        }
      print_warnings (target);
      info = _signet_docker_trust_info_new_from_repo (
        _signet_repository_get_tuf_repo (target->repo), target->arg,
        signet_reference_get_tag (target->ref));
      if (pretty)
        {
          g_autofree char *text = _signet_docker_inspect_pretty (info);

          fputs (text, stdout);
          if (i + 1 < targets->len)
            fputs ("\n\n", stdout);
        }
      else
        g_ptr_array_add (infos, g_steal_pointer (&info));
    }
  if (!pretty)
    {
      g_autofree char *json = _signet_docker_inspect_json (infos);

      fputs (json, stdout);
    }
  return exit_code;
}
