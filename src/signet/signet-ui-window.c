/* signet-ui-window.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-window.h"

struct _SignetUiWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkMenuButton        *menu_button;
  GtkListBox           *registries_list;
  GtkListBoxRow        *add_registry_row;
  GtkListBox           *sections_list;
  GtkListBoxRow        *keys_row;
  GtkListBoxRow        *audit_row;
  GtkListBoxRow        *expiry_row;
  GtkWidget            *repositories_pane;
  GtkSearchEntry       *repositories_filter;
  GtkButton            *content_back_button;
  AdwWindowTitle       *content_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkButton            *add_registry_button;
  AdwStatusPage        *expiry_page;
};

G_DEFINE_FINAL_TYPE (SignetUiWindow, signet_ui_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_expiry_page (SignetUiWindow *self)
{
  g_autofree char *description = NULL;
  guint days;

  g_assert (SIGNET_UI_IS_WINDOW (self));

  days = g_settings_get_uint (self->settings, "expiry-warning-days");
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Signatures and keys that expire within the next "
                                              "day will be listed here.",
                                              "Signatures and keys that expire within the next "
                                              "%u days will be listed here.",
                                              days),
                                 days);
  adw_status_page_set_description (self->expiry_page, description);
}

static void
expiry_warning_days_changed_cb (SignetUiWindow *self,
                                const char     *key,
                                GSettings      *settings)
{
  g_assert (SIGNET_UI_IS_WINDOW (self));

  update_expiry_page (self);
}

static void
section_row_activated_cb (SignetUiWindow *self,
                          GtkListBoxRow  *row,
                          GtkListBox     *list)
{
  const char *name;
  GtkStackPage *page;

  g_assert (SIGNET_UI_IS_WINDOW (self));

  name = gtk_widget_get_name (GTK_WIDGET (row));
  page = gtk_stack_get_page (self->content_stack, gtk_stack_get_child_by_name (self->content_stack, name));
  g_return_if_fail (page != NULL);

  gtk_list_box_unselect_all (self->registries_list);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
add_registry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  GtkWidget *dialog;

  /* TODO: replace this placeholder with the Add Registry assistant (address, login,
   * trust server; a final page shows the verified result). */
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Adding Registries Comes Next"),
                                   _("This version of Signet cannot add registries yet. "
                                     "The next version will let you add one here."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  const char *current = adw_leaflet_get_visible_child_name (self->leaflet);

  /* from the content, back to the repositories if a registry shows them, else the sidebar */
  if (g_strcmp0 (current, "content") == 0 && gtk_widget_get_visible (self->repositories_pane))
    adw_leaflet_set_visible_child_name (self->leaflet, "repositories");
  else
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static gboolean
signet_ui_window_close_request (GtkWindow *window)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (window);
  gboolean maximized;
  int width;
  int height;

  maximized = gtk_window_is_maximized (window);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (signet_ui_window_parent_class)->close_request (window);
}

static void
signet_ui_window_constructed (GObject *object)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (object);
  GApplication *application;

  G_OBJECT_CLASS (signet_ui_window_parent_class)->constructed (object);

  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (SIGNET_UI_IS_APPLICATION (application))
    self->settings = g_object_ref (signet_ui_application_get_settings (SIGNET_UI_APPLICATION (application)));
  else
    self->settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings,
                           "changed::expiry-warning-days",
                           G_CALLBACK (expiry_warning_days_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  update_expiry_page (self);
}

static void
signet_ui_window_dispose (GObject *object)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_WINDOW);

  G_OBJECT_CLASS (signet_ui_window_parent_class)->dispose (object);
}

static void
signet_ui_window_finalize (GObject *object)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_ui_window_parent_class)->finalize (object);
}

static void
signet_ui_window_class_init (SignetUiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = signet_ui_window_constructed;
  object_class->dispose = signet_ui_window_dispose;
  object_class->finalize = signet_ui_window_finalize;

  window_class->close_request = signet_ui_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, SIGNET_UI_RESOURCE_PATH "/signet-ui-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, registries_list);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, add_registry_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, sections_list);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, keys_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, audit_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_pane);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_filter);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_back_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, add_registry_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, expiry_page);
  gtk_widget_class_bind_template_callback (widget_class, section_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.add-registry", NULL, add_registry_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-registry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
signet_ui_window_init (SignetUiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->empty_page, APP_ID);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * signet_ui_window_new:
 * @application: the #SignetUiApplication
 *
 * Returns: (transfer none): a new main window, owned by @application
 */
SignetUiWindow *
signet_ui_window_new (SignetUiApplication *application)
{
  g_return_val_if_fail (SIGNET_UI_IS_APPLICATION (application), NULL);

  return g_object_new (SIGNET_UI_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
