/* signet-ui-add-signer-dialog.h: add a signer (docker trust signer add) to repositories.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_ADD_SIGNER_DIALOG (signet_ui_add_signer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiAddSignerDialog, signet_ui_add_signer_dialog, SIGNET_UI, ADD_SIGNER_DIALOG, SignetUiStepDialog)

/* @repositories: SignetUiRepoItem of the registry (the signed ones are offered);
 * @repository: the one checked first. */
SignetUiAddSignerDialog *signet_ui_add_signer_dialog_new        (GtkWindow               *parent,
                                                                 SignetUiSession         *session,
                                                                 const char              *repository,
                                                                 GListModel              *repositories);
/* What the file chooser does: import the public key or certificate in @path. */
void                     signet_ui_add_signer_dialog_set_key_file (SignetUiAddSignerDialog *self,
                                                                 const char              *path);
/* What "Export for CI" does after choosing the folder: writes NAME.key (0600). */
void                     signet_ui_add_signer_dialog_export_to  (SignetUiAddSignerDialog *self,
                                                                 const char              *folder);

G_END_DECLS
