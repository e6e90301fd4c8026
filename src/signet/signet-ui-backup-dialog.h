/* signet-ui-backup-dialog.h: back up the keys to a folder, or restore them from an archive.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_BACKUP_DIALOG (signet_ui_backup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiBackupDialog, signet_ui_backup_dialog, SIGNET_UI, BACKUP_DIALOG, SignetUiStepDialog)

/* Back up (@restore FALSE) or restore. */
SignetUiBackupDialog *signet_ui_backup_dialog_new      (GtkWindow            *parent,
                                                        gboolean              restore);
/* What the file chooser does: the folder to back up to, or the archive to restore. */
void                  signet_ui_backup_dialog_set_path (SignetUiBackupDialog *self,
                                                        const char           *path);
/* After a backup: the archive written and verified (or NULL). */
const char           *signet_ui_backup_dialog_get_archive (SignetUiBackupDialog *self);

G_END_DECLS
