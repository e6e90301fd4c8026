/* signet-ops.h: signing operations (init, sign, revoke, signers, delegations, rotation,
 * witness) published to the notary server.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation fetches and verifies the current trust data, changes a copy of it, signs
 * what changed with the keys in the trust directory, publishes it (one multipart POST) and
 * fetches and verifies the result. Nothing is left behind on failure: no changelist, no key
 * made by the failed operation (unless the server may have accepted it), the trust cache as
 * it was. A concurrent change on the server is re-fetched and the change re-applied once.
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-reference.h"
#include "signet-remote.h"
#include "signet-repository.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_OPS (signet_ops_get_type ())

SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetOps, signet_ops, SIGNET, OPS, GObject)

/* Asked before a change that loses something (a warning in @question). Return TRUE to go
 * on. Called on the thread-default main context of the caller of the _async function (the
 * work waits in its thread meanwhile). Without one, such changes are refused. */
typedef gboolean (*SignetOpsConfirmFunc) (const char *question,
                                          gpointer    user_data);

/* @trust_dir: NULL for ${DOCKER_CONFIG:-~/.docker}/trust. Passphrases come from the
 * environment and the keyring (and a prompt, which runs on the main context that set it). */
SIGNET_AVAILABLE_IN_ALL
SignetOps        *signet_ops_new                    (SignetRemote          *remote,
                                                     const char            *trust_dir) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_set_confirm_func       (SignetOps             *self,
                                                     SignetOpsConfirmFunc   func,
                                                     gpointer               user_data,
                                                     GDestroyNotify         destroy);

/* A new repository: root key @root_key_id (NULL: the lowest root key ID in the trust dir,
 * or a new key when there is none, or always a new one with @new_root_key), a new
 * root certificate, a new local targets key, the snapshot key on the server (or a new local
 * one with @local_snapshot), the timestamp key on the server. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_init_async             (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *root_key_id,
                                                     gboolean               new_root_key,
                                                     gboolean               local_snapshot,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* Signs the tags of @references (all of one repository, each with a tag): digest and size
 * from the registry manifest. Roles as docker: the direct delegations whose key is held
 * and whose paths match, or "targets" when there are no delegations. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_sign_async             (SignetOps             *self,
                                                     SignetReference      **references,
                                                     guint                  n_references,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* As signet_ops_sign_async(), but signs only into @roles ("targets" or "targets/…"; NULL:
 * docker's rule above). Each role must exist, have enough of its keys in the trust
 * directory to meet its threshold, and (a delegation) have paths that match every tag;
 * otherwise the operation fails before anything is published (SIGNET_ERROR_NOT_FOUND for
 * a role that does not exist or whose keys are not held, SIGNET_ERROR_INVALID_ARGUMENT for
 * paths that do not match or an empty list). */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_sign_full_async        (SignetOps             *self,
                                                     SignetReference      **references,
                                                     guint                  n_references,
                                                     const char * const    *roles,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* Removes @tag (NULL: every tag) from every role the held keys can sign. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_revoke_async           (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *tag,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* docker trust signer add: targets/@name and targets/releases get the keys (PEM text of a
 * PUBLIC KEY or CERTIFICATE each), paths [""], threshold 1. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_add_signer_async       (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *name,
                                                     const char * const    *key_pems,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* docker trust signer remove: @name's keys leave targets/releases (unless another signer
 * has them) and targets/@name is removed. Confirms when a role would fall below its
 * threshold or released tags would lose their signatures. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_remove_signer_async    (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *name,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* notary delegation add: creates or extends @role ("targets/…") with the keys (PEM text),
 * @paths (or [""] with @all_paths) and @threshold (0: keep, or 1 for a new role). */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_add_delegation_async   (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *role,
                                                     const char * const    *key_pems,
                                                     const char * const    *paths,
                                                     gboolean               all_paths,
                                                     guint                  threshold,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* notary delegation remove: with neither @key_ids nor @paths (nor @all_paths) the whole
 * role (confirmed); else those keys (canonical or TUF IDs) and paths. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_remove_delegation_async (SignetOps            *self,
                                                      const char           *gun,
                                                      const char           *role,
                                                      const char * const   *key_ids,
                                                      const char * const   *paths,
                                                      gboolean              all_paths,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
/* notary key rotate: @role "root", "targets", "snapshot" or "timestamp". @server_managed:
 * the server makes the new key (snapshot, timestamp). Root needs the current root key and
 * a verified backup of it; the new root is signed by the old and the new root keys. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_rotate_async           (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *role,
                                                     gboolean               server_managed,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* notary key rotate with -k and --legacy: as signet_ops_rotate_async(), but the new key
 * of @role (root, targets or a local snapshot) is @key_pem (PEM text of a private key,
 * imported into the trust directory first; encrypted ones are opened with the role's
 * passphrase) instead of a new one, and the new root is also signed with the held root
 * keys of the @legacy_versions versions before the current one (N.root.json), for
 * clients that still trust those. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_rotate_full_async      (SignetOps             *self,
                                                     const char            *gun,
                                                     const char            *role,
                                                     gboolean               server_managed,
                                                     const char            *key_pem,
                                                     guint                  legacy_versions,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* Re-signs each of @roles with a new version and expiry. */
SIGNET_AVAILABLE_IN_ALL
void              signet_ops_witness_async          (SignetOps             *self,
                                                     const char            *gun,
                                                     const char * const    *roles,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);

/* The finish of every operation above: the verified repository as the server now has
 * it. @messages (optional) gets notes for the user (keys made or deleted, root re-signed). */
SIGNET_AVAILABLE_IN_ALL
SignetRepository *signet_ops_finish                 (SignetOps             *self,
                                                     GAsyncResult          *result,
                                                     GStrv                 *messages,
                                                     GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
