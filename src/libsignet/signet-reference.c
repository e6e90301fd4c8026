/* signet-reference.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Image references as docker's reference package reads them:
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component ( "/" path-component )*
 *   domain    := domain-component ( "." domain-component )* [ ":" port ]
 *   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 *   digest    := algorithm ":" hex   (sha256: exactly 64 lower-case hex)
 * The first component is a domain if it contains "." or ":", is "localhost", or has an
 * upper-case letter; otherwise the name is on Docker Hub ("docker.io"), and a one-component
 * name there gets "library/".  The whole name is at most 255 characters.
 */

#include "config.h"

#include <string.h>

#include "signet-error.h"
#include "signet-reference.h"

#define NAME_TOTAL_MAX 255
#define TAG_MAX 128

struct _SignetReference
{
  grefcount ref_count;
  char     *registry;
  char     *repository;
  char     *tag;
  char     *digest;
  char     *gun;
};

G_DEFINE_BOXED_TYPE (SignetReference, signet_reference, signet_reference_ref, signet_reference_unref)

SignetReference *
signet_reference_ref (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_reference_unref (SignetReference *self)
{
  g_return_if_fail (self != NULL);
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_free (self->registry);
  g_free (self->repository);
  g_free (self->tag);
  g_free (self->digest);
  g_free (self->gun);
  g_free (self);
}

static gboolean
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static gboolean
is_alnum (char c)
{
  return g_ascii_isalnum (c);
}

/* [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )* over s[0..len) */
static gboolean
path_component_valid (const char *s,
                      gsize       len)
{
  gsize i = 0;

  if (len == 0 || !is_lower_alnum (s[0]))
    return FALSE;
  while (i < len)
    {
      while (i < len && is_lower_alnum (s[i]))
        i++;
      if (i == len)
        return TRUE;
      if (s[i] == '.')
        i++;
      else if (s[i] == '_')
        {
          i++;
          if (i < len && s[i] == '_')
            i++;
        }
      else if (s[i] == '-')
        {
          while (i < len && s[i] == '-')
            i++;
        }
      else
        return FALSE;
      if (i == len || !is_lower_alnum (s[i]))
        return FALSE;
    }
  return TRUE;
}

/* domain-component ( "." domain-component )* [ ":" [0-9]+ ] */
static gboolean
domain_valid (const char *s,
              gsize       len)
{
  const char *colon = memchr (s, ':', len);
  gsize host_len = colon ? (gsize) (colon - s) : len;
  gsize i = 0;

  if (colon != NULL)
    {
      gsize plen = len - host_len - 1;

      if (plen == 0 || plen > 5)
        return FALSE;
      for (gsize j = host_len + 1; j < len; j++)
        if (!g_ascii_isdigit (s[j]))
          return FALSE;
    }
  if (host_len == 0)
    return FALSE;
  while (i < host_len)
    {
      gsize start = i;

      while (i < host_len && (is_alnum (s[i]) || s[i] == '-'))
        i++;
      if (i == start || s[start] == '-' || s[i - 1] == '-')
        return FALSE;
      if (i < host_len)
        {
          if (s[i] != '.')
            return FALSE;
          i++;
          if (i == host_len)
            return FALSE;
        }
    }
  return TRUE;
}

/* Things that would make the name escape a directory when used as a path. */
static gboolean
check_path_safe (const char  *name,
                 gsize        len,
                 const char  *what,
                 GError     **error)
{
  const char *p = name;
  const char *end = name + len;

  if (len == 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH, "%s is empty", what);
      return FALSE;
    }
  if (memchr (name, '\0', len) != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "%s contains a NUL character", what);
      return FALSE;
    }
  if (memchr (name, '\\', len) != NULL)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "%s “%.*s” contains a backslash", what, (int) len, name);
      return FALSE;
    }
  if (name[0] == '/')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                   "%s “%.*s” is an absolute path", what, (int) len, name);
      return FALSE;
    }
  while (p <= end)
    {
      const char *slash = memchr (p, '/', end - p);
      const char *cend = slash ? slash : end;
      gsize clen = cend - p;

      if (clen == 0)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                       "%s “%.*s” has an empty path component", what, (int) len, name);
          return FALSE;
        }
      if ((clen == 1 && p[0] == '.') || (clen == 2 && p[0] == '.' && p[1] == '.'))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_UNSAFE_PATH,
                       "%s “%.*s” has a “%.*s” path component", what, (int) len, name,
                       (int) clen, p);
          return FALSE;
        }
      if (slash == NULL)
        break;
      p = slash + 1;
    }
  return TRUE;
}

gboolean
signet_gun_validate (const char  *gun,
                     gssize       len,
                     GError     **error)
{
  gsize ulen;
  const char *p;
  const char *end;
  gboolean first = TRUE;

  g_return_val_if_fail (gun != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ulen = len < 0 ? strlen (gun) : (gsize) len;
  if (!check_path_safe (gun, ulen, "The repository name", error))
    return FALSE;
  if (ulen > NAME_TOTAL_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "The repository name is longer than %d characters", NAME_TOTAL_MAX);
      return FALSE;
    }

  p = gun;
  end = gun + ulen;
  while (p < end)
    {
      const char *slash = memchr (p, '/', end - p);
      const char *cend = slash ? slash : end;
      gboolean ok;

      if (first)
        ok = domain_valid (p, cend - p) || path_component_valid (p, cend - p);
      else
        ok = path_component_valid (p, cend - p);
      if (!ok)
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "The repository name “%.*s” has an invalid component “%.*s”",
                       (int) ulen, gun, (int) (cend - p), p);
          return FALSE;
        }
      first = FALSE;
      p = slash ? slash + 1 : end;
    }
  return TRUE;
}

static gboolean
digest_valid (const char  *digest,
              GError     **error)
{
  const char *colon = strchr (digest, ':');
  gsize alen;

  if (colon == NULL || colon == digest)
    goto bad;
  alen = colon - digest;
  if (alen == 6 && strncmp (digest, "sha256", 6) == 0)
    {
      if (strlen (colon + 1) != 64)
        goto bad;
      for (const char *h = colon + 1; *h; h++)
        if (!g_ascii_isxdigit (*h) || g_ascii_isupper (*h))
          goto bad;
      return TRUE;
    }
  if (alen == 6 && strncmp (digest, "sha512", 6) == 0)
    {
      if (strlen (colon + 1) != 128)
        goto bad;
      for (const char *h = colon + 1; *h; h++)
        if (!g_ascii_isxdigit (*h) || g_ascii_isupper (*h))
          goto bad;
      return TRUE;
    }
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "Unsupported digest algorithm in “%s” (expected sha256)", digest);
  return FALSE;

bad:
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
               "Invalid digest “%s” (expected sha256: followed by 64 lower-case hex digits)",
               digest);
  return FALSE;
}

static gboolean
tag_valid (const char *tag)
{
  gsize len = strlen (tag);

  if (len == 0 || len > TAG_MAX)
    return FALSE;
  if (!(is_alnum (tag[0]) || tag[0] == '_'))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!(is_alnum (tag[i]) || tag[i] == '_' || tag[i] == '.' || tag[i] == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
is_hex64 (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!(g_ascii_isdigit (*s) || (*s >= 'a' && *s <= 'f')))
      return FALSE;
  return TRUE;
}

SignetReference *
signet_reference_parse (const char  *text,
                        GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *remainder = NULL;
  const char *at;
  const char *last_slash;
  const char *last_colon;
  const char *first_slash;
  const char *p;
  SignetReference *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "The image reference is empty");
      return NULL;
    }

  at = strchr (text, '@');
  if (at != NULL)
    {
      digest = g_strdup (at + 1);
      name = g_strndup (text, at - text);
      if (!digest_valid (digest, error))
        {
          g_prefix_error (error, "In “%s”: ", text);
          return NULL;
        }
    }
  else
    name = g_strdup (text);

  last_slash = strrchr (name, '/');
  last_colon = strrchr (name, ':');
  if (last_colon != NULL && (last_slash == NULL || last_colon > last_slash))
    {
      tag = g_strdup (last_colon + 1);
      name[last_colon - name] = '\0';
      if (!tag_valid (tag))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "Invalid tag “%s” in “%s” (letters, digits, “_”, “.” and “-”, "
                       "at most 128, not starting with “.” or “-”)", tag, text);
          return NULL;
        }
    }

  if (!check_path_safe (name, strlen (name), "The image name", error))
    return NULL;

  if (is_hex64 (name))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid repository name “%s”: a 64-character hexadecimal string is an "
                   "image ID, not a name", name);
      return NULL;
    }

  first_slash = strchr (name, '/');
  if (first_slash == NULL)
    {
      domain = g_strdup (SIGNET_DOCKER_HUB_REGISTRY);
      remainder = g_strdup (name);
    }
  else
    {
      g_autofree char *first = g_strndup (name, first_slash - name);
      g_autofree char *first_lower = g_ascii_strdown (first, -1);

      if (strpbrk (first, ".:") == NULL && !g_str_equal (first, "localhost") &&
          g_str_equal (first, first_lower))
        {
          domain = g_strdup (SIGNET_DOCKER_HUB_REGISTRY);
          remainder = g_strdup (name);
        }
      else
        {
          domain = g_steal_pointer (&first);
          remainder = g_strdup (first_slash + 1);
        }
    }
  if (g_str_equal (domain, "index.docker.io"))
    {
      g_free (domain);
      domain = g_strdup (SIGNET_DOCKER_HUB_REGISTRY);
    }
  if (!domain_valid (domain, strlen (domain)))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid registry “%s” in “%s”", domain, text);
      return NULL;
    }
  if (g_str_equal (domain, SIGNET_DOCKER_HUB_REGISTRY) && strchr (remainder, '/') == NULL)
    {
      char *tmp = g_strconcat ("library/", remainder, NULL);

      g_free (remainder);
      remainder = tmp;
    }

  for (p = remainder; *p; p++)
    if (g_ascii_isupper (*p))
      {
        g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                     "Invalid image name “%s”: the repository name must be lower-case", text);
        return NULL;
      }

  p = remainder;
  while (TRUE)
    {
      const char *slash = strchr (p, '/');
      gsize clen = slash ? (gsize) (slash - p) : strlen (p);

      if (!path_component_valid (p, clen))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                       "Invalid image name “%s”: the component “%.*s” may only hold "
                       "lower-case letters and digits, separated by “.”, “_”, “__” or “-”",
                       text, (int) clen, p);
          return NULL;
        }
      if (slash == NULL)
        break;
      p = slash + 1;
    }

  if (strlen (domain) + 1 + strlen (remainder) > NAME_TOTAL_MAX)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                   "Invalid image name “%s”: longer than %d characters", text, NAME_TOTAL_MAX);
      return NULL;
    }

  self = g_new0 (SignetReference, 1);
  g_ref_count_init (&self->ref_count);
  self->gun = g_strconcat (domain, "/", remainder, NULL);
  self->registry = g_steal_pointer (&domain);
  self->repository = g_steal_pointer (&remainder);
  self->tag = g_steal_pointer (&tag);
  self->digest = g_steal_pointer (&digest);
  return self;
}

const char *
signet_reference_get_registry (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->registry;
}

const char *
signet_reference_get_api_host (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (g_str_equal (self->registry, SIGNET_DOCKER_HUB_REGISTRY))
    return "registry-1.docker.io";
  return self->registry;
}

const char *
signet_reference_get_repository (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->repository;
}

const char *
signet_reference_get_tag (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tag;
}

const char *
signet_reference_get_digest (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->digest;
}

const char *
signet_reference_get_gun (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->gun;
}

gboolean
signet_reference_is_docker_hub (SignetReference *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_str_equal (self->registry, SIGNET_DOCKER_HUB_REGISTRY);
}

char *
signet_reference_to_string (SignetReference *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  s = g_string_new (self->gun);
  if (self->tag != NULL)
    g_string_append_printf (s, ":%s", self->tag);
  if (self->digest != NULL)
    g_string_append_printf (s, "@%s", self->digest);
  return g_string_free (s, FALSE);
}
