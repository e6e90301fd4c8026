/* signet-ui-keys.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

#include "signet-backup-private.h"
#include "signet-cosign-private.h"
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
  gint64    backed_up;     /* Unix time of the newest verified backup holding it, or 0 */
  char     *backup_path;
  /* cosign keys: id "cosign:<name>", role NULL */
  char     *cosign_name;
  char     *fingerprint;
  gboolean  has_private;
};

G_DEFINE_FINAL_TYPE (SignetUiLocalKey, signet_ui_local_key, G_TYPE_OBJECT)

static void
signet_ui_local_key_finalize (GObject *object)
{
  SignetUiLocalKey *self = SIGNET_UI_LOCAL_KEY (object);

  g_free (self->id);
  g_free (self->role);
  g_free (self->gun);
  g_free (self->backup_path);
  g_free (self->cosign_name);
  g_free (self->fingerprint);

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

/* When the newest verified backup that holds this key was made (Unix time), or 0. */
gint64
signet_ui_local_key_get_backed_up (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), 0);
  return self->backed_up;
}

/* Cosign keys: the name in the store, or NULL for a notary key. */
const char *
signet_ui_local_key_get_cosign_name (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), NULL);
  return self->cosign_name;
}

/* Cosign keys: "sha256:…" of the public key, or NULL. */
const char *
signet_ui_local_key_get_fingerprint (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), NULL);
  return self->fingerprint;
}

/* Cosign keys: TRUE for a private key (signs), FALSE for a trusted public key only. */
gboolean
signet_ui_local_key_get_has_private (SignetUiLocalKey *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_LOCAL_KEY (self), FALSE);
  return self->has_private;
}

typedef struct
{
  gint64  created;
  char   *path;
} BackupMark;

static void
backup_mark_free (BackupMark *mark)
{
  g_free (mark->path);
  g_free (mark);
}

static gboolean
archive_matches (const char *path,
                 const char *sha256)
{
  g_autofree char *contents = NULL;
  g_autofree char *sum = NULL;
  gsize len;

  if (sha256 == NULL || !g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  return g_ascii_strcasecmp (sum, sha256) == 0;
}

/* key ID -> BackupMark: the keys in the verified backups that the backup module recorded
 * (only archives that still exist and still have the recorded checksum count). */
static GHashTable *
read_backup_marks (void)
{
  GHashTable *marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) backup_mark_free);
  g_autofree char *state = _signet_backup_state_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *records;

  if (!json_parser_load_from_file (parser, state, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Cannot read the backup records %s: %s", state, error->message);
      return marks;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "backups") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "backups")))
    return marks;
  records = json_object_get_array_member (json_node_get_object (root), "backups");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record;
      const char *path;
      const char *created;
      g_autoptr(GDateTime) when = NULL;
      g_autoptr(SignetBackup) backup = NULL;
      g_autoptr(GError) read_error = NULL;
      GPtrArray *entries;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      record = json_node_get_object (node);
      path = json_object_get_string_member_with_default (record, "path", NULL);
      created = json_object_get_string_member_with_default (record, "created", NULL);
      if (path == NULL || created == NULL || !json_object_get_boolean_member_with_default (record, "verified", FALSE))
        continue;
      when = g_date_time_new_from_iso8601 (created, NULL);
      if (when == NULL || !archive_matches (path, json_object_get_string_member_with_default (record, "sha256", NULL)))
        continue;
      backup = _signet_backup_read (path, &read_error);
      if (backup == NULL)
        {
          g_debug ("Skipping the backup %s: %s", path, read_error->message);
          continue;
        }
      entries = _signet_backup_get_entries (backup);
      for (guint j = 0; j < entries->len; j++)
        {
          SignetBackupEntry *entry = g_ptr_array_index (entries, j);
          BackupMark *mark = g_hash_table_lookup (marks, entry->id);

          if (mark != NULL && mark->created >= g_date_time_to_unix (when))
            continue;
          mark = g_new0 (BackupMark, 1);
          mark->created = g_date_time_to_unix (when);
          mark->path = g_strdup (path);
          g_hash_table_replace (marks, g_strdup (entry->id), mark);
        }
    }
  return marks;
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
  g_autoptr(GHashTable) marks = NULL;
  GError *error = NULL;

  infos = _signet_keystore_list (keystore, NULL, &error);
  if (infos == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  marks = read_backup_marks ();
  for (guint i = 0; i < infos->len; i++)
    {
      SignetKeyInfo *info = g_ptr_array_index (infos, i);
      BackupMark *mark = g_hash_table_lookup (marks, info->id);
      g_autoptr(SignetUiLocalKey) key = g_object_new (SIGNET_UI_TYPE_LOCAL_KEY, NULL);
      g_autoptr(SignetSecret) secret = NULL;
      g_autoptr(GError) keyring_error = NULL;

      key->id = g_strdup (info->id);
      key->role = g_strdup (info->role);
      key->gun = g_strdup (info->gun);
      secret = _signet_keyring_lookup_passphrase (info->id, cancellable, &keyring_error);
      key->in_keyring = secret != NULL;
      if (mark != NULL)
        {
          key->backed_up = mark->created;
          key->backup_path = g_strdup (mark->path);
        }
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

static void
cosign_keys_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *trust_dir = _signet_default_trust_dir ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entries = _signet_cosign_store_list (trust_dir, warnings);
  g_autoptr(GListStore) store = g_list_store_new (SIGNET_UI_TYPE_LOCAL_KEY);
  g_autoptr(GHashTable) marks = read_backup_marks ();

  for (guint i = 0; i < warnings->len; i++)
    g_debug ("Cosign key store: %s", (const char *) g_ptr_array_index (warnings, i));
  for (guint i = 0; i < entries->len; i++)
    {
      SignetCosignKeyEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(SignetUiLocalKey) key = g_object_new (SIGNET_UI_TYPE_LOCAL_KEY, NULL);
      BackupMark *mark;

      key->id = _signet_cosign_keyring_id (entry->name);
      key->cosign_name = g_strdup (entry->name);
      key->fingerprint = g_strdup (entry->fingerprint);
      key->has_private = entry->has_private;
      if (entry->has_private)
        {
          g_autoptr(SignetSecret) secret = _signet_keyring_lookup_passphrase (key->id, cancellable, NULL);

          key->in_keyring = secret != NULL;
          mark = g_hash_table_lookup (marks, key->id);
          if (mark != NULL)
            {
              key->backed_up = mark->created;
              key->backup_path = g_strdup (mark->path);
            }
        }
      g_list_store_append (store, key);
    }
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
signet_ui_cosign_keys_load_async (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, signet_ui_cosign_keys_load_async);
  g_task_run_in_thread (task, cosign_keys_thread);
}

GListStore *
signet_ui_cosign_keys_load_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* SignetUiKeysPage --------------------------------------------------------------------- */

struct _SignetUiKeysPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkListBox    *list;
  GtkWidget     *notary_group;
  GtkListBox    *cosign_list;
  GtkWidget     *cosign_group;
  GListStore    *notary_keys;   /* while the cosign keys load */
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
  return NULL;
}

static void add_backup_state (GtkWidget        *row,
                              SignetUiLocalKey *key,
                              gboolean          must_back_up);

static GtkWidget *
key_row_new (SignetUiLocalKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *short_id = signet_ui_short_id (key->id);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean root = g_strcmp0 (key->role, "root") == 0;

  if (role_label (key->role) != NULL)
    title = g_strdup_printf ("%s · %s", role_label (key->role), short_id);
  else
    title = g_strdup_printf (_("Signer “%s” · %s"), key->role, short_id);
  {
    const char *what = key->gun != NULL ? key->gun
                       : root ? _("Root key: vouches for every repository it created")
                       : _("No repository recorded");

    subtitle = g_strdup_printf ("%s · %s", what, key->in_keyring ? _("passphrase in the keyring")
                                                                  : _("passphrase not in the keyring"));
  }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, key->id);
  gtk_widget_set_name (row, key->id);

  add_backup_state (row, key, root);
  return row;
}

/* "Backed up DATE" or "No verified backup" (a warning for keys that must not be lost). */
static void
add_backup_state (GtkWidget        *row,
                  SignetUiLocalKey *key,
                  gboolean          must_back_up)
{
  GtkWidget *backup;
  gboolean root = g_strcmp0 (key->role, "root") == 0;

  if (key->backed_up > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (key->backed_up);
      g_autofree char *day = g_date_time_format (when, "%-d %b %Y");
      g_autofree char *text = g_strdup_printf (_("Backed up %s"), day);
      g_autofree char *exact = signet_ui_format_date (key->backed_up);
      g_autofree char *tooltip = g_strdup_printf (_("In the verified backup %s, made %s"), key->backup_path, exact);

      backup = gtk_label_new (text);
      gtk_widget_set_tooltip_text (backup, tooltip);
      gtk_widget_add_css_class (backup, "success");
    }
  else
    {
      backup = gtk_label_new (_("No verified backup"));
      if (must_back_up)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (backup, "error");
          gtk_widget_add_css_class (icon, "error");
          gtk_widget_set_name (icon, "backup-warning");
          gtk_widget_set_tooltip_text (backup, root
                                       ? _("If this root key is lost, nobody can sign new keys "
                                           "for its repositories. Back it up with "
                                           "“signet-cli backup --to DIR”.")
                                       : _("If this key is lost, its signatures can no longer be "
                                           "made. Back it up with “signet-cli backup --to DIR”."));
          gtk_widget_set_tooltip_text (icon, gtk_widget_get_tooltip_text (backup));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          root ? _("Root key without a backup") : _("Key without a backup"), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      else
        gtk_widget_add_css_class (backup, "dim-label");
    }
  gtk_widget_set_name (backup, "backup-label");
  gtk_widget_set_valign (backup, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), backup);
}

static GtkWidget *
cosign_row_new (SignetUiLocalKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *fingerprint = key->fingerprint != NULL ? key->fingerprint : "";
  g_autofree char *short_print = g_str_has_prefix (fingerprint, "sha256:") ? g_strndup (fingerprint + 7, 12)
                                                                           : g_strndup (fingerprint, 12);

  title = g_strdup_printf (_("Cosign key “%s”"), key->cosign_name);
  if (key->has_private)
    subtitle = g_strdup_printf ("%s · %s · %s", _("Signs images"), short_print,
                                key->in_keyring ? _("passphrase in the keyring") : _("passphrase not in the keyring"));
  else
    subtitle = g_strdup_printf ("%s · %s", _("Trusted public key: verifies signatures"), short_print);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, fingerprint);
  gtk_widget_set_name (row, key->id);
  if (key->has_private)
    add_backup_state (row, key, TRUE);
  else
    {
      GtkWidget *label = gtk_label_new (_("Public key only"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_name (label, "backup-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
cosign_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SignetUiKeysPage *self = user_data;
  g_autoptr(GListStore) cosign = NULL;
  g_autoptr(GListStore) notary = NULL;
  g_autoptr(GError) error = NULL;
  guint n_notary, n_cosign;

  cosign = signet_ui_cosign_keys_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  notary = g_steal_pointer (&self->notary_keys);
  n_notary = g_list_model_get_n_items (G_LIST_MODEL (notary));
  n_cosign = cosign != NULL ? g_list_model_get_n_items (G_LIST_MODEL (cosign)) : 0;
  clear_list (self->list);
  clear_list (self->cosign_list);
  for (guint i = 0; i < n_notary; i++)
    {
      g_autoptr(SignetUiLocalKey) key = g_list_model_get_item (G_LIST_MODEL (notary), i);

      gtk_list_box_append (self->list, key_row_new (key));
    }
  for (guint i = 0; i < n_cosign; i++)
    {
      g_autoptr(SignetUiLocalKey) key = g_list_model_get_item (G_LIST_MODEL (cosign), i);

      gtk_list_box_append (self->cosign_list, cosign_row_new (key));
    }
  gtk_widget_set_visible (self->notary_group, n_notary > 0);
  gtk_widget_set_visible (self->cosign_group, n_cosign > 0);
  gtk_stack_set_visible_child_name (self->stack, n_notary + n_cosign > 0 ? "keys" : "empty");
  g_object_unref (self);
}

static void
keys_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SignetUiKeysPage *self = user_data;
  g_autoptr(GListStore) keys = NULL;
  g_autoptr(GError) error = NULL;

  keys = signet_ui_local_keys_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (keys == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      clear_list (self->list);
      clear_list (self->cosign_list);
      signet_ui_explain_error (error, NULL, &title, &description);
      adw_status_page_set_title (self->error_page, _("Cannot Read Your Keys"));
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_object_unref (self);
      return;
    }
  /* then the cosign keys (the reference passes on) */
  g_set_object (&self->notary_keys, keys);
  signet_ui_cosign_keys_load_async (self->cancellable, cosign_loaded_cb, self);
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

GtkListBox *
signet_ui_keys_page_get_cosign_list (SignetUiKeysPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_KEYS_PAGE (self), NULL);
  return self->cosign_list;
}

static void
signet_ui_keys_page_dispose (GObject *object)
{
  SignetUiKeysPage *self = SIGNET_UI_KEYS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->notary_keys);
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
                                     "when you sign an image, add yourself as a signer, or make "
                                     "a cosign key."));
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
  self->notary_group = group;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Cosign Keys"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("For cosign signatures stored in the registry. Backups "
                                           "hold the private keys too."));
  self->cosign_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->cosign_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->cosign_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cosign_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cosign Keys"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->cosign_list));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  self->cosign_group = group;
  gtk_stack_add_named (self->stack, page, "keys");
}

GtkWidget *
signet_ui_keys_page_new (void)
{
  return g_object_new (SIGNET_UI_TYPE_KEYS_PAGE, NULL);
}
