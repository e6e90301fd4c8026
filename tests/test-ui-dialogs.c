/* test-ui-dialogs.c: the guided dialogs driven as a user would (fill fields, press
 * buttons, answer passphrase prompts) against the real testbed, with the outcome checked
 * with the real notary and docker clients and the real keyring (secret-tool).
 * Run through tests/testbed/with-testbed --populate and tests/run-ui-test.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-ui.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "signet-backup-private.h"
#include "signet-keystore-private.h"
#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-add-signer-dialog.h"
#include "signet-ui-backup-dialog.h"
#include "signet-ui-remove-signer-dialog.h"
#include "signet-ui-resign-dialog.h"
#include "signet-ui-revoke-dialog.h"
#include "signet-ui-rotate-dialog.h"
#include "signet-ui-application.h"
#include "signet-ui-init-dialog.h"
#include "signet-ui-items.h"
#include "signet-ui-keys.h"
#include "signet-ui-passphrase-dialog.h"
#include "signet-ui-registry.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-sign-dialog.h"
#include "signet-ui-step-dialog.h"
#include "signet-ui-window.h"

#define TIMEOUT 90000

static SignetUiApplication *the_app;
static char *root_passphrase;
static char *repo_passphrase;

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

static char *
run (const char * const *argv,
     gboolean            must_succeed)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (must_succeed && !g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  if (!must_succeed && !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

static char *
gun_of (const char *repository)
{
  return g_strconcat (env ("SIGNET_REGISTRY"), "/", repository, NULL);
}

/* notary list GUN (NULL when it fails) */
static char *
notary_list (const char *repository)
{
  g_autofree char *gun = gun_of (repository);
  const char *argv[] = { "notary", "-c", env ("SIGNET_NOTARY_CONFIG"), "list", gun, NULL };

  return run (argv, FALSE);
}

static char *
keyring_lookup (const char *key_id)
{
  const char *argv[] = { "secret-tool", "lookup", "key_id", key_id, NULL };

  return run (argv, FALSE);
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

  g_file_delete (file, NULL, NULL);
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

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

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *window;

  while ((window = signet_test_ui_find_window (GTK_TYPE_WINDOW)) != NULL)
    signet_test_ui_close_window (window);
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

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-registry", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, "url_row")), url);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, "notary_row")),
                         env ("SIGNET_NOTARY_URL"));
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, "add_button")));
  signet_test_ui_wait_until (n_registries_is_one_cb, fixture->window, TIMEOUT, "the registry to be added");
  signet_test_ui_wait_until (repositories_listed_cb, fixture->window, TIMEOUT, "the repositories");
}

static gboolean
view_settled_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_repository_view_get_state (user_data), "loading") != 0;
}

static void
open_repository (Fixture    *fixture,
                 const char *name)
{
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));

  g_assert_true (signet_ui_window_open_repository (fixture->window, name));
  signet_test_ui_wait_until (view_settled_cb, view, TIMEOUT, "the repository to load");
}

/* ---- driving a step dialog ---- */

static gpointer
widget (gpointer    dialog,
        const char *name)
{
  gpointer w = signet_ui_step_dialog_get_widget (SIGNET_UI_STEP_DIALOG (dialog), name);

  if (w == NULL)
    g_error ("The dialog has no widget %s", name);
  return w;
}

static void
press_next (gpointer dialog)
{
  GtkWidget *next = widget (dialog, "next");

  g_assert_true (gtk_widget_get_visible (next));
  g_assert_true (gtk_widget_is_sensitive (next));
  /* a click (gtk_widget_activate () would click only after showing the pressed state) */
  g_signal_emit_by_name (next, "clicked");
}

typedef struct
{
  gpointer    dialog;
  const char *page;
} PageWait;

static gboolean
page_or_prompt_cb (gpointer user_data)
{
  PageWait *w = user_data;
  GtkWidget *error = widget (w->dialog, "error");

  if (signet_test_ui_find_window (SIGNET_UI_TYPE_PASSPHRASE_DIALOG) != NULL ||
      signet_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    return TRUE;
  if (g_strcmp0 (signet_ui_step_dialog_get_page (w->dialog), "progress") == 0)
    return FALSE;
  if (g_strcmp0 (signet_ui_step_dialog_get_page (w->dialog), w->page) == 0)
    return TRUE;
  /* back on an earlier step with an error */
  return *gtk_label_get_text (GTK_LABEL (error)) != '\0';
}

/* Scripted answers to the passphrase prompts, by role. */
typedef struct
{
  const char *role;          /* "root", "targets", … */
  const char *passphrase;
  gboolean    remember;
  const char *screenshot;    /* or NULL */
} Answer;

static char *last_key_id[4];
static guint confirmations;
static GHashTable *known_passphrases;   /* key ID -> the passphrase chosen in a dialog */

static void
answer_prompt (SignetUiPassphraseDialog *prompt,
               const Answer             *answers,
               guint                    *next_answer)
{
  const Answer *a = &answers[*next_answer];
  const char *role = signet_ui_passphrase_dialog_get_role (prompt);
  const char *key_id = signet_ui_passphrase_dialog_get_key_id (prompt);
  Answer guess = { role, NULL, FALSE, NULL };
  GtkWidget *pass_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (prompt), SIGNET_UI_TYPE_PASSPHRASE_DIALOG, "passphrase_row");
  GtkWidget *repeat_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (prompt), SIGNET_UI_TYPE_PASSPHRASE_DIALOG, "repeat_row");
  GtkWidget *remember = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (prompt), SIGNET_UI_TYPE_PASSPHRASE_DIALOG, "remember_switch");
  GtkWidget *unlock = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (prompt), SIGNET_UI_TYPE_PASSPHRASE_DIALOG, "unlock_button");

  if (g_strcmp0 (a->role, "*") == 0)
    {
      /* any key: the passphrase chosen for it here, else the testbed's */
      if (signet_ui_passphrase_dialog_get_creating (prompt))
        guess.passphrase = "a new key passphrase";
      else if (g_hash_table_contains (known_passphrases, key_id))
        guess.passphrase = g_hash_table_lookup (known_passphrases, key_id);
      else
        guess.passphrase = g_strcmp0 (role, "root") == 0 ? root_passphrase : repo_passphrase;
      guess.screenshot = a->screenshot;
      a = &guess;
      (*next_answer)--;
    }
  g_assert_nonnull (a->role);
  g_test_message ("prompt for the %s key %s (creating %d, attempt %u)", role,
                  signet_ui_passphrase_dialog_get_key_id (prompt),
                  signet_ui_passphrase_dialog_get_creating (prompt),
                  signet_ui_passphrase_dialog_get_attempt (prompt));
  g_assert_cmpstr (role, ==, a->role);
  g_free (last_key_id[*next_answer % 4]);
  last_key_id[*next_answer % 4] = g_strdup (signet_ui_passphrase_dialog_get_key_id (prompt));
  g_assert_false (gtk_widget_is_sensitive (unlock));
  gtk_editable_set_text (GTK_EDITABLE (pass_row), a->passphrase);
  if (signet_ui_passphrase_dialog_get_creating (prompt))
    {
      g_hash_table_replace (known_passphrases, g_strdup (key_id), g_strdup (a->passphrase));
      g_assert_false (gtk_widget_is_sensitive (unlock));
      gtk_editable_set_text (GTK_EDITABLE (repeat_row), a->passphrase);
    }
  gtk_switch_set_active (GTK_SWITCH (remember), a->remember);
  if (a->screenshot != NULL)
    save (GTK_WIDGET (prompt), a->screenshot);
  g_assert_true (gtk_widget_is_sensitive (unlock));
  gtk_widget_activate (unlock);
  (*next_answer)++;
}

static gboolean
is_null_cb (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Presses Next on the current step and waits for @page, answering prompts on the way. */
static void
next_until (gpointer      dialog,
            const char   *page,
            const Answer *answers,
            guint        *next_answer)
{
  PageWait w = { dialog, page };

  press_next (dialog);
  for (;;)
    {
      GtkWindow *prompt;
      GtkWindow *question;

      signet_test_ui_wait_until (page_or_prompt_cb, &w, TIMEOUT, page);
      question = signet_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
      if (question != NULL)
        {
          g_test_message ("confirmed: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)));
          confirmations++;
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "continue");
          gtk_window_destroy (question);
          continue;
        }
      prompt = signet_test_ui_find_window (SIGNET_UI_TYPE_PASSPHRASE_DIALOG);
      if (prompt == NULL)
        break;
      g_assert_nonnull (answers);
      g_object_add_weak_pointer (G_OBJECT (prompt), (gpointer *) &prompt);
      answer_prompt (SIGNET_UI_PASSPHRASE_DIALOG (prompt), answers, next_answer);
      /* a button activates after its pressed state shows */
      signet_test_ui_wait_until (is_null_cb, &prompt, TIMEOUT, "the prompt to close");
    }
  if (g_strcmp0 (signet_ui_step_dialog_get_page (dialog), page) != 0)
    g_error ("Expected step %s, got %s with: %s", page, signet_ui_step_dialog_get_page (dialog),
             gtk_label_get_text (GTK_LABEL (widget (dialog, "error"))));
}

/* Closing a dialog reloads the window's repository: wait for that to end. */
static void
close_dialog (Fixture  *fixture,
              gpointer  dialog)
{
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));

  signet_test_ui_close_window (GTK_WINDOW (dialog));
  signet_test_ui_iterate (100);
  signet_test_ui_wait_until (view_settled_cb, view, TIMEOUT, "the repository to reload");
  signet_test_ui_wait_until (repositories_listed_cb, fixture->window, TIMEOUT, "the repositories to reload");
}

/* Presses Next and waits to come back to @page with an error; returns its text. */
static const char *
next_fails (gpointer      dialog,
            const char   *page,
            const Answer *answers,
            guint        *next_answer)
{
  next_until (dialog, page, answers, next_answer);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (widget (dialog, "error"))), !=, "");
  return gtk_label_get_text (GTK_LABEL (widget (dialog, "error")));
}

static JsonObject *
docker_trust_inspect (const char *repository,
                      JsonNode  **holder)
{
  g_autofree char *gun = gun_of (repository);
  const char *argv[] = { "docker", "trust", "inspect", gun, NULL };
  g_autofree char *out = run (argv, TRUE);
  g_autoptr(GError) error = NULL;

  *holder = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_array_get_object_element (json_node_get_array (*holder), 0);
}

static gboolean
docker_lists_signer (const char *repository,
                     const char *name)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *repo = docker_trust_inspect (repository, &node);
  JsonArray *signers = json_object_get_array_member (repo, "Signers");

  for (guint i = 0; i < json_array_get_length (signers); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (signers, i), "Name"), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
widget_registered_cb (gpointer user_data)
{
  return signet_ui_step_dialog_get_widget (user_data, g_object_get_data (user_data, "want")) != NULL;
}

static gboolean
next_sensitive_cb (gpointer user_data)
{
  return gtk_widget_is_sensitive (widget (user_data, "next"));
}

static gboolean
row_has_digest_cb (gpointer user_data)
{
  return g_object_get_data (user_data, "digest") != NULL;
}

/* ---- the tests ---- */

/* Set up demo/db (unsigned) with the existing root key, then sign its tag 15: a wrong
 * passphrase first, then the right one remembered in the keyring. */
static void
test_setup_and_sign (Fixture       *fixture,
                     gconstpointer  data)
{
  const Answer init_answers[] = {
    { "root", root_passphrase, FALSE, "dialog-init-passphrase.png" },
    { "targets", "new targets passphrase", FALSE, "dialog-init-new-passphrase.png" },
    { NULL }
  };
  const Answer sign_answers[] = {
    { "targets", "not the passphrase", FALSE, NULL },
    { "targets", "new targets passphrase", TRUE, "dialog-sign-passphrase-wrong.png" },
    { NULL }
  };
  guint n = 0;
  GtkWindow *dialog;
  g_autofree char *listed = NULL;
  g_autofree char *stored = NULL;
  GtkCheckButton *check;
  g_autofree char *digest15 = NULL;

  add_registry (fixture);
  open_repository (fixture, "demo/db");
  listed = notary_list ("demo/db");
  g_assert_null (listed);

  /* Set up signing */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.set-up-signing", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_INIT_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (signet_ui_step_dialog_get_page (SIGNET_UI_STEP_DIALOG (dialog)), ==, "about");
  save (GTK_WIDGET (dialog), "dialog-init-1-about.png");
  next_until (dialog, "check", NULL, &n);
  save (GTK_WIDGET (dialog), "dialog-init-2-check.png");
  next_until (dialog, "result", init_answers, &n);
  g_assert_cmpuint (n, ==, 2);
  save (GTK_WIDGET (dialog), "dialog-init-3-result.png");
  widget (dialog, "role:root");
  widget (dialog, "role:targets");
  /* the real notary client sees the new repository (with no targets yet) */
  listed = notary_list ("demo/db");
  g_assert_nonnull (listed);
  g_clear_pointer (&listed, g_free);
  /* not remembered */
  stored = keyring_lookup (last_key_id[1]);
  g_assert_true (stored == NULL || *stored == '\0');
  g_clear_pointer (&stored, g_free);
  close_dialog (fixture, dialog);
  open_repository (fixture, "demo/db");

  /* Sign tag 15 */
  n = 0;
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-tags", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_SIGN_DIALOG);
  check = widget (dialog, "tag:15");
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  /* the digest the registry gives, before signing */
  signet_test_ui_wait_until (row_has_digest_cb, widget (dialog, "row:15"), TIMEOUT, "the digest of 15");
  digest15 = g_strdup (g_object_get_data (widget (dialog, "row:15"), "digest"));
  gtk_check_button_set_active (check, TRUE);
  save (GTK_WIDGET (dialog), "dialog-sign-1-tags.png");
  next_until (dialog, "roles", NULL, &n);
  g_assert_true (gtk_check_button_get_active (widget (dialog, "targets")));
  save (GTK_WIDGET (dialog), "dialog-sign-2-roles.png");
  next_until (dialog, "confirm", NULL, &n);
  save (GTK_WIDGET (dialog), "dialog-sign-3-confirm.png");
  next_until (dialog, "result", sign_answers, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "result:15")), "Signed by targets"));
  save (GTK_WIDGET (dialog), "dialog-sign-4-result.png");

  listed = notary_list ("demo/db");
  g_assert_nonnull (listed);
  g_assert_nonnull (strstr (listed, "15"));
  /* signed with the digest the dialog showed */
  g_assert_true (g_str_has_prefix (digest15, "sha256:"));
  g_assert_nonnull (strstr (listed, digest15 + strlen ("sha256:")));
  /* remembered in the real keyring, under the key's ID */
  stored = keyring_lookup (last_key_id[1]);
  g_assert_cmpstr (stored, ==, "new targets passphrase");
  close_dialog (fixture, dialog);
}

/* Add a signer with a key made here (exported for CI), one with an imported public key,
 * then remove the first. Runs after setup-and-sign (demo/db set up, its repository
 * passphrase in the keyring). */
static void
test_signers (Fixture       *fixture,
              gconstpointer  data)
{
  const Answer add_answers[] = {
    { "ci", "ci key passphrase", FALSE, "dialog-add-signer-passphrase.png" },
    { NULL }
  };
  guint n = 0;
  GtkWindow *dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("signet-ui-dialogs-XXXXXX", &error);
  g_autofree char *pub = g_build_filename (tmp, "bob2.pub", NULL);
  g_autofree char *exported = g_build_filename (tmp, "ci.key", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *cmd = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  add_registry (fixture);
  open_repository (fixture, "demo/db");

  /* a key made here */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-signer", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_SIGNER_DIALOG);
  gtk_editable_set_text (widget (dialog, "name"), "Bad Name");
  g_assert_true (gtk_widget_get_visible (widget (dialog, "name-error")));
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  save (GTK_WIDGET (dialog), "dialog-add-signer-1-bad-name.png");
  gtk_editable_set_text (widget (dialog, "name"), "releases");
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  gtk_editable_set_text (widget (dialog, "name"), "ci");
  g_assert_false (gtk_widget_get_visible (widget (dialog, "name-error")));
  g_assert_true (gtk_check_button_get_active (widget (dialog, "generate")));
  save (GTK_WIDGET (dialog), "dialog-add-signer-1-name.png");
  next_until (dialog, "repositories", NULL, &n);
  g_assert_true (gtk_check_button_get_active (widget (dialog, "repository:demo/db")));
  save (GTK_WIDGET (dialog), "dialog-add-signer-2-repositories.png");
  next_until (dialog, "confirm", NULL, &n);
  widget (dialog, "check:demo/db");
  save (GTK_WIDGET (dialog), "dialog-add-signer-3-confirm.png");
  next_until (dialog, "result", add_answers, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "result:demo/db")), "targets/ci with key"));
  widget (dialog, "ci-variables");
  save (GTK_WIDGET (dialog), "dialog-add-signer-4-result.png");
  g_assert_true (docker_lists_signer ("demo/db", "ci"));
  /* export for CI (what the folder chooser does) */
  signet_ui_add_signer_dialog_export_to (SIGNET_UI_ADD_SIGNER_DIALOG (dialog), tmp);
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "exported");
  signet_test_ui_wait_until (widget_registered_cb, dialog, TIMEOUT, "the export");
  g_assert_cmpint (g_stat (exported, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (exported, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "ENCRYPTED PRIVATE KEY"));
  g_assert_nonnull (strstr (contents, "role: ci"));
  save (GTK_WIDGET (dialog), "dialog-add-signer-5-exported.png");
  /* what the CI job does, in a fresh docker config, with the variables the dialog lists */
  {
    g_autofree char *ci_config = g_build_filename (tmp, "ci-docker", NULL);
    g_autofree char *ci_keys = g_build_filename (ci_config, "trust", "private", NULL);
    g_auto(GStrv) envp = g_get_environ ();
    const char *argv[] = { "docker", "trust", "key", "load", "--name", "ci", exported, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *loaded = NULL;
    int status;

    envp = g_environ_setenv (envp, "DOCKER_CONFIG", ci_config, TRUE);
    envp = g_environ_setenv (envp, "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "ci key passphrase", TRUE);
    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("docker trust key load failed: %s", err);
    loaded = g_strdup_printf ("%s/%s.key", ci_keys, last_key_id[0]);
    g_assert_true (g_file_test (loaded, G_FILE_TEST_EXISTS));
    cmd = g_strdup_printf ("rm -rf '%s'", ci_config);
    g_assert_cmpint (system (cmd), ==, 0);
    g_clear_pointer (&cmd, g_free);
  }
  close_dialog (fixture, dialog);

  /* an imported public key (made with openssl) */
  cmd = g_strdup_printf ("openssl ecparam -genkey -name prime256v1 -noout | openssl ec -pubout -out '%s' 2>/dev/null", pub);
  g_assert_cmpint (system (cmd), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-signer", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_SIGNER_DIALOG);
  gtk_editable_set_text (widget (dialog, "name"), "bob2");
  signet_ui_add_signer_dialog_set_key_file (SIGNET_UI_ADD_SIGNER_DIALOG (dialog), pub);
  signet_test_ui_wait_until (next_sensitive_cb, dialog, TIMEOUT, "the key file to be read");
  g_assert_true (gtk_check_button_get_active (widget (dialog, "import")));
  next_until (dialog, "repositories", NULL, &n);
  next_until (dialog, "confirm", NULL, &n);
  next_until (dialog, "result", NULL, &n);
  g_assert_true (docker_lists_signer ("demo/db", "bob2"));
  close_dialog (fixture, dialog);

  /* remove ci */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.remove-signer", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_REMOVE_SIGNER_DIALOG);
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "signer:ci");
  signet_test_ui_wait_until (widget_registered_cb, dialog, TIMEOUT, "the signers");
  widget (dialog, "signer:bob2");
  gtk_check_button_set_active (widget (dialog, "signer:ci"), TRUE);
  save (GTK_WIDGET (dialog), "dialog-remove-signer-1-signers.png");
  next_until (dialog, "effect", NULL, &n);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "lost-tags")), "None"));
  save (GTK_WIDGET (dialog), "dialog-remove-signer-2-effect.png");
  next_until (dialog, "result", NULL, &n);
  g_assert_cmpstr (adw_action_row_get_subtitle (widget (dialog, "signers-left")), ==, "bob2");
  save (GTK_WIDGET (dialog), "dialog-remove-signer-3-result.png");
  g_assert_false (docker_lists_signer ("demo/db", "ci"));
  g_assert_true (docker_lists_signer ("demo/db", "bob2"));
  close_dialog (fixture, dialog);

  g_remove (pub);
  g_remove (exported);
  g_rmdir (tmp);
}

/* The repository key of demo/web is not in the trust folder: adding a signer stops at
 * the pre-flight. */
static void
test_missing_key (Fixture       *fixture,
                  gconstpointer  data)
{
  guint n = 0;
  GtkWindow *dialog;

  add_registry (fixture);
  open_repository (fixture, "demo/web");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-signer", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_SIGNER_DIALOG);
  gtk_editable_set_text (widget (dialog, "name"), "carol");
  next_until (dialog, "repositories", NULL, &n);
  next_until (dialog, "confirm", NULL, &n);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "check:demo/web")), "not in your trust folder"));
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (widget (dialog, "error"))), !=, "");
  save (GTK_WIDGET (dialog), "dialog-add-signer-missing-key.png");
  g_assert_false (docker_lists_signer ("demo/web", "carol"));
  close_dialog (fixture, dialog);
}

static void
corrupt_hook (SignetOps  *ops,
              GHashTable *files,
              guint       attempt,
              gpointer    user_data)
{
  /* a targets file the server cannot accept */
  g_hash_table_replace (files, g_strdup ("targets"), g_bytes_new_static ("{\"signed\": 1}", 13));
}

/* Since bob2 signs releases of demo/db and its key is not here, nothing can sign a tag:
 * the sign dialog stops at the roles. Then the server refuses an update: the dialog says
 * so on the confirm step, and nothing changed. */
static void
test_server_refuses (Fixture       *fixture,
                     gconstpointer  data)
{
  const Answer answers[] = {
    { "dave", "dave key passphrase", FALSE, NULL },
    { NULL }
  };
  guint n = 0;
  GtkWindow *dialog;
  const char *message;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_registry (fixture);
  open_repository (fixture, "demo/db");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-tags", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_SIGN_DIALOG);
  gtk_check_button_set_active (widget (dialog, "tag:15"), TRUE);
  next_until (dialog, "roles", NULL, &n);
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  g_assert_false (gtk_check_button_get_active (widget (dialog, "targets/bob2")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (widget (dialog, "error"))), "None of the keys"));
  save (GTK_WIDGET (dialog), "dialog-sign-missing-key.png");
  close_dialog (fixture, dialog);

  before = notary_list ("demo/db");
  signet_ui_step_dialog_set_publish_hook_for_testing (corrupt_hook, NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-signer", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_SIGNER_DIALOG);
  gtk_editable_set_text (widget (dialog, "name"), "dave");
  next_until (dialog, "repositories", NULL, &n);
  next_until (dialog, "confirm", NULL, &n);
  n = 0;
  message = next_fails (dialog, "confirm", answers, &n);
  g_test_message ("refused: %s", message);
  g_assert_nonnull (strstr (message, "failed"));
  save (GTK_WIDGET (dialog), "dialog-add-signer-refused.png");
  signet_ui_step_dialog_set_publish_hook_for_testing (NULL, NULL);
  after = notary_list ("demo/db");
  g_assert_cmpstr (before, ==, after);
  g_assert_false (docker_lists_signer ("demo/db", "dave"));
  close_dialog (fixture, dialog);
}

static char *
subtitle (gpointer    dialog,
          const char *name)
{
  return g_strdup (adw_action_row_get_subtitle (widget (dialog, name)));
}

static char *
docker_admin_key (const char *repository,
                  const char *which)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *repo = docker_trust_inspect (repository, &node);
  JsonArray *admin = json_object_get_array_member (repo, "AdministrativeKeys");

  for (guint i = 0; i < json_array_get_length (admin); i++)
    {
      JsonObject *o = json_array_get_object_element (admin, i);

      if (g_strcmp0 (json_object_get_string_member (o, "Name"), which) == 0)
        return g_strdup (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "Keys"), 0), "ID"));
    }
  g_error ("docker trust inspect shows no %s key", which);
  return NULL;
}

static gboolean
window_gone_cb (gpointer user_data)
{
  return signet_test_ui_find_window (GPOINTER_TO_SIZE (user_data)) == NULL;
}

/* Drives a backup dialog to its result; returns the archive path. */
static char *
back_up (Fixture    *fixture,
         GtkWindow  *dialog,
         const char *folder,
         const char *prefix)
{
  const Answer any[] = { { "*", NULL, FALSE, NULL }, { NULL } };
  guint n = 0;
  g_autofree char *first = g_strconcat (prefix, "-1-folder.png", NULL);
  g_autofree char *last = g_strconcat (prefix, "-2-result.png", NULL);

  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  signet_ui_backup_dialog_set_path (SIGNET_UI_BACKUP_DIALOG (dialog), folder);
  signet_test_ui_iterate (200);
  save (GTK_WIDGET (dialog), first);
  next_until (dialog, "result", any, &n);
  save (GTK_WIDGET (dialog), last);
  widget (dialog, "archive");
  return g_strdup (signet_ui_backup_dialog_get_archive (SIGNET_UI_BACKUP_DIALOG (dialog)));
}

/* Rotate the repository key of demo/db, then its root key: no verified backup yet, so the
 * backup dialog runs first. Then restore the backup, with a conflict. */
static void
test_rotate_backup_restore (Fixture       *fixture,
                            gconstpointer  data)
{
  const Answer any[] = { { "*", NULL, FALSE, NULL }, { NULL } };
  guint n = 0;
  GtkWindow *dialog;
  GtkWindow *backup;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("signet-ui-backup-XXXXXX", &error);
  g_autofree char *old_key = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *docker_key = NULL;
  g_autofree char *docker_root_before = NULL;
  g_autofree char *docker_root_after = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *cmd = NULL;

  g_assert_no_error (error);
  add_registry (fixture);
  open_repository (fixture, "demo/db");

  /* targets */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rotate-keys", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ROTATE_DIALOG);
  g_assert_true (gtk_check_button_get_active (widget (dialog, "role:targets")));
  save (GTK_WIDGET (dialog), "dialog-rotate-1-role.png");
  next_until (dialog, "check", NULL, &n);
  save (GTK_WIDGET (dialog), "dialog-rotate-2-check.png");
  next_until (dialog, "result", any, &n);
  save (GTK_WIDGET (dialog), "dialog-rotate-3-result.png");
  old_key = subtitle (dialog, "old-key");
  new_key = subtitle (dialog, "new-key");
  g_test_message ("targets: %s -> %s", old_key, new_key);
  g_assert_cmpstr (old_key, !=, new_key);
  docker_key = docker_admin_key ("demo/db", "Repository");
  g_assert_true (g_str_has_prefix (docker_key, new_key));
  close_dialog (fixture, dialog);
  g_clear_pointer (&old_key, g_free);
  g_clear_pointer (&new_key, g_free);

  /* root: the backup first */
  docker_root_before = docker_admin_key ("demo/db", "Root");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rotate-keys", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ROTATE_DIALOG);
  gtk_check_button_set_active (widget (dialog, "role:root"), TRUE);
  next_until (dialog, "check", NULL, &n);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "check:backup")), "No verified backup"));
  save (GTK_WIDGET (dialog), "dialog-rotate-root-1-no-backup.png");
  press_next (dialog);
  backup = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_BACKUP_DIALOG);
  g_assert_true (gtk_window_get_transient_for (backup) == dialog);
  archive = back_up (fixture, backup, tmp, "dialog-backup");
  g_assert_true (g_str_has_prefix (archive, tmp));
  signet_test_ui_close_window (backup);
  signet_test_ui_wait_until (window_gone_cb, GSIZE_TO_POINTER (SIGNET_UI_TYPE_BACKUP_DIALOG), TIMEOUT, "the backup to close");
  /* back in the rotation, checked again */
  {
    PageWait w = { dialog, "check" };

    signet_test_ui_wait_until (page_or_prompt_cb, &w, TIMEOUT, "the check after the backup");
  }
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "check:backup")), "A verified backup"));
  save (GTK_WIDGET (dialog), "dialog-rotate-root-2-check.png");
  next_until (dialog, "result", any, &n);
  save (GTK_WIDGET (dialog), "dialog-rotate-root-3-result.png");
  old_key = subtitle (dialog, "old-key");
  new_key = subtitle (dialog, "new-key");
  g_test_message ("root: %s -> %s", old_key, new_key);
  g_assert_cmpstr (old_key, !=, new_key);
  docker_root_after = docker_admin_key ("demo/db", "Root");
  g_assert_cmpstr (docker_root_before, !=, docker_root_after);
  g_assert_true (g_str_has_prefix (docker_root_after, new_key));
  close_dialog (fixture, dialog);

  /* the archive as tar sees it */
  {
    const char *argv[] = { "tar", "tf", archive, NULL };

    listing = run (argv, TRUE);
    g_assert_nonnull (strstr (listing, "private/"));
  }

  /* restore: a key file here that differs from the archive's copy is a conflict */
  {
    g_autofree char *trust = g_build_filename (env ("DOCKER_CONFIG"), "trust", "private", NULL);
    g_autofree char *victim = NULL;
    g_autofree char *saved = NULL;
    g_autofree char *victim_file = NULL;
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, known_passphrases);
    while (victim == NULL && g_hash_table_iter_next (&iter, &id, NULL))
      {
        g_autofree char *file = g_strconcat (id, ".key", NULL);
        g_autofree char *path = g_build_filename (trust, file, NULL);

        /* dave's key: made by the refused update, used by nothing */
        if (strstr (listing, file) != NULL && g_file_test (path, G_FILE_TEST_EXISTS) &&
            g_strcmp0 (g_hash_table_lookup (known_passphrases, id), "dave key passphrase") == 0)
          victim = g_strdup (path);
      }
    g_assert_nonnull (victim);
    g_file_get_contents (victim, &saved, NULL, &error);
    g_assert_no_error (error);
    g_file_set_contents (victim, "-----BEGIN PRIVATE KEY-----\nchanged\n-----END PRIVATE KEY-----\n", -1, &error);
    g_assert_no_error (error);
    victim_file = g_strdup (victim);

    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-keys", NULL);
    dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_BACKUP_DIALOG);
    signet_ui_backup_dialog_set_path (SIGNET_UI_BACKUP_DIALOG (dialog), archive);
    save (GTK_WIDGET (dialog), "dialog-restore-1-archive.png");
    next_until (dialog, "contents", NULL, &n);
    save (GTK_WIDGET (dialog), "dialog-restore-2-contents.png");
    next_until (dialog, "result", NULL, &n);
    save (GTK_WIDGET (dialog), "dialog-restore-3-result.png");
    g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (widget (dialog, "conflicts"), "count")), ==, 1);
    signet_test_ui_close_window (dialog);
    /* not overwritten */
    {
      g_autofree char *now = NULL;

      g_file_get_contents (victim_file, &now, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (now, "changed"));
    }
    g_file_set_contents (victim_file, saved, -1, &error);
    g_assert_no_error (error);
  }

  cmd = g_strdup_printf ("rm -rf '%s'", tmp);
  g_assert_cmpint (system (cmd), ==, 0);
}

/* Re-sign demo/db's targets (a new version, checked with notary), then revoke tag 15. */
static void
test_resign_and_revoke (Fixture       *fixture,
                        gconstpointer  data)
{
  const Answer any[] = { { "*", NULL, FALSE, NULL }, { NULL } };
  guint n = 0;
  GtkWindow *dialog;
  GObject *row;
  g_autofree char *listed = NULL;

  add_registry (fixture);
  open_repository (fixture, "demo/db");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.re-sign", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_RESIGN_DIALOG);
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "role:targets");
  signet_test_ui_wait_until (widget_registered_cb, dialog, TIMEOUT, "the roles");
  /* nothing is close to expiry in a fresh testbed */
  g_assert_false (gtk_check_button_get_active (widget (dialog, "role:targets")));
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  gtk_check_button_set_active (widget (dialog, "role:targets"), TRUE);
  save (GTK_WIDGET (dialog), "dialog-resign-1-roles.png");
  next_until (dialog, "result", any, &n);
  save (GTK_WIDGET (dialog), "dialog-resign-2-result.png");
  row = widget (dialog, "result:targets");
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (row, "version")), ==,
                   GPOINTER_TO_INT (g_object_get_data (row, "old-version")) + 1);
  listed = notary_list ("demo/db");
  g_assert_nonnull (listed);
  g_assert_nonnull (strstr (listed, "15"));
  g_clear_pointer (&listed, g_free);
  close_dialog (fixture, dialog);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.revoke-tags", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_REVOKE_DIALOG);
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "tag:15");
  signet_test_ui_wait_until (widget_registered_cb, dialog, TIMEOUT, "the signed tags");
  gtk_check_button_set_active (widget (dialog, "tag:15"), TRUE);
  save (GTK_WIDGET (dialog), "dialog-revoke-1-tags.png");
  next_until (dialog, "effect", NULL, &n);
  save (GTK_WIDGET (dialog), "dialog-revoke-2-effect.png");
  next_until (dialog, "result", any, &n);
  save (GTK_WIDGET (dialog), "dialog-revoke-3-result.png");
  g_assert_cmpstr (adw_action_row_get_subtitle (widget (dialog, "result:15")), ==, "No longer signed");
  listed = notary_list ("demo/db");
  g_assert_nonnull (listed);
  g_assert_null (strstr (listed, "15"));
  close_dialog (fixture, dialog);
}

static void
sign_failed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(SignetRepository) repo = signet_ops_finish (SIGNET_OPS (object), result, NULL, error);

  g_assert_null (repo);
  g_assert_nonnull (*error);
}

static gboolean
error_set_cb (gpointer user_data)
{
  return *(GError **) user_data != NULL;
}

/* Roles that cannot be used fail before anything is published. */
static void
sign_into_fails (Fixture            *fixture,
                 const char         *tag,
                 const char * const *roles,
                 GQuark              domain,
                 int                 code)
{
  SignetRemote *remote = signet_ui_session_get_remote (signet_ui_window_get_session (fixture->window));
  g_autoptr(SignetOps) ops = signet_ops_new (remote, NULL);
  g_autofree char *gun = gun_of ("demo/multi");
  g_autofree char *text = g_strdup_printf ("%s:%s", gun, tag);
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);
  g_autoptr(GError) error = NULL;

  signet_ops_sign_full_async (ops, &ref, 1, roles, NULL, sign_failed_cb, &error);
  signet_test_ui_wait_until (error_set_cb, &error, TIMEOUT, "the signing to fail");
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, domain, code);
}

/* Sign a new tag of demo/multi into targets/releases only, though bob's key (which signs
 * targets/bob too) is held: docker's choice is both, pre-checked. */
static void
test_sign_roles (Fixture       *fixture,
                 gconstpointer  data)
{
  const Answer any[] = { { "*", NULL, FALSE, NULL }, { NULL } };
  g_autofree char *src = g_strdup_printf ("docker://%s/demo/multi:1.0", env ("SIGNET_REGISTRY"));
  g_autofree char *dest = g_strdup_printf ("docker://%s/demo/multi:2.0", env ("SIGNET_REGISTRY"));
  g_autofree char *certs = g_build_filename (env ("DOCKER_CONFIG"), "tls", env ("SIGNET_REGISTRY"), NULL);
  const char *copy[] = { "skopeo", "copy", "-q", "--all", "--src-cert-dir", certs, "--dest-cert-dir", certs,
                         src, dest, NULL };
  g_autofree char *gun = gun_of ("demo/multi");
  const char *list_releases[] = { "notary", "-c", env ("SIGNET_NOTARY_CONFIG"), "list", gun, "-r", "targets/releases", NULL };
  const char *list_bob[] = { "notary", "-c", env ("SIGNET_NOTARY_CONFIG"), "list", gun, "-r", "targets/bob", NULL };
  g_autofree char *before = NULL;
  g_autofree char *releases = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *copied = NULL;
  guint n = 0;
  GtkWindow *dialog;
  GtkCheckButton *targets;

  copied = run (copy, TRUE);
  add_registry (fixture);
  open_repository (fixture, "demo/multi");

  /* roles that cannot sign: refused before publishing */
  before = notary_list ("demo/multi");
  g_assert_nonnull (before);
  sign_into_fails (fixture, "2.0", (const char *[]) { "targets/nobody", NULL }, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  sign_into_fails (fixture, "2.0", (const char *[]) { "snapshot", NULL }, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  sign_into_fails (fixture, "2.0", (const char *[]) { NULL }, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  releases = notary_list ("demo/multi");
  g_assert_cmpstr (releases, ==, before);
  g_clear_pointer (&releases, g_free);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-tags", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_SIGN_DIALOG);
  gtk_check_button_set_active (widget (dialog, "tag:2.0"), TRUE);
  next_until (dialog, "roles", NULL, &n);
  /* docker's choice: every signer whose key is held */
  g_assert_true (gtk_check_button_get_active (widget (dialog, "targets/releases")));
  g_assert_true (gtk_check_button_get_active (widget (dialog, "targets/bob")));
  targets = widget (dialog, "targets");
  g_assert_false (gtk_check_button_get_active (targets));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (targets)));
  gtk_check_button_set_active (widget (dialog, "targets/bob"), FALSE);
  g_assert_true (gtk_widget_is_sensitive (widget (dialog, "next")));
  save (GTK_WIDGET (dialog), "dialog-sign-roles.png");
  gtk_check_button_set_active (widget (dialog, "targets/releases"), FALSE);
  g_assert_false (gtk_widget_is_sensitive (widget (dialog, "next")));
  gtk_check_button_set_active (widget (dialog, "targets/releases"), TRUE);
  next_until (dialog, "confirm", NULL, &n);
  next_until (dialog, "result", any, &n);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (widget (dialog, "result:2.0")), "Signed by targets/releases ·"));
  save (GTK_WIDGET (dialog), "dialog-sign-roles-result.png");
  close_dialog (fixture, dialog);

  /* the real notary client: 2.0 in releases only */
  releases = run (list_releases, TRUE);
  bob = run (list_bob, TRUE);
  g_assert_nonnull (strstr (releases, "2.0"));
  g_assert_nonnull (strstr (bob, "1.0"));
  g_assert_null (strstr (bob, "2.0"));
}

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  if (!signet_cosign_generate_key_finish (result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "made");
}

static gboolean
keys_shown_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_keys_page_get_state (user_data), "keys") == 0;
}

static GtkWidget *
row_named (GtkListBox *list,
           const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return row;
  g_error ("No row %s", name);
  return NULL;
}

static const char *
backup_label_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_name (widget), "backup-label") == 0)
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = backup_label_of (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static void
show_keys (Fixture          *fixture,
           SignetUiKeysPage *page)
{
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SIGNET_UI_TYPE_WINDOW,
                                                                  "keys_row")));
  signet_test_ui_wait_until (keys_shown_cb, page, TIMEOUT, "the keys");
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);
}

/* The Keys page lists cosign keys in their own group: a private key (no backup, then in a
 * verified backup) and a trusted public key. */
static void
test_keys_cosign (Fixture       *fixture,
                  gconstpointer  data)
{
  SignetUiKeysPage *page = SIGNET_UI_KEYS_PAGE (signet_ui_window_get_keys_page (fixture->window));
  g_autofree char *trust_dir = signet_default_trust_dir ();
  g_autoptr(SignetSecret) passphrase = signet_secret_new ("cosign key passphrase", -1);
  g_autoptr(SignetKeystore) keystore = _signet_keystore_new (trust_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("signet-ui-keys-XXXXXX", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *cmd = NULL;
  GtkWidget *row;

  signet_cosign_generate_key_async (trust_dir, "release-signing", passphrase, NULL, generated_cb, &error);
  signet_test_ui_wait_until (error_set_cb, &error, TIMEOUT, "the cosign key");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  cmd = g_strdup_printf ("openssl ecparam -genkey -name prime256v1 -noout | openssl ec -pubout -out '%s/friend.pub' 2>/dev/null", tmp);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&cmd, g_free);
  cmd = g_build_filename (tmp, "friend.pub", NULL);
  g_file_get_contents (cmd, &pub, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (signet_cosign_trust_key (trust_dir, "friend", pub, strlen (pub), &error));
  g_assert_no_error (error);
  g_remove (cmd);

  show_keys (fixture, page);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (signet_ui_keys_page_get_cosign_list (page)),
                                                                  ADW_TYPE_PREFERENCES_GROUP)));
  row = row_named (signet_ui_keys_page_get_cosign_list (page), "cosign:release-signing");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "release-signing"));
  g_assert_cmpstr (backup_label_of (row), ==, "No verified backup");
  row = row_named (signet_ui_keys_page_get_cosign_list (page), "cosign:friend");
  g_assert_cmpstr (backup_label_of (row), ==, "Public key only");
  save (GTK_WIDGET (fixture->window), "keys-cosign.png");

  /* a verified backup holds the cosign key too */
  archive = _signet_backup_create (keystore, tmp, 0, &error);
  g_assert_no_error (error);
  signet_ui_keys_page_reload (page);
  signet_test_ui_wait_until (keys_shown_cb, page, TIMEOUT, "the keys");
  row = row_named (signet_ui_keys_page_get_cosign_list (page), "cosign:release-signing");
  g_assert_true (g_str_has_prefix (backup_label_of (row), "Backed up "));
  save (GTK_WIDGET (fixture->window), "keys-cosign-backed-up.png");

  g_remove (archive);
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  signet_test_ui_init (&argc, &argv);
  known_passphrases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  /* Passphrases come from the dialogs: keep them for the answers, out of the environment. */
  root_passphrase = g_strdup (env ("NOTARY_ROOT_PASSPHRASE"));
  repo_passphrase = g_strdup (env ("NOTARY_TARGETS_PASSPHRASE"));
  g_unsetenv ("NOTARY_ROOT_PASSPHRASE");
  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  g_unsetenv ("NOTARY_SNAPSHOT_PASSPHRASE");
  g_unsetenv ("NOTARY_DELEGATION_PASSPHRASE");
  g_unsetenv ("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE");
  g_unsetenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");

  /* in this order: each works on what the one before made */
  g_test_add ("/Signet/Ui/Dialogs/setup-and-sign", Fixture, NULL, fixture_setup, test_setup_and_sign, fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/signers", Fixture, NULL, fixture_setup, test_signers, fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/missing-key", Fixture, NULL, fixture_setup, test_missing_key, fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/server-refuses", Fixture, NULL, fixture_setup, test_server_refuses, fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/rotate-backup-restore", Fixture, NULL, fixture_setup, test_rotate_backup_restore,
              fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/resign-and-revoke", Fixture, NULL, fixture_setup, test_resign_and_revoke,
              fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/sign-roles", Fixture, NULL, fixture_setup, test_sign_roles, fixture_teardown);
  g_test_add ("/Signet/Ui/Dialogs/keys-cosign", Fixture, NULL, fixture_setup, test_keys_cosign, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
