#!/usr/bin/env python3
"""Line latency at a fixed write rate, for bench.sh.

write FILE RATE SECONDS: appends lines "<time_ns> <padding>" at RATE lines/s (flushed per line).
read COUNT: reads a tool's stdout until COUNT lines arrived, prints "p50_ms p99_ms max_ms",
then keeps draining stdin so the tool never sees a closed pipe.
"""
import sys
import time


def write(path, rate, seconds):
    interval = 1.0 / rate
    pad = "x" * 60
    with open(path, "a", buffering=1) as f:
        start = time.monotonic()
        for i in range(int(rate * seconds)):
            target = start + i * interval
            delay = target - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            f.write(f"{time.time_ns()} {pad}\n")


def read(count):
    lat = []
    stdin = sys.stdin.buffer
    while len(lat) < count:
        line = stdin.readline()
        if not line:
            break
        now = time.time_ns()
        lat.append((now - int(line.split(b" ", 1)[0])) / 1e6)
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print(f"{pick(0.5):.2f} {pick(0.99):.2f} {lat[-1]:.2f} {len(lat)}", flush=True)
    sys.stdout.close()
    while stdin.read(65536):
        pass


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
    else:
        read(int(sys.argv[2]))
