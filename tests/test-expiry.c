/* test-expiry.c: the expiry scan over a trust cache, with an injected clock.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signet/signet.h>

#include "signet-expiry-private.h"
#include "signet-keystore-private.h"
#include "signet-repository-private.h"
#include "tuf-test-util.h"

#define GUN   "registry.example:5000/team/app"
#define GUN2  "registry.example:5000/lib"
#define DAY   G_GINT64_CONSTANT (86400)

typedef struct
{
  char     *trust_dir;
  char     *registries;
  gint64    now;
  TestRepo *repo;
} Fixture;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
write_cache (Fixture  *f,
             TestRepo *repo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) verified = NULL;
  g_autoptr(GHashTable) files = NULL;

  test_repo_publish (repo);
  verified = test_run_update (repo->gun, NULL, repo->server, f->now, NULL, &error);
  g_assert_no_error (error);
  files = test_cache_from_repo (verified);
  g_assert_true (_signet_repository_write_cache (f->trust_dir, repo->gun, files, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->trust_dir = g_dir_make_tmp ("signet-expiry-XXXXXX", &error);
  g_assert_no_error (error);
  f->registries = g_build_filename (f->trust_dir, "registries.json", NULL);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  f->repo = test_repo_new (GUN, f->now);
  test_repo_add_delegation (f->repo, "targets/releases", NULL);
  test_repo_add_delegation (f->repo, "targets/ci", NULL);
  /* ci was signed to expire in 10 days */
  ((SignetTufMetadata *) g_hash_table_lookup (f->repo->delegations, "targets/ci"))->expires = f->now + 10 * DAY;
  test_repo_add_target (f->repo, "targets/releases", "1.0", "one");
  write_cache (f, f->repo);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_repo_free (f->repo);
  rm_rf (f->trust_dir);
  g_free (f->trust_dir);
  g_free (f->registries);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static SignetExpiryReport *
scan_full (Fixture             *f,
           const char * const  *guns,
           guint                within,
           gint64               at,
           GError             **error)
{
  GAsyncResult *result = NULL;
  SignetExpiryReport *report;

  _signet_expiry_scan_at_async (NULL, f->trust_dir, f->registries, guns, within,
                                SIGNET_EXPIRY_SCAN_OFFLINE, at, NULL, scan_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = signet_expiry_scan_finish (result, error);
  g_object_unref (result);
  return report;
}

static SignetExpiryReport *
scan (Fixture *f,
      guint    within,
      gint64   at)
{
  g_autoptr(GError) error = NULL;
  SignetExpiryReport *report = scan_full (f, NULL, within, at, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The item for @role of @kind in @gun, or NULL. */
static SignetExpiryItem *
find (SignetExpiryReport *report,
      const char         *gun,
      const char         *role,
      SignetExpiryKind    kind)
{
  GListModel *items = signet_expiry_report_get_items (report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);

      if (g_str_equal (signet_expiry_item_get_gun (item), gun) &&
          g_str_equal (signet_expiry_item_get_role (item), role) &&
          signet_expiry_item_get_kind (item) == kind)
        return item;  /* the report keeps it alive */
    }
  return NULL;
}

static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SignetExpiryReport) report = scan (f, 30, f->now);
  SignetExpiryItem *ci = find (report, GUN, "targets/ci", SIGNET_EXPIRY_KIND_DELEGATION);
  SignetExpiryItem *releases = find (report, GUN, "targets/releases", SIGNET_EXPIRY_KIND_DELEGATION);
  SignetExpiryItem *timestamp = find (report, GUN, "timestamp", SIGNET_EXPIRY_KIND_ROLE);
  GListModel *items = signet_expiry_report_get_items (report);
  gint64 last = G_MININT64;

  g_assert_cmpstrv (signet_expiry_report_get_repositories (report), ((const char *[]) { GUN, NULL }));
  g_assert_cmpuint (g_strv_length ((GStrv) signet_expiry_report_get_failed (report)), ==, 0);
  g_assert_cmpint (signet_expiry_report_get_checked_at (report), ==, f->now);
  g_assert_cmpuint (signet_expiry_report_get_within_days (report), ==, 30);

  /* the delegation signed for 10 days is the only one due */
  g_assert_cmpuint (signet_expiry_report_get_n_due (report), ==, 1);
  g_assert_nonnull (ci);
  g_assert_cmpint (signet_expiry_item_get_state (ci), ==, SIGNET_EXPIRY_STATE_EXPIRING);
  g_assert_cmpint (signet_expiry_item_get_action (ci), ==, SIGNET_EXPIRY_ACTION_RESIGN);
  g_assert_cmpint (signet_expiry_item_get_expires (ci), ==, f->now + 10 * DAY);
  g_assert_cmpstr (signet_expiry_item_get_command (ci), ==,
                   "notary witness " GUN " targets/ci && notary publish " GUN);
  g_assert_nonnull (strstr (signet_expiry_item_get_advice (ci), "targets/ci"));

  g_assert_nonnull (releases);
  g_assert_cmpint (signet_expiry_item_get_state (releases), ==, SIGNET_EXPIRY_STATE_OK);
  g_assert_cmpint (signet_expiry_item_get_action (releases), ==, SIGNET_EXPIRY_ACTION_NONE);
  g_assert_null (signet_expiry_item_get_advice (releases));

  /* the 14-day timestamp is inside 30 days, but the server renews it */
  g_assert_nonnull (timestamp);
  g_assert_cmpint (signet_expiry_item_get_state (timestamp), ==, SIGNET_EXPIRY_STATE_OK);

  /* every role and the root certificate, soonest first */
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 7);
  g_assert_nonnull (find (report, GUN, "root", SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (signet_expiry_item_get_expires (item), >=, last);
      last = signet_expiry_item_get_expires (item);
    }
  g_assert_finalize_object (g_steal_pointer (&report));
}

static void
test_timestamp_expired (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SignetExpiryReport) report = scan (f, 5, f->now + 15 * DAY);
  SignetExpiryItem *timestamp = find (report, GUN, "timestamp", SIGNET_EXPIRY_KIND_ROLE);
  SignetExpiryItem *ci = find (report, GUN, "targets/ci", SIGNET_EXPIRY_KIND_DELEGATION);

  g_assert_cmpint (signet_expiry_item_get_state (timestamp), ==, SIGNET_EXPIRY_STATE_EXPIRED);
  g_assert_cmpint (signet_expiry_item_get_action (timestamp), ==, SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR);
  g_assert_null (signet_expiry_item_get_command (timestamp));
  g_assert_nonnull (strstr (signet_expiry_item_get_advice (timestamp), "server operator"));
  /* the delegation expired 5 days ago: offline, the cache still shows it */
  g_assert_cmpint (signet_expiry_item_get_state (ci), ==, SIGNET_EXPIRY_STATE_EXPIRED);
  g_assert_cmpuint (signet_expiry_report_get_n_due (report), ==, 2);
}

static void
test_snapshot_key (Fixture       *f,
                   gconstpointer  data)
{
  gint64 at = f->now + SIGNET_TUF_LIFETIME_SNAPSHOT - 10 * DAY;
  g_autoptr(SignetExpiryReport) before = scan (f, 30, at);
  g_autoptr(SignetExpiryReport) after = NULL;
  g_autoptr(SignetKeystore) store = _signet_keystore_new (f->trust_dir);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) pass = signet_secret_new ("test passphrase", -1);
  g_autoptr(GError) error = NULL;
  SignetExpiryItem *snapshot;
  SignetExpiryItem *targets;

  snapshot = find (before, GUN, "snapshot", SIGNET_EXPIRY_KIND_ROLE);
  g_assert_cmpint (signet_expiry_item_get_state (snapshot), ==, SIGNET_EXPIRY_STATE_EXPIRING);
  g_assert_cmpint (signet_expiry_item_get_action (snapshot), ==, SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR);
  g_assert_null (signet_expiry_item_get_command (snapshot));
  targets = find (before, GUN, "targets", SIGNET_EXPIRY_KIND_ROLE);
  g_assert_cmpint (signet_expiry_item_get_action (targets), ==, SIGNET_EXPIRY_ACTION_RESIGN);

  /* with the snapshot key in the key store, the snapshot is ours to re-sign */
  key = _signet_private_key_new_from_evp (f->repo->snapshot_key->pkey, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_keystore_add (store, key, "snapshot", GUN, pass, &error));
  g_assert_no_error (error);
  after = scan (f, 30, at);
  snapshot = find (after, GUN, "snapshot", SIGNET_EXPIRY_KIND_ROLE);
  g_assert_cmpint (signet_expiry_item_get_action (snapshot), ==, SIGNET_EXPIRY_ACTION_RESIGN);
  g_assert_nonnull (signet_expiry_item_get_command (snapshot));
}

static void
test_root_certificate (Fixture       *f,
                       gconstpointer  data)
{
  /* the root certificate (10 years) has 100 days left; root.json (10 years) too */
  g_autoptr(SignetExpiryReport) report = scan (f, 30, f->now + 3650 * DAY - 100 * DAY);
  SignetExpiryItem *cert = find (report, GUN, "root", SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE);
  SignetExpiryItem *root = find (report, GUN, "root", SIGNET_EXPIRY_KIND_ROLE);
  g_autoptr(SignetExpiryReport) early = NULL;

  g_assert_nonnull (cert);
  g_assert_cmpint (signet_expiry_item_get_state (cert), ==, SIGNET_EXPIRY_STATE_EXPIRING);
  g_assert_cmpint (signet_expiry_item_get_action (cert), ==, SIGNET_EXPIRY_ACTION_ROTATE_ROOT);
  g_assert_cmpstr (signet_expiry_item_get_key_id (cert), ==, test_key_id (g_ptr_array_index (f->repo->root_keys, 0)));
  g_assert_cmpstr (signet_expiry_item_get_command (cert), ==, "notary key rotate " GUN " root");
  /* root.json is outside its 30-day window; the certificate is inside six months */
  g_assert_cmpint (signet_expiry_item_get_state (root), ==, SIGNET_EXPIRY_STATE_OK);

  /* with 200 days left, the certificate is not flagged */
  early = scan (f, 30, f->now + 3650 * DAY - 200 * DAY);
  cert = find (early, GUN, "root", SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE);
  g_assert_cmpint (signet_expiry_item_get_state (cert), ==, SIGNET_EXPIRY_STATE_OK);
}

static void
test_discovery (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TestRepo) lib = test_repo_new (GUN2, f->now);
  g_autofree char *empty = g_build_filename (f->trust_dir, "tuf", "registry.example:5000", "empty", NULL);
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(SignetExpiryReport) report = NULL;
  g_autoptr(GError) error = NULL;

  write_cache (f, lib);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);

  cached = _signet_expiry_list_cached (f->trust_dir);
  g_assert_cmpuint (cached->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (cached, 0), ==, GUN2);
  g_assert_cmpstr (g_ptr_array_index (cached, 1), ==, GUN);

  /* a registries file listing a repository without trust data: skipped, not failed */
  g_assert_true (g_file_set_contents (f->registries,
                                      "{\"registries\": [{\"url\": \"https://registry.example:5000\", "
                                      "\"repositories\": [\"team/app\", \"unsigned\"]}]}", -1, &error));
  report = scan (f, 30, f->now);
  g_assert_cmpstrv (signet_expiry_report_get_repositories (report),
                    ((const char *[]) { GUN2, GUN, NULL }));
  g_assert_cmpuint (g_strv_length ((GStrv) signet_expiry_report_get_failed (report)), ==, 0);
  g_clear_object (&report);

  /* given explicitly, a repository without trust data is a failure */
  report = scan_full (f, (const char *[]) { GUN2, "registry.example:5000/unsigned", NULL }, 30, f->now, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (signet_expiry_report_get_repositories (report), ((const char *[]) { GUN2, NULL }));
  g_assert_cmpstrv (signet_expiry_report_get_failed (report),
                    ((const char *[]) { "registry.example:5000/unsigned", NULL }));
  g_assert_nonnull (strstr (signet_expiry_report_get_failure (report, "registry.example:5000/unsigned"),
                            "No cached trust data"));
  g_clear_object (&report);

  /* a broken registries file is a note; the cache is still checked */
  g_assert_true (g_file_set_contents (f->registries, "{\"registries\": 3}", -1, &error));
  report = scan (f, 30, f->now);
  g_assert_cmpuint (g_strv_length ((GStrv) signet_expiry_report_get_repositories (report)), ==, 2);
  g_assert_nonnull (strstr (signet_expiry_report_get_notes (report)[0], "no “registries” list"));
}

static void
test_bad_arguments (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetExpiryReport) report = NULL;
  GAsyncResult *result = NULL;

  report = scan_full (f, (const char *[]) { "registry.example:5000/../../etc", NULL }, 30, f->now, &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_null (report);
  g_clear_error (&error);

  /* online needs a remote */
  _signet_expiry_scan_at_async (NULL, f->trust_dir, "", NULL, 30, SIGNET_EXPIRY_SCAN_NONE, f->now,
                                NULL, scan_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = signet_expiry_scan_finish (result, &error);
  g_object_unref (result);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_null (report);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetExpiryReport) report = NULL;
  GAsyncResult *result = NULL;

  _signet_expiry_scan_at_async (NULL, f->trust_dir, "", NULL, 30, SIGNET_EXPIRY_SCAN_OFFLINE, f->now,
                                cancellable, scan_cb, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = signet_expiry_scan_finish (result, &error);
  g_object_unref (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
}

static void
test_strings (void)
{
  g_assert_cmpstr (signet_expiry_kind_to_string (SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE), ==, "root-certificate");
  g_assert_cmpstr (signet_expiry_state_to_string (SIGNET_EXPIRY_STATE_EXPIRING), ==, "expiring");
  g_assert_cmpstr (signet_expiry_action_to_string (SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR), ==,
                   "ask-server-operator");
  g_assert_cmpstr (signet_expiry_action_to_string (SIGNET_EXPIRY_ACTION_ROTATE_ROOT), ==, "rotate-root");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/Signet/Unit/expiry/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("fresh", test_fresh);
  ADD ("timestamp-expired", test_timestamp_expired);
  ADD ("snapshot-key", test_snapshot_key);
  ADD ("root-certificate", test_root_certificate);
  ADD ("discovery", test_discovery);
  ADD ("bad-arguments", test_bad_arguments);
  ADD ("cancel", test_cancel);
#undef ADD
  g_test_add_func ("/Signet/Unit/expiry/strings", test_strings);

  return g_test_run ();
}
