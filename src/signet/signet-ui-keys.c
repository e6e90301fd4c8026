/* signet-ui-keys.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-keystore-private.h"
#include "signet-secrets-private.h"

#include "signet-ui-keys.h"
#include "signet-ui-util.h"

/* SignetUiLocalKey --------------------------------------------------------------------- */

struct _SignetUiLocalKey
{
  GObject   parent_instance;

  char     *id;
  char     *role;
  char     *gun;
  gboolean  in_keyring;
  gboolean  backed_up;
};

G_DEFINE_FINAL_TYPE (SignetUiLocalKey, signet_ui_local_key, G_TYPE_OBJECT)

static void
signet_ui_local_key_finalize (GObject *object)
{
  SignetUiLocalKey *self = SIGNET_UI_LOCAL_KEY (object);

  g_free (self->id);
  g_free (self->role);
  g_free (self->gun);

  G_OBJECT_CLASS (signet_ui_local_key_parent_class)->finalize (object);
}

static void
signet_ui_local_key_class_init (SignetUiLocalKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_local_key_finalize;
}

static void
signet_ui_local_key_init (SignetUiLocalKey *self)
{
}

const char *
signet_ui_local_key_get_id (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), NULL);
  return self->id;
}

const char *
signet_ui_local_key_get_role (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), NULL);
  return self->role;
}

const char *
signet_ui_local_key_get_gun (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), NULL);
  return self->gun;
}

gboolean
signet_ui_local_key_get_in_keyring (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), FALSE);
  return self->in_keyring;
}

gboolean
signet_ui_local_key_get_backed_up (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), FALSE);
  return self->backed_up;
}

static void
local_keys_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autofree char *trust_dir = _signet_default_trust_dir ();
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (trust_dir);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GListStore) store = g_list_store_new (SIGNET_UI_TYPE_LOCAL_KEY);
  GError *error = NULL;

  infos = _signet_keystore_list (keystore, NULL, &error);
  if (infos == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < infos->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(SignetUiLocalKey) key = g_object_new (SIGNET_UI_TYPE_LOCAL_KEY, NULL);
      g_autoptr(SignetSecret) secret = NULL;
      g_autoptr(GError) keyring_error = NULL;

      key->id = g_strdup (info->id);
      key->role = g_strdup (info->role);
      key->gun = g_strdup (info->gun);
      secret = _signet_keyring_lookup_passphrase (info->id, cancellable, &keyring_error);
      key->in_keyring = secret != NULL;
      /* no verified backup is recorded yet (the backup module records them) */
      key->backed_up = FALSE;
      g_list_store_append (store, key);
    }
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
signet_ui_local_keys_load_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, signet_ui_local_keys_load_async);
  g_task_run_in_thread (task, local_keys_thread);
}

GListStore *
signet_ui_local_keys_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
signet_ui_local_keys_contain (GListModel *model,
                              const char *id)
{
  if (model == NULL || id == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SignetUiLocalKey) key = g_list_model_get_item (model, i);

      if (g_strcmp0 (key->id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* SignetUiKeysPage --------------------------------------------------------------------- */

struct _SignetUiKeysPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkListBox    *list;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (SignetUiKeysPage, signet_ui_keys_page, GTK_TYPE_WIDGET)

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "root") == 0)
    return _("Root");
  if (g_strcmp0 (role, "targets") == 0)
    return _("Repository");
  if (g_strcmp0 (role, "snapshot") == 0)
    return _("Snapshot");
  if (g_strcmp0 (role, "timestamp") == 0)
    return _("Timestamp");
  return role;
}

static GtkWidget *
key_row_new (SignetUiLocalKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *short_id = signet_ui_short_id (key->id);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *keyring;
  GtkWidget *backup;
  gboolean root = g_strcmp0 (key->role, "root") == 0;

  title = g_strdup_printf ("%s · %s", role_label (key->role), short_id);
  if (key->gun != NULL)
    subtitle = g_strdup (key->gun);
  else if (root)
    subtitle = g_strdup (_("Root key: vouches for every repository it created"));
  else
    subtitle = g_strdup (_("No repository recorded"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, key->id);
  gtk_widget_set_name (row, key->id);

  keyring = gtk_image_new_from_icon_name (key->in_keyring ? "dialog-password-symbolic" : "action-unavailable-symbolic");
  gtk_widget_set_tooltip_text (keyring, key->in_keyring ? _("Passphrase in the keyring")
                                                        : _("Passphrase not in the keyring"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (keyring), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (keyring), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), keyring);

  if (key->backed_up)
    backup = gtk_label_new (_("Backed up"));
  else
    backup = gtk_label_new (root ? _("No verified backup") : _("Not backed up"));
  gtk_widget_set_name (backup, "backup-label");
  if (!key->backed_up && root)
    {
      gtk_widget_add_css_class (backup, "error");
      gtk_widget_set_tooltip_text (backup, _("If this root key is lost, nobody can sign new "
                                             "keys for its repositories. Make a backup."));
    }
  else if (!key->backed_up)
    gtk_widget_add_css_class (backup, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), backup);
  return row;
}

static void
keys_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SignetUiKeysPage *self = user_data;
  g_autoptr(GListStore) keys = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  keys = signet_ui_local_keys_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (keys == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      signet_ui_explain_error (error, NULL, &title, &description);
      adw_status_page_set_title (self->error_page, _("Cannot Read Your Keys"));
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (keys)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
        {
          g_autoptr(SignetUiLocalKey) key = g_list_model_get_item (G_LIST_MODEL (keys), i);

          gtk_list_box_append (self->list, key_row_new (key));
        }
      gtk_stack_set_visible_child_name (self->stack, "keys");
    }
  g_object_unref (self);
}

void
signet_ui_keys_page_reload (SignetUiKeysPage *self)
{
  g_return_if_fail (SIGNET_UI_IS_KEYS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  signet_ui_local_keys_load_async (self->cancellable, keys_loaded_cb, g_object_ref (self));
}

const char *
signet_ui_keys_page_get_state (SignetUiKeysPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_KEYS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkListBox *
signet_ui_keys_page_get_list (SignetUiKeysPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_KEYS_PAGE (self), NULL);
  return self->list;
}

static void
signet_ui_keys_page_dispose (GObject *object)
{
  SignetUiKeysPage *self = SIGNET_UI_KEYS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (signet_ui_keys_page_parent_class)->dispose (object);
}

static void
signet_ui_keys_page_class_init (SignetUiKeysPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = signet_ui_keys_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
signet_ui_keys_page_init (SignetUiKeysPage *self)
{
  GtkWidget *spinner;
  GtkWidget *empty;
  GtkWidget *page;
  GtkWidget *group;
  GtkWidget *loading;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading your keys"), -1);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_stack_add_named (self->stack, loading, "loading");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "dialog-password-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Signing Keys"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("You have no keys in Docker’s trust folder. Keys appear here "
                                     "when you sign an image or add yourself as a signer."));
  gtk_stack_add_named (self->stack, empty, "empty");

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Your Signing Keys"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Kept in Docker’s trust folder on this computer."));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Your Signing Keys"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_stack_add_named (self->stack, page, "keys");
}

GtkWidget *
signet_ui_keys_page_new (void)
{
  return g_object_new (SIGNET_UI_TYPE_KEYS_PAGE, NULL);
}
