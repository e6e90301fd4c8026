/* test-ui-audit.c: the Audit and Expiry pages against the real testbed.
 *
 * The Audit page checks a Compose file of the testbed's images and shows each result as
 * it arrives; the Expiry page lists a delegation re-signed (with Signet's TUF builder, uploaded
 * to the real notary-server) to expire in nine days, with its Re-sign button, which shows the
 * command that does it. Run through tests/testbed/with-testbed --populate and
 * tests/run-ui-test.
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

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strdup_printf ("%s\n%s", summary, body));
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

static GtkWindow *
find_message_dialog (void)
{
  return signet_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
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
  GtkWidget *extra;
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

  /* the row's Re-sign button: win.resign shows the command, and changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.resign", "(sss)",
                                             gun, "targets/releases", command));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (extra))), ==, command);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "nothing has been changed"));
  save_and_check (GTK_WIDGET (dialog), "screenshot-expiry-resign.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  signet_test_ui_iterate (100);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *registries = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *gun = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *reg;
  int status = 0;
  int ret;

  signet_test_ui_init (&argc, &argv);
  reg = env ("SIGNET_REGISTRY");

  notifications = g_ptr_array_new_with_free_func (g_free);
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

  /* the app's registries: the testbed registry with its repositories */
  file = signet_ui_registries_default_file ();
  path = g_file_get_path (file);
  registries = g_strdup_printf ("{\"registries\": [{\"url\": \"https://%s\", \"notary-url\": \"%s\", "
                                "\"repositories\": [\"demo/web\", \"demo/tools\", \"demo/multi\", \"demo/db\"]}]}",
                                reg, env ("SIGNET_NOTARY_URL"));
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, registries, -1, NULL));

  g_test_add ("/Signet/Ui/Audit/audit", Fixture, NULL, fixture_setup, test_audit, fixture_teardown);
  g_test_add ("/Signet/Ui/Audit/expiry", Fixture, NULL, fixture_setup, test_expiry, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  g_ptr_array_unref (notifications);
  return ret;
}
