/* signet-notation.c: Notation (Notary Project) signature envelopes, JWS and COSE.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts (Notary Project specification, signature-envelope-jws.md and
 * signature-envelope-cose.md):
 * - JWS: JSON serialization {"payload","protected","header":{"x5c":[base64 DER…],
 *   "io.cncf.notary.signingAgent"},"signature"}, base64url without padding for payload,
 *   protected and signature; protected header {"alg","crit","cty",
 *   "io.cncf.notary.signingScheme","io.cncf.notary.signingTime" (RFC 3339),
 *   "io.cncf.notary.expiry"}; payload {"targetArtifact":{"mediaType","digest","size"}}.
 * - COSE: COSE_Sign1 (CBOR tag 18) [protected bstr, unprotected map, payload bstr,
 *   signature bstr]; protected map {1: alg (int), 2: crit, 3: content type,
 *   "io.cncf.notary.signingScheme": tstr, "io.cncf.notary.signingTime": tag 1 int,
 *   "io.cncf.notary.expiry": tag 1 int}; unprotected {33: x5chain [bstr…],
 *   "io.cncf.notary.signingAgent": tstr}.
 * The signature itself is not verified here (that needs a trust store and policy).
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-signatures-private.h"

#define NOTARY_SCHEME  "io.cncf.notary.signingScheme"
#define NOTARY_TIME    "io.cncf.notary.signingTime"
#define NOTARY_EXPIRY  "io.cncf.notary.expiry"
#define NOTARY_AGENT   "io.cncf.notary.signingAgent"
#define MAX_CHAIN      10

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "Notation signature: %s", msg);
  return FALSE;
}

/* base64url without padding (also accepts padding). */
static GBytes *
b64url_decode (const char *text)
{
  gsize len = strlen (text), i, out_len;
  g_autofree char *std = g_malloc (len + 4);
  guchar *out;

  for (i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c) && c != '=')
        return NULL;
      std[i] = c;
    }
  while (i % 4 != 0)
    std[i++] = '=';
  std[i] = '\0';
  out = g_base64_decode (std, &out_len);
  return g_bytes_new_take (out, out_len);
}

static void
apply_target (SignetImageSignature *sig,
              const char           *digest,
              const char           *image_digest)
{
  sig->signed_digest = g_strdup (digest);
  if (digest == NULL)
    _signet_image_signature_set_status (sig, SIGNET_SIGNATURE_STATUS_MALFORMED,
                                        "The signed payload names no target digest");
  else if (!g_str_equal (digest, image_digest))
    _signet_image_signature_set_status (sig, SIGNET_SIGNATURE_STATUS_INVALID,
                                        "Signed for %s, not this image's %s", digest, image_digest);
  else
    _signet_image_signature_set_status (sig, SIGNET_SIGNATURE_STATUS_UNVERIFIED,
                                        "Notation signature (%s, %s): certificate chain shown, not "
                                        "verified against a trust store",
                                        sig->envelope, sig->algorithm ? sig->algorithm : "?");
}

static gboolean
target_from_payload (GBytes  *payload,
                     char   **digest,
                     GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *target;
  const char *d;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "the payload is not a JSON object");
  target = json_object_get_member (json_node_get_object (root), "targetArtifact");
  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target) ||
      (d = json_object_get_string_member_with_default (json_node_get_object (target), "digest", NULL)) == NULL)
    return fail (error, "the payload has no targetArtifact.digest");
  *digest = g_strdup (d);
  return TRUE;
}

static gint64
parse_rfc3339 (const char *text)
{
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) : -1;
}

static SignetImageSignature *
parse_jws (SignetImageSignature  *sig,
           GBytes                *envelope,
           const char            *image_digest,
           GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) hparser = json_parser_new ();
  g_autoptr(GBytes) protected = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *digest = NULL;
  JsonNode *root, *hroot, *header, *x5c;
  JsonObject *env, *prot;
  const char *s;
  guint i;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (envelope, NULL), g_bytes_get_size (envelope), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "the JWS envelope is not a JSON object"), NULL;
  env = json_node_get_object (root);
  if ((s = json_object_get_string_member_with_default (env, "protected", NULL)) == NULL ||
      (protected = b64url_decode (s)) == NULL)
    return fail (error, "the JWS envelope has no base64url “protected” header"), NULL;
  if ((s = json_object_get_string_member_with_default (env, "payload", NULL)) == NULL ||
      (payload = b64url_decode (s)) == NULL)
    return fail (error, "the JWS envelope has no base64url “payload”"), NULL;
  if (json_object_get_string_member_with_default (env, "signature", NULL) == NULL)
    return fail (error, "the JWS envelope has no “signature”"), NULL;
  if (!json_parser_load_from_data (hparser, g_bytes_get_data (protected, NULL), g_bytes_get_size (protected), NULL) ||
      (hroot = json_parser_get_root (hparser)) == NULL || !JSON_NODE_HOLDS_OBJECT (hroot))
    return fail (error, "the JWS protected header is not a JSON object"), NULL;
  prot = json_node_get_object (hroot);
  sig->algorithm = g_strdup (json_object_get_string_member_with_default (prot, "alg", NULL));
  sig->signing_scheme = g_strdup (json_object_get_string_member_with_default (prot, NOTARY_SCHEME, NULL));
  if (sig->algorithm == NULL)
    return fail (error, "the JWS protected header has no “alg”"), NULL;
  if ((s = json_object_get_string_member_with_default (prot, NOTARY_TIME, NULL)) != NULL &&
      (sig->signed_at = parse_rfc3339 (s)) < 0)
    return fail (error, "the signing time “%s” is not RFC 3339", s), NULL;
  if ((s = json_object_get_string_member_with_default (prot, NOTARY_EXPIRY, NULL)) != NULL &&
      (sig->expires = parse_rfc3339 (s)) < 0)
    return fail (error, "the expiry “%s” is not RFC 3339", s), NULL;

  header = json_object_get_member (env, "header");
  if (header == NULL || !JSON_NODE_HOLDS_OBJECT (header) ||
      (x5c = json_object_get_member (json_node_get_object (header), "x5c")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (x5c) || json_array_get_length (json_node_get_array (x5c)) == 0)
    return fail (error, "the JWS unprotected header has no “x5c” certificate chain"), NULL;
  sig->creator = g_strdup (json_object_get_string_member_with_default (json_node_get_object (header),
                                                                       NOTARY_AGENT, NULL));
  for (i = 0; i < json_array_get_length (json_node_get_array (x5c)) && i < MAX_CHAIN; i++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (x5c), i);
      guchar *der;
      gsize der_len;

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return fail (error, "x5c[%u] is not a string", i), NULL;
      der = g_base64_decode (json_node_get_string (n), &der_len);
      g_ptr_array_add (ders, g_bytes_new_take (der, der_len));
    }
  if (!_signet_signature_set_chain (sig, ders, error))
    return NULL;
  if (!target_from_payload (payload, &digest, error))
    return NULL;
  apply_target (sig, digest, image_digest);
  return signet_image_signature_ref (sig);
}

/* ---- a small CBOR reader (definite lengths only, as COSE requires) ---- */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  guint         depth;
} Cbor;

enum { MT_UINT, MT_NINT, MT_BSTR, MT_TSTR, MT_ARRAY, MT_MAP, MT_TAG, MT_SIMPLE };

static gboolean
cbor_head (Cbor    *c,
           guint   *major,
           guint64 *value)
{
  guint8 b, info;
  guint n, i;

  if (c->p >= c->end)
    return FALSE;
  b = *c->p++;
  *major = b >> 5;
  info = b & 0x1f;
  if (info < 24)
    {
      *value = info;
      return TRUE;
    }
  if (info > 27)
    return FALSE;   /* indefinite lengths and reserved values */
  n = 1u << (info - 24);
  if ((gsize) (c->end - c->p) < n)
    return FALSE;
  *value = 0;
  for (i = 0; i < n; i++)
    *value = (*value << 8) | *c->p++;
  return TRUE;
}

static gboolean
cbor_skip (Cbor *c)
{
  guint major;
  guint64 v, i;

  if (++c->depth > 16 || !cbor_head (c, &major, &v))
    return FALSE;
  switch (major)
    {
    case MT_BSTR:
    case MT_TSTR:
      if (v > (guint64) (c->end - c->p))
        return FALSE;
      c->p += v;
      break;
    case MT_ARRAY:
    case MT_MAP:
      if (v > (guint64) (c->end - c->p))
        return FALSE;
      for (i = 0; i < (major == MT_MAP ? v * 2 : v); i++)
        if (!cbor_skip (c))
          return FALSE;
      break;
    case MT_TAG:
      if (!cbor_skip (c))
        return FALSE;
      break;
    default:
      break;
    }
  c->depth--;
  return TRUE;
}

static gboolean
cbor_bytes (Cbor          *c,
            guint          want,
            const guint8 **data,
            gsize         *len)
{
  guint major;
  guint64 v;

  if (!cbor_head (c, &major, &v) || major != want || v > (guint64) (c->end - c->p))
    return FALSE;
  *data = c->p;
  *len = v;
  c->p += v;
  return TRUE;
}

/* An int (major 0/1) or tag-1 time. */
static gboolean
cbor_int (Cbor   *c,
          gint64 *out)
{
  guint major;
  guint64 v;

  if (!cbor_head (c, &major, &v))
    return FALSE;
  if (major == MT_TAG)
    return v == 1 && cbor_int (c, out);
  if (major == MT_UINT && v <= G_MAXINT64)
    *out = (gint64) v;
  else if (major == MT_NINT && v < G_MAXINT64)
    *out = -1 - (gint64) v;
  else
    return FALSE;
  return TRUE;
}

/* Reads a map key: sets *@int_key (is_int TRUE) or *@str_key (a new string). */
static gboolean
cbor_key (Cbor     *c,
          gboolean *is_int,
          gint64   *int_key,
          char    **str_key)
{
  const guint8 *save = c->p;
  const guint8 *data;
  guint major;
  guint64 v;
  gsize len;

  if (!cbor_head (c, &major, &v))
    return FALSE;
  c->p = save;
  if (major == MT_TSTR)
    {
      if (!cbor_bytes (c, MT_TSTR, &data, &len))
        return FALSE;
      *is_int = FALSE;
      *str_key = g_strndup ((const char *) data, len);
      return TRUE;
    }
  *is_int = TRUE;
  return cbor_int (c, int_key);
}

static const char *
cose_alg_name (gint64 alg)
{
  switch (alg)
    {
    case -7: return "ES256";
    case -35: return "ES384";
    case -36: return "ES512";
    case -37: return "PS256";
    case -38: return "PS384";
    case -39: return "PS512";
    default: return NULL;
    }
}

static SignetImageSignature *
parse_cose (SignetImageSignature  *sig,
            GBytes                *envelope,
            const char            *image_digest,
            GError               **error)
{
  Cbor c = { g_bytes_get_data (envelope, NULL), NULL, 0 };
  Cbor prot;
  g_autoptr(GPtrArray) ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *digest = NULL;
  const guint8 *data;
  gsize len;
  guint major;
  guint64 v, n, i;

  c.end = c.p + g_bytes_get_size (envelope);
  if (!cbor_head (&c, &major, &v))
    return fail (error, "the COSE envelope is empty"), NULL;
  if (major == MT_TAG)
    {
      if (v != 18)
        return fail (error, "the COSE envelope has CBOR tag %" G_GUINT64_FORMAT ", not 18 (COSE_Sign1)", v), NULL;
      if (!cbor_head (&c, &major, &v))
        return fail (error, "the COSE envelope is truncated"), NULL;
    }
  if (major != MT_ARRAY || v != 4)
    return fail (error, "the COSE envelope is not a 4-element COSE_Sign1 array"), NULL;

  /* protected header */
  if (!cbor_bytes (&c, MT_BSTR, &data, &len))
    return fail (error, "the COSE protected header is not a byte string"), NULL;
  prot.p = data;
  prot.end = data + len;
  prot.depth = 0;
  if (!cbor_head (&prot, &major, &n) || major != MT_MAP)
    return fail (error, "the COSE protected header is not a map"), NULL;
  for (i = 0; i < n; i++)
    {
      g_autofree char *key = NULL;
      gboolean is_int = FALSE;
      gint64 ikey = 0;

      if (!cbor_key (&prot, &is_int, &ikey, &key))
        return fail (error, "the COSE protected header has a bad key"), NULL;
      if (is_int && ikey == 1)
        {
          gint64 alg;

          if (!cbor_int (&prot, &alg))
            return fail (error, "the COSE algorithm is not an integer"), NULL;
          sig->algorithm = g_strdup (cose_alg_name (alg) ? cose_alg_name (alg) : "unknown");
        }
      else if (!is_int && g_str_equal (key, NOTARY_SCHEME))
        {
          if (!cbor_bytes (&prot, MT_TSTR, &data, &len))
            return fail (error, "the signing scheme is not a text string"), NULL;
          sig->signing_scheme = g_strndup ((const char *) data, len);
        }
      else if (!is_int && (g_str_equal (key, NOTARY_TIME) || g_str_equal (key, NOTARY_EXPIRY)))
        {
          gint64 t;

          if (!cbor_int (&prot, &t))
            return fail (error, "%s is not a CBOR time", key), NULL;
          if (g_str_equal (key, NOTARY_TIME))
            sig->signed_at = t;
          else
            sig->expires = t;
        }
      else if (!cbor_skip (&prot))
        return fail (error, "the COSE protected header is truncated"), NULL;
    }
  if (sig->algorithm == NULL)
    return fail (error, "the COSE protected header has no algorithm"), NULL;

  /* unprotected header */
  if (!cbor_head (&c, &major, &n) || major != MT_MAP)
    return fail (error, "the COSE unprotected header is not a map"), NULL;
  for (i = 0; i < n; i++)
    {
      g_autofree char *key = NULL;
      gboolean is_int = FALSE;
      gint64 ikey = 0;

      if (!cbor_key (&c, &is_int, &ikey, &key))
        return fail (error, "the COSE unprotected header has a bad key"), NULL;
      if (is_int && ikey == 33)
        {
          const guint8 *save = c.p;
          guint64 k, count;

          if (!cbor_head (&c, &major, &count))
            return fail (error, "x5chain is truncated"), NULL;
          if (major == MT_BSTR)
            {
              /* a single certificate */
              c.p = save;
              if (!cbor_bytes (&c, MT_BSTR, &data, &len))
                return fail (error, "x5chain is truncated"), NULL;
              g_ptr_array_add (ders, g_bytes_new (data, len));
              continue;
            }
          if (major != MT_ARRAY || count > MAX_CHAIN)
            return fail (error, "x5chain is not an array of up to %d certificates", MAX_CHAIN), NULL;
          for (k = 0; k < count; k++)
            {
              if (!cbor_bytes (&c, MT_BSTR, &data, &len))
                return fail (error, "x5chain[%" G_GUINT64_FORMAT "] is not a byte string", k), NULL;
              g_ptr_array_add (ders, g_bytes_new (data, len));
            }
        }
      else if (!is_int && g_str_equal (key, NOTARY_AGENT))
        {
          if (!cbor_bytes (&c, MT_TSTR, &data, &len))
            return fail (error, "the signing agent is not a text string"), NULL;
          sig->creator = g_strndup ((const char *) data, len);
        }
      else if (!cbor_skip (&c))
        return fail (error, "the COSE unprotected header is truncated"), NULL;
    }
  if (ders->len == 0)
    return fail (error, "the COSE unprotected header has no x5chain"), NULL;

  if (!cbor_bytes (&c, MT_BSTR, &data, &len))
    return fail (error, "the COSE payload is not a byte string"), NULL;
  payload = g_bytes_new (data, len);
  if (!cbor_bytes (&c, MT_BSTR, &data, &len) || len == 0)
    return fail (error, "the COSE signature is not a byte string"), NULL;
  if (c.p != c.end)
    return fail (error, "the COSE envelope has trailing bytes"), NULL;

  if (!_signet_signature_set_chain (sig, ders, error))
    return NULL;
  if (!target_from_payload (payload, &digest, error))
    return NULL;
  apply_target (sig, digest, image_digest);
  return signet_image_signature_ref (sig);
}

SignetImageSignature *
_signet_notation_parse (const char  *source,
                        const char  *artifact_digest,
                        const char  *media_type,
                        GBytes      *envelope,
                        const char  *image_digest,
                        GError     **error)
{
  g_autoptr(SignetImageSignature) sig = _signet_image_signature_new (SIGNET_SIGNATURE_KIND_NOTATION,
                                                                     source, artifact_digest);

  sig->key_origin = g_strdup ("x509");
  if (g_bytes_get_size (envelope) > SIGNET_NOTATION_ENVELOPE_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "Notation signature: the envelope is larger than %d bytes", SIGNET_NOTATION_ENVELOPE_MAX);
      return NULL;
    }
  if (g_strcmp0 (media_type, SIGNET_NOTATION_MEDIA_JWS) == 0)
    {
      sig->envelope = g_strdup ("jws");
      return parse_jws (sig, envelope, image_digest, error);
    }
  if (g_strcmp0 (media_type, SIGNET_NOTATION_MEDIA_COSE) == 0)
    {
      sig->envelope = g_strdup ("cose");
      return parse_cose (sig, envelope, image_digest, error);
    }
  fail (error, "unknown envelope media type “%s”", media_type ? media_type : "(none)");
  return NULL;
}
