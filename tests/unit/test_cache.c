/* The model cache's entries (src/model_cache.c): a model and its warnings
 * survive the round trip whole, and a damaged, cut or foreign entry is
 * refused without harm. The command line's cache (folders, keys, misses)
 * is tested in tests/cli/test_cache.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "model_cache.h"
#include "orgviz.h"
#include "output.h"

static char *blob;
static size_t blob_len;
static ov_model *model;
static ov_diags warnings;
static const uint64_t key = UINT64_C(0x1234567890abcdef);

/* The bundled Herefordshire and Worcestershire data, with an unknown key
 * added so that loading it gives a warning to carry. */
static void setup(void)
{
    const char *root = getenv("SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/data/herefordshire-worcestershire.json", root ? root : ".");
    char *text;
    size_t len;
    ov_diags d;
    ov_diags_init(&d);
    if (ov_read_file(path, OV_MAX_FILE_BYTES, &text, &len, &d) != OV_OK) {
        printf("# cannot read %s\n", path);
        exit(1);
    }
    char *brace = strchr(text, '{');
    size_t head = (size_t)(brace - text) + 1;
    const char *extra = "\"colour_scheme\": \"x\",";
    char *doc = malloc(len + strlen(extra) + 1);
    memcpy(doc, text, head);
    strcpy(doc + head, extra);
    strcpy(doc + head + strlen(extra), text + head);
    ov_diags_init(&warnings);
    ov_status st = ov_open_buffer("hw.json", doc, strlen(doc), &model, &warnings);
    free(doc);
    free(text);
    ov_diags_free(&d);
    if (st != OV_OK || warnings.count == 0) {
        printf("# the test data did not load with a warning\n");
        exit(1);
    }
    blob = ov_model_cache_encode(model, &warnings, 0, key, &blob_len);
}

static void test_round_trip(void)
{
    CHECK(blob != NULL && blob_len > 1000);
    ov_model *m = NULL;
    ov_diags d;
    ov_diags_init(&d);
    CHECK(ov_model_cache_decode(blob, blob_len, "hw.json", key, &m, &d) == 0);
    CHECK(m != NULL);
    if (!m)
        return;
    /* encoding what came back gives the same bytes: every field came back */
    size_t len2 = 0;
    char *again = ov_model_cache_encode(m, &d, 0, key, &len2);
    CHECK(again && len2 == blob_len && memcmp(again, blob, blob_len) == 0);
    free(again);
    CHECK(m->norgs == model->norgs && m->nrels == model->nrels && m->ntrans == model->ntrans);
    CHECK(m->norgs > 100 && m->ntrans > 0 && m->nsources > 0);
    /* the index was rebuilt: ids resolve to the same organisations */
    int same = 1;
    for (size_t i = 0; i < model->norgs; i++)
        same &= ov_model_find(m, model->orgs[i].id) == ov_model_find(model, model->orgs[i].id);
    CHECK(same);
    for (size_t i = 0; i < model->nrels; i++)
        same &= m->rels[i].from == model->rels[i].from && m->rels[i].to == model->rels[i].to;
    CHECK(same);
    /* the warnings came back with their kind and place */
    CHECK(d.count == warnings.count && d.warnings == warnings.count && d.errors == 0);
    for (size_t i = 0; i < d.count && i < warnings.count; i++) {
        CHECK_STR(d.items[i].message, warnings.items[i].message);
        CHECK((d.items[i].kind == NULL) == (warnings.items[i].kind == NULL));
        if (d.items[i].kind && warnings.items[i].kind)
            CHECK_STR(d.items[i].kind, warnings.items[i].kind);
        CHECK((d.items[i].pointer == NULL) == (warnings.items[i].pointer == NULL));
    }
    ov_diags_free(&d);
    ov_model_free(m);
}

static void test_warning_fields(void)
{
    /* a warning with a line, a column, an excerpt and no kind, and one
     * with a kind, come back field for field */
    ov_diags w;
    ov_diags_init(&w);
    ov_diag_add(&w, OV_WARNING, "hw.json", 3, 7, NULL, NULL, "a warning with a place");
    ov_diag_set_excerpt(&w.items[0], "  \"a\": 1,", 10);
    ov_diag_warn(&w, "no-start", "hw.json", "/organisations/2", "X1", "a warning of a kind");
    size_t len = 0;
    char *entry = ov_model_cache_encode(model, &w, 0, key, &len);
    ov_model *m = NULL;
    ov_diags d;
    ov_diags_init(&d);
    CHECK(entry && ov_model_cache_decode(entry, len, "hw.json", key, &m, &d) == 0);
    CHECK(d.count == 2 && d.warnings == 2 && d.errors == 0);
    if (d.count == 2) {
        const ov_diag *a = &d.items[0];
        const ov_diag *b = &d.items[1];
        CHECK(a->severity == OV_WARNING && a->line == 3 && a->column == 7 && !a->kind);
        CHECK(!a->pointer && !a->org_id);
        CHECK_STR(a->file, "hw.json");
        CHECK_STR(a->message, "a warning with a place");
        CHECK(a->excerpt != NULL);
        if (a->excerpt)
            CHECK_STR(a->excerpt, w.items[0].excerpt);
        CHECK(b->line == 0 && b->column == 0 && !b->excerpt && b->kind != NULL);
        if (b->kind)
            CHECK_STR(b->kind, "no-start");
        CHECK_STR(b->pointer, "/organisations/2");
        CHECK_STR(b->org_id, "X1");
        CHECK_STR(b->message, "a warning of a kind");
    }
    ov_diags_free(&d);
    ov_model_free(m);
    free(entry);
    ov_diags_free(&w);
}

static void test_foreign_entries(void)
{
    ov_model *m = (ov_model *)1;
    ov_diags d;
    ov_diags_init(&d);
    /* another file's name, another key */
    CHECK(ov_model_cache_decode(blob, blob_len, "other.json", key, &m, &d) == -1 && !m);
    CHECK(ov_model_cache_decode(blob, blob_len, "hw.json", key + 1, &m, &d) == -1 && !m);
    CHECK(ov_model_cache_decode("not an entry", 12, "hw.json", key, &m, &d) == -1 && !m);
    CHECK(d.count == 0);
    ov_diags_free(&d);
}

static void test_cut_short(void)
{
    /* lengths short of the whole are refused (the sanitizer build shows
     * that none reads past the end): every one near either end, and a
     * few thousand between */
    int accepted = 0;
    size_t step = blob_len / 3000 + 1;
    for (size_t n = 0; n < blob_len; n += n < 512 || n + 512 > blob_len ? 1 : step) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, blob, n);
        ov_model *m = NULL;
        ov_diags d;
        ov_diags_init(&d);
        if (ov_model_cache_decode(cut, n, "hw.json", key, &m, &d) == 0)
            accepted++;
        ov_model_free(m);
        ov_diags_free(&d);
        free(cut);
    }
    CHECK_MSG(accepted == 0, "%d cut entries accepted", accepted);
}

static void test_damaged(void)
{
    /* a byte changed anywhere gives a refusal or a model whose references
     * all point inside it, never a crash */
    int bad = 0;
    size_t step = blob_len / 4000 + 1;
    for (size_t i = 0; i < blob_len; i += step) {
        for (unsigned flip = 1; flip < 256; flip <<= 3) {
            char *copy = malloc(blob_len);
            memcpy(copy, blob, blob_len);
            copy[i] = (char)(copy[i] ^ (char)flip);
            ov_model *m = NULL;
            ov_diags d;
            ov_diags_init(&d);
            if (ov_model_cache_decode(copy, blob_len, "hw.json", key, &m, &d) == 0) {
                for (size_t r = 0; r < m->nrels; r++)
                    bad += (m->rels[r].from != OV_NONE && m->rels[r].from >= m->norgs) ||
                           (m->rels[r].to != OV_NONE && m->rels[r].to >= m->norgs);
                for (size_t o = 0; o < m->norgs; o++)
                    bad += m->orgs[o].type != OV_NONE && m->orgs[o].type >= m->ntypes;
            }
            ov_model_free(m);
            ov_diags_free(&d);
            free(copy);
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    setup();
    RUN(test_round_trip);
    RUN(test_warning_fields);
    RUN(test_foreign_entries);
    RUN(test_cut_short);
    RUN(test_damaged);
    free(blob);
    ov_model_free(model);
    ov_diags_free(&warnings);
    DONE();
}
