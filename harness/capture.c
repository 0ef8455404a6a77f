/* harness/capture.c: capture a helper program's output (see capture.h). */
#include "harness/capture.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int capture_output(char *const argv[], char *buf, size_t buflen)
{
    int fds[2];
    if (buflen == 0 || pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    /* Read to the end even past buflen, so the helper never blocks on a full pipe. */
    size_t len = 0;
    char overflow[256];
    for (;;) {
        bool room = len < buflen - 1;
        ssize_t n = read(fds[0], room ? buf + len : overflow, room ? buflen - 1 - len : sizeof overflow);
        if (n <= 0)
            break;
        if (room)
            len += (size_t)n;
    }
    close(fds[0]);
    buf[len] = '\0';
    while (len > 0 && buf[len - 1] == '\n')
        buf[--len] = '\0';
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
