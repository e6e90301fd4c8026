/* signet-ui-window-dialogs.h: the window's actions that open the guided dialogs.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "signet-ui-window.h"

G_BEGIN_DECLS

/* win.sign-tags, win.set-up-signing, win.add-signer, win.remove-signer, … (on the open
 * repository). */
void       signet_ui_window_install_dialog_actions (GtkWidgetClass  *widget_class);

/* Opens the Re-Sign dialog (@rotate FALSE; @role checked first) or the Rotate Keys dialog
 * (@role chosen first) on @gun ("registry/repository"), whichever registry the window has
 * selected. Returns the dialog (owned by GTK), or NULL with @error. */
GtkWindow *signet_ui_window_open_expiry_dialog     (SignetUiWindow  *self,
                                                    const char      *gun,
                                                    const char      *role,
                                                    gboolean         rotate,
                                                    GError         **error);
/* Shows the Expiry page (as clicking it in the sidebar does). */
void       signet_ui_window_show_expiry            (SignetUiWindow  *self);

G_END_DECLS
