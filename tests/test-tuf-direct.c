/* test-tuf-direct.c: the direct targets reader agrees with the full parser.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * _signet_tuf_metadata_parse() reads a targets file straight into the model when no
 * "signed" node is asked for, and with the full json-glib parser otherwise. Both must
 * accept exactly the same files, build the same model and fail with the same error.
 * Here both run on valid files and on many broken variants of them (every truncation,
 * single-byte changes at every position, and hand-made tricky cases).
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-tuf-private.h"
#include "tuf-test-util.h"

#define GUN "registry.example.com/team/app"

static guint n_compared;
static guint n_valid;

static char *
canonical_text (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = _signet_json_canonical (node, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

static void
assert_same_file_meta (const char              *name,
                       const SignetTufFileMeta *a,
                       const SignetTufFileMeta *b)
{
  GHashTableIter iter;
  gpointer k, v;

  g_assert_nonnull (b);
  g_assert_cmpint (a->length, ==, b->length);
  g_assert_cmpuint (g_hash_table_size (a->hashes), ==, g_hash_table_size (b->hashes));
  g_hash_table_iter_init (&iter, a->hashes);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      GBytes *other = g_hash_table_lookup (b->hashes, k);

      g_assert_nonnull (other);
      g_assert_true (g_bytes_equal (v, other));
    }
  g_assert_true ((a->custom == NULL) == (b->custom == NULL));
  if (a->custom != NULL)
    {
      g_autofree char *ca = canonical_text (a->custom);
      g_autofree char *cb = canonical_text (b->custom);

      g_assert_cmpstr (ca, ==, cb);
    }
  (void) name;
}

static void
assert_same_role (const SignetTufRole *a,
                  const SignetTufRole *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->threshold, ==, b->threshold);
  g_assert_cmpuint (a->keyids->len, ==, b->keyids->len);
  for (guint i = 0; i < a->keyids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->keyids, i), ==, g_ptr_array_index (b->keyids, i));
  g_assert_cmpuint (a->paths->len, ==, b->paths->len);
  for (guint i = 0; i < a->paths->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->paths, i), ==, g_ptr_array_index (b->paths, i));
}

static void
assert_same_model (SignetTufMetadata *a,
                   SignetTufMetadata *b)
{
  GHashTableIter iter;
  gpointer k, v;

  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->role, ==, b->role);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->expires, ==, b->expires);
  g_assert_cmpuint (g_hash_table_size (a->targets), ==, g_hash_table_size (b->targets));
  g_hash_table_iter_init (&iter, a->targets);
  while (g_hash_table_iter_next (&iter, &k, &v))
    assert_same_file_meta (k, v, g_hash_table_lookup (b->targets, k));
  g_assert_cmpuint (g_hash_table_size (a->keys), ==, g_hash_table_size (b->keys));
  g_hash_table_iter_init (&iter, a->keys);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_assert_true (g_hash_table_contains (b->keys, k));
  g_assert_cmpuint (a->delegations->len, ==, b->delegations->len);
  for (guint i = 0; i < a->delegations->len; i++)
    assert_same_role (g_ptr_array_index (a->delegations, i), g_ptr_array_index (b->delegations, i));
  g_assert_cmpuint (a->signatures->len, ==, b->signatures->len);
  for (guint i = 0; i < a->signatures->len; i++)
    {
      SignetSignature *sa = g_ptr_array_index (a->signatures, i);
      SignetSignature *sb = g_ptr_array_index (b->signatures, i);

      g_assert_cmpstr (sa->keyid, ==, sb->keyid);
      g_assert_cmpstr (sa->method, ==, sb->method);
      g_assert_cmpstr (sa->sig_b64, ==, sb->sig_b64);
    }
}

/* Parses @bytes both ways; returns TRUE when valid. */
static gboolean
compare (const char *role,
         GBytes     *bytes)
{
  g_autoptr(GError) direct_error = NULL;
  g_autoptr(GError) full_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SignetTufMetadata) direct = _signet_tuf_metadata_parse (role, bytes, NULL, &direct_error);
  g_autoptr(SignetTufMetadata) full = _signet_tuf_metadata_parse (role, bytes, &node, &full_error);

  n_compared++;
  if (full == NULL)
    {
      if (direct != NULL)
        g_test_message ("accepted by the direct reader only: %.*s",
                        (int) MIN (g_bytes_get_size (bytes), 400),
                        (const char *) g_bytes_get_data (bytes, NULL));
      g_assert_null (direct);
      g_assert_nonnull (full_error);
      g_assert_nonnull (direct_error);
      g_assert_true (direct_error->domain == full_error->domain);
      g_assert_cmpint (direct_error->code, ==, full_error->code);
      g_assert_cmpstr (direct_error->message, ==, full_error->message);
      return FALSE;
    }
  g_assert_no_error (direct_error);
  g_assert_nonnull (direct);
  assert_same_model (full, direct);
  n_valid++;
  return TRUE;
}

/* A published targets file with delegations, sha256 and sha512 hashes and custom data. */
static GBytes *
rich_targets_file (void)
{
  g_autoptr(TestRepo) repo = test_repo_new (GUN, 1700000000);
  g_autoptr(SignetTufFileMeta) meta = _signet_tuf_file_meta_new ();
  g_autoptr(GBytes) content = g_bytes_new_static ("some manifest", 13);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "rel", NULL };

  test_repo_add_delegation (repo, "targets/releases", paths);
  test_repo_add_target (repo, "targets", "v1", "manifest v1");
  test_repo_add_target (repo, "targets", "caf\xc3\xa9/\"q\"", "manifest v2");
  g_clear_pointer (&meta, _signet_tuf_file_meta_free);
  meta = _signet_tuf_file_meta_new_from_bytes (content);
  meta->custom = json_from_string ("{\"b\":[1,true,null,\"x\"],\"a\":{}}", &error);
  g_assert_no_error (error);
  _signet_tuf_metadata_set_target (repo->targets, "with-custom", g_steal_pointer (&meta));
  test_repo_publish (repo);
  return g_bytes_ref (g_hash_table_lookup (repo->latest, "targets"));
}

static const char *hand_made[] = {
  /* white space, reordered members, escapes, unknown members, custom null */
  " { \"signatures\" : [ ] , \"signed\" : { \"version\" : 3 , \"_type\" : \"Targets\" ,"
  " \"expires\" : \"2030-01-01T00:00:00+01:00\" , \"targets\" : { \"a\\u00e9\\/\\n\" : {"
  " \"hashes\" : { \"sha256\" : \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" , \"md5\" : \"\" } ,"
  " \"length\" : -0 , \"custom\" : null , \"extra\" : [ 1 , { } ] } } , \"delegations\" : null ,"
  " \"unknown\" : 1.5e3 } , \"more\" : { } } ",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[]}",
  /* duplicates at every level */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[],\"signed\":1}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{},\"targets\":{}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{}},\"a\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"length\":2,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{},\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{\"md5\":\"\",\"md5\":\"\"}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{},\"x\":1,\"x\":1}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{},\"custom\":1,\"custom\":null}}},\"signatures\":[]}",
  /* the same name spelled two ways is a duplicate too */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{}},\"\\u0061\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  /* member names of a target spelled with escapes, and a duplicate through them */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"len\\u0067th\":1,\"hashe\\u0073\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"len\\u0067th\":2,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\" :1,\"hashes\"\n:{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\"1,\"hashes\":{}}}},\"signatures\":[]}",
  /* numbers */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1.0,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1e3,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":-1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":9007199254740992,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":9007199254740993,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":00,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":12345678901234567890,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":\"1\",\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1e999,\"hashes\":{}}}},\"signatures\":[]}",
  /* wrong types and values */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":[]},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":[]}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":[]}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{\"sha256\":1}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{\"sha256\":\"AAAA\"}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{\"sha256\":\"AA=A\"}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{\"sha256\":\"\\u0041AAA\"}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\"},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Root\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":0,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"soon\",\"targets\":{}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}}}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[1]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{},\"delegations\":{\"keys\":{},\"roles\":[{\"name\":\"targets/a\",\"keyids\":[\"k\"],\"threshold\":1}]}},\"signatures\":[]}",
  "{\"signed\":[],\"signatures\":[]}",
  "[]",
  "",
  /* strings */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\\u0000\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"\\ud800\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"\\ud83d\\ude00\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"\xed\xa0\x80\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"\xc0\xaf\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\tb\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\\x\":{\"length\":1,\"hashes\":{}}}},\"signatures\":[]}",
  /* structure */
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{},}}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{,}},\"signatures\":[]}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[]} x",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{}},\"signatures\":[]}{}",
  "{\"signed\":{\"_type\":\"Targets\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"a\":{\"length\":1,\"hashes\":{},\"custom\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}},\"signatures\":[]}",
};

static void
test_same_model (void)
{
  g_autoptr(GBytes) rich = rich_targets_file ();

  g_assert_true (compare ("targets", rich));
  g_assert_true (compare ("targets/releases", rich) == FALSE);  /* delegation not a child */
  for (guint i = 0; i < G_N_ELEMENTS (hand_made); i++)
    {
      g_autoptr(GBytes) b = bytes_from_string (hand_made[i]);

      compare ("targets", b);
      compare ("targets/x", b);
    }
  {
    g_autoptr(GBytes) b = bytes_from_string (hand_made[0]);
    g_autoptr(GBytes) escaped = NULL;
    g_autoptr(GBytes) twice = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (hand_made); i++)
      if (strstr (hand_made[i], "\"len\\u0067th\":1,") != NULL)
        escaped = bytes_from_string (hand_made[i]);
      else if (strstr (hand_made[i], "\"len\\u0067th\":2,") != NULL)
        twice = bytes_from_string (hand_made[i]);

    g_assert_true (compare ("targets", b));
    g_assert_true (compare ("targets", escaped));
    g_assert_false (compare ("targets", twice));
  }
  g_test_message ("%u comparisons, %u valid", n_compared, n_valid);
}

static void
test_mutations (void)
{
  static const guint8 replacements[] = {
    '"', '{', '}', '[', ']', ',', ':', '0', '1', '-', '.', 'e', '\\', ' ', 'x', 'n',
    0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xe2, 0xff,
  };
  g_autoptr(GBytes) rich = rich_targets_file ();
  gsize len;
  const guint8 *data = g_bytes_get_data (rich, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  guint valid_before = n_valid;

  /* every truncation */
  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GBytes) b = g_bytes_new (data, n);

      g_assert_false (compare ("targets", b));
    }
  /* every byte replaced by each of a set of meaningful bytes, inserted, and removed */
  for (gsize at = 0; at < len; at++)
    {
      for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
        {
          g_autoptr(GBytes) b = NULL;
          g_autofree guint8 *ins = g_malloc (len + 1);

          copy[at] = replacements[r];
          b = g_bytes_new (copy, len);
          compare ("targets", b);
          copy[at] = data[at];

          memcpy (ins, data, at);
          ins[at] = replacements[r];
          memcpy (ins + at + 1, data + at, len - at);
          g_clear_pointer (&b, g_bytes_unref);
          b = g_bytes_new_take (g_steal_pointer (&ins), len + 1);
          compare ("targets", b);
        }
      {
        g_autofree guint8 *del = g_malloc (len);
        g_autoptr(GBytes) b = NULL;

        memcpy (del, data, at);
        memcpy (del + at, data + at + 1, len - at - 1);
        b = g_bytes_new_take (g_steal_pointer (&del), len - 1);
        compare ("targets", b);
      }
    }
  /* some variants are valid (white space added, digits changed, …): both kinds are seen */
  g_assert_cmpuint (n_valid, >, valid_before);
  g_test_message ("%u comparisons, %u valid", n_compared, n_valid);
}

/* Without a "signed" node, the verifier makes one when the raw text is not canonical. */
static void
test_lazy_signed_node (void)
{
  g_autoptr(GBytes) rich = rich_targets_file ();
  g_autoptr(TestRepo) repo = test_repo_new (GUN, 1700000000);
  GBytes *targets;
  SignetTufRole *role;
  g_autoptr(GBytes) pretty = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *spaced = NULL;
  const char *head = "{\"signed\":{";

  test_repo_add_target (repo, "targets", "v1", "manifest v1");
  test_repo_publish (repo);
  targets = g_hash_table_lookup (repo->latest, "targets");
  role = g_hash_table_lookup (repo->root->roles, "targets");

  /* canonical raw text: verified over the raw text */
  md = _signet_tuf_metadata_parse ("targets", targets, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_tuf_verify_signatures_file (targets, NULL, md->signatures,
                                                     repo->root->keys, role, "targets.json",
                                                     NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&md, _signet_tuf_metadata_unref);

  /* the same values with white space: only the canonical form verifies, made on demand */
  text = g_strndup (g_bytes_get_data (targets, NULL), g_bytes_get_size (targets));
  g_assert_true (g_str_has_prefix (text, head));
  spaced = g_strconcat ("{\"signed\":{ ", text + strlen (head), NULL);
  pretty = bytes_from_string (spaced);
  md = _signet_tuf_metadata_parse ("targets", pretty, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_tuf_verify_signatures_file (pretty, NULL, md->signatures,
                                                     repo->root->keys, role, "targets.json",
                                                     NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&md, _signet_tuf_metadata_unref);

  /* another file's signatures do not verify this one */
  md = _signet_tuf_metadata_parse ("targets", rich, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (_signet_tuf_verify_signatures_file (pretty, NULL, md->signatures,
                                                      repo->root->keys, role, "targets.json",
                                                      NULL, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/tuf-direct/same-model", test_same_model);
  g_test_add_func ("/Signet/Unit/tuf-direct/mutations", test_mutations);
  g_test_add_func ("/Signet/Unit/tuf-direct/lazy-signed-node", test_lazy_signed_node);

  return g_test_run ();
}
