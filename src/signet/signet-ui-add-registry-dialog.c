/* signet-ui-add-registry-dialog.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-application.h"
#include "signet-ui-session.h"
#include "signet-ui-util.h"

struct _SignetUiAddRegistryDialog
{
  AdwWindow            parent_instance;

  GCancellable        *cancellable;
  SignetUiRegistry    *pending;
  SignetUiSession     *session;
  char                *ca_file;
  char                *derived_notary;
  gboolean             checked_failed;
  SignetUiRegistry    *editing;         /* edit mode: the registry being changed */

  GtkButton           *add_button;
  AdwEntryRow         *url_row;
  AdwEntryRow         *notary_row;
  AdwActionRow        *ca_row;
  GtkButton           *ca_button;
  GtkButton           *ca_clear_button;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  AdwPreferencesGroup *known_group;
  GtkListBox          *known_list;
  GtkWidget           *status_box;
  GtkSpinner          *status_spinner;
  GtkLabel            *status_label;
  GtkWidget           *remove_group;
  GtkButton           *remove_button;
};

G_DEFINE_FINAL_TYPE (SignetUiAddRegistryDialog, signet_ui_add_registry_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_REGISTRY_ADDED,
  SIGNAL_REGISTRY_CHANGED,
  SIGNAL_REGISTRY_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (SignetUiAddRegistryDialog *self,
            gboolean                   busy,
            const char                *css_class,
            const char                *text)
{
  gtk_widget_set_visible (self->status_box, text != NULL);
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static void
url_changed_cb (SignetUiAddRegistryDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *notary = gtk_editable_get_text (GTK_EDITABLE (self->notary_row));
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  valid = signet_ui_registry_parse_url (text, &name, NULL, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), valid);
  if (valid || *text == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  set_status (self, FALSE, valid || *text == '\0' ? NULL : "error",
              valid || *text == '\0' ? NULL : error->message);
  self->checked_failed = FALSE;
  gtk_button_set_label (self->add_button, self->editing != NULL ? _("_Save") : _("_Add"));

  /* derive the notary server until the user edits it */
  if (valid && (*notary == '\0' || g_strcmp0 (notary, self->derived_notary) == 0))
    {
      g_free (self->derived_notary);
      self->derived_notary = signet_ui_registry_derive_notary_url (name);
      gtk_editable_set_text (GTK_EDITABLE (self->notary_row), self->derived_notary);
    }
}

static void
update_ca_row (SignetUiAddRegistryDialog *self)
{
  adw_action_row_set_subtitle (self->ca_row, self->ca_file != NULL ? self->ca_file
                                                                    : _("The system’s certificate authorities"));
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), self->ca_file != NULL);
}

static void
ca_chosen_cb (GtkNativeDialog *chooser,
              int              response,
              gpointer         user_data)
{
  SignetUiAddRegistryDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      signet_ui_add_registry_dialog_set_ca_file (self, path);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
ca_button_clicked_cb (SignetUiAddRegistryDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Registry’s CA Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (ca_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ca_clear_clicked_cb (SignetUiAddRegistryDialog *self)
{
  g_clear_pointer (&self->ca_file, g_free);
  update_ca_row (self);
}

static void
set_busy (SignetUiAddRegistryDialog *self,
          gboolean                   busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->notary_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
}

static void
emit_and_close (SignetUiAddRegistryDialog *self)
{
  g_autoptr(SignetUiRegistry) registry = g_steal_pointer (&self->pending);

  g_signal_emit (self, signals[self->editing != NULL ? SIGNAL_REGISTRY_CHANGED : SIGNAL_REGISTRY_ADDED], 0, registry);
  gtk_window_close (GTK_WINDOW (self));
}

static void
login_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignetUiAddRegistryDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_ui_login_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Cannot keep the login in the keyring: %s"), error->message);

          set_busy (self, FALSE);
          set_status (self, FALSE, "error", text);
        }
      g_object_unref (self);
      return;
    }
  emit_and_close (self);
  g_object_unref (self);
}

/* The login goes into the keyring only now: after the connection worked, or when the
 * user chose to add the registry anyway. A cancelled dialog leaves the keyring alone. */
static void
finish_add (SignetUiAddRegistryDialog *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*username != '\0' && *password != '\0')
    {
      set_busy (self, TRUE);
      set_status (self, TRUE, NULL, _("Keeping the login in the keyring…"));
      signet_ui_login_store_async (signet_ui_registry_get_name (self->pending), username, password,
                                   self->cancellable, login_stored_cb, g_object_ref (self));
      return;
    }
  emit_and_close (self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SignetUiAddRegistryDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_ui_session_connect_finish (SIGNET_UI_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *title = NULL;
          g_autofree char *description = NULL;
          g_autofree char *text = NULL;

          signet_ui_explain_error (error, NULL, &title, &description);
          text = g_strdup_printf ("%s. %s", title, description);
          set_busy (self, FALSE);
          set_status (self, FALSE, "error", text);
          self->checked_failed = TRUE;
          gtk_button_set_label (self->add_button, self->editing != NULL ? _("_Save Anyway") : _("_Add Anyway"));
        }
      g_object_unref (self);
      return;
    }
  set_status (self, FALSE, "success", _("Connected."));
  finish_add (self);
  g_object_unref (self);
}

static void
session_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SignetUiAddRegistryDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->session);
  self->session = signet_ui_session_new_finish (result, &error);
  if (self->session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          set_status (self, FALSE, "error", error->message);
        }
      return;
    }
  {
    const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

    /* a new login is checked as typed, before anything is kept */
    if (*username != '\0' && *password != '\0')
      signet_ui_session_set_login (self->session, username, password);
  }
  signet_ui_session_connect_async (self->session, self->cancellable, connect_cb, g_object_ref (self));
}

static void
check_connection (SignetUiAddRegistryDialog *self)
{
  g_clear_object (&self->session);
  set_status (self, TRUE, NULL, _("Connecting…"));
  signet_ui_session_new_async (self->pending, self->cancellable, session_created_cb, g_object_ref (self));
}

static void
add_clicked_cb (SignetUiAddRegistryDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  const char *notary = gtk_editable_get_text (GTK_EDITABLE (self->notary_row));
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->checked_failed && self->pending != NULL)
    {
      finish_add (self);
      return;
    }
  if (!signet_ui_registry_parse_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &name, &url, &error))
    {
      set_status (self, FALSE, "error", error->message);
      return;
    }
  if (*notary != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (notary, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The notary server “%s” must be an https:// address"), notary);

          gtk_widget_add_css_class (GTK_WIDGET (self->notary_row), "error");
          set_status (self, FALSE, "error", text);
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->notary_row), "error");
    }
  /* when editing, an unchanged user name keeps the password in the keyring */
  if ((*username == '\0') != (*password == '\0') &&
      !(self->editing != NULL && *password == '\0' &&
        g_strcmp0 (username, signet_ui_registry_get_username (self->editing)) == 0))
    {
      set_status (self, FALSE, "error", _("Enter both the user name and the password, or neither."));
      return;
    }

  g_clear_object (&self->pending);
  if (self->editing != NULL)
    self->pending = signet_ui_registry_copy (self->editing);
  else
    self->pending = signet_ui_registry_new (name, url);
  signet_ui_registry_set_notary_url (self->pending, notary);
  signet_ui_registry_set_ca_file (self->pending, self->ca_file);
  signet_ui_registry_set_username (self->pending, username);
  set_busy (self, TRUE);
  check_connection (self);
}

static void
known_row_activated_cb (SignetUiAddRegistryDialog *self,
                        GtkListBoxRow             *row)
{
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
known_registries_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SignetUiAddRegistryDialog *self = user_data;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  names = signet_ui_docker_known_registries_finish (result, &error);
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read docker's config.json: %s", error->message);
      g_object_unref (self);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      gtk_widget_set_name (row, names[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->known_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->known_group), names[0] != NULL && self->editing == NULL);
  g_object_unref (self);
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
remove_response_cb (AdwMessageDialog          *dialog,
                    const char                *response,
                    SignetUiAddRegistryDialog *self)
{
  if (g_strcmp0 (response, "remove") != 0 || self->editing == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_REGISTRY_REMOVED], 0, self->editing);
  /* close once the confirmation, which is transient for this dialog, is gone */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
remove_clicked_cb (SignetUiAddRegistryDialog *self)
{
  GtkWidget *dialog;

  if (self->editing == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Registry?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Signet will stop showing %s. Its trust data, your keys and the "
                                    "login in the keyring stay as they are."),
                                  signet_ui_registry_get_name (self->editing));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
signet_ui_add_registry_dialog_close_request (GtkWindow *window)
{
  SignetUiAddRegistryDialog *self = SIGNET_UI_ADD_REGISTRY_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (signet_ui_add_registry_dialog_parent_class)->close_request (window);
}

static void
signet_ui_add_registry_dialog_finalize (GObject *object)
{
  SignetUiAddRegistryDialog *self = SIGNET_UI_ADD_REGISTRY_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->session);
  g_clear_object (&self->editing);
  g_free (self->ca_file);
  g_free (self->derived_notary);

  G_OBJECT_CLASS (signet_ui_add_registry_dialog_parent_class)->finalize (object);
}

static void
signet_ui_add_registry_dialog_class_init (SignetUiAddRegistryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = signet_ui_add_registry_dialog_finalize;
  window_class->close_request = signet_ui_add_registry_dialog_close_request;

  signals[SIGNAL_REGISTRY_ADDED] =
    g_signal_new ("registry-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SIGNET_UI_TYPE_REGISTRY);
  /* edit mode: the registry with its new settings */
  signals[SIGNAL_REGISTRY_CHANGED] =
    g_signal_new ("registry-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SIGNET_UI_TYPE_REGISTRY);
  /* edit mode: the user removed the registry */
  signals[SIGNAL_REGISTRY_REMOVED] =
    g_signal_new ("registry-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SIGNET_UI_TYPE_REGISTRY);

  gtk_widget_class_set_template_from_resource (widget_class, SIGNET_UI_RESOURCE_PATH "/signet-ui-add-registry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, notary_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, ca_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, known_group);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, known_list);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, remove_group);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAddRegistryDialog, remove_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
signet_ui_add_registry_dialog_init (SignetUiAddRegistryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (url_changed_cb), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (add_clicked_cb), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  g_signal_connect_swapped (self->ca_button, "clicked", G_CALLBACK (ca_button_clicked_cb), self);
  g_signal_connect_swapped (self->ca_clear_button, "clicked", G_CALLBACK (ca_clear_clicked_cb), self);
  g_signal_connect_swapped (self->known_list, "row-activated", G_CALLBACK (known_row_activated_cb), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);

  signet_ui_docker_known_registries_async (self->cancellable, known_registries_cb, g_object_ref (self));
}

SignetUiAddRegistryDialog *
signet_ui_add_registry_dialog_new (GtkWindow *parent)
{
  return g_object_new (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, "transient-for", parent, NULL);
}

void
signet_ui_add_registry_dialog_set_url (SignetUiAddRegistryDialog *self,
                                       const char                *url)
{
  g_return_if_fail (SIGNET_UI_IS_ADD_REGISTRY_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
}

/**
 * signet_ui_add_registry_dialog_new_for_registry:
 * @parent: the main window
 * @registry: the registry to change
 *
 * The same form, to change a registry's notary server, CA file and login, or to remove
 * it. Emits "registry-changed" with a changed copy after the connection was checked (or
 * the user saved anyway), or "registry-removed".
 */
SignetUiAddRegistryDialog *
signet_ui_add_registry_dialog_new_for_registry (GtkWindow        *parent,
                                                SignetUiRegistry *registry)
{
  SignetUiAddRegistryDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SIGNET_UI_IS_REGISTRY (registry), NULL);

  self = g_object_new (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, "transient-for", parent, NULL);
  self->editing = g_object_ref (registry);
  title = g_strdup_printf (_("%s Settings"), signet_ui_registry_get_name (registry));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), signet_ui_registry_get_url (registry));
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->notary_row),
                         signet_ui_registry_get_notary_url (registry) != NULL ?
                         signet_ui_registry_get_notary_url (registry) : "");
  g_free (self->ca_file);
  self->ca_file = g_strdup (signet_ui_registry_get_ca_file (registry));
  update_ca_row (self);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                         signet_ui_registry_get_username (registry) != NULL ?
                         signet_ui_registry_get_username (registry) : "");
  gtk_button_set_label (self->add_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->known_group), FALSE);
  gtk_widget_set_visible (self->remove_group, TRUE);
  return self;
}

/* The CA file to trust for the registry and its notary server (NULL: the system's CAs
 * only), as if chosen in the file chooser. */
void
signet_ui_add_registry_dialog_set_ca_file (SignetUiAddRegistryDialog *self,
                                           const char                *path)
{
  g_return_if_fail (SIGNET_UI_IS_ADD_REGISTRY_DIALOG (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  update_ca_row (self);
  self->checked_failed = FALSE;
  gtk_button_set_label (self->add_button, self->editing != NULL ? _("_Save") : _("_Add"));
}
