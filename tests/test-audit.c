/* test-audit.c: the audit engine against loopback registries and notary servers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server A is a registry with a notary server (several repositories, built with the
 * test-only TUF builder), B a registry without one, and C a port where nothing listens.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "signet-audit-private.h"
#include "signet-remote-private.h"
#include "tuf-test-util.h"

typedef struct
{
  SoupServer *server;
  char       *host_port;
  char       *url;
} Server;

typedef struct
{
  Server        a;
  Server        b;
  char         *c_host_port;
  char         *docker_dir;
  char         *trust_dir;
  SignetRemote *remote;
  GHashTable   *repos;        /* gun -> TestRepo* (served by A's notary) */
  GHashTable   *manifests;    /* "repo:ref" -> body (A's and B's registry) */
  GHashTable   *requests;     /* path -> count */
  /* Holding manifest requests to see how many run at once. */
  gboolean      hold;
  GPtrArray    *held;         /* SoupServerMessage* */
  guint         max_held;
  /* Progress. */
  guint         n_progress;
  guint         last_done;
  GCancellable *cancel_after_first;
} Fixture;

static char *
digest_of (const char *body)
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

  return g_strconcat ("sha256:", hex, NULL);
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

static void
count_request (Fixture    *f,
               const char *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, path));

  g_hash_table_replace (f->requests, g_strdup (path), GUINT_TO_POINTER (n + 1));
}

static guint
requests_for (Fixture    *f,
              const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, path));
}

static gboolean
release_held_cb (gpointer user_data)
{
  Fixture *f = user_data;
  SoupServerMessage *msg;

  if (f->held->len == 0)
    return G_SOURCE_REMOVE;
  msg = g_ptr_array_steal_index (f->held, 0);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* The registry API: /v2/<repo>/manifests/<ref>, for A and B. */
static void
serve_manifest (Fixture           *f,
                SoupServerMessage *msg,
                const char        *host_port,
                const char        *path)
{
  const char *rest = path + strlen ("/v2/");
  const char *m = strstr (rest, "/manifests/");
  g_autofree char *repo = g_strndup (rest, m - rest);
  const char *ref = m + strlen ("/manifests/");
  g_autofree char *key = NULL;
  const char *body = NULL;
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  if (g_str_has_prefix (ref, "sha256:"))
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, f->manifests);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          g_autofree char *digest = digest_of (v);
          g_autofree char *prefix = g_strdup_printf ("%s/%s:", host_port, repo);

          if (g_str_has_prefix (k, prefix) && g_str_equal (digest, ref))
            body = v;
        }
    }
  else
    {
      key = g_strdup_printf ("%s/%s:%s", host_port, repo, ref);
      body = g_hash_table_lookup (f->manifests, key);
    }

  if (body == NULL)
    {
      reply (msg, 404, NULL,
             "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
      return;
    }

  {
    g_autofree char *digest = digest_of (body);

    soup_message_headers_replace (resp, "Docker-Content-Digest", digest);
    reply (msg, 200, SIGNET_MEDIA_TYPE_DOCKER_MANIFEST, body);
  }

  if (f->hold)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (f->held, g_object_ref (msg));
      f->max_held = MAX (f->max_held, f->held->len);
      g_timeout_add (20, release_held_cb, f);
    }
}

static void
a_cb (SoupServer        *server,
      SoupServerMessage *msg,
      const char        *path,
      GHashTable        *query,
      gpointer           user_data)
{
  Fixture *f = user_data;
  const char *trust;

  count_request (f, path);

  if (g_str_equal (path, "/_notary_server/health"))
    {
      reply (msg, 200, NULL, "{}");
      return;
    }

  trust = strstr (path, "/_trust/tuf/");
  if (g_str_has_prefix (path, "/v2/") && trust != NULL)
    {
      g_autofree char *gun = g_strndup (path + 4, trust - path - 4);
      TestRepo *repo = g_hash_table_lookup (f->repos, gun);
      GBytes *bytes = repo != NULL ? g_hash_table_lookup (repo->server, trust + strlen ("/_trust/tuf/"))
                                   : NULL;

      if (bytes == NULL)
        {
          reply (msg, 404, NULL,
                 "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"not found\"}]}");
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      return;
    }

  if (g_str_has_prefix (path, "/v2/") && strstr (path, "/manifests/") != NULL)
    {
      serve_manifest (f, msg, f->a.host_port, path);
      return;
    }

  reply (msg, 404, "text/plain", "404 page not found\n");
}

/* B: a registry, and nothing else (like distribution: 404 for unknown routes). */
static void
b_cb (SoupServer        *server,
      SoupServerMessage *msg,
      const char        *path,
      GHashTable        *query,
      gpointer           user_data)
{
  Fixture *f = user_data;

  count_request (f, path);
  if (g_str_has_prefix (path, "/v2/") && strstr (path, "/manifests/") != NULL &&
      strstr (path, "/_trust/") == NULL)
    {
      serve_manifest (f, msg, f->b.host_port, path);
      return;
    }

  reply (msg, 404, "text/plain", "404 page not found\n");
}

static void
server_start (Server             *s,
              SoupServerCallback  callback,
              gpointer            data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  s->server = soup_server_new (NULL, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->host_port = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  s->url = g_strdup_printf ("http://%s", s->host_port);
  soup_server_add_handler (s->server, NULL, callback, data, NULL);
}

static void
server_stop (Server *s)
{
  soup_server_disconnect (s->server);
  g_assert_finalize_object (s->server);
  g_free (s->host_port);
  g_free (s->url);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);
  return port;
}

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

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static TestRepo *
add_repo (Fixture    *f,
          const char *name)
{
  char *gun = g_strdup_printf ("%s/%s", f->a.host_port, name);
  TestRepo *repo = test_repo_new (gun, now_s ());

  g_hash_table_insert (f->repos, gun, repo);
  return repo;
}

static void
add_manifest (Fixture    *f,
              const char *host_port,
              const char *repo_tag,
              const char *body)
{
  g_hash_table_insert (f->manifests, g_strdup_printf ("%s/%s", host_port, repo_tag),
                       g_strdup (body));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c_url = NULL;
  TestRepo *web;
  TestRepo *expired;
  const char *alice_paths[] = { "", NULL };

  f->repos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) test_repo_free);
  f->manifests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->held = g_ptr_array_new ();

  server_start (&f->a, a_cb, f);
  server_start (&f->b, b_cb, f);
  f->c_host_port = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  c_url = g_strdup_printf ("http://%s", f->c_host_port);

  f->docker_dir = g_dir_make_tmp ("signet-audit-docker-XXXXXX", &error);
  g_assert_no_error (error);
  f->trust_dir = g_build_filename (f->docker_dir, "trust", NULL);
  f->remote = signet_remote_new (f->docker_dir, &error);
  g_assert_no_error (error);
  signet_remote_set_allow_insecure_loopback (f->remote, TRUE);
  signet_remote_set_timeout (f->remote, 5);
  g_assert_true (signet_remote_set_trust_server (f->remote, f->a.host_port, f->a.url, &error));
  g_assert_true (signet_remote_set_trust_server (f->remote, f->b.host_port, f->b.url, &error));
  g_assert_true (signet_remote_set_trust_server (f->remote, f->c_host_port, c_url, &error));
  g_assert_true (signet_remote_set_registry_endpoint (f->remote, f->a.host_port, f->a.url, &error));
  g_assert_true (signet_remote_set_registry_endpoint (f->remote, f->b.host_port, f->b.url, &error));
  g_assert_true (signet_remote_set_registry_endpoint (f->remote, f->c_host_port, c_url, &error));
  g_assert_no_error (error);

  /* demo/web: v1 signed by releases and alice; v2 re-pushed since signing (the signed
   * manifest still there); v3 re-pushed and the signed manifest deleted; deleg-only
   * signed by alice alone; "unsigned" and "latest" never signed. */
  web = add_repo (f, "demo/web");
  test_repo_add_delegation (web, "targets/releases", NULL);
  test_repo_add_delegation (web, "targets/alice", alice_paths);
  test_repo_add_target (web, "targets/releases", "v1", "manifest web v1");
  test_repo_add_target (web, "targets/alice", "v1", "manifest web v1");
  test_repo_add_target (web, "targets/releases", "v2", "manifest web v2");
  test_repo_add_target (web, "targets/releases", "v3", "manifest web v3");
  test_repo_add_target (web, "targets/alice", "deleg-only", "manifest web deleg");
  test_repo_publish (web);
  add_manifest (f, f->a.host_port, "demo/web:v1", "manifest web v1");
  add_manifest (f, f->a.host_port, "demo/web:v2", "manifest web v2 rebuilt");
  add_manifest (f, f->a.host_port, "demo/web:v2-old", "manifest web v2");
  add_manifest (f, f->a.host_port, "demo/web:v3", "manifest web v3 rebuilt");
  add_manifest (f, f->a.host_port, "demo/web:deleg-only", "manifest web deleg");
  add_manifest (f, f->a.host_port, "demo/web:unsigned", "manifest web unsigned");
  add_manifest (f, f->a.host_port, "demo/web:latest", "manifest web latest");

  /* demo/db: in the registry, no trust data. */
  add_manifest (f, f->a.host_port, "demo/db:1", "manifest db 1");

  /* demo/expired: targets expired yesterday. */
  expired = add_repo (f, "demo/expired");
  test_repo_add_target (expired, "targets", "1", "manifest expired 1");
  expired->targets->expires = now_s () - 86400;
  test_repo_publish (expired);
  add_manifest (f, f->a.host_port, "demo/expired:1", "manifest expired 1");

  add_manifest (f, f->b.host_port, "demo/app:1", "manifest app 1");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_finalize_object (f->remote);
  server_stop (&f->a);
  server_stop (&f->b);
  g_clear_pointer (&f->repos, g_hash_table_unref);
  g_clear_pointer (&f->manifests, g_hash_table_unref);
  g_clear_pointer (&f->requests, g_hash_table_unref);
  g_assert_cmpuint (f->held->len, ==, 0);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_object (&f->cancel_after_first);
  rm_rf (f->docker_dir);
  g_free (f->docker_dir);
  g_free (f->trust_dir);
  g_free (f->c_host_port);
}

/* ---- Running ---------------------------------------------------------------------------- */

static void
progress_cb (SignetAuditResult *result,
             guint              n_done,
             guint              n_total,
             gpointer           user_data)
{
  Fixture *f = user_data;

  g_assert_true (SIGNET_IS_AUDIT_RESULT (result));
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (n_done, ==, f->last_done + 1);
  g_assert_cmpuint (n_done, <=, n_total);
  f->last_done = n_done;
  f->n_progress++;
  if (f->cancel_after_first != NULL)
    g_cancellable_cancel (f->cancel_after_first);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
run_audit (Fixture            *f,
           const char * const *refs,
           guint               max_parallel,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GAsyncResult) result = NULL;

  for (guint i = 0; refs[i] != NULL; i++)
    {
      g_autofree char *origin = g_strdup_printf ("argument %u", i + 1);

      g_ptr_array_add (inputs, signet_audit_input_new (refs[i], origin, NULL));
    }

  signet_audit_run_async (f->remote, f->trust_dir, inputs, max_parallel, progress_cb, f, NULL,
                          cancellable, run_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return signet_audit_run_finish (result, error);
}

static char *
ref_on (const char *host_port,
        const char *rest)
{
  return g_strdup_printf ("%s/%s", host_port, rest);
}

static SignetAuditResult *
result_at (GPtrArray *results,
           guint      i)
{
  return g_ptr_array_index (results, i);
}

static void
assert_warning (SignetAuditResult *r,
                const char        *fragment)
{
  const char * const *warnings = signet_audit_result_get_warnings (r);

  for (guint i = 0; warnings[i] != NULL; i++)
    if (strstr (warnings[i], fragment) != NULL)
      return;
  g_error ("%s: no warning contains \"%s\"", signet_audit_result_get_reference (r), fragment);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("\"%s\" does not contain \"%s\"", haystack ? haystack : "(null)", needle);
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void
test_signed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *v1 = ref_on (f->a.host_port, "demo/web:v1");
  g_autofree char *v2 = ref_on (f->a.host_port, "demo/web:v2");
  g_autofree char *v3 = ref_on (f->a.host_port, "demo/web:v3");
  g_autofree char *gun = ref_on (f->a.host_port, "demo/web");
  g_autofree char *v1_digest = digest_of ("manifest web v1");
  g_autofree char *v2_digest = digest_of ("manifest web v2");
  g_autofree char *v2_now = digest_of ("manifest web v2 rebuilt");
  g_autofree char *v3_digest = digest_of ("manifest web v3");
  const char *refs[] = { v1, v2, v3, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = run_audit (f, refs, 0, NULL, &error);
  SignetAuditResult *r;
  g_autofree char *timestamp = g_strdup_printf ("/v2/%s/_trust/tuf/timestamp.json", gun);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpuint (f->n_progress, ==, 3);

  /* v1: signed, the registry serves the signed manifest. */
  r = result_at (results, 0);
  g_assert_cmpstr (signet_audit_result_get_reference (r), ==, v1);
  g_assert_cmpstr (signet_audit_result_get_origin (r), ==, "argument 1");
  g_assert_cmpstr (signet_audit_result_get_registry (r), ==, f->a.host_port);
  g_assert_cmpstr (signet_audit_result_get_repository (r), ==, "demo/web");
  g_assert_cmpstr (signet_audit_result_get_tag (r), ==, "v1");
  g_assert_cmpstr (signet_audit_result_get_gun (r), ==, gun);
  g_assert_null (signet_audit_result_get_pinned_digest (r));
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_OK);
  g_assert_null (signet_audit_result_get_registry_message (r));
  g_assert_cmpstr (signet_audit_result_get_current_digest (r), ==, v1_digest);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_null (signet_audit_result_get_trust_message (r));
  g_assert_cmpstr (signet_audit_result_get_signed_digest (r), ==, v1_digest);
  g_assert_cmpstr (signet_audit_result_get_signers (r)[0], ==, "alice");
  g_assert_null (signet_audit_result_get_signers (r)[1]);
  g_assert_cmpint (signet_audit_result_get_expires (r), >, now_s () + 300 * 86400);
  g_assert_false (signet_audit_result_get_digest_differs (r));
  g_assert_true (signet_audit_result_get_would_pull (r));

  /* The same, as properties (for list views). */
  {
    g_autofree char *signed_digest = NULL;
    g_auto(GStrv) signers = NULL;
    g_auto(GStrv) warnings = NULL;
    SignetAuditTrust trust;
    SignetAuditRegistry state;
    gboolean would_pull;
    gint64 expires;

    g_object_get (r, "signed-digest", &signed_digest, "signers", &signers, "trust", &trust,
                  "registry-state", &state, "would-pull", &would_pull, "expires", &expires,
                  "warnings", &warnings, NULL);
    g_assert_cmpstr (signed_digest, ==, v1_digest);
    g_assert_cmpstr (signers[0], ==, "alice");
    g_assert_cmpint (trust, ==, SIGNET_AUDIT_TRUST_SIGNED);
    g_assert_cmpint (state, ==, SIGNET_AUDIT_REGISTRY_OK);
    g_assert_true (would_pull);
    g_assert_cmpint (expires, ==, signet_audit_result_get_expires (r));
    g_assert_cmpuint (g_strv_length (warnings), ==,
                      g_strv_length ((GStrv) signet_audit_result_get_warnings (r)));
  }

  /* v2: the tag was pushed again; the signed manifest is still in the registry. */
  r = result_at (results, 1);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_cmpstr (signet_audit_result_get_current_digest (r), ==, v2_now);
  g_assert_cmpstr (signet_audit_result_get_signed_digest (r), ==, v2_digest);
  g_assert_cmpstr (signet_audit_result_get_signers (r)[0], ==, "Repo Admin");
  g_assert_true (signet_audit_result_get_digest_differs (r));
  g_assert_true (signet_audit_result_get_would_pull (r));

  /* v3: pushed again and the signed manifest deleted: a trusted pull fails. */
  r = result_at (results, 2);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_cmpstr (signet_audit_result_get_signed_digest (r), ==, v3_digest);
  g_assert_true (signet_audit_result_get_digest_differs (r));
  g_assert_false (signet_audit_result_get_would_pull (r));
  assert_warning (r, "no longer has the signed manifest");

  /* One trust load for the three tags of one repository. */
  g_assert_cmpuint (requests_for (f, timestamp), ==, 1);
}

static void
test_unsigned (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *unsigned_tag = ref_on (f->a.host_port, "demo/web:unsigned");
  g_autofree char *latest = ref_on (f->a.host_port, "demo/web");
  g_autofree char *deleg = ref_on (f->a.host_port, "demo/web:deleg-only");
  g_autofree char *db = ref_on (f->a.host_port, "demo/db:1");
  g_autofree char *missing = ref_on (f->a.host_port, "demo/web:not-pushed");
  const char *refs[] = { unsigned_tag, latest, deleg, db, missing, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = run_audit (f, refs, 2, NULL, &error);
  SignetAuditResult *r;

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);

  r = result_at (results, 0);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  assert_contains (signet_audit_result_get_trust_message (r), "No signature for the tag “unsigned”");
  g_assert_null (signet_audit_result_get_signed_digest (r));
  g_assert_nonnull (signet_audit_result_get_current_digest (r));
  g_assert_false (signet_audit_result_get_digest_differs (r));
  g_assert_false (signet_audit_result_get_would_pull (r));

  r = result_at (results, 1);
  g_assert_cmpstr (signet_audit_result_get_tag (r), ==, "latest");
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  assert_contains (signet_audit_result_get_trust_message (r), "“latest”");
  g_assert_false (signet_audit_result_get_would_pull (r));

  r = result_at (results, 2);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  assert_contains (signet_audit_result_get_trust_message (r), "signed only in targets/alice");
  g_assert_false (signet_audit_result_get_would_pull (r));

  /* No trust data at all: the server is there (its health check answers). */
  r = result_at (results, 3);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_OK);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  assert_contains (signet_audit_result_get_trust_message (r), "no trust data for");
  g_assert_false (signet_audit_result_get_would_pull (r));
  g_assert_cmpuint (requests_for (f, "/_notary_server/health"), ==, 1);

  r = result_at (results, 4);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_NOT_FOUND);
  g_assert_nonnull (signet_audit_result_get_registry_message (r));
  g_assert_null (signet_audit_result_get_current_digest (r));
  g_assert_false (signet_audit_result_get_would_pull (r));
}

static void
test_pinned (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *v1_digest = digest_of ("manifest web v1");
  g_autofree char *unsigned_digest = digest_of ("manifest web unsigned");
  g_autofree char *gone_digest = digest_of ("never pushed");
  g_autofree char *signed_ref = g_strdup_printf ("%s/demo/web@%s", f->a.host_port, v1_digest);
  g_autofree char *unsigned_ref = g_strdup_printf ("%s/demo/web@%s", f->a.host_port,
                                                   unsigned_digest);
  g_autofree char *gone_ref = g_strdup_printf ("%s/demo/web@%s", f->a.host_port, gone_digest);
  const char *refs[] = { signed_ref, unsigned_ref, gone_ref, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = run_audit (f, refs, 0, NULL, &error);
  SignetAuditResult *r;

  g_assert_no_error (error);

  r = result_at (results, 0);
  g_assert_cmpstr (signet_audit_result_get_pinned_digest (r), ==, v1_digest);
  g_assert_null (signet_audit_result_get_tag (r));
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_SIGNED);
  g_assert_cmpstr (signet_audit_result_get_signed_digest (r), ==, v1_digest);
  g_assert_true (signet_audit_result_get_would_pull (r));
  assert_warning (r, "Pinned by digest");

  /* docker pulls digest references without trust: unsigned, and still pulls. */
  r = result_at (results, 1);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNSIGNED);
  assert_contains (signet_audit_result_get_trust_message (r), "No signed tag");
  g_assert_true (signet_audit_result_get_would_pull (r));

  r = result_at (results, 2);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_NOT_FOUND);
  g_assert_false (signet_audit_result_get_would_pull (r));
}

static void
test_servers (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *expired = ref_on (f->a.host_port, "demo/expired:1");
  g_autofree char *no_server = ref_on (f->b.host_port, "demo/app:1");
  g_autofree char *unreachable = ref_on (f->c_host_port, "demo/app:1");
  const char *refs[] = { expired, no_server, unreachable, "Not A Reference!", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = run_audit (f, refs, 0, NULL, &error);
  SignetAuditResult *r;

  g_assert_no_error (error);

  r = result_at (results, 0);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_OK);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_INVALID);
  assert_contains (signet_audit_result_get_trust_message (r), "xpired");
  g_assert_false (signet_audit_result_get_would_pull (r));

  r = result_at (results, 1);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_OK);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_NO_SERVER);
  assert_contains (signet_audit_result_get_trust_message (r), "No trust server answers for");
  g_assert_false (signet_audit_result_get_would_pull (r));

  r = result_at (results, 2);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==,
                   SIGNET_AUDIT_REGISTRY_UNREACHABLE);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_UNREACHABLE);
  assert_contains (signet_audit_result_get_trust_message (r), f->c_host_port);
  g_assert_false (signet_audit_result_get_would_pull (r));

  r = result_at (results, 3);
  g_assert_cmpint (signet_audit_result_get_registry_state (r), ==, SIGNET_AUDIT_REGISTRY_ERROR);
  g_assert_cmpint (signet_audit_result_get_trust (r), ==, SIGNET_AUDIT_TRUST_ERROR);
  g_assert_nonnull (signet_audit_result_get_trust_message (r));
  g_assert_null (signet_audit_result_get_gun (r));
  g_assert_false (signet_audit_result_get_would_pull (r));
  g_assert_cmpuint (f->n_progress, ==, 4);
}

static void
test_parallel_bound (Fixture       *f,
                     gconstpointer  data)
{
  const char *tags[] = { "v1", "v2", "v2-old", "unsigned", "latest", "deleg-only", "v3" };
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    g_ptr_array_add (refs, g_strdup_printf ("%s/demo/web:%s", f->a.host_port, tags[i]));
  g_ptr_array_add (refs, NULL);

  /* One at a time (the HTTP session alone would allow two requests per host)… */
  f->hold = TRUE;
  results = run_audit (f, (const char * const *) refs->pdata, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (tags));
  g_assert_cmpuint (f->max_held, ==, 1);
  g_assert_cmpuint (f->n_progress, ==, G_N_ELEMENTS (tags));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* …and two at a time, really in parallel. */
  f->max_held = 0;
  f->n_progress = 0;
  f->last_done = 0;
  results = run_audit (f, (const char * const *) refs->pdata, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->max_held, ==, 2);
  g_assert_cmpuint (f->n_progress, ==, G_N_ELEMENTS (tags));
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpstr (signet_audit_result_get_reference (result_at (results, i)), ==,
                     g_ptr_array_index (refs, i));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (refs, g_strdup_printf ("%s/demo/web:v1", f->a.host_port));
  g_ptr_array_add (refs, NULL);

  f->cancel_after_first = g_cancellable_new ();
  results = run_audit (f, (const char * const *) refs->pdata, 2, f->cancel_after_first, &error);
  g_assert_null (results);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The first one reported, nothing after the cancellation. */
  g_assert_cmpuint (f->n_progress, ==, 1);
  g_assert_cmpuint (requests_for (f, "/v2/demo/web/manifests/v1"), <, 10);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  const char *refs[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = run_audit (f, refs, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 0);
  g_assert_cmpuint (f->n_progress, ==, 0);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_load_inputs_async (void)
{
  g_autofree char *base = g_test_build_filename (G_TEST_DIST, "fixtures", "compose",
                                                 "base.yaml", NULL);
  g_autofree char *override = g_test_build_filename (G_TEST_DIST, "fixtures", "compose",
                                                     "override.yaml", NULL);
  const char *compose[] = { base, override, NULL };
  const char *refs[] = { "alpine:3.19", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_auto(GStrv) notes = NULL;
  g_autoptr(GError) error = NULL;
  SignetAuditInput *input;

  signet_audit_load_inputs_async (compose, NULL, refs, NULL, load_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  inputs = signet_audit_load_inputs_finish (result, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inputs->len, ==, 5);
  input = g_ptr_array_index (inputs, 0);
  g_assert_cmpstr (input->reference, ==, "registry.lan/web:2");
  g_assert_cmpstr (input->service, ==, "web");
  input = g_ptr_array_index (inputs, 4);
  g_assert_cmpstr (input->reference, ==, "alpine:3.19");
  g_assert_nonnull (notes);
  g_assert_cmpstr (notes[0], ==, "service api is built locally (build:), not pulled");
}

static void
test_load_inputs_async_error (void)
{
  const char *compose[] = { "/nonexistent/compose.yaml", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_auto(GStrv) notes = NULL;
  g_autoptr(GError) error = NULL;

  signet_audit_load_inputs_async (compose, NULL, NULL, NULL, load_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  inputs = signet_audit_load_inputs_finish (result, &notes, &error);
  g_assert_null (inputs);
  g_assert_null (notes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_strings (void)
{
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_SIGNED), ==, "signed");
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_UNSIGNED), ==, "unsigned");
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_INVALID), ==, "invalid");
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_NO_SERVER), ==, "no-server");
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_UNREACHABLE), ==, "unreachable");
  g_assert_cmpstr (signet_audit_trust_to_string (SIGNET_AUDIT_TRUST_ERROR), ==, "error");
  g_assert_cmpstr (signet_audit_registry_to_string (SIGNET_AUDIT_REGISTRY_OK), ==, "ok");
  g_assert_cmpstr (signet_audit_registry_to_string (SIGNET_AUDIT_REGISTRY_NOT_FOUND), ==, "not-found");
  g_assert_cmpstr (signet_audit_registry_to_string (SIGNET_AUDIT_REGISTRY_UNREACHABLE), ==, "unreachable");
  g_assert_cmpstr (signet_audit_registry_to_string (SIGNET_AUDIT_REGISTRY_ERROR), ==, "error");
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("DOCKER_CONTENT_TRUST_SERVER");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Signet/Unit/audit/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("signed", test_signed);
  ADD ("unsigned", test_unsigned);
  ADD ("pinned", test_pinned);
  ADD ("servers", test_servers);
  ADD ("parallel-bound", test_parallel_bound);
  ADD ("cancel", test_cancel);
  ADD ("empty", test_empty);
  g_test_add_func ("/Signet/Unit/audit/load-inputs", test_load_inputs_async);
  g_test_add_func ("/Signet/Unit/audit/load-inputs-error", test_load_inputs_async_error);
  g_test_add_func ("/Signet/Unit/audit/strings", test_strings);

  return g_test_run ();
}
