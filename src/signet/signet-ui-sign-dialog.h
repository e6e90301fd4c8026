/* signet-ui-sign-dialog.h: sign tags of a repository.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_SIGN_DIALOG (signet_ui_sign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiSignDialog, signet_ui_sign_dialog, SIGNET_UI, SIGN_DIALOG, SignetUiStepDialog)

/* @tags: SignetUiTagItem (the registry's and the trust data's); @selected: a tag to check
 * first, or NULL. */
SignetUiSignDialog *signet_ui_sign_dialog_new (GtkWindow       *parent,
                                               SignetUiSession *session,
                                               const char      *repository,
                                               GListModel      *tags,
                                               const char      *selected);

G_END_DECLS
