/* signet-ui-util.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

/* The part of a libsignet network message after "Cannot reach HOST: ", in plain words. */
static char *
unreachable_reason (const char *message)
{
  const char *inner = message;
  const char *p;

  if (g_str_has_prefix (inner, "Cannot reach ") && (p = strstr (inner, ": ")) != NULL)
    inner = p + 2;
  if (strstr (inner, "refused") != NULL)
    return g_strdup (_("The connection was refused: nothing listens at that address."));
  if (strstr (inner, "timed out") != NULL || strstr (inner, "Timeout") != NULL)
    return g_strdup (_("It did not answer in time."));
  if (strstr (inner, "resolve") != NULL || strstr (inner, "not known") != NULL)
    return g_strdup (_("That name is not known to the network."));
  return g_strdup_printf ("%s.", inner);
}

/* Drops a leading "WHERE: " from @message when it only repeats @where. */
static const char *
without_prefix (const char *message,
                const char *where)
{
  gsize len = where != NULL ? strlen (where) : 0;

  if (len > 0 && strncmp (message, where, len) == 0 && message[len] == ':' && message[len + 1] == ' ')
    return message + len + 2;
  return message;
}

/* root, targets, snapshot, timestamp or targets/NAME, from "root.json",
 * "targets.<hash>.json", "targets/alice.json" in @message; NULL if none. */
static char *
role_in_message (const char *message)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b(root|snapshot|timestamp|targets(?:/[A-Za-z0-9_./-]+?)?)"
                                         "(?:\\.[0-9a-f]{64})?\\.json", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (regex == NULL || !g_regex_match (regex, message, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

static char *
role_subject (const char *role)
{
  if (role == NULL)
    return g_strdup (_("The trust data"));
  if (g_str_has_prefix (role, "targets/"))
    return g_strdup_printf (_("The signer “%s”"), role + strlen ("targets/"));
  return g_strdup_printf (_("The %s role"), role);
}

static const char *
role_purpose (const char *role)
{
  if (role == NULL)
    return NULL;
  if (g_str_equal (role, "root"))
    return _("The root role is the repository’s anchor of trust: it names every other key.");
  if (g_str_equal (role, "targets"))
    return _("The targets role is the repository owner’s list of signed tags.");
  if (g_str_equal (role, "snapshot"))
    return _("The snapshot role lists the current version of every role.");
  if (g_str_equal (role, "timestamp"))
    return _("The timestamp role is the server’s proof that the data is fresh.");
  if (g_str_has_prefix (role, "targets/"))
    return _("A signer’s role lists the tags that signer vouches for.");
  return NULL;
}

/**
 * signet_ui_explain_verification:
 * @error: a verification failure (signature, hash, rollback, expiry, …)
 * @what_failed: (out): the role and the reason, in plain words
 * @meaning: (out): what it means for the user
 * @advice: (out): what to do
 *
 * Returns: (transfer full): the role that failed (e.g. "root"), or %NULL if unknown
 */
char *
signet_ui_explain_verification (const GError  *error,
                                char         **what_failed,
                                char         **meaning,
                                char         **advice)
{
  g_autofree char *role = role_in_message (error->message);
  g_autofree char *subject = role_subject (role);
  const char *purpose = role_purpose (role);
  gboolean cached = strstr (error->message, "cached") != NULL;
  const char *reason;

  switch (error->domain == SIGNET_ERROR ? error->code : -1)
    {
    case SIGNET_ERROR_BAD_SIGNATURE:
      reason = _("is not signed by the keys that must sign it: its signatures do not match its contents");
      break;
    case SIGNET_ERROR_HASH_MISMATCH:
      reason = _("differs from the checksum that the role above it recorded");
      break;
    case SIGNET_ERROR_ROLLBACK:
      reason = _("is older than a version this computer has already seen (a rollback)");
      break;
    case SIGNET_ERROR_EXPIRED:
      reason = _("has expired");
      break;
    case SIGNET_ERROR_BAD_CERTIFICATE:
      reason = _("names a root certificate that fails its checks");
      break;
    case SIGNET_ERROR_TOO_LARGE:
      reason = _("is larger than the role above it allows");
      break;
    case SIGNET_ERROR_MALFORMED:
    default:
      reason = _("is not valid trust data");
      break;
    }
  *what_failed = g_strdup_printf (cached ? _("%s kept on this computer %s.%s%s") : _("%s %s.%s%s"),
                                  subject, reason, purpose != NULL ? " " : "", purpose != NULL ? purpose : "");

  if (error->domain == SIGNET_ERROR && error->code == SIGNET_ERROR_EXPIRED)
    {
      *meaning = g_strdup (_("The publisher did not renew the signatures in time, so nobody can tell "
                             "whether these tags are still the ones they signed. Docker with content "
                             "trust refuses to pull them."));
      *advice = g_strdup (_("Ask the publisher to sign the repository again. Until then, do not pull "
                            "these images."));
    }
  else if (cached)
    {
      *meaning = g_strdup (_("The copy of the trust data that this computer trusts has been changed "
                             "since it was verified: someone may have tampered with it, or the disk "
                             "damaged it. Nothing in this repository can be verified until it is fixed."));
      *advice = g_strdup (_("Do not pull these images. Check who can write to Docker’s trust folder, "
                            "then remove this repository’s folder there and load it again, comparing "
                            "the root key ID with the one the publisher gives you."));
    }
  else
    {
      *meaning = g_strdup (_("The server sent trust data that does not check out: it may have been "
                             "tampered with or replaced on the way or on the server. Signet shows no "
                             "tags it cannot verify, and docker with content trust refuses to pull them."));
      *advice = g_strdup (_("Do not pull these images. Tell the publisher; try again later in case "
                            "the data was only damaged in transit."));
    }
  return g_steal_pointer (&role);
}

/**
 * signet_ui_explain_error:
 * @error: what went wrong
 * @where: the server or repository it concerns
 * @title: (out): a short title
 * @description: (out): what failed, what it means and what to do
 *
 * Puts an error in plain words for a status page or a banner, saying each thing once.
 */
void
signet_ui_explain_error (const GError  *error,
                         const char    *where,
                         char         **title,
                         char         **description)
{
  const char *t;
  const char *advice;
  const char *message = without_prefix (error->message, where);
  g_autofree char *what = NULL;

  if (signet_ui_error_is_unreachable (error))
    {
      g_autofree char *reason = unreachable_reason (message);

      *title = g_strdup (_("Server Unreachable"));
      if (where != NULL)
        *description = g_strdup_printf (_("Signet cannot reach %s. %s\n\nCheck that the server is "
                                          "running and that its address is right, then try again."),
                                        where, reason);
      else
        *description = g_strdup_printf (_("The server cannot be reached. %s\n\nCheck that it is "
                                          "running and that its address is right, then try again."),
                                        reason);
      return;
    }
  if (signet_ui_error_is_verification (error))
    {
      g_autofree char *meaning = NULL;
      g_autofree char *todo = NULL;
      g_autofree char *role = signet_ui_explain_verification (error, &what, &meaning, &todo);

      *title = g_strdup (error->code == SIGNET_ERROR_EXPIRED ? _("Trust Data Expired")
                                                             : _("Verification Failed"));
      *description = g_strdup_printf ("%s %s\n\n%s", what, meaning, todo);
      return;
    }

  if (error->domain == SIGNET_ERROR && error->code == SIGNET_ERROR_AUTH)
    {
      t = _("Login Refused");
      advice = _("The user name or password is wrong, or the account may not read this. Edit the "
                 "registry’s login and try again.");
    }
  else if (error->domain == SIGNET_ERROR && error->code == SIGNET_ERROR_NOT_FOUND)
    {
      t = _("Not Found");
      advice = _("The server does not know this repository. It may be unsigned, or its name may be wrong.");
    }
  else if (error->domain == SIGNET_ERROR && error->code == SIGNET_ERROR_SERVER)
    {
      t = _("Server Error");
      advice = _("The server answered with an error. Try again later.");
    }
  else if (error->domain == G_TLS_ERROR)
    {
      t = _("Secure Connection Failed");
      advice = _("The server’s certificate is not trusted. If it uses a private certificate "
                 "authority, choose its CA file in the registry’s settings.");
    }
  else
    {
      t = _("Something Went Wrong");
      advice = _("Try again. If it keeps failing, check the registry’s settings.");
    }

  *title = g_strdup (t);
  *description = g_strdup_printf ("%s\n\n%s", message, advice);
}

gboolean
signet_ui_error_is_unreachable (const GError *error)
{
  return g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

/* A failure of the trust data itself, not of getting it. */
gboolean
signet_ui_error_is_verification (const GError *error)
{
  return error->domain == SIGNET_ERROR &&
         (error->code == SIGNET_ERROR_BAD_SIGNATURE || error->code == SIGNET_ERROR_HASH_MISMATCH ||
          error->code == SIGNET_ERROR_ROLLBACK || error->code == SIGNET_ERROR_BAD_CERTIFICATE ||
          error->code == SIGNET_ERROR_MALFORMED || error->code == SIGNET_ERROR_EXPIRED ||
          error->code == SIGNET_ERROR_TOO_LARGE);
}
