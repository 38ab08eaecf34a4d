/*
 * legends-monitor: the monitor of a container that has no terminal and no stdin, in conmon's place.
 *
 * Why not conmon for these: conmon links eleven shared libraries and sets up glib before it
 * forks, and needs a shell to turn its `runc create` into `runc run --detach`; together ~12 ms of
 * a ~70 ms start. This static program runs `runc run --detach` itself. It speaks conmon's
 * language where the daemon listens: the same options (a subset), the one-line JSON report on
 * the fd named by _OCI_SYNCPIPE, the pid files, the k8s-file log, exits/ID and PERSIST/exit,
 * PERSIST/oom. Containers with a terminal or stdin, and exec sessions, keep conmon: its attach
 * socket and terminal handling are not repeated here.
 *
 *   1. the process the daemon started forks the monitor, writes its pid file and exits;
 *   2. the monitor calls setsid (it outlives the daemon), becomes the subreaper of the
 *      container's PID 1, and runs runc with the container's stdout and stderr on two pipes;
 *   3. when runc has exited it reports {"data": PID} (or -1 and runc's error) on the sync fd;
 *   4. it writes what the container prints to the log until PID 1 exits, drains the pipes, and
 *      writes the exit code (128+N for signal N, as conmon and docker) to both exit files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNTIME_ARGS 64
#define CHUNK 8192

struct options {
    const char *cid, *bundle, *pidfile, *monitor_pidfile, *log_path, *exit_dir, *persist_dir, *runtime;
    const char *runtime_args[MAX_RUNTIME_ARGS];
    int runtime_argc;
    long long log_size_max; /* 0: unbounded */
};

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("legends-monitor: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* conmon's options that the daemon passes and that mean nothing here take a value and are skipped. */
static const char *IGNORED_WITH_VALUE[] = {"--api-version", "--cuuid", "--name", "--socket-dir-path", "--log-level", NULL};

static void parse(int argc, char **argv, struct options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--no-sync-log") == 0) continue;
        if (strcmp(a, "--terminal") == 0 || strcmp(a, "-t") == 0 || strcmp(a, "--stdin") == 0 || strcmp(a, "-i") == 0)
            die("%s is not supported: containers with a terminal or stdin run under conmon", a);
        if (i + 1 >= argc) die("%s needs a value", a);
        const char *v = argv[++i];
        int ignored = 0;
        for (const char **p = IGNORED_WITH_VALUE; *p; p++) ignored |= strcmp(a, *p) == 0;
        if (ignored) continue;
        if (strcmp(a, "--cid") == 0 || strcmp(a, "-c") == 0) o->cid = v;
        else if (strcmp(a, "--bundle") == 0 || strcmp(a, "-b") == 0) o->bundle = v;
        else if (strcmp(a, "--container-pidfile") == 0 || strcmp(a, "-p") == 0) o->pidfile = v;
        else if (strcmp(a, "--conmon-pidfile") == 0 || strcmp(a, "-P") == 0) o->monitor_pidfile = v;
        else if (strcmp(a, "--log-path") == 0 || strcmp(a, "-l") == 0) {
            if (strncmp(v, "k8s-file:", 9) == 0) v += 9;
            else if (strchr(v, ':') != NULL && v[0] != '/') die("log driver of %s is not supported: only k8s-file", v);
            o->log_path = v;
        } else if (strcmp(a, "--exit-dir") == 0) o->exit_dir = v;
        else if (strcmp(a, "--persist-dir") == 0) o->persist_dir = v;
        else if (strcmp(a, "--runtime") == 0 || strcmp(a, "-r") == 0) o->runtime = v;
        else if (strcmp(a, "--log-size-max") == 0) {
            char *end;
            o->log_size_max = strtoll(v, &end, 10);
            if (*end != '\0' || o->log_size_max < 0) die("--log-size-max %s: not a number of bytes", v);
        }
        else if (strcmp(a, "--runtime-arg") == 0) {
            if (o->runtime_argc == MAX_RUNTIME_ARGS) die("more than %d runtime arguments", MAX_RUNTIME_ARGS);
            o->runtime_args[o->runtime_argc++] = v;
        } else die("unknown option %s", a);
    }
    if (!o->cid || !o->bundle || !o->pidfile || !o->monitor_pidfile || !o->log_path || !o->exit_dir
            || !o->persist_dir || !o->runtime)
        die("needs --cid, --bundle, --container-pidfile, --conmon-pidfile, --log-path, --exit-dir, "
            "--persist-dir and --runtime");
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        buf += n;
        len -= (size_t) n;
    }
    return 0;
}

static int write_in_place(const char *path, const char *content) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    int failed = write_all(fd, content, strlen(content));
    return (close(fd) | failed) ? -1 : 0;
}

/*
 * Replaces PATH at once with CONTENT: a temporary file in TMP_DIR, renamed, so readers see all or
 * nothing. TMP_DIR is not PATH's directory for the exit file, where the daemon watches every new name.
 */
static int write_file(const char *path, const char *tmp_dir, const char *content) {
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s/.legends-monitor.%d", tmp_dir, (int) getpid()) >= (int) sizeof tmp) return -1;
    if (write_in_place(tmp, content) != 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) == 0) return 0;
    int cross_device = errno == EXDEV;
    unlink(tmp);
    return cross_device ? write_in_place(path, content) : -1;
}

static void dir_of(const char *path, char *out, size_t size) {
    snprintf(out, size, "%s", path);
    char *slash = strrchr(out, '/');
    if (slash == out) slash[1] = '\0';
    else if (slash) *slash = '\0';
    else snprintf(out, size, ".");
}

/* The report conmon gives: {"data": PID} or {"data": -1, "message": "..."}, one line, JSON-escaped. */
static void report(int fd, long pid, const char *message) {
    if (fd < 0) return;
    char buf[CHUNK * 6 + 64];
    size_t n = (size_t) snprintf(buf, sizeof buf, "{\"data\": %ld", pid);
    if (message) {
        n += (size_t) snprintf(buf + n, sizeof buf - n, ", \"message\": \"");
        for (const unsigned char *p = (const unsigned char *) message; *p && n < sizeof buf - 16; p++) {
            if (*p == '"' || *p == '\\') { buf[n++] = '\\'; buf[n++] = (char) *p; }
            else if (*p == '\n') { buf[n++] = '\\'; buf[n++] = 'n'; }
            else if (*p < 0x20) n += (size_t) snprintf(buf + n, sizeof buf - n, "\\u%04x", *p);
            else buf[n++] = (char) *p;
        }
        buf[n++] = '"';
    }
    buf[n++] = '}';
    buf[n++] = '\n';
    write_all(fd, buf, n);
}

/* Everything that can be read from FD now (non-blocking), into BUF of SIZE, NUL-terminated. */
static void read_available(int fd, char *buf, size_t size) {
    size_t n = 0;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    while (n < size - 1) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t) r;
    }
    buf[n] = '\0';
}

/* The log file, and its size against the limit (conmon's --log-size-max, docker's max-size). */
struct log {
    int fd;
    long long size, max;
};

/*
 * k8s-file: "TIME STREAM F|P TEXT\n" per line, P for a piece whose newline has not come yet.
 * Records that would take the file past its limit start it over (as conmon and podman do):
 * readers following it see it shrink and read again from the start.
 */
static void log_chunk(struct log *log, const char *stream, const char *data, size_t len) {
    static char out[CHUNK * 48];
    struct timespec ts;
    struct tm tm;
    char stamp[64];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t s = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(stamp + s, sizeof stamp - s, ".%09ldZ %s ", ts.tv_nsec, stream);
    size_t stamp_len = strlen(stamp), n = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t) (nl - data) : len;
        memcpy(out + n, stamp, stamp_len);
        n += stamp_len;
        out[n++] = nl ? 'F' : 'P';
        out[n++] = ' ';
        memcpy(out + n, data + pos, end - pos);
        n += end - pos;
        out[n++] = '\n';
        pos = nl ? end + 1 : len;
    }
    if (log->max > 0 && log->size + (long long) n > log->max && ftruncate(log->fd, 0) == 0) log->size = 0;
    if (write_all(log->fd, out, n) == 0) log->size += (long long) n;
}

/* The memory cgroup file that counts OOM kills of PID's cgroup: v1 memory.oom_control, or v2 memory.events. */
static int oom_counter_path(long pid, char *out, size_t size) {
    char path[64], line[PATH_MAX + 64];
    snprintf(path, sizeof path, "/proc/%ld/cgroup", pid);
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *controllers = strchr(line, ':');
        char *cgroup = controllers ? strchr(controllers + 1, ':') : NULL;
        if (!cgroup) continue;
        *cgroup++ = '\0';
        controllers++;
        int v1_memory = 0;
        for (char *tok = strtok(controllers, ","); tok; tok = strtok(NULL, ",")) v1_memory |= strcmp(tok, "memory") == 0;
        if (v1_memory) {
            snprintf(out, size, "/sys/fs/cgroup/memory%s/memory.oom_control", cgroup);
            found = 0;
            break;
        }
        if (*controllers == '\0' && line[0] == '0') {
            snprintf(out, size, "/sys/fs/cgroup%s/memory.events", cgroup);
            found = 0; /* a v1 memory line later in the file wins */
        }
    }
    fclose(f);
    return found;
}

static long oom_kills(const char *counter) {
    FILE *f = fopen(counter, "re");
    if (!f) return 0;
    char key[64];
    long value, kills = 0;
    while (fscanf(f, "%63s %ld", key, &value) == 2) {
        if (strcmp(key, "oom_kill") == 0) kills = value;
    }
    fclose(f);
    return kills;
}

static long read_pid(const char *path) {
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    long pid = -1;
    if (fscanf(f, "%ld", &pid) != 1) pid = -1;
    fclose(f);
    return pid;
}

static int exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

int main(int argc, char **argv) {
    struct options o = {0};
    parse(argc, argv, &o);
    const char *sync_env = getenv("_OCI_SYNCPIPE");
    int sync_fd = sync_env ? atoi(sync_env) : -1;

    pid_t monitor = fork();
    if (monitor < 0) die("fork: %s", strerror(errno));
    if (monitor > 0) {
        char pid[32], dir[PATH_MAX];
        snprintf(pid, sizeof pid, "%d", (int) monitor);
        dir_of(o.monitor_pidfile, dir, sizeof dir);
        if (write_file(o.monitor_pidfile, dir, pid) != 0) {
            kill(monitor, SIGKILL);
            die("write %s: %s", o.monitor_pidfile, strerror(errno));
        }
        return 0;
    }

    setsid();
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        report(sync_fd, -1, "legends-monitor: cannot become a subreaper");
        return 1;
    }
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    int sig_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    struct log log = {open(o.log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600), 0, o.log_size_max};
    struct stat st_log;
    if (log.fd >= 0 && fstat(log.fd, &st_log) == 0) log.size = st_log.st_size; /* a restart appends */
    int out[2], err[2];
    if (sig_fd < 0 || log.fd < 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "legends-monitor: open %s or a pipe: %s", o.log_path, strerror(errno));
        report(sync_fd, -1, msg);
        return 1;
    }

    const char *args[MAX_RUNTIME_ARGS + 16];
    int n = 0;
    args[n++] = o.runtime;
    for (int i = 0; i < o.runtime_argc; i++) args[n++] = o.runtime_args[i];
    const char *run[] = {"run", "--detach", "--bundle", o.bundle, "--pid-file", o.pidfile, o.cid, NULL};
    for (const char **p = run; ; p++) {
        args[n++] = *p;
        if (!*p) break;
    }
    pid_t runtime = fork();
    if (runtime < 0) {
        report(sync_fd, -1, "legends-monitor: cannot fork the runtime");
        return 1;
    }
    if (runtime == 0) {
        /* the container inherits runc's stdio and signal mask: give it the pipes and a clean mask */
        sigprocmask(SIG_SETMASK, &old, NULL);
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(127);
        if (sync_fd > 2) close(sync_fd);
        execv(o.runtime, (char *const *) args);
        dprintf(2, "{\"level\":\"error\",\"msg\":\"exec %s: %s\"}\n", o.runtime, strerror(errno));
        _exit(127);
    }
    close(out[1]);
    close(err[1]);

    int status;
    while (waitpid(runtime, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* runc's error (a JSON log line) is on the container's stderr, where conmon looks for it too */
        char msg[CHUNK];
        read_available(err[0], msg, sizeof msg);
        report(sync_fd, -1, msg[0] ? msg : "runc failed without a word");
        return 1;
    }
    long pid = read_pid(o.pidfile);
    if (pid <= 0) {
        report(sync_fd, -1, "runc ran the container but wrote no pid file");
        return 1;
    }
    char counter[PATH_MAX + 64];
    int watch_oom = oom_counter_path(pid, counter, sizeof counter) == 0;
    report(sync_fd, pid, NULL);
    if (sync_fd > 2) close(sync_fd);

    struct pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {sig_fd, POLLIN, 0}};
    const char *streams[2] = {"stdout", "stderr"};
    static char buf[CHUNK];
    int code = -1;
    for (;;) {
        pid_t p;
        int st;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            if (p == pid) code = exit_code(st);
        }
        if (code != -1 || (p < 0 && errno == ECHILD)) break;
        if (poll(fds, 3, -1) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !fds[i].revents) continue;
            ssize_t r = read(fds[i].fd, buf, sizeof buf);
            if (r > 0) log_chunk(&log, streams[i], buf, (size_t) r);
            else if (r == 0 || errno != EINTR) fds[i].fd = -1; /* closed: poll ignores it from now on */
        }
        if (fds[2].revents) {
            struct signalfd_siginfo info;
            while (read(sig_fd, &info, sizeof info) > 0) {}
        }
    }
    /* PID 1 is gone; what it (or a process sharing a pid namespace with it) printed is still in the pipes */
    for (int i = 0; i < 2; i++) {
        if (fds[i].fd < 0) continue;
        fcntl(fds[i].fd, F_SETFL, fcntl(fds[i].fd, F_GETFL) | O_NONBLOCK);
        ssize_t r;
        while ((r = read(fds[i].fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR)) {
            if (r > 0) log_chunk(&log, streams[i], buf, (size_t) r);
        }
    }
    close(log.fd);

    char path[PATH_MAX], text[16];
    if (watch_oom && oom_kills(counter) > 0) {
        snprintf(path, sizeof path, "%s/oom", o.persist_dir);
        write_file(path, o.persist_dir, "");
    }
    snprintf(text, sizeof text, "%d", code);
    snprintf(path, sizeof path, "%s/exit", o.persist_dir);
    write_file(path, o.persist_dir, text);
    /* last: the daemon takes the exit file in exits/ as the end of everything above */
    snprintf(path, sizeof path, "%s/%s", o.exit_dir, o.cid);
    if (write_file(path, o.persist_dir, text) != 0) return 1;
    return 0;
}
