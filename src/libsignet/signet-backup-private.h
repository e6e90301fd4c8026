/* signet-backup-private.h: verified backups of the private keys (see BACKUP-FORMAT.md).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-keystore-private.h"
#include "signet-secrets-private.h"

G_BEGIN_DECLS

#define SIGNET_BACKUP_KIND_NOTARY "notary"
#define SIGNET_BACKUP_KIND_COSIGN "cosign"

typedef struct
{
  char     *path;      /* in the archive: "private/<id>.key" (or a legacy layout path), or
                        * "private/cosign/<name>.pem" for a cosign key */
  char     *kind;      /* SIGNET_BACKUP_KIND_NOTARY or SIGNET_BACKUP_KIND_COSIGN */
  char     *id;        /* notary keys: the canonical key ID; cosign keys: "cosign:<name>"
                        * (not in the manifest; as the keyring names its passphrase) */
  char     *name;      /* cosign keys: the key's name in the store; notary keys: NULL */
  char     *role;      /* notary keys; NULL for cosign keys */
  char     *gun;       /* or NULL */
  char     *sha256;    /* hex SHA-256 of the file */
  gsize     size;
  gboolean  encrypted;
} SignetBackupEntry;

typedef struct _SignetBackup SignetBackup;

/* Writes <to_dir>/signet-keys-<UTC timestamp>.tar (atomically, mode 0600), re-reads and
 * verifies it, records it in _signet_backup_state_path(), and, when @keep > 0, deletes
 * the oldest signet-keys-*.tar in @to_dir beyond @keep. Returns the archive path. */
char         *_signet_backup_create          (SignetKeystore         *keystore,
                                              const char             *to_dir,
                                              guint                   keep,
                                              GError                **error);
void          _signet_backup_create_async    (SignetKeystore         *keystore,
                                              const char             *to_dir,
                                              guint                   keep,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
char         *_signet_backup_create_finish   (GAsyncResult           *result,
                                              GError                **error);

/* Reads an archive and checks its structure: a manifest first, every listed file present
 * with its size and SHA-256, nothing else, safe paths only. */
SignetBackup *_signet_backup_read            (const char             *archive,
                                              GError                **error);
void          _signet_backup_free            (SignetBackup           *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetBackup, _signet_backup_free)
/* SignetBackupEntry elements */
GPtrArray    *_signet_backup_get_entries     (SignetBackup           *self);
const char   *_signet_backup_get_created     (SignetBackup           *self);

/* Proves every key decrypts. Notary keys: passphrases from @chain (environment, keyring,
 * prompt). Cosign keys: $COSIGN_PASSWORD (when the chain uses the environment), else the
 * keyring's "cosign:<name>" passphrase (when it uses the keyring); a cosign key with
 * neither is SIGNET_ERROR_BAD_PASSPHRASE saying so (the chain's prompt is for notary keys). */
gboolean      _signet_backup_verify_keys     (SignetBackup           *self,
                                              SignetPassphraseChain  *chain,
                                              GError                **error);
/* The same in a thread: @self must stay alive until the callback; the chain's prompt
 * runs on the context that set it (the app's main thread) while the thread waits for the
 * answer. @cancellable ends the verification between keys and while a prompt is open
 * (G_IO_ERROR_CANCELLED, or SIGNET_ERROR_CANCELLED from the chain); the prompt still gets
 * its cancellable to close itself and must still reply. */
void          _signet_backup_verify_keys_async  (SignetBackup          *self,
                                                 SignetPassphraseChain *chain,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean      _signet_backup_verify_keys_finish (GAsyncResult          *result,
                                                 GError               **error);
/* Restores the keys into @keystore (cosign keys into <trust_dir>/private/cosign/). A key
 * already there with the same bytes is left as it is; one there with different bytes is a
 * conflict (never overwritten). @restored and
 * @conflicts (may be NULL) get the paths. FALSE with SIGNET_ERROR_CONFLICT if any. */
gboolean      _signet_backup_restore         (SignetBackup           *self,
                                              SignetKeystore         *keystore,
                                              GPtrArray              *restored,
                                              GPtrArray              *conflicts,
                                              GError                **error);

void          _signet_backup_read_async      (const char             *archive,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
SignetBackup *_signet_backup_read_finish     (GAsyncResult           *result,
                                              GError                **error);
/* @self must stay alive until the callback. @restored and @conflicts as above. */
void          _signet_backup_restore_async   (SignetBackup           *self,
                                              SignetKeystore         *keystore,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
gboolean      _signet_backup_restore_finish  (GAsyncResult           *result,
                                              GPtrArray             **restored,
                                              GPtrArray             **conflicts,
                                              GError                **error);

/* $XDG_DATA_HOME/signet/backups.json */
char         *_signet_backup_state_path      (void);

G_END_DECLS
