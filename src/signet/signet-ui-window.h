/* signet-ui-window.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-ui-application.h"
#include "signet-ui-session.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_WINDOW (signet_ui_window_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiWindow, signet_ui_window, SIGNET_UI, WINDOW, AdwApplicationWindow)

SignetUiWindow *signet_ui_window_new                     (SignetUiApplication *application);
/* Adds the registry at @url unless it is there (the notary server derived as docker
 * would), then selects it. Works before the registries file has been read. */
void            signet_ui_window_add_registry_url        (SignetUiWindow      *self,
                                                          const char          *url);
/* TRUE once the registries file has been read. */
gboolean        signet_ui_window_get_ready               (SignetUiWindow      *self);
/* SignetUiRegistry items */
GListModel     *signet_ui_window_get_registries          (SignetUiWindow      *self);
gboolean        signet_ui_window_select_registry         (SignetUiWindow      *self,
                                                          const char          *name);
/* SignetUiRepoItem items, as filtered */
GListModel     *signet_ui_window_get_repositories        (SignetUiWindow      *self);
/* "loading", "list", "error" or "empty" */
const char     *signet_ui_window_get_repositories_state  (SignetUiWindow      *self);
gboolean        signet_ui_window_open_repository         (SignetUiWindow      *self,
                                                          const char          *name);
GtkWidget      *signet_ui_window_get_repository_view     (SignetUiWindow      *self);
GtkWidget      *signet_ui_window_get_keys_page           (SignetUiWindow      *self);
/* Auto refresh (GSettings auto-refresh, auto-refresh-minutes): the interval in seconds, 0
 * when off; and what the timer does each time (TRUE if it started a load). */
guint           signet_ui_window_get_auto_refresh_interval (SignetUiWindow    *self);
gboolean        signet_ui_window_auto_refresh_now        (SignetUiWindow      *self);
SignetUiSession *signet_ui_window_get_session            (SignetUiWindow      *self);
const char     *signet_ui_window_get_open_repository      (SignetUiWindow      *self);
void            signet_ui_window_show_toast              (SignetUiWindow      *self,
                                                          const char          *text);

G_END_DECLS
