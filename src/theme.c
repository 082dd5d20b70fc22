/* Themes: the NHS identity palette, a greyscale theme for print, and WCAG
 * 2.1 contrast, so that every label is readable on its fill. */
#include "theme.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "jsonread.h"
#include "output.h"
#include "util.h"

#define NEAR_BLACK "#231F20" /* NHS Black */
#define WHITE "#FFFFFF"

/* NHS identity colours, in the order types without a colour take them. */
static const char *const nhs_palette[] = {
    "#005EB8", /* NHS Blue */
    "#00A9CE", /* Aqua Blue */
    "#006747", /* Dark Green */
    "#330072", /* Purple */
    "#ED8B00", /* Orange */
    "#41B6E6", /* Light Blue */
    "#7C2855", /* Dark Pink */
    "#003087", /* Dark Blue */
    "#FFB81C", /* Warm Yellow */
    "#009639", /* Green */
    "#0072CE", /* Bright Blue */
    "#425563", /* Dark Grey */
    "#768692", /* Mid Grey */
    "#E8EDEE", /* Pale Grey */
};

/* Greys ov_theme_fill spreads mono types over (ov_theme_fill_ranked). */
#define MONO_STEPS 8

static const ov_theme themes[] = {
    {
        .name = "default",
        .font = OV_FONT,
        .background = WHITE,
        .text = NEAR_BLACK,
        .muted = "#425563", /* Dark Grey: 7.6:1 on white */
        .edge = "#425563",
        .link_colour =
            {
                [OV_REL_PART_OF] = "#425563",
                [OV_REL_MEMBER_OF] = "#425563",
                [OV_REL_ACCOUNTABLE_TO] = "#003087", /* Dark Blue */
                [OV_REL_COMMISSIONS] = "#006747",    /* Dark Green */
                [OV_REL_PARTNER_OF] = "#330072",     /* Purple */
                [OV_REL_DELEGATES_TO] = "#7C2855",   /* Dark Pink */
            },
        .panel = "#F4F6F7", /* lighter than Pale Grey */
        .panel_border = "#768692", /* Mid Grey: 3.7:1 on white, 3.5:1 on the panel */
    },
    {
        .name = "mono",
        .font = OV_FONT,
        .background = WHITE,
        .text = "#000000",
        .muted = "#404040",
        .edge = "#404040",
        .link_colour =
            {
                [OV_REL_PART_OF] = "#404040",
                [OV_REL_MEMBER_OF] = "#404040",
                [OV_REL_ACCOUNTABLE_TO] = "#000000",
                [OV_REL_COMMISSIONS] = "#000000",
                [OV_REL_PARTNER_OF] = "#404040",
                [OV_REL_DELEGATES_TO] = "#000000",
            },
        .panel = "#F5F5F5",
        .panel_border = "#767676", /* 4.5:1 on white, 4.2:1 on the panel */
    },
};

static int parse_colour(const char *s, int rgb[3])
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return -1;
    for (int i = 1; i < 7; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return -1;
    }
    for (int i = 0; i < 3; i++) {
        char part[3] = {s[1 + 2 * i], s[2 + 2 * i], '\0'};
        unsigned v = 0;
        sscanf(part, "%x", &v);
        rgb[i] = (int)v;
    }
    return 0;
}

static double channel(int c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance_rgb(const int rgb[3])
{
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

static double ratio(double la, double lb)
{
    double hi = la > lb ? la : lb;
    double lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}

/* ---- public -------------------------------------------------------------- */

const ov_theme *ov_theme_get(const char *name)
{
    if (!name)
        return &themes[0];
    for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++) {
        if (strcmp(themes[i].name, name) == 0)
            return &themes[i];
    }
    return NULL;
}

double ov_luminance(const char *colour)
{
    int rgb[3];
    if (parse_colour(colour, rgb) != 0)
        return -1;
    return luminance_rgb(rgb);
}

double ov_contrast(const char *a, const char *b)
{
    double la = ov_luminance(a);
    double lb = ov_luminance(b);
    if (la < 0 || lb < 0)
        return 0;
    return ratio(la, lb);
}

void ov_theme_text_on(const char *fill, char *buf)
{
    double black = ov_contrast(fill, NEAR_BLACK);
    double white = ov_contrast(fill, WHITE);
    strcpy(buf, white > black ? WHITE : NEAR_BLACK);
}

/* FILL mixed with TARGET (0 or 255) by T (0 to 1). */
static void mix(const int fill[3], int target, double t, int out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = (int)lround(fill[i] + (target - fill[i]) * t);
}

static double best_text_contrast(const int rgb[3])
{
    double l = luminance_rgb(rgb);
    double black = ratio(l, ov_luminance(NEAR_BLACK));
    double white = ratio(l, 1.0);
    return black > white ? black : white;
}

void ov_theme_fix_fill(char *buf)
{
    int rgb[3];
    if (parse_colour(buf, rgb) != 0) {
        strcpy(buf, "#E8EDEE");
        return;
    }
    if (best_text_contrast(rgb) >= OV_MIN_CONTRAST) {
        snprintf(buf, 8, "#%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
        return;
    }
    /* the smallest step towards black or towards white that is enough;
     * both ends (black, white) always are */
    int dark[3];
    int light[3];
    int step;
    for (step = 1; step <= 64; step++) {
        mix(rgb, 0, step / 64.0, dark);
        if (best_text_contrast(dark) >= OV_MIN_CONTRAST)
            break;
        mix(rgb, 255, step / 64.0, light);
        if (best_text_contrast(light) >= OV_MIN_CONTRAST) {
            memcpy(dark, light, sizeof dark);
            break;
        }
    }
    snprintf(buf, 8, "#%02X%02X%02X", dark[0], dark[1], dark[2]);
}

void ov_theme_fill(const ov_theme *t, const ov_type *type, size_t index, char *buf)
{
    ov_theme_fill_ranked(t, type, index, index % MONO_STEPS, MONO_STEPS, buf);
}

/* A theme file's fill for type KEY into BUF; 0 when it has none. */
static int themed_fill(const ov_theme *t, const char *key, char *buf)
{
    for (size_t i = 0; i < t->ntypes; i++) {
        if (strcmp(t->types[i].key, key) == 0) {
            memcpy(buf, t->types[i].fill, 8);
            return 1;
        }
    }
    return 0;
}

/* sRGB channel (0-255) of CIE lightness L* (0-100) for a grey. */
static int grey_of_lightness(double lstar)
{
    double y = lstar > 8 ? pow((lstar + 16) / 116, 3) : lstar / 903.3;
    double c = y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
    int v = (int)lround(c * 255);
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

void ov_theme_fill_ranked(const ov_theme *t, const ov_type *type, size_t index, size_t rank,
                          size_t nranks, char *buf)
{
    if (!t)
        t = &themes[0];
    if (strcmp(t->name, "mono") == 0) {
        /* evenly spaced in lightness, darkest first */
        double step = nranks > 1 ? (OV_MONO_LIGHTEST - OV_MONO_DARKEST) / (double)(nranks - 1) : 0;
        int v = grey_of_lightness(OV_MONO_DARKEST + step * (double)(rank < nranks ? rank : 0));
        snprintf(buf, 8, "#%02X%02X%02X", v, v, v);
    } else if (type && type->key && themed_fill(t, type->key, buf)) {
        return;
    } else if (type && type->colour && ov_luminance(type->colour) >= 0) {
        snprintf(buf, 8, "%s", type->colour);
    } else {
        size_t n = sizeof nhs_palette / sizeof nhs_palette[0];
        strcpy(buf, nhs_palette[index % n]);
    }
    ov_theme_fix_fill(buf);
}

/* ---- text measurement ---------------------------------------------------- */

/* Advance widths of Arial (= Liberation Sans = Helvetica metrics) for
 * ' ' to '~', in 1/1000 em. */
static const unsigned short arial[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /* sp-/ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               /* 0-9 */
    278, 278, 584, 584, 584, 556, 1015,                                             /* :-@ */
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611,                                         /* A-Z */
    278, 278, 278, 469, 556, 333,                                                   /* [-` */
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
    500, 278, 556, 500, 722, 500, 500, 500,                                         /* a-z */
    334, 260, 334, 584};                                                            /* {-~ */

/* Estimated width in points of the N bytes of UTF-8 text at S, at SIZE
 * (bold about 8% wider). Wide scripts and emoji count one em. */
double ov_text_width_n(const char *s, size_t n, double size, int bold)
{
    double units = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n && p[i]; i++) {
        unsigned char c = p[i];
        if (c >= 32 && c < 127)
            units += arial[c - 32];
        else if (c < 32)
            units += 278; /* becomes a space */
        else if (c >= 0xF0)
            units += 1000;
        else if (c >= 0xE0)
            units += (i + 1 < n && p[i + 1] >= 0xBA) || c > 0xE2 ? 1000 : 600;
        else if (c >= 0xC0)
            units += 580;
        /* continuation bytes add nothing */
    }
    return units / 1000.0 * size * (bold ? 1.08 : 1.0);
}

double ov_text_width(const char *s, double size, int bold)
{
    return ov_text_width_n(s, strlen(s), size, bold);
}

int ov_type_levels(const ov_model *m, size_t *level)
{
    size_t n = m->ntypes + 1;
    for (size_t i = 0; i < n; i++)
        level[i] = 0;
    /* a type is one level below the types it is part of, a member of or
     * accountable to; relaxed at most n times, so that a cycle of types
     * (a committee accountable to a board accountable to ...) ends */
    for (size_t round = 0; round < n; round++) {
        int changed = 0;
        for (size_t r = 0; r < m->nrels; r++) {
            const ov_rel *rel = &m->rels[r];
            if (!ov_rel_is_hierarchical(rel->kind) || rel->from == OV_NONE || rel->to == OV_NONE)
                continue;
            size_t a = m->orgs[rel->from].type;
            size_t b = m->orgs[rel->to].type;
            a = a == OV_NONE ? m->ntypes : a;
            b = b == OV_NONE ? m->ntypes : b;
            if (a != b && level[a] < level[b] + 1 && level[b] + 1 < n) {
                level[a] = level[b] + 1;
                changed = 1;
            }
        }
        if (!changed)
            return 0;
    }
    return 0;
}

const ov_theme *ov_theme_for(const ov_render_opts *ro)
{
    if (ro && ro->custom_theme)
        return ro->custom_theme;
    return ov_theme_get(ro ? ro->theme : NULL);
}

/* What a theme file owns besides its ov_theme. */
typedef struct {
    ov_theme t; /* first: ov_theme_free casts back */
    char *name;
    char *font;
    ov_theme_type *types;
} owned_theme;

void ov_theme_free(ov_theme *t)
{
    owned_theme *o = (owned_theme *)t;
    if (!o)
        return;
    for (size_t i = 0; i < o->t.ntypes; i++)
        free(o->types[i].key);
    free(o->types);
    free(o->name);
    free(o->font);
    free(o);
}

static const char *const theme_keys[] = {"$schema", "orgviz_theme", "base", "font", "types",
                                         NULL};

/* The "types" of a theme file into O. */
static void theme_types(owned_theme *o, const char *path, const json_t *types, ov_diags *d)
{
    o->types = calloc(json_object_size(types) + 1, sizeof *o->types);
    if (!o->types)
        return;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)types, key, v)
    {
        ov_jptr p;
        ov_jptr_key(&p, "/types", key);
        const json_t *fill = json_is_object(v) ? json_object_get(v, "fill") : NULL;
        /* a fill that is there but wrong is pointed at itself */
        ov_jptr at = p;
        if (fill)
            ov_jptr_key(&at, p.buf, "fill");
        if (!fill || !json_is_string(fill) || ov_luminance(json_string_value(fill)) < 0) {
            ov_diag_at(d, OV_ERROR, path, at.buf, NULL,
                       "a type's theme must be {\"fill\": \"#RRGGBB\"}");
            continue;
        }
        ov_theme_type *ty = &o->types[o->t.ntypes];
        ty->key = ov_strdup(key);
        if (!ty->key)
            continue;
        snprintf(ty->fill, sizeof ty->fill, "%s", json_string_value(fill));
        ov_theme_fix_fill(ty->fill);
        if (strcasecmp(ty->fill, json_string_value(fill)) != 0)
            ov_diag_at(d, OV_WARNING, path, at.buf, NULL,
                       "the fill %s of type \"%s\" gives text less than %.1f:1 contrast "
                       "with black or white: drawn as %s",
                       json_string_value(fill), key, OV_MIN_CONTRAST, ty->fill);
        o->t.ntypes++;
    }
}

ov_status ov_theme_load(const char *path, ov_theme **out, ov_diags *d)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    ov_status st = ov_read_file(path, 1024 * 1024, &buf, &len, d);
    if (st != OV_OK)
        return st;
    json_t *root = ov_json_parse(path, buf, len, 1024 * 1024, d, &st);
    free(buf);
    if (!root)
        return st;
    size_t errors = d->errors;
    owned_theme *o = calloc(1, sizeof *o);
    const json_t *version = json_object_get(root, "orgviz_theme");
    if (!json_is_object(root) || !json_is_integer(version) || json_integer_value(version) != 1) {
        ov_diag_at(d, OV_ERROR, path, "", NULL,
                   "not an orgviz theme: it needs \"orgviz_theme\": 1 (see "
                   "data/theme.schema.json)");
        goto done;
    }
    ov_json_check_keys(d, path, root, "", theme_keys, NULL);
    const char *base = ov_json_text(d, path, root, "", "base", 0, NULL);
    const ov_theme *b = ov_theme_get(base);
    if (!b) {
        ov_diag_at(d, OV_ERROR, path, "/base", NULL,
                   "\"base\" is \"default\" or \"mono\", not \"%s\"", base);
        goto done;
    }
    const char *font = ov_json_text(d, path, root, "", "font", 0, NULL);
    if (o) {
        o->t = *b;
        o->name = ov_strdup(path);
        o->font = ov_strdup(font && !ov_is_blank(font) ? font : b->font);
    }
    if (!o || !o->name || !o->font) {
        ov_diag_add(d, OV_ERROR, NULL, 0, 0, NULL, NULL, "out of memory");
        goto done;
    }
    o->t.name = o->name;
    o->t.font = o->font;
    const json_t *types = json_object_get(root, "types");
    if (types && !json_is_object(types))
        ov_diag_at(d, OV_ERROR, path, "/types", NULL,
                   "\"types\" must be an object of type keys, not %s", ov_json_kind(types));
    else if (types)
        theme_types(o, path, types, d);
    o->t.types = o->types;
done:
    json_decref(root);
    if (o && o->name && o->font && d->errors == errors) {
        *out = &o->t;
        return OV_OK;
    }
    ov_theme_free(o ? &o->t : NULL);
    return OV_ERR_DATA;
}
