"""A real JupyterLab and Debian's Chromium for browser tests and benchmarks (no pytest fixtures here).

start_lab(root, tmp) serves `root` on 127.0.0.1 with the instructor UI hidden; explorer_notebook() writes a
notebook that builds every registered explorer (one cell each, in the registry's order) and keeps each in
`EXPLORERS[name]`; KernelProbe talks to that notebook's kernel (to draw a figure the normal way); the page
helpers read an ipympl canvas's pixels and wait for it to settle (timestamps from a drawImage hook).
"""

import base64
import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Page hooks (an init script). Paint tracking: when each canvas was last painted (ipympl paints a frame with
# drawImage). Kernel traffic: the shell messages the page has sent (widget changes, ipympl's requests) whose
# handling the kernel has not yet reported done (status idle), so a test knows when the kernel has seen every
# move (ipywidgets holds back a model's later changes while one is pending), and how many widget state changes
# it has sent. A slow machine: with
# window.__slowFrames = ms, an image takes `ms` longer to load, and a frame replaced before that is never shown
# (as when frames arrive faster than the browser decodes them).
PAGE_HOOKS = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  window.__paints = 0; window.__lastPaint = 0; window.__slowFrames = 0; window.__lastFrame = 0;
  window.__pending = new Set(); window.__updates = 0; window.__lastTraffic = 0;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    window.__paints += 1; window.__lastPaint = performance.now();
    this.canvas.__lastPaint = window.__lastPaint;
    return draw.apply(this, args);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(HTMLImageElement.prototype, 'src', {
    configurable: true,
    get() { return src.get.call(this); },
    set(v) {
      if (typeof v === 'string' && v.startsWith('blob:')) { window.__lastFrame = performance.now(); }
      src.set.call(this, v);
    },
  });
  const onload = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'onload');
  Object.defineProperty(HTMLImageElement.prototype, 'onload', {
    configurable: true,
    get() { return this.__onload || null; },
    set(fn) {
      this.__onload = fn;
      onload.set.call(this, typeof fn !== 'function' ? fn : function (event) {
        const ms = window.__slowFrames, loaded = this.src;
        if (!ms) { return fn.call(this, event); }
        setTimeout(() => { if (this.src === loaded) { fn.call(this, event); } }, ms);
      });
    },
  });
  const decode = (ws, data) => {  // a kernel message, in either of Jupyter's websocket formats
    if (typeof data === 'string') { return JSON.parse(data); }
    const buf = ArrayBuffer.isView(data) ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
                                         : data;
    if (!(buf instanceof ArrayBuffer)) { return null; }
    const view = new DataView(buf), text = new TextDecoder('utf8');
    if (ws.protocol === 'v1.kernel.websocket.jupyter.org') {
      const offsets = [];
      for (let i = 0; i < Number(view.getBigUint64(0, true)); i++) {
        offsets.push(Number(view.getBigUint64(8 * (i + 1), true)));
      }
      const part = (k) => text.decode(buf.slice(offsets[k], offsets[k + 1]));
      return {channel: part(0), header: JSON.parse(part(1)), parent_header: JSON.parse(part(2)),
              content: JSON.parse(part(4))};
    }
    const n = view.getUint32(0);
    return JSON.parse(text.decode(buf.slice(view.getUint32(4), n > 1 ? view.getUint32(8) : buf.byteLength)));
  };
  const kernel = (ws) => /\\/api\\/kernels\\/[^/]+\\/channels/.test(ws.url);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try {
      const msg = kernel(this) && decode(this, data);
      if (msg && msg.channel === 'shell') {
        window.__pending.add(msg.header.msg_id); window.__lastTraffic = performance.now();
        if (msg.header.msg_type === 'comm_msg' && (msg.content.data || {}).method === 'update') {
          window.__updates += 1;  // a widget's state changed in the page
        }
      }
    } catch (e) { /* not a kernel message */ }
    return send.call(this, data);
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try {
          const msg = kernel(this) && decode(this, event.data);
          if (msg && msg.channel === 'iopub' && msg.header.msg_type === 'status'
              && msg.content.execution_state === 'idle' && msg.parent_header
              && window.__pending.delete(msg.parent_header.msg_id)) {
            window.__lastTraffic = performance.now();
          }
        } catch (e) { /* not a kernel message */ }
      });
    }
  };
})();
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def start_lab(root, tmp, code_root=ROOT):
    """A JupyterLab serving `root` (instructor UI switched off), its kernels importing dlcore from `code_root`;
    yields {"base", "token", "log", "runtime"}."""
    tmp = Path(tmp)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTER_DATA_DIR": str(tmp / "data"), "HOME": str(tmp), "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(code_root)}
    env.pop("MPLBACKEND", None)
    # render every cell (JupyterLab 4 only renders the cells in view by default), so prompts and widgets exist
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True, exist_ok=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "settings")
    subprocess.run([sys.executable, str(ROOT / "binder" / "hide_instructor_ui.py"), "--user"], env=env, check=True)
    port, token = free_port(), "browser-test-token"
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
         "--ServerApp.allow_root=True"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not answer within a minute:\n" + (tmp / "lab.log").read_text()[-3000:])
        if server.poll() is not None:
            raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
        yield {"base": base, "token": token, "log": tmp / "lab.log", "runtime": tmp / "runtime"}
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def explorer_notebook(path, names):
    """A notebook that builds each explorer in `names` (defaults, as the course notebooks do), one cell each."""
    setup = ('get_ipython().run_line_magic("matplotlib", "widget")\n'
             "import warnings\nwarnings.simplefilter('ignore')\nimport numpy as np\nfrom dlcore import widgets\n"
             "EXPLORERS = {}\n\n"
             "def full_redraw(name, path):\n"
             "    fig = EXPLORERS[name].fig\n"
             "    buf = __import__('io').BytesIO()\n"
             "    fig.savefig(buf, format='rgba', dpi=fig.dpi)\n"
             "    w, h = fig.canvas.get_width_height(physical=True)\n"
             "    np.save(path, np.frombuffer(buf.getvalue(), np.uint8).reshape(h, w, 4))\n")
    cells = [nbformat.v4.new_code_cell(setup)]
    for name in names:
        cells.append(nbformat.v4.new_code_cell(f"_w = widgets.{name}()\nEXPLORERS[{name!r}] = _w.explorer\n_w"))
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                        "language": "python"}})
    nbformat.write(nb, path)
    return path


class KernelProbe:
    """Runs code in the notebook's kernel (its connection file is in the lab's runtime dir)."""

    def __init__(self, runtime):
        from jupyter_client import BlockingKernelClient

        files = sorted(Path(runtime).glob("kernel-*.json"), key=lambda p: p.stat().st_mtime)
        if not files:
            raise RuntimeError(f"no kernel connection file in {runtime}")
        self.client = BlockingKernelClient(connection_file=str(files[-1]))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def run(self, code, timeout=60):
        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def full_redraw(self, name, tmp):
        path = Path(tmp) / f"full_{name}.npy"
        self.run(f"full_redraw({name!r}, {str(path)!r})")
        return np.load(path)

    def close(self):
        self.client.stop_channels()


def canvas_pixels(canvas):
    """The RGBA pixels an ipympl canvas element holds (exactly, via toDataURL)."""
    from PIL import Image

    url = canvas.evaluate("c => c.toDataURL('image/png')")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA"))


def wait_settled(page, canvas, quiet=0.6, timeout=30):
    """Wait until the kernel has handled every message the page sent (so every move has been drawn and its frame
    sent) and `canvas` has not been painted, nor a frame received (plus its loading delay), nor kernel traffic
    seen, for `quiet` seconds; returns the time of the canvas's last paint (ms, the page's clock)."""
    deadline = time.time() + timeout
    state = None
    while time.time() < deadline:
        state = canvas.evaluate(
            "c => [c.__lastPaint || 0, (window.__lastFrame || 0) + (window.__slowFrames || 0),"
            " window.__lastTraffic || 0, (window.__pending || new Set()).size, performance.now()]")
        last, frame, traffic, pending, now = state
        if not pending and now - max(last, frame, traffic) >= quiet * 1000:
            return last
        time.sleep(0.1)
    raise AssertionError(f"the canvas kept changing or the kernel kept busy (last paint, frame, traffic, "
                         f"messages pending, now: {state})")


def widget_updates_sent(page):
    """How many widget state changes (a control moved) the page has sent its kernels so far."""
    return page.evaluate("window.__updates || 0")


def differing(a, b, level=24):
    """Share of pixels whose channels differ by more than `level` of 255 (inf when the sizes differ)."""
    if a.shape != b.shape:
        return float("inf")
    return float(np.mean(np.any(np.abs(a.astype(int)[..., :3] - b.astype(int)[..., :3]) > level, axis=-1)))


def save_mismatch(path, shown, full):
    """browser | full redraw | differing pixels (red), side by side, as one PNG."""
    from PIL import Image

    h = max(shown.shape[0], full.shape[0])
    parts = []
    for a in (shown, full):
        pad = np.full((h, a.shape[1], 4), 255, np.uint8)
        pad[:a.shape[0]] = a
        parts.append(pad)
    if shown.shape == full.shape:
        diff = np.full_like(shown, 255)
        mask = np.any(np.abs(shown.astype(int)[..., :3] - full.astype(int)[..., :3]) > 24, axis=-1)
        diff[mask] = (220, 0, 0, 255)
        parts.append(diff)
    Image.fromarray(np.hstack(parts)).save(path)


def run_all(page, timeout=300):
    """Run > Run All Cells, then wait until every code cell has a number (none left at [*])."""
    import re

    deadline = time.time() + 120
    while time.time() < deadline:  # the kernel has started
        status = page.locator(".jp-StatusBar-Widget, #jp-main-statusbar").all_inner_texts()
        if any("Idle" in s for s in status):
            break
        time.sleep(0.5)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    time.sleep(2)
    deadline = time.time() + timeout
    prompts = []
    while time.time() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        if prompts and not any("*" in p for p in prompts) and all(re.search(r"\[\d+\]", p) for p in prompts):
            return
        time.sleep(1)
    raise AssertionError("Run All did not finish; prompts: " + ", ".join(prompts))


# What a student would notice in an explorer's cell (run in the page on the cell element): a figure or control
# row wider than the output area, a slider track under 150 px, a description or label cut, a control that the
# keyboard cannot reach.
LAYOUT_PROBE = (Path(__file__).parent / "browser_layout_probe.js").read_text()


# ---- latency
def enabled_sliders(cell):
    """The sliders of an explorer's cell that a student can move: [(label, slider locator)]."""
    sliders = cell.locator(".widget-slider")
    out = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        handle = slider.locator(".noUi-handle").first
        if handle.get_attribute("disabled") is not None or "disabled" in (slider.get_attribute("class") or ""):
            continue
        out.append((slider.locator(".widget-label").inner_text().strip(), slider))
    return out


def press_to_settled(page, canvas, readout, key, *, quiet=0.5, timeout=30):
    """Press `key` (the slider's handle has the focus) and time it to the canvas settling: from just before the
    key event to the last paint of `canvas` once no paint came for `quiet` seconds. Waits for the first paint
    after the press however long the kernel takes (up to `timeout` s). Returns ms, or None when the press changed
    nothing (the readout stayed, e.g. at the end of the range); raises if the value changed but no frame came."""
    wait_settled(page, canvas, quiet=0.3, timeout=timeout)
    before = readout.inner_text()
    t0 = page.evaluate("performance.now()")
    page.keyboard.press(key)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if canvas.evaluate("c => c.__lastPaint || 0") > t0:
            return wait_settled(page, canvas, quiet=quiet, timeout=timeout) - t0
        if time.time() > deadline - timeout + 2 and readout.inner_text() == before:
            return None  # 2 s and the value did not move: nothing to redraw
        time.sleep(0.02)
    raise AssertionError(f"no frame within {timeout} s of pressing {key} (readout {before!r} -> "
                         f"{readout.inner_text()!r})")
