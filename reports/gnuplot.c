/* reports/gnuplot.c: data file, script, and the gnuplot run (see gnuplot.h). */
#include "reports/gnuplot.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* gnuplot's fill patterns, ordered so neighbours differ most: empty, solid,
 * the two diagonals, crosshatch, the two sparse diagonals, fine crosshatch. */
static const int patterns[] = { 0, 3, 4, 5, 1, 6, 7, 2 };
#define PATTERNS (sizeof patterns / sizeof patterns[0])
#define DASH_TYPES 5  /* gnuplot's dash types 1-5 */

/* ---- Finding gnuplot ---- */

static int executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int gnuplot_find(char *path, size_t len, char *err, size_t errlen)
{
    const char *env = getenv("NGBENCH_GNUPLOT");
    if (env && *env) {
        snprintf(path, len, "%s", env);
        if (executable(path))
            return 0;
        snprintf(err, errlen, "NGBENCH_GNUPLOT=%s is not an executable program", env);
        return -1;
    }
    const char *dirs = getenv("PATH");
    for (const char *d = dirs ? dirs : ""; *d;) {
        size_t n = strcspn(d, ":");
        if ((size_t)snprintf(path, len, "%.*s/gnuplot", (int)n, n ? d : ".") < len && executable(path))
            return 0;
        d += n + (d[n] == ':');
    }
    snprintf(err, errlen, "gnuplot not found on PATH: apt-get install gnuplot-nox, or set NGBENCH_GNUPLOT");
    return -1;
}

/* ---- Names as data ----
 * Every name comes from a results file, so nothing in it may change a
 * script or a data file: a control character (refused on reading anyway)
 * becomes '?', and each writer escapes what its own quoting needs. */

static bool control(unsigned char c)
{
    return c < 0x20 || c == 0x7F;
}

/* s in gnuplot single quotes: a quote inside is doubled; nothing else is
 * special there (no backslash escapes, no backquote substitution, no macros). */
static void quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(control((unsigned char)*s) ? '?' : *s, f);
    }
    fputc('\'', f);
}

/* s as a data-file string: a double quote, which gnuplot's data files
 * cannot escape, becomes a single one. */
static void data_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' ? '\'' : control((unsigned char)*s) ? '?' : *s, f);
    fputc('"', f);
}

/* ---- The data file: one row per x, "?" where a value is missing ---- */

static void write_data(FILE *f, const struct table *t)
{
    fputs("# ", f);
    data_string(f, t->title);
    fputs("\n#", f);
    for (size_t c = 0; c < t->ncols; c++) {
        fputc(' ', f);
        data_string(f, t->headers[c]);
    }
    fputc('\n', f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct cell *cell = table_cell(t, r, c);
            if (c == 0 && isnan(cell->value))
                data_string(f, cell->text);
            else if (isnan(cell->value))
                fputs(" ?", f);
            else
                fprintf(f, c ? " %.6g" : "%.6g", cell->value);
        }
        fputc('\n', f);
    }
}

/* ---- The script ---- */

static void script_head(FILE *f, const struct table *t, const char *terminal, const char *output)
{
    fprintf(f, "# Drawn by ngbench plot; edit and run 'gnuplot THIS_FILE' to redraw.\n");
    fprintf(f, "set terminal %s size 960,540 noenhanced font 'sans,12'\n", terminal);
    fputs("set output ", f);
    quoted(f, output);
    fputs("\nset title ", f);
    quoted(f, t->title);
    fputs("\nset datafile missing '?'\nset border lc rgb 'black'\nset grid ytics lc rgb '#bbbbbb'\n"
          "set key outside right top box\nset yrange [0:*]\n", f);
}

/* Series a's value column (1-based, as gnuplot counts). */
static size_t value_column(size_t a)
{
    return 2 + 2 * a;
}

static void script_figure1(FILE *f, const struct table *t, const char *data)
{
    fputs("set xlabel 'Workload'\n"
          "set ylabel 'Time / reference time (ratio)'\nset offsets 0, 0, graph 0.08, 0\n"
          "set style data histogram\nset style histogram errorbars gap 1 lw 1\n"
          "set style fill pattern border -1\nset xtics nomirror rotate by -30\n"
          "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb 'black'\nplot ", f);
    for (size_t a = 0; 1 + 2 * a < t->ncols; a++) {
        fputs(a ? ", \\\n     " : "", f);
        quoted(f, data);
        fprintf(f, " using %zu:%zu%s title ", value_column(a), value_column(a) + 1, a ? "" : ":xtic(1)");
        quoted(f, t->headers[1 + 2 * a]);
        fprintf(f, " fs pattern %d lc rgb 'black'", patterns[a % PATTERNS]);
    }
    fputc('\n', f);
}

static void script_scaling(FILE *f, const struct table *t, const char *data)
{
    fputs("set xlabel 'Threads'\nset ylabel 'Wall time (s; median, error bar: MAD)'\n"
          "set logscale x 2\nset xtics 2\nset offsets graph 0.05, graph 0.05, 0, 0\nplot ", f);
    for (size_t a = 0; 1 + 2 * a < t->ncols; a++) {
        fputs(a ? ", \\\n     " : "", f);
        quoted(f, data);
        fprintf(f, " using 1:%zu:%zu with yerrorlines title ", value_column(a), value_column(a) + 1);
        quoted(f, t->headers[1 + 2 * a]);
        fprintf(f, " dt %zu pt %zu ps 1.3 lw 1.5 lc rgb 'black'", 1 + a % DASH_TYPES, 1 + a % 13);
    }
    fputc('\n', f);
}

static void script_summary(FILE *f, const char *data)
{
    fputs("set xlabel 'Allocator'\n"
          "set ylabel 'Geometric mean of time / reference time (ratio)'\n"
          "set offsets 0, 0, graph 0.1, 0\n"
          "set style data histogram\nset style histogram clustered gap 1\n"
          "set style fill pattern 2 border -1\nset key off\n"
          "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb 'black'\nplot ", f);
    quoted(f, data);
    fputs(" using 2:xtic(1) lc rgb 'black', \\\n     ", f);
    quoted(f, data);
    fputs(" using 0:2:(sprintf('%.3f', $2)) with labels offset 0,0.8 tc rgb 'black'\n", f);
}

/* ---- Running it ---- */

static int run_gnuplot(const char *gnuplot, const char *script, char *err, size_t errlen)
{
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot start gnuplot: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execl(gnuplot, gnuplot, script, (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "%s failed on %s (exit status %d)", gnuplot, script,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

static int write_files(const struct table *t, enum figure figure, const char *terminal,
                       const char *output, const char *data, const char *script,
                       char *err, size_t errlen)
{
    FILE *d = fopen(data, "w"), *s = fopen(script, "w");
    if (!d || !s) {
        snprintf(err, errlen, "%s: cannot write: %s", !d ? data : script, strerror(errno));
        if (d)
            fclose(d);
        if (s)
            fclose(s);
        return -1;
    }
    write_data(d, t);
    script_head(s, t, terminal, output);
    if (figure == FIGURE_1)
        script_figure1(s, t, data);
    else if (figure == FIGURE_SCALING)
        script_scaling(s, t, data);
    else
        script_summary(s, data);
    int bad = ferror(d) || ferror(s);
    bad |= fclose(d) != 0;
    bad |= fclose(s) != 0;
    if (bad)
        snprintf(err, errlen, "%s: cannot write", data);
    return bad ? -1 : 0;
}

const char *gnuplot_terminal(const char *output)
{
    const char *dot = strrchr(output, '.');
    if (!dot || dot == output || strchr(dot, '/'))
        return NULL;
    return strcmp(dot, ".svg") == 0 ? "svg dynamic" : strcmp(dot, ".png") == 0 ? "pngcairo" : NULL;
}

int gnuplot_draw(const char *gnuplot, const struct table *data, enum figure figure,
                 const char *output, char *err, size_t errlen)
{
    const char *terminal = gnuplot_terminal(output);
    if (!terminal) {
        snprintf(err, errlen, "--output=%s: the name must end in .svg or .png", output);
        return -1;
    }
    if (data->nrows == 0) {
        snprintf(err, errlen, "nothing to plot");
        return -1;
    }
    char dat[PATH_MAX], gp[PATH_MAX];
    int base = (int)(strrchr(output, '.') - output);
    snprintf(dat, sizeof dat, "%.*s.dat", base, output);
    snprintf(gp, sizeof gp, "%.*s.gp", base, output);
    if (write_files(data, figure, terminal, output, dat, gp, err, errlen) != 0 ||
        run_gnuplot(gnuplot, gp, err, errlen) != 0)
        return -1;
    struct stat st;
    if (stat(output, &st) != 0 || st.st_size == 0) {
        snprintf(err, errlen, "%s: gnuplot wrote no image", output);
        return -1;
    }
    return 0;
}
