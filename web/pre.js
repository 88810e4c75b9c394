// pollscope's page glue (emcc --pre-js): the program's arguments from the page's address,
// the lessons and fonts fetched into its file system before it starts, settings kept in the
// browser's storage (IndexedDB), exports offered as downloads, and the file picker.
//   index.html?open=scenarios/02-sleep.json&step=7   opens that lesson at that step
/* global Module, FS, IDBFS, addRunDependency, removeRunDependency */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var CONFIG = '/home/web_user/.config';  // $HOME/.config: settings.ini and imgui.ini

  // A site path the program may read: relative, no "..", no scheme.
  function sitePath(p) {
    if (!p) return '';
    p = p.replace(/^\/+/, '');
    if (/(^|\/)\.\.(\/|$)/.test(p) || /^[a-z]+:/i.test(p)) return '';
    return p;
  }

  function windowSize() {
    var canvas = Module.canvas;
    var top = canvas ? canvas.getBoundingClientRect().top : 0;
    var w = Math.max(200, Math.min(8192, Math.floor(window.innerWidth)));
    var h = Math.max(150, Math.min(8192, Math.floor(window.innerHeight - top)));
    return [w, h];
  }

  var open = sitePath(params.get('open'));
  // A shared link (copy link): the scenario itself, compressed, in the fragment.
  var hash = new URLSearchParams(window.location.hash.substring(1));
  var shared = hash.get('s');
  var sharedName = (hash.get('name') || 'scenario.json').replace(/[^A-Za-z0-9._-]/g, '_');
  if (shared) open = 'shared/' + sharedName;
  var args = ['gui'];
  if (open) args.push(open);  // relative to '/', as the desktop names lessons
  var step = shared ? hash.get('step') : params.get('step');
  if (open && step !== null && /^-?\d+$/.test(step)) args.push('--step', step);
  var demo = params.get('demo');  // ?demo=N: a synthetic trace of about N events (measuring)
  if (!open && demo !== null && /^\d+$/.test(demo)) args.push('--demo', demo);
  var size = windowSize();
  args.push('--size', size[0] + 'x' + size[1]);
  Module.arguments = args;
  Module.lessons = [];  // [{path, title}] once fetched

  function writeFile(path, bytes) {
    if (path.lastIndexOf('/') > 0) FS.mkdirTree(path.substring(0, path.lastIndexOf('/')));
    FS.writeFile(path, bytes);
  }

  function fetchBytes(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  }

  function lessonTitle(bytes, fallback) {
    try {
      return JSON.parse(new TextDecoder().decode(bytes)).title || fallback;
    } catch (e) {
      return fallback;
    }
  }

  // base64url <-> bytes, and deflate-raw through the browser's CompressionStream.
  function toBase64Url(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64Url(text) {
    var bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; ++i) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  function pipeThrough(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
      .then(function (b) { return new Uint8Array(b); });
  }

  function unpackShared() {
    if (!shared) return Promise.resolve();
    return Promise.resolve().then(function () {
      return pipeThrough(fromBase64Url(shared), new DecompressionStream('deflate-raw'));
    }).then(function (bytes) { writeFile('/' + open, bytes); }, function (err) {
      Module.printErr('pollscope: the link\'s scenario cannot be read (cut short?): ' + err.message);
    });
  }

  // The site's files (files.json), and the file named by ?open= when it is not one of them.
  function fetchFiles() {
    return fetch('files.json').then(function (r) { return r.json(); }).then(function (list) {
      var known = list.some(function (f) { return f.url === open; });
      if (open && !known && !shared) list.push({url: open, path: '/' + open});
      return Promise.all(list.map(function (f) {
        return fetchBytes(f.url).then(function (bytes) {
          writeFile(f.path, bytes);
          if (f.lesson) Module.lessons.push({path: f.url, title: lessonTitle(bytes, f.url)});
        }, function (err) {
          if (f.url === open) Module.printErr('pollscope: cannot fetch ' + open + ': ' + err.message);
          else throw err;
        });
      }));
    }).then(function () {
      Module.lessons.sort(function (a, b) { return a.path < b.path ? -1 : 1; });
      if (Module.onLessons) Module.onLessons(Module.lessons);
    });
  }

  // Settings: IndexedDB under $HOME/.config, read before the program starts, written back
  // every two seconds (the program saves settings.ini about once a second when they change).
  function mountSettings() {
    return new Promise(function (resolve) {
      try {
        FS.mkdirTree(CONFIG);
        FS.mount(IDBFS, {}, CONFIG);
        FS.syncfs(true, function () { resolve(); });
      } catch (e) {
        resolve();  // no IndexedDB (private mode): settings last for the visit
      }
    }).then(function () {
      var syncing = false;
      setInterval(function () {
        if (syncing) return;
        syncing = true;
        FS.syncfs(false, function () { syncing = false; });
      }, 2000);
    });
  }

  Module.preRun = Module.preRun || [];
  Module.preRun.push(function () {
    addRunDependency('pollscope-files');
    Promise.all([fetchFiles(), mountSettings(), unpackShared()]).then(function () {
      removeRunDependency('pollscope-files');
    }, function (err) {
      Module.printErr('pollscope: ' + err.message);
    });
  });

  // File > Export wrote `path` in the program's file system: hand it to the browser.
  Module.offerDownload = function (path) {
    var bytes = FS.readFile(path);
    var name = path.substring(path.lastIndexOf('/') + 1);
    var type = /\.svg$/.test(name) ? 'image/svg+xml' : /\.png$/.test(name) ? 'image/png' :
      /\.md$/.test(name) ? 'text/markdown' : 'application/json';
    var url = URL.createObjectURL(new Blob([bytes], {type: type}));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    Module.downloads = (Module.downloads || []).concat([name]);
  };

  // Opens a file the page already wrote into the program's file system.
  Module.openPath = function (path) {
    Module.ccall('pollscope_open', null, ['string'], [path]);
  };

  // A file from the user's disk (the file picker): copied in, then opened.
  Module.openUserFile = function (file) {
    return file.arrayBuffer().then(function (buf) {
      var path = 'uploads/' + file.name.replace(/[\/\\]/g, '_');
      writeFile(path, new Uint8Array(buf));
      Module.openPath(path);
    });
  };

  // "Copy link": a lesson of the site as ?open=FILE&step=N; any other file (opened from the
  // disk) travels inside the link, deflated, base64url, in the fragment (never sent to the
  // server). Resolves to {link} or {error} when the link would exceed LINK_LIMIT characters.
  Module.LINK_LIMIT = 32000;
  Module.makeLink = function () {
    var st = window.pollscope_state();
    var base = window.location.origin + window.location.pathname;
    if (!st.document) return Promise.resolve({error: 'nothing is open'});
    var stepPart = st.step >= 0 ? '&step=' + st.step : '';
    if (/^scenarios\/[^/]+\.json$/.test(st.document) && Module.lessons.some(function (l) { return l.path === st.document; }))
      return Promise.resolve({link: base + '?open=' + st.document + stepPart});
    var name = st.document.substring(st.document.lastIndexOf('/') + 1);
    return pipeThrough(FS.readFile('/' + st.document.replace(/^\/+/, '')), new CompressionStream('deflate-raw'))
      .then(function (packed) {
        var link = base + '#name=' + encodeURIComponent(name) + stepPart + '&s=' + toBase64Url(packed);
        if (link.length > Module.LINK_LIMIT)
          return {error: 'this file is too large to share in a link (' + link.length + ' characters, the limit is ' +
                  Module.LINK_LIMIT + '): share the file itself'};
        return {link: link};
      });
  };

  Module.fitToWindow = function () {
    var s = windowSize();
    Module.ccall('pollscope_resize', null, ['number', 'number'], [s[0], s[1]]);
  };

  // The test hook: the program's state as an object (see app/gui/platform_web.cpp).
  window.pollscope_state = function () {
    if (!Module.calledRun) return {frames: 0};
    return JSON.parse(Module.ccall('pollscope_state', 'string', [], []));
  };
})();
