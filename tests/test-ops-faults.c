/* test-ops-faults.c: signing operations that fail must say why and lose nothing.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the real testbed (tests/testbed/with-testbed --populate -- test-ops-faults --tap):
 * wrong passphrase, missing key, the server refusing an update (400), the server going away
 * in the middle of a publish, and a concurrent change on the server (retried once, then a
 * clear error). After each failure the key store and the trust cache are as before and the
 * server still has the old data.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-error.h"
#include "signet-ops-private.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"

static char *trust_dir;
static char *other_dir;       /* a copy of the keys, for the concurrent writer */
static char *gun;
static SignetRemote *remote;
static SignetOps *ops;

/* ---- helpers ---- */

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
sum_tree (GChecksum  *sum,
          const char *dir,
          const char *rel)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *r = g_build_filename (rel, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize len;

      /* regular files only: the cache writer may leave an empty scratch directory */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        sum_tree (sum, path, r);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        {
          g_checksum_update (sum, (const guchar *) r, strlen (r) + 1);
          g_checksum_update (sum, (const guchar *) contents, len);
        }
    }
}

/* Every file name and byte under the trust dir (keys and cache). */
static char *
state (void)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  sum_tree (sum, trust_dir, "");
  return g_strdup (g_checksum_get_string (sum));
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (void)
{
  return NULL;
}

static SignetRepository *
finish (GAsyncResult **slot,
        GError       **error)
{
  SignetRepository *repo;

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  repo = signet_ops_finish (ops, *slot, NULL, error);
  g_clear_object (slot);
  return repo;
}

static SignetRepository *
sign_tag (const char  *tag,
          GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%s:%s", gun, tag);
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);
  GAsyncResult *result = wait_result ();

  signet_ops_sign_async (ops, &ref, 1, NULL, done_cb, &result);
  return finish (&result, error);
}

static GBytes *
server_file (const char *path)
{
  GAsyncResult *result = NULL;
  GBytes *bytes;
  g_autoptr(GError) error = NULL;

  _signet_remote_trust_get_async (remote, gun, path, SIGNET_TUF_MAX_UNKNOWN_SIZE, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  bytes = _signet_remote_trust_get_finish (remote, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return bytes;
}

static char *
key_path (const char *role)
{
  g_autofree char *dir = g_build_filename (trust_dir, "private", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *header = g_strdup_printf ("\nrole: %s\n", role);

      if (g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, header) != NULL)
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* ---- hooks ---- */

static void
corrupt_targets_hook (SignetOps  *o,
                      GHashTable *files,
                      guint       attempt,
                      gpointer    user_data)
{
  GBytes *targets = g_hash_table_lookup (files, "targets");
  gsize len = g_bytes_get_size (targets);
  guint8 *data = g_memdup2 (g_bytes_get_data (targets, NULL), len);
  char *sig = g_strstr_len ((char *) data, len, "\"sig\":\"");

  g_assert_nonnull (sig);
  sig[8] = sig[8] == 'A' ? 'B' : 'A';   /* a signature that no longer verifies */
  g_hash_table_insert (files, g_strdup ("targets"), g_bytes_new_take (data, len));
}

static void
server_down_hook (SignetOps  *o,
                  GHashTable *files,
                  guint       attempt,
                  gpointer    user_data)
{
  /* The server goes away: the publish reaches a listener that drops the connection. */
  g_assert_true (signet_remote_set_trust_server (remote, g_getenv ("SIGNET_REGISTRY"),
                                                 user_data, NULL));
}

static void
concurrent_hook (SignetOps  *o,
                 GHashTable *files,
                 guint       attempt,
                 gpointer    user_data)
{
  guint *limit = user_data;
  const char *argv[] = { g_getenv ("SIGNET_CLI"), "witness", "-d", other_dir, gun, "targets", NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;
  g_auto(GStrv) envp = NULL;

  if (attempt >= *limit)
    return;
  /* another client publishes a change between our fetch and our POST */
  envp = g_environ_setenv (g_get_environ (), "DOCKER_CONTENT_TRUST_SERVER", g_getenv ("SIGNET_NOTARY_URL"), TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* ---- tests ---- */

static void
test_wrong_passphrase (void)
{
  g_autofree char *before = state ();
  g_autoptr(GBytes) server_before = server_file ("targets.json");
  g_autoptr(GBytes) server_after = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *saved1 = g_strdup (g_getenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE"));
  g_autofree char *saved2 = g_strdup (g_getenv ("NOTARY_TARGETS_PASSPHRASE"));

  g_setenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "not-the-passphrase", TRUE);
  g_setenv ("NOTARY_TARGETS_PASSPHRASE", "not-the-passphrase", TRUE);
  repo = sign_tag ("15", &error);
  g_setenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", saved1, TRUE);
  g_setenv ("NOTARY_TARGETS_PASSPHRASE", saved2, TRUE);

  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_assert_nonnull (strstr (error->message, "Cannot unlock key"));
  after = state ();
  g_assert_cmpstr (before, ==, after);
  server_after = server_file ("targets.json");
  g_assert_true (g_bytes_equal (server_before, server_after));
}

static void
test_missing_key (void)
{
  g_autofree char *path = key_path ("targets");
  g_autofree char *moved = g_strconcat (trust_dir, "/../moved-targets.key", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  before = state ();
  repo = sign_tag ("15", &error);
  after = state ();
  g_assert_cmpint (g_rename (moved, path), ==, 0);

  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "holds 0 of its keys"));
  g_assert_cmpstr (before, ==, after);
}

static void
test_server_rejects (void)
{
  g_autofree char *before = state ();
  g_autoptr(GBytes) server_before = server_file ("targets.json");
  g_autoptr(GBytes) server_after = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  _signet_ops_set_publish_hook (ops, corrupt_targets_hook, NULL);
  repo = sign_tag ("15", &error);
  _signet_ops_set_publish_hook (ops, NULL, NULL);

  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_SERVER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The server refused the update"));
  after = state ();
  g_assert_cmpstr (before, ==, after);
  server_after = server_file ("targets.json");
  g_assert_true (g_bytes_equal (server_before, server_after));
}

static gboolean
drop_cb (GThreadedSocketService *service,
         GSocketConnection *connection,
         GObject           *source,
         gpointer           user_data)
{
  char buf[64];

  /* read the start of the request, then go away */
  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buf, sizeof buf, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_server_down (void)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (4);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *url = NULL;
  g_autofree char *before = state ();
  g_autofree char *after = NULL;
  g_autofree char *old_targets = key_path ("targets");
  g_autoptr(GBytes) server_before = server_file ("root.json");
  g_autoptr(GBytes) server_after = NULL;
  GAsyncResult *result = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), addr, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (drop_cb), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("https://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  /* a sign: nothing new on disk */
  _signet_ops_set_publish_hook (ops, server_down_hook, url);
  repo = sign_tag ("15", &error);
  g_assert_true (signet_remote_set_trust_server (remote, g_getenv ("SIGNET_REGISTRY"),
                                                 g_getenv ("SIGNET_NOTARY_URL"), NULL));
  g_assert_null (repo);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Publishing"));
  after = state ();
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* a rotation: the old key is never lost, and the new one is kept while the outcome is unknown */
  signet_ops_rotate_async (ops, gun, "targets", FALSE, NULL, done_cb, &result);
  repo = finish (&result, &error);
  g_assert_true (signet_remote_set_trust_server (remote, g_getenv ("SIGNET_REGISTRY"),
                                                 g_getenv ("SIGNET_NOTARY_URL"), NULL));
  _signet_ops_set_publish_hook (ops, NULL, NULL);
  g_assert_null (repo);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "new keys are kept"));
  g_assert_true (g_file_test (old_targets, G_FILE_TEST_EXISTS));
  server_after = server_file ("root.json");
  g_assert_true (g_bytes_equal (server_before, server_after));
  g_socket_service_stop (service);
}

static void
test_conflict_retried (void)
{
  guint limit = 1;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = server_file ("targets.json");
  g_autoptr(SignetTufMetadata) old_targets = _signet_tuf_metadata_parse ("targets", before, NULL, NULL);
  SignetTufMetadata *targets;

  _signet_ops_set_publish_hook (ops, concurrent_hook, &limit);
  repo = sign_tag ("15", &error);
  _signet_ops_set_publish_hook (ops, NULL, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (repo);
  targets = _signet_tuf_repo_get_targets (_signet_repository_get_tuf_repo (repo), "targets");
  /* the concurrent witness (+1) and our sign on top of it (+1) */
  g_assert_cmpint (targets->version, ==, old_targets->version + 2);
  g_assert_true (g_hash_table_contains (targets->targets, "15"));
}

static void
test_conflict_twice (void)
{
  guint limit = 2;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys_before = NULL;
  g_autofree char *keys_after = NULL;
  g_autofree char *priv = g_build_filename (trust_dir, "private", NULL);
  g_autoptr(GChecksum) a = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) b = g_checksum_new (G_CHECKSUM_SHA256);
  GAsyncResult *result = NULL;

  sum_tree (a, priv, "");
  keys_before = g_strdup (g_checksum_get_string (a));
  _signet_ops_set_publish_hook (ops, concurrent_hook, &limit);
  signet_ops_revoke_async (ops, gun, "15", NULL, done_cb, &result);
  repo = finish (&result, &error);
  _signet_ops_set_publish_hook (ops, NULL, NULL);
  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "changed on the server while this change was published, twice"));
  sum_tree (b, priv, "");
  keys_after = g_strdup (g_checksum_get_string (b));
  g_assert_cmpstr (keys_before, ==, keys_after);
}

static void
copy_dir (const char *from,
          const char *to)
{
  const char *argv[] = { "cp", "-a", from, to, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *base = NULL;
  GAsyncResult *result = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("SIGNET_REGISTRY") == NULL || g_getenv ("SIGNET_CLI") == NULL)
    {
      g_test_skip ("run through tests/testbed/with-testbed --populate with SIGNET_CLI set");
      return g_test_run ();
    }
  g_setenv ("SIGNET_NO_KEYRING", "1", TRUE);
  base = g_dir_make_tmp ("signet-ops-faults.XXXXXX", &error);
  g_assert_no_error (error);
  trust_dir = g_build_filename (base, "trust", NULL);
  other_dir = g_build_filename (base, "other", NULL);
  gun = g_strdup_printf ("%s/demo/db", g_getenv ("SIGNET_REGISTRY"));

  /* the tests move the notary server, which $DOCKER_CONTENT_TRUST_SERVER would override */
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  remote = signet_remote_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (signet_remote_set_trust_server (remote, g_getenv ("SIGNET_REGISTRY"),
                                                 g_getenv ("SIGNET_NOTARY_URL"), &error));
  ops = signet_ops_new (remote, trust_dir);
  chain = _signet_passphrase_chain_new ();
  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_ops_set_passphrase_chain (ops, chain);

  signet_ops_init_async (ops, gun, NULL, FALSE, FALSE, NULL, done_cb, &result);
  repo = finish (&result, &error);
  g_assert_no_error (error);
  copy_dir (trust_dir, other_dir);

  g_test_add_func ("/Signet/Unit/ops/faults/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/Signet/Unit/ops/faults/missing-key", test_missing_key);
  g_test_add_func ("/Signet/Unit/ops/faults/server-rejects", test_server_rejects);
  g_test_add_func ("/Signet/Unit/ops/faults/server-down", test_server_down);
  g_test_add_func ("/Signet/Unit/ops/faults/conflict-retried", test_conflict_retried);
  g_test_add_func ("/Signet/Unit/ops/faults/conflict-twice", test_conflict_twice);
  rc = g_test_run ();

  g_clear_object (&ops);
  g_clear_object (&remote);
  {
    const char *rm[] = { "rm", "-rf", base, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return rc;
}
