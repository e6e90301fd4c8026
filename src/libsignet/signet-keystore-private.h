/* signet-keystore-private.h: private keys and the trust directory's private/ store.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: notary-v1.md §3, §4, §6, §8. Keys are stored exactly as notary 0.7 and docker
 * write them: private/<canonical key id>.key, PEM "ENCRYPTED PRIVATE KEY" (PBES2,
 * PBKDF2-HMAC-SHA1, 2048 iterations, AES-256-CBC) around notary's PKCS#8 forms, with
 * sorted "gun"/"role" headers. The keystore never prompts: callers pass passphrases
 * (see signet-secrets-private.h for the lookup chain).
 */

#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "signet-crypto-private.h"
#include "signet-secret.h"

G_BEGIN_DECLS

/* ---- SignetPrivateKey: an unlocked private key (ecdsa, rsa or ed25519) ---- */

typedef struct _SignetPrivateKey SignetPrivateKey;

/* A new ECDSA P-256 key, as notary and docker generate them. */
SignetPrivateKey *_signet_private_key_generate        (GError          **error);
/* Takes a reference on @pkey (EC P-256/P-384/P-521, RSA or Ed25519). */
SignetPrivateKey *_signet_private_key_new_from_evp    (EVP_PKEY         *pkey,
                                                       GError          **error);
SignetPrivateKey *_signet_private_key_ref             (SignetPrivateKey *self);
void              _signet_private_key_unref           (SignetPrivateKey *self);
EVP_PKEY         *_signet_private_key_get_evp         (SignetPrivateKey *self);
/* "ecdsa", "rsa" or "ed25519" */
const char       *_signet_private_key_get_keytype     (SignetPrivateKey *self);
/* The signature method written for this key: "ecdsa", "rsapss" or "eddsa". */
const char       *_signet_private_key_get_method      (SignetPrivateKey *self);
/* The bare public key (keytype ecdsa/rsa/ed25519). */
SignetPublicKey  *_signet_private_key_get_public      (SignetPrivateKey *self);
/* The canonical key ID (the TUF ID of the bare public key); names the key file. */
const char       *_signet_private_key_get_id          (SignetPrivateKey *self);
/* Signs @msg: ecdsa raw r||s over SHA-256, rsapss (SHA-256, MGF1-SHA-256, salt 32),
 * eddsa over @msg itself. */
GBytes           *_signet_private_key_sign            (SignetPrivateKey *self,
                                                       const guint8     *msg,
                                                       gsize             msg_len,
                                                       GError          **error);
/* A self-signed root certificate as notary makes it (CN=@gun, 10 years from @now,
 * random serial < 2^128, KU digitalSignature+keyEncipherment, EKU codeSigning,
 * CA:FALSE, no SKI/AKI), as an ecdsa-x509 (or rsa-x509) public key. */
SignetPublicKey  *_signet_private_key_new_root_cert   (SignetPrivateKey *self,
                                                       const char       *gun,
                                                       gint64            now,
                                                       GError          **error);
/* "-----BEGIN PUBLIC KEY-----" with header "role: @role" around the DER SPKI
 * (docker trust key generate's NAME.pub). @role may be NULL. */
char             *_signet_private_key_public_pem      (SignetPrivateKey *self,
                                                       const char       *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetPrivateKey, _signet_private_key_unref)

/* ---- PEM encoding ---- */

/* The role/gun rule of notary's keystore: gun is kept only for targets, snapshot and
 * timestamp keys. Returns @gun or NULL. */
const char       *_signet_key_gun_for_role            (const char       *role,
                                                       const char       *gun);
/* Encodes @key as notary writes it: "ENCRYPTED PRIVATE KEY" with @passphrase, or
 * "PRIVATE KEY" when @passphrase is NULL or empty. Headers gun (see above), role. */
char             *_signet_private_key_to_pem          (SignetPrivateKey *self,
                                                       const char       *role,
                                                       const char       *gun,
                                                       SignetSecret     *passphrase,
                                                       GError          **error);
/* Decodes the first private key PEM block of @data: PKCS#8 (encrypted PBES2 or plain,
 * notary's or OpenSSL's forms) or legacy EC/RSA/ED25519 PRIVATE KEY (DEK-Info).
 * SIGNET_ERROR_BAD_PASSPHRASE when @passphrase does not decrypt it (or is missing);
 * SIGNET_ERROR_MALFORMED for anything that does not parse. @where names the source in
 * messages (a path), may be NULL. */
SignetPrivateKey *_signet_private_key_from_pem        (const char       *data,
                                                       gsize             len,
                                                       SignetSecret     *passphrase,
                                                       const char       *where,
                                                       GError          **error);

typedef struct
{
  char     *type;       /* "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", … */
  char     *role;       /* "role" header or NULL */
  char     *gun;        /* "gun" header or NULL */
  char     *path;       /* "path" header (notary key export) or NULL */
  gboolean  encrypted;
} SignetPemInfo;

void              _signet_pem_info_free               (SignetPemInfo    *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetPemInfo, _signet_pem_info_free)
/* Reads the headers of the first PEM block of @data without decrypting. */
SignetPemInfo    *_signet_pem_info_parse              (const char       *data,
                                                       gsize             len,
                                                       const char       *where,
                                                       GError          **error);
/* Splits @data into its PEM blocks (each a complete text block, NUL-terminated). */
GPtrArray        *_signet_pem_split                   (const char       *data,
                                                       gsize             len);
/* Sets (or with @value NULL removes) header @name in the PEM block @pem; headers are
 * rewritten sorted, Proc-Type first, as Go's encoding/pem does. */
char             *_signet_pem_set_header              (const char       *pem,
                                                       const char       *name,
                                                       const char       *value,
                                                       GError          **error);

/* ---- New passphrases ---- */

/* The shortest passphrase a new key (or a key's new passphrase) may have, in bytes: the rule
 * of the terminal prompt and the app's dialog, as notary's own prompt asks. Existing keys
 * are never held to it: notary and docker keys may have shorter ones. */
#define SIGNET_PASSPHRASE_MIN_LENGTH 8

/* SIGNET_ERROR_INVALID_ARGUMENT when @passphrase (a new one) is shorter than
 * SIGNET_PASSPHRASE_MIN_LENGTH; @what names the key in the message ("the targets key
 * 1a2b3c4"). NULL @passphrase (an unencrypted key, chosen by the program) passes. */
gboolean          _signet_passphrase_check_new        (SignetSecret     *passphrase,
                                                       const char       *what,
                                                       GError          **error);

/* ---- Files ---- */

/* Writes @data to @path atomically: a temporary file in the same directory (mode
 * @mode), fsync, then link (if !@overwrite: SIGNET_ERROR_EXISTS when @path exists) or
 * rename, then fsync of the directory. */
gboolean          _signet_file_write_atomic           (const char       *path,
                                                       const void       *data,
                                                       gsize             len,
                                                       int               mode,
                                                       gboolean          overwrite,
                                                       GError          **error);
/* mkdir -p with mode 0700 for each created directory. */
gboolean          _signet_mkdir_private               (const char       *path,
                                                       GError          **error);

/* ---- SignetKeystore: <trust_dir>/private ---- */

#define SIGNET_TYPE_KEYSTORE (_signet_keystore_get_type ())
G_DECLARE_FINAL_TYPE (SignetKeystore, _signet_keystore, SIGNET, KEYSTORE, GObject)

typedef struct
{
  char     *id;        /* canonical key ID (from the file name) */
  char     *role;      /* "root", "targets", "targets/x", a signer name, … */
  char     *gun;       /* or NULL */
  char     *path;      /* absolute path of the file */
  gboolean  legacy;    /* in private/root_keys or private/tuf_keys */
  gboolean  encrypted;
} SignetKeyInfo;

void              _signet_key_info_free               (SignetKeyInfo    *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetKeyInfo, _signet_key_info_free)

/* ${DOCKER_CONFIG:-~/.docker}/trust */
char             *_signet_default_trust_dir           (void);
SignetKeystore   *_signet_keystore_new                (const char       *trust_dir);
const char       *_signet_keystore_get_trust_dir      (SignetKeystore   *self);
/* <trust_dir>/private */
const char       *_signet_keystore_get_private_dir    (SignetKeystore   *self);

/* All keys, sorted by ID: SignetKeyInfo elements. Unreadable files are skipped with a
 * warning in @warnings (may be NULL). */
GPtrArray        *_signet_keystore_list               (SignetKeystore   *self,
                                                       GPtrArray        *warnings,
                                                       GError          **error);
/* Finds key @id (full ID, or a unique prefix of at least 7 characters). */
SignetKeyInfo    *_signet_keystore_find               (SignetKeystore   *self,
                                                       const char       *id,
                                                       GError          **error);
/* The key with @id, decrypted with @passphrase. */
SignetPrivateKey *_signet_keystore_load               (SignetKeystore   *self,
                                                       const char       *id,
                                                       SignetSecret     *passphrase,
                                                       GError          **error);
void              _signet_keystore_load_async         (SignetKeystore   *self,
                                                       const char       *id,
                                                       SignetSecret     *passphrase,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
SignetPrivateKey *_signet_keystore_load_finish        (SignetKeystore   *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);
/* Writes private/<id>.key; never overwrites (SIGNET_ERROR_EXISTS). A new key: @passphrase
 * must pass _signet_passphrase_check_new(). */
gboolean          _signet_keystore_add                (SignetKeystore   *self,
                                                       SignetPrivateKey *key,
                                                       const char       *role,
                                                       const char       *gun,
                                                       SignetSecret     *passphrase,
                                                       GError          **error);
void              _signet_keystore_add_async          (SignetKeystore   *self,
                                                       SignetPrivateKey *key,
                                                       const char       *role,
                                                       const char       *gun,
                                                       SignetSecret     *passphrase,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
gboolean          _signet_keystore_add_finish         (SignetKeystore   *self,
                                                       GAsyncResult     *result,
                                                       GError          **error);
/* Writes the PEM text @pem as private/<id>.key as it is (after checking that it parses
 * as a private key PEM); never overwrites a different key. If the same bytes are
 * already there, succeeds. */
gboolean          _signet_keystore_add_pem            (SignetKeystore   *self,
                                                       const char       *id,
                                                       const char       *pem,
                                                       gsize             len,
                                                       GError          **error);
/* Re-encrypts key @id with @new_passphrase (atomically replacing the file). @new_passphrase
 * must pass _signet_passphrase_check_new(); @old_passphrase may be any length. */
gboolean          _signet_keystore_change_passphrase  (SignetKeystore   *self,
                                                       const char       *id,
                                                       SignetSecret     *old_passphrase,
                                                       SignetSecret     *new_passphrase,
                                                       GError          **error);
gboolean          _signet_keystore_remove             (SignetKeystore   *self,
                                                       const char       *id,
                                                       GError          **error);
/* Moves keys from the legacy layouts (private/root_keys, private/tuf_keys) to
 * private/<id>.key, with "gun" from the path and "role" from the "_<role>" name suffix,
 * as notary 0.4+ does when it opens a trust dir; but each new file is written durably
 * before the old one goes, different existing files are never overwritten (the legacy
 * file stays and the error says so), and only emptied directories are removed.
 * Returns the number of keys moved, or -1 with @error. */
gint              _signet_keystore_migrate_legacy     (SignetKeystore   *self,
                                                       GError          **error);
/* notary key export: the PEM blocks of @ids (NULL: all) with a "path: <id>" header. */
char             *_signet_keystore_export             (SignetKeystore   *self,
                                                       const char * const *ids,
                                                       GError          **error);
/* notary key import: each PEM block of @data; "path" header names the ID, else the
 * key's own ID (unencrypted keys only; they are encrypted with @passphrase, which must then
 * pass _signet_passphrase_check_new()). Role from
 * the header, else @fallback_role; gun rule as notary. Returns the imported IDs. */
GStrv             _signet_keystore_import             (SignetKeystore   *self,
                                                       const char       *data,
                                                       gsize             len,
                                                       const char       *fallback_role,
                                                       const char       *fallback_gun,
                                                       SignetSecret     *passphrase,
                                                       GError          **error);

G_END_DECLS
