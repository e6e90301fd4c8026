/* signet-ui-application.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The GSettings schema of the app (the same for the .Devel profile). */
#define SIGNET_UI_SETTINGS_SCHEMA "io.github.signet.Signet"

/* Where the .ui files, style.css and the icons live in the GResource. */
#define SIGNET_UI_RESOURCE_PATH "/io/github/signet/Signet"

#define SIGNET_UI_TYPE_APPLICATION (signet_ui_application_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiApplication, signet_ui_application, SIGNET_UI, APPLICATION, AdwApplication)

SignetUiApplication *signet_ui_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;
GSettings           *signet_ui_application_get_settings (SignetUiApplication *self);

G_END_DECLS
