/* signet-cosign-private.h: cosign (sigstore) key files, simple-signing payloads and
 * signatures over them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts (containers/image v5.23 signature/sigstore, signature/internal/sigstore_payload.go;
 * go-tuf encrypted/encrypted.go):
 * - private key file: PEM "ENCRYPTED COSIGN PRIVATE KEY" (newer tools also write
 *   "ENCRYPTED SIGSTORE PRIVATE KEY") around the JSON
 *   {"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":B64},
 *    "cipher":{"name":"nacl/secretbox","nonce":B64},"ciphertext":B64}
 *   (32-byte salt, 24-byte nonce, scrypt output 32 bytes = the secretbox key), the
 *   plaintext being the PKCS#8 DER private key. skopeo 1.9 accepts only N=32768, r=8, p=1.
 * - public key file: PEM "PUBLIC KEY" (SubjectPublicKeyInfo).
 * - signature: base64 of ECDSA (ASN.1 DER) / RSA PKCS#1 v1.5 over SHA-256 of the payload,
 *   or Ed25519 over the payload.
 * - payload: {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 *   "type":"cosign container image signature"},"optional":{…}} with optional "creator" and
 *   integer "timestamp" (cosign writes "optional": null).
 */

#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "signet-secret.h"

G_BEGIN_DECLS

#define SIGNET_COSIGN_PEM_TYPE           "ENCRYPTED COSIGN PRIVATE KEY"
#define SIGNET_SIGSTORE_PEM_TYPE         "ENCRYPTED SIGSTORE PRIVATE KEY"
#define SIGNET_COSIGN_SIGNATURE_TYPE     "cosign container image signature"
#define SIGNET_COSIGN_SIMPLESIGNING_TYPE "application/vnd.dev.cosign.simplesigning.v1+json"
#define SIGNET_COSIGN_ANNOTATION_SIG     "dev.cosignproject.cosign/signature"
#define SIGNET_COSIGN_ANNOTATION_CERT    "dev.sigstore.cosign/certificate"
#define SIGNET_COSIGN_ANNOTATION_CHAIN   "dev.sigstore.cosign/chain"
#define SIGNET_COSIGN_ANNOTATION_BUNDLE  "dev.sigstore.cosign/bundle"
#define SIGNET_COSIGN_ARTIFACT_TYPE      "application/vnd.dev.cosign.artifact.sig.v1+json"
#define SIGNET_COSIGN_KEY_FILE_MAX       (64 * 1024)
#define SIGNET_COSIGN_PAYLOAD_MAX        (64 * 1024)

/* ---- private key files ---- */

/* A new ECDSA P-256 key. */
EVP_PKEY   *_signet_cosign_key_generate      (GError        **error);
/* The encrypted PEM text (SIGNET_COSIGN_PEM_TYPE) of @pkey under @passphrase. Runs scrypt:
 * call it in a worker thread. */
char       *_signet_cosign_key_encrypt       (EVP_PKEY       *pkey,
                                              SignetSecret   *passphrase,
                                              GError        **error);
/* Decrypts a cosign/sigstore private key PEM. SIGNET_ERROR_BAD_PASSPHRASE when the
 * passphrase does not open it, SIGNET_ERROR_MALFORMED (naming @where) otherwise. */
EVP_PKEY   *_signet_cosign_key_decrypt       (const char     *pem,
                                              gsize           len,
                                              SignetSecret   *passphrase,
                                              const char     *where,
                                              GError        **error);
/* "-----BEGIN PUBLIC KEY-----" PEM of @pkey's public half. */
char       *_signet_cosign_public_pem        (EVP_PKEY       *pkey,
                                              GError        **error);
/* Reads a "PUBLIC KEY" PEM (EC, RSA or Ed25519). */
EVP_PKEY   *_signet_cosign_public_from_pem   (const char     *pem,
                                              gsize           len,
                                              const char     *where,
                                              GError        **error);
/* "sha256:<hex>" of the DER SubjectPublicKeyInfo, to name a key in messages. */
char       *_signet_cosign_key_fingerprint   (EVP_PKEY       *pkey);

/* ---- signatures over payloads ---- */

GBytes     *_signet_cosign_sign              (EVP_PKEY       *pkey,
                                              GBytes         *payload,
                                              GError        **error);
/* SIGNET_ERROR_BAD_SIGNATURE when @sig does not verify. */
gboolean    _signet_cosign_verify            (EVP_PKEY       *pkey,
                                              GBytes         *payload,
                                              GBytes         *sig,
                                              GError        **error);

/* ---- simple-signing payloads ---- */

typedef struct
{
  char     *docker_reference;
  char     *manifest_digest;
  char     *creator;        /* or NULL */
  gint64    timestamp;      /* 0 when absent */
  gboolean  has_timestamp;
} SignetCosignPayload;

void        _signet_cosign_payload_free      (SignetCosignPayload *payload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCosignPayload, _signet_cosign_payload_free)

/* Strict parse, as containers/image does (exact fields in "critical", the type string,
 * a "sha256:<64 hex>" digest, integer timestamp). SIGNET_ERROR_MALFORMED otherwise. */
SignetCosignPayload *_signet_cosign_payload_parse (GBytes        *payload,
                                                   GError       **error);
/* The payload bytes for @reference (a full docker reference with tag) and @digest. */
GBytes     *_signet_cosign_payload_build     (const char     *docker_reference,
                                              const char     *digest,
                                              const char     *creator,
                                              gint64          timestamp);

/* ---- Signet's cosign key store ----
 * Private keys: <trust_dir>/private/cosign/<name>.pem (mode 0600; the notary and docker
 * tools look only at *.key files, so they ignore these). Public keys that verify
 * signatures, the user's own included: <trust_dir>/cosign/<name>.pub. Names: [A-Za-z0-9_.-],
 * 1..64 characters, not starting with '.'. */
gboolean    _signet_cosign_name_valid        (const char     *name,
                                              GError        **error);
char       *_signet_cosign_private_path      (const char     *trust_dir,
                                              const char     *name);
char       *_signet_cosign_public_path       (const char     *trust_dir,
                                              const char     *name);
/* The keyring item's key_id for @name's passphrase. */
char       *_signet_cosign_keyring_id        (const char     *name);

/* A new key @name: writes the private key (encrypted with @passphrase, never overwriting:
 * SIGNET_ERROR_EXISTS) and its public key (trusted from then on). Runs scrypt. */
gboolean    _signet_cosign_store_generate    (const char     *trust_dir,
                                              const char     *name,
                                              SignetSecret   *passphrase,
                                              GError        **error);
/* Adds an existing encrypted cosign private key (checked with @passphrase), and its public
 * key to the trusted ones. */
gboolean    _signet_cosign_store_import      (const char     *trust_dir,
                                              const char     *name,
                                              const char     *pem,
                                              gsize           len,
                                              SignetSecret   *passphrase,
                                              GError        **error);
/* The private key @name, decrypted. */
EVP_PKEY   *_signet_cosign_store_load        (const char     *trust_dir,
                                              const char     *name,
                                              SignetSecret   *passphrase,
                                              GError        **error);
/* Trusts the "PUBLIC KEY" PEM @pem under @name (never overwriting a different key). */
gboolean    _signet_cosign_store_trust       (const char     *trust_dir,
                                              const char     *name,
                                              const char     *pem,
                                              gsize           len,
                                              GError        **error);
gboolean    _signet_cosign_store_untrust     (const char     *trust_dir,
                                              const char     *name,
                                              GError        **error);

typedef struct
{
  char     *name;
  EVP_PKEY *pkey;          /* public key; NULL for a private key that has no .pub */
  char     *fingerprint;   /* "sha256:…" of the SPKI */
  gboolean  has_private;
} SignetCosignKeyEntry;

void        _signet_cosign_key_entry_free    (SignetCosignKeyEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCosignKeyEntry, _signet_cosign_key_entry_free)
/* Every trusted public key and every private key, sorted by name (SignetCosignKeyEntry*).
 * Unreadable files are reported in @warnings (may be NULL) and skipped. */
GPtrArray  *_signet_cosign_store_list        (const char     *trust_dir,
                                              GPtrArray      *warnings);

G_END_DECLS
