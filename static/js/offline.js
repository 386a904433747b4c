// Offline field work: visits and meetings taken "à emporter" on the device, filled without
// network, sent back on return.
//
// - Preparing (online): the object's JSON copy (…/hors-connexion.json) goes to IndexedDB,
//   its page to the service worker's "maillage-pages" cache (templates/core/sw.js).
// - Recording (offline): each input is saved at once in IndexedDB as a change with an
//   idempotency key; the page says how many wait to be sent.
// - Sending: on the "online" event, on page load with network, or with "Synchroniser":
//   one POST per app (core/sync.py); each result is shown: applied, refused with the
//   server's reason, or a conflict with both values side by side for the user to choose.
//   An object the server no longer shows the user (403/404, gone) is cleared.
// Everything is cleared at logout and when another account signs in on the device.
(function () {
  "use strict";
  var body = document.body;
  if (!window.indexedDB || !window.fetch || !window.Promise) { return; }

  var PAGES = "maillage-pages";
  var textsNode = document.getElementById("offline-texts");
  var T = textsNode ? JSON.parse(textsNode.textContent) : {};
  function t(name, values) {
    var text = T[name] || name;
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  // --- IndexedDB -------------------------------------------------------------------------
  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open("maillage-offline", 1);
        request.onupgradeneeded = function () {
          ["bundles", "changes", "journal", "meta"].forEach(function (name) {
            request.result.createObjectStore(name, { keyPath: "id" });
          });
        };
        request.onsuccess = function () {
          request.result.onversionchange = function () { request.result.close(); opened = null; };
          resolve(request.result);
        };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }
  function store(name, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(name, mode);
        var result = work(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function all(name) { return store(name, "readonly", function (s) { return s.getAll(); }); }
  function get(name, id) { return store(name, "readonly", function (s) { return s.get(id); }); }
  function put(name, value) { return store(name, "readwrite", function (s) { s.put(value); }); }
  function remove(name, id) { return store(name, "readwrite", function (s) { s.delete(id); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function clearAll() {
    var stores = ["bundles", "changes", "journal", "meta"];
    return Promise.all(stores.map(function (name) { return store(name, "readwrite", function (s) { s.clear(); }); }))
      .then(function () { return window.caches ? caches.delete(PAGES) : null; });
  }

  function clearTarget(target) {
    return Promise.all([get("bundles", target), all("changes")]).then(function (found) {
      var bundle = found[0];
      var jobs = found[1].filter(function (c) { return c.target === target; }).map(function (c) { return remove("changes", c.id); });
      jobs.push(remove("bundles", target));
      if (bundle && window.caches) {
        jobs.push(caches.open(PAGES).then(function (cache) { return cache.delete(bundle.pageUrl); }));
      }
      return Promise.all(jobs);
    });
  }

  // --- Who is signed in ------------------------------------------------------------------
  function checkUser() {
    var user = body.dataset.offlineUser;
    if (!user) { return Promise.resolve(); }
    return get("meta", "user").then(function (meta) {
      if (meta && meta.value !== user) { return clearAll().then(function () { return put("meta", { id: "user", value: user }); }); }
      if (!meta) { return put("meta", { id: "user", value: user }); }
    });
  }
  // Logging out (static/js/offline-boot.js) leaves a mark: the next page clears what the
  // deletion of the database could not.
  function clearIfLoggedOut() {
    var marked = false;
    try { marked = localStorage.getItem("maillage-offline-clear") === "1"; } catch (error) { /* private mode */ }
    if (!marked) { return Promise.resolve(); }
    return clearAll().then(function () {
      localStorage.removeItem("maillage-offline-clear");
      localStorage.removeItem("maillage-offline-pending");
    });
  }

  // --- Preparing -------------------------------------------------------------------------
  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  // `withPage`: the page too (when taken along; a refresh keeps the copy the service
  // worker updates whenever the page is opened online).
  function prepare(target, bundleUrl, withPage) {
    return fetch(bundleUrl, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      if (response.status === 403 || response.status === 404) {
        return clearTarget(target).then(function () { return "refused"; });
      }
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") !== 0) { return "failed"; }
      return response.json().then(function (data) {
        data.id = target;
        return put("bundles", data).then(function () {
          return withPage && window.caches ? caches.open(PAGES).then(function (cache) { return cache.add(data.pageUrl); }) : null;
        }).then(function () { return "ok"; });
      });
    }, function () { return "failed"; });
  }
  function refresh(targets) {
    return Promise.all(targets.map(function (target) {
      return get("bundles", target).then(function (bundle) { return bundle ? prepare(target, bundle.bundleUrl) : null; });
    }));
  }

  // --- Changes ---------------------------------------------------------------------------
  // A change record: {id, target, key, state: pending|refused|conflict, label, change, message, server, mine}.
  function record(id, target, label, change) {
    return get("changes", id).then(function (previous) {
      change.key = newKey();
      return put("changes", { id: id, target: target, label: label, change: change, state: "pending", key: change.key, created: previous ? previous.created : Date.now() });
    }).then(function () { return render(false); });
  }
  function drop(id) { return remove("changes", id).then(function () { return render(false); }); }
  function rebuild() { return render(true); }

  var syncing = false;
  var applied = 0;
  function sync() {
    if (syncing || !navigator.onLine) { if (!navigator.onLine) { say(t("syncOffline")); } return Promise.resolve(); }
    syncing = true;
    say(t("syncing"));
    return Promise.all([all("changes"), all("bundles")]).then(function (found) {
      var bundles = {};
      found[1].forEach(function (b) { bundles[b.id] = b; });
      var byUrl = {};
      found[0].filter(function (c) { return c.state === "pending" && bundles[c.target]; })
        .sort(function (a, b) { return a.created - b.created; })
        .forEach(function (c) { (byUrl[bundles[c.target].syncUrl] = byUrl[bundles[c.target].syncUrl] || []).push(c); });
      var urls = Object.keys(byUrl);
      return urls.reduce(function (chain, url) {
        return chain.then(function (status) { return status === "ok" ? send(url, byUrl[url]) : status; });
      }, Promise.resolve("ok")).then(function (status) {
        // Every copy is asked for again: fresh values to start from, and a copy the user
        // may no longer see (403/404) is cleared.
        return refresh(found[1].map(function (b) { return b.id; })).then(function () { return status; });
      });
    }).then(function (status) {
      var text = t(status === "ok" ? "syncDone" : status === "login" ? "syncLogin" : "syncFailed");
      say(applied && document.querySelector("[data-offline-editor]") ? text + " " + t("reloadHint") : text);
      applied = 0;
    }, function () { say(t("syncFailed")); }).then(function () { syncing = false; return render(true); });
  }

  function send(url, records) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ changes: records.map(function (r) { return r.change; }) }),
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") !== 0) { return "login"; }
      if (!response.ok) { return "failed"; }
      return response.json().then(function (data) {
        var byKey = {};
        records.forEach(function (r) { byKey[r.change.key] = r; });
        return data.results.reduce(function (chain, result) {
          return chain.then(function () { return settle(byKey[result.key], result); });
        }, Promise.resolve()).then(function () { return "ok"; });
      });
    }, function () { return "failed"; });
  }

  function describe(r) {
    var c = r.change;
    if (c.type === "answer") { return levelText(c.level) + (c.comment ? " — " + c.comment : ""); }
    if (c.type === "visit_texts") { return Object.keys(c.fields).map(function (k) { return t(k) + " : " + c.fields[k]; }).join(" / "); }
    if (c.type === "attendance") { return t(c.present ? "present" : "absent"); }
    return Object.keys(c.fields).filter(function (k) { return c.fields[k]; }).map(function (k) { return c.fields[k]; }).join(" / ");
  }

  function settle(r, result) {
    if (!r) { return null; }
    var entry = { id: result.key, target: r.target, label: r.label, status: result.status, message: result.message, at: Date.now() };
    if (result.status === "applied") {
      applied += 1;
      return remove("changes", r.id).then(function () { return put("journal", entry); });
    }
    if (result.status === "conflict") {
      r.state = "conflict"; r.server = result.server; r.mine = result.mine; r.message = result.message;
      return put("changes", r);
    }
    entry.detail = describe(r);
    if (result.gone) {
      entry.discarded = true;
      return clearTarget(r.target).then(function () { return put("journal", entry); });
    }
    r.state = "refused"; r.message = result.message;
    return put("changes", r);
  }

  // A conflict resolved: the chosen value is sent again, from the server's value as base.
  function resolve(r, keepMine) {
    var c = r.change;
    if (c.type === "visit_texts") {
      Object.keys(r.server).forEach(function (name) {
        c.base[name] = r.server[name];
        if (!keepMine) { c.fields[name] = r.server[name]; }
      });
    } else if (!keepMine) {
      return remove("changes", r.id).then(function () { return refresh([r.target]); }).then(rebuild);
    } else {
      c.base = r.server;
    }
    return record(r.id, r.target, r.label, c).then(sync);
  }

  // --- Page ------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else if (attrs[name] !== false && attrs[name] !== null) { node.setAttribute(name, attrs[name] === true ? "" : attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  function say(text) {
    document.querySelectorAll("[data-offline-message]").forEach(function (node) { node.textContent = text; });
  }
  function levelText(level) { return level ? String(level) : t("noLevel"); }
  function dateText(iso) {
    return new Date(iso).toLocaleDateString(document.documentElement.lang || "fr", { day: "numeric", month: "long", year: "numeric" });
  }
  function valueText(value) {
    if (value === true) { return t("present"); }
    if (value === false) { return t("absent"); }
    if (value && typeof value === "object") {
      if ("level" in value) { return levelText(value.level) + (value.comment ? " — " + value.comment : ""); }
      return Object.keys(value).map(function (k) { return t(k) + " : " + (value[k] || "—"); }).join(" / ");
    }
    return String(value);
  }

  var uid = 0;
  function field(label, input) {
    var id = "offline-field-" + (++uid);
    input.id = id;
    return el("div", { class: "mb-2" }, [el("label", { class: "form-label", for: id, text: label }), input]);
  }

  function visitEditor(bundle, changes, node) {
    var target = bundle.id;
    var mine = {};
    changes.forEach(function (c) { mine[c.id] = c; });
    var parts = [el("h3", { class: "h5", text: t("gridTitle") + " — " + bundle.grid.name })];
    if (bundle.assessment.submitted) { parts.push(el("p", { class: "form-text", text: t("gridSubmitted") })); }
    bundle.grid.axes.forEach(function (axis) {
      var set = el("fieldset", { class: "mb-3" }, [el("legend", { class: "h6", text: axis.order + ". " + axis.title })]);
      axis.criteria.forEach(function (criterion) {
        var id = target + ":answer:" + criterion.id;
        var base = bundle.answers[criterion.id] || { level: null, comment: "" };
        var draft = mine[id] ? mine[id].change : null;
        var current = draft || base;
        var group = el("fieldset", { class: "offline-criterion mb-2", "data-criterion": criterion.id }, [el("legend", { class: "fs-6 fw-semibold", text: criterion.title })]);
        var self = bundle.selfAssessment.levels[criterion.key];
        if (self) { group.appendChild(el("p", { class: "form-text", text: t("selfLevel", { n: self }) })); }
        if (bundle.assessment.submitted) {
          group.appendChild(el("p", { text: valueText(base) }));
          set.appendChild(group);
          return;
        }
        var name = "offline-level-" + target + "-" + criterion.id;
        var comment = el("textarea", { class: "form-control", rows: "2" });
        comment.value = current.comment || "";
        function save() {
          var checked = group.querySelector("input[type=radio]:checked");
          var level = checked && checked.value ? Number(checked.value) : null;
          var text = comment.value.trim();
          if (level === base.level && text === (base.comment || "")) { return drop(id); }
          return record(id, target, t("answer", { name: criterion.title }), { type: "answer", visit: bundle.id.split(":")[1] * 1, criterion: criterion.id, level: level, comment: text, base: base });
        }
        [null, 1, 2, 3, 4].forEach(function (value) {
          var radio = el("input", { type: "radio", class: "form-check-input", name: name, value: value || "", checked: current.level === value });
          var radioId = "offline-field-" + (++uid);
          radio.id = radioId;
          radio.addEventListener("change", save);
          var label = value ? value + " : " + (criterion.levels[value] || "") : t("noLevel");
          group.appendChild(el("div", { class: "form-check" }, [radio, el("label", { class: "form-check-label", for: radioId, text: label })]));
        });
        comment.addEventListener("input", save);
        group.appendChild(field(t("comment"), comment));
        set.appendChild(group);
      });
      parts.push(set);
    });

    var textsId = target + ":texts";
    var textsBase = {};
    ["strengths", "weaknesses", "recommendations"].forEach(function (name) { textsBase[name] = bundle.visit[name] || ""; });
    var textsDraft = mine[textsId] ? mine[textsId].change.fields : {};
    var texts = el("fieldset", { class: "mb-3" }, [el("legend", { class: "h5", text: t("findings") })]);
    var areas = {};
    Object.keys(textsBase).forEach(function (name) {
      var area = el("textarea", { class: "form-control", rows: "3", "data-text": name });
      area.value = name in textsDraft ? textsDraft[name] : textsBase[name];
      area.addEventListener("input", function () {
        var fields = {};
        Object.keys(areas).forEach(function (n) { if (areas[n].value.trim() !== textsBase[n].trim()) { fields[n] = areas[n].value.trim(); } });
        if (!Object.keys(fields).length) { return drop(textsId); }
        var base = {};
        Object.keys(fields).forEach(function (n) { base[n] = textsBase[n]; });
        return record(textsId, target, t("texts"), { type: "visit_texts", visit: bundle.id.split(":")[1] * 1, fields: fields, base: base });
      });
      areas[name] = area;
      texts.appendChild(field(t(name), area));
    });
    parts.push(texts);

    if (bundle.items.length) {
      parts.push(el("h3", { class: "h5", text: t("openItems") }));
      parts.push(el("ul", {}, bundle.items.map(function (item) {
        return el("li", { text: (item.axis ? item.axis + " — " : "") + item.objective + " (" + item.status + ")" });
      })));
    }
    parts.push(el("h3", { class: "h5", text: t("newItems") }));
    var drafts = el("ul", { "data-offline-items-draft": true });
    changes.filter(function (c) { return c.change.type === "action_item"; }).forEach(function (c) {
      var remover = el("button", { type: "button", class: "btn btn-link btn-sm", text: t("removeItem", { name: c.change.fields.objective }) });
      remover.addEventListener("click", function () { drop(c.id).then(rebuild); });
      drafts.appendChild(el("li", {}, [el("span", { text: c.change.fields.objective + " " }), remover]));
    });
    parts.push(drafts);
    var axisSelect = el("select", { class: "form-select" }, [el("option", { value: "", text: t("noAxis") })].concat(
      bundle.grid.axes.map(function (axis) { return el("option", { value: axis.id, text: axis.order + ". " + axis.title }); })));
    var inputs = {
      objective: el("input", { type: "text", class: "form-control", maxlength: "300" }),
      finding: el("textarea", { class: "form-control", rows: "2" }),
      actions: el("textarea", { class: "form-control", rows: "2" }),
      owner: el("input", { type: "text", class: "form-control", maxlength: "200" }),
      dueOn: el("input", { type: "date", class: "form-control" }),
    };
    var error = el("p", { class: "errorlist", role: "alert" });
    var add = el("button", { type: "button", class: "btn btn-outline-primary", text: t("addItem") });
    add.addEventListener("click", function () {
      var objective = inputs.objective.value.trim();
      if (!objective) { error.textContent = t("objectiveRequired"); inputs.objective.focus(); return; }
      var key = newKey();
      record(target + ":item:" + key, target, t("item", { name: objective }), {
        type: "action_item", visit: bundle.id.split(":")[1] * 1,
        fields: { axis: axisSelect.value ? Number(axisSelect.value) : null, objective: objective, finding: inputs.finding.value.trim(),
          actions: inputs.actions.value.trim(), owner: inputs.owner.value.trim(), due_on: inputs.dueOn.value },
      }).then(rebuild).then(function () { focusIn("[data-offline-item-form] input"); });
    });
    var itemForm = el("fieldset", { class: "offline-item mb-3", "data-offline-item-form": true }, [
      el("legend", { class: "h6", text: t("addItem") }),
      field(t("axis"), axisSelect), field(t("objective"), inputs.objective), field(t("finding"), inputs.finding),
      field(t("actions"), inputs.actions), field(t("owner"), inputs.owner), field(t("dueOn"), inputs.dueOn), error, add,
    ]);
    parts.push(itemForm);
    node.replaceChildren.apply(node, parts);
  }

  function eventEditor(bundle, changes, node) {
    var target = bundle.id;
    var eventId = bundle.id.split(":")[1] * 1;
    var mine = {};
    changes.forEach(function (c) { mine[c.id] = c; });
    var now = Date.now();
    if (now >= Date.parse(bundle.attendanceClosesAt)) {
      node.replaceChildren(el("p", { text: t("attendanceClosed") }));
      return;
    }
    var list = el("fieldset", { class: "mb-3" }, [el("legend", { class: "h5", text: t("attendanceTitle") })]);
    if (now < Date.parse(bundle.startsAt)) { list.appendChild(el("p", { class: "form-text", text: t("attendanceLater") })); }
    bundle.registrations.forEach(function (registration) {
      var id = target + ":attend:" + registration.id;
      var box = el("input", { type: "checkbox", class: "form-check-input", checked: mine[id] ? mine[id].change.present : registration.present, "data-registration": registration.id });
      var boxId = "offline-field-" + (++uid);
      box.id = boxId;
      box.addEventListener("change", function () {
        if (box.checked === registration.present) { return drop(id); }
        return record(id, target, t("presence", { name: registration.name }), { type: "attendance", event: eventId, registration: registration.id, present: box.checked, base: registration.present });
      });
      var label = registration.name + (registration.affiliation ? " — " + registration.affiliation : "");
      list.appendChild(el("div", { class: "form-check" }, [box, el("label", { class: "form-check-label", for: boxId, text: label })]));
    });
    var walkIns = changes.filter(function (c) { return c.change.type === "walk_in"; });
    var parts = [list];
    if (walkIns.length) {
      parts.push(el("h3", { class: "h6", text: t("walkIns") }));
      parts.push(el("ul", {}, walkIns.map(function (c) {
        var remover = el("button", { type: "button", class: "btn btn-link btn-sm", text: t("removeItem", { name: c.change.fields.first_name + " " + c.change.fields.last_name }) });
        remover.addEventListener("click", function () { drop(c.id).then(rebuild); });
        return el("li", {}, [el("span", { text: c.change.fields.first_name + " " + c.change.fields.last_name + " " }), remover]);
      })));
    }
    var inputs = {
      first_name: el("input", { type: "text", class: "form-control", maxlength: "150", autocomplete: "off" }),
      last_name: el("input", { type: "text", class: "form-control", maxlength: "150", autocomplete: "off" }),
      structure: el("select", { class: "form-select" }, [el("option", { value: "", text: "—" })].concat(
        bundle.structures.map(function (s) { return el("option", { value: s.id, text: s.name }); }))),
      affiliation_name: el("input", { type: "text", class: "form-control", maxlength: "200" }),
      email: el("input", { type: "email", class: "form-control" }),
    };
    var error = el("p", { class: "errorlist", role: "alert" });
    var add = el("button", { type: "button", class: "btn btn-outline-primary", text: t("addWalkIn") });
    add.addEventListener("click", function () {
      var fields = {};
      Object.keys(inputs).forEach(function (name) { fields[name] = inputs[name].value.trim(); });
      fields.structure = fields.structure ? Number(fields.structure) : null;
      if (!fields.first_name || !fields.last_name || !(fields.structure || fields.affiliation_name)) {
        error.textContent = t("walkInRequired"); inputs.first_name.focus(); return;
      }
      var key = newKey();
      record(target + ":walkin:" + key, target, t("walkIn", { name: fields.first_name + " " + fields.last_name }), { type: "walk_in", event: eventId, fields: fields })
        .then(rebuild).then(function () { focusIn("[data-offline-walk-in] input"); });
    });
    parts.push(el("fieldset", { class: "mb-3", "data-offline-walk-in": true }, [
      el("legend", { class: "h5", text: t("walkInTitle") }),
      field(t("firstName"), inputs.first_name), field(t("lastName"), inputs.last_name), field(t("structure"), inputs.structure),
      field(t("organisation"), inputs.affiliation_name), field(t("email"), inputs.email), error, add,
    ]));
    node.replaceChildren.apply(node, parts);
  }

  function resultsView(target, journal, changes) {
    var items = [];
    changes.filter(function (c) { return c.state !== "pending" && (!target || c.target === target); }).forEach(function (c) {
      var item = el("li", { class: "offline-result offline-" + c.state, "data-offline-result": c.state }, [
        el("strong", { text: t(c.state) + " : " }), el("span", { text: c.label + ". " + (c.message || "") }),
      ]);
      if (c.state === "refused") {
        var discard = el("button", { type: "button", class: "btn btn-outline-secondary btn-sm", text: t("discard") });
        discard.addEventListener("click", function () { drop(c.id).then(rebuild); });
        item.appendChild(el("div", { class: "mt-1" }, [discard]));
      }
      if (c.state === "conflict") {
        item.appendChild(el("div", { class: "offline-sides" }, [
          el("div", {}, [el("span", { class: "fw-semibold", text: t("server") + " : " }), el("span", { "data-side": "server", text: valueText(c.server) })]),
          el("div", {}, [el("span", { class: "fw-semibold", text: t("mine") + " : " }), el("span", { "data-side": "mine", text: valueText(c.mine) })]),
        ]));
        var keepMine = el("button", { type: "button", class: "btn btn-primary btn-sm", text: t("keepMine") });
        var keepServer = el("button", { type: "button", class: "btn btn-outline-secondary btn-sm", text: t("keepServer") });
        keepMine.addEventListener("click", function () { resolve(c, true); });
        keepServer.addEventListener("click", function () { resolve(c, false); });
        item.appendChild(el("div", { class: "d-flex flex-wrap gap-2 mt-1" }, [keepMine, keepServer]));
      }
      items.push(item);
    });
    journal.filter(function (j) { return !target || j.target === target; }).sort(function (a, b) { return a.at - b.at; }).forEach(function (j) {
      var item = el("li", { class: "offline-result offline-" + j.status, "data-offline-result": j.status }, [
        el("strong", { text: t(j.status) + " : " }), el("span", { text: j.label + (j.status === "applied" ? "." : ". " + j.message) }),
      ]);
      if (j.discarded && j.detail) { item.appendChild(el("div", {}, [el("span", { text: t("discarded") + " " }), el("q", { text: j.detail })])); }
      items.push(item);
    });
    if (!items.length) { return null; }
    var clear = el("button", { type: "button", class: "btn btn-link btn-sm", text: t("clearResults") });
    clear.addEventListener("click", function () {
      Promise.all(journal.filter(function (j) { return !target || j.target === target; }).map(function (j) { return remove("journal", j.id); })).then(rebuild);
    });
    return el("div", {}, [el("h3", { class: "h6", text: t("results") }), el("ul", { class: "list-unstyled" }, items), clear]);
  }

  function focusIn(selector) {
    var node = document.querySelector(selector);
    if (node) { node.focus(); }
  }

  // `force`: rebuild the editors (after a structural change: an item added, a sync);
  // otherwise they are built once and kept, so that typing never loses its place.
  function render(force) {
    return Promise.all([all("bundles"), all("changes"), all("journal")]).then(function (found) {
      var bundles = {}, changes = found[1], journal = found[2];
      found[0].forEach(function (b) { bundles[b.id] = b; });
      var pending = changes.filter(function (c) { return c.state === "pending"; }).length;
      try { localStorage.setItem("maillage-offline-pending", String(changes.length)); } catch (error) { /* private browsing */ }
      var pendingText = pending === 0 ? t("pendingNone") : pending === 1 ? t("pendingOne") : t("pendingMany", { n: pending });
      document.querySelectorAll("[data-offline-pending]").forEach(function (node) { node.textContent = pendingText; });
      document.querySelectorAll("[data-offline-js]").forEach(function (node) { node.hidden = false; });
      document.querySelectorAll("[data-online-only]").forEach(function (node) { node.hidden = !navigator.onLine; });
      document.querySelectorAll("button[data-offline-prepare]").forEach(function (button) {
        var bundle = bundles[button.dataset.offlineTarget];
        button.setAttribute("aria-pressed", bundle ? "true" : "false");
        button.textContent = bundle ? t("unprepare") : t("prepare");
        button.disabled = !navigator.onLine && !bundle;
      });
      document.querySelectorAll("[data-offline-panel]").forEach(function (panel) {
        var target = panel.dataset.offlineTarget;
        var bundle = target ? bundles[target] : null;
        var mine = changes.filter(function (c) { return c.target === target; });
        var state = panel.querySelector("[data-offline-state]");
        if (state && target) {
          state.textContent = bundle ? t("prepared", { date: dateText(bundle.expiresAt) }) : t("notPrepared");
        }
        var results = panel.querySelector("[data-offline-results]");
        if (results) { results.replaceChildren.apply(results, [resultsView(target, journal, changes)].filter(Boolean)); }
        var editor = panel.querySelector("[data-offline-editor]");
        if (!editor) { return; }
        var show = bundle && (!navigator.onLine || mine.length);
        if (!show) { editor.replaceChildren(); editor.hidden = true; return; }
        if (!editor.hidden && editor.childElementCount && force !== true) { return; }
        editor.hidden = false;
        var notice = el("p", { class: "alert alert-warning", text: navigator.onLine ? t("draftNotice") : t("offlineNotice") });
        var inner = el("div");
        (bundle.kind === "visit" ? visitEditor : eventEditor)(bundle, mine, inner);
        editor.replaceChildren(notice, inner);
      });
      var list = document.querySelector("[data-offline-list]");
      if (list) {
        var items = list.querySelector("[data-offline-items]");
        items.replaceChildren.apply(items, found[0].map(function (b) { return el("li", {}, [el("a", { href: b.pageUrl, text: b.title })]); }));
        list.hidden = !found[0].length;
        var results = list.querySelector("[data-offline-results]");
        if (results) { results.replaceChildren.apply(results, [resultsView("", journal, changes)].filter(Boolean)); }
      }
    });
  }

  function expire() {
    var now = Date.now();
    return Promise.all([all("bundles"), all("changes")]).then(function (found) {
      return Promise.all(found[0].filter(function (b) {
        return Date.parse(b.expiresAt) < now && !found[1].some(function (c) { return c.target === b.id; });
      }).map(function (b) { return clearTarget(b.id); }));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-offline-prepare], button[data-offline-sync]");
    if (!button) { return; }
    if (button.matches("[data-offline-sync]")) { sync(); return; }
    var target = button.dataset.offlineTarget;
    get("bundles", target).then(function (bundle) {
      if (bundle) { return clearTarget(target).then(rebuild); }
      say(t("preparing"));
      return prepare(target, button.dataset.offlineBundle, true).then(function (status) {
        say(status === "ok" ? "" : t(status === "refused" ? "prepareRefused" : "prepareFailed"));
        return render(true);
      });
    });
  });
  window.addEventListener("online", function () { render(false).then(sync); });
  window.addEventListener("offline", function () { render(true); });

  clearIfLoggedOut().then(checkUser).then(expire).then(rebuild).then(function () {
    if (!navigator.onLine) { return; }
    return all("changes").then(function (changes) {
      if (changes.some(function (c) { return c.state === "pending"; })) { return sync(); }
    });
  });
})();
