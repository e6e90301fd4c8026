/* signet-cosign-key.c: cosign key files (scrypt + NaCl secretbox, with libsodium), signing
 * and verifying simple-signing payloads.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "signet-cosign-private.h"
#include "signet-crypto-private.h"
#include "signet-error.h"

#define SALT_SIZE   32
#define SCRYPT_N    32768
#define SCRYPT_R    8
#define SCRYPT_P    1
/* Largest work factor accepted when reading (64 MiB of memory): tampered parameters must
 * not make us allocate without bound. */
#define SCRYPT_N_MAX 65536

static gboolean
crypto_fail (GError     **error,
             const char  *what)
{
  unsigned long e = ERR_get_error ();
  char buf[256] = "";

  if (e != 0)
    ERR_error_string_n (e, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO, "%s failed%s%s", what,
               buf[0] ? ": " : "", buf);
  return FALSE;
}

static gboolean
sodium_ready (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO, "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

EVP_PKEY *
_signet_cosign_key_generate (GError **error)
{
  EVP_PKEY *pkey = EVP_EC_gen ("P-256");

  if (pkey == NULL)
    crypto_fail (error, "Generating an ECDSA P-256 key");
  return pkey;
}

/* scrypt(passphrase, salt, N, r, p) -> 32-byte secretbox key */
static gboolean
derive_key (SignetSecret  *passphrase,
            const guint8  *salt,
            gsize          salt_len,
            guint64        n,
            guint32        r,
            guint32        p,
            guint8        *key,
            GError       **error)
{
  gsize len = 0;
  const char *pw = passphrase ? signet_secret_get (passphrase, &len) : "";

  if (crypto_pwhash_scryptsalsa208sha256_ll ((const guint8 *) pw, len, salt, salt_len, n, r, p,
                                             key, crypto_secretbox_KEYBYTES) != 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO,
                   "Deriving the key encryption key (scrypt) failed");
      return FALSE;
    }
  return TRUE;
}

char *
_signet_cosign_key_encrypt (EVP_PKEY      *pkey,
                            SignetSecret  *passphrase,
                            GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint8 salt[SALT_SIZE];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  unsigned char *der = NULL;
  guint8 *box = NULL;
  g_autofree char *b64_salt = NULL;
  g_autofree char *b64_nonce = NULL;
  g_autofree char *b64_box = NULL;
  g_autofree char *json = NULL;
  gsize json_len;
  BIO *bio = NULL;
  char *out = NULL;
  BUF_MEM *mem;
  PKCS8_PRIV_KEY_INFO *p8;
  int der_len;

  g_return_val_if_fail (pkey != NULL, NULL);

  if (!sodium_ready (error))
    return NULL;

  p8 = EVP_PKEY2PKCS8 (pkey);
  if (p8 == NULL)
    {
      crypto_fail (error, "Encoding the private key as PKCS#8");
      return NULL;
    }
  der_len = i2d_PKCS8_PRIV_KEY_INFO (p8, NULL);
  if (der_len <= 0 || (der = OPENSSL_secure_malloc (der_len)) == NULL)
    {
      PKCS8_PRIV_KEY_INFO_free (p8);
      crypto_fail (error, "Encoding the private key as PKCS#8");
      return NULL;
    }
  {
    unsigned char *p = der;

    i2d_PKCS8_PRIV_KEY_INFO (p8, &p);
  }
  PKCS8_PRIV_KEY_INFO_free (p8);

  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);
  if (!derive_key (passphrase, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, key, error))
    {
      OPENSSL_secure_clear_free (der, der_len);
      return NULL;
    }
  box = g_malloc (crypto_secretbox_MACBYTES + der_len);
  /* MAC || ciphertext, the layout of Go's secretbox.Seal. */
  crypto_secretbox_easy (box, der, der_len, nonce, key);
  sodium_memzero (key, sizeof key);
  OPENSSL_secure_clear_free (der, der_len);

  b64_salt = g_base64_encode (salt, sizeof salt);
  b64_nonce = g_base64_encode (nonce, sizeof nonce);
  b64_box = g_base64_encode (box, crypto_secretbox_MACBYTES + der_len);
  g_free (box);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kdf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "scrypt");
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "N");
  json_builder_add_int_value (builder, SCRYPT_N);
  json_builder_set_member_name (builder, "r");
  json_builder_add_int_value (builder, SCRYPT_R);
  json_builder_set_member_name (builder, "p");
  json_builder_add_int_value (builder, SCRYPT_P);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, b64_salt);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "cipher");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "nacl/secretbox");
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, b64_nonce);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "ciphertext");
  json_builder_add_string_value (builder, b64_box);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, &json_len);

  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL ||
      PEM_write_bio (bio, SIGNET_COSIGN_PEM_TYPE, "", (const unsigned char *) json,
                     (long) json_len) <= 0)
    {
      BIO_free (bio);
      crypto_fail (error, "Writing the key PEM");
      return NULL;
    }
  BIO_get_mem_ptr (bio, &mem);
  out = g_strndup (mem->data, mem->length);
  BIO_free (bio);
  return out;
}

static gboolean
member_string (JsonObject  *obj,
               const char  *name,
               const char **out)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_int (JsonObject *obj,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static GBytes *
member_b64 (JsonObject  *obj,
            const char  *name,
            GError     **error)
{
  const char *s;

  if (!member_string (obj, name, &s))
    return NULL;
  return _signet_base64_decode_strict (s, error);
}

EVP_PKEY *
_signet_cosign_key_decrypt (const char    *pem,
                            gsize          len,
                            SignetSecret  *passphrase,
                            const char    *where,
                            GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) nonce = NULL;
  g_autoptr(GBytes) box = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *what = where ? where : "the cosign key";
  const char *kdf_name = NULL, *cipher_name = NULL;
  JsonNode *root;
  JsonObject *obj, *kdf, *params, *cipher;
  gint64 n = 0, r = 0, p = 0;
  char *name = NULL, *header = NULL;
  unsigned char *data = NULL;
  long data_len = 0;
  BIO *bio;
  guint8 key[crypto_secretbox_KEYBYTES];
  unsigned char *plain;
  gsize plain_len;
  const unsigned char *q;
  PKCS8_PRIV_KEY_INFO *p8;
  EVP_PKEY *pkey;
  gboolean ok;

  g_return_val_if_fail (pem != NULL, NULL);

  if (!sodium_ready (error))
    return NULL;
  if (len > SIGNET_COSIGN_KEY_FILE_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s is larger than %d bytes: not a cosign key", what, SIGNET_COSIGN_KEY_FILE_MAX);
      return NULL;
    }
  bio = BIO_new_mem_buf (pem, (int) len);
  ok = bio != NULL && PEM_read_bio (bio, &name, &header, &data, &data_len) > 0;
  BIO_free (bio);
  ERR_clear_error ();
  if (!ok)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s has no PEM block", what);
      return NULL;
    }
  if (!g_str_equal (name, SIGNET_COSIGN_PEM_TYPE) && !g_str_equal (name, SIGNET_SIGSTORE_PEM_TYPE))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s is a “%s” PEM block, not an encrypted cosign private key", what, name);
      OPENSSL_free (name);
      OPENSSL_free (header);
      OPENSSL_free (data);
      return NULL;
    }
  OPENSSL_free (name);
  OPENSSL_free (header);
  ok = json_parser_load_from_data (parser, (const char *) data, data_len, &local_error);
  OPENSSL_free (data);
  if (!ok || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the encrypted key is not a JSON object%s%s", what,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  obj = json_node_get_object (root);
  if (!json_object_has_member (obj, "kdf") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "kdf")) ||
      !json_object_has_member (obj, "cipher") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "cipher")))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the encrypted key has no “kdf” or “cipher” object", what);
      return NULL;
    }
  kdf = json_object_get_object_member (obj, "kdf");
  cipher = json_object_get_object_member (obj, "cipher");
  if (!member_string (kdf, "name", &kdf_name) || !g_str_equal (kdf_name, "scrypt"))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: unknown key derivation “%s” (expected scrypt)", what,
                   kdf_name ? kdf_name : "(none)");
      return NULL;
    }
  if (!member_string (cipher, "name", &cipher_name) || !g_str_equal (cipher_name, "nacl/secretbox"))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: unknown cipher “%s” (expected nacl/secretbox)", what,
                   cipher_name ? cipher_name : "(none)");
      return NULL;
    }
  if (!json_object_has_member (kdf, "params") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (kdf, "params")) ||
      !member_int ((params = json_object_get_object_member (kdf, "params")), "N", &n) ||
      !member_int (params, "r", &r) || !member_int (params, "p", &p) ||
      n < 2 || n > SCRYPT_N_MAX || (n & (n - 1)) != 0 || r != SCRYPT_R || p != SCRYPT_P)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: unexpected scrypt parameters (expected N=%d or up to %d, r=%d, p=%d)", what,
                   SCRYPT_N, SCRYPT_N_MAX, SCRYPT_R, SCRYPT_P);
      return NULL;
    }
  if ((salt = member_b64 (kdf, "salt", NULL)) == NULL || g_bytes_get_size (salt) == 0 ||
      (nonce = member_b64 (cipher, "nonce", NULL)) == NULL ||
      g_bytes_get_size (nonce) != crypto_secretbox_NONCEBYTES ||
      (box = member_b64 (obj, "ciphertext", NULL)) == NULL ||
      g_bytes_get_size (box) <= crypto_secretbox_MACBYTES)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the salt, nonce (24 bytes) or ciphertext is missing or not base64", what);
      return NULL;
    }

  if (!derive_key (passphrase, g_bytes_get_data (salt, NULL), g_bytes_get_size (salt), (guint64) n,
                   (guint32) r, (guint32) p, key, error))
    return NULL;
  plain_len = g_bytes_get_size (box) - crypto_secretbox_MACBYTES;
  plain = OPENSSL_secure_malloc (plain_len);
  if (plain == NULL)
    {
      sodium_memzero (key, sizeof key);
      crypto_fail (error, "Allocating secure memory");
      return NULL;
    }
  if (crypto_secretbox_open_easy (plain, g_bytes_get_data (box, NULL), g_bytes_get_size (box),
                                  g_bytes_get_data (nonce, NULL), key) != 0)
    {
      sodium_memzero (key, sizeof key);
      OPENSSL_secure_clear_free (plain, plain_len);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                   "The passphrase does not decrypt %s", what);
      return NULL;
    }
  sodium_memzero (key, sizeof key);
  q = plain;
  p8 = d2i_PKCS8_PRIV_KEY_INFO (NULL, &q, (long) plain_len);
  pkey = p8 ? EVP_PKCS82PKEY (p8) : NULL;
  PKCS8_PRIV_KEY_INFO_free (p8);
  OPENSSL_secure_clear_free (plain, plain_len);
  if (pkey == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s decrypts, but not to a PKCS#8 private key", what);
      return NULL;
    }
  switch (EVP_PKEY_get_base_id (pkey))
    {
    case EVP_PKEY_EC:
    case EVP_PKEY_RSA:
    case EVP_PKEY_ED25519:
      return pkey;
    default:
      EVP_PKEY_free (pkey);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s holds an unsupported key type (expected ECDSA, RSA or Ed25519)", what);
      return NULL;
    }
}

char *
_signet_cosign_public_pem (EVP_PKEY  *pkey,
                           GError   **error)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  BUF_MEM *mem;
  char *out;

  if (bio == NULL || PEM_write_bio_PUBKEY (bio, pkey) <= 0)
    {
      BIO_free (bio);
      crypto_fail (error, "Writing the public key PEM");
      return NULL;
    }
  BIO_get_mem_ptr (bio, &mem);
  out = g_strndup (mem->data, mem->length);
  BIO_free (bio);
  return out;
}

EVP_PKEY *
_signet_cosign_public_from_pem (const char  *pem,
                                gsize        len,
                                const char  *where,
                                GError     **error)
{
  BIO *bio;
  EVP_PKEY *pkey;
  const char *what = where ? where : "the public key";

  if (len > SIGNET_COSIGN_KEY_FILE_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s is larger than %d bytes: not a public key", what, SIGNET_COSIGN_KEY_FILE_MAX);
      return NULL;
    }
  bio = BIO_new_mem_buf (pem, (int) len);
  pkey = bio ? PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL) : NULL;
  BIO_free (bio);
  ERR_clear_error ();
  if (pkey == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s is not a “PUBLIC KEY” PEM block", what);
      return NULL;
    }
  switch (EVP_PKEY_get_base_id (pkey))
    {
    case EVP_PKEY_EC:
    case EVP_PKEY_RSA:
    case EVP_PKEY_ED25519:
      return pkey;
    default:
      EVP_PKEY_free (pkey);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s is of an unsupported key type (expected ECDSA, RSA or Ed25519)", what);
      return NULL;
    }
}

char *
_signet_cosign_key_fingerprint (EVP_PKEY *pkey)
{
  unsigned char *der = NULL;
  g_autofree char *hex = NULL;
  int len = i2d_PUBKEY (pkey, &der);

  if (len <= 0)
    {
      ERR_clear_error ();
      return g_strdup ("(unknown)");
    }
  hex = _signet_sha256_hex (der, len);
  OPENSSL_free (der);
  return g_strconcat ("sha256:", hex, NULL);
}

static const EVP_MD *
md_for (EVP_PKEY *pkey)
{
  return EVP_PKEY_get_base_id (pkey) == EVP_PKEY_ED25519 ? NULL : EVP_sha256 ();
}

GBytes *
_signet_cosign_sign (EVP_PKEY  *pkey,
                     GBytes    *payload,
                     GError   **error)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  gsize sig_len = 0;
  guint8 *sig;

  if (ctx == NULL ||
      EVP_DigestSignInit (ctx, &pctx, md_for (pkey), NULL, pkey) != 1 ||
      (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA &&
       EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PADDING) != 1) ||
      EVP_DigestSign (ctx, NULL, &sig_len, g_bytes_get_data (payload, NULL),
                      g_bytes_get_size (payload)) != 1)
    {
      EVP_MD_CTX_free (ctx);
      crypto_fail (error, "Signing the payload");
      return NULL;
    }
  sig = g_malloc (sig_len);
  if (EVP_DigestSign (ctx, sig, &sig_len, g_bytes_get_data (payload, NULL),
                      g_bytes_get_size (payload)) != 1)
    {
      g_free (sig);
      EVP_MD_CTX_free (ctx);
      crypto_fail (error, "Signing the payload");
      return NULL;
    }
  EVP_MD_CTX_free (ctx);
  return g_bytes_new_take (sig, sig_len);
}

gboolean
_signet_cosign_verify (EVP_PKEY  *pkey,
                       GBytes    *payload,
                       GBytes    *sig,
                       GError   **error)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  int rc;

  if (ctx == NULL || EVP_DigestVerifyInit (ctx, &pctx, md_for (pkey), NULL, pkey) != 1 ||
      (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA &&
       EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PADDING) != 1))
    {
      EVP_MD_CTX_free (ctx);
      return crypto_fail (error, "Preparing signature verification");
    }
  rc = EVP_DigestVerify (ctx, g_bytes_get_data (sig, NULL), g_bytes_get_size (sig),
                         g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  EVP_MD_CTX_free (ctx);
  ERR_clear_error ();
  if (rc != 1)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE,
                   "The signature does not verify with this key");
      return FALSE;
    }
  return TRUE;
}

/* ---- payloads ---- */

void
_signet_cosign_payload_free (SignetCosignPayload *payload)
{
  if (payload == NULL)
    return;
  g_free (payload->docker_reference);
  g_free (payload->manifest_digest);
  g_free (payload->creator);
  g_free (payload);
}

static gboolean
digest_valid (const char *digest)
{
  gsize i;

  if (!g_str_has_prefix (digest, "sha256:") || strlen (digest) != 7 + 64)
    return FALSE;
  for (i = 7; digest[i]; i++)
    if (!g_ascii_isxdigit (digest[i]) || g_ascii_isupper (digest[i]))
      return FALSE;
  return TRUE;
}

/* @obj has exactly the members @names (NULL-terminated). */
static gboolean
exact_members (JsonObject         *obj,
               const char * const *names)
{
  guint n = 0;

  for (; *names; names++, n++)
    if (!json_object_has_member (obj, *names))
      return FALSE;
  return json_object_get_size (obj) == n;
}

static JsonObject *
object_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

SignetCosignPayload *
_signet_cosign_payload_parse (GBytes  *payload,
                              GError **error)
{
  static const char * const top_names[] = { "critical", "optional", NULL };
  static const char * const critical_names[] = { "type", "image", "identity", NULL };
  static const char * const image_names[] = { "docker-manifest-digest", NULL };
  static const char * const identity_names[] = { "docker-reference", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SignetCosignPayload) out = g_new0 (SignetCosignPayload, 1);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *opt_node;
  JsonObject *top, *critical, *image, *identity;
  const char *type = NULL, *digest = NULL, *ref = NULL;

  if (g_bytes_get_size (payload) > SIGNET_COSIGN_PAYLOAD_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "The signed payload is larger than %d bytes", SIGNET_COSIGN_PAYLOAD_MAX);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (payload, NULL),
                                   g_bytes_get_size (payload), &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The signed payload is not a JSON object%s%s",
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  top = json_node_get_object (root);
  if (!exact_members (top, top_names) || (critical = object_member (top, "critical")) == NULL ||
      !exact_members (critical, critical_names))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The signed payload must have exactly “critical” (type, image, identity) "
                   "and “optional”");
      return NULL;
    }
  if (!member_string (critical, "type", &type) || !g_str_equal (type, SIGNET_COSIGN_SIGNATURE_TYPE))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The signed payload has type “%s”, not “%s”", type ? type : "(not a string)",
                   SIGNET_COSIGN_SIGNATURE_TYPE);
      return NULL;
    }
  if ((image = object_member (critical, "image")) == NULL || !exact_members (image, image_names) ||
      !member_string (image, "docker-manifest-digest", &digest) || !digest_valid (digest))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The signed payload's critical.image.docker-manifest-digest is missing or "
                   "not a sha256 digest");
      return NULL;
    }
  if ((identity = object_member (critical, "identity")) == NULL ||
      !exact_members (identity, identity_names) ||
      !member_string (identity, "docker-reference", &ref))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "The signed payload's critical.identity.docker-reference is missing");
      return NULL;
    }
  out->manifest_digest = g_strdup (digest);
  out->docker_reference = g_strdup (ref);

  opt_node = json_object_get_member (top, "optional");
  if (!JSON_NODE_HOLDS_NULL (opt_node))
    {
      JsonObject *optional = object_member (top, "optional");
      JsonNode *node;
      const char *creator;

      if (optional == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "The signed payload's “optional” is neither an object nor null");
          return NULL;
        }
      if (json_object_has_member (optional, "creator"))
        {
          if (!member_string (optional, "creator", &creator))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "The signed payload's optional.creator is not a string");
              return NULL;
            }
          out->creator = g_strdup (creator);
        }
      if ((node = json_object_get_member (optional, "timestamp")) != NULL)
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            out->timestamp = json_node_get_int (node);
          else if (JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_DOUBLE &&
                   json_node_get_double (node) == (gdouble) (gint64) json_node_get_double (node))
            out->timestamp = (gint64) json_node_get_double (node);
          else
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "The signed payload's optional.timestamp is not an integer");
              return NULL;
            }
          out->has_timestamp = TRUE;
        }
    }
  return g_steal_pointer (&out);
}

GBytes *
_signet_cosign_payload_build (const char *docker_reference,
                              const char *digest,
                              const char *creator,
                              gint64      timestamp)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "critical");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "identity");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "docker-reference");
  json_builder_add_string_value (b, docker_reference);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "docker-manifest-digest");
  json_builder_add_string_value (b, digest);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, SIGNET_COSIGN_SIGNATURE_TYPE);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "optional");
  json_builder_begin_object (b);
  if (creator != NULL)
    {
      json_builder_set_member_name (b, "creator");
      json_builder_add_string_value (b, creator);
    }
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_int_value (b, timestamp);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  data = json_generator_to_data (gen, &len);
  return g_bytes_new_take (data, len);
}

/* ---- the store ---- */

gboolean
_signet_cosign_name_valid (const char  *name,
                           GError     **error)
{
  gsize i, len = name ? strlen (name) : 0;

  if (len == 0 || len > 64 || name[0] == '.')
    goto bad;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_' && name[i] != '.')
      goto bad;
  return TRUE;

bad:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "“%s” is not a valid cosign key name (1 to 64 of A-Z a-z 0-9 . _ -, not starting "
               "with a dot)", name ? name : "");
  return FALSE;
}

char *
_signet_cosign_private_path (const char *trust_dir,
                             const char *name)
{
  g_autofree char *file = g_strconcat (name, ".pem", NULL);

  return g_build_filename (trust_dir, "private", "cosign", file, NULL);
}

char *
_signet_cosign_public_path (const char *trust_dir,
                            const char *name)
{
  g_autofree char *file = g_strconcat (name, ".pub", NULL);

  return g_build_filename (trust_dir, "cosign", file, NULL);
}

char *
_signet_cosign_keyring_id (const char *name)
{
  return g_strconcat ("cosign:", name, NULL);
}
