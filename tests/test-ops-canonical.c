/* test-ops-canonical.c: the builder signs target "custom" data in its canonical form.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * notary writes custom JSON as it was given and verifies the re-sorted form, so custom data
 * that is not already canonical makes it publish a role the server rejects (notary-v1.md
 * §11). Signet's builder must sign (and write) the canonical form: sorted keys, integers,
 * strings raw in the signed bytes and <>& escaped in the file.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-json-private.h"
#include "signet-keystore-private.h"
#include "signet-tuf-private.h"

/* unsorted keys, HTML characters, whitespace, a nested array kept in order */
#define CUSTOM_IN "{ \"z\": 1, \"a\": \"<x>&\", \"m\": { \"k\": [2, 1], \"b\": null } }"
#define CUSTOM_SIGNED "\"custom\":{\"a\":\"<x>&\",\"m\":{\"b\":null,\"k\":[2,1]},\"z\":1}"
#define CUSTOM_FILE "\"custom\":{\"a\":\"\\u003cx\\u003e\\u0026\",\"m\":{\"b\":null,\"k\":[2,1]},\"z\":1}"

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

static SignetTufFileMeta *
meta_with_custom (const char *custom)
{
  SignetTufFileMeta *meta = _signet_tuf_file_meta_new ();
  guint8 digest[32] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;

  meta->length = 42;
  g_hash_table_insert (meta->hashes, g_strdup ("sha256"), g_bytes_new (digest, sizeof digest));
  meta->custom = json_from_string (custom, &error);
  g_assert_no_error (error);
  return meta;
}

static GBytes *
sign_targets (SignetTufMetadata  *md,
              SignetPrivateKey   *key,
              GError            **error)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_free);
  SignetTufSigner *signer = g_new0 (SignetTufSigner, 1);

  signer->keyid = _signet_public_key_get_id (_signet_private_key_get_public (key));
  signer->key = key;
  g_ptr_array_add (signers, signer);
  _signet_tuf_metadata_bump (md, 1700000000, SIGNET_TUF_LIFETIME_TARGETS);
  return _signet_tuf_metadata_sign (md, signers, sign_cb, error);
}

/* The file verifies under @key, the way a client checks it (re-serialised canonically). */
static void
assert_verifies (GBytes           *file,
                 SignetPrivateKey *key)
{
  SignetPublicKey *pub = _signet_private_key_get_public (key);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SignetTufMetadata) parsed = NULL;
  g_autoptr(JsonNode) signed_node = NULL;
  g_autoptr(GError) error = NULL;
  SignetTufRole *role = _signet_tuf_role_new ("targets", 1);
  guint n_valid = 0;

  g_ptr_array_add (role->keyids, g_strdup (_signet_public_key_get_id (pub)));
  g_hash_table_insert (keys, (gpointer) _signet_public_key_get_id (pub), pub);
  parsed = _signet_tuf_metadata_parse ("targets", file, &signed_node, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_tuf_verify_signatures (signed_node, parsed->signatures, keys, role,
                                                "targets", &n_valid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_valid, ==, 1);
  _signet_tuf_role_free (role);
}

static void
test_custom_canonicalised (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (&error);
  g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, "targets");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) canonical = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *signed_text = NULL;

  g_assert_no_error (error);
  md->version = 0;
  _signet_tuf_metadata_set_target (md, "v1", meta_with_custom (CUSTOM_IN));
  file = sign_targets (md, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  /* the file holds the sorted form with Go's escaping, the signed bytes the raw one */
  file_text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_assert_nonnull (strstr (file_text, CUSTOM_FILE));
  node = _signet_tuf_metadata_to_json (md, &error);
  g_assert_no_error (error);
  canonical = _signet_json_canonical (node, &error);
  g_assert_no_error (error);
  signed_text = g_strndup (g_bytes_get_data (canonical, NULL), g_bytes_get_size (canonical));
  g_assert_nonnull (strstr (signed_text, CUSTOM_SIGNED));
  assert_verifies (file, key);
}

static void
test_custom_kept_on_resign (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (&error);
  g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, "targets");
  g_autoptr(SignetTufMetadata) parsed = NULL;
  g_autoptr(SignetTufMetadata) copy = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  md->version = 0;
  _signet_tuf_metadata_set_target (md, "v1", meta_with_custom (CUSTOM_IN));
  first = sign_targets (md, key, &error);
  g_assert_no_error (error);

  /* what a signing operation does: a copy of the verified file, one more target, signed */
  parsed = _signet_tuf_metadata_parse ("targets", first, NULL, &error);
  g_assert_no_error (error);
  copy = _signet_tuf_metadata_copy (parsed);
  _signet_tuf_metadata_set_target (copy, "v2", meta_with_custom ("{\"b\":2,\"a\":[\"&\"]}"));
  second = sign_targets (copy, key, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  g_assert_nonnull (strstr (text, CUSTOM_FILE));
  g_assert_nonnull (strstr (text, "\"custom\":{\"a\":[\"\\u0026\"],\"b\":2}"));
  g_assert_cmpint (copy->version, ==, 2);
  assert_verifies (second, key);
}

static void
test_custom_without_canonical_form (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (&error);
  g_autoptr(SignetTufMetadata) md = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, "targets");
  g_autoptr(GBytes) file = NULL;

  g_assert_no_error (error);
  md->version = 0;
  /* canonical JSON has integers only: notary would sign something it cannot verify */
  _signet_tuf_metadata_set_target (md, "v1", meta_with_custom ("{\"size\": 1.5}"));
  file = sign_targets (md, key, &error);
  g_assert_null (file);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "targets"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Signet/Unit/ops/custom/canonicalised", test_custom_canonicalised);
  g_test_add_func ("/Signet/Unit/ops/custom/kept-on-resign", test_custom_kept_on_resign);
  g_test_add_func ("/Signet/Unit/ops/custom/no-canonical-form", test_custom_without_canonical_form);
  return g_test_run ();
}
