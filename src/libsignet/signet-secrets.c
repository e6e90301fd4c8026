/* signet-secrets.c: passphrase chain, keyring passphrases and registry logins.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

#include <string.h>

#include <libsecret/secret.h>

#include "signet-error.h"
#include "signet-remote-private.h"
#include "signet-secrets-private.h"

/* ---- schemas ---- */

static const SecretSchema *
passphrase_schema (void)
{
  static const SecretSchema schema = {
    "io.github.signet.Passphrase", SECRET_SCHEMA_NONE,
    {
      { "key_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "role", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "gun", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* As docker-credential-helpers' secretservice (secretservice_linux.c) defines it. */
static const SecretSchema *
docker_schema (void)
{
  static const SecretSchema schema = {
    "io.docker.Credentials", SECRET_SCHEMA_NONE,
    {
      { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "docker_cli", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

#define DOCKER_CREDS_LABEL "Docker Credentials"

static SignetSecret *
secret_from_value (SecretValue *value)
{
  const char *data;
  gsize len;

  data = secret_value_get (value, &len);
  return signet_secret_new (data, len);
}

static SecretValue *
value_from_secret (SignetSecret *secret)
{
  gsize len;
  const char *data = signet_secret_get (secret, &len);

  return secret_value_new (data, len, "text/plain");
}

/* ---- environment ---- */

const char * const *
_signet_passphrase_env_vars (const char *role)
{
  static const char * const root[] = { "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "NOTARY_ROOT_PASSPHRASE", NULL };
  static const char * const targets[] = { "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "NOTARY_TARGETS_PASSPHRASE", NULL };
  static const char * const snapshot[] = { "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "NOTARY_SNAPSHOT_PASSPHRASE", NULL };
  static const char * const timestamp[] = { "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "NOTARY_TIMESTAMP_PASSPHRASE", NULL };
  static const char * const other[] = { "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "NOTARY_DELEGATION_PASSPHRASE", NULL };

  static const char * const cosign[] = { "COSIGN_PASSWORD", NULL };

  if (role == NULL)
    return other;
  if (g_str_equal (role, "cosign"))
    return cosign;
  if (g_str_equal (role, "root"))
    return root;
  if (g_str_equal (role, "targets"))
    return targets;
  if (g_str_equal (role, "snapshot"))
    return snapshot;
  if (g_str_equal (role, "timestamp"))
    return timestamp;
  return other;
}

/* ---- keyring: passphrases ---- */

gboolean
_signet_keyring_store_passphrase (const char    *key_id,
                                  const char    *role,
                                  const char    *gun,
                                  SignetSecret  *passphrase,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  g_autofree char *short_id = NULL;

  g_return_val_if_fail (key_id != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  short_id = g_strndup (key_id, 7);
  if (gun != NULL && *gun != '\0')
    label = g_strdup_printf ("Passphrase of the %s key %s for %s (Signet)", role ? role : "signing", short_id, gun);
  else
    label = g_strdup_printf ("Passphrase of the %s key %s (Signet)", role ? role : "signing", short_id);

  value = value_from_secret (passphrase);
  return secret_password_store_binary_sync (passphrase_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                                            cancellable, error,
                                            "key_id", key_id,
                                            "role", role ? role : "",
                                            "gun", gun ? gun : "",
                                            NULL);
}

SignetSecret *
_signet_keyring_lookup_passphrase (const char    *key_id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(SecretValue) value = NULL;

  g_return_val_if_fail (key_id != NULL, NULL);

  value = secret_password_lookup_binary_sync (passphrase_schema (), cancellable, error, "key_id", key_id, NULL);
  if (value == NULL)
    return NULL;
  return secret_from_value (value);
}

gboolean
_signet_keyring_forget_passphrase (const char    *key_id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (key_id != NULL, FALSE);

  secret_password_clear_sync (passphrase_schema (), cancellable, &local_error, "key_id", key_id, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- keyring: logins ---- */

gboolean
_signet_login_store (const char    *server,
                     const char    *username,
                     SignetSecret  *secret,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(SecretValue) value = NULL;

  g_return_val_if_fail (server != NULL && *server != '\0', FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  /* One login per server, as docker keeps it. */
  if (!_signet_login_remove (server, cancellable, error))
    return FALSE;

  value = value_from_secret (secret);
  return secret_password_store_binary_sync (docker_schema (), SECRET_COLLECTION_DEFAULT, server, value,
                                            cancellable, error,
                                            "label", DOCKER_CREDS_LABEL,
                                            "server", server,
                                            "username", username,
                                            "docker_cli", "1",
                                            NULL);
}

gboolean
_signet_login_lookup (const char    *server,
                      char         **username,
                      SignetSecret **secret,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *items;
  SecretItem *item;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GHashTable) item_attributes = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  if (username != NULL)
    *username = NULL;
  if (secret != NULL)
    *secret = NULL;

  items = secret_password_search_sync (docker_schema (), SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       cancellable, &local_error,
                                       "server", server, "docker_cli", "1", NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (items == NULL)
    return FALSE;

  item = items->data;
  value = secret_retrievable_retrieve_secret_sync (SECRET_RETRIEVABLE (item), cancellable, &local_error);
  item_attributes = secret_retrievable_get_attributes (SECRET_RETRIEVABLE (item));
  g_list_free_full (items, g_object_unref);
  if (value == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH, "The keyring item for %s holds no secret", server);
      return FALSE;
    }
  if (username != NULL)
    *username = g_strdup (g_hash_table_lookup (item_attributes, "username"));
  if (secret != NULL)
    *secret = secret_from_value (value);
  return TRUE;
}

gboolean
_signet_login_remove (const char    *server,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  secret_password_clear_sync (docker_schema (), cancellable, &local_error, "server", server, "docker_cli", "1",
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- async wrappers ---- */

typedef struct
{
  char         *server;
  char         *username;
  SignetSecret *secret;
  gboolean      found;
} LoginData;

static void
login_data_free (LoginData *d)
{
  g_free (d->server);
  g_free (d->username);
  g_clear_pointer (&d->secret, signet_secret_unref);
  g_free (d);
}

static GTask *
login_task (gpointer             source_tag,
            const char          *server,
            const char          *username,
            SignetSecret        *secret,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LoginData *d = g_new0 (LoginData, 1);

  g_task_set_source_tag (task, source_tag);
  d->server = g_strdup (server);
  d->username = g_strdup (username);
  d->secret = secret ? signet_secret_ref (secret) : NULL;
  g_task_set_task_data (task, d, (GDestroyNotify) login_data_free);
  return task;
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;

  if (_signet_keyring_forget_passphrase (d->server, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
_signet_keyring_forget_passphrase_async (const char          *key_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = login_task (_signet_keyring_forget_passphrase_async, key_id, NULL, NULL, cancellable,
                                      callback, user_data);
  g_task_run_in_thread (task, forget_thread);
}

gboolean
_signet_keyring_forget_passphrase_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
login_store_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;

  if (_signet_login_store (d->server, d->username, d->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
_signet_login_store_async (const char          *server,
                           const char          *username,
                           SignetSecret        *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL && username != NULL && secret != NULL);

  task = login_task (_signet_login_store_async, server, username, secret, cancellable, callback, user_data);
  g_task_run_in_thread (task, login_store_thread);
}

gboolean
_signet_login_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
login_lookup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;

  d->found = _signet_login_lookup (d->server, &d->username, &d->secret, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, d->found);
}

void
_signet_login_lookup_async (const char          *server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = login_task (_signet_login_lookup_async, server, NULL, NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, login_lookup_thread);
}

gboolean
_signet_login_lookup_finish (GAsyncResult  *result,
                             char         **username,
                             SignetSecret **secret,
                             GError       **error)
{
  LoginData *d = g_task_get_task_data (G_TASK (result));
  gboolean found = g_task_propagate_boolean (G_TASK (result), error);

  if (username != NULL)
    *username = found ? g_steal_pointer (&d->username) : NULL;
  if (secret != NULL)
    *secret = found ? g_steal_pointer (&d->secret) : NULL;
  return found;
}

static void
login_remove_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;

  if (_signet_login_remove (d->server, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
_signet_login_remove_async (const char          *server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = login_task (_signet_login_remove_async, server, NULL, NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, login_remove_thread);
}

gboolean
_signet_login_remove_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- checking a login against its registry ---- */

typedef struct
{
  char *registry;
} LoginCheck;

static void
login_check_free (LoginCheck *c)
{
  g_free (c->registry);
  g_free (c);
}

static void
login_check_ping_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoginCheck *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (signet_remote_ping_finish (SIGNET_REMOTE (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_AUTH))
    g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                             "%s refused the login: %s", c->registry, error->message);
  else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE))
    g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE,
                             "Cannot check the login: %s", error->message);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
_signet_login_check_async (SignetRemote        *remote,
                           const char          *registry,
                           const char          *username,
                           SignetSecret        *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetCredentials) creds = NULL;
  g_autofree char *password = NULL;
  LoginCheck *c;

  g_return_if_fail (SIGNET_IS_REMOTE (remote));
  g_return_if_fail (registry != NULL && *registry != '\0');
  g_return_if_fail (username != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (remote, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_login_check_async);
  c = g_new0 (LoginCheck, 1);
  c->registry = g_strdup (registry);
  g_task_set_task_data (task, c, (GDestroyNotify) login_check_free);

  if (*username == '\0' || signet_secret_is_empty (secret))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                               "A login for %s needs a user name and a password", registry);
      return;
    }
  /* SignetCredentials keeps a NUL-terminated copy and wipes it when freed. */
  password = g_strndup (signet_secret_get_data (secret), signet_secret_get_length (secret));
  creds = _signet_credentials_new (registry, username, password, NULL);
  OPENSSL_cleanse (password, strlen (password));
  _signet_remote_set_credentials (remote, registry, creds);
  signet_remote_ping_async (remote, registry, cancellable, login_check_ping_cb, g_steal_pointer (&task));
}

gboolean
_signet_login_check_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the chain ---- */

struct _SignetPassphraseChain
{
  GObject                    parent_instance;
  gboolean                   use_env;
  gboolean                   use_keyring;
  guint                      max_attempts;
  SignetPassphrasePromptFunc prompt;
  gpointer                   prompt_data;
  GDestroyNotify             prompt_destroy;
  GMainContext              *prompt_context;   /* where the prompt runs */
  GThread                   *prompt_thread;    /* the thread that set it */
};

G_DEFINE_FINAL_TYPE (SignetPassphraseChain, _signet_passphrase_chain, G_TYPE_OBJECT)

static void
_signet_passphrase_chain_finalize (GObject *object)
{
  SignetPassphraseChain *self = (SignetPassphraseChain *) object;

  if (self->prompt_destroy != NULL)
    self->prompt_destroy (self->prompt_data);
  g_clear_pointer (&self->prompt_context, g_main_context_unref);

  G_OBJECT_CLASS (_signet_passphrase_chain_parent_class)->finalize (object);
}

static void
_signet_passphrase_chain_class_init (SignetPassphraseChainClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = _signet_passphrase_chain_finalize;
}

static void
_signet_passphrase_chain_init (SignetPassphraseChain *self)
{
  self->use_env = TRUE;
  self->use_keyring = TRUE;
  self->max_attempts = 3;
}

SignetPassphraseChain *
_signet_passphrase_chain_new (void)
{
  return g_object_new (SIGNET_TYPE_PASSPHRASE_CHAIN, NULL);
}

void
_signet_passphrase_chain_set_use_env (SignetPassphraseChain *self,
                                      gboolean               use_env)
{
  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));
  self->use_env = !!use_env;
}

void
_signet_passphrase_chain_set_use_keyring (SignetPassphraseChain *self,
                                          gboolean               use_keyring)
{
  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));
  self->use_keyring = !!use_keyring;
}

void
_signet_passphrase_chain_set_max_attempts (SignetPassphraseChain *self,
                                           guint                  max_attempts)
{
  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));
  self->max_attempts = MAX (1, max_attempts);
}

void
_signet_passphrase_chain_set_prompt (SignetPassphraseChain     *self,
                                     SignetPassphrasePromptFunc func,
                                     gpointer                   user_data,
                                     GDestroyNotify             destroy)
{
  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));

  if (self->prompt_destroy != NULL)
    self->prompt_destroy (self->prompt_data);
  self->prompt = func;
  self->prompt_data = user_data;
  self->prompt_destroy = destroy;
  g_clear_pointer (&self->prompt_context, g_main_context_unref);
  self->prompt_context = g_main_context_ref_thread_default ();
  self->prompt_thread = g_thread_self ();
}

typedef struct
{
  SignetPassphraseChain *chain;
  SignetKeystore        *keystore;
  char                  *key_id;
  char                  *role;
  char                  *gun;
  gboolean               creating;
  gboolean               ask_only;
  guint                  attempt;
  SignetSecret          *prompted;
  gboolean               remember;
  SignetSecret          *used;
} Unlock;

static void
unlock_free (Unlock *u)
{
  g_clear_object (&u->chain);
  g_clear_object (&u->keystore);
  g_free (u->key_id);
  g_free (u->role);
  g_free (u->gun);
  g_clear_pointer (&u->prompted, signet_secret_unref);
  g_clear_pointer (&u->used, signet_secret_unref);
  g_free (u);
}

/* A question on its way to the prompt. The prompt runs on the context the prompt was set
 * on (the app's or the CLI's main context), even when the unlock runs in a worker thread;
 * the answer (or the cancellation) goes back to the unlock's own context. Two references:
 * the prompt's (dropped by _reply) and the cancellable handler's. */
struct _SignetPassphraseRequest
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GTask           *task;          /* the outer task (task data: the Unlock); NULL once answered */
  GCancellable    *cancellable;
  gulong           cancelled_id;
  SignetSecret    *answer;
  gboolean         remember;
  gboolean         cancelled;
  gboolean         has_answer;
};

static SignetPassphraseRequest *
request_ref (SignetPassphraseRequest *request)
{
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

static void
request_unref (SignetPassphraseRequest *request)
{
  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_clear_object (&request->task);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->answer, signet_secret_unref);
  g_mutex_clear (&request->lock);
  g_free (request);
}

GCancellable *
_signet_passphrase_request_get_cancellable (SignetPassphraseRequest *request)
{
  return request->cancellable;
}

const char *
_signet_passphrase_request_get_key_id (SignetPassphraseRequest *request)
{
  return ((Unlock *) g_task_get_task_data (request->task))->key_id;
}

const char *
_signet_passphrase_request_get_role (SignetPassphraseRequest *request)
{
  return ((Unlock *) g_task_get_task_data (request->task))->role;
}

const char *
_signet_passphrase_request_get_gun (SignetPassphraseRequest *request)
{
  return ((Unlock *) g_task_get_task_data (request->task))->gun;
}

gboolean
_signet_passphrase_request_get_creating (SignetPassphraseRequest *request)
{
  return ((Unlock *) g_task_get_task_data (request->task))->creating;
}

guint
_signet_passphrase_request_get_attempt (SignetPassphraseRequest *request)
{
  return ((Unlock *) g_task_get_task_data (request->task))->attempt;
}

gboolean
_signet_passphrase_request_can_remember (SignetPassphraseRequest *request)
{
  Unlock *u = g_task_get_task_data (request->task);
  return u->chain->use_keyring && u->key_id != NULL;
}

static SignetSecret *
env_secret (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    return NULL;
  return signet_secret_new (value, -1);
}

/* Returns the key, or NULL and no error when the prompt must be asked. */
static SignetPrivateKey *
try_env_and_keyring (Unlock   *u,
                     GError  **error)
{
  g_autoptr(SignetKeyInfo) info = NULL;
  g_autoptr(SignetSecret) stored = NULL;
  const char * const *vars;
  GError *local_error = NULL;

  info = _signet_keystore_find (u->keystore, u->key_id, error);
  if (info == NULL)
    return NULL;
  g_free (u->key_id);
  u->key_id = g_strdup (info->id);
  u->role = g_strdup (info->role);
  u->gun = g_strdup (info->gun);

  if (!info->encrypted)
    return _signet_keystore_load (u->keystore, u->key_id, NULL, error);

  vars = _signet_passphrase_env_vars (u->role);
  for (guint i = 0; u->chain->use_env && vars[i] != NULL; i++)
    {
      g_autoptr(SignetSecret) pass = env_secret (vars[i]);
      SignetPrivateKey *key;

      if (pass == NULL)
        continue;
      key = _signet_keystore_load (u->keystore, u->key_id, pass, &local_error);
      if (key != NULL)
        {
          u->used = g_steal_pointer (&pass);
          return key;
        }
      if (!g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_debug ("%s does not decrypt key %s", vars[i], u->key_id);
      g_clear_error (&local_error);
    }

  if (u->chain->use_keyring)
    {
      stored = _signet_keyring_lookup_passphrase (u->key_id, NULL, &local_error);
      if (local_error != NULL)
        {
          g_debug ("Keyring not available: %s", local_error->message);
          g_clear_error (&local_error);
        }
      if (stored != NULL)
        {
          SignetPrivateKey *key = _signet_keystore_load (u->keystore, u->key_id, stored, &local_error);

          if (key != NULL)
            {
              u->used = g_steal_pointer (&stored);
              return key;
            }
          if (!g_error_matches (local_error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE))
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          g_debug ("The keyring's passphrase does not decrypt key %s", u->key_id);
          g_clear_error (&local_error);
        }
    }

  return NULL;
}

static void
phase_a_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  SignetPrivateKey *key = try_env_and_keyring (task_data, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, key ? (GDestroyNotify) _signet_private_key_unref : NULL);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

static void ask (GTask *task);

static void
phase_c_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Unlock *u = task_data;
  GError *error = NULL;
  SignetPrivateKey *key;

  key = _signet_keystore_load (u->keystore, u->key_id, u->prompted, &error);
  if (key == NULL)
    {
      g_task_return_error (task, error);
      OPENSSL_thread_stop ();
      return;
    }
  if (u->remember && u->chain->use_keyring)
    {
      g_autoptr(GError) store_error = NULL;

      if (!_signet_keyring_store_passphrase (u->key_id, u->role, u->gun, u->prompted, cancellable, &store_error))
        g_warning ("Could not remember the passphrase of key %s in the keyring: %s", u->key_id,
                   store_error->message);
    }
  g_task_return_pointer (task, key, (GDestroyNotify) _signet_private_key_unref);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

static void
phase_c_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Unlock *u = g_task_get_task_data (task);
  GError *error = NULL;
  SignetPrivateKey *key;

  key = g_task_propagate_pointer (G_TASK (result), &error);
  if (key != NULL)
    {
      u->used = g_steal_pointer (&u->prompted);
      g_task_return_pointer (task, key, (GDestroyNotify) _signet_private_key_unref);
      return;
    }
  g_clear_pointer (&u->prompted, signet_secret_unref);
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE) && u->attempt + 1 < u->chain->max_attempts)
    {
      g_clear_error (&error);
      u->attempt++;
      ask (g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static void
new_passphrase_store_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  Unlock *u = task_data;
  g_autoptr(GError) error = NULL;

  if (!_signet_keyring_store_passphrase (u->key_id, u->role, u->gun, u->prompted, cancellable, &error))
    g_warning ("Could not remember the passphrase in the keyring: %s", error->message);
  g_task_return_boolean (task, TRUE);
  /* GLib keeps its worker threads: free OpenSSL's per-thread state (DRBGs). */
  OPENSSL_thread_stop ();
}

static void
new_passphrase_stored (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Unlock *u = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&u->prompted), (GDestroyNotify) signet_secret_unref);
}

static void answered (GTask *task, SignetSecret *passphrase, gboolean remember);

/* On the unlock's context. */
static gboolean
request_deliver (gpointer user_data)
{
  SignetPassphraseRequest *request = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetSecret) answer = NULL;
  gboolean remember;
  gboolean cancelled;

  g_mutex_lock (&request->lock);
  task = g_steal_pointer (&request->task);
  answer = g_steal_pointer (&request->answer);
  remember = request->remember;
  cancelled = request->cancelled;
  g_mutex_unlock (&request->lock);
  if (task == NULL)
    return G_SOURCE_REMOVE;

  /* Never from inside the handler: this runs from an idle source. */
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->cancellable, request->cancelled_id);
  request->cancelled_id = 0;

  if (cancelled)
    {
      Unlock *u = g_task_get_task_data (task);

      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_CANCELLED,
                               "Cancelled while asking for the passphrase of the %s key %s",
                               u->role ? u->role : "signing", u->key_id ? u->key_id : "");
      return G_SOURCE_REMOVE;
    }
  answered (g_steal_pointer (&task), answer, remember);
  return G_SOURCE_REMOVE;
}

/* Records the first answer and schedules its delivery on the unlock's context. */
static void
request_answer (SignetPassphraseRequest *request,
                SignetSecret            *passphrase,
                gboolean                 remember,
                gboolean                 cancelled)
{
  GMainContext *context = NULL;
  GSource *source;

  g_mutex_lock (&request->lock);
  if (request->task != NULL && !request->has_answer)
    {
      request->has_answer = TRUE;
      request->answer = passphrase ? signet_secret_ref (passphrase) : NULL;
      request->remember = remember;
      request->cancelled = cancelled;
      context = g_main_context_ref (g_task_get_context (request->task));
    }
  g_mutex_unlock (&request->lock);
  if (context == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, request_deliver, request_ref (request), (GDestroyNotify) request_unref);
  g_source_set_static_name (source, "[signet] passphrase answer");
  g_source_attach (source, context);
  g_source_unref (source);
  g_main_context_unref (context);
}

static void
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  request_answer (user_data, NULL, FALSE, TRUE);
}

void
_signet_passphrase_request_reply (SignetPassphraseRequest *request,
                                  SignetSecret            *passphrase,
                                  gboolean                 remember)
{
  g_return_if_fail (request != NULL);

  request_answer (request, passphrase, remember, FALSE);
  request_unref (request);
}

static void
answered (GTask        *task,
          SignetSecret *passphrase,
          gboolean      remember)
{
  Unlock *u = g_task_get_task_data (task);
  g_autoptr(GTask) inner = NULL;

  if (passphrase == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_CANCELLED,
                               "No passphrase given for the %s key %s", u->role ? u->role : "signing",
                               u->key_id ? u->key_id : "");
      g_object_unref (task);
      return;
    }

  if (u->ask_only)
    {
      g_task_return_pointer (task, signet_secret_ref (passphrase), (GDestroyNotify) signet_secret_unref);
      g_object_unref (task);
      return;
    }
  u->prompted = signet_secret_ref (passphrase);
  u->remember = remember;
  inner = g_task_new (NULL, g_task_get_cancellable (task), u->creating ? new_passphrase_stored : phase_c_done, task);
  g_task_set_task_data (inner, u, NULL);
  if (u->creating)
    {
      if (remember && u->chain->use_keyring && u->key_id != NULL)
        g_task_run_in_thread (inner, new_passphrase_store_thread);
      else
        g_task_return_boolean (inner, TRUE);
    }
  else
    g_task_run_in_thread (inner, phase_c_thread);
}

/* On the prompt's context. */
static gboolean
request_show (gpointer user_data)
{
  SignetPassphraseRequest *request = user_data;
  SignetPassphraseChain *chain;
  gboolean pending;

  g_mutex_lock (&request->lock);
  pending = request->task != NULL && !request->has_answer;
  chain = pending ? g_object_ref (((Unlock *) g_task_get_task_data (request->task))->chain) : NULL;
  g_mutex_unlock (&request->lock);

  if (!pending || chain->prompt == NULL)
    {
      /* Cancelled on the way (or the prompt went away): drop the prompt's reference. */
      if (pending)
        request_answer (request, NULL, FALSE, FALSE);
      request_unref (request);
      g_clear_object (&chain);
      return G_SOURCE_REMOVE;
    }
  chain->prompt (request, chain->prompt_data);
  g_object_unref (chain);
  return G_SOURCE_REMOVE;
}

static void
ask (GTask *task)
{
  Unlock *u = g_task_get_task_data (task);
  SignetPassphraseRequest *request;
  GMainContext *prompt_context;

  if (u->chain->prompt == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                               u->attempt > 0
                               ? "The passphrase does not decrypt the %s key %s"
                               : "No passphrase for the %s key %s in the environment or the keyring",
                               u->role ? u->role : "signing", u->key_id);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  request = g_new0 (SignetPassphraseRequest, 1);
  g_atomic_ref_count_init (&request->ref_count);   /* the prompt's */
  g_mutex_init (&request->lock);
  request->task = task;
  if (g_task_get_cancellable (task) != NULL)
    {
      request->cancellable = g_object_ref (g_task_get_cancellable (task));
      request->cancelled_id = g_cancellable_connect (request->cancellable,
                                                     G_CALLBACK (request_cancelled_cb),
                                                     request_ref (request),
                                                     (GDestroyNotify) request_unref);
    }

  /* Directly when on the prompt's own thread (its context, or a sync unlock blocking it). */
  prompt_context = u->chain->prompt_context ? u->chain->prompt_context : g_main_context_default ();
  if (prompt_context == g_task_get_context (task) || u->chain->prompt_thread == g_thread_self ())
    request_show (request);
  else
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, request_show, request, NULL);
      g_source_set_static_name (source, "[signet] passphrase prompt");
      g_source_attach (source, prompt_context);
      g_source_unref (source);
    }
}

static void
phase_a_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  SignetPrivateKey *key;

  key = g_task_propagate_pointer (G_TASK (result), &error);
  if (key != NULL)
    g_task_return_pointer (task, key, (GDestroyNotify) _signet_private_key_unref);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      ask (task);
      return;
    }
  g_object_unref (task);
}

void
_signet_passphrase_chain_unlock_async (SignetPassphraseChain *self,
                                       SignetKeystore        *keystore,
                                       const char            *key_id,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  GTask *task;
  g_autoptr(GTask) inner = NULL;
  Unlock *u;

  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));
  g_return_if_fail (SIGNET_IS_KEYSTORE (keystore));
  g_return_if_fail (key_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_passphrase_chain_unlock_async);
  u = g_new0 (Unlock, 1);
  u->chain = g_object_ref (self);
  u->keystore = g_object_ref (keystore);
  u->key_id = g_strdup (key_id);
  g_task_set_task_data (task, u, (GDestroyNotify) unlock_free);

  inner = g_task_new (NULL, cancellable, phase_a_done, task);
  g_task_set_task_data (inner, u, NULL);
  g_task_run_in_thread (inner, phase_a_thread);
}

SignetPrivateKey *
_signet_passphrase_chain_unlock_finish (SignetPassphraseChain  *self,
                                        GAsyncResult           *result,
                                        SignetSecret          **passphrase,
                                        GError                **error)
{
  SignetPrivateKey *key;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  key = g_task_propagate_pointer (G_TASK (result), error);
  if (passphrase != NULL)
    {
      Unlock *u = g_task_get_task_data (G_TASK (result));
      *passphrase = key && u->used ? signet_secret_ref (u->used) : NULL;
    }
  return key;
}

void
_signet_passphrase_chain_new_passphrase_async (SignetPassphraseChain *self,
                                               const char            *key_id,
                                               const char            *role,
                                               const char            *gun,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  GTask *task;
  Unlock *u;
  const char * const *vars;

  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_passphrase_chain_new_passphrase_async);
  u = g_new0 (Unlock, 1);
  u->chain = g_object_ref (self);
  u->key_id = g_strdup (key_id);
  u->role = g_strdup (role);
  u->gun = g_strdup (gun);
  u->creating = TRUE;
  g_task_set_task_data (task, u, (GDestroyNotify) unlock_free);

  vars = _signet_passphrase_env_vars (role);
  for (guint i = 0; self->use_env && vars[i] != NULL; i++)
    {
      SignetSecret *pass = env_secret (vars[i]);

      if (pass != NULL)
        {
          g_task_return_pointer (task, pass, (GDestroyNotify) signet_secret_unref);
          g_object_unref (task);
          return;
        }
    }

  if (self->prompt == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                               "No passphrase for the new %s key: set %s or run interactively",
                               role ? role : "signing", vars[0]);
      g_object_unref (task);
      return;
    }
  ask (task);
}

SignetSecret *
_signet_passphrase_chain_new_passphrase_finish (SignetPassphraseChain  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GMainContext  *context,
          GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (context, TRUE);
  return *result;
}

SignetPrivateKey *
_signet_passphrase_chain_unlock (SignetPassphraseChain  *self,
                                 SignetKeystore         *keystore,
                                 const char             *key_id,
                                 SignetSecret          **passphrase,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  SignetPrivateKey *key;

  g_main_context_push_thread_default (context);
  _signet_passphrase_chain_unlock_async (self, keystore, key_id, cancellable, sync_cb, &result);
  wait_for (context, &result);
  key = _signet_passphrase_chain_unlock_finish (self, result, passphrase, error);
  g_main_context_pop_thread_default (context);
  return key;
}

SignetSecret *
_signet_passphrase_chain_new_passphrase (SignetPassphraseChain  *self,
                                         const char             *key_id,
                                         const char             *role,
                                         const char             *gun,
                                         GCancellable           *cancellable,
                                         GError                **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  SignetSecret *secret;

  g_main_context_push_thread_default (context);
  _signet_passphrase_chain_new_passphrase_async (self, key_id, role, gun, cancellable, sync_cb, &result);
  wait_for (context, &result);
  secret = _signet_passphrase_chain_new_passphrase_finish (self, result, error);
  g_main_context_pop_thread_default (context);
  return secret;
}

gboolean
_signet_passphrase_chain_get_use_env (SignetPassphraseChain *self)
{
  g_return_val_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self), FALSE);
  return self->use_env;
}

gboolean
_signet_passphrase_chain_get_use_keyring (SignetPassphraseChain *self)
{
  g_return_val_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self), FALSE);
  return self->use_keyring;
}

void
_signet_passphrase_chain_ask_async (SignetPassphraseChain *self,
                                    const char            *key_id,
                                    const char            *role,
                                    const char            *gun,
                                    guint                  attempt,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;
  Unlock *u;

  g_return_if_fail (SIGNET_IS_PASSPHRASE_CHAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_passphrase_chain_ask_async);
  u = g_new0 (Unlock, 1);
  u->chain = g_object_ref (self);
  u->key_id = g_strdup (key_id);
  u->role = g_strdup (role);
  u->gun = g_strdup (gun);
  u->attempt = attempt;
  u->ask_only = TRUE;
  g_task_set_task_data (task, u, (GDestroyNotify) unlock_free);
  if (attempt >= self->max_attempts)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                               "The passphrase does not decrypt the %s key %s", role ? role : "signing",
                               key_id ? key_id : "");
      g_object_unref (task);
      return;
    }
  ask (task);
}

SignetSecret *
_signet_passphrase_chain_ask_finish (SignetPassphraseChain  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
