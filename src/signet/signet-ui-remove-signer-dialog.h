/* signet-ui-remove-signer-dialog.h: remove a signer (docker trust signer remove).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_REMOVE_SIGNER_DIALOG (signet_ui_remove_signer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRemoveSignerDialog, signet_ui_remove_signer_dialog, SIGNET_UI, REMOVE_SIGNER_DIALOG, SignetUiStepDialog)

SignetUiRemoveSignerDialog *signet_ui_remove_signer_dialog_new (GtkWindow       *parent,
                                                                SignetUiSession *session,
                                                                const char      *repository);

G_END_DECLS
