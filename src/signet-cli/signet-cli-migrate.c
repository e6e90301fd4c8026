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

typedef struct
{
  char *tag;
  char *dct_digest;
  char *registry_digest;
  char *cosign;         /* "verified (key)", "none", "unverified", … */
  char *action;         /* "signed", "skipped", "listed" */
  char *reason;
} Row;

static void
row_free (Row *r)
{
  g_free (r->tag);
  g_free (r->dct_digest);
  g_free (r->registry_digest);
  g_free (r->cosign);
  g_free (r->action);
  g_free (r->reason);
  g_free (r);
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
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(SignetReference) repo_ref = NULL;
  SignetCliTarget *target;
  GListModel *tags;
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
  tags = signet_trust_summary_get_tags (summary);
  if (signing && (pass = signet_cli_cosign_passphrase (key, FALSE)) == NULL)
    return SIGNET_CLI_EXIT_FAILED;

  for (i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetTrustTag) tt = g_list_model_get_item (tags, i);
      g_autoptr(SignetReference) ref = NULL;
      g_autoptr(SignetSignatureReport) report = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      Row *row = g_new0 (Row, 1);
      gboolean selected;
      SignetCliWait w = { 0 };
      SignetImageSignature *verified;

      row->tag = g_strdup (signet_trust_tag_get_name (tt));
      row->dct_digest = g_strconcat ("sha256:", signet_trust_tag_get_digest (tt), NULL);
      g_ptr_array_add (rows, row);
      selected = signing && (all || (tags_opt && g_strv_contains ((const char * const *) tags_opt, row->tag)));
      row->action = g_strdup (selected ? "skipped" : "listed");

      text = g_strdup_printf ("%s/%s:%s", signet_reference_get_registry (repo_ref),
                              signet_reference_get_repository (repo_ref), row->tag);
      if ((ref = signet_reference_parse (text, &local_error)) == NULL)
        {
          row->cosign = g_strdup ("unknown");
          row->reason = g_strdup_printf (_("The tag name cannot be used in a registry reference: %s"),
                                         local_error->message);
          continue;
        }
      signet_signatures_discover_async (remote, ref, trust_dir, NULL, signet_cli_wait_cb, &w);
      signet_cli_wait (&w.done);
      report = signet_signatures_discover_finish (w.result, &local_error);
      g_object_unref (w.result);
      if (report == NULL)
        {
          row->cosign = g_strdup ("unknown");
          row->reason = g_strdup (local_error->message);
          code = signet_cli_merge_exit (code, selected ? SIGNET_CLI_EXIT_FAILED : code);
          continue;
        }
      row->registry_digest = g_strdup (signet_signature_report_get_digest (report));
      verified = signet_signature_report_get_verified_cosign (report);
      if (verified != NULL)
        row->cosign = g_strdup_printf ("verified (%s)", signet_image_signature_get_key_name (verified));
      else if (signet_signature_report_get_signatures (report)->len > 0)
        row->cosign = g_strdup ("present, not verified");
      else
        row->cosign = g_strdup ("none");

      if (!g_str_equal (row->registry_digest, row->dct_digest))
        {
          row->reason = g_strdup (_("The registry serves another digest than DCT signed; not carried over"));
          continue;
        }
      if (!selected)
        continue;
      if (verified != NULL)
        {
          row->reason = g_strdup_printf (_("Already signed in cosign by trusted key “%s”"),
                                         signet_image_signature_get_key_name (verified));
          continue;
        }
      {
        g_autofree char *digest = NULL;
        SignetCliWait ws = { 0 };

        /* expected digest = what DCT signed: refused if the tag moved in between */
        signet_cosign_sign_async (remote, ref, trust_dir, key, pass, row->dct_digest, NULL, signet_cli_wait_cb, &ws);
        signet_cli_wait (&ws.done);
        digest = signet_cosign_sign_finish (ws.result, &local_error);
        g_object_unref (ws.result);
        if (digest == NULL)
          {
            row->reason = g_strdup (local_error->message);
            code = signet_cli_merge_exit (code, signet_cli_exit_code_for (local_error, FALSE));
            if (g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
              break;
            continue;
          }
        g_free (row->action);
        row->action = g_strdup ("signed");
        g_free (row->cosign);
        row->cosign = g_strdup_printf ("verified (%s)", key);
        row->reason = g_strdup_printf (_("DCT signature verified; carried over to cosign with key “%s”"), key);
      }
    }
  /* tags asked for that DCT does not sign */
  for (i = 0; tags_opt && tags_opt[i]; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < rows->len; k++)
        found |= g_str_equal (((Row *) g_ptr_array_index (rows, k))->tag, tags_opt[i]);
      if (!found)
        {
          Row *row = g_new0 (Row, 1);

          row->tag = g_strdup (tags_opt[i]);
          row->cosign = g_strdup ("unknown");
          row->action = g_strdup ("skipped");
          row->reason = g_strdup (_("Not signed with Docker Content Trust"));
          g_ptr_array_add (rows, row);
          code = signet_cli_merge_exit (code, SIGNET_CLI_EXIT_FAILED);
        }
    }

  if (opts.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (i = 0; i < rows->len; i++)
        {
          Row *r = g_ptr_array_index (rows, i);
          const char *names[] = { "tag", "dctDigest", "registryDigest", "cosign", "action", "reason" };
          const char *values[] = { r->tag, r->dct_digest, r->registry_digest, r->cosign, r->action, r->reason };

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
      Row *r = g_ptr_array_index (rows, i);
      g_autofree char *short_digest = r->dct_digest ? g_strndup (r->dct_digest, 19) : g_strdup ("-");

      printf ("%-16s %-16s %-24s %-8s %s\n", r->tag, short_digest, r->cosign, r->action,
              r->reason ? r->reason : "");
    }
  return code;
}
