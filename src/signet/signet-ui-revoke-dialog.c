/* signet-ui-revoke-dialog.c: the signed tags and who signed them → the effect → revoke
 * (each tag in its own update) → the tags as the server now has them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"
#include "signet-ui-revoke-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiRevokeDialog
{
  SignetUiStepDialog   parent_instance;

  SignetTrustSummary  *summary;
  GPtrArray           *checks;      /* GtkCheckButton, data "tag" */
  GStrv                chosen;
  guint                next_tag;
  AdwPreferencesGroup *effect_group;
  SignetTrustSummary  *after;
  SignetOps           *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiRevokeDialog, signet_ui_revoke_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiRevokeDialog *self,
            const char           *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static void
check_toggled_cb (SignetUiRevokeDialog *self)
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
  g_autoptr(SignetUiRevokeDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesGroup *group;
  GListModel *tags;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  signet_ui_step_dialog_go_to (step, "tags");
  if (res == NULL || signet_ui_trust_result_get_summary (res) == NULL || signet_ui_trust_result_get_offline (res))
    {
      if (error == NULL)
        error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, _("No current trust data for %s"),
                             signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot read the signed tags"), error);
      signet_ui_step_dialog_set_next_sensitive (step, FALSE);
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Signed Tags"));
  adw_preferences_page_add (page_named (self, "tags"), group);
  tags = signet_trust_summary_get_tags (self->summary);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);
      g_autofree char *roles = g_strjoinv (", ", (char **) signet_trust_tag_get_roles (tag));
      g_autofree char *digest = signet_ui_short_digest (signet_trust_tag_get_digest (tag));
      g_autofree char *subtitle = g_strdup_printf (_("Signed by %s · %s"), roles, digest);
      g_autofree char *key = g_strconcat ("tag:", signet_trust_tag_get_name (tag), NULL);
      GtkCheckButton *check = signet_ui_check_row (group, signet_trust_tag_get_name (tag), subtitle, FALSE);

      g_object_set_data_full (G_OBJECT (check), "tag", g_strdup (signet_trust_tag_get_name (tag)), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }
  if (g_list_model_get_n_items (tags) == 0)
    signet_ui_info_row (group, _("No signed tags"), NULL);
  check_toggled_cb (self);
}

static void
show_effect (SignetUiRevokeDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "effect");

  if (self->effect_group != NULL)
    adw_preferences_page_remove (page, self->effect_group);
  self->effect_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->effect_group, _("Revoked"));
  adw_preferences_page_add (page, self->effect_group);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      SignetTrustTag *tag = signet_trust_summary_lookup_tag (self->summary, self->chosen[i]);
      g_autofree char *roles = tag ? g_strjoinv (", ", (char **) signet_trust_tag_get_roles (tag)) : g_strdup ("");
      g_autofree char *subtitle = g_strdup_printf (_("Signed now by %s; the signatures your keys can remove go"), roles);

      signet_ui_info_row (self->effect_group, self->chosen[i], subtitle);
    }
  signet_ui_step_dialog_set_error (step, _("Pulling a revoked tag with Docker Content Trust fails until it is "
                                           "signed again. The image stays in the registry."));
  signet_ui_step_dialog_go_to (step, "effect");
  signet_ui_step_dialog_set_next (step, _("_Revoke"), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (signet_ui_step_dialog_get_next_button (step)), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (signet_ui_step_dialog_get_next_button (step)), "destructive-action");
}

static void revoke_next (SignetUiRevokeDialog *self);

static void
show_done (SignetUiRevokeDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  page = signet_ui_step_dialog_show_result (step, _("Signatures Revoked"),
                                            _("Signet fetched the trust data again and verified it."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      SignetTrustTag *tag = self->after ? signet_trust_summary_lookup_tag (self->after, self->chosen[i]) : NULL;
      g_autofree char *roles = tag ? g_strjoinv (", ", (char **) signet_trust_tag_get_roles (tag)) : NULL;
      g_autofree char *subtitle = tag ? g_strdup_printf (_("Still signed by %s (keys you do not hold)"), roles)
                                      : g_strdup (_("No longer signed"));
      g_autofree char *key = g_strconcat ("result:", self->chosen[i], NULL);

      signet_ui_step_dialog_register (step, key, signet_ui_info_row (group, self->chosen[i], subtitle));
    }
}

static void
revoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiRevokeDialog) self = user_data;
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(GError) error = NULL;

  repo = signet_ops_finish (SIGNET_OPS (object), result, NULL, &error);
  if (repo == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Revoking %s failed"), self->chosen[self->next_tag - 1]);

      signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), what, error);
      return;
    }
  g_clear_object (&self->after);
  self->after = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  revoke_next (self);
}

static void
revoke_next (SignetUiRevokeDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autofree char *what = NULL;

  if (self->chosen[self->next_tag] == NULL)
    {
      show_done (self);
      return;
    }
  what = g_strdup_printf (_("Revoking %s…"), self->chosen[self->next_tag]);
  signet_ui_step_dialog_busy (step, what);
  signet_ops_revoke_async (self->ops, signet_ui_step_dialog_get_gun (step), self->chosen[self->next_tag++],
                           signet_ui_step_dialog_get_cancellable (step), revoked_cb, g_object_ref (self));
}

static void
signet_ui_revoke_dialog_next (SignetUiStepDialog *step,
                              const char         *page)
{
  SignetUiRevokeDialog *self = SIGNET_UI_REVOKE_DIALOG (step);

  if (g_str_equal (page, "tags"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < self->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
          g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->checks, i), "tag"));
      g_strfreev (self->chosen);
      self->chosen = g_strv_builder_end (builder);
      show_effect (self);
    }
  else if (g_str_equal (page, "effect"))
    {
      g_clear_object (&self->ops);
      self->ops = signet_ui_step_dialog_new_ops (step);
      self->next_tag = 0;
      revoke_next (self);
    }
}

static void
signet_ui_revoke_dialog_finalize (GObject *object)
{
  SignetUiRevokeDialog *self = SIGNET_UI_REVOKE_DIALOG (object);

  g_clear_object (&self->summary);
  g_clear_object (&self->after);
  g_ptr_array_unref (self->checks);
  g_strfreev (self->chosen);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_revoke_dialog_parent_class)->finalize (object);
}

static void
signet_ui_revoke_dialog_class_init (SignetUiRevokeDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_revoke_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_revoke_dialog_next;
}

static void
signet_ui_revoke_dialog_init (SignetUiRevokeDialog *self)
{
  self->checks = g_ptr_array_new ();
}

SignetUiRevokeDialog *
signet_ui_revoke_dialog_new (GtkWindow       *parent,
                             SignetUiSession *session,
                             const char      *repository)
{
  SignetUiRevokeDialog *self;
  SignetUiStepDialog *step;

  self = g_object_new (SIGNET_UI_TYPE_REVOKE_DIALOG, "transient-for", parent, "title", _("Revoke Signatures"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);
  signet_ui_step_dialog_add_page (step, "tags", _("Revoke Signatures"),
                                  _("Revoking removes a tag from the trust data: the signatures your keys "
                                    "made (as docker trust revoke does). Choose the tags."));
  signet_ui_step_dialog_add_page (step, "effect", _("What Changes"),
                                  _("Each tag is revoked in its own update to the notary server."));
  signet_ui_step_dialog_busy (step, _("Reading the signed tags…"));
  signet_ui_session_load_trust_async (session, repository, signet_ui_step_dialog_get_cancellable (step),
                                      trust_loaded_cb, g_object_ref (self));
  return self;
}
