/* signet-ui-window.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-items.h"
#include "signet-ui-keys.h"
#include "signet-ui-registry.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-session.h"
#include "signet-ui-audit-page.h"
#include "signet-ui-expiry-page.h"
#include "signet-ui-window.h"
#include "signet-ui-window-dialogs.h"

/* at most this many repositories get their trust state checked in the background */
#define MAX_BACKGROUND_CHECKS 200

struct _SignetUiWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GFile                *registries_file;
  GListStore           *registries;
  gboolean              ready;
  char                 *pending_add_url;
  GHashTable           *sessions;          /* name -> SignetUiSession */
  SignetUiSession      *session;           /* the selected registry's */
  GCancellable         *registry_cancellable;
  GCancellable         *load_cancellable;
  GListStore           *repositories;
  GtkCustomFilter      *repositories_custom_filter;
  GtkSingleSelection   *repositories_selection;
  guint                 next_check;
  char                 *open_repository;
  SignetUiRepositoryView *repository_view;
  SignetUiKeysPage     *keys_page;
  AdwStatusPage        *registry_page;
  GtkWidget            *registry_settings_button;
  guint                 auto_refresh_id;
  guint                 auto_refresh_seconds;

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
  AdwWindowTitle       *repositories_title;
  GtkStack             *repositories_stack;
  GtkSpinner           *repositories_spinner;
  GtkListView          *repositories_list;
  AdwStatusPage        *repositories_error;
  AdwStatusPage        *repositories_empty;
  GtkEntry             *repository_name_entry;
  GtkButton            *content_back_button;
  AdwWindowTitle       *content_title;
  GtkButton            *refresh_button;
  GtkWidget            *sign_button;
  GtkWidget            *trust_menu_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkButton            *add_registry_button;
  SignetUiExpiryPage   *expiry_page;
};

G_DEFINE_FINAL_TYPE (SignetUiWindow, signet_ui_window, ADW_TYPE_APPLICATION_WINDOW)

static void load_repositories     (SignetUiWindow   *self);
static void update_refresh_enabled (SignetUiWindow  *self);
static void save_registries       (SignetUiWindow   *self);
static void update_empty_state    (SignetUiWindow   *self);
static SignetUiRegistry *find_registry (SignetUiWindow *self,
                                        const char     *name,
                                        guint          *position);
static void signet_ui_window_add_registry (SignetUiWindow   *self,
                                           SignetUiRegistry *registry);

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
  if (self->repository_view != NULL)
    signet_ui_repository_view_cancel (self->repository_view);
  /* these pages are not about one registry: no repositories beside them */
  gtk_widget_set_visible (self->repositories_pane, FALSE);
  g_clear_pointer (&self->open_repository, g_free);
  adw_window_title_set_subtitle (self->content_title, NULL);
  if (g_strcmp0 (name, "keys") == 0)
    signet_ui_keys_page_reload (self->keys_page);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  update_refresh_enabled (self);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
registry_added_cb (SignetUiWindow   *self,
                   SignetUiRegistry *registry)
{
  signet_ui_window_add_registry (self, registry);
}

static void
add_registry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  SignetUiAddRegistryDialog *dialog;

  dialog = signet_ui_add_registry_dialog_new (GTK_WINDOW (self));
  g_signal_connect_object (dialog, "registry-added", G_CALLBACK (registry_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "keys") == 0)
    {
      signet_ui_keys_page_reload (self->keys_page);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "expiry") == 0)
    {
      signet_ui_expiry_page_refresh (self->expiry_page);
      return;
    }
  if (self->session == NULL)
    return;
  if (self->open_repository != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "repository") == 0)
    signet_ui_repository_view_load (self->repository_view, self->session, self->open_repository);
  load_repositories (self);
}

/* The content pane beside a registry's repositories: a hint, or after a failed listing,
 * the way to the settings. */
static void
set_registry_page (SignetUiWindow *self,
                   gboolean        failed)
{
  gtk_widget_set_visible (self->registry_settings_button, failed);
  if (failed)
    {
      adw_status_page_set_icon_name (self->registry_page, "emblem-system-symbolic");
      adw_status_page_set_title (self->registry_page, _("Repositories Unavailable"));
      adw_status_page_set_description (self->registry_page,
                                       _("Check the registry’s address, notary server, certificate and login."));
    }
  else
    {
      adw_status_page_set_icon_name (self->registry_page, "network-server-symbolic");
      adw_status_page_set_title (self->registry_page, _("Choose a Repository"));
      adw_status_page_set_description (self->registry_page,
                                       _("Pick a repository to see its tags, who signed them and when the "
                                         "signatures expire."));
    }
}

/* Auto refresh ----------------------------------------------------------------------------- */

static gboolean
auto_refresh_cb (gpointer user_data)
{
  SignetUiWindow *self = user_data;

  signet_ui_window_auto_refresh_now (self);
  return G_SOURCE_CONTINUE;
}

static void
update_auto_refresh (SignetUiWindow *self)
{
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  self->auto_refresh_seconds = 0;
  if (!g_settings_get_boolean (self->settings, "auto-refresh"))
    return;
  self->auto_refresh_seconds = 60 * g_settings_get_uint (self->settings, "auto-refresh-minutes");
  self->auto_refresh_id = g_timeout_add_seconds (self->auto_refresh_seconds, auto_refresh_cb, self);
}

static void
auto_refresh_changed_cb (SignetUiWindow *self)
{
  update_auto_refresh (self);
}

/* What the timer does: load and verify the open repository again, unless a load is
 * already under way. Returns whether it started one. */
gboolean
signet_ui_window_auto_refresh_now (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), FALSE);

  if (self->session == NULL || self->open_repository == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "repository") != 0 ||
      g_strcmp0 (signet_ui_repository_view_get_state (self->repository_view), "loading") == 0)
    return FALSE;
  signet_ui_repository_view_load (self->repository_view, self->session, self->open_repository);
  return TRUE;
}

/* Seconds between automatic refreshes; 0 when off. */
guint
signet_ui_window_get_auto_refresh_interval (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), 0);
  return self->auto_refresh_id != 0 ? self->auto_refresh_seconds : 0;
}

/* Registry settings ------------------------------------------------------------------------ */

static void
forget_session (SignetUiWindow *self,
                const char     *name)
{
  if (self->session != NULL &&
      g_strcmp0 (signet_ui_registry_get_name (signet_ui_session_get_registry (self->session)), name) == 0)
    {
      g_cancellable_cancel (self->registry_cancellable);
      signet_ui_repository_view_cancel (self->repository_view);
      g_clear_object (&self->session);
    }
  g_hash_table_remove (self->sessions, name);
}

static void
registry_changed_cb (SignetUiWindow   *self,
                     SignetUiRegistry *registry)
{
  const char *name = signet_ui_registry_get_name (registry);
  guint position;

  if (find_registry (self, name, &position) == NULL)
    return;
  forget_session (self, name);
  g_list_store_splice (self->registries, position, 1, (gpointer *) &registry, 1);
  save_registries (self);
  signet_ui_window_select_registry (self, name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Registry settings saved")));
}

static void
registry_removed_cb (SignetUiWindow   *self,
                     SignetUiRegistry *registry)
{
  g_autoptr(SignetUiRegistry) keep = g_object_ref (registry);
  g_autofree char *text = NULL;
  guint position;

  if (find_registry (self, signet_ui_registry_get_name (keep), &position) == NULL)
    return;
  forget_session (self, signet_ui_registry_get_name (keep));
  g_clear_pointer (&self->open_repository, g_free);
  g_list_store_remove (self->registries, position);
  save_registries (self);
  gtk_widget_set_visible (self->repositories_pane, FALSE);
  g_list_store_remove_all (self->repositories);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->registries)) > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "registry");
  update_empty_state (self);
  adw_window_title_set_title (self->content_title, NULL);
  adw_window_title_set_subtitle (self->content_title, NULL);
  text = g_strdup_printf (_("Removed %s"), signet_ui_registry_get_name (keep));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
edit_registry_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  SignetUiAddRegistryDialog *dialog;
  SignetUiRegistry *registry;

  if (self->session == NULL)
    return;
  registry = signet_ui_session_get_registry (self->session);
  dialog = signet_ui_add_registry_dialog_new_for_registry (GTK_WINDOW (self), registry);
  g_signal_connect_object (dialog, "registry-changed", G_CALLBACK (registry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "registry-removed", G_CALLBACK (registry_removed_cb), self, G_CONNECT_SWAPPED);
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

/* Registries ------------------------------------------------------------------------------ */

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SignetUiWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_ui_registries_save_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot save the registries: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

static void
save_registries (SignetUiWindow *self)
{
  signet_ui_registries_save_async (G_LIST_MODEL (self->registries), self->registries_file, NULL,
                                   save_cb, g_object_ref (self));
}

static SignetUiRegistry *
find_registry (SignetUiWindow *self,
               const char     *name,
               guint          *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->registries)); i++)
    {
      g_autoptr(SignetUiRegistry) registry = g_list_model_get_item (G_LIST_MODEL (self->registries), i);

      if (g_strcmp0 (signet_ui_registry_get_name (registry), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return registry;
        }
    }
  return NULL;
}

static GtkWidget *
create_registry_row (gpointer item,
                     gpointer user_data)
{
  SignetUiRegistry *registry = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (signet_ui_registry_get_name (registry));
  GtkWidget *image = gtk_image_new_from_icon_name ("network-server-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, signet_ui_registry_get_name (registry));
  gtk_widget_set_tooltip_text (row, signet_ui_registry_get_url (registry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  signet_ui_registry_get_name (registry), -1);
  return row;
}

/* Nothing to refresh before there is a registry, but for the keys page. */
/* Sign… and the signing menu act on the open repository: shown only beside it, not on the
 * Keys, Audit or Expiry pages or the empty and error pages. */
static void
content_page_changed_cb (SignetUiWindow *self)
{
  gboolean repository = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                   "repository") == 0;

  gtk_widget_set_visible (self->sign_button, repository);
  gtk_widget_set_visible (self->trust_menu_button, repository);
}

static void
update_refresh_enabled (SignetUiWindow *self)
{
  gboolean enabled = g_list_model_get_n_items (G_LIST_MODEL (self->registries)) > 0 ||
                     g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "keys") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", enabled);
}

static void
update_empty_state (SignetUiWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->registries)) == 0;

  update_refresh_enabled (self);

  if (empty)
    {
      gtk_widget_set_visible (self->repositories_pane, FALSE);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "repository") == 0 ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "registry") == 0)
        gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "registry");
}

static void
signet_ui_window_add_registry (SignetUiWindow   *self,
                               SignetUiRegistry *registry)
{
  guint position;

  if (find_registry (self, signet_ui_registry_get_name (registry), &position) == NULL)
    {
      g_list_store_append (self->registries, registry);
      save_registries (self);
      update_empty_state (self);
    }
  signet_ui_window_select_registry (self, signet_ui_registry_get_name (registry));
}

void
signet_ui_window_add_registry_url (SignetUiWindow *self,
                                   const char     *url)
{
  g_autofree char *name = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *notary = NULL;
  g_autoptr(SignetUiRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SIGNET_UI_IS_WINDOW (self));

  if (!self->ready)
    {
      g_free (self->pending_add_url);
      self->pending_add_url = g_strdup (url);
      return;
    }
  if (!signet_ui_registry_parse_url (url, &name, &normalized, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  if (find_registry (self, name, NULL) != NULL)
    {
      signet_ui_window_select_registry (self, name);
      return;
    }
  registry = signet_ui_registry_new (name, normalized);
  notary = signet_ui_registry_derive_notary_url (name);
  signet_ui_registry_set_notary_url (registry, notary);
  signet_ui_window_add_registry (self, registry);
}

static void
registries_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SignetUiWindow) self = user_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = signet_ui_registries_load_finish (result, &error);
  if (store == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot read the registries: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
      g_list_store_splice (self->registries, 0, 0, items->pdata, items->len);
    }
  self->ready = TRUE;
  update_empty_state (self);
  if (self->pending_add_url != NULL)
    {
      g_autofree char *url = g_steal_pointer (&self->pending_add_url);

      signet_ui_window_add_registry_url (self, url);
    }
}

gboolean
signet_ui_window_get_ready (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), FALSE);
  return self->ready;
}

GListModel *
signet_ui_window_get_registries (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->registries);
}

gboolean
signet_ui_window_select_registry (SignetUiWindow *self,
                                  const char     *name)
{
  guint position;
  GtkListBoxRow *row;

  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), FALSE);

  if (find_registry (self, name, &position) == NULL)
    return FALSE;
  row = gtk_list_box_get_row_at_index (self->registries_list, position);
  if (row == NULL)
    return FALSE;
  if (gtk_list_box_get_selected_row (self->registries_list) == row)
    return TRUE;
  gtk_list_box_select_row (self->registries_list, row);
  return TRUE;
}

/* Repositories ----------------------------------------------------------------------------- */

static void check_next_repository (SignetUiWindow *self);

static void
background_trust_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SignetUiRepoItem *item = user_data;
  SignetUiWindow *self = g_object_get_data (G_OBJECT (item), "window");
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (signet_ui_repo_item_get_state (item) == SIGNET_UI_TRUST_LOADING)
        signet_ui_repo_item_set_state (item, SIGNET_UI_TRUST_NOT_LOADED, NULL);
      g_object_unref (item);
      return;
    }
  if (res == NULL)
    signet_ui_repo_item_set_state (item,
                                   error->domain == SIGNET_ERROR &&
                                   error->code != SIGNET_ERROR_UNREACHABLE &&
                                   error->code != SIGNET_ERROR_AUTH &&
                                   error->code != SIGNET_ERROR_SERVER ? SIGNET_UI_TRUST_FAILED
                                                                      : SIGNET_UI_TRUST_NOT_LOADED,
                                   error->message);
  else if (signet_ui_trust_result_get_summary (res) != NULL)
    signet_ui_repo_item_set_state (item, SIGNET_UI_TRUST_SIGNED, NULL);
  else
    signet_ui_repo_item_set_state (item, SIGNET_UI_TRUST_UNSIGNED, NULL);
  if (self != NULL)
    check_next_repository (self);
  g_object_unref (item);
}

/* One at a time, so that a large catalog does not flood the notary server. */
static void
check_next_repository (SignetUiWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->repositories));

  while (self->next_check < MIN (n, MAX_BACKGROUND_CHECKS))
    {
      g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (G_LIST_MODEL (self->repositories), self->next_check++);

      if (signet_ui_repo_item_get_state (item) != SIGNET_UI_TRUST_NOT_LOADED)
        continue;
      signet_ui_repo_item_set_state (item, SIGNET_UI_TRUST_LOADING, NULL);
      g_object_set_data (G_OBJECT (item), "window", self);
      signet_ui_session_load_trust_async (self->session, signet_ui_repo_item_get_name (item),
                                          self->registry_cancellable, background_trust_cb,
                                          g_object_ref (item));
      return;
    }
}

static void
repositories_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SignetUiWindow) self = user_data;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  SignetUiRegistry *registry;

  names = signet_ui_session_list_repositories_finish (SIGNET_UI_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->repositories_spinner, FALSE);
  registry = signet_ui_session_get_registry (SIGNET_UI_SESSION (object));
  if (names == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      signet_ui_explain_error (error, signet_ui_registry_get_name (registry), &title, &description);
      adw_status_page_set_title (self->repositories_error, title);
      adw_status_page_set_description (self->repositories_error, description);
      gtk_stack_set_visible_child_name (self->repositories_stack, "error");
      gtk_widget_set_visible (GTK_WIDGET (self->repositories_filter), FALSE);
      set_registry_page (self, TRUE);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (items, signet_ui_repo_item_new (names[i]));
  g_list_store_splice (self->repositories, 0, g_list_model_get_n_items (G_LIST_MODEL (self->repositories)),
                       items->pdata, items->len);
  if (items->len == 0)
    {
      adw_status_page_set_description (self->repositories_empty,
                                       signet_ui_registry_get_has_catalog (registry) ?
                                       _("This registry has no repositories, or your login may not list them.") :
                                       _("This registry does not list its repositories. Add one by name below."));
      gtk_stack_set_visible_child_name (self->repositories_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->repositories_stack, "list");
  self->next_check = 0;
  check_next_repository (self);
}

static void
load_repositories (SignetUiWindow *self)
{
  g_cancellable_cancel (self->registry_cancellable);
  g_clear_object (&self->registry_cancellable);
  self->registry_cancellable = g_cancellable_new ();
  g_list_store_remove_all (self->repositories);
  gtk_spinner_set_spinning (self->repositories_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->repositories_stack, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->repositories_filter), TRUE);
  set_registry_page (self, FALSE);
  signet_ui_session_list_repositories_async (self->session, self->registry_cancellable,
                                             repositories_loaded_cb, g_object_ref (self));
}

static void
show_registry (SignetUiWindow  *self,
               SignetUiSession *session)
{
  SignetUiRegistry *registry = signet_ui_session_get_registry (session);

  g_set_object (&self->session, session);
  gtk_widget_set_visible (GTK_WIDGET (self->repository_name_entry), !signet_ui_registry_get_has_catalog (registry));
  load_repositories (self);
}

static void
session_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SignetUiWindow) self = user_data;
  g_autoptr(SignetUiSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  session = signet_ui_session_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another registry was chosen, or the window went away */
  if (session == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      signet_ui_explain_error (error, NULL, &title, &description);
      gtk_spinner_set_spinning (self->repositories_spinner, FALSE);
      adw_status_page_set_title (self->repositories_error, title);
      adw_status_page_set_description (self->repositories_error, description);
      gtk_stack_set_visible_child_name (self->repositories_stack, "error");
      gtk_widget_set_visible (GTK_WIDGET (self->repositories_filter), FALSE);
      return;
    }
  name = signet_ui_registry_get_name (signet_ui_session_get_registry (session));
  g_hash_table_replace (self->sessions, g_strdup (name), g_object_ref (session));
  show_registry (self, session);
}

static void
registry_selected_cb (SignetUiWindow *self,
                      GtkListBoxRow  *row,
                      GtkListBox     *list)
{
  g_autoptr(SignetUiRegistry) registry = NULL;
  SignetUiSession *session;
  const char *name;

  if (row == NULL)
    return;
  registry = g_list_model_get_item (G_LIST_MODEL (self->registries), gtk_list_box_row_get_index (row));
  if (registry == NULL)
    return;
  gtk_list_box_unselect_all (self->sections_list);
  name = signet_ui_registry_get_name (registry);

  signet_ui_repository_view_cancel (self->repository_view);
  g_clear_pointer (&self->open_repository, g_free);
  gtk_widget_set_visible (self->repositories_pane, TRUE);
  adw_window_title_set_title (self->repositories_title, name);
  adw_window_title_set_subtitle (self->repositories_title, _("Repositories"));
  gtk_editable_set_text (GTK_EDITABLE (self->repositories_filter), "");
  gtk_stack_set_visible_child_name (self->content_stack, "registry");
  adw_window_title_set_title (self->content_title, name);
  adw_window_title_set_subtitle (self->content_title, NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "repositories");

  session = g_hash_table_lookup (self->sessions, name);
  if (session != NULL)
    {
      show_registry (self, session);
      return;
    }
  /* reading the docker configuration happens off the GTK thread */
  g_cancellable_cancel (self->registry_cancellable);
  g_clear_object (&self->registry_cancellable);
  self->registry_cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  g_list_store_remove_all (self->repositories);
  gtk_widget_set_visible (GTK_WIDGET (self->repository_name_entry), FALSE);
  gtk_spinner_set_spinning (self->repositories_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->repositories_stack, "loading");
  signet_ui_session_new_async (registry, self->registry_cancellable, session_created_cb, g_object_ref (self));
}

GListModel *
signet_ui_window_get_repositories (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->repositories_selection);
}

const char *
signet_ui_window_get_repositories_state (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->repositories_stack);
}

GtkWidget *
signet_ui_window_get_repository_view (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->repository_view);
}

/* The selected registry's session and the open repository (or NULLs): the dialogs' target. */
SignetUiSession *
signet_ui_window_get_session (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
signet_ui_window_get_open_repository (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return self->open_repository;
}

void
signet_ui_window_show_toast (SignetUiWindow *self,
                             const char     *text)
{
  g_return_if_fail (SIGNET_UI_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

GtkWidget *
signet_ui_window_get_keys_page (SignetUiWindow *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->keys_page);
}

gboolean
signet_ui_window_open_repository (SignetUiWindow *self,
                                  const char     *name)
{
  g_autofree char *gun = NULL;

  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), FALSE);

  if (self->session == NULL)
    return FALSE;
  g_free (self->open_repository);
  self->open_repository = g_strdup (name);
  gun = signet_ui_session_get_gun (self->session, name);
  adw_window_title_set_title (self->content_title, name);
  adw_window_title_set_subtitle (self->content_title, signet_ui_registry_get_name (signet_ui_session_get_registry (self->session)));
  gtk_stack_set_visible_child_name (self->content_stack, "repository");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  signet_ui_repository_view_load (self->repository_view, self->session, name);
  return TRUE;
}

static void
repository_activated_cb (SignetUiWindow *self,
                         guint           position,
                         GtkListView    *list)
{
  g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (G_LIST_MODEL (self->repositories_selection), position);

  if (item != NULL)
    signet_ui_window_open_repository (self, signet_ui_repo_item_get_name (item));
}

static SignetUiRepoItem *
find_repo_item (SignetUiWindow *self,
                const char     *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->repositories)); i++)
    {
      g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (G_LIST_MODEL (self->repositories), i);

      if (g_strcmp0 (signet_ui_repo_item_get_name (item), name) == 0)
        return item;
    }
  return NULL;
}

static void
view_trust_state_changed_cb (SignetUiWindow         *self,
                             int                     state,
                             const char             *message,
                             SignetUiRepositoryView *view)
{
  SignetUiRepoItem *item;

  if (self->open_repository == NULL)
    return;
  item = find_repo_item (self, self->open_repository);
  if (item != NULL && !(state == SIGNET_UI_TRUST_NOT_LOADED &&
                        signet_ui_repo_item_get_state (item) != SIGNET_UI_TRUST_LOADING))
    signet_ui_repo_item_set_state (item, state, message);
}

static void
update_repo_row (GtkWidget        *box,
                 SignetUiRepoItem *item)
{
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *vbox = gtk_widget_get_next_sibling (image);
  GtkWidget *name = gtk_widget_get_first_child (vbox);
  GtkWidget *state = gtk_widget_get_next_sibling (name);
  SignetUiTrustState s = signet_ui_repo_item_get_state (item);
  static const char * const classes[] = { "success", "warning", "error", "dim-label" };

  gtk_label_set_text (GTK_LABEL (name), signet_ui_repo_item_get_name (item));
  gtk_image_set_from_icon_name (GTK_IMAGE (image), signet_ui_trust_state_icon (s));
  gtk_label_set_text (GTK_LABEL (state), signet_ui_trust_state_label (s));
  gtk_widget_set_tooltip_text (box, signet_ui_repo_item_get_message (item));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      gtk_widget_remove_css_class (image, classes[i]);
      gtk_widget_remove_css_class (state, classes[i]);
    }
  gtk_widget_add_css_class (image, signet_ui_trust_state_css_class (s));
  gtk_widget_add_css_class (state, signet_ui_trust_state_css_class (s));
}

static void
repo_state_notify_cb (SignetUiRepoItem *item,
                      GParamSpec       *pspec,
                      GtkWidget        *box)
{
  update_repo_row (box, item);
}

static void
setup_repo_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_widget_add_css_class (state, "caption");
  gtk_box_append (GTK_BOX (vbox), name);
  gtk_box_append (GTK_BOX (vbox), state);
  gtk_box_append (GTK_BOX (box), vbox);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_repo_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  SignetUiRepoItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);

  update_repo_row (box, item);
  g_signal_connect_object (item, "notify::state", G_CALLBACK (repo_state_notify_cb), box, 0);
}

static void
unbind_repo_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  SignetUiRepoItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);

  g_signal_handlers_disconnect_by_func (item, repo_state_notify_cb, box);
}

static gboolean
filter_repository (gpointer item,
                   gpointer user_data)
{
  SignetUiWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->repositories_filter));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (signet_ui_repo_item_get_name (item), -1);
  return strstr (name, needle) != NULL;
}

static void
repositories_filter_changed_cb (SignetUiWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->repositories_custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
add_repository_by_name (SignetUiWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->repository_name_entry))));
  g_autofree char *gun = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetReference) ref = NULL;
  SignetUiRegistry *registry;

  if (self->session == NULL || *text == '\0')
    return;
  registry = signet_ui_session_get_registry (self->session);
  /* Docker Hub's official images live under library/ */
  if (strchr (text, '/') == NULL && !signet_ui_registry_get_has_catalog (registry))
    {
      char *full = g_strconcat ("library/", text, NULL);

      g_free (text);
      text = full;
    }
  gun = g_strconcat (signet_ui_registry_get_name (registry), "/", text, NULL);
  ref = signet_reference_parse (gun, &error);
  if (ref == NULL || signet_reference_get_tag (ref) != NULL || signet_reference_get_digest (ref) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a repository name"), text);

      gtk_widget_add_css_class (GTK_WIDGET (self->repository_name_entry), "error");
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->repository_name_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->repository_name_entry), "");
  if (signet_ui_registry_add_repository (registry, signet_reference_get_repository (ref)))
    save_registries (self);
  load_repositories (self);
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

  g_signal_connect_object (self->content_stack, "notify::visible-child-name",
                           G_CALLBACK (content_page_changed_cb), self, G_CONNECT_SWAPPED);
  content_page_changed_cb (self);

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

  g_signal_connect_object (self->settings, "changed::auto-refresh",
                           G_CALLBACK (auto_refresh_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::auto-refresh-minutes",
                           G_CALLBACK (auto_refresh_changed_cb), self, G_CONNECT_SWAPPED);
  update_auto_refresh (self);

  self->repository_view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_repository_view_new (self->settings));
  g_signal_connect_object (self->repository_view, "trust-state-changed",
                           G_CALLBACK (view_trust_state_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->repository_view), "repository");

  signet_ui_registries_load_async (self->registries_file, NULL, registries_loaded_cb, g_object_ref (self));
}

static void
signet_ui_window_dispose (GObject *object)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (object);

  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  g_cancellable_cancel (self->registry_cancellable);
  g_clear_object (&self->registry_cancellable);
  if (self->repository_view != NULL)
    signet_ui_repository_view_cancel (self->repository_view);
  for (guint i = 0; self->repositories != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->repositories)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->repositories), i);

      g_object_set_data (item, "window", NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_WINDOW);
  g_clear_object (&self->repositories_selection);
  g_clear_object (&self->session);
  g_clear_pointer (&self->sessions, g_hash_table_unref);

  G_OBJECT_CLASS (signet_ui_window_parent_class)->dispose (object);
}

static void
signet_ui_window_finalize (GObject *object)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->registries_file);
  g_clear_object (&self->registries);
  g_free (self->pending_add_url);
  g_free (self->open_repository);

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

  g_type_ensure (SIGNET_UI_TYPE_AUDIT_PAGE);
  g_type_ensure (SIGNET_UI_TYPE_EXPIRY_PAGE);
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
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_title);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_stack);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_list);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_error);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repositories_empty);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, repository_name_entry);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_back_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, trust_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, add_registry_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiWindow, expiry_page);
  gtk_widget_class_bind_template_callback (widget_class, section_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.add-registry", NULL, add_registry_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.edit-registry", NULL, edit_registry_action);
  signet_ui_window_install_dialog_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-registry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
signet_ui_window_init (SignetUiWindow *self)
{
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;
  GtkWidget *registry_page;
  GtkWidget *old_keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  signet_ui_expiry_add_window_actions (GTK_APPLICATION_WINDOW (self));

  self->registries_file = signet_ui_registries_default_file ();
  self->registries = g_list_store_new (SIGNET_UI_TYPE_REGISTRY);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_list_box_bind_model (self->registries_list, G_LIST_MODEL (self->registries),
                           create_registry_row, NULL, NULL);
  g_signal_connect_swapped (self->registries_list, "row-selected", G_CALLBACK (registry_selected_cb), self);

  self->repositories = g_list_store_new (SIGNET_UI_TYPE_REPO_ITEM);
  self->repositories_custom_filter = gtk_custom_filter_new (filter_repository, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->repositories)),
                                        GTK_FILTER (self->repositories_custom_filter));
  self->repositories_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->repositories_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->repositories_selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_repo_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_repo_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_repo_row_cb), NULL);
  gtk_list_view_set_factory (self->repositories_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->repositories_list, GTK_SELECTION_MODEL (self->repositories_selection));
  g_signal_connect_swapped (self->repositories_list, "activate", G_CALLBACK (repository_activated_cb), self);
  g_signal_connect_swapped (self->repositories_filter, "search-changed",
                            G_CALLBACK (repositories_filter_changed_cb), self);
  g_signal_connect_swapped (self->repository_name_entry, "activate", G_CALLBACK (add_repository_by_name), self);
  g_signal_connect_swapped (self->repository_name_entry, "icon-release", G_CALLBACK (add_repository_by_name), self);

  registry_page = adw_status_page_new ();
  self->registry_page = ADW_STATUS_PAGE (registry_page);
  self->registry_settings_button = gtk_button_new_with_mnemonic (_("Registry _Settings…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->registry_settings_button), "win.edit-registry");
  gtk_widget_set_halign (self->registry_settings_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->registry_settings_button, "pill");
  adw_status_page_set_child (self->registry_page, self->registry_settings_button);
  set_registry_page (self, FALSE);
  gtk_stack_add_named (self->content_stack, registry_page, "registry");

  /* the Keys page lists the key store */
  old_keys = gtk_stack_get_child_by_name (self->content_stack, "keys");
  gtk_stack_remove (self->content_stack, old_keys);
  self->keys_page = SIGNET_UI_KEYS_PAGE (signet_ui_keys_page_new ());
  gtk_stack_page_set_title (gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->keys_page), "keys"),
                            _("Keys"));

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
