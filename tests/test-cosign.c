/* test-cosign.c: cosign key files, payloads and layer checks; Notation envelopes.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Notation envelopes here are built by the test from the Notary Project specification
 * (signature-envelope-jws.md, signature-envelope-cose.md): they are fixtures made to the
 * specification, not signatures produced by the notation CLI.
 */

#include "config.h"

#include <string.h>

#include <openssl/x509.h>

#include "signet-error.h"
#include "signet-keystore-private.h"
#include "signet-signatures-private.h"

#define DIGEST_A "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define DIGEST_B "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void
test_key_roundtrip (void)
{
  g_autoptr(SignetSecret) pass = signet_secret_new ("correct horse", -1);
  g_autoptr(SignetSecret) wrong = signet_secret_new ("wrong horse", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *pub1 = NULL;
  g_autofree char *pub2 = NULL;
  g_autofree char *tampered = NULL;
  EVP_PKEY *key, *back;

  key = _signet_cosign_key_generate (&error);
  g_assert_no_error (error);
  pem = _signet_cosign_key_encrypt (key, pass, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"));

  back = _signet_cosign_key_decrypt (pem, strlen (pem), pass, "k", &error);
  g_assert_no_error (error);
  pub1 = _signet_cosign_public_pem (key, NULL);
  pub2 = _signet_cosign_public_pem (back, NULL);
  g_assert_cmpstr (pub1, ==, pub2);
  EVP_PKEY_free (back);

  g_assert_null (_signet_cosign_key_decrypt (pem, strlen (pem), wrong, "k", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);

  g_assert_null (_signet_cosign_key_decrypt (pub1, strlen (pub1), pass, "k.pub", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "k.pub"));
  g_clear_error (&error);

  /* a body with a huge scrypt work factor is refused before any work */
  {
    const char *json = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1073741824,\"r\":8,\"p\":1},"
                       "\"salt\":\"AAAA\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":"
                       "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    g_autofree char *b64 = g_base64_encode ((const guchar *) json, strlen (json));

    tampered = g_strdup_printf ("-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n%s\n"
                                "-----END ENCRYPTED COSIGN PRIVATE KEY-----\n", b64);
  }
  g_assert_null (_signet_cosign_key_decrypt (tampered, strlen (tampered), pass, "k", &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "scrypt parameters"));
  EVP_PKEY_free (key);
}

static void
test_payload (void)
{
  g_autoptr(GBytes) payload = _signet_cosign_payload_build ("reg/x:1", DIGEST_A, "me", 1700000000);
  g_autoptr(SignetCosignPayload) p = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const bad[] = {
    "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"" DIGEST_A "\"},"
      "\"type\":\"cosign container image signature\",\"extra\":1},\"optional\":null}",
    "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:xyz\"},"
      "\"type\":\"cosign container image signature\"},\"optional\":null}",
    "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"" DIGEST_A "\"},"
      "\"type\":\"atomic container signature\"},\"optional\":null}",
    "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"" DIGEST_A "\"},"
      "\"type\":\"cosign container image signature\"},\"optional\":{\"timestamp\":1.5}}",
    "[]",
  };
  guint i;

  p = _signet_cosign_payload_parse (payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->manifest_digest, ==, DIGEST_A);
  g_assert_cmpstr (p->docker_reference, ==, "reg/x:1");
  g_assert_cmpstr (p->creator, ==, "me");
  g_assert_cmpint (p->timestamp, ==, 1700000000);
  g_clear_pointer (&p, _signet_cosign_payload_free);

  /* cosign's own form: "optional": null */
  {
    const char *cosign = "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\""
                         DIGEST_B "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";
    g_autoptr(GBytes) b = g_bytes_new_static (cosign, strlen (cosign));

    p = _signet_cosign_payload_parse (b, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (p->manifest_digest, ==, DIGEST_B);
    g_assert_false (p->has_timestamp);
  }
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new_static (bad[i], strlen (bad[i]));

      g_assert_null (_signet_cosign_payload_parse (b, &error));
      g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
      g_clear_error (&error);
    }
}

static void
test_check_layer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = _signet_cosign_payload_build ("reg/x:1", DIGEST_A, NULL, 1);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GHashTable) ann = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) trusted = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_cosign_key_entry_free);
  g_autoptr(SignetImageSignature) s1 = NULL;
  g_autoptr(SignetImageSignature) s2 = NULL;
  g_autoptr(SignetImageSignature) s3 = NULL;
  g_autoptr(SignetImageSignature) s4 = NULL;
  SignetCosignKeyEntry *entry = g_new0 (SignetCosignKeyEntry, 1);
  EVP_PKEY *key = _signet_cosign_key_generate (&error);

  sig = _signet_cosign_sign (key, payload, &error);
  g_assert_no_error (error);
  g_hash_table_insert (ann, (char *) SIGNET_COSIGN_ANNOTATION_SIG,
                       g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig)));
  entry->name = g_strdup ("ci");
  entry->pkey = key;
  g_ptr_array_add (trusted, entry);

  s1 = _signet_cosign_check_layer ("tag", DIGEST_B, SIGNET_COSIGN_SIMPLESIGNING_TYPE, payload, ann, DIGEST_A, trusted);
  g_assert_cmpint (signet_image_signature_get_status (s1), ==, SIGNET_SIGNATURE_STATUS_VERIFIED);
  g_assert_cmpstr (signet_image_signature_get_key_name (s1), ==, "ci");
  g_assert_cmpstr (signet_image_signature_get_identity (s1), ==, "reg/x:1");

  s2 = _signet_cosign_check_layer ("tag", DIGEST_B, SIGNET_COSIGN_SIMPLESIGNING_TYPE, payload, ann, DIGEST_B, trusted);
  g_assert_cmpint (signet_image_signature_get_status (s2), ==, SIGNET_SIGNATURE_STATUS_INVALID);

  s3 = _signet_cosign_check_layer ("tag", DIGEST_B, SIGNET_COSIGN_SIMPLESIGNING_TYPE, payload, ann, DIGEST_A, NULL);
  g_assert_cmpint (signet_image_signature_get_status (s3), ==, SIGNET_SIGNATURE_STATUS_UNVERIFIED);

  g_hash_table_insert (ann, (char *) SIGNET_COSIGN_ANNOTATION_SIG, g_strdup ("not base64!"));
  s4 = _signet_cosign_check_layer ("tag", DIGEST_B, SIGNET_COSIGN_SIMPLESIGNING_TYPE, payload, ann, DIGEST_A, trusted);
  g_assert_cmpint (signet_image_signature_get_status (s4), ==, SIGNET_SIGNATURE_STATUS_MALFORMED);
}

/* ---- Notation fixtures, built to the specification ---- */

static GBytes *
test_cert_der (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (&error);
  g_autoptr(SignetPublicKey) cert = _signet_private_key_new_root_cert (key, "notation.example", 1700000000, &error);
  unsigned char *der = NULL;
  int len;
  GBytes *out;

  g_assert_no_error (error);
  len = i2d_X509 (_signet_public_key_get_cert (cert), &der);
  g_assert_cmpint (len, >, 0);
  out = g_bytes_new (der, len);
  OPENSSL_free (der);
  return out;
}

static char *
b64url (const char *data,
        gsize       len)
{
  char *s = g_base64_encode ((const guchar *) data, len);
  char *p;

  for (p = s; *p; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
  while ((p = strrchr (s, '=')) != NULL)
    *p = '\0';
  return s;
}

static const char *notation_payload =
  "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
  "\"digest\":\"" DIGEST_A "\",\"size\":16724}}";

static void
test_notation_jws (void)
{
  g_autoptr(GBytes) der = test_cert_der ();
  g_autofree char *protected_json = g_strdup (
    "{\"alg\":\"PS256\",\"crit\":[\"io.cncf.notary.signingScheme\"],"
    "\"cty\":\"application/vnd.cncf.notary.payload.v1+json\","
    "\"io.cncf.notary.signingScheme\":\"notary.x509\","
    "\"io.cncf.notary.signingTime\":\"2022-08-29T13:50:00-07:00\","
    "\"io.cncf.notary.expiry\":\"2023-08-29T13:50:00-07:00\"}");
  g_autofree char *prot = b64url (protected_json, strlen (protected_json));
  g_autofree char *pay = b64url (notation_payload, strlen (notation_payload));
  g_autofree char *cert = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autofree char *env = g_strdup_printf (
    "{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":{\"x5c\":[\"%s\"],"
    "\"io.cncf.notary.signingAgent\":\"notation/1.0.0\"},\"signature\":\"AAAA\"}", pay, prot, cert);
  g_autoptr(GBytes) bytes = g_bytes_new (env, strlen (env));
  g_autoptr(SignetImageSignature) sig = NULL;
  g_autoptr(SignetImageSignature) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumb = _signet_sha256_hex (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autofree char *broken = NULL;
  g_autoptr(GBytes) broken_bytes = NULL;

  sig = _signet_notation_parse ("referrers", DIGEST_B, SIGNET_NOTATION_MEDIA_JWS, bytes, DIGEST_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_image_signature_get_envelope (sig), ==, "jws");
  g_assert_cmpstr (signet_image_signature_get_algorithm (sig), ==, "PS256");
  g_assert_cmpstr (signet_image_signature_get_signing_scheme (sig), ==, "notary.x509");
  g_assert_cmpint (signet_image_signature_get_signed_at (sig), ==, 1661806200);
  g_assert_cmpint (signet_image_signature_get_expires (sig), ==, 1693342200);
  g_assert_cmpstr (signet_image_signature_get_creator (sig), ==, "notation/1.0.0");
  g_assert_cmpstr (signet_image_signature_get_signed_digest (sig), ==, DIGEST_A);
  g_assert_cmpstr (signet_image_signature_get_cert_subjects (sig)[0], ==, "CN=notation.example");
  g_assert_cmpstr (signet_image_signature_get_cert_thumbprints (sig)[0], ==, thumb);
  g_assert_cmpint (signet_image_signature_get_status (sig), ==, SIGNET_SIGNATURE_STATUS_UNVERIFIED);

  other = _signet_notation_parse ("referrers", DIGEST_B, SIGNET_NOTATION_MEDIA_JWS, bytes, DIGEST_B, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signet_image_signature_get_status (other), ==, SIGNET_SIGNATURE_STATUS_INVALID);

  /* no certificate chain */
  broken = g_strdup_printf ("{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":{},\"signature\":\"AAAA\"}", pay, prot);
  broken_bytes = g_bytes_new (broken, strlen (broken));
  g_assert_null (_signet_notation_parse ("referrers", DIGEST_B, SIGNET_NOTATION_MEDIA_JWS, broken_bytes, DIGEST_A, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "x5c"));
}

static void
cbor_head (GByteArray *a,
           guint       major,
           guint64     v)
{
  guint8 b;

  if (v < 24)
    {
      b = (major << 5) | v;
      g_byte_array_append (a, &b, 1);
    }
  else if (v < 256)
    {
      guint8 two[2] = { (major << 5) | 24, v };
      g_byte_array_append (a, two, 2);
    }
  else
    {
      guint8 three[3] = { (major << 5) | 25, v >> 8, v & 0xff };
      g_assert_cmpuint (v, <, 65536);
      g_byte_array_append (a, three, 3);
    }
}

static void
cbor_text (GByteArray *a,
           const char *s)
{
  cbor_head (a, 3, strlen (s));
  g_byte_array_append (a, (const guint8 *) s, strlen (s));
}

static void
cbor_bytes (GByteArray   *a,
            const guint8 *d,
            gsize         len)
{
  cbor_head (a, 2, len);
  g_byte_array_append (a, d, len);
}

static void
test_notation_cose (void)
{
  g_autoptr(GBytes) der = test_cert_der ();
  g_autoptr(GByteArray) prot = g_byte_array_new ();
  g_autoptr(GByteArray) env = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SignetImageSignature) sig = NULL;
  g_autoptr(GError) error = NULL;
  guint8 sigbytes[4] = { 1, 2, 3, 4 };

  /* protected: {1: -7, 3: cty, "io.cncf.notary.signingScheme": "notary.x509",
   *             "io.cncf.notary.signingTime": 1(1661806200)} */
  cbor_head (prot, 5, 4);
  cbor_head (prot, 0, 1);
  cbor_head (prot, 1, 6);               /* -7: ES256 */
  cbor_head (prot, 0, 3);
  cbor_text (prot, "application/vnd.cncf.notary.payload.v1+json");
  cbor_text (prot, "io.cncf.notary.signingScheme");
  cbor_text (prot, "notary.x509");
  cbor_text (prot, "io.cncf.notary.signingTime");
  cbor_head (prot, 6, 1);
  {
    guint8 t[5] = { 0x1a, 0x63, 0x0d, 0x26, 0x78 };  /* uint32 1661806200 */
    g_byte_array_append (prot, t, 5);
  }

  cbor_head (env, 6, 18);                 /* COSE_Sign1 tag */
  cbor_head (env, 4, 4);
  cbor_bytes (env, prot->data, prot->len);
  cbor_head (env, 5, 2);                  /* unprotected */
  cbor_head (env, 0, 33);
  cbor_head (env, 4, 1);
  cbor_bytes (env, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  cbor_text (env, "io.cncf.notary.signingAgent");
  cbor_text (env, "notation/1.0.0");
  cbor_bytes (env, (const guint8 *) notation_payload, strlen (notation_payload));
  cbor_bytes (env, sigbytes, sizeof sigbytes);
  bytes = g_bytes_new (env->data, env->len);

  sig = _signet_notation_parse ("referrers-tag", DIGEST_B, SIGNET_NOTATION_MEDIA_COSE, bytes, DIGEST_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_image_signature_get_envelope (sig), ==, "cose");
  g_assert_cmpstr (signet_image_signature_get_algorithm (sig), ==, "ES256");
  g_assert_cmpstr (signet_image_signature_get_signing_scheme (sig), ==, "notary.x509");
  g_assert_cmpint (signet_image_signature_get_signed_at (sig), ==, 1661806200);
  g_assert_cmpstr (signet_image_signature_get_creator (sig), ==, "notation/1.0.0");
  g_assert_cmpstr (signet_image_signature_get_cert_subjects (sig)[0], ==, "CN=notation.example");
  g_assert_cmpstr (signet_image_signature_get_signed_digest (sig), ==, DIGEST_A);

  /* truncated: every prefix fails cleanly */
  for (guint cut = 0; cut < env->len; cut += 7)
    {
      g_autoptr(GBytes) part = g_bytes_new (env->data, cut);
      g_autoptr(GError) e = NULL;

      g_assert_null (_signet_notation_parse ("r", DIGEST_B, SIGNET_NOTATION_MEDIA_COSE, part, DIGEST_A, &e));
      g_assert_error (e, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Signet/Unit/cosign/key-roundtrip", test_key_roundtrip);
  g_test_add_func ("/Signet/Unit/cosign/payload", test_payload);
  g_test_add_func ("/Signet/Unit/cosign/check-layer", test_check_layer);
  g_test_add_func ("/Signet/Unit/notation/jws", test_notation_jws);
  g_test_add_func ("/Signet/Unit/notation/cose", test_notation_cose);
  return g_test_run ();
}
