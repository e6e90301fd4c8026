/* test-secrets.c: the passphrase chain, keyring passphrases and registry logins.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by run-with-keyring.sh: a private D-Bus session with a real gnome-keyring-daemon.
 * Logins are checked against secret-tool and docker-credential-secretservice.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-secrets-private.h"

#define GUN "example.com/app"

typedef struct
{
  char          *dir;
  SignetKeystore *ks;
  char          *id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SignetPrivateKey) key = _signet_private_key_generate (NULL);
  g_autoptr(SignetSecret) pass = signet_secret_new ("right", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;

  f->dir = g_dir_make_tmp ("signet-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  f->ks = _signet_keystore_new (f->dir);
  /* An existing key with a short passphrase (as notary and docker keys may have): written
   * as a PEM, since new keys need 8 characters. */
  pem = _signet_private_key_to_pem (key, "targets", GUN, pass, &error);
  g_assert_no_error (error);
  f->id = g_strdup (_signet_private_key_get_id (key));
  g_assert_true (_signet_keystore_add_pem (f->ks, f->id, pem, strlen (pem), &error));
  g_assert_no_error (error);

  g_unsetenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  _signet_keyring_forget_passphrase (f->id, NULL, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (cmd), ==, 0);
  _signet_keyring_forget_passphrase (f->id, NULL, NULL);
  g_clear_object (&f->ks);
  g_free (f->dir);
  g_free (f->id);
}

static char *
run (const char * const *argv,
     const char         *input)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return out;
}

static void
test_keyring_passphrase (void)
{
  g_autoptr(SignetSecret) pass = signet_secret_new ("s3cret", -1);
  g_autoptr(SignetSecret) back = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = "1111111111111111111111111111111111111111111111111111111111111111";
  const char *argv[] = { "secret-tool", "search", "--all", "key_id", id, NULL };
  g_autofree char *out = NULL;

  g_assert_null (_signet_keyring_lookup_passphrase (id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_keyring_store_passphrase (id, "targets", GUN, pass, NULL, &error));
  g_assert_no_error (error);
  back = _signet_keyring_lookup_passphrase (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (signet_secret_equal (pass, back));

  /* readable label and attributes, as other tools see them */
  out = run (argv, NULL);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "label = Passphrase of the targets key 1111111 for " GUN " (Signet)"));
  g_assert_nonnull (strstr (out, "attribute.role = targets"));
  g_assert_nonnull (strstr (out, "attribute.gun = " GUN));
  g_assert_nonnull (strstr (out, "schema = io.github.signet.Passphrase"));

  g_assert_true (_signet_keyring_forget_passphrase (id, NULL, &error));
  g_assert_null (_signet_keyring_lookup_passphrase (id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_login_shared_with_docker (void)
{
  g_autoptr(SignetSecret) pw = signet_secret_new ("hunter2", -1);
  g_autoptr(SignetSecret) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *user = NULL;
  g_autofree char *out = NULL;
  const char *server = "registry.test:5000";
  g_autofree char *helper = g_find_program_in_path ("docker-credential-secretservice");
  JsonObject *obj;

  g_assert_true (_signet_login_store (server, "alice", pw, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_signet_login_lookup (server, &user, &back, NULL, &error));
  g_assert_cmpstr (user, ==, "alice");
  g_assert_true (signet_secret_equal (pw, back));

  /* secret-tool finds it with the docker helper's attributes */
  {
    const char *argv[] = { "secret-tool", "search", "--all", "label", "Docker Credentials", "server", server,
                           "username", "alice", "docker_cli", "1", NULL };
    out = run (argv, NULL);
    g_assert_nonnull (strstr (out, "schema = io.docker.Credentials"));
    g_assert_nonnull (strstr (out, "label = " "registry.test:5000"));
    g_assert_nonnull (strstr (out, "secret = hunter2"));
    g_clear_pointer (&out, g_free);
  }

  /* docker-credential-secretservice get reads it */
  if (helper != NULL)
    {
      const char *argv[] = { "docker-credential-secretservice", "get", NULL };

      out = run (argv, server);
      g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
      obj = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (obj, "Username"), ==, "alice");
      g_assert_cmpstr (json_object_get_string_member (obj, "Secret"), ==, "hunter2");
      g_clear_pointer (&out, g_free);

      /* and what docker's helper stores, Signet reads */
      {
        const char *store[] = { "docker-credential-secretservice", "store", NULL };
        g_autofree char *user2 = NULL;
        g_autoptr(SignetSecret) pw2 = NULL;

        g_free (run (store, "{\"ServerURL\":\"other.test\",\"Username\":\"bob\",\"Secret\":\"pw-bob\"}"));
        g_assert_true (_signet_login_lookup ("other.test", &user2, &pw2, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (user2, ==, "bob");
        g_assert_cmpstr (signet_secret_get (pw2, NULL), ==, "pw-bob");
        g_assert_true (_signet_login_remove ("other.test", NULL, &error));
      }
    }
  else
    g_test_message ("docker-credential-secretservice not installed; skipped that part");

  g_assert_true (_signet_login_remove (server, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&back, signet_secret_unref);
  g_assert_false (_signet_login_lookup (server, &user, &back, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (user);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_login_async (void)
{
  g_autoptr(SignetSecret) pw = signet_secret_new ("async-pw", -1);
  g_autoptr(SignetSecret) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  GAsyncResult *result = NULL;

  _signet_login_store_async ("async.test", "dora", pw, NULL, async_cb, &result);
  g_assert_true (_signet_login_store_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  _signet_login_lookup_async ("async.test", NULL, async_cb, &result);
  g_assert_true (_signet_login_lookup_finish (wait_result (&result), &user, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "dora");
  g_assert_true (signet_secret_equal (pw, back));
  g_clear_object (&result);

  _signet_login_remove_async ("async.test", NULL, async_cb, &result);
  g_assert_true (_signet_login_remove_finish (wait_result (&result), &error));
  g_clear_object (&result);

  g_clear_pointer (&user, g_free);
  _signet_login_lookup_async ("async.test", NULL, async_cb, &result);
  g_assert_false (_signet_login_lookup_finish (wait_result (&result), &user, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (user);
  g_clear_object (&result);
}

typedef struct
{
  const char * const *answers;  /* NULL entry = decline */
  gboolean            remember;
  guint               calls;
  guint               attempts[8];
} Script;

static void
scripted_prompt (SignetPassphraseRequest *request,
                 gpointer                 user_data)
{
  Script *s = user_data;
  const char *answer = s->answers[s->calls];
  g_autoptr(SignetSecret) pass = answer ? signet_secret_new (answer, -1) : NULL;

  g_assert_cmpstr (_signet_passphrase_request_get_role (request), ==, "targets");
  g_assert_cmpstr (_signet_passphrase_request_get_gun (request), ==, GUN);
  s->attempts[s->calls++] = _signet_passphrase_request_get_attempt (request);
  _signet_passphrase_request_reply (request, pass, s->remember);
}

static void
failing_prompt (SignetPassphraseRequest *request,
                gpointer                 user_data)
{
  g_error ("The prompt must not be asked here");
}

static void
test_chain_prompt_remember (Fixture       *f,
                            gconstpointer  data)
{
  const char *answers[] = { "wrong", "right" };
  Script s = { answers, TRUE, 0, { 0 } };
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(SignetSecret) used = NULL;
  g_autoptr(SignetSecret) stored = NULL;
  g_autoptr(GError) error = NULL;

  _signet_passphrase_chain_set_prompt (chain, scripted_prompt, &s, NULL);
  key = _signet_passphrase_chain_unlock (chain, f->ks, f->id, &used, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_signet_private_key_get_id (key), ==, f->id);
  g_assert_cmpuint (s.calls, ==, 2);
  g_assert_cmpuint (s.attempts[0], ==, 0);
  g_assert_cmpuint (s.attempts[1], ==, 1); /* told it was wrong */
  g_assert_cmpstr (signet_secret_get (used, NULL), ==, "right");

  stored = _signet_keyring_lookup_passphrase (f->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_secret_get (stored, NULL), ==, "right");

  /* Next time from the keyring, no prompt. */
  g_clear_pointer (&key, _signet_private_key_unref);
  _signet_passphrase_chain_set_prompt (chain, failing_prompt, NULL, NULL);
  key = _signet_passphrase_chain_unlock (chain, f->ks, f->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
test_chain_wrong_never_stored (Fixture       *f,
                               gconstpointer  data)
{
  const char *answers[] = { "wrong", "wrong2", "wrong3", "right" };
  Script s = { answers, TRUE, 0, { 0 } };
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  _signet_passphrase_chain_set_prompt (chain, scripted_prompt, &s, NULL);
  key = _signet_passphrase_chain_unlock (chain, f->ks, f->id, NULL, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
  g_assert_cmpuint (s.calls, ==, 3); /* max attempts */
  g_clear_error (&error);
  g_assert_null (_signet_keyring_lookup_passphrase (f->id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_chain_declined (Fixture       *f,
                     gconstpointer  data)
{
  const char *answers[] = { NULL };
  Script s = { answers, FALSE, 0, { 0 } };
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(GError) error = NULL;

  _signet_passphrase_chain_set_prompt (chain, scripted_prompt, &s, NULL);
  g_assert_null (_signet_passphrase_chain_unlock (chain, f->ks, f->id, NULL, NULL, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED);
}

static void
test_chain_env (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(SignetPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  _signet_passphrase_chain_set_prompt (chain, failing_prompt, NULL, NULL);
  /* docker's variable is wrong, notary's right: the chain goes on to the next */
  g_setenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "nope", TRUE);
  g_setenv ("NOTARY_TARGETS_PASSPHRASE", "right", TRUE);
  key = _signet_passphrase_chain_unlock (chain, f->ks, f->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  /* and nothing else is asked when nothing is set and no prompt exists */
  g_unsetenv ("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
  g_unsetenv ("NOTARY_TARGETS_PASSPHRASE");
  _signet_passphrase_chain_set_prompt (chain, NULL, NULL, NULL);
  g_clear_pointer (&key, _signet_private_key_unref);
  key = _signet_passphrase_chain_unlock (chain, f->ks, f->id, NULL, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE);
}

static void
test_chain_new_passphrase (void)
{
  const char *answers[] = { "chosen" };
  Script s = { answers, TRUE, 0, { 0 } };
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(SignetSecret) pass = NULL;
  g_autoptr(SignetSecret) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = "2222222222222222222222222222222222222222222222222222222222222222";

  g_setenv ("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "from-env", TRUE);
  pass = _signet_passphrase_chain_new_passphrase (chain, id, "root", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_secret_get (pass, NULL), ==, "from-env");
  g_unsetenv ("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE");
  g_clear_pointer (&pass, signet_secret_unref);

  _signet_passphrase_chain_set_prompt (chain, scripted_prompt, &s, NULL);
  pass = _signet_passphrase_chain_new_passphrase (chain, id, "targets", GUN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signet_secret_get (pass, NULL), ==, "chosen");
  stored = _signet_keyring_lookup_passphrase (id, NULL, &error);
  g_assert_cmpstr (signet_secret_get (stored, NULL), ==, "chosen");
  _signet_keyring_forget_passphrase (id, NULL, NULL);
}

/* ---- prompts from a worker thread run on the main thread ---- */

typedef struct
{
  Fixture          *f;
  SignetPassphraseChain *chain;
  GCancellable     *cancellable;
  GThread          *main_thread;
  guint             calls;
  guint             attempts[4];
  gboolean          wrong_thread;
  SignetPassphraseRequest *held;   /* a prompt that does not answer (yet) */
  SignetPrivateKey *key;
  GError           *error;
  gboolean          done;
} Marshal;

static void
main_thread_prompt (SignetPassphraseRequest *request,
                    gpointer                 user_data)
{
  Marshal *m = user_data;
  g_autoptr(SignetSecret) pass = NULL;

  if (g_thread_self () != m->main_thread)
    m->wrong_thread = TRUE;
  m->attempts[m->calls++] = _signet_passphrase_request_get_attempt (request);
  if (m->cancellable != NULL)
    {
      /* Keep it unanswered; the test cancels. */
      g_assert_true (_signet_passphrase_request_get_cancellable (request) == m->cancellable);
      m->held = request;
      return;
    }
  pass = signet_secret_new (m->calls == 1 ? "wrong" : "right", -1);
  _signet_passphrase_request_reply (request, pass, FALSE);
}

static gpointer
unlock_thread (gpointer user_data)
{
  Marshal *m = user_data;

  m->key = _signet_passphrase_chain_unlock (m->chain, m->f->ks, m->f->id, NULL, m->cancellable,
                                            &m->error);
  g_atomic_int_set (&m->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
test_chain_prompt_on_main_thread (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  Marshal m = { f, chain, NULL, g_thread_self (), 0, { 0 }, FALSE, NULL, NULL, NULL, FALSE };
  GThread *thread;

  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_passphrase_chain_set_prompt (chain, main_thread_prompt, &m, NULL);
  thread = g_thread_new ("unlock", unlock_thread, &m);
  while (!g_atomic_int_get (&m.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_assert_no_error (m.error);
  g_assert_nonnull (m.key);
  g_assert_false (m.wrong_thread);
  g_assert_cmpuint (m.calls, ==, 2);
  g_assert_cmpuint (m.attempts[0], ==, 0);
  g_assert_cmpuint (m.attempts[1], ==, 1);
  _signet_private_key_unref (m.key);
}

static gboolean
cancel_when_asked (gpointer user_data)
{
  Marshal *m = user_data;

  if (m->held == NULL)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (m->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_chain_prompt_cancelled (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SignetPassphraseChain) chain = _signet_passphrase_chain_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SignetSecret) late = signet_secret_new ("right", -1);
  Marshal m = { f, chain, cancellable, g_thread_self (), 0, { 0 }, FALSE, NULL, NULL, NULL, FALSE };
  GThread *thread;

  _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_passphrase_chain_set_prompt (chain, main_thread_prompt, &m, NULL);
  thread = g_thread_new ("unlock", unlock_thread, &m);
  g_timeout_add (10, cancel_when_asked, &m);
  while (!g_atomic_int_get (&m.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_assert_null (m.key);
  g_assert_error (m.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (m.wrong_thread);
  g_assert_cmpuint (m.calls, ==, 1);
  /* A late answer after the cancellation is ignored (and frees the request). */
  _signet_passphrase_request_reply (m.held, late, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_error (&m.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("Run this test through run-with-keyring.sh\n");
      return 77;
    }

  g_test_add_func ("/Signet/Unit/secrets/keyring-passphrase", test_keyring_passphrase);
  g_test_add_func ("/Signet/Unit/secrets/login-shared-with-docker", test_login_shared_with_docker);
  g_test_add_func ("/Signet/Unit/secrets/login-async", test_login_async);
  g_test_add ("/Signet/Unit/secrets/chain-prompt-remember", Fixture, NULL, fixture_setup,
              test_chain_prompt_remember, fixture_teardown);
  g_test_add ("/Signet/Unit/secrets/chain-wrong-never-stored", Fixture, NULL, fixture_setup,
              test_chain_wrong_never_stored, fixture_teardown);
  g_test_add ("/Signet/Unit/secrets/chain-declined", Fixture, NULL, fixture_setup, test_chain_declined,
              fixture_teardown);
  g_test_add ("/Signet/Unit/secrets/chain-env", Fixture, NULL, fixture_setup, test_chain_env, fixture_teardown);
  g_test_add_func ("/Signet/Unit/secrets/chain-new-passphrase", test_chain_new_passphrase);
  g_test_add ("/Signet/Unit/secrets/chain-prompt-on-main-thread", Fixture, NULL, fixture_setup,
              test_chain_prompt_on_main_thread, fixture_teardown);
  g_test_add ("/Signet/Unit/secrets/chain-prompt-cancelled", Fixture, NULL, fixture_setup,
              test_chain_prompt_cancelled, fixture_teardown);

  return g_test_run ();
}
