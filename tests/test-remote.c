/* test-remote.c: the registry/notary HTTP client against loopback SoupServers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "signet-error.h"
#include "signet-remote-private.h"

/* Sanitizer builds: LeakSanitizer crashes while scanning the dynamic TLS of the TLS
 * handshake threads of glib-networking (a dlopen()ed module) unless it leaves
 * __tls_get_addr alone. Unused in other builds. */
const char *__lsan_default_options (void);

const char *
__lsan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

/* Loopback test servers ------------------------------------------------------------------ */

typedef struct
{
  SoupServer *server;
  char       *url;        /* "http://127.0.0.1:PORT" */
  char       *host_port;  /* "127.0.0.1:PORT" */
  GPtrArray  *log;        /* "METHOD /path?query auth=…" */
} TestServer;

static TestServer *
test_server_new (GTlsCertificate *cert)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;

  ts->server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_listen_local (ts->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (cert ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (ts->server);
  uri = uris->data;
  ts->host_port = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  ts->url = g_strdup_printf ("%s://%s", cert ? "https" : "http", ts->host_port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  ts->log = g_ptr_array_new_with_free_func (g_free);
  return ts;
}

static void
test_server_free (TestServer *ts)
{
  soup_server_disconnect (ts->server);
  g_assert_finalize_object (ts->server);
  g_free (ts->url);
  g_free (ts->host_port);
  g_ptr_array_unref (ts->log);
  g_free (ts);
}

static void
record (TestServer        *ts,
        SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  g_ptr_array_add (ts->log, g_strdup_printf ("%s %s%s%s auth=%s",
                                             soup_server_message_get_method (msg),
                                             g_uri_get_path (uri),
                                             g_uri_get_query (uri) ? "?" : "",
                                             g_uri_get_query (uri) ? g_uri_get_query (uri) : "",
                                             auth ? auth : "-"));
}

static guint
log_count (TestServer *ts,
           const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < ts->log->len; i++)
    if (strstr (g_ptr_array_index (ts->log, i), needle) != NULL)
      n++;
  return n;
}

static void
dump_log (TestServer *ts)
{
  for (guint i = 0; i < ts->log->len; i++)
    g_test_message ("  %s", (char *) g_ptr_array_index (ts->log, i));
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type ? content_type : "application/json",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

/* Fixture -------------------------------------------------------------------------------- */

typedef struct
{
  char         *dir;    /* DOCKER_CONFIG */
  TestServer   *a;      /* registry / notary server */
  TestServer   *b;      /* token server or redirect target */
  SignetRemote *remote;
  char         *gun;
  /* knobs for handlers */
  gboolean      need_basic;
  gboolean      need_bearer;
  gboolean      token_refuses;
  gboolean      registry_refuses_token;
  char         *redirect_to;
} Fixture;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
make_remote (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->remote);
  f->remote = signet_remote_new (f->dir, &error);
  g_assert_no_error (error);
  signet_remote_set_allow_insecure_loopback (f->remote, TRUE);
  signet_remote_set_trust_server (f->remote, f->a->host_port, f->a->url, &error);
  g_assert_no_error (error);
}

static void
write_config (Fixture    *f,
              const char *auth_entry)
{
  g_autofree char *json = g_strdup_printf ("{\"auths\":{\"%s\":%s}}", f->a->host_port,
                                           auth_entry);

  write_file (f->dir, "config.json", json);
  make_remote (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  f->dir = g_dir_make_tmp ("signet-remote-XXXXXX", &error);
  g_assert_no_error (error);
  f->a = test_server_new (NULL);
  f->b = test_server_new (NULL);
  f->gun = g_strdup_printf ("%s/demo/web", f->a->host_port);
  make_remote (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_finalize_object (f->remote);
  test_server_free (f->a);
  test_server_free (f->b);
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->gun);
  g_free (f->redirect_to);
}

/* Sync wrappers for the tests ------------------------------------------------------------ */

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
ping (Fixture     *f,
      const char  *registry,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_remote_ping_async (f->remote, registry, NULL, on_result, &result);
  return signet_remote_ping_finish (f->remote, wait_for (&result), error);
}

static GBytes *
trust_get (Fixture     *f,
           const char  *path,
           gsize        max,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _signet_remote_trust_get_async (f->remote, f->gun, path, max, NULL, on_result, &result);
  return _signet_remote_trust_get_finish (f->remote, wait_for (&result), error);
}

static SignetManifest *
get_manifest (Fixture     *f,
              const char  *text,
              gboolean     with_body,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);

  g_assert_nonnull (ref);
  signet_remote_get_manifest_async (f->remote, ref, with_body, NULL, on_result, &result);
  return signet_remote_get_manifest_finish (f->remote, wait_for (&result), error);
}

/* Tests: lists --------------------------------------------------------------------------- */

static void
catalog_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  const char *last = query ? g_hash_table_lookup (query, "last") : NULL;

  record (f->a, msg);
  if (last == NULL)
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link",
                                   "</v2/_catalog?last=b&n=2>; rel=\"next\"");
      reply (msg, 200, NULL, "{\"repositories\":[\"a\",\"b\"]}");
    }
  else if (g_str_equal (last, "b"))
    {
      g_autofree char *link = g_strdup_printf ("<%s/v2/_catalog?last=d&n=2>; rel=\"next\"",
                                               f->a->url);

      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
      reply (msg, 200, NULL, "{\"repositories\":[\"c\",\"d\"]}");
    }
  else if (g_str_equal (last, "d"))
    reply (msg, 200, NULL, "{\"repositories\":[\"e\"]}");
  else if (g_str_equal (last, "loop"))
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link",
                                   "</v2/_catalog?last=loop>; rel=\"next\"");
      reply (msg, 200, NULL, "{\"repositories\":[\"x\"]}");
    }
  else if (g_str_equal (last, "away"))
    {
      g_autofree char *link = g_strdup_printf ("<%s/v2/_catalog?last=z>; rel=\"next\"", f->b->url);

      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
      reply (msg, 200, NULL, "{\"repositories\":[\"x\"]}");
    }
}

static void
test_catalog_pagination (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repos = NULL;
  const char *expected[] = { "a", "b", "c", "d", "e", NULL };

  soup_server_add_handler (f->a->server, "/v2/_catalog", catalog_cb, f, NULL);
  signet_remote_list_repositories_async (f->remote, f->a->host_port, NULL, on_result, &result);
  repos = signet_remote_list_repositories_finish (f->remote, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (repos, expected);
  g_assert_cmpuint (f->a->log->len, ==, 3);
  g_assert_cmpuint (log_count (f->a, "GET /v2/_catalog?n=100 "), ==, 1);
}

static void
loop_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;

  record (f->a, msg);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link",
                               "</v2/loop/tags/list?last=x>; rel=\"next\"");
  reply (msg, 200, NULL, "{\"name\":\"loop\",\"tags\":[\"x\"]}");
}

static void
test_page_cap (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  g_autoptr(SignetReference) ref = NULL;

  /* An endless chain of next links stops at the page cap. The registry name is mapped to
   * the test server with an explicit endpoint. */
  soup_server_add_handler (f->a->server, "/v2/loop/tags/list", loop_cb, f, NULL);
  ref = signet_reference_parse ("reg.test/loop", NULL);
  g_assert_true (signet_remote_set_registry_endpoint (f->remote, "reg.test", f->a->url, &error));
  g_assert_no_error (error);
  signet_remote_list_tags_async (f->remote, ref, NULL, on_result, &result);
  tags = signet_remote_list_tags_finish (f->remote, wait_for (&result), &error);
  g_assert_null (tags);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "more than 100 pages"));
  g_assert_cmpuint (f->a->log->len, ==, SIGNET_REMOTE_MAX_PAGES);
}

static void
test_next_link (void)
{
  g_autoptr(GUri) base = g_uri_parse ("http://127.0.0.1:1/v2/x/tags/list", 0, NULL);
  g_autoptr(GUri) next = _signet_remote_parse_next_link (
      "<http://other:2/v2/x/tags/list?last=a>; rel=\"next\"", base);
  g_autoptr(GUri) rel = _signet_remote_parse_next_link (
      "<http://127.0.0.1:1/a>; rel=\"prev\", </v2/x/tags/list?n=2&last=b>; rel=\"next\"", base);
  g_autofree char *next_s = g_uri_to_string (next);
  g_autofree char *rel_s = g_uri_to_string (rel);

  g_assert_cmpstr (next_s, ==, "http://other:2/v2/x/tags/list?last=a");
  g_assert_cmpstr (rel_s, ==, "http://127.0.0.1:1/v2/x/tags/list?n=2&last=b");
  g_assert_null (_signet_remote_parse_next_link ("<http://x/>; rel=\"prev\"", base));
  g_assert_null (_signet_remote_parse_next_link (NULL, base));
}

static void
away_tags_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *link = g_strdup_printf ("<%s/v2/away/tags/list?last=z>; rel=\"next\"", f->b->url);

  record (f->a, msg);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
  reply (msg, 200, NULL, "{\"name\":\"away\",\"tags\":[\"x\"]}");
}

static void
tags_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;

  record (f->a, msg);
  if (strstr (path, "/empty/") != NULL)
    reply (msg, 200, NULL, "{\"name\":\"empty\",\"tags\":null}");
  else if (strstr (path, "/garbage/") != NULL)
    reply (msg, 200, "text/html", "<html>hello</html>");
  else if (strstr (path, "/notags/") != NULL)
    reply (msg, 200, NULL, "{\"name\":\"notags\"}");
  else if (strstr (path, "/missing/") != NULL)
    reply (msg, 404, NULL, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}");
  else if (strstr (path, "/boom/") != NULL)
    reply (msg, 500, NULL, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"database on fire\"}]}");
  else if (strstr (path, "/boomhtml/") != NULL)
    reply (msg, 502, "text/html", "<html>bad gateway</html>");
  else
    reply (msg, 200, NULL, "{\"name\":\"demo/web\",\"tags\":[\"1.0\",\"latest\"]}");
}

static GStrv
list_tags (Fixture     *f,
           const char  *name,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = g_strdup_printf ("%s/%s", f->a->host_port, name);
  g_autoptr(SignetReference) ref = signet_reference_parse (text, NULL);

  signet_remote_list_tags_async (f->remote, ref, NULL, on_result, &result);
  return signet_remote_list_tags_finish (f->remote, wait_for (&result), error);
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  const char *expected[] = { "1.0", "latest", NULL };
  const char *none[] = { NULL };

  soup_server_add_handler (f->a->server, "/v2", tags_cb, f, NULL);
  soup_server_add_handler (f->a->server, "/v2/away/tags/list", away_tags_cb, f, NULL);

  tags = list_tags (f, "demo/web", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (tags, expected);
  g_clear_pointer (&tags, g_strfreev);

  tags = list_tags (f, "empty", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (tags, none);
  g_clear_pointer (&tags, g_strfreev);

  tags = list_tags (f, "garbage", &error);
  g_assert_null (tags);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "/v2/garbage/tags/list"));
  g_clear_error (&error);

  tags = list_tags (f, "notags", &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
  g_clear_error (&error);

  tags = list_tags (f, "missing", &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NAME_UNKNOWN: repository name not known to registry"));
  g_clear_error (&error);

  tags = list_tags (f, "boom", &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "UNKNOWN: database on fire"));
  g_clear_error (&error);

  tags = list_tags (f, "boomhtml", &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 502"));
  g_clear_error (&error);

  /* A next link to another host is refused, and that host is never asked. */
  tags = list_tags (f, "away", &error);
  g_assert_null (tags);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "another host"));
  g_assert_cmpuint (f->b->log->len, ==, 0);
}

/* Tests: manifests ----------------------------------------------------------------------- */

typedef struct
{
  const char *tag;
  const char *media_type;
  const char *body;
} ManifestFixture;

static const ManifestFixture manifests[] = {
  { "docker", SIGNET_MEDIA_TYPE_DOCKER_MANIFEST,
    "{\"schemaVersion\":2,\"mediaType\":\"" SIGNET_MEDIA_TYPE_DOCKER_MANIFEST "\",\"layers\":[]}" },
  { "list", SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST,
    "{\"schemaVersion\":2,\"mediaType\":\"" SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST "\",\"manifests\":[]}" },
  { "oci", SIGNET_MEDIA_TYPE_OCI_MANIFEST,
    "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}" },
  { "index", SIGNET_MEDIA_TYPE_OCI_INDEX,
    "{\"schemaVersion\":2,\"manifests\":[]}" },
};

static char *
digest_of (const char *body)
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

  return g_strconcat ("sha256:", hex, NULL);
}

static void
manifest_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *f = user_data;
  const char *ref = strrchr (path, '/') + 1;
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Accept");

  record (f->a, msg);
  g_assert_nonnull (accept);
  g_assert_nonnull (strstr (accept, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST));
  g_assert_nonnull (strstr (accept, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST));
  g_assert_nonnull (strstr (accept, SIGNET_MEDIA_TYPE_OCI_MANIFEST));
  g_assert_nonnull (strstr (accept, SIGNET_MEDIA_TYPE_OCI_INDEX));

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autofree char *digest = digest_of (manifests[i].body);

      if (g_str_equal (ref, manifests[i].tag) || g_str_equal (ref, digest))
        {
          soup_message_headers_replace (resp, "Docker-Content-Digest", digest);
          reply (msg, 200, manifests[i].media_type, manifests[i].body);
          return;
        }
    }
  if (g_str_equal (ref, "liar"))
    {
      g_autofree char *digest = digest_of ("something else");

      soup_message_headers_replace (resp, "Docker-Content-Digest", digest);
      reply (msg, 200, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST, manifests[0].body);
      return;
    }
  if (g_str_has_prefix (ref, "sha256:"))
    {
      /* Any other digest: a body that does not hash to it, no header. */
      reply (msg, 200, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST, manifests[0].body);
      return;
    }
  if (g_str_equal (ref, "nodigest"))
    {
      reply (msg, 200, "application/json", manifests[1].body);
      return;
    }
  if (g_str_equal (ref, "schema1"))
    {
      reply (msg, 200, "application/vnd.docker.distribution.manifest.v1+prettyjws", "{}");
      return;
    }
  reply (msg, 404, NULL, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
}

static void
test_manifest_types (Fixture       *f,
                     gconstpointer  data)
{
  soup_server_add_handler (f->a->server, "/v2/demo/web/manifests", manifest_cb, f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s:%s", f->gun, manifests[i].tag);
      g_autofree char *digest = digest_of (manifests[i].body);
      g_autofree char *by_digest = g_strdup_printf ("%s@%s", f->gun, digest);
      g_autoptr(GError) error = NULL;
      g_autoptr(SignetManifest) got = NULL;
      g_autoptr(SignetManifest) head = NULL;
      g_autoptr(SignetManifest) pinned = NULL;

      got = get_manifest (f, text, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_manifest_get_digest (got), ==, digest);
      g_assert_cmpuint (signet_manifest_get_size (got), ==, strlen (manifests[i].body));
      g_assert_cmpstr (signet_manifest_get_media_type (got), ==, manifests[i].media_type);
      g_assert_cmpmem (g_bytes_get_data (signet_manifest_get_body (got), NULL),
                       g_bytes_get_size (signet_manifest_get_body (got)),
                       manifests[i].body, strlen (manifests[i].body));

      head = get_manifest (f, text, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_manifest_get_digest (head), ==, digest);
      g_assert_cmpuint (signet_manifest_get_size (head), ==, strlen (manifests[i].body));
      g_assert_cmpstr (signet_manifest_get_media_type (head), ==, manifests[i].media_type);
      g_assert_null (signet_manifest_get_body (head));

      pinned = get_manifest (f, by_digest, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signet_manifest_get_digest (pinned), ==, digest);
    }
  g_assert_cmpuint (log_count (f->a, "HEAD /v2/demo/web/manifests/"), ==, G_N_ELEMENTS (manifests));

  /* No Docker-Content-Digest and a generic content type: the body's mediaType counts and
   * the digest is the body's hash; a HEAD without the header falls back to GET. */
  {
    g_autofree char *text = g_strdup_printf ("%s:nodigest", f->gun);
    g_autofree char *digest = digest_of (manifests[1].body);
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetManifest) head = get_manifest (f, text, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (signet_manifest_get_digest (head), ==, digest);
    g_assert_cmpstr (signet_manifest_get_media_type (head), ==, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST_LIST);
  }
  {
    g_autofree char *text = g_strdup_printf ("%s:schema1", f->gun);
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetManifest) m = get_manifest (f, text, TRUE, &error);

    g_assert_null (m);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "unsupported media type"));
  }
  {
    g_autofree char *text = g_strdup_printf ("%s:nosuchtag", f->gun);
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetManifest) m = get_manifest (f, text, TRUE, &error);

    g_assert_null (m);
    g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "MANIFEST_UNKNOWN"));
  }
}

static void
test_manifest_digest_mismatch (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *liar = NULL;
  g_autofree char *pinned = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetManifest) m = NULL;

  soup_server_add_handler (f->a->server, "/v2/demo/web/manifests", manifest_cb, f, NULL);

  liar = g_strdup_printf ("%s:liar", f->gun);
  m = get_manifest (f, liar, TRUE, &error);
  g_assert_null (m);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH);
  g_assert_nonnull (strstr (error->message, "but the registry says"));
  g_clear_error (&error);

  pinned = g_strdup_printf ("%s@sha256:%064d", f->gun, 7);
  m = get_manifest (f, pinned, TRUE, &error);
  g_assert_null (m);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH);
  g_assert_nonnull (strstr (error->message, "not the requested"));
}

/* Tests: size caps ----------------------------------------------------------------------- */

static void
big_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = g_strnfill (1000, 'x');

  record (f->a, msg);
  if (g_str_has_suffix (path, "/chunked.json"))
    {
      SoupMessageBody *rb = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_server_message_set_status (msg, 200, NULL);
      for (guint i = 0; i < 10; i++)
        soup_message_body_append (rb, SOUP_MEMORY_COPY, body, 1000);
      soup_message_body_complete (rb);
      return;
    }
  if (g_str_has_suffix (path, "/missing.json"))
    {
      reply (msg, 404, NULL, "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"not found\"}]}");
      return;
    }
  reply (msg, 200, NULL, body);
}

static void
test_size_cap (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *prefix = g_strdup_printf ("/v2/%s/_trust/tuf", f->gun);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  soup_server_add_handler (f->a->server, prefix, big_cb, f, NULL);

  bytes = trust_get (f, "root.json", 999, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "999 bytes"));
  g_clear_error (&error);

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1000);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* No Content-Length: the stream is cut off past the cap. */
  bytes = trust_get (f, "chunked.json", 5000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE);
  g_clear_error (&error);

  bytes = trust_get (f, "chunked.json", 10000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 10000);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = trust_get (f, "missing.json", 10000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "METADATA_NOT_FOUND"));
  g_clear_error (&error);

  /* Paths that could leave the GUN's collection are refused before any request. */
  g_ptr_array_set_size (f->a->log, 0);
  bytes = trust_get (f, "../../other/_trust/tuf/root.json", 10000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH);
  g_assert_cmpuint (f->a->log->len, ==, 0);
}

/* Tests: authentication ------------------------------------------------------------------ */

static const char *
request_auth (SoupServerMessage *msg)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                       "Authorization");
}

/* "alice:pw" */
#define ALICE_BASIC "Basic YWxpY2U6cHc="

static void
protected_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;
  const char *auth = request_auth (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  record (f->a, msg);
  if (f->need_basic && g_strcmp0 (auth, ALICE_BASIC) != 0)
    {
      soup_message_headers_replace (resp, "WWW-Authenticate", "Basic realm=\"registry\"");
      reply (msg, 401, NULL, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
      return;
    }
  if (f->need_bearer && (auth == NULL || !g_str_equal (auth, "Bearer tok-1") ||
                         f->registry_refuses_token))
    {
      g_autofree char *challenge =
        g_strdup_printf ("Bearer realm=\"%s/token\",service=\"reg.test\",scope=\"ignored:x:pull\"",
                         f->b->url);

      soup_message_headers_replace (resp, "WWW-Authenticate", challenge);
      reply (msg, 401, NULL, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token required\"}]}");
      return;
    }
  if (f->redirect_to != NULL)
    {
      soup_message_headers_replace (resp, "Location", f->redirect_to);
      soup_server_message_set_status (msg, 307, NULL);
      return;
    }
  reply (msg, 200, NULL, "{\"signed\":{}}");
}

static void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *f = user_data;

  record (f->b, msg);
  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) flat = soup_message_body_flatten (body);
      g_autofree char *text = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));

      g_ptr_array_add (f->b->log, g_strdup_printf ("form %s", text));
    }
  if (f->token_refuses)
    {
      reply (msg, 401, NULL, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad login\"}]}");
      return;
    }
  reply (msg, 200, NULL, "{\"token\":\"tok-1\",\"expires_in\":300}");
}

static void
add_auth_handlers (Fixture *f)
{
  g_autofree char *prefix = g_strdup_printf ("/v2/%s/_trust/tuf", f->gun);

  soup_server_add_handler (f->a->server, "/v2", protected_cb, f, NULL);
  soup_server_add_handler (f->b->server, "/token", token_cb, f, NULL);
  soup_server_add_handler (f->b->server, "/elsewhere", token_cb, f, NULL);
}

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  add_auth_handlers (f);
  f->need_basic = TRUE;
  write_config (f, "{\"auth\":\"YWxpY2U6cHc=\"}");

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);
  dump_log (f->a);
  g_assert_cmpuint (f->a->log->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 0), "auth=-"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 1), "auth=" ALICE_BASIC));

  /* Known Basic origin: sent at once. */
  g_assert_true (ping (f, f->a->host_port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->a->log->len, ==, 3);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 2), "auth=" ALICE_BASIC));

  /* Wrong password: one retry, then SIGNET_ERROR_AUTH. */
  write_config (f, "{\"auth\":\"YWxpY2U6bm8=\"}");
  g_ptr_array_set_size (f->a->log, 0);
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_nonnull (strstr (error->message, f->a->host_port));
  g_assert_null (strstr (error->message, "bm8="));
  g_assert_cmpuint (f->a->log->len, ==, 2);
  g_clear_error (&error);

  /* No login at all: no retry, a hint to log in. */
  write_file (f->dir, "config.json", "{}");
  make_remote (f);
  g_ptr_array_set_size (f->a->log, 0);
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "docker login"));
  g_assert_cmpuint (f->a->log->len, ==, 1);
}

static void
test_bearer (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *expect_scope = NULL;
  g_autofree char *esc_scope = NULL;
  const char *tok;

  add_auth_handlers (f);
  f->need_bearer = TRUE;
  write_config (f, "{\"auth\":\"YWxpY2U6cHc=\"}");

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);
  dump_log (f->a);
  dump_log (f->b);

  /* The realm (another host:port than the registry) gets the login, the service and the
   * GUN's pull scope; the registry only ever sees the token. */
  g_assert_cmpuint (f->b->log->len, ==, 1);
  tok = g_ptr_array_index (f->b->log, 0);
  expect_scope = g_strdup_printf ("repository:%s:pull", f->gun);
  esc_scope = g_uri_escape_string (expect_scope, NULL, FALSE);
  g_assert_true (g_str_has_prefix (tok, "GET /token?service=reg.test&scope="));
  g_assert_nonnull (strstr (tok, esc_scope));
  g_assert_nonnull (strstr (tok, "&account=alice"));
  g_assert_true (g_str_has_suffix (tok, "auth=" ALICE_BASIC));
  g_assert_cmpuint (f->a->log->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 0), "auth=-"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 1), "auth=Bearer tok-1"));
  g_assert_cmpuint (log_count (f->a, "Basic"), ==, 0);

  /* Cached per scope: no new token request. */
  bytes = trust_get (f, "targets.json", 1000, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_assert_cmpuint (f->b->log->len, ==, 1);
  g_assert_cmpuint (f->a->log->len, ==, 3);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->a->log, 2), "auth=Bearer tok-1"));

  /* Another scope (push,pull for the server key) asks for another token. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *push_scope = g_strdup_printf ("repository:%s:push,pull", f->gun);
    g_autofree char *esc = g_uri_escape_string (push_scope, NULL, FALSE);

    _signet_remote_trust_key_async (f->remote, f->gun, "timestamp", FALSE, NULL, on_result, &result);
    bytes = _signet_remote_trust_key_finish (f->remote, wait_for (&result), &error);
    g_assert_no_error (error);
    g_clear_pointer (&bytes, g_bytes_unref);
    g_assert_cmpuint (f->b->log->len, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (f->b->log, 1), esc));
    g_assert_cmpuint (log_count (f->a, "GET /v2/" ), ==, 5);
    g_assert_cmpuint (log_count (f->a, "/_trust/tuf/timestamp.key"), ==, 2);
  }
}

static void
test_bearer_anonymous (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *tok;

  add_auth_handlers (f);
  f->need_bearer = TRUE;
  write_file (f->dir, "config.json", "{\"auths\":{\"other.lan\":{\"auth\":\"YWxpY2U6cHc=\"}}}");
  make_remote (f);

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->b->log->len, ==, 1);
  tok = g_ptr_array_index (f->b->log, 0);
  g_assert_true (g_str_has_suffix (tok, "auth=-"));
  g_assert_null (strstr (tok, "account="));
  g_assert_cmpuint (log_count (f->a, "Basic"), ==, 0);
  g_assert_cmpuint (log_count (f->a, "auth=Bearer tok-1"), ==, 1);
}

static void
test_bearer_identity_token (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GHashTable) fields = NULL;

  add_auth_handlers (f);
  f->need_bearer = TRUE;
  write_config (f, "{\"identitytoken\":\"refresh-xyz\"}");

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  dump_log (f->b);
  g_assert_cmpuint (f->b->log->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->b->log, 0), "POST /token auth=-"));
  form = g_strdup ((char *) g_ptr_array_index (f->b->log, 1) + strlen ("form "));
  fields = soup_form_decode (form);
  scope = g_strdup_printf ("repository:%s:pull", f->gun);
  g_assert_cmpstr (g_hash_table_lookup (fields, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (fields, "refresh_token"), ==, "refresh-xyz");
  g_assert_cmpstr (g_hash_table_lookup (fields, "client_id"), ==, "docker");
  g_assert_cmpstr (g_hash_table_lookup (fields, "service"), ==, "reg.test");
  g_assert_cmpstr (g_hash_table_lookup (fields, "scope"), ==, scope);
  g_assert_cmpuint (log_count (f->a, "refresh-xyz"), ==, 0);
}

static void
test_bearer_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  add_auth_handlers (f);
  f->need_bearer = TRUE;
  write_config (f, "{\"auth\":\"YWxpY2U6cHc=\"}");

  f->token_refuses = TRUE;
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "token server"));
  g_clear_error (&error);

  /* A token the registry keeps refusing: one fresh token, then SIGNET_ERROR_AUTH. */
  f->token_refuses = FALSE;
  f->registry_refuses_token = TRUE;
  g_ptr_array_set_size (f->a->log, 0);
  g_ptr_array_set_size (f->b->log, 0);
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_cmpuint (f->b->log->len, ==, 1);
  g_assert_cmpuint (f->a->log->len, ==, 2);
}

static void
elsewhere_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;

  record (f->b, msg);
  if (g_str_has_suffix (path, "/denied"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"b\"");
      reply (msg, 401, NULL, "{}");
      return;
    }
  reply (msg, 200, NULL, "{\"moved\":true}");
}

static void
test_redirect_no_credentials (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  soup_server_add_handler (f->a->server, "/v2", protected_cb, f, NULL);
  soup_server_add_handler (f->b->server, "/moved", elsewhere_cb, f, NULL);
  f->need_basic = TRUE;
  write_config (f, "{\"auth\":\"YWxpY2U6cHc=\"}");
  f->redirect_to = g_strdup_printf ("%s/moved/root.json", f->b->url);

  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "{\"moved\":true}", 14);
  dump_log (f->a);
  dump_log (f->b);
  /* The registry got the login; the other host got nothing. */
  g_assert_cmpuint (log_count (f->a, "auth=" ALICE_BASIC), ==, 1);
  g_assert_cmpuint (f->b->log->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->b->log, 0), "auth=-"));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* The other host asking for a login gets none: SIGNET_ERROR_AUTH. */
  g_free (f->redirect_to);
  f->redirect_to = g_strdup_printf ("%s/moved/denied", f->b->url);
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "redirect"));
  g_assert_cmpuint (log_count (f->b, "Basic"), ==, 0);
  g_clear_error (&error);

  /* A redirect to plain http on a non-loopback host is refused. */
  g_free (f->redirect_to);
  f->redirect_to = g_strdup ("http://192.0.2.1/x");
  bytes = trust_get (f, "root.json", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
}

/* Tests: notary API --------------------------------------------------------------------- */

static void
notary_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (msg);

  record (f->a, msg);
  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/_trust/tuf/"))
    {
      SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(SoupMultipart) mp = soup_multipart_new_from_message (req, body);

      g_assert_nonnull (mp);
      for (int i = 0; i < soup_multipart_get_length (mp); i++)
        {
          SoupMessageHeaders *ph;
          GBytes *pb;

          /* The raw header: the role name keeps its slash (libsoup's and Go's own
           * filename getters cut the directory; notary-server reads it raw). */
          g_assert_true (soup_multipart_get_part (mp, i, &ph, &pb));
          g_ptr_array_add (f->a->log,
                           g_strdup_printf ("part %s; type=%s; body=%.*s",
                                            soup_message_headers_get_one (ph, "Content-Disposition"),
                                            soup_message_headers_get_content_type (ph, NULL),
                                            (int) g_bytes_get_size (pb),
                                            (char *) g_bytes_get_data (pb, NULL)));
        }
      if (soup_multipart_get_length (mp) == 3)
        reply (msg, 400, NULL,
               "{\"errors\":[{\"code\":\"INVALID_UPDATE\",\"message\":\"Update sent by the client is invalid.\","
               "\"detail\":{\"Name\":\"ErrBadRoot\",\"Error\":{\"Msg\":\"root version 5 is not current+1\"}}}]}");
      else
        reply (msg, 200, NULL, "{}");
      return;
    }
  if (g_str_has_suffix (path, ".key"))
    {
      reply (msg, 200, NULL, "{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"AAAA\",\"private\":null}}");
      return;
    }
  if (g_str_equal (method, "DELETE"))
    {
      reply (msg, 200, NULL, "{}");
      return;
    }
  reply (msg, 404, NULL, "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"not found\"}]}");
}

static gboolean
publish (Fixture     *f,
         GHashTable  *files,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _signet_remote_trust_publish_async (f->remote, f->gun, files, NULL, on_result, &result);
  return _signet_remote_trust_publish_finish (f->remote, wait_for (&result), error);
}

static void
test_notary_api (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autofree char *post_line = NULL;

  soup_server_add_handler (f->a->server, "/v2", notary_cb, f, NULL);

  g_hash_table_insert (files, (gpointer) "targets", g_bytes_new_static ("{\"t\":1}", 7));
  g_hash_table_insert (files, (gpointer) "targets/releases", g_bytes_new_static ("{\"r\":2}", 7));
  g_assert_true (publish (f, files, &error));
  g_assert_no_error (error);
  dump_log (f->a);
  post_line = g_strdup_printf ("POST /v2/%s/_trust/tuf/ auth=-", f->gun);
  g_assert_cmpstr (g_ptr_array_index (f->a->log, 0), ==, post_line);
  g_assert_cmpstr (g_ptr_array_index (f->a->log, 1), ==,
                   "part form-data; name=\"files\"; filename=\"targets\"; type=application/octet-stream; body={\"t\":1}");
  g_assert_cmpstr (g_ptr_array_index (f->a->log, 2), ==,
                   "part form-data; name=\"files\"; filename=\"targets/releases\"; type=application/octet-stream; body={\"r\":2}");

  /* The server's INVALID_UPDATE comes back with its code, message and detail name. */
  g_hash_table_insert (files, (gpointer) "root", g_bytes_new_static ("{}", 2));
  g_assert_false (publish (f, files, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_assert_nonnull (strstr (error->message,
                            "INVALID_UPDATE: Update sent by the client is invalid. "
                            "(ErrBadRoot: root version 5 is not current+1)"));
  g_clear_error (&error);

  g_hash_table_insert (files, (gpointer) "../x", g_bytes_new_static ("{}", 2));
  g_assert_false (publish (f, files, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  _signet_remote_trust_key_async (f->remote, f->gun, "snapshot", FALSE, NULL, on_result, &r1);
  key = _signet_remote_trust_key_finish (f->remote, wait_for (&r1), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (key, NULL), "ed25519"));
  g_clear_pointer (&key, g_bytes_unref);

  _signet_remote_trust_key_async (f->remote, f->gun, "timestamp", TRUE, NULL, on_result, &r2);
  key = _signet_remote_trust_key_finish (f->remote, wait_for (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log_count (f->a, "POST /v2/"), ==, 3);
  g_assert_cmpuint (log_count (f->a, "_trust/tuf/timestamp.key"), ==, 1);

  _signet_remote_trust_delete_async (f->remote, f->gun, NULL, on_result, &r3);
  g_assert_true (_signet_remote_trust_delete_finish (f->remote, wait_for (&r3), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log_count (f->a, "DELETE /v2/"), ==, 1);
}

static void
test_parse_errors (void)
{
  static const struct { const char *body; const char *expected; } cases[] = {
    { "{\"errors\":[{\"code\":\"A\",\"message\":\"m\"},{\"code\":\"B\"}]}", "A: m; B" },
    { "{\"errors\":[{\"code\":\"INVALID_UPDATE\",\"message\":\"bad\",\"detail\":{\"Name\":\"ErrBadHierarchy\"}}]}",
      "INVALID_UPDATE: bad (ErrBadHierarchy)" },
    { "{\"errors\":[{\"code\":\"X\",\"message\":\"m\",\"detail\":\"string detail\"}]}", "X: m" },
    { "{\"errors\":[]}", NULL },
    { "{\"errors\":7}", NULL },
    { "[1,2]", NULL },
    { "<html>", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autofree char *got = _signet_remote_parse_errors (b);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* Tests: transport ----------------------------------------------------------------------- */

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *registry = NULL;

  /* A port that was just free: nothing listens there. */
  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (sock, addr, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  registry = g_strdup_printf ("127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (sock, NULL);

  g_assert_false (ping (f, registry, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, registry));
}

static void
stall_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *f = user_data;

  record (f->a, msg);
  soup_server_message_pause (msg);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  soup_server_add_handler (f->a->server, "/v2", stall_cb, f, NULL);
  signet_remote_set_timeout (f->remote, 1);
  g_assert_false (ping (f, f->a->host_port, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE);
  g_assert_cmpuint (f->a->log->len, ==, 1);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;

  soup_server_add_handler (f->a->server, "/v2", stall_cb, f, NULL);
  signet_remote_ping_async (f->remote, f->a->host_port, cancellable, on_result, &result);
  while (f->a->log->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_false (signet_remote_ping_finish (f->remote, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_insecure_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetRemote) strict = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;

  soup_server_add_handler (f->a->server, "/v2", notary_cb, f, NULL);
  strict = signet_remote_new (f->dir, &error);
  g_assert_no_error (error);
  /* Without the explicit permission, http:// is not even accepted as a setting. */
  g_assert_false (signet_remote_set_trust_server (strict, f->a->host_port, f->a->url, &error));
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_setenv ("DOCKER_CONTENT_TRUST_SERVER", f->a->url, TRUE);
  _signet_remote_trust_get_async (strict, f->gun, "root.json", 100, NULL, on_result, &result);
  bytes = _signet_remote_trust_get_finish (strict, wait_for (&result), &error);
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  g_assert_null (bytes);
  g_assert_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (f->a->log->len, ==, 0);
}

/* Tests: TLS ----------------------------------------------------------------------------- */

static X509 *
make_cert (EVP_PKEY   *key,
           EVP_PKEY   *issuer_key,
           X509       *issuer,
           const char *cn,
           gboolean    ca)
{
  X509 *cert = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  X509V3_CTX ctx;
  X509_EXTENSION *ext;

  g_assert_true (X509_set_version (cert, 2));
  ASN1_INTEGER_set (X509_get_serialNumber (cert), ca ? 1 : 2);
  X509_gmtime_adj (X509_getm_notBefore (cert), -3600);
  X509_gmtime_adj (X509_getm_notAfter (cert), 3600 * 24);
  X509_set_pubkey (cert, key);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const unsigned char *) cn, -1, -1, 0);
  X509_set_subject_name (cert, name);
  X509_set_issuer_name (cert, issuer ? X509_get_subject_name (issuer) : name);
  X509V3_set_ctx (&ctx, issuer ? issuer : cert, cert, NULL, NULL, 0);
  if (ca)
    {
      ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
      X509_add_ext (cert, ext, -1);
      X509_EXTENSION_free (ext);
      ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
      X509_add_ext (cert, ext, -1);
      X509_EXTENSION_free (ext);
    }
  else
    {
      ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
      X509_add_ext (cert, ext, -1);
      X509_EXTENSION_free (ext);
      ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_ext_key_usage, "serverAuth");
      X509_add_ext (cert, ext, -1);
      X509_EXTENSION_free (ext);
    }
  g_assert_cmpint (X509_sign (cert, issuer_key, EVP_sha256 ()), >, 0);
  X509_NAME_free (name);
  return cert;
}

static char *
pem_of_cert (X509 *cert)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;
  char *out;

  PEM_write_bio_X509 (bio, cert);
  len = BIO_get_mem_data (bio, &data);
  out = g_strndup (data, len);
  BIO_free (bio);
  return out;
}

static char *
pem_of_key (EVP_PKEY *key)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;
  char *out;

  PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL);
  len = BIO_get_mem_data (bio, &data);
  out = g_strndup (data, len);
  BIO_free (bio);
  return out;
}

static void
tls_ok_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  reply (msg, 200, NULL, "{}");
}

static void
test_tls_ca_dir (void)
{
  g_autoptr(GError) error = NULL;
  EVP_PKEY *ca_key = EVP_EC_gen ("P-256");
  EVP_PKEY *srv_key = EVP_EC_gen ("P-256");
  X509 *ca = make_cert (ca_key, ca_key, NULL, "Signet Test CA", TRUE);
  X509 *srv = make_cert (srv_key, ca_key, ca, "127.0.0.1", FALSE);
  g_autofree char *ca_pem = pem_of_cert (ca);
  g_autofree char *srv_pem = pem_of_cert (srv);
  g_autofree char *key_pem = pem_of_key (srv_key);
  g_autofree char *both = g_strconcat (srv_pem, key_pem, NULL);
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_pem (both, -1, &error);
  g_autofree char *dir = g_dir_make_tmp ("signet-tls-XXXXXX", NULL);
  g_autoptr(SignetRemote) remote = NULL;
  TestServer *ts;
  Fixture f = { 0 };

  g_assert_no_error (error);
  ts = test_server_new (cert);
  soup_server_add_handler (ts->server, "/v2", tls_ok_cb, NULL, NULL);

  /* No CA: the handshake fails with a TLS error that says where to put the CA. */
  f.remote = signet_remote_new (dir, &error);
  g_assert_no_error (error);
  g_assert_false (ping (&f, ts->host_port, &error));
  g_assert_true (error->domain == G_TLS_ERROR);
  g_assert_nonnull (strstr (error->message, "tls/"));
  g_clear_error (&error);
  g_clear_object (&f.remote);

  /* The CA for another host: still refused. */
  write_file (dir, "tls/127.0.0.1:1/ca.crt", ca_pem);
  f.remote = signet_remote_new (dir, &error);
  g_assert_false (ping (&f, ts->host_port, &error));
  g_assert_true (error->domain == G_TLS_ERROR);
  g_clear_error (&error);
  g_clear_object (&f.remote);

  /* The CA in tls/<host:port>/: trusted. */
  {
    g_autofree char *name = g_strdup_printf ("tls/%s/ca.crt", ts->host_port);

    write_file (dir, name, ca_pem);
  }
  f.remote = signet_remote_new (dir, &error);
  g_assert_true (ping (&f, ts->host_port, &error));
  g_assert_no_error (error);

  /* The host's CA stays with the client that read it: another client (another
   * DOCKER_CONFIG, no CA for the host), even while the first one lives, refuses. */
  {
    g_autofree char *other_dir = g_dir_make_tmp ("signet-tls-XXXXXX", NULL);
    Fixture other = { 0 };

    other.remote = signet_remote_new (other_dir, &error);
    g_assert_no_error (error);
    g_assert_false (ping (&other, ts->host_port, &error));
    g_assert_true (error->domain == G_TLS_ERROR);
    g_clear_error (&error);
    g_assert_finalize_object (other.remote);
    rm_rf (other_dir);
  }
  /* and the first client still trusts it */
  g_assert_true (ping (&f, ts->host_port, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (f.remote);

  test_server_free (ts);
  rm_rf (dir);
  X509_free (ca);
  X509_free (srv);
  EVP_PKEY_free (ca_key);
  EVP_PKEY_free (srv_key);
  (void) remote;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/Signet/Unit/remote/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("catalog-pagination", test_catalog_pagination);
  ADD ("page-cap", test_page_cap);
  ADD ("tags", test_tags);
  ADD ("manifest-types", test_manifest_types);
  ADD ("manifest-digest-mismatch", test_manifest_digest_mismatch);
  ADD ("size-cap", test_size_cap);
  ADD ("basic", test_basic);
  ADD ("bearer", test_bearer);
  ADD ("bearer-anonymous", test_bearer_anonymous);
  ADD ("bearer-identity-token", test_bearer_identity_token);
  ADD ("bearer-refused", test_bearer_refused);
  ADD ("redirect-no-credentials", test_redirect_no_credentials);
  ADD ("notary-api", test_notary_api);
  ADD ("unreachable", test_unreachable);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
  ADD ("insecure-refused", test_insecure_refused);
#undef ADD
  g_test_add_func ("/Signet/Unit/remote/parse-errors", test_parse_errors);
  g_test_add_func ("/Signet/Unit/remote/next-link", test_next_link);
  g_test_add_func ("/Signet/Unit/remote/tls-ca-dir", test_tls_ca_dir);

  return g_test_run ();
}
