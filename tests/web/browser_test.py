#!/usr/bin/env python3
"""The web build in a real browser: serves SITE on 127.0.0.1, drives Debian's headless Chromium
through the DevTools protocol (over --remote-debugging-pipe: no extra packages), and checks two
lessons each opened at a step from the address, stepped with the arrow keys, read back through
the page's test hook (window.pollscope_state()), and photographed.

Usage: browser_test.py SITE SHOTS_DIR
Writes SHOTS_DIR/<lesson>-step<N>.png and prints the time to the first frame. Exits 1 on the
first failed check, with what was expected and what the page said.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gui"))
import png_check  # noqa: E402  (tests/gui/png_check.py: PNG decoding with the standard library)

WIDTH, HEIGHT = 1280, 800
# (lesson, step in the address, right-arrow presses): each is shot at both steps.
CASES = [("02-sleep", 2, 3), ("04-join", 5, 4)]


class Failure(Exception):
    pass


class DevTools:
    """A DevTools protocol client over Chromium's pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [chromium, "--headless=new", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--no-sandbox", "--no-first-run", "--no-default-browser-check", "--disable-gpu-sandbox",
                "--disable-extensions", "--disable-background-networking", "--mute-audio",
                "--remote-debugging-pipe", "--user-data-dir=" + profile,
                "--window-size=%d,%d" % (WIDTH, HEIGHT), "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=child_fds, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, pass_fds=(3, 4))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf, self.next_id, self.session = b"", 0, None

    def call(self, method, params=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise Failure("%s: %s" % (method, reply["error"]))
                    return reply.get("result", {})
            if time.monotonic() > deadline:
                raise Failure("%s: no answer from Chromium in %ds" % (method, timeout))
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise Failure("Chromium closed the DevTools pipe (did it start?)")
            self.buf += chunk

    def open_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise Failure("page error in %s: %s" % (expression, r["exceptionDetails"].get("text")))
        return r["result"].get("value")

    def close(self):
        try:
            self.session = None
            self.call("Browser.close", timeout=5)
        except (Failure, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def state(dt):
    return json.loads(dt.evaluate("JSON.stringify(window.pollscope_state ? pollscope_state() : {})") or "{}")


def wait_for(dt, what, predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = state(dt)
        if predicate(s):
            return s
        time.sleep(0.1)
    raise Failure("timed out waiting for %s; the page says: %s" % (what, json.dumps(s)[:600]))


def press_right(dt):
    for kind in ("rawKeyDown", "keyUp"):
        dt.call("Input.dispatchKeyEvent", {"type": kind, "key": "ArrowRight", "code": "ArrowRight",
                                           "windowsVirtualKeyCode": 39, "nativeVirtualKeyCode": 39})
        time.sleep(0.05)


def screenshot(dt, path):
    # Two animation frames first, so the picture is of the state just read.
    dt.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    time.sleep(0.2)
    data = base64.b64decode(dt.call("Page.captureScreenshot", {"format": "png"})["data"])
    with open(path, "wb") as f:
        f.write(data)
    w, h, bpp, rows = png_check.read_png(path)
    colours = {bytes(row[i:i + 3]) for row in rows[::4] for i in range(0, len(row), bpp * 4)}
    if (w, h) != (WIDTH, HEIGHT) or len(colours) < 16:
        raise Failure("%s: %dx%d with %d colours: expected a %dx%d picture of the window"
                      % (path, w, h, len(colours), WIDTH, HEIGHT))
    return rows


def check_lesson(dt, base, shots, lesson, step, presses):
    url = "%s/index.html?open=scenarios/%s.json&step=%d" % (base, lesson, step)
    t0 = time.monotonic()
    dt.call("Page.navigate", {"url": url})
    s = wait_for(dt, "the first frames of " + lesson, lambda s: s.get("frames", 0) >= 3)
    load_s = time.monotonic() - t0
    first_ms = dt.evaluate("Module.firstFrameMs")
    if s.get("document") != "scenarios/%s.json" % lesson or s.get("step") != step:
        raise Failure("%s: expected the lesson at step %d, the page says %s" % (url, step, json.dumps(s)[:400]))
    dt.call("Runtime.evaluate", {"expression": "document.getElementById('canvas').focus()"})
    before = screenshot(dt, os.path.join(shots, "%s-step%d.png" % (lesson, step)))
    for _ in range(presses):
        press_right(dt)
    target = step + presses
    s = wait_for(dt, "step %d after %d right-arrow presses" % (target, presses),
                 lambda s: s.get("step") == target, timeout=10)
    if "cursor step: %d" % target not in s.get("describe", ""):
        raise Failure("the state text does not show cursor step %d: %s" % (target, s.get("describe", "")[:300]))
    after = screenshot(dt, os.path.join(shots, "%s-step%d.png" % (lesson, target)))
    changed = sum(1 for a, b in zip(before, after) if a != b)
    if changed < 5:
        raise Failure("%s: the pictures at steps %d and %d are the same (%d rows differ)"
                      % (lesson, step, target, changed))
    print("%s: step %d -> %d by keys, %d rows changed; first frame %.0f ms after navigation start "
          "(page ready in %.1f s)" % (lesson, step, target, changed, first_ms or -1, load_s))


def check_menu_and_picker(dt, base, repo):
    """The lessons menu opens a lesson in place; the file picker opens a file from the disk."""
    dt.call("Page.navigate", {"url": base + "/index.html"})
    s = wait_for(dt, "the page without a lesson", lambda s: s.get("frames", 0) >= 3)
    if s.get("document"):
        raise Failure("index.html alone opened %s, expected no document" % s["document"])
    menu = dt.evaluate("Array.from(document.querySelectorAll('#lessons option')).map(o => o.value)")
    if "scenarios/05-select-timeout.json" not in menu:
        raise Failure("the lessons menu lacks 05-select-timeout: %s" % menu)
    dt.evaluate("var m = document.getElementById('lessons'); m.value = 'scenarios/05-select-timeout.json';"
                "m.dispatchEvent(new Event('change'))")
    wait_for(dt, "the lesson chosen in the menu",
             lambda s: s.get("document") == "scenarios/05-select-timeout.json", timeout=10)
    if "open=scenarios/05-select-timeout.json" not in dt.evaluate("location.search"):
        raise Failure("the address does not follow the lesson chosen: %s" % dt.evaluate("location.search"))
    picker = dt.call("Runtime.evaluate", {"expression": "document.getElementById('picker')"})["result"]
    disk_file = os.path.join(repo, "scenarios", "03-two-tasks.json")
    dt.call("DOM.setFileInputFiles", {"files": [disk_file], "objectId": picker["objectId"]})
    s = wait_for(dt, "the file given to the file picker",
                 lambda s: s.get("document") == "uploads/03-two-tasks.json", timeout=10)
    if s.get("events", 0) < 10 or s.get("last_error"):
        raise Failure("the picked file did not run: %s" % json.dumps(s)[:400])
    print("lessons menu and file picker: both opened their file (%d events)" % s["events"])
    return s


def check_copy_link(dt, picked):
    """Copy link: the file from the disk travels in the fragment and opens at the same step."""
    for _ in range(3):
        press_right(dt)
    s = wait_for(dt, "step 2 of the picked file", lambda s: s.get("step") == 2, timeout=10)
    made = dt.evaluate("Module.makeLink()")
    link = made.get("link", "")
    if "#name=03-two-tasks.json&step=2&s=" not in link:
        raise Failure("copy link made %s, expected the file in the fragment at step 2" % json.dumps(made)[:300])
    too_long = dt.evaluate("(() => { Module.LINK_LIMIT = 100; return Module.makeLink(); })()")
    if "too large to share in a link" not in too_long.get("error", ""):
        raise Failure("a link over the limit gave %s, expected the too-large message" % json.dumps(too_long)[:300])
    dt.call("Page.navigate", {"url": "about:blank"})
    dt.call("Page.navigate", {"url": link})
    s2 = wait_for(dt, "the shared link's file", lambda s: s.get("frames", 0) >= 3)
    if (s2.get("document"), s2.get("step"), s2.get("events")) != ("shared/03-two-tasks.json", 2, picked["events"]):
        raise Failure("the link opened %s, expected shared/03-two-tasks.json at step 2 with %d events"
                      % (json.dumps(s2)[:300], picked["events"]))
    print("copy link: %d characters; it opens the same file at the same step" % len(link))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    site, shots = sys.argv[1], sys.argv[2]
    if not os.path.isfile(os.path.join(site, "pollscope.wasm")):
        print("web test: %s has no pollscope.wasm: run make web first" % site)
        return 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("web test: Chromium not found (Debian package chromium)")
        return 1
    os.makedirs(shots, exist_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="pollscope-web-")
    dt = None
    try:
        for _ in range(50):  # the server is up when it accepts a connection
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        dt = DevTools(chromium, profile)
        dt.open_page()
        for lesson, step, presses in CASES:
            check_lesson(dt, "http://127.0.0.1:%d" % port, shots, lesson, step, presses)
        repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        picked = check_menu_and_picker(dt, "http://127.0.0.1:%d" % port, os.path.abspath(repo))
        check_copy_link(dt, picked)
    except Failure as e:
        print("web test FAILED: %s" % e)
        return 1
    finally:
        if dt:
            dt.close()
        server.terminate()
        server.wait()
        shutil.rmtree(profile, ignore_errors=True)
    print("web test passed: screenshots in %s" % shots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
