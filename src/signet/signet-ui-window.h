/* signet-ui-window.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-ui-application.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_WINDOW (signet_ui_window_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiWindow, signet_ui_window, SIGNET_UI, WINDOW, AdwApplicationWindow)

SignetUiWindow *signet_ui_window_new (SignetUiApplication *application);

G_END_DECLS
