/* test-repository.c: loading trust data through the updater, the atomic cache.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-remote-private.h"
#include "signet-repository-private.h"
#include "tuf-test-util.h"

typedef struct
{
  SoupServer   *server;
  char         *url;
  char         *host_port;
  char         *gun;
  char         *prefix;      /* /v2/<gun>/_trust/tuf/ */
  char         *trust_dir;
  char         *docker_dir;
  SignetRemote *remote;
  TestRepo     *repo;
  GHashTable   *serving;     /* path -> GBytes; NULL: repo->server */
  guint         requests;
  const char   *watch;       /* count the requests for paths containing this */
  guint         watched;
} Fixture;

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *f = user_data;
  GHashTable *files = f->serving ? f->serving : (f->repo ? f->repo->server : NULL);
  GBytes *bytes = NULL;

  f->requests++;
  if (f->watch != NULL && strstr (path, f->watch) != NULL)
    f->watched++;
  if (files != NULL && g_str_has_prefix (path, f->prefix))
    bytes = g_hash_table_lookup (files, path + strlen (f->prefix));
  if (bytes == NULL)
    {
      const char *body = "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"not found\"}]}";

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                        strlen (body));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  f->server = soup_server_new (NULL, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->host_port = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->url = g_strdup_printf ("http://%s", f->host_port);
  f->gun = g_strdup_printf ("%s/demo/web", f->host_port);
  f->prefix = g_strdup_printf ("/v2/%s/_trust/tuf/", f->gun);
  soup_server_add_handler (f->server, "/v2", serve_cb, f, NULL);

  f->docker_dir = g_dir_make_tmp ("signet-repo-docker-XXXXXX", &error);
  g_assert_no_error (error);
  f->trust_dir = g_build_filename (f->docker_dir, "trust", NULL);
  f->remote = signet_remote_new (f->docker_dir, &error);
  g_assert_no_error (error);
  signet_remote_set_allow_insecure_loopback (f->remote, TRUE);
  g_assert_true (signet_remote_set_trust_server (f->remote, f->host_port, f->url, &error));

  f->repo = test_repo_new (f->gun, now_s ());
  test_repo_add_target (f->repo, "targets", "v1", "manifest v1");
  test_repo_add_delegation (f->repo, "targets/releases", NULL);
  test_repo_add_target (f->repo, "targets/releases", "v1", "manifest v1");
  test_repo_publish (f->repo);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_finalize_object (f->remote);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_clear_pointer (&f->repo, test_repo_free);
  g_clear_pointer (&f->serving, g_hash_table_unref);
  rm_rf (f->docker_dir);
  g_free (f->docker_dir);
  g_free (f->trust_dir);
  g_free (f->url);
  g_free (f->host_port);
  g_free (f->gun);
  g_free (f->prefix);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static SignetRepository *
load (Fixture                    *f,
      SignetRepositoryLoadFlags   flags,
      GError                    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_repository_load_async ((flags & SIGNET_REPOSITORY_LOAD_OFFLINE) ? NULL : f->remote,
                                f->trust_dir, f->gun, flags, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return signet_repository_load_finish (result, error);
}

/* "relative/path sha256\n" for every file under @dir, sorted. */
static void
listing_walk (const char *dir,
              const char *rel,
              GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *r = rel[0] ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_add (out, g_strdup_printf ("%s/", r));
          listing_walk (path, r, out);
        }
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;
          g_autofree char *sum = NULL;

          g_file_get_contents (path, &contents, &len, NULL);
          sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, len);
          g_ptr_array_add (out, g_strdup_printf ("%s %s", r, sum));
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
listing (Fixture *f)
{
  g_autofree char *gun_dir = g_build_filename (f->trust_dir, "tuf", f->gun, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  listing_walk (gun_dir, "", lines);
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

static ino_t
metadata_inode (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->trust_dir, "tuf", f->gun, "metadata", NULL);
  struct stat st;

  if (g_stat (dir, &st) != 0)
    return 0;
  return st.st_ino;
}

static void
assert_cache_is_latest (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->trust_dir, "tuf", f->gun, "metadata", NULL);
  const char *roles[] = { "root", "targets", "snapshot", "timestamp", "targets/releases" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *name = g_strconcat (roles[i], ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      GBytes *want = g_hash_table_lookup (f->repo->latest, roles[i]);
      struct stat st;

      g_assert_nonnull (want);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpmem (contents, len, g_bytes_get_data (want, NULL), g_bytes_get_size (want));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
}

static void
test_first_use_and_update (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *changelist = g_build_filename (f->trust_dir, "tuf", f->gun, "changelist",
                                                  "00000000000000000001_x.change", NULL);
  ino_t inode;
  SignetTufMetadata *targets;

  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_repository_get_gun (repo), ==, f->gun);
  g_assert_false (signet_repository_is_offline (repo));
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets/releases", "v1"));
  assert_cache_is_latest (f);
  g_clear_object (&repo);

  /* Something else in the GUN's directory (a pending change) is left alone. */
  {
    g_autofree char *parent = g_path_get_dirname (changelist);

    g_mkdir_with_parents (parent, 0700);
    g_file_set_contents (changelist, "{}", -1, NULL);
  }

  /* Nothing new on the server: the cache is not rewritten. */
  inode = metadata_inode (f);
  before = listing (f);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&repo);
  g_assert_cmpuint (metadata_inode (f), ==, inode);
  after = listing (f);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* A new version: the whole directory is swapped for a new one, nothing left over. */
  test_repo_add_target (f->repo, "targets", "v2", "manifest v2");
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  targets = _signet_tuf_repo_get_targets (_signet_repository_get_tuf_repo (repo), "targets");
  g_assert_cmpint (targets->version, ==, f->repo->targets->version);
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets", "v2"));
  assert_cache_is_latest (f);
  g_assert_cmpuint (metadata_inode (f), !=, inode);
  after = listing (f);
  g_test_message ("%s", after);
  g_assert_true (g_file_test (changelist, G_FILE_TEST_IS_REGULAR));
  g_assert_null (strstr (after, ".metadata."));
  g_assert_nonnull (strstr (after, "metadata/targets/releases.json "));
}

static GHashTable *
corrupt_copy (GHashTable *server,
              const char *role_prefix)
{
  GHashTable *copy = test_bytes_table_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, server);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_bytes_ref (value));

  g_hash_table_iter_init (&iter, copy);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_suffix (key, ".json") && g_bytes_get_size (value) > 0 &&
        (g_str_has_prefix (key, role_prefix) ||
         (g_ascii_isdigit (((char *) key)[0]) && strstr (key, role_prefix) != NULL)))
      {
        gsize len = g_bytes_get_size (value);
        guint8 *data = g_memdup2 (g_bytes_get_data (value, NULL), len);
        char *sig = g_strstr_len ((char *) data, len, "\"version\":");

        g_assert_nonnull (sig);
        /* Change the version digit: the file no longer matches its hash or signature. */
        sig[strlen ("\"version\":")] = '9';
        g_hash_table_iter_replace (&iter, g_bytes_new_take (data, len));
      }
  return copy;
}

static void
test_failed_update_leaves_cache (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GHashTable) old_server = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ino_t inode;

  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&repo);
  old_server = test_repo_copy_server (f->repo);

  /* A newer set on the server, but its snapshot is tampered with. */
  test_repo_add_target (f->repo, "targets", "evil", "manifest evil");
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);
  f->serving = corrupt_copy (f->repo->server, "snapshot");

  inode = metadata_inode (f);
  before = listing (f);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_assert_nonnull (error);
  g_test_message ("tampered snapshot: %s", error->message);
  g_assert_true (error->domain == SIGNET_ERROR);
  g_assert_true (error->code == SIGNET_ERROR_HASH_MISMATCH ||
                 error->code == SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, f->gun));
  g_clear_error (&error);
  after = listing (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (metadata_inode (f), ==, inode);
  g_clear_pointer (&after, g_free);

  /* Load the good new set, then the server rolls back to the old one. */
  g_clear_pointer (&f->serving, g_hash_table_unref);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&repo);
  g_clear_pointer (&before, g_free);
  before = listing (f);
  inode = metadata_inode (f);

  f->serving = g_hash_table_ref (old_server);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_test_message ("rollback: %s", error->message);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK);
  g_clear_error (&error);
  after = listing (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (metadata_inode (f), ==, inode);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  guint requests;

  /* Nothing cached yet. */
  repo = load (f, SIGNET_REPOSITORY_LOAD_OFFLINE, &error);
  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No cached trust data"));
  g_clear_error (&error);
  g_assert_cmpuint (f->requests, ==, 0);

  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&repo);

  requests = f->requests;
  repo = load (f, SIGNET_REPOSITORY_LOAD_OFFLINE, &error);
  g_assert_no_error (error);
  g_assert_true (signet_repository_is_offline (repo));
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets/releases", "v1"));
  g_assert_cmpuint (f->requests, ==, requests);
  g_clear_object (&repo);

  /* A cached file altered on disk is caught offline too. */
  {
    g_autofree char *path = g_build_filename (f->trust_dir, "tuf", f->gun, "metadata",
                                              "targets.json", NULL);
    g_autofree char *contents = NULL;
    char *v;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    v = strstr (contents, "\"version\":");
    g_assert_nonnull (v);
    v[strlen ("\"version\":")] = '7';
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    repo = load (f, SIGNET_REPOSITORY_LOAD_OFFLINE, &error);
    g_assert_null (repo);
    g_assert_nonnull (error);
    g_test_message ("altered cache: %s", error->message);
    g_assert_true (error->domain == SIGNET_ERROR);
  }
}

static void
test_no_trust_data (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *gun_dir = g_build_filename (f->trust_dir, "tuf", f->gun, NULL);

  f->serving = test_bytes_table_new ();
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_test_message ("%s", error->message);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (gun_dir, G_FILE_TEST_EXISTS));
}

static void
test_unsafe_gun (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetRepository) repo = NULL;

  signet_repository_load_async (f->remote, f->trust_dir, "reg.lan/../../etc", 0, NULL,
                                on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  repo = signet_repository_load_finish (result, &error);
  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_assert_cmpuint (f->requests, ==, 0);
  g_assert_false (g_file_test (f->trust_dir, G_FILE_TEST_EXISTS));
}

static void
test_write_cache (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = test_bytes_table_new ();
  g_autoptr(GHashTable) bad = test_bytes_table_new ();
  g_autoptr(GHashTable) back = NULL;
  g_autofree char *stale = g_build_filename (f->trust_dir, "tuf", f->gun, ".metadata.new-stale", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_hash_table_insert (files, g_strdup ("root"), g_bytes_new_static ("R", 1));
  g_hash_table_insert (files, g_strdup ("targets/a/b"), g_bytes_new_static ("AB", 2));
  g_assert_true (_signet_repository_write_cache (f->trust_dir, f->gun, files, &error));
  g_assert_no_error (error);
  back = _signet_repository_read_cache (f->trust_dir, f->gun, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (back), ==, 2);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (back, "targets/a/b"),
                                g_hash_table_lookup (files, "targets/a/b")));

  /* A bad role name fails the write before anything is swapped in; the temporary
   * directory is removed. */
  g_mkdir_with_parents (stale, 0700);
  before = listing (f);
  g_hash_table_insert (bad, g_strdup ("root"), g_bytes_new_static ("X", 1));
  g_hash_table_insert (bad, g_strdup ("../../escape"), g_bytes_new_static ("X", 1));
  g_assert_false (_signet_repository_write_cache (f->trust_dir, f->gun, bad, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  after = listing (f);
  g_assert_nonnull (strstr (before, ".metadata.new-stale/"));
  /* Only the stale leftover of an earlier crash went away. */
  g_assert_null (strstr (after, ".metadata."));
  g_assert_nonnull (strstr (after, "metadata/root.json"));
  {
    g_autofree char *root = g_build_filename (f->trust_dir, "tuf", f->gun, "metadata", "root.json", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (root, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "R");
  }
  g_assert_false (g_file_test (f->trust_dir, G_FILE_TEST_IS_SYMLINK));
}

/* A delegation dropped as expired keeps its cached (verified) file in the new cache, so
 * its version stays the rollback floor; an older copy served later is refused. */
static void
test_dropped_delegation_keeps_floor (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GHashTable) old_server = NULL;
  g_autofree char *path = g_build_filename (f->trust_dir, "tuf", f->gun, "metadata",
                                            "targets", "releases.json", NULL);
  g_autofree char *cached = NULL;
  g_autofree char *after = NULL;
  SignetTufMetadata *releases = g_hash_table_lookup (f->repo->delegations, "targets/releases");
  GBytes *v1 = NULL;
  const char * const *warnings;
  gsize len = 0;

  /* releases v1, then v2 (the floor) */
  old_server = test_repo_copy_server (f->repo);
  v1 = g_hash_table_lookup (f->repo->latest, "targets/releases");
  g_assert_nonnull (v1);
  v1 = g_bytes_ref (v1);
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&repo);
  g_assert_true (g_file_get_contents (path, &cached, &len, NULL));

  /* the server's releases expires: dropped with a warning, cached file kept */
  test_repo_bump (f->repo, FALSE);
  releases->expires = f->repo->now - 3600;
  test_repo_publish (f->repo);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_null (_signet_tuf_repo_get_targets (_signet_repository_get_tuf_repo (repo),
                                               "targets/releases"));
  warnings = signet_repository_get_warnings (repo);
  g_assert_nonnull (warnings);
  g_assert_nonnull (warnings[0]);
  g_test_message ("warning: %s", warnings[0]);
  g_clear_object (&repo);
  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpstr (after, ==, cached);

  /* releases comes back, but as the older v1 (same snapshot entry forged away: serve the
   * current set with v1 under the releases names the snapshot points to) */
  releases->expires = f->repo->now + 86400;
  test_repo_bump (f->repo, FALSE);
  releases->version = 1;
  test_repo_publish (f->repo);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_assert_nonnull (error);
  g_test_message ("older delegation: %s", error->message);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK);
  g_assert_nonnull (strstr (error->message, "targets/releases"));
  g_bytes_unref (v1);
}

/* A copy of the server files with the file of @role (every name it is served under)
 * replaced by @bytes, or removed when @bytes is NULL. */
static GHashTable *
serving_with (Fixture    *f,
              const char *role,
              GBytes     *bytes)
{
  GHashTable *copy = test_bytes_table_new ();
  g_autofree char *plain = g_strconcat (role, ".json", NULL);
  g_autofree char *prefix = g_strconcat (role, ".", NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, f->repo->server);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *path = key;
      gboolean of_role = g_str_equal (path, plain) ||
                         (g_str_has_prefix (path, prefix) && strlen (path) == strlen (prefix) + 64 + 5);

      if (!of_role)
        g_hash_table_insert (copy, g_strdup (path), g_bytes_ref (value));
      else if (bytes != NULL)
        g_hash_table_insert (copy, g_strdup (path), g_bytes_ref (bytes));
    }
  return copy;
}

/* Several delegations: the ones known ahead are fetched concurrently and parsed in worker
 * threads; each file is still fetched once and checked as it is fed, and a bad or
 * missing one fails the load as it would one at a time. */
static void
test_delegations_fetched_ahead (Fixture       *f,
                                gconstpointer  data)
{
  static const char *names[] = { "targets/a", "targets/b", "targets/c", "targets/d",
                                 "targets/e", "targets/f", "targets/g", "targets/h",
                                 "targets/a/x", "targets/a/y" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GBytes) bad = NULL;
  SignetTufRepo *tuf;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *tag = g_strdup_printf ("t%u", i);

      test_repo_add_delegation (f->repo, names[i], NULL);
      test_repo_add_target (f->repo, names[i], tag, tag);
    }
  /* a targets file big enough to take a while to parse */
  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *tag = g_strdup_printf ("many-%u", i);

      test_repo_add_target (f->repo, "targets", tag, tag);
    }
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);

  /* first use: every file once (root, timestamp, snapshot, targets, 11 delegations) */
  f->requests = 0;
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 4 + 1 + G_N_ELEMENTS (names));
  tuf = _signet_repository_get_tuf_repo (repo);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *tag = g_strdup_printf ("t%u", i);

      g_assert_nonnull (_signet_tuf_repo_get_target (tuf, names[i], tag));
    }
  g_assert_cmpuint (_signet_tuf_repo_get_target_roles (tuf)->len, ==, 2 + G_N_ELEMENTS (names));
  g_clear_object (&repo);

  /* again: only the timestamp is fetched, the rest comes from the cache */
  f->requests = 0;
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 1);
  g_clear_object (&repo);

  /* a new version where one delegation's file (fetched ahead) does not match the
   * snapshot: the load fails and the cache is left as it was */
  test_repo_add_target (f->repo, "targets/f", "t-new", "t-new");
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);
  bad = g_bytes_new_static ("{\"signed\":{}}", 13);
  f->serving = serving_with (f, "targets/f", bad);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "targets/f."));
  g_clear_error (&error);

  /* missing on the server */
  g_clear_pointer (&f->serving, g_hash_table_unref);
  f->serving = serving_with (f, "targets/g", NULL);
  f->watch = "/targets/g.";
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  /* the update is tried twice (root fetched again), and the second try asks again */
  g_assert_cmpuint (f->watched, ==, 2);
  f->watch = NULL;
  g_assert_null (repo);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "targets/g."));
  g_clear_error (&error);

  g_assert_cmpuint (_signet_tuf_metadata_parse_ahead_running (), ==, 0);

  /* the server gone: the load fails at once, and leaves no parse of the cached files
   * running behind it (a worker thread in OpenSSL while the process exits crashes) */
  {
    g_autoptr(GHashTable) empty = test_bytes_table_new ();

    g_clear_pointer (&f->serving, g_hash_table_unref);
    f->serving = g_steal_pointer (&empty);
    for (guint i = 0; i < 5; i++)
      {
        repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
        g_assert_null (repo);
        g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
        g_clear_error (&error);
        g_assert_cmpuint (_signet_tuf_metadata_parse_ahead_running (), ==, 0);
      }
  }

  /* all good again */
  g_clear_pointer (&f->serving, g_hash_table_unref);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets/f", "t-new"));
}

/* Deferred cache writes: the load completes with the verified data, the cache is in place
 * once _signet_repository_wait_cache_writes() returns, and a failed write is reported
 * there with the error the load gives without deferral. */
static void
test_deferred_cache_write (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRepository) repo = NULL;
  g_autofree char *gun_dir = g_build_filename (f->trust_dir, "tuf", f->gun, NULL);
  g_autofree char *parent = g_path_get_dirname (gun_dir);
  g_autofree char *direct_message = NULL;

  _signet_repository_defer_cache_writes (TRUE);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets/releases", "v1"));
  g_assert_true (_signet_repository_wait_cache_writes (&error));
  g_assert_no_error (error);
  assert_cache_is_latest (f);
  g_clear_object (&repo);
  /* nothing pending: waiting again is a no-op */
  g_assert_true (_signet_repository_wait_cache_writes (&error));

  /* a cache that cannot be written (the GUN's directory a dangling symbolic link) */
  test_repo_add_target (f->repo, "targets", "v2", "manifest v2");
  test_repo_bump (f->repo, FALSE);
  test_repo_publish (f->repo);
  rm_rf (gun_dir);
  g_mkdir_with_parents (parent, 0700);
  g_assert_cmpint (symlink ("/nonexistent/signet-test", gun_dir), ==, 0);

  _signet_repository_defer_cache_writes (FALSE);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_null (repo);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "could not be updated"));
  direct_message = g_strdup (strstr (error->message, "The trust data for"));
  g_clear_error (&error);

  _signet_repository_defer_cache_writes (TRUE);
  repo = load (f, SIGNET_REPOSITORY_LOAD_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (_signet_tuf_repo_get_target (_signet_repository_get_tuf_repo (repo),
                                                 "targets", "v2"));
  g_assert_false (_signet_repository_wait_cache_writes (&error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, direct_message);
  _signet_repository_defer_cache_writes (FALSE);
  g_unlink (gun_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/Signet/Unit/repository/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("first-use-and-update", test_first_use_and_update);
  ADD ("failed-update-leaves-cache", test_failed_update_leaves_cache);
  ADD ("offline", test_offline);
  ADD ("no-trust-data", test_no_trust_data);
  ADD ("unsafe-gun", test_unsafe_gun);
  ADD ("write-cache", test_write_cache);
  ADD ("dropped-delegation-keeps-floor", test_dropped_delegation_keeps_floor);
  ADD ("delegations-fetched-ahead", test_delegations_fetched_ahead);
  ADD ("deferred-cache-write", test_deferred_cache_write);
#undef ADD

  return g_test_run ();
}
