/* signet-crypto-private.h: public keys, key IDs, signature verification, root certificates.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONTRACT (owned by the crypto module; OpenSSL EVP is used only in signet-crypto*.c and
 * signet-keystore*.c). Facts: notary-v1.md §3 and §4.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef struct _SignetPublicKey SignetPublicKey;

/* A TUF public key, as in root.json "keys" or a delegation's "keys".
 * keytype: "ecdsa", "rsa", "ed25519", "ecdsa-x509", "rsa-x509". */
SignetPublicKey *_signet_public_key_new           (const char       *keytype,
                                                   const char       *public_b64,
                                                   GError          **error);
/* From the KEY JSON object {"keytype":…,"keyval":{"private":null,"public":…}}. */
SignetPublicKey *_signet_public_key_new_from_json (JsonNode         *node,
                                                   GError          **error);
/* A plain key (keytype ecdsa/rsa/ed25519) for @pkey; takes a reference on @pkey. */
SignetPublicKey *_signet_public_key_new_from_evp  (EVP_PKEY         *pkey,
                                                   GError          **error);
/* An x509 key (ecdsa-x509/rsa-x509) for the PEM certificate chain @pem (leaf first). */
SignetPublicKey *_signet_public_key_new_from_cert_pem (const char   *pem,
                                                       gsize         len,
                                                       GError      **error);
SignetPublicKey *_signet_public_key_ref           (SignetPublicKey  *self);
void             _signet_public_key_unref         (SignetPublicKey  *self);

const char      *_signet_public_key_get_keytype   (SignetPublicKey  *self);
const char      *_signet_public_key_get_public_b64 (SignetPublicKey *self);
/* TUF key ID: hex SHA-256 of the canonical KEY JSON. */
const char      *_signet_public_key_get_id        (SignetPublicKey  *self);
/* For x509 types the ID of the certificate's bare key (names the private key file);
 * for the others the same as the TUF ID. */
const char      *_signet_public_key_get_canonical_id (SignetPublicKey *self);
EVP_PKEY        *_signet_public_key_get_evp       (SignetPublicKey  *self);
/* For x509 types the leaf certificate, else NULL. */
X509            *_signet_public_key_get_cert      (SignetPublicKey  *self);
/* Certificate validity in Unix seconds; FALSE for non-x509 keys. */
gboolean         _signet_public_key_get_cert_validity (SignetPublicKey *self,
                                                       gint64         *not_before,
                                                       gint64         *not_after);
/* The KEY JSON node (keyval.private null). */
JsonNode        *_signet_public_key_to_json       (SignetPublicKey  *self);

/* Verifies @sig over @msg with @method (lower-case). ecdsa: raw r||s of exactly twice
 * the field size over SHA-256(msg); rsapss: PSS/SHA-256/MGF1-SHA-256/salt 32;
 * eddsa: Ed25519 over msg; also rsapkcs1v15 and "pycrypto-pkcs#1 pss".  A method that
 * does not fit the key type fails. SIGNET_ERROR_BAD_SIGNATURE when it does not verify. */
gboolean         _signet_public_key_verify        (SignetPublicKey  *self,
                                                   const char       *method,
                                                   const guint8     *msg,
                                                   gsize             msg_len,
                                                   const guint8     *sig,
                                                   gsize             sig_len,
                                                   GError          **error);

/* The checks notary makes on a root certificate (trustpinning/certs.go): x509 key type,
 * CN equals @gun (or "prefix*" matching), one non-CA leaf first, no SHA-1, RSA >= 2048,
 * valid at @now (NotBefore may be up to 1 day ahead). SIGNET_ERROR_BAD_CERTIFICATE or
 * SIGNET_ERROR_EXPIRED with a message that says which. */
gboolean         _signet_public_key_check_root_cert (SignetPublicKey *self,
                                                     const char      *gun,
                                                     gint64           now,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetPublicKey, _signet_public_key_unref)

/* Hex SHA-256 of @data. */
char            *_signet_sha256_hex               (const guint8     *data,
                                                   gsize             len);

/* Added by the crypto module. */

/* The TUF key ID of {"keytype":@keytype,"keyval":{"private":null,"public":@public_b64}},
 * without parsing the key (so unknown key types can be matched against their IDs). */
char            *_signet_key_id_compute           (const char       *keytype,
                                                   const char       *public_b64);
/* Strict standard base64 with padding (no whitespace, no stray characters, zero padding
 * bits), as notary writes keys and signatures. SIGNET_ERROR_MALFORMED otherwise. */
GBytes          *_signet_base64_decode_strict     (const char       *b64,
                                                   GError          **error);

G_END_DECLS
