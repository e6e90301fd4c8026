/* signet-crypto.c: TUF public keys, key IDs, signature verification, root certificates.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: notary-v1.md §3 and §4 (tuf/data/keys.go, tuf/signed/verifiers.go,
 * trustpinning/certs.go, tuf/utils/x509.go in notary).
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "signet-error.h"
#include "signet-crypto-private.h"
#include "signet-json-private.h"

#define MIN_RSA_BITS       2048
#define ONE_DAY            (24 * 60 * 60)
#define ED25519_KEY_LEN    32
#define ED25519_SIG_LEN    64

struct _SignetPublicKey
{
  gatomicrefcount  ref_count;
  char            *keytype;
  char            *public_b64;
  GBytes          *public;        /* the decoded keyval.public */
  char            *id;
  char            *canonical_id;
  EVP_PKEY        *pkey;
  X509            *cert;          /* x509 types: the leaf (first certificate) */
  STACK_OF (X509) *chain;         /* x509 types: every certificate, leaf first */
  char            *chain_problem; /* x509 types: why the PEM is not a clean certificate bundle */
  gboolean         public_is_pem; /* rsa: keyval.public is a PEM PUBLIC KEY, not DER */
};

/* ------------------------------------------------------------------------------------ */
/* Helpers */

/* Appends the reason of the most recent OpenSSL error (and clears the queue). */
static void set_openssl_error (GError    **error,
                               SignetError code,
                               const char *format,
                               ...) G_GNUC_PRINTF (3, 4);

static void
set_openssl_error (GError    **error,
                   SignetError code,
                   const char *format,
                   ...)
{
  g_autofree char *msg = NULL;
  unsigned long err = 0, e;
  char reason[256];
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  while ((e = ERR_get_error ()) != 0)
    err = e;

  if (err != 0)
    {
      ERR_error_string_n (err, reason, sizeof reason);
      g_set_error (error, SIGNET_ERROR, code, "%s: %s", msg, reason);
    }
  else
    {
      g_set_error_literal (error, SIGNET_ERROR, code, msg);
    }
}

char *
_signet_sha256_hex (const guint8 *data,
                    gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  guint8 md[32];
  char *hex = g_malloc (65);

  if (!EVP_Digest (data, len, md, NULL, EVP_sha256 (), NULL))
    g_error ("EVP_Digest failed");
  for (guint i = 0; i < 32; i++)
    {
      hex[2 * i] = digits[md[i] >> 4];
      hex[2 * i + 1] = digits[md[i] & 0xf];
    }
  hex[64] = '\0';
  return hex;
}

GBytes *
_signet_base64_decode_strict (const char  *b64,
                              GError     **error)
{
  gsize len, i, out_len = 0;
  g_autofree guchar *out = NULL;
  g_autofree char *again = NULL;

  g_return_val_if_fail (b64 != NULL, NULL);

  len = strlen (b64);
  if (len % 4 != 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "invalid base64: length %" G_GSIZE_FORMAT " is not a multiple of 4", len);
      return NULL;
    }
  for (i = 0; i < len; i++)
    {
      char c = b64[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && (i == len - 1 || (i == len - 2 && b64[len - 1] == '=')))
        continue;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "invalid base64: unexpected character at offset %" G_GSIZE_FORMAT, i);
      return NULL;
    }

  if (len == 0)
    return g_bytes_new (NULL, 0);

  out = g_base64_decode (b64, &out_len);
  again = g_base64_encode (out, out_len);
  if (strcmp (again, b64) != 0)
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "invalid base64: non-zero padding bits");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), out_len);
}

static char *
key_json_text (const char *keytype,
               const char *public_b64)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) keyval = json_object_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GBytes) bytes = NULL;

  json_object_set_null_member (keyval, "private");
  json_object_set_string_member (keyval, "public", public_b64);
  json_object_set_string_member (object, "keytype", keytype);
  json_object_set_object_member (object, "keyval", g_steal_pointer (&keyval));
  node = json_node_init_object (json_node_alloc (), object);

  /* Cannot fail: strings only. */
  bytes = _signet_json_canonical (node, NULL);
  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

char *
_signet_key_id_compute (const char *keytype,
                        const char *public_b64)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (keytype != NULL, NULL);
  g_return_val_if_fail (public_b64 != NULL, NULL);

  text = key_json_text (keytype, public_b64);
  return _signet_sha256_hex ((const guint8 *) text, strlen (text));
}

static gboolean
is_x509_type (const char *keytype)
{
  return g_str_equal (keytype, "ecdsa-x509") || g_str_equal (keytype, "rsa-x509");
}

static gboolean
is_known_type (const char *keytype)
{
  return g_str_equal (keytype, "ecdsa") || g_str_equal (keytype, "rsa") ||
         g_str_equal (keytype, "ed25519") || is_x509_type (keytype);
}

/* Go's x509 parses these curves only. */
static gboolean
check_ec_curve (EVP_PKEY  *pkey,
                GError   **error)
{
  char name[64];
  size_t name_len = 0;

  if (!EVP_PKEY_get_group_name (pkey, name, sizeof name, &name_len))
    {
      set_openssl_error (error, SIGNET_ERROR_MALFORMED, "cannot read the curve of an ECDSA key");
      return FALSE;
    }
  if (g_str_equal (name, "prime256v1") || g_str_equal (name, "secp384r1") ||
      g_str_equal (name, "secp521r1") || g_str_equal (name, "secp224r1"))
    return TRUE;

  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
               "unsupported ECDSA curve %s (P-224, P-256, P-384 or P-521 only)", name);
  return FALSE;
}

/* Checks that @pkey has the algorithm that @want ("ecdsa" or "rsa") names. */
static gboolean
check_pkey_type (EVP_PKEY    *pkey,
                 const char  *want,
                 const char  *what,
                 GError     **error)
{
  if (g_str_equal (want, "ecdsa"))
    {
      if (EVP_PKEY_get_base_id (pkey) != EVP_PKEY_EC)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s is not an ECDSA key", what);
          return FALSE;
        }
      return check_ec_curve (pkey, error);
    }
  if (EVP_PKEY_get_base_id (pkey) != EVP_PKEY_RSA)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s is not an RSA key", what);
      return FALSE;
    }
  return TRUE;
}

/* DER SubjectPublicKeyInfo of @pkey, as Go's MarshalPKIXPublicKey writes it (EC points
 * uncompressed). */
static GBytes *
spki_der (EVP_PKEY  *pkey,
          GError   **error)
{
  g_autofree guchar *der = NULL;
  guchar *p;
  int len;

  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_EC)
    {
      size_t pub_len = 0;
      guchar pub[256];

      /* Refuse anything but an uncompressed point: Go would re-encode a compressed one. */
      if (!EVP_PKEY_get_octet_string_param (pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub,
                                            sizeof pub, &pub_len))
        {
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot read an ECDSA public point");
          return NULL;
        }
      if (pub_len == 0 || pub[0] != 0x04)
        {
          g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "ECDSA public point is not in uncompressed form");
          return NULL;
        }
    }

  len = i2d_PUBKEY (pkey, NULL);
  if (len <= 0)
    {
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode a public key");
      return NULL;
    }
  der = g_malloc (len);
  p = der;
  if (i2d_PUBKEY (pkey, &p) != len)
    {
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode a public key");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&der), len);
}

static EVP_PKEY *
parse_spki (const guint8  *der,
            gsize          len,
            GError       **error)
{
  const guint8 *p = der;
  EVP_PKEY *pkey;

  if (len > G_MAXLONG)
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "public key too large");
      return NULL;
    }
  pkey = d2i_PUBKEY (NULL, &p, (long) len);
  if (pkey == NULL)
    {
      set_openssl_error (error, SIGNET_ERROR_MALFORMED,
                         "public key is not a DER SubjectPublicKeyInfo");
      return NULL;
    }
  if (p != der + len)
    {
      EVP_PKEY_free (pkey);
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "trailing data after the DER public key");
      return NULL;
    }
  return pkey;
}

/* Reads every PEM block of @data. The first must be a certificate (the leaf, which is
 * what notary's verifiers use); a later block that is not a certificate is remembered in
 * @problem for the root certificate checks, as notary's LoadCertBundleFromPEM refuses it. */
static STACK_OF (X509) *
parse_cert_bundle (const guint8  *data,
                   gsize          len,
                   char         **problem,
                   GError       **error)
{
  BIO *bio;
  STACK_OF (X509) *chain = sk_X509_new_null ();
  guint index = 0;

  if (chain == NULL || len > G_MAXINT)
    {
      sk_X509_free (chain);
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO, "out of memory");
      return NULL;
    }
  bio = BIO_new_mem_buf (data, (int) len);
  if (bio == NULL)
    {
      sk_X509_free (chain);
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot read a certificate");
      return NULL;
    }

  for (;; index++)
    {
      char *name = NULL, *header = NULL;
      unsigned char *der = NULL;
      long der_len = 0;
      const unsigned char *p;
      X509 *cert = NULL;

      if (!PEM_read_bio (bio, &name, &header, &der, &der_len))
        {
          unsigned long e = ERR_peek_last_error ();

          if (ERR_GET_LIB (e) == ERR_LIB_PEM && ERR_GET_REASON (e) == PEM_R_NO_START_LINE)
            {
              ERR_clear_error ();
              break;
            }
          if (index == 0)
            {
              set_openssl_error (error, SIGNET_ERROR_MALFORMED, "invalid PEM certificate");
              goto fail;
            }
          ERR_clear_error ();
          if (*problem == NULL)
            *problem = g_strdup_printf ("PEM block %u cannot be read", index + 1);
          break;
        }

      if (g_str_equal (name, "CERTIFICATE"))
        {
          p = der;
          cert = d2i_X509 (NULL, &p, der_len);
          if (cert != NULL && p != der + der_len)
            g_clear_pointer (&cert, X509_free);
        }

      if (cert == NULL)
        {
          if (index == 0)
            {
              if (g_str_equal (name, "CERTIFICATE"))
                set_openssl_error (error, SIGNET_ERROR_MALFORMED, "invalid X.509 certificate");
              else
                g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                             "PEM block is a %s, not a CERTIFICATE", name);
              OPENSSL_free (name);
              OPENSSL_free (header);
              OPENSSL_free (der);
              goto fail;
            }
          ERR_clear_error ();
          if (*problem == NULL)
            *problem = g_strdup_printf ("PEM block %u is not a valid certificate (%s)",
                                        index + 1, name);
        }
      else if (!sk_X509_push (chain, cert))
        {
          X509_free (cert);
          OPENSSL_free (name);
          OPENSSL_free (header);
          OPENSSL_free (der);
          g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO, "out of memory");
          goto fail;
        }

      OPENSSL_free (name);
      OPENSSL_free (header);
      OPENSSL_free (der);
    }

  if (sk_X509_num (chain) == 0)
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "no PEM certificate found");
      goto fail;
    }
  BIO_free (bio);
  return chain;

fail:
  BIO_free (bio);
  sk_X509_pop_free (chain, X509_free);
  return NULL;
}

static SignetPublicKey *
key_alloc (const char *keytype,
           const char *public_b64,
           GBytes     *public)
{
  SignetPublicKey *self = g_new0 (SignetPublicKey, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->keytype = g_strdup (keytype);
  self->public_b64 = g_strdup (public_b64);
  self->public = g_bytes_ref (public);
  self->id = _signet_key_id_compute (keytype, public_b64);
  return self;
}

/* ------------------------------------------------------------------------------------ */
/* Construction */

SignetPublicKey *
_signet_public_key_new (const char  *keytype,
                        const char  *public_b64,
                        GError     **error)
{
  g_autoptr(SignetPublicKey) self = NULL;
  g_autoptr(GBytes) public = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (keytype != NULL, NULL);
  g_return_val_if_fail (public_b64 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_known_type (keytype))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "unsupported key type \"%s\"", keytype);
      return NULL;
    }

  public = _signet_base64_decode_strict (public_b64, error);
  if (public == NULL)
    {
      g_prefix_error (error, "%s public key: ", keytype);
      return NULL;
    }
  data = g_bytes_get_data (public, &len);
  if (len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s public key is empty", keytype);
      return NULL;
    }

  self = key_alloc (keytype, public_b64, public);

  if (g_str_equal (keytype, "ed25519"))
    {
      if (len != ED25519_KEY_LEN)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "ed25519 public key has %" G_GSIZE_FORMAT " bytes, not %d",
                       len, ED25519_KEY_LEN);
          return NULL;
        }
      self->pkey = EVP_PKEY_new_raw_public_key (EVP_PKEY_ED25519, NULL, data, len);
      if (self->pkey == NULL)
        {
          set_openssl_error (error, SIGNET_ERROR_MALFORMED, "invalid ed25519 public key");
          return NULL;
        }
    }
  else if (g_str_equal (keytype, "ecdsa") || g_str_equal (keytype, "rsa"))
    {
      if (g_str_equal (keytype, "rsa") && len > 10 && memcmp (data, "-----BEGIN", 10) == 0)
        {
          /* The layout the "pycrypto-pkcs#1 pss" verifier expects. */
          BIO *bio = BIO_new_mem_buf (data, (int) MIN (len, G_MAXINT));

          if (bio == NULL)
            {
              set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot read a PEM public key");
              return NULL;
            }
          self->pkey = PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL);
          BIO_free (bio);
          if (self->pkey == NULL)
            {
              set_openssl_error (error, SIGNET_ERROR_MALFORMED, "invalid PEM rsa public key");
              return NULL;
            }
          self->public_is_pem = TRUE;
        }
      else
        {
          self->pkey = parse_spki (data, len, error);
          if (self->pkey == NULL)
            {
              g_prefix_error (error, "%s public key: ", keytype);
              return NULL;
            }
        }
      if (!check_pkey_type (self->pkey, keytype, "the public key", error))
        return NULL;
    }
  else
    {
      const char *base = g_str_equal (keytype, "ecdsa-x509") ? "ecdsa" : "rsa";
      g_autoptr(GBytes) der = NULL;
      g_autofree char *der_b64 = NULL;

      self->chain = parse_cert_bundle (data, len, &self->chain_problem, error);
      if (self->chain == NULL)
        {
          g_prefix_error (error, "%s public key: ", keytype);
          return NULL;
        }
      self->cert = sk_X509_value (self->chain, 0);
      if (!X509_up_ref (self->cert))
        {
          self->cert = NULL;
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot reference a certificate");
          return NULL;
        }
      self->pkey = X509_get_pubkey (self->cert);
      if (self->pkey == NULL)
        {
          set_openssl_error (error, SIGNET_ERROR_MALFORMED,
                             "%s public key: cannot read the certificate's key", keytype);
          return NULL;
        }
      if (!check_pkey_type (self->pkey, base, "the certificate's key", error))
        {
          g_prefix_error (error, "%s public key: ", keytype);
          return NULL;
        }

      der = spki_der (self->pkey, error);
      if (der == NULL)
        return NULL;
      der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
      self->canonical_id = _signet_key_id_compute (base, der_b64);
    }

  if (self->canonical_id == NULL)
    self->canonical_id = g_strdup (self->id);

  return g_steal_pointer (&self);
}

SignetPublicKey *
_signet_public_key_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  JsonObject *object, *keyval;
  JsonNode *keytype, *public, *private, *keyval_node;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  keytype = json_object_get_member (object, "keytype");
  keyval_node = json_object_get_member (object, "keyval");
  if (keytype == NULL || json_node_get_value_type (keytype) != G_TYPE_STRING ||
      keyval_node == NULL || !JSON_NODE_HOLDS_OBJECT (keyval_node))
    goto bad;
  keyval = json_node_get_object (keyval_node);
  public = json_object_get_member (keyval, "public");
  private = json_object_get_member (keyval, "private");
  if (public == NULL || json_node_get_value_type (public) != G_TYPE_STRING)
    goto bad;
  if (private != NULL && !JSON_NODE_HOLDS_NULL (private))
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "public key JSON carries a private key (keyval.private is not null)");
      return NULL;
    }

  return _signet_public_key_new (json_node_get_string (keytype), json_node_get_string (public),
                                 error);

bad:
  g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "public key JSON must be {\"keytype\":string,"
                       "\"keyval\":{\"private\":null,\"public\":string}}");
  return NULL;
}

SignetPublicKey *
_signet_public_key_new_from_evp (EVP_PKEY  *pkey,
                                 GError   **error)
{
  g_autoptr(GBytes) public = NULL;
  g_autofree char *b64 = NULL;
  const char *keytype;
  SignetPublicKey *self;

  g_return_val_if_fail (pkey != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (EVP_PKEY_get_base_id (pkey))
    {
    case EVP_PKEY_EC:
      keytype = "ecdsa";
      if (!check_ec_curve (pkey, error))
        return NULL;
      public = spki_der (pkey, error);
      break;
    case EVP_PKEY_RSA:
      keytype = "rsa";
      public = spki_der (pkey, error);
      break;
    case EVP_PKEY_ED25519:
      {
        guint8 raw[ED25519_KEY_LEN];
        size_t raw_len = sizeof raw;

        keytype = "ed25519";
        if (!EVP_PKEY_get_raw_public_key (pkey, raw, &raw_len) || raw_len != sizeof raw)
          {
            set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot read an ed25519 public key");
            return NULL;
          }
        public = g_bytes_new (raw, raw_len);
      }
      break;
    default:
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "unsupported key algorithm (ECDSA, RSA or Ed25519 only)");
      return NULL;
    }
  if (public == NULL)
    return NULL;

  if (!EVP_PKEY_up_ref (pkey))
    {
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot reference a key");
      return NULL;
    }
  b64 = g_base64_encode (g_bytes_get_data (public, NULL), g_bytes_get_size (public));
  self = key_alloc (keytype, b64, public);
  self->pkey = pkey;
  self->canonical_id = g_strdup (self->id);
  return self;
}

SignetPublicKey *
_signet_public_key_new_from_cert_pem (const char  *pem,
                                      gsize        len,
                                      GError     **error)
{
  STACK_OF (X509) *chain;
  g_autofree char *problem = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *b64 = NULL;
  const char *keytype;
  EVP_PKEY *leaf_key;
  int i;

  g_return_val_if_fail (pem != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chain = parse_cert_bundle ((const guint8 *) pem, len, &problem, error);
  if (chain == NULL)
    return NULL;
  if (problem != NULL)
    {
      sk_X509_pop_free (chain, X509_free);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "certificate chain: %s", problem);
      return NULL;
    }

  leaf_key = X509_get0_pubkey (sk_X509_value (chain, 0));
  if (leaf_key != NULL && EVP_PKEY_get_base_id (leaf_key) == EVP_PKEY_EC)
    keytype = "ecdsa-x509";
  else if (leaf_key != NULL && EVP_PKEY_get_base_id (leaf_key) == EVP_PKEY_RSA)
    keytype = "rsa-x509";
  else
    {
      sk_X509_pop_free (chain, X509_free);
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "certificate key is neither ECDSA nor RSA");
      return NULL;
    }

  /* Re-encode as notary does: each certificate as PEM, 64 columns, '\n' line ends. */
  for (i = 0; i < sk_X509_num (chain); i++)
    {
      g_autofree guchar *der = NULL;
      g_autofree char *cert_b64 = NULL;
      guchar *p;
      int der_len = i2d_X509 (sk_X509_value (chain, i), NULL);
      gsize off, n;

      if (der_len <= 0)
        {
          sk_X509_pop_free (chain, X509_free);
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode a certificate");
          return NULL;
        }
      der = g_malloc (der_len);
      p = der;
      if (i2d_X509 (sk_X509_value (chain, i), &p) != der_len)
        {
          sk_X509_pop_free (chain, X509_free);
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode a certificate");
          return NULL;
        }
      cert_b64 = g_base64_encode (der, der_len);
      n = strlen (cert_b64);
      g_string_append (out, "-----BEGIN CERTIFICATE-----\n");
      for (off = 0; off < n; off += 64)
        {
          g_string_append_len (out, cert_b64 + off, MIN (64, n - off));
          g_string_append_c (out, '\n');
        }
      g_string_append (out, "-----END CERTIFICATE-----\n");
    }
  sk_X509_pop_free (chain, X509_free);

  b64 = g_base64_encode ((const guchar *) out->str, out->len);
  return _signet_public_key_new (keytype, b64, error);
}

SignetPublicKey *
_signet_public_key_ref (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_signet_public_key_unref (SignetPublicKey *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->keytype);
  g_free (self->public_b64);
  g_clear_pointer (&self->public, g_bytes_unref);
  g_free (self->id);
  g_free (self->canonical_id);
  g_clear_pointer (&self->pkey, EVP_PKEY_free);
  g_clear_pointer (&self->cert, X509_free);
  if (self->chain != NULL)
    sk_X509_pop_free (self->chain, X509_free);
  g_free (self->chain_problem);
  g_free (self);
}

/* ------------------------------------------------------------------------------------ */
/* Accessors */

const char *
_signet_public_key_get_keytype (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->keytype;
}

const char *
_signet_public_key_get_public_b64 (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->public_b64;
}

const char *
_signet_public_key_get_id (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
_signet_public_key_get_canonical_id (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->canonical_id;
}

EVP_PKEY *
_signet_public_key_get_evp (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pkey;
}

X509 *
_signet_public_key_get_cert (SignetPublicKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cert;
}

static gboolean
asn1_time_to_unix (const ASN1_TIME *t,
                   gint64          *out)
{
  struct tm tm;

  memset (&tm, 0, sizeof tm);
  if (t == NULL || !ASN1_TIME_to_tm (t, &tm))
    return FALSE;
  *out = (gint64) timegm (&tm);
  return TRUE;
}

gboolean
_signet_public_key_get_cert_validity (SignetPublicKey *self,
                                      gint64          *not_before,
                                      gint64          *not_after)
{
  gint64 nb, na;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->cert == NULL)
    return FALSE;
  if (!asn1_time_to_unix (X509_get0_notBefore (self->cert), &nb) ||
      !asn1_time_to_unix (X509_get0_notAfter (self->cert), &na))
    return FALSE;
  if (not_before != NULL)
    *not_before = nb;
  if (not_after != NULL)
    *not_after = na;
  return TRUE;
}

JsonNode *
_signet_public_key_to_json (SignetPublicKey *self)
{
  g_autoptr(JsonObject) keyval = json_object_new ();
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_object_set_null_member (keyval, "private");
  json_object_set_string_member (keyval, "public", self->public_b64);
  json_object_set_string_member (object, "keytype", self->keytype);
  json_object_set_object_member (object, "keyval", g_steal_pointer (&keyval));
  return json_node_init_object (json_node_alloc (), object);
}

/* ------------------------------------------------------------------------------------ */
/* Verification */

static gboolean
bad_signature (GError    **error,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_signature (GError    **error,
               const char *format,
               ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  ERR_clear_error ();
  g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_BAD_SIGNATURE, msg);
  return FALSE;
}

/* Runs EVP_DigestVerify. @pad: 0 for none (EC, Ed25519), else an RSA padding mode. */
static gboolean
digest_verify (SignetPublicKey *self,
               const char      *method,
               const EVP_MD    *md,
               int              pad,
               const guint8    *msg,
               gsize            msg_len,
               const guint8    *sig,
               gsize            sig_len,
               GError         **error)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  int r;

  if (ctx == NULL)
    {
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot allocate a digest context");
      return FALSE;
    }
  if (EVP_DigestVerifyInit_ex (ctx, &pctx, md != NULL ? EVP_MD_get0_name (md) : NULL, NULL,
                               NULL, self->pkey, NULL) != 1)
    {
      EVP_MD_CTX_free (ctx);
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot start %s verification", method);
      return FALSE;
    }
  if (pad == RSA_PKCS1_PSS_PADDING)
    {
      if (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
          EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, 32) != 1 ||
          EVP_PKEY_CTX_set_rsa_mgf1_md (pctx, EVP_sha256 ()) != 1)
        {
          EVP_MD_CTX_free (ctx);
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot set up RSA-PSS");
          return FALSE;
        }
    }
  else if (pad == RSA_PKCS1_PADDING)
    {
      if (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PADDING) != 1)
        {
          EVP_MD_CTX_free (ctx);
          set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot set up RSA PKCS#1 v1.5");
          return FALSE;
        }
    }

  r = EVP_DigestVerify (ctx, sig, sig_len, msg, msg_len);
  EVP_MD_CTX_free (ctx);

  if (r == 1)
    {
      ERR_clear_error ();
      return TRUE;
    }
  if (r == 0 || r == -1)
    return bad_signature (error, "%s signature does not verify with key %s", method, self->id);

  set_openssl_error (error, SIGNET_ERROR_CRYPTO, "%s verification failed", method);
  return FALSE;
}

static gboolean
verify_ecdsa (SignetPublicKey *self,
              const guint8    *msg,
              gsize            msg_len,
              const guint8    *sig,
              gsize            sig_len,
              GError         **error)
{
  int bits = EVP_PKEY_get_bits (self->pkey);
  gsize half;
  ECDSA_SIG *esig;
  BIGNUM *r, *s;
  g_autofree guchar *der = NULL;
  guchar *p;
  int der_len;

  if (bits <= 0)
    {
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot read the size of an ECDSA key");
      return FALSE;
    }
  half = ((gsize) bits + 7) / 8;
  if (sig_len != 2 * half)
    return bad_signature (error,
                          "ecdsa signature has %" G_GSIZE_FORMAT " bytes, not %" G_GSIZE_FORMAT
                          " (raw r||s)", sig_len, 2 * half);

  esig = ECDSA_SIG_new ();
  r = BN_bin2bn (sig, (int) half, NULL);
  s = BN_bin2bn (sig + half, (int) half, NULL);
  if (esig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0 (esig, r, s) != 1)
    {
      ECDSA_SIG_free (esig);
      BN_free (r);
      BN_free (s);
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot build an ECDSA signature");
      return FALSE;
    }
  der_len = i2d_ECDSA_SIG (esig, NULL);
  if (der_len <= 0)
    {
      ECDSA_SIG_free (esig);
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode an ECDSA signature");
      return FALSE;
    }
  der = g_malloc (der_len);
  p = der;
  if (i2d_ECDSA_SIG (esig, &p) != der_len)
    {
      ECDSA_SIG_free (esig);
      set_openssl_error (error, SIGNET_ERROR_CRYPTO, "cannot encode an ECDSA signature");
      return FALSE;
    }
  ECDSA_SIG_free (esig);

  return digest_verify (self, "ecdsa", EVP_sha256 (), 0, msg, msg_len, der, der_len, error);
}

static gboolean
check_rsa_size (SignetPublicKey *self,
                const char      *method,
                gsize            sig_len,
                GError         **error)
{
  int bits = EVP_PKEY_get_bits (self->pkey);
  int size = EVP_PKEY_get_size (self->pkey);

  if (bits < MIN_RSA_BITS)
    return bad_signature (error, "%s: RSA key %s has %d bits, fewer than %d", method, self->id,
                          bits, MIN_RSA_BITS);
  if (size <= 0 || sig_len != (gsize) size)
    return bad_signature (error, "%s signature has %" G_GSIZE_FORMAT " bytes, not %d",
                          method, sig_len, size);
  return TRUE;
}

gboolean
_signet_public_key_verify (SignetPublicKey  *self,
                           const char       *method,
                           const guint8     *msg,
                           gsize             msg_len,
                           const guint8     *sig,
                           gsize             sig_len,
                           GError          **error)
{
  const char *kt;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (method != NULL, FALSE);
  g_return_val_if_fail (msg != NULL || msg_len == 0, FALSE);
  g_return_val_if_fail (sig != NULL || sig_len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kt = self->keytype;

  if (g_str_equal (method, "ecdsa"))
    {
      if (!g_str_equal (kt, "ecdsa") && !g_str_equal (kt, "ecdsa-x509"))
        goto mismatch;
      return verify_ecdsa (self, msg, msg_len, sig, sig_len, error);
    }
  else if (g_str_equal (method, "eddsa"))
    {
      if (!g_str_equal (kt, "ed25519"))
        goto mismatch;
      if (sig_len != ED25519_SIG_LEN)
        return bad_signature (error, "eddsa signature has %" G_GSIZE_FORMAT " bytes, not %d",
                              sig_len, ED25519_SIG_LEN);
      return digest_verify (self, method, NULL, 0, msg, msg_len, sig, sig_len, error);
    }
  else if (g_str_equal (method, "rsapss") || g_str_equal (method, "rsapkcs1v15"))
    {
      if (!g_str_equal (kt, "rsa") && !g_str_equal (kt, "rsa-x509"))
        goto mismatch;
      if (self->public_is_pem)
        return bad_signature (error, "%s needs a DER rsa key; key %s is PEM", method, self->id);
      if (!check_rsa_size (self, method, sig_len, error))
        return FALSE;
      return digest_verify (self, method, EVP_sha256 (),
                            g_str_equal (method, "rsapss") ? RSA_PKCS1_PSS_PADDING
                                                           : RSA_PKCS1_PADDING,
                            msg, msg_len, sig, sig_len, error);
    }
  else if (g_str_equal (method, "pycrypto-pkcs#1 pss"))
    {
      /* notary accepts it for "rsa" keys whose public bytes are PEM only. */
      if (!g_str_equal (kt, "rsa"))
        goto mismatch;
      if (!self->public_is_pem)
        return bad_signature (error, "%s needs a PEM rsa key; key %s is DER", method, self->id);
      if (!check_rsa_size (self, method, sig_len, error))
        return FALSE;
      return digest_verify (self, method, EVP_sha256 (), RSA_PKCS1_PSS_PADDING,
                            msg, msg_len, sig, sig_len, error);
    }

  return bad_signature (error, "unsupported signature method \"%s\"", method);

mismatch:
  return bad_signature (error, "signature method %s does not fit key %s of type %s",
                        method, self->id, kt);
}

/* ------------------------------------------------------------------------------------ */
/* Root certificates */

static char *
cert_common_name (X509 *cert)
{
  X509_NAME *name = X509_get_subject_name (cert);
  int idx = -1, last = -1;
  ASN1_STRING *data;
  unsigned char *utf8 = NULL;
  int len;
  char *cn;

  if (name == NULL)
    return NULL;
  /* Go keeps the last CN attribute. */
  while ((idx = X509_NAME_get_index_by_NID (name, NID_commonName, idx)) >= 0)
    last = idx;
  if (last < 0)
    return g_strdup ("");
  data = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, last));
  len = ASN1_STRING_to_UTF8 (&utf8, data);
  if (len < 0)
    return NULL;
  if (memchr (utf8, '\0', len) != NULL || !g_utf8_validate ((const char *) utf8, len, NULL))
    {
      OPENSSL_free (utf8);
      return NULL;
    }
  cn = g_strndup ((const char *) utf8, len);
  OPENSSL_free (utf8);
  return cn;
}

static gboolean
cn_matches_gun (const char *cn,
                const char *gun)
{
  if (g_str_has_suffix (cn, "*"))
    {
      g_autofree char *prefix = g_strdup (cn);
      gsize n = strlen (prefix);

      /* Go's strings.TrimRight(cn, "*"): every trailing '*'. */
      while (n > 0 && prefix[n - 1] == '*')
        prefix[--n] = '\0';
      return g_str_has_prefix (gun, prefix);
    }
  return g_str_equal (cn, gun);
}

static gboolean
cert_is_ca (X509     *cert,
            gboolean *invalid)
{
  uint32_t flags = X509_get_extension_flags (cert);

  *invalid = (flags & EXFLAG_INVALID) != 0;
  return (flags & EXFLAG_CA) != 0;
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, t);
  return g_date_time_format_iso8601 (dt);
}

gboolean
_signet_public_key_check_root_cert (SignetPublicKey  *self,
                                    const char       *gun,
                                    gint64            now,
                                    GError          **error)
{
  g_autofree char *cn = NULL;
  gboolean invalid = FALSE;
  int i, leaves = 0, sig_nid, md_nid = NID_undef, pk_nid = NID_undef;
  gint64 not_before, not_after;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (gun != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_x509_type (self->keytype) || self->cert == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root key %s is of type %s, not a certificate", self->id, self->keytype);
      return FALSE;
    }
  if (self->chain_problem != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s: %s", self->id, self->chain_problem);
      return FALSE;
    }

  for (i = 0; i < sk_X509_num (self->chain); i++)
    {
      gboolean bad = FALSE;

      if (!cert_is_ca (sk_X509_value (self->chain, i), &bad))
        leaves++;
      invalid |= bad;
    }
  if (invalid)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s has invalid extensions", self->id);
      return FALSE;
    }
  if (cert_is_ca (self->cert, &invalid))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s is a CA certificate (CA:TRUE), not a leaf", self->id);
      return FALSE;
    }
  if (leaves != 1)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s: the chain has %d leaf (non-CA) certificates, not 1",
                   self->id, leaves);
      return FALSE;
    }

  cn = cert_common_name (self->cert);
  if (cn == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s has an unreadable common name", self->id);
      return FALSE;
    }
  if (!cn_matches_gun (cn, gun))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s has common name \"%s\", which does not match \"%s\"",
                   self->id, cn, gun);
      return FALSE;
    }

  if (!_signet_public_key_get_cert_validity (self, &not_before, &not_after))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s has an unreadable validity period", self->id);
      return FALSE;
    }
  if (not_before > not_after)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s has an invalid validity window", self->id);
      return FALSE;
    }

  sig_nid = X509_get_signature_nid (self->cert);
  if (!OBJ_find_sigid_algs (sig_nid, &md_nid, &pk_nid))
    md_nid = NID_undef;
  if (md_nid == NID_sha1 || md_nid == NID_md5 || md_nid == NID_md4 || md_nid == NID_md2)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s (CN %s) is signed with %s, which is not allowed",
                   self->id, cn, md_nid == NID_sha1 ? "SHA-1" : OBJ_nid2sn (md_nid));
      return FALSE;
    }

  if (EVP_PKEY_get_base_id (self->pkey) == EVP_PKEY_RSA &&
      EVP_PKEY_get_bits (self->pkey) < MIN_RSA_BITS)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_CERTIFICATE,
                   "root certificate %s (CN %s) has a %d-bit RSA key; at least %d bits are "
                   "required", self->id, cn, EVP_PKEY_get_bits (self->pkey), MIN_RSA_BITS);
      return FALSE;
    }

  if (now > not_after)
    {
      g_autofree char *when = format_time (not_after);

      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXPIRED,
                   "root certificate %s (CN %s) expired on %s", self->id, cn, when);
      return FALSE;
    }
  if (not_before > now + ONE_DAY)
    {
      g_autofree char *when = format_time (not_before);

      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_EXPIRED,
                   "root certificate %s (CN %s) is not valid before %s", self->id, cn, when);
      return FALSE;
    }
  return TRUE;
}
