// The demo's web chat: a persona picker, the dialog with the bot, group chats and the clock.
// Plain JavaScript, no build step. Everything goes through the JSON API of bot/demo/webchat.py.
"use strict";

const POLL_MS = 700;
const ZONES = [
  ["Europe/Moscow", "МСК"],
  ["Asia/Yekaterinburg", "в ДОУ"], // the demo kindergarten is in Yekaterinburg
];

const state = {
  personas: [],
  current: null, // user id
  view: "dialog",
  rendered: new Map(), // mid -> {json, el}
  lastNotice: null,
  clock: null, // {now: Date, fetched: ms}
  busy: false,
  polling: null,
};

const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    throw new Error((data && data.error) || `Ошибка ${response.status}`);
  }
  return data;
}

function toast(text, kind) {
  const el = $("toast");
  el.textContent = text;
  el.className = "toast" + (kind ? " " + kind : "");
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 3000);
}

function plural(n, one, few, many) {
  const tens = n % 100;
  const units = n % 10;
  if (units === 1 && tens !== 11) return one;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return few;
  return many;
}

// --- the clock -------------------------------------------------------------------------------

function formatIn(date, zone, withDate) {
  const options = {hour: "2-digit", minute: "2-digit", timeZone: zone};
  if (withDate) {
    Object.assign(options, {weekday: "short", day: "numeric", month: "short", year: "numeric"});
  }
  return new Intl.DateTimeFormat("ru-RU", options).format(date);
}

function emulatedNow() {
  if (!state.clock) return null;
  return new Date(state.clock.now.getTime() + (Date.now() - state.clock.fetched));
}

function drawClock() {
  const now = emulatedNow();
  if (!now) return;
  const [mainZone, mainName] = ZONES[0];
  if (window.matchMedia("(max-width: 720px)").matches) { // one line on a phone
    const short = new Intl.DateTimeFormat("ru-RU", {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZone: mainZone,
    }).format(now);
    $("clock-now").textContent = `Демо: ${short} ${mainName}`;
    return;
  }
  const main = `Демо-время: ${formatIn(now, mainZone, true)} ${mainName}`;
  const others = ZONES.slice(1).map(([zone, name]) => `${name} ${formatIn(now, zone, false)}`);
  $("clock-now").textContent = `${main} (${others.join(", ")})`;
}

function setClock(iso) {
  state.clock = {now: new Date(iso), fetched: Date.now()};
  drawClock();
}

async function moveClock(days, button) {
  const buttons = document.querySelectorAll(".clock-btn");
  buttons.forEach((b) => { b.disabled = true; });
  const label = button.textContent;
  button.textContent = "Время идёт…";
  try {
    const result = await api("/api/clock", {days});
    setClock(result.now);
    const passed = days === 7 ? "Прошла неделя" : "Прошёл день";
    toast(result.sent
      ? `${passed}: бот отправил ${result.sent} ${plural(result.sent, "сообщение", "сообщения", "сообщений")}`
      : `${passed}: за это время бот никому не писал`);
    await refreshDialog();
  } catch (e) {
    toast(e.message, "error");
  } finally {
    button.textContent = label;
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// --- personas --------------------------------------------------------------------------------

function persona(userId) {
  return state.personas.find((p) => p.user_id === userId) || null;
}

function drawPersonas() {
  const list = $("personas");
  list.replaceChildren();
  for (const p of state.personas) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "persona" + (p.user_id === state.current ? " active" : "");
    button.dataset.key = p.key;
    button.dataset.userId = p.user_id;
    const title = document.createElement("span");
    title.className = "persona-title";
    title.textContent = p.title;
    const name = document.createElement("span");
    name.className = "persona-name";
    name.textContent = `${p.name} · ${p.org}`;
    button.append(title, name);
    button.addEventListener("click", () => choose(p.user_id));
    item.append(button);
    list.append(item);
  }
}

function choose(userId) {
  state.current = userId;
  state.rendered.clear();
  state.lastNotice = null;
  $("messages").replaceChildren();
  const p = persona(userId);
  $("chat-sub").textContent = p ? `бот · вы: ${p.name} (${p.title})` : "бот";
  document.body.classList.add("in-chat");
  $("empty").hidden = true;
  drawPersonas();
  showView("dialog");
  refreshDialog();
  refreshGroups();
}

async function addPerson() {
  try {
    const result = await api("/api/personas", {});
    state.personas.push(result.persona);
    choose(result.persona.user_id);
  } catch (e) {
    toast(e.message, "error");
  }
}

// --- the dialog ------------------------------------------------------------------------------

function sizeText(size) {
  if (!size && size !== 0) return "";
  if (size < 1024) return `${size} Б`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} КБ`;
  return `${(size / 1024 / 1024).toFixed(1)} МБ`;
}

function messageElement(m) {
  const wrap = document.createElement("div");
  wrap.className = `msg ${m.from}`;
  wrap.dataset.mid = m.mid;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (m.html) {
    const text = document.createElement("div");
    text.className = "text";
    text.innerHTML = m.html; // sanitised by the server: only <b>, <i>, <a href="https://…">, <br>
    bubble.append(text);
  }
  for (const image of m.images) {
    const img = document.createElement("img");
    img.className = "image";
    img.src = image.url;
    img.alt = "Изображение";
    const link = document.createElement("a");
    link.href = image.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.append(img);
    bubble.append(link);
  }
  for (const file of m.files) {
    const link = document.createElement("a");
    link.className = "file";
    link.href = file.url;
    link.download = file.name;
    const icon = document.createElement("span");
    icon.className = "file-icon";
    icon.textContent = "📄";
    const name = document.createElement("span");
    name.className = "file-name";
    name.textContent = file.name;
    const size = document.createElement("span");
    size.className = "file-size";
    size.textContent = sizeText(file.size) + " · скачать";
    link.append(icon, name, size);
    bubble.append(link);
  }
  const time = document.createElement("div");
  time.className = "time";
  time.textContent = formatIn(new Date(m.time), ZONES[0][0], true);
  bubble.append(time);
  wrap.append(bubble);
  if (m.buttons.length) {
    const keyboard = document.createElement("div");
    keyboard.className = "keyboard";
    for (const row of m.buttons) {
      const line = document.createElement("div");
      line.className = "kb-row";
      for (const b of row) {
        line.append(buttonElement(m, b));
      }
      keyboard.append(line);
    }
    wrap.append(keyboard);
  }
  return wrap;
}

function buttonElement(m, b) {
  if (b.type === "link" && /^https:\/\//.test(b.url || "")) {
    const link = document.createElement("a");
    link.className = "kb-btn";
    link.href = b.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = b.text + " ↗";
    return link;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "kb-btn" + (b.intent ? ` intent-${b.intent}` : "");
  button.textContent = b.text;
  if (b.type === "callback") {
    button.addEventListener("click", () => press(m.mid, b.payload));
  } else {
    button.disabled = true;
    button.title = "В эмуляторе эта кнопка не работает";
  }
  return button;
}

function nearBottom(el) {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
}

function drawDialog(data) {
  const box = $("messages");
  const stick = nearBottom(box) || state.rendered.size === 0;
  const seen = new Set();
  let previous = null;
  for (const m of data.messages) {
    const json = JSON.stringify(m);
    let entry = state.rendered.get(m.mid);
    if (!entry || entry.json !== json) {
      const el = messageElement(m);
      if (entry) entry.el.replaceWith(el);
      entry = {json, el};
      state.rendered.set(m.mid, entry);
    }
    seen.add(m.mid);
    const expected = previous ? previous.nextSibling : box.firstChild;
    if (expected !== entry.el) {
      box.insertBefore(entry.el, expected);
    }
    previous = entry.el;
  }
  for (const [mid, entry] of state.rendered) {
    if (!seen.has(mid)) {
      entry.el.remove();
      state.rendered.delete(mid);
    }
  }
  const p = persona(state.current);
  $("start-panel").hidden = data.messages.length > 0 || !p;
  $("empty").hidden = true;
  for (const notice of data.notices) {
    toast(notice.text);
  }
  state.lastNotice = data.last_notice;
  if (stick) box.scrollTop = box.scrollHeight;
}

async function refreshDialog() {
  const userId = state.current;
  if (userId === null) return;
  const query = state.lastNotice === null ? "" : `?notices_after=${state.lastNotice}`;
  try {
    const data = await api(`/api/dialog/${userId}${query}`);
    if (userId === state.current) drawDialog(data);
  } catch (e) {
    // the next poll tries again
  }
}

async function act(path, body) {
  if (state.current === null) return;
  setBusy(true);
  try {
    await api(`/api/dialog/${state.current}/${path}`, body);
  } catch (e) {
    toast(e.message, "error");
  } finally {
    setBusy(false);
  }
  await refreshDialog();
}

function setBusy(busy) {
  state.busy = busy;
  document.body.classList.toggle("busy", busy);
  document.querySelectorAll(".kb-btn, #send, #start-btn").forEach((b) => {
    if (b.tagName === "BUTTON" && !b.title) b.disabled = busy;
  });
}

function press(mid, payload) {
  if (!state.busy) act("press", {mid, payload});
}

async function sendText(event) {
  event.preventDefault();
  const input = $("text");
  const text = input.value.trim();
  if (!text || state.busy) return;
  input.value = "";
  await act("send", {text});
  input.focus();
}

async function sendFile() {
  const input = $("file");
  const file = input.files[0];
  input.value = "";
  if (!file || state.current === null) return;
  const form = new FormData();
  form.append("file", file, file.name);
  setBusy(true);
  try {
    const response = await fetch(`/api/dialog/${state.current}/upload`, {method: "POST", body: form});
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new Error((data && data.error) || `Ошибка ${response.status}`);
    }
  } catch (e) {
    toast(e.message, "error");
  } finally {
    setBusy(false);
  }
  await refreshDialog();
}

function startDialog() {
  const p = persona(state.current);
  if (p) act("start", {payload: p.invite});
}

// --- group chats -----------------------------------------------------------------------------

function showView(view) {
  state.view = view;
  $("dialog-view").hidden = view !== "dialog";
  $("groups-view").hidden = view !== "groups";
  $("tab-dialog").classList.toggle("active", view === "dialog");
  $("tab-groups").classList.toggle("active", view === "groups");
  $("tab-dialog").setAttribute("aria-selected", String(view === "dialog"));
  $("tab-groups").setAttribute("aria-selected", String(view === "groups"));
  if (view === "groups") refreshGroups();
}

async function refreshGroups() {
  let data;
  try {
    data = await api("/api/chats");
  } catch (e) {
    return;
  }
  const list = $("groups");
  list.replaceChildren();
  if (!data.chats.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = "Пока нет ни одного группового чата с ботом.";
    list.append(empty);
  }
  for (const chat of data.chats) {
    const item = document.createElement("li");
    item.className = "group" + (chat.active ? "" : " removed");
    const title = document.createElement("div");
    title.className = "group-title";
    title.textContent = "👥 " + chat.title;
    const sub = document.createElement("div");
    sub.className = "group-sub";
    sub.textContent = `бота добавил(а): ${chat.added_by_name} · ` +
      (chat.active ? "бот в чате" : "бот удалён из чата");
    item.append(title, sub);
    if (chat.active && chat.added_by === state.current) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "linkish";
      remove.textContent = "Удалить бота из чата";
      remove.addEventListener("click", async () => {
        try {
          await api(`/api/chats/${chat.chat_id}/remove`, {});
        } catch (e) {
          toast(e.message, "error");
        }
        refreshGroups();
      });
      item.append(remove);
    }
    list.append(item);
  }
}

async function addGroup(event) {
  event.preventDefault();
  const title = $("group-title").value.trim();
  if (!title || state.current === null) return;
  const button = $("group-add");
  button.disabled = true;
  try {
    await api("/api/chats", {title, user_id: state.current});
    toast(`Бот добавлен в чат «${title}». Если боту нужно уточнить, для чего этот чат, ` +
      "он спросит в личном диалоге.");
    showView("dialog");
    await refreshDialog();
  } catch (e) {
    toast(e.message, "error");
  } finally {
    button.disabled = false;
  }
}

// --- start -----------------------------------------------------------------------------------

async function loadState() {
  for (;;) {
    try {
      const data = await api("/api/state");
      setClock(data.clock.now);
      if (data.ready) {
        state.personas = data.personas;
        drawPersonas();
        return;
      }
      $("clock-now").textContent = "Демо запускается…";
    } catch (e) {
      $("clock-now").textContent = "Нет связи с демо-сервером…";
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function wire() {
  document.querySelectorAll(".clock-btn").forEach((button) => {
    button.addEventListener("click", () => moveClock(Number(button.dataset.days), button));
  });
  $("composer").addEventListener("submit", sendText);
  $("file").addEventListener("change", sendFile);
  $("start-btn").addEventListener("click", startDialog);
  $("tab-dialog").addEventListener("click", () => showView("dialog"));
  $("tab-groups").addEventListener("click", () => showView("groups"));
  $("group-form").addEventListener("submit", addGroup);
  $("add-person").addEventListener("click", addPerson);
  $("back").addEventListener("click", () => document.body.classList.remove("in-chat"));
}

async function main() {
  wire();
  await loadState();
  document.body.classList.add("ready");
  setInterval(drawClock, 10000);
  setInterval(async () => {
    try {
      const data = await api("/api/state");
      setClock(data.clock.now);
    } catch (e) {
      // shown again on the next success
    }
  }, 30000);
  const poll = async () => {
    if (state.view === "dialog" && !document.hidden) await refreshDialog();
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

main();
