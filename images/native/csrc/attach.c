/*
 * attach.c: the attach-API (jcmd) socket helpers of our liblibchelper.a.
 *
 * Stands in for GraalVM's attachHelper. Written for this project from the contract in svm.jar
 * (com.oracle.svm.core.posix.attach.AttachHelper, used by PosixAttachApiSupport and
 * PosixAttachListenerThread when the image is built with --enable-monitoring=jcmd/attach) and from the
 * JDK's attach protocol on Linux (a Unix socket .java_pid<pid> in the temporary directory, created
 * when a file .attach_pid<pid> appears and the process receives SIGQUIT).
 *
 *   void svm_attach_startup(char *socketPath)     removes a stale socket left by an earlier process
 *                                                 with our pid (pid 1 in every container)
 *   int  svm_attach_is_init_trigger(char *path)   1 if the trigger file exists and belongs to our
 *                                                 effective user (or root), else 0
 *   int  svm_attach_create_listener(char *socketPath)   a listening Unix socket at socketPath,
 *                                                 readable and writable by our user only; bound
 *                                                 under a temporary name and renamed, so a client
 *                                                 never sees a half-made socket; the fd, or -1
 *   int  svm_attach_check_socket_file(char *socketPath)   1 if it still exists and is a socket
 *   int  svm_attach_wait_for_request(int listener) accepts the next client whose credentials are our
 *                                                 effective uid/gid (others are closed, as HotSpot
 *                                                 does); its fd, or -1 on error
 *   void svm_attach_shutdown_socket(int fd)       shuts both directions down (wakes a blocked reader)
 *   void svm_attach_listener_cleanup(int listener, char *socketPath)   closes and unlinks
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "svm_cfunctions.h"

void svm_attach_startup(char *socket_path) {
    struct stat st;
    if (socket_path != NULL && stat(socket_path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(socket_path);
    }
}

int svm_attach_is_init_trigger(char *path) {
    struct stat st;
    if (path == NULL || stat(path, &st) != 0) {
        return 0;
    }
    return st.st_uid == geteuid() || st.st_uid == 0;
}

int svm_attach_create_listener(char *socket_path) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    char tmp[sizeof(addr.sun_path)];
    if (socket_path == NULL || snprintf(tmp, sizeof(tmp), "%s.tmp", socket_path) >= (int) sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", tmp);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    unlink(tmp);
    if (bind(fd, (struct sockaddr *) &addr, sizeof(addr)) != 0 || chmod(tmp, S_IRUSR | S_IWUSR) != 0
        || listen(fd, 5) != 0 || rename(tmp, socket_path) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        errno = e;
        return -1;
    }
    return fd;
}

int svm_attach_check_socket_file(char *socket_path) {
    struct stat st;
    return socket_path != NULL && stat(socket_path, &st) == 0 && S_ISSOCK(st.st_mode);
}

int svm_attach_wait_for_request(int listener) {
    for (;;) {
        int s = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (s < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        struct ucred cred;
        socklen_t len = sizeof(cred);
        if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == geteuid() && cred.gid == getegid()) {
            return s;
        }
        close(s);
    }
}

void svm_attach_shutdown_socket(int fd) {
    shutdown(fd, SHUT_RDWR);
}

void svm_attach_listener_cleanup(int listener, char *socket_path) {
    if (listener >= 0) {
        close(listener);
    }
    if (socket_path != NULL) {
        unlink(socket_path);
    }
}
