/* signet-ui-rotate-dialog.h: rotate the key of a role (notary key rotate).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_ROTATE_DIALOG (signet_ui_rotate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRotateDialog, signet_ui_rotate_dialog, SIGNET_UI, ROTATE_DIALOG, SignetUiStepDialog)

/* @role: the one chosen first ("root", "targets", "snapshot", "timestamp") or NULL. */
SignetUiRotateDialog *signet_ui_rotate_dialog_new (GtkWindow       *parent,
                                                   SignetUiSession *session,
                                                   const char      *repository,
                                                   const char      *role);

G_END_DECLS
