/* signet-ui-expiry-page.c: what expires soon, across registries, and the desktop notice.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On startup and every hour the page runs the expiry scan (libsignet: every repository of
 * the trust cache and of the registries file, verified, each registry reached as its
 * browsing session reaches it: notary server and CA file) and lists every role, delegation
 * and root certificate soonest first. When something enters the warning window while the
 * app runs, a desktop notification says so, once per item and state for the life of the
 * process; clicking it shows this page (app.show-expiry). Each row's button opens the
 * Re-Sign or Rotate Keys dialog on that repository and role; the list is checked again once
 * the dialog is gone.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-application.h"
#include "signet-ui-expiry-page.h"
#include "signet-ui-registry.h"
#include "signet-ui-session.h"
#include "signet-ui-util.h"
#include "signet-ui-window.h"
#include "signet-ui-window-dialogs.h"

#define CHECK_INTERVAL_SECONDS (60 * 60)
#define DAY                    G_GINT64_CONSTANT (86400)

struct _SignetUiExpiryPage
{
  GtkWidget           parent_instance;

  GtkImage           *summary_icon;
  GtkLabel           *summary_label;
  GtkSpinner         *spinner;
  GtkButton          *check_button;
  GtkLabel           *failures_label;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkColumnView      *column_view;

  GSettings          *settings;
  GListStore         *items;
  SignetExpiryReport *report;
  GCancellable       *cancellable;
  SignetRemote       *remote;
  GListStore         *registries;
  guint               timer;
  gboolean            busy;
  gboolean            again;
};

G_DEFINE_FINAL_TYPE (SignetUiExpiryPage, signet_ui_expiry_page, GTK_TYPE_WIDGET)

static void start_scan (SignetUiExpiryPage *self);

/* ---- Notifications ------------------------------------------------------------------- */

/* What was notified, for the life of the process (shared by every window). */
static GHashTable *
notified_set (void)
{
  static GHashTable *set;

  if (set == NULL)
    set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return set;
}

static char *
item_key (SignetExpiryItem *item)
{
  return g_strdup_printf ("%s\n%s\n%u\n%s\n%u", signet_expiry_item_get_gun (item),
                          signet_expiry_item_get_role (item), signet_expiry_item_get_kind (item),
                          signet_expiry_item_get_key_id (item) ?: "",
                          signet_expiry_item_get_state (item));
}

static char *
item_title (SignetExpiryItem *item)
{
  if (signet_expiry_item_get_kind (item) == SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE)
    return g_strdup (_("root certificate"));
  return g_strdup (signet_expiry_item_get_role (item));
}

static void
notify_new (SignetUiExpiryPage *self)
{
  GListModel *items = signet_expiry_report_get_items (self->report);
  GApplication *app = g_application_get_default ();
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gint64 now = signet_expiry_report_get_checked_at (self->report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SignetExpiryItem) item = g_list_model_get_item (items, i);
      char *key;

      if (signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_OK)
        continue;
      key = item_key (item);
      if (!g_hash_table_add (notified_set (), key))
        continue;
      g_ptr_array_add (fresh, g_steal_pointer (&item));
    }
  if (fresh->len == 0 || app == NULL)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A signature needs attention",
                                        "%u signatures need attention", fresh->len), fresh->len);
  for (guint i = 0; i < fresh->len && i < 3; i++)
    {
      SignetExpiryItem *item = g_ptr_array_index (fresh, i);
      g_autofree char *what = item_title (item);
      g_autofree char *when = signet_ui_format_relative (signet_expiry_item_get_expires (item), now);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      if (signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_EXPIRED)
        /* Translators: "targets/releases of registry/repo expired 2 days ago" */
        g_string_append_printf (body, _("%s of %s expired %s"), what, signet_expiry_item_get_gun (item), when);
      else
        /* Translators: "targets/releases of registry/repo expires in 9 days" */
        g_string_append_printf (body, _("%s of %s expires %s"), what, signet_expiry_item_get_gun (item), when);
    }
  if (fresh->len > 3)
    g_string_append_printf (body, _("\nand %u more"), fresh->len - 3);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* a click shows the list */
  g_notification_set_default_action (notification, "app.show-expiry");
  g_application_send_notification (app, "signet-expiry", notification);
}

/* ---- Rows ---------------------------------------------------------------------------- */

static GtkWidget *
make_label (gboolean dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
setup_two_lines_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *second = make_label (TRUE);

  gtk_widget_add_css_class (second, "caption");
  gtk_box_append (GTK_BOX (box), make_label (FALSE));
  gtk_box_append (GTK_BOX (box), second);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (list_item, box);
}

static void
set_two_lines (GtkListItem *list_item,
               const char  *first,
               const char  *second)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *a = gtk_widget_get_first_child (box);
  GtkWidget *b = gtk_widget_get_next_sibling (a);

  gtk_label_set_text (GTK_LABEL (a), first);
  gtk_widget_set_tooltip_text (a, first);
  gtk_label_set_text (GTK_LABEL (b), second != NULL ? second : "");
  gtk_widget_set_visible (b, second != NULL);
}

static void
bind_repository_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  SignetExpiryItem *item = gtk_list_item_get_item (list_item);
  const char *gun = signet_expiry_item_get_gun (item);
  const char *slash = strchr (gun, '/');
  g_autofree char *registry = slash != NULL ? g_strndup (gun, slash - gun) : NULL;

  set_two_lines (list_item, slash != NULL ? slash + 1 : gun, registry);
}

static void
bind_role_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SignetExpiryItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *short_id = NULL;
  g_autofree char *second = NULL;

  switch (signet_expiry_item_get_kind (item))
    {
    case SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE:
      short_id = signet_ui_short_id (signet_expiry_item_get_key_id (item));
      second = g_strdup_printf (_("Root certificate · key %s"), short_id);
      set_two_lines (list_item, _("root"), second);
      break;
    case SIGNET_EXPIRY_KIND_DELEGATION:
      second = g_strdup_printf (_("Signer “%s”"), signet_expiry_item_get_role (item) + strlen ("targets/"));
      set_two_lines (list_item, signet_expiry_item_get_role (item), second);
      break;
    case SIGNET_EXPIRY_KIND_ROLE:
    default:
      {
        const char *role = signet_expiry_item_get_role (item);
        const char *what = _("Repository key");

        if (g_str_equal (role, "timestamp"))
          what = _("Renewed by the server");
        else if (g_str_equal (role, "snapshot"))
          what = _("Snapshot of the repository");
        else if (g_str_equal (role, "root"))
          what = _("Root of trust");
        set_two_lines (list_item, role, what);
      }
      break;
    }
}

static void
bind_expires_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  SignetExpiryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *first = gtk_widget_get_first_child (box);
  g_autofree char *date = signet_ui_format_date (signet_expiry_item_get_expires (item));
  g_autofree char *when = signet_ui_format_relative (signet_expiry_item_get_expires (item),
                                                     g_get_real_time () / G_USEC_PER_SEC);

  set_two_lines (list_item, when, date);
  gtk_widget_remove_css_class (first, "warning");
  gtk_widget_remove_css_class (first, "error");
  if (signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_EXPIRING)
    gtk_widget_add_css_class (first, "warning");
  else if (signet_expiry_item_get_state (item) == SIGNET_EXPIRY_STATE_EXPIRED)
    gtk_widget_add_css_class (first, "error");
}

static void
setup_state_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  GtkWidget *label = make_label (FALSE);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_state_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  SignetExpiryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  const char *icon, *text, *css;

  switch (signet_expiry_item_get_state (item))
    {
    case SIGNET_EXPIRY_STATE_EXPIRED:
      icon = "dialog-error-symbolic";
      text = _("Expired");
      css = "error";
      break;
    case SIGNET_EXPIRY_STATE_EXPIRING:
      icon = "dialog-warning-symbolic";
      text = _("Expires soon");
      css = "warning";
      break;
    case SIGNET_EXPIRY_STATE_OK:
    default:
      icon = "emblem-ok-symbolic";
      text = _("Valid");
      css = "success";
      break;
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_label_set_text (GTK_LABEL (label), text);
  for (const char * const *c = (const char * const[]) { "error", "warning", "success", NULL }; *c; c++)
    gtk_widget_remove_css_class (box, *c);
  gtk_widget_add_css_class (box, css);
  gtk_widget_set_tooltip_text (box, signet_expiry_item_get_advice (item));
}

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *label = make_label (TRUE);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the notary command that does the same"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the command"), -1);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), copy);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_action_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  SignetExpiryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *button = gtk_widget_get_first_child (box);
  GtkWidget *copy = gtk_widget_get_next_sibling (button);
  GtkWidget *label = gtk_widget_get_next_sibling (copy);
  SignetExpiryAction action = signet_expiry_item_get_action (item);
  const char *command = signet_expiry_item_get_command (item);

  gtk_widget_set_visible (button, FALSE);
  gtk_widget_set_visible (copy, FALSE);
  gtk_widget_set_visible (label, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), NULL);
  if (command != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Copy the command that does the same: %s"), command);

      gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", command);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "win.copy-expiry-command");
      gtk_widget_set_tooltip_text (copy, tooltip);
      gtk_widget_set_visible (copy, TRUE);
    }
  if (action == SIGNET_EXPIRY_ACTION_RESIGN || action == SIGNET_EXPIRY_ACTION_ROTATE_ROOT)
    {
      gboolean rotate = action == SIGNET_EXPIRY_ACTION_ROTATE_ROOT;

      gtk_button_set_label (GTK_BUTTON (button), rotate ? _("Rotate Root…") : _("Re-sign…"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sss)",
                                        signet_expiry_item_get_gun (item),
                                        signet_expiry_item_get_role (item), command ?: "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), rotate ? "win.rotate" : "win.resign");
      gtk_widget_set_tooltip_text (button, signet_expiry_item_get_advice (item));
      gtk_widget_set_visible (button, TRUE);
    }
  else if (action == SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR)
    {
      gtk_label_set_text (GTK_LABEL (label), _("Ask the server operator"));
      gtk_widget_set_tooltip_text (label, signet_expiry_item_get_advice (item));
      gtk_widget_set_visible (label, TRUE);
    }
}

static void
add_column (SignetUiExpiryPage *self,
            const char         *title,
            GCallback           setup,
            GCallback           bind,
            gboolean            expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

/* ---- Scanning ------------------------------------------------------------------------ */

static void
show_report (SignetUiExpiryPage *self)
{
  GListModel *items = signet_expiry_report_get_items (self->report);
  guint n_due = signet_expiry_report_get_n_due (self->report);
  guint n_repos = g_strv_length ((GStrv) signet_expiry_report_get_repositories (self->report));
  const char * const *failed = signet_expiry_report_get_failed (self->report);
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (signet_expiry_report_get_checked_at (self->report));
  g_autofree char *time = g_date_time_format (at, "%H:%M");
  g_autoptr(GPtrArray) items_array = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    g_ptr_array_add (items_array, g_list_model_get_item (items, i));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items_array->pdata, items_array->len);

  if (n_due == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Nothing expires in the next %u days in %u repository · checked at %s",
                                            "Nothing expires in the next %u days in %u repositories · checked at %s",
                                            n_repos),
                               signet_expiry_report_get_within_days (self->report), n_repos, time);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u signature or key needs attention · checked at %s",
                                            "%u signatures or keys need attention · checked at %s",
                                            n_due),
                               n_due, time);
  gtk_label_set_text (self->summary_label, summary);
  gtk_image_set_from_icon_name (self->summary_icon, n_due > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), n_due > 0 ? "warning" : "success");

  if (failed[0] != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; failed[i] != NULL; i++)
        g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", failed[i],
                                signet_expiry_report_get_failure (self->report, failed[i]));
      gtk_label_set_text (self->failures_label, text->str);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->failures_label), failed[0] != NULL);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (items) > 0 ? "list" : "empty");
  notify_new (self);
}

static void
set_busy (SignetUiExpiryPage *self,
          gboolean            busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), !busy);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SignetUiExpiryPage) self = user_data;
  g_autoptr(SignetExpiryReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = signet_expiry_scan_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (self->again)
    {
      self->again = FALSE;
      start_scan (self);
      return;
    }
  if (report == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  g_set_object (&self->report, report);
  show_report (self);
}

/* The remote, set up for every registry of the registries file as its browsing session
 * would be (notary server, CA file), for this check. */
static void
remote_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetUiExpiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) registries = g_steal_pointer (&self->registries);
  SignetRemote *remote = signet_remote_new_finish (result, &error);

  if (remote == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  g_clear_object (&self->remote);
  self->remote = remote;
  signet_remote_set_timeout (self->remote, 20);
  for (guint i = 0; registries != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (registries)); i++)
    {
      g_autoptr(SignetUiRegistry) registry = g_list_model_get_item (G_LIST_MODEL (registries), i);
      g_autoptr(GError) local = NULL;

      if (!signet_ui_session_configure_remote (self->remote, registry, &local))
        g_message ("The settings of the registry %s are not used in the expiry check: %s",
                   signet_ui_registry_get_name (registry), local->message);
    }
  signet_expiry_scan_async (self->remote, NULL, NULL, NULL,
                            g_settings_get_uint (self->settings, "expiry-warning-days"),
                            SIGNET_EXPIRY_SCAN_NONE, self->cancellable, scan_cb, g_object_ref (self));
}

static void
registries_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SignetUiExpiryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->registries);
  self->registries = signet_ui_registries_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* a registries file that cannot be read: the check says so for its repositories */
  if (self->registries == NULL)
    g_debug ("Expiry check without the registries' settings: %s", error->message);
  signet_remote_new_async (NULL, self->cancellable, remote_cb, g_object_ref (self));
}

static void
start_scan (SignetUiExpiryPage *self)
{
  g_autoptr(GFile) file = signet_ui_registries_default_file ();

  set_busy (self, TRUE);
  signet_ui_registries_load_async (file, self->cancellable, registries_cb, g_object_ref (self));
}

void
signet_ui_expiry_page_refresh (SignetUiExpiryPage *self)
{
  g_return_if_fail (SIGNET_UI_IS_EXPIRY_PAGE (self));

  if (self->busy)
    return;
  start_scan (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  signet_ui_expiry_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

gboolean
signet_ui_expiry_page_is_busy (SignetUiExpiryPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_EXPIRY_PAGE (self), FALSE);
  return self->busy;
}

SignetExpiryReport *
signet_ui_expiry_page_get_report (SignetUiExpiryPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_EXPIRY_PAGE (self), NULL);
  return self->report;
}

static void
warning_days_changed_cb (SignetUiExpiryPage *self)
{
  signet_ui_expiry_page_refresh (self);
}

/* ---- Actions: the guided dialogs, and the command line that does the same ---------- */

static SignetUiExpiryPage *
page_of (GtkWindow *window)
{
  GObject *page = gtk_widget_get_template_child (GTK_WIDGET (window), SIGNET_UI_TYPE_WINDOW, "expiry_page");

  return SIGNET_UI_IS_EXPIRY_PAGE (page) ? SIGNET_UI_EXPIRY_PAGE (page) : NULL;
}

/* Once the dialog is gone (after a publish, or not), the list shows what the server has. */
static void
dialog_destroyed_cb (SignetUiExpiryPage *self)
{
  if (self->busy)
    {
      /* a check that started before the publish: check again when it ends */
      self->again = TRUE;
      return;
    }
  start_scan (self);
}

static void
open_dialog (GtkWindow *window,
             GVariant  *parameter,
             gboolean   rotate)
{
  SignetUiExpiryPage *page = page_of (window);
  g_autoptr(GError) error = NULL;
  const char *gun, *role, *command;
  GtkWindow *dialog;

  g_variant_get (parameter, "(&s&s&s)", &gun, &role, &command);
  dialog = signet_ui_window_open_expiry_dialog (SIGNET_UI_WINDOW (window), gun, role, rotate, &error);
  if (dialog == NULL)
    {
      signet_ui_window_show_toast (SIGNET_UI_WINDOW (window), error->message);
      return;
    }
  if (page != NULL)
    g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), page, G_CONNECT_SWAPPED);
}

static void
resign_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  open_dialog (GTK_WINDOW (user_data), parameter, FALSE);
}

static void
rotate_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  open_dialog (GTK_WINDOW (user_data), parameter, TRUE);
}

static void
copy_command_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWidget *window = GTK_WIDGET (user_data);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (window), g_variant_get_string (parameter, NULL));
  signet_ui_window_show_toast (SIGNET_UI_WINDOW (window), _("Command copied"));
}

void
signet_ui_expiry_add_window_actions (GtkApplicationWindow *window)
{
  static const GActionEntry entries[] = {
    { "resign", resign_activated, "(sss)", NULL, NULL, { 0 } },
    { "rotate", rotate_activated, "(sss)", NULL, NULL, { 0 } },
    { "copy-expiry-command", copy_command_activated, "s", NULL, NULL, { 0 } },
  };

  g_return_if_fail (SIGNET_UI_IS_WINDOW (window));

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), window);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
signet_ui_expiry_page_dispose (GObject *object)
{
  SignetUiExpiryPage *self = SIGNET_UI_EXPIRY_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_EXPIRY_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->remote);
  g_clear_object (&self->registries);
  g_clear_object (&self->report);
  g_clear_object (&self->items);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_ui_expiry_page_parent_class)->dispose (object);
}

static void
signet_ui_expiry_page_class_init (SignetUiExpiryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_ui_expiry_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, SIGNET_UI_RESOURCE_PATH "/signet-ui-expiry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, failures_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SignetUiExpiryPage, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
signet_ui_expiry_page_init (SignetUiExpiryPage *self)
{
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (SIGNET_UI_IS_APPLICATION (app))
    self->settings = g_object_ref (signet_ui_application_get_settings (SIGNET_UI_APPLICATION (app)));
  else
    self->settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);
  g_signal_connect_object (self->settings, "changed::expiry-warning-days",
                           G_CALLBACK (warning_days_changed_cb), self, G_CONNECT_SWAPPED);

  self->items = g_list_store_new (SIGNET_TYPE_EXPIRY_ITEM);
  self->cancellable = g_cancellable_new ();
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)))));
  add_column (self, _("Repository"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_repository_cb), TRUE);
  add_column (self, _("Role"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_role_cb), TRUE);
  add_column (self, _("Expires"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_expires_cb), FALSE);
  add_column (self, _("State"), G_CALLBACK (setup_state_cb), G_CALLBACK (bind_state_cb), FALSE);
  add_column (self, _("Action"), G_CALLBACK (setup_action_cb), G_CALLBACK (bind_action_cb), FALSE);

  g_signal_connect_swapped (self->check_button, "clicked", G_CALLBACK (signet_ui_expiry_page_refresh), self);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  /* on startup, then every hour */
  start_scan (self);
  self->timer = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, timer_cb, self);
}

GtkWidget *
signet_ui_expiry_page_new (void)
{
  return g_object_new (SIGNET_UI_TYPE_EXPIRY_PAGE, NULL);
}
