/**
 * The kiosk's shared shape (issue 15): what a screen module gets (`Kiosk`) and what it gives back (`ScreenView`).
 * A screen never builds buttons of its own: it lists its options, and the frame (frame.ts) lays them out in the
 * reach zone, pages them, speaks them in the spoken mode and steps through them with the keypad. So every option
 * of every screen — the ones other modules add included — is reachable, large, spoken and steppable.
 *
 * Hook points for other kiosk modules (screens/kiosk/index.ts `KIOSK_MODULES`):
 *   screens   — new pages by id (`k.go({screen: 'my-page'})`),
 *   homeTiles — more tiles on the first page (after 取号, 预约签到, 办事指南),
 *   issueBody — fields added to `POST /api/v1/tickets` (a phone number, …),
 *   beforeIssue — a page to show between choosing a service and issuing (ask for a phone number, …),
 *   onMessage — stream messages (device events for a module's own device),
 *   top       — elements above the page in the information zone (a mode banner), made once,
 *   shown / blocked — whether a service is listed now, and why a listed one cannot be taken (in words),
 *   adjust    — a page as built, changed by the module (a tile's line, where an option leads).
 */
import type { Api } from '../../api';
import type { Child } from '../../dom';
import type { Part } from '../../speech/parts';
import type { Bilingual } from '../../../../src/core/guide';
import type { Guide, Matter } from '../../matters';
import type { CardInfo, CheckedIn, DeviceStatus, HelpRequestView, IssuedTicket, KioskSettings, QueueSnapshot, ServiceView, StreamMessage } from '../../types';

export type ScreenId = 'home' | 'services' | 'swipe' | 'issuing' | 'ticket' | 'refused' | 'checkin' | 'guide' | 'matter' | 'help' | (string & {});

export interface Session {
  screen: ScreenId;
  /** Page of the screen's options (0-based). */
  page: number;
  tab: 'category' | 'scene';
  /** The scene chosen (by its Chinese name) under 我要办 or in the 办事指南. */
  scene?: string;
  service?: string;
  card?: { session: string; info: CardInfo };
  ticket?: IssuedTicket;
  /** Set when the ticket came from an appointment check-in. */
  checkedIn?: CheckedIn['appointment'];
  qrSvg?: string;
  error?: { code: string; message: string; existing?: string };
  matter?: string;
  /** Page of a 办事指南's text (0-based). */
  textPage?: number;
  /** The 办事指南 slip being printed for the shown matter, or how that went. */
  guidePrint?: 'printing' | { ok: boolean; message?: string };
  /** Where the help page goes back to. */
  helpFrom?: Session;
  /** Screen modules keep their own fields here (cleared with the session, C9). */
  extra?: Record<string, unknown>;
}

/** One thing a citizen can do on a page: a large button in the reach zone, spoken and steppable. */
export interface Option {
  /** Stable within the page (the spoken focus follows it across re-renders). */
  key: string;
  /** What the button shows. */
  body: Child;
  /** What spoken guidance says for it. */
  say: Part[];
  run(): void;
  disabled?: boolean;
  /** Extra classes (primary, …) and attributes (data-test, data-service …). */
  cls?: string;
  attrs?: Record<string, unknown>;
}

export type Layout = 'big' | 'grid' | 'list' | 'wide';

export interface ScreenView {
  /** The page's heading (upper part, information only). */
  title: string;
  /** What spoken guidance says as the page opens (default: nothing but the options). */
  say: Part[];
  sub?: Child;
  /** More information in the upper part (the ticket, the matter's facts). */
  info?: Child[];
  /** Information inside the reach zone, above the options (a QR code, a guide's text). */
  content?: Child[];
  /** Options above the paged ones, on every page (the tabs). */
  lead?: Option[];
  options: Option[];
  layout: Layout;
  /** Options per page (default: all on one). */
  pageSize?: number;
  /** Where the bar's 返回 goes; absent on the first page. */
  back?: () => void;
  /** A key identifying what the page shows beyond the screen id (a scene, a matter): spoken again when it changes. */
  key?: string;
  /** Called once the page is in the document (a guide's text measures its pages). */
  mounted?: () => void;
}

export interface Kiosk {
  readonly api: Api;
  readonly terminal: string;
  readonly settings: KioskSettings;
  /** The session (cleared after each citizen and when idle, C9). */
  s: Session;
  view: QueueSnapshot | null;
  devices: DeviceStatus[];
  guide: Guide;
  /** This terminal's 帮办 calls (open first). */
  calls: HelpRequestView[];
  elderly: boolean;
  spoken: boolean;
  /** This kiosk's link to the hall server is up (the stream's `sync` messages; true until told otherwise). */
  hallLinked: boolean;
  go(patch: Partial<Session>): void;
  reset(): void;
  render(): void;
  /** Text in the language on screen (办事指南 fields). */
  L(x: Bilingual | undefined): string;
  svc(id: string | undefined): ServiceView | undefined;
  canOffer(svc: ServiceView): boolean;
  /** Whether a service is listed now (every module agrees; after hours only the unattended ones). */
  shown(svc: ServiceView): boolean;
  /** Why a listed service cannot be taken now, in words, when a module says so (undefined: it can). */
  blocked(svc: ServiceView): string | undefined;
  /** No ID card reader for the screen at this kiosk at all (none configured, or only the room door's). */
  readerAbsent(): boolean;
  printerDown(): boolean;
  readerDown(): boolean;
  /** "打印机缺纸" — the device's own words. */
  faultWords(kind: 'printer' | 'idcard'): string;
  chooseService(svc: ServiceView): void;
  issue(serviceId: string): Promise<void>;
  checkIn(by: { card: string } | { code: string }): Promise<void>;
  printGuide(m: Matter): Promise<void>;
  /** 请工作人员协助: raise (or show) this terminal's call. */
  callHelp(): Promise<void>;
  cancelHelp(): Promise<void>;
  /** This terminal's open call, if any. */
  myCall(): HelpRequestView | undefined;
}

export interface KioskModule {
  screens?: Record<string, (k: Kiosk) => ScreenView>;
  homeTiles?: (k: Kiosk) => Option[];
  issueBody?: (k: Kiosk) => Record<string, unknown>;
  /** A page to show after a service is chosen and before the number is issued (return its id), or nothing. */
  beforeIssue?: (k: Kiosk, svc: ServiceView) => ScreenId | undefined;
  onMessage?: (k: Kiosk, msg: StreamMessage) => void;
  top?: (k: Kiosk) => HTMLElement[];
  shown?: (k: Kiosk, svc: ServiceView) => boolean;
  blocked?: (k: Kiosk, svc: ServiceView) => string | undefined;
  adjust?: (k: Kiosk, v: ScreenView) => ScreenView;
}
