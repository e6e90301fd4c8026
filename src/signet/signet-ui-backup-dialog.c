/* signet-ui-backup-dialog.c
 *
 * Back up: what a backup is → the folder (removable media are fine) and the keys it will
 * hold → write, re-read and prove every key decrypts → the archive and what it holds.
 * Restore: the archive → what it holds → restore → what was restored and the conflicts
 * (keys here with other bytes, never overwritten).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-backup-private.h"
#include "signet-ui-backup-dialog.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiBackupDialog
{
  SignetUiStepDialog    parent_instance;

  gboolean              restore;
  char                 *path;
  char                 *archive;
  SignetBackup         *backup;
  AdwActionRow         *path_row;
  AdwPreferencesGroup  *keys_group;
  GtkFileChooserNative *chooser;
  SignetPassphraseChain *chain;
};

G_DEFINE_FINAL_TYPE (SignetUiBackupDialog, signet_ui_backup_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiBackupDialog *self,
            const char           *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static char *
describe_entry (const char *role,
                const char *gun)
{
  return gun ? g_strdup_printf ("%s · %s", role ? role : _("no role"), gun) : g_strdup (role ? role : _("no role"));
}

static void
show_entries (SignetUiBackupDialog *self,
              AdwPreferencesGroup  *group,
              const char           *status)
{
  GPtrArray *entries = _signet_backup_get_entries (self->backup);

  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *short_id = signet_ui_short_id (e->id);
      g_autofree char *what = describe_entry (e->role, e->gun);
      g_autofree char *subtitle = status ? g_strdup_printf ("%s · %s", what, status) : g_strdup (what);
      g_autofree char *name = g_strconcat ("entry:", e->id, NULL);

      signet_ui_step_dialog_register (SIGNET_UI_STEP_DIALOG (self), name,
                                      signet_ui_info_row (group, short_id, subtitle));
    }
}

/* Back up ---------------------------------------------------------------------------- */

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignetUiBackupDialog) self = user_data;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  keys = signet_ui_list_keys_finish (result, &error);
  if (keys == NULL)
    {
      signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), error->message);
      return;
    }
  title = g_strdup_printf (ngettext ("%u Key", "%u Keys", keys->len), keys->len);
  adw_preferences_group_set_title (self->keys_group, title);
  for (guint i = 0; i < keys->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (keys, i);
      g_autofree char *short_id = signet_ui_short_id (info->id);
      g_autofree char *what = describe_entry (info->role, info->gun);

      signet_ui_info_row (self->keys_group, short_id, what);
    }
  if (keys->len == 0)
    signet_ui_info_row (self->keys_group, _("No keys"), _("Your trust folder holds no private keys."));
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiBackupDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autofree char *title = NULL;

  if (!_signet_backup_verify_keys_finish (result, &error))
    {
      g_autofree char *what = g_strdup_printf (_("The archive %s was written, but a key in it could not be proven"),
                                               self->archive);

      g_clear_pointer (&self->archive, g_free);
      signet_ui_step_dialog_fail (step, what, error);
      return;
    }
  page = signet_ui_step_dialog_show_result (step, _("Keys Backed Up"),
                                            _("Signet wrote the archive, read it back and proved that every "
                                              "key in it decrypts with its passphrase. The keys stay "
                                              "encrypted: keep the passphrases apart from the archive."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Archive"));
  adw_preferences_page_add (page, group);
  signet_ui_step_dialog_register (step, "archive", signet_ui_info_row (group, _("Written to"), self->archive));
  signet_ui_info_row (group, _("Created"), _signet_backup_get_created (self->backup));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  title = g_strdup_printf (ngettext ("%u Key, Verified", "%u Keys, Verified", _signet_backup_get_entries (self->backup)->len),
                           _signet_backup_get_entries (self->backup)->len);
  adw_preferences_group_set_title (group, title);
  adw_preferences_page_add (page, group);
  show_entries (self, group, _("decrypts"));
}

static void
archive_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiBackupDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->backup, _signet_backup_free);
  self->backup = _signet_backup_read_finish (result, &error);
  if (self->backup == NULL)
    {
      signet_ui_step_dialog_fail (step, self->restore ? _("Cannot read the archive") : _("The archive does not read back"),
                                  error);
      return;
    }
  if (self->restore)
    {
      AdwPreferencesPage *page = page_named (self, "contents");
      g_autofree char *title = g_strdup_printf (ngettext ("%u Key", "%u Keys", _signet_backup_get_entries (self->backup)->len),
                                                _signet_backup_get_entries (self->backup)->len);

      if (self->keys_group != NULL)
        adw_preferences_page_remove (page, self->keys_group);
      self->keys_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->keys_group, title);
      adw_preferences_group_set_description (self->keys_group, _signet_backup_get_created (self->backup));
      adw_preferences_page_add (page, self->keys_group);
      show_entries (self, self->keys_group, NULL);
      signet_ui_step_dialog_go_to (step, "contents");
      signet_ui_step_dialog_set_next (step, _("_Restore"), TRUE);
      return;
    }
  signet_ui_step_dialog_busy (step, _("Proving every key decrypts…"));
  g_clear_object (&self->chain);
  self->chain = signet_ui_passphrase_chain_new (GTK_WINDOW (self));
  _signet_backup_verify_keys_async (self->backup, self->chain, signet_ui_step_dialog_get_cancellable (step),
                                    verified_cb, g_object_ref (self));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiBackupDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;

  g_free (self->archive);
  self->archive = _signet_backup_create_finish (result, &error);
  if (self->archive == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot write the backup"), error);
      return;
    }
  signet_ui_step_dialog_busy (step, _("Reading the archive back…"));
  _signet_backup_read_async (self->archive, signet_ui_step_dialog_get_cancellable (step), archive_read_cb,
                             g_object_ref (self));
}

/* Restore ------------------------------------------------------------------------------ */

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiBackupDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  gboolean ok;

  ok = _signet_backup_restore_finish (result, &restored, &conflicts, &error);
  if (!ok && !g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_CONFLICT))
    {
      signet_ui_step_dialog_fail (step, _("Cannot restore"), error);
      return;
    }
  page = signet_ui_step_dialog_show_result (step, ok ? _("Keys Restored") : _("Keys Restored, with Conflicts"),
                                            ok ? _("The keys of the archive are in your trust folder.")
                                               : _("Some keys in your trust folder differ from the archive’s "
                                                   "copies. Signet left them as they are; compare them before "
                                                   "you remove either."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Restored"));
  adw_preferences_page_add (page, group);
  for (guint i = 0; i < restored->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (restored, i));

      signet_ui_info_row (group, base, g_ptr_array_index (restored, i));
    }
  if (restored->len == 0)
    signet_ui_info_row (group, _("Nothing new"), _("Every key was already here, the same."));
  signet_ui_step_dialog_register (step, "restored", group);
  g_object_set_data (G_OBJECT (group), "count", GUINT_TO_POINTER (restored->len));
  if (conflicts->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Conflicts"));
      adw_preferences_page_add (page, group);
      for (guint i = 0; i < conflicts->len; i++)
        {
          AdwActionRow *row = signet_ui_info_row (group, g_ptr_array_index (conflicts, i),
                                                  _("A different key file is here: not overwritten"));

          adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
        }
      signet_ui_step_dialog_register (step, "conflicts", group);
      g_object_set_data (G_OBJECT (group), "count", GUINT_TO_POINTER (conflicts->len));
    }
}

/* Steps --------------------------------------------------------------------------------- */

static void
signet_ui_backup_dialog_next (SignetUiStepDialog *step,
                              const char         *page)
{
  SignetUiBackupDialog *self = SIGNET_UI_BACKUP_DIALOG (step);

  if (g_str_equal (page, "choose") && !self->restore)
    {
      g_autofree char *trust_dir = signet_ui_step_dialog_get_trust_dir (step);
      g_autoptr(SignetKeystore) keystore = _signet_keystore_new (trust_dir);

      signet_ui_step_dialog_busy (step, _("Writing the archive…"));
      _signet_backup_create_async (keystore, self->path, 0, signet_ui_step_dialog_get_cancellable (step),
                                   created_cb, g_object_ref (self));
    }
  else if (g_str_equal (page, "choose"))
    {
      signet_ui_step_dialog_busy (step, _("Reading the archive…"));
      _signet_backup_read_async (self->path, signet_ui_step_dialog_get_cancellable (step), archive_read_cb,
                                 g_object_ref (self));
    }
  else if (g_str_equal (page, "contents"))
    {
      g_autofree char *trust_dir = signet_ui_step_dialog_get_trust_dir (step);
      g_autoptr(SignetKeystore) keystore = _signet_keystore_new (trust_dir);

      signet_ui_step_dialog_busy (step, _("Restoring…"));
      _signet_backup_restore_async (self->backup, keystore, signet_ui_step_dialog_get_cancellable (step),
                                    restored_cb, g_object_ref (self));
    }
}

void
signet_ui_backup_dialog_set_path (SignetUiBackupDialog *self,
                                  const char           *path)
{
  g_return_if_fail (SIGNET_UI_IS_BACKUP_DIALOG (self));

  g_free (self->path);
  self->path = g_strdup (path);
  adw_action_row_set_subtitle (self->path_row, path);
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), path != NULL);
}

const char *
signet_ui_backup_dialog_get_archive (SignetUiBackupDialog *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_BACKUP_DIALOG (self), NULL);
  return self->archive;
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     SignetUiBackupDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        signet_ui_backup_dialog_set_path (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (SignetUiBackupDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (self->restore ? _("Backup Archive") : _("Backup Folder"),
                                               GTK_WINDOW (self),
                                               self->restore ? GTK_FILE_CHOOSER_ACTION_OPEN
                                                             : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
signet_ui_backup_dialog_dispose (GObject *object)
{
  SignetUiBackupDialog *self = SIGNET_UI_BACKUP_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (signet_ui_backup_dialog_parent_class)->dispose (object);
}

static void
signet_ui_backup_dialog_finalize (GObject *object)
{
  SignetUiBackupDialog *self = SIGNET_UI_BACKUP_DIALOG (object);

  g_free (self->path);
  g_free (self->archive);
  g_clear_pointer (&self->backup, _signet_backup_free);
  g_clear_object (&self->chain);

  G_OBJECT_CLASS (signet_ui_backup_dialog_parent_class)->finalize (object);
}

static void
signet_ui_backup_dialog_class_init (SignetUiBackupDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = signet_ui_backup_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = signet_ui_backup_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_backup_dialog_next;
}

static void
signet_ui_backup_dialog_init (SignetUiBackupDialog *self)
{
}

SignetUiBackupDialog *
signet_ui_backup_dialog_new (GtkWindow *parent,
                             gboolean   restore)
{
  SignetUiBackupDialog *self;
  SignetUiStepDialog *step;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *button;

  self = g_object_new (SIGNET_UI_TYPE_BACKUP_DIALOG, "transient-for", parent,
                       "title", restore ? _("Restore Keys") : _("Back Up Keys"), NULL);
  self->restore = restore;
  step = SIGNET_UI_STEP_DIALOG (self);

  if (!restore)
    page = signet_ui_step_dialog_add_page (step, "choose", _("Back Up Keys"),
                                          _("A backup is one archive with a copy of every private key in "
                                            "your trust folder, still encrypted with its passphrase. Without "
                                            "the root key nobody can change who signs your images: keep the "
                                            "archive on removable media, away from this computer."));
  else
    page = signet_ui_step_dialog_add_page (step, "choose", _("Restore Keys"),
                                          _("Restoring copies the keys of a backup archive into your trust "
                                            "folder. Keys already there are never overwritten."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  self->path_row = signet_ui_info_row (group, restore ? _("Archive") : _("Folder"),
                                       restore ? _("No archive chosen") : _("No folder chosen"));
  button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (self->path_row, button);
  signet_ui_step_dialog_register (step, "choose", button);

  if (!restore)
    {
      g_autofree char *trust_dir = signet_ui_step_dialog_get_trust_dir (step);

      self->keys_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->keys_group, _("Keys"));
      adw_preferences_page_add (page, self->keys_group);
      signet_ui_list_keys_async (trust_dir, signet_ui_step_dialog_get_cancellable (step), keys_listed_cb,
                                 g_object_ref (self));
      signet_ui_step_dialog_set_next (step, _("_Back Up"), FALSE);
    }
  else
    {
      signet_ui_step_dialog_add_page (step, "contents", _("Archive Contents"),
                                      _("Signet read the archive. These keys will be copied into your "
                                        "trust folder."));
      signet_ui_step_dialog_set_next (step, _("_Next"), FALSE);
    }
  return self;
}
