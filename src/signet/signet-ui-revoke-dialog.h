/* signet-ui-revoke-dialog.h: revoke the signatures of tags (docker trust revoke).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_REVOKE_DIALOG (signet_ui_revoke_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRevokeDialog, signet_ui_revoke_dialog, SIGNET_UI, REVOKE_DIALOG, SignetUiStepDialog)

SignetUiRevokeDialog *signet_ui_revoke_dialog_new (GtkWindow       *parent,
                                                   SignetUiSession *session,
                                                   const char      *repository);

G_END_DECLS
