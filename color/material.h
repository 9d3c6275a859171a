/* SPDX-License-Identifier: GPL-3.0-or-later */
/* material.h: the physical material of a cosmetic product, the parameter set the glTF hand-off exports
 * (core/formats/export-gltf.c) and the skin renderer draws (color/skin-render.h), so that what an artist approves
 * on the tone grid is what the 3D team receives.
 *
 * Names and ranges follow the project's materials table (core/store/schema.sql) and glTF 2.0:
 * pbrMetallicRoughness, KHR_materials_clearcoat, KHR_materials_specular, KHR_materials_sheen and
 * KHR_materials_ior. Glitter has no Khronos extension; it travels in the material's extras. Colours are
 * linear sRGB (D65), like glTF factors; roughness is perceptual (the microfacet alpha is roughness^2).
 */
#pragma once

#include <stdbool.h>

#include "finish.h"

typedef enum {
  SH_MATERIAL_FINISH_MATTE,
  SH_MATERIAL_FINISH_SATIN,
  SH_MATERIAL_FINISH_SHINY,
  SH_MATERIAL_FINISH_GLOSS,
  SH_MATERIAL_FINISH_GLITTER,
  SH_MATERIAL_N_FINISHES
} ShMaterialFinish;

typedef struct {
  double base_color[3];          /* glTF baseColorFactor (rgb), linear */
  double metallic;               /* [0,1] */
  double roughness;              /* [0,1] */
  double clearcoat;              /* [0,1] strength of the clear top layer */
  double clearcoat_roughness;    /* [0,1] */
  double specular;               /* [0,1] KHR_materials_specular specularFactor: scales F0 */
  double specular_color[3];      /* >= 0, linear */
  double sheen_color[3];         /* [0,1], linear; black = no sheen */
  double sheen_roughness;        /* [0,1] */
  double ior;                    /* 0 or >= 1; 1.5 is a plain dielectric (F0 0.04) */
  double glitter_density;        /* flakes per square millimetre of surface; 0 = no glitter */
  double glitter_size;           /* flake diameter in millimetres */
  bool has_glitter_color;
  double glitter_color[3];       /* linear; without one the flakes are silver (a neutral mirror) */
  /* Renderer only, never exported: how much of the bare lip the product film hides, linear-light mix weight
   * (0 = bare lip, 1 = full coverage). */
  double coverage;
} ShMaterial;

/* The glTF defaults and the materials table's column defaults: white base, roughness 1, metallic 0, no
 * clearcoat, specular 1 in white, no sheen, ior 1.5, no glitter, full coverage. */
void sh_material_init (ShMaterial *material);

const char *sh_material_finish_name (ShMaterialFinish finish);   /* "matte", "satin", ... */
/* Returns false for anything but the five names. */
bool sh_material_finish_from_name (const char *name, ShMaterialFinish *finish);

/* The one finish vocabulary every window shows: the five presets' names in English, title case ("Matte",
 * "Satin", "Shiny", "Gloss", "Glitter"), marked for translation here: show them through gettext. */
const char *sh_material_finish_label (ShMaterialFinish finish);

/* The preset a finish measured on a photo stands for. The photo's classes (sh_finish_class_name: matte, satin,
 * gloss) stay as stored and as the command line prints them, but a photo's "gloss" is a lit, lacquered bullet,
 * which is the "shiny" preset: a liquid gloss is only ever chosen by an artist. */
ShMaterialFinish sh_material_finish_for_class (ShFinishClass measured);
/* The same from a class name as stored ("gloss" -> shiny); false for NULL or an unknown name. */
bool sh_material_finish_for_class_name (const char *measured, ShMaterialFinish *finish);

/* A finish's starting point for an uncalibrated product, the middle of each span in the colour notes'
 * table (a heuristic to calibrate, not a standard): matte 0.75; satin 0.45; shiny 0.28 with clearcoat 0.5
 * at 0.1; gloss 0.4 with clearcoat 1 at 0.04; glitter 0.45. finish may be NULL or unknown: roughness 0.5,
 * no clearcoat. This is all the glTF export takes from a finish. */
void sh_material_finish_starting_point (const char *finish, double *roughness, double *clearcoat,
                                        double *clearcoat_roughness);

/* The finish preset an artist starts from: the starting point above plus what the finish implies beyond
 * it. Base colour and coverage are kept; every other parameter is reset.
 * - matte: a powder-loaded film scatters its surface reflection instead of mirroring it, so a colour
 *   measured on a matte product already contains that reflection. The preset gives the specular lobe a
 *   twentieth of a plain dielectric's strength (specular 0.05), so the lip shows its base colour where it
 *   faces the camera.
 * - glitter: 1.5 flakes per mm^2, 0.2 mm across, silver. */
void sh_material_set_finish (ShMaterial *material, ShMaterialFinish finish);

/* Clamps every parameter into its range (non-finite values become the default). */
void sh_material_clamp (ShMaterial *material);
