/* The build's stamp: the input hash of every output (orgviz version and
 * program, data file, manifest entry, theme file, days, format, file
 * name), kept in DIR/.orgviz-build.json to tell which outputs are up to
 * date. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "version.h"
#include "build_int.h"

static uint64_t hash_str(uint64_t h, const char *s)
{
    /* the terminating NUL separates fields */
    return ov_hash64(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void hex64(uint64_t v, char *buf)
{
    snprintf(buf, 17, "%016llx", (unsigned long long)v);
}

static int parse_hex64(const char *s, uint64_t *out)
{
    if (!s || strlen(s) != 16)
        return -1;
    char *end;
    unsigned long long v = strtoull(s, &end, 16);
    if (*end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

uint64_t bld_inputs_hash(const bld_plan *P, const bld_out *o)
{
    const bld_item *it = &P->items[o->item];
    const ov_manifest_chart *c = &P->man->charts[it->chart];
    char day[11] = "-";
    char today[11] = "-";
    if (it->day != OV_DAY_NONE)
        ov_date_iso(it->day, day);
    if (it->today != OV_DAY_NONE)
        ov_date_iso(it->today, today);
    uint64_t h = hash_str(OV_HASH_INIT, "orgviz-build 1");
    h = hash_str(h, ORGVIZ_VERSION);
    uint64_t ph = ov_program_hash();
    h = ov_hash64(h, &ph, sizeof ph);
    uint64_t dh = P->data[it->data].hash;
    h = ov_hash64(h, &dh, sizeof dh);
    h = hash_str(h, c->canon);
    if (c->theme_path) {
        /* a theme file is an input too */
        char *tb = NULL;
        size_t tl = 0;
        ov_diags td;
        ov_diags_init(&td);
        if (ov_read_file(c->theme_path, 1024 * 1024, &tb, &tl, &td) == OV_OK)
            h = ov_hash64(h, tb, tl);
        free(tb);
        ov_diags_free(&td);
    }
    h = hash_str(h, day);
    h = hash_str(h, today);
    h = hash_str(h, ov_format_ext(o->format));
    return hash_str(h, o->file);
}

/* ---- the stamp ----------------------------------------------------------- */

void bld_stamp_read(bld_plan *P)
{
    char *path = ov_asprintf("%s/%s", P->out_dir, OV_BUILD_STAMP);
    if (!path) {
        P->oom = 1;
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = bld_read_existing(path, &buf, &len, P->d);
    if (rc == 0) {
        json_t *root = json_loadb(buf, len, 0, NULL);
        json_t *outs = json_object_get(root, "outputs");
        if (json_is_object(outs) &&
            json_integer_value(json_object_get(root, "orgviz_build")) == 1) {
            P->stamp = json_incref(outs);
        } else {
            ov_diag_add(P->d, OV_WARNING, path, 0, 0, NULL, NULL,
                        "not a build stamp; every chart is rendered again");
        }
        json_decref(root);
    }
    free(buf);
    free(path);
}

/* 1 when the stamp records INPUTS for FILE and the bytes hash *BYTES. */
int bld_stamp_lookup(const bld_plan *P, const char *file, uint64_t inputs, uint64_t *bytes)
{
    const json_t *e = json_object_get(P->stamp, file);
    uint64_t in;
    if (parse_hex64(json_string_value(json_object_get(e, "inputs")), &in) != 0 ||
        parse_hex64(json_string_value(json_object_get(e, "bytes")), bytes) != 0)
        return 0;
    return in == inputs;
}

void bld_stamp_write(bld_plan *P)
{
    json_t *root = json_object();
    json_t *outs = json_object();
    char *path = ov_asprintf("%s/%s", P->out_dir, OV_BUILD_STAMP);
    char *text = NULL;
    char *old = NULL;
    size_t oldlen = 0;
    if (!root || !outs || !path)
        goto oom;
    json_object_set_new(root, "orgviz_build", json_integer(1));
    json_object_set_new(root, "orgviz", json_string(ORGVIZ_VERSION));
    for (size_t i = 0; i < P->nouts; i++) {
        const bld_out *o = &P->outs[i];
        if (o->state != OV_OUT_UNCHANGED && o->state != OV_OUT_RENDERED)
            continue;
        char in[17];
        char by[17];
        hex64(o->inputs, in);
        hex64(o->hash, by);
        json_t *e = json_pack("{s:s, s:s}", "inputs", in, "bytes", by);
        if (!e)
            goto oom;
        const bld_item *it = &P->items[o->item];
        if (it->today != OV_DAY_NONE) {
            char iso[11];
            ov_date_iso(it->today, iso);
            json_object_set_new(e, "today", json_string(iso));
        }
        json_object_set_new(outs, o->file, e);
    }
    json_object_set(root, "outputs", outs);
    char *dump = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2));
    if (!dump)
        goto oom;
    text = ov_asprintf("%s\n", dump);
    free(dump);
    if (!text)
        goto oom;
    size_t len = strlen(text);
    int rc = bld_read_existing(path, &old, &oldlen, P->d);
    if (rc != 0 || oldlen != len || memcmp(old, text, len) != 0)
        ov_write_file(path, text, len, P->d);
    goto done;
oom:
    ov_diag_add(P->d, OV_ERROR, P->out_dir, 0, 0, NULL, NULL,
                "out of memory writing the build stamp");
done:
    free(old);
    free(text);
    free(path);
    json_decref(outs);
    json_decref(root);
}
