/* signet-cli-tags.c: `signet-cli repos` and `signet-cli tags`: what a registry serves,
 * joined with the verified trust data.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tag is signed when a released target of that name has the digest the registry serves
 * now; "signed (digest differs)" when the signed digest is another one. The manifests are
 * asked for with HEAD, at most MAX_PARALLEL at a time.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-cli-private.h"
#include "signet-cli-table.h"
#include "signet-docker-format-private.h"
#include "signet-trust-summary-private.h"

#define MAX_PARALLEL 8

/* ---- Shared --------------------------------------------------------------------- */

/* ---- tags ----------------------------------------------------------------------- */

typedef struct
{
  char           *tag;
  SignetManifest *manifest;
  GError         *error;
} TagRow;

static void
tag_row_free (gpointer data)
{
  TagRow *row = data;

  g_free (row->tag);
  g_clear_pointer (&row->manifest, signet_manifest_unref);
  g_clear_error (&row->error);
  g_free (row);
}

typedef struct
{
  SignetRemote    *remote;
  SignetReference *ref;
  GPtrArray       *rows;
  guint            next;
  guint            running;
} HeadQueue;

static void head_next (HeadQueue *q);

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const TagRow *ra = *(const TagRow * const *) a;
  const TagRow *rb = *(const TagRow * const *) b;

  return _signet_natural_compare (ra->tag, rb->tag);
}

typedef struct
{
  HeadQueue *q;
  TagRow    *row;
} HeadCall;

static void
head_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HeadCall *call = user_data;

  call->row->manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result,
                                                           &call->row->error);
  call->q->running--;
  head_next (call->q);
  g_free (call);
}

static void
head_next (HeadQueue *q)
{
  while (q->running < MAX_PARALLEL && q->next < q->rows->len)
    {
      TagRow *row = g_ptr_array_index (q->rows, q->next++);
      g_autofree char *text = g_strdup_printf ("%s:%s", signet_reference_get_gun (q->ref), row->tag);
      g_autoptr(SignetReference) tag_ref = signet_reference_parse (text, &row->error);
      HeadCall *call;

      if (tag_ref == NULL)
        continue;
      call = g_new0 (HeadCall, 1);
      call->q = q;
      call->row = row;
      q->running++;
      signet_remote_get_manifest_async (q->remote, tag_ref, FALSE, NULL, head_cb, call);
    }
}

int
signet_cli_tags (int    argc,
                 char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(SignetReference) ref = NULL;
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) trust_error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(GHashTable) signed_tags = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (tag_row_free);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char * const header[] = { _("TAG"), _("STATUS"), _("DIGEST"), _("SIGNERS"), NULL };
  g_autoptr(SignetCliTable) table = signet_cli_table_new (header);
  g_auto(GStrv) registry_tags = NULL;
  SignetCliWait load_wait = { 0 };
  SignetCliWait list_wait = { 0 };
  int exit_code = SIGNET_CLI_EXIT_OK;
  const char *trust_state;

  if (!signet_cli_parse (&argc, &argv, "tags", _("REPOSITORY"),
                         _("List a repository's tags in the registry: signed, unsigned or invalid."),
                         NULL, &opts, TRUE, TRUE, &exit_code))
    return exit_code;
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli tags: give one REPOSITORY\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  ref = signet_reference_parse (argv[1], &error);
  if (ref == NULL)
    {
      signet_cli_print_error (argv[1], error);
      return SIGNET_CLI_EXIT_USAGE;
    }
  g_ptr_array_add (refs, ref);

  if (!opts.offline)
    {
      remote = signet_cli_remote_new (&opts, refs, &error);
      if (remote == NULL)
        {
          signet_cli_print_error (NULL, error);
          return SIGNET_CLI_EXIT_FAILED;
        }
      signet_remote_list_tags_async (remote, ref, NULL, signet_cli_wait_cb, &list_wait);
    }
  signet_repository_load_async (remote, opts.trust_dir, signet_reference_get_gun (ref),
                                opts.offline ? SIGNET_REPOSITORY_LOAD_OFFLINE : 0, NULL,
                                signet_cli_wait_cb, &load_wait);
  signet_cli_wait (&load_wait.done);
  repo = signet_repository_load_finish (load_wait.result, &trust_error);
  g_clear_object (&load_wait.result);

  if (repo != NULL)
    {
      GListModel *tags;

      summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
      tags = signet_trust_summary_get_tags (summary);
      for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
        {
          SignetTrustTag *tag = g_list_model_get_item (tags, i);

          if (signet_trust_tag_get_released (tag))
            g_hash_table_insert (signed_tags, (gpointer) signet_trust_tag_get_name (tag), tag);
          g_object_unref (tag);  /* the summary keeps it */
        }
      trust_state = "verified";
    }
  else if (g_error_matches (trust_error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    trust_state = "none";
  else
    {
      signet_cli_print_error (argv[1], trust_error);
      exit_code = signet_cli_exit_code_for (trust_error, FALSE);
      trust_state = exit_code == SIGNET_CLI_EXIT_UNREACHABLE ? "unreachable" : "invalid";
    }

  if (!opts.offline)
    {
      signet_cli_wait (&list_wait.done);
      registry_tags = signet_remote_list_tags_finish (remote, list_wait.result, &error);
      g_clear_object (&list_wait.result);
      if (registry_tags == NULL)
        {
          signet_cli_print_error (argv[1], error);
          return signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (error, FALSE));
        }
      for (guint i = 0; registry_tags[i] != NULL; i++)
        {
          TagRow *row = g_new0 (TagRow, 1);

          row->tag = g_strdup (registry_tags[i]);
          g_ptr_array_add (rows, row);
          g_hash_table_add (listed, row->tag);
        }
      {
        HeadQueue q = { remote, ref, rows, 0, 0 };

        head_next (&q);
        while (q.running > 0)
          g_main_context_iteration (NULL, TRUE);
      }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "repository");
  json_builder_add_string_value (b, signet_reference_get_gun (ref));
  json_builder_set_member_name (b, "trust");
  json_builder_add_string_value (b, trust_state);
  if (trust_error != NULL && repo == NULL && !g_str_equal (trust_state, "none"))
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, trust_error->message);
    }
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);

  /* signed tags the registry does not list (or every signed tag, offline) */
  if (summary != NULL)
    {
      GListModel *tags = signet_trust_summary_get_tags (summary);

      for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
        {
          g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);

          if (signet_trust_tag_get_released (tag) &&
              !g_hash_table_contains (listed, signet_trust_tag_get_name (tag)))
            {
              TagRow *row = g_new0 (TagRow, 1);

              row->tag = g_strdup (signet_trust_tag_get_name (tag));
              g_ptr_array_add (rows, row);
            }
        }
    }

  g_ptr_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      TagRow *row = g_ptr_array_index (rows, i);
      SignetTrustTag *tag = g_hash_table_lookup (signed_tags, row->tag);
      g_autofree char *signed_digest = NULL;
      g_autofree char *signers = NULL;
      const char *registry_digest = row->manifest ? signet_manifest_get_digest (row->manifest) : NULL;
      const char *status;

      if (tag != NULL)
        {
          signed_digest = g_strdup_printf ("sha256:%s", signet_trust_tag_get_digest (tag));
          signers = g_strjoinv (", ", (char **) signet_trust_tag_get_signers (tag));
        }
      if (g_str_equal (trust_state, "invalid"))
        status = "invalid";
      else if (g_str_equal (trust_state, "unreachable"))
        status = "unknown";
      else if (tag == NULL)
        status = "unsigned";
      else if (opts.offline)
        status = "signed";
      else if (!g_hash_table_contains (listed, row->tag))
        status = "signed (not in registry)";
      else if (registry_digest == NULL)
        status = "signed (registry digest unknown)";
      else if (g_str_equal (registry_digest, signed_digest))
        status = "signed";
      else
        status = "signed (digest differs)";

      if (row->error != NULL)
        {
          signet_cli_print_error (row->tag, row->error);
          exit_code = signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (row->error, FALSE));
        }

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tag");
      json_builder_add_string_value (b, row->tag);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, status);
      json_builder_set_member_name (b, "digest");
      if (registry_digest != NULL)
        json_builder_add_string_value (b, registry_digest);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "signed_digest");
      if (signed_digest != NULL)
        json_builder_add_string_value (b, signed_digest);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "signers");
      json_builder_begin_array (b);
      for (guint j = 0; tag != NULL && signet_trust_tag_get_signers (tag)[j] != NULL; j++)
        json_builder_add_string_value (b, signet_trust_tag_get_signers (tag)[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);

      {
        g_autofree char *shown = g_strdup (registry_digest ? registry_digest
                                           : signed_digest ? signed_digest : "-");

        if (strlen (shown) > 19)
          shown[19] = '\0';
        signet_cli_table_add (table, row->tag, status, shown, signers ? signers : "-", NULL);
      }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  if (opts.json)
    signet_cli_print_json_builder (b, 2);
  else
    signet_cli_table_print (table, stdout, 0);
  return exit_code;
}

/* ---- repos ---------------------------------------------------------------------- */

typedef struct
{
  char             *name;
  char             *gun;
  SignetRepository *repo;
  GError           *error;
} RepoRow;

static void
repo_row_free (gpointer data)
{
  RepoRow *row = data;

  g_free (row->name);
  g_free (row->gun);
  g_clear_object (&row->repo);
  g_clear_error (&row->error);
  g_free (row);
}

typedef struct
{
  SignetRemote     *remote;
  SignetCliOptions *opts;
  GPtrArray        *rows;
  guint             next;
  guint             running;
} RepoQueue;

static void repo_next (RepoQueue *q);

typedef struct
{
  RepoQueue *q;
  RepoRow   *row;
} RepoCall;

static void
repo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RepoCall *call = user_data;

  call->row->repo = signet_repository_load_finish (result, &call->row->error);
  call->q->running--;
  repo_next (call->q);
  g_free (call);
}

static void
repo_next (RepoQueue *q)
{
  while (q->running < MAX_PARALLEL / 2 && q->next < q->rows->len)
    {
      RepoRow *row = g_ptr_array_index (q->rows, q->next++);
      RepoCall *call = g_new0 (RepoCall, 1);

      call->q = q;
      call->row = row;
      q->running++;
      signet_repository_load_async (q->remote, q->opts->trust_dir, row->gun, 0, NULL, repo_cb, call);
    }
}

int
signet_cli_repos (int    argc,
                  char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetReference) probe = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (repo_row_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char * const header[] = { _("REPOSITORY"), _("TRUST"), _("SIGNED TAGS"), NULL };
  g_autoptr(SignetCliTable) table = signet_cli_table_new (header);
  g_autofree char *probe_text = NULL;
  g_auto(GStrv) names = NULL;
  SignetCliWait list_wait = { 0 };
  int exit_code = SIGNET_CLI_EXIT_OK;

  if (!signet_cli_parse (&argc, &argv, "repos", _("REGISTRY"),
                         _("List a registry's repositories (its catalog) and their trust state."),
                         NULL, &opts, FALSE, TRUE, &exit_code))
    return exit_code;
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli repos: give one REGISTRY (host[:port])\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  probe_text = g_strdup_printf ("%s/x", argv[1]);
  probe = signet_reference_parse (probe_text, &error);
  if (probe == NULL || strchr (argv[1], '/') != NULL)
    {
      fprintf (stderr, _("signet-cli repos: “%s” is not a registry (host[:port])\n"), argv[1]);
      return SIGNET_CLI_EXIT_USAGE;
    }
  g_ptr_array_add (refs, probe);
  remote = signet_cli_remote_new (&opts, refs, &error);
  if (remote == NULL)
    {
      signet_cli_print_error (NULL, error);
      return SIGNET_CLI_EXIT_FAILED;
    }
  signet_remote_list_repositories_async (remote, signet_reference_get_registry (probe), NULL,
                                         signet_cli_wait_cb, &list_wait);
  signet_cli_wait (&list_wait.done);
  names = signet_remote_list_repositories_finish (remote, list_wait.result, &error);
  g_clear_object (&list_wait.result);
  if (names == NULL)
    {
      signet_cli_print_error (argv[1], error);
      return signet_cli_exit_code_for (error, FALSE);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      RepoRow *row = g_new0 (RepoRow, 1);

      row->name = g_strdup (names[i]);
      row->gun = g_strdup_printf ("%s/%s", signet_reference_get_registry (probe), names[i]);
      g_ptr_array_add (rows, row);
    }
  {
    RepoQueue q = { remote, &opts, rows, 0, 0 };

    repo_next (&q);
    while (q.running > 0)
      g_main_context_iteration (NULL, TRUE);
  }

  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      RepoRow *row = g_ptr_array_index (rows, i);
      const char *trust;
      guint n_signed = 0;
      g_autofree char *count = NULL;

      if (row->repo != NULL)
        {
          g_autoptr(SignetTrustSummary) summary =
            _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (row->repo));
          GListModel *tags = signet_trust_summary_get_tags (summary);

          for (guint j = 0; j < g_list_model_get_n_items (tags); j++)
            {
              g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, j);

              n_signed += signet_trust_tag_get_released (tag) ? 1 : 0;
            }
          trust = "signed";
          count = g_strdup_printf ("%u", n_signed);
        }
      else if (g_error_matches (row->error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
        trust = "unsigned";
      else
        {
          signet_cli_print_error (row->gun, row->error);
          exit_code = signet_cli_merge_exit (exit_code, signet_cli_exit_code_for (row->error, FALSE));
          trust = exit_code == SIGNET_CLI_EXIT_UNREACHABLE ? "unknown" : "invalid";
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "repository");
      json_builder_add_string_value (b, row->name);
      json_builder_set_member_name (b, "gun");
      json_builder_add_string_value (b, row->gun);
      json_builder_set_member_name (b, "trust");
      json_builder_add_string_value (b, trust);
      json_builder_set_member_name (b, "signed_tags");
      json_builder_add_int_value (b, n_signed);
      if (row->repo == NULL && !g_str_equal (trust, "unsigned"))
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, row->error->message);
        }
      json_builder_end_object (b);
      signet_cli_table_add (table, row->name, trust, count ? count : "-", NULL);
    }
  json_builder_end_array (b);

  if (opts.json)
    signet_cli_print_json_builder (b, 2);
  else
    signet_cli_table_print (table, stdout, 0);
  return exit_code;
}
