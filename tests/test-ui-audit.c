/* test-ui-audit.c: the Audit and Expiry pages against the real testbed.
 *
 * The Audit page checks a Compose file of the testbed's images and shows each result as
 * it arrives; the Expiry page lists a delegation re-signed (with Signet's TUF builder, uploaded
 * to the real notary-server) to expire in nine days; clicking the desktop notice shows the
 * page; the row's Re-sign button opens the Re-Sign dialog, which re-signs it, after which it
 * leaves the list and the real notary client still verifies the repository. The expiry check
 * reaches a notary server that only the registry's CA file (in the registries file) vouches
 * for. Run through tests/testbed/with-testbed --populate and tests/run-ui-test.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "signet-test-ui.h"
#include "signet-ui-application.h"
#include "signet-ui-audit-page.h"
#include "signet-ui-expiry-page.h"
#include "signet-ui-registry.h"
#include "signet-ui-resign-dialog.h"
#include "signet-ui-step-dialog.h"
#include "signet-ui-window.h"

#define TIMEOUT 60000

static SignetUiApplication *the_app;

typedef struct
{
  SignetUiWindow *window;
} Fixture;

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set: run this under tests/testbed/with-testbed", name);
  return value;
}

static gboolean
window_ready_cb (gpointer user_data)
{
  return signet_ui_window_get_ready (user_data);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      the_app = signet_ui_application_new ();
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
      signet_test_ui_setup_display ();
    }
  g_application_activate (G_APPLICATION (the_app));
  fixture->window = SIGNET_UI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (the_app)));
  g_assert_nonnull (fixture->window);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1180, 640);
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  signet_test_ui_wait_until (window_ready_cb, fixture->window, TIMEOUT, "the registries to be read");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *window;

  while ((window = signet_test_ui_find_window (GTK_TYPE_WINDOW)) != NULL)
    signet_test_ui_close_window (window);
  g_assert_null (fixture->window);
}

static gpointer
template_child (SignetUiWindow *window,
                const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), SIGNET_UI_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static void
show_section (Fixture    *fixture,
              const char *row_name,
              const char *page)
{
  GtkStack *stack = template_child (fixture->window, "content_stack");

  gtk_widget_activate (template_child (fixture->window, row_name));
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, page);
}

static void
save_and_check (GtkWidget  *widget,
                const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  signet_test_ui_wait_for_frames (widget, 3);
  texture = signet_test_ui_save_screenshot (widget, name);
  signet_test_ui_assert_not_blank (texture);
}

/* ---- A notification server on the test's private session bus ------------------------ */

/* Records what the app sends through GNotification (org.freedesktop.Notifications). */
static GPtrArray *notifications;  /* "summary\nbody" */
static GPtrArray *notification_actions;  /* the actions of each, joined by "," */
static GDBusConnection *notification_bus;
static gboolean   name_owned;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary, *body;

      g_autofree const char **actions = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_variant_get_child (parameters, 5, "^a&s", &actions);
      g_ptr_array_add (notifications, g_strdup_printf ("%s\n%s", summary, body));
      g_ptr_array_add (notification_actions, g_strjoinv (",", (char **) actions));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(['body'],)"));
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "signet", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
bus_acquired_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);

  notification_bus = connection;
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  name_owned = TRUE;
}

static gboolean
name_owned_cb (gpointer user_data)
{
  return name_owned;
}

static gboolean
n_notifications_cb (gpointer user_data)
{
  return notifications->len >= GPOINTER_TO_UINT (user_data);
}

/* ---- Audit --------------------------------------------------------------------------- */

static gboolean
audit_done_cb (gpointer user_data)
{
  return !signet_ui_audit_page_is_running (user_data);
}

static SignetAuditResult *
result_for (SignetUiAuditPage *page,
            const char        *reference)
{
  GListModel *results = signet_ui_audit_page_get_results (page);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SignetAuditResult) r = g_list_model_get_item (results, i);

      if (g_str_equal (signet_audit_result_get_reference (r), reference))
        return r;  /* the model keeps it alive */
    }
  g_error ("no result for %s", reference);
  return NULL;
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  SignetUiAuditPage *page = SIGNET_UI_AUDIT_PAGE (gtk_stack_get_child_by_name (template_child (fixture->window, "content_stack"), "audit"));
  const char *reg = env ("SIGNET_REGISTRY");
  g_autofree char *dir = g_dir_make_tmp ("signet-ui-audit-XXXXXX", NULL);
  g_autofree char *compose = g_build_filename (dir, "compose.yaml", NULL);
  g_autofree char *yaml = NULL;
  g_autofree char *web = g_strdup_printf ("%s/demo/web:1.1", reg);
  g_autofree char *db = g_strdup_printf ("%s/demo/db:15", reg);
  g_autofree char *multi = g_strdup_printf ("%s/demo/multi:1.0", reg);
  g_autofree char *tools = g_strdup_printf ("%s/demo/tools:ci", reg);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *files[] = { compose, NULL };
  JsonObject *root;

  show_section (fixture, "audit_row", "audit");
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-audit-empty.png");

  yaml = g_strdup_printf ("services:\n"
                          "  web:\n    image: %s\n"
                          "  worker:\n    image: %s\n"
                          "  db:\n    image: %s\n"
                          "  ci:\n    image: %s\n"
                          "  builder:\n    build: .\n",
                          web, multi, db, tools);
  g_assert_true (g_file_set_contents (compose, yaml, -1, &error));
  g_assert_no_error (error);

  signet_ui_audit_page_run (page, files, NULL);
  g_assert_true (signet_ui_audit_page_is_running (page));
  signet_test_ui_wait_until (audit_done_cb, page, TIMEOUT, "the audit");
  g_assert_cmpuint (g_list_model_get_n_items (signet_ui_audit_page_get_results (page)), ==, 4);

  g_assert_cmpint (signet_audit_result_get_trust (result_for (page, web)), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_true (signet_audit_result_get_would_pull (result_for (page, web)));
  g_assert_cmpstr (signet_audit_result_get_service (result_for (page, web)), ==, "web");
  g_assert_cmpint (signet_audit_result_get_trust (result_for (page, multi)), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_cmpint (signet_audit_result_get_trust (result_for (page, tools)), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_cmpint (signet_audit_result_get_trust (result_for (page, db)), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  g_assert_false (signet_audit_result_get_would_pull (result_for (page, db)));

  /* export: what the CLI writes */
  json = signet_ui_audit_page_to_json (page);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "would_pull"), ==, 3);
  csv = signet_ui_audit_page_to_csv (page);
  g_assert_true (g_str_has_prefix (csv, "reference,origin,service,"));
  g_assert_nonnull (strstr (csv, db));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);  /* header, 4 rows, "" */

  save_and_check (GTK_WIDGET (fixture->window), "screenshot-audit.png");

  g_unlink (compose);
  g_rmdir (dir);
}

/* ---- Expiry -------------------------------------------------------------------------- */

static gboolean
expiry_ready_cb (gpointer user_data)
{
  return !signet_ui_expiry_page_is_busy (user_data) && signet_ui_expiry_page_get_report (user_data) != NULL;
}

static gboolean
expiry_shown_cb (gpointer user_data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (user_data), "expiry") == 0;
}

static gboolean
role_listed_cb (gpointer user_data)
{
  return signet_ui_step_dialog_get_widget (user_data, "role:targets/releases") != NULL;
}

static gboolean
step_done_cb (gpointer user_data)
{
  const char *page = signet_ui_step_dialog_get_page (user_data);
  GtkLabel *error = signet_ui_step_dialog_get_widget (user_data, "error");

  return g_strcmp0 (page, "result") == 0 ||
         (g_strcmp0 (page, "progress") != 0 && *gtk_label_get_text (error) != '\0');
}

/* The button under @root whose action is @action with a target starting with @first (and
 * @second, for "(sss)" targets). */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action,
                    const char *first,
                    const char *second)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));
      const char *a = NULL, *b = NULL, *c = NULL;

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE ("(sss)")))
        g_variant_get (target, "(&s&s&s)", &a, &b, &c);
      else if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING))
        a = g_variant_get_string (target, NULL);
      if (g_strcmp0 (a, first) == 0 && (second == NULL || g_strcmp0 (b, second) == 0))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action, first, second);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* notary -c CONFIG ARGS… (its output; the test fails if it fails) */
static char *
notary (const char *command,
        const char *gun,
        const char *option,
        const char *value)
{
  const char *argv[] = { "notary", "-c", env ("SIGNET_NOTARY_CONFIG"), command, gun, option, value, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("notary %s %s failed: %s", command, gun, err);
  return g_steal_pointer (&out);
}

/* The app's registries: the testbed registry with its repositories (and @ca_file). */
static void
write_registries (const char *ca_file)
{
  g_autoptr(GFile) file = signet_ui_registries_default_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *ca = ca_file != NULL ? g_strdup_printf (", \"ca-file\": \"%s\"", ca_file) : g_strdup ("");
  g_autofree char *registries = NULL;

  registries = g_strdup_printf ("{\"registries\": [{\"url\": \"https://%s\", \"notary-url\": \"%s\"%s, "
                                "\"repositories\": [\"demo/web\", \"demo/tools\", \"demo/multi\", \"demo/db\"]}]}",
                                env ("SIGNET_REGISTRY"), env ("SIGNET_NOTARY_URL"), ca);
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, registries, -1, NULL));
}

static void
test_expiry (Fixture       *fixture,
             gconstpointer  data)
{
  SignetUiExpiryPage *page = SIGNET_UI_EXPIRY_PAGE (gtk_stack_get_child_by_name (template_child (fixture->window, "content_stack"), "expiry"));
  const char *reg = env ("SIGNET_REGISTRY");
  g_autofree char *gun = g_strdup_printf ("%s/demo/web", reg);
  g_autofree char *command = g_strdup_printf ("notary witness %s targets/releases && notary publish %s", gun, gun);
  SignetExpiryReport *report;
  GListModel *items;
  SignetExpiryItem *releases = NULL;
  GtkWindow *dialog;
  GtkWidget *button;
  GtkCheckButton *check;
  g_autofree char *listed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = G_MININT64;

  show_section (fixture, "expiry_row", "expiry");
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check");
  signet_ui_expiry_page_refresh (page);
  g_assert_true (signet_ui_expiry_page_is_busy (page));
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check");

  report = signet_ui_expiry_page_get_report (page);
  g_assert_cmpuint (g_strv_length ((GStrv) signet_expiry_report_get_failed (report)), ==, 0);
  /* the registries file's repositories and the docker trust cache */
  g_assert_true (g_strv_contains (signet_expiry_report_get_repositories (report), gun));
  items = signet_expiry_report_get_items (report);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (signet_expiry_item_get_expires (item), >=, last);
      last = signet_expiry_item_get_expires (item);
      if (signet_expiry_item_get_state (item) != SIGNET_EXPIRY_STATE_OK)
        {
          g_assert_null (releases);
          g_assert_cmpstr (signet_expiry_item_get_gun (item), ==, gun);
          g_assert_cmpstr (signet_expiry_item_get_role (item), ==, "targets/releases");
          releases = item;
        }
    }
  g_assert_nonnull (releases);
  g_assert_cmpint (signet_expiry_item_get_state (releases), ==, SIGNET_EXPIRY_STATE_EXPIRING);
  g_assert_cmpuint (signet_expiry_report_get_n_due (report), ==, 1);

  save_and_check (GTK_WIDGET (fixture->window), "screenshot-expiry.png");

  /* a desktop notification said so, once: checking again does not repeat it */
  signet_test_ui_wait_until (n_notifications_cb, GUINT_TO_POINTER (1), TIMEOUT, "the notification");
  g_assert_cmpuint (notifications->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notifications, 0), "A signature needs attention"));
  g_assert_nonnull (strstr (g_ptr_array_index (notifications, 0), "targets/releases of"));
  g_assert_nonnull (strstr (g_ptr_array_index (notifications, 0), gun));

  /* a click on the notice (its default action, invoked as the notification server does)
   * shows the Expiry page */
  g_assert_nonnull (strstr (g_ptr_array_index (notification_actions, 0), "default"));
  show_section (fixture, "audit_row", "audit");
  g_dbus_connection_emit_signal (notification_bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", 1, "default"), &error);
  g_assert_no_error (error);
  signet_test_ui_wait_until (expiry_shown_cb, template_child (fixture->window, "content_stack"), TIMEOUT,
                             "the notification's click to show the Expiry page");

  /* the row's Re-sign button opens the Re-Sign dialog on that repository, that role checked */
  button = find_action_button (GTK_WIDGET (page), "win.resign", gun, "targets/releases");
  g_assert_nonnull (button);
  g_assert_nonnull (find_action_button (GTK_WIDGET (page), "win.copy-expiry-command", command, NULL));
  gtk_widget_activate (button);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_RESIGN_DIALOG);
  g_assert_cmpstr (signet_ui_step_dialog_get_gun (SIGNET_UI_STEP_DIALOG (dialog)), ==, gun);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  signet_test_ui_wait_until (role_listed_cb, dialog, TIMEOUT, "the roles");
  check = signet_ui_step_dialog_get_widget (SIGNET_UI_STEP_DIALOG (dialog), "role:targets/releases");
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_false (gtk_check_button_get_active (signet_ui_step_dialog_get_widget (SIGNET_UI_STEP_DIALOG (dialog),
                                                                                 "role:targets")));
  save_and_check (GTK_WIDGET (dialog), "screenshot-expiry-resign.png");
  /* the passphrases come from the environment: no prompt */
  g_signal_emit_by_name (signet_ui_step_dialog_get_widget (SIGNET_UI_STEP_DIALOG (dialog), "next"), "clicked");
  signet_test_ui_wait_until (step_done_cb, dialog, TIMEOUT, "the re-signing");
  g_assert_cmpstr (signet_ui_step_dialog_get_page (SIGNET_UI_STEP_DIALOG (dialog)), ==, "result");
  save_and_check (GTK_WIDGET (dialog), "screenshot-expiry-resign-result.png");
  signet_test_ui_close_window (GTK_WINDOW (dialog));
  g_assert_null (dialog);

  /* the page checks again: nothing needs attention any more */
  g_assert_true (signet_ui_expiry_page_is_busy (page));
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check after re-signing");
  report = signet_ui_expiry_page_get_report (page);
  g_assert_cmpuint (signet_expiry_report_get_n_due (report), ==, 0);
  items = signet_expiry_report_get_items (report);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (signet_expiry_item_get_state (item), ==, SIGNET_EXPIRY_STATE_OK);
    }
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-expiry-after-resign.png");

  /* the real notary client still verifies it, releases' signatures included */
  listed = notary ("list", gun, "-r", "targets/releases");
  g_assert_nonnull (strstr (listed, "1.0"));
}

/* The registries file's CA file reaches a notary server whose CA is not in docker's TLS
 * folders: without it, the refresh fails (a note); with it, it works. */
static void
test_expiry_ca_file (Fixture       *fixture,
                     gconstpointer  data)
{
  SignetUiExpiryPage *page = SIGNET_UI_EXPIRY_PAGE (gtk_stack_get_child_by_name (template_child (fixture->window, "content_stack"), "expiry"));
  const char *reg = env ("SIGNET_REGISTRY");
  const char *notary_url = env ("SIGNET_NOTARY_URL");
  g_autofree char *gun = g_strdup_printf ("%s/demo/web", reg);
  g_autofree char *tls = g_build_filename (env ("DOCKER_CONFIG"), "tls", notary_url + strlen ("https://"), NULL);
  g_autofree char *away = g_strconcat (tls, ".away", NULL);
  const char * const *notes;
  gboolean noted = FALSE;

  show_section (fixture, "expiry_row", "expiry");
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check");
  g_assert_cmpint (g_rename (tls, away), ==, 0);

  write_registries (NULL);
  signet_ui_expiry_page_refresh (page);
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check without the CA");
  notes = signet_expiry_report_get_notes (signet_ui_expiry_page_get_report (page));
  for (guint i = 0; notes[i] != NULL; i++)
    noted |= g_str_has_prefix (notes[i], gun);
  g_assert_true (noted);

  write_registries (env ("SIGNET_TESTBED_CA"));
  signet_ui_expiry_page_refresh (page);
  signet_test_ui_wait_until (expiry_ready_cb, page, TIMEOUT, "the expiry check with the CA file");
  notes = signet_expiry_report_get_notes (signet_ui_expiry_page_get_report (page));
  for (guint i = 0; notes[i] != NULL; i++)
    g_test_message ("note: %s", notes[i]);
  g_assert_cmpuint (g_strv_length ((GStrv) notes), ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) signet_expiry_report_get_failed (signet_ui_expiry_page_get_report (page))), ==, 0);
  g_assert_true (g_strv_contains (signet_expiry_report_get_repositories (signet_ui_expiry_page_get_report (page)), gun));

  g_assert_cmpint (g_rename (away, tls), ==, 0);
  write_registries (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keys = NULL;
  g_autofree char *out = NULL;
  g_autofree char *gun = NULL;
  g_autoptr(GError) error = NULL;
  const char *reg;
  int status = 0;
  int ret;

  signet_test_ui_init (&argc, &argv);
  reg = env ("SIGNET_REGISTRY");

  notifications = g_ptr_array_new_with_free_func (g_free);
  notification_actions = g_ptr_array_new_with_free_func (g_free);
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  bus_acquired_cb, name_acquired_cb, NULL, NULL, NULL);
  signet_test_ui_wait_until (name_owned_cb, NULL, TIMEOUT, "the notification server's name");

  /* targets/releases of demo/web expires in nine days */
  gun = g_strdup_printf ("%s/demo/web", reg);
  if (!g_spawn_sync (NULL, (char *[]) { (char *) env ("SIGNET_TEST_RESIGN"), (char *) env ("SIGNET_NOTARY_TRUST_DIR"),
                                        gun, (char *) "targets/releases", (char *) "800000", NULL },
                     NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("signet-test-resign: %s", error->message);

  /* the keys of demo/web (made with the notary CLI) in the app's trust folder too, so that
   * the app can re-sign it */
  keys = g_strdup_printf ("mkdir -p '%s/trust/private' && cp -p '%s'/private/*.key '%s/trust/private/'",
                          env ("DOCKER_CONFIG"), env ("SIGNET_NOTARY_TRUST_DIR"), env ("DOCKER_CONFIG"));
  g_assert_cmpint (system (keys), ==, 0);

  write_registries (NULL);

  g_test_add ("/Signet/Ui/Audit/audit", Fixture, NULL, fixture_setup, test_audit, fixture_teardown);
  g_test_add ("/Signet/Ui/Audit/expiry", Fixture, NULL, fixture_setup, test_expiry, fixture_teardown);
  g_test_add ("/Signet/Ui/Audit/expiry-ca-file", Fixture, NULL, fixture_setup, test_expiry_ca_file, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  g_ptr_array_unref (notifications);
  g_ptr_array_unref (notification_actions);
  return ret;
}
