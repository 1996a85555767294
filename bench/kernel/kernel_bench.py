"""The kernel benchmark's driver: sparkgo-kernel side by side with ipykernel.

bench/kernel/run.sh runs it with the Python of scripts/ensure-jupyter.sh's
venv (jupyter_client, ipykernel). It measures, in one run:

  start     process spawn -> first kernel_info_reply on shell, median of
            --starts fresh kernels of each kind, the kinds taking turns
  cell      execute_request sent -> execute_reply and the iopub status idle
            of that request both received, for trivial cells, median and p95
            over --cells cells on one warm kernel of each kind
  spark     the same round trip for the sparkgo cell
            `spark.Sql(ctx, "select 1").Collect(ctx)`, against the median of
            the same call made by a compiled Go client (bench/kernel/direct)
            on a warm session to the same server, the three taking turns;
            the difference of the medians is the kernel's overhead

The client sockets reconnect every millisecond (ZMQ's default is 100 ms), so
that a client connected before the kernel binds its ports sees the kernel
as soon as it is up, for both kernels alike. Raw timings go to --raw as JSON;
the markdown table goes to stdout, progress to stderr.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import ipykernel
import jupyter_client
import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

NS = 1e6  # nanoseconds per millisecond


def log(msg):
    print("kernel-bench: " + msg, file=sys.stderr, flush=True)


def median(xs):
    return statistics.median(xs)


def p95(xs):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


class Kernel:
    """One kernel process and a blocking client connected to it."""

    def __init__(self, name, argv, env, workdir, zctx, iopub):
        self.name = name
        fname = os.path.join(workdir, "kernel-%s.json" % uuid.uuid4().hex[:12])
        write_connection_file(
            fname=fname,
            ip="127.0.0.1",
            key=uuid.uuid4().hex.encode(),
            transport="tcp",
            signature_scheme="hmac-sha256",
            kernel_name=name,
        )
        self.conn_file = fname
        self.kc = BlockingKernelClient(context=zctx)
        self.kc.load_connection_file(fname)
        # Connect before the kernel binds: ZMQ queues the first request and
        # delivers it when the kernel's socket comes up.
        self.kc.start_channels(shell=True, iopub=iopub, stdin=False, hb=False, control=True)
        self.argv = [a.replace("{connection_file}", fname) for a in argv]
        self.env = env
        self.proc = None
        self.log = open(os.path.join(workdir, "%s.log" % name), "ab")

    def start_and_wait_info(self, timeout=60.0):
        """Spawns the kernel and returns ns from spawn to kernel_info_reply."""
        t0 = time.perf_counter_ns()
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )
        msg_id = self.kc.kernel_info()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("%s: no kernel_info_reply within %.0f s (log: %s)" % (self.name, timeout, self.log.name))
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s before kernel_info_reply (log: %s)" % (self.name, self.proc.returncode, self.log.name))
            try:
                msg = self.kc.get_shell_msg(timeout=min(left, 0.5))
            except Exception:  # queue.Empty
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                return time.perf_counter_ns() - t0

    def wait_iopub_ready(self, timeout=60.0):
        """Waits until iopub delivers (the subscription is up): runs empty
        kernel_info requests until a status message with their parent shows."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.kc.kernel_info()
            self.kc.get_shell_msg(timeout=10)
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                try:
                    msg = self.kc.get_iopub_msg(timeout=0.1)
                except Exception:
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    return
        raise RuntimeError("%s: iopub delivered nothing within %.0f s" % (self.name, timeout))

    def execute(self, code, timeout=120.0):
        """Runs code; returns (ns from request to reply+idle, reply content,
        iopub messages of the request)."""
        shell, iopub = self.kc.shell_channel, self.kc.iopub_channel
        poller = zmq.Poller()
        poller.register(shell.socket, zmq.POLLIN)
        poller.register(iopub.socket, zmq.POLLIN)
        t0 = time.perf_counter_ns()
        msg_id = self.kc.execute(code, silent=False, store_history=True, allow_stdin=False)
        reply = None
        idle = False
        seen = []
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("%s: %r: no execute_reply and idle within %.0f s" % (self.name, code, timeout))
            events = dict(poller.poll(left * 1000))
            if shell.socket in events:
                msg = shell.get_msg(timeout=0)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
            if iopub.socket in events:
                while True:
                    try:
                        msg = iopub.get_msg(timeout=0)
                    except Exception:
                        break
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    seen.append(msg)
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        idle = True
        dt = time.perf_counter_ns() - t0
        return dt, reply["content"], seen

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.kc.shutdown()
                self.proc.wait(5)
            except Exception:
                pass
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self.kc.stop_channels()
        self.log.close()
        try:
            os.remove(self.conn_file)
        except OSError:
            pass


def busy_to_idle_ms(seen):
    """The kernel's own time for a request: from its busy status to its idle
    status, by the kernel's header dates (microseconds)."""
    t = {}
    for m in seen:
        if m["msg_type"] == "status":
            t[m["content"]["execution_state"]] = m["header"]["date"]
    if "busy" not in t or "idle" not in t:
        return None
    return (t["idle"] - t["busy"]).total_seconds() * 1e3


def check_ok(name, code, content, seen):
    if content.get("status") != "ok":
        errs = [m["content"] for m in seen if m["msg_type"] == "error"]
        raise RuntimeError("%s: cell %r failed: %s %s" % (name, code, content.get("ename"), content.get("evalue") or errs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sparkgo", required=True, help="sparkgo-kernel binary")
    ap.add_argument("--direct", required=True, help="bench/kernel/direct binary")
    ap.add_argument("--remote", default=os.environ.get("SPARK_REMOTE", ""), help="Spark Connect URL")
    ap.add_argument("--starts", type=int, default=20)
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--spark-cells", type=int, default=200)
    ap.add_argument("--raw", default="", help="write raw timings (JSON) here")
    args = ap.parse_args()
    if not args.remote:
        sys.exit("kernel-bench: no Spark Connect server: set SPARK_REMOTE or pass --remote")

    work = tempfile.mkdtemp(prefix="sparkgo-kernel-bench.")
    env = dict(os.environ)
    env["SPARK_REMOTE"] = args.remote
    # Both kernels keep history as they would for a user, in files of this run.
    env["SPARKGO_HISTORY"] = os.path.join(work, "sparkgo-history")
    env["IPYTHONDIR"] = os.path.join(work, "ipython")
    env["JUPYTER_RUNTIME_DIR"] = os.path.join(work, "runtime")
    env.pop("PYTHONSTARTUP", None)
    kinds = {
        "sparkgo": [args.sparkgo, "kernel", "--connection-file", "{connection_file}"],
        "ipykernel": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    }
    zctx = zmq.Context()
    zctx.setsockopt(zmq.RECONNECT_IVL, 1)
    zctx.setsockopt(zmq.LINGER, 0)
    raw = {"starts": {k: [] for k in kinds}, "cells": {}, "in_kernel": {}, "kernel_info": {}, "spark": {}}

    def kernel(kind, iopub):
        return Kernel(kind, kinds[kind], env, work, zctx, iopub)

    try:
        # --- (a) start -> kernel_info_reply ---------------------------------
        log("start: %d fresh kernels of each kind, taking turns (1 warm-up each)" % args.starts)
        for i in range(args.starts + 1):
            for kind in kinds:
                k = kernel(kind, iopub=False)
                try:
                    dt = k.start_and_wait_info()
                finally:
                    k.stop()
                if i > 0:  # the first start of each warms the page cache
                    raw["starts"][kind].append(dt / NS)
        for kind in kinds:
            log("start %s: median %.1f ms" % (kind, median(raw["starts"][kind])))

        # --- (b) trivial cells -----------------------------------------------
        cells = {
            "sparkgo": [("1+1", "1+1"), ("assign", "x := 1")],
            "ipykernel": [("1+1", "1+1"), ("assign", "x = 1")],
        }
        codes = {kind: dict(cs) for kind, cs in cells.items()}
        for kind in kinds:
            k = kernel(kind, iopub=True)
            try:
                k.start_and_wait_info()
                k.wait_iopub_ready()
                # The protocol's floor: kernel_info_request -> reply.
                ts = []
                for i in range(args.cells + 20):
                    t0 = time.perf_counter_ns()
                    msg_id = k.kc.kernel_info()
                    while k.kc.get_shell_msg(timeout=10)["parent_header"].get("msg_id") != msg_id:
                        pass
                    if i >= 20:
                        ts.append((time.perf_counter_ns() - t0) / NS)
                raw["kernel_info"][kind] = ts
                log("kernel_info %s: median %.2f ms" % (kind, median(ts)))
                for label, code in cells[kind]:
                    for _ in range(20):  # warm-up
                        dt, content, seen = k.execute(code)
                        check_ok(kind, code, content, seen)
                    ts, inside = [], []
                    for _ in range(args.cells):
                        dt, content, seen = k.execute(code)
                        check_ok(kind, code, content, seen)
                        ts.append(dt / NS)
                        inside.append(busy_to_idle_ms(seen))
                    raw["cells"].setdefault(label, {})[kind] = ts
                    raw["in_kernel"].setdefault(label, {})[kind] = inside
                    log("cell %s %r: median %.2f ms, p95 %.2f ms" % (kind, code, median(ts), p95(ts)))
            finally:
                k.stop()

        # --- (c) spark.Sql(...).Collect overhead ------------------------------
        spark_cells = [
            ("shown", 'spark.Sql(ctx, "select 1").Collect(ctx)'),
            ("discarded", '_, _ = spark.Sql(ctx, "select 1").Collect(ctx)'),
        ]
        direct = subprocess.Popen([args.direct, "-remote", args.remote], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, bufsize=1)

        def direct_run(n):
            direct.stdin.write("%d\n" % n)
            direct.stdin.flush()
            line = direct.stdout.readline()
            if not line:
                raise RuntimeError("bench/kernel/direct ended (exit %s)" % direct.wait())
            return json.loads(line)["ms"]

        k = kernel("sparkgo", iopub=True)
        try:
            k.start_and_wait_info()
            k.wait_iopub_ready()
            # Warm-up, of the server's JIT too; the first cell connects spark.
            for _ in range(30):
                for _, code in spark_cells:
                    dt, content, seen = k.execute(code)
                    check_ok("sparkgo", code, content, seen)
                direct_run(1)
            for label, code in spark_cells:
                raw["spark"][label] = {"kernel": [], "in_kernel": [], "code": code}
            raw["spark"]["direct"] = []
            # Fine interleaving: one cell of each kind, then one direct
            # call, so that a change of the server's or the machine's pace
            # hits all three alike.
            log("spark: %d rounds of one cell of each kind and one direct call" % args.spark_cells)
            for _ in range(args.spark_cells):
                for label, code in spark_cells:
                    dt, content, seen = k.execute(code)
                    check_ok("sparkgo", code, content, seen)
                    raw["spark"][label]["kernel"].append(dt / NS)
                    raw["spark"][label]["in_kernel"].append(busy_to_idle_ms(seen))
                raw["spark"]["direct"].extend(direct_run(1))
            for label, _ in spark_cells:
                log("spark %s: median %.2f ms" % (label, median(raw["spark"][label]["kernel"])))
            log("spark direct: median %.2f ms" % median(raw["spark"]["direct"]))
        finally:
            k.stop()
            direct.stdin.close()
            direct.wait()
    finally:
        zctx.destroy(linger=0)

    if args.raw:
        with open(args.raw, "w") as f:
            json.dump(raw, f)
    shutil.rmtree(work, ignore_errors=True)
    report(raw, codes, args)


def report(raw, codes, args):
    sg_start, ipy_start = median(raw["starts"]["sparkgo"]), median(raw["starts"]["ipykernel"])
    ratio = sg_start / ipy_start

    def met(ok):
        return "met" if ok else "**NOT met**"

    out = []
    out.append("| measurement | sparkgo-kernel | ipykernel | target | |")
    out.append("|---|---:|---:|---|---|")
    out.append("| start → first kernel_info_reply, median of %d | %.0f ms | %.0f ms | ≤ 150 ms and ≤ 0.2× ipykernel (%.2f×) | %s |" % (
        len(raw["starts"]["sparkgo"]), sg_start, ipy_start, ratio, met(sg_start <= 150 and ratio <= 0.2)))
    sg, ipy = raw["kernel_info"]["sparkgo"], raw["kernel_info"]["ipykernel"]
    out.append("| kernel_info_request → reply on a warm kernel (the protocol's floor): median (p95) of %d | %.2f ms (%.2f) | %.2f ms (%.2f) | | |" % (
        len(sg), median(sg), p95(sg), median(ipy), p95(ipy)))
    for label in ("1+1", "assign"):
        c = raw["cells"][label]
        sg, ipy = c["sparkgo"], c["ipykernel"]
        out.append("| trivial cell `%s` / `%s`: median (p95) of %d | %.2f ms (%.2f) | %.2f ms (%.2f) | ≤ 2 ms median | %s |" % (
            codes["sparkgo"][label], codes["ipykernel"][label], len(sg), median(sg), p95(sg), median(ipy), p95(ipy),
            met(median(sg) <= 2)))
        ik = raw["in_kernel"][label]
        isg = [x for x in ik["sparkgo"] if x is not None]
        iipy = [x for x in ik["ipykernel"] if x is not None]
        if isg and iipy:
            out.append("| … of which busy → idle inside the kernel (its status timestamps), median | %.2f ms | %.2f ms | | |" % (
                median(isg), median(iipy)))
    d = raw["spark"]["direct"]
    out.append("| `select 1` collected by compiled Go (bench/kernel/direct): median (p95) of %d | %.2f ms (%.2f) | | | |" % (
        len(d), median(d), p95(d)))
    for label in ("shown", "discarded"):
        s = raw["spark"][label]
        kk = s["kernel"]
        over = median(kk) - median(d)
        # Each kernel cell ran next to one direct call: the median of the
        # pairs' differences is less sensitive to the server's drift.
        paired = median([a - b for a, b in zip(kk, d)])
        out.append("| cell `%s`: median (p95) of %d; overhead = its median − Go's median (median of paired differences) | %.2f ms (%.2f); overhead %.2f ms (%.2f ms) | | ≤ 5 ms overhead | %s |" % (
            s["code"], len(kk), median(kk), p95(kk), over, paired, met(over <= 5)))
        ik = [x for x in s["in_kernel"] if x is not None]
        if ik:
            out.append("| … of which busy → idle inside the kernel, median; minus Go's median | %.2f ms; %.2f ms | | | |" % (
                median(ik), median(ik) - median(d)))
    print("\n".join(out))


if __name__ == "__main__":
    main()
