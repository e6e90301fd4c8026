/* signet-secrets-private.h: where passphrases and registry logins come from.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passphrase chain (first that decrypts wins): docker's and notary's environment
 * variables, the keyring (libsecret schema io.github.signet.Passphrase, attributes
 * key_id, role, gun), then the prompt callback (terminal in the CLI, a dialog in the
 * app), which may ask to remember it. A wrong passphrase is reported to the prompt
 * (attempt > 0), asked again, and never stored.
 *
 * Registry logins use docker-credential-secretservice's schema io.docker.Credentials
 * (attributes label "Docker Credentials", server, username, docker_cli "1"), so docker
 * and Signet see the same logins.
 */

#pragma once

#include <gio/gio.h>

#include "signet-keystore-private.h"
#include "signet-remote.h"
#include "signet-secret.h"

G_BEGIN_DECLS

/* The environment variables tried for a key of @role, in order (static strings). */
const char * const *_signet_passphrase_env_vars         (const char    *role);

/* ---- keyring: passphrases ---- */

gboolean      _signet_keyring_store_passphrase     (const char    *key_id,
                                                    const char    *role,
                                                    const char    *gun,
                                                    SignetSecret  *passphrase,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
/* NULL without error when none is stored. */
SignetSecret *_signet_keyring_lookup_passphrase    (const char    *key_id,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
gboolean      _signet_keyring_forget_passphrase    (const char    *key_id,
                                                    GCancellable  *cancellable,
                                                    GError       **error);

/* ---- keyring: registry logins (shared with docker) ---- */

gboolean      _signet_login_store                  (const char    *server,
                                                    const char    *username,
                                                    SignetSecret  *secret,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
/* FALSE without error (and NULLs) when there is no login for @server. */
gboolean      _signet_login_lookup                 (const char    *server,
                                                    char         **username,
                                                    SignetSecret **secret,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
gboolean      _signet_login_remove                 (const char    *server,
                                                    GCancellable  *cancellable,
                                                    GError       **error);

/* Async versions (the work runs on a GTask thread; callbacks on the caller's context). */
void          _signet_keyring_forget_passphrase_async  (const char          *key_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean      _signet_keyring_forget_passphrase_finish (GAsyncResult        *result,
                                                        GError             **error);
void          _signet_login_store_async            (const char          *server,
                                                    const char          *username,
                                                    SignetSecret        *secret,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      _signet_login_store_finish           (GAsyncResult        *result,
                                                    GError             **error);
void          _signet_login_lookup_async           (const char          *server,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      _signet_login_lookup_finish          (GAsyncResult        *result,
                                                    char               **username,
                                                    SignetSecret       **secret,
                                                    GError             **error);
void          _signet_login_remove_async           (const char          *server,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      _signet_login_remove_finish          (GAsyncResult        *result,
                                                    GError             **error);

/* ---- checking a login before it is stored (as docker login does) ---- */

/* GET /v2/ on @registry through @remote with @username and @secret only (Basic auth, or
 * the Bearer token flow with them as the token server's Basic credentials). @remote's
 * credentials for @registry are replaced by these: use a client of its own, which has no
 * token cached for @registry. SIGNET_ERROR_AUTH when the registry (or its token server)
 * refuses them, SIGNET_ERROR_UNREACHABLE when it cannot be reached, other errors as the
 * remote reports them (TLS, server errors). */
void          _signet_login_check_async            (SignetRemote        *remote,
                                                    const char          *registry,
                                                    const char          *username,
                                                    SignetSecret        *secret,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      _signet_login_check_finish           (GAsyncResult        *result,
                                                    GError             **error);

/* ---- the passphrase chain ---- */

typedef struct _SignetPassphraseRequest SignetPassphraseRequest;

/* Called on the thread-default main context of the thread that set the prompt (the app's or
 * the CLI's main thread), also when the unlock runs in a worker thread (as in SignetOps):
 * the worker waits for the answer. Must eventually call _signet_passphrase_request_reply()
 * exactly once (NULL secret = the user declined), also after the request was cancelled. */
typedef void (*SignetPassphrasePromptFunc) (SignetPassphraseRequest *request,
                                            gpointer                 user_data);

const char   *_signet_passphrase_request_get_key_id (SignetPassphraseRequest *request);
const char   *_signet_passphrase_request_get_role   (SignetPassphraseRequest *request);
const char   *_signet_passphrase_request_get_gun    (SignetPassphraseRequest *request);
/* TRUE when a new passphrase is being chosen (ask twice). */
gboolean      _signet_passphrase_request_get_creating (SignetPassphraseRequest *request);
/* 0 on the first question; n > 0 after n wrong passphrases. */
guint         _signet_passphrase_request_get_attempt (SignetPassphraseRequest *request);
/* Whether the keyring is available to remember the passphrase. */
gboolean      _signet_passphrase_request_can_remember (SignetPassphraseRequest *request);
/* The unlock's cancellable (may be NULL): a prompt may close itself when it fires. */
GCancellable *_signet_passphrase_request_get_cancellable (SignetPassphraseRequest *request);
void          _signet_passphrase_request_reply      (SignetPassphraseRequest *request,
                                                     SignetSecret            *passphrase,
                                                     gboolean                 remember);

#define SIGNET_TYPE_PASSPHRASE_CHAIN (_signet_passphrase_chain_get_type ())
G_DECLARE_FINAL_TYPE (SignetPassphraseChain, _signet_passphrase_chain, SIGNET, PASSPHRASE_CHAIN, GObject)

SignetPassphraseChain *_signet_passphrase_chain_new        (void);
void          _signet_passphrase_chain_set_use_env          (SignetPassphraseChain *self,
                                                             gboolean               use_env);
void          _signet_passphrase_chain_set_use_keyring      (SignetPassphraseChain *self,
                                                             gboolean               use_keyring);
void          _signet_passphrase_chain_set_prompt           (SignetPassphraseChain *self,
                                                             SignetPassphrasePromptFunc func,
                                                             gpointer               user_data,
                                                             GDestroyNotify         destroy);
gboolean      _signet_passphrase_chain_get_use_env          (SignetPassphraseChain *self);
gboolean      _signet_passphrase_chain_get_use_keyring      (SignetPassphraseChain *self);
/* At most this many prompts for one key (default 3). */
void          _signet_passphrase_chain_set_max_attempts     (SignetPassphraseChain *self,
                                                             guint                  max_attempts);

/* Loads and decrypts key @key_id from @keystore, asking the chain for its passphrase.
 * SIGNET_ERROR_BAD_PASSPHRASE when no source gives a working passphrase,
 * SIGNET_ERROR_CANCELLED when the user declined. */
void          _signet_passphrase_chain_unlock_async         (SignetPassphraseChain *self,
                                                             SignetKeystore        *keystore,
                                                             const char            *key_id,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
SignetPrivateKey *_signet_passphrase_chain_unlock_finish    (SignetPassphraseChain *self,
                                                             GAsyncResult          *result,
                                                             SignetSecret         **passphrase,
                                                             GError               **error);
SignetPrivateKey *_signet_passphrase_chain_unlock           (SignetPassphraseChain *self,
                                                             SignetKeystore        *keystore,
                                                             const char            *key_id,
                                                             SignetSecret         **passphrase,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* A passphrase for a new key of @role (environment, then prompt with creating=TRUE).
 * If the prompt's answer asked to be remembered it is stored under @key_id. */
void          _signet_passphrase_chain_new_passphrase_async (SignetPassphraseChain *self,
                                                             const char            *key_id,
                                                             const char            *role,
                                                             const char            *gun,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
SignetSecret *_signet_passphrase_chain_new_passphrase_finish (SignetPassphraseChain *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
SignetSecret *_signet_passphrase_chain_new_passphrase       (SignetPassphraseChain *self,
                                                             const char            *key_id,
                                                             const char            *role,
                                                             const char            *gun,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* Only asks the prompt (no environment, no keyring, no check): for keys the chain cannot
 * open itself, such as cosign keys; the caller checks and asks again with @attempt + 1.
 * SIGNET_ERROR_CANCELLED when the user declined, SIGNET_ERROR_BAD_PASSPHRASE when there is
 * no prompt or @attempt reached the chain's maximum. */
void          _signet_passphrase_chain_ask_async            (SignetPassphraseChain *self,
                                                             const char            *key_id,
                                                             const char            *role,
                                                             const char            *gun,
                                                             guint                  attempt,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
SignetSecret *_signet_passphrase_chain_ask_finish           (SignetPassphraseChain *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

G_END_DECLS
