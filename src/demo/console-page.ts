/** The demo console's one page: the screens of every node, the links, the hall server, the emulated devices. */
import { createHash } from 'node:crypto';

const CARDS: Array<[string, string]> = [
  ['jia', '测试甲 (1950 年生，绿色通道 / priority)'],
  ['ding', '测试丁 (今日有预约；也是工作人员 1004 的身份证 / has a booking; also clerk 1004\'s ID card)'],
  ['foreigner', 'TEST ALPHA (外国人永久居留证)'],
  ['hkmotw', '测试港 (港澳台居住证)'],
];

const KEYS: Array<[string, string]> = [
  ['VERY_SATISFIED', '非常满意'],
  ['SATISFIED', '满意'],
  ['BASIC', '基本满意'],
  ['DISSATISFIED', '不满意'],
  ['VERY_DISSATISFIED', '非常不满意'],
];

/** The demo staff cards of config/staff-demo.csv (fictitious): HE-<id>-<4 hex of sha256("demo card <id>")>. */
export const DEMO_STAFF_CARDS: Array<[string, string]> = [['1001', '王晓明'], ['1002', '李丽华'], ['1003', '张建国'], ['1004', '刘婷婷'], ['2001', '周主任']].map(([id, name]) => [
  `HE-${id}-${createHash('sha256').update(`demo card ${id}`).digest('hex').slice(0, 4).toUpperCase()}`,
  `${name} ${id}`,
]) as Array<[string, string]>;

export function consolePage(token: string): string {
  const staffCards = DEMO_STAFF_CARDS.map(([code, label]) => `<option value="${code}">${label} · ${code}</option>`).join('');
  const cards = CARDS.map(([k, label]) => `<option value="${k}">${label}</option>`).join('');
  const keys = KEYS.map(([k, label]) => `<option value="${k}">${label}</option>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>HallEdge 演示控制台 / demo console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.45 "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif; margin: 0; background: #f3f5f8; color: #14213d; }
  header { background: #0b1f3a; color: #fff; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; color: #c8d3e6; }
  main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(360px, 1.2fr); gap: 18px; padding: 18px 24px; }
  section { background: #fff; border-radius: 10px; padding: 14px 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h2 { font-size: 16px; margin: 0 0 10px; }
  table { width: 100%; border-collapse: collapse; }
  td, th { text-align: left; padding: 6px 6px; border-bottom: 1px solid #e6eaf0; vertical-align: middle; }
  th { font-weight: 600; color: #4a5568; font-size: 13px; }
  a { color: #0b5cad; }
  button, select { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #9fb0c8; background: #fff; cursor: pointer; min-height: 34px; }
  button.cut { border-color: #b42318; color: #b42318; }
  button.heal { border-color: #067647; color: #067647; }
  .up { color: #067647; font-weight: 600; } .down { color: #b42318; font-weight: 600; }
  .muted { color: #667085; font-size: 13px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
  #msg { min-height: 1.4em; color: #0b5cad; }
</style></head>
<body>
<header><h1>HallEdge 演示控制台 · Demo console</h1>
<p>每个终端都是独立节点（自有数据库、本地接口、MQTT 凭据），经链路代理连接大厅服务器。Every terminal is its own node, linked to the hall server through a proxy you can cut.</p></header>
<main>
<section><h2>屏幕 Screens</h2><table id="screens"><tbody></tbody></table></section>
<section>
  <h2>大厅服务器 Hall server</h2>
  <div class="row"><span id="hall">…</span><button id="hall-stop" class="cut">停止 Stop</button><button id="hall-start" class="heal">启动 Start</button></div>
  <h2 style="margin-top:16px">终端与链路 Terminals and links</h2>
  <table id="terminals"><thead><tr><th>终端 Terminal</th><th>链路 Link</th><th>未确认 Backlog</th><th></th></tr></thead><tbody></tbody></table>
  <h2 style="margin-top:16px">模拟设备 Emulated devices</h2>
  <div class="row"><select id="card-terminal"></select><select id="card">${cards}</select><button id="present">刷身份证 Present card</button><button id="remove">拿走 Remove</button></div>
  <div class="row"><select id="scan-terminal"></select><select id="staff-card">${staffCards}</select><button id="scan-staff">扫工作证 Scan staff card</button></div>
  <div class="row"><select id="printer-terminal"></select><button id="paper-out">打印机缺纸 Paper out</button><button id="paper-clear">恢复 Clear</button></div>
  <div class="row"><select id="key-terminal"></select><select id="key">${keys}</select><button id="press">按评价键 Press rating key</button></div>
  <div class="row"><span>24小时自助区 Room:</span><button data-room="exit">出门按钮 Exit button</button><button data-room="push">推门 Push door</button><button data-room="close">关门 Close door</button><button data-room="force">撬门 Force door</button></div>
  <div class="row"><span>寄取柜 Locker:</span><input id="locker-no" value="1" size="3" aria-label="locker"><button data-locker="close">关柜门 Close</button><button data-locker="open">打开柜门 Open</button><button data-locker="stuck">卡锁 Stuck</button></div>
  <p id="msg" role="status"></p>
</section>
</main>
<script>
const TOKEN = ${JSON.stringify(token)};
const $ = (id) => document.getElementById(id);
async function call(path, body) {
  const r = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: 'Bearer ' + TOKEN, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error((j.error && j.error.message) || ('HTTP ' + r.status));
  return j;
}
function say(t) { $('msg').textContent = t; }
function fill(sel, items) { const v = sel.value; sel.innerHTML = items.map((i) => '<option>' + i + '</option>').join(''); if (items.includes(v)) sel.value = v; }
function render(s) {
  $('screens').tBodies[0].innerHTML = s.screens.map((x) => '<tr><td>' + x.name + '</td><td class="muted">' + x.node + '</td><td><a target="_blank" href="' + x.url + '">打开 Open</a></td></tr>').join('');
  $('hall').innerHTML = s.hall.running ? '<span class="up">运行中 running</span> <span class="muted">' + s.hall.url + '</span>' : '<span class="down">已停止 stopped</span>';
  $('terminals').tBodies[0].innerHTML = s.terminals.map((t) => {
    const sy = t.sync || {};
    const link = t.link === 'cut' ? '<span class="down">已断开 cut</span>' : sy.connected && sy.hallOnline ? '<span class="up">在线 online</span>' : '<span class="down">连接中 connecting</span>';
    const btn = t.link === 'cut' ? '<button class="heal" data-heal="' + t.id + '">恢复 Heal</button>' : '<button class="cut" data-cut="' + t.id + '">断开 Cut</button>';
    return '<tr><td>' + t.id + (t.window ? ' <span class="muted">(' + t.window + '号窗口)</span>' : '') + '</td><td>' + link + '</td><td>' + (sy.backlog ?? '—') + '</td><td>' + btn + '</td></tr>';
  }).join('');
  // A reader per option: "kiosk-1/idcard", "room-1/door-in" (the room's door) …
  fill($('card-terminal'), s.terminals.flatMap((t) => (t.readers || []).map((r) => t.id + '/' + r)));
  fill($('scan-terminal'), s.terminals.filter((t) => t.role === 'counter' && t.devices.includes('scanner')).map((t) => t.id));
  fill($('printer-terminal'), s.terminals.filter((t) => t.devices.includes('printer')).map((t) => t.id));
  fill($('key-terminal'), s.terminals.filter((t) => t.devices.includes('evaluator')).map((t) => t.id));
}
async function refresh() { try { render(await call('/api/v1/demo/state')); } catch (e) { say(String(e.message || e)); } }
document.addEventListener('click', async (ev) => {
  const b = ev.target.closest('button'); if (!b) return;
  try {
    if (b.dataset.cut) render(await call('/api/v1/demo/links/' + b.dataset.cut + '/cut', {}));
    else if (b.dataset.heal) render(await call('/api/v1/demo/links/' + b.dataset.heal + '/heal', {}));
    else if (b.id === 'hall-stop') { say('正在停止大厅服务器… stopping the hall server'); render(await call('/api/v1/demo/hall/stop', {})); say('大厅服务器已停止：终端继续离线工作 / hall server stopped: terminals keep working'); }
    else if (b.id === 'hall-start') { render(await call('/api/v1/demo/hall/start', {})); say('大厅服务器已启动，终端正在补传 / hall server started: terminals catch up'); }
    else if (b.id === 'present') say(await call('/api/v1/demo/devices/' + $('card-terminal').value + '/present', { card: $('card').value }).then((r) => r.reply));
    else if (b.id === 'remove') say(await call('/api/v1/demo/devices/' + $('card-terminal').value + '/remove', {}).then((r) => r.reply));
    else if (b.id === 'scan-staff') say(await call('/api/v1/demo/devices/' + $('scan-terminal').value + '/scanner/scan', { code: $('staff-card').value }).then((r) => r.reply));
    else if (b.dataset.room) say(await call('/api/v1/demo/devices/room-1/relay/' + b.dataset.room, {}).then((r) => r.reply));
    else if (b.dataset.locker) say(await call('/api/v1/demo/devices/room-1/locker/' + b.dataset.locker, { text: '1 ' + $('locker-no').value }).then((r) => r.reply));
    else if (b.id === 'paper-out') say(await call('/api/v1/demo/devices/' + $('printer-terminal').value + '/printer/fault', { fault: 'paper-out' }).then((r) => r.reply));
    else if (b.id === 'paper-clear') say(await call('/api/v1/demo/devices/' + $('printer-terminal').value + '/printer/clear', {}).then((r) => r.reply));
    else if (b.id === 'press') say(await call('/api/v1/demo/devices/' + $('key-terminal').value + '/evaluator/press', { key: $('key').value }).then((r) => r.reply));
  } catch (e) { say(String(e.message || e)); }
});
refresh(); setInterval(refresh, 1000);
</script></body></html>`;
}
