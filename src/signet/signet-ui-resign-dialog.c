/* signet-ui-resign-dialog.c: the roles with their expiry (those in the warning window
 * checked) → re-sign with a new version and expiry → the new expiry as fetched again.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"
#include "signet-ui-resign-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiResignDialog
{
  SignetUiStepDialog   parent_instance;

  char                *role;
  guint                warning_days;
  SignetTrustSummary  *summary;
  GPtrArray           *checks;     /* GtkCheckButton, data "role" */
  GStrv                chosen;
  SignetOps           *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiResignDialog, signet_ui_resign_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiResignDialog *self,
            const char           *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static char *
describe_role (SignetTrustRole *role)
{
  g_autofree char *date = signet_ui_format_date (signet_trust_role_get_expires (role));

  return g_strdup_printf (_("Version %" G_GINT64_FORMAT " · expires %s"), signet_trust_role_get_version (role), date);
}

static void
check_toggled_cb (SignetUiResignDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->checks->len; i++)
    any |= gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), any);
}

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiResignDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesGroup *group;
  GListModel *roles;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  signet_ui_step_dialog_go_to (step, "roles");
  if (res == NULL || signet_ui_trust_result_get_summary (res) == NULL || signet_ui_trust_result_get_offline (res))
    {
      if (error == NULL)
        error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, _("No current trust data for %s"),
                             signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot read the roles"), error);
      signet_ui_step_dialog_set_next_sensitive (step, FALSE);
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Roles"));
  adw_preferences_page_add (page_named (self, "roles"), group);
  roles = signet_trust_summary_get_roles (self->summary);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);
      const char *name = signet_trust_role_get_name (role);
      g_autofree char *subtitle = describe_role (role);
      g_autofree char *key = g_strconcat ("role:", name, NULL);
      SignetUiExpiryLevel level = signet_ui_expiry_level (signet_trust_role_get_expires (role), now, self->warning_days);
      GtkCheckButton *check;

      /* the server re-signs the timestamp itself */
      if (g_str_equal (name, "timestamp"))
        continue;
      check = signet_ui_check_row (group, name, subtitle,
                                   level == SIGNET_UI_EXPIRY_WARNING || level == SIGNET_UI_EXPIRY_EXPIRED ||
                                   g_strcmp0 (name, self->role) == 0);
      g_object_set_data_full (G_OBJECT (check), "role", g_strdup (name), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }
  check_toggled_cb (self);
}

static void
resigned_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiResignDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  repo = signet_ops_finish (SIGNET_OPS (object), result, NULL, &error);
  if (repo == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Re-signing failed"), error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  page = signet_ui_step_dialog_show_result (step, _("Re-Signed"),
                                            _("The notary server has the new signatures. Signet fetched the "
                                              "trust data again and verified it."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      SignetTrustRole *before = signet_trust_summary_lookup_role (self->summary, self->chosen[i]);
      SignetTrustRole *after = signet_trust_summary_lookup_role (summary, self->chosen[i]);
      g_autofree char *was = before ? describe_role (before) : g_strdup ("");
      g_autofree char *now = after ? describe_role (after) : g_strdup (_("missing"));
      g_autofree char *text = g_strdup_printf (_("Now: %s\nWas: %s"), now, was);
      g_autofree char *key = g_strconcat ("result:", self->chosen[i], NULL);
      AdwActionRow *row = signet_ui_info_row (group, self->chosen[i], text);

      if (after != NULL)
        g_object_set_data (G_OBJECT (row), "version", GINT_TO_POINTER ((int) signet_trust_role_get_version (after)));
      if (before != NULL)
        g_object_set_data (G_OBJECT (row), "old-version", GINT_TO_POINTER ((int) signet_trust_role_get_version (before)));
      signet_ui_step_dialog_register (step, key, row);
    }
}

static void
signet_ui_resign_dialog_next (SignetUiStepDialog *step,
                              const char         *page)
{
  SignetUiResignDialog *self = SIGNET_UI_RESIGN_DIALOG (step);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (!g_str_equal (page, "roles"))
    return;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->checks, i), "role"));
  g_strfreev (self->chosen);
  self->chosen = g_strv_builder_end (builder);
  g_clear_object (&self->ops);
  self->ops = signet_ui_step_dialog_new_ops (step);
  signet_ui_step_dialog_busy (step, _("Re-signing and publishing…"));
  signet_ops_witness_async (self->ops, signet_ui_step_dialog_get_gun (step), (const char * const *) self->chosen,
                            signet_ui_step_dialog_get_cancellable (step), resigned_cb, g_object_ref (self));
}

static void
signet_ui_resign_dialog_finalize (GObject *object)
{
  SignetUiResignDialog *self = SIGNET_UI_RESIGN_DIALOG (object);

  g_free (self->role);
  g_clear_object (&self->summary);
  g_ptr_array_unref (self->checks);
  g_strfreev (self->chosen);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_resign_dialog_parent_class)->finalize (object);
}

static void
signet_ui_resign_dialog_class_init (SignetUiResignDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_resign_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_resign_dialog_next;
}

static void
signet_ui_resign_dialog_init (SignetUiResignDialog *self)
{
  self->checks = g_ptr_array_new ();
}

SignetUiResignDialog *
signet_ui_resign_dialog_new (GtkWindow       *parent,
                             SignetUiSession *session,
                             const char      *repository,
                             const char      *role,
                             guint            warning_days)
{
  SignetUiResignDialog *self;
  SignetUiStepDialog *step;

  self = g_object_new (SIGNET_UI_TYPE_RESIGN_DIALOG, "transient-for", parent, "title", _("Re-Sign"), NULL);
  self->role = g_strdup (role);
  self->warning_days = warning_days;
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);
  signet_ui_step_dialog_add_page (step, "roles", _("Re-Sign Before Expiry"),
                                  _("Signatures expire. Re-signing a role gives it a new version and a "
                                    "new expiry without changing what it lists. Roles that expire soon "
                                    "are checked."));
  signet_ui_step_dialog_set_next (step, _("_Re-Sign"), FALSE);
  signet_ui_step_dialog_busy (step, _("Reading the roles…"));
  signet_ui_session_load_trust_async (session, repository, signet_ui_step_dialog_get_cancellable (step),
                                      trust_loaded_cb, g_object_ref (self));
  return self;
}
