/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shade-names.c: the cosmetic vocabulary of shade-names.h. The bands are documented there and in the README;
 * change them in all three places. */
#include "config.h"

#include "shade-names.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colorspace.h"

static const char *const depth_names[] = { "fair", "light", "medium", "tan", "deep" };
static const char *const undertone_names[] = { "cool", "neutral", "warm" };
static const char *const family_names[SH_FAMILY_COUNT] = {
  "nude", "pink", "coral", "red", "berry", "plum", "mauve", "brown", "orange", "other",
};

const char *
sh_shade_depth_name (ShShadeDepth depth)
{
  return depth <= SH_DEPTH_DEEP ? depth_names[depth] : "";
}

const char *
sh_shade_undertone_name (ShShadeUndertone undertone)
{
  return undertone <= SH_UNDERTONE_WARM ? undertone_names[undertone] : "";
}

const char *
sh_shade_family_name (ShShadeFamily family)
{
  return family < SH_FAMILY_COUNT ? family_names[family] : "";
}

static ShShadeDepth
depth_of (double l)
{
  if (l >= 75)
    return SH_DEPTH_FAIR;
  if (l >= 62)
    return SH_DEPTH_LIGHT;
  if (l >= 48)
    return SH_DEPTH_MEDIUM;
  if (l >= 36)
    return SH_DEPTH_TAN;
  return SH_DEPTH_DEEP;
}

static ShShadeFamily
family_of (double l, double c, double h)
{
  double hr = h >= 270 ? h - 360 : h;

  if (c < 5 || hr < -70 || hr >= 85)
    return SH_FAMILY_OTHER;
  if (l < 48 && (hr >= 50 || (hr >= 30 && c < 35) || (hr >= 12 && c < 22)))
    return SH_FAMILY_BROWN;
  if (hr >= 50)
    return c >= 55 ? SH_FAMILY_ORANGE : SH_FAMILY_NUDE;
  if (hr >= 28)
    {
      if (l >= 48 && c < 30)
        return SH_FAMILY_NUDE;
      return l >= 58 ? SH_FAMILY_CORAL : SH_FAMILY_RED;
    }
  if (hr >= 12)
    {
      if (l >= 48 && c < 12)
        return SH_FAMILY_NUDE;
      if (l >= 58)
        return SH_FAMILY_PINK;
      /* Dusty rose: what lipstick ranges sell as mauve. */
      return c < 30 && l >= 40 ? SH_FAMILY_MAUVE : SH_FAMILY_RED;
    }
  if (c < 30 && l >= 40 && l < 68)
    return SH_FAMILY_MAUVE;
  if (hr >= -20)
    return l >= 52 ? SH_FAMILY_PINK : SH_FAMILY_BERRY;
  if (l >= 60)
    return hr >= -35 ? SH_FAMILY_PINK : SH_FAMILY_MAUVE;
  return SH_FAMILY_PLUM;
}

static ShShadeUndertone
undertone_of (ShShadeFamily family, double c, double h)
{
  if (c < 5)
    return SH_UNDERTONE_NEUTRAL;
  /* Skin-like shades all sit at orange hues: their cool and warm are pinker and yellower within them. */
  if (family == SH_FAMILY_NUDE || family == SH_FAMILY_BROWN)
    return h < 50 ? SH_UNDERTONE_COOL : h < 62 ? SH_UNDERTONE_NEUTRAL : SH_UNDERTONE_WARM;
  if (h < 28 || h >= 200)
    return SH_UNDERTONE_COOL;
  return h < 35 ? SH_UNDERTONE_NEUTRAL : SH_UNDERTONE_WARM;
}

bool
sh_shade_words (const double lab[3], ShShadeWords *words)
{
  double lch[3];

  if (!isfinite (lab[0]) || !isfinite (lab[1]) || !isfinite (lab[2]))
    return false;
  sh_lab_to_lch (lab, lch);
  words->depth = depth_of (lch[0]);
  words->family = family_of (lch[0], lch[1], lch[2]);
  words->undertone = undertone_of (words->family, lch[1], lch[2]);
  snprintf (words->name, sizeof words->name, "%s %s %s", depth_names[words->depth],
            undertone_names[words->undertone], family_names[words->family]);
  return true;
}

/* Neighbours on the cosmetic colour wheel: a shade sold as one may fairly measure as the other. */
static const ShShadeFamily neighbours[][2] = {
  { SH_FAMILY_NUDE, SH_FAMILY_PINK },   { SH_FAMILY_NUDE, SH_FAMILY_CORAL },  { SH_FAMILY_NUDE, SH_FAMILY_BROWN },
  { SH_FAMILY_NUDE, SH_FAMILY_MAUVE },  { SH_FAMILY_PINK, SH_FAMILY_CORAL },  { SH_FAMILY_PINK, SH_FAMILY_MAUVE },
  { SH_FAMILY_PINK, SH_FAMILY_BERRY },  { SH_FAMILY_PINK, SH_FAMILY_RED },    { SH_FAMILY_CORAL, SH_FAMILY_ORANGE },
  { SH_FAMILY_CORAL, SH_FAMILY_RED },   { SH_FAMILY_RED, SH_FAMILY_BERRY },   { SH_FAMILY_RED, SH_FAMILY_ORANGE },
  { SH_FAMILY_BERRY, SH_FAMILY_PLUM },  { SH_FAMILY_BERRY, SH_FAMILY_MAUVE }, { SH_FAMILY_PLUM, SH_FAMILY_MAUVE },
  { SH_FAMILY_BROWN, SH_FAMILY_ORANGE },
};

bool
sh_shade_families_compatible (ShShadeFamily a, ShShadeFamily b)
{
  if (a == b)
    return true;
  for (size_t i = 0; i < sizeof neighbours / sizeof neighbours[0]; i++)
    if ((neighbours[i][0] == a && neighbours[i][1] == b) || (neighbours[i][0] == b && neighbours[i][1] == a))
      return true;
  return false;
}

typedef struct {
  const char *word;
  ShShadeFamily family;
} Keyword;

/* Colour words of shade names. Only words that say a family plainly: fanciful ones ("velvet", "kiss") and
 * colours outside the families ("gold", "blue") name nothing here. */
static const Keyword keywords[] = {
  { "red", SH_FAMILY_RED },         { "ruby", SH_FAMILY_RED },          { "cherry", SH_FAMILY_RED },
  { "crimson", SH_FAMILY_RED },     { "scarlet", SH_FAMILY_RED },       { "carmine", SH_FAMILY_RED },
  { "vermilion", SH_FAMILY_RED },   { "cardinal", SH_FAMILY_RED },      { "poppy", SH_FAMILY_RED },
  { "brick", SH_FAMILY_RED },
  { "pink", SH_FAMILY_PINK },       { "rose", SH_FAMILY_PINK },         { "rosy", SH_FAMILY_PINK },
  { "blush", SH_FAMILY_PINK },      { "fuchsia", SH_FAMILY_PINK },      { "magenta", SH_FAMILY_PINK },
  { "bubblegum", SH_FAMILY_PINK },  { "peony", SH_FAMILY_PINK },        { "flamingo", SH_FAMILY_PINK },
  { "coral", SH_FAMILY_CORAL },     { "peach", SH_FAMILY_CORAL },       { "salmon", SH_FAMILY_CORAL },
  { "apricot", SH_FAMILY_CORAL },
  { "berry", SH_FAMILY_BERRY },     { "raspberry", SH_FAMILY_BERRY },   { "cranberry", SH_FAMILY_BERRY },
  { "wine", SH_FAMILY_BERRY },      { "merlot", SH_FAMILY_BERRY },      { "burgundy", SH_FAMILY_BERRY },
  { "bordeaux", SH_FAMILY_BERRY },  { "sangria", SH_FAMILY_BERRY },     { "cassis", SH_FAMILY_BERRY },
  { "claret", SH_FAMILY_BERRY },
  { "plum", SH_FAMILY_PLUM },       { "grape", SH_FAMILY_PLUM },        { "aubergine", SH_FAMILY_PLUM },
  { "eggplant", SH_FAMILY_PLUM },   { "violet", SH_FAMILY_PLUM },       { "purple", SH_FAMILY_PLUM },
  { "mauve", SH_FAMILY_MAUVE },     { "lilac", SH_FAMILY_MAUVE },       { "lavender", SH_FAMILY_MAUVE },
  { "heather", SH_FAMILY_MAUVE },   { "orchid", SH_FAMILY_MAUVE },
  { "nude", SH_FAMILY_NUDE },       { "beige", SH_FAMILY_NUDE },        { "sand", SH_FAMILY_NUDE },
  { "taupe", SH_FAMILY_NUDE },      { "buff", SH_FAMILY_NUDE },         { "bare", SH_FAMILY_NUDE },
  { "ivory", SH_FAMILY_NUDE },      { "champagne", SH_FAMILY_NUDE },
  { "brown", SH_FAMILY_BROWN },     { "chocolate", SH_FAMILY_BROWN },   { "mocha", SH_FAMILY_BROWN },
  { "cocoa", SH_FAMILY_BROWN },     { "coffee", SH_FAMILY_BROWN },      { "espresso", SH_FAMILY_BROWN },
  { "caramel", SH_FAMILY_BROWN },   { "toffee", SH_FAMILY_BROWN },      { "chestnut", SH_FAMILY_BROWN },
  { "cinnamon", SH_FAMILY_BROWN },  { "bronze", SH_FAMILY_BROWN },      { "umber", SH_FAMILY_BROWN },
  { "sienna", SH_FAMILY_BROWN },    { "hazelnut", SH_FAMILY_BROWN },    { "mahogany", SH_FAMILY_BROWN },
  { "orange", SH_FAMILY_ORANGE },   { "tangerine", SH_FAMILY_ORANGE },  { "terracotta", SH_FAMILY_ORANGE },
  { "rust", SH_FAMILY_ORANGE },     { "copper", SH_FAMILY_ORANGE },     { "amber", SH_FAMILY_ORANGE },
  { "marigold", SH_FAMILY_ORANGE },
};

static bool
is_word_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char) c >= 0x80;
}

static const Keyword *
find_keyword (const char *word, size_t length)
{
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    {
      const char *k = keywords[i].word;
      size_t j;

      if (strlen (k) != length)
        continue;
      for (j = 0; j < length; j++)
        {
          char c = word[j];
          if (c >= 'A' && c <= 'Z')
            c = (char) (c - 'A' + 'a');
          if (c != k[j])
            break;
        }
      if (j == length)
        return &keywords[i];
    }
  return NULL;
}

bool
sh_shade_name_contradicts (const char *shade_name, ShShadeFamily measured, const char **keyword,
                           ShShadeFamily *claimed)
{
  const Keyword *first = NULL;
  const char *p = shade_name;

  if (!shade_name)
    return false;
  while (*p)
    {
      const char *start;
      const Keyword *found;

      while (*p && !is_word_char (*p))
        p++;
      start = p;
      while (*p && is_word_char (*p))
        p++;
      if (p == start)
        break;
      found = find_keyword (start, (size_t) (p - start));
      if (!found)
        continue;
      /* One colour word that fits is enough: "Rose Brown" may measure brown. */
      if (sh_shade_families_compatible (found->family, measured))
        return false;
      if (!first)
        first = found;
    }
  if (!first)
    return false;
  if (keyword)
    *keyword = first->word;
  if (claimed)
    *claimed = first->family;
  return true;
}
