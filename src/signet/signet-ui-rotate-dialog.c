/* signet-ui-rotate-dialog.c: the role and what changes → pre-flight (the keys needed and
 * whether they are held; before a root rotation a verified backup, else the backup
 * dialog) → publish → fetched again: the old and the new key IDs.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"
#include "signet-ui-backup-dialog.h"
#include "signet-ui-rotate-dialog.h"
#include "signet-ui-util.h"

static const struct
{
  const char *role;
  const char *title;
  const char *explanation;
} roles[] = {
  { "root", N_("Root"),
    N_("Needs the current root key. Signet makes a new root key and a new certificate; the new "
       "root metadata is signed by both the old and the new root key, so that clients move to it. "
       "Back up the keys first.") },
  { "targets", N_("Repository (Targets)"),
    N_("A new repository key in your trust folder replaces the old one. Needs the root key, which "
       "lists the keys of every role. Tags stay signed.") },
  { "snapshot", N_("Snapshot"),
    N_("A new snapshot key, made by the notary server (it then keeps it) or here in your trust "
       "folder. Needs the root key.") },
  { "timestamp", N_("Timestamp"),
    N_("The notary server makes a new timestamp key and keeps it. Needs the root key.") },
};

struct _SignetUiRotateDialog
{
  SignetUiStepDialog   parent_instance;

  GPtrArray           *checks;          /* GtkCheckButton per role, in roles[] order */
  GtkSwitch           *server_switch;
  const char          *role;
  SignetTrustSummary  *summary;
  GPtrArray           *keys;            /* SignetKeyInfo */
  char                *old_ids;
  gboolean             backup_ok;
  char                *backup_problem;
  AdwPreferencesGroup *check_group;
  SignetOps           *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiRotateDialog, signet_ui_rotate_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiRotateDialog *self,
            const char           *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static char *
role_key_ids (SignetTrustSummary *summary,
              const char         *role)
{
  SignetTrustRole *r = summary ? signet_trust_summary_lookup_role (summary, role) : NULL;
  GListModel *keys = r ? signet_trust_role_get_keys (r) : NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; keys && i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);
      g_autofree char *short_id = signet_ui_short_id (signet_trust_key_get_id (key));

      g_string_append_printf (ids, "%s%s", ids->len ? ", " : "", short_id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Pre-flight ------------------------------------------------------------------------------ */

static void run_preflight (SignetUiRotateDialog *self);

static void
show_preflight (SignetUiRotateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "check");
  guint root_held = signet_ui_count_held_keys (self->summary, "root", self->keys);
  gboolean is_root = g_str_equal (self->role, "root");
  gboolean ok = root_held > 0;
  g_autofree char *title = NULL;
  g_autofree char *current = role_key_ids (self->summary, self->role);
  AdwActionRow *row;

  if (self->check_group != NULL)
    adw_preferences_page_remove (page, self->check_group);
  self->check_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  title = g_strdup_printf (_("Rotate the %s Key"), self->role);
  adw_preferences_group_set_title (self->check_group, title);
  adw_preferences_page_add (page, self->check_group);
  signet_ui_info_row (self->check_group, _("Current key"), current);
  row = signet_ui_info_row (self->check_group, _("Root key"),
                            root_held > 0 ? _("Held in your trust folder (you may be asked for its passphrase)")
                                          : _("Not in your trust folder: only the holder of the root key can rotate keys"));
  adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (root_held > 0 ? "emblem-ok-symbolic" : "dialog-warning-symbolic"));
  signet_ui_step_dialog_register (step, "check:root-key", row);
  if (g_str_equal (self->role, "targets") || is_root ||
      (g_str_equal (self->role, "snapshot") && !gtk_switch_get_active (self->server_switch)))
    signet_ui_info_row (self->check_group, _("New key"), _("Made now in your trust folder (you will choose its passphrase)"));
  else
    signet_ui_info_row (self->check_group, _("New key"), _("Made and kept by the notary server"));
  if (is_root)
    {
      row = signet_ui_info_row (self->check_group, _("Backup"),
                                self->backup_ok ? _("A verified backup of the root key exists")
                                                : self->backup_problem);
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (self->backup_ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic"));
      signet_ui_step_dialog_register (step, "check:backup", row);
    }
  signet_ui_step_dialog_go_to (step, "check");
  if (!ok)
    {
      signet_ui_step_dialog_set_error (step, _("The root key is needed and is not in your trust folder. Restore it "
                                               "from a backup first."));
      signet_ui_step_dialog_set_next (step, _("_Rotate"), FALSE);
    }
  else if (is_root && !self->backup_ok)
    signet_ui_step_dialog_set_next (step, _("_Back Up First…"), TRUE);
  else
    signet_ui_step_dialog_set_next (step, _("_Rotate"), TRUE);
}

static void
backup_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetUiRotateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->backup_ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_free (self->backup_problem);
  self->backup_problem = error ? g_strdup_printf (_("No verified backup: %s"), error->message) : NULL;
  show_preflight (self);
}

static void
backup_check_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GPtrArray *ids = task_data;   /* trust dir, then the held root key IDs */
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (g_ptr_array_index (ids, 0));
  GError *error = NULL;

  for (guint i = 1; i < ids->len; i++)
    {
      g_clear_error (&error);
      if (_signet_ops_root_key_has_verified_backup (keystore, g_ptr_array_index (ids, i), &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }
  if (error == NULL)
    error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "no root key is held");
  g_task_return_error (task, error);
}

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignetUiRotateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GPtrArray *ids;
  SignetTrustRole *root;
  GListModel *root_keys;

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  self->keys = signet_ui_list_keys_finish (result, &error);
  if (self->keys == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot read your keys"), error);
      return;
    }
  if (!g_str_equal (self->role, "root"))
    {
      show_preflight (self);
      return;
    }
  /* the held keys of the root role: has one of them a verified backup? */
  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, signet_ui_step_dialog_get_trust_dir (step));
  root = signet_trust_summary_lookup_role (self->summary, "root");
  root_keys = root ? signet_trust_role_get_keys (root) : NULL;
  for (guint i = 0; root_keys && i < g_list_model_get_n_items (root_keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (root_keys, i);

      g_ptr_array_add (ids, g_strdup (signet_trust_key_get_canonical_id (key)));
    }
  task = g_task_new (NULL, signet_ui_step_dialog_get_cancellable (step), backup_checked_cb, g_object_ref (self));
  g_task_set_task_data (task, ids, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, backup_check_thread);
}

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiRotateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  if (res == NULL || signet_ui_trust_result_get_summary (res) == NULL || signet_ui_trust_result_get_offline (res))
    {
      if (error == NULL)
        error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, _("No current trust data for %s"),
                             signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot read the keys of the repository"), error);
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  trust_dir = signet_ui_step_dialog_get_trust_dir (step);
  signet_ui_list_keys_async (trust_dir, signet_ui_step_dialog_get_cancellable (step), keys_listed_cb,
                             g_object_ref (self));
}

static void
run_preflight (SignetUiRotateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);

  signet_ui_step_dialog_busy (step, _("Checking the keys needed…"));
  signet_ui_session_load_trust_async (signet_ui_step_dialog_get_session (step),
                                      signet_ui_step_dialog_get_repository (step),
                                      signet_ui_step_dialog_get_cancellable (step),
                                      trust_loaded_cb, g_object_ref (self));
}

static void
backup_closed_cb (SignetUiRotateDialog *self)
{
  run_preflight (self);
}

/* The work ----------------------------------------------------------------------------- */

static void
rotated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiRotateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_auto(GStrv) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *new_ids = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  repo = signet_ops_finish (SIGNET_OPS (object), result, &messages, &error);
  if (repo == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Rotation failed"), error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  new_ids = role_key_ids (summary, self->role);
  title = g_strdup_printf (_("The %s Key Is Rotated"), self->role);
  page = signet_ui_step_dialog_show_result (step, title,
                                            _("The notary server has the new key. Signet fetched the trust "
                                              "data again and verified it with the new key."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  signet_ui_step_dialog_register (step, "old-key", signet_ui_info_row (group, _("Old key"), self->old_ids));
  signet_ui_step_dialog_register (step, "new-key", signet_ui_info_row (group, _("New key"), new_ids));
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *notes = g_strjoinv ("\n", messages);

      signet_ui_info_row (group, _("What changed"), notes);
    }
}

static void
signet_ui_rotate_dialog_next (SignetUiStepDialog *step,
                              const char         *page)
{
  SignetUiRotateDialog *self = SIGNET_UI_ROTATE_DIALOG (step);

  if (g_str_equal (page, "role"))
    {
      for (guint i = 0; i < self->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
          self->role = roles[i].role;
      run_preflight (self);
    }
  else if (g_str_equal (page, "check") && g_str_equal (self->role, "root") && !self->backup_ok)
    {
      SignetUiBackupDialog *backup = signet_ui_backup_dialog_new (GTK_WINDOW (self), FALSE);

      g_signal_connect_object (backup, "destroy", G_CALLBACK (backup_closed_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (backup));
    }
  else if (g_str_equal (page, "check"))
    {
      gboolean server = g_str_equal (self->role, "timestamp") ||
                        (g_str_equal (self->role, "snapshot") && gtk_switch_get_active (self->server_switch));

      g_free (self->old_ids);
      self->old_ids = role_key_ids (self->summary, self->role);
      g_clear_object (&self->ops);
      self->ops = signet_ui_step_dialog_new_ops (step);
      signet_ui_step_dialog_busy (step, _("Rotating and publishing…"));
      signet_ops_rotate_async (self->ops, signet_ui_step_dialog_get_gun (step), self->role, server,
                               signet_ui_step_dialog_get_cancellable (step), rotated_cb, g_object_ref (self));
    }
}

static void
signet_ui_rotate_dialog_finalize (GObject *object)
{
  SignetUiRotateDialog *self = SIGNET_UI_ROTATE_DIALOG (object);

  g_ptr_array_unref (self->checks);
  g_clear_object (&self->summary);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->old_ids);
  g_free (self->backup_problem);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_rotate_dialog_parent_class)->finalize (object);
}

static void
signet_ui_rotate_dialog_class_init (SignetUiRotateDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_rotate_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_rotate_dialog_next;
}

static void
signet_ui_rotate_dialog_init (SignetUiRotateDialog *self)
{
  self->checks = g_ptr_array_new ();
  self->role = "targets";
}

SignetUiRotateDialog *
signet_ui_rotate_dialog_new (GtkWindow       *parent,
                             SignetUiSession *session,
                             const char      *repository,
                             const char      *role)
{
  SignetUiRotateDialog *self;
  SignetUiStepDialog *step;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  AdwActionRow *row;
  GtkWidget *sw;

  self = g_object_new (SIGNET_UI_TYPE_ROTATE_DIALOG, "transient-for", parent, "title", _("Rotate Keys"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);

  page = signet_ui_step_dialog_add_page (step, "role", _("Rotate Keys"),
                                        _("Rotating replaces the key of a role with a new one, for example "
                                          "when the old key may have leaked or someone who held it left. "
                                          "Choose the role."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *key = g_strconcat ("role:", roles[i].role, NULL);
      GtkCheckButton *check = signet_ui_check_row (group, _(roles[i].title), _(roles[i].explanation),
                                                   g_strcmp0 (role ? role : "targets", roles[i].role) == 0);

      if (i > 0)
        gtk_check_button_set_group (check, g_ptr_array_index (self->checks, 0));
      g_ptr_array_add (self->checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  row = signet_ui_info_row (group, _("Snapshot Key on the Server"),
                            _("For a snapshot rotation: the notary server makes and keeps the new key"));
  sw = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, sw);
  adw_action_row_set_activatable_widget (row, sw);
  self->server_switch = GTK_SWITCH (sw);
  signet_ui_step_dialog_register (step, "snapshot-on-server", sw);

  signet_ui_step_dialog_add_page (step, "check", _("Ready to Rotate"),
                                  _("Signet checked the keys the rotation needs."));
  return self;
}
