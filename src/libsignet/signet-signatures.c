/* signet-signatures.c: SignetImageSignature, SignetSignatureReport, and the checks of cosign
 * simple-signing layers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "signet-crypto-private.h"
#include "signet-error.h"
#include "signet-signatures-private.h"

G_DEFINE_BOXED_TYPE (SignetImageSignature, signet_image_signature,
                     signet_image_signature_ref, signet_image_signature_unref)

SignetImageSignature *
_signet_image_signature_new (SignetSignatureKind  kind,
                             const char          *source,
                             const char          *artifact_digest)
{
  SignetImageSignature *self = g_new0 (SignetImageSignature, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->status = SIGNET_SIGNATURE_STATUS_UNVERIFIED;
  self->source = g_strdup (source);
  self->artifact_digest = g_strdup (artifact_digest);
  self->tlog_index = -1;
  return self;
}

void
_signet_image_signature_set_status (SignetImageSignature  *self,
                                    SignetSignatureStatus  status,
                                    const char            *format,
                                    ...)
{
  va_list args;

  self->status = status;
  g_free (self->status_message);
  va_start (args, format);
  self->status_message = g_strdup_vprintf (format, args);
  va_end (args);
}

SignetImageSignature *
signet_image_signature_ref (SignetImageSignature *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_image_signature_unref (SignetImageSignature *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->status_message);
  g_free (self->source);
  g_free (self->artifact_digest);
  g_free (self->signed_digest);
  g_free (self->identity);
  g_free (self->creator);
  g_free (self->key_origin);
  g_free (self->key_name);
  g_free (self->signer_identity);
  g_free (self->oidc_issuer);
  g_free (self->envelope);
  g_free (self->algorithm);
  g_free (self->signing_scheme);
  g_strfreev (self->cert_subjects);
  g_strfreev (self->cert_thumbprints);
  g_free (self);
}

#define GETTER(type, name, field, fallback)                          \
  type                                                               \
  signet_image_signature_get_##name (SignetImageSignature *self)     \
  {                                                                  \
    g_return_val_if_fail (self != NULL, fallback);                   \
    return self->field;                                              \
  }

GETTER (SignetSignatureKind, kind, kind, SIGNET_SIGNATURE_KIND_COSIGN)
GETTER (SignetSignatureStatus, status, status, SIGNET_SIGNATURE_STATUS_MALFORMED)
GETTER (const char *, status_message, status_message, NULL)
GETTER (const char *, source, source, NULL)
GETTER (const char *, artifact_digest, artifact_digest, NULL)
GETTER (const char *, signed_digest, signed_digest, NULL)
GETTER (const char *, identity, identity, NULL)
GETTER (const char *, creator, creator, NULL)
GETTER (gint64, signed_at, signed_at, 0)
GETTER (gint64, expires, expires, 0)
GETTER (const char *, key_origin, key_origin, NULL)
GETTER (const char *, key_name, key_name, NULL)
GETTER (const char *, signer_identity, signer_identity, NULL)
GETTER (const char *, oidc_issuer, oidc_issuer, NULL)
GETTER (gint64, tlog_index, tlog_index, -1)
GETTER (gint64, tlog_time, tlog_time, 0)
GETTER (const char *, envelope, envelope, NULL)
GETTER (const char *, algorithm, algorithm, NULL)
GETTER (const char *, signing_scheme, signing_scheme, NULL)

gboolean
signet_image_signature_has_tlog_entry (SignetImageSignature *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_tlog;
}

const char * const *
signet_image_signature_get_cert_subjects (SignetImageSignature *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->cert_subjects;
}

const char * const *
signet_image_signature_get_cert_thumbprints (SignetImageSignature *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->cert_thumbprints;
}

/* ---- report ---- */

struct _SignetSignatureReport
{
  gatomicrefcount  ref_count;
  char            *digest;
  GPtrArray       *signatures;
  GStrv            notes;
};

G_DEFINE_BOXED_TYPE (SignetSignatureReport, signet_signature_report,
                     signet_signature_report_ref, signet_signature_report_unref)

SignetSignatureReport *
_signet_signature_report_new (const char *digest,
                              GPtrArray  *signatures,
                              GStrv       notes)
{
  SignetSignatureReport *self = g_new0 (SignetSignatureReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->digest = g_strdup (digest);
  self->signatures = g_ptr_array_ref (signatures);
  self->notes = notes ? notes : g_new0 (char *, 1);
  return self;
}

SignetSignatureReport *
signet_signature_report_ref (SignetSignatureReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_signature_report_unref (SignetSignatureReport *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->digest);
  g_ptr_array_unref (self->signatures);
  g_strfreev (self->notes);
  g_free (self);
}

const char *
signet_signature_report_get_digest (SignetSignatureReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->digest;
}

GPtrArray *
signet_signature_report_get_signatures (SignetSignatureReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->signatures;
}

const char * const *
signet_signature_report_get_notes (SignetSignatureReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->notes;
}

SignetImageSignature *
signet_signature_report_get_verified_cosign (SignetSignatureReport *self)
{
  guint i;

  g_return_val_if_fail (self != NULL, NULL);
  for (i = 0; i < self->signatures->len; i++)
    {
      SignetImageSignature *sig = g_ptr_array_index (self->signatures, i);

      if (sig->kind == SIGNET_SIGNATURE_KIND_COSIGN &&
          sig->status == SIGNET_SIGNATURE_STATUS_VERIFIED)
        return sig;
    }
  return NULL;
}

/* ---- certificates ---- */

static char *
x509_name_text (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  BUF_MEM *mem;
  char *out;

  if (bio == NULL || X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253) < 0)
    {
      BIO_free (bio);
      ERR_clear_error ();
      return g_strdup ("(unreadable)");
    }
  BIO_get_mem_ptr (bio, &mem);
  out = g_strndup (mem->data, mem->length);
  BIO_free (bio);
  return out;
}

gboolean
_signet_signature_set_chain (SignetImageSignature  *self,
                             GPtrArray             *ders,
                             GError               **error)
{
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) prints = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < ders->len; i++)
    {
      GBytes *der = g_ptr_array_index (ders, i);
      const unsigned char *p = g_bytes_get_data (der, NULL);
      X509 *cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (der));

      if (cert == NULL)
        {
          ERR_clear_error ();
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "Certificate %u of the chain is not DER X.509", i + 1);
          return FALSE;
        }
      g_ptr_array_add (subjects, x509_name_text (X509_get_subject_name (cert)));
      g_ptr_array_add (prints, _signet_sha256_hex (g_bytes_get_data (der, NULL),
                                                   g_bytes_get_size (der)));
      X509_free (cert);
    }
  g_ptr_array_add (subjects, NULL);
  g_ptr_array_add (prints, NULL);
  g_strfreev (self->cert_subjects);
  g_strfreev (self->cert_thumbprints);
  self->cert_subjects = (GStrv) g_ptr_array_steal (subjects, NULL);
  self->cert_thumbprints = (GStrv) g_ptr_array_steal (prints, NULL);
  return TRUE;
}

/* Fulcio's OIDC issuer extensions: 1.3.6.1.4.1.57264.1.8 (DER UTF8String) and the older
 * 1.3.6.1.4.1.57264.1.1 (raw string). */
static char *
fulcio_issuer (X509 *cert)
{
  static const char * const oids[] = { "1.3.6.1.4.1.57264.1.8", "1.3.6.1.4.1.57264.1.1" };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (oids); k++)
    {
      ASN1_OBJECT *obj = OBJ_txt2obj (oids[k], 1);
      int idx = obj ? X509_get_ext_by_OBJ (cert, obj, -1) : -1;

      ASN1_OBJECT_free (obj);
      if (idx >= 0)
        {
          X509_EXTENSION *ext = X509_get_ext (cert, idx);
          ASN1_OCTET_STRING *data = X509_EXTENSION_get_data (ext);
          const unsigned char *p = ASN1_STRING_get0_data (data);
          int len = ASN1_STRING_length (data);

          if (k == 0)
            {
              ASN1_UTF8STRING *s = d2i_ASN1_UTF8STRING (NULL, &p, len);

              if (s != NULL)
                {
                  char *out = g_strndup ((const char *) ASN1_STRING_get0_data (s),
                                         ASN1_STRING_length (s));
                  ASN1_UTF8STRING_free (s);
                  return out;
                }
              ERR_clear_error ();
              continue;
            }
          return g_strndup ((const char *) p, len);
        }
    }
  return NULL;
}

static char *
san_identity (X509 *cert)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  char *out = NULL;
  int i;

  for (i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && out == NULL; i++)
    {
      GENERAL_NAME *gn = sk_GENERAL_NAME_value (names, i);

      if (gn->type == GEN_EMAIL || gn->type == GEN_URI)
        {
          ASN1_IA5STRING *s = gn->type == GEN_EMAIL ? gn->d.rfc822Name : gn->d.uniformResourceIdentifier;

          out = g_strndup ((const char *) ASN1_STRING_get0_data (s), ASN1_STRING_length (s));
        }
    }
  GENERAL_NAMES_free (names);
  ERR_clear_error ();
  return out;
}

/* Reads the PEM certificates of @pem into DERs; the first one's key in *@leaf_key. */
static GPtrArray *
pem_certs (const char  *pem,
           X509       **leaf)
{
  GPtrArray *ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  BIO *bio = BIO_new_mem_buf (pem, -1);
  X509 *cert;

  while (bio != NULL && ders->len < 10 && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      unsigned char *der = NULL;
      int len = i2d_X509 (cert, &der);

      if (len > 0)
        {
          g_ptr_array_add (ders, g_bytes_new (der, len));
          OPENSSL_free (der);
        }
      if (leaf != NULL && *leaf == NULL)
        *leaf = cert;
      else
        X509_free (cert);
    }
  BIO_free (bio);
  ERR_clear_error ();
  return ders;
}

static void
parse_bundle (SignetImageSignature *self,
              const char           *bundle)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *payload;

  self->has_tlog = TRUE;
  if (strlen (bundle) > SIGNET_COSIGN_PAYLOAD_MAX ||
      !json_parser_load_from_data (parser, bundle, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "Payload") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "Payload")))
    return;
  payload = json_object_get_object_member (json_node_get_object (root), "Payload");
  self->tlog_index = json_object_get_int_member_with_default (payload, "logIndex", -1);
  self->tlog_time = json_object_get_int_member_with_default (payload, "integratedTime", 0);
}

SignetImageSignature *
_signet_cosign_check_layer (const char *source,
                            const char *layer_digest,
                            const char *media_type,
                            GBytes     *payload,
                            GHashTable *annotations,
                            const char *image_digest,
                            GPtrArray  *trusted)
{
  g_autoptr(SignetImageSignature) self = _signet_image_signature_new (SIGNET_SIGNATURE_KIND_COSIGN,
                                                                      source, layer_digest);
  g_autoptr(SignetCosignPayload) parsed = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GError) error = NULL;
  const char *sig_b64 = annotations ? g_hash_table_lookup (annotations, SIGNET_COSIGN_ANNOTATION_SIG) : NULL;
  const char *cert_pem = annotations ? g_hash_table_lookup (annotations, SIGNET_COSIGN_ANNOTATION_CERT) : NULL;
  const char *chain_pem = annotations ? g_hash_table_lookup (annotations, SIGNET_COSIGN_ANNOTATION_CHAIN) : NULL;
  const char *bundle = annotations ? g_hash_table_lookup (annotations, SIGNET_COSIGN_ANNOTATION_BUNDLE) : NULL;
  X509 *leaf = NULL;
  guint i;

  self->key_origin = g_strdup (cert_pem ? "certificate" : "public-key");
  if (g_strcmp0 (media_type, SIGNET_COSIGN_SIMPLESIGNING_TYPE) != 0)
    {
      _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_MALFORMED,
                                          "The layer has media type “%s”, not a cosign "
                                          "simple-signing payload", media_type ? media_type : "(none)");
      return g_steal_pointer (&self);
    }
  if ((parsed = _signet_cosign_payload_parse (payload, &error)) == NULL)
    {
      _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_MALFORMED, "%s", error->message);
      return g_steal_pointer (&self);
    }
  self->signed_digest = g_strdup (parsed->manifest_digest);
  self->identity = g_strdup (parsed->docker_reference);
  self->creator = g_strdup (parsed->creator);
  self->signed_at = parsed->timestamp;
  if (bundle != NULL)
    parse_bundle (self, bundle);

  if (sig_b64 == NULL)
    {
      _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_MALFORMED,
                                          "The layer has no %s annotation",
                                          SIGNET_COSIGN_ANNOTATION_SIG);
      return g_steal_pointer (&self);
    }
  if ((sig = _signet_base64_decode_strict (sig_b64, &error)) == NULL || g_bytes_get_size (sig) == 0 ||
      g_bytes_get_size (sig) > 1024)
    {
      _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_MALFORMED,
                                          "The signature annotation is not a base64 signature");
      return g_steal_pointer (&self);
    }

  if (cert_pem != NULL)
    {
      g_autoptr(GPtrArray) ders = pem_certs (cert_pem, &leaf);

      if (chain_pem != NULL)
        {
          g_autoptr(GPtrArray) more = pem_certs (chain_pem, NULL);

          for (i = 0; i < more->len; i++)
            g_ptr_array_add (ders, g_bytes_ref (g_ptr_array_index (more, i)));
        }
      if (leaf == NULL || !_signet_signature_set_chain (self, ders, NULL))
        {
          X509_free (leaf);
          _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_MALFORMED,
                                              "The certificate annotation is not a PEM certificate");
          return g_steal_pointer (&self);
        }
      self->signer_identity = san_identity (leaf);
      self->oidc_issuer = fulcio_issuer (leaf);
    }

  /* A trusted key first: that is what makes a signature count. */
  for (i = 0; trusted != NULL && i < trusted->len; i++)
    {
      SignetCosignKeyEntry *key = g_ptr_array_index (trusted, i);

      if (key->pkey == NULL || !_signet_cosign_verify (key->pkey, payload, sig, NULL))
        continue;
      self->key_name = g_strdup (key->name);
      if (!g_str_equal (parsed->manifest_digest, image_digest))
        _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_INVALID,
                                            "Signed by trusted key “%s”, but for %s, not this image's %s",
                                            key->name, parsed->manifest_digest, image_digest);
      else
        _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_VERIFIED,
                                            "Verified with trusted key “%s”", key->name);
      X509_free (leaf);
      return g_steal_pointer (&self);
    }

  if (leaf != NULL)
    {
      EVP_PKEY *cert_key = X509_get0_pubkey (leaf);
      gboolean matches = cert_key != NULL && _signet_cosign_verify (cert_key, payload, sig, NULL);

      X509_free (leaf);
      if (!matches)
        _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_INVALID,
                                            "The signature does not match its own certificate");
      else if (!g_str_equal (parsed->manifest_digest, image_digest))
        _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_INVALID,
                                            "Keyless signature for %s, not this image's %s",
                                            parsed->manifest_digest, image_digest);
      else
        _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_KEYLESS,
                                            "Keyless signature by %s (issuer %s): not verified "
                                            "offline (needs the Fulcio root and Rekor)",
                                            self->signer_identity ? self->signer_identity : "an unknown identity",
                                            self->oidc_issuer ? self->oidc_issuer : "unknown");
      return g_steal_pointer (&self);
    }

  if (!g_str_equal (parsed->manifest_digest, image_digest))
    _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_INVALID,
                                        "Signed for %s, not this image's %s, by an untrusted key",
                                        parsed->manifest_digest, image_digest);
  else
    _signet_image_signature_set_status (self, SIGNET_SIGNATURE_STATUS_UNVERIFIED,
                                        "No trusted cosign key verifies this signature");
  return g_steal_pointer (&self);
}
