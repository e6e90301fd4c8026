/* signet-cli-expiry.c: `signet-cli expiry`, what expires soon and what to do about it.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status, for monitoring: 0 when nothing expires within the window, 1 when a role,
 * delegation or root certificate expires within it or has expired, or a repository could
 * not be verified; 2 for bad arguments.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signet/signet.h>

#include "signet-cli-private.h"
#include "signet-cli-table.h"

#define DEFAULT_WITHIN_DAYS 30
#define MAX_WITHIN_DAYS     36500

typedef struct
{
  SignetExpiryReport *report;
  GError             *error;
  gboolean            done;
} Scan;

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Scan *scan = user_data;

  scan->report = signet_expiry_scan_finish (result, &scan->error);
  scan->done = TRUE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static const char *
what_label (SignetExpiryItem *item)
{
  switch (signet_expiry_item_get_kind (item))
    {
    case SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE: return _("root certificate");
    case SIGNET_EXPIRY_KIND_DELEGATION:       return _("delegation");
    case SIGNET_EXPIRY_KIND_ROLE:
    default:                                  return _("role");
    }
}

static const char *
state_label (SignetExpiryState state,
             gboolean          unicode)
{
  switch (state)
    {
    case SIGNET_EXPIRY_STATE_EXPIRED:  return unicode ? _("✖ expired") : _("x expired");
    case SIGNET_EXPIRY_STATE_EXPIRING: return unicode ? _("⚠ expiring") : _("! expiring");
    case SIGNET_EXPIRY_STATE_OK:
    default:                           return unicode ? _("✔ ok") : _("+ ok");
    }
}

static const char *
action_label (SignetExpiryAction action)
{
  switch (action)
    {
    case SIGNET_EXPIRY_ACTION_RESIGN:              return _("re-sign");
    case SIGNET_EXPIRY_ACTION_ROTATE_ROOT:         return _("rotate root");
    case SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR: return _("ask the server operator");
    case SIGNET_EXPIRY_ACTION_NONE:
    default:                                       return "-";
    }
}

static char *
role_cell (SignetExpiryItem *item)
{
  if (signet_expiry_item_get_key_id (item) != NULL)
    return g_strdup_printf ("%s (%.12s…)", signet_expiry_item_get_role (item),
                            signet_expiry_item_get_key_id (item));
  return g_strdup (signet_expiry_item_get_role (item));
}

static void
print_table (SignetExpiryReport *report,
             gboolean            all)
{
  static const char * const header[] = {
    N_("REPOSITORY"), N_("ROLE"), N_("WHAT"), N_("EXPIRES"), N_("STATE"), N_("ACTION"), NULL
  };
  const char *translated[G_N_ELEMENTS (header)];
  GListModel *items = signet_expiry_report_get_items (report);
  gint64 now = signet_expiry_report_get_checked_at (report);
  gboolean unicode = g_get_charset (NULL);
  g_autoptr(SignetCliTable) table = NULL;
  guint n_rows = 0;
  guint n_due = signet_expiry_report_get_n_due (report);
  const char * const *repos = signet_expiry_report_get_repositories (report);
  const char * const *failed = signet_expiry_report_get_failed (report);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    translated[i] = header[i] != NULL ? _(header[i]) : NULL;
  table = signet_cli_table_new (translated);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);
      g_autofree char *role = NULL;
      g_autofree char *date = NULL;

      if (!all && signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_OK)
        continue;
      role = role_cell (item);
      date = signet_cli_format_date (signet_expiry_item_get_expires (item), now);
      signet_cli_table_add (table, signet_expiry_item_get_gun (item), role, what_label (item), date,
                            state_label (signet_expiry_item_get_state (item), unicode),
                            action_label (signet_expiry_item_get_action (item)), NULL);
      n_rows++;
    }
  if (n_rows > 0)
    signet_cli_table_print (table, stdout, 0);

  /* what to do, for each one that needs it */
  for (guint i = 0, n = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);
      g_autofree char *role = NULL;

      if (signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_OK)
        continue;
      if (n++ == 0)
        printf ("\n");
      role = role_cell (item);
      printf ("%s %s (%s)\n", signet_expiry_item_get_gun (item), role, what_label (item));
      printf ("  %s\n", signet_expiry_item_get_advice (item));
      if (signet_expiry_item_get_command (item) != NULL)
        printf (_("  with the notary CLI: %s\n"), signet_expiry_item_get_command (item));
    }

  for (guint i = 0; failed[i] != NULL; i++)
    {
      if (i == 0)
        printf ("\n");
      printf (_("%s could not be checked: %s\n"), failed[i],
              signet_expiry_report_get_failure (report, failed[i]));
    }

  printf ("\n");
  if (n_due == 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Nothing expires within %u day in %u repositories.\n",
                         "Nothing expires within %u days in %u repositories.\n",
                         signet_expiry_report_get_within_days (report)),
            signet_expiry_report_get_within_days (report), g_strv_length ((GStrv) repos));
  else
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u item expires within %u days or has expired, in %u repositories.\n",
                         "%u items expire within %u days or have expired, in %u repositories.\n",
                         n_due),
            n_due, signet_expiry_report_get_within_days (report), g_strv_length ((GStrv) repos));
}

static void
print_json (SignetExpiryReport *report,
            gboolean            all)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *checked = signet_cli_format_rfc3339 (signet_expiry_report_get_checked_at (report));
  GListModel *items = signet_expiry_report_get_items (report);
  const char * const *failed = signet_expiry_report_get_failed (report);
  gint64 now = signet_expiry_report_get_checked_at (report);

  json_builder_begin_object (b);
  signet_cli_json_add_string (b, "checked_at", checked);
  json_builder_set_member_name (b, "within_days");
  json_builder_add_int_value (b, signet_expiry_report_get_within_days (report));
  json_builder_set_member_name (b, "due");
  json_builder_add_int_value (b, signet_expiry_report_get_n_due (report));
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);
      g_autofree char *expires = signet_cli_format_rfc3339 (signet_expiry_item_get_expires (item));
      gint64 left = signet_expiry_item_get_expires (item) - now;

      if (!all && signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_OK)
        continue;
      json_builder_begin_object (b);
      signet_cli_json_add_string (b, "repository", signet_expiry_item_get_gun (item));
      signet_cli_json_add_string (b, "role", signet_expiry_item_get_role (item));
      signet_cli_json_add_string (b, "kind", signet_expiry_kind_to_string (signet_expiry_item_get_kind (item)));
      signet_cli_json_add_string (b, "key_id", signet_expiry_item_get_key_id (item));
      signet_cli_json_add_string (b, "expires", expires);
      json_builder_set_member_name (b, "days_left");
      /* whole days, rounded towards -infinity: -1 once expired */
      json_builder_add_int_value (b, left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
      signet_cli_json_add_string (b, "state", signet_expiry_state_to_string (signet_expiry_item_get_state (item)));
      signet_cli_json_add_string (b, "action", signet_expiry_action_to_string (signet_expiry_item_get_action (item)));
      signet_cli_json_add_string (b, "advice", signet_expiry_item_get_advice (item));
      signet_cli_json_add_string (b, "command", signet_expiry_item_get_command (item));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  signet_cli_json_add_strv (b, "repositories", signet_expiry_report_get_repositories (report));
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; failed[i] != NULL; i++)
    {
      json_builder_begin_object (b);
      signet_cli_json_add_string (b, "repository", failed[i]);
      signet_cli_json_add_string (b, "message", signet_expiry_report_get_failure (report, failed[i]));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  signet_cli_json_add_strv (b, "notes", signet_expiry_report_get_notes (report));
  json_builder_end_object (b);
  signet_cli_print_json_builder (b, 2);
}

int
signet_cli_expiry (int    argc,
                   char **argv)
{
  g_auto(SignetCliOptions) opts = { 0 };
  int within = DEFAULT_WITHIN_DAYS;
  gboolean all = FALSE;
  g_autofree char *registries = NULL;
  const GOptionEntry entries[] = {
    { "within", 0, 0, G_OPTION_ARG_INT, &within,
      N_("Report what expires within DAYS (default 30; root certificates: at least 182)"), N_("DAYS") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("List every role, not only those that need action"), NULL },
    { "registries", 0, 0, G_OPTION_ARG_FILENAME, &registries,
      N_("The app's registries file (default $XDG_CONFIG_HOME/signet/registries.json; \"\" for none)"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(GPtrArray) guns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(SignetRemote) remote = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Scan scan = { 0 };
  int exit_code;
  guint sigint;

  if (!signet_cli_parse (&argc, &argv, "expiry", _("[REPOSITORY…]"),
                         _("Lists the roles, delegations and root certificates that expire within\n"
                           "DAYS or have expired, in every repository of the trust cache and of the\n"
                           "app's registries (or in those given), with what to do for each. The trust\n"
                           "data is verified (refreshed from the server, or the cache alone with\n"
                           "--offline). Exit status 0 when nothing needs action, 1 when something\n"
                           "does or a repository could not be verified, 2 for bad arguments."),
                         entries, &opts, TRUE, TRUE, &exit_code))
    return exit_code;

  if (within < 0 || within > MAX_WITHIN_DAYS)
    {
      fprintf (stderr, _("signet-cli expiry: --within takes a number of days from 0 to %d\n"),
               MAX_WITHIN_DAYS);
      return SIGNET_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      SignetReference *ref = signet_reference_parse (argv[i], &error);

      if (ref == NULL)
        {
          fprintf (stderr, "signet-cli expiry: %s\n", error->message);
          return SIGNET_CLI_EXIT_USAGE;
        }
      g_ptr_array_add (guns, g_strdup (signet_reference_get_gun (ref)));
      g_ptr_array_add (refs, ref);
    }
  g_ptr_array_add (guns, NULL);

  if (!opts.offline)
    {
      remote = signet_cli_remote_new (&opts, refs, &error);
      if (remote == NULL)
        {
          signet_cli_print_error (NULL, error);
          return SIGNET_CLI_EXIT_FAILED;
        }
    }

  signet_expiry_scan_async (remote, opts.trust_dir, registries,
                            argc > 1 ? (const char * const *) guns->pdata : NULL,
                            (guint) within,
                            opts.offline ? SIGNET_EXPIRY_SCAN_OFFLINE : SIGNET_EXPIRY_SCAN_NONE,
                            cancellable, scan_cb, &scan);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);
  signet_cli_wait (&scan.done);
  g_source_remove (sigint);

  if (scan.report == NULL)
    {
      signet_cli_print_error ("expiry", scan.error);
      g_clear_error (&scan.error);
      return SIGNET_CLI_EXIT_FAILED;
    }

  for (const char * const *n = signet_expiry_report_get_notes (scan.report); *n != NULL; n++)
    fprintf (stderr, _("note: %s\n"), *n);

  if (opts.json)
    print_json (scan.report, all);
  else
    print_table (scan.report, all);
  fflush (stdout);

  exit_code = signet_expiry_report_get_n_due (scan.report) > 0 ||
              signet_expiry_report_get_failed (scan.report)[0] != NULL
              ? SIGNET_CLI_EXIT_FAILED : SIGNET_CLI_EXIT_OK;
  g_clear_object (&scan.report);
  return exit_code;
}
