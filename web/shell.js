// shell.js: the browser side of the platform layer. It configures the Emscripten Module and connects the page's
// events (paste, files chosen or dropped, online/offline, page hide, reserved browser shortcuts) to the exports of
// src/platform/web_main.cpp, which calls back into the `Medcode` object below. No application logic lives here.
'use strict';

(function () {
  const overlay = document.getElementById('overlay');
  const overlayText = document.getElementById('overlay-text');
  const fileInput = document.getElementById('medcode-file');
  const canvas = document.getElementById('canvas');

  function showFatal(message) {
    overlay.className = 'fatal';
    overlayText.textContent = message;
  }

  // Calls an exported C function with `prefix` numbers then UTF-8 strings on the heap (the stack is too small for a
  // large pasted note), then frees them.
  function callWithStrings(name, strings, prefix = []) {
    const ptrs = strings.map((s) => {
      const n = lengthBytesUTF8(s) + 1;
      const p = Module._malloc(n);
      stringToUTF8(s, p, n);
      return p;
    });
    try {
      Module['_' + name].apply(null, prefix.concat(ptrs));
    } finally {
      ptrs.forEach((p) => Module._free(p));
    }
  }

  let ready = false;  // the wasm runtime is up
  let uploadCount = 0;

  // `purpose` matches ui::FilePurpose: 0 a note, 1 the user's CPT descriptor file, 2 an 835 / 999 / 277CA; -1 a
  // dropped file (the app decides: an X12 interchange is imported, anything else opens as a note).
  const CLAIMS_FILE = 2;
  async function loadFile(file, purpose) {
    if (!ready || !file) return;
    try {
      // A dropped X12 file is read whole (remittances are large); any other file at most one byte more than the
      // engine accepts for a note, so that it reports the file as too large.
      let whole = purpose === CLAIMS_FILE;
      if (purpose === -1) whole = /^\s*(\uFEFF)?ISA/.test(await file.slice(0, 64).text());
      const max = Module._medcode_max_document_bytes();
      const bytes = new Uint8Array(await (whole ? file : file.slice(0, max + 1)).arrayBuffer());
      try { FS.mkdir('/upload'); } catch (e) { /* exists */ }
      const path = '/upload/file-' + (++uploadCount);
      FS.writeFile(path, bytes);
      callWithStrings('medcode_on_file', [path, file.name], [purpose]);
    } catch (e) {
      callWithStrings('medcode_set_status_error', ['Could not read ' + file.name + ': ' + e]);
    }
  }

  // The code-set pack (reference data, no patient data) is fetched once and opened from the in-memory file system.
  async function loadCodeSets() {
    const t0 = performance.now();
    const path = '/codesets/codesets.pack';
    try {
      const response = await fetch('codesets.pack');
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for codesets.pack');
      const bytes = new Uint8Array(await response.arrayBuffer());
      try { FS.mkdir('/codesets'); } catch (e) { /* exists */ }
      FS.writeFile(path, bytes);
      callWithStrings('medcode_on_codesets', [path, '']);
      Medcode.codeSetsBytes = bytes.length;
    } catch (e) {
      callWithStrings('medcode_on_codesets', ['codesets.pack', String(e.message || e)]);
    }
    Medcode.codeSetsLoadMs = performance.now() - t0;
  }

  window.Medcode = {
    mountStorage(dir) {
      FS.mkdir(dir);
      FS.mount(IDBFS, {}, dir);
      FS.syncfs(true, (err) => callWithStrings('medcode_fs_ready', [err ? String(err.message || err) : '']));
    },
    syncToIndexedDb(revision) {
      FS.syncfs(false, (err) => callWithStrings('medcode_sync_done', [err ? String(err.message || err) : ''], [revision]));
    },
    openFilePicker(purpose) {
      fileInput.dataset.purpose = String(purpose);
      fileInput.click();
    },
    // Offers bytes the app made as a file download (an 837P, a CMS-1500 PDF).
    download(name, mime, ptr, length) {
      const bytes = HEAPU8.slice(ptr, ptr + length);
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      Medcode.lastDownload = { name, mime, bytes: length };
    },
    lastDownload: null,
    writeClipboard(text) {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
    },
    firstFrame() {
      Medcode.firstFrameMs = performance.now();
      overlay.className = 'hidden';
      canvas.focus();
    },
    fatal: showFatal,
    firstFrameMs: null,
    codeSetsLoadMs: null,  // fetch + open of the code-set pack, for the closing note and tests
    codeSetsBytes: 0,
    // For tests and debugging: the UI probe (widget rectangles and session state) as an object.
    probe() { return ready ? JSON.parse(UTF8ToString(Module._medcode_probe())) : null; },
  };

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.error(text),
    onRuntimeInitialized() {
      ready = true;
      Module._medcode_set_online(navigator.onLine ? 1 : 0);
      loadCodeSets();
    },
    onAbort(what) {
      showFatal('Medcode stopped unexpectedly (' + what + '). What you saved is kept in this browser: reload the page.');
    },
  };

  // Paste: ImGui reads the text on its next frame (Ctrl+V), or it goes into the note when no field has focus.
  document.addEventListener('paste', (e) => {
    if (!ready) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text) return;
    e.preventDefault();
    callWithStrings('medcode_on_paste', [text]);
  });

  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';  // choosing the same file again fires 'change' again
    loadFile(file, Number(fileInput.dataset.purpose || 0));
  });
  window.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) loadFile(files[0], -1);  // the app decides: a note, or an X12 file to import
  });

  window.addEventListener('online', () => ready && Module._medcode_set_online(1));
  window.addEventListener('offline', () => ready && Module._medcode_set_online(0));

  // Save before the page goes away (the frame loop does not run in hidden tabs).
  const hide = () => ready && Module._medcode_on_page_hide();
  // Closing the tab asks first only when work could really be lost (a failed save, or work held in memory only).
  window.addEventListener('beforeunload', (e) => {
    if (ready && Module._medcode_unload_would_lose_work()) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  window.addEventListener('pagehide', hide);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hide(); });

  // Shortcuts the browser would otherwise take (Ctrl+E / Ctrl+K search bar, Ctrl+O open, Ctrl+S save page, F6 address
  // bar, Alt+N new window, Alt+Left / Alt+Right history).
  // The key events still reach the app; only the browser's default action is cancelled.
  window.addEventListener('keydown', (e) => {
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if ((e.ctrlKey || e.metaKey) && (k === 'e' || k === 'i' || k === 'k' || k === 'o' || k === 's' || k === 't')) e.preventDefault();
    if (e.key === 'F6') e.preventDefault();
    // Alt+N/T and the Claims keys (Alt+B/C/I/P/S/X); Alt+Left/Right are not history here.
    if (e.altKey && ('bcinpstx'.includes(k) && k.length === 1 || k === 'ArrowLeft' || k === 'ArrowRight')) e.preventDefault();
  }, true);

  window.addEventListener('error', (e) => showFatal('Medcode failed to start: ' + e.message));

  // Offline use: the service worker keeps a copy of the app (not of any patient data) for when there is no network.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('sw.js').catch((e) => console.warn('Offline copy unavailable: ' + e.message));
    });
  }
})();
