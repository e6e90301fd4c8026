/* signet-remote-private.h: the HTTP engine and the notary server API.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: notary-v1.md §7. Every request has a size cap; credentials go only to the origin
 * of the request (never to another host after a redirect) and to the token realm that
 * origin names in its Bearer challenge.
 */

#pragma once

#include <libsoup/soup.h>

#include "signet-docker-config-private.h"
#include "signet-remote.h"

G_BEGIN_DECLS

#define SIGNET_REMOTE_JSON_MAX      (8 * 1024 * 1024)   /* JSON replies, catalog/tag pages */
#define SIGNET_REMOTE_TOKEN_MAX     (1024 * 1024)       /* token replies */
#define SIGNET_REMOTE_MANIFEST_MAX  (4 * 1024 * 1024)   /* as distribution's own limit */
#define SIGNET_REMOTE_KEY_MAX       (1024 * 1024)       /* {timestamp,snapshot}.key */
#define SIGNET_REMOTE_ERROR_MAX     (64 * 1024)         /* error bodies we read for messages */
#define SIGNET_REMOTE_MAX_PAGES     100
#define SIGNET_REMOTE_MAX_REDIRECTS 5

typedef struct
{
  const char *method;          /* "GET", "HEAD", "POST", "DELETE" */
  GUri       *uri;
  const char *accept;          /* Accept header, or NULL */
  GBytes     *body;            /* request body, or NULL */
  const char *content_type;
  gsize       max_size;        /* refuse a larger response body (SIGNET_ERROR_TOO_LARGE) */
  const char *scope;           /* Bearer scope, e.g. "repository:<name>:pull"; NULL: the challenge's */
  const char *cred_registry;   /* whose login may be used (host[:port] or "docker.io"); NULL: none */
} SignetHttpRequest;

typedef struct
{
  guint               status;
  GBytes             *body;     /* empty for HEAD */
  SoupMessageHeaders *headers;
  GUri               *uri;      /* the final URI after redirects */
} SignetHttpResponse;

void                _signet_http_response_free (SignetHttpResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetHttpResponse, _signet_http_response_free)

/* One request with auth, redirects (same-origin credentials only), size cap. Statuses
 * other than 2xx become errors: 404 SIGNET_ERROR_NOT_FOUND, 401/403 SIGNET_ERROR_AUTH,
 * others SIGNET_ERROR_SERVER with the server's {"errors":[…]} in the message. */
void                _signet_remote_request_async  (SignetRemote            *self,
                                                   const SignetHttpRequest *request,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
SignetHttpResponse *_signet_remote_request_finish (SignetRemote            *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);

/* "CODE: message (Name)" for each entry of a {"errors":[…]} body, joined by "; ", or NULL
 * when @body is not such a document. */
char               *_signet_remote_parse_errors   (GBytes                  *body);

/* Link: <…>; rel="next" resolved against @base, or NULL. */
GUri               *_signet_remote_parse_next_link (const char             *link,
                                                    GUri                   *base);

/* Loads what the first connection needs (the TLS backend and its modules, the default
 * proxy resolver) and prepares the TLS defaults; any thread, any number of times. Lets a
 * caller do it in a worker thread while other work goes on; otherwise the first request
 * does it. */
void                _signet_remote_warm_up (void);

/* The notary server URL for @gun's registry (its first component). */
char               *_signet_remote_trust_server_for_gun (SignetRemote      *self,
                                                         const char        *gun,
                                                         GError           **error);

/* GET <server>/v2/<gun>/_trust/tuf/<path>; 404 is SIGNET_ERROR_NOT_FOUND, a body over
 * @max_size SIGNET_ERROR_TOO_LARGE. */
void                _signet_remote_trust_get_async    (SignetRemote        *self,
                                                       const char          *gun,
                                                       const char          *path,
                                                       gsize                max_size,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GBytes             *_signet_remote_trust_get_finish   (SignetRemote        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* GET (or with @rotate, POST) <…>/_trust/tuf/<role>.key for "timestamp" or "snapshot":
 * the server's KEY JSON. */
void                _signet_remote_trust_key_async    (SignetRemote        *self,
                                                       const char          *gun,
                                                       const char          *role,
                                                       gboolean             rotate,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GBytes             *_signet_remote_trust_key_finish   (SignetRemote        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* POST <…>/_trust/tuf/ with one multipart part per role (@files: role name -> GBytes),
 * name="files", filename="<role>", application/octet-stream; parts in role-name order. */
void                _signet_remote_trust_publish_async  (SignetRemote        *self,
                                                         const char          *gun,
                                                         GHashTable          *files,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            _signet_remote_trust_publish_finish (SignetRemote        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* DELETE <…>/_trust/tuf/ (all of the GUN's trust data on the server). */
void                _signet_remote_trust_delete_async  (SignetRemote        *self,
                                                        const char          *gun,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            _signet_remote_trust_delete_finish (SignetRemote        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* The base URL of @registry's API, without a trailing slash. */
char               *_signet_remote_registry_base (SignetRemote            *self,
                                                  const char              *registry,
                                                  GError                 **error);

SignetManifest     *_signet_manifest_new (const char              *digest,
                                          gsize                    size,
                                          const char              *media_type,
                                          GBytes                  *body);

/* Tests: set the credentials used for @registry, as if from the docker config (NULL:
 * anonymous). */
void                _signet_remote_set_credentials (SignetRemote            *self,
                                                    const char              *registry,
                                                    const SignetCredentials *creds);

G_END_DECLS
