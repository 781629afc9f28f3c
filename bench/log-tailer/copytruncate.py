#!/usr/bin/env python3
"""Loss under logrotate copytruncate, for copytruncate.sh: ours and GNU `tail -F` against the disk.

copytruncate.py WORKDIR LINES OURS_CMD...: an "app" appends LINES numbered lines to WORKDIR/app.log
(batches of 100, one open-append-close per batch, 1 ms apart) while Debian's logrotate copytruncates
it every ~50 ms and keeps every copy (app.log.1 ... app.log.N). `tail -F` and ours (OURS_CMD, with
TAILER_PATHS set here) follow the file; their stdout goes to files. Prints one line:

  rotations disk_lost ours_lost tail_lost ours_dup tail_dup ours_missed_on_disk tail_missed_on_disk

disk_lost: lines in no copy and not in the final file, i.e. written between logrotate's last read of
the file and its truncate: the window copytruncate itself loses. A reader can still have those lines
if it read them before the truncate. ours_missed_on_disk: lines that ARE in a copy or the final file
and ours did not print: loss that is the reader's own fault (tail -F likewise).
"""
import glob
import os
import subprocess
import sys
import threading
import time


def writer(path, lines, done):
    n = 0
    while n < lines:
        batch = "".join("%07d\n" % i for i in range(n, min(n + 100, lines)))
        with open(path, "a") as f:
            f.write(batch)
        n += 100
        time.sleep(0.001)
    done.set()


def numbers(path, lines):
    seen, dup = set(), 0
    with open(path, "rb") as f:
        for raw in f:
            try:
                n = int(raw)
            except ValueError:
                continue
            if 0 <= n < lines:
                if n in seen:
                    dup += 1
                seen.add(n)
    return seen, dup


def size_of(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def main():
    work, lines, ours_cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    log = os.path.join(work, "logs", "app.log")
    os.makedirs(os.path.dirname(log))
    open(log, "w").close()
    conf = os.path.join(work, "logrotate.conf")
    with open(conf, "w") as f:
        f.write("%s {\n  rotate 10000\n  size 1\n  missingok\n  nocompress\n  copytruncate\n}\n" % log)
    outs = {t: os.path.join(work, t + ".out") for t in ("ours", "tail")}
    env = dict(os.environ, TAILER_PATHS=log, TAILER_ADMIN_LISTEN="127.0.0.1:0")
    procs = {
        "tail": subprocess.Popen(["tail", "-n", "+1", "-F", log], stdout=open(outs["tail"], "wb"),
                                 stderr=subprocess.DEVNULL),
        "ours": subprocess.Popen(ours_cmd, stdout=open(outs["ours"], "wb"),
                                 stderr=open(os.path.join(work, "ours.err"), "wb"), env=env),
    }
    # start-up is not measured: a file rotated before ours first looked at it is not ours to read
    err = os.path.join(work, "ours.err")
    for _ in range(600):
        with open(err, "rb") as f:
            if b'"message":"following file"' in f.read():
                break
        time.sleep(0.1)
    time.sleep(0.5)
    done = threading.Event()
    threading.Thread(target=writer, args=(log, lines, done), daemon=True).start()
    rotations = 0
    while not done.is_set():
        subprocess.run(["logrotate", "-f", "-s", os.path.join(work, "status"), conf], check=True)
        rotations += 1
        time.sleep(0.05)
    last = -1
    for _ in range(60):  # both are done when neither output grew for a second
        time.sleep(1)
        now = size_of(outs["ours"]) + size_of(outs["tail"])
        if now == last:
            break
        last = now
    for p in procs.values():
        p.terminate()
        p.wait(30)
    disk = set()
    for path in glob.glob(log + "*"):
        disk |= numbers(path, lines)[0]
    ours, ours_dup = numbers(outs["ours"], lines)
    tail, tail_dup = numbers(outs["tail"], lines)
    print(rotations, lines - len(disk), lines - len(ours), lines - len(tail), ours_dup, tail_dup,
          len(disk - ours), len(disk - tail))


if __name__ == "__main__":
    main()
