/* signet-ui-init-dialog.h: set up signing for a repository (notary init + publish).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_INIT_DIALOG (signet_ui_init_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiInitDialog, signet_ui_init_dialog, SIGNET_UI, INIT_DIALOG, SignetUiStepDialog)

SignetUiInitDialog *signet_ui_init_dialog_new (GtkWindow       *parent,
                                               SignetUiSession *session,
                                               const char      *repository);

G_END_DECLS
