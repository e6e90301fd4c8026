/* signet-ui-window-dialogs.h: the window's actions that open the guided dialogs.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* win.sign-tags, win.set-up-signing, win.add-signer, win.remove-signer, … (on the open
 * repository). */
void signet_ui_window_install_dialog_actions (GtkWidgetClass *widget_class);

G_END_DECLS
