/* signet-ui-remove-signer-dialog.c: the signers (read from the server) → the effect (the
 * tags only that signer vouches for; a role left unable to sign) → remove → the signers
 * as the server now has them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"
#include "signet-ui-remove-signer-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiRemoveSignerDialog
{
  SignetUiStepDialog   parent_instance;

  SignetTrustSummary  *summary;
  AdwPreferencesGroup *signers_group;
  AdwPreferencesGroup *effect_group;
  GPtrArray           *checks;      /* GtkCheckButton, data "signer" */
  char                *chosen;
  SignetOps           *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiRemoveSignerDialog, signet_ui_remove_signer_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiRemoveSignerDialog *self,
            const char                 *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static gboolean
is_signer_role (const char *name)
{
  return g_str_has_prefix (name, "targets/") && strchr (name + strlen ("targets/"), '/') == NULL &&
         !g_str_equal (name, "targets/releases");
}

static void
check_toggled_cb (SignetUiRemoveSignerDialog *self)
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
  g_autoptr(SignetUiRemoveSignerDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page = page_named (self, "signer");
  GListModel *signers;
  GtkCheckButton *first = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  signet_ui_step_dialog_go_to (step, "signer");
  if (res == NULL || signet_ui_trust_result_get_summary (res) == NULL || signet_ui_trust_result_get_offline (res))
    {
      if (error == NULL)
        error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, _("No current trust data for %s"),
                             signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot read the signers"), error);
      signet_ui_step_dialog_set_next_sensitive (step, FALSE);
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  self->signers_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->signers_group, _("Signers"));
  adw_preferences_page_add (page, self->signers_group);
  signers = signet_trust_summary_get_signers (self->summary);
  for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);
      const char *name = signet_trust_signer_get_role_name (signer);
      guint n_keys = g_list_model_get_n_items (signet_trust_signer_get_keys (signer));
      g_autofree char *subtitle = NULL;
      g_autofree char *key = NULL;
      GtkCheckButton *check;

      if (!is_signer_role (name))
        continue;
      subtitle = g_strdup_printf (ngettext ("%u key", "%u keys", n_keys), n_keys);
      check = signet_ui_check_row (self->signers_group, name + strlen ("targets/"), subtitle, FALSE);
      if (first == NULL)
        first = check;
      else
        gtk_check_button_set_group (check, first);
      g_object_set_data_full (G_OBJECT (check), "signer", g_strdup (name + strlen ("targets/")), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      key = g_strconcat ("signer:", name + strlen ("targets/"), NULL);
      signet_ui_step_dialog_register (step, key, check);
    }
  if (first == NULL)
    signet_ui_info_row (self->signers_group, _("No signers"), _("Only the repository key signs here."));
  check_toggled_cb (self);
}

/* The key IDs of @role. */
static GHashTable *
role_key_ids (SignetTrustSummary *summary,
              const char         *role)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SignetTrustRole *r = signet_trust_summary_lookup_role (summary, role);
  GListModel *keys = r ? signet_trust_role_get_keys (r) : NULL;
  GListModel *signers = signet_trust_summary_get_signers (summary);

  for (guint i = 0; keys == NULL && i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);

      if (g_str_equal (signet_trust_signer_get_role_name (signer), role))
        keys = signet_trust_signer_get_keys (signer);
    }

  for (guint i = 0; keys && i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);

      g_hash_table_add (ids, g_strdup (signet_trust_key_get_id (key)));
    }
  return ids;
}

static void
show_effect (SignetUiRemoveSignerDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "effect");
  g_autofree char *role = g_strconcat ("targets/", self->chosen, NULL);
  g_autoptr(GHashTable) mine = role_key_ids (self->summary, role);
  g_autoptr(GHashTable) releases = role_key_ids (self->summary, "targets/releases");
  g_autoptr(GString) lost = g_string_new (NULL);
  GListModel *tags = signet_trust_summary_get_tags (self->summary);
  GListModel *signers = signet_trust_summary_get_signers (self->summary);
  gboolean releases_left = FALSE;
  guint other_signers = 0;
  GHashTableIter iter;
  gpointer id;
  g_autofree char *title = NULL;

  /* releases keeps the keys no other signer shares; it is left without keys otherwise */
  g_hash_table_iter_init (&iter, releases);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (mine, id))
      releases_left = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) r = g_list_model_get_item (signers, i);

      if (is_signer_role (signet_trust_signer_get_role_name (r)) && !g_str_equal (signet_trust_signer_get_role_name (r), role))
        other_signers++;
    }
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);
      const char * const *tag_roles = signet_trust_tag_get_roles (tag);
      gboolean only_mine = tag_roles != NULL && tag_roles[0] != NULL;

      for (guint j = 0; tag_roles && tag_roles[j] != NULL; j++)
        if (!g_str_equal (tag_roles[j], role) && !(g_str_equal (tag_roles[j], "targets/releases") && !releases_left))
          only_mine = FALSE;
      if (only_mine)
        g_string_append_printf (lost, "%s%s", lost->len ? ", " : "", signet_trust_tag_get_name (tag));
    }

  if (self->effect_group != NULL)
    adw_preferences_page_remove (page, self->effect_group);
  self->effect_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  title = g_strdup_printf (_("Remove “%s”"), self->chosen);
  adw_preferences_group_set_title (self->effect_group, title);
  adw_preferences_page_add (page, self->effect_group);
  signet_ui_info_row (self->effect_group, _("Role removed"), role);
  signet_ui_step_dialog_register (step, "lost-tags",
                                  signet_ui_info_row (self->effect_group, _("Tags only this signer vouches for"),
                                                      lost->len ? lost->str : _("None: every tag keeps a signature")));
  if (lost->len)
    signet_ui_step_dialog_set_error (step, _("These tags lose their signatures: pulling them with Docker Content "
                                             "Trust will fail until someone signs them again."));
  if (!releases_left && g_hash_table_size (releases) > 0)
    signet_ui_info_row (self->effect_group, _("Warning"),
                        _("The releases role is left without keys: no signer can sign releases until you add one."));
  else if (other_signers == 0)
    signet_ui_info_row (self->effect_group, _("Note"),
                        _("No signer is left; only the repository key can sign."));
  signet_ui_step_dialog_go_to (step, "effect");
  signet_ui_step_dialog_set_next (step, _("_Remove Signer"), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (signet_ui_step_dialog_get_next_button (step)), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (signet_ui_step_dialog_get_next_button (step)), "destructive-action");
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiRemoveSignerDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_auto(GStrv) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) left = g_string_new (NULL);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GListModel *signers;
  g_autofree char *title = NULL;

  repo = signet_ops_finish (SIGNET_OPS (object), result, &messages, &error);
  if (repo == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Removing the signer failed"), error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  title = g_strdup_printf (_("Signer “%s” Removed"), self->chosen);
  page = signet_ui_step_dialog_show_result (step, title,
                                            _("The notary server no longer lists this signer. Signet fetched "
                                              "the trust data again and verified it."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  signers = signet_trust_summary_get_signers (summary);
  for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) r = g_list_model_get_item (signers, i);

      if (is_signer_role (signet_trust_signer_get_role_name (r)))
        g_string_append_printf (left, "%s%s", left->len ? ", " : "", signet_trust_signer_get_name (r));
    }
  signet_ui_step_dialog_register (step, "signers-left",
                                  signet_ui_info_row (group, _("Signers now"), left->len ? left->str : _("None")));
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *notes = g_strjoinv ("\n", messages);

      signet_ui_info_row (group, _("What changed"), notes);
    }
}

static void
signet_ui_remove_signer_dialog_next (SignetUiStepDialog *step,
                                     const char         *page)
{
  SignetUiRemoveSignerDialog *self = SIGNET_UI_REMOVE_SIGNER_DIALOG (step);

  if (g_str_equal (page, "signer"))
    {
      for (guint i = 0; i < self->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
          {
            g_free (self->chosen);
            self->chosen = g_strdup (g_object_get_data (g_ptr_array_index (self->checks, i), "signer"));
          }
      if (self->chosen != NULL)
        show_effect (self);
    }
  else if (g_str_equal (page, "effect"))
    {
      g_clear_object (&self->ops);
      self->ops = signet_ui_step_dialog_new_ops (step);
      signet_ui_step_dialog_busy (step, _("Removing the signer and publishing…"));
      signet_ops_remove_signer_async (self->ops, signet_ui_step_dialog_get_gun (step), self->chosen,
                                      signet_ui_step_dialog_get_cancellable (step), removed_cb, g_object_ref (self));
    }
}

static void
signet_ui_remove_signer_dialog_finalize (GObject *object)
{
  SignetUiRemoveSignerDialog *self = SIGNET_UI_REMOVE_SIGNER_DIALOG (object);

  g_clear_object (&self->summary);
  g_ptr_array_unref (self->checks);
  g_free (self->chosen);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_remove_signer_dialog_parent_class)->finalize (object);
}

static void
signet_ui_remove_signer_dialog_class_init (SignetUiRemoveSignerDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_remove_signer_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_remove_signer_dialog_next;
}

static void
signet_ui_remove_signer_dialog_init (SignetUiRemoveSignerDialog *self)
{
  self->checks = g_ptr_array_new ();
}

SignetUiRemoveSignerDialog *
signet_ui_remove_signer_dialog_new (GtkWindow       *parent,
                                    SignetUiSession *session,
                                    const char      *repository)
{
  SignetUiRemoveSignerDialog *self;
  SignetUiStepDialog *step;

  self = g_object_new (SIGNET_UI_TYPE_REMOVE_SIGNER_DIALOG, "transient-for", parent, "title", _("Remove Signer"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);
  signet_ui_step_dialog_add_page (step, "signer", _("Remove Signer"),
                                  _("The signer’s role is removed and its keys leave the releases role "
                                    "(unless another signer shares them). Tags it signed stay signed only "
                                    "if someone else signed them too."));
  signet_ui_step_dialog_add_page (step, "effect", _("What Changes"),
                                  _("Signet compared the signer with the other signers of this repository."));
  signet_ui_step_dialog_busy (step, _("Reading the signers…"));
  signet_ui_session_load_trust_async (session, repository, signet_ui_step_dialog_get_cancellable (step),
                                      trust_loaded_cb, g_object_ref (self));
  return self;
}
