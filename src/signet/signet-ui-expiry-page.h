/* signet-ui-expiry-page.h: what expires soon, across registries, and the desktop notice.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <signet/signet.h>

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_EXPIRY_PAGE (signet_ui_expiry_page_get_type ())
G_DECLARE_FINAL_TYPE (SignetUiExpiryPage, signet_ui_expiry_page, SIGNET_UI, EXPIRY_PAGE, GtkWidget)

GtkWidget          *signet_ui_expiry_page_new         (void);
/* Checks again (online); the page also checks on startup and every hour. */
void                signet_ui_expiry_page_refresh     (SignetUiExpiryPage   *self);
gboolean            signet_ui_expiry_page_is_busy     (SignetUiExpiryPage   *self);
/* The last report, or NULL. */
SignetExpiryReport *signet_ui_expiry_page_get_report  (SignetUiExpiryPage   *self);
/* Adds to @window (a SignetUiWindow) win.resign and win.rotate, parameter (gun, role,
 * command) as "(sss)", which open the Re-Sign and Rotate Keys dialogs on that repository
 * and role (the page checks again once the dialog is gone), and win.copy-expiry-command
 * ("s"), which copies the notary command that does the same. */
void                signet_ui_expiry_add_window_actions (GtkApplicationWindow *window);

G_END_DECLS
