/* signet-ui-passphrase-dialog.h: asks for the passphrase of one key.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-secrets-private.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_PASSPHRASE_DIALOG (signet_ui_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiPassphraseDialog, signet_ui_passphrase_dialog, SIGNET_UI, PASSPHRASE_DIALOG, AdwWindow)

/* Takes @request and answers it exactly once: Unlock, Cancel, closing the window, or the
 * request's cancellable. The passphrase is never shown, logged or kept after the answer. */
SignetUiPassphraseDialog *signet_ui_passphrase_dialog_new       (GtkWindow               *parent,
                                                                 SignetPassphraseRequest *request);
/* What is asked (for tests and assistive text); NULL once answered. */
const char               *signet_ui_passphrase_dialog_get_key_id (SignetUiPassphraseDialog *self);
const char               *signet_ui_passphrase_dialog_get_role   (SignetUiPassphraseDialog *self);
gboolean                  signet_ui_passphrase_dialog_get_creating (SignetUiPassphraseDialog *self);
guint                     signet_ui_passphrase_dialog_get_attempt (SignetUiPassphraseDialog *self);
/* A SignetPassphrasePromptFunc: @user_data is the parent GtkWindow (or NULL). */
void                      signet_ui_passphrase_prompt           (SignetPassphraseRequest *request,
                                                                 gpointer                 user_data);
/* Environment, keyring, then this dialog over @parent (held weakly). */
SignetPassphraseChain    *signet_ui_passphrase_chain_new        (GtkWindow               *parent) G_GNUC_WARN_UNUSED_RESULT;
/* A sentence naming the key: "the targets key 1a2b3c4 of example.com/app". */
char                     *signet_ui_describe_key                (const char              *role,
                                                                 const char              *key_id,
                                                                 const char              *gun) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
