/* signet-cli-ops.c: signet-cli init|sign|revoke|signer|delegation|rotate|witness.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names and flags follow `docker trust` (sign, revoke, signer) and `notary` (init,
 * delegation, rotate as `key rotate`, witness) where they have the same command.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-keys.h"
#include "signet-cli-ops.h"
#include "signet-cli-private.h"
#include "signet-error.h"
#include "signet-ops-private.h"
#include "signet-repository-private.h"

static SignetCliOptions opts;

static GOptionContext *
new_context (const char         *command,
             const char         *params,
             const char         *summary,
             const GOptionEntry *entries,
             gboolean            with_yes)
{
  return signet_cli_context_new (command, params, summary, entries, &opts,
                                 SIGNET_CLI_OPTIONS_REMOTE | SIGNET_CLI_OPTION_SHORT_D |
                                 (with_yes ? SIGNET_CLI_OPTION_YES : 0));
}

static gboolean
confirm_cb (const char *question,
            gpointer    user_data)
{
  return signet_cli_confirm (opts.yes, question, NULL) == SIGNET_CLI_CONFIRMED;
}

static SignetOps *
new_ops (GError **error)
{
  g_autoptr(SignetRemote) remote = signet_cli_remote_new (&opts, NULL, error);
  g_autoptr(SignetPassphraseChain) chain = NULL;
  SignetOps *ops;

  if (remote == NULL)
    return NULL;
  ops = signet_ops_new (remote, opts.trust_dir);
  chain = signet_cli_passphrase_chain ();
  _signet_ops_set_passphrase_chain (ops, chain);
  signet_ops_set_confirm_func (ops, confirm_cb, NULL, NULL);
  return ops;
}

static void
print_result (SignetRepository *repo)
{
  SignetTufRepo *tuf = _signet_repository_get_tuf_repo (repo);
  SignetTufMetadata *ts = _signet_tuf_repo_get_timestamp (tuf);
  SignetTufMetadata *root = _signet_tuf_repo_get_root (tuf);

  printf (_("Published and verified %s (root v%" G_GINT64_FORMAT ", timestamp v%" G_GINT64_FORMAT ").\n"),
          signet_repository_get_gun (repo), root->version, ts->version);
}

/* Waits for the operation started on @ops, prints its notes and result. */
static int
wait_op (SignetOps     *ops,
         SignetCliWait *w)
{
  g_autoptr(SignetRepository) repo = NULL;
  g_auto(GStrv) messages = NULL;
  GError *error = NULL;

  signet_cli_wait (&w->done);
  repo = signet_ops_finish (ops, w->result, &messages, &error);
  g_clear_object (&w->result);
  if (repo == NULL)
    return signet_cli_fail (error);
  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    printf ("%s\n", messages[i]);
  print_result (repo);
  return SIGNET_CLI_EXIT_OK;
}

static char *
gun_of (const char  *text,
        gboolean     tag_allowed,
        char       **tag,
        GError     **error)
{
  g_autoptr(SignetReference) ref = signet_reference_parse (text, error);

  if (ref == NULL)
    return NULL;
  if (signet_reference_get_digest (ref) != NULL ||
      (!tag_allowed && signet_reference_get_tag (ref) != NULL))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "“%s”: give a repository name%s", text, tag_allowed ? " with an optional tag" : " without a tag");
      return NULL;
    }
  if (tag != NULL)
    *tag = g_strdup (signet_reference_get_tag (ref));
  return g_strdup (signet_reference_get_gun (ref));
}

static char **
read_key_files (char   **files,
                GError **error)
{
  g_autoptr(GPtrArray) pems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      char *contents = NULL;

      if (!g_file_get_contents (files[i], &contents, NULL, error))
        return NULL;
      g_ptr_array_add (pems, contents);
    }
  g_ptr_array_add (pems, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&pems), FALSE);
}

/* ---- init ----------------------------------------------------------------------------- */

int
signet_cli_init_run (int    argc,
                     char **argv)
{
  g_autofree char *root_key = NULL;
  gboolean new_root = FALSE, local_snapshot = FALSE;
  const GOptionEntry entries[] = {
    { "root-key", 0, 0, G_OPTION_ARG_STRING, &root_key, N_("Use this root key (ID)"), N_("ID") },
    { "new-root-key", 0, 0, G_OPTION_ARG_NONE, &new_root, N_("Make a new root key even if one exists"), NULL },
    { "local-snapshot", 0, 0, G_OPTION_ARG_NONE, &local_snapshot,
      N_("Keep the snapshot key locally instead of on the server"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("init", "GUN", _("Set up signing for a new repository"),
                                                   entries, FALSE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give one repository (GUN)"));
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_init_async (ops, gun, root_key, new_root, local_snapshot, NULL, signet_cli_wait_cb, &w);
  return wait_op (ops, &w);
}

/* ---- sign ----------------------------------------------------------------------------- */

int
signet_cli_sign_run (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("sign", "IMAGE:TAG…", _("Sign image tags (digest and size from the registry)"),
                                                   NULL, FALSE);
  g_autoptr(SignetOps) ops = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return signet_cli_usage_error (context, _("Give at least one IMAGE:TAG"));
  for (int i = 1; i < argc; i++)
    {
      SignetReference *ref = signet_reference_parse (argv[i], &error);

      if (ref == NULL)
        return signet_cli_fail (error);
      if (signet_reference_get_tag (ref) == NULL)
        {
          signet_reference_unref (ref);
          return signet_cli_usage_error (context, _("Every image needs a tag (IMAGE:TAG)"));
        }
      g_ptr_array_add (refs, ref);
    }
  if ((ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  /* one operation per repository */
  for (guint i = 0; i < refs->len; i++)
    {
      const char *gun = signet_reference_get_gun (g_ptr_array_index (refs, i));
      g_autoptr(GPtrArray) group = g_ptr_array_new ();
      gboolean seen = FALSE;
      SignetCliWait w = { 0 };

      for (guint j = 0; j < done->len; j++)
        seen |= g_str_equal (g_ptr_array_index (done, j), gun);
      if (seen)
        continue;
      g_ptr_array_add (done, (gpointer) gun);
      for (guint j = i; j < refs->len; j++)
        if (g_str_equal (signet_reference_get_gun (g_ptr_array_index (refs, j)), gun))
          g_ptr_array_add (group, g_ptr_array_index (refs, j));
      signet_ops_sign_async (ops, (SignetReference **) group->pdata, group->len, NULL, signet_cli_wait_cb,
                             &w);
      code = wait_op (ops, &w);
      if (code != SIGNET_CLI_EXIT_OK)
        return code;
    }
  return SIGNET_CLI_EXIT_OK;
}

/* ---- revoke --------------------------------------------------------------------------- */

int
signet_cli_revoke_run (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("revoke", "IMAGE[:TAG]",
                                                   _("Remove the signature of a tag, or of every tag"),
                                                   NULL, TRUE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  g_autofree char *tag = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give one IMAGE or IMAGE:TAG"));
  if ((gun = gun_of (argv[1], TRUE, &tag, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_revoke_async (ops, gun, tag, NULL, signet_cli_wait_cb, &w);
  return wait_op (ops, &w);
}

/* ---- signer --------------------------------------------------------------------------- */

static int
signer_add (int    argc,
            char **argv)
{
  g_auto(GStrv) key_files = NULL;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &key_files, N_("The signer's public key (PEM); repeatable"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, "NAME IMAGE…", _("Add a signer to repositories (docker trust signer add)"),
                                                   entries, FALSE);
  g_autoptr(SignetOps) ops = NULL;
  g_auto(GStrv) pems = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 3)
    return signet_cli_usage_error (context, _("Give a signer NAME and at least one IMAGE"));
  if (key_files == NULL)
    return signet_cli_usage_error (context, _("Give the signer's public key with --key"));
  if (!_signet_ops_signer_name_valid (argv[1], &error))
    return signet_cli_fail (error);
  if ((pems = read_key_files (key_files, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  for (int i = 2; i < argc; i++)
    {
      g_autofree char *gun = gun_of (argv[i], FALSE, NULL, &error);
      SignetCliWait w = { 0 };

      if (gun == NULL)
        return signet_cli_fail (error);
      signet_ops_add_signer_async (ops, gun, argv[1], (const char * const *) pems, NULL, signet_cli_wait_cb,
                                   &w);
      code = wait_op (ops, &w);
      if (code != SIGNET_CLI_EXIT_OK)
        return code;
    }
  return SIGNET_CLI_EXIT_OK;
}

static int
signer_remove (int    argc,
               char **argv)
{
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Same as --yes (docker's name)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, "NAME IMAGE…", _("Remove a signer from repositories (docker trust signer remove)"),
                                                   entries, TRUE);
  g_autoptr(SignetOps) ops = NULL;
  GError *error = NULL;
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  opts.yes |= force;
  if (argc < 3)
    return signet_cli_usage_error (context, _("Give a signer NAME and at least one IMAGE"));
  if ((ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  for (int i = 2; i < argc; i++)
    {
      g_autofree char *gun = gun_of (argv[i], FALSE, NULL, &error);
      SignetCliWait w = { 0 };

      if (gun == NULL)
        return signet_cli_fail (error);
      signet_ops_remove_signer_async (ops, gun, argv[1], NULL, signet_cli_wait_cb, &w);
      code = wait_op (ops, &w);
      if (code != SIGNET_CLI_EXIT_OK)
        return code;
    }
  return SIGNET_CLI_EXIT_OK;
}

static const SignetCliSubcommand signer_commands[] = {
  { "add", signer_add, N_("Add a signer to repositories (docker trust signer add)") },
  { "remove", signer_remove, N_("Remove a signer from repositories (docker trust signer remove)") },
  { "rm", signer_remove, NULL },
  { NULL }
};

int
signet_cli_signer_run (int    argc,
                       char **argv)
{
  return signet_cli_dispatch ("signer", signer_commands, argc, argv);
}

/* ---- delegation ----------------------------------------------------------------------- */

static GStrv
split_paths (const char *paths)
{
  return paths ? g_strsplit (paths, ",", -1) : NULL;
}

static int
delegation_add (int    argc,
                char **argv)
{
  g_autofree char *paths = NULL;
  gboolean all_paths = FALSE;
  int threshold = 0;
  const GOptionEntry entries[] = {
    { "paths", 0, 0, G_OPTION_ARG_STRING, &paths, N_("Comma-separated path prefixes it may sign"), N_("P,…") },
    { "all-paths", 0, 0, G_OPTION_ARG_NONE, &all_paths, N_("It may sign every path"), NULL },
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold, N_("Signatures needed (default 1)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, "GUN ROLE [KEY.pem…]", _("Add or extend a delegation (notary delegation add)"),
                                                   entries, FALSE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  g_auto(GStrv) pems = NULL;
  g_auto(GStrv) path_list = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 3)
    return signet_cli_usage_error (context, _("Give a GUN and a ROLE"));
  if (threshold < 0)
    return signet_cli_usage_error (context, _("The threshold must be at least 1"));
  path_list = split_paths (paths);
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL ||
      (pems = read_key_files (argv + 3, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_add_delegation_async (ops, gun, argv[2], (const char * const *) pems,
                                   (const char * const *) path_list, all_paths, threshold, NULL,
                                   signet_cli_wait_cb, &w);
  return wait_op (ops, &w);
}

static int
delegation_remove (int    argc,
                   char **argv)
{
  g_autofree char *paths = NULL;
  gboolean all_paths = FALSE;
  const GOptionEntry entries[] = {
    { "paths", 0, 0, G_OPTION_ARG_STRING, &paths, N_("Comma-separated paths to remove"), N_("P,…") },
    { "all-paths", 0, 0, G_OPTION_ARG_NONE, &all_paths, N_("Remove every path"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, "GUN ROLE [KEYID…]", _("Remove a delegation, or keys or paths from it"),
                                                   entries, TRUE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  g_auto(GStrv) path_list = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 3)
    return signet_cli_usage_error (context, _("Give a GUN and a ROLE"));
  path_list = split_paths (paths);
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_remove_delegation_async (ops, gun, argv[2], (const char * const *) argv + 3,
                                      (const char * const *) path_list, all_paths, NULL, signet_cli_wait_cb,
                                      &w);
  return wait_op (ops, &w);
}

/* Every delegation listed by @role's file (whether or not it has a file of its own yet),
 * then those of its loaded children. */
static void
print_delegations (SignetTufRepo *tuf,
                   const char    *role)
{
  SignetTufMetadata *parent = _signet_tuf_repo_get_targets (tuf, role);

  for (guint i = 0; parent != NULL && i < parent->delegations->len; i++)
    {
      SignetTufRole *entry = g_ptr_array_index (parent->delegations, i);
      g_autoptr(GString) paths = g_string_new (NULL);

      for (guint j = 0; j < entry->paths->len; j++)
        {
          const char *p = g_ptr_array_index (entry->paths, j);

          g_string_append_printf (paths, "%s%s", j ? "," : "", *p ? p : "\"\" <all paths>");
        }
      for (guint j = 0; j < MAX (entry->keyids->len, 1); j++)
        {
          SignetPublicKey *key = j < entry->keyids->len
                                 ? g_hash_table_lookup (parent->keys, g_ptr_array_index (entry->keyids, j))
                                 : NULL;

          if (j == 0)
            printf ("%-24s %-24s %-66s %" G_GINT64_FORMAT "\n", entry->name, paths->str,
                    key ? _signet_public_key_get_canonical_id (key) : "", entry->threshold);
          else
            printf ("%-24s %-24s %-66s\n", "", "", key ? _signet_public_key_get_canonical_id (key) : "");
        }
    }
  for (guint i = 0; parent != NULL && i < parent->delegations->len; i++)
    print_delegations (tuf, ((SignetTufRole *) g_ptr_array_index (parent->delegations, i))->name);
}

static int
delegation_list (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = new_context (NULL, "GUN", _("List the delegations (notary delegation list)"),
                                                   NULL, FALSE);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *gun = NULL;
  SignetTufRepo *tuf;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return signet_cli_usage_error (context, _("Give one GUN"));
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL ||
      (remote = signet_cli_remote_new (&opts, NULL, &error)) == NULL)
    return signet_cli_fail (error);
  signet_repository_load_async (remote, opts.trust_dir, gun, SIGNET_REPOSITORY_LOAD_NONE, NULL,
                                signet_cli_wait_cb, &w);
  signet_cli_wait (&w.done);
  repo = signet_repository_load_finish (w.result, &error);
  g_clear_object (&w.result);
  if (repo == NULL)
    return signet_cli_fail (error);
  tuf = _signet_repository_get_tuf_repo (repo);
  printf ("%-24s %-24s %-66s %s\n", "ROLE", "PATHS", "KEY IDS", "THRESHOLD");
  print_delegations (tuf, "targets");
  return SIGNET_CLI_EXIT_OK;
}

static const SignetCliSubcommand delegation_commands[] = {
  { "add", delegation_add, N_("Add or extend a delegation (notary delegation add)") },
  { "remove", delegation_remove, N_("Remove a delegation, or keys or paths from it") },
  { "rm", delegation_remove, NULL },
  { "list", delegation_list, N_("List the delegations (notary delegation list)") },
  { NULL }
};

int
signet_cli_delegation_run (int    argc,
                           char **argv)
{
  return signet_cli_dispatch ("delegation", delegation_commands, argc, argv);
}

/* ---- rotate, witness ------------------------------------------------------------------ */

int
signet_cli_rotate_run (int    argc,
                       char **argv)
{
  gboolean server = FALSE;
  char *key_file = NULL;
  int legacy = 0;
  g_autofree char *key_pem = NULL;
  gsize key_len = 0;
  const GOptionEntry entries[] = {
    { "server-managed", 'r', 0, G_OPTION_ARG_NONE, &server,
      N_("The server makes and holds the new key (snapshot, timestamp)"), NULL },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Use this private key (PEM) as the new key; it is imported into the trust directory"), N_("KEY.pem") },
    { "legacy", 'l', 0, G_OPTION_ARG_INT, &legacy,
      N_("Also sign the new root with the root keys of the N previous versions (for old clients)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("rotate", "GUN ROLE", _("Rotate the key of root, targets, snapshot or timestamp"),
                                                   entries, TRUE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc != 3)
    return signet_cli_usage_error (context, _("Give a GUN and a ROLE"));
  if (legacy < 0)
    return signet_cli_usage_error (context, _("--legacy takes a number of versions, 0 or more"));
  if (key_file != NULL && !g_file_get_contents (key_file, &key_pem, &key_len, &error))
    {
      g_free (key_file);
      return signet_cli_fail (error);
    }
  g_free (key_file);
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_rotate_full_async (ops, gun, argv[2], server, key_pem, (guint) legacy, NULL,
                                signet_cli_wait_cb, &w);
  if (key_pem != NULL)
    OPENSSL_cleanse (key_pem, key_len);
  return wait_op (ops, &w);
}

int
signet_cli_witness_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = new_context ("witness", "GUN ROLE…", _("Re-sign roles to renew their expiry"),
                                                   NULL, FALSE);
  g_autoptr(SignetOps) ops = NULL;
  g_autofree char *gun = NULL;
  GError *error = NULL;
  SignetCliWait w = { 0 };
  int code;

  if (!signet_cli_context_parse (context, &opts, TRUE, &argc, &argv, &code))
    return code;
  if (argc < 3)
    return signet_cli_usage_error (context, _("Give a GUN and at least one ROLE"));
  if ((gun = gun_of (argv[1], FALSE, NULL, &error)) == NULL || (ops = new_ops (&error)) == NULL)
    return signet_cli_fail (error);
  signet_ops_witness_async (ops, gun, (const char * const *) argv + 2, NULL, signet_cli_wait_cb, &w);
  return wait_op (ops, &w);
}
