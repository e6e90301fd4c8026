/* signet-ui-preferences-window.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_PREFERENCES_WINDOW (signet_ui_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiPreferencesWindow, signet_ui_preferences_window, SIGNET_UI, PREFERENCES_WINDOW, AdwPreferencesWindow)

SignetUiPreferencesWindow *signet_ui_preferences_window_new (GSettings *settings);

G_END_DECLS
