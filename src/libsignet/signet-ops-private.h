/* signet-ops-private.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-keystore-private.h"
#include "signet-ops.h"
#include "signet-secrets-private.h"
#include "signet-tuf-private.h"
#include "signet-repository.h"

G_BEGIN_DECLS

/* The chain used to unlock keys and choose passphrases for new ones (default: environment
 * and keyring, no prompt). It is used from a worker thread. */
void      _signet_ops_set_passphrase_chain        (SignetOps              *self,
                                                   SignetPassphraseChain  *chain);

/* A question before a change that loses something, answered later (the app's dialogs):
 * the prompt is called on the main context of the caller of the _async function while the
 * worker waits, and must call _signet_ops_confirm_request_reply() exactly once. Takes
 * precedence over signet_ops_set_confirm_func(). */
typedef struct _SignetOpsConfirmRequest SignetOpsConfirmRequest;
typedef void (*SignetOpsConfirmPromptFunc) (SignetOpsConfirmRequest *request,
                                            gpointer                 user_data);
void          _signet_ops_set_confirm_prompt             (SignetOps                  *self,
                                                          SignetOpsConfirmPromptFunc  func,
                                                          gpointer                    user_data,
                                                          GDestroyNotify              destroy);
const char   *_signet_ops_confirm_request_get_question   (SignetOpsConfirmRequest    *request);
/* The operation's cancellable (may be NULL). */
GCancellable *_signet_ops_confirm_request_get_cancellable (SignetOpsConfirmRequest   *request);
void          _signet_ops_confirm_request_reply          (SignetOpsConfirmRequest    *request,
                                                          gboolean                    confirmed);

/* Tests: called on the main thread just before the POST with the files about to be
 * published (role -> GBytes; may be changed) and the attempt number (0, then 1 after a
 * conflict). */
typedef void (*SignetOpsPublishHook) (SignetOps  *ops,
                                      GHashTable *files,
                                      guint       attempt,
                                      gpointer    user_data);
void      _signet_ops_set_publish_hook            (SignetOps              *self,
                                                   SignetOpsPublishHook    hook,
                                                   gpointer                user_data);

/* TRUE when a backup recorded as verified in _signet_backup_state_path() still exists,
 * passes its structural checks and holds key @key_id with the same bytes as the key file
 * now in @keystore. FALSE with an error saying why not. */
gboolean  _signet_ops_root_key_has_verified_backup (SignetKeystore        *keystore,
                                                    const char            *key_id,
                                                    GError               **error);

/* docker's signer name rule: ^[a-z0-9][a-z0-9_-]*$ and not "releases". */
gboolean  _signet_ops_signer_name_valid           (const char             *name,
                                                   GError               **error);

/* A public key from PEM text: PUBLIC KEY (ecdsa/rsa/ed25519) or CERTIFICATE (x509). */
SignetPublicKey *_signet_ops_public_key_from_pem  (const char             *pem,
                                                   gsize                   len,
                                                   GError               **error);

/* ---- Between the pipeline (signet-ops.c) and the changes (signet-ops-changes.c) ---- */

typedef enum
{
  SIGNET_OPS_INIT,
  SIGNET_OPS_SIGN,
  SIGNET_OPS_REVOKE,
  SIGNET_OPS_ADD_SIGNER,
  SIGNET_OPS_REMOVE_SIGNER,
  SIGNET_OPS_ADD_DELEGATION,
  SIGNET_OPS_REMOVE_DELEGATION,
  SIGNET_OPS_ROTATE,
  SIGNET_OPS_WITNESS,
} SignetOpsKind;

typedef struct
{
  char             *role;
  SignetPrivateKey *key;
  SignetPublicKey  *cert;     /* root keys: the certificate made for it */
  gboolean          stored;   /* written to the keystore by this operation */
} SignetOpsNewKey;

typedef struct
{
  SignetOps         *ops;
  SignetOpsKind      kind;
  char              *gun;
  gint64             now;
  /* arguments */
  GStrv              tags;
  GPtrArray         *references;     /* sign: SignetReference */
  GPtrArray         *manifests;      /* sign: SignetManifest, same order */
  char              *name;           /* revoke: tag; signer name; delegation role; rotate role */
  GPtrArray         *pubkeys;        /* SignetPublicKey */
  GStrv              key_ids;
  GStrv              paths;
  gboolean           all_paths;
  guint              threshold;
  gboolean           server_managed;
  gboolean           new_root_key;
  char              *root_key_id;
  GStrv              roles;          /* witness; sign: the chosen roles or NULL */
  /* kept across attempts */
  guint              attempt;
  SignetPublicKey   *server_snapshot_key;
  SignetPublicKey   *server_timestamp_key;
  const char        *fetching_key;
  GPtrArray         *new_keys;       /* SignetOpsNewKey */
  GHashTable        *unlocked;       /* canonical id -> SignetPrivateKey */
  GPtrArray         *messages;
  GError            *publish_error;
  /* per attempt */
  SignetRepository  *base;           /* NULL for a new repository */
  SignetTufRepo     *tuf;            /* base's */
  GHashTable        *draft;          /* role -> SignetTufMetadata (changed copies) */
  GPtrArray         *removed_roles;
  GHashTable        *files;          /* role -> GBytes to publish */
  GHashTable        *held;           /* canonical ids in the keystore */
  GPtrArray         *remove_after;   /* key ids to delete once published */
  GPtrArray         *pending_messages;
  gboolean           snapshot_local;
  gboolean           force_snapshot;
  /* the caller's: prompts and confirmations are answered there */
  GMainContext      *context;
  GCancellable      *cancellable;
  /* rotate: the new key as PEM text (-k), and --legacy N: the roots N.root.json of the
   * previous versions whose root keys sign the new root too (fetched per attempt) */
  char              *key_pem;
  guint              legacy;
  GPtrArray         *legacy_roots;   /* SignetTufMetadata */
  GPtrArray         *legacy_missing; /* char *: versions that could not be fetched */
  gint64             legacy_next;    /* next version to fetch */
} SignetOpsData;

gboolean           _signet_ops_validate     (SignetOpsData  *d,
                                             GError        **error);
/* In the worker thread: change the draft. */
gboolean           _signet_ops_apply        (SignetOpsData  *d,
                                             GError        **error);

void               _signet_ops_note         (SignetOpsData  *d,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (2, 3);
SignetTufMetadata *_signet_ops_current      (SignetOpsData  *d,
                                             const char     *role);
SignetTufMetadata *_signet_ops_mutable      (SignetOpsData  *d,
                                             const char     *role,
                                             GError        **error);
void               _signet_ops_remove_role  (SignetOpsData  *d,
                                             const char     *role);
SignetTufRole     *_signet_ops_role_entry   (SignetOpsData  *d,
                                             const char     *role,
                                             GHashTable    **keys);
gboolean           _signet_ops_holds        (SignetOpsData  *d,
                                             const char     *canonical_id);
GPtrArray         *_signet_ops_held_keys    (SignetOpsData  *d,
                                             const char     *role,
                                             gint64         *threshold);
gboolean           _signet_ops_can_sign     (SignetOpsData  *d,
                                             const char     *role);
gboolean           _signet_ops_confirm      (SignetOpsData  *d,
                                             const char     *question,
                                             GError        **error);
SignetPrivateKey  *_signet_ops_unlock       (SignetOpsData  *d,
                                             const char     *canonical_id,
                                             GError        **error);
SignetOpsNewKey   *_signet_ops_new_key      (SignetOpsData  *d,
                                             const char     *role,
                                             GError        **error);
SignetKeystore    *_signet_ops_get_keystore (SignetOpsData  *d);
/* The passphrase chain (lock held while it is used from the worker thread). */
SignetSecret      *_signet_ops_new_passphrase (SignetOpsData *d,
                                               const char    *key_id,
                                               const char    *role,
                                               GError       **error);

G_END_DECLS
