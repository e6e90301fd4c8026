/* signet-ui-util.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signet/signet.h>

#include "signet-ui-util.h"

#define DAY (24 * 60 * 60)

/**
 * signet_ui_format_relative:
 * @when: Unix seconds
 * @now: Unix seconds
 *
 * Returns: "in 21 days", "in 3 hours", "2 days ago", …
 */
char *
signet_ui_format_relative (gint64 when,
                           gint64 now)
{
  gint64 delta = when - now;
  gint64 abs_delta = delta < 0 ? -delta : delta;

  if (abs_delta < 60 * 60)
    {
      guint minutes = MAX (1, abs_delta / 60);

      if (delta >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u minute", "in %u minutes", minutes), minutes);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago", minutes), minutes);
    }
  if (abs_delta < 2 * DAY)
    {
      guint hours = abs_delta / (60 * 60);

      if (delta >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u hour", "in %u hours", hours), hours);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour ago", "%u hours ago", hours), hours);
    }
  if (abs_delta < 2 * 365 * DAY)
    {
      guint days = abs_delta / DAY;

      if (delta >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u day", "in %u days", days), days);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day ago", "%u days ago", days), days);
    }
  else
    {
      guint years = abs_delta / (365 * DAY);

      if (delta >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u year", "in %u years", years), years);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year ago", "%u years ago", years), years);
    }
}

/* The exact date and time, in UTC as the metadata has it. */
char *
signet_ui_format_date (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);

  if (dt == NULL)
    return g_strdup (_("Unknown date"));
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

/* The first 12 characters of a key ID, as docker shows them. */
char *
signet_ui_short_id (const char *id)
{
  if (id == NULL)
    return g_strdup ("");
  return g_strndup (id, 12);
}

/* "sha256:0123456789ab" */
char *
signet_ui_short_digest (const char *digest)
{
  const char *colon;

  if (digest == NULL)
    return g_strdup ("");
  colon = strchr (digest, ':');
  if (colon == NULL)
    return g_strndup (digest, 12);
  return g_strdup_printf ("%.*s:%.12s", (int) (colon - digest), digest, colon + 1);
}

SignetUiExpiryLevel
signet_ui_expiry_level (gint64 expires,
                        gint64 now,
                        guint  warning_days)
{
  if (expires <= 0)
    return SIGNET_UI_EXPIRY_NONE;
  if (expires <= now)
    return SIGNET_UI_EXPIRY_EXPIRED;
  if (expires - now <= (gint64) warning_days * DAY)
    return SIGNET_UI_EXPIRY_WARNING;
  return SIGNET_UI_EXPIRY_OK;
}

const char *
signet_ui_expiry_css_class (SignetUiExpiryLevel level)
{
  switch (level)
    {
    case SIGNET_UI_EXPIRY_WARNING:
      return "warning";
    case SIGNET_UI_EXPIRY_EXPIRED:
      return "error";
    case SIGNET_UI_EXPIRY_NONE:
    case SIGNET_UI_EXPIRY_OK:
    default:
      return NULL;
    }
}

/* Sets @label to "in 21 days" (coloured by the warning window) with the date in a tooltip. */
void
signet_ui_set_expiry_label (GtkLabel *label,
                            gint64    expires,
                            guint     warning_days)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SignetUiExpiryLevel level = signet_ui_expiry_level (expires, now, warning_days);
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (level == SIGNET_UI_EXPIRY_NONE)
    {
      gtk_label_set_text (label, "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), _("No expiry known"));
      return;
    }
  text = signet_ui_format_relative (expires, now);
  if (level == SIGNET_UI_EXPIRY_EXPIRED)
    {
      g_autofree char *expired = g_strdup_printf (_("Expired %s"), text);

      gtk_label_set_text (label, expired);
    }
  else
    gtk_label_set_text (label, text);
  date = signet_ui_format_date (expires);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), date);
  if (signet_ui_expiry_css_class (level) != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), signet_ui_expiry_css_class (level));
}

const char *
signet_ui_trust_state_icon (SignetUiTrustState state)
{
  switch (state)
    {
    case SIGNET_UI_TRUST_SIGNED:
      return "security-high-symbolic";
    case SIGNET_UI_TRUST_UNSIGNED:
      return "security-low-symbolic";
    case SIGNET_UI_TRUST_FAILED:
      return "dialog-error-symbolic";
    case SIGNET_UI_TRUST_LOADING:
      return "content-loading-symbolic";
    case SIGNET_UI_TRUST_NOT_LOADED:
    default:
      return "action-unavailable-symbolic";
    }
}

const char *
signet_ui_trust_state_label (SignetUiTrustState state)
{
  switch (state)
    {
    case SIGNET_UI_TRUST_SIGNED:
      return _("Signed");
    case SIGNET_UI_TRUST_UNSIGNED:
      return _("Unsigned");
    case SIGNET_UI_TRUST_FAILED:
      return _("Verification failed");
    case SIGNET_UI_TRUST_LOADING:
      return _("Loading…");
    case SIGNET_UI_TRUST_NOT_LOADED:
    default:
      return _("Not loaded yet");
    }
}

const char *
signet_ui_trust_state_css_class (SignetUiTrustState state)
{
  switch (state)
    {
    case SIGNET_UI_TRUST_SIGNED:
      return "success";
    case SIGNET_UI_TRUST_UNSIGNED:
      return "warning";
    case SIGNET_UI_TRUST_FAILED:
      return "error";
    case SIGNET_UI_TRUST_LOADING:
    case SIGNET_UI_TRUST_NOT_LOADED:
    default:
      return "dim-label";
    }
}

/**
 * signet_ui_explain_error:
 * @error: what went wrong
 * @where: the server or repository it concerns
 * @title: (out): a short title
 * @description: (out): what failed, what it means and what to do
 *
 * Puts an error in plain words for a status page or a banner.
 */
void
signet_ui_explain_error (const GError  *error,
                         const char    *where,
                         char         **title,
                         char         **description)
{
  const char *t;
  const char *advice;

  if (error->domain == SIGNET_ERROR)
    {
      switch (error->code)
        {
        case SIGNET_ERROR_UNREACHABLE:
          t = _("Server Unreachable");
          advice = _("Check that the server is running and that its address is right, then try again.");
          break;
        case SIGNET_ERROR_AUTH:
          t = _("Login Refused");
          advice = _("The user name or password is wrong, or the account may not read this repository. Edit the registry’s login and try again.");
          break;
        case SIGNET_ERROR_BAD_SIGNATURE:
        case SIGNET_ERROR_HASH_MISMATCH:
        case SIGNET_ERROR_ROLLBACK:
        case SIGNET_ERROR_BAD_CERTIFICATE:
        case SIGNET_ERROR_MALFORMED:
          t = _("Trust Data Failed Verification");
          advice = _("The signatures of this repository cannot be trusted: the data may have been tampered with or replaced. Do not pull these images with content trust until the publisher has fixed it.");
          break;
        case SIGNET_ERROR_EXPIRED:
          t = _("Trust Data Expired");
          advice = _("The publisher has not renewed the signatures in time. Images cannot be verified until they sign again.");
          break;
        case SIGNET_ERROR_NOT_FOUND:
          t = _("Not Found");
          advice = _("The server does not know this repository. It may be unsigned, or its name may be wrong.");
          break;
        case SIGNET_ERROR_SERVER:
          t = _("Server Error");
          advice = _("The server answered with an error. Try again later.");
          break;
        default:
          t = _("Something Went Wrong");
          advice = _("Try again. If it keeps failing, check the registry’s settings.");
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      t = _("Server Unreachable");
      advice = _("Check that the server is running and that its address is right, then try again.");
    }
  else
    {
      t = _("Something Went Wrong");
      advice = _("Try again. If it keeps failing, check the registry’s settings.");
    }

  *title = g_strdup (t);
  if (where != NULL)
    *description = g_strdup_printf ("%s: %s\n\n%s", where, error->message, advice);
  else
    *description = g_strdup_printf ("%s\n\n%s", error->message, advice);
}
