/**
 * The counter's case desk (below the window controls): open a case for the citizen being served, tick the
 * materials missing from the matter's 办事指南 and issue the 一次性告知书, issue the 受理回执, capture pages
 * with the document camera (live view, thumbnails, reorder, delete) and merge them into the case-file PDF;
 * every document is kept with the case and can be opened to print or saved. It lives outside the counter's
 * re-rendered body, so queue traffic never takes the clerk's ticks or typing away.
 */
import type { Api } from '../api';
import { takeToken } from '../api';
import { h, inHallZone, mount } from '../dom';
import { getLang, onLang, t, words, type Key } from '../i18n';
import { loadGuide, type Guide } from '../matters';
import { inLang } from '../../../src/core/guide';
import type { CaseView, DocumentView } from '../../../src/core/records';

export interface CurrentTicket {
  id: string;
  number: string;
  service: string;
}

export interface CasePanel {
  readonly el: HTMLElement;
  /** The ticket the window serves now (undefined: none); a new ticket clears the desk. */
  setTicket(t: CurrentTicket | undefined): void;
  setVisible(on: boolean): void;
}

/** GET with the staff token, as bytes (images, PDFs) — an <img>/<a> cannot send the Authorization header. */
async function getBlob(path: string): Promise<Blob> {
  const token = takeToken();
  const res = await fetch(path, { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  }
  return res.blob();
}

async function getJson<T>(path: string): Promise<T> {
  return JSON.parse(await (await getBlob(path)).text()) as T;
}

export function casePanel(api: Api, windowNo: number): CasePanel {
  let guide: Guide | undefined;
  let ticket: CurrentTicket | undefined;
  let current: CaseView | undefined;
  let camera: { configured: boolean; streamUrl?: string } | undefined;
  let busy: string | undefined;
  let message: { text: string; bad: boolean } | undefined;
  const missing = new Set<number>();
  const thumbs = new Map<string, string>();

  const el = h('section.panel.case-desk', { 'data-test': 'case-desk' });
  // Kept across renders so what the clerk types survives.
  const note = h('textarea', { 'data-test': 'notice-note', maxlength: '500', rows: '2' });
  const matterSelect = h('select', { 'data-test': 'case-matter' });

  const L = (x: { zh: string; en: string } | undefined) => inLang(x, getLang());
  const fmtTime = (ms: number) => new Date(ms).toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', inHallZone({ hour: '2-digit', minute: '2-digit' }));

  function say(text: string, bad = false): void {
    message = { text, bad };
  }

  async function act<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (busy) return undefined;
    busy = label;
    message = undefined;
    render();
    try {
      return await fn();
    } catch (err) {
      say(words((err as Error).message), true);
      return undefined;
    } finally {
      busy = undefined;
      render();
    }
  }

  async function post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    const r = await api.post<T>(path, body);
    if (!r.ok) throw new Error(r.error.message);
    return r.body;
  }

  function forgetThumbs(): void {
    for (const url of thumbs.values()) URL.revokeObjectURL(url);
    thumbs.clear();
  }

  async function loadThumbs(c: CaseView): Promise<void> {
    for (const [id, url] of [...thumbs]) {
      if (c.pages.some((p) => p.id === id)) continue;
      URL.revokeObjectURL(url);
      thumbs.delete(id);
    }
    for (const p of c.pages) {
      if (thumbs.has(p.id) || c.purged) continue;
      try {
        thumbs.set(p.id, URL.createObjectURL(await getBlob(`/api/v1/cases/${c.id}/pages/${p.id}`)));
      } catch {
        /* shown without a picture */
      }
    }
    render();
  }

  function show(c: CaseView | undefined): void {
    if (c?.id !== current?.id) {
      missing.clear();
      note.value = '';
      forgetThumbs();
    }
    current = c;
    render();
    if (c) void loadThumbs(c);
  }

  /** The case already opened today at this window for the ticket (a page reload finds it again). */
  async function findCase(): Promise<void> {
    if (!ticket) return show(undefined);
    const wanted = ticket.id;
    try {
      const { cases } = await getJson<{ cases: CaseView[] }>(`/api/v1/cases?window=${windowNo}`);
      if (ticket?.id === wanted) show(cases.find((c) => c.ticket?.id === wanted));
    } catch {
      show(undefined);
    }
  }

  async function openCase(): Promise<void> {
    const matter = matterSelect.value;
    if (!matter) return say(t('caseMatter'), true);
    const c = await act('open', () => post<CaseView>('/api/v1/cases', { window: windowNo, matter, ...(ticket ? { ticket: ticket.id } : {}) }));
    if (c) show(c);
  }

  async function refresh(): Promise<void> {
    if (current) show(await getJson<CaseView>(`/api/v1/cases/${current.id}`));
  }

  async function issue(kind: 'notice' | 'receipt' | 'case-file'): Promise<void> {
    if (!current) return;
    const id = current.id;
    const body = kind === 'notice' ? { missing: [...missing].sort((a, b) => a - b), ...(note.value.trim() ? { note: note.value.trim() } : {}) }
      : kind === 'receipt' ? { received: current.matter.materials.map((m) => m.no).filter((n) => !missing.has(n)) }
      : {};
    const doc = await act(kind, () => post<DocumentView>(`/api/v1/cases/${id}/${kind}`, body));
    if (doc) {
      say(t('docIssued', { n: doc.number }));
      await refresh();
      void openDoc(doc, 'open');
    }
  }

  async function capture(): Promise<void> {
    if (!current) return;
    const id = current.id;
    if (await act('capture', () => post(`/api/v1/cases/${id}/capture`))) await refresh();
  }

  async function move(pageId: string, by: -1 | 1): Promise<void> {
    if (!current) return;
    const ids = current.pages.map((p) => p.id);
    const i = ids.indexOf(pageId);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    const id = current.id;
    const c = await act('order', () => post<CaseView>(`/api/v1/cases/${id}/pages/order`, { pages: ids }));
    if (c) show(c);
  }

  async function removePage(pageId: string): Promise<void> {
    if (!current) return;
    const id = current.id;
    const c = await act('delete', () => post<CaseView>(`/api/v1/cases/${id}/pages/${pageId}/delete`));
    if (c) show(c);
  }

  /** Opens the PDF (the browser's viewer prints it) or saves it under its document number. */
  async function openDoc(d: DocumentView, how: 'open' | 'save'): Promise<void> {
    if (!current) return;
    try {
      const url = URL.createObjectURL(await getBlob(`/api/v1/cases/${current.id}/documents/${d.id}`));
      const a = h('a', { href: url, ...(how === 'save' ? { download: `${t(`doc_${d.kind}` as Key)}-${d.number}.pdf` } : { target: '_blank', rel: 'noopener' }) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      say(words((err as Error).message), true);
      render();
    }
  }

  // ---- rendering ------------------------------------------------------------------------------------------
  function openView(): HTMLElement[] {
    const matters = guide?.matters ?? [];
    const mine = ticket ? matters.filter((m) => m.service === ticket!.service) : [];
    const others = matters.filter((m) => !mine.includes(m));
    const keep = matterSelect.value;
    mount(matterSelect,
      h('option', { value: '' }, `— ${t('caseMatter')} —`),
      mine.length ? h('optgroup', { label: ticket ? t('caseFor', { n: ticket.number }) : '' }, ...mine.map((m) => h('option', { value: m.id }, `${m.id} ${L(m.name)}`))) : null,
      h('optgroup', { label: '—' }, ...others.map((m) => h('option', { value: m.id }, `${m.id} ${L(m.name)}`))),
    );
    matterSelect.value = keep && matters.some((m) => m.id === keep) ? keep : mine[0]?.id ?? '';
    return [
      h('p.muted', null, t('caseNone')),
      h('div.open-row', null, matterSelect, h('button.primary', { type: 'button', 'data-test': 'open-case', disabled: !!busy || matters.length === 0, onclick: () => void openCase() }, t('caseOpen'))),
    ];
  }

  function checklist(c: CaseView): HTMLElement {
    return h('section', { 'data-test': 'checklist' },
      h('h3', null, t('checklist')),
      h('ul.checklist', null, ...c.matter.materials.map((m) => {
        const box = h('input', { type: 'checkbox', 'data-test': `material-${m.no}`, checked: missing.has(m.no), onchange: (ev: Event) => { if ((ev.target as HTMLInputElement).checked) missing.add(m.no); else missing.delete(m.no); render(); } });
        return h('li', null, h('label', null, box,
          h('span', null, `${m.no}. ${L(m.name)}`, m.required ? '' : h('span.muted', null, ` (${t('optional')})`)),
          missing.has(m.no) ? h('span.missing', null, t('missing')) : h('span.form', null, `${L(m.form)}${m.count ? ` ×${m.count}` : ''}`)));
      })),
      h('label', null, t('noteLabel'), note),
      h('div.row-buttons', null,
        h('button', { type: 'button', 'data-test': 'issue-notice', disabled: !!busy || c.purged || (missing.size === 0 && !note.value.trim()), onclick: () => void issue('notice') }, t('issueNotice')),
        h('button.primary', { type: 'button', 'data-test': 'issue-receipt', disabled: !!busy || c.purged, onclick: () => void issue('receipt') }, t('issueReceipt')),
      ),
    );
  }

  function cameraSection(c: CaseView): HTMLElement {
    const pages = c.pages;
    return h('section', { 'data-test': 'camera' },
      h('h3', null, t('camera'), ' · ', String(pages.length)),
      camera?.configured
        ? h('div', null,
            camera.streamUrl ? h('img.camera-live', { src: camera.streamUrl, alt: t('camera'), 'data-test': 'camera-live' }) : null,
            h('div.row-buttons', null,
              h('button.primary', { type: 'button', 'data-test': 'capture', disabled: !!busy || c.purged, onclick: () => void capture() }, busy === 'capture' ? t('capturing') : t('capture')),
              h('button', { type: 'button', 'data-test': 'merge', disabled: !!busy || pages.length === 0 || c.purged, onclick: () => void issue('case-file') }, t('mergeFile')),
            ))
        : h('p.muted', null, t('noCamera')),
      pages.length === 0 ? h('p.muted', null, t('noPages')) : h('div.thumbs', { 'data-test': 'thumbs' }, ...pages.map((p, i) =>
        h('div.thumb', { 'data-page': p.id, 'data-no': String(p.no) },
          thumbs.has(p.id) ? h('img', { src: thumbs.get(p.id)!, alt: t('pageN', { n: p.no }) }) : h('div.muted', null, '…'),
          h('span.thumb-no', null, t('pageN', { n: p.no })),
          h('div.thumb-actions', null,
            h('button', { type: 'button', title: t('moveLeft'), 'data-test': 'page-left', disabled: !!busy || i === 0, onclick: () => void move(p.id, -1) }, '◀'),
            h('button', { type: 'button', title: t('moveRight'), 'data-test': 'page-right', disabled: !!busy || i === pages.length - 1, onclick: () => void move(p.id, 1) }, '▶'),
            h('button', { type: 'button', 'data-test': 'page-delete', disabled: !!busy, onclick: () => void removePage(p.id) }, t('del')),
          )))),
    );
  }

  function documentsSection(c: CaseView): HTMLElement {
    return h('section', { 'data-test': 'documents' },
      h('h3', null, t('documents')),
      c.documents.length === 0 ? h('p.muted', null, t('noDocuments')) : h('ul.docs', null, ...[...c.documents].reverse().map((d) =>
        h('li', { 'data-doc': d.number, 'data-kind': d.kind },
          h('span.doc-no', null, d.number), h('span', null, t(`doc_${d.kind}` as Key)), h('span.muted', null, fmtTime(d.createdAt)),
          d.available
            ? h('span.row-buttons', null,
                h('button.small', { type: 'button', 'data-test': 'doc-open', onclick: () => void openDoc(d, 'open') }, t('openPrint')),
                h('button.small', { type: 'button', 'data-test': 'doc-save', onclick: () => void openDoc(d, 'save') }, t('save')))
            : h('span.muted', null, t('purged'))))),
    );
  }

  function render(): void {
    const c = current;
    mount(el,
      h('div.case-head', null,
        h('h2', null, t('caseDesk')),
        c ? h('span.case-no', { 'data-test': 'case-no' }, c.caseNo) : null,
        c ? h('span', null, `${c.matter.id} ${getLang() === 'zh' ? c.matter.name : c.matter.nameEn || c.matter.name}`) : null,
        c ? h('span.tag', { 'data-test': 'case-status' }, t(`caseStatus_${c.status}` as Key)) : null,
        c && c.ticket ? h('span.muted', null, t('caseFor', { n: c.ticket.number })) : null,
        c ? h('button.small', { type: 'button', 'data-test': 'new-case', disabled: !!busy, onclick: () => show(undefined) }, t('caseNew')) : null,
      ),
      message ? h('div', { class: message.bad ? 'msg bad' : 'msg ok', role: message.bad ? 'alert' : 'status', 'data-test': 'case-message' }, message.text) : null,
      c ? h('div.case-cols', null, checklist(c), h('div', { style: 'display:flex;flex-direction:column;gap:16px;min-width:0' }, cameraSection(c), documentsSection(c))) : openView(),
    );
  }

  onLang(render);
  void loadGuide(api).then((g) => { guide = g; render(); }, () => say(t('noGuides'), true));
  void getJson<{ configured: boolean; streamUrl?: string }>(`/api/v1/camera?window=${windowNo}`).then((c) => { camera = c; render(); }, () => { camera = { configured: false }; render(); });
  render();

  return {
    el,
    setTicket(next) {
      if (next?.id === ticket?.id) return;
      ticket = next;
      message = undefined;
      if (!next) return show(undefined);
      current = undefined;
      render();
      void findCase();
    },
    setVisible(on) {
      el.hidden = !on;
    },
  };
}
