/* signet-test-ui.h: helpers for the ui suite (run under tests/run-ui-test).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*SignetTestUiCondition) (gpointer user_data);

void        signet_test_ui_init                 (int                    *argc,
                                                 char                 ***argv);
void        signet_test_ui_setup_display        (void);
void        signet_test_ui_wait_until           (SignetTestUiCondition   condition,
                                                 gpointer                user_data,
                                                 guint                   timeout_ms,
                                                 const char             *what);
void        signet_test_ui_wait_for_frames      (GtkWidget              *widget,
                                                 guint                   n_frames);
void        signet_test_ui_iterate              (guint                   ms);
GtkWindow  *signet_test_ui_find_window          (GType                   type);
GtkWindow  *signet_test_ui_wait_for_window      (GType                   type);
void        signet_test_ui_close_window         (GtkWindow              *window);
GdkTexture *signet_test_ui_render               (GtkWidget              *widget) G_GNUC_WARN_UNUSED_RESULT;
void        signet_test_ui_get_render_size      (GtkWidget              *widget,
                                                 int                    *width,
                                                 int                    *height);
GdkTexture *signet_test_ui_save_screenshot      (GtkWidget              *widget,
                                                 const char             *file_name) G_GNUC_WARN_UNUSED_RESULT;
void        signet_test_ui_assert_not_blank     (GdkTexture             *texture);
double      signet_test_ui_mean_luminance       (GdkTexture             *texture);

G_END_DECLS
