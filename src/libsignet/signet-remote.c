/* signet-remote.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP engine for registries and notary servers (notary-v1.md §7):
 * - one SoupSession per client; libsoup's own auth manager and redirect handling are off,
 *   we do both here so that credentials never leave their origin;
 * - 401 challenges: Basic (the registry's login) or Bearer (a token from the realm, asked
 *   with the login, or an identity token as a refresh token), tokens cached per origin and
 *   scope until they expire;
 * - every body is streamed with a size cap;
 * - per-host CAs from $DOCKER_CONFIG/tls/<host[:port]>/, and CA files added with
 *   signet_remote_add_ca_file(), are accepted in addition to the system CAs, for that
 *   host only.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-remote-private.h"

#define READ_CHUNK 65536
#define DEFAULT_TIMEOUT 30
#define TOKEN_MIN_LIFETIME 60

struct _SignetManifest
{
  grefcount  ref_count;
  char      *digest;
  gsize      size;
  char      *media_type;
  GBytes    *body;
};

G_DEFINE_BOXED_TYPE (SignetManifest, signet_manifest, signet_manifest_ref, signet_manifest_unref)

SignetManifest *
signet_manifest_ref (SignetManifest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_manifest_unref (SignetManifest *self)
{
  g_return_if_fail (self != NULL);
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_free (self->digest);
  g_free (self->media_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

SignetManifest *
_signet_manifest_new (const char *digest,
                      gsize       size,
                      const char *media_type,
                      GBytes     *body)
{
  SignetManifest *self = g_new0 (SignetManifest, 1);

  g_ref_count_init (&self->ref_count);
  self->digest = g_strdup (digest);
  self->size = size;
  self->media_type = g_strdup (media_type);
  self->body = body ? g_bytes_ref (body) : NULL;
  return self;
}

const char *
signet_manifest_get_digest (SignetManifest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->digest;
}

gsize
signet_manifest_get_size (SignetManifest *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}

const char *
signet_manifest_get_media_type (SignetManifest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->media_type;
}

GBytes *
signet_manifest_get_body (SignetManifest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->body;
}

typedef struct
{
  char   *token;
  gint64  expires;   /* monotonic µs */
} Token;

static void
token_free (Token *token)
{
  if (token->token != NULL)
    explicit_bzero (token->token, strlen (token->token));
  g_free (token->token);
  g_free (token);
}

/* Host CA database ------------------------------------------------------------------------
 *
 * The session's TLS database. A server certificate is accepted when it verifies against
 * the CAs of its host's $DOCKER_CONFIG/tls/<host[:port]>/ folder or, failing that, against
 * the system CAs, which are only loaded then: a host with its own CA never pays for
 * reading the system bundle (a few thousand certificates). Verification is never relaxed:
 * each check is g_tls_database_verify_chain() with the server identity, as before. */

#define SIGNET_TYPE_HOST_TLS_DATABASE (signet_host_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (SignetHostTlsDatabase, signet_host_tls_database, SIGNET, HOST_TLS_DATABASE,
                      GTlsDatabase)

struct _SignetHostTlsDatabase
{
  GTlsDatabase  parent_instance;
  GMutex        lock;
  GHashTable   *hosts;  /* "host:port" (port always given) -> SignetTlsConfig* */
};

G_DEFINE_FINAL_TYPE (SignetHostTlsDatabase, signet_host_tls_database, G_TYPE_TLS_DATABASE)

/* The backend's own system database, made (and cached by the backend) on first use. Asked
 * of the backend directly: g_tls_backend_get_default_database() gives the lazy stand-in
 * installed below. */
static GTlsDatabase *
system_database (GError **error)
{
  static gsize once = 0;
  static GTlsDatabase *system = NULL;
  GTlsDatabase *db;

  if (g_once_init_enter (&once))
    {
      GTlsBackend *backend = g_tls_backend_get_default ();
      GTlsBackendInterface *iface = G_TLS_BACKEND_GET_INTERFACE (backend);

      system = iface->get_default_database != NULL ? iface->get_default_database (backend) : NULL;
      g_once_init_leave (&once, 1);
    }
  db = system;
  if (db == NULL)
    g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                         "The system CA certificates are not available");
  return db;
}

static char *
identity_key (GSocketConnectable *identity)
{
  if (identity != NULL && G_IS_NETWORK_ADDRESS (identity))
    {
      GNetworkAddress *addr = G_NETWORK_ADDRESS (identity);
      guint16 port = g_network_address_get_port (addr);
      g_autofree char *host = g_ascii_strdown (g_network_address_get_hostname (addr), -1);

      return g_strdup_printf ("%s:%u", host, port > 0 ? port : 443);
    }
  return NULL;
}

static SignetTlsConfig *
host_config (SignetHostTlsDatabase *self,
             GSocketConnectable    *identity)
{
  g_autofree char *key = identity_key (identity);
  SignetTlsConfig *tls = NULL;

  if (key == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  tls = g_hash_table_lookup (self->hosts, key);
  if (tls != NULL)
    _signet_tls_config_ref (tls);
  g_mutex_unlock (&self->lock);
  return tls;
}

static GTlsCertificateFlags
host_db_verify_chain (GTlsDatabase             *database,
                      GTlsCertificate          *chain,
                      const char               *purpose,
                      GSocketConnectable       *identity,
                      GTlsInteraction          *interaction,
                      GTlsDatabaseVerifyFlags   flags,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  SignetHostTlsDatabase *self = SIGNET_HOST_TLS_DATABASE (database);
  SignetTlsConfig *tls = host_config (self, identity);
  GTlsDatabase *system;

  if (tls != NULL)
    {
      gboolean ok = _signet_tls_config_verify (tls, chain, identity);

      _signet_tls_config_unref (tls);
      if (ok)
        return 0;
    }
  system = system_database (error);
  if (system == NULL)
    return G_TLS_CERTIFICATE_UNKNOWN_CA;
  return g_tls_database_verify_chain (system, chain, purpose, identity, interaction, flags,
                                      cancellable, error);
}

static char *
host_db_create_certificate_handle (GTlsDatabase    *database,
                                   GTlsCertificate *certificate)
{
  GTlsDatabase *system = system_database (NULL);

  return system != NULL ? g_tls_database_create_certificate_handle (system, certificate) : NULL;
}

static GTlsCertificate *
host_db_lookup_certificate_for_handle (GTlsDatabase             *database,
                                       const char               *handle,
                                       GTlsInteraction          *interaction,
                                       GTlsDatabaseLookupFlags   flags,
                                       GCancellable             *cancellable,
                                       GError                  **error)
{
  GTlsDatabase *system = system_database (error);

  if (system == NULL)
    return NULL;
  return g_tls_database_lookup_certificate_for_handle (system, handle, interaction, flags,
                                                       cancellable, error);
}

static GTlsCertificate *
host_db_lookup_certificate_issuer (GTlsDatabase             *database,
                                   GTlsCertificate          *certificate,
                                   GTlsInteraction          *interaction,
                                   GTlsDatabaseLookupFlags   flags,
                                   GCancellable             *cancellable,
                                   GError                  **error)
{
  GTlsDatabase *system = system_database (error);

  if (system == NULL)
    return NULL;
  return g_tls_database_lookup_certificate_issuer (system, certificate, interaction, flags,
                                                   cancellable, error);
}

static GList *
host_db_lookup_certificates_issued_by (GTlsDatabase             *database,
                                       GByteArray               *issuer_raw_dn,
                                       GTlsInteraction          *interaction,
                                       GTlsDatabaseLookupFlags   flags,
                                       GCancellable             *cancellable,
                                       GError                  **error)
{
  GTlsDatabase *system = system_database (error);

  if (system == NULL)
    return NULL;
  return g_tls_database_lookup_certificates_issued_by (system, issuer_raw_dn, interaction,
                                                       flags, cancellable, error);
}

static void
signet_host_tls_database_finalize (GObject *object)
{
  SignetHostTlsDatabase *self = SIGNET_HOST_TLS_DATABASE (object);

  g_hash_table_unref (self->hosts);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (signet_host_tls_database_parent_class)->finalize (object);
}

static void
signet_host_tls_database_class_init (SignetHostTlsDatabaseClass *klass)
{
  GTlsDatabaseClass *db_class = G_TLS_DATABASE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = signet_host_tls_database_finalize;
  db_class->verify_chain = host_db_verify_chain;
  db_class->create_certificate_handle = host_db_create_certificate_handle;
  db_class->lookup_certificate_for_handle = host_db_lookup_certificate_for_handle;
  db_class->lookup_certificate_issuer = host_db_lookup_certificate_issuer;
  db_class->lookup_certificates_issued_by = host_db_lookup_certificates_issued_by;
}

static void
signet_host_tls_database_init (SignetHostTlsDatabase *self)
{
  g_mutex_init (&self->lock);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) _signet_tls_config_unref);
}

/* glib-networking asks for the default database whenever it makes a TLS connection, before
 * libsoup gives it the session's: installing a host database without hosts (which defers
 * everything to the system database, loaded only when used) as the default keeps that
 * question from loading the system CA bundle. Same answers as the system database. */
static void
install_lazy_default_database (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GTlsBackend *backend = g_tls_backend_get_default ();

      if (g_tls_backend_supports_tls (backend))
        {
          g_autoptr(GTlsDatabase) lazy = g_object_new (SIGNET_TYPE_HOST_TLS_DATABASE, NULL);

          g_tls_backend_set_default_database (backend, lazy);
        }
      g_once_init_leave (&done, 1);
    }
}

void
_signet_remote_warm_up (void)
{
  /* loading the TLS backend loads glib-networking and gnutls */
  install_lazy_default_database ();
  g_proxy_resolver_get_default ();
}

/* Registers the CAs of @uri's host (once per host and port). */
static void
host_db_add (SignetHostTlsDatabase *self,
             GUri                  *uri,
             SignetTlsConfig       *tls)
{
  int port = g_uri_get_port (uri);
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
  char *key = g_strdup_printf ("%s:%d", host, port > 0 ? port : 443);

  g_mutex_lock (&self->lock);
  if (!g_hash_table_contains (self->hosts, key))
    g_hash_table_insert (self->hosts, key, _signet_tls_config_ref (tls));
  else
    g_free (key);
  g_mutex_unlock (&self->lock);
}

struct _SignetRemote
{
  GObject             parent_instance;
  SoupSession        *session;
  SignetDockerConfig *config;
  gboolean            allow_insecure_loopback;
  GHashTable         *registry_endpoints; /* registry -> base URL */
  GHashTable         *trust_servers;      /* registry -> URL */
  GHashTable         *creds;              /* registry -> SignetCredentials* (NULL: none) */
  GHashTable         *tokens;             /* "origin scope" -> Token* */
  GHashTable         *basic_origins;      /* origins that asked for Basic */
  GHashTable         *tls;                /* host[:port] -> SignetTlsConfig* */
  GHashTable         *ca_files;           /* host[:port] -> GPtrArray of paths */
  SignetHostTlsDatabase *tls_db;
};

G_DEFINE_FINAL_TYPE (SignetRemote, signet_remote, G_TYPE_OBJECT)

static void
signet_remote_finalize (GObject *object)
{
  SignetRemote *self = SIGNET_REMOTE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->config, _signet_docker_config_unref);
  g_clear_pointer (&self->registry_endpoints, g_hash_table_unref);
  g_clear_pointer (&self->trust_servers, g_hash_table_unref);
  g_clear_pointer (&self->creds, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->basic_origins, g_hash_table_unref);
  g_clear_pointer (&self->tls, g_hash_table_unref);
  g_clear_pointer (&self->ca_files, g_hash_table_unref);
  g_clear_object (&self->tls_db);

  G_OBJECT_CLASS (signet_remote_parent_class)->finalize (object);
}

static void
signet_remote_class_init (SignetRemoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_remote_finalize;
}

static void
creds_value_free (gpointer data)
{
  _signet_credentials_free (data);
}

static void
signet_remote_init (SignetRemote *self)
{
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", 60,
                                                 "user-agent", "signet/" PACKAGE_VERSION,
                                                 NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
  self->tls_db = g_object_new (SIGNET_TYPE_HOST_TLS_DATABASE, NULL);
  soup_session_set_tls_database (self->session, G_TLS_DATABASE (self->tls_db));
  self->registry_endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->trust_servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->creds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, creds_value_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) token_free);
  self->basic_origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) _signet_tls_config_unref);
  self->ca_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

void
signet_remote_add_ca_file (SignetRemote *self,
                           const char   *host_port,
                           const char   *file)
{
  GPtrArray *files;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (host_port != NULL);

  /* read again, with the new file, on the next request */
  g_hash_table_remove (self->tls, host_port);
  if (file == NULL)
    {
      g_hash_table_remove (self->ca_files, host_port);
      return;
    }
  files = g_hash_table_lookup (self->ca_files, host_port);
  if (files == NULL)
    {
      files = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->ca_files, g_strdup (host_port), files);
    }
  g_ptr_array_add (files, g_strdup (file));
}

/* The TLS folder of @host_port plus the CA files added for it: a copy of the list, so
 * that a worker thread can read them. */
static GStrv
ca_files_for (SignetRemote *self,
              const char   *host_port)
{
  GPtrArray *files = g_hash_table_lookup (self->ca_files, host_port);
  GStrv copy = g_new0 (char *, (files != NULL ? files->len : 0) + 1);

  for (guint i = 0; files != NULL && i < files->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (files, i));
  return copy;
}

static SignetTlsConfig *
load_tls (SignetDockerConfig  *config,
          const char          *host_port,
          const char * const  *ca_files,
          GError             **error)
{
  g_autoptr(SignetTlsConfig) tls = _signet_docker_config_get_tls (config, host_port, error);

  if (tls == NULL)
    return NULL;
  for (guint i = 0; ca_files != NULL && ca_files[i] != NULL; i++)
    if (!_signet_tls_config_add_ca_file (tls, ca_files[i], error))
      {
        g_prefix_error (error, "The CA file chosen for %s is not usable: ", host_port);
        return NULL;
      }
  return g_steal_pointer (&tls);
}

SignetRemote *
signet_remote_new (const char  *docker_config_dir,
                   GError     **error)
{
  g_autoptr(SignetRemote) self = NULL;
  SignetDockerConfig *config;

  config = _signet_docker_config_load (docker_config_dir, error);
  if (config == NULL)
    return NULL;
  self = g_object_new (SIGNET_TYPE_REMOTE, NULL);
  self->config = config;
  return g_steal_pointer (&self);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  SignetDockerConfig *config = _signet_docker_config_load (task_data, &error);

  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, (GDestroyNotify) _signet_docker_config_unref);
}

static void
new_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SignetDockerConfig *config = g_task_propagate_pointer (G_TASK (result), &error);
  SignetRemote *self;

  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the session belongs to this thread's main context */
  self = g_object_new (SIGNET_TYPE_REMOTE, NULL);
  self->config = config;
  g_task_return_pointer (task, self, g_object_unref);
}

void
signet_remote_new_async (const char          *docker_config_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GTask *loader = g_task_new (NULL, cancellable, new_cb, task);

  g_task_set_source_tag (task, signet_remote_new_async);
  g_task_set_task_data (loader, g_strdup (docker_config_dir), g_free);
  g_task_run_in_thread (loader, new_thread);
  g_object_unref (loader);
}

SignetRemote *
signet_remote_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
signet_remote_set_allow_insecure_loopback (SignetRemote *self,
                                           gboolean      allow)
{
  g_return_if_fail (SIGNET_IS_REMOTE (self));
  self->allow_insecure_loopback = !!allow;
}

void
signet_remote_set_timeout (SignetRemote *self,
                           guint         seconds)
{
  g_return_if_fail (SIGNET_IS_REMOTE (self));
  soup_session_set_timeout (self->session, seconds);
}

gboolean
signet_remote_set_registry_endpoint (SignetRemote  *self,
                                     const char    *registry,
                                     const char    *url,
                                     GError       **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (SIGNET_IS_REMOTE (self), FALSE);
  g_return_val_if_fail (registry != NULL, FALSE);

  if (url == NULL)
    {
      g_hash_table_remove (self->registry_endpoints, registry);
      return TRUE;
    }
  uri = _signet_check_server_url (url, self->allow_insecure_loopback, error);
  if (uri == NULL)
    return FALSE;
  g_hash_table_replace (self->registry_endpoints, g_strdup (registry),
                        g_uri_to_string_partial (uri, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT));
  return TRUE;
}

gboolean
signet_remote_set_trust_server (SignetRemote  *self,
                                const char    *registry,
                                const char    *url,
                                GError       **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (SIGNET_IS_REMOTE (self), FALSE);
  g_return_val_if_fail (registry != NULL, FALSE);

  if (url == NULL)
    {
      g_hash_table_remove (self->trust_servers, registry);
      return TRUE;
    }
  uri = _signet_check_server_url (url, self->allow_insecure_loopback, error);
  if (uri == NULL)
    return FALSE;
  g_hash_table_replace (self->trust_servers, g_strdup (registry), g_strdup (url));
  return TRUE;
}

char *
signet_remote_get_trust_server (SignetRemote  *self,
                                const char    *registry,
                                GError       **error)
{
  g_return_val_if_fail (SIGNET_IS_REMOTE (self), NULL);
  g_return_val_if_fail (registry != NULL, NULL);

  return _signet_trust_server_for_registry (registry,
                                            g_hash_table_lookup (self->trust_servers, registry),
                                            self->allow_insecure_loopback, error);
}

char *
_signet_remote_registry_base (SignetRemote  *self,
                              const char    *registry,
                              GError       **error)
{
  const char *endpoint = g_hash_table_lookup (self->registry_endpoints, registry);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *api_host = registry;

  if (endpoint != NULL)
    url = g_strdup (endpoint);
  else
    {
      g_autofree char *host = NULL;
      const char *colon;

      if (g_str_equal (registry, SIGNET_DOCKER_HUB_REGISTRY) ||
          g_str_equal (registry, "index.docker.io"))
        api_host = "registry-1.docker.io";
      colon = strrchr (api_host, ':');
      host = colon && !strchr (api_host, ']') ? g_strndup (api_host, colon - api_host)
                                              : g_strdup (api_host);
      if (self->allow_insecure_loopback && _signet_host_is_loopback (host))
        url = g_strconcat ("http://", api_host, NULL);
      else
        url = g_strconcat ("https://", api_host, NULL);
    }
  uri = _signet_check_server_url (url, self->allow_insecure_loopback, error);
  if (uri == NULL)
    return NULL;
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return g_steal_pointer (&url);
}

void
_signet_remote_set_credentials (SignetRemote            *self,
                                const char              *registry,
                                const SignetCredentials *creds)
{
  g_hash_table_replace (self->creds, g_strdup (registry), _signet_credentials_copy (creds));
}

void
_signet_http_response_free (SignetHttpResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->uri, g_uri_unref);
  g_free (response);
}

/* Helpers ------------------------------------------------------------------------------- */

static char *
uri_origin (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  int port = g_uri_get_port (uri);

  if (port < 0)
    port = g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
  return g_strdup_printf ("%s://%s:%d", scheme, g_uri_get_host (uri), port);
}

/* The name docker gives the host's TLS directory: host, with ":port" if the URL has one. */
static char *
uri_host_port (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);

  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

static char *
uri_display (GUri *uri)
{
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_FRAGMENT);
}

static gboolean
uri_allowed (SignetRemote  *self,
             GUri          *uri,
             GError       **error)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && self->allow_insecure_loopback &&
      _signet_host_is_loopback (g_uri_get_host (uri)))
    return TRUE;
  {
    g_autofree char *text = uri_display (uri);

    g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                 "Refusing to connect to %s: only https:// is allowed (plain http only to a "
                 "loopback address when explicitly allowed)", text);
  }
  return FALSE;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SignetTlsConfig *tls = user_data;
  GUri *uri = soup_message_get_uri (msg);
  g_autoptr(GSocketConnectable) identity = NULL;
  int port = g_uri_get_port (uri);

  identity = g_network_address_new (g_uri_get_host (uri), port > 0 ? port : 443);
  return _signet_tls_config_verify (tls, peer, identity);
}

/* A message for @uri with per-host TLS settings and no automatic redirects. */
static SoupMessage *
new_message (SignetRemote  *self,
             const char    *method,
             GUri          *uri,
             GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *host_port = NULL;
  SignetTlsConfig *tls;

  if (!uri_allowed (self, uri, error))
    return NULL;

  msg = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    return g_steal_pointer (&msg);

  /* before the first TLS connection (cheap once done, see _signet_remote_warm_up()) */
  install_lazy_default_database ();
  host_port = uri_host_port (uri);
  if (!g_hash_table_lookup_extended (self->tls, host_port, NULL, (gpointer *) &tls))
    {
      g_auto(GStrv) ca_files = ca_files_for (self, host_port);

      tls = load_tls (self->config, host_port, (const char * const *) ca_files, error);
      if (tls == NULL)
        return NULL;
      g_hash_table_insert (self->tls, g_strdup (host_port), tls);
    }
  if (_signet_tls_config_has_cas (tls))
    host_db_add (self->tls_db, uri, tls);
  if (_signet_tls_config_has_cas (tls))
    g_signal_connect_data (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                           _signet_tls_config_ref (tls),
                           (GClosureNotify) (void (*) (void)) _signet_tls_config_unref, 0);
  if (_signet_tls_config_get_client_certificate (tls) != NULL)
    soup_message_set_tls_client_certificate (msg, _signet_tls_config_get_client_certificate (tls));
  return g_steal_pointer (&msg);
}

static GError *
map_transport_error (GError *error,
                     GUri   *uri)
{
  g_autofree char *host = uri_host_port (uri);

  if (error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_CONNECTION_REFUSED ||
       error->code == G_IO_ERROR_HOST_UNREACHABLE ||
       error->code == G_IO_ERROR_NETWORK_UNREACHABLE ||
       error->code == G_IO_ERROR_TIMED_OUT ||
       error->code == G_IO_ERROR_CONNECTION_CLOSED ||
       error->code == G_IO_ERROR_BROKEN_PIPE ||
       error->code == G_IO_ERROR_PROXY_FAILED ||
       error->code == G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE, "Cannot reach %s: %s", host,
                        error->message);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE, "Cannot reach %s: %s", host,
                        error->message);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (error->domain, error->code,
                        "TLS with %s failed: %s (add its CA as %s/tls/%s/ca.crt if it is "
                        "a private CA)", host, error->message, "$DOCKER_CONFIG", host);
  return g_error_copy (error);
}

/* Send and read ------------------------------------------------------------------------- */

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *buf;
  gsize         ok_limit;
  gsize         limit;
  gboolean      truncated;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buf, g_byte_array_unref);
  g_free (data);
}

static void read_chunk_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
read_next (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_chunk_cb, task);
}

static GError *
too_large_error (SoupMessage *msg,
                 gsize        limit)
{
  g_autofree char *url = uri_display (soup_message_get_uri (msg));

  return g_error_new (SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                      "The reply from %s is larger than the limit of %" G_GSIZE_FORMAT " bytes",
                      url, limit);
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, map_transport_error (error, soup_message_get_uri (data->msg)));
      return;
    }
  len = g_bytes_get_size (chunk);
  if (len == 0)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->buf)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (data->buf->len + len > data->limit)
    {
      if (data->limit == data->ok_limit)
        {
          g_task_return_error (task, too_large_error (data->msg, data->limit));
          return;
        }
      /* An error body: keep what fits, enough for a message. */
      g_byte_array_append (data->buf, g_bytes_get_data (chunk, NULL),
                           data->limit - data->buf->len);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->buf)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_byte_array_append (data->buf, g_bytes_get_data (chunk, NULL), len);
  read_next (g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, map_transport_error (error, soup_message_get_uri (data->msg)));
      return;
    }
  status = soup_message_get_status (data->msg);
  g_debug ("%s %s: %u", soup_message_get_method (data->msg),
           g_uri_get_path (soup_message_get_uri (data->msg)), status);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);

      data->limit = data->ok_limit;
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
          soup_message_headers_get_content_length (headers) > (goffset) data->ok_limit &&
          !g_str_equal (soup_message_get_method (data->msg), "HEAD"))
        {
          g_task_return_error (task, too_large_error (data->msg, data->ok_limit));
          return;
        }
    }
  else
    data->limit = MIN (data->ok_limit, SIGNET_REMOTE_ERROR_MAX);
  read_next (g_steal_pointer (&task));
}

/* Sends @msg, reads the body (at most @ok_limit for a 2xx; error bodies are truncated). */
static void
send_and_read_async (SignetRemote        *self,
                     SoupMessage         *msg,
                     gsize                ok_limit,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  data->msg = g_object_ref (msg);
  data->buf = g_byte_array_new ();
  data->ok_limit = MAX (ok_limit, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
}

static GBytes *
send_and_read_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Error bodies ------------------------------------------------------------------------- */

char *
_signet_remote_parse_errors (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = NULL;
  JsonNode *root;
  JsonNode *errors;
  JsonArray *array;
  gsize len = 0;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &len);
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  errors = json_object_get_member (json_node_get_object (root), "errors");
  if (errors == NULL || !JSON_NODE_HOLDS_ARRAY (errors))
    return NULL;
  array = json_node_get_array (errors);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      JsonObject *o;
      const char *code;
      const char *message;
      JsonNode *detail;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      o = json_node_get_object (e);
      code = json_object_get_string_member_with_default (o, "code", NULL);
      message = json_object_get_string_member_with_default (o, "message", NULL);
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, code ? code : "UNKNOWN");
      if (message != NULL && message[0] != '\0')
        g_string_append_printf (out, ": %s", message);
      detail = json_object_get_member (o, "detail");
      if (detail != NULL && JSON_NODE_HOLDS_OBJECT (detail))
        {
          JsonObject *d = json_node_get_object (detail);
          const char *name = json_object_get_string_member_with_default (d, "Name", NULL);
          JsonNode *err = json_object_get_member (d, "Error");

          if (name != NULL)
            g_string_append_printf (out, " (%s", name);
          if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
            {
              const char *msg = json_object_get_string_member_with_default (
                  json_node_get_object (err), "Msg", NULL);

              if (msg != NULL && msg[0] != '\0')
                g_string_append_printf (out, "%s%s", name ? ": " : " (", msg);
              else if (name == NULL)
                continue;
            }
          else if (name == NULL)
            continue;
          g_string_append_c (out, ')');
        }
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GUri *
_signet_remote_parse_next_link (const char *link,
                                GUri       *base)
{
  g_auto(GStrv) parts = NULL;

  if (link == NULL)
    return NULL;
  /* Several links may be joined with ","; a URL in <> holds no unescaped ','. */
  parts = g_strsplit (link, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *lt = strchr (parts[i], '<');
      const char *gt = lt ? strchr (lt, '>') : NULL;
      g_autofree char *target = NULL;
      g_autofree char *params = NULL;

      if (lt == NULL || gt == NULL)
        continue;
      params = g_ascii_strdown (gt + 1, -1);
      if (strstr (params, "rel=\"next\"") == NULL && strstr (params, "rel=next") == NULL)
        continue;
      target = g_strndup (lt + 1, gt - lt - 1);
      return g_uri_parse_relative (base, target,
                                   G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, NULL);
    }
  return NULL;
}

/* The request state machine -------------------------------------------------------------- */

typedef struct
{
  char              *method;
  GUri              *orig_uri;
  GUri              *uri;
  char              *orig_origin;
  char              *accept;
  GBytes            *body;
  char              *content_type;
  gsize              max_size;
  char              *scope;
  char              *cred_registry;
  SignetCredentials *creds;
  guint              redirects;
  gboolean           cross_origin;
  gboolean           sent_token;
  gboolean           tried_token;
  gboolean           tried_basic;
  char              *token_key;
  SoupMessage       *msg;
  /* Token request in flight */
  char              *pending_token_key;
  char              *realm;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_free (data->method);
  g_clear_pointer (&data->orig_uri, g_uri_unref);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_free (data->orig_origin);
  g_free (data->accept);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->content_type);
  g_free (data->scope);
  g_free (data->cred_registry);
  g_clear_pointer (&data->creds, _signet_credentials_free);
  g_free (data->token_key);
  g_clear_object (&data->msg);
  g_free (data->pending_token_key);
  g_free (data->realm);
  g_free (data);
}

static void attempt (GTask *task);

static char *
basic_header (const SignetCredentials *creds)
{
  g_autofree char *pair = g_strconcat (creds->username, ":",
                                       creds->password ? creds->password : "", NULL);
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  char *header = g_strconcat ("Basic ", b64, NULL);

  explicit_bzero (pair, strlen (pair));
  explicit_bzero (b64, strlen (b64));
  return header;
}

static gboolean
creds_have_password (const SignetCredentials *creds)
{
  return creds != NULL && creds->username != NULL && creds->username[0] != '\0';
}

static char *
token_cache_key (const char *origin,
                 const char *scope)
{
  return g_strconcat (origin, " ", scope ? scope : "", NULL);
}

static GError *
status_error (RequestData *data,
              SoupMessage *msg,
              GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *url = uri_display (data->uri);
  g_autofree char *details = _signet_remote_parse_errors (body);
  const char *reason = soup_message_get_reason_phrase (msg);
  g_autofree char *suffix = details ? g_strdup_printf (": %s", details) : g_strdup ("");

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      return g_error_new (SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "Not found: %s (HTTP 404)%s",
                          url, suffix);
    case SOUP_STATUS_UNAUTHORIZED:
      if (data->cross_origin)
        return g_error_new (SIGNET_ERROR, SIGNET_ERROR_AUTH,
                            "%s asks for authentication after a redirect to another host; "
                            "credentials are not sent there%s", url, suffix);
      if (data->creds != NULL)
        return g_error_new (SIGNET_ERROR, SIGNET_ERROR_AUTH,
                            "Authentication refused by %s (HTTP 401) with the login for %s%s",
                            url, data->cred_registry, suffix);
      if (data->cred_registry != NULL)
        return g_error_new (SIGNET_ERROR, SIGNET_ERROR_AUTH,
                            "%s requires authentication (HTTP 401) and there is no login for "
                            "%s (docker login %s)%s", url, data->cred_registry,
                            data->cred_registry, suffix);
      return g_error_new (SIGNET_ERROR, SIGNET_ERROR_AUTH,
                          "%s requires authentication (HTTP 401)%s", url, suffix);
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (SIGNET_ERROR, SIGNET_ERROR_AUTH, "Access to %s denied (HTTP 403)%s",
                          url, suffix);
    default:
      return g_error_new (SIGNET_ERROR, SIGNET_ERROR_SERVER, "%s %s failed: HTTP %u %s%s",
                          data->method, url, status, reason ? reason : "", suffix);
    }
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Bearer token ------------------------------------------------------------------------- */

static void
token_reply_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SoupMessage *msg = data->msg;
  guint status;
  JsonNode *root;
  JsonObject *o;
  const char *token;
  gint64 expires_in = TOKEN_MIN_LIFETIME;
  Token *entry;

  body = send_and_read_finish (result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                               "The token server %s refused %s (HTTP %u)", data->realm,
                               data->creds ? "the login" : "anonymous access", status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *details = _signet_remote_parse_errors (body);

      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_SERVER,
                               "The token server %s failed: HTTP %u%s%s", data->realm, status,
                               details ? ": " : "", details ? details : "");
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The token server %s sent no valid JSON object", data->realm);
      return;
    }
  o = json_node_get_object (root);
  token = json_object_get_string_member_with_default (o, "token", NULL);
  if (token == NULL || token[0] == '\0')
    token = json_object_get_string_member_with_default (o, "access_token", NULL);
  if (token == NULL || token[0] == '\0' || strpbrk (token, "\r\n") != NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                               "The token server %s sent no usable token", data->realm);
      return;
    }
  if (json_object_has_member (o, "expires_in"))
    expires_in = json_object_get_int_member_with_default (o, "expires_in", TOKEN_MIN_LIFETIME);
  if (expires_in < TOKEN_MIN_LIFETIME)
    expires_in = TOKEN_MIN_LIFETIME;
  expires_in = MIN (expires_in, 24 * 3600);

  entry = g_new0 (Token, 1);
  entry->token = g_strdup (token);
  entry->expires = g_get_monotonic_time () + (expires_in - 5) * G_USEC_PER_SEC;
  g_hash_table_replace (self->tokens, g_strdup (data->pending_token_key), entry);

  attempt (g_steal_pointer (&task));
}

static void
fetch_token (GTask      *task_owned,
             GHashTable *params)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  const char *realm = g_hash_table_lookup (params, "realm");
  const char *service = g_hash_table_lookup (params, "service");
  const char *scope = data->scope ? data->scope : g_hash_table_lookup (params, "scope");
  g_autoptr(GUri) realm_uri = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GCancellable *cancellable;

  if (realm == NULL || realm[0] == '\0')
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                               "%s asks for a Bearer token but names no realm",
                               data->orig_origin);
      return;
    }
  realm_uri = _signet_check_server_url (realm, self->allow_insecure_loopback, &error);
  if (realm_uri == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_AUTH,
                               "Unusable token realm from %s: %s", data->orig_origin,
                               error->message);
      return;
    }
  g_free (data->realm);
  data->realm = uri_display (realm_uri);
  g_free (data->pending_token_key);
  data->pending_token_key = token_cache_key (data->orig_origin, scope);

  if (data->creds != NULL && data->creds->identity_token != NULL)
    {
      /* OAuth2 refresh: POST the form, nothing in the URL. */
      g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *encoded = NULL;
      g_autoptr(GBytes) body = NULL;

      g_hash_table_insert (form, (gpointer) "grant_type", (gpointer) "refresh_token");
      g_hash_table_insert (form, (gpointer) "refresh_token", data->creds->identity_token);
      g_hash_table_insert (form, (gpointer) "client_id", (gpointer) "docker");
      if (service != NULL)
        g_hash_table_insert (form, (gpointer) "service", (gpointer) service);
      if (scope != NULL)
        g_hash_table_insert (form, (gpointer) "scope", (gpointer) scope);
      encoded = soup_form_encode_hash (form);
      msg = new_message (self, "POST", realm_uri, &error);
      if (msg == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      body = g_bytes_new_with_free_func (encoded, strlen (encoded), g_free, encoded);
      encoded = NULL;
      soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, body);
    }
  else
    {
      GString *query = g_string_new (g_uri_get_query (realm_uri));
      g_autofree char *q = NULL;

#define ADD_PARAM(k, v)                                           \
      if ((v) != NULL)                                            \
        {                                                         \
          g_autofree char *esc_ = g_uri_escape_string (v, NULL, FALSE); \
          if (query->len > 0)                                     \
            g_string_append_c (query, '&');                       \
          g_string_append_printf (query, "%s=%s", k, esc_);       \
        }
      ADD_PARAM ("service", service);
      ADD_PARAM ("scope", scope);
      if (creds_have_password (data->creds))
        ADD_PARAM ("account", data->creds->username);
#undef ADD_PARAM
      q = g_string_free (query, FALSE);
      uri = g_uri_build (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                         g_uri_get_scheme (realm_uri), NULL, g_uri_get_host (realm_uri),
                         g_uri_get_port (realm_uri), g_uri_get_path (realm_uri),
                         q[0] ? q : NULL, NULL);
      msg = new_message (self, "GET", uri, &error);
      if (msg == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (creds_have_password (data->creds))
        {
          g_autofree char *auth = basic_header (data->creds);

          soup_message_headers_replace (soup_message_get_request_headers (msg),
                                        "Authorization", auth);
          explicit_bzero (auth, strlen (auth));
        }
    }

  g_set_object (&data->msg, msg);
  cancellable = g_task_get_cancellable (task);
  send_and_read_async (self, msg, SIGNET_REMOTE_TOKEN_MAX, cancellable, token_reply_cb,
                       g_steal_pointer (&task));
}

/* Splits "Bearer realm=…,service=…" into a scheme and parameters. Prefers Bearer over
 * Basic when the header carries both. */
static char *
parse_challenge (const char  *header,
                 GHashTable **params)
{
  const char *p;

  *params = NULL;
  if (header == NULL)
    return NULL;
  while (*header == ' ')
    header++;
  p = strstr (header, "Bearer ");
  if (p == NULL)
    p = strstr (header, "bearer ");
  if (p != NULL)
    {
      *params = soup_header_parse_param_list (p + strlen ("Bearer "));
      return g_strdup ("bearer");
    }
  if (g_ascii_strncasecmp (header, "Basic", 5) == 0)
    {
      *params = soup_header_parse_param_list (header[5] ? header + 6 : "");
      return g_strdup ("basic");
    }
  return NULL;
}

static void
handle_unauthorized (GTask       *task_owned,
                     SoupMessage *msg,
                     GBytes      *body)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  const char *header;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *scheme = NULL;

  if (data->cross_origin)
    {
      g_task_return_error (task, status_error (data, msg, body));
      return;
    }
  header = soup_message_headers_get_list (soup_message_get_response_headers (msg),
                                          "WWW-Authenticate");
  scheme = parse_challenge (header, &params);

  if (g_strcmp0 (scheme, "bearer") == 0 && !data->tried_token)
    {
      const char *scope = data->scope ? data->scope : g_hash_table_lookup (params, "scope");
      g_autofree char *key = token_cache_key (data->orig_origin, scope);

      /* A cached token that was refused is dropped; ask for a new one once. */
      g_hash_table_remove (self->tokens, key);
      data->tried_token = TRUE;
      fetch_token (g_steal_pointer (&task), params);
      return;
    }
  if (g_strcmp0 (scheme, "basic") == 0 && !data->tried_basic && creds_have_password (data->creds))
    {
      data->tried_basic = TRUE;
      g_hash_table_add (self->basic_origins, g_strdup (data->orig_origin));
      attempt (g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, status_error (data, msg, body));
}

static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = data->msg;
  guint status;

  body = send_and_read_finish (result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (msg);

  if (is_redirect (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Location");
      g_autoptr(GUri) next = NULL;
      g_autofree char *origin = NULL;

      if (location == NULL)
        {
          g_task_return_error (task, status_error (data, msg, body));
          return;
        }
      if (++data->redirects > SIGNET_REMOTE_MAX_REDIRECTS)
        {
          g_autofree char *url = uri_display (data->orig_uri);

          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_SERVER,
                                   "Too many redirects from %s", url);
          return;
        }
      next = g_uri_parse_relative (data->uri, location,
                                   G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, &error);
      if (next == NULL)
        {
          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_SERVER,
                                   "Invalid redirect from %s: %s", data->orig_origin,
                                   error->message);
          return;
        }
      origin = uri_origin (next);
      if (!g_str_equal (origin, data->orig_origin))
        data->cross_origin = TRUE;
      if (status == 303 ||
          ((status == 301 || status == 302) && !g_str_equal (data->method, "HEAD")))
        {
          g_free (data->method);
          data->method = g_strdup ("GET");
          g_clear_pointer (&data->body, g_bytes_unref);
        }
      g_clear_pointer (&data->uri, g_uri_unref);
      data->uri = g_steal_pointer (&next);
      attempt (g_steal_pointer (&task));
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      handle_unauthorized (g_steal_pointer (&task), msg, body);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (data, msg, body));
      return;
    }

  {
    SignetHttpResponse *response = g_new0 (SignetHttpResponse, 1);

    response->status = status;
    response->body = g_steal_pointer (&body);
    response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
    response->uri = g_uri_ref (data->uri);
    (void) self;
    g_task_return_pointer (task, response, (GDestroyNotify) _signet_http_response_free);
  }
}

static void
attempt (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  msg = new_message (self, data->method, data->uri, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  headers = soup_message_get_request_headers (msg);
  if (data->accept != NULL)
    soup_message_headers_replace (headers, "Accept", data->accept);
  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (msg, data->content_type, data->body);

  /* Credentials only ever to the origin the request was made to. */
  if (!data->cross_origin)
    {
      g_autofree char *key = token_cache_key (data->orig_origin, data->scope);
      Token *token = g_hash_table_lookup (self->tokens, key);

      if (token != NULL && token->expires <= g_get_monotonic_time ())
        {
          g_hash_table_remove (self->tokens, key);
          token = NULL;
        }
      if (token == NULL && data->scope == NULL && data->pending_token_key != NULL)
        token = g_hash_table_lookup (self->tokens, data->pending_token_key);
      if (token != NULL)
        {
          g_autofree char *auth = g_strconcat ("Bearer ", token->token, NULL);

          soup_message_headers_replace (headers, "Authorization", auth);
          explicit_bzero (auth, strlen (auth));
        }
      else if (creds_have_password (data->creds) &&
               g_hash_table_contains (self->basic_origins, data->orig_origin))
        {
          g_autofree char *auth = basic_header (data->creds);

          soup_message_headers_replace (headers, "Authorization", auth);
          explicit_bzero (auth, strlen (auth));
        }
    }

  g_set_object (&data->msg, msg);
  cancellable = g_task_get_cancellable (task);
  send_and_read_async (self, msg, data->max_size, cancellable, attempt_cb,
                       g_steal_pointer (&task));
}

static void
creds_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SignetCredentials *creds;

  creds = _signet_docker_config_get_credentials_finish (self->config, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_replace (self->creds, g_strdup (data->cred_registry), creds);
  data->creds = _signet_credentials_copy (creds);
  attempt (g_steal_pointer (&task));
}

static void
request_with_tls (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SignetCredentials *creds;

  if (data->cred_registry != NULL)
    {
      if (!g_hash_table_lookup_extended (self->creds, data->cred_registry, NULL,
                                         (gpointer *) &creds))
        {
          _signet_docker_config_get_credentials_async (self->config, data->cred_registry,
                                                       cancellable, creds_cb,
                                                       g_steal_pointer (&task));
          return;
        }
      data->creds = _signet_credentials_copy (creds);
    }
  attempt (g_steal_pointer (&task));
}

typedef struct
{
  char  *host_port;
  GStrv  ca_files;
} TlsLoad;

static void
tls_load_free (TlsLoad *load)
{
  g_free (load->host_port);
  g_strfreev (load->ca_files);
  g_free (load);
}

/* The TLS folder of a host is read in a worker thread, once per client. */
static void
tls_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SignetRemote *self = source_object;
  TlsLoad *load = task_data;
  GError *error = NULL;
  SignetTlsConfig *tls = load_tls (self->config, load->host_port, (const char * const *) load->ca_files, &error);

  if (tls == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tls, (GDestroyNotify) _signet_tls_config_unref);
}

static void
tls_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetRemote *self = SIGNET_REMOTE (object);
  RequestData *data = g_task_get_task_data (task);
  g_autofree char *host_port = uri_host_port (data->uri);
  GError *error = NULL;
  SignetTlsConfig *tls = g_task_propagate_pointer (G_TASK (result), &error);

  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_hash_table_contains (self->tls, host_port))
    g_hash_table_insert (self->tls, g_steal_pointer (&host_port), tls);
  else
    _signet_tls_config_unref (tls);
  request_with_tls (g_steal_pointer (&task));
}

void
_signet_remote_request_async (SignetRemote            *self,
                              const SignetHttpRequest *request,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RequestData *data;

  g_return_if_fail (SIGNET_IS_REMOTE (self));
  g_return_if_fail (request != NULL && request->uri != NULL && request->method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _signet_remote_request_async);

  data = g_new0 (RequestData, 1);
  data->method = g_strdup (request->method);
  data->orig_uri = g_uri_ref (request->uri);
  data->uri = g_uri_ref (request->uri);
  data->orig_origin = uri_origin (request->uri);
  data->accept = g_strdup (request->accept);
  data->body = request->body ? g_bytes_ref (request->body) : NULL;
  data->content_type = g_strdup (request->content_type);
  data->max_size = request->max_size ? request->max_size : SIGNET_REMOTE_JSON_MAX;
  data->scope = g_strdup (request->scope);
  data->cred_registry = g_strdup (request->cred_registry);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  if (!uri_allowed (self, request->uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (request->uri), "https") == 0)
    {
      g_autofree char *host_port = uri_host_port (request->uri);

      if (!g_hash_table_contains (self->tls, host_port))
        {
          GTask *loader = g_task_new (self, cancellable, tls_cb, g_steal_pointer (&task));
          TlsLoad *load = g_new0 (TlsLoad, 1);

          load->ca_files = ca_files_for (self, host_port);
          load->host_port = g_steal_pointer (&host_port);
          g_task_set_task_data (loader, load, (GDestroyNotify) tls_load_free);
          g_task_run_in_thread (loader, tls_thread);
          g_object_unref (loader);
          return;
        }
    }
  request_with_tls (g_steal_pointer (&task));
}

SignetHttpResponse *
_signet_remote_request_finish (SignetRemote  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
