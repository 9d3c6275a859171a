/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reference-light.h: the neutral reference light every renderer in color/ shades under, and a material's
 * response to it (see skin-render.h for the light itself).
 *
 * The key light and the camera share a direction, so the half vector is the view vector and every lobe is a
 * function of n.z alone. A diffuse surface facing the camera shows exactly its albedo.
 */
#pragma once

#include "material.h"

/* Key (from the camera) and ambient shares sum to 1. */
#define SH_KEY_SHARE 0.7
#define SH_AMBIENT_SHARE 0.3
/* Angular radius of the key light (a soft box), radians: widens the lobes so a mirror-like film shows the
 * light's image instead of a single infinitely bright pixel. */
#define SH_KEY_RADIUS 0.1

/* Trowbridge-Reitz (GGX) normal distribution, normalised: integrates to 1 over projected area. */
double sh_ggx_d (double nh, double alpha);
/* A lobe's alpha (roughness^2) widened by the key light's size. */
double sh_lit_alpha (double roughness);
/* Reflected radiance of a microfacet lobe under the key light at n.z = nz, per unit Fresnel. */
double sh_key_lobe (double nz, double alpha);
/* The ambient light as a mirror sees it at n.z = nz. */
double sh_ambient_reflected (double nz);
/* Schlick's (1 - cos)^5. */
double sh_schlick_weight (double cos_theta);

/* The glTF metallic-roughness model with KHR_materials_specular and _sheen under the reference light, at a
 * surface whose normal makes n.z = nz with the view, without the clearcoat: diffuse is the part the base
 * colour scatters (what a photo's own shading stands in for), reflection the rest (specular lobes, metal,
 * sheen). Their sum is the film's radiance. */
void sh_reference_light_shade (const ShMaterial *m, double nz, double diffuse[3], double reflection[3]);
/* KHR_materials_clearcoat at n.z = nz: the film below is multiplied by *keep and the coat adds *add. */
void sh_reference_light_clearcoat (const ShMaterial *m, double nz, double *keep, double *add);
