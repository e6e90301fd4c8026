/* signet-ui-init-dialog.c: what set-up makes → pre-flight (no trust data yet, which root
 * key) → publish → the roles and keys as the server now has them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-trust-summary-private.h"
#include "signet-repository-private.h"
#include "signet-ui-init-dialog.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiInitDialog
{
  SignetUiStepDialog   parent_instance;

  GtkSwitch           *new_root_switch;
  GtkSwitch           *local_snapshot_switch;
  AdwPreferencesGroup *check_group;
  char                *root_key_id;   /* the held root key that will be used, or NULL */
  SignetOps           *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiInitDialog, signet_ui_init_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiInitDialog *self,
            const char         *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignetUiInitDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  AdwPreferencesPage *page = page_named (self, "check");
  gboolean new_root = gtk_switch_get_active (self->new_root_switch);

  keys = signet_ui_list_keys_finish (result, &error);
  if (keys == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot read your keys"), error);
      return;
    }
  g_clear_pointer (&self->root_key_id, g_free);
  for (guint i = 0; !new_root && i < keys->len && self->root_key_id == NULL; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (keys, i);

      if (g_strcmp0 (info->role, "root") == 0)
        self->root_key_id = g_strdup (info->id);
    }

  if (self->check_group != NULL)
    adw_preferences_page_remove (page, self->check_group);
  self->check_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->check_group, _("Ready"));
  adw_preferences_page_add (page, self->check_group);
  signet_ui_info_row (self->check_group, _("Notary server"), _("Reachable; the repository has no trust data yet"));
  if (self->root_key_id != NULL)
    {
      g_autofree char *short_id = signet_ui_short_id (self->root_key_id);

      root = g_strdup_printf (_("Your root key %s (you may be asked for its passphrase)"), short_id);
    }
  else
    root = g_strdup (_("A new root key (you will choose its passphrase)"));
  signet_ui_info_row (self->check_group, _("Root key"), root);
  signet_ui_info_row (self->check_group, _("Repository (targets) key"),
                      _("A new key in your trust folder (you will choose its passphrase)"));
  signet_ui_info_row (self->check_group, _("Snapshot key"),
                      gtk_switch_get_active (self->local_snapshot_switch)
                      ? _("A new key in your trust folder") : _("Kept by the notary server"));
  signet_ui_info_row (self->check_group, _("Timestamp key"), _("Kept by the notary server"));
  signet_ui_step_dialog_go_to (step, "check");
  signet_ui_step_dialog_set_next (step, _("_Set Up"), TRUE);
}

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiInitDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  if (res == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot reach the notary server"), error);
      return;
    }
  if (signet_ui_trust_result_get_offline (res))
    {
      signet_ui_step_dialog_fail (step, _("The notary server does not answer"),
                                  signet_ui_trust_result_get_error (res));
      return;
    }
  if (signet_ui_trust_result_get_summary (res) != NULL)
    {
      g_autoptr(GError) exists = g_error_new (SIGNET_ERROR, SIGNET_ERROR_CONFLICT,
                                              _("%s already has trust data: it is set up."),
                                              signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Nothing to set up"), exists);
      return;
    }
  trust_dir = signet_ui_step_dialog_get_trust_dir (step);
  signet_ui_list_keys_async (trust_dir, signet_ui_step_dialog_get_cancellable (step), keys_listed_cb,
                             g_object_ref (self));
}

static void
init_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetUiInitDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_auto(GStrv) messages = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GListModel *roles;

  repo = signet_ops_finish (SIGNET_OPS (object), result, &messages, &error);
  if (repo == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Set-up failed"), error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  page = signet_ui_step_dialog_show_result (step, _("Signing Is Set Up"),
                                            _("The notary server now has the trust data of this "
                                              "repository. Signet fetched it again and verified it. "
                                              "Back up your root key: without it, nobody can change "
                                              "who may sign."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Roles"));
  adw_preferences_page_add (page, group);
  roles = signet_trust_summary_get_roles (summary);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SignetTrustRole) role = g_list_model_get_item (roles, i);
      GListModel *keys = signet_trust_role_get_keys (role);
      g_autoptr(GString) ids = g_string_new (NULL);
      g_autofree char *name = g_strconcat ("role:", signet_trust_role_get_name (role), NULL);
      AdwActionRow *row;

      for (guint j = 0; j < g_list_model_get_n_items (keys); j++)
        {
          g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, j);
          g_autofree char *short_id = signet_ui_short_id (signet_trust_key_get_id (key));

          g_string_append_printf (ids, "%s%s", ids->len ? ", " : "", short_id);
        }
      row = signet_ui_info_row (group, signet_trust_role_get_name (role), ids->str);
      signet_ui_step_dialog_register (step, name, row);
    }
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *notes = g_strjoinv ("\n", messages);

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Notes"));
      adw_preferences_page_add (page, group);
      signet_ui_info_row (group, _("What was made"), notes);
    }
}

static void
signet_ui_init_dialog_next (SignetUiStepDialog *step,
                            const char         *page)
{
  SignetUiInitDialog *self = SIGNET_UI_INIT_DIALOG (step);

  if (g_str_equal (page, "about"))
    {
      signet_ui_step_dialog_busy (step, _("Checking the notary server and your keys…"));
      signet_ui_session_load_trust_async (signet_ui_step_dialog_get_session (step),
                                          signet_ui_step_dialog_get_repository (step),
                                          signet_ui_step_dialog_get_cancellable (step),
                                          trust_loaded_cb, g_object_ref (self));
    }
  else if (g_str_equal (page, "check"))
    {
      g_clear_object (&self->ops);
      self->ops = signet_ui_step_dialog_new_ops (step);
      signet_ui_step_dialog_busy (step, _("Making keys and publishing…"));
      signet_ops_init_async (self->ops, signet_ui_step_dialog_get_gun (step), self->root_key_id,
                             self->root_key_id == NULL, gtk_switch_get_active (self->local_snapshot_switch),
                             signet_ui_step_dialog_get_cancellable (step), init_done_cb, g_object_ref (self));
    }
}

static void
signet_ui_init_dialog_finalize (GObject *object)
{
  SignetUiInitDialog *self = SIGNET_UI_INIT_DIALOG (object);

  g_free (self->root_key_id);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_init_dialog_parent_class)->finalize (object);
}

static void
signet_ui_init_dialog_class_init (SignetUiInitDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_init_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_init_dialog_next;
}

static void
signet_ui_init_dialog_init (SignetUiInitDialog *self)
{
}

static GtkSwitch *
switch_row (AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle)
{
  AdwActionRow *row = signet_ui_info_row (group, title, subtitle);
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, sw);
  adw_action_row_set_activatable_widget (row, sw);
  return GTK_SWITCH (sw);
}

SignetUiInitDialog *
signet_ui_init_dialog_new (GtkWindow       *parent,
                           SignetUiSession *session,
                           const char      *repository)
{
  SignetUiInitDialog *self;
  SignetUiStepDialog *step;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  self = g_object_new (SIGNET_UI_TYPE_INIT_DIALOG, "transient-for", parent, "title", _("Set Up Signing"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);

  page = signet_ui_step_dialog_add_page (step, "about", _("Set Up Signing"),
                                        _("Setting up signing creates the trust data of this repository "
                                          "on the notary server. A root key (the one you already have, or "
                                          "a new one) certifies the other keys; a new repository key in "
                                          "your trust folder signs tags; the server keeps the timestamp "
                                          "key and, unless you choose otherwise, the snapshot key."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Options"));
  adw_preferences_page_add (page, group);
  self->new_root_switch = switch_row (group, _("Make a New Root Key"),
                                      _("Otherwise your existing root key is used, if you have one"));
  self->local_snapshot_switch = switch_row (group, _("Keep the Snapshot Key Here"),
                                            _("Then only you can publish changes, also to tags signed by others"));
  signet_ui_step_dialog_register (step, "new-root", self->new_root_switch);
  signet_ui_step_dialog_register (step, "local-snapshot", self->local_snapshot_switch);

  signet_ui_step_dialog_add_page (step, "check", _("Ready to Set Up"),
                                  _("Signet checked the notary server and your trust folder. This is "
                                    "what will be made."));
  return self;
}
