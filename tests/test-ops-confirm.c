/* test-ops-confirm.c: SignetOps asks its questions on the caller's main context.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The operation's worker thread waits while the question is answered on the main thread
 * (the app's dialogs cannot run anywhere else); a cancellation ends the wait.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "signet-error.h"
#include "signet-ops-private.h"

typedef struct
{
  SignetOps               *ops;
  SignetOpsData           *d;
  GThread                 *main_thread;
  guint                    calls;
  gboolean                 wrong_thread;
  gboolean                 answer;
  gboolean                 hold;
  SignetOpsConfirmRequest *held;
  char                    *question;
  gboolean                 result;
  GError                  *error;
  gboolean                 done;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("signet-ops-confirm-XXXXXX", &error);
  g_autoptr(SignetRemote) remote = NULL;

  g_assert_no_error (error);
  remote = signet_remote_new (dir, &error);
  g_assert_no_error (error);
  f->ops = signet_ops_new (remote, dir);
  f->d = g_new0 (SignetOpsData, 1);
  f->d->ops = f->ops;
  f->d->gun = g_strdup ("example.com/app");
  f->d->context = g_main_context_ref_thread_default ();
  f->main_thread = g_thread_self ();
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->d->cancellable);
  g_main_context_unref (f->d->context);
  g_free (f->d->gun);
  g_free (f->d);
  g_assert_finalize_object (f->ops);
  g_free (f->question);
  g_clear_error (&f->error);
}

static void
prompt_cb (SignetOpsConfirmRequest *request,
           gpointer                 user_data)
{
  Fixture *f = user_data;

  f->calls++;
  if (g_thread_self () != f->main_thread)
    f->wrong_thread = TRUE;
  g_free (f->question);
  f->question = g_strdup (_signet_ops_confirm_request_get_question (request));
  if (f->hold)
    {
      f->held = request;
      return;
    }
  _signet_ops_confirm_request_reply (request, f->answer);
}

static gboolean
sync_confirm_cb (const char *question,
                 gpointer    user_data)
{
  Fixture *f = user_data;

  f->calls++;
  if (g_thread_self () != f->main_thread)
    f->wrong_thread = TRUE;
  return f->answer;
}

static gpointer
confirm_thread (gpointer user_data)
{
  Fixture *f = user_data;

  f->result = _signet_ops_confirm (f->d, "Remove the signer?", &f->error);
  g_atomic_int_set (&f->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
run_in_worker (Fixture *f)
{
  GThread *thread = g_thread_new ("confirm", confirm_thread, f);

  while (!g_atomic_int_get (&f->done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
}

static void
test_prompt_on_main_thread (Fixture       *f,
                            gconstpointer  data)
{
  _signet_ops_set_confirm_prompt (f->ops, prompt_cb, f, NULL);
  f->answer = TRUE;
  run_in_worker (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpuint (f->calls, ==, 1);
  g_assert_false (f->wrong_thread);
  g_assert_cmpstr (f->question, ==, "Remove the signer?");

  f->answer = FALSE;
  f->done = FALSE;
  run_in_worker (f);
  g_assert_false (f->result);
  g_assert_error (f->error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED);
  g_assert_cmpuint (f->calls, ==, 2);
}

static void
test_sync_func_on_main_thread (Fixture       *f,
                               gconstpointer  data)
{
  signet_ops_set_confirm_func (f->ops, sync_confirm_cb, f, NULL);
  f->answer = TRUE;
  run_in_worker (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpuint (f->calls, ==, 1);
  g_assert_false (f->wrong_thread);
}

static gboolean
cancel_when_asked (gpointer user_data)
{
  Fixture *f = user_data;

  if (f->held == NULL)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (f->d->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled_while_asking (Fixture       *f,
                             gconstpointer  data)
{
  f->d->cancellable = g_cancellable_new ();
  f->hold = TRUE;
  _signet_ops_set_confirm_prompt (f->ops, prompt_cb, f, NULL);
  g_timeout_add (10, cancel_when_asked, f);
  run_in_worker (f);
  g_assert_false (f->result);
  g_assert_error (f->error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED);
  g_assert_true (_signet_ops_confirm_request_get_cancellable (f->held) == f->d->cancellable);
  /* The late answer is ignored and frees the request. */
  _signet_ops_confirm_request_reply (f->held, TRUE);
}

static void
test_no_confirm_refuses (Fixture       *f,
                         gconstpointer  data)
{
  g_assert_false (_signet_ops_confirm (f->d, "Remove the signer?", &f->error));
  g_assert_error (f->error, SIGNET_ERROR, SIGNET_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Signet/Unit/ops-confirm/prompt-on-main-thread", Fixture, NULL, fixture_setup,
              test_prompt_on_main_thread, fixture_teardown);
  g_test_add ("/Signet/Unit/ops-confirm/sync-func-on-main-thread", Fixture, NULL, fixture_setup,
              test_sync_func_on_main_thread, fixture_teardown);
  g_test_add ("/Signet/Unit/ops-confirm/cancelled-while-asking", Fixture, NULL, fixture_setup,
              test_cancelled_while_asking, fixture_teardown);
  g_test_add ("/Signet/Unit/ops-confirm/no-confirm-refuses", Fixture, NULL, fixture_setup,
              test_no_confirm_refuses, fixture_teardown);

  return g_test_run ();
}
