/* signet-ui-window-dialogs.c: the window's actions that open the guided dialogs on the
 * open repository.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-ui-add-signer-dialog.h"
#include "signet-ui-backup-dialog.h"
#include "signet-ui-init-dialog.h"
#include "signet-ui-migrate-dialog.h"
#include "signet-ui-remove-signer-dialog.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-resign-dialog.h"
#include "signet-ui-revoke-dialog.h"
#include "signet-ui-rotate-dialog.h"
#include "signet-ui-sign-dialog.h"
#include "signet-ui-window.h"
#include "signet-ui-window-dialogs.h"

static gboolean
have_repository (SignetUiWindow *self)
{
  if (signet_ui_window_get_session (self) != NULL && signet_ui_window_get_open_repository (self) != NULL)
    return TRUE;
  signet_ui_window_show_toast (self, _("Open a repository first"));
  return FALSE;
}

/* Reload the repository after a dialog changed it. */
static void
dialog_destroyed_cb (SignetUiWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
present (SignetUiWindow *self,
         gpointer        dialog)
{
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_tags_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  SignetUiRepositoryView *view;

  if (!have_repository (self))
    return;
  view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (self));
  present (self, signet_ui_sign_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                            signet_ui_window_get_open_repository (self),
                                            signet_ui_repository_view_get_tags (view), NULL));
}

static void
set_up_signing_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_init_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                            signet_ui_window_get_open_repository (self)));
}

static void
add_signer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_add_signer_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                                  signet_ui_window_get_open_repository (self),
                                                  signet_ui_window_get_repositories (self)));
}

static void
remove_signer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_remove_signer_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                                     signet_ui_window_get_open_repository (self)));
}

static void
rotate_keys_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_rotate_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                              signet_ui_window_get_open_repository (self), NULL));
}

static void
back_up_keys_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (signet_ui_backup_dialog_new (GTK_WINDOW (widget), FALSE)));
}

static void
restore_keys_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (signet_ui_backup_dialog_new (GTK_WINDOW (widget), TRUE)));
}

static void
revoke_tags_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_revoke_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                              signet_ui_window_get_open_repository (self)));
}

static void
re_sign_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);
  g_autoptr(GSettings) settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);

  if (!have_repository (self))
    return;
  present (self, signet_ui_resign_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                              signet_ui_window_get_open_repository (self), NULL,
                                              g_settings_get_uint (settings, "expiry-warning-days")));
}

/* The session of the registry of @gun ("host[:port]/repository"): the window's when that
 * registry is selected, else a new one set up as the window would (the registries file's
 * notary server and CA file, the keyring's login), or for a registry that is not in the
 * list, as docker would reach it. */
static SignetUiSession *
session_for_gun (SignetUiWindow  *self,
                 const char      *gun,
                 char           **repository,
                 GError         **error)
{
  const char *slash = strchr (gun, '/');
  g_autofree char *name = NULL;
  g_autoptr(SignetUiRegistry) found = NULL;
  SignetUiSession *current = signet_ui_window_get_session (self);
  GListModel *registries = signet_ui_window_get_registries (self);

  if (slash == NULL || slash == gun || slash[1] == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a repository name (registry/repository)"), gun);
      return NULL;
    }
  name = g_strndup (gun, slash - gun);
  *repository = g_strdup (slash + 1);
  if (current != NULL && g_str_equal (signet_ui_registry_get_name (signet_ui_session_get_registry (current)), name))
    return g_object_ref (current);
  for (guint i = 0; registries != NULL && i < g_list_model_get_n_items (registries) && found == NULL; i++)
    {
      g_autoptr(SignetUiRegistry) registry = g_list_model_get_item (registries, i);

      if (g_str_equal (signet_ui_registry_get_name (registry), name))
        found = g_steal_pointer (&registry);
    }
  if (found == NULL)
    {
      g_autofree char *url = g_strconcat ("https://", name, NULL);
      g_autofree char *notary = signet_ui_registry_derive_notary_url (name);

      found = signet_ui_registry_new (name, url);
      signet_ui_registry_set_notary_url (found, notary);
    }
  return signet_ui_session_new (found, error);
}

GtkWindow *
signet_ui_window_open_expiry_dialog (SignetUiWindow  *self,
                                     const char      *gun,
                                     const char      *role,
                                     gboolean         rotate,
                                     GError         **error)
{
  g_autoptr(SignetUiSession) session = NULL;
  g_autofree char *repository = NULL;
  GtkWindow *dialog;

  g_return_val_if_fail (SIGNET_UI_IS_WINDOW (self), NULL);
  g_return_val_if_fail (gun != NULL && role != NULL, NULL);

  session = session_for_gun (self, gun, &repository, error);
  if (session == NULL)
    return NULL;
  if (rotate)
    dialog = GTK_WINDOW (signet_ui_rotate_dialog_new (GTK_WINDOW (self), session, repository, role));
  else
    {
      g_autoptr(GSettings) settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);

      dialog = GTK_WINDOW (signet_ui_resign_dialog_new (GTK_WINDOW (self), session, repository, role,
                                                        g_settings_get_uint (settings, "expiry-warning-days")));
    }
  gtk_window_present (dialog);
  return dialog;
}

void
signet_ui_window_show_expiry (SignetUiWindow *self)
{
  GtkWidget *row;

  g_return_if_fail (SIGNET_UI_IS_WINDOW (self));

  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), SIGNET_UI_TYPE_WINDOW, "expiry_row"));
  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  gtk_widget_activate (row);
}

static void
move_to_cosign_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SignetUiWindow *self = SIGNET_UI_WINDOW (widget);

  if (!have_repository (self))
    return;
  present (self, signet_ui_migrate_dialog_new (GTK_WINDOW (self), signet_ui_window_get_session (self),
                                               signet_ui_window_get_open_repository (self)));
}

void
signet_ui_window_install_dialog_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sign-tags", NULL, sign_tags_action);
  gtk_widget_class_install_action (widget_class, "win.set-up-signing", NULL, set_up_signing_action);
  gtk_widget_class_install_action (widget_class, "win.add-signer", NULL, add_signer_action);
  gtk_widget_class_install_action (widget_class, "win.remove-signer", NULL, remove_signer_action);
  gtk_widget_class_install_action (widget_class, "win.rotate-keys", NULL, rotate_keys_action);
  gtk_widget_class_install_action (widget_class, "win.revoke-tags", NULL, revoke_tags_action);
  gtk_widget_class_install_action (widget_class, "win.re-sign", NULL, re_sign_action);
  gtk_widget_class_install_action (widget_class, "win.back-up-keys", NULL, back_up_keys_action);
  gtk_widget_class_install_action (widget_class, "win.restore-keys", NULL, restore_keys_action);
  gtk_widget_class_install_action (widget_class, "win.move-to-cosign", NULL, move_to_cosign_action);
}
