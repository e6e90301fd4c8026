/* signet-docker-config.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-docker-config-private.h"
#include "signet-error.h"
#include "signet-reference.h"

#define CONFIG_MAX_SIZE (1024 * 1024)
#define HELPER_OUTPUT_MAX (1024 * 1024)

struct _SignetDockerConfig
{
  grefcount  ref_count;
  char      *dir;
  char      *path;
  JsonNode  *root;          /* the whole config.json, or NULL */
  char      *creds_store;
  GHashTable *cred_helpers; /* registry -> helper name */
};

struct _SignetTlsConfig
{
  grefcount        ref_count;
  GPtrArray       *ca_dbs;       /* GTlsDatabase*, one per *.crt file */
  GTlsCertificate *client_cert;
};

static void
wipe_free (char *s)
{
  if (s == NULL)
    return;
  explicit_bzero (s, strlen (s));
  g_free (s);
}

SignetCredentials *
_signet_credentials_new (const char *server,
                         const char *username,
                         const char *password,
                         const char *identity_token)
{
  SignetCredentials *creds = g_new0 (SignetCredentials, 1);

  creds->server = g_strdup (server);
  creds->username = g_strdup (username);
  creds->password = g_strdup (password);
  creds->identity_token = g_strdup (identity_token);
  return creds;
}

SignetCredentials *
_signet_credentials_copy (const SignetCredentials *creds)
{
  if (creds == NULL)
    return NULL;
  return _signet_credentials_new (creds->server, creds->username, creds->password,
                                  creds->identity_token);
}

void
_signet_credentials_free (SignetCredentials *creds)
{
  if (creds == NULL)
    return;
  g_free (creds->server);
  wipe_free (creds->username);
  wipe_free (creds->password);
  wipe_free (creds->identity_token);
  g_free (creds);
}

char *
_signet_docker_config_default_dir (void)
{
  const char *env = g_getenv ("DOCKER_CONFIG");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_home_dir (), ".docker", NULL);
}

char *
_signet_docker_config_default_trust_dir (void)
{
  g_autofree char *dir = _signet_docker_config_default_dir ();

  return g_build_filename (dir, "trust", NULL);
}

SignetDockerConfig *
_signet_docker_config_load (const char  *dir,
                            GError     **error)
{
  g_autoptr(SignetDockerConfig) self = g_new0 (SignetDockerConfig, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  JsonObject *obj;

  g_ref_count_init (&self->ref_count);
  self->dir = dir ? g_strdup (dir) : _signet_docker_config_default_dir ();
  self->path = g_build_filename (self->dir, "config.json", NULL);
  self->cred_helpers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (self->path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the docker configuration: ");
      return NULL;
    }
  if (len > CONFIG_MAX_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s is larger than %d bytes", self->path, CONFIG_MAX_SIZE);
      return NULL;
    }
  if (len == 0)
    return g_steal_pointer (&self);

  self->root = json_from_string (contents, &local_error);
  explicit_bzero (contents, len);
  if (self->root == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s is not valid JSON: %s", self->path, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (self->root))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s is not a JSON object", self->path);
      return NULL;
    }
  obj = json_node_get_object (self->root);

  if (json_object_has_member (obj, "auths"))
    {
      JsonNode *auths = json_object_get_member (obj, "auths");

      if (!JSON_NODE_HOLDS_OBJECT (auths) && !JSON_NODE_HOLDS_NULL (auths))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: “auths” is not an object", self->path);
          return NULL;
        }
    }

  if (json_object_has_member (obj, "credsStore"))
    {
      JsonNode *n = json_object_get_member (obj, "credsStore");

      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        {
          const char *v = json_node_get_string (n);

          if (v[0] != '\0')
            self->creds_store = g_strdup (v);
        }
      else if (!JSON_NODE_HOLDS_NULL (n))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: “credsStore” is not a string", self->path);
          return NULL;
        }
    }

  if (json_object_has_member (obj, "credHelpers"))
    {
      JsonNode *n = json_object_get_member (obj, "credHelpers");

      if (JSON_NODE_HOLDS_OBJECT (n))
        {
          JsonObjectIter iter;
          const char *key;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (n));
          while (json_object_iter_next (&iter, &key, &value))
            {
              if (!JSON_NODE_HOLDS_VALUE (value) ||
                  json_node_get_value_type (value) != G_TYPE_STRING)
                {
                  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "%s: credHelpers[“%s”] is not a string", self->path, key);
                  return NULL;
                }
              g_hash_table_replace (self->cred_helpers, g_strdup (key),
                                    g_strdup (json_node_get_string (value)));
            }
        }
      else if (!JSON_NODE_HOLDS_NULL (n))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: “credHelpers” is not an object", self->path);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

SignetDockerConfig *
_signet_docker_config_ref (SignetDockerConfig *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
_signet_docker_config_unref (SignetDockerConfig *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_free (self->dir);
  g_free (self->path);
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->creds_store);
  g_clear_pointer (&self->cred_helpers, g_hash_table_unref);
  g_free (self);
}

const char *
_signet_docker_config_get_dir (SignetDockerConfig *self)
{
  return self->dir;
}

const char *
_signet_docker_config_get_creds_store (SignetDockerConfig *self)
{
  return self->creds_store;
}

static gboolean
is_docker_hub (const char *registry)
{
  return g_str_equal (registry, SIGNET_DOCKER_HUB_REGISTRY) ||
         g_str_equal (registry, "index.docker.io") ||
         g_str_equal (registry, "registry-1.docker.io") ||
         g_str_equal (registry, SIGNET_DOCKER_HUB_AUTH_KEY);
}

char *
_signet_docker_auth_key (const char *registry)
{
  if (is_docker_hub (registry))
    return g_strdup (SIGNET_DOCKER_HUB_AUTH_KEY);
  return g_strdup (registry);
}

const char *
_signet_docker_config_get_helper_for (SignetDockerConfig *self,
                                      const char         *registry)
{
  g_autofree char *key = _signet_docker_auth_key (registry);
  const char *helper;

  helper = g_hash_table_lookup (self->cred_helpers, key);
  if (helper == NULL)
    helper = g_hash_table_lookup (self->cred_helpers, registry);
  if (helper != NULL && helper[0] != '\0')
    return helper;
  return self->creds_store;
}

/* docker's ConvertToHostname: strip the scheme and any path. */
static char *
key_to_hostname (const char *key)
{
  const char *p = key;
  const char *slash;

  if (g_str_has_prefix (p, "http://"))
    p += strlen ("http://");
  else if (g_str_has_prefix (p, "https://"))
    p += strlen ("https://");
  slash = strchr (p, '/');
  return slash ? g_strndup (p, slash - p) : g_strdup (p);
}

/* Strict standard base64 (with padding), as Go's StdEncoding. */
static guchar *
decode_base64_strict (const char *text,
                      gsize      *out_len)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len == 0 || len % 4 != 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < len - 2)
            return NULL;
          pad++;
        }
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }
  return g_base64_decode (text, out_len);
}

static SignetCredentials *
credentials_from_entry (SignetDockerConfig  *self,
                        const char          *key,
                        JsonNode            *entry,
                        GError             **error)
{
  JsonObject *o;
  const char *auth = NULL;
  const char *identity_token = NULL;
  const char *username = NULL;
  const char *password = NULL;
  g_autofree char *user = NULL;
  g_autofree char *pass = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: auths[“%s”] is not an object", self->path, key);
      return NULL;
    }
  o = json_node_get_object (entry);
#define GET_STR(name, var)                                                          \
  if (json_object_has_member (o, name))                                             \
    {                                                                               \
      JsonNode *n_ = json_object_get_member (o, name);                              \
      if (JSON_NODE_HOLDS_VALUE (n_) && json_node_get_value_type (n_) == G_TYPE_STRING) \
        var = json_node_get_string (n_);                                            \
      else if (!JSON_NODE_HOLDS_NULL (n_))                                          \
        {                                                                           \
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,                 \
                       "%s: auths[“%s”].%s is not a string", self->path, key, name); \
          return NULL;                                                              \
        }                                                                           \
    }
  GET_STR ("auth", auth);
  GET_STR ("identitytoken", identity_token);
  GET_STR ("username", username);
  GET_STR ("password", password);
#undef GET_STR

  if (auth != NULL && auth[0] != '\0')
    {
      gsize dlen = 0;
      g_autofree guchar *decoded = decode_base64_strict (auth, &dlen);
      const char *colon;

      if (decoded == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: auths[“%s”].auth is not valid base64", self->path, key);
          return NULL;
        }
      colon = memchr (decoded, ':', dlen);
      if (colon == NULL || memchr (decoded, '\0', dlen) != NULL)
        {
          explicit_bzero (decoded, dlen);
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: auths[“%s”].auth does not decode to “user:password”",
                       self->path, key);
          return NULL;
        }
      user = g_strndup ((const char *) decoded, colon - (const char *) decoded);
      pass = g_strndup (colon + 1, dlen - (colon + 1 - (const char *) decoded));
      explicit_bzero (decoded, dlen);
      username = user;
      password = pass;
    }

  if (identity_token != NULL && identity_token[0] == '\0')
    identity_token = NULL;
  if ((username == NULL || username[0] == '\0') && identity_token == NULL)
    {
      wipe_free (g_steal_pointer (&pass));
      return NULL;
    }
  {
    SignetCredentials *creds = _signet_credentials_new (key, username, password, identity_token);

    wipe_free (g_steal_pointer (&pass));
    wipe_free (g_steal_pointer (&user));
    return creds;
  }
}

SignetCredentials *
_signet_docker_config_lookup_auths (SignetDockerConfig  *self,
                                    const char          *registry,
                                    GError             **error)
{
  g_autofree char *key = _signet_docker_auth_key (registry);
  g_autofree char *want_host = NULL;
  JsonObject *auths;
  JsonNode *entry;
  JsonObjectIter iter;
  const char *k;
  JsonNode *v;

  if (self->root == NULL)
    return NULL;
  entry = json_object_get_member (json_node_get_object (self->root), "auths");
  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    return NULL;
  auths = json_node_get_object (entry);

  if (json_object_has_member (auths, key))
    return credentials_from_entry (self, key, json_object_get_member (auths, key), error);

  /* "https://host", "http://host/v1/", … as docker's GetAuthConfig falls back to. */
  want_host = is_docker_hub (registry) ? g_strdup ("index.docker.io") : g_strdup (registry);
  json_object_iter_init (&iter, auths);
  while (json_object_iter_next (&iter, &k, &v))
    {
      g_autofree char *host = key_to_hostname (k);

      if (g_str_equal (host, want_host) ||
          (is_docker_hub (registry) && is_docker_hub (host)))
        return credentials_from_entry (self, k, v, error);
    }
  return NULL;
}

/* Credential helper --------------------------------------------------------------------- */

typedef struct
{
  char *helper;
  char *server_url;
  char *registry;
} HelperData;

static void
helper_data_free (HelperData *data)
{
  g_free (data->helper);
  g_free (data->server_url);
  g_free (data->registry);
  g_free (data);
}

static SignetCredentials *
parse_helper_output (const char  *helper,
                     const char  *server_url,
                     GBytes      *out,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  const char *user = NULL;
  const char *secret = NULL;
  JsonNode *root;
  JsonObject *o;
  gsize len = 0;
  const char *data = g_bytes_get_data (out, &len);

  if (!json_parser_load_from_data (parser, data, len, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "docker-credential-%s returned no valid JSON object for %s",
                   helper, server_url);
      return NULL;
    }
  o = json_node_get_object (root);
  if (json_object_has_member (o, "Username"))
    user = json_object_get_string_member_with_default (o, "Username", NULL);
  if (json_object_has_member (o, "Secret"))
    secret = json_object_get_string_member_with_default (o, "Secret", NULL);
  if (secret == NULL || secret[0] == '\0')
    return NULL;
  if (user != NULL && g_str_equal (user, "<token>"))
    return _signet_credentials_new (server_url, NULL, NULL, secret);
  if (user == NULL || user[0] == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "docker-credential-%s returned a secret without a Username for %s",
                   helper, server_url);
      return NULL;
    }
  return _signet_credentials_new (server_url, user, secret, NULL);
}

static void
helper_communicate_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GSubprocess *proc = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  HelperData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  SignetCredentials *creds;

  if (!g_subprocess_communicate_finish (proc, result, &out, &err, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                                 "docker-credential-%s failed: %s", data->helper, error->message);
      return;
    }

  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      g_autofree char *msg = NULL;
      gsize len = 0;
      const char *text = out ? g_bytes_get_data (out, &len) : NULL;

      msg = g_strstrip (g_strndup (text ? text : "", MIN (len, 200)));
      /* docker-credential-helpers' ErrCredentialsNotFound: no login, go anonymous. */
      if (strstr (msg, "credentials not found") != NULL)
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
      if (msg[0] == '\0' && err != NULL)
        {
          g_free (msg);
          text = g_bytes_get_data (err, &len);
          msg = g_strstrip (g_strndup (text ? text : "", MIN (len, 200)));
        }
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                               "docker-credential-%s get failed for %s: %s",
                               data->helper, data->server_url,
                               msg[0] ? msg : "exited with an error");
      return;
    }

  if (out == NULL || g_bytes_get_size (out) > HELPER_OUTPUT_MAX)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                               "docker-credential-%s returned too much output", data->helper);
      return;
    }

  creds = parse_helper_output (data->helper, data->server_url, out, &error);
  if (out != NULL)
    {
      gsize len;
      gpointer p = (gpointer) g_bytes_get_data (out, &len);

      /* The bytes are ours alone here; wipe the secret before freeing them. */
      if (p != NULL)
        explicit_bzero (p, len);
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, creds, (GDestroyNotify) _signet_credentials_free);
}

void
_signet_docker_config_get_credentials_async (SignetDockerConfig  *self,
                                             const char          *registry,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autofree char *argv0 = NULL;
  const char *helper;
  HelperData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (registry != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_docker_config_get_credentials_async);

  helper = _signet_docker_config_get_helper_for (self, registry);
  if (helper == NULL)
    {
      SignetCredentials *creds = _signet_docker_config_lookup_auths (self, registry, &error);

      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, creds, (GDestroyNotify) _signet_credentials_free);
      return;
    }

  if (strchr (helper, '/') != NULL || helper[0] == '.')
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "%s: invalid credential helper name “%s”", self->path, helper);
      return;
    }

  data = g_new0 (HelperData, 1);
  data->helper = g_strdup (helper);
  data->registry = g_strdup (registry);
  data->server_url = _signet_docker_auth_key (registry);
  g_task_set_task_data (task, data, (GDestroyNotify) helper_data_free);

  argv0 = g_strconcat ("docker-credential-", helper, NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, argv0, "get", NULL);
  if (proc == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                               "Cannot run the credential helper %s: %s", argv0, error->message);
      return;
    }
  input = g_bytes_new (data->server_url, strlen (data->server_url));
  g_subprocess_communicate_async (proc, input, cancellable, helper_communicate_cb,
                                  g_steal_pointer (&task));
}

SignetCredentials *
_signet_docker_config_get_credentials_finish (SignetDockerConfig  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* TLS ----------------------------------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
host_port_safe (const char *host_port)
{
  return host_port[0] != '\0' && strchr (host_port, '/') == NULL &&
         strchr (host_port, '\\') == NULL && !g_str_equal (host_port, ".") &&
         !g_str_equal (host_port, "..");
}

SignetTlsConfig *
_signet_docker_config_get_tls (SignetDockerConfig  *self,
                               const char          *host_port,
                               GError             **error)
{
  g_autoptr(SignetTlsConfig) tls = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!host_port_safe (host_port))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "Invalid host name “%s” for a TLS directory", host_port);
      return NULL;
    }

  tls = g_new0 (SignetTlsConfig, 1);
  g_ref_count_init (&tls->ref_count);
  tls->ca_dbs = g_ptr_array_new_with_free_func (g_object_unref);

  path = g_build_filename (self->dir, "tls", host_port, NULL);
  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&tls);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the TLS directory: ");
      return NULL;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *file = g_build_filename (path, n, NULL);

      if (g_str_has_suffix (n, ".crt"))
        {
          GTlsDatabase *db = g_tls_file_database_new (file, &local_error);

          if (db == NULL)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "Cannot load the CA file %s: %s", file, local_error->message);
              return NULL;
            }
          g_ptr_array_add (tls->ca_dbs, db);
        }
      else if (g_str_has_suffix (n, ".cert"))
        {
          g_autofree char *stem = g_strndup (n, strlen (n) - strlen (".cert"));
          g_autofree char *key_name = g_strconcat (stem, ".key", NULL);
          g_autofree char *key_file = g_build_filename (path, key_name, NULL);

          if (!g_file_test (key_file, G_FILE_TEST_EXISTS))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "The client certificate %s has no key %s", file, key_file);
              return NULL;
            }
          if (tls->client_cert == NULL)
            {
              tls->client_cert = g_tls_certificate_new_from_files (file, key_file, &local_error);
              if (tls->client_cert == NULL)
                {
                  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "Cannot load the client certificate %s: %s", file,
                               local_error->message);
                  return NULL;
                }
            }
        }
      else if (g_str_has_suffix (n, ".key"))
        {
          g_autofree char *stem = g_strndup (n, strlen (n) - strlen (".key"));
          g_autofree char *cert_name = g_strconcat (stem, ".cert", NULL);
          g_autofree char *cert_file = g_build_filename (path, cert_name, NULL);

          if (!g_file_test (cert_file, G_FILE_TEST_EXISTS))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                           "The client key %s has no certificate %s", file, cert_file);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&tls);
}

/* Adds the CA certificates of @file (PEM) to those @self accepts. */
gboolean
_signet_tls_config_add_ca_file (SignetTlsConfig  *self,
                                const char       *file,
                                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *db = g_tls_file_database_new (file, &local_error);

  if (db == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "Cannot load the CA file %s: %s", file, local_error->message);
      return FALSE;
    }
  g_ptr_array_add (self->ca_dbs, db);
  return TRUE;
}

SignetTlsConfig *
_signet_tls_config_ref (SignetTlsConfig *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
_signet_tls_config_unref (SignetTlsConfig *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->ca_dbs, g_ptr_array_unref);
  g_clear_object (&self->client_cert);
  g_free (self);
}

gboolean
_signet_tls_config_has_cas (SignetTlsConfig *self)
{
  return self->ca_dbs->len > 0;
}

GTlsCertificate *
_signet_tls_config_get_client_certificate (SignetTlsConfig *self)
{
  return self->client_cert;
}

gboolean
_signet_tls_config_verify (SignetTlsConfig    *self,
                           GTlsCertificate    *peer,
                           GSocketConnectable *identity)
{
  for (guint i = 0; i < self->ca_dbs->len; i++)
    {
      GTlsDatabase *db = g_ptr_array_index (self->ca_dbs, i);
      GTlsCertificateFlags flags;

      flags = g_tls_database_verify_chain (db, peer, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, NULL);
      if (flags == 0)
        return TRUE;
    }
  return FALSE;
}

/* Servers ------------------------------------------------------------------------------- */

gboolean
_signet_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) addr = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);
  addr = g_inet_address_new_from_string (bare);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

GUri *
_signet_check_server_url (const char  *url,
                          gboolean     allow_insecure_loopback,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid server URL “%s”: %s", url, local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid server URL “%s”: no host", url);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid server URL: credentials in a URL are not accepted");
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return g_steal_pointer (&uri);
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (allow_insecure_loopback && _signet_host_is_loopback (g_uri_get_host (uri)))
        return g_steal_pointer (&uri);
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Refusing plain HTTP to “%s”: only https:// is allowed (plain http only "
                   "to a loopback address when explicitly allowed)", url);
      return NULL;
    }
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "Invalid server URL “%s”: the scheme must be https", url);
  return NULL;
}

char *
_signet_trust_server_for_registry (const char  *registry,
                                   const char  *override,
                                   gboolean     allow_insecure_loopback,
                                   GError     **error)
{
  const char *env = g_getenv ("DOCKER_CONTENT_TRUST_SERVER");
  const char *chosen = NULL;
  g_autofree char *built = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;

  if (env != NULL && env[0] != '\0')
    chosen = env;
  else if (override != NULL && override[0] != '\0')
    chosen = override;
  else if (is_docker_hub (registry))
    chosen = "https://notary.docker.io";
  else
    chosen = built = g_strconcat ("https://", registry, NULL);

  uri = _signet_check_server_url (chosen, allow_insecure_loopback, error);
  if (uri == NULL)
    {
      if (chosen == env)
        g_prefix_error (error, "DOCKER_CONTENT_TRUST_SERVER: ");
      return NULL;
    }
  text = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY |
                                       G_URI_HIDE_FRAGMENT);
  while (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return g_steal_pointer (&text);
}
