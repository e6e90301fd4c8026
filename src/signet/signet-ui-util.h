/* signet-ui-util.h: formatting and plain-words helpers shared by the views.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  SIGNET_UI_EXPIRY_NONE,     /* no expiry known */
  SIGNET_UI_EXPIRY_OK,
  SIGNET_UI_EXPIRY_WARNING,  /* inside the warning window */
  SIGNET_UI_EXPIRY_EXPIRED,
} SignetUiExpiryLevel;

typedef enum
{
  SIGNET_UI_TRUST_NOT_LOADED,
  SIGNET_UI_TRUST_LOADING,
  SIGNET_UI_TRUST_SIGNED,
  SIGNET_UI_TRUST_UNSIGNED,
  SIGNET_UI_TRUST_FAILED,
} SignetUiTrustState;

char                *signet_ui_format_relative   (gint64               when,
                                                  gint64               now) G_GNUC_WARN_UNUSED_RESULT;
char                *signet_ui_format_date       (gint64               when) G_GNUC_WARN_UNUSED_RESULT;
char                *signet_ui_short_id          (const char          *id) G_GNUC_WARN_UNUSED_RESULT;
char                *signet_ui_short_digest      (const char          *digest) G_GNUC_WARN_UNUSED_RESULT;
SignetUiExpiryLevel  signet_ui_expiry_level      (gint64               expires,
                                                  gint64               now,
                                                  guint                warning_days);
const char          *signet_ui_expiry_css_class  (SignetUiExpiryLevel  level);
const char          *signet_ui_trust_state_icon  (SignetUiTrustState   state);
const char          *signet_ui_trust_state_label (SignetUiTrustState   state);
const char          *signet_ui_trust_state_css_class (SignetUiTrustState state);
void                 signet_ui_explain_error     (const GError        *error,
                                                  const char          *where,
                                                  char               **title,
                                                  char               **description);
char                *signet_ui_explain_verification (const GError   *error,
                                                     char          **what_failed,
                                                     char          **meaning,
                                                     char          **advice) G_GNUC_WARN_UNUSED_RESULT;
gboolean             signet_ui_error_is_unreachable (const GError   *error);
gboolean             signet_ui_error_is_verification (const GError  *error);
void                 signet_ui_set_expiry_label  (GtkLabel            *label,
                                                  gint64               expires,
                                                  guint                warning_days);

G_END_DECLS
