/** Chinese first, English on a switch. Strings with {name} placeholders; API messages "中文 / English" are split. */
export type Lang = 'zh' | 'en';

let lang: Lang = 'zh';
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}
export function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  for (const f of listeners) f();
}
export function onLang(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

const S = {
  hallClosed: ['暂未开放', 'Not open'],
  langSwitch: ['English', '中文'],
  elderly: ['长者模式', 'Large text'],
  elderlyOff: ['标准模式', 'Standard'],
  takeNumber: ['取号', 'Take a number'],
  takeNumberSub: ['选择要办的事项，取号排队', 'Choose your matter and queue'],
  checkIn: ['预约签到', 'Appointment check-in'],
  checkInSub: ['扫预约码或刷身份证', 'Scan the booking QR or swipe your ID'],
  guide: ['办事指南', 'Service guide'],
  guideSub: ['需要什么材料、多久办好', 'What to bring, how long it takes'],
  byCategory: ['按部门分类', 'By department'],
  byScene: ['我要办…', 'I want to…'],
  ahead: ['前方 {n} 人', '{n} ahead'],
  waitMin: ['约 {n} 分钟', '≈ {n} min'],
  noWait: ['无需等候', 'No wait'],
  needsId: ['需刷身份证', 'ID card needed'],
  noWindowOpen: ['窗口暂未开放', 'No window open yet'],
  back: ['返回', 'Back'],
  home: ['首页', 'Home'],
  swipeTitle: ['请刷身份证', 'Please place your ID card'],
  swipeHint: ['将身份证放在下方读卡区，不要移动', 'Place your ID card on the reader below and hold still'],
  swipeFor: ['办理：{s}', 'For: {s}'],
  reading: ['正在取号…', 'Taking your number…'],
  cardRead: ['已读取：{name}', 'Card read: {name}'],
  greenChannel: ['绿色通道', 'Priority (green channel)'],
  yourNumber: ['您的号码', 'Your number'],
  aheadLong: ['前方等待 {n} 人', '{n} people ahead of you'],
  estWait: ['预计等候约 {n} 分钟', 'Estimated wait about {n} minutes'],
  estWaitUnknown: ['暂无窗口办理此业务，等候时间待定', 'No window is serving this yet: the wait is not known'],
  followQr: ['手机扫码查看叫号进度', 'Scan to follow the queue on your phone'],
  takeTicket: ['请取走号票，留意叫号', 'Please take your ticket and listen for your number'],
  printFailed: ['号票未能打印：{why}。请记下号码或用手机扫码，号码有效。', 'The ticket could not be printed: {why}. Note your number or scan the code; the number is valid.'],
  done: ['完成', 'Done'],
  refused: ['未能取号', 'No ticket issued'],
  alreadyHave: ['您已有 {n} 号正在等候本业务，请留意叫号，无需重复取号。', 'You already have number {n} waiting for this service; no need to take another.'],
  tryAgain: ['重新选择', 'Choose again'],
  askDesk: ['如需帮助，请到咨询导办台', 'For help, please go to the information desk'],
  printerDown: ['{why}，请到咨询台取号', '{why}. Please take a number at the information desk'],
  printer: ['打印机', 'Printer: '],
  reader: ['身份证阅读器', 'ID card reader: '],
  readerDown: ['{why}，需要刷证的业务请到咨询台取号', '{why}. For services needing an ID card, please go to the information desk'],
  unavailable: ['暂不可用', 'Unavailable'],
  checkInTitle: ['预约签到', 'Appointment check-in'],
  checkInHow: ['请刷身份证，或将预约二维码对准扫码口', 'Swipe your ID card, or hold the booking QR code to the scanner'],
  checkInRule: ['预约时段开始前可提前签到，签到后优先叫号；超过签到时间将按现场号排队。', 'You may check in a little before your slot and are then called with priority; after the check-in time you queue as a walk-in.'],
  checkInScanArt: ['预约码', 'Booking QR'],
  checkingIn: ['正在签到…', 'Checking in…'],
  checkInRefused: ['暂时不能签到', 'Cannot check in'],
  appointmentPriority: ['预约优先', 'Appointment priority'],
  appointmentSlot: ['预约时段 {s}', 'Booked slot {s}'],
  lateWalkIn: ['已按现场号排队', 'Queued as a walk-in'],
  takeInstead: ['改为现场取号', 'Take a number instead'],
  searchGuide: ['输入事项名称搜索，如：护照', 'Search a matter, e.g. passport'],
  conditions: ['办理条件', 'Conditions'],
  materials: ['申请材料', 'Documents to bring'],
  timeLimit: ['办理时限', 'Time limit'],
  legalLimit: ['法定时限', 'Statutory limit'],
  promisedLimit: ['承诺时限', 'Promised'],
  fees: ['收费', 'Fees'],
  visits: ['最多跑 {n} 次', 'At most {n} visits'],
  visitsZero: ['可零跑动（网上办）', 'Can be done fully online'],
  online: ['网上办理', 'Online'],
  instant: ['即办件', 'Done on the spot'],
  department: ['办理部门', 'Department'],
  takeForThis: ['为此事项取号', 'Take a number for this'],
  required: ['必需', 'required'],
  optional: ['视情况', 'if applicable'],
  sampleData: ['示例数据，以本地公布的办事指南为准', 'Sample data; the local published guide prevails'],
  idleWarn: ['无人操作，{n} 秒后返回首页', 'No activity: back to start in {n} s'],
  offline: ['与大厅服务器的连接中断，正在重连…', 'Lost connection to the hall server, reconnecting…'],
  noToken: ['此屏幕缺少访问令牌，请由工作人员在终端上打开', 'This screen has no access token; staff must open it on the terminal'],
  // counter
  counterTitle: ['{w} 号窗口', 'Window {w}'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  staffId: ['工号', 'Staff ID'],
  loginHint: ['请输入工号登录本窗口（演示：1001–1032）', 'Enter your staff ID to open this window (demo: 1001–1032)'],
  current: ['当前办理', 'Now serving'],
  none: ['无', 'None'],
  waitingList: ['本窗口待叫号', 'Waiting for this window'],
  callNext: ['叫号', 'Call next'],
  recall: ['重呼', 'Recall'],
  callSpecific: ['指定叫号', 'Call number'],
  start: ['开始办理', 'Start'],
  skip: ['过号', 'Skip'],
  transfer: ['转移', 'Transfer'],
  pause: ['暂停服务', 'Pause'],
  resume: ['恢复服务', 'Resume'],
  finish: ['办结', 'Finish'],
  callThis: ['叫此号', 'Call'],
  statusOpen: ['服务中', 'Open'],
  statusPaused: ['暂停服务', 'Paused'],
  statusClosed: ['未开放', 'Closed'],
  called: ['已叫号 {n} 次', 'Called {n}×'],
  serving: ['办理中', 'Serving'],
  evalState: ['评价器', 'Evaluator'],
  evalWaiting: ['等待群众评价 {n}', 'Waiting for the citizen to rate {n}'],
  evalIdle: ['空闲', 'Idle'],
  evalDevice: ['设备：{s}', 'Device: {s}'],
  pauseReason: ['暂停原因', 'Reason'],
  reasons: ['临时休息|业务培训|系统故障|处理复杂件|其他', 'Short break|Training|System fault|Complex case|Other'],
  transferTo: ['转到业务', 'To service'],
  transferWindow: ['或转到窗口', 'or to window'],
  confirm: ['确定', 'OK'],
  cancel: ['取消', 'Cancel'],
  ticketNo: ['号码，如 A001', 'Number, e.g. A001'],
  cardAtCounter: ['身份证：{name} {id}，{age} 岁', 'ID card: {name} {id}, age {age}'],
  scanAtCounter: ['扫码：{code}', 'Scanned: {code}'],
  inputs: ['本次办理的读卡与扫码', 'Card and scans for this service'],
  noInputs: ['刷身份证或扫码后显示在这里', 'Card swipes and scans appear here'],
  shortcutsHint: ['快捷键：按钮上的字母；输入框内不生效', 'Shortcuts: the letter on each button (not while typing)'],
  emptyQueue: ['暂无等候', 'Nobody waiting'],
  appt: ['预约', 'Booked'],
  transferred: ['转入', 'Transferred'],
  green: ['绿色通道', 'Priority'],
  reservedHere: ['本窗口预留', 'Held for you'],
  reservedThere: ['{w}号窗口预留', 'Held by window {w}'],
  notRecorded: ['大厅未记录以下操作', 'The hall did not record these actions'],
  notRecordedHint: ['离线期间的操作在联网后由大厅核对；下列操作被拒绝，原因如下', 'What you did offline was checked by the hall after the link came back; these were refused, for the reasons given'],
  noticeItem: ['{n} {a}', '{n} {a}'],
  gotIt: ['知道了', 'Got it'],
  // evaluator
  welcome: ['您好，很高兴为您服务', 'Hello, glad to serve you'],
  staffNo: ['工号 {n}', 'Staff no. {n}'],
  rateAsk: ['请您对本次服务作出评价', 'Please rate this service'],
  rateFor: ['号码 {n}', 'Ticket {n}'],
  badAsk: ['请告诉我们哪里做得不好（至少选一项或填写意见）', 'Please tell us what went wrong (pick at least one, or write)'],
  badReasons: ['服务态度|办事效率|业务水平|告知不清楚|材料要求|等候时间长', 'Attitude|Efficiency|Competence|Unclear information|Document demands|Long wait'],
  otherText: ['其他意见（可不填）', 'Other comments (optional)'],
  submit: ['提交评价', 'Submit'],
  thanks: ['感谢您的评价！', 'Thank you for your rating!'],
  thanksSub: ['您的意见将帮助我们改进服务', 'Your feedback helps us improve'],
  windowClosed: ['本窗口暂停服务', 'This window is not serving now'],
  rateFailed: ['评价未能提交：{why}', 'The rating could not be submitted: {why}'],
  // displays
  nowCalling: ['正在叫号', 'Now calling'],
  recent: ['最近叫号', 'Recent calls'],
  waitingPerService: ['各业务等候', 'Waiting by service'],
  windowsTitle: ['窗口状态', 'Windows'],
  pleaseGo: ['请 {n} 号到 {w} 号窗口办理', 'Number {n}, please go to window {w}'],
  persons: ['{n} 人', '{n}'],
  idleWin: ['空闲', 'Free'],
  enableSound: ['点击此处开启语音播报', 'Click here to enable voice calls'],
  waitingHere: ['本窗口等候 {n} 人', '{n} waiting for this window'],
  noCallsYet: ['暂无叫号', 'No calls yet'],
  // admin
  admin: ['大厅管理', 'Hall administration'],
  overview: ['实时概况', 'Live overview'],
  config: ['配置', 'Configuration'],
  figures: ['今日数据', "Today's figures"],
  issued: ['今日取号', 'Issued'],
  waiting: ['等候中', 'Waiting'],
  served: ['已办结', 'Served'],
  abandoned: ['过号/放弃', 'Abandoned'],
  openWindows: ['开放窗口', 'Open windows'],
  devices: ['设备', 'Devices'],
  terminals: ['终端在线', 'Terminals online'],
  noDevices: ['尚无设备上报', 'No devices reported yet'],
  service: ['业务', 'Service'],
  window: ['窗口', 'Window'],
  status: ['状态', 'Status'],
  staff: ['工作人员', 'Staff'],
  prefix: ['号段', 'Prefix'],
  category: ['分类', 'Category'],
  scenes: ['场景', 'Scenes'],
  kind: ['类型', 'Kind'],
  device: ['设备', 'Device'],
  terminal: ['终端', 'Terminal'],
  reason: ['说明', 'Detail'],
  node: ['节点', 'Node'],
  version: ['版本', 'Version'],
  day: ['营业日', 'Business day'],
  servedRate: ['办结率', 'Completion'],
  avgWait: ['平均预计等候', 'Mean estimated wait'],
  avgWaitReal: ['平均等候', 'Mean wait'],
  p90Wait: ['90%等候不超过', '90% waited at most'],
  avgService: ['平均办理时长', 'Mean service time'],
  rated: ['评价数', 'Ratings'],
  satisfiedRate: ['满意率', 'Satisfied'],
  unratedRate: ['未评率', 'Not rated'],
  byService: ['各业务今日数据', 'Today by service'],
  issuedCol: ['取号', 'Issued'],
  servedCol: ['办结', 'Served'],
  abandonedCol: ['过号/放弃', 'Missed'],
  // follow
  followTitle: ['叫号进度', 'Queue progress'],
  followCalled: ['已叫到您的号，请到 {w} 号窗口', 'Your number was called: go to window {w}'],
  followDone: ['已办结，感谢您的耐心等候', 'Finished: thank you for waiting'],
  followSuspended: ['已过号，请到咨询台办理过号重排', 'Missed: ask at the help desk to rejoin the queue'],
  followClosed: ['号票已失效', 'This ticket is no longer valid'],
  followMissing: ['查不到这张号票（号票只在当天有效）', 'This ticket was not found (tickets are valid on their day only)'],
  followWaiting: ['请留意大厅叫号，本页自动更新', 'Listen for your number; this page updates itself'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof S;

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const s: string = S[key][lang === 'zh' ? 0 : 1];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
export function tList(key: Key): string[] {
  return t(key).split('|');
}
/** Both languages, for values stored (reasons sent to the API are in Chinese). */
export function zh(key: Key): string[] {
  return S[key][0].split('|');
}

/** API errors and device reasons come as "中文 / English" or {zh, en}. */
export function words(msg: string | { zh: string; en: string } | undefined): string {
  if (!msg) return '';
  if (typeof msg !== 'string') return lang === 'zh' ? msg.zh : msg.en;
  const i = msg.indexOf(' / ');
  if (i < 0) return msg;
  return lang === 'zh' ? msg.slice(0, i) : msg.slice(i + 3);
}

export function serviceName(s: { name: string; nameEn: string } | undefined): string {
  if (!s) return '';
  return lang === 'zh' ? s.name : s.nameEn;
}
