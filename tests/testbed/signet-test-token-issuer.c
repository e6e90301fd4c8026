/* signet-test-token-issuer.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small token issuer for the testbed (docker registry token auth, as notary-server's
 * `auth.type: token` verifies it): it checks Basic credentials against a users file and
 * answers with an ES256 JWT whose `x5c` header carries the signing certificate chain and whose
 * `access` claim grants what the user may do of the requested scopes.
 *
 * It listens on 127.0.0.1 only, over TLS.  Passwords come from the users file (lines
 * `name:password:action,action`), never from argv, and are never logged.
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

typedef struct
{
  char  *name;
  char  *password;
  char **actions;
} User;

typedef struct
{
  GPtrArray  *users;
  User       *anonymous;    /* NULL: anonymous requests get 401 */
  EVP_PKEY   *signing_key;
  GPtrArray  *chain;        /* base64 DER certificates, leaf first */
  char       *issuer;
  char       *service;
  int         expires_in;
  GMainLoop  *loop;
} Issuer;

static void
user_free (gpointer data)
{
  User *user = data;

  g_free (user->name);
  if (user->password != NULL)
    OPENSSL_cleanse (user->password, strlen (user->password));
  g_free (user->password);
  g_strfreev (user->actions);
  g_free (user);
}

static gboolean
load_users (Issuer      *self,
            const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  guint i;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  OPENSSL_cleanse (contents, length);

  for (i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *first;
      const char *last;
      User *user;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      first = strchr (line, ':');
      last = strrchr (line, ':');
      if (first == NULL || first == last || first == line)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: expected name:password:actions", path, i + 1);
          for (; lines[i] != NULL; i++)
            OPENSSL_cleanse (lines[i], strlen (lines[i]));
          return FALSE;
        }

      user = g_new0 (User, 1);
      user->name = g_strndup (line, first - line);
      user->password = g_strndup (first + 1, last - first - 1);
      user->actions = g_strsplit (last + 1, ",", -1);
      g_ptr_array_add (self->users, user);
      OPENSSL_cleanse (lines[i], strlen (lines[i]));
    }

  if (self->users->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no users", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_signing (Issuer      *self,
              const char  *key_path,
              const char  *chain_path,
              GError     **error)
{
  BIO *bio;
  X509 *cert;

  bio = BIO_new_file (key_path, "r");
  if (bio == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: cannot open", key_path);
      return FALSE;
    }
  self->signing_key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  if (self->signing_key == NULL || EVP_PKEY_get_base_id (self->signing_key) != EVP_PKEY_EC ||
      EVP_PKEY_get_bits (self->signing_key) != 256)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a PEM P-256 private key", key_path);
      return FALSE;
    }

  bio = BIO_new_file (chain_path, "r");
  if (bio == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: cannot open", chain_path);
      return FALSE;
    }
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      unsigned char *der = NULL;
      int der_len = i2d_X509 (cert, &der);

      if (der_len > 0)
        g_ptr_array_add (self->chain, g_base64_encode (der, der_len));
      OPENSSL_free (der);
      X509_free (cert);
    }
  BIO_free (bio);
  if (self->chain->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no PEM certificates", chain_path);
      return FALSE;
    }

  return TRUE;
}

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *out = g_base64_encode (data, len);
  char *p;
  gsize n = strlen (out);

  while (n > 0 && out[n - 1] == '=')
    out[--n] = '\0';
  for (p = out; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return out;
}

static char *
base64url_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return base64url ((const guchar *) text, strlen (text));
}

/* JWS ES256: ECDSA P-256 over SHA-256, the signature as r||s, 32 bytes each */
static char *
sign_es256 (EVP_PKEY   *key,
            const char *input)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  unsigned char der[128];
  const unsigned char *p = der;
  size_t der_len = sizeof der;
  ECDSA_SIG *sig = NULL;
  const BIGNUM *r;
  const BIGNUM *s;
  guchar raw[64];
  char *ret = NULL;

  if (ctx == NULL ||
      EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key) != 1 ||
      EVP_DigestSign (ctx, der, &der_len, (const unsigned char *) input, strlen (input)) != 1)
    goto out;

  sig = d2i_ECDSA_SIG (NULL, &p, (long) der_len);
  if (sig == NULL)
    goto out;
  ECDSA_SIG_get0 (sig, &r, &s);
  if (BN_bn2binpad (r, raw, 32) != 32 || BN_bn2binpad (s, raw + 32, 32) != 32)
    goto out;

  ret = base64url (raw, sizeof raw);

out:
  ECDSA_SIG_free (sig);
  EVP_MD_CTX_free (ctx);
  return ret;
}

static User *
check_basic (Issuer     *self,
             const char *authorization)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *colon;
  guint i;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    return NULL;

  decoded = g_base64_decode (authorization + 6, &len);
  text = g_strndup ((const char *) decoded, len);
  OPENSSL_cleanse (decoded, len);
  colon = strchr (text, ':');
  if (colon == NULL)
    return NULL;

  for (i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);
      gsize name_len = colon - text;
      gsize pass_len = strlen (colon + 1);

      if (strlen (user->name) == name_len && memcmp (user->name, text, name_len) == 0 &&
          strlen (user->password) == pass_len &&
          CRYPTO_memcmp (user->password, colon + 1, pass_len) == 0)
        {
          OPENSSL_cleanse (text, strlen (text));
          return user;
        }
    }

  OPENSSL_cleanse (text, strlen (text));
  return NULL;
}

static User *
check_password (Issuer     *self,
                const char *name,
                const char *password)
{
  guint i;

  if (name == NULL || password == NULL)
    return NULL;

  for (i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);

      if (g_str_equal (user->name, name) && strlen (user->password) == strlen (password) &&
          CRYPTO_memcmp (user->password, password, strlen (password)) == 0)
        return user;
    }

  return NULL;
}

/* scope = "repository:<name>:<action>[,<action>…]"; the name may hold ':' (host:port) */
static void
add_scope (Issuer      *self,
           User        *user,
           const char  *scope,
           JsonBuilder *access,
           GString     *granted_log)
{
  const char *first = strchr (scope, ':');
  const char *last = strrchr (scope, ':');
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) wanted = NULL;
  g_autoptr(GPtrArray) granted = g_ptr_array_new ();
  guint i;

  if (first == NULL || first == last)
    return;

  type = g_strndup (scope, first - scope);
  name = g_strndup (first + 1, last - first - 1);
  wanted = g_strsplit (last + 1, ",", -1);

  if (!g_str_equal (type, "repository") || name[0] == '\0')
    return;

  for (i = 0; wanted[i] != NULL; i++)
    {
      if (wanted[i][0] != '\0' && g_strv_contains ((const char * const *) user->actions, wanted[i]))
        g_ptr_array_add (granted, wanted[i]);
    }
  if (granted->len == 0)
    return;

  json_builder_begin_object (access);
  json_builder_set_member_name (access, "type");
  json_builder_add_string_value (access, type);
  json_builder_set_member_name (access, "name");
  json_builder_add_string_value (access, name);
  json_builder_set_member_name (access, "actions");
  json_builder_begin_array (access);
  for (i = 0; i < granted->len; i++)
    json_builder_add_string_value (access, g_ptr_array_index (granted, i));
  json_builder_end_array (access);
  json_builder_end_object (access);

  g_string_append_printf (granted_log, " %s:%s:", type, name);
  for (i = 0; i < granted->len; i++)
    g_string_append_printf (granted_log, "%s%s", i ? "," : "", (char *) g_ptr_array_index (granted, i));
}

static char *
make_token (Issuer     *self,
            User       *user,
            GPtrArray  *scopes,
            GString    *granted_log)
{
  g_autoptr(JsonBuilder) header = json_builder_new ();
  g_autoptr(JsonBuilder) claims = json_builder_new ();
  g_autoptr(JsonNode) header_node = NULL;
  g_autoptr(JsonNode) claims_node = NULL;
  g_autofree char *header_b64 = NULL;
  g_autofree char *claims_b64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *sig = NULL;
  g_autofree char *jti = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guchar rnd[16];
  guint i;

  json_builder_begin_object (header);
  json_builder_set_member_name (header, "typ");
  json_builder_add_string_value (header, "JWT");
  json_builder_set_member_name (header, "alg");
  json_builder_add_string_value (header, "ES256");
  json_builder_set_member_name (header, "x5c");
  json_builder_begin_array (header);
  for (i = 0; i < self->chain->len; i++)
    json_builder_add_string_value (header, g_ptr_array_index (self->chain, i));
  json_builder_end_array (header);
  json_builder_end_object (header);
  header_node = json_builder_get_root (header);

  if (RAND_bytes (rnd, sizeof rnd) != 1)
    return NULL;
  jti = base64url (rnd, sizeof rnd);

  json_builder_begin_object (claims);
  json_builder_set_member_name (claims, "iss");
  json_builder_add_string_value (claims, self->issuer);
  json_builder_set_member_name (claims, "sub");
  json_builder_add_string_value (claims, user->name);
  json_builder_set_member_name (claims, "aud");
  json_builder_add_string_value (claims, self->service);
  json_builder_set_member_name (claims, "exp");
  json_builder_add_int_value (claims, now + self->expires_in);
  json_builder_set_member_name (claims, "nbf");
  json_builder_add_int_value (claims, now - 1);
  json_builder_set_member_name (claims, "iat");
  json_builder_add_int_value (claims, now);
  json_builder_set_member_name (claims, "jti");
  json_builder_add_string_value (claims, jti);
  json_builder_set_member_name (claims, "access");
  json_builder_begin_array (claims);
  for (i = 0; i < scopes->len; i++)
    add_scope (self, user, g_ptr_array_index (scopes, i), claims, granted_log);
  json_builder_end_array (claims);
  json_builder_end_object (claims);
  claims_node = json_builder_get_root (claims);

  header_b64 = base64url_json (header_node);
  claims_b64 = base64url_json (claims_node);
  input = g_strconcat (header_b64, ".", claims_b64, NULL);
  sig = sign_es256 (self->signing_key, input);
  if (sig == NULL)
    return NULL;

  return g_strconcat (input, ".", sig, NULL);
}

/* Splits a query or form body into (name, value) pairs, keeping repeated names (the client sends
 * one `scope` parameter per scope). */
static GPtrArray *
parse_params (const char *encoded)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) pairs = NULL;
  guint i;

  if (encoded == NULL)
    return params;

  pairs = g_strsplit (encoded, "&", -1);
  for (i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      char *p;

      if (eq == NULL)
        continue;
      *eq = '\0';
      for (p = eq + 1; *p != '\0'; p++)
        if (*p == '+')
          *p = ' ';
      g_ptr_array_add (params, g_uri_unescape_string (pairs[i], NULL));
      g_ptr_array_add (params, g_uri_unescape_string (eq + 1, NULL));
      if (params->pdata[params->len - 1] == NULL || params->pdata[params->len - 2] == NULL)
        g_ptr_array_set_size (params, params->len - 2);
    }

  return params;
}

static const char *
param_get (GPtrArray  *params,
           const char *name)
{
  guint i;

  for (i = 0; i + 1 < params->len; i += 2)
    if (g_str_equal (params->pdata[i], name))
      return params->pdata[i + 1];

  return NULL;
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"errors\":[{\"code\":\"%s\",\"message\":\"%s\"}]}",
                                           status == 401 ? "UNAUTHORIZED" : "DENIED", message);

  if (status == 401)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"signet-testbed-token-issuer\"");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Issuer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) granted_log = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *issued_at = NULL;
  g_autofree char *body = NULL;
  const char *service;
  User *user = NULL;
  gsize body_len;
  guint i;

  if (g_str_equal (method, "GET"))
    {
      GUri *uri = soup_server_message_get_uri (msg);

      const char *authorization;

      params = parse_params (g_uri_get_query (uri));
      authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");
      if (authorization == NULL)
        user = self->anonymous;
      else
        user = check_basic (self, authorization);
    }
  else if (g_str_equal (method, "POST"))
    {
      SoupMessageBody *req = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (req);
      g_autofree char *form = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      const char *grant;

      params = parse_params (form);
      OPENSSL_cleanse (form, strlen (form));
      grant = param_get (params, "grant_type");
      if (g_strcmp0 (grant, "password") != 0)
        {
          g_print ("POST %s: grant_type %s refused\n", path, grant ? grant : "(none)");
          reply_error (msg, 400, "only grant_type=password is supported");
          return;
        }
      if (param_get (params, "username") == NULL && param_get (params, "password") == NULL)
        user = self->anonymous;
      else
        user = check_password (self, param_get (params, "username"), param_get (params, "password"));
    }
  else
    {
      soup_server_message_set_status (msg, 405, NULL);
      return;
    }

  if (user == NULL)
    {
      g_print ("%s %s: no valid credentials: 401\n", method, path);
      reply_error (msg, 401, "valid Basic credentials are required");
      return;
    }

  service = param_get (params, "service");
  if (service != NULL && !g_str_equal (service, self->service))
    {
      g_print ("%s %s: user %s asked for service %s: 400\n", method, path, user->name, service);
      reply_error (msg, 400, "unknown service");
      return;
    }

  for (i = 0; i + 1 < params->len; i += 2)
    {
      if (g_str_equal (params->pdata[i], "scope"))
        {
          g_auto(GStrv) parts = g_strsplit (params->pdata[i + 1], " ", -1);
          guint j;

          for (j = 0; parts[j] != NULL; j++)
            if (parts[j][0] != '\0')
              g_ptr_array_add (scopes, g_strdup (parts[j]));
        }
    }

  token = make_token (self, user, scopes, granted_log);
  if (token == NULL)
    {
      g_print ("%s %s: signing failed: 500\n", method, path);
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }

  issued_at = g_date_time_format_iso8601 (now);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, self->expires_in);
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, issued_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  g_print ("%s %s: user %s granted:%s\n", method, path,
           user == self->anonymous ? "(anonymous)" : user->name,
           granted_log->len ? granted_log->str : " (nothing)");

  body_len = strlen (body);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), body_len);
}

static void
default_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char body[] = "signet-test-token-issuer: GET /token\n";

  soup_server_message_set_status (msg, g_str_equal (path, "/") ? 200 : 404, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, body, strlen (body));
}

static gboolean
quit_cb (gpointer user_data)
{
  Issuer *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *signing_key = NULL;
  g_autofree char *signing_chain = NULL;
  g_autofree char *users = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *issuer_name = NULL;
  g_autofree char *service = NULL;
  g_autofree char *anonymous_actions = NULL;
  int expires_in = 300;
  int port = 0;
  const GOptionEntry entries[] = {
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "signing-key", 0, 0, G_OPTION_ARG_FILENAME, &signing_key, "Token signing P-256 key (PEM)", "FILE" },
    { "signing-chain", 0, 0, G_OPTION_ARG_FILENAME, &signing_chain,
      "Certificate chain of the signing key, leaf first (PEM)", "FILE" },
    { "users", 0, 0, G_OPTION_ARG_FILENAME, &users, "Users file: name:password:actions lines", "FILE" },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &issuer_name, "The iss claim", "NAME" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, "The service (aud claim)", "NAME" },
    { "anonymous-actions", 0, 0, G_OPTION_ARG_STRING, &anonymous_actions,
      "Grant anonymous requests these actions (e.g. pull); default: 401", "LIST" },
    { "expires-in", 0, 0, G_OPTION_ARG_INT, &expires_in, "Token lifetime in seconds (300)", "S" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "PORT" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Write the port here once listening", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- test token issuer for the Signet testbed");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoslist(GUri) uris = NULL;
  Issuer self = { 0 };
  int listen_port;

  setlocale (LC_ALL, "");
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("signet-test-token-issuer: %s\n", error->message);
      return 2;
    }
  if (tls_cert == NULL || tls_key == NULL || signing_key == NULL || signing_chain == NULL ||
      users == NULL || issuer_name == NULL || service == NULL)
    {
      g_printerr ("signet-test-token-issuer: --tls-cert, --tls-key, --signing-key, --signing-chain, "
                  "--users, --issuer and --service are required\n");
      return 2;
    }
  if (expires_in < 60)
    {
      g_printerr ("signet-test-token-issuer: --expires-in must be at least 60\n");
      return 2;
    }

  self.users = g_ptr_array_new_with_free_func (user_free);
  self.chain = g_ptr_array_new_with_free_func (g_free);
  self.issuer = issuer_name;
  self.service = service;
  self.expires_in = expires_in;

  if (anonymous_actions != NULL && anonymous_actions[0] != '\0')
    {
      self.anonymous = g_new0 (User, 1);
      self.anonymous->name = g_strdup ("");
      self.anonymous->password = NULL;
      self.anonymous->actions = g_strsplit (anonymous_actions, ",", -1);
    }

  if (!load_users (&self, users, &error) ||
      !load_signing (&self, signing_key, signing_chain, &error))
    {
      g_printerr ("signet-test-token-issuer: %s\n", error->message);
      return 1;
    }

  certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
  if (certificate == NULL)
    {
      g_printerr ("signet-test-token-issuer: %s: %s\n", tls_cert, error->message);
      return 1;
    }

  server = soup_server_new ("tls-certificate", certificate, "server-header", "signet-test-token-issuer", NULL);
  soup_server_add_handler (server, "/token", token_cb, &self, NULL);
  soup_server_add_handler (server, NULL, default_cb, &self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &error))
    {
      g_printerr ("signet-test-token-issuer: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  if (uris == NULL)
    {
      g_printerr ("signet-test-token-issuer: not listening\n");
      return 1;
    }
  listen_port = g_uri_get_port (uris->data);
  g_print ("listening on https://127.0.0.1:%d/token (issuer %s, service %s)\n",
           listen_port, self.issuer, self.service);

  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%d\n", listen_port);

      if (!g_file_set_contents (port_file, text, -1, &error))
        {
          g_printerr ("signet-test-token-issuer: %s\n", error->message);
          return 1;
        }
    }

  self.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, &self);
  g_unix_signal_add (SIGINT, quit_cb, &self);
  g_main_loop_run (self.loop);

  g_print ("stopping\n");
  soup_server_disconnect (server);
  g_main_loop_unref (self.loop);
  g_ptr_array_unref (self.users);
  g_ptr_array_unref (self.chain);
  g_clear_pointer (&self.anonymous, user_free);
  EVP_PKEY_free (self.signing_key);

  return 0;
}
