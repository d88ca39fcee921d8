#!/usr/bin/env python3
"""Records golden outputs of the real etcdctl against a fresh 3-member loopback
cluster (infra1..3 on 2379/2380, 22379/22380, 32379/32380, token etcd-cluster-1).

Usage: python3 record.py   (etcd and etcdctl on PATH; writes golden/NNN.txt)

Normalization rules applied to what the real tools print (the Go test applies
the same ones to raftlab's output):
  * IDs that the server picks at random (lease IDs, the ID of an added member)
    are replaced by the deterministic IDs of the test's fake cluster, in both
    hex and decimal spelling; case args are written with the fake IDs.
  * The version string 3.4.23 -> 3.5.17 (the recording tool is Debian's 3.4.23;
    raftlab mirrors 3.5.17).
  * In the golden file only: took durations, raft indexes, db sizes, hashes and
    timestamps are replaced by placeholders via the regexes in NORMALIZE (the Go
    test applies the same regexes to both sides).
"""
import json, os, re, shlex, signal, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
# record.py [OUTDIR [CASES_MODULE]]: golden/ + cases (Debian's 3.4.23) or
# golden-3.5.17/ + cases35 (etcd 3.5.17 built from Go modules; see README).
OUT = os.path.join(HERE, sys.argv[1] if len(sys.argv) > 1 else "golden")
CASES_MODULE = sys.argv[2] if len(sys.argv) > 2 else "cases"
D = "/tmp/raftlab-golden"
IC = "infra1=http://127.0.0.1:2380,infra2=http://127.0.0.1:22380,infra3=http://127.0.0.1:32380"
PORTS = {1: (2379, 2380), 2: (22379, 22380), 3: (32379, 32380)}
FAKE_LEASES = [0x694d9b2c4e1f3a01 + i for i in range(20)]
FAKE_MEMBERS = [0x8a1e3fcd5b7c9e02 + i for i in range(5)]

CASES = __import__(CASES_MODULE).CASES

procs = []

def start():
    subprocess.run(["rm", "-rf", D])
    os.makedirs(D)
    for i, (c, p) in PORTS.items():
        log = open(f"{D}/log{i}", "w")
        pr = subprocess.Popen(["etcd", "--name", f"infra{i}", "--data-dir", f"{D}/d{i}",
            "--listen-client-urls", f"http://127.0.0.1:{c}", "--advertise-client-urls", f"http://127.0.0.1:{c}",
            "--listen-peer-urls", f"http://127.0.0.1:{p}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{p}",
            "--initial-cluster-token", "etcd-cluster-1", "--initial-cluster", IC, "--initial-cluster-state", "new"],
            stdout=log, stderr=log)
        procs.append(pr)

def stop():
    for p in procs:
        p.send_signal(signal.SIGTERM)  # only the PIDs started here
    for p in procs:
        p.wait()

def ctl(args, stdin="", env=None, timeout=None, tool="etcdctl", binary=False):
    e = {k: v for k, v in os.environ.items() if not k.startswith("ETCDCTL")}
    e["ETCDCTL_API"] = "3"
    if env:
        e.update(env)
    if timeout is not None:
        # Interrupted as Ctrl-C (SIGINT) after timeout seconds, as the
        # console's cancel: lock and elect release their key then.
        p = subprocess.Popen([tool] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        try:
            out, err = p.communicate(stdin.encode(), timeout=timeout)
            return out.decode(errors="backslashreplace"), err.decode(errors="backslashreplace"), p.returncode
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGINT)
            out, err = p.communicate(timeout=10)
            return out.decode(errors="backslashreplace"), err.decode(errors="backslashreplace"), -1
    if binary:
        r = subprocess.run([tool] + args, input=stdin.encode(), capture_output=True, env=e)
        return r.stdout.hex(), r.stderr.decode(), r.returncode
    r = subprocess.run([tool] + args, input=stdin, capture_output=True, text=True, errors="backslashreplace", env=e)
    return r.stdout, r.stderr, r.returncode

def leader():
    out, _, _ = ctl(["--endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379", "endpoint", "status", "-w", "json"])
    st = json.loads(out)
    return st[0]["Status"]["leader"], st[0]["Status"]["raftTerm"]

def main():
    start()
    for _ in range(30):
        time.sleep(1)
        try:
            leader(); break
        except Exception:
            pass
    lead, term = leader()
    if lead != 0xbf9071f4639c75cc:
        eps = {0x91bc3c398fb3c146: "127.0.0.1:22379", 0xfd422379fda50e48: "127.0.0.1:32379"}
        print(ctl(["--endpoints=" + eps[lead], "move-leader", "bf9071f4639c75cc"]))
        time.sleep(1)
        lead, term = leader()
    assert lead == 0xbf9071f4639c75cc
    with open(os.path.join(OUT, "setup.json"), "w") as f:
        json.dump({"raft_term": term}, f)
    idmap = {}  # real -> fake
    nlease = nmember = 0
    for n, c in enumerate(CASES, 1):
        args = shlex.split(c["args"])
        rargs = []
        for a in args:
            for real, fake in idmap.items():
                a = a.replace("%x" % fake, "%x" % real).replace("%016x" % fake, "%016x" % real)
            rargs.append(a)
        out, err, rc = ctl(rargs, c.get("stdin", ""), c.get("env"), c.get("timeout"), c.get("tool", "etcdctl"), c.get("binary", False))
        for m in re.finditer(r"lease ([0-9a-f]{16}) granted", out):
            real = int(m.group(1), 16)
            if real not in idmap:
                idmap[real] = FAKE_LEASES[nlease]; nlease += 1
        for m in re.finditer(r"Member ([0-9a-f]{16}) added", out):
            real = int(m.group(1), 16)
            if real not in idmap:
                idmap[real] = FAKE_MEMBERS[nmember]; nmember += 1
        for m in re.finditer(r"^[^\s/]+/([0-9a-f]{16})$", out, re.M):  # lock/elect keys
            real = int(m.group(1), 16)
            if real not in idmap:
                idmap[real] = FAKE_LEASES[nlease]; nlease += 1
        for m in re.finditer(r'"ID":(\d+),"TTL"', out):
            real = int(m.group(1))
            if real not in idmap and "lease grant" in c["args"]:
                idmap[real] = FAKE_LEASES[nlease]; nlease += 1
        def norm(s):
            for real, fake in idmap.items():
                s = s.replace("%016x" % real, "%016x" % fake).replace("%x" % real, "%x" % fake).replace(str(real), str(fake))
            return s.replace("3.4.23", "3.5.17")
        out, err = norm(out), norm(err)
        if c.get("stdout_only"):
            err, rc = "<ignored>\n", "ignored"
        with open(os.path.join(OUT, "%03d.txt" % n), "w") as f:
            f.write("-- args --\n" + c["args"] + "\n")
            if c.get("tool"):
                f.write("-- tool --\n" + c["tool"] + "\n")
            if c.get("env"):
                f.write("-- env --\n" + "".join("%s=%s\n" % kv for kv in c["env"].items()))
            if c.get("stdin"):
                f.write("-- stdin --\n" + c["stdin"])
            if c.get("timeout"):  # interrupted after this many seconds
                f.write("-- timeout --\n%s\n" % c["timeout"])
            if c.get("sleep"):  # seconds waited before the next case
                f.write("-- sleep --\n%s\n" % c["sleep"])
            if c.get("binary"):  # -w protobuf: hex of the bytes
                f.write("-- stdout hex --\n" + out + "\n")
            else:
                f.write("-- stdout --\n" + out)
            f.write("-- stderr --\n" + err + "-- exit --\n" + str(rc) + "\n")
        print(n, c["args"], rc)
        if c.get("sleep"):
            time.sleep(c["sleep"])
    stop()

if __name__ == "__main__":
    try:
        main()
    finally:
        stop() if any(p.poll() is None for p in procs) else None
