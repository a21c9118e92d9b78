/** One app, routes per role (ARCHITECTURE §5): /kiosk, /counter/:w, /evaluator/:w, /display/hall, /display/window/:w, /admin, /follow/:id. */
import { Api, takeToken } from './api';
import { h, mount } from './dom';
import { setLang } from './i18n';
import { kioskScreen } from './screens/kiosk';
import { counterScreen } from './screens/counter';
import { evaluatorScreen } from './screens/evaluator';
import { hallDisplay, windowDisplay } from './screens/display';
import { adminScreen } from './screens/admin';
import { followScreen } from './screens/follow';
import type { NodeInfo } from './types';

function route(): void {
  const root = document.getElementById('app')!;
  const params = new URLSearchParams(location.search);
  if (params.get('lang') === 'en') setLang('en');
  const api = new Api(takeToken());
  const p = location.pathname.replace(/\/+$/, '') || '/';
  let m: RegExpExecArray | null;
  document.body.className = '';
  if (p === '/kiosk') {
    const terminal = params.get('terminal');
    if (terminal) return kioskScreen(root, api, terminal);
    // Opened on a terminal's own node (its browser, a technician's): the kiosk of this node, with its reader
    // and printer — not the demo's first kiosk.
    void api.get<NodeInfo>('/api/v1/health').then((info) => info.dev, () => 'kiosk-1').then((dev) => kioskScreen(root, api, dev));
    return;
  }
  if ((m = /^\/counter\/(\d+)$/.exec(p))) return counterScreen(root, api, Number(m[1]));
  if ((m = /^\/evaluator\/(\d+)$/.exec(p))) return evaluatorScreen(root, api, Number(m[1]));
  if (p === '/display/hall') return hallDisplay(root, api);
  if ((m = /^\/display\/window\/(\d+)$/.exec(p))) return windowDisplay(root, api, Number(m[1]));
  if (p === '/admin') return adminScreen(root, api);
  if ((m = /^\/follow\/([\w-]+)$/.exec(p))) return followScreen(root, api, m[1]!);
  document.body.className = 'index';
  mount(
    root,
    h('main.index', null,
      h('h1', null, 'HallEdge'),
      h('ul', null,
        ...[['/kiosk', '自助取号机 Kiosk'], ['/counter/1', '窗口工作台 Counter 1'], ['/evaluator/1', '评价器 Evaluator 1'], ['/display/hall', '大厅综合屏 Hall display'], ['/display/window/1', '窗口屏 Window display 1'], ['/admin', '大厅管理 Admin']].map(([href, label]) =>
          h('li', null, h('a', { href: href! }, label!)),
        ),
      ),
    ),
  );
}

route();
