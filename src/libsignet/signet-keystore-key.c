/* signet-keystore-key.c: SignetPrivateKey, signing and root certificates.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

struct _SignetPrivateKey
{
  gatomicrefcount  ref_count;
  EVP_PKEY        *pkey;
  const char      *keytype;
  SignetPublicKey *public_key;
};

static gboolean
crypto_error (GError     **error,
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

/* A public-only copy of @pkey, so public key objects never hold private material. */
static EVP_PKEY *
public_only (EVP_PKEY  *pkey,
             GError   **error)
{
  unsigned char *der = NULL;
  const unsigned char *p;
  EVP_PKEY *pub;
  int len;

  len = i2d_PUBKEY (pkey, &der);
  if (len <= 0)
    {
      crypto_error (error, "Encoding the public key");
      return NULL;
    }
  p = der;
  pub = d2i_PUBKEY (NULL, &p, len);
  OPENSSL_free (der);
  if (pub == NULL)
    crypto_error (error, "Decoding the public key");
  return pub;
}

SignetPrivateKey *
_signet_private_key_new_from_evp (EVP_PKEY  *pkey,
                                  GError   **error)
{
  g_autoptr(SignetPrivateKey) self = NULL;
  EVP_PKEY *pub;
  const char *keytype;

  g_return_val_if_fail (pkey != NULL, NULL);

  switch (EVP_PKEY_get_base_id (pkey))
    {
    case EVP_PKEY_EC:
      keytype = "ecdsa";
      break;
    case EVP_PKEY_RSA:
      keytype = "rsa";
      break;
    case EVP_PKEY_ED25519:
      keytype = "ed25519";
      break;
    default:
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "Unsupported private key type %s (expected EC, RSA or Ed25519)",
                   OBJ_nid2sn (EVP_PKEY_get_base_id (pkey)));
      return NULL;
    }

  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA && EVP_PKEY_get_bits (pkey) < 2048)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "RSA key of %d bits is too small (at least 2048 bits)",
                   EVP_PKEY_get_bits (pkey));
      return NULL;
    }

  self = g_new0 (SignetPrivateKey, 1);
  g_atomic_ref_count_init (&self->ref_count);
  EVP_PKEY_up_ref (pkey);
  self->pkey = pkey;
  self->keytype = keytype;

  pub = public_only (pkey, error);
  if (pub == NULL)
    return NULL;
  self->public_key = _signet_public_key_new_from_evp (pub, error);
  EVP_PKEY_free (pub);
  if (self->public_key == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

SignetPrivateKey *
_signet_private_key_generate (GError **error)
{
  EVP_PKEY *pkey;
  SignetPrivateKey *self;

  pkey = EVP_EC_gen ("P-256");
  if (pkey == NULL)
    {
      crypto_error (error, "Generating an ECDSA P-256 key");
      return NULL;
    }
  self = _signet_private_key_new_from_evp (pkey, error);
  EVP_PKEY_free (pkey);
  return self;
}

SignetPrivateKey *
_signet_private_key_ref (SignetPrivateKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_signet_private_key_unref (SignetPrivateKey *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      EVP_PKEY_free (self->pkey);
      g_clear_pointer (&self->public_key, _signet_public_key_unref);
      g_free (self);
    }
}

EVP_PKEY *
_signet_private_key_get_evp (SignetPrivateKey *self)
{
  return self->pkey;
}

const char *
_signet_private_key_get_keytype (SignetPrivateKey *self)
{
  return self->keytype;
}

const char *
_signet_private_key_get_method (SignetPrivateKey *self)
{
  if (g_str_equal (self->keytype, "ecdsa"))
    return "ecdsa";
  if (g_str_equal (self->keytype, "rsa"))
    return "rsapss";
  return "eddsa";
}

SignetPublicKey *
_signet_private_key_get_public (SignetPrivateKey *self)
{
  return self->public_key;
}

const char *
_signet_private_key_get_id (SignetPrivateKey *self)
{
  return _signet_public_key_get_id (self->public_key);
}

static GBytes *
sign_ecdsa (SignetPrivateKey  *self,
            const guint8      *msg,
            gsize              msg_len,
            GError           **error)
{
  g_autofree guint8 *der = NULL;
  g_autofree guint8 *raw = NULL;
  EVP_MD_CTX *ctx;
  ECDSA_SIG *sig;
  const BIGNUM *r, *s;
  const unsigned char *p;
  size_t der_len = 0;
  int field;
  gboolean ok;

  ctx = EVP_MD_CTX_new ();
  ok = ctx != NULL
    && EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, self->pkey) == 1
    && EVP_DigestSign (ctx, NULL, &der_len, msg, msg_len) == 1;
  if (ok)
    {
      der = g_malloc (der_len);
      ok = EVP_DigestSign (ctx, der, &der_len, msg, msg_len) == 1;
    }
  EVP_MD_CTX_free (ctx);
  if (!ok)
    {
      crypto_error (error, "ECDSA signing");
      return NULL;
    }

  p = der;
  sig = d2i_ECDSA_SIG (NULL, &p, der_len);
  if (sig == NULL)
    {
      crypto_error (error, "Decoding the ECDSA signature");
      return NULL;
    }
  field = (EVP_PKEY_get_bits (self->pkey) + 7) / 8;
  raw = g_malloc (2 * field);
  ECDSA_SIG_get0 (sig, &r, &s);
  ok = BN_bn2binpad (r, raw, field) == field && BN_bn2binpad (s, raw + field, field) == field;
  ECDSA_SIG_free (sig);
  if (!ok)
    {
      crypto_error (error, "Encoding the ECDSA signature");
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&raw), 2 * field);
}

GBytes *
_signet_private_key_sign (SignetPrivateKey  *self,
                          const guint8      *msg,
                          gsize              msg_len,
                          GError           **error)
{
  g_autofree guint8 *sig = NULL;
  EVP_PKEY_CTX *pctx = NULL;
  EVP_MD_CTX *ctx;
  size_t sig_len = 0;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (msg != NULL || msg_len == 0, NULL);

  if (g_str_equal (self->keytype, "ecdsa"))
    return sign_ecdsa (self, msg, msg_len, error);

  ctx = EVP_MD_CTX_new ();
  if (g_str_equal (self->keytype, "rsa"))
    ok = ctx != NULL
      && EVP_DigestSignInit (ctx, &pctx, EVP_sha256 (), NULL, self->pkey) == 1
      && EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) == 1
      && EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, 32) == 1
      && EVP_PKEY_CTX_set_rsa_mgf1_md (pctx, EVP_sha256 ()) == 1;
  else
    ok = ctx != NULL && EVP_DigestSignInit (ctx, NULL, NULL, NULL, self->pkey) == 1;

  ok = ok && EVP_DigestSign (ctx, NULL, &sig_len, msg, msg_len) == 1;
  if (ok)
    {
      sig = g_malloc (sig_len);
      ok = EVP_DigestSign (ctx, sig, &sig_len, msg, msg_len) == 1;
    }
  EVP_MD_CTX_free (ctx);
  if (!ok)
    {
      crypto_error (error, g_str_equal (self->keytype, "rsa") ? "RSA-PSS signing" : "Ed25519 signing");
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&sig), sig_len);
}

static gboolean
is_printable_string (const char *s)
{
  for (; *s; s++)
    {
      if (!g_ascii_isalnum (*s) && strchr (" '()+,-./:=?", *s) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_ext (X509        *cert,
         int          nid,
         const char  *value,
         GError     **error)
{
  X509_EXTENSION *ext;
  X509V3_CTX ctx;
  gboolean ok;

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return crypto_error (error, "Making a certificate extension");
  ok = X509_add_ext (cert, ext, -1) == 1;
  X509_EXTENSION_free (ext);
  if (!ok)
    return crypto_error (error, "Adding a certificate extension");
  return TRUE;
}

SignetPublicKey *
_signet_private_key_new_root_cert (SignetPrivateKey  *self,
                                   const char        *gun,
                                   gint64             now,
                                   GError           **error)
{
  SignetPublicKey *ret = NULL;
  X509 *cert = NULL;
  X509_NAME *name = NULL;
  BIGNUM *limit = NULL, *serial = NULL;
  BIO *bio = NULL;
  char *pem = NULL;
  long pem_len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (gun != NULL, NULL);

  if (g_str_equal (self->keytype, "ed25519"))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Root certificates need an ECDSA or RSA key, not Ed25519");
      return NULL;
    }
  if (*gun == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "A root certificate needs a repository name (GUN)");
      return NULL;
    }

  cert = X509_new ();
  name = X509_NAME_new ();
  limit = BN_new ();
  serial = BN_new ();
  if (cert == NULL || name == NULL || limit == NULL || serial == NULL)
    {
      crypto_error (error, "Allocating a certificate");
      goto out;
    }

  /* Serial: uniformly random in [0, 2^128), as Go's rand.Int(2^128). */
  if (!BN_lshift (limit, BN_value_one (), 128)
      || !BN_priv_rand_range (serial, limit)
      || BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (cert)) == NULL
      || !X509_set_version (cert, X509_VERSION_3))
    {
      crypto_error (error, "Making the certificate serial");
      goto out;
    }

  /* Go writes the CN as PrintableString when it can, else UTF8String. */
  if (!X509_NAME_add_entry_by_NID (name, NID_commonName,
                                   is_printable_string (gun) ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING,
                                   (const unsigned char *) gun, -1, -1, 0)
      || !X509_set_subject_name (cert, name)
      || !X509_set_issuer_name (cert, name))
    {
      crypto_error (error, "Setting the certificate name");
      goto out;
    }

  if (X509_time_adj_ex (X509_getm_notBefore (cert), 0, 0, (time_t *) &now) == NULL
      || X509_time_adj_ex (X509_getm_notAfter (cert), 3650, 0, (time_t *) &now) == NULL
      || !X509_set_pubkey (cert, self->pkey))
    {
      crypto_error (error, "Setting the certificate validity");
      goto out;
    }

  if (!add_ext (cert, NID_key_usage, "critical,digitalSignature,keyEncipherment", error)
      || !add_ext (cert, NID_ext_key_usage, "codeSigning", error)
      || !add_ext (cert, NID_basic_constraints, "critical,CA:FALSE", error))
    goto out;

  if (X509_sign (cert, self->pkey, EVP_sha256 ()) <= 0)
    {
      crypto_error (error, "Signing the certificate");
      goto out;
    }

  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL || !PEM_write_bio_X509 (bio, cert))
    {
      crypto_error (error, "Encoding the certificate");
      goto out;
    }
  pem_len = BIO_get_mem_data (bio, &pem);
  ret = _signet_public_key_new_from_cert_pem (pem, pem_len, error);

out:
  BIO_free (bio);
  BN_free (serial);
  BN_free (limit);
  X509_NAME_free (name);
  X509_free (cert);
  return ret;
}

char *
_signet_private_key_public_pem (SignetPrivateKey *self,
                                const char       *role)
{
  g_autofree char *b64 = NULL;
  unsigned char *der = NULL;
  GString *out;
  int len;

  len = i2d_PUBKEY (self->pkey, &der);
  g_return_val_if_fail (len > 0, NULL);
  b64 = g_base64_encode (der, len);
  OPENSSL_free (der);

  out = g_string_new ("-----BEGIN PUBLIC KEY-----\n");
  if (role != NULL)
    g_string_append_printf (out, "role: %s\n\n", role);
  for (gsize i = 0, n = strlen (b64); i < n; i += 64)
    {
      g_string_append_len (out, b64 + i, MIN (64, n - i));
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "-----END PUBLIC KEY-----\n");
  return g_string_free (out, FALSE);
}
