/* test-ui-signatures.c: the cosign and Notation columns and detail sections of the tag
 * list, and the "Move to cosign" dialog, against the real testbed; cosign signatures are
 * made and checked with signet-cli. Run through tests/testbed/with-testbed --populate and
 * tests/run-ui-test.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-ui.h"

#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-application.h"
#include "signet-ui-items.h"
#include "signet-ui-migrate-dialog.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-registry.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-signatures.h"
#include "signet-ui-step-dialog.h"
#include "signet-ui-window.h"

#define TIMEOUT 90000

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

/* Runs signet-cli; returns whether it succeeded. */
static gboolean
cli (const char * const *args,
     char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (out == NULL)
    out = &ignored;
  g_ptr_array_add (argv, (gpointer) env ("SIGNET_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("signet-cli %s: %s", args[0], err);
  return g_spawn_check_wait_status (status, NULL);
}

static char *
reference (const char *repository_tag)
{
  return g_strconcat (env ("SIGNET_REGISTRY"), "/", repository_tag, NULL);
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
  g_autoptr(GFile) file = signet_ui_registries_default_file ();
  g_autoptr(GError) error = NULL;

  g_file_delete (file, NULL, NULL);
  if (the_app == NULL)
    {
      the_app = signet_ui_application_new ();
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
      signet_test_ui_setup_display ();
    }
  g_application_activate (G_APPLICATION (the_app));
  fixture->window = SIGNET_UI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (the_app)));
  g_assert_nonnull (fixture->window);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  signet_test_ui_wait_until (window_ready_cb, fixture->window, TIMEOUT, "the registries to be read");
}

/* The passphrase comes from the dialog: not from the environment. */
static void
fixture_setup_no_env (Fixture       *fixture,
                      gconstpointer  data)
{
  g_unsetenv ("COSIGN_PASSWORD");
  fixture_setup (fixture, data);
}

static gboolean
pointer_cleared_cb (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *window;

  while ((window = signet_test_ui_find_window (GTK_TYPE_WINDOW)) != NULL)
    signet_test_ui_close_window (window);
  /* work still under way (a cancelled lookup) lets go of the window soon */
  signet_test_ui_wait_until (pointer_cleared_cb, &fixture->window, TIMEOUT, "the window to be freed");
  g_assert_null (fixture->window);
}

static void
save (GtkWidget  *widget,
      const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  signet_test_ui_wait_for_frames (widget, 3);
  texture = signet_test_ui_save_screenshot (widget, name);
  signet_test_ui_assert_not_blank (texture);
}

static gboolean
n_registries_is_one_cb (gpointer user_data)
{
  return g_list_model_get_n_items (signet_ui_window_get_registries (user_data)) == 1;
}

static gboolean
repositories_listed_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_window_get_repositories_state (user_data), "list") == 0;
}

static void
add_registry (Fixture *fixture)
{
  g_autofree char *url = g_strconcat ("https://", env ("SIGNET_REGISTRY"), NULL);
  GtkWindow *dialog;
  GType type = SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-registry", NULL);
  dialog = signet_test_ui_wait_for_window (type);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), type, "url_row")), url);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), type, "notary_row")),
                         env ("SIGNET_NOTARY_URL"));
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), type, "add_button")));
  signet_test_ui_wait_until (n_registries_is_one_cb, fixture->window, TIMEOUT, "the registry to be added");
  signet_test_ui_wait_until (repositories_listed_cb, fixture->window, TIMEOUT, "the repositories");
}

static gboolean
view_settled_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_repository_view_get_state (user_data), "loading") != 0;
}

static SignetUiRepositoryView *
open_repository (Fixture    *fixture,
                 const char *name)
{
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));

  g_assert_true (signet_ui_window_open_repository (fixture->window, name));
  signet_test_ui_wait_until (view_settled_cb, view, TIMEOUT, "the repository to load");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");
  return view;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The texts of the labels in the column view's row with a label @tag. */
static void
collect_row_texts (GtkWidget  *root,
                   GPtrArray  *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (g_strcmp0 (G_OBJECT_TYPE_NAME (c), "GtkColumnViewRowWidget") == 0 ||
          g_strcmp0 (G_OBJECT_TYPE_NAME (c), "GtkListItemWidget") == 0)
        {
          GString *text = g_string_new ("|");
          GtkWidget *stack[64];
          guint n = 0;

          stack[n++] = c;
          while (n > 0)
            {
              GtkWidget *w = stack[--n];

              if (GTK_IS_LABEL (w))
                g_string_append_printf (text, "%s|", gtk_label_get_text (GTK_LABEL (w)));
              for (GtkWidget *k = gtk_widget_get_last_child (w); k != NULL && n < G_N_ELEMENTS (stack);
                   k = gtk_widget_get_prev_sibling (k))
                stack[n++] = k;
            }
          g_ptr_array_add (rows, g_string_free (text, FALSE));
        }
      else
        collect_row_texts (c, rows);
    }
}

/* The visible row of @tag shows @dct, @cosign and @notation in its state columns. */
static gboolean
row_shows (SignetUiRepositoryView *view,
           const char             *tag,
           const char             *cosign,
           const char             *notation)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = g_strdup_printf ("|%s|", tag);
  g_autofree char *want = g_strdup_printf ("|%s|%s|", cosign, notation);

  collect_row_texts (GTK_WIDGET (signet_ui_repository_view_get_column_view (view)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *text = g_ptr_array_index (rows, i);

      if (g_str_has_prefix (text, start) && strstr (text, want) != NULL)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  SignetUiRepositoryView *view;
  const char             *tag;
  const char             *cosign;
  const char             *notation;
} RowWait;

static gboolean
row_shows_cb (gpointer user_data)
{
  RowWait *w = user_data;

  return row_shows (w->view, w->tag, w->cosign, w->notation);
}

static gboolean
named_present_cb (gpointer user_data)
{
  gpointer *args = user_data;

  return find_named (args[0], args[1]) != NULL;
}

static void
select_tag (SignetUiRepositoryView *view,
            const char             *name)
{
  GListModel *tags = signet_ui_repository_view_get_tags (view);

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetUiTagItem) it = g_list_model_get_item (tags, i);

      if (g_str_equal (signet_ui_tag_item_get_name (it), name))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (tags), i, TRUE);
          return;
        }
    }
  g_error ("no tag %s", name);
}

static void
collapse_expanders (GtkWidget *root)
{
  if (ADW_IS_EXPANDER_ROW (root))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (root), FALSE);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collapse_expanders (c);
}

static void
note_running_cb (guint *max_running,
                 const char *tag,
                 SignetUiSignatures *signatures)
{
  *max_running = MAX (*max_running, signet_ui_signatures_get_running (signatures));
}

static gboolean
nothing_running_cb (gpointer user_data)
{
  return signet_ui_signatures_get_running (user_data) == 0 &&
         signet_ui_signatures_lookup (user_data, "no-such-tag-9", NULL, NULL) != SIGNET_UI_SIGNATURES_PENDING;
}

/* ---- the step dialog ---- */

static gpointer
widget (gpointer    dialog,
        const char *name)
{
  gpointer w = signet_ui_step_dialog_get_widget (SIGNET_UI_STEP_DIALOG (dialog), name);

  if (w == NULL)
    g_error ("The dialog has no widget %s", name);
  return w;
}

static gboolean
page_is_cb (gpointer user_data)
{
  gpointer *args = user_data;
  GtkWidget *error = widget (args[0], "error");

  if (g_strcmp0 (signet_ui_step_dialog_get_page (args[0]), "progress") == 0)
    return FALSE;
  if (*gtk_label_get_text (GTK_LABEL (error)) != '\0')
    g_error ("the dialog failed: %s", gtk_label_get_text (GTK_LABEL (error)));
  return g_strcmp0 (signet_ui_step_dialog_get_page (args[0]), args[1]) == 0;
}

static void
wait_page (gpointer    dialog,
           const char *page)
{
  gpointer args[] = { dialog, (gpointer) page };

  signet_test_ui_wait_until (page_is_cb, args, TIMEOUT, page);
}

static void
press_next (gpointer dialog)
{
  GtkWidget *next = widget (dialog, "next");

  g_assert_true (gtk_widget_is_sensitive (next));
  g_signal_emit_by_name (next, "clicked");
}

static void
test_signatures_and_migrate (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *web10 = reference ("demo/web:1.0");
  g_autofree char *web11 = reference ("demo/web:1.1");
  SignetUiRepositoryView *view;
  SignetUiSignatures *signatures;
  GtkWidget *details;
  GtkWindow *dialog;
  GPtrArray *items;
  gboolean carried = FALSE;

  /* a trusted cosign key "ci" signs demo/web:1.1 (not 1.0) */
  g_assert_true (cli ((const char *[]) { "cosign", "generate", "ci", NULL }, NULL));
  g_assert_true (cli ((const char *[]) { "cosign", "sign", "--key", "ci", web11, NULL }, NULL));
  g_assert_false (cli ((const char *[]) { "cosign", "verify", web10, NULL }, NULL));

  add_registry (fixture);
  view = open_repository (fixture, "demo/web");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 860);

  /* the columns: DCT signed, cosign verified for 1.1 and none for 1.0, no Notation */
  {
    RowWait w11 = { view, "1.1", "verified", "none" };
    RowWait w10 = { view, "1.0", "none", "none" };

    signet_test_ui_wait_until (row_shows_cb, &w11, TIMEOUT, "cosign “verified” in the row of 1.1");
    signet_test_ui_wait_until (row_shows_cb, &w10, TIMEOUT, "cosign “none” in the row of 1.0");
    g_assert_false (row_shows (view, "1.0", "verified", "none"));
  }
  signatures = signet_ui_repository_view_get_signatures (view);
  g_assert_nonnull (signatures);
  g_assert_cmpuint (signet_ui_signatures_get_max_seen (signatures), <=, SIGNET_UI_SIGNATURES_MAX_RUNNING);
  g_assert_cmpuint (signet_ui_signatures_get_started (signatures), >=, 3);

  /* many tags at once: at most SIGNET_UI_SIGNATURES_MAX_RUNNING lookups run, the rest wait
   * and can be dropped before their turn */
  {
    g_autofree char *gun = g_strconcat (env ("SIGNET_REGISTRY"), "/demo/web", NULL);
    g_autoptr(SignetUiSignatures) many = signet_ui_signatures_new (
      signet_ui_session_get_remote (signet_ui_window_get_session (fixture->window)), gun, NULL);
    guint max_running = 0;

    g_signal_connect_swapped (many, "changed", G_CALLBACK (note_running_cb), &max_running);
    for (guint i = 0; i < 200; i++)
      {
        g_autofree char *tag = g_strdup_printf ("no-such-tag-%u", i);

        signet_ui_signatures_request (many, tag, FALSE);
        max_running = MAX (max_running, signet_ui_signatures_get_running (many));
      }
    g_assert_cmpuint (signet_ui_signatures_get_running (many), ==, SIGNET_UI_SIGNATURES_MAX_RUNNING);
    for (guint i = 10; i < 200; i++)
      {
        g_autofree char *tag = g_strdup_printf ("no-such-tag-%u", i);

        signet_ui_signatures_forget (many, tag);
        g_assert_cmpint (signet_ui_signatures_lookup (many, tag, NULL, NULL), ==, SIGNET_UI_SIGNATURES_UNKNOWN);
      }
    signet_test_ui_wait_until (nothing_running_cb, many, TIMEOUT, "the lookups to end");
    g_assert_cmpuint (max_running, <=, SIGNET_UI_SIGNATURES_MAX_RUNNING);
    g_assert_cmpuint (signet_ui_signatures_get_max_seen (many), ==, SIGNET_UI_SIGNATURES_MAX_RUNNING);
    g_assert_cmpuint (signet_ui_signatures_get_started (many), ==, 10);
    g_assert_cmpint (signet_ui_signatures_lookup (many, "no-such-tag-0", NULL, NULL), ==,
                     SIGNET_UI_SIGNATURES_FAILED);
  }

  /* the details: the DCT section and the cosign signature with its key */
  select_tag (view, "1.1");
  details = signet_ui_repository_view_get_details (view);
  {
    gpointer args[] = { details, (gpointer) "cosign-verified" };

    signet_test_ui_wait_until (named_present_cb, args, TIMEOUT, "the cosign signature in the details");
  }
  g_assert_nonnull (find_named (details, "dct-section"));
  g_assert_nonnull (find_named (details, "cosign-section"));
  g_assert_nonnull (find_named (details, "notation-section"));
  g_assert_true (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_named (details, "cosign-verified"))),
                         "“ci”") != NULL);
  /* no signature tags (sha256-….sig) among the tags */
  {
    GListModel *tags = signet_ui_repository_view_get_tags (view);

    for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
      {
        g_autoptr(SignetUiTagItem) it = g_list_model_get_item (tags, i);

        g_assert_false (g_str_has_prefix (signet_ui_tag_item_get_name (it), "sha256-"));
      }
  }
  /* the screenshot: the DCT roles folded, the cosign signature open */
  collapse_expanders (find_named (details, "dct-section"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_named (details, "cosign-verified")), TRUE);
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
  {
    GtkWidget *paned = gtk_widget_get_ancestor (details, GTK_TYPE_PANED);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (details, GTK_TYPE_SCROLLED_WINDOW)));

    gtk_paned_set_position (GTK_PANED (paned), 150);
    signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  }
  save (GTK_WIDGET (fixture->window), "screenshot-signatures.png");

  /* Move to cosign: key ci, carry 1.0 over */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.move-to-cosign", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_MIGRATE_DIALOG);
  wait_page (dialog, "key");
  save (GTK_WIDGET (dialog), "screenshot-migrate-key.png");
  g_assert_true (gtk_check_button_get_active (widget (dialog, "key:ci")));
  press_next (dialog);
  wait_page (dialog, "tags");
  /* 1.1 is already in cosign: not offered */
  g_assert_false (gtk_widget_get_sensitive (widget (dialog, "tag:1.1")));
  g_assert_true (gtk_widget_get_sensitive (widget (dialog, "tag:1.0")));
  g_assert_true (gtk_check_button_get_active (widget (dialog, "tag:1.0")));
  gtk_check_button_set_active (widget (dialog, "tag:latest"), FALSE);
  save (GTK_WIDGET (dialog), "screenshot-migrate-tags.png");
  press_next (dialog);
  wait_page (dialog, "result");
  items = signet_ui_migrate_dialog_get_items (SIGNET_UI_MIGRATE_DIALOG (dialog));
  for (guint i = 0; i < items->len; i++)
    {
      SignetMigrateItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (signet_migrate_item_get_tag (item), "1.0"))
        carried = signet_migrate_item_get_action (item) == SIGNET_MIGRATE_ACTION_SIGNED;
      else
        g_assert_cmpint (signet_migrate_item_get_action (item), !=, SIGNET_MIGRATE_ACTION_SIGNED);
    }
  g_assert_true (carried);
  g_assert_nonnull (widget (dialog, "result:1.0"));
  /* and why the others were not */
  g_assert_true (strstr (adw_action_row_get_subtitle (widget (dialog, "result:1.1")), "already signed in cosign") != NULL);
  save (GTK_WIDGET (dialog), "screenshot-migrate.png");

  /* the real check: signet-cli verifies the new cosign signature of 1.0 */
  g_assert_true (cli ((const char *[]) { "cosign", "verify", web10, NULL }, NULL));
  signet_test_ui_close_window (dialog);
}

static gboolean
prompt_or_page_cb (gpointer user_data)
{
  gpointer *args = user_data;

  return signet_test_ui_find_window (SIGNET_UI_TYPE_PASSPHRASE_DIALOG) != NULL || page_is_cb (args);
}

/* A new cosign key made in the dialog, its passphrase chosen in the passphrase dialog. */
static void
test_migrate_new_key (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *tools_ci = reference ("demo/tools:ci");
  g_autofree char *trust_dir = signet_default_trust_dir ();
  g_autofree char *private = g_build_filename (trust_dir, "private", "cosign", "app-key.pem", NULL);
  GtkWindow *dialog;
  GtkWindow *prompt;
  GType type = SIGNET_UI_TYPE_PASSPHRASE_DIALOG;
  GPtrArray *items;
  gboolean carried = FALSE;
  gpointer args[2];

  g_assert_false (cli ((const char *[]) { "cosign", "verify", tools_ci, NULL }, NULL));
  add_registry (fixture);
  open_repository (fixture, "demo/tools");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.move-to-cosign", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_MIGRATE_DIALOG);
  wait_page (dialog, "key");
  gtk_check_button_set_active (widget (dialog, "new-key"), TRUE);
  gtk_editable_set_text (widget (dialog, "new-key-name"), "app-key");
  press_next (dialog);
  args[0] = dialog;
  args[1] = (gpointer) "tags";
  signet_test_ui_wait_until (prompt_or_page_cb, args, TIMEOUT, "the passphrase dialog");
  prompt = signet_test_ui_find_window (type);
  g_assert_nonnull (prompt);
  g_assert_true (signet_ui_passphrase_dialog_get_creating (SIGNET_UI_PASSPHRASE_DIALOG (prompt)));
  g_assert_cmpstr (signet_ui_passphrase_dialog_get_role (SIGNET_UI_PASSPHRASE_DIALOG (prompt)), ==, "cosign");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (prompt), type, "passphrase_row")),
                         "app key passphrase");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (prompt), type, "repeat_row")),
                         "app key passphrase");
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prompt), type, "unlock_button")));
  wait_page (dialog, "tags");
  g_assert_true (g_file_test (private, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_check_button_get_active (widget (dialog, "tag:ci")));
  press_next (dialog);
  wait_page (dialog, "result");
  items = signet_ui_migrate_dialog_get_items (SIGNET_UI_MIGRATE_DIALOG (dialog));
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (signet_migrate_item_get_tag (g_ptr_array_index (items, i)), "ci"))
      carried = signet_migrate_item_get_action (g_ptr_array_index (items, i)) == SIGNET_MIGRATE_ACTION_SIGNED &&
                g_strcmp0 (signet_migrate_item_get_cosign_key (g_ptr_array_index (items, i)), "app-key") == 0;
  g_assert_true (carried);
  save (GTK_WIDGET (dialog), "screenshot-migrate-new-key.png");
  /* the new key's signature verifies with signet-cli (the new public key is trusted) */
  g_assert_true (cli ((const char *[]) { "cosign", "verify", tools_ci, NULL }, NULL));
  signet_test_ui_close_window (dialog);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  signet_test_ui_init (&argc, &argv);
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  /* the cosign key's passphrase (read by signet-cli and by the dialog) */
  g_setenv ("COSIGN_PASSWORD", "cosign-test-pass", TRUE);
  g_setenv ("SIGNET_NO_KEYRING", "1", TRUE);

  g_test_add ("/Signet/Ui/Signatures/columns-details-migrate", Fixture, NULL, fixture_setup,
              test_signatures_and_migrate, fixture_teardown);
  g_test_add ("/Signet/Ui/Signatures/migrate-new-key", Fixture, NULL, fixture_setup_no_env,
              test_migrate_new_key, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
