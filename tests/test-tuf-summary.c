/* test-tuf-summary.c: the trust summary of a built repository.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-docker-format-private.h"
#include "signet-trust-summary-private.h"
#include "tuf-test-util.h"

#define GUN "example.com/app"

static char *
sha256_of (const char *s)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, s, -1);
}

static gboolean
strv_eq (const char * const *strv,
         const char * const *expected)
{
  guint i;

  for (i = 0; strv[i] && expected[i]; i++)
    if (g_strcmp0 (strv[i], expected[i]) != 0)
      return FALSE;
  return strv[i] == NULL && expected[i] == NULL;
}

static gboolean
has_warning (SignetTrustSummary *summary,
             const char         *a,
             const char         *b)
{
  const char * const *w = signet_trust_summary_get_warnings (summary);

  for (guint i = 0; w[i]; i++)
    if (strstr (w[i], a) != NULL && (b == NULL || strstr (w[i], b) != NULL))
      return TRUE;
  return FALSE;
}

typedef struct
{
  TestRepo           *repo;
  TestKey            *alice;
  SignetTufRepo      *tuf;
  SignetTrustSummary *summary;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  TestRepo *repo = test_repo_new (GUN, now);

  test_repo_add_delegation (repo, "targets/releases", NULL);
  f->alice = test_repo_add_delegation (repo, "targets/alice", NULL);
  test_repo_add_delegation (repo, "targets/bob", (const char *[]) { "x", NULL });
  test_repo_add_delegation (repo, "targets/carol", NULL);

  test_repo_add_target (repo, "targets", "v1", "content v1");
  test_repo_add_target (repo, "targets", "v2", "content v2");
  test_repo_add_target (repo, "targets", "v10", "content v10");
  test_repo_add_target (repo, "targets/releases", "v1", "content v1");
  test_repo_add_target (repo, "targets/releases", "rel-only", "content rel");
  test_repo_add_target (repo, "targets/alice", "v1", "content v1");
  test_repo_add_target (repo, "targets/alice", "v2", "another v2");
  test_repo_add_target (repo, "targets/bob", "v1", "content v1");   /* outside bob's paths */
  test_repo_add_target (repo, "targets/bob", "x1", "content x1");
  test_repo_add_target (repo, "targets/carol", "unreleased", "content u");
  ((SignetTufMetadata *) g_hash_table_lookup (repo->delegations, "targets/alice"))->expires = now + 40 * 86400;
  ((SignetTufMetadata *) g_hash_table_lookup (repo->delegations, "targets/carol"))->expires = now + 10 * 86400 + 60;
  test_repo_publish (repo);

  f->repo = repo;
  f->tuf = test_run_update (GUN, NULL, repo->server, now, NULL, &error);
  g_assert_no_error (error);
  f->summary = _signet_trust_summary_new_from_repo (f->tuf);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->summary);
  _signet_tuf_repo_unref (f->tuf);
  test_repo_free (f->repo);
}

static void
test_summary_tags (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *tags = signet_trust_summary_get_tags (f->summary);
  const char *expected_order[] = { "rel-only", "unreleased", "v1", "v2", "v10", "x1" };
  SignetTrustTag *v1, *v2, *un, *x1;
  g_autofree char *d1 = sha256_of ("content v1");
  g_autofree char *d2 = sha256_of ("content v2");
  gint64 alice_expires = f->repo->now + 40 * 86400;

  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, G_N_ELEMENTS (expected_order));
  for (guint i = 0; i < G_N_ELEMENTS (expected_order); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);

      g_assert_cmpstr (signet_trust_tag_get_name (tag), ==, expected_order[i]);
    }

  v1 = signet_trust_summary_lookup_tag (f->summary, "v1");
  g_assert_nonnull (v1);
  g_assert_cmpstr (signet_trust_tag_get_digest (v1), ==, d1);
  g_assert_cmpint (signet_trust_tag_get_size (v1), ==, strlen ("content v1"));
  g_assert_cmpstr (signet_trust_tag_get_pull_role (v1), ==, "targets/releases");
  g_assert_true (signet_trust_tag_get_released (v1));
  /* bob holds v1 too, but outside his paths: he does not vouch for it */
  g_assert_true (strv_eq (signet_trust_tag_get_roles (v1),
                          (const char *[]) { "targets", "targets/releases", "targets/alice", NULL }));
  g_assert_true (strv_eq (signet_trust_tag_get_signers (v1), (const char *[]) { "alice", NULL }));
  /* the earliest expiry among root, snapshot and the roles that vouch */
  g_assert_cmpint (signet_trust_tag_get_expires (v1), ==, alice_expires);

  v2 = signet_trust_summary_lookup_tag (f->summary, "v2");
  g_assert_cmpstr (signet_trust_tag_get_digest (v2), ==, d2);
  g_assert_cmpstr (signet_trust_tag_get_pull_role (v2), ==, "targets");
  g_assert_true (strv_eq (signet_trust_tag_get_roles (v2), (const char *[]) { "targets", NULL }));
  g_assert_true (strv_eq (signet_trust_tag_get_signers (v2), (const char *[]) { "Repo Admin", NULL }));
  g_assert_cmpint (signet_trust_tag_get_expires (v2), ==, f->repo->targets->expires);
  g_assert_true (has_warning (f->summary, "v2", "targets/alice"));

  un = signet_trust_summary_lookup_tag (f->summary, "unreleased");
  g_assert_false (signet_trust_tag_get_released (un));
  g_assert_null (signet_trust_tag_get_pull_role (un));
  g_assert_true (strv_eq (signet_trust_tag_get_roles (un), (const char *[]) { "targets/carol", NULL }));

  x1 = signet_trust_summary_lookup_tag (f->summary, "x1");
  g_assert_true (strv_eq (signet_trust_tag_get_signers (x1), (const char *[]) { "bob", NULL }));

  g_assert_null (signet_trust_summary_lookup_tag (f->summary, "nope"));
}

static void
test_summary_roles (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *roles = signet_trust_summary_get_roles (f->summary);
  const char *expected[] = { "root", "targets", "snapshot", "timestamp", "targets/releases",
                             "targets/alice", "targets/bob", "targets/carol" };
  SignetTrustRole *root, *bob, *targets;
  g_autoptr(SignetTrustKey) root_key = NULL;
  TestKey *root_test_key = g_ptr_array_index (f->repo->root_keys, 0);

  g_assert_cmpuint (g_list_model_get_n_items (roles), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);

      g_assert_cmpstr (signet_trust_role_get_name (role), ==, expected[i]);
      g_assert_cmpuint (signet_trust_role_get_threshold (role), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (signet_trust_role_get_keys (role)), ==, 1);
      g_assert_cmpint (signet_trust_role_get_is_delegation (role), ==, i >= 4);
    }

  root = signet_trust_summary_lookup_role (f->summary, "root");
  g_assert_cmpint (signet_trust_role_get_version (root), ==, 1);
  g_assert_cmpint (signet_trust_role_get_expires (root), ==, f->repo->root->expires);
  root_key = g_list_model_get_item (signet_trust_role_get_keys (root), 0);
  g_assert_cmpstr (signet_trust_key_get_key_type (root_key), ==, "ecdsa-x509");
  g_assert_cmpstr (signet_trust_key_get_id (root_key), ==, test_key_id (root_test_key));
  g_assert_cmpstr (signet_trust_key_get_canonical_id (root_key), !=, signet_trust_key_get_id (root_key));
  g_assert_cmpint (signet_trust_key_get_cert_expires (root_key), >, f->repo->now + 3600 * 86400LL);

  targets = signet_trust_summary_lookup_role (f->summary, "targets");
  g_assert_true (strv_eq (signet_trust_role_get_effective_paths (targets), (const char *[]) { "", NULL }));

  bob = signet_trust_summary_lookup_role (f->summary, "targets/bob");
  g_assert_true (strv_eq (signet_trust_role_get_paths (bob), (const char *[]) { "x", NULL }));
  g_assert_true (strv_eq (signet_trust_role_get_effective_paths (bob), (const char *[]) { "x", NULL }));

  g_assert_cmpint (signet_trust_summary_get_timestamp_expires (f->summary), ==, f->repo->timestamp->expires);
  g_assert_cmpint (signet_trust_summary_get_expires (f->summary), ==,
                   MIN (f->repo->root->expires, MIN (f->repo->snapshot->expires, f->repo->targets->expires)));
}

static void
test_summary_inspect (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *signers = signet_trust_summary_get_signers (f->summary);
  const char *names[] = { "alice", "bob", "carol" };
  g_autoptr(SignetTrustSigner) alice = NULL;
  g_autoptr(SignetTrustKey) key = NULL;
  TestKey *root_key = g_ptr_array_index (f->repo->root_keys, 0);

  /* releases is not a signer */
  g_assert_cmpuint (g_list_model_get_n_items (signers), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SignetTrustSigner) s = g_list_model_get_item (signers, i);

      g_assert_cmpstr (signet_trust_signer_get_name (s), ==, names[i]);
      g_assert_true (signet_trust_signer_get_loaded (s));
    }
  alice = g_list_model_get_item (signers, 0);
  g_assert_cmpstr (signet_trust_signer_get_role_name (alice), ==, "targets/alice");
  g_assert_cmpuint (signet_trust_signer_get_threshold (alice), ==, 1);
  key = g_list_model_get_item (signet_trust_signer_get_keys (alice), 0);
  g_assert_cmpstr (signet_trust_key_get_canonical_id (key), ==, test_key_id (f->alice));

  /* administrative keys: root.json root-role IDs and the targets key IDs */
  g_assert_true (strv_eq (signet_trust_summary_get_root_key_ids (f->summary),
                          (const char *[]) { test_key_id (root_key), NULL }));
  g_assert_true (strv_eq (signet_trust_summary_get_repository_key_ids (f->summary),
                          (const char *[]) { test_key_id (f->repo->targets_key), NULL }));
}

static void
test_summary_warnings (Fixture       *f,
                       gconstpointer  data)
{
  /* carol expires in 10 days: a plain-words warning; alice (40 days) is not mentioned */
  g_assert_true (has_warning (f->summary, "targets/carol", "expires in 10 days"));
  g_assert_false (has_warning (f->summary, "targets/alice metadata", NULL));
  g_assert_cmpstr (signet_trust_summary_get_gun (f->summary), ==, GUN);
}

static void
test_summary_dropped_delegation (void)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now);
  g_autoptr(SignetTufRepo) tuf = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(SignetTrustSigner) dave = NULL;

  test_repo_add_delegation (repo, "targets/dave", NULL);
  test_repo_add_target (repo, "targets/dave", "v1", "x");
  ((SignetTufMetadata *) g_hash_table_lookup (repo->delegations, "targets/dave"))->expires = now - 5;
  test_repo_publish (repo);
  tuf = test_run_update (GUN, NULL, repo->server, now, NULL, &error);
  g_assert_no_error (error);
  summary = _signet_trust_summary_new_from_repo (tuf);

  /* the signer is listed but not loaded; its tag is not there; the reason is */
  dave = g_list_model_get_item (signet_trust_summary_get_signers (summary), 0);
  g_assert_cmpstr (signet_trust_signer_get_name (dave), ==, "dave");
  g_assert_false (signet_trust_signer_get_loaded (dave));
  g_assert_null (signet_trust_summary_lookup_tag (summary, "v1"));
  g_assert_true (has_warning (summary, "targets/dave", "expired"));
}

static void
test_natural_order (void)
{
  g_assert_cmpint (_signet_natural_compare ("v2", "v10"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("v10", "v2"), >, 0);
  g_assert_cmpint (_signet_natural_compare ("1.9", "1.10"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("a", "b"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("v1", "v1"), ==, 0);
  g_assert_cmpint (_signet_natural_compare ("v1", "v1a"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("v01", "v2"), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Signet/Unit/summary/tags", Fixture, NULL, fixture_setup, test_summary_tags, fixture_teardown);
  g_test_add ("/Signet/Unit/summary/roles", Fixture, NULL, fixture_setup, test_summary_roles, fixture_teardown);
  g_test_add ("/Signet/Unit/summary/inspect", Fixture, NULL, fixture_setup, test_summary_inspect, fixture_teardown);
  g_test_add ("/Signet/Unit/summary/warnings", Fixture, NULL, fixture_setup, test_summary_warnings, fixture_teardown);
  g_test_add_func ("/Signet/Unit/summary/dropped-delegation", test_summary_dropped_delegation);
  g_test_add_func ("/Signet/Unit/summary/natural-order", test_natural_order);

  return g_test_run ();
}
