/* signet-ui-sign-dialog.c: tags (unsigned first, digest and size) → the roles that will
 * sign (those whose keys are held) → confirm → publish → the tags as the server now has
 * them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-trust-summary-private.h"
#include "signet-repository-private.h"
#include "signet-ui-items.h"
#include "signet-ui-sign-dialog.h"
#include "signet-ui-util.h"

struct _SignetUiSignDialog
{
  SignetUiStepDialog  parent_instance;

  GPtrArray          *checks;      /* GtkCheckButton, data "tag" */
  GPtrArray          *role_checks; /* GtkCheckButton, data "role" */
  GStrv               chosen;
  GStrv               signing_roles;
  SignetTrustSummary *summary;
  GPtrArray          *keys;        /* SignetKeyInfo */
  AdwPreferencesGroup *roles_group;
  AdwPreferencesGroup *confirm_group;
  SignetOps          *ops;
};

G_DEFINE_FINAL_TYPE (SignetUiSignDialog, signet_ui_sign_dialog, SIGNET_UI_TYPE_STEP_DIALOG)

static void
clear_group (AdwPreferencesGroup **group,
             AdwPreferencesPage   *page,
             const char           *title,
             const char           *description)
{
  if (*group != NULL)
    adw_preferences_page_remove (page, *group);
  *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (*group, title);
  if (description != NULL)
    adw_preferences_group_set_description (*group, description);
  adw_preferences_page_add (page, *group);
}

static AdwPreferencesPage *
page_named (SignetUiSignDialog *self,
            const char         *name)
{
  AdwPreferencesGroup *intro = signet_ui_step_dialog_get_intro (SIGNET_UI_STEP_DIALOG (self), name);

  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (intro), ADW_TYPE_PREFERENCES_PAGE));
}

static void
check_toggled_cb (SignetUiSignDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->checks->len; i++)
    any |= gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), any);
}

static int
compare_unsigned_first (gconstpointer a,
                        gconstpointer b)
{
  SignetUiTagItem *x = *(SignetUiTagItem **) a;
  SignetUiTagItem *y = *(SignetUiTagItem **) b;

  if (signet_ui_tag_item_get_signed (x) != signet_ui_tag_item_get_signed (y))
    return signet_ui_tag_item_get_signed (x) ? 1 : -1;
  return g_strcmp0 (signet_ui_tag_item_get_name (x), signet_ui_tag_item_get_name (y));
}

static void fetch_manifest (SignetUiSignDialog *self,
                            const char         *tag,
                            GtkWidget          *row);

static char *
describe_tag (SignetUiTagItem *item)
{
  g_autofree char *digest = NULL;
  g_autofree char *size = NULL;
  const char *state;

  if (signet_ui_tag_item_get_signed (item))
    state = signet_ui_tag_item_get_signers (item) && *signet_ui_tag_item_get_signers (item)
            ? signet_ui_tag_item_get_signers (item) : _("signed");
  else
    state = _("not signed");
  if (signet_ui_tag_item_get_digest (item) == NULL)
    return g_strdup_printf (_("%s · the digest is read from the registry when signing"), state);
  digest = signet_ui_short_digest (signet_ui_tag_item_get_digest (item));
  size = g_format_size (signet_ui_tag_item_get_size (item));
  return g_strdup_printf ("%s · %s · %s", state, digest, size);
}

/* The digest and size of a tag the registry lists but nobody signed yet. */
static void
manifest_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(SignetManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          subtitle = g_strdup_printf (_("not signed · the registry does not give its digest: %s"), error->message);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      return;
    }
  digest = signet_ui_short_digest (signet_manifest_get_digest (manifest));
  size = g_format_size (signet_manifest_get_size (manifest));
  subtitle = g_strdup_printf ("%s · %s · %s", _("not signed"), digest, size);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "digest", g_strdup (signet_manifest_get_digest (manifest)), g_free);
}

static void
fetch_manifest (SignetUiSignDialog *self,
                const char         *tag,
                GtkWidget          *row)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autofree char *text = g_strdup_printf ("%s:%s", signet_ui_step_dialog_get_gun (step), tag);
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);

  if (ref == NULL)
    return;
  signet_remote_get_manifest_async (signet_ui_session_get_remote (signet_ui_step_dialog_get_session (step)), ref,
                                    FALSE, signet_ui_step_dialog_get_cancellable (step), manifest_cb,
                                    g_object_ref (row));
}

/* Step 2: the roles */

/* Whether @paths (a delegation's; "" is every tag) cover every chosen tag. */
static gboolean
paths_cover (const char * const *paths,
             GStrv               tags)
{
  for (guint i = 0; tags[i] != NULL; i++)
    {
      gboolean covered = FALSE;

      for (guint j = 0; paths != NULL && paths[j] != NULL && !covered; j++)
        covered = g_str_has_prefix (tags[i], paths[j]);
      if (!covered)
        return FALSE;
    }
  return TRUE;
}

static void
role_toggled_cb (SignetUiSignDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->role_checks->len; i++)
    any |= gtk_check_button_get_active (g_ptr_array_index (self->role_checks, i));
  signet_ui_step_dialog_set_next_sensitive (SIGNET_UI_STEP_DIALOG (self), any);
  if (any)
    signet_ui_step_dialog_set_error (SIGNET_UI_STEP_DIALOG (self), NULL);
}

/* A role that may sign: checked when docker would sign with it (@docker_choice), and
 * insensitive when it cannot sign these tags. Returns whether it can. */
static gboolean
add_role_row (SignetUiSignDialog *self,
              SignetUiStepDialog *step,
              const char         *name,
              const char         *what,
              GListModel         *role_keys,
              const char * const *paths,
              gboolean            docker_choice)
{
  guint held = signet_ui_count_held_keys_in (role_keys, self->keys);
  gboolean covers = paths == NULL || paths_cover (paths, self->chosen);
  gboolean can = held > 0 && covers;
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  GtkCheckButton *check;

  if (held == 0)
    state = g_strdup (_("Cannot sign: its key is not in your trust folder"));
  else if (!covers)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) paths);

      state = g_strdup_printf (_("Cannot sign these tags: it signs only tags that start with %s"), joined);
    }
  else
    state = g_strdup_printf (ngettext ("%u key held in your trust folder",
                                       "%u keys held in your trust folder", held), held);
  subtitle = what != NULL ? g_strdup_printf ("%s · %s", what, state) : g_steal_pointer (&state);
  check = signet_ui_check_row (self->roles_group, name, subtitle, can && docker_choice);
  gtk_widget_set_sensitive (GTK_WIDGET (check), can);
  g_object_set_data_full (G_OBJECT (check), "role", g_strdup (name), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (role_toggled_cb), self);
  g_ptr_array_add (self->role_checks, check);
  signet_ui_step_dialog_register (step, name, check);
  return can;
}

static void
show_roles (SignetUiSignDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "roles");
  GListModel *signers = self->summary ? signet_trust_summary_get_signers (self->summary) : NULL;
  SignetTrustRole *targets = signet_trust_summary_lookup_role (self->summary, "targets");
  GListModel *targets_keys = targets ? signet_trust_role_get_keys (targets) : NULL;
  gboolean have_delegations = FALSE;
  guint n_docker = 0;
  gboolean targets_can = FALSE;

  clear_group (&self->roles_group, page, _("Roles"),
               _("Checked: the roles docker would sign with, that is every signer (delegation) "
                 "whose key is in your trust folder and whose paths match the tags; without "
                 "signers, the repository (targets) key. Uncheck a role to leave the tags out "
                 "of it."));
  g_ptr_array_set_size (self->role_checks, 0);
  for (guint i = 0; signers && i < g_list_model_get_n_items (signers); i++)
    {
      g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);
      const char *name = signet_trust_signer_get_role_name (signer);

      if (strchr (name + strlen ("targets/"), '/') == NULL)
        have_delegations = TRUE;
    }
  /* the candidates: the direct signers and releases, then targets */
  if (have_delegations)
    {
      SignetTrustRole *releases = signet_trust_summary_lookup_role (self->summary, "targets/releases");

      if (releases != NULL)
        n_docker += add_role_row (self, step, "targets/releases", _("Releases"), signet_trust_role_get_keys (releases),
                                  signet_trust_role_get_paths (releases), TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (signers); i++)
        {
          g_autoptr(SignetTrustSigner) signer = g_list_model_get_item (signers, i);
          const char *name = signet_trust_signer_get_role_name (signer);
          g_autofree char *what = NULL;

          if (strchr (name + strlen ("targets/"), '/') != NULL)
            continue;
          what = g_strdup_printf (_("Signer “%s”"), signet_trust_signer_get_name (signer));
          n_docker += add_role_row (self, step, name, what, signet_trust_signer_get_keys (signer),
                                    signet_trust_signer_get_paths (signer), TRUE);
        }
      /* signing with the repository key directly is allowed too, as notary does */
      if (signet_ui_count_held_keys_in (targets_keys, self->keys) > 0)
        targets_can = add_role_row (self, step, "targets", _("The repository key, without a signer"),
                                    targets_keys, NULL, FALSE);
    }
  else
    n_docker += add_role_row (self, step, "targets", _("The repository key"), targets_keys, NULL, TRUE);
  signet_ui_step_dialog_go_to (step, "roles");
  signet_ui_step_dialog_set_next (step, _("_Next"), n_docker > 0);
  if (n_docker == 0 && !targets_can)
    signet_ui_step_dialog_set_error (step, _("None of the keys that can sign tags of this repository are in "
                                             "your trust folder. Restore them from a backup, or ask "
                                             "the repository’s owner to add you as a signer."));
  else if (n_docker == 0)
    signet_ui_step_dialog_set_error (step, _("None of the keys of the signers are in your trust folder. "
                                             "You can sign with the repository key instead."));
}

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignetUiSignDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  self->keys = signet_ui_list_keys_finish (result, &error);
  if (self->keys == NULL)
    {
      signet_ui_step_dialog_fail (SIGNET_UI_STEP_DIALOG (self), _("Cannot read your keys"), error);
      return;
    }
  show_roles (self);
}

static void
trust_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetUiSignDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetUiTrustResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = NULL;

  res = signet_ui_session_load_trust_finish (SIGNET_UI_SESSION (object), result, &error);
  if (res == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Cannot read the trust data"), error);
      return;
    }
  if (signet_ui_trust_result_get_summary (res) == NULL)
    {
      g_autoptr(GError) none = g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND,
                                            _("%s has no trust data yet. Set it up first (Set Up Signing)."),
                                            signet_ui_step_dialog_get_gun (step));
      signet_ui_step_dialog_fail (step, _("Cannot sign"), none);
      return;
    }
  if (signet_ui_trust_result_get_offline (res))
    {
      signet_ui_step_dialog_fail (step, _("The notary server does not answer"),
                                  signet_ui_trust_result_get_error (res));
      return;
    }
  g_set_object (&self->summary, signet_ui_trust_result_get_summary (res));
  trust_dir = signet_ui_step_dialog_get_trust_dir (step);
  signet_ui_list_keys_async (trust_dir, signet_ui_step_dialog_get_cancellable (step), keys_listed_cb,
                             g_object_ref (self));
}

/* Step 3: confirm; then the work */

static void
show_confirm (SignetUiSignDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  AdwPreferencesPage *page = page_named (self, "confirm");
  g_autofree char *joined = g_strjoinv (", ", self->chosen);
  g_autofree char *title = NULL;
  g_autofree char *roles = g_strjoinv (", ", self->signing_roles);
  title = g_strdup_printf (ngettext ("Sign %u Tag", "Sign %u Tags", g_strv_length (self->chosen)),
                           g_strv_length (self->chosen));
  clear_group (&self->confirm_group, page, title, NULL);
  signet_ui_info_row (self->confirm_group, _("Repository"), signet_ui_step_dialog_get_gun (step));
  signet_ui_info_row (self->confirm_group, _("Tags"), joined);
  signet_ui_info_row (self->confirm_group, _("Signed by"), roles);
  signet_ui_info_row (self->confirm_group, _("Published to"),
                      signet_ui_registry_get_notary_url (signet_ui_session_get_registry (signet_ui_step_dialog_get_session (step))));
  signet_ui_step_dialog_go_to (step, "confirm");
  signet_ui_step_dialog_set_next (step, _("_Sign and Publish"), TRUE);
}

static void
signed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetUiSignDialog) self = user_data;
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(SignetRepository) repo = NULL;
  g_autoptr(SignetTrustSummary) summary = NULL;
  g_auto(GStrv) messages = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  repo = signet_ops_finish (SIGNET_OPS (object), result, &messages, &error);
  if (repo == NULL)
    {
      signet_ui_step_dialog_fail (step, _("Signing failed"), error);
      return;
    }
  summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (repo));
  page = signet_ui_step_dialog_show_result (step, _("Signed"),
                                            _("The notary server now has these signatures. Signet "
                                              "fetched the trust data again and verified them."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Tags"));
  adw_preferences_page_add (page, group);
  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      SignetTrustTag *tag = signet_trust_summary_lookup_tag (summary, self->chosen[i]);
      g_autofree char *key = g_strconcat ("result:", self->chosen[i], NULL);
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (tag != NULL)
        {
          g_autofree char *roles = g_strjoinv (", ", (char **) signet_trust_tag_get_roles (tag));
          g_autofree char *digest = signet_ui_short_digest (signet_trust_tag_get_digest (tag));
          g_autofree char *size = g_format_size (signet_trust_tag_get_size (tag));

          subtitle = g_strdup_printf (_("Signed by %s · %s · %s"), roles, digest, size);
        }
      else
        subtitle = g_strdup (_("Not found in the trust data"));
      row = signet_ui_info_row (group, self->chosen[i], subtitle);
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (tag ? "emblem-ok-symbolic" : "dialog-warning-symbolic"));
      signet_ui_step_dialog_register (step, key, row);
    }
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *notes = g_strjoinv ("\n", messages);

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Notes"));
      adw_preferences_page_add (page, group);
      signet_ui_info_row (group, _("What changed"), notes);
    }
}

static void
start_signing (SignetUiSignDialog *self)
{
  SignetUiStepDialog *step = SIGNET_UI_STEP_DIALOG (self);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_reference_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; self->chosen[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s:%s", signet_ui_step_dialog_get_gun (step), self->chosen[i]);
      SignetReference *ref = signet_reference_parse (text, &error);

      if (ref == NULL)
        {
          signet_ui_step_dialog_fail (step, _("Cannot sign"), error);
          return;
        }
      g_ptr_array_add (refs, ref);
    }
  g_clear_object (&self->ops);
  self->ops = signet_ui_step_dialog_new_ops (step);
  signet_ui_step_dialog_busy (step, _("Signing and publishing…"));
  signet_ops_sign_full_async (self->ops, (SignetReference **) refs->pdata, refs->len,
                              (const char * const *) self->signing_roles,
                              signet_ui_step_dialog_get_cancellable (step), signed_cb, g_object_ref (self));
}

static void
signet_ui_sign_dialog_next (SignetUiStepDialog *step,
                            const char         *page)
{
  SignetUiSignDialog *self = SIGNET_UI_SIGN_DIALOG (step);

  if (g_str_equal (page, "tags"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < self->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
          g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->checks, i), "tag"));
      g_strfreev (self->chosen);
      self->chosen = g_strv_builder_end (builder);
      signet_ui_step_dialog_busy (step, _("Checking who can sign…"));
      signet_ui_session_load_trust_async (signet_ui_step_dialog_get_session (step),
                                          signet_ui_step_dialog_get_repository (step),
                                          signet_ui_step_dialog_get_cancellable (step),
                                          trust_loaded_cb, g_object_ref (self));
    }
  else if (g_str_equal (page, "roles"))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < self->role_checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->role_checks, i)))
          g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (self->role_checks, i), "role"));
      g_strfreev (self->signing_roles);
      self->signing_roles = g_strv_builder_end (builder);
      show_confirm (self);
    }
  else if (g_str_equal (page, "confirm"))
    start_signing (self);
}

static void
signet_ui_sign_dialog_finalize (GObject *object)
{
  SignetUiSignDialog *self = SIGNET_UI_SIGN_DIALOG (object);

  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->role_checks);
  g_strfreev (self->chosen);
  g_strfreev (self->signing_roles);
  g_clear_object (&self->summary);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (signet_ui_sign_dialog_parent_class)->finalize (object);
}

static void
signet_ui_sign_dialog_class_init (SignetUiSignDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_ui_sign_dialog_finalize;
  SIGNET_UI_STEP_DIALOG_CLASS (klass)->next = signet_ui_sign_dialog_next;
}

static void
signet_ui_sign_dialog_init (SignetUiSignDialog *self)
{
  self->checks = g_ptr_array_new ();
  self->role_checks = g_ptr_array_new ();
}

SignetUiSignDialog *
signet_ui_sign_dialog_new (GtkWindow       *parent,
                           SignetUiSession *session,
                           const char      *repository,
                           GListModel      *tags,
                           const char      *selected)
{
  SignetUiSignDialog *self;
  SignetUiStepDialog *step;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  self = g_object_new (SIGNET_UI_TYPE_SIGN_DIALOG, "transient-for", parent, "title", _("Sign Tags"), NULL);
  step = SIGNET_UI_STEP_DIALOG (self);
  signet_ui_step_dialog_set_target (step, session, repository);

  page = signet_ui_step_dialog_add_page (step, "tags", _("Sign Tags"),
                                        _("Signing a tag records its digest and size in the trust data "
                                          "on the notary server. Whoever pulls it with Docker Content "
                                          "Trust then gets exactly this image, or an error."));
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Tags"));
  adw_preferences_page_add (page, group);
  for (guint i = 0; tags && i < g_list_model_get_n_items (tags); i++)
    g_ptr_array_add (items, g_list_model_get_item (tags, i));
  g_ptr_array_sort (items, compare_unsigned_first);
  for (guint i = 0; i < items->len; i++)
    {
      SignetUiTagItem *item = g_ptr_array_index (items, i);
      const char *name = signet_ui_tag_item_get_name (item);
      g_autofree char *subtitle = describe_tag (item);
      g_autofree char *key = g_strconcat ("tag:", name, NULL);
      GtkCheckButton *check = signet_ui_check_row (group, name, subtitle, g_strcmp0 (name, selected) == 0);

      g_object_set_data_full (G_OBJECT (check), "tag", g_strdup (name), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      signet_ui_step_dialog_register (step, key, check);
      if (signet_ui_tag_item_get_digest (item) == NULL && i < 100)
        {
          g_autofree char *row_key = g_strconcat ("row:", name, NULL);
          GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("not signed · reading its digest…"));
          signet_ui_step_dialog_register (step, row_key, row);
          fetch_manifest (self, name, row);
        }
    }
  if (items->len == 0)
    signet_ui_info_row (group, _("No tags"), _("The registry has no tags in this repository."));

  signet_ui_step_dialog_add_page (step, "roles", _("Who Signs"),
                                  _("Signet checked the trust data on the server and the keys in "
                                    "your trust folder."));
  signet_ui_step_dialog_add_page (step, "confirm", _("Confirm"),
                                  _("Signet will sign these tags, publish the new trust data to the "
                                    "notary server in one update, then fetch it again and verify it. "
                                    "You may be asked for the passphrases of the keys."));
  check_toggled_cb (self);
  return self;
}
