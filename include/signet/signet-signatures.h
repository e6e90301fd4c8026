/* signet-signatures.h: cosign and Notation signatures beside Docker Content Trust —
 * discovery in the registry, verification, cosign signing and migration from DCT.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-reference.h"
#include "signet-remote.h"
#include "signet-repository.h"
#include "signet-secret.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

typedef enum
{
  SIGNET_SIGNATURE_KIND_COSIGN,
  SIGNET_SIGNATURE_KIND_NOTATION,
} SignetSignatureKind;

typedef enum
{
  SIGNET_SIGNATURE_STATUS_VERIFIED,    /* a trusted key verifies it, for this digest */
  SIGNET_SIGNATURE_STATUS_UNVERIFIED,  /* well-formed, but no trusted key verifies it */
  SIGNET_SIGNATURE_STATUS_KEYLESS,     /* certificate-based: identity shown, not verified offline */
  SIGNET_SIGNATURE_STATUS_INVALID,     /* a trusted key's signature is wrong, or another digest */
  SIGNET_SIGNATURE_STATUS_MALFORMED,   /* the artifact does not parse */
} SignetSignatureStatus;

/* Where a signature was found. */
#define SIGNET_SIGNATURE_SOURCE_TAG           "tag"            /* cosign sha256-<hex>.sig */
#define SIGNET_SIGNATURE_SOURCE_REFERRERS     "referrers"      /* GET /v2/<name>/referrers/<digest> */
#define SIGNET_SIGNATURE_SOURCE_REFERRERS_TAG "referrers-tag"  /* the sha256-<hex> fallback index */

#define SIGNET_TYPE_IMAGE_SIGNATURE (signet_image_signature_get_type ())

/**
 * SignetImageSignature:
 *
 * One cosign or Notation signature of an image digest, as found in the registry, with
 * what was checked. Immutable. Strings are NULL when the signature does not say.
 */
typedef struct _SignetImageSignature SignetImageSignature;

SIGNET_AVAILABLE_IN_ALL
GType                  signet_image_signature_get_type          (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetImageSignature  *signet_image_signature_ref               (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
void                   signet_image_signature_unref             (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
SignetSignatureKind    signet_image_signature_get_kind          (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
SignetSignatureStatus  signet_image_signature_get_status        (SignetImageSignature *self);
/* What was found, in plain words ("Verified with key “ci”", "Signed for another digest …"). */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_status_message (SignetImageSignature *self);
/* SIGNET_SIGNATURE_SOURCE_* */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_source        (SignetImageSignature *self);
/* The digest of the signature artifact's manifest, or of its layer. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_artifact_digest (SignetImageSignature *self);
/* The image digest the signature covers ("sha256:…"). */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_signed_digest (SignetImageSignature *self);
/* cosign: the payload's docker-reference. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_identity      (SignetImageSignature *self);
/* cosign: optional.creator; Notation: io.cncf.notary.signingAgent. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_creator       (SignetImageSignature *self);
/* cosign: optional.timestamp; Notation: the signing time. Unix seconds, 0 if unknown. */
SIGNET_AVAILABLE_IN_ALL
gint64                 signet_image_signature_get_signed_at     (SignetImageSignature *self);
/* Notation: io.cncf.notary.expiry, 0 if none. */
SIGNET_AVAILABLE_IN_ALL
gint64                 signet_image_signature_get_expires       (SignetImageSignature *self);
/* "public-key" (cosign with a key), "certificate" (cosign keyless), "x509" (Notation). */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_key_origin    (SignetImageSignature *self);
/* The name of the trusted key that verified it. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_key_name      (SignetImageSignature *self);
/* Keyless: the certificate's identity (e-mail or URI SAN) and OIDC issuer. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_signer_identity (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_oidc_issuer   (SignetImageSignature *self);
/* A transparency-log bundle is attached; its log index (-1 if none) and integrated time. */
SIGNET_AVAILABLE_IN_ALL
gboolean               signet_image_signature_has_tlog_entry    (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
gint64                 signet_image_signature_get_tlog_index    (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
gint64                 signet_image_signature_get_tlog_time     (SignetImageSignature *self);
/* Notation: "jws" or "cose"; the signature algorithm; signing scheme (notary.x509…). */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_envelope      (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_algorithm     (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
const char            *signet_image_signature_get_signing_scheme (SignetImageSignature *self);
/* The certificate chain, leaf first: subjects (RFC 2253) and SHA-256 thumbprints (hex). */
SIGNET_AVAILABLE_IN_ALL
const char * const    *signet_image_signature_get_cert_subjects (SignetImageSignature *self);
SIGNET_AVAILABLE_IN_ALL
const char * const    *signet_image_signature_get_cert_thumbprints (SignetImageSignature *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetImageSignature, signet_image_signature_unref)

#define SIGNET_TYPE_SIGNATURE_REPORT (signet_signature_report_get_type ())

/**
 * SignetSignatureReport:
 *
 * Every cosign and Notation signature found for one image digest. Immutable.
 */
typedef struct _SignetSignatureReport SignetSignatureReport;

SIGNET_AVAILABLE_IN_ALL
GType                  signet_signature_report_get_type         (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetSignatureReport *signet_signature_report_ref              (SignetSignatureReport *self);
SIGNET_AVAILABLE_IN_ALL
void                   signet_signature_report_unref            (SignetSignatureReport *self);
/* The image digest the registry gave for the reference. */
SIGNET_AVAILABLE_IN_ALL
const char            *signet_signature_report_get_digest       (SignetSignatureReport *self);
/* SignetImageSignature*, cosign first, in discovery order. */
SIGNET_AVAILABLE_IN_ALL
GPtrArray             *signet_signature_report_get_signatures   (SignetSignatureReport *self);
/* Plain-words notes (e.g. "The registry has no referrers API; used the tag fallback"). */
SIGNET_AVAILABLE_IN_ALL
const char * const    *signet_signature_report_get_notes        (SignetSignatureReport *self);
/* The first cosign signature verified by a trusted key for this digest, or NULL. */
SIGNET_AVAILABLE_IN_ALL
SignetImageSignature  *signet_signature_report_get_verified_cosign (SignetSignatureReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetSignatureReport, signet_signature_report_unref)

/* Finds the cosign signatures (tag sha256-<hex>.sig and referrers) and Notation signatures
 * (referrers, with the referrers tag schema when the API is absent) of @reference's digest
 * (resolved from its tag), parses them with size caps, and verifies cosign signatures with
 * the public keys trusted in @trust_dir (NULL: the default trust dir). */
SIGNET_AVAILABLE_IN_ALL
void                   signet_signatures_discover_async         (SignetRemote          *remote,
                                                                 SignetReference       *reference,
                                                                 const char            *trust_dir,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
SIGNET_AVAILABLE_IN_ALL
SignetSignatureReport *signet_signatures_discover_finish        (GAsyncResult          *result,
                                                                 GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- cosign keys (Signet-managed, in the trust dir; see signet-cosign-private.h) ---- */

/* Generates cosign key @name (ECDSA P-256, cosign's encrypted format, in a worker thread);
 * its public key is trusted at once. */
SIGNET_AVAILABLE_IN_ALL
void                   signet_cosign_generate_key_async         (const char            *trust_dir,
                                                                 const char            *name,
                                                                 SignetSecret          *passphrase,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
SIGNET_AVAILABLE_IN_ALL
gboolean               signet_cosign_generate_key_finish        (GAsyncResult          *result,
                                                                 GError               **error);
/* Trusts a "PUBLIC KEY" PEM under @name, for verifying cosign signatures. */
SIGNET_AVAILABLE_IN_ALL
gboolean               signet_cosign_trust_key                  (const char            *trust_dir,
                                                                 const char            *name,
                                                                 const char            *pem,
                                                                 gsize                  len,
                                                                 GError               **error);
/* Names of the trusted public keys (@with_private FALSE) or of the private keys. */
SIGNET_AVAILABLE_IN_ALL
GStrv                  signet_cosign_list_keys                  (const char            *trust_dir,
                                                                 gboolean               with_private) G_GNUC_WARN_UNUSED_RESULT;
/* The public key PEM of @name. */
SIGNET_AVAILABLE_IN_ALL
char                  *signet_cosign_get_public_key             (const char            *trust_dir,
                                                                 const char            *name,
                                                                 GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* Signs @reference (IMAGE:TAG) with private key @name in the cosign format that skopeo
 * reads (simple-signing payload, tag sha256-<hex>.sig, appended to existing signatures).
 * With @expected_digest, refuses (SIGNET_ERROR_HASH_MISMATCH) when the registry's digest
 * for the tag differs. Returns the digest signed. */
SIGNET_AVAILABLE_IN_ALL
void                   signet_cosign_sign_async                 (SignetRemote          *remote,
                                                                 SignetReference       *reference,
                                                                 const char            *trust_dir,
                                                                 const char            *key_name,
                                                                 SignetSecret          *passphrase,
                                                                 const char            *expected_digest,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
SIGNET_AVAILABLE_IN_ALL
char                  *signet_cosign_sign_finish                (GAsyncResult          *result,
                                                                 GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
