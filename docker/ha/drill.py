"""Load and checks for docker/ha-test.sh (Python 3, standard library only).

  drill.py load     a steady open-loop stream of JSON complaints, alternating between the gateways, each with its
                    own Idempotency-Key; every answer is written as one JSON line; HAProxy's view of the primary
                    is sampled alongside. Runs until the stop file appears (or --max-seconds).
  drill.py report   the failover figures: acknowledged, lost (read back through the desk API), answers by status,
                    500s, 503s with and without Retry-After, seconds from each kill until intake accepted again.
  drill.py restore  the restore figures: every complaint acknowledged clearly before the target time is in the
                    restored database, none sent clearly after it.

Only loopback addresses are ever contacted (the gateways' and HAProxy's published ports).
"""
import argparse
import concurrent.futures
import csv
import io
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

RESPONDENTS = ["华润万家", "永辉超市", "美团外卖", "顺丰速运", "中国移动", "国美电器", "苏宁易购", "链家地产",
               "如家酒店", "滴滴出行", "京东物流", "盒马鲜生"]
PROBLEMS = ["买的空调三天就坏了", "快递丢件不赔", "会员卡余额被清零", "充值后不到账", "房租押金不退",
            "外卖洒了商家不理", "手机套餐被擅自变更", "退货后迟迟不退款", "酒店卫生很差", "司机绕路多收费"]
DEMANDS = ["要求退款", "要求赔偿", "要求道歉", "要求维修", "要求解释"]


def complaint(seq, run):
    """A complaint unlike every other of the run: its own complainant, so none is merged into another's case."""
    rnd = random.Random(seq)
    respondent = rnd.choice(RESPONDENTS)
    return {
        "kind": "complaint",
        "subject": f"故障演练 {run} 第{seq}号：{rnd.choice(PROBLEMS)}",
        "description": f"演练投诉 {run}-{seq}：在{respondent}第{seq % 97}分店{rnd.choice(PROBLEMS)}，"
                       f"{rnd.choice(DEMANDS)}。编号 {uuid.uuid4().hex[:12]}。",
        "complainant": {"name": f"演练{seq}", "phone": f"+86139{(seq * 7919) % 100000000:08d}"},
        "respondent": {"organisation": respondent, "branch": f"第{seq % 97}分店"},
    }


def post(port, body, key, timeout):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/complaints", data=json.dumps(body, ensure_ascii=False).encode(),
        method="POST", headers={"Content-Type": "application/json", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Retry-After"), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Retry-After"), e.read()


def load(args):
    ports = [int(p) for p in args.ports.split(",")]
    out = open(args.answers, "a", buffering=1)
    routing = open(args.routing, "a", buffering=1)
    lock = threading.Lock()
    stop = threading.Event()

    def one(seq, due):
        port = ports[seq % len(ports)]
        key = f"ha-drill-{args.run}-{seq}"
        sent = time.time()
        record = {"seq": seq, "key": key, "port": port, "due": due, "sent": sent}
        try:
            status, retry_after, raw = post(port, complaint(seq, args.run), key, args.timeout)
            record.update(status=status, retryAfter=retry_after)
            try:
                answer = json.loads(raw)
                record.update(reference=answer.get("reference"), outcome=answer.get("outcome"),
                              type=answer.get("type"))
            except ValueError:
                record["body"] = raw[:200].decode("utf-8", "replace")
        except Exception as e:  # connection refused, reset, timeout: the source was told nothing
            record.update(status=0, error=f"{type(e).__name__}: {e}")
        record["answered"] = time.time()
        with lock:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def watch_routing():
        # HAProxy's view: which node its /primary check has up. Sampled every 250 ms, written on change.
        last = None
        while not stop.is_set():
            try:
                with urllib.request.urlopen(args.stats_url, timeout=1) as r:
                    rows = csv.reader(io.StringIO(r.read().decode().lstrip("# ")))
                    header = next(rows)
                    up = sorted(row[header.index("svname")] for row in rows
                                if row and row[0] == "postgres-primary" and row[header.index("svname")]
                                not in ("FRONTEND", "BACKEND") and row[header.index("status")].startswith("UP"))
                state = ",".join(up)
            except Exception as e:
                state = f"unknown ({type(e).__name__})"
            if state != last:
                routing.write(json.dumps({"t": time.time(), "up": state}) + "\n")
                last = state
            stop.wait(0.25)

    watcher = threading.Thread(target=watch_routing, daemon=True)
    watcher.start()
    started = time.time()
    seq = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        # Open loop: request n is due at start + n / rate whatever happened to the earlier ones.
        while time.time() - started < args.max_seconds and not os.path.exists(args.stop_file):
            due = started + seq / args.rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, seq, due)
            seq += 1
    stop.set()
    watcher.join()
    print(f"load: {seq} requests sent in {time.time() - started:.0f} s")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def get_case(port, reference, token):
    """GET /api/v1/cases/{reference}: the status code, retried while the gateway answers 503 or not at all."""
    for _ in range(30):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/cases/{reference}",
                                         headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            if e.code != 503:
                return e.code
        except OSError:
            pass
        time.sleep(1)
    return 0


def read_back(references, ports, token, workers=8):
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(references, pool.map(
            lambda i_ref: get_case(ports[i_ref[0] % len(ports)], i_ref[1], token), enumerate(references))))


def status_label(a):
    return str(a["status"]) if a["status"] else "no answer"


def leaderless_windows(routing, end):
    """Spans with no node up in HAProxy's /primary check, as (start, end) in epoch seconds."""
    windows, opened = [], None
    for r in routing:
        nobody = r["up"] == ""
        if nobody and opened is None:
            opened = r["t"]
        elif not nobody and opened is not None:
            windows.append((opened, r["t"]))
            opened = None
    if opened is not None:
        windows.append((opened, end))
    return windows


def report(args):
    answers = sorted(read_jsonl(args.answers), key=lambda a: a["sent"])
    routing = read_jsonl(args.routing) if os.path.exists(args.routing) else []
    events = []
    with open(args.events) as f:
        for line in f:
            if line.strip():
                name, t = line.split()
                events.append((name, float(t)))
    ports = [int(p) for p in args.ports.split(",")]
    acked = [a for a in answers if 200 <= a["status"] < 300]
    if args.skip_read_back:  # re-analysing kept answers after the stack is gone
        lost = []
    else:
        found = read_back([a["reference"] for a in acked], ports, args.token)
        lost = [a for a in acked if found[a["reference"]] != 200]
    by_status = {}
    for a in answers:
        by_status[status_label(a)] = by_status.get(status_label(a), 0) + 1
    outcomes = {}
    for a in acked:
        outcomes[a.get("outcome")] = outcomes.get(a.get("outcome"), 0) + 1
    five_hundreds = [a for a in answers if a["status"] >= 500 and a["status"] != 503]
    unavailable = [a for a in answers if a["status"] == 503]
    without_retry_after = [a for a in unavailable if not a.get("retryAfter")]
    end = answers[-1]["answered"] if answers else time.time()
    windows = leaderless_windows(routing, end)

    kills = []
    for i, (name, t) in enumerate(events):
        until = events[i + 1][1] if i + 1 < len(events) else float("inf")
        # Everything answered between this kill and the next counts for this kill, also requests that were in
        # flight when it struck. Intake accepts again with the first acknowledgement after the last refusal.
        refused = [a for a in answers if t <= a["answered"] < until and not 200 <= a["status"] < 300]
        slowest = max((a["answered"] - a["sent"] for a in answers
                       if 200 <= a["status"] < 300 and t - 5 <= a["sent"] < min(until, t + 60)), default=0)
        if refused:
            last_refusal = max(a["answered"] for a in refused)
            accepted = min((a["answered"] for a in answers
                            if 200 <= a["status"] < 300 and a["answered"] > last_refusal), default=None)
            seconds = round(accepted - t, 1) if accepted else None
        else:
            # Nothing refused: intake at most stalled, for as long as the slowest acknowledgement waited.
            seconds = round(slowest, 1)
        window = next(((s, e) for s, e in windows if t - 1 <= s < until), None)
        kills.append({
            "event": name,
            "at": time.strftime("%H:%M:%S", time.gmtime(t)),
            "secondsUntilAccepted": seconds,
            "refused": len(refused),
            "refusedByStatus": {s: sum(1 for a in refused if status_label(a) == s)
                                for s in sorted({status_label(a) for a in refused})},
            "firstRefusalAfterSeconds": round(min(a["answered"] for a in refused) - t, 1) if refused else None,
            "haproxyWithoutPrimarySeconds": round(window[1] - max(window[0], t), 1) if window else 0.0,
            "slowestAcknowledgedSeconds": round(slowest, 1),
        })
    # A 503 is expected while no node is primary: from a kill until HAProxy has a primary again, plus the time a
    # request may already have been waiting (its own timeout). Any other 503 is reported.
    slack = args.slack
    outage = [(t, next((e for s, e in windows if e >= t), t)) for _, t in events]

    def during_outage(a):
        return any(start <= a["answered"] <= stop + slack for start, stop in outage)

    stray_503 = [a for a in unavailable if not during_outage(a)]
    summary = {
        "requests": len(answers),
        "acknowledged": len(acked),
        "lost": len(lost),
        "byStatus": dict(sorted(by_status.items())),
        "outcomes": outcomes,
        "status500": len(five_hundreds),
        "status503": len(unavailable),
        "status503WithoutRetryAfter": len(without_retry_after),
        "status503OutsideOutage": len(stray_503),
        "kills": kills,
        "haproxyWithoutPrimary": [[time.strftime("%H:%M:%S", time.gmtime(s)), round(e - s, 1)] for s, e in windows],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    with open(args.summary, "w") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
    for a in (five_hundreds + lost + stray_503)[:10]:
        print("example:", json.dumps(a, ensure_ascii=False), file=sys.stderr)
    failures = []
    if lost:
        failures.append(f"{len(lost)} acknowledged complaint(s) lost")
    if five_hundreds:
        failures.append(f"{len(five_hundreds)} answer(s) 5xx other than 503")
    if without_retry_after:
        failures.append(f"{len(without_retry_after)} 503 answer(s) without Retry-After")
    if stray_503:
        failures.append(f"{len(stray_503)} 503 answer(s) while a primary was up")
    for k in kills:
        if k["secondsUntilAccepted"] is None or k["secondsUntilAccepted"] > args.max_outage:
            failures.append(f"intake not accepting within {args.max_outage:.0f} s of {k['event']}")
    if not acked:
        failures.append("nothing was acknowledged")
    for f in failures:
        print("FAILED:", f, file=sys.stderr)
    return 1 if failures else 0


def restore(args):
    answers = read_jsonl(args.answers)
    target = args.target_epoch
    margin = args.margin
    acked = [a for a in answers if 200 <= a["status"] < 300]
    # Acknowledged before target - margin: committed before the target (a commit precedes its answer), so it
    # must be there. Sent after target + margin: committed after it, so it must not. Between: either.
    before = [a for a in acked if a["answered"] < target - margin]
    after = [a for a in acked if a["sent"] > target + margin]
    between = [a for a in acked if a not in before and a not in after]
    ports = [int(p) for p in args.ports.split(",")]
    found = read_back([a["reference"] for a in before + after + between], ports, args.token)
    missing = [a for a in before if found[a["reference"]] != 200]
    present_after = [a for a in after if found[a["reference"]] != 404]
    summary = {
        "target": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(target)) + f".{int(target % 1 * 1000):03d}Z",
        "marginSeconds": margin,
        "acknowledgedBeforeTarget": len(before),
        "restoredOfThose": len(before) - len(missing),
        "acknowledgedAfterTarget": len(after),
        "restoredOfThoseAfter": len(present_after),
        "withinMargin": len(between),
        "withinMarginRestored": sum(1 for a in between if found[a["reference"]] == 200),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    with open(args.summary, "w") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
    for a in (missing + present_after)[:10]:
        print("example:", json.dumps(a, ensure_ascii=False), found[a["reference"]], file=sys.stderr)
    failures = []
    if missing:
        failures.append(f"{len(missing)} complaint(s) acknowledged before the target are missing")
    if present_after:
        failures.append(f"{len(present_after)} complaint(s) sent after the target were restored (or unreadable)")
    if not before or not after:
        failures.append("the drill needs acknowledged complaints on both sides of the target")
    for f in failures:
        print("FAILED:", f, file=sys.stderr)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("load")
    p.add_argument("--ports", required=True)
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--answers", required=True)
    p.add_argument("--routing", required=True)
    p.add_argument("--stats-url", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--max-seconds", type=float, default=900)
    p.add_argument("--run", default=uuid.uuid4().hex[:8])
    p = sub.add_parser("report")
    p.add_argument("--answers", required=True)
    p.add_argument("--routing", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--ports", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--max-outage", type=float, default=30)
    p.add_argument("--slack", type=float, default=10)
    p.add_argument("--skip-read-back", action="store_true", help="figures from kept answers only; lost not checked")
    p = sub.add_parser("restore")
    p.add_argument("--answers", required=True)
    p.add_argument("--target-epoch", type=float, required=True)
    p.add_argument("--margin", type=float, default=1.0)
    p.add_argument("--ports", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--summary", required=True)
    args = parser.parse_args()
    if args.command == "load":
        load(args)
        return 0
    return report(args) if args.command == "report" else restore(args)


if __name__ == "__main__":
    sys.exit(main())
