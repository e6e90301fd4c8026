/* test-ui-window.c: the application and its main window, as a user first meets them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "signet-test-ui.h"
#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-application.h"
#include "signet-ui-preferences-window.h"
#include "signet-ui-expiry-page.h"
#include "signet-ui-window.h"

/* The most the window frame (resize border, no shadow under Xvfb) takes of each dimension. */
#define FRAME_MAX 16

typedef struct
{
  SignetUiApplication *app;
  GSettings           *settings;
  SignetUiWindow      *window;
} Fixture;

static gpointer
template_child (gpointer    window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), SIGNET_UI_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* One application for the whole process, registered (so started up) once, as when the app
 * runs; each test opens its own main window, as app.activate does. */
static SignetUiApplication *the_app;

static void
open_window (Fixture *fixture)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      the_app = signet_ui_application_new ();
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
      g_assert_false (g_application_get_is_remote (G_APPLICATION (the_app)));
      signet_test_ui_setup_display ();
    }

  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (the_app)));
  fixture->app = g_object_ref (the_app);
  fixture->settings = g_object_ref (signet_ui_application_get_settings (fixture->app));

  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = SIGNET_UI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_true (SIGNET_UI_IS_WINDOW (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);

  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  reset_settings ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  open_window (fixture);
}

static void
close_all_windows (void)
{
  GtkWindow *window;

  while ((window = signet_test_ui_find_window (GTK_TYPE_WINDOW)) != NULL)
    signet_test_ui_close_window (window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  close_all_windows ();
  g_assert_null (fixture->window);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);
}

/* With no registries the window welcomes the user and offers the next step. */
static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkStack *content_stack = template_child (fixture->window, "content_stack");
  AdwStatusPage *empty_page = template_child (fixture->window, "empty_page");
  GtkButton *button = template_child (fixture->window, "add_registry_button");
  GtkListBox *registries = template_child (fixture->window, "registries_list");
  GtkWidget *repositories = template_child (fixture->window, "repositories_pane");
  GtkWidget *add_row = template_child (fixture->window, "add_registry_row");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  int width, height, shot_width, shot_height;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (empty_page)), >, 300);
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No Registries Yet");
  g_assert_true (strstr (adw_status_page_get_description (empty_page),
                         "signed with Docker Content Trust") != NULL);
  g_assert_cmpstr (adw_status_page_get_icon_name (empty_page), ==, APP_ID);

  /* no registries, no repositories pane */
  g_assert_null (gtk_list_box_get_row_at_index (registries, 0));
  g_assert_false (gtk_widget_get_mapped (repositories));
  /* and nothing to refresh */
  g_assert_false (gtk_widget_is_sensitive (template_child (fixture->window, "refresh_button")));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Add Registry…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.add-registry");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (button), "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (button), "pill"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_row)), ==, "win.add-registry");
  g_assert_true (gtk_widget_get_mapped (add_row));

  /* the window has the size from the settings; the screenshot shows all of it but the frame */
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, g_settings_get_int (fixture->settings, "window-width"));
  g_assert_cmpint (height, ==, g_settings_get_int (fixture->settings, "window-height"));
  signet_test_ui_get_render_size (GTK_WIDGET (fixture->window), &shot_width, &shot_height);
  g_assert_cmpint (shot_width, <=, width);
  g_assert_cmpint (shot_width, >=, width - FRAME_MAX);
  g_assert_cmpint (shot_height, <=, height);
  g_assert_cmpint (shot_height, >=, height - FRAME_MAX);

  texture = signet_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-empty.png");
  g_assert_cmpint (gdk_texture_get_width (texture), ==, shot_width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, shot_height);
  signet_test_ui_assert_not_blank (texture);

  /* the same in the dark style */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  dark = signet_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-empty-dark.png");
  signet_test_ui_assert_not_blank (dark);
  g_assert_cmpfloat (signet_test_ui_mean_luminance (texture), >, 0.7);
  g_assert_cmpfloat (signet_test_ui_mean_luminance (dark), <, 0.3);
}

static gboolean
no_add_dialog_cb (gpointer user_data)
{
  return signet_test_ui_find_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG) == NULL;
}

static gpointer
dialog_child (gpointer    dialog,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

/* The Add Registry button and row open the dialog: it validates the address and derives
 * the notary server as docker would, until the user edits it. */
static void
test_add_registry (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *button = template_child (fixture->window, "add_registry_button");
  GtkWidget *add_row = template_child (fixture->window, "add_registry_row");
  g_autoptr(GdkTexture) texture = NULL;
  GtkWindow *dialog;
  GtkWidget *add;
  GtkEditable *url, *notary;

  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  g_assert_null (signet_test_ui_find_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG));
  gtk_widget_activate (button);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (dialog));
  add = dialog_child (dialog, "add_button");
  url = dialog_child (dialog, "url_row");
  notary = dialog_child (dialog, "notary_row");
  g_assert_false (gtk_widget_is_sensitive (add));

  gtk_editable_set_text (url, "ftp://registry.example.com");
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url), "error"));
  gtk_editable_set_text (url, "registry.example.com/some/path");
  g_assert_false (gtk_widget_is_sensitive (add));

  gtk_editable_set_text (url, "registry.example.com:5000");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (url), "error"));
  g_assert_cmpstr (gtk_editable_get_text (notary), ==, "https://registry.example.com:5000");
  gtk_editable_set_text (url, "docker.io");
  g_assert_cmpstr (gtk_editable_get_text (notary), ==, "https://notary.docker.io");
  /* an edited notary server stays */
  gtk_editable_set_text (notary, "https://notary.example.com:4443");
  gtk_editable_set_text (url, "https://registry.example.com");
  g_assert_cmpstr (gtk_editable_get_text (notary), ==, "https://notary.example.com:4443");

  signet_test_ui_wait_for_frames (GTK_WIDGET (dialog), 3);
  texture = signet_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-add-registry.png");
  signet_test_ui_assert_not_blank (texture);
  gtk_window_close (dialog);
  signet_test_ui_wait_until (no_add_dialog_cb, NULL, 20000, "the dialog to close");

  /* the sidebar row too */
  gtk_widget_activate (add_row);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  signet_test_ui_close_window (dialog);
}

/* Every control that shows no text has an accessible name. */
static void
test_accessible_labels (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *menu_error = NULL;
  GtkWidget *menu_button = template_child (fixture->window, "menu_button");
  GtkWidget *back = template_child (fixture->window, "content_back_button");
  GtkWidget *filter = template_child (fixture->window, "repositories_filter");
  GtkWidget *registries = template_child (fixture->window, "registries_list");

  menu_error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (menu_button),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  g_assert_null (menu_error);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (filter), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (registries),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

static gboolean
expiry_page_ready_cb (gpointer user_data)
{
  SignetUiExpiryPage *page = user_data;

  return !signet_ui_expiry_page_is_busy (page) && signet_ui_expiry_page_get_report (page) != NULL;
}

/* The sidebar's Keys, Audit and Expiry rows show their pages. */
static void
test_sections (Fixture       *fixture,
               gconstpointer  data)
{
  GtkStack *content_stack = template_child (fixture->window, "content_stack");
  AdwWindowTitle *title = template_child (fixture->window, "content_title");
  SignetUiExpiryPage *expiry_page = template_child (fixture->window, "expiry_page");
  static const char * const sections[][2] = {
    { "keys_row", "keys" },
    { "audit_row", "audit" },
    { "expiry_row", "expiry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *row = template_child (fixture->window, sections[i][0]);

      g_assert_true (gtk_widget_get_mapped (row));
      gtk_widget_activate (row);
      signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, sections[i][1]);
      g_assert_cmpstr (adw_window_title_get_title (title), !=, "");

      if (i == 0)
        {
          g_autoptr(GdkTexture) texture = NULL;

          texture = signet_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-keys.png");
          signet_test_ui_assert_not_blank (texture);
        }
    }

  /* the Expiry page checks on startup, and again with the new warning period */
  signet_test_ui_wait_until (expiry_page_ready_cb, expiry_page, 20000, "the expiry check");
  g_assert_cmpuint (signet_expiry_report_get_within_days (signet_ui_expiry_page_get_report (expiry_page)), ==, 30);
  g_settings_set_uint (fixture->settings, "expiry-warning-days", 7);
  g_assert_true (signet_ui_expiry_page_is_busy (expiry_page));
  signet_test_ui_wait_until (expiry_page_ready_cb, expiry_page, 20000, "the expiry check");
  g_assert_cmpuint (signet_expiry_report_get_within_days (signet_ui_expiry_page_get_report (expiry_page)), ==, 7);
}

static gboolean
leaflet_folded_cb (gpointer user_data)
{
  return adw_leaflet_get_folded (user_data);
}

static gboolean
leaflet_on_sidebar_cb (gpointer user_data)
{
  return g_strcmp0 (adw_leaflet_get_visible_child_name (user_data), "sidebar") == 0;
}

/* On a narrow window the leaflet folds: the content first, with a way back to the sidebar. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet = template_child (fixture->window, "leaflet");
  GtkWidget *back = template_child (fixture->window, "content_back_button");
  GtkWidget *empty_page = template_child (fixture->window, "empty_page");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) texture2 = NULL;

  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_false (gtk_widget_get_visible (back));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 680);
  signet_test_ui_wait_until (leaflet_folded_cb, leaflet, 20000, "the leaflet to fold");
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (gtk_widget_get_mapped (empty_page));
  g_assert_true (gtk_widget_get_mapped (back));
  texture = signet_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-narrow.png");
  signet_test_ui_assert_not_blank (texture);

  gtk_widget_activate (back);
  signet_test_ui_wait_until (leaflet_on_sidebar_cb, leaflet, 20000, "the leaflet to go back");
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_false (gtk_widget_get_mapped (empty_page));
  texture2 = signet_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-narrow-sidebar.png");
  signet_test_ui_assert_not_blank (texture2);
}

static void
test_about (Fixture       *fixture,
            gconstpointer  data)
{
  AdwAboutWindow *about;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  about = ADW_ABOUT_WINDOW (signet_test_ui_wait_for_window (ADW_TYPE_ABOUT_WINDOW));
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Signet");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (fixture->window));

  signet_test_ui_wait_for_frames (GTK_WIDGET (about), 3);
  texture = signet_test_ui_save_screenshot (GTK_WIDGET (about), "screenshot-about.png");
  signet_test_ui_assert_not_blank (texture);
}

static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(GStrv) accels = NULL;
  GtkWindow *shortcuts;
  g_autoptr(GdkTexture) texture = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.shortcuts");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>question", NULL }));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.preferences");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>comma", NULL }));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.quit");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>q", NULL }));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "shortcuts", NULL);
  shortcuts = signet_test_ui_wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (fixture->window));
  /* every window shortcut is listed: refresh and add registry too */
  {
    static const char * const want[][2] = {
      { "Refresh", "<Control>r F5" },
      { "Add Registry", "<Control>n" },
      { "Go Back", "<Alt>Left" },
    };
    guint found = 0;
    GtkWidget *stack[512];
    guint n = 0;

    stack[n++] = GTK_WIDGET (shortcuts);
    while (n > 0)
      {
        GtkWidget *cur = stack[--n];

        if (GTK_IS_SHORTCUTS_SHORTCUT (cur))
          {
            g_autofree char *title = NULL;
            g_autofree char *accel = NULL;

            g_object_get (cur, "title", &title, "accelerator", &accel, NULL);
            for (guint i = 0; i < G_N_ELEMENTS (want); i++)
              if (g_strcmp0 (title, want[i][0]) == 0 && g_strcmp0 (accel, want[i][1]) == 0)
                found |= 1u << i;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL && n < G_N_ELEMENTS (stack);
             c = gtk_widget_get_next_sibling (c))
          stack[n++] = c;
      }
    g_assert_cmpuint (found, ==, (1u << G_N_ELEMENTS (want)) - 1);
  }

  signet_test_ui_wait_for_frames (GTK_WIDGET (shortcuts), 3);
  texture = signet_test_ui_save_screenshot (GTK_WIDGET (shortcuts), "screenshot-shortcuts.png");
  signet_test_ui_assert_not_blank (texture);
}

/* The preferences window edits the settings, and shows changes made elsewhere. */
static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *preferences;
  GtkAdjustment *adjustment;
  GtkSwitch *auto_refresh;
  g_autoptr(GdkTexture) texture = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (fixture->window));

  adjustment = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                              SIGNET_UI_TYPE_PREFERENCES_WINDOW,
                                                              "expiry_warning_adjustment"));
  auto_refresh = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                            SIGNET_UI_TYPE_PREFERENCES_WINDOW,
                                                            "auto_refresh_switch"));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 30);
  g_assert_true (gtk_switch_get_active (auto_refresh));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (auto_refresh),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  gtk_adjustment_set_value (adjustment, 14);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "expiry-warning-days"), ==, 14);
  gtk_switch_set_active (auto_refresh, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "auto-refresh"));

  g_settings_set_uint (fixture->settings, "expiry-warning-days", 60);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 60);
  g_settings_set_boolean (fixture->settings, "auto-refresh", TRUE);
  g_assert_true (gtk_switch_get_active (auto_refresh));

  g_settings_reset (fixture->settings, "expiry-warning-days");
  signet_test_ui_wait_for_frames (GTK_WIDGET (preferences), 3);
  texture = signet_test_ui_save_screenshot (GTK_WIDGET (preferences), "screenshot-preferences.png");
  signet_test_ui_assert_not_blank (texture);
}

static int frame_width;
static int frame_height;

static gboolean
has_size_cb (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_width (widget) + frame_width == 820 &&
         gtk_widget_get_height (widget) + frame_height == 560;
}

/* The window opens at the size it had when it was last closed. */
static void
test_size_saved (Fixture       *fixture,
                 gconstpointer  data)
{
  /* what the frame adds to the window's allocation: the default size counts it */
  frame_width = 1280 - gtk_widget_get_width (GTK_WIDGET (fixture->window));
  frame_height = 800 - gtk_widget_get_height (GTK_WIDGET (fixture->window));
  g_assert_cmpint (frame_width, >=, 0);
  g_assert_cmpint (frame_width, <=, FRAME_MAX);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 820, 560);
  signet_test_ui_wait_until (has_size_cb, fixture->window, 20000, "the window to resize");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  signet_test_ui_iterate (100);
  g_assert_null (fixture->window);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 560);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);

  open_window (fixture);
  g_assert_true (has_size_cb (fixture->window));
}

/* The screenshot check itself: a window that shows nothing must not pass as a screenshot. */
static void
test_blank_is_detected (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window;
      g_autoptr(GdkTexture) texture = NULL;

      gtk_init ();
      window = gtk_window_new ();
      gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
      gtk_window_set_default_size (GTK_WINDOW (window), 200, 150);
      gtk_window_present (GTK_WINDOW (window));
      signet_test_ui_wait_for_frames (window, 3);

      texture = signet_test_ui_render (window);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 200);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, 150);
      g_printerr ("rendered\n");
      signet_test_ui_assert_not_blank (texture);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*rendered*assertion failed*");
}

/* Choosing a registry reads the docker configuration (config.json) off the GTK thread.
 * config.json is a FIFO here: opening it blocks until a writer comes, so a read on the GTK
 * thread would freeze the window. A watchdog feeds the FIFO after a few seconds so that a
 * regression fails instead of hanging. */
typedef struct
{
  char *fifo;
  gint  returned;       /* atomic: the GTK thread came back */
  gint  watchdog_fed;   /* atomic: the watchdog had to unblock a reader */
} FifoWatch;

static void
feed_fifo (const char *path)
{
  int fd = open (path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "{}", 2), ==, 2);
  close (fd);
}

static gpointer
fifo_watchdog_thread (gpointer user_data)
{
  FifoWatch *watch = user_data;

  for (guint i = 0; i < 100; i++)
    {
      if (g_atomic_int_get (&watch->returned))
        return NULL;
      g_usleep (50 * G_USEC_PER_SEC / 1000);
    }
  g_atomic_int_set (&watch->watchdog_fed, TRUE);
  feed_fifo (watch->fifo);
  return NULL;
}

static gboolean
window_ready_cb (gpointer user_data)
{
  return signet_ui_window_get_ready (user_data);
}

static gboolean
repositories_not_loading_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_window_get_repositories_state (user_data), "loading") != 0;
}

static void
test_config_read_off_main_thread (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-ui-fifo-XXXXXX", NULL);
  g_autofree char *old_config = g_strdup (g_getenv ("DOCKER_CONFIG"));
  FifoWatch watch = { 0, };
  GThread *watchdog;

  g_assert_nonnull (dir);
  signet_test_ui_wait_until (window_ready_cb, fixture->window, 10000, "the registries to be read");
  watch.fifo = g_build_filename (dir, "config.json", NULL);
  g_assert_cmpint (mkfifo (watch.fifo, 0600), ==, 0);
  g_setenv ("DOCKER_CONFIG", dir, TRUE);

  watchdog = g_thread_new ("fifo-watchdog", fifo_watchdog_thread, &watch);
  signet_ui_window_add_registry_url (fixture->window, "https://127.0.0.1:1");
  g_atomic_int_set (&watch.returned, TRUE);
  g_thread_join (watchdog);
  g_assert_false (g_atomic_int_get (&watch.watchdog_fed));
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "loading");
  /* the window keeps drawing while the worker waits for config.json */
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "loading");

  feed_fifo (watch.fifo);
  signet_test_ui_wait_until (repositories_not_loading_cb, fixture->window, 10000, "the connection error");
  /* the configuration was read and the registry tried: nothing listens on port 1 */
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "error");

  if (old_config != NULL)
    g_setenv ("DOCKER_CONFIG", old_config, TRUE);
  else
    g_unsetenv ("DOCKER_CONFIG");
  g_assert_cmpint (g_unlink (watch.fifo), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (watch.fifo);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  signet_test_ui_init (&argc, &argv);

  g_test_add_func ("/Signet/Ui/Helpers/blank-is-detected", test_blank_is_detected);
  g_test_add ("/Signet/Ui/Window/empty-state", Fixture, NULL, fixture_setup, test_empty_state, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/add-registry", Fixture, NULL, fixture_setup, test_add_registry, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/accessible-labels", Fixture, NULL, fixture_setup, test_accessible_labels, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/sections", Fixture, NULL, fixture_setup, test_sections, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/about", Fixture, NULL, fixture_setup, test_about, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/shortcuts", Fixture, NULL, fixture_setup, test_shortcuts, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/preferences", Fixture, NULL, fixture_setup, test_preferences, fixture_teardown);
  g_test_add ("/Signet/Ui/Window/size-saved", Fixture, NULL, fixture_setup, test_size_saved, fixture_teardown);

  g_test_add ("/Signet/Ui/Window/config-read-off-main-thread", Fixture, NULL, fixture_setup,
              test_config_read_off_main_thread, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);

  return ret;
}
