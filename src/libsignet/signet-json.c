/* signet-json.c: strict JSON parsing, canonical JSON and notary file bytes.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's own parser (GScanner) is lax: it takes comments, single quotes, hex
 * numbers, leading zeros and silently wraps integers beyond 64 bits. Signed metadata
 * must mean one thing only, so the document is parsed here by a strict RFC 8259
 * recursive-descent parser that builds json-glib nodes. On top of RFC 8259 it refuses
 * invalid UTF-8, lone surrogates, "\u0000", duplicate member names, integers beyond
 * 2^53 (Go reads numbers as float64, so larger ones do not round-trip) and nesting
 * deeper than MAX_DEPTH.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "signet-error.h"
#include "signet-json-private.h"

#define MAX_DEPTH       256
#define MAX_SAFE_INT    G_GINT64_CONSTANT (9007199254740992) /* 2^53 */

/* ------------------------------------------------------------------------------------ */
/* Signatures */

SignetSignature *
_signet_signature_new (const char *keyid,
                       const char *method,
                       const char *sig_b64)
{
  SignetSignature *sig = g_new0 (SignetSignature, 1);

  sig->keyid = g_strdup (keyid);
  sig->method = g_strdup (method);
  sig->sig_b64 = g_strdup (sig_b64);
  return sig;
}

void
_signet_signature_free (SignetSignature *sig)
{
  if (sig == NULL)
    return;
  g_free (sig->keyid);
  g_free (sig->method);
  g_free (sig->sig_b64);
  g_free (sig);
}

/* ------------------------------------------------------------------------------------ */
/* Parser */

typedef SignetJsonLexer Parser;

static JsonNode *parse_number (Parser *p);

static void
parser_position (Parser *p,
                 gsize   at,
                 guint  *line,
                 guint  *column)
{
  gsize i;

  *line = 1;
  *column = 1;
  for (i = 0; i < at && i < p->len; i++)
    {
      if (p->data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((p->data[i] & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

static gboolean parser_fail (Parser     *p,
                             gsize       at,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static gboolean
parser_fail (Parser     *p,
             gsize       at,
             const char *format,
             ...)
{
  g_autofree char *msg = NULL;
  va_list args;
  guint line, column;

  if (p->error != NULL)
    return FALSE;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  parser_position (p, at, &line, &column);
  p->error = g_error_new (SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                          "%s: invalid JSON at line %u, column %u: %s",
                          p->what, line, column, msg);
  return FALSE;
}

static void
skip_ws (Parser *p)
{
  while (p->pos < p->len)
    {
      guint8 c = p->data[p->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      p->pos++;
    }
}

static const char *
describe_byte (guint8 c,
               char   buf[16])
{
  if (c >= 0x20 && c < 0x7f)
    g_snprintf (buf, 16, "'%c'", c);
  else
    g_snprintf (buf, 16, "byte 0x%02x", c);
  return buf;
}

static gboolean
parse_hex4 (Parser  *p,
            gunichar *out)
{
  gunichar v = 0;
  guint i;

  if (p->len - p->pos < 4)
    return parser_fail (p, p->pos, "truncated \\u escape");
  for (i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p->data[p->pos + i]);

      if (d < 0)
        return parser_fail (p, p->pos + i, "invalid hex digit in \\u escape");
      v = (v << 4) | (gunichar) d;
    }
  p->pos += 4;
  *out = v;
  return TRUE;
}

/* Decodes one UTF-8 sequence at p->pos strictly (no overlongs, no surrogates). */
static gboolean
copy_utf8 (Parser  *p,
           GString *out)
{
  const guint8 *s = p->data + p->pos;
  gsize avail = p->len - p->pos;
  guint8 c = s[0];
  gsize n;
  gunichar min, cp;
  gsize i;

  if (c >= 0xC2 && c <= 0xDF)
    {
      n = 2;
      min = 0x80;
      cp = c & 0x1F;
    }
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      min = 0x800;
      cp = c & 0x0F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      min = 0x10000;
      cp = c & 0x07;
    }
  else
    {
      return parser_fail (p, p->pos, "invalid UTF-8");
    }

  if (avail < n)
    return parser_fail (p, p->pos, "truncated UTF-8 sequence");
  for (i = 1; i < n; i++)
    {
      if ((s[i] & 0xC0) != 0x80)
        return parser_fail (p, p->pos, "invalid UTF-8");
      cp = (cp << 6) | (s[i] & 0x3F);
    }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return parser_fail (p, p->pos, "invalid UTF-8");

  g_string_append_len (out, (const char *) s, (gssize) n);
  p->pos += n;
  return TRUE;
}

/* Bytes that end a run of plain ASCII in a string: controls, '"', '\\' and non-ASCII. */
static const guint8 plain_special[256] = {
  [0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xff] = 1,
};

/* p->pos is on the opening quote. Returns a newly allocated, NUL-free UTF-8 string. */
static char *
parse_string (Parser *p)
{
  g_autoptr(GString) out = NULL;
  gsize start = p->pos;
  gsize i;

  p->pos++;
  /* Most strings are plain ASCII without escapes: copy them in one go. */
  for (i = p->pos; i < p->len; i++)
    {
      guint8 c = p->data[i];

      if (!plain_special[c])
        continue;
      if (c == '"')
        {
          char *plain = g_strndup ((const char *) p->data + p->pos, i - p->pos);

          p->pos = i + 1;
          return plain;
        }
      break;
    }
  out = g_string_new_len ((const char *) p->data + p->pos, i - p->pos);
  p->pos = i;
  for (;;)
    {
      guint8 c;

      if (p->pos >= p->len)
        {
          parser_fail (p, start, "unterminated string");
          return NULL;
        }
      c = p->data[p->pos];
      if (c == '"')
        {
          p->pos++;
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      else if (c == '\\')
        {
          gsize esc = p->pos;

          p->pos++;
          if (p->pos >= p->len)
            {
              parser_fail (p, esc, "unterminated string");
              return NULL;
            }
          c = p->data[p->pos++];
          switch (c)
            {
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case '/': g_string_append_c (out, '/'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'u':
              {
                gunichar cp;

                if (!parse_hex4 (p, &cp))
                  return NULL;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                  {
                    parser_fail (p, esc, "lone low surrogate in \\u escape");
                    return NULL;
                  }
                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    gunichar lo;

                    if (p->len - p->pos < 2 || p->data[p->pos] != '\\' ||
                        p->data[p->pos + 1] != 'u')
                      {
                        parser_fail (p, esc, "lone high surrogate in \\u escape");
                        return NULL;
                      }
                    p->pos += 2;
                    if (!parse_hex4 (p, &lo))
                      return NULL;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                      {
                        parser_fail (p, esc, "lone high surrogate in \\u escape");
                        return NULL;
                      }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                  }
                if (cp == 0)
                  {
                    parser_fail (p, esc, "\\u0000 is not allowed in strings");
                    return NULL;
                  }
                g_string_append_unichar (out, cp);
              }
              break;
            default:
              {
                char buf[16];

                parser_fail (p, esc, "invalid escape \\%s", describe_byte (c, buf));
                return NULL;
              }
            }
        }
      else if (c < 0x20)
        {
          parser_fail (p, p->pos, "unescaped control character 0x%02x in string", c);
          return NULL;
        }
      else if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          p->pos++;
        }
      else if (!copy_utf8 (p, out))
        {
          return NULL;
        }
    }
}

/* A number token at p->pos, checked as parse_number() checks it. Integers (within 2^53)
 * set @integral and @value; other numbers only clear @integral. */
gboolean
_signet_json_lexer_number (SignetJsonLexer *p,
                           gboolean        *integral,
                           gint64          *value)
{
  gsize start = p->pos;
  gboolean negative = FALSE;
  guint64 v = 0;
  guint digits = 0;

  if (p->pos < p->len && p->data[p->pos] == '-')
    {
      negative = TRUE;
      p->pos++;
    }
  if (p->pos >= p->len || !g_ascii_isdigit (p->data[p->pos]))
    return parser_fail (p, start, "invalid number");
  if (p->data[p->pos] == '0' && p->pos + 1 < p->len && g_ascii_isdigit (p->data[p->pos + 1]))
    return parser_fail (p, start, "number with a leading zero");
  while (p->pos < p->len && g_ascii_isdigit (p->data[p->pos]))
    {
      if (digits < 17)
        v = v * 10 + (p->data[p->pos] - '0');
      digits++;
      p->pos++;
    }
  if (p->pos < p->len &&
      (p->data[p->pos] == '.' || p->data[p->pos] == 'e' || p->data[p->pos] == 'E'))
    {
      /* not an integer: let the full parser check and read it */
      gsize end;
      JsonNode *node;

      p->pos = start;
      node = parse_number (p);
      end = p->pos;
      if (node == NULL)
        return FALSE;
      json_node_unref (node);
      p->pos = end;
      *integral = FALSE;
      return TRUE;
    }
  /* 2^53 has 16 digits; anything longer is out of range for sure. */
  if (digits > 16 || v > (guint64) MAX_SAFE_INT)
    {
      g_autofree char *text = g_strndup ((const char *) p->data + start, p->pos - start);

      return parser_fail (p, start, "integer %s is beyond 2^53", text);
    }
  *integral = TRUE;
  *value = negative ? -(gint64) v : (gint64) v;
  return TRUE;
}

static JsonNode *
parse_number (Parser *p)
{
  gsize start = p->pos;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;
  JsonNode *node;

  if (p->data[p->pos] == '-')
    p->pos++;
  if (p->pos >= p->len || !g_ascii_isdigit (p->data[p->pos]))
    {
      parser_fail (p, start, "invalid number");
      return NULL;
    }
  if (p->data[p->pos] == '0')
    {
      p->pos++;
      if (p->pos < p->len && g_ascii_isdigit (p->data[p->pos]))
        {
          parser_fail (p, start, "number with a leading zero");
          return NULL;
        }
    }
  else
    {
      while (p->pos < p->len && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }
  if (p->pos < p->len && p->data[p->pos] == '.')
    {
      integral = FALSE;
      p->pos++;
      if (p->pos >= p->len || !g_ascii_isdigit (p->data[p->pos]))
        {
          parser_fail (p, start, "invalid number: no digit after '.'");
          return NULL;
        }
      while (p->pos < p->len && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }
  if (p->pos < p->len && (p->data[p->pos] == 'e' || p->data[p->pos] == 'E'))
    {
      integral = FALSE;
      p->pos++;
      if (p->pos < p->len && (p->data[p->pos] == '+' || p->data[p->pos] == '-'))
        p->pos++;
      if (p->pos >= p->len || !g_ascii_isdigit (p->data[p->pos]))
        {
          parser_fail (p, start, "invalid number: no digit in the exponent");
          return NULL;
        }
      while (p->pos < p->len && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }

  text = g_strndup ((const char *) p->data + start, p->pos - start);
  node = json_node_alloc ();

  if (integral)
    {
      const char *digits = text[0] == '-' ? text + 1 : text;
      guint64 v;

      /* 2^53 has 16 digits; anything longer is out of range for sure. */
      if (strlen (digits) > 16 ||
          (v = g_ascii_strtoull (digits, NULL, 10)) > (guint64) MAX_SAFE_INT)
        {
          json_node_unref (node);
          parser_fail (p, start, "integer %s is beyond 2^53", text);
          return NULL;
        }
      json_node_init_int (node, text[0] == '-' ? -(gint64) v : (gint64) v);
    }
  else
    {
      double d = g_ascii_strtod (text, NULL);

      if (!isfinite (d))
        {
          json_node_unref (node);
          parser_fail (p, start, "number %s is out of range", text);
          return NULL;
        }
      json_node_init_double (node, d);
    }
  return node;
}

static JsonNode *parse_value (Parser *p,
                              guint   depth);

static gboolean
expect_literal (Parser     *p,
                const char *lit)
{
  gsize n = strlen (lit);

  if (p->len - p->pos < n || memcmp (p->data + p->pos, lit, n) != 0)
    return parser_fail (p, p->pos, "invalid literal (expected %s)", lit);
  p->pos += n;
  return TRUE;
}

static JsonNode *
parse_object (Parser *p,
              guint   depth)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  p->pos++; /* '{' */
  skip_ws (p);
  if (p->pos < p->len && p->data[p->pos] == '}')
    {
      p->pos++;
      goto done;
    }

  for (;;)
    {
      g_autofree char *name = NULL;
      gsize name_pos;
      JsonNode *member;

      skip_ws (p);
      if (p->pos >= p->len || p->data[p->pos] != '"')
        {
          parser_fail (p, p->pos, "expected a member name in quotes");
          return NULL;
        }
      name_pos = p->pos;
      name = parse_string (p);
      if (name == NULL)
        return NULL;
      if (json_object_has_member (object, name))
        {
          parser_fail (p, name_pos, "duplicate member \"%s\"", name);
          return NULL;
        }
      skip_ws (p);
      if (p->pos >= p->len || p->data[p->pos] != ':')
        {
          parser_fail (p, p->pos, "expected ':' after a member name");
          return NULL;
        }
      p->pos++;
      member = parse_value (p, depth + 1);
      if (member == NULL)
        return NULL;
      json_object_set_member (object, name, member);

      skip_ws (p);
      if (p->pos < p->len && p->data[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->pos < p->len && p->data[p->pos] == '}')
        {
          p->pos++;
          break;
        }
      parser_fail (p, p->pos, "expected ',' or '}' in an object");
      return NULL;
    }

done:
  node = json_node_alloc ();
  json_node_init_object (node, object);
  return node;
}

static JsonNode *
parse_array (Parser *p,
             guint   depth)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  p->pos++; /* '[' */
  skip_ws (p);
  if (p->pos < p->len && p->data[p->pos] == ']')
    {
      p->pos++;
      goto done;
    }

  for (;;)
    {
      JsonNode *element = parse_value (p, depth + 1);

      if (element == NULL)
        return NULL;
      json_array_add_element (array, element);

      skip_ws (p);
      if (p->pos < p->len && p->data[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->pos < p->len && p->data[p->pos] == ']')
        {
          p->pos++;
          break;
        }
      parser_fail (p, p->pos, "expected ',' or ']' in an array");
      return NULL;
    }

done:
  node = json_node_alloc ();
  json_node_init_array (node, array);
  return node;
}

static JsonNode *
parse_value (Parser *p,
             guint   depth)
{
  JsonNode *node;
  char buf[16];
  guint8 c;

  if (depth > MAX_DEPTH)
    {
      parser_fail (p, p->pos, "nesting deeper than %d levels", MAX_DEPTH);
      return NULL;
    }

  skip_ws (p);
  if (p->pos >= p->len)
    {
      parser_fail (p, p->pos, "unexpected end of data");
      return NULL;
    }

  c = p->data[p->pos];
  switch (c)
    {
    case '{':
      return parse_object (p, depth);
    case '[':
      return parse_array (p, depth);
    case '"':
      {
        g_autofree char *s = parse_string (p);

        if (s == NULL)
          return NULL;
        node = json_node_alloc ();
        json_node_init_string (node, s);
        return node;
      }
    case 't':
      if (!expect_literal (p, "true"))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      if (!expect_literal (p, "false"))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      if (!expect_literal (p, "null"))
        return NULL;
      return json_node_init_null (json_node_alloc ());
    default:
      if (c == '-' || g_ascii_isdigit (c))
        return parse_number (p);
      parser_fail (p, p->pos, "unexpected %s", describe_byte (c, buf));
      return NULL;
    }
}

/* ---- The lexer, for readers that build their own model ------------------------------ */

void
_signet_json_lexer_init (SignetJsonLexer *lexer,
                         const guint8    *data,
                         gsize            len,
                         const char      *what)
{
  lexer->data = data;
  lexer->len = len;
  lexer->pos = 0;
  lexer->what = what != NULL ? what : "JSON document";
  lexer->error = NULL;
}

void
_signet_json_lexer_clear (SignetJsonLexer *lexer)
{
  g_clear_error (&lexer->error);
}

void
_signet_json_lexer_skip_ws (SignetJsonLexer *lexer)
{
  skip_ws (lexer);
}

char *
_signet_json_lexer_string (SignetJsonLexer *lexer)
{
  if (lexer->pos >= lexer->len || lexer->data[lexer->pos] != '"')
    {
      parser_fail (lexer, lexer->pos, "expected a string");
      return NULL;
    }
  return parse_string (lexer);
}

JsonNode *
_signet_json_lexer_value (SignetJsonLexer *lexer,
                          guint            depth)
{
  return parse_value (lexer, depth);
}

JsonNode *
_signet_json_parse (const guint8  *data,
                    gsize          len,
                    const char    *what,
                    GError       **error)
{
  Parser p = { data, len, 0, what != NULL ? what : "JSON document", NULL };
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > SIGNET_JSON_MAX_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s: %" G_GSIZE_FORMAT " bytes is more than the limit of %d bytes",
                   p.what, len, SIGNET_JSON_MAX_SIZE);
      return NULL;
    }

  root = parse_value (&p, 0);
  if (root != NULL)
    {
      skip_ws (&p);
      if (p.pos < p.len)
        parser_fail (&p, p.pos, "trailing data after the JSON value");
    }
  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* ------------------------------------------------------------------------------------ */
/* Writers */

static const char hex_digits[] = "0123456789abcdef";

static void
write_string (GString    *out,
              const char *s,
              gboolean    escaped)
{
  const guint8 *p = (const guint8 *) s;

  g_string_append_c (out, '"');
  for (; *p != '\0'; p++)
    {
      guint8 c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (!escaped)
        {
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        {
          g_string_append (out, "\\n");
        }
      else if (c == '\r')
        {
          g_string_append (out, "\\r");
        }
      else if (c == '\t')
        {
          g_string_append (out, "\\t");
        }
      else if (c < 0x20 || c == '<' || c == '>' || c == '&')
        {
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex_digits[c >> 4]);
          g_string_append_c (out, hex_digits[c & 0xF]);
        }
      else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        {
          g_string_append (out, "\\u202");
          g_string_append_c (out, hex_digits[p[2] & 0xF]);
          p += 2;
        }
      else
        {
          g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* strcmp compares as unsigned char: raw UTF-8 byte order. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
write_node (GString   *out,
            JsonNode  *node,
            gboolean   escaped,
            guint      depth,
            GError   **error)
{
  if (depth > MAX_DEPTH)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "JSON nested deeper than %d levels", MAX_DEPTH);
      return FALSE;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        guint i;

        for (GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (names, l->data);
        g_ptr_array_sort (names, compare_names);

        g_string_append_c (out, '{');
        for (i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);

            if (i > 0)
              g_string_append_c (out, ',');
            write_string (out, name, escaped);
            g_string_append_c (out, ':');
            if (!write_node (out, json_object_get_member (object, name), escaped, depth + 1,
                             error))
              return FALSE;
          }
        g_string_append_c (out, '}');
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint i, n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!write_node (out, json_array_get_element (array, i), escaped, depth + 1, error))
              return FALSE;
          }
        g_string_append_c (out, ']');
        return TRUE;
      }

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return TRUE;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          {
            const char *s = json_node_get_string (node);

            if (s == NULL || !g_utf8_validate (s, -1, NULL))
              {
                g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                             "JSON string is not valid UTF-8");
                return FALSE;
              }
            write_string (out, s, escaped);
          }
        else if (type == G_TYPE_BOOLEAN)
          {
            g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          }
        else if (type == G_TYPE_INT64)
          {
            gint64 v = json_node_get_int (node);

            if (v > MAX_SAFE_INT || v < -MAX_SAFE_INT)
              {
                g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                             "integer %" G_GINT64_FORMAT " is beyond 2^53", v);
                return FALSE;
              }
            g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
          }
        else if (type == G_TYPE_DOUBLE)
          {
            double d = json_node_get_double (node);
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            if (!isfinite (d) || floor (d) != d)
              {
                g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                             "number %s is not an integer; canonical JSON allows integers only",
                             g_ascii_dtostr (buf, sizeof buf, d));
                return FALSE;
              }
            if (d > (double) MAX_SAFE_INT || d < -(double) MAX_SAFE_INT)
              {
                g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                             "number %s is beyond 2^53",
                             g_ascii_dtostr (buf, sizeof buf, d));
                return FALSE;
              }
            g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) d);
          }
        else
          {
            g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                         "JSON value of unsupported type %s", g_type_name (type));
            return FALSE;
          }
        return TRUE;
      }

    default:
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "invalid JSON node");
      return FALSE;
    }
}

static GBytes *
canonical (JsonNode  *node,
           gboolean   escaped,
           GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_node (out, node, escaped, 0, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
_signet_json_canonical (JsonNode  *node,
                        GError   **error)
{
  return canonical (node, FALSE, error);
}

GBytes *
_signet_json_canonical_escaped (JsonNode  *node,
                                GError   **error)
{
  return canonical (node, TRUE, error);
}

GBytes *
_signet_json_file_bytes (JsonNode   *signed_node,
                         GPtrArray  *signatures,
                         GError    **error)
{
  g_autoptr(GString) out = g_string_new ("{\"signed\":");
  guint i;

  g_return_val_if_fail (signed_node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_node (out, signed_node, TRUE, 0, error))
    return NULL;

  g_string_append (out, ",\"signatures\":[");
  for (i = 0; signatures != NULL && i < signatures->len; i++)
    {
      const SignetSignature *sig = g_ptr_array_index (signatures, i);

      if (sig->keyid == NULL || sig->method == NULL || sig->sig_b64 == NULL ||
          !g_utf8_validate (sig->keyid, -1, NULL) || !g_utf8_validate (sig->method, -1, NULL) ||
          !g_utf8_validate (sig->sig_b64, -1, NULL))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "signature %u is incomplete or not valid UTF-8", i);
          return NULL;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"keyid\":");
      write_string (out, sig->keyid, TRUE);
      g_string_append (out, ",\"method\":");
      write_string (out, sig->method, TRUE);
      g_string_append (out, ",\"sig\":");
      write_string (out, sig->sig_b64, TRUE);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* ---- Is this text already canonical? ------------------------------------------------
 *
 * A linear scan, no allocation: TRUE only when @data is exactly what
 * _signet_json_canonical() would write for the value it holds, so a signature over @data
 * is a signature over the canonical form (what notary verifies). Anything unusual (an
 * escape other than \" and \\, a key needing one, exponents, whitespace) says FALSE and the
 * caller takes the slow path; FALSE never means "invalid", only "not provably canonical". */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  guint         depth;
} CanonScan;

/* Bytes inside a string that need a closer look: control characters, '"' and '\\'. */
static const guint8 string_special[256] = {
  [0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

static gboolean canon_value (CanonScan *s);

/* A string; sets @start and @len to its raw body (between the quotes). */
static gboolean
canon_string (CanonScan     *s,
              const guint8 **start,
              gsize         *len,
              gboolean      *has_escape)
{
  if (s->p >= s->end || *s->p != '"')
    return FALSE;
  s->p++;
  *start = s->p;
  *has_escape = FALSE;
  while (s->p < s->end && *s->p != '"')
    {
      if (!string_special[*s->p])
        {
          s->p++;
          continue;
        }
      if (*s->p == '\\')
        {
          if (s->p + 1 >= s->end || (s->p[1] != '"' && s->p[1] != '\\'))
            return FALSE;
          *has_escape = TRUE;
          s->p += 2;
          continue;
        }
      if (*s->p < 0x20)
        return FALSE;
      s->p++;
    }
  if (s->p >= s->end)
    return FALSE;
  *len = s->p - *start;
  s->p++;
  return TRUE;
}

static gboolean
canon_value (CanonScan *s)
{
  if (s->p >= s->end || ++s->depth > 512)
    return FALSE;

  switch (*s->p)
    {
    case '{':
      {
        const guint8 *prev = NULL;
        gsize prev_len = 0;

        s->p++;
        if (s->p < s->end && *s->p == '}')
          {
            s->p++;
            break;
          }
        for (;;)
          {
            const guint8 *key;
            gsize key_len;
            gboolean esc;
            int cmp;

            if (!canon_string (s, &key, &key_len, &esc) || esc)
              return FALSE;
            if (prev != NULL)
              {
                cmp = memcmp (prev, key, MIN (prev_len, key_len));
                if (cmp > 0 || (cmp == 0 && prev_len >= key_len))
                  return FALSE;     /* not strictly increasing: unsorted or duplicate */
              }
            prev = key;
            prev_len = key_len;
            if (s->p >= s->end || *s->p != ':')
              return FALSE;
            s->p++;
            if (!canon_value (s))
              return FALSE;
            if (s->p < s->end && *s->p == ',')
              {
                s->p++;
                continue;
              }
            if (s->p < s->end && *s->p == '}')
              {
                s->p++;
                break;
              }
            return FALSE;
          }
        break;
      }

    case '[':
      s->p++;
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          break;
        }
      for (;;)
        {
          if (!canon_value (s))
            return FALSE;
          if (s->p < s->end && *s->p == ',')
            {
              s->p++;
              continue;
            }
          if (s->p < s->end && *s->p == ']')
            {
              s->p++;
              break;
            }
          return FALSE;
        }
      break;

    case '"':
      {
        const guint8 *str;
        gsize len;
        gboolean esc;

        if (!canon_string (s, &str, &len, &esc))
          return FALSE;
        break;
      }

    case 't':
      if (s->end - s->p < 4 || memcmp (s->p, "true", 4) != 0)
        return FALSE;
      s->p += 4;
      break;

    case 'f':
      if (s->end - s->p < 5 || memcmp (s->p, "false", 5) != 0)
        return FALSE;
      s->p += 5;
      break;

    case 'n':
      if (s->end - s->p < 4 || memcmp (s->p, "null", 4) != 0)
        return FALSE;
      s->p += 4;
      break;

    default:
      {
        const guint8 *digits;
        gboolean negative = FALSE;

        if (*s->p == '-')
          {
            negative = TRUE;
            s->p++;
          }
        digits = s->p;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
          s->p++;
        /* integers only, no leading zeros, no "-0", at most 15 digits (exact in a double) */
        if (s->p == digits || s->p - digits > 15)
          return FALSE;
        if (*digits == '0' && (s->p - digits > 1 || negative))
          return FALSE;
        if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E'))
          return FALSE;
        break;
      }
    }

  s->depth--;
  return TRUE;
}

gboolean
_signet_json_is_canonical (const guint8 *data,
                           gsize         len)
{
  CanonScan s = { data, data + len, 0 };

  if (data == NULL || len == 0)
    return FALSE;
  if (!canon_value (&s))
    return FALSE;
  return s.p == s.end;
}
