/* base/context.c: facts about this machine and build (see context.h). */
#include "base/context.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "version.h"

static void cpu_model(char *buf, size_t len)
{
    snprintf(buf, len, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, "model name", 10) == 0) {
            snprintf(buf, len, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
}

static void utc_now(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *context_version(void)
{
    return NGBENCH_VERSION " (git " NGBENCH_GIT_COMMIT ")";
}

json_t *context_machine(void)
{
    char date[32], host[256] = "unknown", model[256], kernel[256] = "unknown";
    struct utsname u;
    utc_now(date, sizeof date);
    gethostname(host, sizeof host - 1);
    cpu_model(model, sizeof model);
    if (uname(&u) == 0)
        snprintf(kernel, sizeof kernel, "%s %s", u.sysname, u.release);
#ifdef __clang__
    const char *compiler = "clang " __clang_version__;
#else
    const char *compiler = "gcc " __VERSION__;
#endif
    return json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "date", date, "host", host, "cpu_model", model,
                     "cores", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN), "kernel", kernel,
                     "compiler", compiler, "ngbench_version", NGBENCH_VERSION,
                     "git_commit", NGBENCH_GIT_COMMIT);
}
