#!/usr/bin/env python3
"""A 20-rule mixed save through the rule editor, as its form sends it: on a group of 60 inbound
rules, 10 rules changed in place, 5 removed and 5 added. Prints the server's time (its
Server-Timing: waiting on EC2, and its own) and the EC2 calls one save made (ec2-local's
counters), median of 5 saves. Run by bench/console.sh.

usage: mixed_save.py SITE EC2_URL GROUP_ID USER PASSWORD
"""
import html
import json
import re
import statistics
import sys
import urllib.error
import urllib.parse
import urllib.request

site, ec2_url, group_id, user, password = sys.argv[1:6]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


http = urllib.request.build_opener(NoRedirect)


def send(method, url, body=None, cookie=None):
    headers = {"Origin": site, "Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    data = urllib.parse.urlencode(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        response = http.open(request)
    except urllib.error.HTTPError as answer:  # a redirect, or a failure to report
        response = answer
    return response.status, response.headers, response.read().decode()


status, headers, _ = send("POST", f"{site}/signin", {"name": user, "password": password, "next": "/"})
cookie = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("sg_session="))


def counters():
    return json.loads(urllib.request.urlopen(f"{ec2_url}/_local/counters").read())


timings, calls = [], None
for k in range(5):
    _, _, page = send("GET", f"{site}/security-groups/us-east-1/{group_id}/inbound/edit", cookie=cookie)
    opened_json = html.unescape(re.search(r'name="opened" value="([^"]*)"', page).group(1))
    save_path = re.search(r'formaction="(/api/save_rules[^"]*)"', page).group(1)
    opened = json.loads(opened_json)
    rows = []
    for i, rule in enumerate(opened):
        if 10 <= i < 15:
            continue  # removed
        port = 20000 + k * 100 + i if i < 10 else rule["from_port"]  # changed in place
        rows.append({"id": rule["id"], "ports": str(port), "peer": rule["peer"]["Ipv4"], "description": rule.get("description") or ""})
    for j in range(5):
        rows.append({"id": "", "ports": str(30000 + k * 10 + j), "peer": "192.0.2.0/24", "description": f"added {k}.{j}"})
    form = {"region": "us-east-1", "id": group_id, "direction": "inbound", "opened": opened_json}
    for i, row in enumerate(rows):
        form.update({
            f"rules[{i}][id]": row["id"],
            f"rules[{i}][kind]": "custom-tcp",
            f"rules[{i}][ports]": row["ports"],
            f"rules[{i}][peer_type]": "custom",
            f"rules[{i}][peer]": row["peer"],
            f"rules[{i}][description]": row["description"],
        })
    urllib.request.urlopen(urllib.request.Request(f"{ec2_url}/_local/counters/reset", method="POST"))
    status, headers, body = send("POST", f"{site}{save_path}", form, cookie)
    if status != 200:
        sys.exit(f"the save failed: {status} {body}")
    # server-timing: ec2;dur=12.3;desc="EC2", app;dur=4.5;desc="SG Console"
    durations = re.findall(r"dur=([0-9.]+)", headers.get("Server-Timing", ""))
    timings.append(tuple(float(d) for d in durations[:2]))
    calls = {action: n for action, n in counters().items() if not action.startswith("Describe")}
    reads = sum(n for action, n in counters().items() if action.startswith("Describe"))

ec2_ms = statistics.median(t[0] for t in timings)
app_ms = statistics.median(t[1] for t in timings)
print(f"mixed save   EC2 {ec2_ms:8.1f} ms   console {app_ms:7.1f} ms   "
      f"20 rules (10 changed, 5 removed, 5 added): writes {calls}, reads {reads}")
