/* signet-signatures-private.h: building SignetImageSignature and reports; parsers of
 * signature artifacts (cosign layers, Notation envelopes).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-cosign-private.h"
#include "signet-signatures.h"

G_BEGIN_DECLS

#define SIGNET_NOTATION_ARTIFACT_TYPE "application/vnd.cncf.notary.signature"
#define SIGNET_NOTATION_MEDIA_JWS     "application/jose+json"
#define SIGNET_NOTATION_MEDIA_COSE    "application/cose"
#define SIGNET_NOTATION_ENVELOPE_MAX  (512 * 1024)
#define SIGNET_SIGNATURES_MAX         64     /* per image and source */

struct _SignetImageSignature
{
  gatomicrefcount        ref_count;
  SignetSignatureKind    kind;
  SignetSignatureStatus  status;
  char                  *status_message;
  char                  *source;
  char                  *artifact_digest;
  char                  *signed_digest;
  char                  *identity;
  char                  *creator;
  gint64                 signed_at;
  gint64                 expires;
  char                  *key_origin;
  char                  *key_name;
  char                  *signer_identity;
  char                  *oidc_issuer;
  gboolean               has_tlog;
  gint64                 tlog_index;
  gint64                 tlog_time;
  char                  *envelope;
  char                  *algorithm;
  char                  *signing_scheme;
  GStrv                  cert_subjects;
  GStrv                  cert_thumbprints;
};

SignetImageSignature  *_signet_image_signature_new   (SignetSignatureKind  kind,
                                                      const char          *source,
                                                      const char          *artifact_digest);
void                   _signet_image_signature_set_status (SignetImageSignature *self,
                                                           SignetSignatureStatus status,
                                                           const char          *format,
                                                           ...) G_GNUC_PRINTF (3, 4);

SignetSignatureReport *_signet_signature_report_new  (const char          *digest,
                                                      GPtrArray           *signatures,
                                                      GStrv                notes);

/* Parses and checks one cosign simple-signing layer: @payload (the blob), @annotations
 * (string -> string), against @image_digest with the trusted keys (SignetCosignKeyEntry*
 * from _signet_cosign_store_list; may be NULL). Always returns a signature; problems are
 * its status. */
SignetImageSignature  *_signet_cosign_check_layer    (const char          *source,
                                                      const char          *layer_digest,
                                                      const char          *media_type,
                                                      GBytes              *payload,
                                                      GHashTable          *annotations,
                                                      const char          *image_digest,
                                                      GPtrArray           *trusted);

/* Parses a Notation signature envelope (@media_type JWS or COSE) of @image_digest. Fills
 * algorithm, signing scheme/time, expiry, certificate chain, signing agent and the target
 * digest; the signature is not verified (status UNVERIFIED, or INVALID when it names
 * another digest). SIGNET_ERROR_MALFORMED when the envelope does not parse. */
SignetImageSignature  *_signet_notation_parse        (const char          *source,
                                                      const char          *artifact_digest,
                                                      const char          *media_type,
                                                      GBytes              *envelope,
                                                      const char          *image_digest,
                                                      GError             **error);

/* Fills subjects and thumbprints from DER certificates (GBytes*); FALSE if one does not
 * parse. */
gboolean               _signet_signature_set_chain   (SignetImageSignature *self,
                                                      GPtrArray           *ders,
                                                      GError             **error);

G_END_DECLS
