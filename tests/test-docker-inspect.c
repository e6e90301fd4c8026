/* test-docker-inspect.c: the `docker trust inspect` model of verified trust data.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-docker-inspect-private.h"
#include "tuf-test-util.h"

#define GUN "registry.example.com/team/app"

static SignetDockerTagRow *
find_row (SignetDockerTrustInfo *info,
          const char            *tag)
{
  SignetDockerTagRow *found = NULL;

  for (guint i = 0; i < info->tags->len; i++)
    {
      SignetDockerTagRow *row = g_ptr_array_index (info->tags, i);

      if (g_str_equal (row->tag, tag))
        {
          g_assert_null (found);
          found = row;
        }
    }
  return found;
}

static char *
signers_of (SignetDockerTagRow *row)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < row->signers->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (row->signers, i));
  return g_string_free (s, FALSE);
}

static char *
hex_of_content (const char *content)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
}

/* Released pairs come from "targets" and "targets/releases"; a delegation signs a pair
 * when it holds the same tag with the same digest under its effective paths. */
static void
test_rows_and_signers (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, g_get_real_time () / G_USEC_PER_SEC);
  const char *bob_paths[] = { "v3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) tuf = NULL;
  g_autoptr(SignetDockerTrustInfo) info = NULL;
  g_autoptr(SignetDockerTrustInfo) one = NULL;
  SignetDockerTagRow *row;
  g_autofree char *a = hex_of_content ("A");
  g_autofree char *b = hex_of_content ("B");
  g_autofree char *c = hex_of_content ("C");
  g_autofree char *s = NULL;

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_add_delegation (repo, "targets/alice", NULL);
  test_repo_add_delegation (repo, "targets/bob", bob_paths);
  test_repo_add_target (repo, "targets", "v1", "A");
  test_repo_add_target (repo, "targets", "v2", "B");
  test_repo_add_target (repo, "targets/releases", "v1", "A");   /* same pair: one row */
  test_repo_add_target (repo, "targets/releases", "v3", "C");
  test_repo_add_target (repo, "targets/releases", "v4", "D");
  test_repo_add_target (repo, "targets/alice", "v1", "A");
  test_repo_add_target (repo, "targets/alice", "v2", "X");      /* another digest: no */
  test_repo_add_target (repo, "targets/alice", "other", "A");   /* not released: no */
  test_repo_add_target (repo, "targets/bob", "v2", "B");        /* outside its paths: no */
  test_repo_add_target (repo, "targets/bob", "v3", "C");
  test_repo_add_target (repo, "targets/bob", "v1", "A");        /* outside its paths: no */
  test_repo_publish (repo);
  tuf = test_run_update (GUN, NULL, repo->server, repo->now, NULL, &error);
  g_assert_no_error (error);

  info = _signet_docker_trust_info_new_from_repo (tuf, GUN, NULL);
  g_assert_cmpuint (info->tags->len, ==, 4);
  row = find_row (info, "v1");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->digest, ==, a);
  s = signers_of (row);
  g_assert_cmpstr (s, ==, "alice");
  g_clear_pointer (&s, g_free);
  row = find_row (info, "v2");
  g_assert_cmpstr (row->digest, ==, b);
  g_assert_cmpuint (row->signers->len, ==, 0);
  row = find_row (info, "v3");
  g_assert_cmpstr (row->digest, ==, c);
  s = signers_of (row);
  g_assert_cmpstr (s, ==, "bob");
  g_clear_pointer (&s, g_free);
  row = find_row (info, "v4");
  g_assert_cmpuint (row->signers->len, ==, 0);
  g_assert_null (find_row (info, "other"));
  g_assert_cmpuint (info->signers->len, ==, 2);

  /* one tag */
  one = _signet_docker_trust_info_new_from_repo (tuf, GUN ":v1", "v1");
  g_assert_cmpuint (one->tags->len, ==, 1);
  row = find_row (one, "v1");
  s = signers_of (row);
  g_assert_cmpstr (s, ==, "alice");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/docker-inspect/rows-and-signers", test_rows_and_signers);

  return g_test_run ();
}
