/* test-tuf.c: TUF metadata parsing, verification rules and the update workflow.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tuf-test-util.h"

#define GUN "example.com/app"
#define NOTARY_FIXTURE_DIR \
  "/usr/share/gocode/src/github.com/theupdateframework/notary/fixtures/compatibility/notary0.3/" \
  "tuf/docker.com/notary0.3/tst/metadata"

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}


/* A published repository with one target in "targets". */
static TestRepo *
basic_repo (void)
{
  TestRepo *repo = test_repo_new (GUN, now_s ());

  test_repo_add_target (repo, "targets", "v1", "manifest v1");
  test_repo_publish (repo);
  return repo;
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
              gint64      now,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) r = test_run_update (repo->gun, cache, repo->server, now, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, SIGNET_ERROR, code);
  g_test_message ("expected failure: %s", error->message);
}

/* ---- Parsing ---------------------------------------------------------------------- */

static void
parse_fails (const char *role,
             GBytes     *bytes,
             const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_parse (role, bytes, NULL, &error);

  g_assert_null (md);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

static void
test_parse_strict (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  GBytes *targets = g_hash_table_lookup (repo->latest, "targets");
  GBytes *snapshot = g_hash_table_lookup (repo->latest, "snapshot");
  GBytes *root = g_hash_table_lookup (repo->latest, "root");
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufMetadata) ok = NULL;

  ok = _signet_tuf_metadata_parse ("targets", targets, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok->version, ==, 1);
  g_assert_true (g_hash_table_contains (ok->targets, "v1"));

  /* _type must match the role */
  parse_fails ("snapshot", targets, "_type");
  parse_fails ("targets/releases", snapshot, "_type");
  /* version >= 1, an integer */
  b = replace_once (targets, "\"version\":1", "\"version\":0");
  parse_fails ("targets", b, "version");
  g_clear_pointer (&b, g_bytes_unref);
  b = replace_once (targets, "\"version\":1", "\"version\":1.0");
  parse_fails ("targets", b, "version");
  g_clear_pointer (&b, g_bytes_unref);
  b = replace_once (targets, "\"version\":1", "\"version\":1e0");
  parse_fails ("targets", b, "version");
  g_clear_pointer (&b, g_bytes_unref);
  /* required fields */
  b = replace_once (targets, "\"targets\":{", "\"targetz\":{");
  parse_fails ("targets", b, "signed.targets");
  g_clear_pointer (&b, g_bytes_unref);
  b = replace_once (snapshot, "\"root\":{", "\"rooo\":{");
  parse_fails ("snapshot", b, "signed.meta.root");
  g_clear_pointer (&b, g_bytes_unref);
  b = replace_once (root, "\"timestamp\":{\"keyids\"", "\"timestamq\":{\"keyids\"");
  parse_fails ("root", b, "signed.roles.timestamp");
  g_clear_pointer (&b, g_bytes_unref);
  /* every keyid in keys */
  b = replace_once (root, "\"threshold\":1},\"timestamp\":{\"keyids\":[\"",
                    "\"threshold\":1},\"timestamp\":{\"keyids\":[\"00");
  parse_fails ("root", b, "not in");
  g_clear_pointer (&b, g_bytes_unref);
  /* malformed JSON */
  b = replace_once (targets, "{\"signed\"", "{\"signed\",");
  {
    g_autoptr(GError) e2 = NULL;
    g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_parse ("targets", b, NULL, &e2);

    g_assert_null (md);
    g_assert_error (e2, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  }
  g_clear_pointer (&b, g_bytes_unref);
  /* a bad expiry */
  {
    g_autofree char *exp = _signet_tuf_format_time (repo->targets->expires);
    g_autofree char *quoted = g_strdup_printf ("\"expires\":\"%s\"", exp);

    b = replace_once (targets, quoted, "\"expires\":\"2030-02-30T00:00:00Z\"");
    parse_fails ("targets", b, "expires");
    g_clear_pointer (&b, g_bytes_unref);
  }
  /* invalid role names */
  parse_fails ("targets/UPPER", targets, NULL);
  parse_fails ("bogus", targets, NULL);
}

static void
test_parse_delegations (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  GBytes *targets;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  SignetTufRole *d;

  test_repo_add_delegation (repo, "targets/a", (const char *[]) { "x/", "y", NULL });
  test_repo_add_delegation (repo, "targets/b", NULL);
  test_repo_publish (repo);
  targets = g_hash_table_lookup (repo->latest, "targets");

  md = _signet_tuf_metadata_parse ("targets", targets, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md->delegations->len, ==, 2);
  d = g_ptr_array_index (md->delegations, 0);
  g_assert_cmpstr (d->name, ==, "targets/a");
  g_assert_cmpuint (d->paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (d->paths, 0), ==, "x/");
  g_assert_cmpstr (g_ptr_array_index (d->paths, 1), ==, "y");
  g_clear_pointer (&md, _signet_tuf_metadata_unref);

  /* path_hash_prefixes is ignored */
  b = replace_once (targets, "\"name\":\"targets/a\"",
                    "\"name\":\"targets/a\",\"path_hash_prefixes\":[\"ab\"]");
  md = _signet_tuf_metadata_parse ("targets", b, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (md);
  g_clear_pointer (&md, _signet_tuf_metadata_unref);
  g_clear_pointer (&b, g_bytes_unref);

  /* only direct children */
  b = replace_once (targets, "\"name\":\"targets/a\"", "\"name\":\"targets/a/c\"");
  parse_fails ("targets", b, "direct child");
  g_clear_pointer (&b, g_bytes_unref);
  /* role name rules */
  b = replace_once (targets, "\"name\":\"targets/a\"", "\"name\":\"targets/A\"");
  parse_fails ("targets", b, "not a valid role name");
  g_clear_pointer (&b, g_bytes_unref);
  b = replace_once (targets, "\"name\":\"targets/a\"", "\"name\":\"targets/../a\"");
  parse_fails ("targets", b, "not a valid role name");
  g_clear_pointer (&b, g_bytes_unref);
  /* duplicate names */
  b = replace_once (targets, "\"name\":\"targets/a\"", "\"name\":\"targets/b\"");
  parse_fails ("targets", b, "twice");
  g_clear_pointer (&b, g_bytes_unref);

  g_assert_true (_signet_tuf_is_delegation_name ("targets/releases"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets/a/"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets//a"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets/a b"));
  g_assert_false (_signet_tuf_is_delegation_name ("targets"));
}

static void
test_parse_time (void)
{
  gint64 t, t2;
  g_autofree char *s = NULL;

  g_assert_true (_signet_tuf_parse_time ("2036-11-24T06:40:49.727595642Z", &t));
  g_assert_true (_signet_tuf_parse_time ("2036-11-24T01:40:49-05:00", &t2));
  g_assert_cmpint (t, ==, t2);
  g_assert_true (_signet_tuf_parse_time ("2116-07-03T18:08:08.41836542-05:00", &t));
  s = _signet_tuf_format_time (t);
  g_assert_cmpstr (s, ==, "2116-07-03T23:08:08Z");
  g_assert_true (_signet_tuf_parse_time ("1970-01-01T00:00:00Z", &t));
  g_assert_cmpint (t, ==, 0);
  g_assert_true (_signet_tuf_parse_time ("2000-02-29T12:00:00+01:30", &t));
  g_assert_cmpint (t, ==, 951825600 - 5400);

  g_assert_false (_signet_tuf_parse_time ("2036-11-24 06:40:49Z", &t));
  g_assert_false (_signet_tuf_parse_time ("2036-11-24T06:40:49", &t));
  g_assert_false (_signet_tuf_parse_time ("2036-11-24T06:40:49.Z", &t));
  g_assert_false (_signet_tuf_parse_time ("2036-11-24T06:40:49.1234567891Z", &t));
  g_assert_false (_signet_tuf_parse_time ("2001-02-29T00:00:00Z", &t));
  g_assert_false (_signet_tuf_parse_time ("2036-11-24T06:40:49+0500", &t));
  g_assert_false (_signet_tuf_parse_time ("2036-11-24T06:40:49Zjunk", &t));
}

/* ---- Signature rules -------------------------------------------------------------- */

typedef struct
{
  TestKey           *a;
  TestKey           *b;
  SignetTufMetadata *md;
  JsonNode          *node;
  GBytes            *msg;
  GHashTable        *keys;
  SignetTufRole     *role;
  GPtrArray         *sigs;
} SigFixture;

static void
sig_fixture_setup (SigFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->a = test_key_new (NULL, 0, 0);
  f->b = test_key_new (NULL, 0, 0);
  f->md = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, "targets");
  f->md->expires = now_s () + 1000;
  f->node = _signet_tuf_metadata_to_json (f->md, &error);
  g_assert_no_error (error);
  f->msg = _signet_json_canonical (f->node, &error);
  g_assert_no_error (error);
  f->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) _signet_public_key_unref);
  g_hash_table_insert (f->keys, g_strdup (test_key_id (f->a)), _signet_public_key_ref (f->a->pub));
  g_hash_table_insert (f->keys, g_strdup (test_key_id (f->b)), _signet_public_key_ref (f->b->pub));
  f->role = _signet_tuf_role_new ("targets", 2);
  g_ptr_array_add (f->role->keyids, g_strdup (test_key_id (f->a)));
  g_ptr_array_add (f->role->keyids, g_strdup (test_key_id (f->b)));
  f->sigs = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
}

static void
sig_fixture_teardown (SigFixture    *f,
                      gconstpointer  data)
{
  test_key_free (f->a);
  test_key_free (f->b);
  _signet_tuf_metadata_unref (f->md);
  json_node_unref (f->node);
  g_bytes_unref (f->msg);
  g_hash_table_unref (f->keys);
  _signet_tuf_role_free (f->role);
  g_ptr_array_unref (f->sigs);
}

static void
add_sig (SigFixture *f,
         TestKey    *key,
         const char *keyid,
         const char *method,
         gboolean    corrupt)
{
  g_autofree char *m = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autofree char *b64 = NULL;
  gsize len;
  const guint8 *d = g_bytes_get_data (f->msg, &len);
  guint8 raw[64];

  g_assert_true (test_sign_func (key, d, len, &m, &sig, NULL));
  memcpy (raw, g_bytes_get_data (sig, NULL), 64);
  if (corrupt)
    raw[10] ^= 0x55;
  b64 = g_base64_encode (raw, 64);
  g_ptr_array_add (f->sigs, _signet_signature_new (keyid ? keyid : test_key_id (key),
                                                   method ? method : m, b64));
}

static gboolean
verify (SigFixture *f,
        guint      *n_valid,
        GError    **error)
{
  return _signet_tuf_verify_signatures (f->node, f->sigs, f->keys, f->role, "targets.json",
                                        n_valid, error);
}

static void
test_sig_threshold (SigFixture    *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  /* zero signatures is an error, even for a threshold that counts nothing */
  g_assert_false (verify (f, &n, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "no signatures"));
  g_clear_error (&error);

  /* the same key twice counts once */
  add_sig (f, f->a, NULL, NULL, FALSE);
  add_sig (f, f->a, NULL, NULL, FALSE);
  g_assert_false (verify (f, &n, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_cmpuint (n, ==, 1);
  g_clear_error (&error);

  /* a bad signature does not count and is skipped */
  add_sig (f, f->b, NULL, NULL, TRUE);
  g_assert_false (verify (f, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_clear_error (&error);

  /* an unknown keyid is skipped */
  add_sig (f, f->b, "0000000000000000000000000000000000000000000000000000000000000000", NULL, FALSE);
  g_assert_false (verify (f, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_clear_error (&error);

  add_sig (f, f->b, NULL, NULL, FALSE);
  g_assert_true (verify (f, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  /* threshold 1 with a bad signature first still passes */
  f->role->threshold = 1;
  g_ptr_array_set_size (f->sigs, 0);
  add_sig (f, f->b, NULL, NULL, TRUE);
  add_sig (f, f->a, NULL, NULL, FALSE);
  g_assert_true (verify (f, &n, &error));
  g_assert_no_error (error);

  /* threshold below 1 is invalid */
  f->role->threshold = 0;
  g_assert_false (verify (f, &n, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
}

static void
test_sig_key_id (SigFixture    *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *fake = "1111111111111111111111111111111111111111111111111111111111111111";

  /* key A listed under an ID that is not its own: its signature fails the file */
  g_hash_table_insert (f->keys, g_strdup (fake), _signet_public_key_ref (f->a->pub));
  f->role->threshold = 1;
  g_ptr_array_add (f->role->keyids, g_strdup (fake));
  add_sig (f, f->a, fake, NULL, FALSE);
  add_sig (f, f->b, NULL, NULL, FALSE);
  g_assert_false (verify (f, NULL, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "real ID"));
}

static void
test_sig_method (SigFixture    *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = 99;

  f->role->threshold = 1;
  /* a valid ECDSA signature announced as another method does not count */
  add_sig (f, f->a, NULL, "rsapss", FALSE);
  add_sig (f, f->a, NULL, "eddsa", FALSE);
  g_assert_false (verify (f, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);
  add_sig (f, f->a, NULL, "ecdsa", FALSE);
  g_assert_true (verify (f, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* ---- Root trust ------------------------------------------------------------------- */

static void
test_root_tofu (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r = update_ok (repo, NULL, requested);

  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "root.json");
  g_assert_cmpint (_signet_tuf_repo_get_root (r)->version, ==, 1);
  g_assert_true (g_hash_table_contains (_signet_tuf_repo_get_files (r), "root"));
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets", "v1"));
}

static void
test_root_tofu_bad_cert (void)
{
  const struct { const char *cn; int nb; int na; int code; } cases[] = {
    { "example.com/other", 0, 3650, SIGNET_ERROR_BAD_CERTIFICATE },
    { GUN, -20, -10, SIGNET_ERROR_EXPIRED },
    { NULL, 0, 0, -1 },  /* a plain key, no certificate */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
      TestKey *bad = test_key_new (cases[i].cn, cases[i].nb, cases[i].na);
      SignetTufRole *role = _signet_tuf_role_new ("root", 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetTufRepo) r = NULL;

      g_ptr_array_add (repo->all_keys, bad);
      g_ptr_array_add (role->keyids, g_strdup (test_key_id (bad)));
      _signet_tuf_metadata_add_key (repo->root, bad->pub);
      _signet_tuf_metadata_set_role (repo->root, role);
      g_ptr_array_index (repo->root_keys, 0) = bad;
      test_repo_publish (repo);

      r = test_run_update (GUN, NULL, repo->server, repo->now, NULL, &error);
      g_assert_null (r);
      g_assert_nonnull (error);
      g_test_message ("case %u: %s", i, error->message);
      if (cases[i].code >= 0)
        g_assert_error (error, SIGNET_ERROR, cases[i].code);
    }
}

static void
test_root_cached (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r2 = NULL;
  g_autoptr(GHashTable) cache2 = NULL;
  g_autoptr(GBytes) garbage = bytes_from_string ("{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufUpdater) u = NULL;

  /* with a cached root, root.json is not fetched */
  r2 = update_ok (repo, cache, requested);
  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "timestamp.json");

  /* and the cached root pins trust: another root on the server is not trusted */
  {
    g_autoptr(TestRepo) other = basic_repo ();

    update_fails (other, cache, other->now, SIGNET_ERROR_BAD_SIGNATURE);
  }

  /* a damaged cached root is an error */
  cache2 = test_cache_from_repo (r1);
  g_hash_table_insert (cache2, g_strdup ("root"), g_bytes_ref (garbage));
  u = _signet_tuf_updater_new (GUN, cache2, repo->now, &error);
  g_assert_null (u);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
}

/* Rotates the root key: root v+1 lists only a new key, signed by @sign_old / @sign_new. */
static TestKey *
rotate_root (TestRepo *repo,
             gboolean  sign_old,
             gboolean  sign_new)
{
  TestKey *old = g_ptr_array_index (repo->root_keys, 0);
  TestKey *fresh = test_repo_add_key (repo, repo->gun);
  SignetTufRole *role = _signet_tuf_role_new ("root", 1);

  g_ptr_array_add (role->keyids, g_strdup (test_key_id (fresh)));
  _signet_tuf_metadata_add_key (repo->root, fresh->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  g_ptr_array_set_size (repo->root_keys, 0);
  if (sign_old)
    g_ptr_array_add (repo->root_keys, old);
  if (sign_new)
    g_ptr_array_add (repo->root_keys, fresh);
  test_repo_bump (repo, TRUE);
  test_repo_publish (repo);
  g_ptr_array_set_size (repo->root_keys, 0);
  g_ptr_array_add (repo->root_keys, fresh);
  return fresh;
}

static void
test_root_rotation (void)
{
  for (guint mode = 0; mode < 3; mode++)
    {
      g_autoptr(TestRepo) repo = basic_repo ();
      g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
      g_autoptr(GHashTable) cache = test_cache_from_repo (r1);

      /* 0: old + new (valid); 1: new only; 2: old only */
      rotate_root (repo, mode != 1, mode != 2);
      if (mode == 0)
        {
          g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
          g_autoptr(SignetTufRepo) r2 = update_ok (repo, cache, requested);

          g_assert_cmpint (_signet_tuf_repo_get_root (r2)->version, ==, 2);
          /* the snapshot named another root: root was fetched by hash and the update retried */
          g_assert_true (g_str_has_prefix (g_ptr_array_index (requested, 2), "root."));
        }
      else
        update_fails (repo, cache, repo->now, SIGNET_ERROR_HASH_MISMATCH);
    }
}

static void
test_root_walk (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r3 = NULL;
  g_autoptr(GBytes) v2 = NULL;
  gboolean seen = FALSE;

  rotate_root (repo, TRUE, TRUE);  /* v2: key A -> B */
  rotate_root (repo, TRUE, TRUE);  /* v3: key B -> C, not signed by A */

  r3 = update_ok (repo, cache, requested);
  g_assert_cmpint (_signet_tuf_repo_get_root (r3)->version, ==, 3);
  for (guint i = 0; i < requested->len; i++)
    if (g_str_equal (g_ptr_array_index (requested, i), "2.root.json"))
      seen = TRUE;
  g_assert_true (seen);

  /* without the intermediate root, v3 cannot be trusted from v1 */
  v2 = g_bytes_ref (g_hash_table_lookup (repo->server, "2.root.json"));
  test_repo_serve (repo, "2.root.json", NULL);
  update_fails (repo, cache, repo->now, SIGNET_ERROR_HASH_MISMATCH);

  /* an intermediate root that is not what it claims is refused */
  test_repo_serve (repo, "2.root.json", g_hash_table_lookup (repo->server, "1.root.json"));
  update_fails (repo, cache, repo->now, SIGNET_ERROR_HASH_MISMATCH);
}

/* The cached root has expired: a new root is fetched first and checked against it. */
static void
test_root_cached_expired (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r2 = NULL;
  gint64 later = repo->now + 200;

  repo->root->expires = repo->now + 100;
  test_repo_publish (repo);
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);

  /* the server has nothing newer: the expired root is an error */
  update_fails (repo, cache, later, SIGNET_ERROR_EXPIRED);

  /* the owner re-signed root with a later expiry */
  repo->root->expires = repo->now + SIGNET_TUF_LIFETIME_ROOT;
  test_repo_bump (repo, TRUE);
  test_repo_publish (repo);
  {
    g_autoptr(GError) error = NULL;

    r2 = test_run_update (GUN, cache, repo->server, later, requested, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "root.json");
  g_assert_cmpstr (g_ptr_array_index (requested, 1), ==, "timestamp.json");
  g_assert_cmpint (_signet_tuf_repo_get_root (r2)->version, ==, 2);
}

/* The cached root's certificate has expired (notary then refuses the repository for
 * good): the rotated root, signed by the old key and a new certificate, is accepted. */
static void
test_root_cert_expired_rotation (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(SignetTufRepo) r2 = NULL;
  g_autoptr(GError) error = NULL;
  TestKey *short_lived = test_key_new (GUN, 0, 1);
  SignetTufRole *role = _signet_tuf_role_new ("root", 1);
  gint64 later = repo->now + 2 * 86400;

  g_ptr_array_add (repo->all_keys, short_lived);
  g_ptr_array_add (role->keyids, g_strdup (test_key_id (short_lived)));
  _signet_tuf_metadata_add_key (repo->root, short_lived->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  g_ptr_array_index (repo->root_keys, 0) = short_lived;
  test_repo_publish (repo);
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);

  /* two days later, without a rotation: the certificate check fails */
  update_fails (repo, cache, later, SIGNET_ERROR_EXPIRED);

  rotate_root (repo, TRUE, TRUE);
  r2 = test_run_update (GUN, cache, repo->server, later, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (_signet_tuf_repo_get_root (r2)->version, ==, 2);
}

/* The server rotated the timestamp key: the first attempt fails, root.json is fetched
 * again and the second attempt succeeds. */
static void
test_retry_after_root_change (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r2 = NULL;
  TestKey *ts = test_repo_add_key (repo, NULL);
  SignetTufRole *role = _signet_tuf_role_new ("timestamp", 1);

  g_ptr_array_add (role->keyids, g_strdup (test_key_id (ts)));
  _signet_tuf_metadata_add_key (repo->root, ts->pub);
  _signet_tuf_metadata_set_role (repo->root, role);
  repo->timestamp_key = ts;
  test_repo_bump (repo, TRUE);
  test_repo_publish (repo);

  r2 = update_ok (repo, cache, requested);
  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "timestamp.json");
  g_assert_cmpstr (g_ptr_array_index (requested, 1), ==, "root.json");
  g_assert_cmpstr (g_ptr_array_index (requested, 2), ==, "timestamp.json");
  g_assert_cmpint (_signet_tuf_repo_get_root (r2)->version, ==, 2);
}

/* ---- Fetch order, sizes, hashes --------------------------------------------------- */

static char *
consistent (TestRepo   *repo,
            const char *role)
{
  g_autoptr(SignetTufFileMeta) m =
    _signet_tuf_file_meta_new_from_bytes (g_hash_table_lookup (repo->latest, role));
  g_autofree char *hex = _signet_tuf_file_meta_get_sha256_hex (m);

  return g_strdup_printf ("%s.%s.json", role, hex);
}

static void
test_fetch_order (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SignetTufRepo) r = NULL;
  const char *expected_roles[] = { "targets", "targets/releases", "targets/a", "targets/c",
                                   "targets/a/b", NULL };
  GPtrArray *roles;

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_add_delegation (repo, "targets/a", NULL);
  test_repo_add_delegation (repo, "targets/c", NULL);
  test_repo_add_delegation (repo, "targets/a/b", NULL);
  test_repo_publish (repo);

  r = update_ok (repo, NULL, requested);
  g_assert_cmpuint (requested->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "root.json");
  g_assert_cmpstr (g_ptr_array_index (requested, 1), ==, "timestamp.json");
  {
    g_autofree char *s = consistent (repo, "snapshot");

    g_assert_cmpstr (g_ptr_array_index (requested, 2), ==, s);
  }
  for (guint i = 0; expected_roles[i]; i++)
    {
      g_autofree char *s = consistent (repo, expected_roles[i]);

      g_assert_cmpstr (g_ptr_array_index (requested, 3 + i), ==, s);
    }
  roles = _signet_tuf_repo_get_target_roles (r);
  g_assert_cmpuint (roles->len, ==, 5);
  for (guint i = 0; expected_roles[i]; i++)
    g_assert_cmpstr (g_ptr_array_index (roles, i), ==, expected_roles[i]);
  g_assert_cmpuint (g_hash_table_size (_signet_tuf_repo_get_files (r)), ==, 8);
}

static void
test_size_limits (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufUpdater) u = _signet_tuf_updater_new (GUN, NULL, repo->now, &error);
  const SignetTufRequest *req;
  GBytes *snapshot = g_hash_table_lookup (repo->latest, "snapshot");
  GBytes *targets = g_hash_table_lookup (repo->latest, "targets");

  g_assert_no_error (error);
  req = _signet_tuf_updater_next_request (u);
  g_assert_cmpstr (req->path, ==, "root.json");
  g_assert_cmpuint (req->max_size, ==, 100 * 1024 * 1024);
  g_assert_true (_signet_tuf_updater_feed (u, g_hash_table_lookup (repo->latest, "root"), &error));
  req = _signet_tuf_updater_next_request (u);
  g_assert_cmpstr (req->path, ==, "timestamp.json");
  g_assert_cmpuint (req->max_size, ==, 1024 * 1024);
  g_assert_true (_signet_tuf_updater_feed (u, g_hash_table_lookup (repo->latest, "timestamp"), &error));
  req = _signet_tuf_updater_next_request (u);
  g_assert_cmpstr (req->role, ==, "snapshot");
  g_assert_cmpuint (req->max_size, ==, g_bytes_get_size (snapshot));
  g_assert_true (_signet_tuf_updater_feed (u, snapshot, &error));
  req = _signet_tuf_updater_next_request (u);
  g_assert_cmpstr (req->role, ==, "targets");
  g_assert_cmpuint (req->max_size, ==, g_bytes_get_size (targets));

  /* a timestamp over 1 MiB is refused */
  {
    g_autoptr(TestRepo) big = basic_repo ();
    gsize n = 1024 * 1024 + 1;
    g_autofree char *junk = g_malloc0 (n);
    g_autoptr(GBytes) b = NULL;

    memset (junk, ' ', n);
    b = g_bytes_new (junk, n);
    test_repo_serve (big, "timestamp.json", b);
    update_fails (big, NULL, big->now, SIGNET_ERROR_TOO_LARGE);
  }
}

static void
test_hashes (void)
{
  g_autoptr(GBytes) data = bytes_from_string ("hello");
  g_autoptr(SignetTufFileMeta) m = _signet_tuf_file_meta_new_from_bytes (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufFileMeta) only_md5 = _signet_tuf_file_meta_new ();

  g_assert_true (_signet_tuf_file_meta_check_hashes (m, (const guint8 *) "hello", 5, "x", &error));
  g_assert_no_error (error);
  /* every known hash must match: a wrong sha512 fails although sha256 matches */
  g_hash_table_insert (m->hashes, g_strdup ("sha512"), g_bytes_new_static ("0123456789012345678901234567890123456789012345678901234567890123", 64));
  g_assert_false (_signet_tuf_file_meta_check_hashes (m, (const guint8 *) "hello", 5, "x", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  /* and one must exist */
  g_hash_table_insert (only_md5->hashes, g_strdup ("md5"), g_bytes_new_static ("0123456789012345", 16));
  g_assert_false (_signet_tuf_file_meta_check_hashes (only_md5, (const guint8 *) "hello", 5, "x", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH);
  g_clear_error (&error);

  /* in an update: the targets file served under its name is another one */
  {
    g_autoptr(TestRepo) repo = basic_repo ();
    g_autofree char *path = consistent (repo, "targets");
    g_autoptr(GBytes) old = g_bytes_ref (g_hash_table_lookup (repo->latest, "targets"));

    test_repo_add_target (repo, "targets", "v2", "manifest v2");
    test_repo_publish (repo);
    /* the old, validly signed targets v1 served where the new one is expected */
    g_free (path);
    path = consistent (repo, "targets");
    test_repo_serve (repo, path, old);
    update_fails (repo, NULL, repo->now, SIGNET_ERROR_HASH_MISMATCH);
  }
}

static void
test_root_snapshot_meta (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GBytes) other = bytes_from_string ("another root");
  g_autoptr(GBytes) snap = NULL;
  g_autoptr(GBytes) ts = NULL;

  /* a snapshot whose meta.root is not the trusted root */
  test_repo_bump (repo, FALSE);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "root", other);
  snap = test_sign (repo->snapshot, (TestKey *[]) { repo->snapshot_key, NULL });
  _signet_tuf_metadata_set_meta_for (repo->timestamp, "snapshot", snap);
  ts = test_sign (repo->timestamp, (TestKey *[]) { repo->timestamp_key, NULL });
  {
    g_autoptr(SignetTufFileMeta) m = _signet_tuf_file_meta_new_from_bytes (snap);
    g_autofree char *hex = _signet_tuf_file_meta_get_sha256_hex (m);
    g_autofree char *path = g_strdup_printf ("snapshot.%s.json", hex);

    test_repo_serve (repo, path, snap);
    test_repo_serve (repo, "timestamp.json", ts);
  }
  update_fails (repo, cache, repo->now, SIGNET_ERROR_HASH_MISMATCH);
  update_fails (repo, NULL, repo->now, SIGNET_ERROR_HASH_MISMATCH);
}

static void
test_mix_and_match (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = update_ok (repo, NULL, NULL);
  g_autoptr(GHashTable) cache = test_cache_from_repo (r1);
  g_autoptr(GBytes) old_snapshot = g_bytes_ref (g_hash_table_lookup (repo->latest, "snapshot"));
  g_autofree char *path = NULL;

  test_repo_add_target (repo, "targets", "v2", "manifest v2");
  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);
  /* a validly signed snapshot, but not the one the timestamp names */
  path = consistent (repo, "snapshot");
  test_repo_serve (repo, path, old_snapshot);
  update_fails (repo, cache, repo->now, SIGNET_ERROR_HASH_MISMATCH);
}

/* ---- Rollback --------------------------------------------------------------------- */

static void
test_rollback (void)
{
  const char *roles[] = { "timestamp", "snapshot", "targets", "targets/releases" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
      g_autoptr(SignetTufRepo) r1 = NULL;
      g_autoptr(GHashTable) cache = NULL;
      g_autoptr(GHashTable) cache_before = NULL;
      SignetTufMetadata *md;

      test_repo_add_delegation (repo, "targets/releases", NULL);
      /* many targets in v2 so that v1 files are shorter */
      test_repo_bump (repo, FALSE);
      for (guint j = 0; j < 20; j++)
        {
          g_autofree char *name = g_strdup_printf ("tag%u", j);

          test_repo_add_target (repo, "targets", name, name);
          test_repo_add_target (repo, "targets/releases", name, name);
        }
      test_repo_publish (repo);
      r1 = update_ok (repo, NULL, NULL);
      cache = test_cache_from_repo (r1);
      cache_before = test_cache_from_repo (r1);

      /* the server now serves @role at version 1 (everything else newer) */
      g_hash_table_remove_all (repo->targets->targets);
      g_hash_table_remove_all (((SignetTufMetadata *) g_hash_table_lookup (repo->delegations, "targets/releases"))->targets);
      test_repo_bump (repo, FALSE);
      if (g_str_equal (roles[i], "targets"))
        md = repo->targets;
      else if (g_str_equal (roles[i], "snapshot"))
        md = repo->snapshot;
      else if (g_str_equal (roles[i], "timestamp"))
        md = repo->timestamp;
      else
        md = g_hash_table_lookup (repo->delegations, roles[i]);
      md->version = 1;
      test_repo_publish (repo);

      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SignetTufRepo) r = test_run_update (GUN, cache, repo->server, repo->now, NULL, &error);

        g_assert_null (r);
        g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_ROLLBACK);
        g_assert_nonnull (strstr (error->message, roles[i]));
      }
      /* the failed update changed nothing: the cache given is untouched and the next
       * run refuses the old version again */
      {
        GHashTableIter iter;
        gpointer k, v;

        g_assert_cmpuint (g_hash_table_size (cache), ==, g_hash_table_size (cache_before));
        g_hash_table_iter_init (&iter, cache_before);
        while (g_hash_table_iter_next (&iter, &k, &v))
          g_assert_true (g_bytes_equal (v, g_hash_table_lookup (cache, k)));
      }
      update_fails (repo, cache, repo->now, SIGNET_ERROR_ROLLBACK);
    }
}

/* Within one update, what the failed first attempt saw does not raise the floor nor
 * lower it: the versions come from the cache only. */
static void
test_rollback_after_failed_update (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GHashTable) v2_server = NULL;
  g_autofree char *snap_path = NULL;

  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);               /* v2 everywhere */
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);
  v2_server = test_repo_copy_server (repo);

  /* v3 timestamp with a broken snapshot: the update fails */
  test_repo_bump (repo, FALSE);
  test_repo_publish (repo);
  snap_path = consistent (repo, "snapshot");
  test_repo_serve (repo, snap_path, NULL);
  update_fails (repo, cache, repo->now, SIGNET_ERROR_NOT_FOUND);

  /* the trusted versions are still those of the cache: v2 is accepted, v1 is not */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetTufRepo) r = test_run_update (GUN, cache, v2_server, repo->now, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (_signet_tuf_repo_get_timestamp (r)->version, ==, 2);
  }
}

/* ---- Expiry ----------------------------------------------------------------------- */

static void
test_expiry_fatal (void)
{
  const char *roles[] = { "root", "timestamp", "snapshot", "targets" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
      SignetTufMetadata *md = g_str_equal (roles[i], "root") ? repo->root :
                              g_str_equal (roles[i], "timestamp") ? repo->timestamp :
                              g_str_equal (roles[i], "snapshot") ? repo->snapshot : repo->targets;
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetTufRepo) r = NULL;

      md->expires = repo->now - 10;
      test_repo_publish (repo);
      r = test_run_update (GUN, NULL, repo->server, repo->now, NULL, &error);
      g_assert_null (r);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_EXPIRED);
      g_assert_nonnull (strstr (error->message, roles[i]));

      /* offline, expiry is a warning */
      {
        g_autoptr(TestRepo) ok = test_repo_new (GUN, now_s ());
        g_autoptr(SignetTufRepo) r1 = NULL;
        g_autoptr(GHashTable) cache = NULL;
        g_autoptr(SignetTufRepo) r2 = NULL;

        g_autoptr(GError) e2 = NULL;

        test_repo_publish (ok);
        r1 = update_ok (ok, NULL, NULL);
        cache = test_cache_from_repo (r1);
        r2 = _signet_tuf_repo_load_cached (GUN, cache, ok->now + 20 * 365 * 86400LL, &e2);
        g_assert_no_error (e2);
        g_assert_nonnull (r2);
        g_assert_cmpuint (_signet_tuf_repo_get_warnings (r2)->len, >=, 4);
      }
    }
}

static void
test_delegation_dropped (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r = NULL;
  GPtrArray *warnings;
  GPtrArray *keys;
  TestKey *other;
  gboolean saw_expired = FALSE, saw_signed = FALSE;

  test_repo_add_delegation (repo, "targets/old", NULL);
  test_repo_add_delegation (repo, "targets/forged", NULL);
  test_repo_add_delegation (repo, "targets/good", NULL);
  test_repo_add_delegation (repo, "targets/old/child", NULL);
  test_repo_add_target (repo, "targets/old", "t-old", "a");
  test_repo_add_target (repo, "targets/forged", "t-forged", "b");
  test_repo_add_target (repo, "targets/good", "t-good", "c");
  ((SignetTufMetadata *) g_hash_table_lookup (repo->delegations, "targets/old"))->expires = repo->now - 1;
  /* signed by a key the delegation does not list */
  other = test_repo_add_key (repo, NULL);
  keys = g_hash_table_lookup (repo->deleg_keys, "targets/forged");
  g_ptr_array_index (keys, 0) = other;
  test_repo_publish (repo);

  r = update_ok (repo, NULL, NULL);
  g_assert_null (_signet_tuf_repo_get_targets (r, "targets/old"));
  g_assert_null (_signet_tuf_repo_get_targets (r, "targets/old/child"));
  g_assert_null (_signet_tuf_repo_get_targets (r, "targets/forged"));
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/good", "t-good"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/forged", "t-forged"));
  g_assert_false (g_hash_table_contains (_signet_tuf_repo_get_files (r), "targets/forged"));
  warnings = _signet_tuf_repo_get_warnings (r);
  for (guint i = 0; i < warnings->len; i++)
    {
      const char *w = g_ptr_array_index (warnings, i);

      g_test_message ("warning: %s", w);
      if (strstr (w, "targets/old") && strstr (w, "expired"))
        saw_expired = TRUE;
      if (strstr (w, "targets/forged") && strstr (w, "not validly signed"))
        saw_signed = TRUE;
    }
  g_assert_true (saw_expired);
  g_assert_true (saw_signed);

  /* the top-level targets under-signed is fatal */
  repo->targets_key = other;
  test_repo_publish (repo);
  update_fails (repo, NULL, repo->now, SIGNET_ERROR_BAD_SIGNATURE);
}

/* ---- Delegation paths ------------------------------------------------------------- */

static void
test_delegation_paths (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r = NULL;
  GPtrArray *eff;
  const char *found = NULL;

  test_repo_add_delegation (repo, "targets/a", (const char *[]) { "v", NULL });
  test_repo_add_delegation (repo, "targets/a/b", (const char *[]) { "v1", "x", NULL });
  test_repo_add_delegation (repo, "targets/nopaths", (const char *[]) { NULL });
  test_repo_add_target (repo, "targets/a", "v2", "a");
  test_repo_add_target (repo, "targets/a", "w", "a");
  test_repo_add_target (repo, "targets/a/b", "v1.0", "b");
  test_repo_add_target (repo, "targets/a/b", "x1", "b");
  test_repo_add_target (repo, "targets/nopaths", "v1", "n");
  test_repo_publish (repo);

  r = update_ok (repo, NULL, NULL);
  eff = _signet_tuf_repo_get_effective_paths (r, "targets/a/b");
  g_assert_cmpuint (eff->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (eff, 0), ==, "v1");
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/a", "v2"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/a", "w"));
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/a/b", "v1.0"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/a/b", "x1"));
  /* a delegation without paths can sign nothing */
  g_assert_nonnull (_signet_tuf_repo_get_targets (r, "targets/nopaths"));
  g_assert_null (_signet_tuf_repo_get_target (r, "targets/nopaths", "v1"));

  g_assert_nonnull (_signet_tuf_repo_lookup_target (r, "v2", (const char *[]) { "targets/releases", "targets/a", NULL }, &found));
  g_assert_cmpstr (found, ==, "targets/a");
}

/* ---- Malformed data and numbers in an update -------------------------------------- */

static void
test_malformed_update (void)
{
  g_autoptr(TestRepo) repo = basic_repo ();
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(SignetTufFileMeta) meta = NULL;

  /* a targets file whose custom data has a non-integral number has no canonical form */
  meta = _signet_tuf_file_meta_new_from_bytes (g_hash_table_lookup (repo->latest, "root"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    meta->custom = json_from_string ("{\"x\":1.5}", &error);
    g_assert_no_error (error);
    _signet_tuf_metadata_set_target (repo->targets, "float", g_steal_pointer (&meta));
    node = _signet_tuf_metadata_to_json (repo->targets, &error);
    g_assert_null (node);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    g_hash_table_remove (repo->targets->targets, "float");
  }

  /* served timestamp that is not JSON at all */
  bad = bytes_from_string ("{\"signed\":");
  test_repo_serve (repo, "timestamp.json", bad);
  update_fails (repo, NULL, repo->now, SIGNET_ERROR_MALFORMED);

  /* a signed float inserted into the signed data: refused, never verified loosely */
  {
    g_autoptr(TestRepo) r2 = basic_repo ();
    g_autoptr(GBytes) ts = replace_once (g_hash_table_lookup (r2->latest, "timestamp"),
                                         "\"length\":", "\"custom\":{\"f\":0.5},\"length\":");

    test_repo_serve (r2, "timestamp.json", ts);
    update_fails (r2, NULL, r2->now, SIGNET_ERROR_MALFORMED);
  }
}

/* ---- Builder ---------------------------------------------------------------------- */

static void
test_builder_roundtrip (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r = NULL;
  g_autoptr(GError) error = NULL;
  SignetTufFileMeta *meta;
  SignetTufFileMeta *got;
  g_autofree char *text = NULL;
  gint64 before = repo->targets->version;

  {
    g_autoptr(GBytes) x = g_bytes_new_static ("x", 1);

    meta = _signet_tuf_file_meta_new_from_bytes (x);
  }
  meta->custom = json_from_string ("{\"b\":1,\"a\":\"<x>&\"}", &error);
  g_assert_no_error (error);
  _signet_tuf_metadata_set_target (repo->targets, "v3<é>&", meta);
  _signet_tuf_metadata_bump (repo->targets, repo->now, SIGNET_TUF_LIFETIME_TARGETS);
  g_assert_cmpint (repo->targets->version, ==, before + 1);
  g_assert_cmpint (repo->targets->expires, ==, repo->now + SIGNET_TUF_LIFETIME_TARGETS);
  test_repo_publish (repo);

  /* custom data is written canonically, escaped as notary writes file bytes */
  text = bytes_to_string (g_hash_table_lookup (repo->latest, "targets"));
  g_assert_nonnull (strstr (text, "\"custom\":{\"a\":\"\\u003cx\\u003e\\u0026\",\"b\":1}"));
  g_assert_nonnull (strstr (text, "\"v3\\u003cé\\u003e\\u0026\""));
  g_assert_nonnull (strstr (text, "\"delegations\":{\"keys\":{},\"roles\":[]}"));
  g_assert_false (g_str_has_suffix (text, "\n"));

  r = update_ok (repo, NULL, NULL);

  /* a copy can be changed and signed without touching the verified file */
  {
    g_autoptr(SignetTufMetadata) copy = _signet_tuf_metadata_copy (_signet_tuf_repo_get_targets (r, "targets"));
    g_autoptr(GBytes) resigned = NULL;
    g_autoptr(SignetTufMetadata) reparsed = NULL;

    g_hash_table_remove (copy->targets, "v3<é>&");
    _signet_tuf_metadata_bump (copy, repo->now, SIGNET_TUF_LIFETIME_TARGETS);
    resigned = test_sign (copy, (TestKey *[]) { repo->targets_key, NULL });
    reparsed = _signet_tuf_metadata_parse ("targets", resigned, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (reparsed->version, ==, before + 2);
    g_assert_cmpuint (g_hash_table_size (reparsed->targets), ==, 0);
    g_assert_cmpuint (g_hash_table_size (_signet_tuf_repo_get_targets (r, "targets")->targets), ==, 1);
  }

  got = _signet_tuf_repo_get_target (r, "targets", "v3<é>&");
  g_assert_nonnull (got);
  g_assert_cmpint (got->length, ==, 1);
  g_assert_nonnull (got->custom);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (got->custom), "b"), ==, 1);
  g_assert_cmpint (_signet_tuf_repo_get_targets (r, "targets")->version, ==, before + 1);
}

/* Offline: the cached files are checked as one consistent set. */
static void
test_load_cached (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, now_s ());
  g_autoptr(SignetTufRepo) r1 = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GError) error = NULL;

  test_repo_add_delegation (repo, "targets/releases", NULL);
  test_repo_add_target (repo, "targets/releases", "v1", "a");
  test_repo_publish (repo);
  r1 = update_ok (repo, NULL, NULL);
  cache = test_cache_from_repo (r1);

  {
    g_autoptr(SignetTufRepo) r = _signet_tuf_repo_load_cached (GUN, cache, repo->now, &error);

    g_assert_no_error (error);
    g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/releases", "v1"));
    g_assert_cmpuint (_signet_tuf_repo_get_warnings (r)->len, ==, 0);
  }

  /* a cached delegation that is missing: a warning */
  {
    g_autoptr(GHashTable) partial = test_cache_from_repo (r1);
    g_autoptr(SignetTufRepo) r = NULL;

    g_hash_table_remove (partial, "targets/releases");
    r = _signet_tuf_repo_load_cached (GUN, partial, repo->now, &error);
    g_assert_no_error (error);
    g_assert_null (_signet_tuf_repo_get_targets (r, "targets/releases"));
    g_assert_cmpuint (_signet_tuf_repo_get_warnings (r)->len, ==, 1);
  }

  /* a cached targets file that does not match the cached snapshot: an error */
  {
    g_autoptr(GHashTable) tampered = test_cache_from_repo (r1);
    g_autoptr(SignetTufRepo) r = NULL;

    test_repo_add_target (repo, "targets", "evil", "x");
    repo->targets->version++;
    test_repo_publish (repo);
    g_hash_table_insert (tampered, g_strdup ("targets"),
                         g_bytes_ref (g_hash_table_lookup (repo->latest, "targets")));
    r = _signet_tuf_repo_load_cached (GUN, tampered, repo->now, &error);
    g_assert_null (r);
    g_assert_nonnull (error);
    g_assert_true (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH) ||
                   g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE));
    g_clear_error (&error);
  }

  /* no cached root: nothing to trust */
  {
    g_autoptr(GHashTable) empty = test_bytes_table_new ();
    g_autoptr(SignetTufRepo) r = _signet_tuf_repo_load_cached (GUN, empty, repo->now, &error);

    g_assert_null (r);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  }
}

/* ---- Real data -------------------------------------------------------------------- */

static GHashTable *
load_fixture (void)
{
  const char *roles[] = { "root", "timestamp", "snapshot", "targets", "targets/releases" };
  GHashTable *files = test_bytes_table_new ();

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.json", NOTARY_FIXTURE_DIR, roles[i]);
      g_autoptr(GError) error = NULL;
      char *data;
      gsize len;

      g_file_get_contents (path, &data, &len, &error);
      g_assert_no_error (error);
      g_hash_table_insert (files, g_strdup (roles[i]), g_bytes_new_take (data, len));
    }
  return files;
}

static void
check_fixture_repo (SignetTufRepo *r)
{
  g_assert_cmpint (_signet_tuf_repo_get_root (r)->version, ==, 1);
  g_assert_cmpint (_signet_tuf_repo_get_timestamp (r)->version, ==, 4);
  g_assert_cmpint (_signet_tuf_repo_get_snapshot (r)->version, ==, 5);
  g_assert_cmpint (_signet_tuf_repo_get_targets (r, "targets")->version, ==, 5);
  g_assert_cmpint (_signet_tuf_repo_get_targets (r, "targets/releases")->version, ==, 1);
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets", "LICENSE"));
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets", "change"));
  g_assert_nonnull (_signet_tuf_repo_get_target (r, "targets/releases", "hello"));
  g_assert_cmpuint (_signet_tuf_repo_get_target (r, "targets", "LICENSE")->length, ==, 11309);
}

static void
test_notary_fixture (void)
{
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GHashTable) server = test_bytes_table_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetTufRepo) cached = NULL;
  g_autoptr(SignetTufRepo) updated = NULL;
  GHashTableIter iter;
  gpointer k, v;
  /* 2017-01-01: inside the root certificate's validity (2016-07-27 .. 2026-07-25) */
  gint64 now = 1483228800;

  if (!g_file_test (NOTARY_FIXTURE_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("notary fixtures are not installed");
      return;
    }
  files = load_fixture ();

  cached = _signet_tuf_repo_load_cached ("docker.com/notary0.3/tst", files, now, &error);
  g_assert_no_error (error);
  check_fixture_repo (cached);
  g_assert_cmpuint (_signet_tuf_repo_get_warnings (cached)->len, ==, 0);

  /* the same files served to the updater on first use */
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      g_autoptr(SignetTufFileMeta) m = _signet_tuf_file_meta_new_from_bytes (v);
      g_autofree char *hex = _signet_tuf_file_meta_get_sha256_hex (m);

      g_hash_table_insert (server, g_strdup_printf ("%s.json", (char *) k), g_bytes_ref (v));
      g_hash_table_insert (server, g_strdup_printf ("%s.%s.json", (char *) k, hex), g_bytes_ref (v));
    }
  updated = test_run_update ("docker.com/notary0.3/tst", NULL, server, now, NULL, &error);
  g_assert_no_error (error);
  check_fixture_repo (updated);

  /* another GUN does not match the certificate */
  {
    g_autoptr(SignetTufRepo) none = test_run_update ("docker.com/other", NULL, server, now, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }
  /* offline after the certificate expired: a warning, not an error */
  {
    g_autoptr(SignetTufRepo) late = _signet_tuf_repo_load_cached ("docker.com/notary0.3/tst", files,
                                                                 1800000000, &error);

    g_assert_no_error (error);
    g_assert_nonnull (late);
    g_assert_cmpuint (_signet_tuf_repo_get_warnings (late)->len, >=, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/tuf/parse/strict", test_parse_strict);
  g_test_add_func ("/Signet/Unit/tuf/parse/delegations", test_parse_delegations);
  g_test_add_func ("/Signet/Unit/tuf/parse/time", test_parse_time);
  g_test_add ("/Signet/Unit/tuf/signatures/threshold", SigFixture, NULL,
              sig_fixture_setup, test_sig_threshold, sig_fixture_teardown);
  g_test_add ("/Signet/Unit/tuf/signatures/key-id", SigFixture, NULL,
              sig_fixture_setup, test_sig_key_id, sig_fixture_teardown);
  g_test_add ("/Signet/Unit/tuf/signatures/method", SigFixture, NULL,
              sig_fixture_setup, test_sig_method, sig_fixture_teardown);
  g_test_add_func ("/Signet/Unit/tuf/root/tofu", test_root_tofu);
  g_test_add_func ("/Signet/Unit/tuf/root/tofu-bad-cert", test_root_tofu_bad_cert);
  g_test_add_func ("/Signet/Unit/tuf/root/cached", test_root_cached);
  g_test_add_func ("/Signet/Unit/tuf/root/rotation", test_root_rotation);
  g_test_add_func ("/Signet/Unit/tuf/root/walk", test_root_walk);
  g_test_add_func ("/Signet/Unit/tuf/root/cached-expired", test_root_cached_expired);
  g_test_add_func ("/Signet/Unit/tuf/root/cert-expired-rotation", test_root_cert_expired_rotation);
  g_test_add_func ("/Signet/Unit/tuf/update/retry", test_retry_after_root_change);
  g_test_add_func ("/Signet/Unit/tuf/update/fetch-order", test_fetch_order);
  g_test_add_func ("/Signet/Unit/tuf/update/size-limits", test_size_limits);
  g_test_add_func ("/Signet/Unit/tuf/update/hashes", test_hashes);
  g_test_add_func ("/Signet/Unit/tuf/update/root-in-snapshot", test_root_snapshot_meta);
  g_test_add_func ("/Signet/Unit/tuf/update/mix-and-match", test_mix_and_match);
  g_test_add_func ("/Signet/Unit/tuf/update/rollback", test_rollback);
  g_test_add_func ("/Signet/Unit/tuf/update/rollback-after-failure", test_rollback_after_failed_update);
  g_test_add_func ("/Signet/Unit/tuf/update/expiry", test_expiry_fatal);
  g_test_add_func ("/Signet/Unit/tuf/update/delegation-dropped", test_delegation_dropped);
  g_test_add_func ("/Signet/Unit/tuf/update/delegation-paths", test_delegation_paths);
  g_test_add_func ("/Signet/Unit/tuf/update/malformed", test_malformed_update);
  g_test_add_func ("/Signet/Unit/tuf/builder/roundtrip", test_builder_roundtrip);
  g_test_add_func ("/Signet/Unit/tuf/cache/offline", test_load_cached);
  g_test_add_func ("/Signet/Unit/tuf/notary-fixture", test_notary_fixture);

  return g_test_run ();
}
