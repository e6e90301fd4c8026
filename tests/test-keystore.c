/* test-keystore.c: private key files as notary writes them, SignetPrivateKey, root certs.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

#define GUN "example.com/app"

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("signet-keystore-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
assert_signs (SignetPrivateKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = NULL;
  const guint8 msg[] = "{\"signed\":{}}";
  gsize len;
  const guint8 *data;

  sig = _signet_private_key_sign (key, msg, sizeof msg - 1, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (sig, &len);
  if (g_str_equal (_signet_private_key_get_keytype (key), "ecdsa"))
    g_assert_cmpuint (len, ==, 64);
  g_assert_true (_signet_public_key_verify (_signet_private_key_get_public (key),
                                            _signet_private_key_get_method (key),
                                            msg, sizeof msg - 1, data, len, &error));
  g_assert_no_error (error);
  /* and fails on another message */
  g_assert_false (_signet_public_key_verify (_signet_private_key_get_public (key),
                                             _signet_private_key_get_method (key),
                                             msg, sizeof msg - 2, data, len, NULL));
}

static guint8 *
pem_body (const char *pem,
          gsize      *len)
{
  const char *p = strstr (pem, "\n\n");
  g_autofree char *b64 = NULL;
  const char *end;

  p = p ? p + 2 : strchr (pem, '\n') + 1;
  end = strstr (p, "-----END");
  b64 = g_strndup (p, end - p);
  return g_base64_decode (b64, len);
}

static gboolean
contains (const guint8 *hay,
          gsize         hay_len,
          const guint8 *needle,
          gsize         needle_len)
{
  for (gsize i = 0; i + needle_len <= hay_len; i++)
    if (memcmp (hay + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static void
test_roundtrip_ecdsa (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetSecret) pass = signet_secret_new ("correct horse", -1);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetPrivateKey) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *der = NULL;
  g_autofree char *private_dir = NULL;
  SignetKeyInfo *info;
  GStatBuf st;
  gsize der_len;
  /* PBKDF2 params: SEQUENCE { salt(8), INTEGER 2048 } with no keyLength and no PRF */
  const guint8 kdf_head[] = { 0x30, 0x0e, 0x04, 0x08 };
  const guint8 iter_2048[] = { 0x02, 0x02, 0x08, 0x00 };
  const guint8 aes256[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a, 0x04, 0x10 };

  key = _signet_private_key_generate (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_keytype (key), ==, "ecdsa");
  g_assert_cmpuint (strlen (_signet_private_key_get_id (key)), ==, 64);

  g_assert_true (_signet_keystore_add (ks, key, "targets", GUN, pass, &error));
  g_assert_no_error (error);

  path = g_strdup_printf ("%s/private/%s.key", dir, _signet_private_key_get_id (key));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: " GUN "\nrole: targets\n\n"));
  g_assert_true (g_str_has_suffix (contents, "-----END ENCRYPTED PRIVATE KEY-----\n"));

  der = pem_body (contents, &der_len);
  for (gsize i = 0; i + 4 <= der_len; i++)
    {
      if (memcmp (der + i, kdf_head, sizeof kdf_head) == 0)
        {
          g_assert_cmpmem (der + i + 12, 4, iter_2048, 4);
          break;
        }
      g_assert_cmpuint (i + 5, <, der_len);
    }
  g_assert_true (contains (der, der_len, aes256, sizeof aes256));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  private_dir = g_build_filename (dir, "private", NULL);
  g_assert_cmpint (g_stat (private_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  list = _signet_keystore_list (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->id, ==, _signet_private_key_get_id (key));
  g_assert_cmpstr (info->role, ==, "targets");
  g_assert_cmpstr (info->gun, ==, GUN);
  g_assert_true (info->encrypted);

  loaded = _signet_keystore_load (ks, _signet_private_key_get_id (key), pass, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (loaded), ==, _signet_private_key_get_id (key));
  assert_signs (loaded);

  /* never overwrite */
  g_assert_false (_signet_keystore_add (ks, key, "targets", GUN, pass, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_EXISTS);

  rm_rf (dir);
}

static void
test_gun_rule (void)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("p", -1);
  const char *roles_with_gun[] = { "targets", "snapshot" };
  const char *roles_without[] = { "root", "targets/releases", "alice" };

  for (guint i = 0; i < G_N_ELEMENTS (roles_with_gun); i++)
    {
      g_autofree char *pem = _signet_private_key_to_pem (key, roles_with_gun[i], GUN, pass, NULL);
      g_autofree char *want = g_strdup_printf ("-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: %s\nrole: %s\n\n",
                                               GUN, roles_with_gun[i]);
      g_assert_true (g_str_has_prefix (pem, want));
    }
  for (guint i = 0; i < G_N_ELEMENTS (roles_without); i++)
    {
      g_autofree char *pem = _signet_private_key_to_pem (key, roles_without[i], GUN, pass, NULL);
      g_autofree char *want = g_strdup_printf ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: %s\n\n", roles_without[i]);
      g_assert_true (g_str_has_prefix (pem, want));
    }
}

static void
test_unencrypted (void)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) empty = signet_secret_new ("", 0);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = _signet_private_key_to_pem (key, "root", NULL, empty, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN PRIVATE KEY-----\nrole: root\n\n"));
  back = _signet_private_key_from_pem (pem, strlen (pem), NULL, "mem", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));
}

static void
roundtrip_evp (EVP_PKEY   *pkey,
               const char *keytype,
               const guint8 *oid,
               gsize       oid_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_new_from_evp (pkey, &error);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(SignetSecret) pass = signet_secret_new ("pw", -1);
  g_autoptr(SignetSecret) empty = signet_secret_new ("", 0);
  g_autofree char *pem = NULL;
  g_autofree char *plain = NULL;
  g_autofree guint8 *der = NULL;
  gsize der_len;

  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_keytype (key), ==, keytype);
  assert_signs (key);

  pem = _signet_private_key_to_pem (key, "targets/releases", NULL, pass, &error);
  g_assert_no_error (error);
  back = _signet_private_key_from_pem (pem, strlen (pem), pass, "mem", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));
  assert_signs (back);

  /* The inner PKCS#8 form: the algorithm identifier is exactly SEQUENCE { oid } */
  plain = _signet_private_key_to_pem (key, "x", NULL, empty, &error);
  g_assert_no_error (error);
  der = pem_body (plain, &der_len);
  g_assert_true (contains (der, der_len, oid, oid_len));
}

static void
test_rsa (void)
{
  EVP_PKEY *pkey = EVP_RSA_gen (2048);
  /* version 0, SEQUENCE { rsaEncryption } without NULL */
  const guint8 oid[] = { 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x04 };

  roundtrip_evp (pkey, "rsa", oid, sizeof oid);
  EVP_PKEY_free (pkey);
}

static void
test_ed25519 (void)
{
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
  /* version 0, SEQUENCE { 1.3.6.1.4.1.11591.15.1 }, OCTET STRING of 96 bytes */
  const guint8 oid[] = { 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01, 0x04, 0x60 };

  roundtrip_evp (pkey, "ed25519", oid, sizeof oid);
  EVP_PKEY_free (pkey);
}

static void
test_ecdsa_inner_form (void)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  EVP_PKEY *pkey = _signet_private_key_get_evp (key);
  /* version 1, SEQUENCE { id-ecPublicKey, prime256v1 } */
  const guint8 oid[] = { 0x02, 0x01, 0x01, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                         0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04 };

  roundtrip_evp (pkey, "ecdsa", oid, sizeof oid);
}

static void
test_openssl_pkcs8 (void)
{
  /* OpenSSL 3's own PKCS#8 (PBES2 with hmacWithSHA256), which Go cannot read, loads. */
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("openssl", -1);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(GError) error = NULL;
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;

  g_assert_true (PEM_write_bio_PKCS8PrivateKey (bio, _signet_private_key_get_evp (key), EVP_aes_256_cbc (),
                                                "openssl", 7, NULL, NULL));
  len = BIO_get_mem_data (bio, &data);
  back = _signet_private_key_from_pem (data, len, pass, "mem", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));
  BIO_free (bio);

  /* and the plain standard form */
  bio = BIO_new (BIO_s_mem ());
  g_assert_true (PEM_write_bio_PrivateKey (bio, _signet_private_key_get_evp (key), NULL, NULL, 0, NULL, NULL));
  len = BIO_get_mem_data (bio, &data);
  g_clear_pointer (&back, _signet_private_key_unref);
  back = _signet_private_key_from_pem (data, len, NULL, "mem", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));
  BIO_free (bio);
}

static void
test_legacy_traditional (void)
{
  /* "EC PRIVATE KEY" with Proc-Type/DEK-Info, as OpenSSL's traditional format writes it */
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("legacy", -1);
  g_autoptr(SignetSecret) wrong = signet_secret_new ("wrong", -1);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(GError) error = NULL;
  OSSL_ENCODER_CTX *ectx;
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;

  ectx = OSSL_ENCODER_CTX_new_for_pkey (_signet_private_key_get_evp (key), EVP_PKEY_KEYPAIR, "PEM",
                                        "type-specific", NULL);
  g_assert_nonnull (ectx);
  g_assert_true (OSSL_ENCODER_CTX_set_cipher (ectx, "AES-256-CBC", NULL));
  g_assert_true (OSSL_ENCODER_CTX_set_passphrase (ectx, (const unsigned char *) "legacy", 6));
  g_assert_true (OSSL_ENCODER_to_bio (ectx, bio));
  OSSL_ENCODER_CTX_free (ectx);
  len = BIO_get_mem_data (bio, &data);
  g_assert_nonnull (g_strstr_len (data, len, "DEK-Info: AES-256-CBC,"));

  back = _signet_private_key_from_pem (data, len, pass, "legacy.pem", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));

  g_assert_null (_signet_private_key_from_pem (data, len, wrong, "legacy.pem", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  BIO_free (bio);
}

static void
test_errors (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("right-passphrase", -1);
  g_autoptr(SignetSecret) wrong = signet_secret_new ("wrong", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *pem = _signet_private_key_to_pem (key, "root", NULL, pass, NULL);
  g_autofree char *path = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *corrupt = NULL;
  const char *id = _signet_private_key_get_id (key);
  SignetPrivateKey *none;

  g_assert_true (_signet_keystore_add (ks, key, "root", NULL, pass, &error));
  g_assert_no_error (error);

  none = _signet_keystore_load (ks, id, wrong, &error);
  g_assert_null (none);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);

  none = _signet_keystore_load (ks, id, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);

  none = _signet_keystore_load (ks, "0123456789abcdef", pass, &error);
  g_assert_null (none);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A truncated file: clear MALFORMED error naming the file */
  path = g_strdup_printf ("%s/private/%s.key", dir, id);
  truncated = g_strndup (pem, strlen (pem) / 2);
  g_assert_true (g_file_set_contents (path, truncated, -1, NULL));
  none = _signet_keystore_load (ks, id, pass, &error);
  g_assert_null (none);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Body cut short at a base64 line (valid PEM, DER truncated) */
  {
    g_autoptr(GString) s = g_string_new (pem);
    char *last_line = strstr (s->str, "-----END");
    char *prev = last_line - 2;

    while (*prev != '\n')
      prev--;
    g_string_erase (s, prev + 1 - s->str, last_line - prev - 1);
    g_assert_true (g_file_set_contents (path, s->str, -1, NULL));
    none = _signet_keystore_load (ks, id, pass, &error);
    g_assert_null (none);
    g_assert_true (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED)
                   || g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE));
    g_clear_error (&error);
  }

  /* Corrupt base64 */
  corrupt = g_strdup (pem);
  corrupt[strlen ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n\n") + 5] = '#';
  g_assert_true (g_file_set_contents (path, corrupt, -1, NULL));
  none = _signet_keystore_load (ks, id, pass, &error);
  g_assert_null (none);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Not PEM at all: listed as a warning, not a key */
  g_assert_true (g_file_set_contents (path, "hello", -1, NULL));
  list = _signet_keystore_list (ks, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), path));

  /* A file named for another key */
  {
    g_autoptr(SignetPrivateKey) other = _signet_private_key_generate (NULL);
    g_autofree char *other_pem = _signet_private_key_to_pem (other, "root", NULL, pass, NULL);

    g_assert_true (g_file_set_contents (path, other_pem, -1, NULL));
    none = _signet_keystore_load (ks, id, pass, &error);
    g_assert_null (none);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    g_clear_error (&error);
  }

  rm_rf (dir);
}

static void
test_root_cert (void)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetPublicKey) pub = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 nb, na;
  X509 *cert;
  X509_NAME *name;
  X509_EXTENSION *ext;
  const ASN1_INTEGER *serial;
  BIGNUM *bn;
  char cn[256];

  pub = _signet_private_key_new_root_cert (key, GUN, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_public_key_get_keytype (pub), ==, "ecdsa-x509");
  g_assert_cmpstr (_signet_public_key_get_canonical_id (pub), ==, _signet_private_key_get_id (key));
  g_assert_cmpstr (_signet_public_key_get_id (pub), !=, _signet_private_key_get_id (key));
  g_assert_true (_signet_public_key_check_root_cert (pub, GUN, now, &error));
  g_assert_no_error (error);

  g_assert_true (_signet_public_key_get_cert_validity (pub, &nb, &na));
  g_assert_cmpint (nb, ==, now);
  g_assert_cmpint (na, ==, now + 3650 * 86400);

  cert = _signet_public_key_get_cert (pub);
  g_assert_cmpint (X509_get_version (cert), ==, X509_VERSION_3);
  name = X509_get_subject_name (cert);
  g_assert_cmpint (X509_NAME_entry_count (name), ==, 1);
  g_assert_cmpint (X509_NAME_get_text_by_NID (name, NID_commonName, cn, sizeof cn), >, 0);
  g_assert_cmpstr (cn, ==, GUN);
  g_assert_cmpint (X509_NAME_cmp (name, X509_get_issuer_name (cert)), ==, 0);
  g_assert_cmpint (X509_get_signature_nid (cert), ==, NID_ecdsa_with_SHA256);

  serial = X509_get0_serialNumber (cert);
  bn = ASN1_INTEGER_to_BN (serial, NULL);
  g_assert_cmpint (BN_num_bits (bn), <=, 128);
  g_assert_false (BN_is_negative (bn));
  BN_free (bn);

  g_assert_cmpint (X509_get_ext_count (cert), ==, 3);
  ext = X509_get_ext (cert, X509_get_ext_by_NID (cert, NID_key_usage, -1));
  g_assert_true (X509_EXTENSION_get_critical (ext));
  g_assert_cmpuint (X509_get_key_usage (cert), ==, KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT);
  g_assert_cmpuint (X509_get_extended_key_usage (cert), ==, XKU_CODE_SIGN);
  ext = X509_get_ext (cert, X509_get_ext_by_NID (cert, NID_basic_constraints, -1));
  g_assert_true (X509_EXTENSION_get_critical (ext));
  g_assert_cmpint (X509_check_ca (cert), ==, 0);
  g_assert_cmpint (X509_get_ext_by_NID (cert, NID_subject_key_identifier, -1), <, 0);
  g_assert_cmpint (X509_get_ext_by_NID (cert, NID_authority_key_identifier, -1), <, 0);

  /* Other GUNs fail the notary checks */
  g_assert_false (_signet_public_key_check_root_cert (pub, "example.com/other", now, NULL));
}

static void
test_export_import (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *dir2 = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetKeystore) ks2 = _signet_keystore_new (dir2);
  g_autoptr(SignetPrivateKey) a = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) b = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) c = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("export-passphrase", -1);
  g_autoptr(SignetSecret) empty = signet_secret_new ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *plain = NULL;
  const char *only_a[] = { _signet_private_key_get_id (a), NULL };

  g_assert_true (_signet_keystore_add (ks, a, "root", NULL, pass, &error));
  g_assert_true (_signet_keystore_add (ks, b, "targets", GUN, pass, &error));
  g_assert_no_error (error);

  exported = _signet_keystore_export (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "path: "));
  ids = _signet_keystore_import (ks2, exported, strlen (exported), NULL, NULL, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  list = _signet_keystore_list (ks2, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (list, i);
      g_autofree char *p1 = g_strdup_printf ("%s/private/%s.key", dir, info->id);
      g_autofree char *c1 = NULL, *c2 = NULL;

      g_assert_true (g_file_get_contents (p1, &c1, NULL, NULL));
      g_assert_true (g_file_get_contents (info->path, &c2, NULL, NULL));
      g_assert_cmpstr (c1, ==, c2);
    }
  g_clear_pointer (&ids, g_strfreev);

  /* Importing again is fine (same bytes); export of one ID */
  ids = _signet_keystore_import (ks2, exported, strlen (exported), NULL, NULL, pass, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ids, g_strfreev);
  g_free (exported);
  exported = _signet_keystore_export (ks, only_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_signet_pem_split (exported, strlen (exported))->len, ==, 1);

  /* An unencrypted PEM without path: ID from the key, encrypted on import, fallback role */
  plain = _signet_private_key_to_pem (c, NULL, NULL, empty, &error);
  g_assert_no_error (error);
  ids = _signet_keystore_import (ks2, plain, strlen (plain), "targets/releases", NULL, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ids[0], ==, _signet_private_key_get_id (c));
  {
    g_autoptr(SignetKeyInfo) info = _signet_keystore_find (ks2, ids[0], &error);
    g_autoptr(SignetPrivateKey) back = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (info->role, ==, "targets/releases");
    g_assert_true (info->encrypted);
    back = _signet_keystore_load (ks2, ids[0], pass, &error);
    g_assert_no_error (error);
  }

  /* A targets key without a gun is refused */
  g_clear_pointer (&ids, g_strfreev);
  g_free (plain);
  plain = _signet_private_key_to_pem (c, "targets", NULL, empty, &error);
  ids = _signet_keystore_import (ks2, plain, strlen (plain), NULL, NULL, pass, &error);
  g_assert_null (ids);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);

  rm_rf (dir);
  rm_rf (dir2);
}

static void
test_change_passphrase (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) p1 = signet_secret_new ("passphrase-one", -1);
  g_autoptr(SignetSecret) p2 = signet_secret_new ("passphrase-two", -1);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = _signet_private_key_get_id (key);

  g_assert_true (_signet_keystore_add (ks, key, "snapshot", GUN, p1, &error));
  g_assert_false (_signet_keystore_change_passphrase (ks, id, p2, p1, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (_signet_keystore_change_passphrase (ks, id, p1, p2, &error));
  g_assert_no_error (error);
  g_assert_null (_signet_keystore_load (ks, id, p1, NULL));
  back = _signet_keystore_load (ks, id, p2, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SignetKeyInfo) info = _signet_keystore_find (ks, id, &error);
    g_assert_cmpstr (info->gun, ==, GUN);
    g_assert_cmpstr (info->role, ==, "snapshot");
  }
  g_assert_true (_signet_keystore_remove (ks, id, &error));
  g_assert_null (_signet_keystore_find (ks, id, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  rm_rf (dir);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) back = NULL;
  g_autoptr(SignetSecret) pass = signet_secret_new ("async-passphrase", -1);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  _signet_keystore_add_async (ks, key, "root", NULL, pass, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (_signet_keystore_add_finish (ks, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  _signet_keystore_load_async (ks, _signet_private_key_get_id (key), pass, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  back = _signet_keystore_load_finish (ks, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (back), ==, _signet_private_key_get_id (key));
  g_clear_object (&result);
  rm_rf (dir);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autofree char *cmd = g_strdup_printf ("cp -a '%s/.' '%s/'", from, to);
  g_assert_cmpint (system (cmd), ==, 0);
}

/* Debian's notary source ships the compatibility fixtures of notary 0.1 and 0.3
 * (legacy layouts, EC/RSA PRIVATE KEY with DEK-Info; passphrases as in notary's
 * client/backwards_compatibility_test.go). */
static void
test_notary_fixtures (void)
{
  const char *base = "/usr/share/gocode/src/github.com/theupdateframework/notary/fixtures/compatibility";
  const char *versions[] = { "notary0.1", "notary0.3" };
  const char *passphrases[] = { "randompass", "password" };

  if (!g_file_test (base, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("golang-github-theupdateframework-notary-dev fixtures not installed");
      return;
    }

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autofree char *src = g_build_filename (base, versions[v], NULL);
      g_autofree char *dir = make_tmpdir ();
      g_autoptr(SignetKeystore) ks = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetSecret) pass = signet_secret_new (passphrases[v], -1);
      guint roots = 0;

      copy_tree (src, dir);
      ks = _signet_keystore_new (dir);
      list = _signet_keystore_list (ks, warnings, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (warnings->len, ==, 0);
      g_assert_cmpuint (list->len, >=, 3);
      for (guint i = 0; i < list->len; i++)
        {
          SignetKeyInfo *info = g_ptr_array_index (list, i);
          g_autoptr(SignetPrivateKey) key = NULL;

          g_test_message ("%s: %s role=%s gun=%s", versions[v], info->id, info->role, info->gun);
          g_assert_true (info->legacy);
          g_assert_nonnull (info->role);
          g_assert_true (info->encrypted);
          if (g_str_equal (info->role, "root"))
            roots++;
          else if (!g_str_has_prefix (info->role, "targets/"))
            g_assert_nonnull (info->gun);
          key = _signet_keystore_load (ks, info->id, pass, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (_signet_private_key_get_id (key), ==, info->id);
          assert_signs (key);
        }
      g_assert_cmpuint (roots, ==, 1);
      rm_rf (dir);
    }
}

static void
test_secret (void)
{
  g_autoptr(SignetSecret) a = signet_secret_new ("abc", -1);
  g_autoptr(SignetSecret) b = signet_secret_new ("abcd", 3);
  g_autoptr(SignetSecret) c = signet_secret_new ("abd", -1);
  gsize len;

  g_assert_cmpstr (signet_secret_get (a, &len), ==, "abc");
  g_assert_cmpuint (len, ==, 3);
  g_assert_true (signet_secret_equal (a, b));
  g_assert_false (signet_secret_equal (a, c));
  g_assert_true (signet_secret_is_empty (NULL));
  g_assert_false (signet_secret_is_empty (a));
  g_assert_true (G_TYPE_IS_BOXED (SIGNET_TYPE_SECRET));
}

/* New passphrases need 8 characters (key creation, key passwd, encrypting an imported
 * key); existing keys with shorter ones still unlock and can get a longer one. */
static void
test_new_passphrase_length (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (dir);
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) old_key = _signet_private_key_generate (NULL);
  g_autoptr(SignetPrivateKey) loaded = NULL;
  g_autoptr(SignetSecret) short_pass = signet_secret_new ("1234567", -1);
  g_autoptr(SignetSecret) empty = signet_secret_new ("", 0);
  g_autoptr(SignetSecret) good = signet_secret_new ("12345678", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *old_pem = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) ids = NULL;
  const char *old_id = _signet_private_key_get_id (old_key);

  /* a new key: 7 characters (or none given as an empty passphrase) are refused, nothing written */
  g_assert_false (_signet_keystore_add (ks, key, "targets", GUN, short_pass, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at least 8 characters"));
  g_assert_nonnull (strstr (error->message, "targets key"));
  g_clear_error (&error);
  g_assert_false (_signet_keystore_add (ks, key, "root", NULL, empty, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  list = _signet_keystore_list (ks, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* 8 are enough */
  g_assert_true (_signet_keystore_add (ks, key, "targets", GUN, good, &error));
  g_assert_no_error (error);

  /* key passwd: a short new passphrase is refused and the file stays as it was */
  {
    g_autoptr(SignetKeyInfo) info = _signet_keystore_find (ks, _signet_private_key_get_id (key), &error);

    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (info->path, &before, NULL, NULL));
    g_assert_false (_signet_keystore_change_passphrase (ks, info->id, good, short_pass, &error));
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (info->path, &after, NULL, NULL));
    g_assert_cmpstr (before, ==, after);
    loaded = _signet_keystore_load (ks, info->id, good, &error);
    g_assert_no_error (error);
    g_clear_pointer (&loaded, _signet_private_key_unref);
  }

  /* an existing key with a 7-character passphrase (notary/docker allow them) unlocks, and
   * may get a longer passphrase, but not another short one */
  old_pem = _signet_private_key_to_pem (old_key, "root", NULL, short_pass, &error);
  g_assert_no_error (error);
  g_assert_true (_signet_keystore_add_pem (ks, old_id, old_pem, strlen (old_pem), &error));
  g_assert_no_error (error);
  loaded = _signet_keystore_load (ks, old_id, short_pass, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_clear_pointer (&loaded, _signet_private_key_unref);
  g_assert_false (_signet_keystore_change_passphrase (ks, old_id, short_pass, short_pass, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (_signet_keystore_change_passphrase (ks, old_id, short_pass, good, &error));
  g_assert_no_error (error);
  loaded = _signet_keystore_load (ks, old_id, good, &error);
  g_assert_no_error (error);
  g_clear_pointer (&loaded, _signet_private_key_unref);

  /* importing an unencrypted key encrypts it: with a short passphrase, refused */
  {
    g_autofree char *dir2 = make_tmpdir ();
    g_autoptr(SignetKeystore) ks2 = _signet_keystore_new (dir2);
    g_autoptr(SignetPrivateKey) plain_key = _signet_private_key_generate (NULL);

    plain = _signet_private_key_to_pem (plain_key, "targets/releases", NULL, NULL, &error);
    g_assert_no_error (error);
    ids = _signet_keystore_import (ks2, plain, strlen (plain), NULL, NULL, short_pass, &error);
    g_assert_null (ids);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "at least 8 characters"));
    g_clear_error (&error);
    ids = _signet_keystore_import (ks2, plain, strlen (plain), NULL, NULL, good, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    /* an encrypted key with a short passphrase is imported as it is */
    {
      g_autofree char *dir3 = make_tmpdir ();
      g_autoptr(SignetKeystore) ks3 = _signet_keystore_new (dir3);
      g_auto(GStrv) ids3 = _signet_keystore_import (ks3, old_pem, strlen (old_pem), NULL, NULL, short_pass, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (ids3), ==, 1);
      rm_rf (dir3);
    }
    rm_rf (dir2);
  }

  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/keystore/secret", test_secret);
  g_test_add_func ("/Signet/Unit/keystore/roundtrip-ecdsa", test_roundtrip_ecdsa);
  g_test_add_func ("/Signet/Unit/keystore/gun-rule", test_gun_rule);
  g_test_add_func ("/Signet/Unit/keystore/unencrypted", test_unencrypted);
  g_test_add_func ("/Signet/Unit/keystore/ecdsa-pkcs8-form", test_ecdsa_inner_form);
  g_test_add_func ("/Signet/Unit/keystore/rsa", test_rsa);
  g_test_add_func ("/Signet/Unit/keystore/ed25519", test_ed25519);
  g_test_add_func ("/Signet/Unit/keystore/openssl-pkcs8", test_openssl_pkcs8);
  g_test_add_func ("/Signet/Unit/keystore/legacy-dek-info", test_legacy_traditional);
  g_test_add_func ("/Signet/Unit/keystore/errors", test_errors);
  g_test_add_func ("/Signet/Unit/keystore/root-cert", test_root_cert);
  g_test_add_func ("/Signet/Unit/keystore/export-import", test_export_import);
  g_test_add_func ("/Signet/Unit/keystore/change-passphrase", test_change_passphrase);
  g_test_add_func ("/Signet/Unit/keystore/async", test_async);
  g_test_add_func ("/Signet/Unit/keystore/notary-fixtures", test_notary_fixtures);
  g_test_add_func ("/Signet/Unit/keystore/new-passphrase-length", test_new_passphrase_length);

  return g_test_run ();
}
