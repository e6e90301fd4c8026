/* test-ops-publish.c: what every Signet publish does besides its change, on the real testbed.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs through tests/testbed/with-testbed --populate -- test-ops-publish --tap:
 *
 * - custom data: targets carrying custom JSON given in a non-canonical form (unsorted keys,
 *   <>&), published with Signet's builder, are accepted by notary-server and verified by the
 *   notary CLI; a later Signet sign re-signs them and they stay verifiable (notary-v1.md §11);
 * - root near expiry: a root that expires within 6 months (published with Signet's builder)
 *   is re-signed by the next publish with a 10-year expiry, and the notary CLI still
 *   verifies the repository, from scratch and from a cache holding the old root (§9, §10).
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-ops-private.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"

#define CUSTOM_IN "{\"z\": 1, \"a\": \"<x>&\", \"m\": {\"k\": [2, 1], \"b\": null}}"
#define CUSTOM_FILE "\"custom\":{\"a\":\"\\u003cx\\u003e\\u0026\",\"m\":{\"b\":null,\"k\":[2,1]},\"z\":1}"

static char *base;
static char *trust_dir;
static char *gun;
static SignetRemote *remote;
static SignetOps *ops;
static SignetPassphraseChain *chain;

/* ---- helpers ---- */

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static SignetRepository *
load (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  SignetRepository *repo;

  _signet_repository_load_at_async (remote, trust_dir, gun, SIGNET_REPOSITORY_LOAD_NONE, 0, NULL,
                                    done_cb, &result);
  repo = signet_repository_load_finish (wait_for (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return repo;
}

static GBytes *
server_file (const char *path)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  _signet_remote_trust_get_async (remote, gun, path, SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL, done_cb, &result);
  bytes = _signet_remote_trust_get_finish (remote, wait_for (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return bytes;
}

static gboolean
sign_cb (gpointer       key,
         const guint8  *msg,
         gsize          len,
         char         **method,
         GBytes       **sig,
         GError       **error)
{
  *sig = _signet_private_key_sign (key, msg, len, error);
  if (*sig == NULL)
    return FALSE;
  *method = g_strdup (_signet_private_key_get_method (key));
  return TRUE;
}

/* Signs @md (version + 1, expiry now + @lifetime) with the held key of @role in root and
 * publishes it alone: the server signs the snapshot (it holds the snapshot key). */
static void
publish_with_builder (SignetTufRepo     *tuf,
                      SignetTufMetadata *md,
                      const char        *role,
                      gint64             lifetime)
{
  SignetTufMetadata *root = _signet_tuf_repo_get_root (tuf);
  SignetTufRole *entry = g_hash_table_lookup (root->roles, role);
  const char *keyid = g_ptr_array_index (entry->keyids, 0);
  SignetPublicKey *pub = g_hash_table_lookup (root->keys, keyid);
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (trust_dir);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  SignetTufSigner *signer = g_new0 (SignetTufSigner, 1);
  GAsyncResult *result = NULL;
  GBytes *bytes;

  key = _signet_passphrase_chain_unlock (chain, keystore, _signet_public_key_get_canonical_id (pub),
                                         NULL, NULL, &error);
  g_assert_no_error (error);
  signer->keyid = keyid;
  signer->key = key;
  g_ptr_array_add (signers, signer);
  _signet_tuf_metadata_bump (md, g_get_real_time () / G_USEC_PER_SEC, lifetime);
  bytes = _signet_tuf_metadata_sign (md, signers, sign_cb, &error);
  g_assert_no_error (error);
  g_hash_table_insert (files, g_strdup (role), bytes);
  _signet_remote_trust_publish_async (remote, gun, files, NULL, done_cb, &result);
  _signet_remote_trust_publish_finish (remote, wait_for (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
}

/* `notary list GUN` with the trust dir @dir (removed first with @fresh): exit status and
 * output. */
static gboolean
notary_list (const char  *dir,
             gboolean     fresh,
             char       **out)
{
  const char *argv[] = { "notary", "-s", g_getenv ("SIGNET_NOTARY_URL"), "-d", dir, "--tlscacert",
                         g_getenv ("SIGNET_TESTBED_CA"), "list", gun, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (fresh)
    {
      const char *rm[] = { "rm", "-rf", dir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("notary list (%s): %s%s", fresh ? "fresh" : "cached", *out, err);
  return g_spawn_check_wait_status (status, NULL);
}

static gboolean
lists_tag (const char *out,
           const char *tag)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", 2);

      if (fields[0] != NULL && g_str_equal (fields[0], tag))
        return TRUE;
    }
  return FALSE;
}

static SignetRepository *
sign_tag (const char  *tag,
          GStrv       *messages,
          GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%s:%s", gun, tag);
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);
  GAsyncResult *result = NULL;
  SignetRepository *repo;

  g_assert_nonnull (ref);
  signet_ops_sign_async (ops, &ref, 1, NULL, done_cb, &result);
  repo = signet_ops_finish (ops, wait_for (&result), messages, error);
  g_object_unref (result);
  return repo;
}

/* ---- tests ---- */

static void
test_custom_data (void)
{
  g_autoptr(SignetRepository) repo = load ();
  SignetTufRepo *tuf = _signet_repository_get_tuf_repo (repo);
  g_autoptr(SignetTufMetadata) targets = _signet_tuf_metadata_copy (_signet_tuf_repo_get_targets (tuf, "targets"));
  g_autofree char *fresh = g_build_filename (base, "notary-fresh", NULL);
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) server = NULL;
  g_autoptr(SignetRepository) after = NULL;
  g_autoptr(GError) error = NULL;
  SignetTufFileMeta *meta = _signet_tuf_file_meta_new ();
  SignetTufFileMeta *kept;
  guint8 digest[32];

  memset (digest, 0xab, sizeof digest);
  meta->length = 3;
  g_hash_table_insert (meta->hashes, g_strdup ("sha256"), g_bytes_new (digest, sizeof digest));
  meta->custom = json_from_string (CUSTOM_IN, &error);
  g_assert_no_error (error);
  _signet_tuf_metadata_set_target (targets, "with-custom", meta);
  publish_with_builder (tuf, targets, "targets", SIGNET_TUF_LIFETIME_TARGETS);

  server = server_file ("targets.json");
  text = g_strndup (g_bytes_get_data (server, NULL), g_bytes_get_size (server));
  g_assert_nonnull (strstr (text, CUSTOM_FILE));
  g_assert_true (notary_list (fresh, TRUE, &out));
  g_assert_true (lists_tag (out, "with-custom"));
  g_clear_pointer (&out, g_free);

  /* a Signet operation re-signs targets with the custom data in it */
  after = sign_tag ("15", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after);
  kept = g_hash_table_lookup (_signet_tuf_repo_get_targets (_signet_repository_get_tuf_repo (after), "targets")->targets,
                              "with-custom");
  g_assert_nonnull (kept);
  g_assert_nonnull (kept->custom);
  g_clear_pointer (&server, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  server = server_file ("targets.json");
  text = g_strndup (g_bytes_get_data (server, NULL), g_bytes_get_size (server));
  g_assert_nonnull (strstr (text, CUSTOM_FILE));
  g_assert_nonnull (strstr (text, "\"15\":"));
  g_assert_true (notary_list (fresh, TRUE, &out));
  g_assert_true (lists_tag (out, "with-custom"));
  g_assert_true (lists_tag (out, "15"));
}

static void
test_root_near_expiry (void)
{
  g_autoptr(SignetRepository) repo = load ();
  SignetTufRepo *tuf = _signet_repository_get_tuf_repo (repo);
  g_autoptr(SignetTufMetadata) root = _signet_tuf_metadata_copy (_signet_tuf_repo_get_root (tuf));
  g_autofree char *fresh = g_build_filename (base, "notary-fresh", NULL);
  g_autofree char *cached = g_build_filename (base, "notary-cached", NULL);
  g_autofree char *out = NULL;
  g_autoptr(SignetRepository) short_repo = NULL;
  g_autoptr(SignetRepository) after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) messages = NULL;
  g_autoptr(GBytes) server_root = NULL;
  SignetTufMetadata *short_root, *new_root;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean noted = FALSE;

  /* a notary client that trusts the current root */
  g_assert_true (notary_list (cached, TRUE, &out));
  g_clear_pointer (&out, g_free);

  /* root re-published to expire in 90 days */
  publish_with_builder (tuf, root, "root", 90 * 86400);
  short_repo = load ();
  short_root = _signet_tuf_repo_get_root (_signet_repository_get_tuf_repo (short_repo));
  g_assert_cmpint (short_root->expires - now, <, 182 * 86400);
  g_assert_true (notary_list (cached, FALSE, &out));
  g_clear_pointer (&out, g_free);

  /* any publish (here: sign) re-signs it */
  after = sign_tag ("15", &messages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after);
  for (guint i = 0; messages[i] != NULL; i++)
    {
      g_test_message ("%s", messages[i]);
      noted |= strstr (messages[i], "root.json expires within 6 months: re-signed it") != NULL;
    }
  g_assert_true (noted);
  new_root = _signet_tuf_repo_get_root (_signet_repository_get_tuf_repo (after));
  g_assert_cmpint (new_root->version, ==, short_root->version + 1);
  /* 10 years (3650 days) from the publish */
  g_assert_cmpint (new_root->expires, >=, now + SIGNET_TUF_LIFETIME_ROOT);
  g_assert_cmpint (new_root->expires, <=, g_get_real_time () / G_USEC_PER_SEC + SIGNET_TUF_LIFETIME_ROOT);
  server_root = server_file ("root.json");
  g_assert_true (g_bytes_equal (server_root,
                                g_hash_table_lookup (_signet_tuf_repo_get_files (_signet_repository_get_tuf_repo (after)), "root")));

  /* the real notary verifies it: from scratch and from the cache holding the 90-day root */
  g_assert_true (notary_list (fresh, TRUE, &out));
  g_assert_true (lists_tag (out, "15"));
  g_clear_pointer (&out, g_free);
  g_assert_true (notary_list (cached, FALSE, &out));
  g_assert_true (lists_tag (out, "15"));
}

static void
test_root_far_from_expiry (void)
{
  g_autoptr(SignetRepository) before = load ();
  gint64 version = _signet_tuf_repo_get_root (_signet_repository_get_tuf_repo (before))->version;
  g_autoptr(SignetRepository) after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) messages = NULL;

  /* a root 10 years out is left alone */
  after = sign_tag ("15", &messages, &error);
  g_assert_no_error (error);
  g_assert_cmpint (_signet_tuf_repo_get_root (_signet_repository_get_tuf_repo (after))->version, ==, version);
  for (guint i = 0; messages[i] != NULL; i++)
    g_assert_null (strstr (messages[i], "root.json"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  GAsyncResult *result = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("SIGNET_REGISTRY") == NULL || g_getenv ("SIGNET_NOTARY_URL") == NULL)
    {
      g_test_skip ("run through tests/testbed/with-testbed --populate");
      return g_test_run ();
    }
  g_setenv ("SIGNET_NO_KEYRING", "1", TRUE);
  base = g_dir_make_tmp ("signet-ops-publish.XXXXXX", &error);
  g_assert_no_error (error);
  trust_dir = g_build_filename (base, "trust", NULL);
  gun = g_strdup_printf ("%s/demo/db", g_getenv ("SIGNET_REGISTRY"));

  remote = signet_remote_new (NULL, &error);
  g_assert_no_error (error);
  ops = signet_ops_new (remote, trust_dir);
  chain = _signet_passphrase_chain_new ();
  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_ops_set_passphrase_chain (ops, chain);

  /* docker's layout: snapshot key on the server, so single-role publishes get a snapshot */
  signet_ops_init_async (ops, gun, NULL, FALSE, FALSE, NULL, done_cb, &result);
  repo = signet_ops_finish (ops, wait_for (&result), NULL, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  g_test_add_func ("/Signet/Unit/ops/publish/custom-data", test_custom_data);
  g_test_add_func ("/Signet/Unit/ops/publish/root-far-from-expiry", test_root_far_from_expiry);
  g_test_add_func ("/Signet/Unit/ops/publish/root-near-expiry", test_root_near_expiry);
  rc = g_test_run ();

  g_clear_object (&ops);
  g_clear_object (&chain);
  g_clear_object (&remote);
  {
    const char *rm[] = { "rm", "-rf", base, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return rc;
}
