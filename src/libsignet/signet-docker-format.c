/* signet-docker-format.c: `docker trust inspect` output, byte for byte.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What docker prints (docker/cli cli/command/trust/{inspect,inspect_pretty,common,formatter}.go):
 * - JSON: json.Marshal of each repository, joined into an array and re-indented with four
 *   spaces (json.Indent), then a newline. Go's encoder escapes < > & U+2028 U+2029 and
 *   control characters; empty slices print as [], a signer without keys has no "Keys".
 * - Pretty: tables through a tabwriter (minwidth 10, tab width 1, padding 3, spaces) whose
 *   last column is not padded; admin keys are printed with a literal tab.
 */

#include "config.h"

#include <string.h>

#include "signet-docker-format-private.h"

#define RELEASED_ROLE_NAME "Repo Admin"

static void
tag_row_free (gpointer data)
{
  SignetDockerTagRow *row = data;

  g_free (row->tag);
  g_free (row->digest);
  g_clear_pointer (&row->signers, g_ptr_array_unref);
  g_free (row);
}

static void
signer_free (gpointer data)
{
  SignetDockerSigner *signer = data;

  g_free (signer->name);
  g_clear_pointer (&signer->key_ids, g_ptr_array_unref);
  g_free (signer);
}

SignetDockerTrustInfo *
_signet_docker_trust_info_new (const char *name)
{
  SignetDockerTrustInfo *info = g_new0 (SignetDockerTrustInfo, 1);

  info->name = g_strdup (name);
  info->tags = g_ptr_array_new_with_free_func (tag_row_free);
  info->signers = g_ptr_array_new_with_free_func (signer_free);
  info->root_keys = g_ptr_array_new_with_free_func (g_free);
  info->repo_keys = g_ptr_array_new_with_free_func (g_free);

  return info;
}

void
_signet_docker_trust_info_free (SignetDockerTrustInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_ptr_array_unref (info->tags);
  g_ptr_array_unref (info->signers);
  g_ptr_array_unref (info->root_keys);
  g_ptr_array_unref (info->repo_keys);
  g_free (info);
}

SignetDockerTagRow *
_signet_docker_trust_info_add_tag (SignetDockerTrustInfo *info,
                                   const char            *tag,
                                   const char            *digest)
{
  SignetDockerTagRow *row = g_new0 (SignetDockerTagRow, 1);

  row->tag = g_strdup (tag);
  row->digest = g_strdup (digest);
  row->signers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (info->tags, row);

  return row;
}

SignetDockerSigner *
_signet_docker_trust_info_add_signer (SignetDockerTrustInfo *info,
                                      const char            *name)
{
  SignetDockerSigner *signer = g_new0 (SignetDockerSigner, 1);

  signer->name = g_strdup (name);
  signer->key_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (info->signers, signer);

  return signer;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

int
_signet_natural_compare (const char *a,
                         const char *b)
{
  gsize i = 0, j = 0;

  /* i == j throughout: both advance alike until they differ */
  while (a[i] != '\0' && b[j] != '\0')
    {
      gboolean da = is_digit (a[i]);
      gboolean db = is_digit (b[j]);

      if (da != db)
        return da ? -1 : 1;

      if (!da)
        {
          if (a[i] != b[j])
            return (guchar) a[i] < (guchar) b[j] ? -1 : 1;
          i++;
          j++;
        }
      else
        {
          gsize nz_a, nz_b, len_a, len_b;
          int cmp;

          while (a[i] == '0')
            i++;
          while (b[j] == '0')
            j++;
          nz_a = i;
          nz_b = j;
          while (is_digit (a[i]))
            i++;
          while (is_digit (b[j]))
            j++;
          len_a = i - nz_a;
          len_b = j - nz_b;
          if (len_a != len_b)
            return len_a < len_b ? -1 : 1;
          cmp = memcmp (a + nz_a, b + nz_b, len_a);
          if (cmp != 0)
            return cmp < 0 ? -1 : 1;
          if (nz_a != nz_b)
            return nz_a < nz_b ? -1 : 1;
        }
    }

  /* the shorter string first */
  if (a[i] == '\0' && b[j] == '\0')
    return 0;
  return a[i] == '\0' ? -1 : 1;
}

/* Bytes that Go's encoder writes as they are (ASCII, not control, not " \\ < > &). */
static const guint8 plain_byte[256] = {
  [0x20 ... 0x21] = 1,  /* '"' */ [0x23 ... 0x25] = 1,  /* '&' */ [0x27 ... 0x3b] = 1,
  /* '<' */ [0x3d] = 1,  /* '>' */ [0x3f ... 0x5b] = 1,  /* '\\' */ [0x5d ... 0x7f] = 1,
};

/* Go's json.Marshal string encoding (HTML-safe, invalid UTF-8 as U+FFFD). */
static void
append_go_json_string (GString    *out,
                       const char *str)
{
  const char *p = str;
  const char *end = str + strlen (str);

  g_string_append_c (out, '"');
  while (p < end)
    {
      guchar c = (guchar) *p;
      const char *run = p;

      /* a run of bytes written as they are */
      while (plain_byte[c])
        c = (guchar) *++p;
      if (p > run)
        {
          g_string_append_len (out, run, p - run);
          continue;
        }

      if (c < 0x80)
        {
          switch (c)
            {
            case '"':  g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            case '<': case '>': case '&':
              g_string_append_printf (out, "\\u00%02x", c);
              break;
            default:
              if (c < 0x20)
                g_string_append_printf (out, "\\u00%02x", c);
              else
                g_string_append_c (out, (char) c);
            }
          p++;
        }
      else
        {
          gunichar ch = g_utf8_get_char_validated (p, end - p);

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              g_string_append (out, "\\ufffd");
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              if (ch == 0x2028 || ch == 0x2029)
                g_string_append_printf (out, "\\u%04x", ch);
              else
                g_string_append_len (out, p, next - p);
              p = next;
            }
        }
    }
  g_string_append_c (out, '"');
}

static void
indent (GString *out,
        guint    level)
{
  static const char spaces[] = "\n                                ";

  if (1 + 4 * (gsize) level < sizeof spaces)
    {
      g_string_append_len (out, spaces, 1 + 4 * level);
      return;
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "    ");
}

static void
append_key (GString    *out,
            guint       level,
            const char *key)
{
  indent (out, level);
  append_go_json_string (out, key);
  g_string_append (out, ": ");
}

static void
append_string_array (GString   *out,
                     guint      level,
                     GPtrArray *strings)
{
  if (strings->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append_c (out, '[');
  for (guint i = 0; i < strings->len; i++)
    {
      indent (out, level + 1);
      append_go_json_string (out, g_ptr_array_index (strings, i));
      if (i + 1 < strings->len)
        g_string_append_c (out, ',');
    }
  indent (out, level);
  g_string_append_c (out, ']');
}

/* trustSigner{Name, Keys []trustKey{ID}} with omitempty on both. */
static void
append_signer (GString    *out,
               guint       level,
               const char *name,
               GPtrArray  *key_ids)
{
  g_string_append_c (out, '{');
  append_key (out, level + 1, "Name");
  append_go_json_string (out, name);
  if (key_ids->len > 0)
    {
      g_string_append_c (out, ',');
      append_key (out, level + 1, "Keys");
      g_string_append_c (out, '[');
      for (guint i = 0; i < key_ids->len; i++)
        {
          indent (out, level + 2);
          g_string_append_c (out, '{');
          append_key (out, level + 3, "ID");
          append_go_json_string (out, g_ptr_array_index (key_ids, i));
          indent (out, level + 2);
          g_string_append_c (out, '}');
          if (i + 1 < key_ids->len)
            g_string_append_c (out, ',');
        }
      indent (out, level + 1);
      g_string_append_c (out, ']');
    }
  indent (out, level);
  g_string_append_c (out, '}');
}

static int
compare_tag_rows (gconstpointer a,
                  gconstpointer b)
{
  const SignetDockerTagRow *ra = *(const SignetDockerTagRow * const *) a;
  const SignetDockerTagRow *rb = *(const SignetDockerTagRow * const *) b;
  int cmp = _signet_natural_compare (ra->tag, rb->tag);

  /* docker's sort is not stable for a tag signed with two digests; be deterministic. */
  if (cmp == 0)
    cmp = g_strcmp0 (ra->digest, rb->digest);
  return cmp;
}

static int
compare_signers_descending (gconstpointer a,
                            gconstpointer b)
{
  const SignetDockerSigner *sa = *(const SignetDockerSigner * const *) a;
  const SignetDockerSigner *sb = *(const SignetDockerSigner * const *) b;

  return -strcmp (sa->name, sb->name);
}

static int
compare_signers_natural (gconstpointer a,
                         gconstpointer b)
{
  const SignetDockerSigner *sa = *(const SignetDockerSigner * const *) a;
  const SignetDockerSigner *sb = *(const SignetDockerSigner * const *) b;

  return _signet_natural_compare (sa->name, sb->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_copy (GPtrArray    *array,
             GCompareFunc  compare)
{
  GPtrArray *copy = g_ptr_array_new_full (array->len, NULL);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (array, i));
  g_ptr_array_sort (copy, compare);

  return copy;
}

static void
append_repository (GString               *out,
                   SignetDockerTrustInfo *info)
{
  g_autoptr(GPtrArray) tags = sorted_copy (info->tags, compare_tag_rows);
  g_autoptr(GPtrArray) signers = sorted_copy (info->signers, compare_signers_descending);
  const guint level = 1;

  g_string_append_c (out, '{');
  append_key (out, level + 1, "Name");
  append_go_json_string (out, info->name);
  g_string_append_c (out, ',');

  append_key (out, level + 1, "SignedTags");
  if (tags->len == 0)
    g_string_append (out, "[]");
  else
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < tags->len; i++)
        {
          SignetDockerTagRow *row = g_ptr_array_index (tags, i);
          g_autoptr(GPtrArray) row_signers = NULL;

          if (row->signers->len == 0)
            {
              row_signers = g_ptr_array_new ();
              g_ptr_array_add (row_signers, (gpointer) RELEASED_ROLE_NAME);
            }
          else
            row_signers = g_ptr_array_ref (row->signers);

          indent (out, level + 2);
          g_string_append_c (out, '{');
          append_key (out, level + 3, "SignedTag");
          append_go_json_string (out, row->tag);
          g_string_append_c (out, ',');
          append_key (out, level + 3, "Digest");
          append_go_json_string (out, row->digest);
          g_string_append_c (out, ',');
          append_key (out, level + 3, "Signers");
          append_string_array (out, level + 3, row_signers);
          indent (out, level + 2);
          g_string_append_c (out, '}');
          if (i + 1 < tags->len)
            g_string_append_c (out, ',');
        }
      indent (out, level + 1);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ',');

  append_key (out, level + 1, "Signers");
  if (signers->len == 0)
    g_string_append (out, "[]");
  else
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < signers->len; i++)
        {
          SignetDockerSigner *signer = g_ptr_array_index (signers, i);

          indent (out, level + 2);
          append_signer (out, level + 2, signer->name, signer->key_ids);
          if (i + 1 < signers->len)
            g_string_append_c (out, ',');
        }
      indent (out, level + 1);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ',');

  /* Sorted by name, descending: "Root" before "Repository". */
  append_key (out, level + 1, "AdministrativeKeys");
  g_string_append_c (out, '[');
  indent (out, level + 2);
  append_signer (out, level + 2, "Root", info->root_keys);
  g_string_append_c (out, ',');
  indent (out, level + 2);
  append_signer (out, level + 2, "Repository", info->repo_keys);
  indent (out, level + 1);
  g_string_append_c (out, ']');

  indent (out, level);
  g_string_append_c (out, '}');
}

char *
_signet_docker_inspect_json (GPtrArray *infos)
{
  GString *out;
  gsize estimate = 256;

  g_return_val_if_fail (infos != NULL, NULL);
  /* about 200 bytes a signed tag */
  for (guint i = 0; i < infos->len; i++)
    estimate += 200 * ((SignetDockerTrustInfo *) g_ptr_array_index (infos, i))->tags->len;
  out = g_string_sized_new (estimate);

  if (infos->len == 0)
    {
      g_string_append (out, "[]\n");
      return g_string_free (out, FALSE);
    }

  g_string_append_c (out, '[');
  for (guint i = 0; i < infos->len; i++)
    {
      indent (out, 1);
      append_repository (out, g_ptr_array_index (infos, i));
      if (i + 1 < infos->len)
        g_string_append_c (out, ',');
    }
  g_string_append (out, "\n]\n");

  return g_string_free (out, FALSE);
}

/* Display width as go-runewidth counts it, closely enough for tag and signer names. */
static gsize
display_width (const char *str)
{
  gsize width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (ch))
        continue;
      width += g_unichar_iswide (ch) ? 2 : 1;
    }
  return width;
}

/* A table whose rows are cells; every cell but the last of a row is padded to its
 * column's width (max cell width + padding, at least minwidth), as Go's tabwriter
 * does when every row has the same number of cells. */
static void
append_table (GString    *out,
              GPtrArray  *rows,
              guint       n_columns)
{
  const gsize minwidth = 10, padding = 3;
  g_autofree gsize *widths = g_new0 (gsize, n_columns);

  for (guint c = 0; c + 1 < n_columns; c++)
    {
      widths[c] = minwidth;
      for (guint r = 0; r < rows->len; r++)
        {
          const char * const *cells = g_ptr_array_index (rows, r);
          widths[c] = MAX (widths[c], display_width (cells[c]) + padding);
        }
    }

  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          g_string_append (out, cells[c]);
          if (c + 1 < n_columns)
            {
              gsize pad = widths[c] - display_width (cells[c]);
              for (gsize k = 0; k < pad; k++)
                g_string_append_c (out, ' ');
            }
        }
      g_string_append_c (out, '\n');
    }
}

static char *
truncate_id (const char *id)
{
  const char *colon = strchr (id, ':');

  if (colon != NULL)
    id = colon + 1;
  return g_strndup (id, 12);
}

static char *
join_sorted (GPtrArray *strings,
             gboolean   truncate)
{
  g_autoptr(GPtrArray) sorted = sorted_copy (strings, compare_strings);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *s = g_ptr_array_index (sorted, i);

      if (i > 0)
        g_string_append (out, ", ");
      if (truncate)
        {
          g_autofree char *t = truncate_id (s);
          g_string_append (out, t);
        }
      else
        g_string_append (out, s);
    }
  return g_string_free (out, FALSE);
}

char *
_signet_docker_inspect_pretty (SignetDockerTrustInfo *info)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *root_ids = NULL;
  g_autofree char *repo_ids = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->tags->len > 0)
    {
      g_autoptr(GPtrArray) tags = sorted_copy (info->tags, compare_tag_rows);
      static const char *header[] = { "SIGNED TAG", "DIGEST", "SIGNERS" };

      g_string_append_printf (out, "\nSignatures for %s\n\n", info->name);
      g_ptr_array_add (rows, header);
      for (guint i = 0; i < tags->len; i++)
        {
          SignetDockerTagRow *row = g_ptr_array_index (tags, i);
          const char **cells = g_new0 (const char *, 3);
          char *signers = row->signers->len > 0
            ? join_sorted (row->signers, FALSE)
            : g_strdup ("(" RELEASED_ROLE_NAME ")");

          g_ptr_array_add (strings, signers);
          g_ptr_array_add (strings, cells);
          cells[0] = row->tag;
          cells[1] = row->digest;
          cells[2] = signers;
          g_ptr_array_add (rows, cells);
        }
      append_table (out, rows, 3);
    }
  else
    g_string_append_printf (out, "\nNo signatures for %s\n\n", info->name);

  if (info->signers->len > 0)
    {
      g_autoptr(GPtrArray) signers = sorted_copy (info->signers, compare_signers_natural);
      static const char *header[] = { "SIGNER", "KEYS" };

      g_ptr_array_set_size (rows, 0);
      g_string_append_printf (out, "\nList of signers and their keys for %s\n\n", info->name);
      g_ptr_array_add (rows, header);
      for (guint i = 0; i < signers->len; i++)
        {
          SignetDockerSigner *signer = g_ptr_array_index (signers, i);
          const char **cells = g_new0 (const char *, 2);
          char *keys = join_sorted (signer->key_ids, TRUE);

          g_ptr_array_add (strings, keys);
          g_ptr_array_add (strings, cells);
          cells[0] = signer->name;
          cells[1] = keys;
          g_ptr_array_add (rows, cells);
        }
      append_table (out, rows, 2);
    }

  repo_ids = join_sorted (info->repo_keys, FALSE);
  root_ids = join_sorted (info->root_keys, FALSE);
  g_string_append_printf (out, "\nAdministrative keys for %s\n\n", info->name);
  g_string_append_printf (out, "  Repository Key:\t%s\n", repo_ids);
  g_string_append_printf (out, "  Root Key:\t%s\n", root_ids);

  return g_string_free (out, FALSE);
}
