/* signet-ui-application.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-application.h"
#include "signet-ui-preferences-window.h"
#include "signet-ui-resources.h"
#include "signet-ui-window.h"
#include "signet-ui-window-dialogs.h"

struct _SignetUiApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *add_registry_url;
};

G_DEFINE_FINAL_TYPE (SignetUiApplication, signet_ui_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
};

/* Closes every window rather than quitting at once, so that each window saves its
 * state on the way out; the application ends when the last one is gone. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SignetUiApplication *self = user_data;
  GList *windows;

  g_assert (SIGNET_UI_IS_APPLICATION (self));

  /* hold a reference: closing one window can destroy others (its dialogs) */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SignetUiApplication *self = user_data;
  static const char *developers[] = { "The Signet authors", NULL };
  GtkWindow *about;

  g_assert (SIGNET_UI_IS_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Signet"),
                        "developer-name", _("The Signet authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Signet shows which of your container images are signed "
                                      "with Docker Content Trust, by whom, and when the "
                                      "signatures expire."),
                        "website", "https://github.com/signet/signet",
                        "issue-url", "https://github.com/signet/signet/issues",
                        "copyright", _("© 2026 The Signet authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: Replace this with your name(s), one a line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SignetUiApplication *self = user_data;
  SignetUiPreferencesWindow *preferences;

  g_assert (SIGNET_UI_IS_APPLICATION (self));

  preferences = signet_ui_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SignetUiApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  g_assert (SIGNET_UI_IS_APPLICATION (self));

  builder = gtk_builder_new_from_resource (SIGNET_UI_RESOURCE_PATH "/signet-ui-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts,
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (shortcuts);
}

/* The expiry notification's default action: the window, on the Expiry page. */
static void
show_expiry_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SignetUiApplication *self = user_data;
  GtkWindow *window;

  g_assert (SIGNET_UI_IS_APPLICATION (self));

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  /* the main window, not a dialog over it */
  while (window != NULL && !SIGNET_UI_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (window != NULL)
    signet_ui_window_show_expiry (SIGNET_UI_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "show-expiry", show_expiry_action },
};

static int
signet_ui_application_handle_local_options (GApplication *application,
                                            GVariantDict *options)
{
  SignetUiApplication *self = SIGNET_UI_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("signet %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  {
    const char *url = NULL;

    if (g_variant_dict_lookup (options, "add-registry", "&s", &url))
      {
        g_free (self->add_registry_url);
        self->add_registry_url = g_strdup (url);
      }
  }

  return G_APPLICATION_CLASS (signet_ui_application_parent_class)->handle_local_options (application, options);
}

static void
signet_ui_application_startup (GApplication *application)
{
  SignetUiApplication *self = SIGNET_UI_APPLICATION (application);

  G_APPLICATION_CLASS (signet_ui_application_parent_class)->startup (application);

  /* Light or dark as the system prefers. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action,
                                           app_accels[i].accels);
}

static void
signet_ui_application_activate (GApplication *application)
{
  SignetUiApplication *self = SIGNET_UI_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (signet_ui_window_new (self));

  gtk_window_present (window);
  if (self->add_registry_url != NULL && SIGNET_UI_IS_WINDOW (window))
    {
      g_autofree char *url = g_steal_pointer (&self->add_registry_url);

      signet_ui_window_add_registry_url (SIGNET_UI_WINDOW (window), url);
    }
}

static void
signet_ui_application_dispose (GObject *object)
{
  SignetUiApplication *self = SIGNET_UI_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->add_registry_url, g_free);

  G_OBJECT_CLASS (signet_ui_application_parent_class)->dispose (object);
}

static void
signet_ui_application_class_init (SignetUiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = signet_ui_application_dispose;

  application_class->handle_local_options = signet_ui_application_handle_local_options;
  application_class->startup = signet_ui_application_startup;
  application_class->activate = signet_ui_application_activate;

  signet_ui_register_resource ();
}

static void
signet_ui_application_init (SignetUiApplication *self)
{
  self->settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);

  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and quit"), NULL);
  g_application_add_main_option (G_APPLICATION (self), "add-registry", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_STRING, _("Add the registry at URL unless it is there, and select it"),
                                 _("URL"));
}

/**
 * signet_ui_application_new:
 *
 * Creates the application object with the app id of the build profile.
 *
 * Returns: (transfer full): a new #SignetUiApplication
 */
SignetUiApplication *
signet_ui_application_new (void)
{
  return g_object_new (SIGNET_UI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* the same for both profiles (the .Devel app id would change it) */
                       "resource-base-path", SIGNET_UI_RESOURCE_PATH,
                       NULL);
}

/**
 * signet_ui_application_get_settings:
 * @self: a #SignetUiApplication
 *
 * Returns: (transfer none): the app's #GSettings (schema %SIGNET_UI_SETTINGS_SCHEMA)
 */
GSettings *
signet_ui_application_get_settings (SignetUiApplication *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_APPLICATION (self), NULL);

  return self->settings;
}
