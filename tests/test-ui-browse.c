/* test-ui-browse.c: the app against the real testbed (registry + notary-server on
 * 127.0.0.1, trust data made by notary and docker): registries, repositories, tags, the
 * trust panel, the keys page, the error states and the 10,000-tag benchmark.
 * Run through tests/testbed/with-testbed --populate [--auth] and tests/run-ui-test.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-secrets-private.h"
#include "signet-test-ui.h"
#include "signet-ui-add-registry-dialog.h"
#include "signet-ui-application.h"
#include "signet-ui-items.h"
#include "signet-ui-keys.h"
#include "signet-ui-registry.h"
#include "signet-ui-repository-view.h"
#include "signet-ui-window.h"

#define TIMEOUT 60000

static SignetUiApplication *the_app;
static gboolean auth_mode;

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
registry_url (void)
{
  return g_strconcat ("https://", env ("SIGNET_REGISTRY"), NULL);
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

  /* every test starts without registries */
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
  /* work still under way (a save, a cancelled load) lets go of the window soon */
  signet_test_ui_wait_until (pointer_cleared_cb, &fixture->window, TIMEOUT, "the window to be freed");
  g_assert_null (fixture->window);
}

static gpointer
dialog_child (gpointer    dialog,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
n_registries_is_cb (gpointer user_data)
{
  Fixture *fixture = user_data;
  guint *want = g_object_get_data (G_OBJECT (fixture->window), "want");

  return g_list_model_get_n_items (signet_ui_window_get_registries (fixture->window)) == *want;
}

static gboolean
status_visible_cb (gpointer user_data)
{
  GtkWidget *label = dialog_child (user_data, "status_label");
  GtkSpinner *spinner = dialog_child (user_data, "status_spinner");

  return gtk_widget_get_mapped (label) && !gtk_spinner_get_spinning (spinner) &&
         *gtk_label_get_text (GTK_LABEL (label)) != '\0' &&
         gtk_widget_has_css_class (label, "error");
}

/* Adds the testbed registry through the dialog; with @password, as that login. Returns
 * the dialog when it stays open (a failed connection), else NULL. */
static GtkWindow *
add_through_dialog (Fixture    *fixture,
                    const char *url,
                    const char *notary,
                    const char *username,
                    const char *password,
                    gboolean    expect_success)
{
  GtkWindow *dialog;
  guint before = g_list_model_get_n_items (signet_ui_window_get_registries (fixture->window));
  guint want = before + 1;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-registry", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  gtk_editable_set_text (dialog_child (dialog, "url_row"), url);
  if (notary != NULL)
    gtk_editable_set_text (dialog_child (dialog, "notary_row"), notary);
  if (username != NULL)
    {
      gtk_editable_set_text (dialog_child (dialog, "username_row"), username);
      gtk_editable_set_text (dialog_child (dialog, "password_row"), password);
    }
  g_assert_true (gtk_widget_is_sensitive (dialog_child (dialog, "add_button")));
  gtk_widget_activate (dialog_child (dialog, "add_button"));
  if (!expect_success)
    {
      signet_test_ui_wait_until (status_visible_cb, dialog, TIMEOUT, "the connection result");
      return dialog;
    }
  g_object_set_data (G_OBJECT (fixture->window), "want", &want);
  signet_test_ui_wait_until (n_registries_is_cb, fixture, TIMEOUT, "the registry to be added");
  return NULL;
}

static char *
read_password (void)
{
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (env ("SIGNET_TESTBED_PASSWORD_FILE"), &password, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (g_steal_pointer (&password));
}

static gboolean
repositories_settled_cb (gpointer user_data)
{
  SignetUiWindow *window = user_data;
  const char *state = signet_ui_window_get_repositories_state (window);
  GListModel *repos;

  if (g_strcmp0 (state, "loading") == 0)
    return FALSE;
  if (g_strcmp0 (state, "list") != 0)
    return TRUE;
  repos = signet_ui_window_get_repositories (window);
  for (guint i = 0; i < g_list_model_get_n_items (repos); i++)
    {
      g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (repos, i);
      SignetUiTrustState s = signet_ui_repo_item_get_state (item);

      if (s == SIGNET_UI_TRUST_LOADING || s == SIGNET_UI_TRUST_NOT_LOADED)
        return FALSE;
    }
  return TRUE;
}

static SignetUiTrustState
repo_state (SignetUiWindow *window,
            const char     *name)
{
  GListModel *repos = signet_ui_window_get_repositories (window);

  for (guint i = 0; i < g_list_model_get_n_items (repos); i++)
    {
      g_autoptr(SignetUiRepoItem) item = g_list_model_get_item (repos, i);

      if (g_strcmp0 (signet_ui_repo_item_get_name (item), name) == 0)
        return signet_ui_repo_item_get_state (item);
    }
  g_error ("no repository %s in the list", name);
  return 0;
}

static gboolean
view_settled_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_repository_view_get_state (user_data), "loading") != 0;
}

static JsonNode *
docker_trust_inspect (const char *repository)
{
  g_autofree char *gun = g_strconcat (env ("SIGNET_REGISTRY"), "/", repository, NULL);
  const char *argv[] = { "docker", "trust", "inspect", gun, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("docker trust inspect %s failed: %s", gun, err);
  return json_from_string (out, &error);
}

static SignetUiTagItem *
find_tag (GListModel *tags,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetUiTagItem) item = g_list_model_get_item (tags, i);

      if (g_strcmp0 (signet_ui_tag_item_get_name (item), name) == 0)
        return item;
    }
  return NULL;
}

/* The earliest "expires" of the cached metadata files @roles of @gun (the roles that sign
 * a tag), read from the files independently of the app. */
static gint64
cached_chain_expiry (const char         *gun,
                     const char * const *roles)
{
  static const char * const base[] = { NULL };
  gint64 earliest = G_MAXINT64;

  for (guint pass = 0; pass < 2; pass++)
    {
      const char * const *list = pass == 0 ? base : roles;

      for (guint i = 0; list[i] != NULL; i++)
        {
          g_autofree char *file = g_strconcat (list[i], ".json", NULL);
          g_autofree char *path = g_build_filename (env ("DOCKER_CONFIG"), "trust", "tuf", gun, "metadata", file, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(GDateTime) dt = NULL;
          const char *expires;

          g_file_get_contents (path, &contents, NULL, &error);
          g_assert_no_error (error);
          node = json_from_string (contents, &error);
          g_assert_no_error (error);
          expires = json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "signed"),
                                                   "expires");
          dt = g_date_time_new_from_iso8601 (expires, NULL);
          g_assert_nonnull (dt);
          earliest = MIN (earliest, g_date_time_to_unix (dt));
        }
    }
  return earliest;
}

/* What the tag list shows equals docker trust inspect: the same signed tags, digests and
 * signers; expiry equals the cached metadata's. */
static void
assert_tags_match_docker (SignetUiRepositoryView *view,
                          const char             *repository)
{
  g_autoptr(JsonNode) inspect = docker_trust_inspect (repository);
  JsonObject *repo = json_array_get_object_element (json_node_get_array (inspect), 0);
  JsonArray *signed_tags = json_object_get_array_member (repo, "SignedTags");
  GListModel *tags = signet_ui_repository_view_get_tags (view);
  g_autofree char *gun = g_strconcat (env ("SIGNET_REGISTRY"), "/", repository, NULL);
  guint n_signed = 0;

  g_assert_cmpuint (json_array_get_length (signed_tags), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetUiTagItem) item = g_list_model_get_item (tags, i);

      if (signet_ui_tag_item_get_signed (item))
        n_signed++;
    }
  g_assert_cmpuint (n_signed, ==, json_array_get_length (signed_tags));

  for (guint i = 0; i < json_array_get_length (signed_tags); i++)
    {
      JsonObject *st = json_array_get_object_element (signed_tags, i);
      const char *name = json_object_get_string_member (st, "SignedTag");
      JsonArray *signers = json_object_get_array_member (st, "Signers");
      SignetUiTagItem *item = find_tag (tags, name);
      g_autofree char *digest = NULL;
      g_autoptr(GString) want_signers = g_string_new (NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) delegations = g_ptr_array_new_with_free_func (g_free);
      gboolean admin = FALSE;
      SignetTrustTag *trust;

      g_assert_nonnull (item);
      g_assert_true (signet_ui_tag_item_get_signed (item));
      digest = g_strconcat ("sha256:", json_object_get_string_member (st, "Digest"), NULL);
      g_assert_cmpstr (signet_ui_tag_item_get_digest (item), ==, digest);

      for (guint j = 0; j < json_array_get_length (signers); j++)
        {
          const char *signer = json_array_get_string_element (signers, j);

          if (g_strcmp0 (signer, "Repo Admin") == 0)
            admin = TRUE;
          else
            g_ptr_array_add (names, g_strdup (signer));
        }
      for (guint j = 0; j < names->len; j++)
        g_string_append_printf (want_signers, "%s%s", j > 0 ? ", " : "", (char *) g_ptr_array_index (names, j));
      if (admin)
        g_string_append_printf (want_signers, "%sRepository owner", want_signers->len > 0 ? ", " : "");
      g_assert_cmpstr (signet_ui_tag_item_get_signers (item), ==, want_signers->str);

      trust = signet_ui_tag_item_get_trust (item);
      for (const char * const *r = signet_trust_tag_get_roles (trust); *r != NULL; r++)
        g_ptr_array_add (delegations, g_strdup (*r));
      g_ptr_array_add (delegations, NULL);
      /* the tag's expiry is its signing roles' (timestamp and snapshot are renewed by the server) */
      g_assert_cmpint (signet_ui_tag_item_get_expires (item), ==,
                       cached_chain_expiry (gun, (const char * const *) delegations->pdata));
      g_assert_cmpint (signet_ui_tag_item_get_expires (item), >, g_get_real_time () / G_USEC_PER_SEC);
    }
}

/* What the tag list shows equals `signet-cli status --json` for the same repository: the
 * signed tags, their digests, signers (Repo Admin is "Repository owner") and expiry. */
static void
assert_tags_match_cli (SignetUiRepositoryView *view,
                       const char             *repository)
{
  g_autofree char *gun = g_strconcat (env ("SIGNET_REGISTRY"), "/", repository, NULL);
  const char *argv[] = { env ("SIGNET_CLI"), "status", "--json", "--server", env ("SIGNET_NOTARY_URL"), gun, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GListModel *tags = signet_ui_repository_view_get_tags (view);
  JsonObject *status;
  JsonArray *cli_tags;
  guint n_signed = 0;
  int exit_status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &exit_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (exit_status, NULL))
    g_error ("signet-cli status --json %s failed: %s", gun, err);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  status = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_true (json_object_get_boolean_member (status, "verified"));
  cli_tags = json_object_get_array_member (status, "tags");

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(SignetUiTagItem) item = g_list_model_get_item (tags, i);

      n_signed += signet_ui_tag_item_get_signed (item);
    }
  g_assert_cmpuint (json_array_get_length (cli_tags), ==, n_signed);
  for (guint i = 0; i < json_array_get_length (cli_tags); i++)
    {
      JsonObject *tag = json_array_get_object_element (cli_tags, i);
      SignetUiTagItem *item = find_tag (tags, json_object_get_string_member (tag, "name"));
      JsonArray *signers = json_object_get_array_member (tag, "signers");
      g_autoptr(GString) want = g_string_new (NULL);
      gboolean admin = FALSE;
      g_autoptr(GDateTime) expires = g_date_time_new_from_iso8601 (json_object_get_string_member (tag, "expires"), NULL);

      g_assert_nonnull (item);
      g_assert_true (signet_ui_tag_item_get_signed (item));
      g_assert_cmpstr (signet_ui_tag_item_get_digest (item), ==, json_object_get_string_member (tag, "digest"));
      for (guint j = 0; j < json_array_get_length (signers); j++)
        {
          const char *signer = json_array_get_string_element (signers, j);

          if (g_strcmp0 (signer, "Repo Admin") == 0)
            admin = TRUE;
          else
            g_string_append_printf (want, "%s%s", want->len > 0 ? ", " : "", signer);
        }
      if (admin)
        g_string_append_printf (want, "%sRepository owner", want->len > 0 ? ", " : "");
      g_assert_cmpstr (signet_ui_tag_item_get_signers (item), ==, want->str);
      g_assert_nonnull (expires);
      g_assert_cmpint (signet_ui_tag_item_get_expires (item), ==, g_date_time_to_unix (expires));
    }
}

static void
save_and_check (GtkWidget  *widget,
                const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  signet_test_ui_wait_for_frames (widget, 3);
  texture = signet_test_ui_save_screenshot (widget, name);
  signet_test_ui_assert_not_blank (texture);
}

static gboolean
details_has_digest_cb (gpointer user_data)
{
  GtkWidget *details = user_data;

  for (GtkWidget *w = gtk_widget_get_first_child (details); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      /* depth-first search for the label named full-digest */
      GtkWidget *stack[64];
      guint n = 0;

      stack[n++] = w;
      while (n > 0)
        {
          GtkWidget *cur = stack[--n];

          if (g_strcmp0 (gtk_widget_get_name (cur), "full-digest") == 0)
            {
              g_object_set_data_full (G_OBJECT (details), "digest",
                                      g_strdup (gtk_label_get_text (GTK_LABEL (cur))), g_free);
              return TRUE;
            }
          for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL && n < G_N_ELEMENTS (stack);
               c = gtk_widget_get_next_sibling (c))
            stack[n++] = c;
        }
    }
  return FALSE;
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

static void
open_repository (Fixture    *fixture,
                 const char *name)
{
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));

  g_assert_true (signet_ui_window_open_repository (fixture->window, name));
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "loading");
  signet_test_ui_wait_until (view_settled_cb, view, TIMEOUT, "the repository to load");
}

static gboolean
one_item_cb (gpointer user_data)
{
  return g_list_model_get_n_items (user_data) == 1;
}

/* Add the testbed registry, list its repositories with their trust state, open the ones
 * made by notary and by docker and compare with docker trust inspect. */
static void
test_browse (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = registry_url ();
  g_autofree char *password = auth_mode ? read_password () : NULL;
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));
  GListModel *tags;
  GtkWidget *trust_page;

  add_through_dialog (fixture, url, env ("SIGNET_NOTARY_URL"),
                      auth_mode ? env ("SIGNET_TESTBED_USER") : NULL, password, TRUE);
  signet_test_ui_wait_until (repositories_settled_cb, fixture->window, TIMEOUT, "the repositories");
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (signet_ui_window_get_repositories (fixture->window)), ==, 4);
  g_assert_cmpint (repo_state (fixture->window, "demo/web"), ==, SIGNET_UI_TRUST_SIGNED);
  g_assert_cmpint (repo_state (fixture->window, "demo/tools"), ==, SIGNET_UI_TRUST_SIGNED);
  g_assert_cmpint (repo_state (fixture->window, "demo/multi"), ==, SIGNET_UI_TRUST_SIGNED);
  g_assert_cmpint (repo_state (fixture->window, "demo/db"), ==, SIGNET_UI_TRUST_UNSIGNED);
  /* with a registry there is something to refresh */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     SIGNET_UI_TYPE_WINDOW,
                                                                                     "refresh_button"))));
  save_and_check (GTK_WIDGET (fixture->window), auth_mode ? "screenshot-repositories-auth.png"
                                                          : "screenshot-repositories.png");

  /* made with the notary CLI */
  open_repository (fixture, "demo/web");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");
  g_assert_cmpint (signet_ui_repository_view_get_trust_state (view), ==, SIGNET_UI_TRUST_SIGNED);
  g_assert_true (strstr (gtk_label_get_text (signet_ui_repository_view_get_banner (view)), "Verified") != NULL);
  assert_tags_match_docker (view, "demo/web");
  assert_tags_match_cli (view, "demo/web");
  tags = signet_ui_repository_view_get_tags (view);
  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, 3);

  /* the selected tag's details show its full digest and who vouches for it */
  {
    SignetUiTagItem *item = find_tag (tags, "1.1");
    GtkWidget *details = signet_ui_repository_view_get_details (view);
    guint position = 0;

    for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
      {
        g_autoptr(SignetUiTagItem) it = g_list_model_get_item (tags, i);

        if (it == item)
          position = i;
      }
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (tags), position, TRUE);
    signet_test_ui_wait_until (details_has_digest_cb, details, TIMEOUT, "the tag details");
    g_assert_cmpstr (g_object_get_data (G_OBJECT (details), "digest"), ==, signet_ui_tag_item_get_digest (item));
    g_assert_nonnull (find_named (details, "targets/alice"));
    g_assert_nonnull (find_named (details, "targets/releases"));
  }
  /* beside an open repository: Sign… and the signing menu */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                    SIGNET_UI_TYPE_WINDOW,
                                                                                    "sign_button"))));
  save_and_check (GTK_WIDGET (fixture->window), auth_mode ? "screenshot-tags-auth.png" : "screenshot-tags.png");
  {
    AdwStyleManager *style = adw_style_manager_get_default ();

    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    g_assert_true (adw_style_manager_get_dark (style));
    save_and_check (GTK_WIDGET (fixture->window), auth_mode ? "screenshot-tags-dark-auth.png" : "screenshot-tags-dark.png");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  }

  /* the trust panel: four roles, the signers */
  adw_view_stack_set_visible_child_name (signet_ui_repository_view_get_view_stack (view), "trust");
  trust_page = signet_ui_repository_view_get_trust_page (view);
  g_assert_true (ADW_IS_PREFERENCES_PAGE (trust_page));
  g_assert_nonnull (find_named (trust_page, "root"));
  g_assert_nonnull (find_named (trust_page, "targets"));
  g_assert_nonnull (find_named (trust_page, "snapshot"));
  g_assert_nonnull (find_named (trust_page, "timestamp"));
  g_assert_nonnull (find_named (trust_page, "targets/alice"));
  g_assert_nonnull (find_named (trust_page, "certificate-expiry"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_named (trust_page, "root")), TRUE);
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-trust.png");

  /* made with docker trust */
  open_repository (fixture, "demo/multi");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");
  assert_tags_match_docker (view, "demo/multi");
  assert_tags_match_cli (view, "demo/multi");
  adw_view_stack_set_visible_child_name (signet_ui_repository_view_get_view_stack (view), "trust");
  g_assert_nonnull (find_named (signet_ui_repository_view_get_trust_page (view), "targets/bob"));

  /* unsigned: the tags are there, marked unsigned, with a banner that says so */
  open_repository (fixture, "demo/db");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");
  g_assert_cmpint (signet_ui_repository_view_get_trust_state (view), ==, SIGNET_UI_TRUST_UNSIGNED);
  tags = signet_ui_repository_view_get_tags (view);
  g_assert_cmpuint (g_list_model_get_n_items (tags), ==, 1);
  g_assert_false (signet_ui_tag_item_get_signed (find_tag (tags, "15")));
  g_assert_true (strstr (gtk_label_get_text (signet_ui_repository_view_get_banner (view)), "Unsigned") != NULL);

  /* the filter */
  open_repository (fixture, "demo/web");
  tags = signet_ui_repository_view_get_tags (view);
  gtk_editable_set_text (signet_ui_repository_view_get_tag_filter (view), "latest");
  signet_test_ui_wait_until (one_item_cb, tags, TIMEOUT, "the filter");
  g_assert_cmpstr (signet_ui_tag_item_get_name (g_list_model_get_item (tags, 0)), ==, "latest");
  g_object_unref (g_list_model_get_item (tags, 0));
}

/* The keyring's password for @server, or NULL. */
static char *
keyring_password (const char *server)
{
  g_autofree char *username = NULL;
  g_autoptr(SignetSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  if (!_signet_login_lookup (server, &username, &secret, NULL, &error))
    return NULL;
  return g_strdup (signet_secret_get (secret, NULL));
}

static gboolean
repositories_not_loading_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_window_get_repositories_state (user_data), "loading") != 0;
}

static gboolean
keys_loaded_cb (gpointer user_data)
{
  return g_strcmp0 (signet_ui_keys_page_get_state (user_data), "loading") != 0;
}

/* Every key row says "Backed up <day>" (@backed_up) or "No verified backup", with the
 * warning icon on root keys only. */
static void
assert_backup_labels (SignetUiKeysPage *keys,
                      gboolean          backed_up)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%-d %b %Y");
  g_autofree char *want = g_strconcat ("Backed up ", day, NULL);
  guint n_root = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (signet_ui_keys_page_get_list (keys)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = find_named (row, "backup-label");
      gboolean root = g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Root");

      g_assert_nonnull (label);
      n_root += root;
      if (backed_up)
        {
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, want);
          g_assert_null (find_named (row, "backup-warning"));
        }
      else
        {
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "No verified backup");
          g_assert_true ((find_named (row, "backup-warning") != NULL) == root);
          g_assert_true (gtk_widget_has_css_class (label, "error") == root);
        }
    }
  g_assert_cmpuint (n_root, >, 0);
}

/* A server that is down, and (with auth) a wrong login, are explained where the user
 * looks; the keys page lists the key store. */
static void
test_errors_and_keys (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwStatusPage *error_page;
  SignetUiKeysPage *keys;
  GtkWidget *keys_row;
  g_autofree char *private_dir = g_build_filename (env ("DOCKER_CONFIG"), "trust", "private", NULL);
  g_autoptr(GDir) dir = NULL;
  guint n_files = 0;
  guint n_rows = 0;

  /* nothing listens on port 1 */
  signet_ui_window_add_registry_url (fixture->window, "https://127.0.0.1:1");
  signet_test_ui_wait_until (repositories_not_loading_cb, fixture->window, TIMEOUT, "the error");
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "error");
  error_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SIGNET_UI_TYPE_WINDOW,
                                                               "repositories_error"));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "Server Unreachable");
  /* said once, plainly */
  {
    const char *description = adw_status_page_get_description (error_page);
    const char *first = strstr (description, "127.0.0.1:1");

    g_assert_nonnull (first);
    g_assert_null (strstr (first + 1, "127.0.0.1"));
    g_assert_nonnull (strstr (description, "connection was refused"));
  }
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-error-unreachable.png");

  if (auth_mode)
    {
      g_autofree char *url = registry_url ();
      GtkWindow *dialog;
      GtkLabel *status;

      dialog = add_through_dialog (fixture, url, env ("SIGNET_NOTARY_URL"), env ("SIGNET_TESTBED_USER"),
                                   "not-the-password", FALSE);
      status = dialog_child (dialog, "status_label");
      g_assert_true (strstr (gtk_label_get_text (status), "Login Refused") != NULL);
      save_and_check (GTK_WIDGET (dialog), "screenshot-error-login.png");
      signet_test_ui_close_window (dialog);
      /* cancelled: the wrong password never reached the keyring */
      {
        g_autofree char *stored = keyring_password (env ("SIGNET_REGISTRY"));

        g_assert_cmpstr (stored, !=, "not-the-password");
      }
    }

  /* the keys page: one row per key file */
  keys_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SIGNET_UI_TYPE_WINDOW, "keys_row"));
  gtk_widget_activate (keys_row);
  keys = SIGNET_UI_KEYS_PAGE (signet_ui_window_get_keys_page (fixture->window));
  signet_test_ui_wait_until (keys_loaded_cb, keys, TIMEOUT, "the keys");
  g_assert_cmpstr (signet_ui_keys_page_get_state (keys), ==, "keys");
  /* the keys are not about the registry: its repositories are not beside them, nor are
   * the buttons that sign in the open repository */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     SIGNET_UI_TYPE_WINDOW,
                                                                                     "repositories_pane"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     SIGNET_UI_TYPE_WINDOW,
                                                                                     "sign_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     SIGNET_UI_TYPE_WINDOW,
                                                                                     "trust_menu_button"))));
  dir = g_dir_open (private_dir, 0, NULL);
  g_assert_nonnull (dir);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_suffix (name, ".key"))
      n_files++;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (signet_ui_keys_page_get_list (keys)));
       c != NULL; c = gtk_widget_get_next_sibling (c))
    n_rows++;
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (n_rows, ==, n_files);

  /* no backup yet: each key says so, and root keys are flagged */
  assert_backup_labels (keys, FALSE);
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-keys-list.png");

  /* a verified backup made with the CLI: every key is backed up on the day it was made */
  {
    g_autofree char *backups = g_build_filename (g_get_user_data_dir (), "key-backups", NULL);
    const char *argv[] = { env ("SIGNET_CLI"), "backup", "--to", backups, NULL };
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status;

    g_mkdir_with_parents (backups, 0700);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("signet-cli backup failed: %s", err);
  }
  signet_ui_keys_page_reload (keys);
  signet_test_ui_wait_until (keys_loaded_cb, keys, TIMEOUT, "the keys");
  assert_backup_labels (keys, TRUE);
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-keys-backed-up.png");
}

static void
flip_signature_byte (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *sig;
  g_autofree guchar *raw = NULL;
  g_autofree char *encoded = NULL;
  gsize len;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (contents, &error);
  g_assert_no_error (error);
  sig = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "signatures"), 0);
  raw = g_base64_decode (json_object_get_string_member (sig, "sig"), &len);
  g_assert_cmpuint (len, >, 10);
  raw[10] ^= 0x01;
  encoded = g_base64_encode (raw, len);
  json_object_set_string_member (sig, "sig", encoded);
  text = json_to_string (node, FALSE);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
repo_failed_cb (gpointer user_data)
{
  return repo_state (user_data, "demo/web") == SIGNET_UI_TRUST_FAILED;
}

static GtkWidget *
repo_row_widget (SignetUiWindow *window,
                 const char     *text)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SIGNET_UI_TYPE_WINDOW,
                                                               "repositories_list"));
  GtkWidget *stack[256];
  guint n = 0;

  stack[n++] = list;
  while (n > 0)
    {
      GtkWidget *cur = stack[--n];

      if (GTK_IS_LABEL (cur) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (cur)), text) == 0)
        return cur;
      for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL && n < G_N_ELEMENTS (stack);
           c = gtk_widget_get_next_sibling (c))
        stack[n++] = c;
    }
  return NULL;
}

/* Tampered trust data: someone changed the root.json this computer trusts for demo/web (one
 * bit of its signature). Loading it must fail verification, and the failure must be
 * explained where the user looks: the repository row and the content pane. */
static void
test_tampered (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *url = registry_url ();
  g_autofree char *password = auth_mode ? read_password () : NULL;
  g_autofree char *gun = g_strconcat (env ("SIGNET_REGISTRY"), "/demo/web", NULL);
  g_autofree char *root = g_build_filename (env ("DOCKER_CONFIG"), "trust", "tuf", gun, "metadata", "root.json", NULL);
  g_autofree char *saved = NULL;
  gsize saved_len;
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));
  AdwStatusPage *page;
  GtkWidget *what;
  g_autoptr(GError) error = NULL;

  add_through_dialog (fixture, url, env ("SIGNET_NOTARY_URL"),
                      auth_mode ? env ("SIGNET_TESTBED_USER") : NULL, password, TRUE);
  signet_test_ui_wait_until (repositories_settled_cb, fixture->window, TIMEOUT, "the repositories");
  g_assert_cmpint (repo_state (fixture->window, "demo/web"), ==, SIGNET_UI_TRUST_SIGNED);

  g_file_get_contents (root, &saved, &saved_len, &error);
  g_assert_no_error (error);
  flip_signature_byte (root);

  open_repository (fixture, "demo/web");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "error");
  g_assert_cmpint (signet_ui_repository_view_get_trust_state (view), ==, SIGNET_UI_TRUST_FAILED);
  signet_test_ui_wait_until (repo_failed_cb, fixture->window, TIMEOUT, "the row to show the failure");
  g_assert_nonnull (repo_row_widget (fixture->window, "Verification failed"));

  page = signet_ui_repository_view_get_error_page (view);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Verification Failed");
  what = find_named (GTK_WIDGET (page), "what-failed");
  g_assert_nonnull (what);
  g_assert_true (gtk_widget_get_visible (what));
  /* the role and the reason, in plain words */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (what)), "The root role kept on this computer"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (what)), "kept on this computer"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (what)), "signatures do not match"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (page), "what-it-means"))),
                            "tampered"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (page), "what-to-do"))),
                            "Do not pull"));
  /* no tag of it is shown as signed */
  g_assert_cmpuint (g_list_model_get_n_items (signet_ui_repository_view_get_tags (view)), ==, 0);
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-error-verification.png");

  /* put the trusted copy back: verified again */
  g_file_set_contents (root, saved, saved_len, &error);
  g_assert_no_error (error);
  open_repository (fixture, "demo/web");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");
  g_assert_cmpint (repo_state (fixture->window, "demo/web"), ==, SIGNET_UI_TRUST_SIGNED);
}

/* "localhost:PORT" for the testbed's "127.0.0.1:PORT": the same servers under a name that
 * has no folder in $DOCKER_CONFIG/tls, so only a chosen CA file makes TLS work. */
static char *
localhost_name (const char *host_port)
{
  g_assert_true (g_str_has_prefix (host_port, "127.0.0.1:"));
  return g_strconcat ("localhost", host_port + strlen ("127.0.0.1"), NULL);
}

static gboolean
n_registries_zero_cb (gpointer user_data)
{
  return g_list_model_get_n_items (signet_ui_window_get_registries (user_data)) == 0;
}

static gboolean
settings_dialog_gone_cb (gpointer user_data)
{
  return signet_test_ui_find_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG) == NULL;
}

/* The registry's settings: a private CA file makes an unverifiable server usable, the
 * notary server changes, the login is kept only once it worked; and the registry can be
 * removed. Auto refresh reloads the open repository. */
static void
test_registry_settings (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *name = localhost_name (env ("SIGNET_REGISTRY"));
  g_autofree char *url = g_strconcat ("https://", name, NULL);
  g_autofree char *notary_host = localhost_name (env ("SIGNET_NOTARY_URL") + strlen ("https://"));
  g_autofree char *notary = g_strconcat ("https://", notary_host, NULL);
  g_autofree char *password = auth_mode ? read_password () : NULL;
  g_autofree char *stored = NULL;
  GSettings *settings = signet_ui_application_get_settings (the_app);
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));
  AdwStatusPage *error_page;
  GtkWindow *dialog;
  g_autoptr(SignetUiRegistry) registry = NULL;
  AdwMessageDialog *confirm;

  /* first through the add dialog: TLS fails; cancelling keeps no login */
  dialog = add_through_dialog (fixture, url, notary, auth_mode ? env ("SIGNET_TESTBED_USER") : NULL, password, FALSE);
  g_assert_nonnull (strstr (gtk_label_get_text (dialog_child (dialog, "status_label")), "Secure Connection Failed"));
  signet_test_ui_close_window (dialog);
  stored = keyring_password (name);
  g_assert_null (stored);

  /* added anyway: the repositories cannot be listed, and the page says why */
  signet_ui_window_add_registry_url (fixture->window, url);
  signet_test_ui_wait_until (repositories_not_loading_cb, fixture->window, TIMEOUT, "the TLS error");
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "error");
  error_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SIGNET_UI_TYPE_WINDOW,
                                                               "repositories_error"));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "Secure Connection Failed");

  /* the settings: notary server, CA file and login */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-registry", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "url_row")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "remove_group")));
  gtk_editable_set_text (dialog_child (dialog, "notary_row"), notary);
  signet_ui_add_registry_dialog_set_ca_file (SIGNET_UI_ADD_REGISTRY_DIALOG (dialog), env ("SIGNET_TESTBED_CA"));
  if (auth_mode)
    {
      gtk_editable_set_text (dialog_child (dialog, "username_row"), env ("SIGNET_TESTBED_USER"));
      gtk_editable_set_text (dialog_child (dialog, "password_row"), password);
    }
  save_and_check (GTK_WIDGET (dialog), "screenshot-registry-settings.png");
  gtk_widget_activate (dialog_child (dialog, "add_button"));
  signet_test_ui_wait_until (settings_dialog_gone_cb, NULL, TIMEOUT, "the settings to be saved");
  signet_test_ui_wait_until (repositories_settled_cb, fixture->window, TIMEOUT, "the repositories");
  g_assert_cmpstr (signet_ui_window_get_repositories_state (fixture->window), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (signet_ui_window_get_repositories (fixture->window)), ==, 4);
  registry = g_list_model_get_item (signet_ui_window_get_registries (fixture->window), 0);
  g_assert_cmpstr (signet_ui_registry_get_ca_file (registry), ==, env ("SIGNET_TESTBED_CA"));
  g_assert_cmpstr (signet_ui_registry_get_notary_url (registry), ==, notary);
  if (auth_mode)
    {
      g_free (stored);
      stored = keyring_password (name);
      g_assert_cmpstr (stored, ==, password);
    }

  /* auto refresh: the setting starts and stops the timer, which reloads the open repository */
  open_repository (fixture, "demo/db");
  g_settings_set_boolean (settings, "auto-refresh", TRUE);
  g_settings_set_uint (settings, "auto-refresh-minutes", 2);
  g_assert_cmpuint (signet_ui_window_get_auto_refresh_interval (fixture->window), ==, 120);
  g_settings_set_boolean (settings, "auto-refresh", FALSE);
  g_assert_cmpuint (signet_ui_window_get_auto_refresh_interval (fixture->window), ==, 0);
  g_settings_reset (settings, "auto-refresh");
  g_settings_reset (settings, "auto-refresh-minutes");
  g_assert_cmpuint (signet_ui_window_get_auto_refresh_interval (fixture->window), ==, 300);
  g_assert_true (signet_ui_window_auto_refresh_now (fixture->window));
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "loading");
  signet_test_ui_wait_until (view_settled_cb, view, TIMEOUT, "the refresh");
  g_assert_cmpstr (signet_ui_repository_view_get_state (view), ==, "content");

  /* removed, after a confirmation */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-registry", NULL);
  dialog = signet_test_ui_wait_for_window (SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG);
  gtk_widget_activate (dialog_child (dialog, "remove_button"));
  confirm = ADW_MESSAGE_DIALOG (signet_test_ui_wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "remove");
  signet_test_ui_wait_until (n_registries_zero_cb, fixture->window, TIMEOUT, "the registry to be removed");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  signet_test_ui_wait_until (pointer_cleared_cb, &dialog, TIMEOUT, "the settings to close");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     SIGNET_UI_TYPE_WINDOW,
                                                                                     "repositories_pane"))));
}

/* 10,000 tags: measures the time from handing the list to the view until it is drawn, and
 * the time to draw after a jump to the end (written to benchmark-10000-tags.txt). */
static void
test_benchmark (Fixture       *fixture,
                gconstpointer  data)
{
  SignetUiRepositoryView *view = SIGNET_UI_REPOSITORY_VIEW (signet_ui_window_get_repository_view (fixture->window));
  g_autoptr(GListStore) tags = g_list_store_new (SIGNET_UI_TYPE_TAG_ITEM);
  GtkStack *content = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SIGNET_UI_TYPE_WINDOW,
                                                                "content_stack"));
  GtkWidget *scroller;
  GtkAdjustment *adj;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 t0, t1, t2;
  g_autofree char *report = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u.%u.%u", i / 1000, (i / 10) % 100, i % 10);
      g_autofree char *digest = g_strdup_printf ("sha256:%064x", i);
      g_autoptr(SignetUiTagItem) item = signet_ui_tag_item_new_full (name, digest, 1000 + i,
                                                                    i % 3 ? "alice" : "Repository owner",
                                                                    now + (gint64) (i % 400) * 86400 - 86400);

      g_list_store_append (tags, item);
    }
  gtk_stack_set_visible_child_name (content, "repository");
  signet_test_ui_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  t0 = g_get_monotonic_time ();
  signet_ui_repository_view_set_tags (view, G_LIST_MODEL (tags));
  signet_test_ui_wait_for_frames (GTK_WIDGET (view), 1);
  t1 = g_get_monotonic_time ();
  g_assert_cmpuint (g_list_model_get_n_items (signet_ui_repository_view_get_tags (view)), ==, 10000);

  scroller = gtk_widget_get_parent (GTK_WIDGET (signet_ui_repository_view_get_column_view (view)));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, 10000.0);
  t2 = g_get_monotonic_time ();
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  signet_test_ui_wait_for_frames (GTK_WIDGET (view), 1);
  t2 = g_get_monotonic_time () - t2;

  report = g_strdup_printf ("10000 tags: set to drawn %.1f ms, jump to end and draw %.1f ms\n",
                            (t1 - t0) / 1000.0, t2 / 1000.0);
  g_test_message ("benchmark: %s", report);
  path = g_test_build_filename (G_TEST_BUILT, "benchmark-10000-tags.txt", NULL);
  g_file_set_contents (path, report, -1, NULL);
  save_and_check (GTK_WIDGET (fixture->window), "screenshot-10000-tags.png");
  /* The times are a measurement for the README, not a pass mark: timed assertions flake on
   * shared machines. What must hold is that the jump really scrolled the whole list. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >,
                     gtk_adjustment_get_upper (adj) - 2 * gtk_adjustment_get_page_size (adj));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  signet_test_ui_init (&argc, &argv);
  auth_mode = g_strcmp0 (g_getenv ("SIGNET_TESTBED_MODE"), "plain") != 0;
  /* the notary server must come from the registry's settings, not from the environment */
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");

  g_test_add ("/Signet/Ui/Browse/browse", Fixture, NULL, fixture_setup, test_browse, fixture_teardown);
  g_test_add ("/Signet/Ui/Browse/errors-and-keys", Fixture, NULL, fixture_setup, test_errors_and_keys, fixture_teardown);
  g_test_add ("/Signet/Ui/Browse/registry-settings", Fixture, NULL, fixture_setup, test_registry_settings, fixture_teardown);
  g_test_add ("/Signet/Ui/Browse/tampered", Fixture, NULL, fixture_setup, test_tampered, fixture_teardown);
  g_test_add ("/Signet/Ui/Browse/benchmark", Fixture, NULL, fixture_setup, test_benchmark, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
