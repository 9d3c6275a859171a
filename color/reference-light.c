/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reference-light.c: microfacet lobes and a material's response under the reference light (see
 * reference-light.h). */
#include "config.h"

#include <math.h>

#include "reference-light.h"

double
sh_ggx_d (double nh, double alpha)
{
  double a2 = alpha * alpha;
  double k = nh * nh * (a2 - 1) + 1;

  return a2 / (M_PI * k * k);
}

/* Smith's masking for GGX, one direction. */
static double
ggx_g1 (double nv, double alpha)
{
  double a2 = alpha * alpha;

  return 2 * nv / (nv + sqrt (a2 + (1 - a2) * nv * nv));
}

/* Karis 2013, "Real Shading in Unreal Engine 4". */
double
sh_lit_alpha (double roughness)
{
  return fmin (1, roughness * roughness + 0.5 * SH_KEY_RADIUS);
}

/* With l = v = h: f cos = D G / (4 n.l n.v) * n.l, times the key's irradiance at normal incidence
 * (pi * SH_KEY_SHARE). */
double
sh_key_lobe (double nz, double alpha)
{
  double g1 = ggx_g1 (nz, alpha);

  return sh_ggx_d (nz, alpha) * g1 * g1 * M_PI * SH_KEY_SHARE / (4 * nz);
}

/* Full in front, a quarter from the sides and behind (the face and the room rather than the light), so
 * grazing edges do not turn into bright outlines. */
double
sh_ambient_reflected (double nz)
{
  double reflected_z = 2 * nz * nz - 1;

  return SH_AMBIENT_SHARE * (0.25 + 0.75 * 0.5 * (reflected_z + 1));
}

double
sh_schlick_weight (double cos_theta)
{
  double m = 1 - cos_theta;
  double m2 = m * m;

  return m2 * m2 * m;
}

void
sh_reference_light_shade (const ShMaterial *m, double nz, double diffuse[3], double reflection[3])
{
  double f0_ior = m->ior == 0 ? 1 : pow ((m->ior - 1) / (m->ior + 1), 2);
  double alpha = sh_lit_alpha (m->roughness);
  double lobe = sh_key_lobe (nz, alpha);
  double weight = sh_schlick_weight (nz);
  double sheen_alpha = fmax (m->sheen_roughness * m->sheen_roughness, 0.01);
  double sin_h = sqrt (fmax (0, 1 - nz * nz));
  /* Charlie sheen (Estevez and Kulla 2017) with Ashikhmin's visibility, as KHR_materials_sheen. */
  double sheen = (2 + 1 / sheen_alpha) * pow (sin_h, 1 / sheen_alpha) / (2 * M_PI)
                 / (4 * (2 * nz - nz * nz)) * M_PI * SH_KEY_SHARE * nz;
  double dielectric_f0_max = 0, env_f_max = 0, ambient = sh_ambient_reflected (nz);

  for (int i = 0; i < 3; i++)
    {
      double f0 = fmin (f0_ior * m->specular_color[i], 1);
      dielectric_f0_max = fmax (dielectric_f0_max, f0);
      env_f_max = fmax (env_f_max, f0 + (1 - f0) * weight);
    }
  for (int i = 0; i < 3; i++)
    {
      double base = m->base_color[i];
      double f0 = fmin (f0_ior * m->specular_color[i], 1);
      /* KHR_materials_specular: specularFactor scales the whole Fresnel term, F0 and F90 alike. */
      double specular = m->specular * (f0 * lobe + ambient * (f0 + (1 - f0) * weight));
      double scattered = base * (SH_KEY_SHARE * nz * (1 - m->specular * dielectric_f0_max)
                                 + SH_AMBIENT_SHARE * (1 - m->specular * env_f_max));
      double metal = base * lobe + ambient * (base + (1 - base) * weight);

      diffuse[i] = (1 - m->metallic) * scattered;
      reflection[i] = (1 - m->metallic) * specular + m->metallic * metal + m->sheen_color[i] * sheen;
    }
}

void
sh_reference_light_clearcoat (const ShMaterial *m, double nz, double *keep, double *add)
{
  /* A fixed ior of 1.5 (F0 0.04), Fresnel-weighted over the layer below. */
  double coat_f = 0.04 + 0.96 * sh_schlick_weight (nz);

  *keep = 1 - m->clearcoat * coat_f;
  *add = m->clearcoat * (0.04 * sh_key_lobe (nz, sh_lit_alpha (m->clearcoat_roughness))
                         + sh_ambient_reflected (nz) * coat_f);
}
