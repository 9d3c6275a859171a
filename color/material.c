/* SPDX-License-Identifier: GPL-3.0-or-later */
/* material.c: material defaults, finish presets and ranges. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "material.h"

/* color/ links no gettext: N_ only marks the labels for xgettext; the windows translate them. */
#define N_(text) text

static const char *const finish_names[SH_MATERIAL_N_FINISHES] = {
  "matte", "satin", "shiny", "gloss", "glitter",
};

static const char *const finish_labels[SH_MATERIAL_N_FINISHES] = {
  N_("Matte"), N_("Satin"), N_("Shiny"), N_("Gloss"), N_("Glitter"),
};

typedef struct {
  double roughness, clearcoat, clearcoat_roughness;
} StartingPoint;

/* Middle of each span of the colour notes' finish table (gloss units per ISO 2813 behind the classes). */
static const StartingPoint starting_points[SH_MATERIAL_N_FINISHES] = {
  [SH_MATERIAL_FINISH_MATTE] = { 0.75, 0, 0 },
  [SH_MATERIAL_FINISH_SATIN] = { 0.45, 0, 0 },
  [SH_MATERIAL_FINISH_SHINY] = { 0.28, 0.5, 0.1 },
  [SH_MATERIAL_FINISH_GLOSS] = { 0.4, 1.0, 0.04 },
  [SH_MATERIAL_FINISH_GLITTER] = { 0.45, 0, 0 },
};

void
sh_material_init (ShMaterial *material)
{
  memset (material, 0, sizeof *material);
  for (int i = 0; i < 3; i++)
    {
      material->base_color[i] = 1;
      material->specular_color[i] = 1;
    }
  material->roughness = 1;
  material->specular = 1;
  material->ior = 1.5;
  material->coverage = 1;
}

const char *
sh_material_finish_name (ShMaterialFinish finish)
{
  return (unsigned) finish < SH_MATERIAL_N_FINISHES ? finish_names[finish] : "unknown";
}

bool
sh_material_finish_from_name (const char *name, ShMaterialFinish *finish)
{
  for (int i = 0; name && i < SH_MATERIAL_N_FINISHES; i++)
    if (strcmp (name, finish_names[i]) == 0)
      {
        *finish = (ShMaterialFinish) i;
        return true;
      }
  return false;
}

const char *
sh_material_finish_label (ShMaterialFinish finish)
{
  return (unsigned) finish < SH_MATERIAL_N_FINISHES ? finish_labels[finish] : "?";
}

ShMaterialFinish
sh_material_finish_for_class (ShFinishClass measured)
{
  switch (measured)
    {
    case SH_FINISH_MATTE:
      return SH_MATERIAL_FINISH_MATTE;
    case SH_FINISH_SATIN:
      return SH_MATERIAL_FINISH_SATIN;
    case SH_FINISH_GLOSS:
    default:
      return SH_MATERIAL_FINISH_SHINY;
    }
}

bool
sh_material_finish_for_class_name (const char *measured, ShMaterialFinish *finish)
{
  static const ShFinishClass classes[] = { SH_FINISH_MATTE, SH_FINISH_SATIN, SH_FINISH_GLOSS };

  for (unsigned i = 0; measured && i < sizeof classes / sizeof classes[0]; i++)
    if (strcmp (measured, sh_finish_class_name (classes[i])) == 0)
      {
        *finish = sh_material_finish_for_class (classes[i]);
        return true;
      }
  return false;
}

void
sh_material_finish_starting_point (const char *finish, double *roughness, double *clearcoat,
                                   double *clearcoat_roughness)
{
  ShMaterialFinish which;

  if (sh_material_finish_from_name (finish, &which))
    {
      *roughness = starting_points[which].roughness;
      *clearcoat = starting_points[which].clearcoat;
      *clearcoat_roughness = starting_points[which].clearcoat_roughness;
    }
  else
    {
      *roughness = 0.5;
      *clearcoat = 0;
      *clearcoat_roughness = 0;
    }
}

void
sh_material_set_finish (ShMaterial *material, ShMaterialFinish finish)
{
  double base[3], coverage = material->coverage;

  memcpy (base, material->base_color, sizeof base);
  sh_material_init (material);
  memcpy (material->base_color, base, sizeof base);
  material->coverage = coverage;
  sh_material_finish_starting_point (sh_material_finish_name (finish), &material->roughness,
                                     &material->clearcoat, &material->clearcoat_roughness);
  switch (finish)
    {
    case SH_MATERIAL_FINISH_MATTE:
      material->specular = 0.05;
      break;
    case SH_MATERIAL_FINISH_GLITTER:
      material->glitter_density = 1.5;
      material->glitter_size = 0.2;
      break;
    default:
      break;
    }
}

static double
clamp_value (double value, double low, double high, double fallback)
{
  if (!isfinite (value))
    return fallback;
  return value < low ? low : value > high ? high : value;
}

void
sh_material_clamp (ShMaterial *m)
{
  for (int i = 0; i < 3; i++)
    {
      m->base_color[i] = clamp_value (m->base_color[i], 0, 1, 1);
      m->specular_color[i] = clamp_value (m->specular_color[i], 0, 1e3, 1);
      m->sheen_color[i] = clamp_value (m->sheen_color[i], 0, 1, 0);
      m->glitter_color[i] = clamp_value (m->glitter_color[i], 0, 1, 1);
    }
  m->metallic = clamp_value (m->metallic, 0, 1, 0);
  m->roughness = clamp_value (m->roughness, 0, 1, 1);
  m->clearcoat = clamp_value (m->clearcoat, 0, 1, 0);
  m->clearcoat_roughness = clamp_value (m->clearcoat_roughness, 0, 1, 0);
  m->specular = clamp_value (m->specular, 0, 1, 1);
  m->sheen_roughness = clamp_value (m->sheen_roughness, 0, 1, 0);
  /* KHR_materials_ior: 0 (a pure mirror) or at least 1. */
  m->ior = clamp_value (m->ior, 0, 10, 1.5);
  if (m->ior > 0 && m->ior < 1)
    m->ior = 1;
  m->glitter_density = clamp_value (m->glitter_density, 0, 1e4, 0);
  m->glitter_size = clamp_value (m->glitter_size, 0, 100, 0);
  m->coverage = clamp_value (m->coverage, 0, 1, 1);
}
