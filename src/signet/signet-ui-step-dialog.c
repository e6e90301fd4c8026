/* signet-ui-step-dialog.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ops-private.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-step-dialog.h"
#include "signet-ui-util.h"

typedef struct
{
  SignetUiSession *session;
  char            *repository;
  char            *gun;
  GCancellable    *cancellable;
  GPtrArray       *history;     /* page names, the current last */
  GHashTable      *intros;      /* page name -> AdwPreferencesGroup */
  GHashTable      *widgets;     /* name -> GtkWidget (not owned) */
  gboolean         busy;
  gboolean         done;

  AdwWindowTitle  *window_title;
  GtkButton       *back_button;
  GtkButton       *next_button;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkStack        *stack;
  AdwStatusPage   *progress_page;
  GtkSpinner      *progress_spinner;
} SignetUiStepDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SignetUiStepDialog, signet_ui_step_dialog, ADW_TYPE_WINDOW)

#define PRIV(self) ((SignetUiStepDialogPrivate *) signet_ui_step_dialog_get_instance_private (self))

static void
update_buttons (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  gtk_widget_set_visible (GTK_WIDGET (priv->next_button), !priv->busy);
  if (priv->busy)
    gtk_button_set_label (priv->back_button, _("_Cancel"));
  else if (priv->done || priv->history->len <= 1)
    gtk_button_set_label (priv->back_button, _("_Cancel"));
  else
    gtk_button_set_label (priv->back_button, _("_Back"));
  gtk_widget_set_visible (GTK_WIDGET (priv->back_button), !priv->done);
}

static void
show_page (SignetUiStepDialog *self,
           const char         *name)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);
  GtkStackPage *page;

  gtk_stack_set_visible_child_name (priv->stack, name);
  page = gtk_stack_get_page (priv->stack, gtk_stack_get_visible_child (priv->stack));
  if (gtk_stack_page_get_title (page) != NULL)
    adw_window_title_set_title (priv->window_title, gtk_stack_page_get_title (page));
  update_buttons (self);
}

static void
back_clicked_cb (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  if (priv->busy)
    {
      g_cancellable_cancel (priv->cancellable);
      return;
    }
  if (priv->done || priv->history->len <= 1)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  g_ptr_array_remove_index (priv->history, priv->history->len - 1);
  signet_ui_step_dialog_set_error (self, NULL);
  show_page (self, g_ptr_array_index (priv->history, priv->history->len - 1));
  signet_ui_step_dialog_set_next_sensitive (self, TRUE);
}

static void
next_clicked_cb (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  if (priv->done)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (priv->busy || priv->history->len == 0)
    return;
  signet_ui_step_dialog_set_error (self, NULL);
  SIGNET_UI_STEP_DIALOG_GET_CLASS (self)->next (self, g_ptr_array_index (priv->history, priv->history->len - 1));
}

static void
default_next (SignetUiStepDialog *self,
              const char         *page)
{
}

static void
signet_ui_step_dialog_dispose (GObject *object)
{
  SignetUiStepDialog *self = SIGNET_UI_STEP_DIALOG (object);
  SignetUiStepDialogPrivate *priv = PRIV (self);

  g_cancellable_cancel (priv->cancellable);
  /* No gtk_widget_dispose_template (): GTK 4.8 looks the template up on the instance's
   * class, which for the dialogs derived from this one has none. The window's content
   * goes with the window. */

  G_OBJECT_CLASS (signet_ui_step_dialog_parent_class)->dispose (object);
}

static void
signet_ui_step_dialog_finalize (GObject *object)
{
  SignetUiStepDialogPrivate *priv = PRIV (SIGNET_UI_STEP_DIALOG (object));

  g_clear_object (&priv->session);
  g_clear_object (&priv->cancellable);
  g_free (priv->repository);
  g_free (priv->gun);
  g_ptr_array_unref (priv->history);
  g_hash_table_unref (priv->intros);
  g_hash_table_unref (priv->widgets);

  G_OBJECT_CLASS (signet_ui_step_dialog_parent_class)->finalize (object);
}

static void
signet_ui_step_dialog_class_init (SignetUiStepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_ui_step_dialog_dispose;
  object_class->finalize = signet_ui_step_dialog_finalize;
  klass->next = default_next;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/signet/Signet/signet-ui-step-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, window_title);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, back_button);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, next_button);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, error_revealer);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, error_label);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, stack);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, progress_page);
  gtk_widget_class_bind_template_child_private (widget_class, SignetUiStepDialog, progress_spinner);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
signet_ui_step_dialog_init (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  priv->cancellable = g_cancellable_new ();
  priv->history = g_ptr_array_new_with_free_func (g_free);
  priv->intros = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  signet_ui_step_dialog_register (self, "next", priv->next_button);
  signet_ui_step_dialog_register (self, "back", priv->back_button);
  signet_ui_step_dialog_register (self, "error", priv->error_label);
}

void
signet_ui_step_dialog_set_target (SignetUiStepDialog *self,
                                  SignetUiSession    *session,
                                  const char         *repository)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  g_return_if_fail (SIGNET_UI_IS_STEP_DIALOG (self));

  g_set_object (&priv->session, session);
  g_free (priv->repository);
  priv->repository = g_strdup (repository);
  g_clear_pointer (&priv->gun, g_free);
  if (session != NULL && repository != NULL)
    priv->gun = signet_ui_session_get_gun (session, repository);
  adw_window_title_set_subtitle (priv->window_title, priv->gun);
}

SignetUiSession *
signet_ui_step_dialog_get_session (SignetUiStepDialog *self)
{
  return PRIV (self)->session;
}

const char *
signet_ui_step_dialog_get_repository (SignetUiStepDialog *self)
{
  return PRIV (self)->repository;
}

const char *
signet_ui_step_dialog_get_gun (SignetUiStepDialog *self)
{
  return PRIV (self)->gun;
}

GCancellable *
signet_ui_step_dialog_get_cancellable (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  /* a cancelled run leaves a fresh one for the next try */
  if (g_cancellable_is_cancelled (priv->cancellable) && gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      g_clear_object (&priv->cancellable);
      priv->cancellable = g_cancellable_new ();
    }
  return priv->cancellable;
}

AdwPreferencesPage *
signet_ui_step_dialog_add_page (SignetUiStepDialog *self,
                                const char         *name,
                                const char         *title,
                                const char         *description)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *intro = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_description (intro, description);
  adw_preferences_page_add (page, intro);
  gtk_stack_add_titled (priv->stack, GTK_WIDGET (page), name, title);
  g_hash_table_replace (priv->intros, g_strdup (name), intro);
  if (priv->history->len == 0)
    {
      g_ptr_array_add (priv->history, g_strdup (name));
      show_page (self, name);
    }
  return page;
}

AdwPreferencesGroup *
signet_ui_step_dialog_get_intro (SignetUiStepDialog *self,
                                 const char         *name)
{
  return g_hash_table_lookup (PRIV (self)->intros, name);
}

void
signet_ui_step_dialog_go_to (SignetUiStepDialog *self,
                             const char         *name)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  priv->busy = FALSE;
  gtk_spinner_stop (priv->progress_spinner);
  if (priv->history->len == 0 || !g_str_equal (g_ptr_array_index (priv->history, priv->history->len - 1), name))
    g_ptr_array_add (priv->history, g_strdup (name));
  show_page (self, name);
}

const char *
signet_ui_step_dialog_get_page (SignetUiStepDialog *self)
{
  return gtk_stack_get_visible_child_name (PRIV (self)->stack);
}

void
signet_ui_step_dialog_set_next (SignetUiStepDialog *self,
                                const char         *label,
                                gboolean            sensitive)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  gtk_button_set_label (priv->next_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (priv->next_button), sensitive);
  gtk_widget_remove_css_class (GTK_WIDGET (priv->next_button), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (priv->next_button), "suggested-action");
}

void
signet_ui_step_dialog_set_next_sensitive (SignetUiStepDialog *self,
                                          gboolean            sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (PRIV (self)->next_button), sensitive);
}

void
signet_ui_step_dialog_busy (SignetUiStepDialog *self,
                            const char         *what)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  priv->busy = TRUE;
  adw_status_page_set_title (priv->progress_page, what);
  gtk_spinner_start (priv->progress_spinner);
  gtk_stack_set_visible_child_name (priv->stack, "progress");
  update_buttons (self);
}

void
signet_ui_step_dialog_set_error (SignetUiStepDialog *self,
                                 const char         *message)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);

  gtk_label_set_text (priv->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (priv->error_revealer, message != NULL);
}

void
signet_ui_step_dialog_fail (SignetUiStepDialog *self,
                            const char         *what,
                            const GError       *error)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *message = NULL;

  priv->busy = FALSE;
  gtk_spinner_stop (priv->progress_spinner);
  if (priv->history->len > 0)
    show_page (self, g_ptr_array_index (priv->history, priv->history->len - 1));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Cancelled. Nothing was changed."));
  else
    {
      const char *hint;

      /* the explanation's last paragraph is the next step to take */
      signet_ui_explain_error (error, priv->gun, &title, &description);
      hint = description ? g_strrstr (description, "\n\n") : NULL;
      hint = hint ? hint + 2 : (description && strstr (description, error->message) == NULL ? description : NULL);
      message = g_strdup_printf ("%s: %s%s%s", what, error->message, hint ? "\n" : "", hint ? hint : "");
    }
  signet_ui_step_dialog_set_error (self, g_strstrip (message));
  update_buttons (self);
}

AdwPreferencesPage *
signet_ui_step_dialog_show_result (SignetUiStepDialog *self,
                                   const char         *title,
                                   const char         *description)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);
  AdwPreferencesPage *page;
  GtkWidget *old = gtk_stack_get_child_by_name (priv->stack, "result");

  if (old != NULL)
    gtk_stack_remove (priv->stack, old);
  page = signet_ui_step_dialog_add_page (self, "result", title, description);
  priv->done = TRUE;
  signet_ui_step_dialog_go_to (self, "result");
  signet_ui_step_dialog_set_next (self, _("_Done"), TRUE);
  return page;
}

void
signet_ui_step_dialog_register (SignetUiStepDialog *self,
                                const char         *name,
                                gpointer            widget)
{
  g_hash_table_replace (PRIV (self)->widgets, g_strdup (name), widget);
}

gpointer
signet_ui_step_dialog_get_widget (SignetUiStepDialog *self,
                                  const char         *name)
{
  return g_hash_table_lookup (PRIV (self)->widgets, name);
}

GtkButton *
signet_ui_step_dialog_get_next_button (SignetUiStepDialog *self)
{
  return PRIV (self)->next_button;
}

GtkButton *
signet_ui_step_dialog_get_back_button (SignetUiStepDialog *self)
{
  return PRIV (self)->back_button;
}

/* Confirmations ----------------------------------------------------------------------- */

static void
confirm_response_cb (AdwMessageDialog        *dialog,
                     const char              *response,
                     SignetOpsConfirmRequest *request)
{
  _signet_ops_confirm_request_reply (request, g_strcmp0 (response, "continue") == 0);
}

static void
confirm_prompt (SignetOpsConfirmRequest *request,
                gpointer                 user_data)
{
  g_autoptr(GtkWindow) parent = g_weak_ref_get (user_data);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Go On?"), _signet_ops_confirm_request_get_question (request));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "continue", _("_Go On"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static SignetOpsPublishHook test_publish_hook;
static gpointer             test_publish_hook_data;

void
signet_ui_step_dialog_set_publish_hook_for_testing (SignetOpsPublishHook hook,
                                                    gpointer             user_data)
{
  test_publish_hook = hook;
  test_publish_hook_data = user_data;
}

SignetOps *
signet_ui_step_dialog_new_ops (SignetUiStepDialog *self)
{
  SignetUiStepDialogPrivate *priv = PRIV (self);
  g_autoptr(SignetPassphraseChain) chain = signet_ui_passphrase_chain_new (GTK_WINDOW (self));
  SignetOps *ops;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_return_val_if_fail (priv->session != NULL, NULL);

  ops = signet_ops_new (signet_ui_session_get_remote (priv->session), NULL);
  _signet_ops_set_passphrase_chain (ops, chain);
  g_weak_ref_init (ref, self);
  _signet_ops_set_confirm_prompt (ops, confirm_prompt, ref, weak_ref_free);
  if (test_publish_hook != NULL)
    _signet_ops_set_publish_hook (ops, test_publish_hook, test_publish_hook_data);
  return ops;
}

char *
signet_ui_step_dialog_get_trust_dir (SignetUiStepDialog *self)
{
  return signet_default_trust_dir ();
}

/* Rows --------------------------------------------------------------------------------- */

AdwActionRow *
signet_ui_info_row (AdwPreferencesGroup *group,
                    const char          *title,
                    const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* plain text (tag names may hold "&" or "<"): before the title is set */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

GtkCheckButton *
signet_ui_check_row (AdwPreferencesGroup *group,
                     const char          *title,
                     const char          *subtitle,
                     gboolean             active)
{
  AdwActionRow *row = signet_ui_info_row (group, title, subtitle);
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (row, check);
  adw_action_row_set_activatable_widget (row, check);
  return GTK_CHECK_BUTTON (check);
}

/* Keys ---------------------------------------------------------------------------------- */

static void
list_keys_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (task_data);
  GError *error = NULL;
  GPtrArray *keys = _signet_keystore_list (keystore, NULL, &error);

  if (keys == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, keys, (GDestroyNotify) g_ptr_array_unref);
}

void
signet_ui_list_keys_async (const char          *trust_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, signet_ui_list_keys_async);
  g_task_set_task_data (task, g_strdup (trust_dir), g_free);
  g_task_run_in_thread (task, list_keys_thread);
}

GPtrArray *
signet_ui_list_keys_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
signet_ui_count_held_keys (SignetTrustSummary *summary,
                           const char         *role,
                           GPtrArray          *keys)
{
  SignetTrustRole *r = summary ? signet_trust_summary_lookup_role (summary, role) : NULL;

  if (r == NULL)
    return 0;
  return signet_ui_count_held_keys_in (signet_trust_role_get_keys (r), keys);
}

guint
signet_ui_count_held_keys_in (GListModel *role_keys,
                              GPtrArray  *keys)
{
  guint n = 0;

  if (role_keys == NULL || keys == NULL)
    return 0;
  for (guint i = 0; i < g_list_model_get_n_items (role_keys); i++)
    {
      g_autoptr(SignetTrustKey) key = g_list_model_get_item (role_keys, i);

      for (guint j = 0; j < keys->len; j++)
        {
          SignetKeyInfo *info = g_ptr_array_index (keys, j);

          if (g_strcmp0 (info->id, signet_trust_key_get_canonical_id (key)) == 0 ||
              g_strcmp0 (info->id, signet_trust_key_get_id (key)) == 0)
            {
              n++;
              break;
            }
        }
    }
  return n;
}
