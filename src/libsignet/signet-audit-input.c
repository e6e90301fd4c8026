/* signet-audit-input.c: image references from reference lists and Compose files.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The YAML is read as libyaml events into a small node graph: an alias points at the node
 * its anchor named (nothing is copied, so alias bombs cost nothing), and merge keys are
 * resolved only for the mappings we read, visiting each mapping once.
 */

#include "config.h"

#include <string.h>

#include <gio/gunixinputstream.h>
#include <yaml.h>

#include "signet-audit-private.h"
#include "signet-error.h"

#define MAX_YAML_DEPTH 256
#define MAX_YAML_NODES 500000
#define MAX_INTERPOLATION_DEPTH 64

/* ------------------------------------------------------------------------------------ */
/* Inputs                                                                                */

G_DEFINE_BOXED_TYPE (SignetAuditInput, signet_audit_input, signet_audit_input_copy,
                     signet_audit_input_free)

SignetAuditInput *
signet_audit_input_new (const char *reference,
                        const char *origin,
                        const char *service)
{
  SignetAuditInput *input = g_new0 (SignetAuditInput, 1);

  g_return_val_if_fail (reference != NULL, NULL);

  input->reference = g_strdup (reference);
  input->origin = g_strdup (origin);
  input->service = g_strdup (service);

  return input;
}

SignetAuditInput *
signet_audit_input_copy (const SignetAuditInput *input)
{
  g_return_val_if_fail (input != NULL, NULL);

  return signet_audit_input_new (input->reference, input->origin, input->service);
}

void
signet_audit_input_free (SignetAuditInput *input)
{
  if (input == NULL)
    return;

  g_free (input->reference);
  g_free (input->origin);
  g_free (input->service);
  g_free (input);
}

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...)
{
  va_list args;
  char *note;

  if (notes == NULL)
    return;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < notes->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (notes, i), note))
        {
          g_free (note);
          return;
        }
    }

  g_ptr_array_add (notes, note);
}

/* ------------------------------------------------------------------------------------ */
/* Interpolation                                                                         */

typedef struct
{
  const char *where;
  GHashTable *env;
  GPtrArray  *notes;
} Interp;

static gboolean
is_name_start (char c)
{
  return c == '_' || g_ascii_isalpha (c);
}

static gboolean
is_name_char (char c)
{
  return c == '_' || g_ascii_isalnum (c);
}

static gboolean
lookup_var (Interp      *ctx,
            const char  *name,
            const char **value)
{
  gpointer v = NULL;

  if (ctx->env != NULL && g_hash_table_lookup_extended (ctx->env, name, NULL, &v) && v != NULL)
    {
      *value = v;
      return TRUE;
    }

  *value = NULL;
  return FALSE;
}

static gboolean interpolate_range (Interp      *ctx,
                                   const char  *text,
                                   gsize        len,
                                   guint        depth,
                                   GString     *out,
                                   GError     **error);

/* The index of the '}' closing the "${" at @start, or -1. */
static gssize
find_closing_brace (const char *text,
                    gsize       len,
                    gsize       start)
{
  guint open = 0;
  gsize i = start;

  while (i < len)
    {
      if (text[i] == '$' && i + 1 < len && text[i + 1] == '$')
        i += 2;
      else if (text[i] == '$' && i + 1 < len && text[i + 1] == '{')
        {
          open++;
          i += 2;
        }
      else if (text[i] == '}')
        {
          open--;
          if (open == 0)
            return i;
          i++;
        }
      else
        i++;
    }

  return -1;
}

static gboolean
interpolate_braced (Interp      *ctx,
                    const char  *expr,   /* between "${" and "}" */
                    gsize        len,
                    guint        depth,
                    GString     *out,
                    GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GString) word = NULL;
  const char *value = NULL;
  const char *op;
  gsize op_len;
  gsize n = 0;
  gboolean set;
  gboolean colon;

  while (n < len && (n == 0 ? is_name_start (expr[n]) : is_name_char (expr[n])))
    n++;

  if (n == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: invalid interpolation \"${%.*s}\": a variable name must start with a "
                   "letter or '_' (write $$ for a literal '$')",
                   ctx->where, (int) len, expr);
      return FALSE;
    }

  name = g_strndup (expr, n);
  set = lookup_var (ctx, name, &value);

  if (n == len)
    {
      if (!set)
        add_note (ctx->notes, "%s: variable %s is not set; using an empty string",
                  ctx->where, name);
      else
        g_string_append (out, value);
      return TRUE;
    }

  op = expr + n;
  colon = op[0] == ':';
  op_len = colon ? 2 : 1;
  if ((colon && n + 1 >= len) ||
      (op[colon ? 1 : 0] != '-' && op[colon ? 1 : 0] != '?' && op[colon ? 1 : 0] != '+'))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: invalid interpolation \"${%.*s}\": Compose supports only "
                   "${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, "
                   "${VAR:+alternative} and ${VAR+alternative}",
                   ctx->where, (int) len, expr);
      return FALSE;
    }

  /* As Compose does, the word is interpolated whether or not it is used. */
  word = g_string_new (NULL);
  if (!interpolate_range (ctx, op + op_len, len - n - op_len, depth + 1, word, error))
    return FALSE;

  switch (op[op_len - 1])
    {
    case '-':
      if (!set || (colon && value[0] == '\0'))
        g_string_append (out, word->str);
      else
        g_string_append (out, value);
      break;

    case '+':
      if (set && (!colon || value[0] != '\0'))
        g_string_append (out, word->str);
      break;

    case '?':
      if (!set || (colon && value[0] == '\0'))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "%s: required variable %s is %s%s%s", ctx->where, name,
                       set ? "empty" : "not set",
                       word->len > 0 ? ": " : "", word->str);
          return FALSE;
        }
      g_string_append (out, value);
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
interpolate_range (Interp      *ctx,
                   const char  *text,
                   gsize        len,
                   guint        depth,
                   GString     *out,
                   GError     **error)
{
  gsize i = 0;

  if (depth > MAX_INTERPOLATION_DEPTH)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: interpolation nested more than %d levels deep",
                   ctx->where, MAX_INTERPOLATION_DEPTH);
      return FALSE;
    }

  while (i < len)
    {
      if (text[i] != '$' || i + 1 >= len)
        {
          g_string_append_c (out, text[i]);
          i++;
        }
      else if (text[i + 1] == '$')
        {
          g_string_append_c (out, '$');
          i += 2;
        }
      else if (is_name_start (text[i + 1]))
        {
          gsize end = i + 1;
          g_autofree char *name = NULL;
          const char *value;

          while (end < len && is_name_char (text[end]))
            end++;
          name = g_strndup (text + i + 1, end - i - 1);
          if (lookup_var (ctx, name, &value))
            g_string_append (out, value);
          else
            add_note (ctx->notes, "%s: variable %s is not set; using an empty string",
                      ctx->where, name);
          i = end;
        }
      else if (text[i + 1] == '{')
        {
          gssize close = find_closing_brace (text, len, i);

          if (close < 0)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s: invalid interpolation \"%.*s\": \"${\" without its closing \"}\"",
                           ctx->where, (int) (len - i), text + i);
              return FALSE;
            }
          if (!interpolate_braced (ctx, text + i + 2, close - i - 2, depth, out, error))
            return FALSE;
          i = close + 1;
        }
      else
        {
          /* Not a variable: Compose keeps the '$'. */
          g_string_append_c (out, '$');
          i++;
        }
    }

  return TRUE;
}

char *
_signet_audit_interpolate (const char  *where,
                           const char  *text,
                           GHashTable  *env,
                           GPtrArray   *notes,
                           GError     **error)
{
  Interp ctx = { where, env, notes };
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  if (!interpolate_range (&ctx, text, strlen (text), 0, out, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* .env files                                                                            */

static gboolean
check_text (const char    *path_for_errors,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  const char *end = NULL;

  if (len > SIGNET_AUDIT_MAX_INPUT_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s: %" G_GSIZE_FORMAT " bytes is over the limit of %d bytes",
                   path_for_errors, len, SIGNET_AUDIT_MAX_INPUT_SIZE);
      return FALSE;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: contains NUL bytes; not a text file", path_for_errors);
      return FALSE;
    }

  if (!g_utf8_validate ((const char *) data, len, &end))
    {
      guint line = 1;

      for (const char *p = (const char *) data; p < end; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s:%u: not valid UTF-8", path_for_errors, line);
      return FALSE;
    }

  return TRUE;
}

GHashTable *
_signet_audit_parse_dotenv (const char    *path_for_errors,
                            const guint8  *data,
                            gsize          len,
                            GHashTable    *env,
                            GError       **error)
{
  g_autoptr(GHashTable) result = NULL;
  g_autoptr(GHashTable) lookup = NULL;
  const char *p = (const char *) data;
  const char *end = p + len;
  guint line = 1;

  if (!check_text (path_for_errors, data, len, error))
    return NULL;

  result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* What values may refer to: the lines before, overridden by @env. */
  lookup = g_hash_table_new (g_str_hash, g_str_equal);

  while (p < end)
    {
      const char *eol;
      const char *name_start;
      g_autofree char *name = NULL;
      g_autofree char *where = NULL;
      g_autoptr(GString) raw = g_string_new (NULL);
      g_autofree char *value = NULL;
      guint start_line = line;
      gboolean literal = FALSE;
      GHashTableIter iter;
      gpointer k, v;

      while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
      if (p < end && (*p == '\n' || *p == '#'))
        {
          eol = memchr (p, '\n', end - p);
          p = eol != NULL ? eol + 1 : end;
          line++;
          continue;
        }
      if (p >= end)
        break;

      if (end - p > 7 && strncmp (p, "export", 6) == 0 && (p[6] == ' ' || p[6] == '\t'))
        {
          p += 6;
          while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        }

      name_start = p;
      while (p < end && (is_name_char (*p) || *p == '.' || *p == '-'))
        p++;
      if (p == name_start || !is_name_start (*name_start))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s:%u: expected NAME=VALUE", path_for_errors, line);
          return NULL;
        }
      name = g_strndup (name_start, p - name_start);
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end || *p != '=')
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s:%u: expected '=' after %s", path_for_errors, line, name);
          return NULL;
        }
      p++;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;

      if (p < end && (*p == '\'' || *p == '"'))
        {
          char quote = *p++;

          literal = quote == '\'';
          while (p < end && *p != quote)
            {
              if (*p == '\n')
                line++;
              if (quote == '"' && *p == '\\' && p + 1 < end)
                {
                  p++;
                  switch (*p)
                    {
                    case 'n': g_string_append_c (raw, '\n'); break;
                    case 'r': g_string_append_c (raw, '\r'); break;
                    case 't': g_string_append_c (raw, '\t'); break;
                    case '$': g_string_append (raw, "$$"); break;
                    default: g_string_append_c (raw, *p); break;
                    }
                  p++;
                  continue;
                }
              g_string_append_c (raw, *p);
              p++;
            }
          if (p >= end)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%u: the value of %s has no closing %c",
                           path_for_errors, start_line, name, quote);
              return NULL;
            }
          p++;
          /* Only a comment may follow. */
          while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
          if (p < end && *p != '\n' && *p != '#')
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%u: unexpected text after the quoted value of %s",
                           path_for_errors, line, name);
              return NULL;
            }
        }
      else
        {
          const char *value_start = p;
          const char *value_end;

          while (p < end && *p != '\n')
            {
              if (*p == '#' && p > value_start && (p[-1] == ' ' || p[-1] == '\t'))
                break;
              p++;
            }
          value_end = p;
          while (value_end > value_start &&
                 (value_end[-1] == ' ' || value_end[-1] == '\t' || value_end[-1] == '\r'))
            value_end--;
          g_string_append_len (raw, value_start, value_end - value_start);
        }

      eol = memchr (p, '\n', end - p);
      p = eol != NULL ? eol + 1 : end;

      if (literal)
        value = g_strdup (raw->str);
      else
        {
          where = g_strdup_printf ("%s:%u", path_for_errors, start_line);
          g_hash_table_remove_all (lookup);
          g_hash_table_iter_init (&iter, result);
          while (g_hash_table_iter_next (&iter, &k, &v))
            g_hash_table_insert (lookup, k, v);
          if (env != NULL)
            {
              g_hash_table_iter_init (&iter, env);
              while (g_hash_table_iter_next (&iter, &k, &v))
                g_hash_table_insert (lookup, k, v);
            }
          value = _signet_audit_interpolate (where, raw->str, lookup, NULL, error);
          if (value == NULL)
            return NULL;
        }

      g_hash_table_remove_all (lookup);
      g_hash_table_replace (result, g_steal_pointer (&name), g_steal_pointer (&value));
      line++;
    }

  return g_steal_pointer (&result);
}

GHashTable *
_signet_audit_compose_environment (const char  *compose_path,
                                   GError     **error)
{
  g_autoptr(GHashTable) env = NULL;
  g_autoptr(GHashTable) process_env = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, g_free);
  g_auto(GStrv) environ = g_get_environ ();
  g_autofree char *dir = NULL;
  g_autofree char *dotenv = NULL;
  GHashTableIter iter;
  gpointer k, v;

  for (guint i = 0; environ[i] != NULL; i++)
    {
      const char *eq = strchr (environ[i], '=');

      if (eq != NULL && eq != environ[i])
        g_hash_table_replace (process_env, g_strndup (environ[i], eq - environ[i]),
                              g_strdup (eq + 1));
    }

  if (compose_path != NULL && g_strcmp0 (compose_path, "-") != 0)
    {
      dir = g_path_get_dirname (compose_path);
      dotenv = g_build_filename (dir, ".env", NULL);
    }

  if (dotenv != NULL && g_file_test (dotenv, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GBytes) bytes = _signet_audit_read_input (dotenv, NULL, error);
      gsize len;
      const guint8 *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      env = _signet_audit_parse_dotenv (dotenv, data, len, process_env, error);
      if (env == NULL)
        return NULL;
    }
  else
    env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, process_env);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (env, g_strdup (k), g_strdup (v));

  return g_steal_pointer (&env);
}

/* ------------------------------------------------------------------------------------ */
/* YAML                                                                                  */

typedef enum
{
  NODE_SCALAR,
  NODE_SEQUENCE,
  NODE_MAPPING,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  guint      line;     /* 1-based */
  guint      column;   /* 1-based */
  char      *tag;      /* explicit tag, or NULL */
  char      *value;    /* scalars */
  gboolean   plain;    /* a plain (unquoted) scalar */
  GPtrArray *children; /* sequences: items; mappings: key, value, key, value… (borrowed) */
};

typedef struct
{
  const char *path;
  GPtrArray  *nodes;   /* owns every Node */
  Node       *root;
} Document;

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->tag);
  g_free (node->value);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static void
document_free (Document *doc)
{
  g_clear_pointer (&doc->nodes, g_ptr_array_unref);
  g_free (doc);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Document, document_free)

static Node *
node_new (Document          *doc,
          NodeKind           kind,
          const yaml_mark_t *mark,
          const yaml_char_t *tag)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->line = mark->line + 1;
  node->column = mark->column + 1;
  node->tag = g_strdup ((const char *) tag);
  if (kind != NODE_SCALAR)
    node->children = g_ptr_array_new ();
  g_ptr_array_add (doc->nodes, node);

  return node;
}

static gboolean
node_is_null (const Node *node)
{
  if (node == NULL)
    return TRUE;
  if (node->kind != NODE_SCALAR)
    return FALSE;
  if (node->tag != NULL)
    return g_str_equal (node->tag, YAML_NULL_TAG);
  return node->plain &&
         (node->value[0] == '\0' || g_str_equal (node->value, "~") ||
          g_str_equal (node->value, "null") || g_str_equal (node->value, "Null") ||
          g_str_equal (node->value, "NULL"));
}

static gboolean
node_has_tag (const Node *node,
              const char *tag)
{
  return node != NULL && g_strcmp0 (node->tag, tag) == 0;
}

static gboolean
node_is_merge_key (const Node *key)
{
  return key->kind == NODE_SCALAR &&
         ((key->plain && key->tag == NULL) || node_has_tag (key, "tag:yaml.org,2002:merge")) &&
         g_str_equal (key->value, "<<");
}

static void
set_yaml_error (GError            **error,
                const char         *path,
                const yaml_parser_t *parser)
{
  if (parser->error == YAML_MEMORY_ERROR)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_FAILED, "%s: out of memory reading YAML",
                   path);
      return;
    }

  if (parser->context != NULL)
    g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                 "%s:%zu:%zu: invalid YAML: %s (%s at line %zu, column %zu)",
                 path, parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                 parser->problem != NULL ? parser->problem : "syntax error",
                 parser->context, parser->context_mark.line + 1,
                 parser->context_mark.column + 1);
  else
    g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                 "%s:%zu:%zu: invalid YAML: %s",
                 path, parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                 parser->problem != NULL ? parser->problem : "syntax error");
}

typedef struct
{
  yaml_parser_t parser;
  gboolean      initialized;
} Parser;

static void
parser_clear (Parser *p)
{
  if (p->initialized)
    yaml_parser_delete (&p->parser);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parser, parser_clear)

typedef struct
{
  yaml_event_t event;
  gboolean     set;
} Event;

static void
event_clear (Event *e)
{
  if (e->set)
    yaml_event_delete (&e->event);
  e->set = FALSE;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Event, event_clear)

/* Reads every document of the stream. Returns Document* in order. */
static GPtrArray *
yaml_load (const char    *path,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  g_auto(Parser) p = { 0 };
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  g_autoptr(GHashTable) anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  Document *doc = NULL;
  guint total_nodes = 0;
  gboolean done = FALSE;

  if (!yaml_parser_initialize (&p.parser))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_FAILED, "%s: out of memory", path);
      return NULL;
    }
  p.initialized = TRUE;
  yaml_parser_set_input_string (&p.parser, data, len);

  while (!done)
    {
      g_auto(Event) e = { 0 };
      Node *node = NULL;
      const char *anchor = NULL;

      if (!yaml_parser_parse (&p.parser, &e.event))
        {
          set_yaml_error (error, path, &p.parser);
          return NULL;
        }
      e.set = TRUE;

      switch (e.event.type)
        {
        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_DOCUMENT_START_EVENT:
          doc = g_new0 (Document, 1);
          doc->path = path;
          doc->nodes = g_ptr_array_new_with_free_func (node_free);
          g_ptr_array_add (docs, doc);
          g_hash_table_remove_all (anchors);
          break;

        case YAML_ALIAS_EVENT:
          node = g_hash_table_lookup (anchors, e.event.data.alias.anchor);
          if (node == NULL)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%zu:%zu: invalid YAML: alias *%s names no anchor defined "
                           "before it", path, e.event.start_mark.line + 1,
                           e.event.start_mark.column + 1,
                           (const char *) e.event.data.alias.anchor);
              return NULL;
            }
          break;

        case YAML_SCALAR_EVENT:
          node = node_new (doc, NODE_SCALAR, &e.event.start_mark, e.event.data.scalar.tag);
          node->value = g_strndup ((const char *) e.event.data.scalar.value,
                                   e.event.data.scalar.length);
          node->plain = e.event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
          if (strlen (node->value) != e.event.data.scalar.length)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%u:%u: a string contains a NUL character",
                           path, node->line, node->column);
              return NULL;
            }
          anchor = (const char *) e.event.data.scalar.anchor;
          total_nodes++;
          break;

        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          if (stack->len >= MAX_YAML_DEPTH)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%zu:%zu: YAML nested more than %d levels deep",
                           path, e.event.start_mark.line + 1, e.event.start_mark.column + 1,
                           MAX_YAML_DEPTH);
              return NULL;
            }
          if (e.event.type == YAML_SEQUENCE_START_EVENT)
            node = node_new (doc, NODE_SEQUENCE, &e.event.start_mark,
                             e.event.data.sequence_start.tag);
          else
            node = node_new (doc, NODE_MAPPING, &e.event.start_mark,
                             e.event.data.mapping_start.tag);
          total_nodes++;
          /* Registered when it ends, so a node cannot contain an alias to itself. */
          if (e.event.type == YAML_SEQUENCE_START_EVENT && e.event.data.sequence_start.anchor)
            node->value = g_strdup ((const char *) e.event.data.sequence_start.anchor);
          if (e.event.type == YAML_MAPPING_START_EVENT && e.event.data.mapping_start.anchor)
            node->value = g_strdup ((const char *) e.event.data.mapping_start.anchor);
          g_ptr_array_add (stack, node);
          node = NULL;
          break;

        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          node = g_ptr_array_steal_index (stack, stack->len - 1);
          anchor = node->value;
          break;

        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
        default:
          break;
        }

      if (total_nodes > MAX_YAML_NODES)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                       "%s: more than %d YAML nodes", path, MAX_YAML_NODES);
          return NULL;
        }

      if (node == NULL)
        continue;

      if (anchor != NULL)
        g_hash_table_replace (anchors, g_strdup (anchor), node);

      if (stack->len > 0)
        {
          Node *parent = g_ptr_array_index (stack, stack->len - 1);

          g_ptr_array_add (parent->children, node);
        }
      else
        {
          g_assert (doc != NULL);
          doc->root = node;
        }
    }

  return g_steal_pointer (&docs);
}

static gboolean
scalar_key_check (const char  *path,
                  const Node  *key,
                  GError     **error)
{
  if (key->kind != NODE_SCALAR)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s:%u:%u: a %s as a mapping key; Compose keys are strings",
                   path, key->line, key->column,
                   key->kind == NODE_MAPPING ? "mapping" : "sequence");
      return FALSE;
    }
  return TRUE;
}

/* Adds @map's entries to @out (key string -> value Node; keys of the Node are in @keys),
 * first its own keys, then those of its merge sources that are not there yet. */
static gboolean
flatten_mapping (const char  *path,
                 Node        *map,
                 GHashTable  *out,
                 GPtrArray   *keys,
                 GHashTable  *visited,
                 GError     **error)
{
  g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) merges = g_ptr_array_new ();

  if (!g_hash_table_add (visited, map))
    return TRUE;

  for (guint i = 0; i + 1 < map->children->len; i += 2)
    {
      Node *key = g_ptr_array_index (map->children, i);
      Node *value = g_ptr_array_index (map->children, i + 1);

      if (!scalar_key_check (path, key, error))
        return FALSE;

      if (node_is_merge_key (key))
        {
          if (value->kind == NODE_MAPPING)
            g_ptr_array_add (merges, value);
          else if (value->kind == NODE_SEQUENCE)
            {
              for (guint j = 0; j < value->children->len; j++)
                {
                  Node *item = g_ptr_array_index (value->children, j);

                  if (item->kind != NODE_MAPPING)
                    {
                      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                                   "%s:%u:%u: a merge key (<<) takes a mapping or a list of "
                                   "mappings", path, item->line, item->column);
                      return FALSE;
                    }
                  g_ptr_array_add (merges, item);
                }
            }
          else
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%u:%u: a merge key (<<) takes a mapping or a list of mappings",
                           path, value->line, value->column);
              return FALSE;
            }
          continue;
        }

      if (!g_hash_table_add (own, key->value))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s:%u:%u: mapping key \"%s\" already defined in this mapping",
                       path, key->line, key->column, key->value);
          return FALSE;
        }

      if (!g_hash_table_contains (out, key->value))
        {
          g_ptr_array_add (keys, key);
          g_hash_table_insert (out, key->value, value);
        }
    }

  for (guint i = 0; i < merges->len; i++)
    if (!flatten_mapping (path, g_ptr_array_index (merges, i), out, keys, visited, error))
      return FALSE;

  return TRUE;
}

typedef struct
{
  GHashTable *values;  /* key string -> Node* */
  GPtrArray  *keys;    /* key Node*, in order */
} Mapping;

static void
mapping_clear (Mapping *m)
{
  g_clear_pointer (&m->values, g_hash_table_unref);
  g_clear_pointer (&m->keys, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Mapping, mapping_clear)

static gboolean
mapping_init (Mapping     *m,
              const char  *path,
              Node        *map,
              GError     **error)
{
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);

  m->values = g_hash_table_new (g_str_hash, g_str_equal);
  m->keys = g_ptr_array_new ();

  return flatten_mapping (path, map, m->values, m->keys, visited, error);
}

/* ------------------------------------------------------------------------------------ */
/* Compose                                                                               */

typedef struct
{
  char     *name;
  char     *origin;        /* "compose.yaml:4:3": where the service was first defined */
  char     *image;         /* NULL: none */
  char     *image_origin;
  gboolean  has_build;
  char     *pull_policy;   /* "build", "never", …, or NULL */
  char     *extends;       /* the service it extends, or NULL */
  char     *extends_file;  /* extends.file, or NULL */
  char     *extends_origin;
} Service;

static void
service_free (gpointer data)
{
  Service *s = data;

  g_free (s->name);
  g_free (s->origin);
  g_free (s->image);
  g_free (s->image_origin);
  g_free (s->extends);
  g_free (s->extends_file);
  g_free (s->extends_origin);
  g_free (s->pull_policy);
  g_free (s);
}

struct _SignetAuditCompose
{
  GHashTable *env;          /* NULL until the first file when from the process */
  GPtrArray  *services;     /* Service*, in first-seen order */
  GHashTable *by_name;      /* name -> Service* */
  GPtrArray  *notes;
  guint       n_documents;
};

SignetAuditCompose *
_signet_audit_compose_new (GHashTable *env)
{
  SignetAuditCompose *self = g_new0 (SignetAuditCompose, 1);

  self->env = env != NULL ? g_hash_table_ref (env) : NULL;
  self->services = g_ptr_array_new_with_free_func (service_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->notes = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
_signet_audit_compose_free (SignetAuditCompose *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->env, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_free (self);
}

static char *
node_where (const char *path,
            const Node *node)
{
  return g_strdup_printf ("%s:%u:%u", path, node->line, node->column);
}

/* An interpolated string value; NULL with no error for null. */
static gboolean
read_string (SignetAuditCompose  *self,
             const char          *path,
             const char          *service,
             const char          *field,
             Node                *node,
             char               **out,
             GError             **error)
{
  g_autofree char *where = NULL;

  *out = NULL;
  if (node_is_null (node))
    return TRUE;

  where = node_where (path, node);
  if (node->kind != NODE_SCALAR)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: %s of service %s must be a string, not a %s", where, field, service,
                   node->kind == NODE_MAPPING ? "mapping" : "list");
      return FALSE;
    }

  *out = _signet_audit_interpolate (where, node->value, self->env, self->notes, error);
  return *out != NULL;
}

static gboolean
read_service (SignetAuditCompose  *self,
              const char          *path,
              Node                *key,
              Node                *def,
              GError             **error)
{
  g_auto(Mapping) m = { 0 };
  const char *name = key->value;
  Service *s;
  Node *image;
  Node *build;
  Node *pull_policy;
  Node *extends;

  if (node_is_null (def))
    {
      if (g_hash_table_lookup (self->by_name, name) == NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s:%u:%u: service %s has an empty definition",
                       path, key->line, key->column, name);
          return FALSE;
        }
      return TRUE;
    }

  if (def->kind != NODE_MAPPING)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s:%u:%u: service %s must be a mapping (image:, build:, …), not a %s",
                   path, def->line, def->column, name,
                   def->kind == NODE_SEQUENCE ? "list" : "string");
      return FALSE;
    }

  if (!mapping_init (&m, path, def, error))
    return FALSE;

  s = g_hash_table_lookup (self->by_name, name);
  if (s == NULL)
    {
      s = g_new0 (Service, 1);
      s->name = g_strdup (name);
      s->origin = node_where (path, key);
      g_ptr_array_add (self->services, s);
      g_hash_table_insert (self->by_name, s->name, s);
    }

  image = g_hash_table_lookup (m.values, "image");
  if (node_has_tag (image, "!reset"))
    {
      g_clear_pointer (&s->image, g_free);
      g_clear_pointer (&s->image_origin, g_free);
    }
  else if (!node_is_null (image))
    {
      g_autofree char *value = NULL;

      if (!read_string (self, path, name, "image", image, &value, error))
        return FALSE;
      g_free (s->image);
      s->image = g_steal_pointer (&value);
      g_free (s->image_origin);
      s->image_origin = node_where (path, image);
    }

  build = g_hash_table_lookup (m.values, "build");
  if (node_has_tag (build, "!reset"))
    s->has_build = FALSE;
  else if (!node_is_null (build))
    s->has_build = TRUE;

  pull_policy = g_hash_table_lookup (m.values, "pull_policy");
  if (node_has_tag (pull_policy, "!reset"))
    g_clear_pointer (&s->pull_policy, g_free);
  else if (!node_is_null (pull_policy))
    {
      g_autofree char *value = NULL;

      if (!read_string (self, path, name, "pull_policy", pull_policy, &value, error))
        return FALSE;
      g_free (s->pull_policy);
      s->pull_policy = g_steal_pointer (&value);
    }

  extends = g_hash_table_lookup (m.values, "extends");
  if (node_has_tag (extends, "!reset"))
    {
      g_clear_pointer (&s->extends, g_free);
      g_clear_pointer (&s->extends_file, g_free);
    }
  else if (!node_is_null (extends))
    {
      g_autofree char *base = NULL;
      g_autofree char *file = NULL;

      if (extends->kind == NODE_MAPPING)
        {
          g_auto(Mapping) em = { 0 };

          if (!mapping_init (&em, path, extends, error))
            return FALSE;
          if (!read_string (self, path, name, "extends.service",
                            g_hash_table_lookup (em.values, "service"), &base, error) ||
              !read_string (self, path, name, "extends.file",
                            g_hash_table_lookup (em.values, "file"), &file, error))
            return FALSE;
        }
      else if (!read_string (self, path, name, "extends", extends, &base, error))
        return FALSE;

      if (base == NULL || base[0] == '\0')
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s:%u:%u: extends of service %s names no service",
                       path, extends->line, extends->column, name);
          return FALSE;
        }

      g_free (s->extends);
      s->extends = g_steal_pointer (&base);
      g_free (s->extends_file);
      s->extends_file = g_steal_pointer (&file);
      g_free (s->extends_origin);
      s->extends_origin = node_where (path, extends);
    }

  return TRUE;
}

static gboolean
read_document (SignetAuditCompose  *self,
               Document            *doc,
               GError             **error)
{
  g_auto(Mapping) top = { 0 };
  g_auto(Mapping) services = { 0 };
  Node *node;

  if (doc->root == NULL || node_is_null (doc->root))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the Compose file is empty (it needs a services: section)", doc->path);
      return FALSE;
    }

  if (doc->root->kind != NODE_MAPPING)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s:%u:%u: a Compose file is a mapping (services:, volumes:, …), not a %s",
                   doc->path, doc->root->line, doc->root->column,
                   doc->root->kind == NODE_SEQUENCE ? "list" : "string");
      return FALSE;
    }

  if (!mapping_init (&top, doc->path, doc->root, error))
    return FALSE;

  if (g_hash_table_contains (top.values, "include"))
    add_note (self->notes, "%s: include: is not followed; pass those files with -f",
              doc->path);

  node = g_hash_table_lookup (top.values, "services");
  if (node == NULL)
    {
      if (g_hash_table_contains (top.values, "include"))
        return TRUE;
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: no services: section; is this a Compose file?", doc->path);
      return FALSE;
    }

  if (node_is_null (node))
    return TRUE;

  if (node->kind != NODE_MAPPING)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s:%u:%u: services: must be a mapping of service names to their "
                   "definitions, not a %s", doc->path, node->line, node->column,
                   node->kind == NODE_SEQUENCE ? "list" : "string");
      return FALSE;
    }

  if (!mapping_init (&services, doc->path, node, error))
    return FALSE;

  for (guint i = 0; i < services.keys->len; i++)
    {
      Node *key = g_ptr_array_index (services.keys, i);

      if (!read_service (self, doc->path, key, g_hash_table_lookup (services.values, key->value),
                         error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_signet_audit_compose_add_data (SignetAuditCompose  *self,
                                const char          *path_for_errors,
                                const guint8        *data,
                                gsize                len,
                                GError             **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path_for_errors != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len > SIGNET_AUDIT_MAX_INPUT_SIZE)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                   "%s: %" G_GSIZE_FORMAT " bytes is over the limit of %d bytes for a "
                   "Compose file", path_for_errors, len, SIGNET_AUDIT_MAX_INPUT_SIZE);
      return FALSE;
    }

  if (self->env == NULL)
    {
      self->env = _signet_audit_compose_environment (path_for_errors, error);
      if (self->env == NULL)
        return FALSE;
    }

  docs = yaml_load (path_for_errors, data != NULL ? data : (const guint8 *) "", len, error);
  if (docs == NULL)
    return FALSE;

  if (docs->len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "%s: the Compose file is empty (it needs a services: section)",
                   path_for_errors);
      return FALSE;
    }

  for (guint i = 0; i < docs->len; i++)
    {
      if (!read_document (self, g_ptr_array_index (docs, i), error))
        return FALSE;
      self->n_documents++;
    }

  return TRUE;
}

static const char *display_name (const char *path);

gboolean
_signet_audit_compose_add_file (SignetAuditCompose  *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = _signet_audit_read_input (path, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  return _signet_audit_compose_add_data (self, display_name (path), data, len, error);
}

gboolean
_signet_audit_compose_finish (SignetAuditCompose  *self,
                              GPtrArray          **out_images,
                              GPtrArray          **out_notes,
                              GError             **error)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->notes->len; i++)
    g_ptr_array_add (notes, g_strdup (g_ptr_array_index (self->notes, i)));

  for (guint i = 0; i < self->services->len; i++)
    {
      Service *s = g_ptr_array_index (self->services, i);
      const char *image = s->image;
      const char *image_origin = s->image_origin;
      gboolean has_build = s->has_build;
      Service *cur = s;
      gboolean unread_base = FALSE;
      guint hops = 0;

      /* Follow extends: a field the service lacks comes from the service it extends. */
      while (cur->extends != NULL)
        {
          Service *base;

          if (cur->extends_file != NULL)
            {
              add_note (notes, "%s: service %s extends %s in %s, which is not read; pass that "
                        "file with -f to include it", cur->extends_origin, cur->name,
                        cur->extends, cur->extends_file);
              unread_base = TRUE;
              break;
            }

          base = g_hash_table_lookup (self->by_name, cur->extends);
          if (base == NULL)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s: service %s extends %s, which is not defined",
                           cur->extends_origin, cur->name, cur->extends);
              return FALSE;
            }
          if (++hops > self->services->len)
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s: service %s extends itself (through %s)",
                           s->extends_origin, s->name, s->extends);
              return FALSE;
            }
          if (image == NULL)
            {
              image = base->image;
              image_origin = base->image_origin;
            }
          has_build = has_build || base->has_build;
          cur = base;
        }

      /* Compose never pulls these (compose-spec 05-services.md, pull_policy). */
      if (g_strcmp0 (s->pull_policy, "build") == 0 && has_build)
        {
          add_note (notes, "service %s is built locally (pull_policy: build), not pulled",
                    s->name);
          continue;
        }
      if (g_strcmp0 (s->pull_policy, "never") == 0)
        {
          add_note (notes, "service %s is never pulled (pull_policy: never); not audited",
                    s->name);
          continue;
        }

      if (image != NULL && image[0] != '\0')
        {
          g_ptr_array_add (images, signet_audit_input_new (image, image_origin, s->name));
          continue;
        }

      if (has_build)
        add_note (notes, "service %s is built locally (build:), not pulled", s->name);
      else if (image != NULL)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                       "%s: the image of service %s is empty (is a variable unset?)",
                       image_origin, s->name);
          return FALSE;
        }
      else if (!unread_base)
        add_note (notes, "%s: service %s has neither image: nor build:; Compose would refuse "
                  "it", s->origin, s->name);
    }

  if (out_images != NULL)
    *out_images = g_steal_pointer (&images);
  if (out_notes != NULL)
    *out_notes = g_steal_pointer (&notes);

  return TRUE;
}

gboolean
_signet_audit_parse_compose (const char    *path_for_errors,
                             const guint8  *data,
                             gsize          len,
                             GHashTable    *env,
                             GPtrArray    **out_images,
                             GPtrArray    **out_notes,
                             GError       **error)
{
  g_autoptr(SignetAuditCompose) compose = _signet_audit_compose_new (env);

  if (!_signet_audit_compose_add_data (compose, path_for_errors, data, len, error))
    return FALSE;

  return _signet_audit_compose_finish (compose, out_images, out_notes, error);
}

/* ------------------------------------------------------------------------------------ */
/* Reference lists and files                                                             */

gboolean
_signet_audit_parse_ref_list (const char    *path_for_errors,
                              const guint8  *data,
                              gsize          len,
                              GPtrArray     *images,
                              GError       **error)
{
  const char *p = (const char *) data;
  const char *end = p + len;
  guint line = 0;

  g_return_val_if_fail (path_for_errors != NULL, FALSE);
  g_return_val_if_fail (images != NULL, FALSE);

  if (!check_text (path_for_errors, data, len, error))
    return FALSE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *stop = eol != NULL ? eol : end;
      const char *hash = memchr (p, '#', stop - p);
      g_autofree char *text = NULL;
      g_autofree char *origin = NULL;

      line++;
      if (hash != NULL)
        stop = hash;
      text = g_strstrip (g_strndup (p, stop - p));
      p = eol != NULL ? eol + 1 : end;

      if (text[0] == '\0')
        continue;

      for (const char *c = text; *c != '\0'; c++)
        {
          if (g_ascii_isspace (*c))
            {
              g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                           "%s:%u: one image reference per line, found \"%s\"",
                           path_for_errors, line, text);
              return FALSE;
            }
        }

      origin = g_strdup_printf ("%s:%u", path_for_errors, line);
      g_ptr_array_add (images, signet_audit_input_new (text, origin, NULL));
    }

  return TRUE;
}

/* What error messages and origins call @path. */
static const char *
display_name (const char *path)
{
  return g_str_equal (path, "-") ? "<stdin>" : path;
}

GBytes *
_signet_audit_read_input (const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[16384];

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, "-"))
    stream = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) local_error = NULL;

      stream = G_INPUT_STREAM (g_file_read (file, cancellable, &local_error));
      if (stream == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       path, local_error->message);
          return NULL;
        }
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       path, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > SIGNET_AUDIT_MAX_INPUT_SIZE)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_TOO_LARGE,
                       "%s: larger than the limit of %d bytes", path,
                       SIGNET_AUDIT_MAX_INPUT_SIZE);
          return NULL;
        }
      g_byte_array_append (buffer, chunk, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static void
add_unique (GPtrArray        *all,
            GHashTable       *seen,
            SignetAuditInput *input)
{
  SignetAuditInput *first = g_hash_table_lookup (seen, input->reference);

  if (first == NULL)
    {
      g_ptr_array_add (all, input);
      g_hash_table_insert (seen, input->reference, input);
      return;
    }

  if (input->service != NULL)
    {
      if (first->service == NULL)
        first->service = g_strdup (input->service);
      else
        {
          char *services = g_strdup_printf ("%s, %s", first->service, input->service);

          g_free (first->service);
          first->service = services;
        }
    }
  signet_audit_input_free (input);
}

GPtrArray *
_signet_audit_load_inputs (const char * const *compose_files,
                           const char * const *ref_files,
                           const char * const *references,
                           GHashTable         *env,
                           GPtrArray         **out_notes,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (compose_files != NULL && compose_files[0] != NULL)
    {
      g_autoptr(SignetAuditCompose) compose = _signet_audit_compose_new (env);
      g_autoptr(GPtrArray) images = NULL;
      g_autoptr(GPtrArray) compose_notes = NULL;

      for (guint i = 0; compose_files[i] != NULL; i++)
        if (!_signet_audit_compose_add_file (compose, compose_files[i], cancellable, error))
          return NULL;

      if (!_signet_audit_compose_finish (compose, &images, &compose_notes, error))
        return NULL;

      for (guint i = 0; i < compose_notes->len; i++)
        g_ptr_array_add (notes, g_strdup (g_ptr_array_index (compose_notes, i)));
      while (images->len > 0)
        add_unique (all, seen, g_ptr_array_steal_index (images, 0));
    }

  for (guint i = 0; ref_files != NULL && ref_files[i] != NULL; i++)
    {
      g_autoptr(GBytes) bytes = _signet_audit_read_input (ref_files[i], cancellable, error);
      g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
      const guint8 *data;
      gsize len;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      if (!_signet_audit_parse_ref_list (display_name (ref_files[i]), data, len, images, error))
        return NULL;
      if (images->len == 0)
        add_note (notes, "%s: no image references in this file", display_name (ref_files[i]));
      while (images->len > 0)
        add_unique (all, seen, g_ptr_array_steal_index (images, 0));
    }

  for (guint i = 0; references != NULL && references[i] != NULL; i++)
    {
      g_autofree char *origin = g_strdup_printf ("argument %u", i + 1);
      g_autofree char *ref = g_strstrip (g_strdup (references[i]));

      if (ref[0] == '\0')
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "%s: empty image reference", origin);
          return NULL;
        }
      add_unique (all, seen, signet_audit_input_new (ref, origin, NULL));
    }

  if (out_notes != NULL)
    *out_notes = g_steal_pointer (&notes);

  return g_steal_pointer (&all);
}

/* ------------------------------------------------------------------------------------ */
/* The public, threaded loader                                                           */

typedef struct
{
  GStrv      compose_files;
  GStrv      ref_files;
  GStrv      references;
  GPtrArray *inputs;
  GStrv      notes;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_strfreev (data->compose_files);
  g_strfreev (data->ref_files);
  g_strfreev (data->references);
  g_clear_pointer (&data->inputs, g_ptr_array_unref);
  g_strfreev (data->notes);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GPtrArray) notes = NULL;
  GError *error = NULL;

  data->inputs = _signet_audit_load_inputs ((const char * const *) data->compose_files,
                                            (const char * const *) data->ref_files,
                                            (const char * const *) data->references,
                                            NULL, &notes, cancellable, &error);
  if (data->inputs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_add (notes, NULL);
  data->notes = (GStrv) g_ptr_array_free (g_steal_pointer (&notes), FALSE);
  g_task_return_boolean (task, TRUE);
}

void
signet_audit_load_inputs_async (const char * const  *compose_files,
                                const char * const  *ref_files,
                                const char * const  *references,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_audit_load_inputs_async);

  data = g_new0 (LoadData, 1);
  data->compose_files = g_strdupv ((GStrv) compose_files);
  data->ref_files = g_strdupv ((GStrv) ref_files);
  data->references = g_strdupv ((GStrv) references);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
signet_audit_load_inputs_finish (GAsyncResult  *result,
                                 GStrv         *notes,
                                 GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == signet_audit_load_inputs_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (notes != NULL)
    *notes = g_steal_pointer (&data->notes);

  return g_steal_pointer (&data->inputs);
}
