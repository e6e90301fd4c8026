/* signet-ui-passphrase-dialog.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-util.h"

/* as the CLI asks */
#define MIN_LENGTH 8

struct _SignetUiPassphraseDialog
{
  AdwWindow                parent_instance;

  SignetPassphraseRequest *request;
  gulong                   cancelled_id;
  gboolean                 creating;

  AdwPreferencesGroup     *group;
  GtkLabel                *description_label;
  GtkLabel                *error_label;
  AdwPasswordEntryRow     *passphrase_row;
  AdwPasswordEntryRow     *repeat_row;
  AdwActionRow            *remember_row;
  GtkSwitch               *remember_switch;
  GtkButton               *unlock_button;
  GtkButton               *cancel_button;
};

G_DEFINE_FINAL_TYPE (SignetUiPassphraseDialog, signet_ui_passphrase_dialog, ADW_TYPE_WINDOW)

char *
signet_ui_describe_key (const char *role,
                        const char *key_id,
                        const char *gun)
{
  g_autofree char *short_id = signet_ui_short_id (key_id ? key_id : "");
  g_autofree char *what = NULL;

  if (role == NULL)
    what = g_strdup_printf (_("the signing key %s"), short_id);
  else if (g_str_equal (role, "root"))
    what = g_strdup_printf (_("the root key %s"), short_id);
  else if (g_str_equal (role, "targets"))
    what = g_strdup_printf (_("the repository (targets) key %s"), short_id);
  else if (g_str_equal (role, "snapshot"))
    what = g_strdup_printf (_("the snapshot key %s"), short_id);
  else if (g_str_equal (role, "cosign"))
    what = g_strdup_printf (_("the cosign key “%s”"), key_id ? key_id : "");
  else if (g_str_has_prefix (role, "targets/"))
    what = g_strdup_printf (_("the key %s of signer “%s”"), short_id, role + strlen ("targets/"));
  else
    what = g_strdup_printf (_("the key %s of signer “%s”"), short_id, role);

  if (gun != NULL && *gun != '\0')
    return g_strdup_printf (_("%s for %s"), what, gun);
  return g_steal_pointer (&what);
}

/* Answers once; then the dialog closes. */
static void
answer (SignetUiPassphraseDialog *self,
        gboolean                  with_passphrase)
{
  SignetPassphraseRequest *request = g_steal_pointer (&self->request);
  g_autoptr(SignetSecret) secret = NULL;
  gboolean remember = FALSE;

  if (request == NULL)
    return;
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (_signet_passphrase_request_get_cancellable (request), self->cancelled_id);
  self->cancelled_id = 0;

  if (with_passphrase)
    {
      secret = signet_secret_new (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)), -1);
      remember = gtk_widget_get_visible (GTK_WIDGET (self->remember_row)) &&
                 gtk_switch_get_active (self->remember_switch);
    }
  /* Nothing of it stays in the widgets. */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
  _signet_passphrase_request_reply (request, secret, remember);
}

static void
update (SignetUiPassphraseDialog *self)
{
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  gboolean ok = *pass != '\0';

  if (self->creating)
    {
      ok = strlen (pass) >= MIN_LENGTH && g_str_equal (pass, repeat);
      if (*pass != '\0' && strlen (pass) < MIN_LENGTH)
        gtk_label_set_text (self->error_label, _("The passphrase must have at least 8 characters."));
      else if (*repeat != '\0' && !g_str_equal (pass, repeat))
        gtk_label_set_text (self->error_label, _("The passphrases do not match."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                              (*pass != '\0' && strlen (pass) < MIN_LENGTH) ||
                              (*repeat != '\0' && !g_str_equal (pass, repeat)));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), ok);
}

static void
changed_cb (SignetUiPassphraseDialog *self)
{
  update (self);
}

static void
unlock_clicked_cb (SignetUiPassphraseDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->unlock_button)))
    return;
  answer (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
activated_cb (SignetUiPassphraseDialog *self)
{
  if (self->creating && gtk_widget_has_focus (GTK_WIDGET (self->passphrase_row)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
      return;
    }
  unlock_clicked_cb (self);
}

static void
cancel_clicked_cb (SignetUiPassphraseDialog *self)
{
  answer (self, FALSE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_request_cb (GtkWindow *window)
{
  answer (SIGNET_UI_PASSPHRASE_DIALOG (window), FALSE);
  return FALSE;
}

static void
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* May come from any thread: close on the main thread. */
  g_idle_add_full (G_PRIORITY_DEFAULT, (GSourceFunc) gtk_window_close, g_object_ref (user_data), g_object_unref);
}

static void
signet_ui_passphrase_dialog_dispose (GObject *object)
{
  SignetUiPassphraseDialog *self = SIGNET_UI_PASSPHRASE_DIALOG (object);

  answer (self, FALSE);
  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_PASSPHRASE_DIALOG);

  G_OBJECT_CLASS (signet_ui_passphrase_dialog_parent_class)->dispose (object);
}

static void
signet_ui_passphrase_dialog_class_init (SignetUiPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_ui_passphrase_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = close_request_cb;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/signet/Signet/signet-ui-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, group);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, remember_row);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPassphraseDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
signet_ui_passphrase_dialog_init (SignetUiPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SignetUiPassphraseDialog *
signet_ui_passphrase_dialog_new (GtkWindow               *parent,
                                 SignetPassphraseRequest *request)
{
  SignetUiPassphraseDialog *self;
  const char *role = _signet_passphrase_request_get_role (request);
  g_autofree char *what = NULL;
  g_autofree char *description = NULL;
  GCancellable *cancellable;

  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (SIGNET_UI_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
  self->request = request;
  self->creating = _signet_passphrase_request_get_creating (request);
  what = signet_ui_describe_key (role, _signet_passphrase_request_get_key_id (request),
                                 _signet_passphrase_request_get_gun (request));
  if (self->creating)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Passphrase"));
      description = g_strdup_printf (_("Choose a passphrase for %s, which Signet is making now. "
                                       "The key file is encrypted with it; without it, the key "
                                       "cannot be used."), what);
      gtk_button_set_label (self->unlock_button, _("_Continue"));
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), TRUE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Unlock Key"));
      description = g_strdup_printf (_("Enter the passphrase of %s."), what);
      if (_signet_passphrase_request_get_attempt (request) > 0)
        {
          gtk_label_set_text (self->error_label, _("Wrong passphrase: it does not decrypt this key. Try again."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }
  gtk_label_set_text (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->remember_row), _signet_passphrase_request_can_remember (request));

  cancellable = _signet_passphrase_request_get_cancellable (request);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (request_cancelled_cb), self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  return self;
}

const char *
signet_ui_passphrase_dialog_get_key_id (SignetUiPassphraseDialog *self)
{
  return self->request ? _signet_passphrase_request_get_key_id (self->request) : NULL;
}

const char *
signet_ui_passphrase_dialog_get_role (SignetUiPassphraseDialog *self)
{
  return self->request ? _signet_passphrase_request_get_role (self->request) : NULL;
}

gboolean
signet_ui_passphrase_dialog_get_creating (SignetUiPassphraseDialog *self)
{
  return self->creating;
}

guint
signet_ui_passphrase_dialog_get_attempt (SignetUiPassphraseDialog *self)
{
  return self->request ? _signet_passphrase_request_get_attempt (self->request) : 0;
}

void
signet_ui_passphrase_prompt (SignetPassphraseRequest *request,
                             gpointer                 user_data)
{
  GtkWindow *parent = user_data;
  SignetUiPassphraseDialog *dialog;

  dialog = signet_ui_passphrase_dialog_new (parent, request);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
weak_prompt (SignetPassphraseRequest *request,
             gpointer                 user_data)
{
  g_autoptr(GtkWindow) parent = g_weak_ref_get (user_data);

  /* a parent that is going away cannot host the question */
  if (parent != NULL && !gtk_widget_get_visible (GTK_WIDGET (parent)))
    g_clear_object (&parent);
  signet_ui_passphrase_prompt (request, parent);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

SignetPassphraseChain *
signet_ui_passphrase_chain_new (GtkWindow *parent)
{
  SignetPassphraseChain *chain = _signet_passphrase_chain_new ();
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, parent);
  _signet_passphrase_chain_set_prompt (chain, weak_prompt, ref, weak_ref_free);
  return chain;
}
