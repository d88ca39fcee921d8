// raftlab loader: downloads main.wasm with a progress bar, starts it with Go's
// wasm_exec.js, and hides itself when the Go program has rendered the UI.
//
// Progress is honest: fetch() streams decoded bytes, so with Content-Encoding
// the encoded Content-Length is not the total. cmd/serve sends
// X-Uncompressed-Length for precompressed files; without it (another server
// compressing on the fly) the bar is indeterminate and only the byte count is
// shown.
"use strict";
(function () {
  const script = document.currentScript;
  const wasmURL = (script && script.dataset.wasm) || "main.wasm";
  // The lessons are a data file beside main.wasm, not compiled in: fetched
  // alongside it and handed to the Go program as text (wasm/main.go). Without
  // them the page still runs, with no lessons.
  const lessonsURL = (script && script.dataset.lessons) || "lessons.json";
  const lessons = fetch(lessonsURL)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status))))
    .catch((e) => {
      console.warn("raftlab: " + lessonsURL + " not loaded: " + e.message);
      return undefined;
    });
  // So is the message catalog (every label and sentence, English and
  // Korean): the Go program refuses to start without it.
  const catalogURL = (script && script.dataset.catalog) || "catalog.json";
  const catalog = fetch(catalogURL)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status))))
    .catch((e) => {
      console.warn("raftlab: " + catalogURL + " not loaded: " + e.message);
      return undefined;
    });
  const $ = (id) => document.getElementById(id);
  const loader = $("loader");
  const text = $("loader-text");
  const bar = $("loader-progress");
  const errBox = $("loader-error");

  const mb = (n) => (n / 1048576).toFixed(1) + " MB";
  let failed = false;
  let started = false;

  // stopped: the Go program had started and ended (a bug, or the browser
  // ran out of memory). The page says so and offers to reload the session
  // from its link (the Go side keeps raftlabLoader.session up to date).
  function stopped(msg) {
    if (failed) return;
    failed = true;
    const app = $("app");
    if (app) {
      // Its handlers were Go functions that are gone: keep a still copy.
      const copy = app.cloneNode(true);
      copy.inert = true;
      copy.classList.add("stopped");
      app.replaceWith(copy);
    }
    loader.hidden = false;
    loader.classList.add("failed");
    text.textContent = "raftlab stopped: its program ended unexpectedly.";
    errBox.textContent = String(msg);
    errBox.hidden = false;
    bar.hidden = true;
    const box = document.createElement("div");
    box.className = "actions";
    const session = window.raftlabLoader.session || "";
    const again = document.createElement("button");
    again.type = "button";
    again.dataset.testid = "reload-session";
    again.textContent = session ? "Reload this session from its link" : "Reload";
    again.addEventListener("click", () => {
      if (session) history.replaceState(null, "", "#" + session);
      location.reload();
    });
    const fresh = document.createElement("button");
    fresh.type = "button";
    fresh.className = "ghost";
    fresh.textContent = "Start a fresh cluster";
    fresh.addEventListener("click", () => {
      history.replaceState(null, "", location.pathname + location.search);
      location.reload();
    });
    box.append(again, fresh);
    loader.append(box);
    document.documentElement.dataset.state = "stopped";
  }

  function fail(msg) {
    if (started) {
      stopped(msg);
      return;
    }
    failed = true;
    loader.hidden = false;
    loader.classList.add("failed");
    text.textContent = "raftlab could not start.";
    errBox.textContent = String(msg);
    errBox.hidden = false;
    bar.hidden = true;
    document.documentElement.dataset.state = "failed";
  }

  // Called by wasm/main.go.
  window.raftlabLoader = {
    ready() {
      if (failed) return;
      started = true;
      loader.hidden = true;
      document.documentElement.dataset.state = "ready";
      // The time to interactive that boot tests report (issue 14: ≤ 1 s on localhost).
      if (window.performance && performance.mark) performance.mark("raftlab-ready");
    },
    fail,
    stopped,
    session: "",
    // The Go program's callbacks go through these wrappers, which stop
    // calling it once it has ended (instead of throwing "Go program has
    // already exited" at every key and frame).
    onKey: null,
    frame(fn) {
      requestAnimationFrame((ts) => {
        if (!failed) fn(ts);
      });
    },
  };
  document.addEventListener("keydown", (ev) => {
    const k = window.raftlabLoader.onKey;
    if (!failed && k) k(ev);
  });

  function setProgress(received, total) {
    if (total > 0) {
      bar.max = total;
      bar.value = Math.min(received, total);
      text.textContent = "Downloading " + mb(received) + " of " + mb(total) + "…";
    } else {
      bar.removeAttribute("value"); // indeterminate
      text.textContent = "Downloading " + mb(received) + "…";
    }
  }

  function totalFromHeaders(h) {
    const parse = (v) => {
      const n = Number(v);
      return Number.isFinite(n) && n > 0 ? n : 0;
    };
    const enc = h.get("Content-Encoding");
    if (enc && enc !== "identity") return parse(h.get("X-Uncompressed-Length"));
    return parse(h.get("Content-Length"));
  }

  async function boot() {
    if (typeof WebAssembly !== "object" || typeof Go !== "function") {
      throw new Error("this browser lacks WebAssembly support, or wasm_exec.js did not load");
    }
    document.documentElement.dataset.state = "loading";
    const resp = await fetch(wasmURL);
    if (!resp.ok) throw new Error("downloading " + wasmURL + ": HTTP " + resp.status);
    const total = totalFromHeaders(resp.headers);
    let received = 0;
    setProgress(0, total);

    let body = resp.body;
    if (body && body.getReader) {
      const reader = body.getReader();
      body = new ReadableStream({
        async pull(ctrl) {
          const { done, value } = await reader.read();
          if (done) {
            ctrl.close();
            return;
          }
          received += value.byteLength;
          setProgress(received, total);
          ctrl.enqueue(value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
    }
    const counted = new Response(body, { headers: { "Content-Type": "application/wasm" } });
    const go = new Go();
    let exitCode = null;
    const goExit = go.exit;
    go.exit = (code) => {
      exitCode = code;
      goExit.call(go, code);
    };
    let result;
    if (WebAssembly.instantiateStreaming) {
      result = await WebAssembly.instantiateStreaming(counted, go.importObject);
    } else {
      result = await WebAssembly.instantiate(await counted.arrayBuffer(), go.importObject);
    }
    bar.max = 1;
    bar.value = 1;
    text.textContent = "Starting…";
    window.raftlabLessons = await lessons;
    window.raftlabCatalog = await catalog;
    await go.run(result.instance);
    // go.run resolves only when the Go program exits; the UI is gone then.
    if (!failed) fail("the program stopped (exit code " + exitCode + "); the browser console has the details");
  }

  boot().catch((e) => {
    console.error("raftlab loader:", e);
    fail(e && e.message ? e.message : e);
  });
})();
