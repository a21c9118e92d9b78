/**
 * Words of the accountability screens (issue 11: staff login and presence, 差评工单, the export, notices), Chinese
 * first, English on the switch — kept apart from i18n.ts so these screens grow without touching the shared table.
 */
import { getLang } from './i18n';

const S = {
  // counter login and attendance
  loginTitle: ['请刷卡登录本窗口', 'Swipe your card to open this window'],
  loginCardHint: ['在本窗口读卡器上刷本人工作证或身份证（工作证也可在扫码器上扫码）', 'Use your own staff card or ID card at this window\'s reader (or scan the staff card)'],
  orPassword: ['或输入工号和密码', 'or your staff ID and password'],
  password: ['密码', 'Password'],
  verifying: ['正在核验…', 'Checking…'],
  clockTitle: ['考勤打卡', 'Attendance'],
  clockIn: ['签到', 'Clock in'],
  clockOut: ['签退', 'Clock out'],
  clockHint: ['选择签到或签退后，刷本人卡或输入密码：只能为自己打卡', 'Choose, then swipe your own card or enter your password: you can only clock yourself'],
  clockWaiting: ['请刷卡或输入密码完成{a}', 'Swipe your card or enter your password to {a}'],
  clockedIn: ['{name} {time} 签到成功', '{name} clocked in at {time}'],
  clockedOut: ['{name} {time} 签退成功', '{name} clocked out at {time}'],
  cancelClock: ['取消打卡', 'Cancel'],
  welcomeClerk: ['{name}，欢迎登录 {w} 号窗口', 'Welcome, {name}: window {w} is open'],
  coverFor: ['代 {name} 岗', 'standing in for {name}'],
  demoHint: ['演示：工号 1001–1032，密码 hall + 工号（如 hall1001）；或在演示控制台向本窗口“出示”工作证', 'Demo: staff IDs 1001–1032, password hall + id (e.g. hall1001); or present a staff card in the demo console'],
  idleSoon: ['长时间无操作将自动退出（{n} 分钟）', 'Signs out by itself after {n} minutes without activity'],
  // counter confirmations
  skipped: ['{n} 已过号，可重新排队', '{n} skipped: it may rejoin the queue'],
  abandoned: ['{n} 已过号作废', '{n} skipped for good'],
  transferredTo: ['{n} 已转至 {to}，保留原排队位置', '{n} transferred to {to}, keeping its place'],
  finished: ['{n} 已办结，请群众评价', '{n} finished: the citizen may now rate'],
  rejoin: ['重新排队', 'Rejoin'],
  rejoined: ['{n} 已重新排队', '{n} is back in the queue'],
  toWindow: ['{w} 号窗口', 'window {w}'],
  // presence
  presence: ['人员在岗', 'Staff presence'],
  p_off: ['未签到', 'Not in'],
  'p_on-duty': ['在岗', 'On duty'],
  p_away: ['暂离', 'Away'],
  p_leave: ['休假', 'On leave'],
  p_out: ['外出', 'Out'],
  staffCol: ['人员', 'Staff'],
  windowCol: ['窗口', 'Window'],
  homeCol: ['本岗窗口', 'Home window'],
  statusCol: ['状态', 'Status'],
  clockCol: ['签到 / 签退', 'In / out'],
  noteCol: ['说明', 'Note'],
  setPresence: ['设置', 'Set'],
  coveredBy: ['由 {name} 代岗（{w} 号窗口）', '{name} stands in (window {w})'],
  locked: ['密码已锁定至 {t}', 'password locked until {t}'],
  disabled: ['已停用', 'disabled'],
  noDirectory: ['未配置人员名录：任何工号都能登录。请用 halledge staff import 导入。', 'No staff directory: any staff ID opens a window. Import one with halledge staff import.'],
  onDutyCount: ['在岗 {n} 人', '{n} on duty'],
  // 好差评 admin
  ratingsTab: ['好差评', 'Ratings'],
  staffTab: ['人员', 'Staff'],
  cases: ['差评工单', 'Bad-review cases'],
  noCases: ['暂无待处理的差评工单', 'No open bad-review cases'],
  overdue: ['已超期', 'Overdue'],
  dueReply: ['回复', 'reply'],
  dueRectify: ['整改', 'rectify'],
  dueCallback: ['回访', 'call back'],
  due: ['期限', 'Due'],
  ticketCol: ['号码', 'Ticket'],
  levelCol: ['评价', 'Rating'],
  reasonCol: ['原因', 'Reasons'],
  clerkCol: ['经办人', 'Clerk'],
  caseStatus: ['状态', 'Status'],
  handler: ['经办人工号', 'Handler staff ID'],
  note: ['说明', 'Note'],
  act_review: ['预审', 'Review'],
  act_rectify: ['登记整改', 'Rectified'],
  act_reply: ['回复', 'Reply'],
  act_callback: ['回访', 'Call back'],
  act_appeal: ['申诉', 'Appeal'],
  act_decide: ['复核', 'Decide appeal'],
  act_close: ['办结', 'Close'],
  factual: ['属实', 'Factual'],
  reasonable: ['合理', 'Reasonable'],
  upheld: ['申诉成立', 'Appeal upheld'],
  malicious: ['恶意差评', 'Malicious'],
  mistaken: ['误评', 'Mistaken'],
  flagged: ['已标记：{k}（不计入评价率）', 'Flagged: {k} (left out of the rates)'],
  's_pending-review': ['待预审', 'To review'],
  s_rectifying: ['整改中', 'Rectifying'],
  s_replied: ['已回复', 'Replied'],
  's_called-back': ['已回访', 'Called back'],
  s_appeal: ['申诉复核中', 'Under appeal'],
  s_closed: ['已办结', 'Closed'],
  history: ['处理记录', 'History'],
  export: ['上报省平台', 'Platform export'],
  exportAdapter: ['接口：{a}', 'Adapter: {a}'],
  pending: ['待上报', 'Pending'],
  sent: ['已上报', 'Sent'],
  rejected: ['被退回', 'Refused'],
  resend: ['重新上报', 'Send again'],
  metrics: ['评价指标', 'Rating figures'],
  by_window: ['按窗口', 'By window'],
  by_staff: ['按人员', 'By clerk'],
  by_service: ['按业务', 'By service'],
  by_day: ['按日', 'By day'],
  goodRate: ['好评率', 'Good'],
  badRate: ['差评率', 'Bad'],
  unratedRate: ['未评率', 'Not rated'],
  replyRate: ['差评回复率', 'Replied'],
  rectifyRate: ['整改率', 'Rectified'],
  servedCol: ['办结', 'Served'],
  ratedCol: ['评价', 'Rated'],
  notices: ['短信提醒', 'Citizen notices'],
  // kiosk phone
  phoneTitle: ['留手机号，叫号前短信提醒（可不填）', 'Leave a mobile number for a text before your turn (optional)'],
  phoneOffer: ['留手机号，快到时短信提醒', 'Text me before my turn'],
  phoneDelete: ['删除一位', 'Delete a digit'],
  phoneSave: ['确认', 'Save'],
  phoneSaved: ['已登记 {p}，将在快到您时和叫号时发短信提醒', 'Saved {p}: we will text you when your turn nears and when you are called'],
  phoneBad: ['请输入11位手机号码', 'Please enter an 11-digit mobile number'],
  phoneClear: ['清除', 'Clear'],
  phonePrivacy: ['号码仅用于本次叫号提醒，当日结束后删除', 'Used only for today\'s notices and deleted after the day'],
  // window display
  homeStaff: ['本窗口人员', 'This window\'s staff'],
  goElsewhere: ['本窗口暂停服务，请到其他窗口办理', 'This window is closed: please go to another window'],
} as const satisfies Record<string, readonly [string, string]>;

export type StaffKey = keyof typeof S;

export function ts(key: StaffKey, vars: Record<string, string | number> = {}): string {
  const s: string = S[key][getLang() === 'zh' ? 0 : 1];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function presenceWord(p: string): string {
  const k = `p_${p}` as StaffKey;
  return Object.hasOwn(S, k) ? ts(k) : p;
}
