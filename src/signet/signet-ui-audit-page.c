/* signet-ui-audit-page.c: audit Compose files or image references, live.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inputs are read and the images checked by libsignet's audit (worker threads and async
 * I/O); each SignetAuditResult is appended to the table as its check ends.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "signet-ui-application.h"
#include "signet-ui-audit-page.h"
#include "signet-ui-util.h"

struct _SignetUiAuditPage
{
  GtkWidget         parent_instance;

  GtkButton        *open_button;
  GtkEntry         *references_entry;
  GtkButton        *check_button;
  GtkButton        *cancel_button;
  GtkMenuButton    *export_button;
  GtkWidget        *summary_bar;
  GtkLabel         *summary_label;
  GtkProgressBar   *progress;
  GtkStack         *stack;
  GtkColumnView    *column_view;

  GListStore       *results;
  GCancellable     *cancellable;
  SignetRemote     *remote;
  char            **compose_files;
  char            **references;
  GtkNativeDialog  *chooser;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (SignetUiAuditPage, signet_ui_audit_page, GTK_TYPE_WIDGET)

/* ---- Rows ---------------------------------------------------------------------------- */

static GtkWidget *
make_label (gboolean dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  if (dim)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
    }
  return label;
}

static void
setup_two_lines_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_append (GTK_BOX (box), make_label (FALSE));
  gtk_box_append (GTK_BOX (box), make_label (TRUE));
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

  gtk_label_set_text (GTK_LABEL (a), first != NULL ? first : "—");
  gtk_widget_set_tooltip_text (a, first);
  gtk_label_set_text (GTK_LABEL (b), second != NULL ? second : "");
  gtk_widget_set_tooltip_text (b, second);
  gtk_widget_set_visible (b, second != NULL);
}

static void
bind_image_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  SignetAuditResult *r = gtk_list_item_get_item (list_item);
  const char *origin = signet_audit_result_get_origin (r);
  const char *slash = origin != NULL ? strrchr (origin, '/') : NULL;
  g_autofree char *where = NULL;

  /* "compose.yaml:3:12" (the full path is in the tooltip) */
  if (slash != NULL)
    origin = slash + 1;
  if (signet_audit_result_get_service (r) != NULL)
    where = g_strdup_printf (_("Service “%s” · %s"), signet_audit_result_get_service (r), origin);
  else
    where = g_strdup (origin);
  set_two_lines (list_item, signet_audit_result_get_reference (r), where);
  gtk_widget_set_tooltip_text (gtk_widget_get_last_child (gtk_list_item_get_child (list_item)),
                               signet_audit_result_get_origin (r));
}

static void
trust_words (SignetAuditResult  *r,
             const char        **icon,
             const char        **text,
             const char        **css)
{
  switch (signet_audit_result_get_trust (r))
    {
    case SIGNET_AUDIT_TRUST_SIGNED:
      *icon = "security-high-symbolic";
      *text = _("Signed");
      *css = "success";
      break;
    case SIGNET_AUDIT_TRUST_UNSIGNED:
      *icon = "security-low-symbolic";
      *text = _("Not signed");
      *css = "error";
      break;
    case SIGNET_AUDIT_TRUST_INVALID:
      *icon = "dialog-error-symbolic";
      *text = _("Verification failed");
      *css = "error";
      break;
    case SIGNET_AUDIT_TRUST_NO_SERVER:
      *icon = "security-low-symbolic";
      *text = _("No trust server");
      *css = "error";
      break;
    case SIGNET_AUDIT_TRUST_UNREACHABLE:
      *icon = "network-error-symbolic";
      *text = _("Unreachable");
      *css = "warning";
      break;
    case SIGNET_AUDIT_TRUST_ERROR:
    default:
      *icon = "dialog-warning-symbolic";
      *text = _("Could not check");
      *css = "warning";
      break;
    }
}

static void
setup_state_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  GtkWidget *label = make_label (FALSE);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
set_state (GtkWidget  *box,
           const char *icon,
           const char *text,
           const char *css,
           const char *tooltip)
{
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);

  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_label_set_text (GTK_LABEL (label), text);
  for (const char * const *c = (const char * const[]) { "error", "warning", "success", NULL }; *c; c++)
    gtk_widget_remove_css_class (box, *c);
  gtk_widget_add_css_class (box, css);
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
bind_trust_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  SignetAuditResult *r = gtk_list_item_get_item (list_item);
  const char *icon, *text, *css;

  trust_words (r, &icon, &text, &css);
  set_state (gtk_list_item_get_child (list_item), icon, text, css, signet_audit_result_get_trust_message (r));
}

static void
bind_signers_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  SignetAuditResult *r = gtk_list_item_get_item (list_item);
  const char * const *signers = signet_audit_result_get_signers (r);
  g_autofree char *text = signers[0] != NULL ? g_strjoinv (", ", (GStrv) signers) : NULL;
  g_autofree char *digest = signet_ui_short_digest (signet_audit_result_get_signed_digest (r)
                                                    ?: signet_audit_result_get_current_digest (r));

  set_two_lines (list_item, text, digest);
}

static void
bind_expires_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  SignetAuditResult *r = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GSettings *settings = user_data;
  gint64 expires = signet_audit_result_get_expires (r);
  g_autofree char *date = expires > 0 ? signet_ui_format_date (expires) : NULL;

  set_two_lines (list_item, NULL, date);
  signet_ui_set_expiry_label (GTK_LABEL (label), expires, g_settings_get_uint (settings, "expiry-warning-days"));
}

static void
bind_pull_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SignetAuditResult *r = gtk_list_item_get_item (list_item);
  g_autoptr(GString) why = g_string_new (NULL);
  const char * const *warnings = signet_audit_result_get_warnings (r);

  if (signet_audit_result_get_registry_message (r) != NULL)
    g_string_append (why, signet_audit_result_get_registry_message (r));
  if (signet_audit_result_get_trust_message (r) != NULL &&
      g_strcmp0 (signet_audit_result_get_trust_message (r), signet_audit_result_get_registry_message (r)) != 0)
    g_string_append_printf (why, "%s%s", why->len > 0 ? "\n" : "", signet_audit_result_get_trust_message (r));
  for (guint i = 0; warnings[i] != NULL; i++)
    g_string_append_printf (why, "%s%s", why->len > 0 ? "\n" : "", warnings[i]);

  if (signet_audit_result_get_would_pull (r))
    set_state (gtk_list_item_get_child (list_item), "emblem-ok-symbolic", _("Would pull"), "success",
               why->len > 0 ? why->str : NULL);
  else if (signet_audit_result_get_digest_differs (r))
    set_state (gtk_list_item_get_child (list_item), "dialog-error-symbolic", _("Digest changed"), "error",
               why->len > 0 ? why->str : _("The registry serves another digest than the signed one"));
  else
    set_state (gtk_list_item_get_child (list_item), "action-unavailable-symbolic", _("Would not pull"), "error",
               why->len > 0 ? why->str : NULL);
}

static void
add_column (SignetUiAuditPage *self,
            const char        *title,
            GCallback          setup,
            GCallback          bind,
            gpointer           data,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, data);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

/* ---- Running ------------------------------------------------------------------------- */

static void
update_summary (SignetUiAuditPage *self,
                guint              n_total)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint n_pull = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SignetAuditResult) r = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (signet_audit_result_get_would_pull (r))
        n_pull++;
    }
  if (self->running)
    text = g_strdup_printf (_("Checked %u of %u images…"), n, n_total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u image would pull with content trust on",
                                         "%u of %u images would pull with content trust on",
                                         n),
                            n_pull, n);
  gtk_label_set_text (self->summary_label, text);
  gtk_progress_bar_set_fraction (self->progress, n_total > 0 ? (double) n / n_total : 0);
}

static void
set_running (SignetUiAuditPage *self,
             gboolean           running)
{
  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->check_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            !running && g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0);
}

static void
show_error (SignetUiAuditPage *self,
            const GError      *error)
{
  gtk_widget_set_visible (self->summary_bar, TRUE);
  gtk_label_set_text (self->summary_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
}

static void
progress_cb (SignetAuditResult *result,
             guint              n_done,
             guint              n_total,
             gpointer           user_data)
{
  SignetUiAuditPage *self = user_data;

  g_list_store_append (self->results, result);
  update_summary (self, n_total);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SignetUiAuditPage) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = signet_audit_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  set_running (self, FALSE);
  if (results == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error);
  else
    update_summary (self, 0);
}

static void
inputs_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetUiAuditPage) self = user_data;
  g_autoptr(GPtrArray) inputs = NULL;
  g_auto(GStrv) notes = NULL;
  g_autoptr(GError) error = NULL;

  inputs = signet_audit_load_inputs_finish (result, &notes, &error);
  if (inputs == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_running (self, FALSE);
      show_error (self, error);
      return;
    }
  if (inputs->len == 0)
    {
      set_running (self, FALSE);
      gtk_label_set_text (self->summary_label, _("No images to check: the Compose services are build-only."));
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "results");
  update_summary (self, inputs->len);
  signet_audit_run_async (self->remote, NULL, inputs, 4, progress_cb, self, NULL,
                          self->cancellable, run_cb, g_object_ref (self));
}

static void
load_inputs (SignetUiAuditPage *self)
{
  signet_audit_load_inputs_async ((const char * const *) self->compose_files, NULL,
                                  (const char * const *) self->references,
                                  self->cancellable, inputs_cb, g_object_ref (self));
}

static void
remote_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetUiAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->remote = signet_remote_new_finish (result, &error);
  if (self->remote == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_running (self, FALSE);
      show_error (self, error);
      return;
    }
  signet_remote_set_timeout (self->remote, 20);
  load_inputs (self);
}

void
signet_ui_audit_page_run (SignetUiAuditPage  *self,
                          const char * const *compose_files,
                          const char * const *references)
{
  g_return_if_fail (SIGNET_UI_IS_AUDIT_PAGE (self));

  if (self->running)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_strfreev (self->compose_files);
  g_strfreev (self->references);
  self->compose_files = compose_files != NULL ? g_strdupv ((GStrv) compose_files) : NULL;
  self->references = references != NULL ? g_strdupv ((GStrv) references) : NULL;
  g_list_store_remove_all (self->results);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
  gtk_widget_set_visible (self->summary_bar, TRUE);
  gtk_label_set_text (self->summary_label, _("Reading the images to check…"));
  set_running (self, TRUE);

  if (self->remote == NULL)
    signet_remote_new_async (NULL, self->cancellable, remote_cb, g_object_ref (self));
  else
    load_inputs (self);
}

gboolean
signet_ui_audit_page_is_running (SignetUiAuditPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_AUDIT_PAGE (self), FALSE);
  return self->running;
}

GListModel *
signet_ui_audit_page_get_results (SignetUiAuditPage *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_AUDIT_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

static void
check_clicked_cb (SignetUiAuditPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->references_entry));
  g_auto(GStrv) words = g_regex_split_simple ("[\\s,]+", text, 0, 0);
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (refs, words[i]);
  if (refs->len == 0)
    return;
  g_ptr_array_add (refs, NULL);
  signet_ui_audit_page_run (self, NULL, (const char * const *) refs->pdata);
}

static void
cancel_clicked_cb (SignetUiAuditPage *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* ---- Files (GtkFileChooserNative: GtkFileDialog needs GTK 4.10) --------------------- */

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
open_response_cb (GtkNativeDialog   *chooser,
                  int                response,
                  SignetUiAuditPage *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
    }
  g_clear_object (&self->chooser);
  if (paths->len == 0)
    return;
  g_ptr_array_add (paths, NULL);
  signet_ui_audit_page_run (self, (const char * const *) paths->pdata, NULL);
}

static void
open_clicked_cb (SignetUiAuditPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) compose = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Compose Files"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Audit"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (compose, _("Compose files"));
  gtk_file_filter_add_pattern (compose, "*.yaml");
  gtk_file_filter_add_pattern (compose, "*.yml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), compose);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *self = user_data;
  GtkWidget *overlay;

  g_file_replace_contents_finish (G_FILE (object), result, NULL, &error);
  overlay = gtk_widget_get_ancestor (self, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      g_autofree char *name = g_file_get_basename (G_FILE (object));
      g_autofree char *text = error != NULL ? g_strdup_printf (_("Could not save: %s"), error->message)
                                            : g_strdup_printf (_("Saved %s"), name);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
    }
  g_object_unref (self);
}

static void
save_response_cb (GtkNativeDialog   *chooser,
                  int                response,
                  SignetUiAuditPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      gboolean csv = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "csv"));
      char *text = csv ? signet_ui_audit_page_to_csv (self) : signet_ui_audit_page_to_json (self);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, replace_cb, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetUiAuditPage *self = SIGNET_UI_AUDIT_PAGE (widget);
  gboolean csv = g_str_equal (g_variant_get_string (parameter, NULL), "csv");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (csv ? _("Export as CSV") : _("Export as JSON"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), csv ? "audit.csv" : "audit.json");
  g_object_set_data (G_OBJECT (chooser), "csv", GINT_TO_POINTER (csv));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* ---- Export -------------------------------------------------------------------------- */

static char *
rfc3339 (gint64 t)
{
  g_autoptr(GDateTime) dt = t > 0 ? g_date_time_new_from_unix_utc (t) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

char *
signet_ui_audit_page_to_json (SignetUiAuditPage *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_pull = 0;
  guint n = 0;

  g_return_val_if_fail (SIGNET_UI_IS_AUDIT_PAGE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "images");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SignetAuditResult) r = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      g_autofree char *expires = rfc3339 (signet_audit_result_get_expires (r));
      const char * const *signers = signet_audit_result_get_signers (r);
      const char * const *warnings = signet_audit_result_get_warnings (r);

      n_pull += signet_audit_result_get_would_pull (r) ? 1 : 0;
      json_builder_begin_object (b);
      member_string (b, "reference", signet_audit_result_get_reference (r));
      member_string (b, "origin", signet_audit_result_get_origin (r));
      member_string (b, "service", signet_audit_result_get_service (r));
      member_string (b, "gun", signet_audit_result_get_gun (r));
      member_string (b, "registry_state", signet_audit_registry_to_string (signet_audit_result_get_registry_state (r)));
      member_string (b, "registry_message", signet_audit_result_get_registry_message (r));
      member_string (b, "current_digest", signet_audit_result_get_current_digest (r));
      member_string (b, "trust", signet_audit_trust_to_string (signet_audit_result_get_trust (r)));
      member_string (b, "trust_message", signet_audit_result_get_trust_message (r));
      member_string (b, "signed_digest", signet_audit_result_get_signed_digest (r));
      json_builder_set_member_name (b, "signers");
      json_builder_begin_array (b);
      for (guint j = 0; signers[j] != NULL; j++)
        json_builder_add_string_value (b, signers[j]);
      json_builder_end_array (b);
      member_string (b, "expires", expires);
      json_builder_set_member_name (b, "digest_differs");
      json_builder_add_boolean_value (b, signet_audit_result_get_digest_differs (r));
      json_builder_set_member_name (b, "would_pull");
      json_builder_add_boolean_value (b, signet_audit_result_get_would_pull (r));
      json_builder_set_member_name (b, "warnings");
      json_builder_begin_array (b);
      for (guint j = 0; warnings[j] != NULL; j++)
        json_builder_add_string_value (b, warnings[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "would_pull");
  json_builder_add_int_value (b, n_pull);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
csv_field (GString    *line,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (line, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

char *
signet_ui_audit_page_to_csv (SignetUiAuditPage *self)
{
  GString *out;

  g_return_val_if_fail (SIGNET_UI_IS_AUDIT_PAGE (self), NULL);

  out = g_string_new ("reference,origin,service,gun,registry_state,current_digest,trust,"
                      "signed_digest,signers,expires,digest_differs,would_pull,message\r\n");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->results)); i++)
    {
      g_autoptr(SignetAuditResult) r = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      g_autofree char *signers = g_strjoinv (";", (GStrv) signet_audit_result_get_signers (r));
      g_autofree char *expires = rfc3339 (signet_audit_result_get_expires (r));
      const char *message = signet_audit_result_get_trust_message (r) ?: signet_audit_result_get_registry_message (r);

      csv_field (out, signet_audit_result_get_reference (r), TRUE);
      csv_field (out, signet_audit_result_get_origin (r), FALSE);
      csv_field (out, signet_audit_result_get_service (r), FALSE);
      csv_field (out, signet_audit_result_get_gun (r), FALSE);
      csv_field (out, signet_audit_registry_to_string (signet_audit_result_get_registry_state (r)), FALSE);
      csv_field (out, signet_audit_result_get_current_digest (r), FALSE);
      csv_field (out, signet_audit_trust_to_string (signet_audit_result_get_trust (r)), FALSE);
      csv_field (out, signet_audit_result_get_signed_digest (r), FALSE);
      csv_field (out, signers, FALSE);
      csv_field (out, expires, FALSE);
      csv_field (out, signet_audit_result_get_digest_differs (r) ? "true" : "false", FALSE);
      csv_field (out, signet_audit_result_get_would_pull (r) ? "true" : "false", FALSE);
      csv_field (out, message, FALSE);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* ---- GObject ------------------------------------------------------------------------- */

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();

  if (SIGNET_UI_IS_APPLICATION (app))
    return g_object_ref (signet_ui_application_get_settings (SIGNET_UI_APPLICATION (app)));
  return g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);
}

static void
signet_ui_audit_page_dispose (GObject *object)
{
  SignetUiAuditPage *self = SIGNET_UI_AUDIT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_AUDIT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->remote);
  g_clear_object (&self->results);
  g_clear_pointer (&self->compose_files, g_strfreev);
  g_clear_pointer (&self->references, g_strfreev);

  G_OBJECT_CLASS (signet_ui_audit_page_parent_class)->dispose (object);
}

static void
signet_ui_audit_page_class_init (SignetUiAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_ui_audit_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, SIGNET_UI_RESOURCE_PATH "/signet-ui-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, references_entry);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, summary_bar);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, progress);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetUiAuditPage, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "audit.export", "s", export_action);
}

static void
signet_ui_audit_page_init (SignetUiAuditPage *self)
{
  g_autoptr(GSettings) settings = app_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (SIGNET_TYPE_AUDIT_RESULT);
  self->cancellable = g_cancellable_new ();
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->results)))));
  add_column (self, _("Image"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_image_cb), NULL, TRUE);
  add_column (self, _("Trust"), G_CALLBACK (setup_state_cb), G_CALLBACK (bind_trust_cb), NULL, FALSE);
  add_column (self, _("Signers"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_signers_cb), NULL, FALSE);
  /* the factory keeps the settings for the expiry colours */
  add_column (self, _("Expires"), G_CALLBACK (setup_two_lines_cb), G_CALLBACK (bind_expires_cb),
              settings, FALSE);
  g_object_set_data_full (G_OBJECT (self->column_view), "settings", g_object_ref (settings), g_object_unref);
  add_column (self, _("Pull"), G_CALLBACK (setup_state_cb), G_CALLBACK (bind_pull_cb), NULL, FALSE);

  g_signal_connect_swapped (self->check_button, "clicked", G_CALLBACK (check_clicked_cb), self);
  g_signal_connect_swapped (self->references_entry, "activate", G_CALLBACK (check_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (open_clicked_cb), self);
}

GtkWidget *
signet_ui_audit_page_new (void)
{
  return g_object_new (SIGNET_UI_TYPE_AUDIT_PAGE, NULL);
}
