#!/usr/bin/env python
"""Open the rendered book in headless Chromium and check every page.

Serves ``_build/html`` on a loopback port, visits ``index.html`` and every
chapter page, and fails (exit status 1) when a page has

- an image that did not load,
- a Python traceback or an error output in a cell,
- a NaN in the prose (a glued number that came out undefined),
- a math block that MathJax did not render,
- an internal link to a missing page or anchor,
- a request to anything but the local server (the book must read offline),
- a console error from the browser (a missing script, style or font).

A page that only redirects (the root ``index.html``) is checked where it
lands: its target must exist, and the browser must arrive there.

A screenshot of each page is saved under ``_build/screenshots/``.
"""

from __future__ import annotations

import argparse
import functools
import html.parser
import http.server
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"genindex.html", "search.html", "py-modindex.html"}
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--window-size=1280,1600", "--hide-scrollbars",
]

PAGE_PROBE = """
const done = arguments[arguments.length - 1];
const finish = () => {
  const imgs = Array.from(document.images)
    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'));
  const math = Array.from(document.querySelectorAll('.math'))
    .filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
  const errors = Array.from(document.querySelectorAll(
      '.output.traceback, .output.error, .cell_output .traceback'))
    .map(e => e.textContent.slice(0, 200));
  const main = document.querySelector('main') || document.body || document.documentElement;
  if (main.innerText.includes('Traceback (most recent call last)')) errors.push('Traceback in page text');
  // a number glued into the prose that came out as NaN
  Array.from(main.querySelectorAll('p, li'))
    .filter(p => !p.closest('.cell_output') && /\\bnan\\b/i.test(p.textContent))
    .forEach(p => errors.push('NaN in prose: ' + p.textContent.slice(0, 120)));
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const resources = performance.getEntriesByType('resource').map(r => r.name);
  done({imgs, math, errors, links, resources, title: document.title});
};
// MathJax loads deferred: wait (up to 20 s) for it to start, then for its typesetting.
const t0 = Date.now();
const wait = () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(finish, finish);
  } else if (!document.querySelector('.math') || Date.now() - t0 > 20000) {
    finish();
  } else { setTimeout(wait, 100); }
};
wait();
"""


class IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    parser = IdCollector()
    parser.feed(path.read_text(errors="replace"))
    return frozenset(parser.ids)


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser moved on before a response was complete


REFRESH = re.compile(
    r"""<meta[^>]*http-equiv=["']?refresh["']?[^>]*content=["']?\s*\d+\s*;\s*url=([^"'>\s]+)""",
    re.IGNORECASE,
)


def redirect_target(page: Path) -> str | None:
    """The URL a page sends the browser to at once (meta refresh), or None."""
    match = REFRESH.search(page.read_text(errors="replace")[:4000])
    return match.group(1) if match else None


def land(driver, target_url: str, timeout: float = 20.0) -> bool:
    """Wait until the browser has followed a redirect to ``target_url`` and
    that page has loaded."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if driver.current_url.split("#")[0] == target_url and \
                driver.execute_script("return document.readyState") == "complete":
            return True
        time.sleep(0.1)
    return False


def pages(html_root: Path) -> list[Path]:
    found = []
    for path in sorted(html_root.rglob("*.html")):
        rel = path.relative_to(html_root)
        if rel.parts[0].startswith("_") or rel.name in SKIP:
            continue
        found.append(rel)
    return found


def check_link(href: str, base: str, html_root: Path) -> str | None:
    if not href.startswith(base):
        return None
    url, fragment = urldefrag(href)
    rel = unquote(urlparse(url).path).lstrip("/")
    target = html_root / rel
    if target.is_dir():
        target = target / "index.html"
    if not target.exists():
        return f"broken link to {rel}"
    if fragment and target.suffix == ".html" and fragment not in anchors(target):
        return f"broken anchor {rel}#{fragment}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--screenshots", default=str(ROOT / "_build" / "screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--driver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = parser.parse_args(argv)

    html_root = Path(args.html).resolve()
    if not (html_root / "index.html").is_file():
        print(f"check_site: {html_root}/index.html not found; build the book first", file=sys.stderr)
        return 2
    for tool in (args.chromium, args.driver):
        if not Path(tool).exists():
            print(
                f"check_site: {tool} not found; install Debian's chromium and "
                "chromium-driver (apt-get install chromium chromium-driver)",
                file=sys.stderr,
            )
            return 2

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    shots = Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    profile_dir = tempfile.mkdtemp(prefix="distill-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile_dir}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    server, base = serve(html_root)
    driver = webdriver.Chrome(service=Service(args.driver), options=options)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    n_bad = 0
    try:
        for rel in pages(html_root):
            url = base + rel.as_posix()
            driver.get(url)
            problems = []
            target = redirect_target(html_root / rel)
            if target is not None:
                target_url = urldefrag(urljoin(url, target))[0]
                problems += [p for p in [check_link(target_url, base, html_root)] if p]
                if not problems and not land(driver, target_url):
                    problems.append(f"the redirect to {target} did not arrive")
            report = driver.execute_async_script(PAGE_PROBE)
            problems += [f"missing image {src}" for src in report["imgs"]]
            problems += [f"un-rendered math: {text!r}" for text in report["math"]]
            problems += [f"error output: {text!r}" for text in report["errors"]]
            problems += [
                f"external request {name}" for name in report["resources"]
                if not name.startswith(base) and not name.startswith("data:")
            ]
            problems += sorted({p for p in (check_link(h, base, html_root) for h in report["links"]) if p})
            problems += [
                f"console: {entry['message'][:200]}" for entry in driver.get_log("browser")
            ]
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(1280, max(800, min(int(height), 12000)))
            shot = shots / (rel.as_posix().replace("/", "__").removesuffix(".html") + ".png")
            driver.save_screenshot(str(shot))
            driver.set_window_size(1280, 1600)
            status = "ok" if not problems else f"{len(problems)} problem(s)"
            if target is not None and not problems:
                status += f" (redirects to {target})"
            print(f"{rel.as_posix():<48} {status}")
            for problem in problems:
                print(f"    {problem}")
            n_bad += bool(problems)
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(profile_dir, ignore_errors=True)
    n_pages = len(pages(html_root))
    print(f"check_site: {n_pages - n_bad} of {n_pages} pages clean; screenshots in {shots}")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
