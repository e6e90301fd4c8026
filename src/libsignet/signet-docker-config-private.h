/* signet-docker-config-private.h: docker's client configuration (config.json, credential
 * helpers, per-host TLS files) and where a registry's trust server is.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: notary-v1.md §7; docker/cli cli/config/configfile, cli/trust/trust.go.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SignetDockerConfig SignetDockerConfig;

/* Credentials for one registry. Secrets are wiped when freed; never log them. */
typedef struct
{
  char *server;          /* the config key or helper URL they were found under */
  char *username;        /* NULL with an identity token from a helper */
  char *password;
  char *identity_token;  /* "identitytoken", or a helper's Secret with Username "<token>" */
} SignetCredentials;

SignetCredentials  *_signet_credentials_new             (const char          *server,
                                                         const char          *username,
                                                         const char          *password,
                                                         const char          *identity_token);
SignetCredentials  *_signet_credentials_copy            (const SignetCredentials *creds);
void                _signet_credentials_free            (SignetCredentials   *creds);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCredentials, _signet_credentials_free)

/* ${DOCKER_CONFIG:-~/.docker} */
char               *_signet_docker_config_default_dir   (void);
/* ${DOCKER_CONFIG:-~/.docker}/trust */
char               *_signet_docker_config_default_trust_dir (void);

/* Reads <@dir>/config.json (@dir NULL: the default dir). A missing file is an empty
 * configuration; a malformed one is SIGNET_ERROR_MALFORMED naming the file. */
SignetDockerConfig *_signet_docker_config_load          (const char          *dir,
                                                         GError             **error);
SignetDockerConfig *_signet_docker_config_ref           (SignetDockerConfig  *self);
void                _signet_docker_config_unref         (SignetDockerConfig  *self);
const char         *_signet_docker_config_get_dir       (SignetDockerConfig  *self);
const char         *_signet_docker_config_get_creds_store (SignetDockerConfig *self);
/* The credential helper name for @registry (credHelpers, else credsStore), or NULL. */
const char         *_signet_docker_config_get_helper_for (SignetDockerConfig *self,
                                                          const char         *registry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetDockerConfig, _signet_docker_config_unref)

/* The key docker stores @registry's login under: "https://index.docker.io/v1/" for
 * Docker Hub ("docker.io", "index.docker.io", "registry-1.docker.io"), else host[:port]. */
char               *_signet_docker_auth_key             (const char          *registry);

/* Looks up credentials for @registry (host[:port], or "docker.io"): credHelpers, then
 * credsStore (running docker-credential-<name> get), then "auths". The finish function
 * returns NULL without error when there are none (anonymous). A broken entry (bad base64,
 * no ':' in auth, a failing helper) is SIGNET_ERROR_AUTH or SIGNET_ERROR_MALFORMED. */
void                _signet_docker_config_get_credentials_async  (SignetDockerConfig  *self,
                                                                  const char          *registry,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
SignetCredentials  *_signet_docker_config_get_credentials_finish (SignetDockerConfig  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
/* Only the "auths" entry (no helper). NULL without error when there is none. */
SignetCredentials  *_signet_docker_config_lookup_auths  (SignetDockerConfig  *self,
                                                         const char          *registry,
                                                         GError             **error);

/* TLS material for one host[:port] from <dir>/tls/<host[:port]>/: every *.crt is a CA
 * (added to the system CAs for that host only), *.cert + *.key a client certificate. */
typedef struct _SignetTlsConfig SignetTlsConfig;
SignetTlsConfig    *_signet_docker_config_get_tls       (SignetDockerConfig  *self,
                                                         const char          *host_port,
                                                         GError             **error);
SignetTlsConfig    *_signet_tls_config_ref              (SignetTlsConfig     *self);
void                _signet_tls_config_unref            (SignetTlsConfig     *self);
gboolean            _signet_tls_config_has_cas          (SignetTlsConfig     *self);
gboolean            _signet_tls_config_add_ca_file      (SignetTlsConfig     *self,
                                                         const char          *file,
                                                         GError             **error);
GTlsCertificate    *_signet_tls_config_get_client_certificate (SignetTlsConfig *self);
/* TRUE when @peer verifies for @identity against one of the extra CAs. */
gboolean            _signet_tls_config_verify           (SignetTlsConfig     *self,
                                                         GTlsCertificate     *peer,
                                                         GSocketConnectable  *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTlsConfig, _signet_tls_config_unref)

/* TRUE for 127.0.0.0/8, ::1 and "localhost". @host without port. */
gboolean            _signet_host_is_loopback            (const char          *host);

/* Checks @url is https://, or http:// to a loopback host when @allow_insecure_loopback.
 * Returns the parsed URI. SIGNET_ERROR_INVALID_ARGUMENT otherwise. */
GUri               *_signet_check_server_url            (const char          *url,
                                                         gboolean             allow_insecure_loopback,
                                                         GError             **error);

/* The notary server for @registry: $DOCKER_CONTENT_TRUST_SERVER, else @override (a
 * per-registry setting, may be NULL), else https://notary.docker.io for Docker Hub, else
 * https://<registry>. Without a trailing slash. */
char               *_signet_trust_server_for_registry   (const char          *registry,
                                                         const char          *override,
                                                         gboolean             allow_insecure_loopback,
                                                         GError             **error);

G_END_DECLS
