/* test-tuf-adversarial.c: the TUF client against a hostile server, network or delegate.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test plays one attack (notary-v1.md §5, §13) and checks that Signet refuses it,
 * or pins the behaviour notary has where that behaviour is already safe. The attacker
 * controls the notary server (so also the timestamp and snapshot keys it holds, as in
 * every docker setup) and the network, but not the root, targets or delegation keys.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-repository-private.h"
#include "tuf-test-util.h"

#define GUN "example.com/app"

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}


static char *
sha256_path (const char *role,
             GBytes     *bytes)
{
  g_autoptr(SignetTufFileMeta) m = _signet_tuf_file_meta_new_from_bytes (bytes);
  g_autofree char *hex = _signet_tuf_file_meta_get_sha256_hex (m);

  return g_strdup_printf ("%s.%s.json", role, hex);
}

/* Serves @bytes as @role under both names notary serves it by. */
static void
serve_role (TestRepo   *repo,
            const char *role,
            GBytes     *bytes)
{
  g_autofree char *plain = g_strdup_printf ("%s.json", role);
  g_autofree char *hashed = sha256_path (role, bytes);

  test_repo_serve (repo, plain, bytes);
  test_repo_serve (repo, hashed, bytes);
}

/* What a server holding the snapshot and timestamp keys can do: sign the current
 * snapshot model (however it was edited) and a timestamp for it, and serve both. */
static void
server_resign (TestRepo *repo)
{
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) timestamp = NULL;

  snapshot = test_sign (repo->snapshot, (TestKey *[]) { repo->snapshot_key, NULL });
  serve_role (repo, "snapshot", snapshot);
  _signet_tuf_metadata_set_meta_for (repo->timestamp, "snapshot", snapshot);
  timestamp = test_sign (repo->timestamp, (TestKey *[]) { repo->timestamp_key, NULL });
  serve_role (repo, "timestamp", timestamp);
}

static SignetTufRepo *
update_ok (TestRepo   *repo,
           GHashTable *cache,
           GPtrArray  *requested)
{
  g_autoptr(GError) error = NULL;
  SignetTufRepo *r = test_run_update (repo->gun, cache, repo->server, repo->now, requested, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
update_fails (TestRepo   *repo,
              GHashTable *cache,
              int         code,
              const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) r = test_run_update (repo->gun, cache, repo->server, repo->now, NULL, &error);

  g_assert_null (r);
  g_assert_nonnull (error);
  g_test_message ("expected failure: %s", error->message);
  g_assert_error (error, SIGNET_ERROR, code);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

static void
parse_fails (const char *role,
             GBytes     *bytes,
             const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_parse (role, bytes, NULL, &error);

  g_assert_null (md);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_test_message ("expected parse failure: %s", error->message);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

static gboolean
has_warning (SignetTufRepo *r,
             const char    *a,
             const char    *b)
{
  GPtrArray *w = _signet_tuf_repo_get_warnings (r);

  for (guint i = 0; i < w->len; i++)
    {
      g_test_message ("warning: %s", (char *) g_ptr_array_index (w, i));
      if (strstr (g_ptr_array_index (w, i), a) && (b == NULL || strstr (g_ptr_array_index (w, i), b)))
        return TRUE;
    }
  return FALSE;
}

/* A published repository with "targets/releases" holding tag v1. */
static TestRepo *
releases_repo (void)
{
  TestRepo *repo = test_repo_new (GUN, now_s ());

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_add_target (repo, "targets/releases", "v1", "manifest v1");
  test_repo_publish (repo);
  return repo;
}

/* ---- Signatures ------------------------------------------------------------------- */

/* One private key listed twice in a delegation, as a certificate and as its bare key
 * (two TUF key IDs). Notary counts distinct key IDs, so one signer meets threshold 2;
 * Signet counts distinct public keys. */
static void
test_sig_same_key_two_ids (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  TestKey *cert_view, *bare_view, *other;
  SignetTufRole *entry;
  GPtrArray *signers;
  g_autoptr(SignetTufRepo) r = NULL;
  g_autoptr(SignetTufRepo) r2 = NULL;

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_add_target (repo, "targets/releases", "v1", "manifest v1");
  signers = g_hash_table_lookup (repo->deleg_keys, "targets/releases");
  cert_view = test_key_new_sharing (g_ptr_array_index (signers, 0), "releases");
  bare_view = g_ptr_array_index (signers, 0);
  g_ptr_array_add (repo->all_keys, cert_view);
  _signet_tuf_metadata_add_key (repo->targets, cert_view->pub);
  entry = _signet_tuf_metadata_get_delegation (repo->targets, "targets/releases");
  g_ptr_array_add (entry->keyids, g_strdup (test_key_id (cert_view)));
  entry->threshold = 2;
  g_ptr_array_add (signers, cert_view);
  g_assert_cmpstr (_signet_public_key_get_canonical_id (cert_view->pub), ==,
                   _signet_public_key_get_id (bare_view->pub));
  test_repo_publish (repo);

  r = update_ok (repo, NULL, NULL);
  g_assert_null (_signet_tuf_repo_get_targets (r, "targets/releases"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/releases", "v1"));
  g_assert_true (has_warning (r, "targets/releases", "not validly signed"));

  /* a second, distinct key meets the threshold */
  other = test_repo_add_key (repo, NULL);
  _signet_tuf_metadata_add_key (repo->targets, other->pub);
  g_ptr_array_add (entry->keyids, g_strdup (test_key_id (other)));
  g_ptr_array_add (signers, other);
  test_repo_publish (repo);
  r2 = update_ok (repo, NULL, NULL);
  g_assert_nonnull (_signet_tuf_repo_get_target (r2, "targets/releases", "v1"));
}

/* Root threshold 2 met by two certificates of the same root key. */
static void
test_sig_same_key_two_certs_root (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  TestKey *first = g_ptr_array_index (repo->root_keys, 0);
  TestKey *second = test_key_new_sharing (first, GUN);
  SignetTufRole *role = g_hash_table_lookup (repo->root->roles, "root");

  g_ptr_array_add (repo->all_keys, second);
  _signet_tuf_metadata_add_key (repo->root, second->pub);
  g_ptr_array_add (role->keyids, g_strdup (test_key_id (second)));
  role->threshold = 2;
  g_ptr_array_add (repo->root_keys, second);
  g_assert_cmpstr (test_key_id (first), !=, test_key_id (second));
  test_repo_publish (repo);

  update_fails (repo, NULL, SIGNET_ERROR_BAD_SIGNATURE, "1 valid signature");
}

/* Signed bytes: the canonical form of the parsed "signed", never the file text. */
static void
test_sig_canonical_form (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  GBytes *targets = g_hash_table_lookup (repo->latest, "targets");
  g_autofree char *text = bytes_to_string (targets);
  g_autoptr(JsonNode) signed_node = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pretty = NULL;
  SignetTufRole *role = g_hash_table_lookup (repo->root->roles, "targets");
  const char *start, *end;
  g_autofree char *raw_signed = NULL;
  GBytes *sig;
  char *method = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *forged_text = NULL;
  g_autoptr(GBytes) forged = NULL;

  /* reformatted (spaces, members reordered at the top) but the same values: valid */
  pretty = replace_once (targets, "{\"signed\":{", "{ \"signed\" : {  ");
  md = _signet_tuf_metadata_parse ("targets", pretty, &signed_node, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_tuf_verify_signatures (signed_node, md->signatures, repo->root->keys,
                                                role, "targets.json", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&md, _signet_tuf_metadata_unref);
  g_clear_pointer (&signed_node, json_node_unref);

  /* a signature over the non-canonical text (here, one extra space) does not count */
  start = strstr (text, "\"signed\":") + strlen ("\"signed\":");
  end = strstr (text, ",\"signatures\":");
  raw_signed = g_strdup_printf (" %.*s", (int) (end - start), start);
  g_assert_true (test_sign_func (repo->targets_key, (const guint8 *) raw_signed, strlen (raw_signed),
                                 &method, &sig, &error));
  b64 = g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  forged_text = g_strdup_printf ("{\"signed\":%.*s,\"signatures\":[{\"keyid\":\"%s\",\"method\":\"%s\",\"sig\":\"%s\"}]}",
                                 (int) (end - start), start, test_key_id (repo->targets_key), method, b64);
  forged = bytes_from_string (forged_text);
  md = _signet_tuf_metadata_parse ("targets", forged, &signed_node, &error);
  g_assert_no_error (error);
  g_assert_false (_signet_tuf_verify_signatures (signed_node, md->signatures, repo->root->keys,
                                                 role, "targets.json", NULL, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_clear_pointer (&md, _signet_tuf_metadata_unref);
  g_clear_pointer (&signed_node, json_node_unref);
  g_clear_pointer (&forged_text, g_free);
  g_clear_pointer (&forged, g_bytes_unref);

  /* the same through the raw-text shortcut of the file verifier: the raw "signed" text is
   * exactly the signed bytes, but not canonical, so notary would refuse it and so must we */
  forged_text = g_strdup_printf ("{\"signed\":%s,\"signatures\":[{\"keyid\":\"%s\",\"method\":\"%s\",\"sig\":\"%s\"}]}",
                                 raw_signed, test_key_id (repo->targets_key), method, b64);
  forged = bytes_from_string (forged_text);
  md = _signet_tuf_metadata_parse ("targets", forged, &signed_node, &error);
  g_assert_no_error (error);
  g_assert_false (_signet_tuf_verify_signatures_file (forged, signed_node, md->signatures,
                                                      repo->root->keys, role, "targets.json",
                                                      NULL, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_free (method);
  g_bytes_unref (sig);
}

/* Duplicate member names would let two parsers see different documents. */
static void
test_sig_duplicate_members (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  GBytes *targets = g_hash_table_lookup (repo->latest, "targets");
  g_autoptr(GBytes) dup_version = replace_once (targets, "\"version\":1", "\"version\":1,\"version\":9");
  g_autoptr(GBytes) dup_targets = replace_once (targets, "\"targets\":{", "\"targets\":{},\"targets\":{");
  g_autoptr(GBytes) dup_top = replace_once (targets, "{\"signed\":", "{\"signatures\":[],\"signed\":");

  parse_fails ("targets", dup_version, "duplicate");
  parse_fails ("targets", dup_targets, "duplicate");
  parse_fails ("targets", dup_top, "duplicate");
}

/* Unknown members in a signature object are ignored (as notary's struct decoding does);
 * unknown members in "signed" are covered by the signature. */
static void
test_sig_extra_fields (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  GBytes *ts = g_hash_table_lookup (repo->latest, "timestamp");
  g_autoptr(GBytes) extra_sig = replace_once (ts, "\"method\":", "\"extra\":{\"a\":[1]},\"method\":");
  g_autoptr(GBytes) extra_signed = replace_once (ts, "\"_type\":", "\"extra\":1,\"_type\":");
  g_autoptr(SignetTufRepo) r = NULL;

  test_repo_serve (repo, "timestamp.json", extra_sig);
  r = update_ok (repo, NULL, NULL);
  g_assert_nonnull (r);

  test_repo_serve (repo, "timestamp.json", extra_signed);
  update_fails (repo, NULL, SIGNET_ERROR_BAD_SIGNATURE, "timestamp");
}

/* A key that is in "keys" but not in the role's keyids signs nothing for the role. */
static void
test_sig_keyid_not_in_role (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());

  /* the snapshot key is in root's keys; let it sign the timestamp */
  repo->timestamp_key = repo->snapshot_key;
  test_repo_publish (repo);
  update_fails (repo, NULL, SIGNET_ERROR_BAD_SIGNATURE, "timestamp");
}

/* A huge "signatures" array: the cryptographic work is bounded by the role's keys (at
 * most 4 checks per key ID), not by the array. The one valid signature after 20000 bad
 * ones under the same key ID is therefore not even looked at; after 3 it still counts. */
static void
test_sig_many_bad_signatures (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  GBytes *ts = g_hash_table_lookup (repo->latest, "timestamp");
  g_autofree char *text = bytes_to_string (ts);
  const char *sigs = strstr (text, "\"signatures\":[") + strlen ("\"signatures\":[");
  g_autofree char *good = g_strndup (sigs, strchr (sigs, '}') + 1 - sigs);
  g_autofree char *bad = NULL;
  GString *s = g_string_new_len (text, sigs - text);
  g_autoptr(GBytes) good_last = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(JsonNode) signed_node = NULL;
  g_autoptr(GError) error = NULL;
  guint n_valid = 99;
  gint64 t0;
  char *sig_at;

  /* a well-formed 64-byte signature that does not verify */
  bad = g_strdup (good);
  sig_at = strstr (bad, "\"sig\":\"") + strlen ("\"sig\":\"");
  sig_at[0] = sig_at[0] == 'A' ? 'B' : 'A';
  for (guint i = 0; i < 20000; i++)
    {
      g_string_append (s, bad);
      g_string_append_c (s, ',');
    }
  g_string_append (s, good);
  g_string_append (s, "]}");
  good_last = g_string_free_to_bytes (s);

  md = _signet_tuf_metadata_parse ("timestamp", good_last, &signed_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md->signatures->len, ==, 20001);
  t0 = g_get_monotonic_time ();
  g_assert_false (_signet_tuf_verify_signatures (signed_node, md->signatures, repo->root->keys,
                                                 g_hash_table_lookup (repo->root->roles, "timestamp"),
                                                 "timestamp.json", &n_valid, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_cmpuint (n_valid, ==, 0);
  g_test_message ("20001 signatures checked in %" G_GINT64_FORMAT " us",
                  g_get_monotonic_time () - t0);
  g_clear_error (&error);

  /* three bad ones, then the good one: valid, as in notary */
  g_ptr_array_remove_range (md->signatures, 3, md->signatures->len - 4);
  g_assert_cmpuint (md->signatures->len, ==, 4);
  g_assert_true (_signet_tuf_verify_signatures (signed_node, md->signatures, repo->root->keys,
                                                g_hash_table_lookup (repo->root->roles, "timestamp"),
                                                "timestamp.json", &n_valid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_valid, ==, 1);
}

/* ---- Delegations ------------------------------------------------------------------ */

static GBytes *
sign_targets_with_extra_delegation (TestRepo   *repo,
                                    const char *name)
{
  g_autoptr(SignetTufMetadata) copy = _signet_tuf_metadata_copy (repo->targets);
  SignetTufRole *role = _signet_tuf_role_new (name, 1);

  g_ptr_array_add (role->keyids, g_strdup (test_key_id (repo->targets_key)));
  g_ptr_array_add (role->paths, g_strdup (""));
  _signet_tuf_metadata_add_key (copy, repo->targets_key->pub);
  g_ptr_array_add (copy->delegations, role);
  return test_sign (copy, (TestKey *[]) { repo->targets_key, NULL });
}

/* "targets/a/b" delegated from "targets" directly is refused, like notary does; so are
 * role names that are not path-clean lower case. */
static void
test_deleg_bad_names (void)
{
  const char *bad[] = { "targets/a/b", "targets/../root", "targets/a/..", "targets//a",
                        "targets/a/", "targets/A", "targets/./a", "targets/a b", "root",
                        "targets", "snapshot", "targets/\xc3\xa9", NULL };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
      g_autoptr(GBytes) targets = NULL;

      test_repo_publish (repo);
      targets = sign_targets_with_extra_delegation (repo, bad[i]);
      g_test_message ("delegation name %s", bad[i]);
      parse_fails ("targets", targets, "delegation");
      /* and in an update (the server lists the forged file in its snapshot) */
      serve_role (repo, "targets", targets);
      _signet_tuf_metadata_set_meta_for (repo->snapshot, "targets", targets);
      server_resign (repo);
      update_fails (repo, NULL, SIGNET_ERROR_MALFORMED, "delegation");
    }
  g_assert_false (_signet_tuf_is_delegation_name ("targets/A"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets/a/"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets//a"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets/.."));
  g_assert_true (_signet_tuf_is_delegation_name ("targets/a-b_c/0"));
}

static void
test_deleg_listed_twice (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GBytes) targets = NULL;

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_publish (repo);
  targets = sign_targets_with_extra_delegation (repo, "targets/releases");
  parse_fails ("targets", targets, "listed twice");
}

/* Runs an update with explicit limits and returns the error (or NULL). */
static GError *
run_limited (TestRepo   *repo,
             guint       max_roles,
             guint64     max_bytes,
             GPtrArray  *sizes)
{
  g_autoptr(SignetTufUpdater) updater = NULL;
  g_autoptr(SignetTufRepo) r = NULL;
  const SignetTufRequest *req;
  GError *error = NULL;

  updater = _signet_tuf_updater_new (repo->gun, NULL, repo->now, &error);
  g_assert_no_error (error);
  if (max_roles > 0)
    _signet_tuf_updater_set_limits (updater, max_roles, max_bytes);
  while ((req = _signet_tuf_updater_next_request (updater)))
    {
      if (sizes != NULL)
        g_ptr_array_add (sizes, g_strdup_printf ("%s %" G_GSIZE_FORMAT, req->path, req->max_size));
      if (!_signet_tuf_updater_feed (updater, g_hash_table_lookup (repo->server, req->path), &error))
        return error;
    }
  r = _signet_tuf_updater_finish (updater, &error);
  return error;
}

/* A delegate (or a server with the snapshot key) cannot make an update fetch without
 * bound: at most SIGNET_TUF_MAX_TARGETS_ROLES targets files, and at most
 * SIGNET_TUF_MAX_TOTAL_SIZE bytes in all. */
static void
test_deleg_role_cap (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (SIGNET_TUF_MAX_TARGETS_ROLES, <=, 4096);
  g_assert_cmpuint (SIGNET_TUF_MAX_TOTAL_SIZE, <=, 512 * 1024 * 1024);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("targets/d%u", i);

      test_repo_add_delegation (repo, name, NULL);
    }
  test_repo_publish (repo);

  /* 13 targets files: fine with a cap of 13, refused with 12 */
  error = run_limited (repo, 13, SIGNET_TUF_MAX_TOTAL_SIZE, NULL);
  g_assert_no_error (error);
  error = run_limited (repo, 12, SIGNET_TUF_MAX_TOTAL_SIZE, NULL);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "12"));
}

static void
test_deleg_byte_budget (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer k, v;
  gsize total = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("targets/d%u", i);

      test_repo_add_delegation (repo, name, NULL);
      for (guint j = 0; j < 30; j++)
        {
          g_autofree char *tag = g_strdup_printf ("tag%u", j);

          test_repo_add_target (repo, name, tag, tag);
        }
    }
  test_repo_publish (repo);
  g_hash_table_iter_init (&iter, repo->latest);
  while (g_hash_table_iter_next (&iter, &k, &v))
    total += g_bytes_get_size (v);

  error = run_limited (repo, 100, total, NULL);
  g_assert_no_error (error);
  error = run_limited (repo, 100, total - 1, sizes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "limit"));
  /* the size asked of the driver shrinks with what is left of the budget */
  for (guint i = 0; i < sizes->len; i++)
    {
      const char *line = g_ptr_array_index (sizes, i);

      g_test_message ("request: %s", line);
      g_assert_cmpuint (g_ascii_strtoull (strchr (line, ' ') + 1, NULL, 10), <, total);
      /* 0 would mean "no limit" to the fetcher */
      g_assert_cmpuint (g_ascii_strtoull (strchr (line, ' ') + 1, NULL, 10), >, 0);
    }
}

/* A snapshot that gives a delegation (or the snapshot) a huge length: the fetch stays
 * capped at 100 MiB (and the bytes are checked by hash). */
static void
test_deleg_huge_length (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SignetTufFileMeta *m = g_hash_table_lookup (repo->snapshot->meta, "targets/releases");

  m->length = G_GINT64_CONSTANT (1) << 50;
  server_resign (repo);
  error = run_limited (repo, 0, 0, sizes);
  g_assert_no_error (error);
  for (guint i = 0; i < sizes->len; i++)
    {
      const char *line = g_ptr_array_index (sizes, i);

      g_test_message ("request: %s", line);
      g_assert_cmpuint (g_ascii_strtoull (strchr (line, ' ') + 1, NULL, 10), <=,
                        SIGNET_TUF_MAX_UNKNOWN_SIZE);
    }
}

/* A server with the snapshot key hides a delegation that the client has trusted before
 * (notary skips roles the snapshot does not list). With the delegation gone from the
 * cache, the next update would accept any older version of it: refuse instead. */
static void
test_deleg_hidden_by_snapshot (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(SignetTufRepo) fresh = NULL;

  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);
  g_hash_table_remove (repo->snapshot->meta, "targets/releases");
  server_resign (repo);
  update_fails (repo, cache, SIGNET_ERROR_ROLLBACK, "targets/releases");

  /* on first use there is nothing to compare with: the role is simply absent */
  fresh = update_ok (repo, NULL, NULL);
  g_assert_null (_signet_tuf_repo_get_targets (fresh, "targets/releases"));
}

/* Same attack, other route: the snapshot names a file for the delegation that is not
 * validly signed. Dropping it (as notary does) would drop the version floor with it,
 * and the next update would take an old, validly signed version. */
static void
test_deleg_forged_with_floor (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GBytes) v1 = NULL;
  g_autoptr(GBytes) forged = NULL;
  g_autoptr(SignetTufRepo) fresh = NULL;
  SignetTufMetadata *rel = g_hash_table_lookup (repo->delegations, "targets/releases");

  v1 = g_bytes_ref (g_hash_table_lookup (repo->latest, "targets/releases"));
  test_repo_bump (repo, FALSE);
  test_repo_add_target (repo, "targets/releases", "v2", "manifest v2");
  test_repo_publish (repo);
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);
  g_assert_cmpint (_signet_tuf_repo_get_targets (r1, "targets/releases")->version, ==, 2);

  /* step 1: a v3 signed by the wrong key */
  rel->version = 3;
  forged = test_sign (rel, (TestKey *[]) { repo->targets_key, NULL });
  serve_role (repo, "targets/releases", forged);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "targets/releases", forged);
  repo->snapshot->version++;
  repo->timestamp->version++;
  server_resign (repo);
  update_fails (repo, cache, SIGNET_ERROR_BAD_SIGNATURE, "targets/releases");

  /* step 2 (only possible if step 1 had been accepted): the old v1 */
  serve_role (repo, "targets/releases", v1);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "targets/releases", v1);
  repo->snapshot->version++;
  repo->timestamp->version++;
  server_resign (repo);
  update_fails (repo, cache, SIGNET_ERROR_ROLLBACK, "targets/releases");

  /* a client without a floor drops the forged file with a warning, as notary does */
  serve_role (repo, "targets/releases", forged);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "targets/releases", forged);
  server_resign (repo);
  fresh = update_ok (repo, NULL, NULL);
  g_assert_null (_signet_tuf_repo_get_targets (fresh, "targets/releases"));
  g_assert_true (has_warning (fresh, "targets/releases", "not validly signed"));
}

/* A delegate writes delegations with many paths at two levels: working out the
 * effective paths (each child path needs a prefix among the parent's) must not take
 * (child paths) x (parent paths) comparisons. */
static void
test_deleg_many_paths (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r = NULL;
  SignetTufRole *entry;
  GPtrArray *eff;
  gsize before, work;
  const guint n = 40000;

  test_repo_add_delegation (repo, "targets/a", NULL);
  test_repo_add_delegation (repo, "targets/a/b", NULL);
  test_repo_add_delegation (repo, "targets/a/b/c", NULL);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (paths, g_strdup_printf ("p%07u/", i));
  entry = _signet_tuf_metadata_get_delegation (g_hash_table_lookup (repo->delegations, "targets/a"),
                                               "targets/a/b");
  g_ptr_array_set_size (entry->paths, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entry->paths, g_strdup (g_ptr_array_index (paths, i)));
  /* the grandchild lists the same paths, reversed, plus one outside them */
  entry = _signet_tuf_metadata_get_delegation (g_hash_table_lookup (repo->delegations, "targets/a/b"),
                                               "targets/a/b/c");
  g_ptr_array_set_size (entry->paths, 0);
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (entry->paths, g_strdup_printf ("%sx", (char *) g_ptr_array_index (paths, i - 1)));
  g_ptr_array_add (entry->paths, g_strdup ("q/"));
  test_repo_add_target (repo, "targets/a/b/c", "p0000007/xtag", "x");
  test_repo_add_target (repo, "targets/a/b/c", "q/tag", "x");
  test_repo_publish (repo);

  before = _signet_tuf_get_path_comparisons ();
  r = update_ok (repo, NULL, NULL);
  work = _signet_tuf_get_path_comparisons () - before;
  g_test_message ("update with 2 x %u paths: %" G_GSIZE_FORMAT " path comparisons", n, work);
  eff = _signet_tuf_repo_get_effective_paths (r, "targets/a/b/c");
  g_assert_cmpuint (eff->len, ==, n);
  g_assert_cmpstr (g_ptr_array_index (eff, 0), ==, "p0039999/x");
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/a/b/c", "p0000007/xtag"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/a/b/c", "q/tag"));
  /* a scan of the parent's paths per child path would be about 8e8 comparisons; a binary
   * search per child path is about n x 17 (counted, not timed: machines differ in speed) */
  g_assert_cmpuint (work, >, 0);
  g_assert_cmpuint (work, <, 100 * (gsize) n);

  /* every target of targets/a/b looked up (what a summary does) */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%st", (char *) g_ptr_array_index (paths, i));

      test_repo_add_target (repo, "targets/a/b", name, "t");
    }
  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);
  g_clear_pointer (&r, _signet_tuf_repo_unref);
  r = update_ok (repo, NULL, NULL);
  before = _signet_tuf_get_path_comparisons ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%st", (char *) g_ptr_array_index (paths, i));

      g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/a/b", name));
    }
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/a/b", "p"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/a/b", "p0000001"));
  work = _signet_tuf_get_path_comparisons () - before;
  g_test_message ("%u lookups: %" G_GSIZE_FORMAT " path comparisons", n, work);
  /* one binary search per name, not a scan of the role's n paths */
  g_assert_cmpuint (work, >=, n);
  g_assert_cmpuint (work, <, 100 * (gsize) n);
}

/* A snapshot listing 20000 roles nobody delegates: none of them is fetched (the work is
 * bounded by the snapshot size limit, and fetches by the delegations). */
static void
test_deleg_snapshot_lists_many (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r = NULL;
  SignetTufFileMeta *m = g_hash_table_lookup (repo->snapshot->meta, "targets/releases");

  for (guint i = 0; i < 20000; i++)
    g_hash_table_insert (repo->snapshot->meta, g_strdup_printf ("targets/x%u", i),
                         _signet_tuf_file_meta_copy (m));
  server_resign (repo);
  r = update_ok (repo, NULL, requested);
  g_assert_cmpuint (requested->len, ==, 5);
  g_assert_cmpuint (_signet_tuf_repo_get_target_roles (r)->len, ==, 2);
}

/* ---- Snapshot and timestamp meta ------------------------------------------------- */

static void
test_meta_lengths (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SignetTufFileMeta *m = g_hash_table_lookup (repo->timestamp->meta, "snapshot");
  GBytes *ts;
  g_autoptr(GBytes) negative = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autofree char *snap_path = NULL;

  /* length 0: the size limit falls back to the default cap; the hash still decides */
  m->length = 0;
  ts = test_sign (repo->timestamp, (TestKey *[]) { repo->timestamp_key, NULL });
  test_repo_serve (repo, "timestamp.json", ts);
  g_bytes_unref (ts);
  error = run_limited (repo, 0, 0, sizes);
  g_assert_no_error (error);
  g_test_message ("request: %s", (char *) g_ptr_array_index (sizes, 2));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (sizes, 2), " 104857600"));

  /* a different (validly signed) snapshot under the name the timestamp gives is refused */
  snap_path = sha256_path ("snapshot", g_hash_table_lookup (repo->latest, "snapshot"));
  repo->snapshot->version++;
  other = test_sign (repo->snapshot, (TestKey *[]) { repo->snapshot_key, NULL });
  test_repo_serve (repo, snap_path, other);
  update_fails (repo, NULL, SIGNET_ERROR_HASH_MISMATCH, "snapshot");

  /* a negative length is malformed */
  ts = g_hash_table_lookup (repo->latest, "timestamp");
  negative = replace_once (ts, "\"length\":", "\"length\":-");
  parse_fails ("timestamp", negative, "length");
}

static void
test_meta_hashes (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  SignetTufFileMeta *rel = g_hash_table_lookup (repo->snapshot->meta, "targets/releases");
  GBytes *ts = g_hash_table_lookup (repo->latest, "timestamp");
  GBytes *snap = g_hash_table_lookup (repo->latest, "snapshot");
  g_autoptr(GBytes) no_sha256 = NULL;
  g_autoptr(GBytes) short_sha = NULL;
  g_autoptr(GBytes) long_sha = NULL;
  g_autofree char *sha_text = NULL;
  g_autoptr(GBytes) md5 = g_bytes_new_static ("0123456789abcdef", 16);

  /* the timestamp's snapshot entry and the snapshot's root/targets entries need sha256 */
  no_sha256 = replace_once (ts, "\"sha256\"", "\"sha1\"");
  parse_fails ("timestamp", no_sha256, "sha256");
  {
    g_autoptr(GBytes) s = replace_once (snap, "\"sha256\"", "\"sha-256\"");

    parse_fails ("snapshot", s, "sha256");
  }
  /* a sha256 of the wrong length */
  short_sha = replace_once (ts, "\"sha256\":\"", "\"sha256\":\"AAAA");
  parse_fails ("timestamp", short_sha, NULL);
  sha_text = g_strdup_printf ("\"sha256\":\"%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  long_sha = replace_once (snap, "\"sha256\":\"", sha_text);
  parse_fails ("snapshot", long_sha, "length");

  /* a delegation known only by algorithms we do not know cannot be checked */
  g_hash_table_remove_all (rel->hashes);
  g_hash_table_insert (rel->hashes, g_strdup ("md5"), g_bytes_ref (md5));
  server_resign (repo);
  update_fails (repo, NULL, SIGNET_ERROR_HASH_MISMATCH, "no sha256 or sha512");
}

static void
test_meta_versions (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  GBytes *targets = g_hash_table_lookup (repo->latest, "targets");
  const char *bad[] = { "0", "-1", "9007199254740993", "1e400", "1.5", "\"2\"", "null",
                        "18446744073709551616", NULL };

  for (guint i = 0; bad[i]; i++)
    {
      g_autofree char *to = g_strdup_printf ("\"version\":%s", bad[i]);
      g_autoptr(GBytes) b = replace_once (targets, "\"version\":1", to);

      g_test_message ("version %s", bad[i]);
      parse_fails ("targets", b, NULL);
    }
  {
    g_autoptr(GBytes) b = replace_once (targets, "\"version\":1", "\"version\":9007199254740992");
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_parse ("targets", b, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (md->version, ==, G_GINT64_CONSTANT (9007199254740992));
  }
}

static void
test_meta_expiry_formats (void)
{
  const struct { const char *text; gboolean ok; gint64 value; } cases[] = {
    { "2030-01-01T00:00:00Z", TRUE, G_GINT64_CONSTANT (1893456000) },
    { "2030-01-01T00:00:00.123456789Z", TRUE, G_GINT64_CONSTANT (1893456000) },
    { "2030-01-01T01:00:00+01:00", TRUE, G_GINT64_CONSTANT (1893456000) },
    { "2029-12-31T10:00:00-14:00", TRUE, G_GINT64_CONSTANT (1893456000) },
    { "9999-12-31T23:59:59Z", TRUE, G_GINT64_CONSTANT (253402300799) },
    { "0000-01-01T00:00:00Z", TRUE, G_GINT64_CONSTANT (-62167219200) },
    { "2016-12-31T23:59:60Z", FALSE, 0 },      /* leap second: Go refuses it too */
    { "2030-01-01T00:00:00.Z", FALSE, 0 },
    { "2030-01-01T00:00:00.1234567890Z", FALSE, 0 },
    { "2030-01-01T00:00:00+24:00", FALSE, 0 },
    { "2030-01-01T00:00:00+0100", FALSE, 0 },
    { "2030-01-01t00:00:00z", FALSE, 0 },
    { "2030-01-01 00:00:00Z", FALSE, 0 },
    { "2030-02-29T00:00:00Z", FALSE, 0 },
    { "2030-01-01T00:00:00", FALSE, 0 },
    { "+2030-01-01T00:00:00Z", FALSE, 0 },
    { "20300-01-01T00:00:00Z", FALSE, 0 },
    { "", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 t = 0;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (_signet_tuf_parse_time (cases[i].text, &t), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (t, ==, cases[i].value);
    }

  /* year 0000 parses, and is long expired */
  {
    g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());

    repo->timestamp->expires = G_GINT64_CONSTANT (-62167219200);
    test_repo_publish (repo);
    update_fails (repo, NULL, SIGNET_ERROR_EXPIRED, "timestamp");
  }
}

static void
test_root_threshold (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  SignetTufRole *role = g_hash_table_lookup (repo->root->roles, "root");
  GBytes *root;
  g_autoptr(GBytes) zero = NULL;

  /* threshold above the number of keys: never met */
  role->threshold = 2;
  test_repo_publish (repo);
  update_fails (repo, NULL, SIGNET_ERROR_BAD_SIGNATURE, "root");

  /* threshold 0 (or negative) is malformed */
  root = g_hash_table_lookup (repo->latest, "root");
  zero = replace_once (root, "\"threshold\":2", "\"threshold\":0");
  parse_fails ("root", zero, "threshold");
  {
    g_autoptr(GBytes) neg = replace_once (root, "\"threshold\":2", "\"threshold\":-1");

    parse_fails ("root", neg, "threshold");
  }
}

/* Root-role keys must be certificates; a bare key (the same one) does not count. */
static void
test_root_non_x509 (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  TestKey *cert = g_ptr_array_index (repo->root_keys, 0);
  TestKey *bare = test_key_new_sharing (cert, NULL);
  SignetTufRole *role = _signet_tuf_role_new ("root", 1);

  g_ptr_array_add (repo->all_keys, bare);
  g_ptr_array_add (role->keyids, g_strdup (test_key_id (bare)));
  _signet_tuf_metadata_add_key (repo->root, bare->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  g_ptr_array_index (repo->root_keys, 0) = bare;
  test_repo_publish (repo);
  update_fails (repo, NULL, SIGNET_ERROR_BAD_CERTIFICATE, NULL);

  /* a certificate for another GUN does not count either */
  {
    g_autoptr(TestRepo) other = test_repo_new (GUN, now_s ());
    TestKey *wrong = test_repo_add_key (other, "example.com/other");
    SignetTufRole *r = _signet_tuf_role_new ("root", 1);

    g_ptr_array_add (r->keyids, g_strdup (test_key_id (wrong)));
    _signet_tuf_metadata_add_key (other->root, wrong->pub);
    _signet_tuf_metadata_set_role (other->root, r);
    g_ptr_array_index (other->root_keys, 0) = wrong;
    test_repo_publish (other);
    update_fails (other, NULL, SIGNET_ERROR_BAD_CERTIFICATE, NULL);
  }
}

/* consistent_snapshot true changes nothing: files are always fetched by checksum. */
static void
test_root_consistent_snapshot (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r = NULL;

  repo->root->consistent_snapshot = TRUE;
  test_repo_publish (repo);
  r = update_ok (repo, NULL, requested);
  g_assert_true (_signet_tuf_repo_get_root (r)->consistent_snapshot);
  g_assert_cmpstr (g_ptr_array_index (requested, 1), ==, "timestamp.json");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (requested, 2), "snapshot."));
  g_assert_cmpuint (strlen (g_ptr_array_index (requested, 2)), ==, strlen ("snapshot..json") + 64);
}

/* ---- Rollback and freeze ---------------------------------------------------------- */

/* A timestamp with the trusted version but other content, naming an older snapshot. */
static void
test_rollback_timestamp_same_version (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(GBytes) old_snapshot = g_bytes_ref (g_hash_table_lookup (repo->latest, "snapshot"));
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GBytes) ts = NULL;

  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);

  /* same timestamp version 2, pointing at snapshot v1 */
  _signet_tuf_metadata_set_meta_for (repo->timestamp, "snapshot", old_snapshot);
  repo->timestamp->expires += 60;
  ts = test_sign (repo->timestamp, (TestKey *[]) { repo->timestamp_key, NULL });
  test_repo_serve (repo, "timestamp.json", ts);
  update_fails (repo, cache, SIGNET_ERROR_ROLLBACK, "snapshot");
}

/* The N.root.json walk: a server that answers with the wrong version, the same file
 * twice, or nothing, does not get a root accepted. */
static TestKey *
rotate_root (TestRepo *repo)
{
  TestKey *old = g_ptr_array_index (repo->root_keys, 0);
  TestKey *fresh = test_repo_add_key (repo, repo->gun);
  SignetTufRole *role = _signet_tuf_role_new ("root", 1);

  g_ptr_array_add (role->keyids, g_strdup (test_key_id (fresh)));
  _signet_tuf_metadata_add_key (repo->root, fresh->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  g_ptr_array_set_size (repo->root_keys, 0);
  g_ptr_array_add (repo->root_keys, old);
  g_ptr_array_add (repo->root_keys, fresh);
  test_repo_bump (repo, TRUE);
  test_repo_publish (repo);
  g_ptr_array_set_size (repo->root_keys, 0);
  g_ptr_array_add (repo->root_keys, fresh);
  return fresh;
}

static void
test_rollback_root_walk (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GHashTable) good = NULL;
  g_autoptr(SignetTufRepo) r4 = NULL;
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  GBytes *v2, *v3;

  rotate_root (repo);   /* v2, signed by keys 1 and 2 */
  rotate_root (repo);   /* v3, by 2 and 3 */
  rotate_root (repo);   /* v4, by 3 and 4: not by key 1, so the walk is needed */
  good = test_repo_copy_server (repo);
  r4 = update_ok (repo, cache, requested);
  g_assert_cmpint (_signet_tuf_repo_get_root (r4)->version, ==, 4);
  v2 = g_hash_table_lookup (good, "2.root.json");
  v3 = g_hash_table_lookup (good, "3.root.json");

  /* 3.root.json answered with v2 (the same version twice) */
  test_repo_serve (repo, "3.root.json", v2);
  update_fails (repo, cache, SIGNET_ERROR_HASH_MISMATCH, "3.root.json");
  /* 2.root.json answered with v3 (a jump), 3 with v2 (backwards) */
  test_repo_serve (repo, "2.root.json", v3);
  update_fails (repo, cache, SIGNET_ERROR_HASH_MISMATCH, "2.root.json");
  /* a gap */
  test_repo_serve (repo, "2.root.json", v2);
  test_repo_serve (repo, "3.root.json", NULL);
  update_fails (repo, cache, SIGNET_ERROR_HASH_MISMATCH, "3.root.json");
  /* 1.root.json (older than the trusted v4) offered as root.json when root is fetched
   * again (here after a broken timestamp) */
  test_repo_serve (repo, "3.root.json", v3);
  test_repo_serve (repo, "root.json", g_hash_table_lookup (good, "1.root.json"));
  {
    g_autoptr(GHashTable) cache4 = test_cache_from_repo (r4);
    g_autoptr(GBytes) broken = bytes_from_string ("{\"signed\":{}}");

    /* the root hint of the failed attempt's snapshot is not there: root.json is asked */
    test_repo_serve (repo, "timestamp.json", broken);
    update_fails (repo, cache4, SIGNET_ERROR_MALFORMED, "older than the trusted version 4");
  }
}

/* A forged root.json claiming version 1000000: the walk stops at the first version
 * the server cannot produce a validly signed file for. */
static void
test_rollback_root_walk_bounded (void)
{
  g_autoptr(TestRepo) repo = releases_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) forged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) r = NULL;
  TestKey *attacker = test_repo_add_key (repo, GUN);
  SignetTufRole *role = _signet_tuf_role_new ("root", 1);
  g_autoptr(GBytes) broken_ts = NULL;

  g_ptr_array_add (role->keyids, g_strdup (test_key_id (attacker)));
  _signet_tuf_metadata_add_key (repo->root, attacker->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  repo->root->version = 1000000;
  forged = test_sign (repo->root, (TestKey *[]) { attacker, NULL });
  test_repo_serve (repo, "root.json", forged);
  /* make the first attempt fail so that root is fetched again */
  broken_ts = bytes_from_string ("{}");
  test_repo_serve (repo, "timestamp.json", broken_ts);

  r = test_run_update (GUN, cache, repo->server, repo->now, requested, &error);
  g_assert_null (r);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < requested->len; i++)
    g_test_message ("requested %s", (char *) g_ptr_array_index (requested, i));
  g_assert_cmpuint (requested->len, <=, 4);
}

/* ---- The trust cache --------------------------------------------------------------- */

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("signet-adv-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_tree (const char *path)
{
  g_autofree char *cmd = NULL;

  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));
  cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_cache_gun_traversal (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(GHashTable) files = test_bytes_table_new ();
  const char *bad[] = { "../evil", "example.com/../../evil", "/etc/app", "example.com//app",
                        "example.com/app/", "example.com/./app", "", NULL };

  g_hash_table_insert (files, g_strdup ("root"), bytes_from_string ("{}"));
  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(GHashTable) read = NULL;

      g_test_message ("gun “%s”", bad[i]);
      g_assert_false (_signet_repository_write_cache (dir, bad[i], files, &e1));
      g_assert_nonnull (e1);
      read = _signet_repository_read_cache (dir, bad[i], &e2);
      g_assert_null (read);
      g_assert_nonnull (e2);
    }
  /* nothing was created outside the trust dir, nor inside it */
  {
    g_autofree char *evil = g_build_filename (dir, "..", "evil", NULL);
    g_autofree char *tuf = g_build_filename (dir, "tuf", NULL);

    g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (tuf, G_FILE_TEST_EXISTS));
  }
  /* role names that would escape the metadata directory are refused too */
  {
    g_autoptr(GHashTable) evil = test_bytes_table_new ();
    g_autoptr(GError) error = NULL;

    g_hash_table_insert (evil, g_strdup ("targets/../../../x"), bytes_from_string ("{}"));
    g_assert_false (_signet_repository_write_cache (dir, GUN, evil, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  }
  rm_tree (dir);
}

/* A symlink planted at tuf/<gun>/metadata: the write replaces the link, it does not
 * write through it; a symlinked file in the cache is refused on read. */
static void
test_cache_symlinks (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *elsewhere = make_tmpdir ();
  g_autofree char *gun_dir = g_build_filename (dir, "tuf", GUN, NULL);
  g_autofree char *meta = g_build_filename (gun_dir, "metadata", NULL);
  g_autofree char *victim = g_build_filename (elsewhere, "root.json", NULL);
  g_autofree char *cached_root = g_build_filename (meta, "root.json", NULL);
  g_autoptr(GHashTable) files = test_bytes_table_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (gun_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (victim, "precious", -1, NULL));
  g_assert_cmpint (symlink (elsewhere, meta), ==, 0);

  g_hash_table_insert (files, g_strdup ("root"), bytes_from_string ("{\"new\":1}"));
  g_assert_true (_signet_repository_write_cache (dir, GUN, files, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpint (g_lstat (meta, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_true (g_file_test (elsewhere, G_FILE_TEST_IS_DIR));

  /* a symlinked file inside the cache */
  g_assert_cmpint (g_unlink (cached_root), ==, 0);
  g_assert_cmpint (symlink (victim, cached_root), ==, 0);
  {
    g_autoptr(GHashTable) read = _signet_repository_read_cache (dir, GUN, &error);

    g_assert_null (read);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  }
  rm_tree (dir);
  rm_tree (elsewhere);
}

/* A delegation nested deeper than the cache reader looks loses its version floor (and
 * is missing offline). Valid names (< 256 bytes) nest up to 124 levels. */
static void
test_cache_deep_delegation (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(GHashTable) files = test_bytes_table_new ();
  g_autoptr(GHashTable) read = NULL;
  g_autoptr(GError) error = NULL;
  GString *name = g_string_new ("targets");

  while (name->len + 2 < 256)
    g_string_append (name, "/a");
  g_assert_true (_signet_tuf_is_delegation_name (name->str));
  g_hash_table_insert (files, g_strdup ("root"), bytes_from_string ("{}"));
  g_hash_table_insert (files, g_strdup (name->str), bytes_from_string ("{\"deep\":1}"));
  g_hash_table_insert (files, g_strdup ("targets/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a"),
                       bytes_from_string ("{\"depth\":20}"));
  g_assert_true (_signet_repository_write_cache (dir, GUN, files, &error));
  g_assert_no_error (error);
  read = _signet_repository_read_cache (dir, GUN, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (read, "targets/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a"));
  g_assert_true (g_hash_table_contains (read, name->str));
  g_assert_cmpuint (g_hash_table_size (read), ==, 3);
  g_string_free (name, TRUE);
  rm_tree (dir);
}

/* Offline, every cached file is checked again: a modified delegation, timestamp or
 * root is found. */
static void
test_cache_modified_offline (void)
{
  const char *roles[] = { "targets/releases", "targets", "snapshot", "timestamp", "root" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(TestRepo) repo = releases_repo ();
      g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
      g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetTufRepo) r2 = NULL;
      g_autoptr(GBytes) edited = NULL;

      /* a changed expiry is the smallest edit */
      edited = replace_once (g_hash_table_lookup (cache, roles[i]), "\"expires\":\"2", "\"expires\":\"3");
      g_hash_table_insert (cache, g_strdup (roles[i]), g_steal_pointer (&edited));
      r2 = _signet_tuf_repo_load_cached (GUN, cache, repo->now, &error);
      g_test_message ("%s: %s", roles[i], error ? error->message : "(accepted)");
      g_assert_null (r2);
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/same-key-two-ids", test_sig_same_key_two_ids);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/same-key-two-certs-root", test_sig_same_key_two_certs_root);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/canonical-form", test_sig_canonical_form);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/duplicate-members", test_sig_duplicate_members);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/extra-fields", test_sig_extra_fields);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/keyid-not-in-role", test_sig_keyid_not_in_role);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/signatures/many-bad-signatures", test_sig_many_bad_signatures);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/bad-names", test_deleg_bad_names);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/listed-twice", test_deleg_listed_twice);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/role-cap", test_deleg_role_cap);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/byte-budget", test_deleg_byte_budget);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/huge-length", test_deleg_huge_length);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/hidden-by-snapshot", test_deleg_hidden_by_snapshot);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/forged-with-floor", test_deleg_forged_with_floor);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/many-paths", test_deleg_many_paths);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/delegations/snapshot-lists-many", test_deleg_snapshot_lists_many);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/meta/lengths", test_meta_lengths);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/meta/hashes", test_meta_hashes);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/meta/versions", test_meta_versions);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/meta/expiry-formats", test_meta_expiry_formats);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/root/threshold", test_root_threshold);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/root/non-x509", test_root_non_x509);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/root/consistent-snapshot", test_root_consistent_snapshot);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/rollback/timestamp-same-version", test_rollback_timestamp_same_version);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/rollback/root-walk", test_rollback_root_walk);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/rollback/root-walk-bounded", test_rollback_root_walk_bounded);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/cache/gun-traversal", test_cache_gun_traversal);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/cache/symlinks", test_cache_symlinks);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/cache/deep-delegation", test_cache_deep_delegation);
  g_test_add_func ("/Signet/Unit/tuf-adversarial/cache/modified-offline", test_cache_modified_offline);

  return g_test_run ();
}
