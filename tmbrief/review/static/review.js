"use strict";
// The review page: one page of bead rows at a time, every change through the JSON API.
(() => {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const FILTERS = [
    ["needs-review", "Needs review"], ["findings", "Has findings"],
    ["untranslated", "Untranslated"], ["edited", "Edited"],
  ];
  const st = { doc: params.get("doc") || "", filters: new Set(), offset: 0, limit: 100, data: null };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k === "style") Object.assign(node.style, v); // CSSOM: allowed under the page's CSP
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { "Authorization": "token " + token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({ error: "bad response", status: res.status }));
    if (!res.ok) throw Object.assign(new Error(data.error || res.statusText), { status: res.status });
    return data;
  }

  function say(text, error) {
    const m = $("message");
    m.textContent = text;
    m.className = error ? "error" : "";
  }

  const docPath = () => "/api/docs/" + encodeURIComponent(st.doc);

  async function act(promise, reloadAll) {
    try {
      const out = await promise;
      say(out.summary || "");
      if (reloadAll) await load();
      return out;
    } catch (e) {
      say((e.status === 409 ? "Conflict: " : "") + e.message, true);
      await load();
      return null;
    }
  }

  function band(score, threshold) {
    const cls = score < threshold ? "low" : score < 0.8 ? "mid" : "high";
    return el("div", { class: "band " + cls, title: `confidence ${score.toFixed(2)}; review below ${threshold}`,
                      role: "meter", "aria-valuenow": score, "aria-valuemin": 0, "aria-valuemax": 1 },
      el("div", { class: "fill", style: { width: `${Math.round(score * 100)}%` } }),
      el("div", { class: "tick", style: { left: `${threshold * 100}%` } }));
  }

  function beadOp(row, op, args) {
    return act(api("POST", `${docPath()}/beads/${row.n}/${op}`, Object.assign({ rev: st.data.rev }, args)), true);
  }

  function sentence(row, s, lang, i, list) {
    const ops = el("span", { class: "ops" });
    const first = i === 0, last = i === list.length - 1, alone = row.zh.length + row.en.length < 2;
    if (lang === "en" && first && row.n > 0)
      ops.append(el("button", { type: "button", title: "Move to the bead above", "data-testid": "move-prev",
                                onclick: () => beadOp(row, "move", { to: "prev" }) }, "\u2191"));
    if (lang === "en" && last && row.n < st.data.total - 1)
      ops.append(el("button", { type: "button", title: "Move to the bead below", "data-testid": "move-next",
                                onclick: () => beadOp(row, "move", { to: "next" }) }, "\u2193"));
    if ((first || last) && !alone)
      ops.append(el("button", { type: "button", title: "No counterpart: make it a bead of its own",
                                "data-testid": "unpair", onclick: () => beadOp(row, "unpair", { lang, segment: s.id }) }, "\u2298"));
    return el("span", { class: "sent", lang: lang === "zh" ? st.data.srclang : st.data.tgtlang }, s.text, ops);
  }

  function side(row, lang) {
    const list = row[lang];
    const box = el("div", { class: "side " + lang, "data-testid": lang });
    if (!list.length) box.append(el("span", { class: "empty", text: lang === "zh" ? "(no Chinese)" : "(no English)" }));
    list.forEach((s, i) => box.append(sentence(row, s, lang, i, list)));
    if (lang === "en" && row.unit && row.unit.target !== row.en.map((s) => s.text).join(" "))
      box.append(el("div", { class: "target", "data-testid": "target", title: "The TM's target" }, row.unit.target || "(empty)"));
    if (lang === "en" && row.host)
      box.append(el("div", { class: "empty" }, `In the TM: part of ${row.host}`));
    return box;
  }

  function editor(row, node, kind) {
    const u = row.unit;
    const input = kind === "target" ? el("textarea", { "data-testid": "target-input", "aria-label": "Target" })
                                    : el("input", { "data-testid": "note-input", "aria-label": "Note" });
    if (kind === "target") input.value = u.target;
    const save = async () => {
      const body = { rev: u.rev };
      body[kind] = input.value;
      const out = await act(api("POST", `${docPath()}/units/${encodeURIComponent(u.tuid)}`, body), false);
      if (out) replaceRow(out.row, out.rev);
    };
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || kind === "note")) save(); });
    const box = el("div", { class: "editor" }, input,
      el("div", { class: "tools" },
        el("button", { type: "button", class: "primary", "data-testid": "save", onclick: save }, "Save"),
        el("button", { type: "button", onclick: () => box.remove() }, "Cancel")));
    node.querySelector(".editor")?.remove();
    node.append(box);
    input.focus();
  }

  function splitForm(row, node) {
    const pick = (lang, n) => {
      const s = el("select", { "aria-label": lang === "zh" ? "Chinese sentences in the first part" : "English sentences in the first part",
                               "data-testid": "split-" + lang });
      for (let k = 0; k <= n; k++) s.append(el("option", { value: k }, `${lang === "zh" ? "Chinese" : "English"}: first ${k}`));
      s.value = String(Math.min(1, n));
      return s;
    };
    const zh = pick("zh", row.zh.length), en = pick("en", row.en.length);
    const box = el("div", { class: "editor" }, el("div", { class: "tools" }, zh, en,
      el("button", { type: "button", class: "primary", "data-testid": "split-do",
                     onclick: () => beadOp(row, "split", { zh: +zh.value, en: +en.value }) }, "Split"),
      el("button", { type: "button", onclick: () => box.remove() }, "Cancel")));
    node.querySelector(".editor")?.remove();
    node.append(box);
  }

  function renderRow(row) {
    const u = row.unit, d = st.data;
    const cls = ["row"];
    if (row.para_start) cls.push("para");
    if (u) cls.push(u.status);
    const node = el("section", { class: cls.join(" "), id: "bead-" + row.n, "data-testid": "row", "data-n": row.n,
                                 "aria-label": `Bead ${row.n}` },
      el("div", { class: "gutter" }, el("span", { class: "n", text: "#" + row.n }),
         band(u ? u.confidence : row.score, d.threshold), el("span", { text: row.kind })),
      side(row, "zh"), side(row, "en"));
    const meta = el("div", { class: "meta" });
    if (u) meta.append(el("span", { class: "badge " + u.status, "data-testid": "status" }, u.status),
                       el("span", { class: "badge " + u.origin, "data-testid": "origin" }, u.origin),
                       el("span", { class: "tuid", text: u.tuid }));
    if (row.fixed) meta.append(el("span", { class: "badge fixed" }, "alignment fixed"));
    node.append(meta);
    if (row.findings.length)
      node.append(el("ul", { class: "findings", "data-testid": "findings" },
        ...row.findings.map((f) => el("li", { class: f.severity }, `${f.check}: ${f.message}`))));
    if (u && u.notes.length)
      node.append(el("details", { class: "notes" }, el("summary", { text: `Notes (${u.notes.length})` }),
        el("ul", {}, ...u.notes.map((t) => el("li", { text: t })))));
    const tools = el("div", { class: "tools" });
    if (u) {
      tools.append(el("button", { type: "button", "data-testid": "edit", onclick: () => editor(row, node, "target") }, "Edit"));
      if (u.status === "needs-review")
        tools.append(el("button", { type: "button", "data-testid": "reviewed",
          onclick: async () => { const o = await act(api("POST", `${docPath()}/units/${encodeURIComponent(u.tuid)}`, { rev: u.rev, status: "translated" }), false); if (o) replaceRow(o.row, o.rev); } }, "Reviewed"));
      else if (u.status === "translated")
        tools.append(el("button", { type: "button", "data-testid": "needs-review",
          onclick: async () => { const o = await act(api("POST", `${docPath()}/units/${encodeURIComponent(u.tuid)}`, { rev: u.rev, status: "needs-review" }), false); if (o) replaceRow(o.row, o.rev); } }, "Needs review"));
      tools.append(el("button", { type: "button", "data-testid": "note", onclick: () => editor(row, node, "note") }, "Note"));
    }
    if (row.n < d.total - 1)
      tools.append(el("button", { type: "button", "data-testid": "merge", title: "Merge with the next bead",
                                  onclick: () => beadOp(row, "merge", {}) }, "Merge \u2193"));
    if (row.zh.length + row.en.length > 1)
      tools.append(el("button", { type: "button", "data-testid": "split", onclick: () => splitForm(row, node) }, "Split\u2026"));
    node.append(tools);
    return node;
  }

  function replaceRow(row, rev) {
    st.data.rev = rev;
    const old = $("bead-" + row.n);
    if (old) old.replaceWith(renderRow(row));
    $("undo").disabled = false;
  }

  function renderFilters() {
    const bar = $("filters");
    bar.textContent = "";
    for (const [name, label] of FILTERS) {
      const count = st.data ? st.data.counts[name] : "";
      bar.append(el("button", { type: "button", class: "chip", "aria-pressed": st.filters.has(name) ? "true" : "false",
                                "data-testid": "filter-" + name,
                                onclick: () => { st.filters.has(name) ? st.filters.delete(name) : st.filters.add(name); st.offset = 0; load(); } },
                    `${label} (${count})`));
    }
  }

  function render() {
    const d = st.data;
    $("title").textContent = d.title || d.doc;
    document.title = "Review: " + (d.title || d.doc);
    renderFilters();
    $("legend").textContent = `${d.total} beads; confidence band: review below ${d.threshold}`;
    const end = Math.min(d.offset + d.limit, d.matched);
    $("range").textContent = d.matched ? `${d.offset + 1}\u2013${end} of ${d.matched}` : "no rows";
    $("prev").disabled = d.offset === 0;
    $("next").disabled = end >= d.matched;
    $("undo").disabled = !d.can_undo;
    const conflicts = $("conflicts");
    conflicts.textContent = "";
    for (const c of d.conflicts) conflicts.append(el("li", { text: c }));
    const rows = $("rows");
    rows.textContent = "";
    rows.append(...d.rows.map(renderRow));
  }

  async function load() {
    const q = new URLSearchParams({ offset: st.offset, limit: st.limit });
    if (st.filters.size) q.set("filter", [...st.filters].join(","));
    try {
      st.data = await api("GET", `${docPath()}/beads?${q}`);
      render();
    } catch (e) { say(e.message, true); }
  }

  async function start() {
    try {
      const { docs } = await api("GET", "/api/docs");
      if (!docs.length) { say("No documents to review: run tmbrief build first.", true); return; }
      const sel = $("doc");
      for (const d of docs) sel.append(el("option", { value: d.id }, d.id));
      if (!docs.some((d) => d.id === st.doc)) st.doc = docs[0].id;
      sel.value = st.doc;
      sel.hidden = docs.length < 2;
      sel.addEventListener("change", () => { st.doc = sel.value; st.offset = 0; load(); });
      await load();
    } catch (e) { say(e.message, true); }
  }

  $("prev").addEventListener("click", () => { st.offset = Math.max(0, st.offset - st.limit); load(); });
  $("next").addEventListener("click", () => { st.offset += st.limit; load(); });
  $("undo").addEventListener("click", () => act(api("POST", `${docPath()}/undo`, {}), true));
  start();
})();
