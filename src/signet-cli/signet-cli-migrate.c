/* signet-cli-migrate.c: `signet-cli migrate`: from Docker Content Trust to cosign.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists a repository's DCT-signed tags (from verified trust data) with their cosign state;
 * with --key and --tag/--all, re-signs the selected tags in cosign format, but only when the
 * DCT signature verified and the registry still serves the digest DCT signed.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-cli-cosign.h"
#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-cosign-private.h"
#include "signet-secrets-private.h"
#include "signet-trust-summary-private.h"

static const char *
cosign_words (SignetMigrateItem *item,
              char             **owned)
{
  switch (signet_migrate_item_get_cosign (item))
    {
    case SIGNET_MIGRATE_COSIGN_VERIFIED:
      return *owned = g_strdup_printf ("verified (%s)", signet_migrate_item_get_cosign_key (item));
    case SIGNET_MIGRATE_COSIGN_PRESENT:
      return "present, not verified";
    case SIGNET_MIGRATE_COSIGN_NONE:
      return "none";
    case SIGNET_MIGRATE_COSIGN_UNKNOWN:
    default:
      return "unknown";
    }
}

static const char *
action_words (SignetMigrateItem *item)
{
  switch (signet_migrate_item_get_action (item))
    {
    case SIGNET_MIGRATE_ACTION_SIGNED:
      return "signed";
    case SIGNET_MIGRATE_ACTION_SKIPPED:
      return "skipped";
    case SIGNET_MIGRATE_ACTION_LISTED:
    default:
      return "listed";
    }
}

int
signet_cli_migrate_run (int    argc,
                        char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *trust_dir = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) tags_opt = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_STRING, &key, N_("cosign key to sign with"), "NAME" },
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags_opt, N_("A tag to re-sign (repeatable)"), "TAG" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Re-sign every DCT-signed tag"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(SignetReference) repo_ref = NULL;
  SignetCliTarget *target;
  SignetCliWait w = { 0 };
  gboolean signing;
  int code = SIGNET_CLI_EXIT_OK;
  guint i;

  context = signet_cli_context_new ("migrate", _("REPOSITORY"),
                                    _("List a repository's DCT-signed tags and re-sign them with cosign"),
                                    entries, &opts, SIGNET_CLI_OPTIONS_REMOTE | SIGNET_CLI_OPTION_JSON);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc != 2 || (key != NULL && !all && tags_opt == NULL) || (key == NULL && (all || tags_opt)))
    {
      fprintf (stderr, _("signet-cli: migrate: give one REPOSITORY, and --key NAME with --tag TAG… or --all to re-sign\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  signing = key != NULL;
  trust_dir = signet_cli_trust_dir (&opts);
  if ((repo_ref = signet_reference_parse (argv[1], &error)) == NULL)
    {
      signet_cli_print_error (argv[1], error);
      return SIGNET_CLI_EXIT_USAGE;
    }
  g_ptr_array_add (refs, signet_reference_ref (repo_ref));
  if ((remote = signet_cli_remote_new (&opts, refs, &error)) == NULL)
    return signet_cli_report ("migrate", error, FALSE);
  /* The DCT side, verified (TUF) */
  targets = signet_cli_load_targets (&opts, 1, argv + 1, &code);
  target = targets ? g_ptr_array_index (targets, 0) : NULL;
  if (target == NULL || target->repo == NULL)
    {
      if (target != NULL && target->error != NULL)
        signet_cli_print_error (argv[1], target->error);
      return code != SIGNET_CLI_EXIT_OK ? code : SIGNET_CLI_EXIT_FAILED;
    }
  code = SIGNET_CLI_EXIT_OK;
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (target->repo));
  if (signing && (pass = signet_cli_cosign_passphrase (key, FALSE)) == NULL)
    return SIGNET_CLI_EXIT_FAILED;

  signet_migrate_async (remote, repo_ref, summary, trust_dir, key, pass, (const char * const *) tags_opt, all,
                        NULL, signet_cli_wait_cb, &w);
  signet_cli_wait (&w.done);
  rows = signet_migrate_finish (w.result, &error);
  g_object_unref (w.result);
  if (rows == NULL)
    return signet_cli_report ("migrate", error, FALSE);
  for (i = 0; i < rows->len; i++)
    {
      SignetMigrateItem *r = g_ptr_array_index (rows, i);

      /* a selected tag that could not be looked up or signed, or that DCT does not sign */
      if (!signet_migrate_item_get_selected (r))
        continue;
      if (signet_migrate_item_get_error (r) != NULL)
        code = signet_cli_merge_exit (code, signet_cli_exit_code_for (signet_migrate_item_get_error (r), FALSE));
      else if (signet_migrate_item_get_dct_digest (r) == NULL)
        code = signet_cli_merge_exit (code, SIGNET_CLI_EXIT_FAILED);
    }

  if (opts.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (i = 0; i < rows->len; i++)
        {
          SignetMigrateItem *r = g_ptr_array_index (rows, i);
          g_autofree char *owned = NULL;
          const char *names[] = { "tag", "dctDigest", "registryDigest", "cosign", "action", "reason" };
          const char *values[] = { signet_migrate_item_get_tag (r), signet_migrate_item_get_dct_digest (r),
                                   signet_migrate_item_get_registry_digest (r), cosign_words (r, &owned),
                                   action_words (r), signet_migrate_item_get_reason (r) };

          json_builder_begin_object (b);
          for (guint k = 0; k < G_N_ELEMENTS (names); k++)
            signet_cli_json_add_string (b, names[k], values[k]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      signet_cli_print_json_builder (b, 2);
      return code;
    }
  printf ("%-16s %-16s %-24s %-8s %s\n", _("TAG"), _("DCT DIGEST"), _("COSIGN"), _("ACTION"), _("WHY"));
  for (i = 0; i < rows->len; i++)
    {
      SignetMigrateItem *r = g_ptr_array_index (rows, i);
      const char *dct = signet_migrate_item_get_dct_digest (r);
      g_autofree char *short_digest = dct ? g_strndup (dct, 19) : g_strdup ("-");
      g_autofree char *owned = NULL;
      const char *reason = signet_migrate_item_get_reason (r);

      printf ("%-16s %-16s %-24s %-8s %s\n", signet_migrate_item_get_tag (r), short_digest,
              cosign_words (r, &owned), action_words (r), reason ? reason : "");
    }
  return code;
}
