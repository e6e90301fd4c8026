/* signet-ui-keys.h: the user's local keys (the key store in docker's trust dir) and the
 * Keys page that lists them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_LOCAL_KEY (signet_ui_local_key_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiLocalKey, signet_ui_local_key, SIGNET_UI, LOCAL_KEY, GObject)

const char *signet_ui_local_key_get_id            (SignetUiLocalKey *self);
const char *signet_ui_local_key_get_role          (SignetUiLocalKey *self);
/* NULL for a root key (it serves every repository) */
const char *signet_ui_local_key_get_gun           (SignetUiLocalKey *self);
gboolean    signet_ui_local_key_get_in_keyring    (SignetUiLocalKey *self);
/* Unix time of the newest verified backup holding the key, or 0 */
gint64      signet_ui_local_key_get_backed_up     (SignetUiLocalKey *self);

/* Cosign keys (id "cosign:<name>", no role): their name, "sha256:…" fingerprint, and
 * whether the private key is here (else a trusted public key). NULL/FALSE for notary keys. */
const char *signet_ui_local_key_get_cosign_name   (SignetUiLocalKey *self);
const char *signet_ui_local_key_get_fingerprint   (SignetUiLocalKey *self);
gboolean    signet_ui_local_key_get_has_private   (SignetUiLocalKey *self);

/* Lists ${DOCKER_CONFIG:-~/.docker}/trust/private (in a thread) and asks the keyring which
 * passphrases it holds. Returns a GListStore of SignetUiLocalKey. */
void        signet_ui_local_keys_load_async       (GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GListStore *signet_ui_local_keys_load_finish      (GAsyncResult        *result,
                                                   GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Lists Signet's cosign key store in the same trust folder (private keys with their
 * keyring and backup state, then trusted public keys). A GListStore of SignetUiLocalKey. */
void        signet_ui_cosign_keys_load_async      (GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GListStore *signet_ui_cosign_keys_load_finish     (GAsyncResult        *result,
                                                   GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when @model (of SignetUiLocalKey) holds key @id */
gboolean    signet_ui_local_keys_contain          (GListModel          *model,
                                                   const char          *id);

#define SIGNET_UI_TYPE_KEYS_PAGE (signet_ui_keys_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiKeysPage, signet_ui_keys_page, SIGNET_UI, KEYS_PAGE, GtkWidget)

GtkWidget  *signet_ui_keys_page_new               (void);
void        signet_ui_keys_page_reload            (SignetUiKeysPage    *self);
/* for the tests: "loading", "error", "empty" or "keys" */
const char *signet_ui_keys_page_get_state         (SignetUiKeysPage    *self);
GtkListBox *signet_ui_keys_page_get_list          (SignetUiKeysPage    *self);
GtkListBox *signet_ui_keys_page_get_cosign_list   (SignetUiKeysPage    *self);

G_END_DECLS
