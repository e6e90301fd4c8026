/* signet-ui-resign-dialog.h: re-sign roles before their signatures expire (witness).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_RESIGN_DIALOG (signet_ui_resign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiResignDialog, signet_ui_resign_dialog, SIGNET_UI, RESIGN_DIALOG, SignetUiStepDialog)

/* Roles inside the warning window of @warning_days are checked first, and @role if given. */
SignetUiResignDialog *signet_ui_resign_dialog_new (GtkWindow       *parent,
                                                   SignetUiSession *session,
                                                   const char      *repository,
                                                   const char      *role,
                                                   guint            warning_days);

G_END_DECLS
