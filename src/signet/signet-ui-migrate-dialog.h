/* signet-ui-migrate-dialog.h: "Move to cosign…": pick (or make) a cosign key, choose among
 * the DCT-signed tags, re-sign them in cosign format, and see what was carried over.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-ui-step-dialog.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_MIGRATE_DIALOG (signet_ui_migrate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiMigrateDialog, signet_ui_migrate_dialog, SIGNET_UI, MIGRATE_DIALOG, SignetUiStepDialog)

SignetUiMigrateDialog *signet_ui_migrate_dialog_new (GtkWindow       *parent,
                                                     SignetUiSession *session,
                                                     const char      *repository);
/* The items of the last listing or run (SignetMigrateItem), for tests. */
GPtrArray             *signet_ui_migrate_dialog_get_items (SignetUiMigrateDialog *self);

G_END_DECLS
