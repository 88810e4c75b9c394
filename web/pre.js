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
  var args = ['gui'];
  if (open) args.push(open);  // relative to '/', as the desktop names lessons
  var step = params.get('step');
  if (open && step !== null && /^-?\d+$/.test(step)) args.push('--step', step);
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

  // The site's files (files.json), and the file named by ?open= when it is not one of them.
  function fetchFiles() {
    return fetch('files.json').then(function (r) { return r.json(); }).then(function (list) {
      var known = list.some(function (f) { return f.url === open; });
      if (open && !known) list.push({url: open, path: '/' + open});
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
    Promise.all([fetchFiles(), mountSettings()]).then(function () {
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
