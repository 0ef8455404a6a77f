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

/* The canvas: a figure grows with its bars, within these bounds (pixels;
 * an SVG's size in points is the same number). */
#define FONT "sans,11"
#define CHAR_PX 8.0        /* a character's average width in that font, rounded up */
#define HEIGHT_PX 480
#define MIN_WIDTH_PX 560
#define MAX_WIDTH_PX 1800

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

struct canvas {
    int width, height;
    double legend_x;       /* screen fraction where the legend starts; 1: none */
    double left_x;         /* screen fraction where the plot starts; 0: gnuplot's choice */
    double plot_px;        /* the plot area's width, over which the title is centred */
};

/* Width for groups of bars (each bar about 9 px, a gap between groups),
 * plus the y axis's labels and a legend of names up to longest_name
 * characters. Tic labels (column 0 of labels, or none), slanted at 30
 * degrees, need height below the axis (half the longest's length) and hang
 * left of their tics (0.87 of their length), the first ones maybe past the
 * plot's left edge. */
static struct canvas canvas_for(const struct table *labels, size_t bars_per_group, size_t longest_name,
                                bool legend)
{
    size_t groups = labels ? labels->nrows : 1;
    double legend_px = legend ? 64 + CHAR_PX * (double)longest_name : 0;
    double group_px = 9.0 * (double)bars_per_group + 18;
    double plot_px = fmax(400, (double)groups * group_px), below_px = 0, left_px = 0;
    for (size_t r = 0; labels && r < labels->nrows; r++) {
        double len_px = CHAR_PX * (double)strlen(table_cell(labels, r, 0)->text);
        below_px = fmax(below_px, 0.5 * len_px - 80);
        /* beyond the 70 px gnuplot keeps for the y axis's tics and label */
        left_px = fmax(left_px, 0.87 * len_px - ((double)r + 0.5) * group_px - 60);
    }
    double width = fmin(fmax(90 + left_px + plot_px + legend_px, MIN_WIDTH_PX), MAX_WIDTH_PX);
    struct canvas c = { (int)width, HEIGHT_PX + (int)below_px, 1.0, 0, width - 90 - left_px - legend_px };
    if (left_px > 0)
        c.left_x = fmin((left_px + 80) / c.width, 0.6);
    if (legend)
        c.legend_x = 1.0 - legend_px / c.width;
    return c;
}

/* The title, on two lines when one would not fit over the plot: broken
 * at the space nearest its middle. */
static void script_title(FILE *f, const char *title, double width)
{
    size_t len = strlen(title), cut = 0;
    if ((double)len * CHAR_PX > width)
        for (size_t i = 0; i < len; i++)
            if (title[i] == ' ' && (!cut || labs((long)i - (long)len / 2) < labs((long)cut - (long)len / 2)))
                cut = i;
    if (!cut) {
        quoted(f, title);
        return;
    }
    char *first = strndup(title, cut);
    quoted(f, first);
    fputs(" . \"\\n\" . ", f);
    quoted(f, title + cut + 1);
    free(first);
}

static void script_head(FILE *f, const struct table *t, const char *terminal, const char *output,
                        const struct canvas *c)
{
    fprintf(f, "# Drawn by ngbench plot; edit and run 'gnuplot THIS_FILE' to redraw.\n");
    fprintf(f, "set terminal %s size %d,%d noenhanced font '%s'\n", terminal, c->width, c->height, FONT);
    fputs("set output ", f);
    quoted(f, output);
    fputs("\nset title ", f);
    script_title(f, t->title, c->plot_px);
    fputs("\nset datafile missing '?'\nset border lc rgb 'black'\nset grid ytics lc rgb '#dddddd'\n", f);
    /* Both margins always set (-1: gnuplot's own), so the script's lines
     * never depend on names. With long slanted tic labels gnuplot's own
     * margins would squeeze the plot. */
    if (c->legend_x < 1.0)
        fprintf(f, "set key off\nset rmargin at screen %.4f\n", c->legend_x - 0.01);
    else
        fprintf(f, "set rmargin %d\n", c->left_x > 0 ? 3 : -1);
    if (c->left_x > 0)
        fprintf(f, "set lmargin at screen %.4f\n", c->left_x);
    else
        fputs("set lmargin -1\n", f);
}

/* A log axis labelled at 1, 2 and 5 times each power of ten in range (a
 * span of one or two decades would otherwise show one or two labels); over
 * more than three decades, at the powers of ten alone. */
static void script_log_tics(FILE *f, const struct y_axis *axis)
{
    static const double steps[] = { 1, 2, 5 };
    size_t nsteps = log10(axis->hi / axis->lo) > 3 ? 1 : 3;
    fputs("set logscale y 10\nset format y '%g'\nset ytics (", f);
    bool first = true;
    for (double decade = pow(10, floor(log10(axis->lo))); decade <= axis->hi; decade *= 10)
        for (size_t i = 0; i < nsteps; i++) {
            double tic = decade * steps[i];
            if (tic < axis->lo || tic > axis->hi)
                continue;
            fprintf(f, "%s%.6g", first ? "" : ", ", tic);
            first = false;
        }
    fputs(")\nset mytics 10\n", f);
}

/* The y axis: its range, log or linear, and its label (which says log). */
static void script_y_axis(FILE *f, const struct y_axis *axis, const char *label)
{
    char text[160];
    snprintf(text, sizeof text, "%s%s", label, axis->log ? " (log scale)" : "");
    if (axis->log)
        script_log_tics(f, axis);
    fprintf(f, "set yrange [%.6g:%.6g]\nbottom = %.6g\nset ylabel ", axis->lo, axis->hi, axis->lo);
    quoted(f, text);
    /* A whisker's lower end, never below the axis. */
    fputs("\nlower(v, e) = column(v) - column(e) > bottom ? column(v) - column(e) : bottom\n", f);
}

/* One tic per row at 0, 1, 2, ..., labelled by plot_x_labels. */
static void script_x_tics(FILE *f, const struct table *t, const char *label)
{
    fputs("set xlabel ", f);
    quoted(f, label);
    fprintf(f, "\nset xrange [-0.5:%zu.5]\nset xtics nomirror scale 0 rotate by 30 right\n", t->nrows - 1);
}

/* The first plot element: an invisible point per row that labels its tic
 * with the row's first column. From the data file, not `set xtics (...)`,
 * whose labels gnuplot reads as formats (a name holding '%' would break). */
static void plot_x_labels(FILE *f, const char *data)
{
    fputs("plot ", f);
    quoted(f, data);
    fputs(" using 0:(bottom):xtic(1) with points ps 0 notitle", f);
}

/* The dashed line at ratio 1: in front of the bars, or behind them (and
 * behind the value labels above them). */
static void script_reference_line(FILE *f, bool front)
{
    fprintf(f, "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb 'black' %s\n",
            front ? "front" : "back");
}

/* The legend of bars, drawn by hand beside the plot: gnuplot's key shows a
 * bar's colour or its pattern, never both. */
static void script_bar_legend(FILE *f, const struct table *t, const struct canvas *c)
{
    size_t n = (t->ncols - 1) / 2;
    double row = fmin(0.07, 1.0 / (double)n), x0 = c->legend_x, x1 = x0 + 34.0 / c->width;
    for (size_t a = 0; a < n; a++) {
        struct series_style st = figure_series_style(a);
        double top = 1.0 - (double)a * row, low = top - row * 0.75;
        fprintf(f, "set object %zu rect from screen %.4f, graph %.4f to screen %.4f, graph %.4f "
                   "fc rgb '%s' fs solid 1.0 border lc rgb 'black'\n", 2 * a + 1, x0, top, x1, low, st.colour);
        if (st.pattern)
            fprintf(f, "set object %zu rect from screen %.4f, graph %.4f to screen %.4f, graph %.4f "
                       "fc rgb 'black' fs transparent pattern %d border lc rgb 'black'\n",
                    2 * a + 2, x0, top, x1, low, st.pattern);
        fprintf(f, "set label %zu ", a + 1);
        quoted(f, t->headers[1 + 2 * a]);
        fprintf(f, " at screen %.4f, graph %.4f left\n", x1 + 8.0 / c->width, (top + low) / 2);
    }
}

/* A bar from the axis to column v at x (a gnuplot expression), in style st,
 * its pattern over its colour; with e > 0, a whisker of +- column e, white
 * around black so it shows on any bar. `every` picks rows ("" for all). */
static void plot_bar(FILE *f, const char *data, const char *every, const char *x, size_t v, size_t e,
                     const struct series_style *st)
{
    fputs(", \\\n     ", f);
    quoted(f, data);
    fprintf(f, "%s using (%s):%zu:(%s-w/2):(%s+w/2):(bottom):%zu with boxxyerror fs solid 1.0 border "
               "lc rgb 'black' fc rgb '%s' notitle", every, x, v, x, x, v, st->colour);
    if (st->pattern) {
        fputs(", \\\n     ", f);
        quoted(f, data);
        fprintf(f, "%s using (%s):%zu:(%s-w/2):(%s+w/2):(bottom):%zu with boxxyerror fs transparent pattern %d "
                   "border lc rgb 'black' fc rgb 'black' notitle", every, x, v, x, x, v, st->pattern);
    }
    for (int pass = 0; e && pass < 2; pass++) {
        fputs(", \\\n     ", f);
        quoted(f, data);
        fprintf(f, "%s using (%s):%zu:(lower(%zu, %zu)):($%zu+$%zu) with yerrorbars ps 0 lw %s lc rgb '%s' "
                   "notitle", every, x, v, v, e, v, e, pass ? "1.2" : "3", pass ? "black" : "white");
    }
}

/* Series a's value column (1-based, as gnuplot counts). */
static size_t value_column(size_t a)
{
    return 2 + 2 * a;
}

static void script_figure1(FILE *f, const struct table *t, const char *data, const struct y_axis *axis)
{
    size_t n = (t->ncols - 1) / 2;
    script_x_tics(f, t, "Workload");
    script_y_axis(f, axis, "Time / reference time (ratio)");
    script_reference_line(f, true);
    fprintf(f, "w = 0.8 / %zu\n", n);
    plot_x_labels(f, data);
    for (size_t a = 0; a < n; a++) {
        char x[64];
        struct series_style st = figure_series_style(a);
        snprintf(x, sizeof x, "$0 + (%zu - %zu / 2.0) * w", a, n - 1);
        plot_bar(f, data, "", x, value_column(a), value_column(a) + 1, &st);
    }
    fputc('\n', f);
}

/* One line with whiskers per series; x is a using-expression: "1", the
 * data's first column, or "0", the row. first: these begin the plot. */
static void plot_lines(FILE *f, const struct table *t, const char *data, const char *x, bool first)
{
    for (size_t a = 0; 1 + 2 * a < t->ncols; a++) {
        struct series_style st = figure_series_style(a);
        size_t v = value_column(a);
        fputs(first && a == 0 ? "plot " : ", \\\n     ", f);
        quoted(f, data);
        fprintf(f, " using %s:%zu:(lower(%zu, %zu)):($%zu+$%zu) with yerrorlines title ", x, v, v, v + 1, v, v + 1);
        quoted(f, t->headers[1 + 2 * a]);
        fprintf(f, " dt %d pt %d ps 1.3 lw 2 lc rgb '%s'", st.dash, st.point, st.line);
    }
    fputc('\n', f);
}

static void script_scaling(FILE *f, const struct table *t, const char *data, const struct y_axis *axis)
{
    fputs("set key outside right top Left reverse noenhanced\nset xlabel 'Threads'\n"
          "set logscale x 2\nset xtics 2\nset offsets graph 0.05, graph 0.05, 0, 0\n", f);
    script_y_axis(f, axis, "Wall time (s; median, error bar: MAD)");
    plot_lines(f, t, data, "1", true);
}

/* The history's trend: imports along x, labelled from the data file. */
static void script_trend(FILE *f, const struct table *t, const char *data, const struct y_axis *axis)
{
    fputs("set key outside right top Left reverse noenhanced\n", f);
    script_x_tics(f, t, "Import (oldest first)");
    script_y_axis(f, axis, "Median (error bar: MAD)");
    plot_x_labels(f, data);
    plot_lines(f, t, data, "0", false);
}

/* One bar per allocator, each in its series' style, with its value above it. */
static void script_summary(FILE *f, const struct table *t, const char *data, const struct y_axis *axis)
{
    script_x_tics(f, t, "Allocator");
    script_y_axis(f, axis, "Geometric mean of time / reference time (ratio)");
    script_reference_line(f, false);
    fputs("set key off\nw = 0.7\nset style textbox opaque noborder\n", f);
    plot_x_labels(f, data);
    for (size_t r = 0; r < t->nrows; r++) {
        char every[32], x[32];
        struct series_style st = figure_series_style(r);
        snprintf(every, sizeof every, " every ::%zu::%zu", r, r);
        snprintf(x, sizeof x, "%zu", r);
        plot_bar(f, data, every, x, 2, 0, &st);
    }
    fputs(", \\\n     ", f);
    quoted(f, data);
    fputs(" using 0:2:(sprintf('%.3f', $2)) with labels boxed offset 0,0.9 tc rgb 'black' notitle\n", f);
}

static size_t longest_header(const struct table *t)
{
    size_t longest = 0;
    for (size_t c = 1; c < t->ncols; c += 2)
        if (strlen(t->headers[c]) > longest)
            longest = strlen(t->headers[c]);
    return longest;
}

/* The whole script of one figure. */
static void write_script(FILE *f, const struct table *t, enum figure figure, enum figure_scale scale,
                         const char *terminal, const char *output, const char *data)
{
    size_t series = (t->ncols - 1) / 2;
    struct canvas c;
    struct y_axis axis;
    switch (figure) {
    case FIGURE_1:
        c = canvas_for(t, series, longest_header(t), true);
        axis = figure_y_axis(t, 1, 2, true, 1.0, scale);
        script_head(f, t, terminal, output, &c);
        script_bar_legend(f, t, &c);
        script_figure1(f, t, data, &axis);
        break;
    case FIGURE_SCALING:
    case FIGURE_TREND:
        /* no room kept for tic labels: a fixed right margin would push gnuplot's key into the plot */
        c = canvas_for(NULL, 4, 0, false);
        /* room for gnuplot's key: a line sample and the longest name */
        c.width = (int)fmin(fmax(c.width, 480) + 90 + CHAR_PX * (double)longest_header(t), MAX_WIDTH_PX);
        axis = figure_y_axis(t, 1, 2, true, NAN, scale);
        script_head(f, t, terminal, output, &c);
        if (figure == FIGURE_TREND)
            script_trend(f, t, data, &axis);
        else
            script_scaling(f, t, data, &axis);
        break;
    case FIGURE_SUMMARY:
        c = canvas_for(t, 4, 0, false);
        axis = figure_y_axis(t, 1, 1, false, 1.0, scale);
        script_head(f, t, terminal, output, &c);
        script_summary(f, t, data, &axis);
        break;
    }
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

static int write_files(const struct table *t, enum figure figure, enum figure_scale scale, const char *terminal,
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
    write_script(s, t, figure, scale, terminal, output, data);
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

int gnuplot_draw(const char *gnuplot, const struct table *data, enum figure figure, enum figure_scale scale,
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
    /* Named after the whole output name: fig1.svg's files never replace fig1.png's. */
    char dat[PATH_MAX], gp[PATH_MAX];
    snprintf(dat, sizeof dat, "%s.dat", output);
    snprintf(gp, sizeof gp, "%s.gp", output);
    if (write_files(data, figure, scale, terminal, output, dat, gp, err, errlen) != 0 ||
        run_gnuplot(gnuplot, gp, err, errlen) != 0)
        return -1;
    struct stat st;
    if (stat(output, &st) != 0 || st.st_size == 0) {
        snprintf(err, errlen, "%s: gnuplot wrote no image", output);
        return -1;
    }
    return 0;
}
