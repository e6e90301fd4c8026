/* signet-ui-migrate-dialog.c: cosign key → the DCT-signed tags with their cosign state →
 * re-sign the chosen ones (only when DCT verified and the registry still serves the signed
 * digest) → what was carried over and what was skipped, and why.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

#include <glib/gi18n.h>

#include "signet-cosign-private.h"
#include "signet-secrets-private.h"
#include "signet-ui-migrate-dialog.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiMigrateDialog
{
  SignetUiStepDialog     parent_instance;

  SignetTrustSummary    *summary;
  SignetReference       *repository;
  char                  *trust_dir;
  SignetPassphraseChain *chain;
  GPtrArray             *key_checks;   /* GtkCheckButton, data "key" */
  GtkCheckButton        *new_key_check;
  AdwEntryRow           *new_key_name;
  char                  *key_name;
  SignetSecret          *passphrase;
  guint                  attempt;
  AdwPreferencesGroup   *tags_group;
  GPtrArray             *tag_checks;   /* GtkCheckButton, data "tag" */
  GPtrArray             *items;
  GPtrArray             *after;        /* the listing after the run */
};

G_DEFINE_FINAL_TYPE (SignetUiMigrateDialog, signet_ui_migrate_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static AdwPreferencesPage *
page_named (SignetUiMigrateDialog *self,
            const char            *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static const char *
cosign_words (SignetMigrateItem *item)
{
  switch (signet_migrate_item_get_cosign (item))
    {
    case SIGNET_MIGRATE_COSIGN_VERIFIED:
      return _("verified");
    case SIGNET_MIGRATE_COSIGN_PRESENT:
      return _("present, not verified");
    case SIGNET_MIGRATE_COSIGN_NONE:
      return _("none");
    case SIGNET_MIGRATE_COSIGN_UNKNOWN:
    default:
      return _("unknown");
    }
}

/* Step 1: the key ----------------------------------------------------------------------- */

static void
key_changed_cb (SignetUiMigrateDialog *self)
{
  gboolean ok = FALSE;

  for (guint i = 0; i < self->key_checks->len; i++)
    ok |= gtk_check_button_get_active (g_ptr_array_index (self->key_checks, i));
  if (gtk_check_button_get_active (self->new_key_check))
    ok = _signet_cosign_name_valid (gtk_editable_get_text (GTK_EDITABLE (self->new_key_name)), NULL);
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), ok);
}

static void
build_key_page (SignetUiMigrateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_auto(GStrv) names = signet_cosign_list_keys (self->trust_dir, TRUE);
  GtkCheckButton *first = NULL;

  adw_preferences_group_set_title (group, _("cosign Key"));
  adw_preferences_page_add (page_named (self, "key"), group);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("key:", names[i], NULL);
      GtkCheckButton *check = signet_ui_check_row (group, names[i], _("A cosign key on this computer"), i == 0);

      if (first == NULL)
        first = check;
      else
        gtk_check_button_set_group (check, first);
      g_object_set_data_full (G_OBJECT (check), "key", g_strdup (names[i]), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (key_changed_cb), self);
      g_ptr_array_add (self->key_checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }
  self->new_key_check = signet_ui_check_row (group, _("New key"),
                                             _("Generated here (ECDSA P-256), protected by a passphrase"),
                                             first == NULL);
  if (first != NULL)
    gtk_check_button_set_group (self->new_key_check, first);
  g_signal_connect_swapped (self->new_key_check, "toggled", G_CALLBACK (key_changed_cb), self);
  signet_ui_step_dialog_register (step, "new-key", self->new_key_check);
  self->new_key_name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_key_name), _("Name of the new key"));
  gtk_editable_set_text (GTK_EDITABLE (self->new_key_name), "signet");
  g_signal_connect_swapped (self->new_key_name, "changed", G_CALLBACK (key_changed_cb), self);
  g_object_bind_property (self->new_key_check, "active", self->new_key_name, "sensitive", G_BINDING_SYNC_CREATE);
  adw_preferences_group_add (group, GTK_WIDGET (self->new_key_name));
  signet_ui_step_dialog_register (step, "new-key-name", self->new_key_name);
  key_changed_cb (self);
}

/* Step 2: the tags ---------------------------------------------------------------------- */

static void
tag_toggled_cb (SignetUiMigrateDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->tag_checks->len; i++)
    any |= gtk_check_button_get_active (g_ptr_array_index (self->tag_checks, i));
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), any);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = signet_migrate_finish (result, &error);
  signet_ui_step_dialog_go_to (step, "tags");
  signet_ui_step_dialog_set_next (step, _("_Carry Over"), FALSE);
  if (items == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot look up the cosign signatures"), error);
      signet_ui_step_dialog_set_next_sensitive (step, FALSE);
      return;
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  if (self->tags_group != NULL)
    adw_preferences_page_remove (page_named (self, "tags"), self->tags_group);
  g_ptr_array_set_size (self->tag_checks, 0);
  self->tags_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->tags_group, _("Signed with Docker Content Trust"));
  adw_preferences_page_add (page_named (self, "tags"), self->tags_group);
  for (guint i = 0; i < items->len; i++)
    {
      SignetMigrateItem *item = g_ptr_array_index (items, i);
      gboolean can = signet_migrate_item_get_can_carry_over (item);
      g_autofree char *digest = signet_ui_short_digest (signet_migrate_item_get_dct_digest (item));
      g_autofree char *subtitle = NULL;
      g_autofree char *key = g_strconcat ("tag:", signet_migrate_item_get_tag (item), NULL);
      GtkCheckButton *check;

      if (signet_migrate_item_get_cosign (item) == SIGNET_MIGRATE_COSIGN_VERIFIED)
        subtitle = g_strdup_printf (_("%s · cosign: verified with key “%s”"), digest,
                                    signet_migrate_item_get_cosign_key (item));
      else if (signet_migrate_item_get_reason (item) != NULL)
        subtitle = g_strdup_printf (_("%s · cosign: %s · %s"), digest, cosign_words (item),
                                    signet_migrate_item_get_reason (item));
      else
        subtitle = g_strdup_printf (_("%s · cosign: %s"), digest, cosign_words (item));
      check = signet_ui_check_row (self->tags_group, signet_migrate_item_get_tag (item), subtitle, can);
      gtk_widget_set_sensitive (GTK_WIDGET (check), can);
      g_object_set_data_full (G_OBJECT (check), "tag", g_strdup (signet_migrate_item_get_tag (item)), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (tag_toggled_cb), self);
      g_ptr_array_add (self->tag_checks, check);
      signet_ui_step_dialog_register (step, key, check);
    }
  if (items->len == 0)
    signet_ui_info_row (self->tags_group, _("No tags are signed with Docker Content Trust"), NULL);
  tag_toggled_cb (self);
}

static void
list_tags (SignetUiMigrateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);

  signet_ui_step_dialog_busy (step, _("Looking up the cosign signatures of the signed tags…"));
  signet_migrate_async (signet_ui_session_get_remote (signet_ui_step_dialog_get_session (step)), self->repository,
                        self->summary, self->trust_dir, NULL, NULL, NULL, FALSE,
                        signet_ui_step_dialog_get_cancellable (step), listed_cb, g_object_ref (self));
}

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_cosign_generate_key_finish (result, &error))
    {
      signet_ui_step_dialog_go_to (SIGNET_UI_STEP_DIALOG (self), "key");
      signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), _("Cannot make the cosign key"), error);
      return;
    }
  list_tags (self);
}

static void
new_passphrase_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->passphrase, signet_secret_unref);
  self->passphrase = _signet_passphrase_chain_new_passphrase_finish (self->chain, result, &error);
  if (self->passphrase == NULL)
    {
      signet_ui_step_dialog_go_to (step, "key");
      signet_ui_step_dialog_fail (step, _("No passphrase for the new key"), error);
      return;
    }
  signet_ui_step_dialog_busy (step, _("Making the cosign key…"));
  signet_cosign_generate_key_async (self->trust_dir, self->key_name, self->passphrase,
                                    signet_ui_step_dialog_get_cancellable (step), generated_cb, g_object_ref (self));
}

/* Step 3: the run ----------------------------------------------------------------------- */

static void
show_result (SignetUiMigrateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page;
  AdwPreferencesGroup *carried = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *skipped = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  guint n_carried = 0, n_skipped = 0;
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      SignetMigrateItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *key = g_strconcat ("result:", signet_migrate_item_get_tag (item), NULL);
      const char *tag = signet_migrate_item_get_tag (item);
      AdwActionRow *row;
      GtkWidget *icon;

      if (signet_migrate_item_get_action (item) == SIGNET_MIGRATE_ACTION_SIGNED)
        {
          SignetMigrateItem *now = NULL;
          gboolean verifies;

          for (guint k = 0; self->after != NULL && k < self->after->len; k++)
            if (g_str_equal (signet_migrate_item_get_tag (g_ptr_array_index (self->after, k)),
                             signet_migrate_item_get_tag (item)))
              now = g_ptr_array_index (self->after, k);
          verifies = now != NULL && signet_migrate_item_get_cosign (now) == SIGNET_MIGRATE_COSIGN_VERIFIED;
          if (verifies)
            {
              g_autofree char *subtitle = g_strdup_printf (_("%s; read back and verified"),
                                                           signet_migrate_item_get_reason (item));

              row = signet_ui_info_row (carried, tag, subtitle);
              icon = gtk_image_new_from_icon_name ("security-high-symbolic");
              gtk_widget_add_css_class (icon, "success");
            }
          else
            {
              g_autofree char *subtitle = g_strdup_printf (_("%s, but the signature did not verify when read back"),
                                                           signet_migrate_item_get_reason (item));

              row = signet_ui_info_row (carried, tag, subtitle);
              icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
              gtk_widget_add_css_class (icon, "error");
            }
          n_carried++;
        }
      else
        {
          g_autofree char *why = NULL;

          if (signet_migrate_item_get_action (item) == SIGNET_MIGRATE_ACTION_SKIPPED)
            why = g_strdup (signet_migrate_item_get_reason (item));
          else if (signet_migrate_item_get_cosign (item) == SIGNET_MIGRATE_COSIGN_VERIFIED)
            why = g_strdup_printf (_("Not selected: already signed in cosign by trusted key “%s”"),
                                   signet_migrate_item_get_cosign_key (item));
          else if (signet_migrate_item_get_reason (item) != NULL)
            why = g_strdup_printf (_("Not selected: %s"), signet_migrate_item_get_reason (item));
          else
            why = g_strdup (_("Not selected"));
          row = signet_ui_info_row (skipped, tag, why);
          if (signet_migrate_item_get_cosign (item) == SIGNET_MIGRATE_COSIGN_VERIFIED)
            {
              /* nothing to do: it is in cosign already */
              icon = gtk_image_new_from_icon_name ("security-high-symbolic");
              gtk_widget_add_css_class (icon, "dim-label");
            }
          else
            {
              icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
              gtk_widget_add_css_class (icon, "warning");
            }
          n_skipped++;
        }
      adw_action_row_add_prefix (row, icon);
      signet_ui_step_dialog_register (step, key, row);
    }
  description = g_strdup_printf (_("Carried over: %u · not carried over: %u. Each new cosign signature was "
                                   "read back from the registry and checked with the key."), n_carried, n_skipped);
  page = signet_ui_step_dialog_show_result (step, n_carried > 0 ? _("Moved to cosign") : _("Nothing Carried Over"),
                                            description);
  adw_preferences_group_set_title (carried, _("Carried Over"));
  adw_preferences_group_set_title (skipped, _("Not Carried Over"));
  adw_preferences_page_add (page, carried);
  adw_preferences_page_add (page, skipped);
  gtk_widget_set_visible (GTK_WIDGET (carried), n_carried > 0);
  gtk_widget_set_visible (GTK_WIDGET (skipped), n_skipped > 0);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* the listing after the run: a carried-over tag must verify with the key now */
  g_clear_pointer (&self->after, g_ptr_array_unref);
  self->after = signet_migrate_finish (result, &error);
  show_result (self);
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = signet_migrate_finish (result, &error);
  if (items == NULL)
    {
      signet_ui_step_dialog_go_to (step, "tags");
      signet_ui_step_dialog_fail (step, _("Moving to cosign failed"), error);
      return;
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  signet_ui_step_dialog_busy (step, _("Reading the new signatures back from the registry…"));
  signet_migrate_async (signet_ui_session_get_remote (signet_ui_step_dialog_get_session (step)), self->repository,
                        self->summary, self->trust_dir, NULL, NULL, NULL, FALSE,
                        signet_ui_step_dialog_get_cancellable (step), verified_cb, g_object_ref (self));
}

static void
run (SignetUiMigrateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;
  g_autofree char *what = NULL;

  for (guint i = 0; i < self->tag_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->tag_checks, i)))
      g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->tag_checks, i), "tag"));
  chosen = g_strv_builder_end (builder);
  what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Signing %u tag with cosign key “%s”…",
                                       "Signing %u tags with cosign key “%s”…", g_strv_length (chosen)),
                          g_strv_length (chosen), self->key_name);
  signet_ui_step_dialog_busy (step, what);
  signet_migrate_async (signet_ui_session_get_remote (signet_ui_step_dialog_get_session (step)), self->repository,
                        self->summary, self->trust_dir, self->key_name, self->passphrase,
                        (const char * const *) chosen, FALSE, signet_ui_step_dialog_get_cancellable (step), ran_cb,
                        g_object_ref (self));
}

static void ask_passphrase (SignetUiMigrateDialog *self);

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SignetUiMigrateDialog *self = source_object;
  GError *error = NULL;
  EVP_PKEY *pkey = _signet_cosign_store_load (self->trust_dir, self->key_name, task_data, &error);

  if (pkey == NULL)
    g_task_return_error (task, error);
  else
    {
      EVP_PKEY_free (pkey);
      g_task_return_boolean (task, TRUE);
    }
  OPENSSL_thread_stop ();
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      run (self);
      return;
    }
  g_clear_pointer (&self->passphrase, signet_secret_unref);
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
    {
      self->attempt++;
      ask_passphrase (self);
      return;
    }
  signet_ui_step_dialog_go_to (SIGNET_UI_STEP_DIALOG (self), "tags");
  signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), _("Cannot open the cosign key"), error);
}

static void
check_passphrase (SignetUiMigrateDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, signet_ui_step_dialog_get_cancellable (SIGNET_UI_STEP_DIALOG (self)),
                                      checked_cb, g_object_ref (self));

  signet_ui_step_dialog_busy (SIGNET_UI_STEP_DIALOG (self), _("Opening the cosign key…"));
  g_task_set_task_data (task, signet_secret_ref (self->passphrase), (GDestroyNotify) signet_secret_unref);
  g_task_run_in_thread (task, check_thread);
}

static void
asked_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->passphrase = _signet_passphrase_chain_ask_finish (self->chain, result, &error);
  if (self->passphrase == NULL)
    {
      signet_ui_step_dialog_go_to (SIGNET_UI_STEP_DIALOG (self), "tags");
      signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), _("No passphrase for the cosign key"), error);
      return;
    }
  check_passphrase (self);
}

static void
prompt_passphrase (SignetUiMigrateDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);

  signet_ui_step_dialog_busy (step, _("Waiting for the passphrase…"));
  _signet_passphrase_chain_ask_async (self->chain, self->key_name, "cosign", signet_ui_step_dialog_get_gun (step),
                                      self->attempt, signet_ui_step_dialog_get_cancellable (step), asked_cb,
                                      g_object_ref (self));
}

static void
keyring_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autofree char *id = _signet_cosign_keyring_id (task_data);
  g_autoptr(GError) error = NULL;
  SignetSecret *found = _signet_keyring_lookup_passphrase (id, cancellable, &error);

  if (error != NULL)
    g_debug ("Keyring not available: %s", error->message);
  g_task_return_pointer (task, found, found ? (GDestroyNotify) signet_secret_unref : NULL);
}

static void
keyring_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->passphrase = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->passphrase != NULL)
    check_passphrase (self);
  else
    prompt_passphrase (self);
}

/* COSIGN_PASSWORD, then the keyring (as signet-cli does), then the passphrase dialog. */
static void
ask_passphrase (SignetUiMigrateDialog *self)
{
  const char *env = g_getenv ("COSIGN_PASSWORD");

  if (self->attempt == 0 && env != NULL && *env != '\0' && _signet_passphrase_chain_get_use_env (self->chain))
    {
      self->passphrase = signet_secret_new (env, -1);
      check_passphrase (self);
      return;
    }
  if (self->attempt == 0 && _signet_passphrase_chain_get_use_keyring (self->chain))
    {
      g_autoptr(GTask) task = g_task_new (self, signet_ui_step_dialog_get_cancellable (SIGNET_UI_STEP_DIALOG (self)),
                                          keyring_cb, g_object_ref (self));

      signet_ui_step_dialog_busy (SIGNET_UI_STEP_DIALOG (self), _("Looking for the passphrase in the keyring…"));
      g_task_set_task_data (task, g_strdup (self->key_name), g_free);
      g_task_run_in_thread (task, keyring_thread);
      return;
    }
  prompt_passphrase (self);
}

static void
signet_ui_migrate_dialog_next (SignetUiStepDialog *step,
                               const char         *page)
{
  SignetUiMigrateDialog *self = SIGNET_UI_MIGRATE_DIALOG (step);

  if (g_str_equal (page, "key"))
    {
      g_free (self->key_name);
      self->key_name = NULL;
      g_clear_pointer (&self->passphrase, signet_secret_unref);
      self->attempt = 0;
      if (gtk_check_button_get_active (self->new_key_check))
        {
          g_autofree char *id = NULL;

          self->key_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_key_name)));
          id = _signet_cosign_keyring_id (self->key_name);
          signet_ui_step_dialog_busy (step, _("Waiting for the passphrase of the new key…"));
          _signet_passphrase_chain_new_passphrase_async (self->chain, id, "cosign", NULL,
                                                         signet_ui_step_dialog_get_cancellable (step),
                                                         new_passphrase_cb, g_object_ref (self));
          return;
        }
      for (guint i = 0; i < self->key_checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->key_checks, i)))
          self->key_name = g_strdup (g_object_get_data (g_ptr_array_index (self->key_checks, i), "key"));
      list_tags (self);
    }
  else if (g_str_equal (page, "tags"))
    {
      if (self->passphrase != NULL)
        run (self);
      else
        ask_passphrase (self);
    }
}

/* Loading ------------------------------------------------------------------------------ */

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiMigrateDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  signet_ui_step_dialog_go_to (step, "key");
  if (res == NULL || signet_ui_trust_result_get_summary (res) == NULL || signet_ui_trust_result_get_offline (res))
    {
      if (error == NULL)
        error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                             _("No current, verified Docker Content Trust data for %s"),
                             signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot read the DCT-signed tags"), error);
      signet_ui_step_dialog_set_next_sensitive (step, FALSE);
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  build_key_page (self);
}

static void
signet_ui_migrate_dialog_finalize (GObject *object)
{
  SignetUiMigrateDialog *self = SIGNET_UI_MIGRATE_DIALOG (object);

  g_clear_object (&self->summary);
  g_clear_pointer (&self->repository, signet_reference_unref);
  g_free (self->trust_dir);
  g_clear_object (&self->chain);
  g_ptr_array_unref (self->key_checks);
  g_ptr_array_unref (self->tag_checks);
  g_free (self->key_name);
  g_clear_pointer (&self->passphrase, signet_secret_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->after, g_ptr_array_unref);

  G_OBJECT_CLASS (signet_ui_migrate_dialog_parent_class)->finalize (object);
}

static void
signet_ui_migrate_dialog_class_init (SignetUiMigrateDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_migrate_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_migrate_dialog_next;
}

static void
signet_ui_migrate_dialog_init (SignetUiMigrateDialog *self)
{
  self->key_checks = g_ptr_array_new ();
  self->tag_checks = g_ptr_array_new ();
}

SignetUiMigrateDialog *
signet_ui_migrate_dialog_new (GtkWindow       *parent,
                              SignetUiSession *session,
                              const char      *repository)
{
  SignetUiMigrateDialog *self;
  SignetUiStepDialog *step;
  g_autoptr(GError) error = NULL;

  self = g_object_new (SIGNET_UI_TYPE_MIGRATE_DIALOG, "transient-for", parent, "title", _("Move to cosign"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);
  self->trust_dir = signet_ui_step_dialog_get_trust_dir (step);
  self->chain = signet_ui_passphrase_chain_new (GTK_WINDOW (self));
  self->repository = signet_reference_parse (signet_ui_step_dialog_get_gun (step), &error);
  signet_ui_step_dialog_add_page (step, "key", _("Move to cosign"),
                                  _("Signet re-signs tags that Docker Content Trust signed in cosign format, "
                                    "with a cosign key of yours. Choose the key."));
  signet_ui_step_dialog_add_page (step, "tags", _("Tags to Carry Over"),
                                  _("A tag is carried over only when its DCT signature verified and the "
                                    "registry still serves the digest DCT signed."));
  signet_ui_step_dialog_busy (step, _("Reading and verifying the signed tags…"));
  if (self->repository == NULL)
    {
      signet_ui_step_dialog_go_to (step, "key");
      signet_ui_step_dialog_fail (step, _("Cannot read the DCT-signed tags"), error);
      return self;
    }
  signet_ui_session_load_trust_async (session, repository, signet_ui_step_dialog_get_cancellable (step),
                                      trust_loaded_cb, g_object_ref (self));
  return self;
}

GPtrArray *
signet_ui_migrate_dialog_get_items (SignetUiMigrateDialog *self)
{
  g_return_val_if_fail (SIGNET_UI_IS_MIGRATE_DIALOG (self), NULL);
  return self->items;
}
