/* signet-cli-status.c: `signet-cli status`, everything the trust summary says.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-cli-private.h"
#include "signet-cli-table.h"
#include "signet-trust-summary-private.h"

#define SHORT_ID 12

static char *
keys_text (GListModel *keys,
           gboolean    canonical)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%.*s", SHORT_ID,
                              canonical ? signet_trust_key_get_canonical_id (key)
                                        : signet_trust_key_get_id (key));
    }
  return g_string_free (out, FALSE);
}

static char *
strv_text (const char * const *strv,
           const char         *empty)
{
  if (strv == NULL || strv[0] == NULL)
    return g_strdup (empty);
  return g_strjoinv (", ", (char **) strv);
}

static char *
paths_text (const char * const *paths)
{
  GString *out;

  if (paths == NULL || paths[0] == NULL)
    return g_strdup (_("(none: signs nothing)"));
  out = g_string_new (NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, paths[i][0] == '\0' ? _("(all)") : paths[i]);
    }
  return g_string_free (out, FALSE);
}

static void
print_text (SignetCliTarget    *target,
            SignetTrustSummary *summary,
            SignetTrustTag     *only,
            gint64              now)
{
  GListModel *roles = signet_trust_summary_get_roles (summary);
  GListModel *signers = signet_trust_summary_get_signers (summary);
  GListModel *tags = signet_trust_summary_get_tags (summary);
  const char * const *warnings = signet_trust_summary_get_warnings (summary);
  g_autofree char *expires = signet_cli_format_date (signet_trust_summary_get_expires (summary), now);
  g_autofree char *ts = signet_cli_format_date (signet_trust_summary_get_timestamp_expires (summary), now);
  g_autofree char *root_ids = strv_text (signet_trust_summary_get_root_key_ids (summary), "-");
  g_autofree char *repo_ids = strv_text (signet_trust_summary_get_repository_key_ids (summary), "-");
  const char * const role_header[] = { _("ROLE"), _("VERSION"), _("EXPIRES"), _("THRESHOLD"),
                                       _("KEYS"), _("PATHS"), NULL };
  const char * const signer_header[] = { _("SIGNER"), _("THRESHOLD"), _("KEYS"), _("PATHS"), NULL };
  const char * const tag_header[] = { _("TAG"), _("DIGEST"), _("SIZE"), _("SIGNERS"), _("EXPIRES"), NULL };
  g_autoptr(SignetCliTable) role_table = signet_cli_table_new (role_header);
  g_autoptr(SignetCliTable) signer_table = signet_cli_table_new (signer_header);
  g_autoptr(SignetCliTable) tag_table = signet_cli_table_new (tag_header);
  guint n_tags = 0;

  printf ("%s\n", target->arg);
  printf ("  %-16s %s\n", _("Repository:"), signet_trust_summary_get_gun (summary));
  printf ("  %-16s %s\n", _("Trust data:"),
          signet_repository_is_offline (target->repo)
          ? _("verified from the local cache only (offline)")
          : _("verified, up to date with the server"));
  printf ("  %-16s %s\n", _("Valid until:"), expires);
  printf ("  %-16s %s\n", _("Timestamp:"), ts);
  printf ("  %-16s %s\n", _("Root keys:"), root_ids);
  printf ("  %-16s %s\n", _("Repository keys:"), repo_ids);

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, signet_trust_role_get_version (role));
      g_autofree char *exp = signet_cli_format_date (signet_trust_role_get_expires (role), now);
      g_autofree char *threshold = NULL;
      g_autofree char *keys = keys_text (signet_trust_role_get_keys (role), FALSE);
      g_autofree char *paths = NULL;

      threshold = g_strdup_printf ("%u of %u", signet_trust_role_get_threshold (role),
                                   g_list_model_get_n_items (signet_trust_role_get_keys (role)));
      paths = signet_trust_role_get_is_delegation (role)
              ? paths_text (signet_trust_role_get_paths (role)) : g_strdup ("");
      signet_cli_table_add (role_table, signet_trust_role_get_name (role), version, exp, threshold,
                            keys, paths, NULL);
    }
  printf ("\n");
  signet_cli_table_print (role_table, stdout, 2);

  if (g_list_model_get_n_items (signers) > 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
        {
          g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);
          g_autofree char *threshold = g_strdup_printf ("%u", signet_trust_signer_get_threshold (signer));
          g_autofree char *keys = keys_text (signet_trust_signer_get_keys (signer), TRUE);
          g_autofree char *paths = paths_text (signet_trust_signer_get_paths (signer));
          g_autofree char *name = NULL;

          name = signet_trust_signer_get_loaded (signer)
                 ? g_strdup (signet_trust_signer_get_name (signer))
                 : g_strdup_printf (_("%s (not loaded)"), signet_trust_signer_get_name (signer));
          signet_cli_table_add (signer_table, name, threshold, keys, paths, NULL);
        }
      printf ("\n");
      signet_cli_table_print (signer_table, stdout, 2);
    }

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);
      g_autofree char *digest = NULL;
      g_autofree char *size = NULL;
      g_autofree char *signers_text = NULL;
      g_autofree char *exp = NULL;

      if (only != NULL && tag != only)
        continue;
      n_tags++;
      digest = g_strdup_printf ("sha256:%s", signet_trust_tag_get_digest (tag));
      size = g_strdup_printf ("%" G_GINT64_FORMAT, signet_trust_tag_get_size (tag));
      signers_text = strv_text (signet_trust_tag_get_signers (tag), "-");
      if (!signet_trust_tag_get_released (tag))
        {
          g_autofree char *tmp = g_steal_pointer (&signers_text);

          signers_text = g_strdup_printf (_("%s (not released)"), tmp);
        }
      exp = signet_cli_format_date (signet_trust_tag_get_expires (tag), now);
      signet_cli_table_add (tag_table, signet_trust_tag_get_name (tag), digest, size,
                            signers_text, exp, NULL);
    }
  printf ("\n");
  if (n_tags > 0)
    signet_cli_table_print (tag_table, stdout, 2);
  else
    printf ("  %s\n", _("No signed tags."));

  if (warnings[0] != NULL)
    {
      printf ("\n  %s\n", _("Warnings:"));
      for (guint i = 0; warnings[i] != NULL; i++)
        printf ("  ! %s\n", warnings[i]);
    }
}

static void
add_time (JsonBuilder *b,
          const char  *member,
          gint64       t)
{
  g_autofree char *text = signet_cli_format_rfc3339 (t);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static void
add_keys (JsonBuilder *b,
          GListModel  *keys)
{
  json_builder_set_member_name (b, "keys");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, signet_trust_key_get_id (key));
      json_builder_set_member_name (b, "canonical_id");
      json_builder_add_string_value (b, signet_trust_key_get_canonical_id (key));
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, signet_trust_key_get_key_type (key));
      if (signet_trust_key_get_cert_expires (key) != 0)
        add_time (b, "cert_expires", signet_trust_key_get_cert_expires (key));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_json (JsonBuilder        *b,
            SignetCliTarget    *target,
            SignetTrustSummary *summary,
            SignetTrustTag     *only)
{
  GListModel *roles = signet_trust_summary_get_roles (summary);
  GListModel *signers = signet_trust_summary_get_signers (summary);
  GListModel *tags = signet_trust_summary_get_tags (summary);

  json_builder_set_member_name (b, "gun");
  json_builder_add_string_value (b, signet_trust_summary_get_gun (summary));
  json_builder_set_member_name (b, "verified");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "offline");
  json_builder_add_boolean_value (b, signet_repository_is_offline (target->repo));
  add_time (b, "expires", signet_trust_summary_get_expires (summary));
  add_time (b, "timestamp_expires", signet_trust_summary_get_timestamp_expires (summary));
  signet_cli_json_add_strv (b, "root_key_ids", signet_trust_summary_get_root_key_ids (summary));
  signet_cli_json_add_strv (b, "repository_key_ids", signet_trust_summary_get_repository_key_ids (summary));

  json_builder_set_member_name (b, "roles");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, signet_trust_role_get_name (role));
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, signet_trust_role_get_version (role));
      add_time (b, "expires", signet_trust_role_get_expires (role));
      json_builder_set_member_name (b, "threshold");
      json_builder_add_int_value (b, signet_trust_role_get_threshold (role));
      add_keys (b, signet_trust_role_get_keys (role));
      json_builder_set_member_name (b, "delegation");
      json_builder_add_boolean_value (b, signet_trust_role_get_is_delegation (role));
      if (signet_trust_role_get_is_delegation (role))
        {
          signet_cli_json_add_strv (b, "paths", signet_trust_role_get_paths (role));
          signet_cli_json_add_strv (b, "effective_paths", signet_trust_role_get_effective_paths (role));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "signers");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, signet_trust_signer_get_name (signer));
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, signet_trust_signer_get_role_name (signer));
      json_builder_set_member_name (b, "threshold");
      json_builder_add_int_value (b, signet_trust_signer_get_threshold (signer));
      add_keys (b, signet_trust_signer_get_keys (signer));
      signet_cli_json_add_strv (b, "paths", signet_trust_signer_get_paths (signer));
      json_builder_set_member_name (b, "loaded");
      json_builder_add_boolean_value (b, signet_trust_signer_get_loaded (signer));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);
      g_autofree char *digest = NULL;

      if (only != NULL && tag != only)
        continue;
      digest = g_strdup_printf ("sha256:%s", signet_trust_tag_get_digest (tag));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, signet_trust_tag_get_name (tag));
      json_builder_set_member_name (b, "digest");
      json_builder_add_string_value (b, digest);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, signet_trust_tag_get_size (tag));
      json_builder_set_member_name (b, "released");
      json_builder_add_boolean_value (b, signet_trust_tag_get_released (tag));
      json_builder_set_member_name (b, "pull_role");
      if (signet_trust_tag_get_pull_role (tag) != NULL)
        json_builder_add_string_value (b, signet_trust_tag_get_pull_role (tag));
      else
        json_builder_add_null_value (b);
      signet_cli_json_add_strv (b, "roles", signet_trust_tag_get_roles (tag));
      signet_cli_json_add_strv (b, "signers", signet_trust_tag_get_signers (tag));
      add_time (b, "expires", signet_trust_tag_get_expires (tag));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  signet_cli_json_add_strv (b, "warnings", signet_trust_summary_get_warnings (summary));
}

int
signet_cli_status (int    argc,
                   char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int exit_code = SIGNET_CLI_EXIT_OK;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!signet_cli_parse (&argc, &argv, "status", _("IMAGE[:TAG]…"),
                         _("Show the verified trust data of images: roles, signers, tags, "
                           "expiry and warnings."),
                         NULL, &opts, TRUE, TRUE, &exit_code))
    return exit_code;
  if (argc < 2)
    {
      fprintf (stderr, _("signet-cli status: give at least one IMAGE[:TAG]\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  targets = signet_cli_load_targets (&opts, argc - 1, argv + 1, &exit_code);
  if (targets == NULL)
    return exit_code;

  json_builder_begin_array (builder);
  for (guint i = 0; i < targets->len; i++)
    {
      SignetCliTarget *target = g_ptr_array_index (targets, i);
      g_autoptr(SignetTrustSummary) summary = NULL;
      SignetTrustTag *only = NULL;
      const char *tag_name;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, target->arg);
      if (target->repo != NULL)
        {
          summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (target->repo));
          tag_name = signet_reference_get_tag (target->ref);
          if (tag_name != NULL)
            {
              only = signet_trust_summary_lookup_tag (summary, tag_name);
              if (only == NULL)
                target->error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                                             _("The tag “%s” is not signed in %s"), tag_name,
                                             signet_reference_get_gun (target->ref));
            }
        }
      if (target->error != NULL)
        {
          signet_cli_print_error (target->arg, target->error);
          exit_code = signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (target->error, FALSE));
          json_builder_set_member_name (builder, "verified");
          json_builder_add_boolean_value (builder, FALSE);
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, target->error->message);
          json_builder_set_member_name (builder, "unreachable");
          json_builder_add_boolean_value (builder,
                                          g_error_matches (target->error, SIGNET_ERROR,
                                                           SIGNET_ERROR_UNREACHABLE));
        }
      else
        {
          if (opts.json)
            build_json (builder, target, summary, only);
          else
            {
              if (i > 0)
                printf ("\n");
              print_text (target, summary, only, now);
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (opts.json)
    signet_cli_print_json_builder (builder, 2);
  return exit_code;
}
