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
  const $ = (id) => document.getElementById(id);
  const loader = $("loader");
  const text = $("loader-text");
  const bar = $("loader-progress");
  const errBox = $("loader-error");

  const mb = (n) => (n / 1048576).toFixed(1) + " MB";
  let failed = false;

  function fail(msg) {
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
      loader.hidden = true;
      document.documentElement.dataset.state = "ready";
    },
    fail,
  };

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
    await go.run(result.instance);
    // go.run resolves only when the Go program exits; the UI is gone then.
    if (!failed) fail("the program stopped (exit code " + exitCode + "); see the browser console");
  }

  boot().catch((e) => {
    console.error("raftlab loader:", e);
    fail(e && e.message ? e.message : e);
  });
})();
