/* signet-ui-add-signer-dialog.c: name (docker's rule) and key (new in Signet, or an
 * imported public key or certificate) → repositories → pre-flight (trust data and the
 * repository key held) → publish to each → the signer as the servers now have it, and
 * for a new key the export for a CI machine.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-ops-private.h"
#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"
#include "signet-ui-add-signer-dialog.h"
#include "signet-ui-items.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiAddSignerDialog
{
  SignetUiStepDialog   parent_instance;

  AdwEntryRow         *name_row;
  GtkLabel            *name_error;
  GtkCheckButton      *generate_check;
  GtkCheckButton      *import_check;
  AdwActionRow        *file_row;
  char                *key_pem;       /* imported */
  char                *key_file;
  GPtrArray           *repo_checks;   /* GtkCheckButton, data "repository" */
  GStrv                chosen;
  guint                next_repo;
  AdwPreferencesGroup *check_group;
  AdwPreferencesGroup *done_group;
  GPtrArray           *keys;          /* SignetKeyInfo */
  char                *new_key_id;    /* generated here */
  char                *new_key_pem;   /* its public key */
  GtkFileChooserNative *chooser;
  SignetOps           *ops;
  GPtrArray           *results;       /* char *: per repository */
};

G_DEFINE_FINAL_TYPE (SignetUiAddSignerDialog, signet_ui_add_signer_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiAddSignerDialog *self,
            const char              *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static const char *
signer_name (SignetUiAddSignerDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

static void
update_first_step (SignetUiAddSignerDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = signer_name (self);
  gboolean name_ok = _signet_ops_signer_name_valid (name, &error);
  gboolean key_ok = gtk_check_button_get_active (self->generate_check) || self->key_pem != NULL;

  gtk_label_set_text (self->name_error, *name != '\0' && !name_ok ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), *name != '\0' && !name_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), gtk_check_button_get_active (self->import_check));
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), name_ok && key_ok);
}

/* Import ---------------------------------------------------------------------------------- */

static void
key_file_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignetUiAddSignerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SignetPublicKey) key = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *subtitle = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), error->message);
      return;
    }
  bytes = g_bytes_new_take (contents, len);
  key = _signet_ops_public_key_from_pem (contents, len, &error);
  g_clear_pointer (&self->key_pem, g_free);
  basename = g_file_get_basename (G_FILE (object));
  if (key == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not a public key or certificate: %s"), basename,
                                                  error->message);

      signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), message);
      adw_action_row_set_subtitle (self->file_row, _("No file chosen"));
    }
  else
    {
      g_autofree char *short_id = signet_ui_short_id (_signet_public_key_get_canonical_id (key));

      signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), NULL);
      self->key_pem = g_strndup (contents, len);
      subtitle = g_strdup_printf (_("%s · key %s"), basename, short_id);
      adw_action_row_set_subtitle (self->file_row, subtitle);
    }
  update_first_step (self);
}

void
signet_ui_add_signer_dialog_set_key_file (SignetUiAddSignerDialog *self,
                                          const char              *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_return_if_fail (SIGNET_UI_IS_ADD_SIGNER_DIALOG (self));

  gtk_check_button_set_active (self->import_check, TRUE);
  g_free (self->key_file);
  self->key_file = g_strdup (path);
  g_file_load_contents_async (file, signet_ui_step_dialog_get_cancellable (SIGNET_UI_STEP_DIALOG (self)),
                              key_file_read_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     SignetUiAddSignerDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        signet_ui_add_signer_dialog_set_key_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file_cb (SignetUiAddSignerDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Public Key or Certificate"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Export for CI ------------------------------------------------------------------------- */

typedef struct
{
  char *trust_dir;
  char *key_id;
  char *path;
} Export;

static void
export_free (Export *e)
{
  g_free (e->trust_dir);
  g_free (e->key_id);
  g_free (e->path);
  g_free (e);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *e = task_data;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (e->trust_dir);
  const char *ids[] = { e->key_id, NULL };
  g_autofree char *pem = NULL;
  GError *error = NULL;

  pem = _signet_keystore_export (ks, ids, &error);
  if (pem == NULL || !_signet_file_write_atomic (e->path, pem, strlen (pem), 0600, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiAddSignerDialog) self = user_data;
  Export *e = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), error->message);
      return;
    }
  text = g_strdup_printf (_("Written to %s (readable by you only)"), e->path);
  signet_ui_step_dialog_register (SIGNET_UI_STEP_DIALOG (self), "exported",
                                  signet_ui_info_row (self->done_group, _("Key exported"), text));
}

void
signet_ui_add_signer_dialog_export_to (SignetUiAddSignerDialog *self,
                                       const char              *folder)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *file_name = NULL;
  Export *e;

  g_return_if_fail (SIGNET_UI_IS_ADD_SIGNER_DIALOG (self));
  g_return_if_fail (self->new_key_id != NULL);

  e = g_new0 (Export, 1);
  e->trust_dir = signet_ui_step_dialog_get_trust_dir (SIGNET_UI_STEP_DIALOG (self));
  e->key_id = g_strdup (self->new_key_id);
  file_name = g_strconcat (signer_name (self), ".key", NULL);
  e->path = g_build_filename (folder, file_name, NULL);
  task = g_task_new (NULL, signet_ui_step_dialog_get_cancellable (SIGNET_UI_STEP_DIALOG (self)), exported_cb,
                     g_object_ref (self));
  g_task_set_task_data (task, e, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
folder_response_cb (GtkNativeDialog         *chooser,
                    int                      response,
                    SignetUiAddSignerDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        signet_ui_add_signer_dialog_export_to (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_clicked_cb (SignetUiAddSignerDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Key for CI"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"), _("_Cancel"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (folder_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The work ----------------------------------------------------------------------------- */

static void add_next_repository (SignetUiAddSignerDialog *self);

static void
show_done (SignetUiAddSignerDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autofree char *title = g_strdup_printf (_("Signer “%s” Added"), signer_name (self));

  page = signet_ui_step_dialog_show_result (step, title,
                                            _("The notary servers now list this signer. Signet fetched "
                                              "the trust data again and verified it."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Repositories"));
  adw_preferences_page_add (page, group);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("result:", self->chosen[i], NULL);

      signet_ui_step_dialog_register (step, name,
                                      signet_ui_info_row (group, self->chosen[i], g_ptr_array_index (self->results, i)));
    }

  if (self->new_key_id != NULL)
    {
      g_autofree char *server = NULL;
      g_autofree char *vars = NULL;
      GtkWidget *button;
      AdwActionRow *row;

      self->done_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->done_group, _("Use It on a CI Machine"));
      adw_preferences_group_set_description (self->done_group,
                                             _("Export the key file, store it and its passphrase in your CI "
                                               "system’s secret store (never in the repository or the job "
                                               "log), and load it in the job with docker trust key load."));
      adw_preferences_page_add (page, self->done_group);
      row = signet_ui_info_row (self->done_group, _("Key file"), _("Encrypted with the passphrase you chose"));
      button = gtk_button_new_with_mnemonic (_("_Export…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (export_clicked_cb), self);
      adw_action_row_add_suffix (row, button);
      signet_ui_step_dialog_register (step, "export", button);
      server = g_strdup (signet_ui_registry_get_notary_url (signet_ui_session_get_registry (signet_ui_step_dialog_get_session (step))));
      vars = g_strdup_printf ("DOCKER_CONTENT_TRUST=1\n"
                              "DOCKER_CONTENT_TRUST_SERVER=%s\n"
                              "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=%s\n"
                              "docker trust key load --name %s %s.key",
                              server, _("(the key’s passphrase, from the secret store)"),
                              signer_name (self), signer_name (self));
      signet_ui_step_dialog_register (step, "ci-variables",
                                      signet_ui_info_row (self->done_group, _("Environment of the CI job"), vars));
    }
}

static void
signer_added_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiAddSignerDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role_name = g_strconcat ("targets/", signer_name (self), NULL);
  GListModel *signers;
  GListModel *keys = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  repo = signet_ops_finish (SIGNET_OPS (object), result, NULL, &error);
  if (repo == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Adding the signer to %s failed"), self->chosen[self->next_repo - 1]);

      signet_ui_step_dialog_fail (step, what, error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  signers = signet_trust_summary_get_signers (summary);
  for (guint i = 0; i < g_list_model_get_n_items (signers) && keys == NULL; i++)
    {
      g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);

      if (g_str_equal (signet_trust_signer_get_role_name (signer), role_name))
        keys = signet_trust_signer_get_keys (signer);
    }
  if (keys != NULL)
    {

      g_string_append_printf (text, _("%s with key"), role_name);
      for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
        {
          g_autoptr(SignetTrustKey) key = g_list_model_get_item (keys, i);
          g_autofree char *short_id = signet_ui_short_id (signet_trust_key_get_id (key));

          g_string_append_printf (text, " %s", short_id);
        }
    }
  else
    g_string_append (text, _("The signer is missing from the fetched trust data"));
  g_ptr_array_add (self->results, g_string_free (g_steal_pointer (&text), FALSE));
  add_next_repository (self);
}

static void
add_next_repository (SignetUiAddSignerDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  SignetUiSession *session = signet_ui_step_dialog_get_session (step);
  const char *pems[] = { self->new_key_pem ? self->new_key_pem : self->key_pem, NULL };
  g_autofree char *gun = NULL;
  g_autofree char *what = NULL;

  if (self->chosen[self->next_repo] == NULL)
    {
      show_done (self);
      return;
    }
  gun = signet_ui_session_get_gun (session, self->chosen[self->next_repo]);
  what = g_strdup_printf (_("Publishing to %s…"), self->chosen[self->next_repo]);
  self->next_repo++;
  signet_ui_step_dialog_busy (step, what);
  signet_ops_add_signer_async (self->ops, gun, signer_name (self), pems,
                               signet_ui_step_dialog_get_cancellable (step), signer_added_cb, g_object_ref (self));
}

typedef struct
{
  SignetPassphraseChain *chain;
  char                  *trust_dir;
  char                  *name;
  char                  *key_id;
  char                  *pem;
} Generate;

static void
generate_free (Generate *g)
{
  g_clear_object (&g->chain);
  g_free (g->trust_dir);
  g_free (g->name);
  g_free (g->key_id);
  g_free (g->pem);
  g_free (g);
}

/* In a thread: the passphrase prompt comes to the main thread and this waits for it. */
static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Generate *g = task_data;
  g_autoptr(SignetKeystore) ks = _signet_keystore_new (g->trust_dir);
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  GError *error = NULL;

  key = _signet_private_key_generate (&error);
  if (key != NULL)
    pass = _signet_passphrase_chain_new_passphrase (g->chain, _signet_private_key_get_id (key), g->name, NULL,
                                                     cancellable, &error);
  if (pass == NULL || !_signet_keystore_add (ks, key, g->name, NULL, pass, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g->key_id = g_strdup (_signet_private_key_get_id (key));
  g->pem = _signet_private_key_public_pem (key, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetUiAddSignerDialog) self = user_data;
  Generate *g = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), _("Cannot make the key"), error);
      return;
    }
  self->new_key_id = g_strdup (g->key_id);
  self->new_key_pem = g_strdup (g->pem);
  add_next_repository (self);
}

static void
start (SignetUiAddSignerDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);

  g_clear_object (&self->ops);
  self->ops = signet_ui_step_dialog_new_ops (step);
  self->next_repo = 0;
  g_ptr_array_set_size (self->results, 0);
  if (gtk_check_button_get_active (self->generate_check) && self->new_key_id == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, signet_ui_step_dialog_get_cancellable (step), generated_cb,
                                          g_object_ref (self));
      Generate *g = g_new0 (Generate, 1);

      g->chain = signet_ui_passphrase_chain_new (GTK_WINDOW (self));
      g->trust_dir = signet_ui_step_dialog_get_trust_dir (step);
      g->name = g_strdup (signer_name (self));
      g_task_set_task_data (task, g, (GDestroyNotify) generate_free);
      signet_ui_step_dialog_busy (step, _("Making the key…"));
      g_task_run_in_thread (task, generate_thread);
      return;
    }
  if (!gtk_check_button_get_active (self->generate_check))
    g_clear_pointer (&self->new_key_pem, g_free);
  add_next_repository (self);
}

/* Pre-flight: each repository has trust data and its repository key is held. */

typedef struct
{
  SignetUiAddSignerDialog *self;
  guint                    pending;
  guint                    problems;
} Preflight;

static void
preflight_done (Preflight *p)
{
  SignetUiAddSignerDialog *self = p->self;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);

  signet_ui_step_dialog_go_to (step, "confirm");
  signet_ui_step_dialog_set_next (step, _("_Add Signer"), p->problems == 0);
  if (p->problems > 0)
    signet_ui_step_dialog_set_error (step, _("Signet cannot add the signer to every chosen repository: see "
                                             "below. Go back and leave those out, or set them up first."));
  g_object_unref (p->self);
  g_free (p);
}

typedef struct
{
  Preflight *p;
  char      *repository;
} PreflightOne;

static void
preflight_trust_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PreflightOne *one = user_data;
  Preflight *p = one->p;
  SignetUiAddSignerDialog *self = p->self;
  g_autofree char *repository = g_steal_pointer (&one->repository);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *name = NULL;
  SignetTrustSummary *summary;
  AdwActionRow *row;

  g_free (one);
  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  summary = res ? signet_ui_trust_result_get_summary (res) : NULL;
  if (res == NULL)
    status = g_strdup (error->message);
  else if (signet_ui_trust_result_get_offline (res))
    status = g_strdup (_("The notary server does not answer"));
  else if (summary == NULL)
    status = g_strdup (_("Not set up for signing yet"));
  else if (signet_ui_count_held_keys (summary, "targets", self->keys) == 0)
    status = g_strdup (_("Its repository (targets) key is not in your trust folder: only its owner can add signers"));
  if (status != NULL)
    p->problems++;
  row = signet_ui_info_row (self->check_group, repository,
                            status ? status : _("Ready: you hold its repository key"));
  name = g_strconcat ("check:", repository, NULL);
  signet_ui_step_dialog_register (SIGNET_UI_STEP_DIALOG (self), name, row);
  adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (status ? "dialog-warning-symbolic" : "emblem-ok-symbolic"));
  if (--p->pending == 0)
    preflight_done (p);
}

static void
preflight_keys_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetUiAddSignerDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "confirm");
  g_autoptr(GError) error = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *title = NULL;
  Preflight *p;

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  self->keys = signet_ui_list_keys_finish (result, &error);
  if (self->keys == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot read your keys"), error);
      return;
    }
  if (self->check_group != NULL)
    adw_preferences_page_remove (page, self->check_group);
  self->check_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  title = g_strdup_printf (_("Signer “%s”"), signer_name (self));
  adw_preferences_group_set_title (self->check_group, title);
  adw_preferences_page_add (page, self->check_group);
  key_text = gtk_check_button_get_active (self->generate_check)
             ? g_strdup (_("A new key made now in your trust folder (you will choose its passphrase)"))
             : g_strdup (adw_action_row_get_subtitle (self->file_row));
  signet_ui_info_row (self->check_group, _("Key"), key_text);

  p = g_new0 (Preflight, 1);
  p->self = g_object_ref (self);
  p->pending = g_strv_length (self->chosen);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      PreflightOne *one = g_new0 (PreflightOne, 1);

      one->p = p;
      one->repository = g_strdup (self->chosen[i]);
      signet_ui_session_load_trust_async (signet_ui_step_dialog_get_session (step), self->chosen[i],
                                          signet_ui_step_dialog_get_cancellable (step), preflight_trust_cb, one);
    }
}

static void
signet_ui_add_signer_dialog_next (SignetUiStepDialog *step,
                                  const char         *page)
{
  SignetUiAddSignerDialog *self = SIGNET_UI_ADD_SIGNER_DIALOG (step);

  if (g_str_equal (page, "signer"))
    {
      signet_ui_step_dialog_go_to (step, "repositories");
      signet_ui_step_dialog_set_next (step, _("_Next"), TRUE);
    }
  else if (g_str_equal (page, "repositories"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autofree char *trust_dir = signet_ui_step_dialog_get_trust_dir (step);

      for (guint i = 0; i < self->repo_checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->repo_checks, i)))
          g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->repo_checks, i), "repository"));
      g_strfreev (self->chosen);
      self->chosen = g_strv_builder_end (builder);
      if (self->chosen[0] == NULL)
        {
          signet_ui_step_dialog_set_error (step, _("Choose at least one repository."));
          return;
        }
      signet_ui_step_dialog_busy (step, _("Checking the repositories and your keys…"));
      signet_ui_list_keys_async (trust_dir, signet_ui_step_dialog_get_cancellable (step), preflight_keys_cb,
                                 g_object_ref (self));
    }
  else if (g_str_equal (page, "confirm"))
    start (self);
}

static void
signet_ui_add_signer_dialog_dispose (GObject *object)
{
  SignetUiAddSignerDialog *self = SIGNET_UI_ADD_SIGNER_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (signet_ui_add_signer_dialog_parent_class)->dispose (object);
}

static void
signet_ui_add_signer_dialog_finalize (GObject *object)
{
  SignetUiAddSignerDialog *self = SIGNET_UI_ADD_SIGNER_DIALOG (object);

  g_free (self->key_pem);
  g_free (self->key_file);
  g_ptr_array_unref (self->repo_checks);
  g_strfreev (self->chosen);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->new_key_id);
  g_free (self->new_key_pem);
  g_clear_object (&self->ops);
  g_ptr_array_unref (self->results);

  G_OBJECT_CLASS (signet_ui_add_signer_dialog_parent_class)->finalize (object);
}

static void
signet_ui_add_signer_dialog_class_init (SignetUiAddSignerDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = signet_ui_add_signer_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = signet_ui_add_signer_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_add_signer_dialog_next;
}

static void
signet_ui_add_signer_dialog_init (SignetUiAddSignerDialog *self)
{
  self->repo_checks = g_ptr_array_new ();
  self->results = g_ptr_array_new_with_free_func (g_free);
}

SignetUiAddSignerDialog *
signet_ui_add_signer_dialog_new (GtkWindow       *parent,
                                 SignetUiSession *session,
                                 const char      *repository,
                                 GListModel      *repositories)
{
  SignetUiAddSignerDialog *self;
  SignetUiStepDialog *step;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *button;
  gboolean listed = FALSE;

  self = g_object_new (SIGNET_UI_TYPE_ADD_SIGNER_DIALOG, "transient-for", parent, "title", _("Add Signer"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);

  page = signet_ui_step_dialog_add_page (step, "signer", _("Add Signer"),
                                        _("A signer is a person or a machine allowed to sign tags. As "
                                          "docker trust signer add does, Signet gives the signer’s key "
                                          "its own role and adds it to the releases role."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  adw_preferences_group_add (group, GTK_WIDGET (self->name_row));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_first_step), self);
  self->name_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->name_error, TRUE);
  gtk_label_set_xalign (self->name_error, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->name_error), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->name_error));
  signet_ui_step_dialog_register (step, "name", self->name_row);
  signet_ui_step_dialog_register (step, "name-error", self->name_error);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Key"));
  adw_preferences_page_add (page, group);
  self->generate_check = signet_ui_check_row (group, _("Make a New Key in Signet"),
                                              _("Kept in your trust folder; you can export it for a CI machine"), TRUE);
  self->import_check = signet_ui_check_row (group, _("Import a Public Key or Certificate"),
                                            _("The signer keeps the private key: for example from docker trust key generate"),
                                            FALSE);
  gtk_check_button_set_group (self->import_check, self->generate_check);
  g_signal_connect_swapped (self->generate_check, "toggled", G_CALLBACK (update_first_step), self);
  self->file_row = signet_ui_info_row (group, _("Key File"), _("No file chosen"));
  button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (choose_file_cb), self);
  adw_action_row_add_suffix (self->file_row, button);
  signet_ui_step_dialog_register (step, "generate", self->generate_check);
  signet_ui_step_dialog_register (step, "import", self->import_check);

  page = signet_ui_step_dialog_add_page (step, "repositories", _("Repositories"),
                                        _("Choose the repositories the signer may sign. You need the "
                                          "repository key of each."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (page, group);
  for (guint i = 0; repositories && i < g_list_model_get_n_items (repositories); i++)
    {
      g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (repositories, i);
      const char *name = signet_ui_repo_item_get_name (item);
      g_autofree char *key = g_strconcat ("repository:", name, NULL);
      gboolean is_current = g_strcmp0 (name, repository) == 0;
      GtkCheckButton *check;

      if (signet_ui_repo_item_get_state (item) != SIGNET_UI_TRUST_SIGNED && !is_current)
        continue;
      check = signet_ui_check_row (group, name, signet_ui_trust_state_label (signet_ui_repo_item_get_state (item)),
                                   is_current);
      g_object_set_data_full (G_OBJECT (check), "repository", g_strdup (name), g_free);
      g_ptr_array_add (self->repo_checks, check);
      signet_ui_step_dialog_register (step, key, check);
      listed |= is_current;
    }
  if (!listed && repository != NULL)
    {
      g_autofree char *key = g_strconcat ("repository:", repository, NULL);
      GtkCheckButton *check = signet_ui_check_row (group, repository, NULL, TRUE);

      g_object_set_data_full (G_OBJECT (check), "repository", g_strdup (repository), g_free);
      g_ptr_array_add (self->repo_checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }

  signet_ui_step_dialog_add_page (step, "confirm", _("Confirm"),
                                  _("Signet checked each repository. It will add the signer to each "
                                    "in one update, then fetch the trust data again and verify it."));
  update_first_step (self);
  return self;
}
