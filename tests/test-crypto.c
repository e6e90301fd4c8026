/* test-crypto.c: public keys, key IDs, signatures and root certificate checks.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "signet-error.h"
#include "signet-crypto-private.h"
#include "signet-json-private.h"

#define NOTARY_FIXTURES \
  "/usr/share/gocode/src/github.com/theupdateframework/notary/fixtures/compatibility"
#define REPO03 NOTARY_FIXTURES "/notary0.3/tuf/docker.com/notary0.3/tst/metadata"
#define REPO01 NOTARY_FIXTURES "/notary0.1/tuf/docker.com/notary0.1/samplerepo/metadata"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)

/* ------------------------------------------------------------------------------------ */
/* Helpers */

static JsonNode *
load_json (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  node = _signet_json_parse ((const guint8 *) contents, len, path, &error);
  g_assert_no_error (error);
  return node;
}

static GBytes *
signed_bytes (JsonNode *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = _signet_json_canonical (json_object_get_member (json_node_get_object (file),
                                                                  "signed"), &error);

  g_assert_no_error (error);
  return bytes;
}

static GBytes *
b64 (const char *text)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = _signet_base64_decode_strict (text, &error);

  g_assert_no_error (error);
  return bytes;
}

/* keyid -> SignetPublicKey for a KEY JSON map; asserts every ID recomputes equal. */
static GHashTable *
load_keys (JsonObject *keys)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) _signet_public_key_unref);
  g_autoptr(GList) members = json_object_get_members (keys);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      SignetPublicKey *key = _signet_public_key_new_from_json (json_object_get_member (keys, l->data),
                                                               &error);
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(SignetPublicKey) key2 = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (_signet_public_key_get_id (key), ==, l->data);

      /* to_json round trip gives the same ID */
      again = _signet_public_key_to_json (key);
      key2 = _signet_public_key_new_from_json (again, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (_signet_public_key_get_id (key2), ==, l->data);

      g_hash_table_insert (table, g_strdup (l->data), key);
    }
  return table;
}

/* Verifies every signature of @path with @keys; returns how many verified. */
static guint
verify_file (const char *path,
             GHashTable *keys)
{
  g_autoptr(JsonNode) file = load_json (path);
  g_autoptr(GBytes) msg = signed_bytes (file);
  JsonArray *sigs = json_object_get_array_member (json_node_get_object (file), "signatures");
  guint verified = 0;

  for (guint i = 0; i < json_array_get_length (sigs); i++)
    {
      JsonObject *s = json_array_get_object_element (sigs, i);
      SignetPublicKey *key = g_hash_table_lookup (keys, json_object_get_string_member (s, "keyid"));
      g_autoptr(GBytes) sig = b64 (json_object_get_string_member (s, "sig"));
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *tampered = NULL;
      gsize msg_len;

      g_assert_nonnull (key);
      g_test_message ("%s: %s signature by %s key %s", path,
                      json_object_get_string_member (s, "method"),
                      _signet_public_key_get_keytype (key), _signet_public_key_get_id (key));
      g_assert_true (_signet_public_key_verify (key, json_object_get_string_member (s, "method"),
                                                g_bytes_get_data (msg, NULL), g_bytes_get_size (msg),
                                                g_bytes_get_data (sig, NULL), g_bytes_get_size (sig),
                                                &error));
      g_assert_no_error (error);
      verified++;

      /* one changed byte in the message */
      msg_len = g_bytes_get_size (msg);
      tampered = g_memdup2 (g_bytes_get_data (msg, NULL), msg_len);
      tampered[msg_len / 2] ^= 0x01;
      g_assert_false (_signet_public_key_verify (key, json_object_get_string_member (s, "method"),
                                                 tampered, msg_len,
                                                 g_bytes_get_data (sig, NULL),
                                                 g_bytes_get_size (sig), &error));
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
    }
  return verified;
}

static SignetPublicKey *
key_from_root (const char *root_path,
               const char *keyid)
{
  g_autoptr(JsonNode) root = load_json (root_path);
  JsonObject *keys = json_object_get_object_member (json_object_get_object_member (
                                                      json_node_get_object (root), "signed"), "keys");
  g_autoptr(GError) error = NULL;
  SignetPublicKey *key = _signet_public_key_new_from_json (json_object_get_member (keys, keyid),
                                                           &error);

  g_assert_no_error (error);
  return key;
}

static EVP_PKEY *
gen_key (const char *type,
         int         bits)
{
  EVP_PKEY *pkey = NULL;

  if (g_str_equal (type, "EC"))
    pkey = EVP_EC_gen ("P-256");
  else if (g_str_equal (type, "RSA"))
    pkey = EVP_RSA_gen (bits);
  else
    pkey = EVP_PKEY_Q_keygen (NULL, NULL, type);
  g_assert_nonnull (pkey);
  return pkey;
}

static GBytes *
sign (EVP_PKEY     *pkey,
      const EVP_MD *md,
      int           pad,
      int           saltlen,
      const guint8 *msg,
      gsize         msg_len)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  size_t len = 0;
  guint8 *out;

  g_assert_cmpint (EVP_DigestSignInit (ctx, &pctx, md, NULL, pkey), ==, 1);
  if (pad != 0)
    {
      g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (pctx, pad), ==, 1);
      if (pad == RSA_PKCS1_PSS_PADDING)
        g_assert_cmpint (EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, saltlen), ==, 1);
    }
  g_assert_cmpint (EVP_DigestSign (ctx, NULL, &len, msg, msg_len), ==, 1);
  out = g_malloc (len);
  g_assert_cmpint (EVP_DigestSign (ctx, out, &len, msg, msg_len), ==, 1);
  return g_bytes_new_take (out, len);
}

/* DER ECDSA signature -> raw r||s of 2 * 32 bytes */
static GBytes *
ecdsa_der_to_raw (GBytes *der)
{
  const guint8 *p = g_bytes_get_data (der, NULL);
  ECDSA_SIG *sig = d2i_ECDSA_SIG (NULL, &p, g_bytes_get_size (der));
  guint8 raw[64];

  g_assert_nonnull (sig);
  g_assert_cmpint (BN_bn2binpad (ECDSA_SIG_get0_r (sig), raw, 32), ==, 32);
  g_assert_cmpint (BN_bn2binpad (ECDSA_SIG_get0_s (sig), raw + 32, 32), ==, 32);
  ECDSA_SIG_free (sig);
  return g_bytes_new (raw, sizeof raw);
}

static gboolean
verify (SignetPublicKey *key,
        const char      *method,
        const char      *msg,
        GBytes          *sig,
        GError         **error)
{
  return _signet_public_key_verify (key, method, (const guint8 *) msg, strlen (msg),
                                    g_bytes_get_data (sig, NULL), g_bytes_get_size (sig), error);
}

static GBytes *
flip_bit (GBytes *bytes,
          gsize   at)
{
  gsize len = g_bytes_get_size (bytes);
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);

  copy[at % len] ^= 0x80;
  return g_bytes_new_take (copy, len);
}

/* ------------------------------------------------------------------------------------ */
/* Fixtures */

static void
test_fixtures_notary03 (void)
{
  g_autoptr(JsonNode) root = load_json (REPO03 "/root.json");
  g_autoptr(JsonNode) targets = load_json (REPO03 "/targets.json");
  g_autoptr(GHashTable) root_keys = NULL;
  g_autoptr(GHashTable) delegation_keys = NULL;
  SignetPublicKey *cert_key, *releases_key;
  guint n = 0;

  root_keys = load_keys (json_object_get_object_member (
                           json_object_get_object_member (json_node_get_object (root), "signed"),
                           "keys"));
  g_assert_cmpuint (g_hash_table_size (root_keys), ==, 4);
  delegation_keys = load_keys (json_object_get_object_member (
                                 json_object_get_object_member (
                                   json_object_get_object_member (json_node_get_object (targets),
                                                                  "signed"),
                                   "delegations"),
                                 "keys"));
  g_assert_cmpuint (g_hash_table_size (delegation_keys), ==, 1);

  n += verify_file (REPO03 "/root.json", root_keys);
  n += verify_file (REPO03 "/targets.json", root_keys);
  n += verify_file (REPO03 "/snapshot.json", root_keys);
  n += verify_file (REPO03 "/timestamp.json", root_keys);
  n += verify_file (REPO03 "/targets/releases.json", delegation_keys);
  g_assert_cmpuint (n, ==, 5);

  /* Canonical IDs of the x509 keys = the names of their private key files. */
  cert_key = g_hash_table_lookup (root_keys,
                                  "354e203ba09dbe17807b6a9d191bff887167c06d121e738d849446a9c76c2866");
  g_assert_cmpstr (_signet_public_key_get_keytype (cert_key), ==, "ecdsa-x509");
  g_assert_cmpstr (_signet_public_key_get_canonical_id (cert_key), ==,
                   "f4eaf871a74aa3b3a0ff95cef2455a1e4d461639f5625418e76756fc5c948690");
  g_assert_nonnull (_signet_public_key_get_cert (cert_key));

  releases_key = g_hash_table_lookup (delegation_keys,
                                      "68243a1f948be7841403f65fc8f24d5eda9050c337e727e2eacc3d3cb5227d73");
  g_assert_cmpstr (_signet_public_key_get_keytype (releases_key), ==, "rsa-x509");
  g_assert_cmpstr (_signet_public_key_get_canonical_id (releases_key), ==,
                   "fa842f66cac2dc898677a8660789dcff0e3b0b93b73f8952491f6493199936d3");

  /* Plain keys: canonical ID = TUF ID, no certificate. */
  {
    SignetPublicKey *plain = g_hash_table_lookup (
      root_keys, "041b64dab281324ef2b62fd2d04f4758269e120ff063b7bc78709272821a0a02");

    g_assert_cmpstr (_signet_public_key_get_canonical_id (plain), ==,
                     _signet_public_key_get_id (plain));
    g_assert_null (_signet_public_key_get_cert (plain));
    g_assert_false (_signet_public_key_get_cert_validity (plain, NULL, NULL));
  }
}

static void
test_fixtures_notary01 (void)
{
  g_autoptr(JsonNode) root = load_json (REPO01 "/root.json");
  g_autoptr(GHashTable) root_keys = NULL;
  SignetPublicKey *cert_key;
  guint n = 0;

  root_keys = load_keys (json_object_get_object_member (
                           json_object_get_object_member (json_node_get_object (root), "signed"),
                           "keys"));
  n += verify_file (REPO01 "/root.json", root_keys);
  n += verify_file (REPO01 "/targets.json", root_keys);
  n += verify_file (REPO01 "/snapshot.json", root_keys);
  n += verify_file (REPO01 "/timestamp.json", root_keys);
  g_assert_cmpuint (n, ==, 4);

  cert_key = g_hash_table_lookup (root_keys,
                                  "4ff57dc987163053a12c066f2dd36b1ae6037a92f5416d381fe311a3db1868d8");
  g_assert_cmpstr (_signet_public_key_get_canonical_id (cert_key), ==,
                   "d0c623c8e70c70d42a8a8125c44a8598588b3f6e31d5c21a83cbc338dfde8a68");
}

static void
test_fixture_root_cert (void)
{
  g_autoptr(SignetPublicKey) key =
    key_from_root (REPO03 "/root.json",
                   "354e203ba09dbe17807b6a9d191bff887167c06d121e738d849446a9c76c2866");
  g_autoptr(GError) error = NULL;
  gint64 nb = 0, na = 0;

  g_assert_true (_signet_public_key_get_cert_validity (key, &nb, &na));
  g_assert_cmpint (nb, <, na);
  g_assert_true (_signet_public_key_check_root_cert (key, "docker.com/notary0.3/tst", nb + 10,
                                                     &error));
  g_assert_no_error (error);

  g_assert_false (_signet_public_key_check_root_cert (key, "docker.com/notary0.3/other", nb + 10,
                                                      &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  g_assert_false (_signet_public_key_check_root_cert (key, "docker.com/notary0.3/tst", na + 1,
                                                      &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_EXPIRED);
  g_clear_error (&error);

  /* a plain ecdsa key is not a certificate */
  {
    g_autoptr(SignetPublicKey) plain =
      key_from_root (REPO03 "/root.json",
                     "041b64dab281324ef2b62fd2d04f4758269e120ff063b7bc78709272821a0a02");

    g_assert_false (_signet_public_key_check_root_cert (plain, "docker.com/notary0.3/tst",
                                                        nb + 10, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE);
    g_assert_nonnull (strstr (error->message, "not a certificate"));
  }
}

/* ------------------------------------------------------------------------------------ */
/* Signature edge cases */

static void
test_ecdsa_raw_only (void)
{
  g_autoptr(JsonNode) file = load_json (REPO03 "/timestamp.json");
  g_autoptr(GBytes) msg = signed_bytes (file);
  JsonObject *s = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (file), "signatures"), 0);
  g_autoptr(SignetPublicKey) key = key_from_root (REPO03 "/root.json",
                                                  json_object_get_string_member (s, "keyid"));
  g_autoptr(GBytes) raw = b64 (json_object_get_string_member (s, "sig"));
  const guint8 *r = g_bytes_get_data (raw, NULL);
  g_autoptr(GError) error = NULL;
  ECDSA_SIG *esig = ECDSA_SIG_new ();
  guint8 *der = NULL;
  int der_len;
  guint8 longer[65];

  g_assert_cmpuint (g_bytes_get_size (raw), ==, 64);
  g_assert_true (_signet_public_key_verify (key, "ecdsa", g_bytes_get_data (msg, NULL),
                                            g_bytes_get_size (msg), r, 64, &error));
  g_assert_no_error (error);

  /* the same signature in DER */
  g_assert_cmpint (ECDSA_SIG_set0 (esig, BN_bin2bn (r, 32, NULL), BN_bin2bn (r + 32, 32, NULL)), ==, 1);
  der_len = i2d_ECDSA_SIG (esig, &der);
  g_assert_cmpint (der_len, >, 0);
  g_assert_false (_signet_public_key_verify (key, "ecdsa", g_bytes_get_data (msg, NULL),
                                             g_bytes_get_size (msg), der, der_len, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  OPENSSL_free (der);
  ECDSA_SIG_free (esig);

  /* one byte short, one byte long */
  g_assert_false (_signet_public_key_verify (key, "ecdsa", g_bytes_get_data (msg, NULL),
                                             g_bytes_get_size (msg), r, 63, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  longer[0] = 0;
  memcpy (longer + 1, r, 64);
  g_assert_false (_signet_public_key_verify (key, "ecdsa", g_bytes_get_data (msg, NULL),
                                             g_bytes_get_size (msg), longer, 65, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* wrong methods for an ecdsa key */
  {
    const char *methods[] = { "rsapss", "eddsa", "rsapkcs1v15", "pycrypto-pkcs#1 pss", "ECDSA", "dsa" };

    for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
      {
        g_assert_false (_signet_public_key_verify (key, methods[i], g_bytes_get_data (msg, NULL),
                                                   g_bytes_get_size (msg), r, 64, &error));
        g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
        g_clear_error (&error);
      }
  }
}

static void
test_wrong_method_rsa_x509 (void)
{
  g_autoptr(JsonNode) file = load_json (REPO03 "/targets/releases.json");
  g_autoptr(JsonNode) targets = load_json (REPO03 "/targets.json");
  g_autoptr(GBytes) msg = signed_bytes (file);
  JsonObject *s = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (file), "signatures"), 0);
  JsonObject *keys = json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (json_node_get_object (targets),
                                                                  "signed"),
                                   "delegations"),
    "keys");
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) key =
    _signet_public_key_new_from_json (json_object_get_member (keys,
                                                              json_object_get_string_member (s, "keyid")),
                                      &error);
  g_autoptr(GBytes) sig = b64 (json_object_get_string_member (s, "sig"));

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (s, "method"), ==, "rsapss");
  g_assert_true (_signet_public_key_verify (key, "rsapss", g_bytes_get_data (msg, NULL),
                                            g_bytes_get_size (msg), g_bytes_get_data (sig, NULL),
                                            g_bytes_get_size (sig), &error));
  g_assert_no_error (error);

  /* PKCS#1 v1.5 on a PSS signature, ecdsa, eddsa, and pycrypto (rsa keys only): all fail */
  {
    const char *methods[] = { "rsapkcs1v15", "ecdsa", "eddsa", "pycrypto-pkcs#1 pss" };

    for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
      {
        g_assert_false (_signet_public_key_verify (key, methods[i], g_bytes_get_data (msg, NULL),
                                                   g_bytes_get_size (msg),
                                                   g_bytes_get_data (sig, NULL),
                                                   g_bytes_get_size (sig), &error));
        g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
        g_clear_error (&error);
      }
  }
}

static void
test_ed25519 (void)
{
  g_autoptr(EVP_PKEY) pkey = gen_key ("ED25519", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) key = _signet_public_key_new_from_evp (pkey, &error);
  const char *msg = "{\"_type\":\"Timestamp\",\"version\":1}";
  g_autoptr(GBytes) sig = sign (pkey, NULL, 0, 0, (const guint8 *) msg, strlen (msg));
  g_autoptr(GBytes) bad = flip_bit (sig, 10);
  g_autoptr(GBytes) public = NULL;
  g_autoptr(SignetPublicKey) again = NULL;
  g_autoptr(JsonNode) json = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_keytype (key), ==, "ed25519");
  public = b64 (_signet_public_key_get_public_b64 (key));
  g_assert_cmpuint (g_bytes_get_size (public), ==, 32);
  g_assert_true (_signet_public_key_get_evp (key) == pkey);

  g_assert_true (verify (key, "eddsa", msg, sig, &error));
  g_assert_no_error (error);
  g_assert_false (verify (key, "eddsa", msg, bad, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (verify (key, "eddsa", "{\"_type\":\"Timestamp\",\"version\":2}", sig, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (verify (key, "ecdsa", msg, sig, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* the key through KEY JSON: same ID, still verifies */
  json = _signet_public_key_to_json (key);
  again = _signet_public_key_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_id (again), ==, _signet_public_key_get_id (key));
  g_assert_cmpstr (_signet_public_key_get_canonical_id (again), ==, _signet_public_key_get_id (key));
  g_assert_true (verify (again, "eddsa", msg, sig, &error));
  g_assert_no_error (error);
}

static void
test_rsa (void)
{
  g_autoptr(EVP_PKEY) pkey = gen_key ("RSA", 2048);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) key = _signet_public_key_new_from_evp (pkey, &error);
  const char *msg = "{\"_type\":\"Targets\",\"version\":7}";
  g_autoptr(GBytes) pss = sign (pkey, EVP_sha256 (), RSA_PKCS1_PSS_PADDING, 32,
                                (const guint8 *) msg, strlen (msg));
  g_autoptr(GBytes) pss20 = sign (pkey, EVP_sha256 (), RSA_PKCS1_PSS_PADDING, 20,
                                  (const guint8 *) msg, strlen (msg));
  g_autoptr(GBytes) pkcs1 = sign (pkey, EVP_sha256 (), RSA_PKCS1_PADDING, 0,
                                  (const guint8 *) msg, strlen (msg));
  g_autoptr(GBytes) bad = flip_bit (pss, 100);

  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_keytype (key), ==, "rsa");

  g_assert_true (verify (key, "rsapss", msg, pss, &error));
  g_assert_no_error (error);
  g_assert_false (verify (key, "rsapss", msg, bad, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  /* salt length must be 32 */
  g_assert_false (verify (key, "rsapss", msg, pss20, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  g_assert_true (verify (key, "rsapkcs1v15", msg, pkcs1, &error));
  g_assert_no_error (error);
  g_assert_false (verify (key, "rsapkcs1v15", msg, pss, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (verify (key, "rsapss", msg, pkcs1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* pycrypto wants the PEM layout of keyval.public; with DER it fails */
  g_assert_false (verify (key, "pycrypto-pkcs#1 pss", msg, pss, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  {
    BIO *bio = BIO_new (BIO_s_mem ());
    char *pem_data;
    long pem_len;
    g_autofree char *pem_b64 = NULL;
    g_autoptr(SignetPublicKey) pem_key = NULL;

    g_assert_cmpint (PEM_write_bio_PUBKEY (bio, pkey), ==, 1);
    pem_len = BIO_get_mem_data (bio, &pem_data);
    pem_b64 = g_base64_encode ((const guchar *) pem_data, pem_len);
    BIO_free (bio);
    pem_key = _signet_public_key_new ("rsa", pem_b64, &error);
    g_assert_no_error (error);
    g_assert_true (verify (pem_key, "pycrypto-pkcs#1 pss", msg, pss, &error));
    g_assert_no_error (error);
    g_assert_false (verify (pem_key, "pycrypto-pkcs#1 pss", msg, bad, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
    g_clear_error (&error);
  }

  /* wrong method for an rsa key */
  g_assert_false (verify (key, "ecdsa", msg, pss, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (verify (key, "eddsa", msg, pss, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
}

static void
test_rsa_small_key (void)
{
  g_autoptr(EVP_PKEY) pkey = gen_key ("RSA", 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) key = _signet_public_key_new_from_evp (pkey, &error);
  const char *msg = "m";
  g_autoptr(GBytes) pss = sign (pkey, EVP_sha256 (), RSA_PKCS1_PSS_PADDING, 32,
                                (const guint8 *) msg, strlen (msg));

  g_assert_no_error (error);
  g_assert_false (verify (key, "rsapss", msg, pss, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "1024 bits"));
}

static void
test_ecdsa_generated (void)
{
  g_autoptr(EVP_PKEY) pkey = gen_key ("EC", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) key = _signet_public_key_new_from_evp (pkey, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_keytype (key), ==, "ecdsa");

  /* many signatures, so that short r or s (which need zero padding) occur */
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *msg = g_strdup_printf ("{\"version\":%u}", i);
      g_autoptr(GBytes) der = sign (pkey, EVP_sha256 (), 0, 0, (const guint8 *) msg, strlen (msg));
      g_autoptr(GBytes) raw = ecdsa_der_to_raw (der);
      g_autoptr(GBytes) bad = flip_bit (raw, i);

      g_assert_true (verify (key, "ecdsa", msg, raw, &error));
      g_assert_no_error (error);
      g_assert_false (verify (key, "ecdsa", msg, bad, &error));
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
      g_assert_false (verify (key, "ecdsa", msg, der, &error));
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Key parsing */

static void
assert_key_fails (const char *json,
                  const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = _signet_json_parse ((const guint8 *) json, strlen (json), "key", &error);
  g_autoptr(SignetPublicKey) key = NULL;

  g_assert_no_error (error);
  key = _signet_public_key_new_from_json (node, &error);
  g_assert_null (key);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  if (strstr (error->message, fragment) == NULL)
    g_error ("error '%s' does not contain '%s'", error->message, fragment);
}

static void
test_key_errors (void)
{
  g_autoptr(EVP_PKEY) rsa = gen_key ("RSA", 2048);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPublicKey) rsa_key = _signet_public_key_new_from_evp (rsa, &error);
  g_autofree char *rsa_as_ecdsa = NULL;
  g_autofree char *rsa_with_private = NULL;
  g_autofree char *ed_short = NULL;
  guint8 zeros[31] = { 0 };
  g_autofree char *zeros_b64 = g_base64_encode (zeros, sizeof zeros);

  g_assert_no_error (error);

  assert_key_fails ("[]", "keytype");
  assert_key_fails ("{\"keytype\":\"ecdsa\"}", "keyval");
  assert_key_fails ("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null}}", "public");
  assert_key_fails ("{\"keytype\":1,\"keyval\":{\"private\":null,\"public\":\"QUJD\"}}", "keytype");
  assert_key_fails ("{\"keytype\":\"dsa\",\"keyval\":{\"private\":null,\"public\":\"QUJD\"}}",
                    "unsupported key type \"dsa\"");
  assert_key_fails ("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"QUJ\"}}",
                    "base64");
  assert_key_fails ("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"QU\\nJD\"}}",
                    "base64");
  assert_key_fails ("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"QUJD\"}}",
                    "DER");
  assert_key_fails ("{\"keytype\":\"ecdsa-x509\",\"keyval\":{\"private\":null,\"public\":\"QUJD\"}}",
                    "PEM");

  rsa_as_ecdsa = g_strdup_printf ("{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"%s\"}}",
                                  _signet_public_key_get_public_b64 (rsa_key));
  assert_key_fails (rsa_as_ecdsa, "not an ECDSA key");
  rsa_with_private = g_strdup_printf ("{\"keytype\":\"rsa\",\"keyval\":{\"private\":\"QUJD\",\"public\":\"%s\"}}",
                                      _signet_public_key_get_public_b64 (rsa_key));
  assert_key_fails (rsa_with_private, "private");
  ed_short = g_strdup_printf ("{\"keytype\":\"ed25519\",\"keyval\":{\"private\":null,\"public\":\"%s\"}}",
                              zeros_b64);
  assert_key_fails (ed_short, "31 bytes");
}

static void
test_base64_strict (void)
{
  const char *bad[] = { "QUJ", "QUJD\n", "QU JD", "QUJD=", "=QUJ", "QU=D", "QR==", "QUI=x===", "Q%JD" };
  g_autoptr(GBytes) ok = b64 ("QUI=");
  g_autoptr(GBytes) empty = b64 ("");

  g_assert_cmpmem (g_bytes_get_data (ok, NULL), g_bytes_get_size (ok), "AB", 2);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = _signet_base64_decode_strict (bad[i], &error);

      if (bytes != NULL)
        g_error ("accepted invalid base64 '%s'", bad[i]);
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    }
}

static void
test_key_id (void)
{
  g_autofree char *id = _signet_key_id_compute ("ecdsa", "QUJD");
  g_autofree char *expect = NULL;
  const char *json = "{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"QUJD\"}}";

  expect = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  g_assert_cmpstr (id, ==, expect);
  g_free (expect);
  expect = _signet_sha256_hex ((const guint8 *) json, strlen (json));
  g_assert_cmpstr (id, ==, expect);
}

/* ------------------------------------------------------------------------------------ */
/* Root certificates made here */

typedef struct
{
  const char   *cn;
  gint64        not_before;  /* offset from now, seconds */
  gint64        not_after;
  gboolean      ca;
  const EVP_MD *md;
} CertSpec;

static X509 *
make_cert (EVP_PKEY       *pkey,
           const CertSpec *spec,
           gint64          now)
{
  X509 *cert = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  X509_EXTENSION *ext;
  X509V3_CTX ctx;

  g_assert_cmpint (X509_set_version (cert, 2), ==, 1);
  g_assert_cmpint (ASN1_INTEGER_set (X509_get_serialNumber (cert), 12345), ==, 1);
  g_assert_cmpint (X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                               (const unsigned char *) spec->cn, -1, -1, 0), ==, 1);
  g_assert_cmpint (X509_set_subject_name (cert, name), ==, 1);
  g_assert_cmpint (X509_set_issuer_name (cert, name), ==, 1);
  X509_NAME_free (name);
  g_assert_nonnull (ASN1_TIME_set (X509_getm_notBefore (cert), (time_t) (now + spec->not_before)));
  g_assert_nonnull (ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) (now + spec->not_after)));
  g_assert_cmpint (X509_set_pubkey (cert, pkey), ==, 1);

  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_basic_constraints,
                             spec->ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  g_assert_nonnull (ext);
  g_assert_cmpint (X509_add_ext (cert, ext, -1), ==, 1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  g_assert_nonnull (ext);
  g_assert_cmpint (X509_add_ext (cert, ext, -1), ==, 1);
  X509_EXTENSION_free (ext);

  g_assert_cmpint (X509_sign (cert, pkey, spec->md != NULL ? spec->md : EVP_sha256 ()), >, 0);
  return cert;
}

static char *
cert_pem (X509 *cert)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;
  char *out;

  g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  out = g_strndup (data, len);
  BIO_free (bio);
  return out;
}

static SignetPublicKey *
cert_key (EVP_PKEY       *pkey,
          const CertSpec *spec,
          gint64          now)
{
  g_autoptr(X509) cert = make_cert (pkey, spec, now);
  g_autofree char *pem = cert_pem (cert);
  g_autoptr(GError) error = NULL;
  SignetPublicKey *key = _signet_public_key_new_from_cert_pem (pem, strlen (pem), &error);

  g_assert_no_error (error);
  return key;
}

static void
assert_root_cert (SignetPublicKey *key,
                  const char      *gun,
                  gint64           now,
                  int              code,
                  const char      *fragment)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = _signet_public_key_check_root_cert (key, gun, now, &error);

  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, SIGNET_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("error '%s' does not contain '%s'", error->message, fragment);
}

#define DAY (24 * 3600)
#define GUN "example.com/app"

static void
test_root_cert_checks (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(EVP_PKEY) ec = gen_key ("EC", 0);
  g_autoptr(EVP_PKEY) rsa2048 = gen_key ("RSA", 2048);
  g_autoptr(EVP_PKEY) rsa1024 = gen_key ("RSA", 1024);
  CertSpec good = { GUN, 0, 3650 * DAY, FALSE, NULL };

  /* a notary-like certificate passes */
  {
    g_autoptr(SignetPublicKey) key = cert_key (ec, &good, now);
    g_autoptr(SignetPublicKey) plain = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) public = b64 (_signet_public_key_get_public_b64 (key));
    gint64 nb, na;

    g_assert_cmpstr (_signet_public_key_get_keytype (key), ==, "ecdsa-x509");
    g_assert_true (g_str_has_prefix (g_bytes_get_data (public, NULL),
                                     "-----BEGIN CERTIFICATE-----\n"));
    assert_root_cert (key, GUN, now, -1, NULL);
    /* canonical ID = the ID of the bare key */
    plain = _signet_public_key_new_from_evp (ec, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (_signet_public_key_get_canonical_id (key), ==, _signet_public_key_get_id (plain));
    g_assert_cmpstr (_signet_public_key_get_id (key), !=, _signet_public_key_get_id (plain));
    g_assert_true (_signet_public_key_get_cert_validity (key, &nb, &na));
    g_assert_cmpint (nb, ==, now);
    g_assert_cmpint (na, ==, now + 3650 * DAY);
    /* still fine on the last second, and up to one day before NotBefore */
    assert_root_cert (key, GUN, now + 3650 * DAY, -1, NULL);
    assert_root_cert (key, GUN, now - DAY, -1, NULL);
  }

  /* wrong CN; wildcard CN */
  {
    CertSpec spec = good;
    g_autoptr(SignetPublicKey) key = NULL;
    g_autoptr(SignetPublicKey) wild = NULL;

    spec.cn = "example.com/other";
    key = cert_key (ec, &spec, now);
    assert_root_cert (key, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "does not match");
    spec.cn = "example.com/*";
    wild = cert_key (ec, &spec, now);
    assert_root_cert (wild, GUN, now, -1, NULL);
    assert_root_cert (wild, "example.org/app", now, SIGNET_ERROR_BAD_CERTIFICATE, "does not match");
  }

  /* expired */
  {
    CertSpec spec = { GUN, -20 * DAY, -DAY, FALSE, NULL };
    g_autoptr(SignetPublicKey) key = cert_key (ec, &spec, now);

    assert_root_cert (key, GUN, now, SIGNET_ERROR_EXPIRED, "expired");
  }

  /* not yet valid: by more than a day fails, by less is tolerated */
  {
    CertSpec spec = { GUN, 2 * DAY, 3650 * DAY, FALSE, NULL };
    CertSpec soon = { GUN, DAY / 2, 3650 * DAY, FALSE, NULL };
    g_autoptr(SignetPublicKey) key = cert_key (ec, &spec, now);
    g_autoptr(SignetPublicKey) key_soon = cert_key (ec, &soon, now);

    assert_root_cert (key, GUN, now, SIGNET_ERROR_EXPIRED, "not valid before");
    assert_root_cert (key_soon, GUN, now, -1, NULL);
  }

  /* CA:TRUE */
  {
    CertSpec spec = good;
    g_autoptr(SignetPublicKey) key = NULL;

    spec.ca = TRUE;
    key = cert_key (ec, &spec, now);
    assert_root_cert (key, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "CA:TRUE");
  }

  /* SHA-1 */
  {
    CertSpec spec = good;
    g_autoptr(SignetPublicKey) key = NULL;
    g_autoptr(SignetPublicKey) rsa_key = NULL;

    spec.md = EVP_sha1 ();
    key = cert_key (ec, &spec, now);
    assert_root_cert (key, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "SHA-1");
    rsa_key = cert_key (rsa2048, &spec, now);
    assert_root_cert (rsa_key, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "SHA-1");
  }

  /* RSA 1024 fails, RSA 2048 passes */
  {
    g_autoptr(SignetPublicKey) small = cert_key (rsa1024, &good, now);
    g_autoptr(SignetPublicKey) big = cert_key (rsa2048, &good, now);

    g_assert_cmpstr (_signet_public_key_get_keytype (small), ==, "rsa-x509");
    assert_root_cert (small, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "1024-bit RSA");
    assert_root_cert (big, GUN, now, -1, NULL);
  }

  /* chains: leaf + CA passes; CA first fails; two leaves fail */
  {
    CertSpec ca_spec = { "Some CA", 0, 3650 * DAY, TRUE, NULL };
    g_autoptr(X509) leaf = make_cert (ec, &good, now);
    g_autoptr(X509) ca = make_cert (rsa2048, &ca_spec, now);
    g_autofree char *leaf_pem = cert_pem (leaf);
    g_autofree char *ca_pem = cert_pem (ca);
    g_autofree char *chain = g_strconcat (leaf_pem, ca_pem, NULL);
    g_autofree char *reversed = g_strconcat (ca_pem, leaf_pem, NULL);
    g_autofree char *two = g_strconcat (leaf_pem, leaf_pem, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetPublicKey) k1 = _signet_public_key_new_from_cert_pem (chain, strlen (chain), &error);
    g_autoptr(SignetPublicKey) k2 = NULL;
    g_autoptr(SignetPublicKey) k3 = NULL;

    g_assert_no_error (error);
    assert_root_cert (k1, GUN, now, -1, NULL);
    k2 = _signet_public_key_new_from_cert_pem (reversed, strlen (reversed), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (_signet_public_key_get_keytype (k2), ==, "rsa-x509");
    assert_root_cert (k2, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "CA:TRUE");
    k3 = _signet_public_key_new_from_cert_pem (two, strlen (two), &error);
    g_assert_no_error (error);
    assert_root_cert (k3, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "2 leaf");
  }

  /* a certificate followed by a non-certificate PEM block is refused */
  {
    g_autoptr(X509) leaf = make_cert (ec, &good, now);
    g_autofree char *leaf_pem = cert_pem (leaf);
    g_autofree char *bundle = g_strconcat (leaf_pem, "-----BEGIN PUBLIC KEY-----\nQUJD\n"
                                           "-----END PUBLIC KEY-----\n", NULL);
    g_autofree char *bundle_b64 = g_base64_encode ((const guchar *) bundle, strlen (bundle));
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetPublicKey) key = NULL;

    g_assert_null (_signet_public_key_new_from_cert_pem (bundle, strlen (bundle), &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    g_clear_error (&error);
    key = _signet_public_key_new ("ecdsa-x509", bundle_b64, &error);
    g_assert_no_error (error);
    assert_root_cert (key, GUN, now, SIGNET_ERROR_BAD_CERTIFICATE, "PEM block 2");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/crypto/fixtures-notary0.3", test_fixtures_notary03);
  g_test_add_func ("/Signet/Unit/crypto/fixtures-notary0.1", test_fixtures_notary01);
  g_test_add_func ("/Signet/Unit/crypto/fixture-root-cert", test_fixture_root_cert);
  g_test_add_func ("/Signet/Unit/crypto/ecdsa-raw-only", test_ecdsa_raw_only);
  g_test_add_func ("/Signet/Unit/crypto/wrong-method-rsa-x509", test_wrong_method_rsa_x509);
  g_test_add_func ("/Signet/Unit/crypto/ed25519", test_ed25519);
  g_test_add_func ("/Signet/Unit/crypto/rsa", test_rsa);
  g_test_add_func ("/Signet/Unit/crypto/rsa-small-key", test_rsa_small_key);
  g_test_add_func ("/Signet/Unit/crypto/ecdsa-generated", test_ecdsa_generated);
  g_test_add_func ("/Signet/Unit/crypto/key-errors", test_key_errors);
  g_test_add_func ("/Signet/Unit/crypto/base64-strict", test_base64_strict);
  g_test_add_func ("/Signet/Unit/crypto/key-id", test_key_id);
  g_test_add_func ("/Signet/Unit/crypto/root-cert-checks", test_root_cert_checks);

  return g_test_run ();
}
