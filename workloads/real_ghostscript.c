/*
 * workloads/real_ghostscript.c: the ghostscript workload: gs renders our
 * generated multi-page PostScript document (postscript.h) to greyscale
 * raster pages, and the raster's checksum is verified (wl_verify_checksum).
 */
#include "workloads/catalog_parts.h"
#include "workloads/postscript.h"

static void document(const struct workload *w, const struct wl_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s/pages-v%d-p%ld-seed%d.ps", p->data_dir, WL_INPUT_VERSION,
             wl_sized_value(w, "pages", p->size), WL_SEED);
}

static int write_document(FILE *out, long pages) { return postscript_write(out, pages, WL_SEED); }

int ghostscript_prepare(const struct workload *w, const struct wl_params *p, char *err, size_t errlen)
{
    char doc[4096];
    if (wl_make_dir(p->data_dir, err, errlen) != 0)
        return -1;
    document(w, p, doc, sizeof doc);
    return wl_write_cached(doc, write_document, wl_sized_value(w, "pages", p->size), err, errlen);
}

/* -dSAFER: the document may not touch files; one pgmraw stream of every
 * page on stdout (no compression, so the time is the interpreter's and the
 * rasteriser's). */
int ghostscript_command(const struct workload *w, const struct wl_params *p, struct wl_command *cmd,
                        char *err, size_t errlen)
{
    char doc[4096];
    document(w, p, doc, sizeof doc);
    cmd->params = wl_sized_params(w, p->size);
    if (!cmd->params || json_object_set_new(cmd->params, "device", json_string("pgmraw"))
        || wl_push_arg(cmd, "%s", w->program) || wl_push_arg(cmd, "-q") || wl_push_arg(cmd, "-dSAFER")
        || wl_push_arg(cmd, "-dBATCH") || wl_push_arg(cmd, "-dNOPAUSE") || wl_push_arg(cmd, "-sDEVICE=pgmraw")
        || wl_push_arg(cmd, "-r%ld", wl_sized_value(w, "dpi", p->size)) || wl_push_arg(cmd, "-sOutputFile=-")
        || wl_push_arg(cmd, "%s", doc) || wl_set_output(w, p, cmd))
        return wl_out_of_memory(w, err, errlen);
    return 0;
}
