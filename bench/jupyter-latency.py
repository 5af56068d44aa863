"""How quickly the Jupyter bridge answers, measured with Jupyter's own client.

    npm run build && /usr/bin/python3 bench/jupyter-latency.py [--rounds N]

Installs the kernelspec into a temporary prefix (nothing touches your Jupyter
directories), then reports medians (and the spread, p10-p90) of:

- start: KernelManager.start_kernel() until the kernel answers kernel_info;
- execute: `1 + 1`, from sending execute_request to its reply and idle status;
- is_complete: the round trip jupyter console makes on every Enter (it gives
  up on the kernel's answer after 1 s);
- complete: `engine.depthw` completed from the engine's members;
- seed: the seed article's depthwise example on the sync engine, as a cell;
- fan-out: redefining a name 50 displayed cells read, until all 50
  update_display_data messages are out and the kernel is idle;
- heartbeat: a ping answered while the main thread is busy in a synchronous
  conv2d (the heartbeat runs on its own thread).

A benchmark, not a test: it asserts nothing and prints a markdown table.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import zmq
from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = ("engine.depthwiseConv2d(engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]), "
        "engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), {padding: 'valid'}).toArray()")


def until_idle(kc, msg_id):
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return


def reply(kc, msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def timed(send, kc):
    start = time.perf_counter()
    msg_id = send()
    reply(kc, msg_id)
    until_idle(kc, msg_id)
    return (time.perf_counter() - start) * 1000


def summary(samples):
    """Median and spread: p10 - p90, or min - max for fewer than 10 samples."""
    samples = sorted(samples)
    if len(samples) < 10:
        return statistics.median(samples), samples[0], samples[-1]
    q = statistics.quantiles(samples, n=10)
    return statistics.median(samples), q[0], q[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="kernelbook-bench-")
    try:
        subprocess.run([shutil.which("node") or "node", os.path.join(ROOT, "dist", "bin", "kernelbook.js"), "jupyter", "install", "--prefix", home], check=True, stdout=subprocess.DEVNULL)
        os.environ.update(JUPYTER_PATH=os.path.join(home, "share", "jupyter"), JUPYTER_RUNTIME_DIR=os.path.join(home, "runtime"),
                          JUPYTER_DATA_DIR=os.path.join(home, "data"), JUPYTER_CONFIG_DIR=os.path.join(home, "config"))
        rows = {}

        starts = []
        for _ in range(5):
            start = time.perf_counter()
            km = KernelManager(kernel_name="kernelbook")
            km.start_kernel(stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            starts.append((time.perf_counter() - start) * 1000)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        rows["start (to kernel_info)"] = summary(starts)

        km = KernelManager(kernel_name="kernelbook")
        km.start_kernel(stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        for _ in range(10):
            timed(lambda: kc.execute("1 + 1"), kc)
        rows["execute `1 + 1`"] = summary([timed(lambda: kc.execute("1 + 1"), kc) for _ in range(args.rounds)])
        rows["is_complete"] = summary([timed(lambda: kc.is_complete("for (let i = 0; i < 3; i++) {"), kc) for _ in range(args.rounds)])
        rows["complete `engine.depthw`"] = summary([timed(lambda: kc.complete("engine.depthw"), kc) for _ in range(args.rounds)])
        rows["seed depthwise cell"] = summary([timed(lambda: kc.execute(SEED), kc) for _ in range(args.rounds)])

        timed(lambda: kc.execute("const fan = 0;"), kc)
        for i in range(50):
            timed(lambda: kc.execute("fan + %d" % i), kc)
        fan = []
        for n in range(1, 21):
            fan.append(timed(lambda: kc.execute("const fan = %d;" % n), kc))
        rows["redefine a name 50 displays read"] = summary(fan)

        # Heartbeat pings while a synchronous conv2d holds the main thread.
        ctx = zmq.Context.instance()
        hb = ctx.socket(zmq.REQ)
        hb.linger = 0
        hb.connect("tcp://%s:%d" % (km.ip, km.hb_port))
        busy = "const hbX = engine.tensor(new Float32Array(128 * 128 * 64), [1, 128, 128, 64]); const hbF = engine.tensor(new Float32Array(3 * 3 * 64 * 64), [3, 3, 64, 64]); for (let i = 0; i < 20; i++) engine.conv2d(hbX, hbF, {padding: 'same'});"
        pings = []
        msg_id = kc.execute(busy)
        time.sleep(0.2)
        done = threading.Event()
        threading.Thread(target=lambda: (reply(kc, msg_id), done.set()), daemon=True).start()
        while not done.is_set() and len(pings) < 200:
            start = time.perf_counter()
            hb.send(b"ping")
            hb.recv()
            pings.append((time.perf_counter() - start) * 1000)
            time.sleep(0.01)
        rows["heartbeat during a sync conv2d (%d pings)" % len(pings)] = summary(pings)
        hb.close()
        kc.stop_channels()
        km.shutdown_kernel(now=False)

        print("| what | median ms | p10 - p90 ms (min - max under 10 samples) |")
        print("| --- | ---: | ---: |")
        for name, (median, p10, p90) in rows.items():
            print("| %s | %.1f | %.1f - %.1f |" % (name, median, p10, p90))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
