/*
 * legends-client: the native front of the `legends` CLI. It sends its command line, directory and
 * environment to the daemon (POST /v1/cli on the daemon's unix socket), which runs the command in
 * its warm JVM and streams back stdout, stderr and the exit code as frames (8 bytes: stream, 0, 0,
 * 0, length big-endian; stream 3 carries the exit code). So a command costs no JVM start of its own.
 *
 * Whatever the daemon declines (the daemon itself, terminals, stdin, another daemon), and every
 * case where no daemon answers, runs in the JVM CLI instead: this program then executes
 * $LEGENDS_LAUNCHER with LEGENDS_JVM=1 and the same arguments. So it never decides what a command
 * means; it only carries bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

/* A growing byte buffer for the request. */
struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->data = realloc(b->data, b->cap);
        if (!b->data) {
            fputs("legends: out of memory\n", stderr);
            exit(125);
        }
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* Whether s is valid UTF-8 (JSON text must be; an invalid word goes to the JVM CLI instead). */
static int utf8(const unsigned char *s) {
    while (*s) {
        int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0) return 0;
        s++;
        for (; n > 0; n--, s++) {
            if ((*s & 0xC0) != 0x80) return 0;
        }
    }
    return 1;
}

/* A JSON string; returns 0 (nothing written) if s is not UTF-8. */
static int json_string(struct buf *b, const char *s) {
    if (!utf8((const unsigned char *) s)) return 0;
    put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char) *p;
            put(b, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(b, esc, 6);
        } else {
            put(b, (const char *) p, 1);
        }
    }
    put(b, "\"", 1);
    return 1;
}

/* Hands the command to the launcher, with `flag`=1 saying why (LEGENDS_JVM: run it in the JVM CLI; LEGENDS_BUILD: build first). */
static void to_launcher(char **argv, const char *flag) {
    const char *launcher = getenv("LEGENDS_LAUNCHER");
    if (!launcher || !*launcher) {
        fputs("legends: LEGENDS_LAUNCHER is not set (start legends-client through the legends launcher)\n", stderr);
        exit(125);
    }
    setenv(flag, "1", 1);
    argv[0] = (char *) launcher;
    execv(launcher, argv);
    fprintf(stderr, "legends: cannot start %s: %s\n", launcher, strerror(errno));
    exit(125);
}

/* Runs the command in the JVM CLI: the launcher, told not to come back here. */
static void jvm(char **argv) { to_launcher(argv, "LEGENDS_JVM"); }

/*
 * Whether the launcher must run first: a source of the build (a pom.xml, anything under a module's
 * src/main) is newer than the build's stamp, or the package bootstrap changed since it last ran.
 * The launcher checks this too, with find; checking here, with no process of its own, lets a
 * current build skip most of the launcher.
 */
static struct timespec built;

static int newer(const struct timespec *t) {
    return t->tv_sec > built.tv_sec || (t->tv_sec == built.tv_sec && t->tv_nsec > built.tv_nsec);
}

static int newer_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void) path; (void) type; (void) ftw;
    return newer(&st->st_mtim);
}

static int stale(const char *home) {
    char p[8192];
    struct stat st, mark;
    snprintf(p, sizeof p, "%s/cli/target/legends.stamp", home);
    if (stat(p, &st) < 0) return 1;
    built = st.st_mtim;
    snprintf(p, sizeof p, "%s/cli/target/bootstrap.stamp", home);
    if (stat(p, &mark) < 0) return 1;
    snprintf(p, sizeof p, "%s/scripts/bootstrap", home);
    if (stat(p, &st) == 0 && (st.st_mtim.tv_sec > mark.st_mtim.tv_sec
                              || (st.st_mtim.tv_sec == mark.st_mtim.tv_sec && st.st_mtim.tv_nsec > mark.st_mtim.tv_nsec))) return 1;
    const char *patterns[] = {"%s/pom.xml", "%s/*/pom.xml", "%s/*/src/main"};
    int found = 0;
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns && !found; i++) {
        glob_t g;
        snprintf(p, sizeof p, patterns[i], home);
        if (glob(p, 0, NULL, &g) == 0) {
            for (size_t j = 0; j < g.gl_pathc && !found; j++) {
                found = nftw(g.gl_pathv[j], newer_entry, 16, FTW_PHYS) > 0;
            }
        }
        globfree(&g);
    }
    return found;
}


/*
 * The daemon's socket, found as the CLI finds it: -H/--host unix://PATH, else --root DIR (socket
 * DIR/run/legends.sock, or /run/legends/legends.sock for the default root), else LEGENDS_HOST,
 * LEGENDS_ROOT. Only the words before the subcommand are read; the daemon checks the rest. NULL
 * for a TCP host (the daemon runs command lines only for clients on its unix socket).
 */
static const char *socket_path(int argc, char **argv, char *out, size_t n) {
    const char *host = getenv("LEGENDS_HOST"), *root = getenv("LEGENDS_ROOT");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--root") || !strcmp(a, "-H") || !strcmp(a, "--host")) && i + 1 < argc) {
            if (a[2] == 'r') root = argv[++i]; else host = argv[++i];
        } else if (!strncmp(a, "--root=", 7)) {
            root = a + 7;
        } else if (!strncmp(a, "--host=", 7)) {
            host = a + 7;
        } else if (a[0] != '-') {
            break;
        }
    }
    if (host && *host) {
        if (strncmp(host, "unix://", 7)) return NULL;
        snprintf(out, n, "%s", host + 7);
        return out;
    }
    if (!root || !*root) root = "/var/lib/legends";
    char dir[4096];
    if (root[0] != '/') {
        if (!getcwd(dir, sizeof dir)) return NULL;
        if ((size_t) snprintf(out, n, "%s/%s", dir, root) >= n) return NULL;
    } else if ((size_t) snprintf(out, n, "%s", root) >= n) {
        return NULL;
    }
    size_t len = strlen(out);
    while (len > 1 && out[len - 1] == '/') out[--len] = 0;
    if (!strcmp(out, "/var/lib/legends")) {
        snprintf(out, n, "/run/legends/legends.sock");
    } else if (len + strlen("/run/legends.sock") < n) {
        strcat(out, "/run/legends.sock");
    } else {
        return NULL;
    }
    return out;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Reads exactly n bytes, starting with what is left over in pending; 0 at a clean end, -1 on a short read. */
static char pending[65536];
static size_t pending_off, pending_len;

static int read_full(int fd, char *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        if (pending_off < pending_len) {
            size_t take = pending_len - pending_off < n - got ? pending_len - pending_off : n - got;
            memcpy(p + got, pending + pending_off, take);
            pending_off += take;
            got += take;
            continue;
        }
        ssize_t r = read(fd, pending, sizeof pending);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return got == 0 ? 0 : -1;
        pending_off = 0;
        pending_len = (size_t) r;
    }
    return 1;
}

int main(int argc, char **argv) {
    char path[4096];
    /* the launcher sends LEGENDS_CHECKED when it has just checked the build itself */
    const char *launcher = getenv("LEGENDS_LAUNCHER");
    if (getenv("LEGENDS_CHECKED")) {
        unsetenv("LEGENDS_CHECKED");
    } else if (launcher && *launcher) {
        snprintf(path, sizeof path, "%s", launcher);
        char *slash = strrchr(path, '/');
        if (slash) *slash = 0;
        if (stale(slash ? path : ".")) to_launcher(argv, "LEGENDS_BUILD"); /* it builds, then comes back here */
    }
    if (!socket_path(argc, argv, path, sizeof path) || strlen(path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) jvm(argv);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strcpy(addr.sun_path, path);
    if (fd < 0 || connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) jvm(argv); /* no daemon: the CLI says so */

    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) jvm(argv);
    struct buf body = {0};
    puts_(&body, "{\"args\":[");
    for (int i = 1; i < argc; i++) {
        if (i > 1) puts_(&body, ",");
        if (!json_string(&body, argv[i])) jvm(argv);
    }
    puts_(&body, "],\"cwd\":");
    if (!json_string(&body, cwd)) jvm(argv);
    puts_(&body, ",\"env\":{");
    int first = 1;
    for (char **e = environ; *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq || eq == *e) continue;
        struct buf entry = {0};
        *eq = 0;
        int ok = json_string(&entry, *e);
        *eq = '=';
        if (ok) {
            puts_(&entry, ":");
            ok = json_string(&entry, eq + 1);
        }
        if (ok) { /* a variable that is not UTF-8 is left out, as if unset */
            if (!first) puts_(&body, ",");
            put(&body, entry.data, entry.len);
            first = 0;
        }
        free(entry.data);
    }
    puts_(&body, "},\"stdoutTerminal\":");
    puts_(&body, isatty(1) ? "true" : "false");
    puts_(&body, ",\"stderrTerminal\":");
    puts_(&body, isatty(2) ? "true" : "false");
    puts_(&body, "}");

    char head[256];
    int hn = snprintf(head, sizeof head,
                      "POST /v1/cli HTTP/1.1\r\nHost: legends\r\nConnection: Upgrade\r\nUpgrade: legends-cli\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", body.len);
    if (write_all(fd, head, (size_t) hn) < 0 || write_all(fd, body.data, body.len) < 0) jvm(argv);
    free(body.data);

    /* The status line and headers; what follows them is already the frame stream. */
    size_t hl = 0;
    char *end = NULL;
    while (!end) {
        if (hl == sizeof pending) jvm(argv);
        ssize_t r = read(fd, pending + hl, sizeof pending - hl);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) jvm(argv);
        hl += (size_t) r;
        end = memmem(pending, hl, "\r\n\r\n", 4);
    }
    if (strncmp(pending, "HTTP/1.1 101", 12)) { /* declined: the JVM CLI runs it */
        close(fd);
        jvm(argv);
    }
    pending_off = (size_t) (end + 4 - pending);
    pending_len = hl;

    static char data[65536];
    for (;;) {
        unsigned char h[8];
        int r = read_full(fd, (char *) h, 8);
        if (r <= 0) break;
        uint32_t len = (uint32_t) h[4] << 24 | (uint32_t) h[5] << 16 | (uint32_t) h[6] << 8 | h[7];
        if (h[0] == 3 && len == 4) {
            unsigned char c[4];
            if (read_full(fd, (char *) c, 4) <= 0) break;
            return (int) ((uint32_t) c[0] << 24 | (uint32_t) c[1] << 16 | (uint32_t) c[2] << 8 | c[3]) & 0xff;
        }
        while (len > 0) {
            size_t chunk = len < sizeof data ? len : sizeof data;
            if (read_full(fd, data, chunk) <= 0) goto lost;
            if (h[0] == 1 || h[0] == 2) write_all(h[0], data, chunk); /* a closed stdout ends us by SIGPIPE, as any CLI */
            len -= (uint32_t) chunk;
        }
    }
lost:
    fputs("legends: the daemon closed the connection before the command ended\n", stderr);
    return 125;
}
